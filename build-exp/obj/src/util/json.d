build-exp/obj/src/util/json.o: src/util/json.c include/tmpld/util.h
include/tmpld/util.h:
