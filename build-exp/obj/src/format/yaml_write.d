build-exp/obj/src/format/yaml_write.o: src/format/yaml_write.c \
 src/format/internal.h include/tmpld/util.h
src/format/internal.h:
include/tmpld/util.h:
