/* import_read.c: format_import_read, the front half of configuration.import: read, check the
 * envelope and the version's schema, convert old versions step by step to 6.0, normalise. */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "internal.h"

/* CXmlValidator's envelope: {"zabbix_export": {"version": "..."}} and nothing else at the top. */
static int
iread_envelope(const cJSON *tree, cJSON **export, char **cause)
{
	const cJSON *version;
	int i = 0;

	if (!cJSON_IsObject(tree) && !cJSON_IsArray(tree)) {
		fmt_set_cause(cause, "Invalid tag \"/\": an array is expected.");
		return -1;
	}
	for (const cJSON *c = tree->child; c != NULL; c = c->next, i++) {
		if (!cJSON_IsObject(tree)) {
			fmt_set_cause(cause, "Invalid tag \"/\": unexpected tag \"%d\".", i);
			return -1;
		}
		if (strcmp(c->string, "zabbix_export") != 0) {
			fmt_set_cause(cause, "Invalid tag \"/\": unexpected tag \"%s\".", c->string);
			return -1;
		}
	}
	*export = cJSON_GetObjectItemCaseSensitive(tree, "zabbix_export");
	if (*export == NULL) {
		fmt_set_cause(cause, "Invalid tag \"/\": the tag \"zabbix_export\" is missing.");
		return -1;
	}
	if (cJSON_IsString(*export) && (*export)->valuestring[0] == '\0') {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export\": the tag \"version\" is missing.");
		return -1;
	}
	if (!cJSON_IsObject(*export) && !cJSON_IsArray(*export)) {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export\": an array is expected.");
		return -1;
	}
	version = cJSON_IsObject(*export) ?
	    cJSON_GetObjectItemCaseSensitive(*export, "version") : NULL;
	if (version == NULL) {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export\": the tag \"version\" is missing.");
		return -1;
	}
	if (!cJSON_IsString(version)) {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export/version\": a character string is "
		    "expected.");
		return -1;
	}
	return 0;
}

/* Checks, converts and normalises the content of zabbix_export. */
static int
iread_export(enum format_kind kind, cJSON *export, char **cause)
{
	const char *version = cJSON_GetObjectItemCaseSensitive(export, "version")->valuestring;
	static const char *const old[] = { "1.0", "2.0", "3.0", "3.2", "3.4", "4.0", "4.2" };

	for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
		if (strcmp(version, old[i]) == 0) {
			fmt_set_cause(cause, "Cannot convert a version %s source: tmpld converts "
			    "versions 4.4 and later.", version);
			return -1;
		}
	if (isch_find(version) == NULL) {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export/version\": unsupported version "
		    "number.");
		return -1;
	}
	/* the screens of versions up to 5.2 are dropped before the check, as in Zabbix */
	if (strcmp(version, "4.4") == 0 || strcmp(version, "5.0") == 0 ||
	    strcmp(version, "5.2") == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(export, "screens");
	if (isch_validate(version, export, kind, true, cause) != 0)
		return -1;
	while (strcmp(cJSON_GetObjectItemCaseSensitive(export, "version")->valuestring, "6.0")
	    != 0) {
		if (iconv_step(export, cause) != 0)
			return -1;
		version = cJSON_GetObjectItemCaseSensitive(export, "version")->valuestring;
		if (isch_validate(version, export, kind, false, cause) != 0)
			return -1;
	}
	isch_normalise(export);
	return 0;
}

int
format_import_read(enum format_kind kind, const char *src, size_t len, cJSON **doc, char **cause)
{
	cJSON *tree, *export;

	*doc = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (format_read(kind, src, len, &tree, cause) != FORMAT_OK)
		return FORMAT_EREAD;
	if (iread_envelope(tree, &export, cause) != 0 || iread_export(kind, export, cause) != 0) {
		cJSON_Delete(tree);
		return FORMAT_EREAD;
	}
	*doc = cJSON_DetachItemViaPointer(tree, export);
	cJSON_Delete(tree);
	if (!((*doc)->type & cJSON_StringIsConst))
		free((*doc)->string);
	(*doc)->string = NULL;
	return FORMAT_OK;
}
