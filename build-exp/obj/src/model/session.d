build-exp/obj/src/model/session.o: src/model/session.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
