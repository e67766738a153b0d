build-exp/obj/src/storage/store_valuemap.o: src/storage/store_valuemap.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
