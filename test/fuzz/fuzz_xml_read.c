/* fuzz_xml_read.c: libFuzzer target for the xml import reader: its contract, and the trees it
 * gives written back in json and xml and read again unchanged. */
#include "format_common.h"

static bool
fuzz_keys_plain(const cJSON *v)
{
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		if (c->string != NULL && strchr(c->string, ':') != NULL)
			return false;	/* a namespace prefix needs its declaration to read back */
		if (!fuzz_keys_plain(c))
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *tree = fuzz_read(FORMAT_XML, (const char *)data, size, NULL), *back;
	char *yaml, *xml, *cause;
	size_t ylen, xlen;
	bool bad_name;

	if (tree == NULL)
		return 0;
	if (!cJSON_IsObject(tree))
		fuzz_fail("xml: the tree is not an object", NULL);
	fuzz_write_all(tree, &yaml, &ylen, &xml, &xlen, &bad_name);
	/* libxml2 reads names (XML 1.0, 5th edition) that its xmlValidateName, which PHP's
	 * XMLWriter and the writer use, refuses: only that may stop a tree from going back */
	if (xml == NULL && !bad_name)
		fuzz_fail("xml: a tree read from xml does not write as xml", NULL);
	if (xml != NULL && fuzz_keys_plain(tree)) {
		if ((back = fuzz_read(FORMAT_XML, xml, xlen, &cause)) == NULL)
			fuzz_fail("xml: written text does not read back", cause);
		if (!fuzz_tree_equal(tree, back))
			fuzz_fail("xml: the tree read back differs", xml);
		cJSON_Delete(back);
	}
	free(yaml);
	free(xml);
	cJSON_Delete(tree);
	return 0;
}
