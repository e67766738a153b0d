build-exp/obj/src/util/metrics.o: src/util/metrics.c \
 include/tmpld/metrics.h include/tmpld/util.h
include/tmpld/metrics.h:
include/tmpld/util.h:
