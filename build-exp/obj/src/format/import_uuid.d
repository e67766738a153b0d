build-exp/obj/src/format/import_uuid.o: src/format/import_uuid.c \
 src/format/import.h include/tmpld/format.h
src/format/import.h:
include/tmpld/format.h:
