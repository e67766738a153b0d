build-exp/obj/src/util/natcmp.o: src/util/natcmp.c include/tmpld/util.h
include/tmpld/util.h:
