build-exp/obj/src/methods/import.o: src/methods/import.c \
 src/methods/import_impl.h include/tmpld/domain.h include/tmpld/error.h \
 include/tmpld/util.h include/tmpld/model.h include/tmpld/store.h \
 include/tmpld/methods.h include/tmpld/rpc.h include/tmpld/validate.h
src/methods/import_impl.h:
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/methods.h:
include/tmpld/rpc.h:
include/tmpld/validate.h:
