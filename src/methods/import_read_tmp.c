/* import_read_tmp.c: TEMPORARY json-only stand-in for format_import_read until wp-impread lands (deleted at that merge). */
#include <stdlib.h>

#include "import_impl.h"
#include "tmpld/format.h"
#include "tmpld/util.h"


int
format_import_read(enum format_kind kind, const char *src, size_t len, cJSON **doc,
    char **cause)
{
	cJSON *tree = NULL, *ze;

	*doc = NULL;
	if (format_read(kind, src, len, &tree, cause) != FORMAT_OK)
		return FORMAT_EREAD;
	ze = cJSON_DetachItemFromObjectCaseSensitive(tree, "zabbix_export");
	cJSON_Delete(tree);
	if (!cJSON_IsObject(ze)) {
		cJSON_Delete(ze);
		*cause = xstrdup("Invalid tag \"/\": the tag \"zabbix_export\" is missing.");
		return FORMAT_EREAD;
	}
	*doc = ze;
	return FORMAT_OK;
}
