build-exp/obj/src/storage/store_proctemplate.o: \
 src/storage/store_proctemplate.c include/tmpld/proctemplate.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/store.h
include/tmpld/proctemplate.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
