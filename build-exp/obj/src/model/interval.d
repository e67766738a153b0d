build-exp/obj/src/model/interval.o: src/model/interval.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
