build-exp/obj/src/util/jsonw.o: src/util/jsonw.c include/tmpld/util.h
include/tmpld/util.h:
