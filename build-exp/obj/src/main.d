build-exp/obj/src/main.o: src/main.c src/cli_store.h \
 include/tmpld/compat.h include/tmpld/dispatch.h include/tmpld/rpc.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/methods.h include/tmpld/domain.h include/tmpld/store.h \
 include/tmpld/validate.h include/tmpld/metrics.h \
 include/tmpld/transport.h
src/cli_store.h:
include/tmpld/compat.h:
include/tmpld/dispatch.h:
include/tmpld/rpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/methods.h:
include/tmpld/domain.h:
include/tmpld/store.h:
include/tmpld/validate.h:
include/tmpld/metrics.h:
include/tmpld/transport.h:
