build-exp/obj/src/model/lld.o: src/model/lld.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
