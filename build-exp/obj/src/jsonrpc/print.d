build-exp/obj/src/jsonrpc/print.o: src/jsonrpc/print.c \
 include/tmpld/jsonrpc.h include/tmpld/error.h include/tmpld/util.h
include/tmpld/jsonrpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
