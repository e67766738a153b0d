/* json.c: cJSON allocates through the project's allocators, so a constructor never returns
 * NULL for want of memory (xmalloc aborts instead): no result can be silently dropped. */
#include <cjson/cJSON.h>

#include <stdlib.h>

#include "tmpld/util.h"

void
util_json_hooks(void)
{
	cJSON_Hooks hooks = { .malloc_fn = xmalloc, .free_fn = free };

	cJSON_InitHooks(&hooks);
}
