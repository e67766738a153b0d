build-exp/obj/src/model/macro.o: src/model/macro.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
