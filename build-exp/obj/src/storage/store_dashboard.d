build-exp/obj/src/storage/store_dashboard.o: \
 src/storage/store_dashboard.c include/tmpld/store.h \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
