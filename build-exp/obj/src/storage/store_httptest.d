build-exp/obj/src/storage/store_httptest.o: src/storage/store_httptest.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
