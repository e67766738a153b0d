build-exp/obj/src/domain/import_compare.o: src/domain/import_compare.c \
 include/tmpld/domain.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/store.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
