build-exp/obj/src/model/svcinstance.o: src/model/svcinstance.c \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/proctemplate.h \
 include/tmpld/model.h include/tmpld/svcinstance.h
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/proctemplate.h:
include/tmpld/model.h:
include/tmpld/svcinstance.h:
