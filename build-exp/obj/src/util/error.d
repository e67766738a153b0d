build-exp/obj/src/util/error.o: src/util/error.c include/tmpld/error.h \
 include/tmpld/util.h
include/tmpld/error.h:
include/tmpld/util.h:
