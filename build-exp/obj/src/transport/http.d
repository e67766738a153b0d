build-exp/obj/src/transport/http.o: src/transport/http.c \
 include/tmpld/compat.h include/tmpld/dispatch.h include/tmpld/rpc.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/metrics.h include/tmpld/store.h include/tmpld/transport.h
include/tmpld/compat.h:
include/tmpld/dispatch.h:
include/tmpld/rpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/metrics.h:
include/tmpld/store.h:
include/tmpld/transport.h:
