build-exp/obj/src/model/calcformula.o: src/model/calcformula.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
