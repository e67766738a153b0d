/* fuzz_import_read.c: libFuzzer target for format_import_read (first byte: the format): its
 * contract (a 6.0 tree of objects, arrays and strings, or one cause), the writers' contracts on
 * that tree, and that it reads back unchanged when exported again as a 6.0 json source. */
#include "format_common.h"

static void
fuzz_import_contract(int rc, const cJSON *doc, const char *cause)
{
	if (rc == FORMAT_OK && (doc == NULL || cause != NULL))
		fuzz_fail("import: success without a tree or with a cause", cause);
	if (rc != FORMAT_OK && (rc != FORMAT_EREAD || doc != NULL || cause == NULL ||
	    cause[0] == '\0'))
		fuzz_fail("import: failure with a tree or without a cause", cause);
}

/* Every leaf is a string; every container an object or an array. */
static bool
fuzz_only_strings(const cJSON *v)
{
	if (cJSON_IsString(v))
		return true;
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return false;
	for (const cJSON *c = v->child; c != NULL; c = c->next)
		if (!fuzz_only_strings(c))
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum format_kind kind;
	cJSON *doc = NULL, *again = NULL, *wrap;
	char *cause = NULL, *text, *yaml, *xml;
	size_t len, ylen, xlen;
	bool bad_name;
	int rc;

	if (size == 0)
		return 0;
	kind = (enum format_kind)(data[0] % 3);
	rc = format_import_read(kind, (const char *)data + 1, size - 1, &doc, &cause);
	fuzz_import_contract(rc, doc, cause);
	if (rc != FORMAT_OK) {
		free(cause);
		return 0;
	}
	if (!cJSON_IsObject(doc) || !fuzz_only_strings(doc))
		fuzz_fail("import: the tree is not an object of strings and lists", NULL);
	if (strcmp(cJSON_GetObjectItemCaseSensitive(doc, "version")->valuestring, "6.0") != 0)
		fuzz_fail("import: the tree is not 6.0", NULL);
	/* the writers keep their contracts on it */
	fuzz_write_all(doc, &yaml, &ylen, &xml, &xlen, &bad_name);
	free(yaml);
	free(xml);
	wrap = cJSON_CreateObject();
	cJSON_AddItemReferenceToObject(wrap, "zabbix_export", doc);
	text = fuzz_write(FORMAT_JSON, wrap, 0, &len);
	cJSON_Delete(wrap);
	if (text != NULL) {
		rc = format_import_read(FORMAT_JSON, text, len, &again, &cause);
		fuzz_import_contract(rc, again, cause);
		if (rc != FORMAT_OK)
			fuzz_fail("import: a tree it gave does not read again", cause);
		if (!fuzz_tree_equal(doc, again))
			fuzz_fail("import: a tree it gave reads again differently", text);
		cJSON_Delete(again);
		free(text);
	}
	cJSON_Delete(doc);
	return 0;
}
