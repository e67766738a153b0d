build-exp/obj/src/methods/host_get.o: src/methods/host_get.c \
 include/tmpld/methods.h include/tmpld/domain.h include/tmpld/error.h \
 include/tmpld/util.h include/tmpld/model.h include/tmpld/store.h \
 include/tmpld/rpc.h include/tmpld/validate.h
include/tmpld/methods.h:
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/rpc.h:
include/tmpld/validate.h:
