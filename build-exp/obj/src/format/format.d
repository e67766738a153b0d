build-exp/obj/src/format/format.o: src/format/format.c \
 src/format/internal.h include/tmpld/util.h include/tmpld/format.h
src/format/internal.h:
include/tmpld/util.h:
include/tmpld/format.h:
