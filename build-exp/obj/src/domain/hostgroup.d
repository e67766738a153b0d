build-exp/obj/src/domain/hostgroup.o: src/domain/hostgroup.c \
 include/tmpld/domain.h include/tmpld/error.h include/tmpld/util.h \
 include/tmpld/model.h include/tmpld/store.h
include/tmpld/domain.h:
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/model.h:
include/tmpld/store.h:
