build-exp/obj/src/format/import_schema_tab.o: \
 src/format/import_schema_tab.c src/format/import.h \
 include/tmpld/format.h
src/format/import.h:
include/tmpld/format.h:
