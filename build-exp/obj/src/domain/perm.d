build-exp/obj/src/domain/perm.o: src/domain/perm.c include/tmpld/domain.h \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/model.h \
 include/tmpld/store.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
