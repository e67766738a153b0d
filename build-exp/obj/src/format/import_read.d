build-exp/obj/src/format/import_read.o: src/format/import_read.c \
 src/format/import.h include/tmpld/format.h src/format/internal.h \
 include/tmpld/util.h
src/format/import.h:
include/tmpld/format.h:
src/format/internal.h:
include/tmpld/util.h:
