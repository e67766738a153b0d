build-exp/obj/src/util/sdnotify.o: src/util/sdnotify.c \
 include/tmpld/util.h
include/tmpld/util.h:
