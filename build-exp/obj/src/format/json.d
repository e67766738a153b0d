build-exp/obj/src/format/json.o: src/format/json.c src/format/internal.h \
 include/tmpld/util.h
src/format/internal.h:
include/tmpld/util.h:
