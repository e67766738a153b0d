build-exp/obj/src/storage/store_hostproto.o: \
 src/storage/store_hostproto.c include/tmpld/store.h \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
