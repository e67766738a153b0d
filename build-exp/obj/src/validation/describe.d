build-exp/obj/src/validation/describe.o: src/validation/describe.c \
 include/tmpld/util.h include/tmpld/validate.h include/tmpld/error.h
include/tmpld/util.h:
include/tmpld/validate.h:
include/tmpld/error.h:
