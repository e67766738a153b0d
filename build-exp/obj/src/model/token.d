build-exp/obj/src/model/token.o: src/model/token.c include/tmpld/model.h \
 include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
