build-exp/obj/src/cli_store.o: src/cli_store.c src/cli_store.h \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
src/cli_store.h:
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
