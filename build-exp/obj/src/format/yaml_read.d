build-exp/obj/src/format/yaml_read.o: src/format/yaml_read.c \
 src/format/internal.h include/tmpld/util.h
src/format/internal.h:
include/tmpld/util.h:
