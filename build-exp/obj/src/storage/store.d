build-exp/obj/src/storage/store.o: src/storage/store.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
