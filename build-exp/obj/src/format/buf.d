build-exp/obj/src/format/buf.o: src/format/buf.c src/format/internal.h \
 include/tmpld/util.h
src/format/internal.h:
include/tmpld/util.h:
