build-exp/obj/src/model/trigger_expr.o: src/model/trigger_expr.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
