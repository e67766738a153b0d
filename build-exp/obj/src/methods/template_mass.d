build-exp/obj/src/methods/template_mass.o: src/methods/template_mass.c \
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
