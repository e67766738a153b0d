build-exp/obj/src/storage/store_svcinst.o: src/storage/store_svcinst.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
