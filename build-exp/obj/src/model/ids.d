build-exp/obj/src/model/ids.o: src/model/ids.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
