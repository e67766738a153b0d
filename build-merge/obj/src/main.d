build-merge/obj/src/main.o: src/main.c include/tmpld/compat.h \
 include/tmpld/dispatch.h include/tmpld/rpc.h include/tmpld/error.h \
 include/tmpld/util.h include/tmpld/model.h include/tmpld/store.h \
 include/tmpld/transport.h
include/tmpld/compat.h:
include/tmpld/dispatch.h:
include/tmpld/rpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/transport.h:
