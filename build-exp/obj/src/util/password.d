build-exp/obj/src/util/password.o: src/util/password.c \
 include/tmpld/util.h
include/tmpld/util.h:
