build-exp/obj/src/domain/trigger_deps.o: src/domain/trigger_deps.c \
 include/tmpld/domain.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/store.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
