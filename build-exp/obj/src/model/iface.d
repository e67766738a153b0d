build-exp/obj/src/model/iface.o: src/model/iface.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
