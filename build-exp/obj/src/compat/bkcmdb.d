build-exp/obj/src/compat/bkcmdb.o: src/compat/bkcmdb.c \
 include/tmpld/compat.h include/tmpld/dispatch.h include/tmpld/rpc.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/jsonrpc.h include/tmpld/methods.h include/tmpld/domain.h \
 include/tmpld/store.h include/tmpld/validate.h \
 include/tmpld/proctemplate.h
include/tmpld/compat.h:
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
include/tmpld/proctemplate.h:
