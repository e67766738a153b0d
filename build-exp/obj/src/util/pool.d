build-exp/obj/src/util/pool.o: src/util/pool.c include/tmpld/util.h
include/tmpld/util.h:
