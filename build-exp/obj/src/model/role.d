build-exp/obj/src/model/role.o: src/model/role.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
