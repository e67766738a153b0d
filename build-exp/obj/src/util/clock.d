build-exp/obj/src/util/clock.o: src/util/clock.c include/tmpld/util.h
include/tmpld/util.h:
