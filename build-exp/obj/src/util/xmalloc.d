build-exp/obj/src/util/xmalloc.o: src/util/xmalloc.c include/tmpld/util.h
include/tmpld/util.h:
