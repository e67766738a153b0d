/* print.c: a reply's tree written as compact JSON text in one pass into one growing buffer,
 * byte for byte what cJSON_PrintUnformatted writes, with a kept NUL (C0 80) as "\u0000"
 * (util/jsonw.c does the writing). */
#include <stdlib.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/util.h"

#define PRINT_FIRST	1024	/* the buffer's first size; it doubles as needed */

char *
jsonrpc_print(const cJSON *doc, size_t *len)
{
	struct jsonw w;

	jsonw_init(&w, PRINT_FIRST);
	if (!jsonw_value(&w, doc)) {
		log_error("jsonrpc: cannot print a reply");
		abort();
	}
	return jsonw_take(&w, len);
}
