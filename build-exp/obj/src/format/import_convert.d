build-exp/obj/src/format/import_convert.o: src/format/import_convert.c \
 src/format/import.h include/tmpld/format.h src/format/internal.h \
 include/tmpld/util.h
src/format/import.h:
include/tmpld/format.h:
src/format/internal.h:
include/tmpld/util.h:
