build-exp/obj/src/model/tag.o: src/model/tag.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
