build-exp/obj/src/storage/store_doc.o: src/storage/store_doc.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
