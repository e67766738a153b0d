build-exp/obj/src/rpc/call.o: src/rpc/call.c include/tmpld/rpc.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/store.h
include/tmpld/rpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
