build-exp/obj/src/model/host.o: src/model/host.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
