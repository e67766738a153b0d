build-exp/obj/src/model/valuemap.o: src/model/valuemap.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
