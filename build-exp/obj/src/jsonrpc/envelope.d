build-exp/obj/src/jsonrpc/envelope.o: src/jsonrpc/envelope.c \
 include/tmpld/jsonrpc.h include/tmpld/error.h include/tmpld/util.h
include/tmpld/jsonrpc.h:
include/tmpld/error.h:
include/tmpld/util.h:
