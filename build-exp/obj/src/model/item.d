build-exp/obj/src/model/item.o: src/model/item.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
