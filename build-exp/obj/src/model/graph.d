build-exp/obj/src/model/graph.o: src/model/graph.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
