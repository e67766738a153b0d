build-exp/obj/src/methods/configuration_import.o: \
 src/methods/configuration_import.c src/methods/import_impl.h \
 include/tmpld/domain.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/store.h include/tmpld/methods.h \
 include/tmpld/rpc.h include/tmpld/validate.h include/tmpld/format.h
src/methods/import_impl.h:
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/methods.h:
include/tmpld/rpc.h:
include/tmpld/validate.h:
include/tmpld/format.h:
