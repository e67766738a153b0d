build-exp/obj/src/util/text.o: src/util/text.c include/tmpld/util.h
include/tmpld/util.h:
