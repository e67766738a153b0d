build-exp/obj/src/model/user.o: src/model/user.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
