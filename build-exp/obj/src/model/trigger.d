build-exp/obj/src/model/trigger.o: src/model/trigger.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
