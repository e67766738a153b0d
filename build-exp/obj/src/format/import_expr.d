build-exp/obj/src/format/import_expr.o: src/format/import_expr.c \
 src/format/import.h include/tmpld/format.h src/format/internal.h \
 include/tmpld/util.h
src/format/import.h:
include/tmpld/format.h:
src/format/internal.h:
include/tmpld/util.h:
