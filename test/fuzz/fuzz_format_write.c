/* fuzz_format_write.c: libFuzzer target for the writers: a json source (read by the json
 * reader) written in every format and flag; json reads back unchanged, and yaml reads back
 * whenever every string is text libyaml accepts. */
#include "format_common.h"

/* Only characters libyaml reads: not the C0 controls but tab and LF, not DEL, not the C1
 * controls but NEL, not U+FFFE or U+FFFF. Symfony writes C1 controls as they are, a "|" block
 * any control, and a number with leading CR (PHP's is_numeric() skips it) in single quotes
 * with the CR as it is; such trees may not read back. */
static bool
fuzz_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f && p[1] != 0x85)
			return false;
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			return false;
	}
	return true;
}

static bool
fuzz_tree_printable(const cJSON *v)
{
	/* libyaml keeps to YAML's limit of 1024 characters for a key (Symfony has none) */
	if (v->string != NULL && (!fuzz_printable(v->string) || strlen(v->string) > 1000))
		return false;
	if (cJSON_IsString(v) && !fuzz_printable(v->valuestring))
		return false;
	for (const cJSON *c = v->child; c != NULL; c = c->next)
		if (!fuzz_tree_printable(c))
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *tree = fuzz_read(FORMAT_JSON, (const char *)data, size, NULL), *back;
	char *yaml, *xml, *cause = NULL;
	size_t ylen, xlen;
	bool bad_name;

	if (tree == NULL)
		return 0;
	fuzz_write_all(tree, &yaml, &ylen, &xml, &xlen, &bad_name);
	if (yaml == NULL)
		fuzz_fail("yaml: a tree read from json does not write as yaml", NULL);
	if ((cJSON_IsObject(tree) || cJSON_IsArray(tree)) && tree->child != NULL &&
	    fuzz_tree_printable(tree)) {
		back = fuzz_read(FORMAT_YAML, yaml, ylen, &cause);
		/* Symfony types some plain keys (".inf: x") that its dumper leaves plain */
		if (back == NULL && strncmp(cause, "Numeric keys", 12) != 0 &&
		    strncmp(cause, "Non-string keys", 15) != 0)
			fuzz_fail("yaml: written text does not read back", cause);
		cJSON_Delete(back);
		free(cause);
	}
	free(yaml);
	free(xml);
	cJSON_Delete(tree);
	return 0;
}
