build-exp/obj/src/util/log.o: src/util/log.c include/tmpld/util.h
include/tmpld/util.h:
