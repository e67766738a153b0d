build-exp/obj/src/model/group.o: src/model/group.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
