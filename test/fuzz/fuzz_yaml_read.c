/* fuzz_yaml_read.c: libFuzzer target for the yaml import reader: its contract and error
 * texts, and the trees it gives written in every format (json read back unchanged). */
#include "format_common.h"

/* Every refusal is one of Zabbix's or Symfony's texts. */
static void
fuzz_check_cause(const char *cause)
{
	static const char *const known[] = {
		"Cannot read YAML: File is empty.", "Cannot read YAML: Invalid YAML file contents.",
		"The YAML value does not appear to be valid UTF-8.", "Unable to parse at line ",
		"Duplicate key \"", "Reference \"", "Tags support is not enabled. ",
		"The string \"!!", "Multiple documents are not supported at line ",
		"Numeric keys are not supported. ", "Non-string keys are not supported. ",
		"The normalized base64 encoded data ", "The base64 encoded data (",
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strncmp(cause, known[i], strlen(known[i])) == 0)
			return;
	fuzz_fail("yaml: unknown error text", cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cause = NULL, *yaml, *xml;
	cJSON *tree = fuzz_read(FORMAT_YAML, (const char *)data, size, &cause);
	size_t ylen, xlen;
	bool bad_name;

	if (tree == NULL) {
		fuzz_check_cause(cause);
		free(cause);
		return 0;
	}
	if (!cJSON_IsObject(tree) && !cJSON_IsArray(tree))
		fuzz_fail("yaml: the tree is neither an object nor an array", NULL);
	fuzz_write_all(tree, &yaml, &ylen, &xml, &xlen, &bad_name);
	if (yaml == NULL)
		fuzz_fail("yaml: a tree read from yaml does not write as yaml", NULL);
	free(yaml);
	free(xml);
	cJSON_Delete(tree);
	return 0;
}
