build-exp/obj/src/storage/store_backup.o: src/storage/store_backup.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
