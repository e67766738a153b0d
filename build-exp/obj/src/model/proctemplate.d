build-exp/obj/src/model/proctemplate.o: src/model/proctemplate.c \
 include/tmpld/error.h include/tmpld/util.h include/tmpld/proctemplate.h \
 include/tmpld/model.h
include/tmpld/error.h:
include/tmpld/util.h:
include/tmpld/proctemplate.h:
include/tmpld/model.h:
