build-exp/obj/src/storage/store_usrgrp.o: src/storage/store_usrgrp.c \
 include/tmpld/store.h include/tmpld/model.h include/tmpld/util.h
include/tmpld/store.h:
include/tmpld/model.h:
include/tmpld/util.h:
