/* test_import_read.c: format_import_read: Zabbix's reading and schema error texts, the
 * conversion of 4.4, 5.0, 5.2 and 5.4 sources against what Zabbix's own code gives, normalisation,
 * and every official 6.0 template reading alike in json, yaml and xml. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"
#include "tmpld/format.h"

static const char *
data_dir(void)
{
	const char *d = getenv("TMPLD_TEST_DATA");

	return d != NULL ? d : "test/data";
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (f == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Trees equal with keys in the same order. */
static bool
tree_equal(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if ((a->type & 0xff) != (b->type & 0xff))
		return false;
	if ((a->string == NULL) != (b->string == NULL) ||
	    (a->string != NULL && strcmp(a->string, b->string) != 0))
		return false;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
		return cJSON_Compare(a, b, true);
	for (x = a->child, y = b->child; x != NULL && y != NULL; x = x->next, y = y->next)
		if (!tree_equal(x, y))
			return false;
	return x == NULL && y == NULL;
}

static cJSON *
read_ok(enum format_kind kind, const char *src)
{
	cJSON *doc = NULL;
	char *cause = NULL;
	int rc = format_import_read(kind, src, strlen(src), &doc, &cause);

	if (rc != FORMAT_OK)
		fail_msg("refused: %s", cause);
	assert_null(cause);
	assert_non_null(doc);
	return doc;
}

/* ---- error texts ------------------------------------------------------------------------- */

#define T60(body)	"{\"zabbix_export\": {\"version\": \"6.0\", \"date\": " \
			"\"2023-01-01T00:00:00Z\"" body "}}"
#define TPL(body)	T60(", \"templates\": [{\"uuid\": \"a\", \"template\": \"T\", " \
			"\"groups\": [{\"name\": \"G\"}]" body "}]")
#define ITEM(body)	TPL(", \"items\": [{\"uuid\": \"b\", \"name\": \"i\", \"key\": \"k\"" body "}]")
#define P_T		"Invalid tag \"/zabbix_export/templates/template(1)"
#define P_I		P_T "/items/item(1)"

static const struct {
	enum format_kind	 kind;
	const char		*src;
	const char		*cause;
} errors[] = {
	/* reading */
	{ FORMAT_JSON, "{not json", "Cannot read JSON: Syntax error." },
	{ FORMAT_JSON, "", "Cannot read JSON: Syntax error." },
	{ FORMAT_XML, "<zabbix_export><version>6.0</version>", "Cannot read XML: (77) Premature end "
	    "of data in tag zabbix_export line 1 [Line: 1 | Column: 38]." },
	{ FORMAT_XML, "", "Cannot read XML: XML is empty." },
	{ FORMAT_YAML, "zabbix_export:\n  version: '6.0'\n date: x\n",
	    "Unable to parse at line 3 (near \" date: x\")." },
	{ FORMAT_YAML, "abc", "Cannot read YAML: Invalid YAML file contents." },
	/* the envelope */
	{ FORMAT_JSON, "{}", "Invalid tag \"/\": the tag \"zabbix_export\" is missing." },
	{ FORMAT_JSON, "[]", "Invalid tag \"/\": the tag \"zabbix_export\" is missing." },
	{ FORMAT_JSON, "[1]", "Invalid tag \"/\": unexpected tag \"0\"." },
	{ FORMAT_JSON, "{\"export\": {}}", "Invalid tag \"/\": unexpected tag \"export\"." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"date\": \"2023-01-01T00:00:00Z\"}}",
	    "Invalid tag \"/zabbix_export\": the tag \"version\" is missing." },
	{ FORMAT_XML, "<zabbix_export/>",
	    "Invalid tag \"/zabbix_export\": the tag \"version\" is missing." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"7.0\"}}",
	    "Invalid tag \"/zabbix_export/version\": unsupported version number." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": 6.0}}",
	    "Invalid tag \"/zabbix_export/version\": a character string is expected." },
	{ FORMAT_YAML, "zabbix_export:\n  version: 6.0\n",
	    "Invalid tag \"/zabbix_export/version\": a character string is expected." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"6.0\", \"date\": \"yesterday\"}}",
	    "Invalid tag \"/zabbix_export/date\": \"YYYY-MM-DDThh:mm:ssZ\" is expected." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"6.0\", \"date\": \"2023-13-01T00:00:00Z\"}}",
	    "Invalid tag \"/zabbix_export/date\": \"YYYY-MM-DDThh:mm:ssZ\" is expected." },
	{ FORMAT_JSON, T60(", \"foo\": []"), "Invalid tag \"/zabbix_export\": unexpected tag \"foo\"." },
	/* templates */
	{ FORMAT_JSON, TPL(", \"foo\": \"x\""), P_T "\": unexpected tag \"foo\"." },
	{ FORMAT_JSON, T60(", \"templates\": [{\"template\": \"T\", \"groups\": [{\"name\": \"G\"}]}]"),
	    P_T "\": the tag \"uuid\" is missing." },
	{ FORMAT_JSON, T60(", \"templates\": [{\"uuid\": \"a\", \"template\": \"T\"}]"),
	    P_T "\": the tag \"groups\" is missing." },
	{ FORMAT_JSON, T60(", \"templates\": [{\"uuid\": \"a\", \"groups\": [{\"name\": \"G\"}]}]"),
	    P_T "\": the tag \"template\" is missing." },
	{ FORMAT_JSON, T60(", \"templates\": {\"a\": {}}"),
	    "Invalid tag \"/zabbix_export/templates\": unexpected tag \"a\"." },
	{ FORMAT_JSON, T60(", \"templates\": \"x\""),
	    "Invalid tag \"/zabbix_export/templates\": an array is expected." },
	{ FORMAT_JSON, TPL(", \"groups\": [{}]"),
	    P_T "/groups/group(1)\": the tag \"name\" is missing." },
	{ FORMAT_JSON, TPL(", \"macros\": [{\"value\": \"1\"}]"),
	    P_T "/macros/macro(1)\": the tag \"macro\" is missing." },
	{ FORMAT_JSON, TPL(", \"valuemaps\": [{\"uuid\": \"c\", \"name\": \"V\"}]"),
	    P_T "/valuemaps/valuemap(1)\": the tag \"mappings\" is missing." },
	{ FORMAT_JSON, TPL(", \"valuemaps\": [{\"name\": \"V\", \"mappings\": []}]"),
	    P_T "/valuemaps/valuemap(1)\": the tag \"uuid\" is missing." },
	{ FORMAT_JSON, TPL(", \"templates\": [{}]"),
	    P_T "/templates/template(1)\": the tag \"name\" is missing." },
	/* items */
	{ FORMAT_JSON, ITEM(", \"type\": \"FOO\""), P_I "/type\": unexpected constant \"FOO\"." },
	{ FORMAT_JSON, ITEM(", \"delay\": 5"), P_I "/delay\": a character string is expected." },
	{ FORMAT_JSON, TPL(", \"items\": [{\"name\": \"i\", \"key\": \"k\"}]"),
	    P_I "\": the tag \"uuid\" is missing." },
	{ FORMAT_JSON, TPL(", \"items\": [{\"uuid\": \"b\", \"name\": \"i\"}]"),
	    P_I "\": the tag \"key\" is missing." },
	{ FORMAT_JSON, ITEM(", \"preprocessing\": [{\"type\": \"CHECK_NOT_SUPPORTED\", "
	    "\"parameters\": [\"\"], \"error_handler\": \"ORIGINAL_ERROR\"}]"),
	    P_I "/preprocessing/step(1)/error_handler\": unexpected constant \"ORIGINAL_ERROR\"." },
	{ FORMAT_JSON, ITEM(", \"type\": \"SSH\", \"authtype\": \"BASIC\""),
	    P_I "/authtype\": unexpected constant \"BASIC\"." },
	{ FORMAT_JSON, ITEM(", \"type\": \"HTTP_AGENT\", \"authtype\": \"PUBLIC_KEY\""),
	    P_I "/authtype\": unexpected constant \"PUBLIC_KEY\"." },
	{ FORMAT_JSON, ITEM(", \"master_item\": {\"x\": \"y\"}"),
	    P_I "/master_item\": unexpected tag \"x\"." },
	{ FORMAT_JSON, ITEM(", \"tags\": [{\"value\": \"v\"}]"),
	    P_I "/tags/tag(1)\": the tag \"tag\" is missing." },
	{ FORMAT_JSON, ITEM(", \"triggers\": [{\"uuid\": \"t\", \"name\": \"n\"}]"),
	    P_I "/triggers/trigger(1)\": the tag \"expression\" is missing." },
	/* discovery rules, graphs, hosts */
	{ FORMAT_JSON, TPL(", \"discovery_rules\": [{\"uuid\": \"d\", \"name\": \"d\", \"key\": \"d\", "
	    "\"graph_prototypes\": [{\"uuid\": \"g\", \"name\": \"g\", \"graph_items\": []}]}]"),
	    P_T "/discovery_rules/discovery_rule(1)/graph_prototypes/graph_prototype(1)/graph_items\": "
	    "the tag \"graph_item\" is missing." },
	{ FORMAT_JSON, T60(", \"graphs\": [{\"uuid\": \"g\", \"name\": \"g\", \"ymin_type_1\": \"ITEM\", "
	    "\"ymin_item_1\": {\"host\": \"h\"}, \"graph_items\": [{\"item\": {\"host\": \"h\", "
	    "\"key\": \"k\"}}]}]"),
	    "Invalid tag \"/zabbix_export/graphs/graph(1)/ymin_item_1\": the tag \"key\" is missing." },
	{ FORMAT_JSON, T60(", \"hosts\": [{\"host\": \"H\", \"groups\": [{\"name\": \"G\"}], "
	    "\"interfaces\": [{\"type\": \"SNMP\", \"interface_ref\": \"if1\", \"details\": "
	    "{\"version\": \"SNMPV9\"}}]}]"),
	    "Invalid tag \"/zabbix_export/hosts/host(1)/interfaces/interface(1)/details/version\": "
	    "unexpected constant \"SNMPV9\"." },
	{ FORMAT_JSON, T60(", \"hosts\": [{\"host\": \"H\"}]"),
	    "Invalid tag \"/zabbix_export/hosts/host(1)\": the tag \"groups\" is missing." },
	/* xml: member names are checked; "" reads as an empty list or object */
	{ FORMAT_XML, "<zabbix_export><version>6.0</version><templates><template><uuid>a</uuid>"
	    "<template>T</template><groups/><items><item><uuid>b</uuid><name>n</name></item>"
	    "</items></template></templates></zabbix_export>",
	    P_I "\": the tag \"key\" is missing." },
	{ FORMAT_XML, "<zabbix_export><version>6.0</version><groups><group><name>a</name></group>"
	    "<grp><name>b</name></grp></groups></zabbix_export>",
	    "Invalid tag \"/zabbix_export/groups\": unexpected tag \"grp\"." },
	/* old versions: their own schema first */
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"5.0\", \"templates\": [{\"template\": \"T\", "
	    "\"groups\": [{\"name\": \"G\"}], \"uuid\": \"u\"}]}}",
	    P_T "\": unexpected tag \"uuid\"." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"5.2\", \"templates\": [{\"template\": \"T\", "
	    "\"groups\": [{\"name\": \"G\"}], \"valuemaps\": []}]}}",
	    P_T "\": unexpected tag \"valuemaps\"." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"4.2\"}}",
	    "Cannot convert a version 4.2 source: tmpld converts versions 4.4 and later." },
	{ FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"4.4\", \"hosts\": [{\"host\": \"H\", "
	    "\"groups\": [{\"name\": \"G\"}], \"interfaces\": [{\"interface_ref\": \"if1\", "
	    "\"details\": {}}]}]}}",
	    "Invalid tag \"/zabbix_export/hosts/host(1)/interfaces/interface(1)\": unexpected tag "
	    "\"details\"." },
};

static void
errors_should_be_zabbix_texts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		cJSON *doc = (cJSON *)1;
		char *cause = NULL;
		int rc = format_import_read(errors[i].kind, errors[i].src, strlen(errors[i].src),
		    &doc, &cause);

		if (rc != FORMAT_EREAD || cause == NULL || strcmp(cause, errors[i].cause) != 0)
			fail_msg("case %zu (%s): got %d \"%s\", want \"%s\"", i, errors[i].src, rc,
			    cause != NULL ? cause : "(null)", errors[i].cause);
		assert_null(doc);
		free(cause);
	}
}

/* ---- what a valid source gives ------------------------------------------------------------ */

static void
version_and_date_alone_should_read(void **state)
{
	cJSON *doc = read_ok(FORMAT_JSON, T60(""));

	(void)state;
	assert_string_equal(cJSON_GetObjectItem(doc, "version")->valuestring, "6.0");
	assert_int_equal(cJSON_GetArraySize(doc), 2);
	cJSON_Delete(doc);
}

static void
xml_empty_lists_should_be_arrays_and_text_normalised(void **state)
{
	cJSON *doc = read_ok(FORMAT_XML, "<zabbix_export><version>6.0</version><templates><template>"
	    "<uuid>ABCDEF</uuid><template>T</template><name/><description>a\nb\r\nc</description>"
	    "<groups><group><name>g</name></group></groups><items/><tags><tag><tag>t</tag>"
	    "</tag><tag><tag>u</tag></tag></tags></template></templates></zabbix_export>");
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "templates"), 0);

	(void)state;
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(t, "items")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "items")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "tags")), 2);
	assert_string_equal(cJSON_GetObjectItem(t, "name")->valuestring, "");
	assert_string_equal(cJSON_GetObjectItem(t, "description")->valuestring, "a\r\nb\r\nc");
	assert_string_equal(cJSON_GetObjectItem(t, "uuid")->valuestring, "abcdef");
	assert_null(cJSON_GetObjectItem(t, "macros"));
	cJSON_Delete(doc);
}

static void
preprocessing_parameters_should_keep_lf(void **state)
{
	cJSON *doc = read_ok(FORMAT_JSON, ITEM(", \"description\": \"x\\ny\", \"preprocessing\": "
	    "[{\"type\": \"JAVASCRIPT\", \"parameters\": [\"a\\nb\\r\\nc\"], \"error_handler_params\": "
	    "\"e\\nf\"}]"));
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "templates"), 0);
	cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "items"), 0);
	cJSON *step = cJSON_GetArrayItem(cJSON_GetObjectItem(item, "preprocessing"), 0);

	(void)state;
	assert_string_equal(cJSON_GetObjectItem(item, "description")->valuestring, "x\r\ny");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(step, "parameters"), 0)->valuestring,
	    "a\nb\nc");
	assert_string_equal(cJSON_GetObjectItem(step, "error_handler_params")->valuestring, "e\r\nf");
	/* no default is filled in */
	assert_null(cJSON_GetObjectItem(item, "type"));
	assert_null(cJSON_GetObjectItem(step, "error_handler"));
	cJSON_Delete(doc);
}

/* ---- conversion of older versions against Zabbix's own result ---------------------------- */

static void
convert_fixture(const char *source, enum format_kind kind, const char *expected)
{
	char path[512], *src, *want_text, *cause = NULL;
	cJSON *want, *got = NULL;
	size_t len, wlen;

	snprintf(path, sizeof path, "%s/import/%s", data_dir(), source);
	src = slurp(path, &len);
	snprintf(path, sizeof path, "%s/import/%s", data_dir(), expected);
	want_text = slurp(path, &wlen);
	want = cJSON_ParseWithLength(want_text, wlen);
	assert_non_null(want);
	if (format_import_read(kind, src, len, &got, &cause) != FORMAT_OK)
		fail_msg("%s refused: %s", source, cause);
	if (!tree_equal(want, got)) {
		char *text = cJSON_Print(got);

		fail_msg("%s does not convert as Zabbix does; got %s", source, text);
	}
	cJSON_Delete(want);
	cJSON_Delete(got);
	free(want_text);
	free(src);
}

static void
v44_should_convert_as_zabbix(void **state)
{
	(void)state;
	convert_fixture("v44-source.json", FORMAT_JSON, "v44-expected.json");
}

static void
v50_should_convert_as_zabbix(void **state)
{
	(void)state;
	convert_fixture("v50-source.json", FORMAT_JSON, "v50-expected.json");
}

/* Trigger expressions (every old function), recovery expressions, dependencies, the date and
 * time functions' extra clause, event names, the uuids seeded with short host names;
 * calculated formulas; aggregate items; maps (trigger elements, link triggers, tags). */
static void
v52_triggers_should_convert_as_zabbix(void **state)
{
	(void)state;
	convert_fixture("v52-triggers-source.json", FORMAT_JSON, "v52-triggers-expected.json");
	convert_fixture("v50-triggers-source.xml", FORMAT_XML, "v50-triggers-expected.json");
	convert_fixture("v52-calculated-source.json", FORMAT_JSON, "v52-calculated-expected.json");
	convert_fixture("v52-aggregate-source.json", FORMAT_JSON, "v52-aggregate-expected.json");
	convert_fixture("v52-maps-source.json", FORMAT_JSON, "v52-maps-expected.json");
}

static void
v52_should_convert_as_zabbix(void **state)
{
	(void)state;
	convert_fixture("v52-source.xml", FORMAT_XML, "v52-expected.json");
}

static void
v54_should_convert_as_zabbix(void **state)
{
	(void)state;
	convert_fixture("v54-source.yaml", FORMAT_YAML, "v54-expected.json");
	/* simple macros in graph names, map labels and media type messages */
	convert_fixture("v54-macros-source.json", FORMAT_JSON, "v54-macros-expected.json");
}

/* The uuids that Zabbix 6.0.14 recorded for scenario x18's 5.0 import (run prefix "dzkkvd"). */
static void
x18_should_give_the_recorded_uuids(void **state)
{
	char path[512], *src, *cause = NULL;
	cJSON *doc = NULL, *t, *item, *tags;
	size_t len;

	(void)state;
	convert_fixture("x18-source.xml", FORMAT_XML, "x18-expected.json");
	snprintf(path, sizeof path, "%s/import/x18-source.xml", data_dir());
	src = slurp(path, &len);
	assert_int_equal(format_import_read(FORMAT_XML, src, len, &doc, &cause), FORMAT_OK);
	t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "templates"), 0);
	item = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "items"), 0);
	assert_string_equal(cJSON_GetObjectItem(t, "uuid")->valuestring,
	    "9eacc41e7ec2493a829bcedf452defd8");
	assert_string_equal(cJSON_GetObjectItem(item, "uuid")->valuestring,
	    "264e9078abae4bf0bafad4d23320ecac");
	/* item applications became tags; template applications and value_maps are gone; the
	 * value map moved into the template */
	tags = cJSON_GetObjectItem(item, "tags");
	assert_int_equal(cJSON_GetArraySize(tags), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tags, 0), "tag")->valuestring,
	    "Application");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tags, 0), "value")->valuestring,
	    "CPU");
	assert_null(cJSON_GetObjectItem(item, "applications"));
	assert_null(cJSON_GetObjectItem(t, "applications"));
	assert_null(cJSON_GetObjectItem(doc, "value_maps"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "valuemaps")), 1);
	assert_string_equal(cJSON_GetObjectItem(doc, "version")->valuestring, "6.0");
	cJSON_Delete(doc);
	free(src);
}

static void
v50_preprocessing_params_should_split(void **state)
{
	cJSON *doc = read_ok(FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"5.0\", \"templates\": "
	    "[{\"template\": \"Template OS Linux SNMPv2\", \"groups\": [{\"name\": \"G\"}], \"items\": "
	    "[{\"name\": \"i\", \"key\": \"k\", \"preprocessing\": [{\"type\": \"REGEX\", \"params\": "
	    "\"a\\nb\"}, {\"type\": \"JAVASCRIPT\", \"params\": \"x\\ny\"}]}]}]}}");
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "templates"), 0);
	cJSON *steps = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "items"), 0),
	    "preprocessing");
	cJSON *p0 = cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 0), "parameters");
	cJSON *p1 = cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 1), "parameters");
	char uuid[33];

	(void)state;
	assert_int_equal(cJSON_GetArraySize(p0), 2);
	assert_string_equal(cJSON_GetArrayItem(p0, 1)->valuestring, "b");
	assert_int_equal(cJSON_GetArraySize(p1), 1);
	assert_string_equal(cJSON_GetArrayItem(p1, 0)->valuestring, "x\ny");
	/* "Template OS Linux SNMPv2" is seeded as "Linux SNMP" (md5 of it, version 4 bits) */
	snprintf(uuid, sizeof uuid, "%s", cJSON_GetObjectItem(t, "uuid")->valuestring);
	assert_string_equal(uuid, "4d3a7adbb6964bd08f2b9d28e0da6496");
	cJSON_Delete(doc);
}

static void
v54_prometheus_pattern_should_get_its_mode(void **state)
{
	cJSON *doc = read_ok(FORMAT_JSON, "{\"zabbix_export\": {\"version\": \"5.4\", \"templates\": "
	    "[{\"uuid\": \"a\", \"template\": \"T\", \"groups\": [{\"name\": \"G\"}], \"items\": "
	    "[{\"uuid\": \"b\", \"name\": \"i\", \"key\": \"k\", \"preprocessing\": [{\"type\": "
	    "\"PROMETHEUS_PATTERN\", \"parameters\": [\"up\", \"\"]}, {\"type\": \"PROMETHEUS_PATTERN\", "
	    "\"parameters\": [\"up\", \"lbl\"]}]}]}]}}");
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "templates"), 0);
	cJSON *steps = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "items"), 0),
	    "preprocessing");
	cJSON *p0 = cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 0), "parameters");
	cJSON *p1 = cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 1), "parameters");

	(void)state;
	assert_int_equal(cJSON_GetArraySize(p0), 3);
	assert_string_equal(cJSON_GetArrayItem(p0, 1)->valuestring, "value");
	assert_string_equal(cJSON_GetArrayItem(p0, 2)->valuestring, "");
	assert_string_equal(cJSON_GetArrayItem(p1, 1)->valuestring, "label");
	assert_string_equal(cJSON_GetArrayItem(p1, 2)->valuestring, "lbl");
	cJSON_Delete(doc);
}

/* ---- the official 6.0 templates ----------------------------------------------------------- */

static const char *const kind_ext[] = { "json", "yaml", "xml" };

static cJSON *
official_read(const char *sub, const char *name, enum format_kind kind)
{
	char path[1024], *src, *cause = NULL;
	cJSON *doc = NULL;
	size_t len;

	snprintf(path, sizeof path, "%s/official/%s%s/%s.%s", data_dir(), sub, kind_ext[kind], name,
	    kind_ext[kind]);
	src = slurp(path, &len);
	if (format_import_read(kind, src, len, &doc, &cause) != FORMAT_OK)
		fail_msg("%s refused: %s", path, cause);
	free(src);
	/* the three files come from three export calls: their dates may differ */
	cJSON_DeleteItemFromObject(doc, "date");
	return doc;
}

static size_t
official_dir(const char *sub)
{
	char dir[512];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/official/%sjson", data_dir(), sub);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char *name;
		cJSON *json, *other;

		if (l <= 5 || strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		name = strndup(de->d_name, l - 5);
		json = official_read(sub, name, FORMAT_JSON);
		for (enum format_kind k = FORMAT_YAML; k <= FORMAT_XML; k++) {
			other = official_read(sub, name, k);
			if (!tree_equal(json, other))
				fail_msg("%s%s.%s does not read as its json", sub, name, kind_ext[k]);
			cJSON_Delete(other);
		}
		cJSON_Delete(json);
		free(name);
		n++;
	}
	closedir(d);
	return n;
}

static void
official_templates_should_read_alike(void **state)
{
	(void)state;
	assert_true(official_dir("") >= 60);
	assert_true(official_dir("stripped/") >= 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_should_be_zabbix_texts),
		cmocka_unit_test(version_and_date_alone_should_read),
		cmocka_unit_test(xml_empty_lists_should_be_arrays_and_text_normalised),
		cmocka_unit_test(preprocessing_parameters_should_keep_lf),
		cmocka_unit_test(v44_should_convert_as_zabbix),
		cmocka_unit_test(v50_should_convert_as_zabbix),
		cmocka_unit_test(v52_should_convert_as_zabbix),
		cmocka_unit_test(v52_triggers_should_convert_as_zabbix),
		cmocka_unit_test(v54_should_convert_as_zabbix),
		cmocka_unit_test(x18_should_give_the_recorded_uuids),
		cmocka_unit_test(v50_preprocessing_params_should_split),
		cmocka_unit_test(v54_prometheus_pattern_should_get_its_mode),
		cmocka_unit_test(official_templates_should_read_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
