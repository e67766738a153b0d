build-exp/obj/src/domain/export_trigger.o: src/domain/export_trigger.c \
 include/tmpld/domain.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/store.h src/domain/export_impl.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
src/domain/export_impl.h:
