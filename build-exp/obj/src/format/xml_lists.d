build-exp/obj/src/format/xml_lists.o: src/format/xml_lists.c \
 include/tmpld/format.h
include/tmpld/format.h:
