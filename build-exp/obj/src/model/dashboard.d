build-exp/obj/src/model/dashboard.o: src/model/dashboard.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
