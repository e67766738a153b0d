build-exp/obj/src/model/preproc.o: src/model/preproc.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
