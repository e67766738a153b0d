build-exp/obj/src/storage/store_trigger.o: src/storage/store_trigger.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
