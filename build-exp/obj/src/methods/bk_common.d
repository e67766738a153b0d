build-exp/obj/src/methods/bk_common.o: src/methods/bk_common.c \
 src/methods/bk_impl.h include/tmpld/methods.h include/tmpld/domain.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/store.h include/tmpld/rpc.h include/tmpld/validate.h \
 include/tmpld/proctemplate.h include/tmpld/svcinstance.h
src/methods/bk_impl.h:
include/tmpld/methods.h:
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/rpc.h:
include/tmpld/validate.h:
include/tmpld/proctemplate.h:
include/tmpld/svcinstance.h:
