build-exp/obj/src/model/httptest.o: src/model/httptest.c \
 include/tmpld/model.h include/tmpld/util.h
include/tmpld/model.h:
include/tmpld/util.h:
