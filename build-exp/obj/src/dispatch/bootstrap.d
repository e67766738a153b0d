build-exp/obj/src/dispatch/bootstrap.o: src/dispatch/bootstrap.c \
 src/dispatch/dispatch_impl.h include/tmpld/dispatch.h \
 include/tmpld/rpc.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/jsonrpc.h include/tmpld/methods.h \
 include/tmpld/domain.h include/tmpld/store.h include/tmpld/validate.h
src/dispatch/dispatch_impl.h:
include/tmpld/dispatch.h:
include/tmpld/rpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/jsonrpc.h:
include/tmpld/methods.h:
include/tmpld/domain.h:
include/tmpld/store.h:
include/tmpld/validate.h:
