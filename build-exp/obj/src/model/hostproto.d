build-exp/obj/src/model/hostproto.o: src/model/hostproto.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
