build-exp/obj/src/model/codec.o: src/model/codec.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
