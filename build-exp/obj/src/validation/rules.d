build-exp/obj/src/validation/rules.o: src/validation/rules.c \
 include/tmpld/util.h include/tmpld/validate.h include/tmpld/error.h
include/tmpld/util.h:
include/tmpld/validate.h:
include/tmpld/error.h:
