build-exp/obj/src/methods/configuration_importcompare.o: \
 src/methods/configuration_importcompare.c include/tmpld/domain.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/store.h include/tmpld/format.h include/tmpld/methods.h \
 include/tmpld/rpc.h include/tmpld/validate.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
include/tmpld/format.h:
include/tmpld/methods.h:
include/tmpld/rpc.h:
include/tmpld/validate.h:
