/* test_format.c: the export writers and import readers against Zabbix 6.0.14's own exports of
 * its official templates (byte for byte), libxml2's xmlTextWriter, and the edge cases. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlwriter.h>

#include "unit.h"
#include "tmpld/format.h"

/* ---- helpers ------------------------------------------------------------------------------ */

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

	if (f == NULL || fstat(fileno(f), &st) != 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Trees equal with keys in the same order (cJSON_Compare ignores the order). */
static bool
tree_equal(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if ((a->type & 0xff) != (b->type & 0xff))
		return false;
	if ((a->string == NULL) != (b->string == NULL) ||
	    (a->string != NULL && strcmp(a->string, b->string) != 0))
		return false;
	switch (a->type & 0xff) {
	case cJSON_String:
		return strcmp(a->valuestring, b->valuestring) == 0;
	case cJSON_Number:
		return a->valuedouble == b->valuedouble;
	case cJSON_Array:
	case cJSON_Object:
		for (x = a->child, y = b->child; x != NULL && y != NULL; x = x->next, y = y->next)
			if (!tree_equal(x, y))
				return false;
		return x == NULL && y == NULL;
	default:
		return true;
	}
}

/* Reports where two texts first differ, for a failing byte comparison. */
static bool
bytes_equal(const char *what, const char *want, size_t wlen, const char *got, size_t glen)
{
	size_t i = 0;

	if (wlen == glen && memcmp(want, got, wlen) == 0)
		return true;
	while (i < wlen && i < glen && want[i] == got[i])
		i++;
	fprintf(stderr, "%s: differs at byte %zu (lengths %zu, %zu)\n  want: \"%.*s\"\n  got:  "
	    "\"%.*s\"\n", what, i, wlen, glen, (int)(wlen - i < 60 ? wlen - i : 60), want + i,
	    (int)(glen - i < 60 ? glen - i : 60), got + i);
	return false;
}

static void
assert_written(enum format_kind kind, unsigned flags, const char *json, const char *want)
{
	cJSON *t = cJSON_Parse(json);
	char *out = NULL, *cause = NULL;
	size_t len;

	assert_non_null(t);
	assert_int_equal(format_write(kind, t, flags, &out, &len, &cause), FORMAT_OK);
	assert_null(cause);
	if (!bytes_equal(json, want, strlen(want), out, len))
		fail();
	free(out);
	cJSON_Delete(t);
}

/* ---- the official set: one test per file and check --------------------------------------- */

struct official {
	char	*name;		/* e.g. stripped/aix-by-zabbix-agent-stripped */
	char	*path[3];	/* json, yaml, xml */
};

static const char *const kind_ext[] = { "json", "yaml", "xml" };

static cJSON *
official_tree(const struct official *o)
{
	size_t len;
	char *src = slurp(o->path[FORMAT_JSON], &len);
	cJSON *t;

	assert_non_null(src);
	t = cJSON_ParseWithLength(src, len);
	free(src);
	assert_non_null(t);
	return t;
}

/* Each file was exported by its own call, a second or so apart: the date is the file's. */
static void
official_date(cJSON *t, enum format_kind kind, const char *text)
{
	static const char *const marks[] = { "\"date\":\"", "\n  date: '", "<date>" };
	const char *p = strstr(text, marks[kind]);
	cJSON *ze = cJSON_GetObjectItemCaseSensitive(t, "zabbix_export");
	char date[21];

	assert_non_null(p);
	memcpy(date, p + strlen(marks[kind]), 20);
	date[20] = '\0';
	cJSON_ReplaceItemInObjectCaseSensitive(ze, "date", cJSON_CreateString(date));
}

static void
official_write(const struct official *o, enum format_kind kind)
{
	cJSON *t = official_tree(o);
	char *want, *out = NULL, *cause = NULL;
	size_t wlen, len;

	want = slurp(o->path[kind], &wlen);
	assert_non_null(want);
	official_date(t, kind, want);
	assert_int_equal(format_write(kind, t, 0, &out, &len, &cause), FORMAT_OK);
	if (!bytes_equal(o->name, want, wlen, out, len))
		fail_msg("%s.%s is not byte-equal", o->name, kind_ext[kind]);
	free(out);
	free(want);
	cJSON_Delete(t);
}

/* What Zabbix's yaml import gives back for a string it exported: a "|" block loses all its
 * trailing newlines (libyaml keeps one, CYamlImportReader drops it). */
static void
yaml_expected(cJSON *v)
{
	for (cJSON *c = v->child; c != NULL; c = c->next) {
		if (cJSON_IsString(c) && strchr(c->valuestring, '\n') != NULL &&
		    strchr(c->valuestring, '\r') == NULL) {
			size_t n = strlen(c->valuestring);

			while (n > 0 && c->valuestring[n - 1] == '\n')
				c->valuestring[--n] = '\0';
		}
		yaml_expected(c);
	}
}

static void
official_read(const struct official *o, enum format_kind kind)
{
	cJSON *want = official_tree(o), *got = NULL;
	char *src, *cause = NULL;
	size_t len;

	if (kind == FORMAT_YAML)
		yaml_expected(want);
	src = slurp(o->path[kind], &len);
	assert_non_null(src);
	official_date(want, kind, src);
	assert_int_equal(format_read(kind, src, len, &got, &cause), FORMAT_OK);
	if (!tree_equal(want, got))
		fail_msg("%s.%s does not read back as the json tree", o->name, kind_ext[kind]);
	free(src);
	cJSON_Delete(want);
	cJSON_Delete(got);
}

static void official_json_write(void **state) { official_write(*state, FORMAT_JSON); }
static void official_yaml_write(void **state) { official_write(*state, FORMAT_YAML); }
static void official_xml_write(void **state) { official_write(*state, FORMAT_XML); }
static void official_yaml_read(void **state) { official_read(*state, FORMAT_YAML); }
static void official_xml_read(void **state) { official_read(*state, FORMAT_XML); }

/* ---- the pretty xml against libxml2's xmlTextWriter, which PHP's XMLWriter is ------------- */

static void
ref_from_array(xmlTextWriterPtr w, const cJSON *v, const char *parent)
{
	const char *map = format_xml_list_child(parent);

	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		xmlTextWriterStartElement(w, (const xmlChar *)(map != NULL ? map : c->string));
		if (cJSON_IsArray(c) || cJSON_IsObject(c)) {
			ref_from_array(w, c, c->string);
		} else if (c->valuestring[0] != '\0') {
			if (strspn(c->valuestring, " \t\n\r\v") == strlen(c->valuestring))
				xmlTextWriterWriteCDATA(w, (const xmlChar *)c->valuestring);
			else
				xmlTextWriterWriteString(w, (const xmlChar *)c->valuestring);
		}
		xmlTextWriterEndElement(w);
	}
}

static void
official_xml_reference(void **state)
{
	const struct official *o = *state;
	cJSON *t = official_tree(o);

	for (int pretty = 0; pretty <= 1; pretty++) {
		xmlBufferPtr buf = xmlBufferCreate();
		xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
		char *out = NULL;
		size_t len;

		xmlTextWriterSetIndent(w, pretty);
		xmlTextWriterSetIndentString(w, (const xmlChar *)"    ");
		xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
		ref_from_array(w, t, NULL);
		xmlTextWriterEndDocument(w);
		xmlFreeTextWriter(w);
		assert_int_equal(format_write(FORMAT_XML, t, pretty ? FORMAT_PRETTY : 0, &out, &len,
		    NULL), FORMAT_OK);
		if (!bytes_equal(o->name, (const char *)xmlBufferContent(buf),
		    (size_t)xmlBufferLength(buf), out, len))
			fail_msg("%s: xml (pretty %d) differs from xmlTextWriter's", o->name, pretty);
		free(out);
		xmlBufferFree(buf);
	}
	cJSON_Delete(t);
}

/* The pretty json reads back as the same tree and the compact one is the pretty one without
 * its layout (checked byte for byte against PHP in pretty_json_should_match_php). */
static void
official_json_pretty(void **state)
{
	const struct official *o = *state;
	cJSON *t = official_tree(o), *back = NULL;
	char *out = NULL;
	size_t len;

	assert_int_equal(format_write(FORMAT_JSON, t, FORMAT_PRETTY, &out, &len, NULL), FORMAT_OK);
	assert_int_equal(format_read(FORMAT_JSON, out, len, &back, NULL), FORMAT_OK);
	assert_true(tree_equal(t, back));
	free(out);
	cJSON_Delete(back);
	cJSON_Delete(t);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The json files of one directory, sorted; the yaml and xml files sit beside them. */
static size_t
official_scan(const char *sub, struct official **list, size_t n)
{
	char dir[512], *names[512];
	size_t count = 0;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/official/%sjson", data_dir(), sub);
	if ((d = opendir(dir)) == NULL)
		return n;
	while ((de = readdir(d)) != NULL && count < 512) {
		size_t l = strlen(de->d_name);

		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0)
			names[count++] = strndup(de->d_name, l - 5);
	}
	closedir(d);
	qsort(names, count, sizeof names[0], name_cmp);
	*list = realloc(*list, (n + count) * sizeof **list);
	for (size_t i = 0; i < count; i++) {
		struct official *o = &(*list)[n + i];

		asprintf(&o->name, "%s%s", sub, names[i]);
		for (int k = 0; k < 3; k++)
			asprintf(&o->path[k], "%s/official/%s%s/%s.%s", data_dir(), sub,
			    kind_ext[k], names[i], kind_ext[k]);
		free(names[i]);
	}
	return n + count;
}

struct official_check {
	const char		*what;
	CMUnitTestFunction	 fn;
};

static const struct official_check official_checks[] = {
	{ "json write", official_json_write },
	{ "yaml write", official_yaml_write },
	{ "xml write", official_xml_write },
	{ "yaml read", official_yaml_read },
	{ "xml read", official_xml_read },
	{ "xml = xmlTextWriter", official_xml_reference },
	{ "json pretty", official_json_pretty },
};

static int
run_official(void)
{
	struct official *list = NULL;
	size_t n = official_scan("", &list, 0), nc = sizeof official_checks /
	    sizeof official_checks[0], nt = 0;
	struct CMUnitTest *tests;
	char **names;
	int rc;

	n = official_scan("stripped/", &list, n);
	if (n == 0) {
		fprintf(stderr, "no official files under %s/official\n", data_dir());
		return 1;
	}
	tests = calloc(n * nc, sizeof *tests);
	names = calloc(n * nc, sizeof *names);
	for (size_t c = 0; c < nc; c++) {
		for (size_t i = 0; i < n; i++, nt++) {
			asprintf(&names[nt], "%s: %s", official_checks[c].what, list[i].name);
			tests[nt] = (struct CMUnitTest){ names[nt], official_checks[c].fn, NULL, NULL,
			    &list[i] };
		}
	}
	rc = _cmocka_run_group_tests("official templates", tests, nt, NULL, NULL);
	for (size_t i = 0; i < nt; i++)
		free(names[i]);
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		for (int k = 0; k < 3; k++)
			free(list[i].path[k]);
	}
	free(names);
	free(tests);
	free(list);
	return rc;
}

/* ---- a real pretty export: scenario x01 of the recorded Zabbix 6.0.14 corpus ------------- */

static char *
fixture(const char *name, size_t *len)
{
	char path[512];
	char *s;

	snprintf(path, sizeof path, "%s/format/%s", data_dir(), name);
	s = slurp(path, len);
	if (s == NULL)
		fail_msg("cannot read %s", path);
	return s;
}

static void
recorded_export_should_match_in_every_format(void **state)
{
	static const struct { const char *file; enum format_kind kind; unsigned flags; } c[] = {
		{ "x01-export.json", FORMAT_JSON, 0 },
		{ "x01-export.pretty.json", FORMAT_JSON, FORMAT_PRETTY },
		{ "x01-export.yaml", FORMAT_YAML, 0 },
		{ "x01-export.yaml", FORMAT_YAML, FORMAT_PRETTY },
		{ "x01-export.xml", FORMAT_XML, 0 },
		{ "x01-export.pretty.xml", FORMAT_XML, FORMAT_PRETTY },
	};
	size_t jlen, wlen, len;
	char *json = fixture("x01-export.json", &jlen), *want, *out;
	cJSON *t = cJSON_ParseWithLength(json, jlen), *back;

	(void)state;
	assert_non_null(t);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		want = fixture(c[i].file, &wlen);
		assert_int_equal(format_write(c[i].kind, t, c[i].flags, &out, &len, NULL), FORMAT_OK);
		if (!bytes_equal(c[i].file, want, wlen, out, len))
			fail_msg("%s differs", c[i].file);
		/* and every one of them reads back (yaml: the "|" block loses its newline only
		 * when it has one) */
		assert_int_equal(format_read(c[i].kind, want, wlen, &back, NULL), FORMAT_OK);
		assert_true(tree_equal(t, back));
		cJSON_Delete(back);
		free(out);
		free(want);
	}
	cJSON_Delete(t);
	free(json);
}

/* ---- json writer ------------------------------------------------------------------------- */

static void
json_should_escape_as_php_json_encode(void **state)
{
	(void)state;
	/* "/" stays, non-ASCII is \u with lowercase hex (surrogate pairs above U+FFFF), control
	 * characters short or \u00XX, DEL as is */
	assert_written(FORMAT_JSON, 0, "{\"a\":\"p/a:k <b> & 'q' \\\"d\\\" \\\\ \\u00dc\\u00e9\"}",
	    "{\"a\":\"p/a:k <b> & 'q' \\\"d\\\" \\\\ \\u00dc\\u00e9\"}");
	assert_written(FORMAT_JSON, 0, "[\"\\ud83d\\ude00\",\"\\u20ac\",\"\\u007f\"]",
	    "[\"\\ud83d\\ude00\",\"\\u20ac\",\"\x7f\"]");
	assert_written(FORMAT_JSON, 0, "[\"\\b\\f\\n\\r\\t\\u0001\\u001f\"]",
	    "[\"\\b\\f\\n\\r\\t\\u0001\\u001f\"]");
	assert_written(FORMAT_JSON, 0, "{\"a\":[],\"b\":{},\"c\":[1,-2.5,true,false,null]}",
	    "{\"a\":[],\"b\":[],\"c\":[1,-2.5,true,false,null]}");
}

static void
json_pretty_should_indent_by_four(void **state)
{
	(void)state;
	assert_written(FORMAT_JSON, FORMAT_PRETTY, "{\"a\":{\"b\":[\"x\",{}],\"c\":[]},\"d\":\"\"}",
	    "{\n    \"a\": {\n        \"b\": [\n            \"x\",\n            []\n        ],\n"
	    "        \"c\": []\n    },\n    \"d\": \"\"\n}");
	assert_written(FORMAT_JSON, FORMAT_PRETTY, "[]", "[]");
	assert_written(FORMAT_JSON, FORMAT_PRETTY, "\"x\"", "\"x\"");
}

static void
json_should_refuse_invalid_utf8(void **state)
{
	cJSON *t = cJSON_CreateObject();
	char *out = (char *)1, *cause = NULL;

	(void)state;
	cJSON_AddStringToObject(t, "a", "ok \xc3\x28");
	assert_int_equal(format_write(FORMAT_JSON, t, 0, &out, NULL, &cause), FORMAT_EINVAL);
	assert_null(out);
	assert_string_equal(cause, "Malformed UTF-8 characters, possibly incorrectly encoded");
	free(cause);
	cJSON_Delete(t);
}

/* ---- yaml writer -------------------------------------------------------------------------- */

/* One string value as "v: <dump>\n". */
static void
assert_yaml_scalar(const char *value, const char *want)
{
	cJSON *t = cJSON_CreateObject();
	char *out, *exp;
	size_t len;

	cJSON_AddStringToObject(t, "v", value);
	assert_int_equal(format_write(FORMAT_YAML, t, 0, &out, &len, NULL), FORMAT_OK);
	asprintf(&exp, "v: %s\n", want);
	if (!bytes_equal(value, exp, strlen(exp), out, len))
		fail_msg("yaml scalar \"%s\"", value);
	free(exp);
	free(out);
	cJSON_Delete(t);
}

static void
yaml_should_quote_like_symfony(void **state)
{
	static const char *const c[][2] = {
		/* plain */
		{ "30s", "30s" }, { "agent.ping", "agent.ping" }, { "10.0.0.2", "10.0.0.2" },
		{ "1.3.6.1", "1.3.6.1" }, { "$.a", "$.a" }, { "^err", "^err" }, { "\\1", "\\1" },
		{ "x!", "x!" }, { "a-b", "a-b" }, { "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
		{ "nulls", "nulls" }, { "a'b", "'a''b'" },
		/* numeric, empty, keywords in any case, timestamps: single quotes */
		{ "6.0", "'6.0'" }, { "0", "'0'" }, { "0123", "'0123'" }, { "161", "'161'" },
		{ "-5", "'-5'" }, { "1e3", "'1e3'" }, { "+1", "'+1'" }, { ".5", "'.5'" },
		{ "1_000", "'1_000'" }, { "0x1F", "'0x1F'" }, { "", "''" }, { "null", "'null'" },
		{ "~", "'~'" }, { "true", "'true'" }, { "On", "'On'" }, { "yes", "'yes'" },
		{ "NO", "'NO'" }, { "y", "'y'" }, { "n", "'n'" }, { "OFF", "'OFF'" },
		{ "2023-01-05", "'2023-01-05'" }, { "2026-11-30T20:44:15Z", "'2026-11-30T20:44:15Z'" },
		/* special characters anywhere, indicators first */
		{ "it's \"quoted\"", "'it''s \"quoted\"'" }, { "a: b", "'a: b'" }, { "#x", "'#x'" },
		{ "- x", "'- x'" }, { "{$A}", "'{$A}'" }, { "p/a:k", "'p/a:k'" },
		{ "a(.*)", "'a(.*)'" }, { "200,201", "'200,201'" }, { "%", "'%'" },
		{ "12:30", "'12:30'" }, { "xp T1", "'xp T1'" }, { "a&b", "'a&b'" }, { "a*", "'a*'" },
		{ "a?", "'a?'" }, { "[x]", "'[x]'" }, { "@x", "'@x'" }, { "`x", "'`x'" },
		{ "!x", "'!x'" }, { "|x", "'|x'" }, { ">x", "'>x'" }, { "=x", "'=x'" },
		{ "<x", "'<x'" }, { "?", "'?'" }, { "-", "'-'" }, { " x", "' x'" }, { "x ", "'x '" },
		/* control characters: double quotes with Symfony's escapes */
		{ "a\tb", "\"a\\tb\"" }, { "a\rb", "\"a\\rb\"" }, { "a\r\nb", "\"a\\r\\nb\"" },
		{ "\x7f", "\"\\x7f\"" }, { "\x1b[0m", "\"\\e[0m\"" }, { "\"\\\t", "\"\\\"\\\\\\t\"" },
		{ "nb\xc2\xa0sp", "\"nb\\_sp\"" }, { "\xe2\x80\xa8", "\"\\L\"" },
		/* other control characters and bad UTF-8: binary */
		{ "\x01", "!!binary AQ==" }, { "a\x1f", "!!binary YR8=" },
		{ "\xff\xfe", "!!binary //4=" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		assert_yaml_scalar(c[i][0], c[i][1]);
}

static void
yaml_should_write_blocks_and_lists(void **state)
{
	(void)state;
	/* multi-line text: "|" block, a leading space asks for the indentation indicator, a final
	 * newline shows as an indented empty line */
	assert_written(FORMAT_YAML, 0, "{\"a\":{\"d\":\"one\\n\\ntwo\",\"e\":\" x\\ny\\n\"}}",
	    "a:\n  d: |\n    one\n    \n    two\n  e: |2\n     x\n    y\n    \n");
	/* list members: "-" alone before a mapping, "- value" for scalars and blocks */
	assert_written(FORMAT_YAML, 0,
	    "{\"l\":[{\"k\":\"v\",\"p\":[\"2\",\"\",\"a\\nb\"]},\"s\"],\"e\":[],\"o\":{}}",
	    "l:\n  -\n    k: v\n    p:\n      - '2'\n      - ''\n      - |\n        a\n        b\n"
	    "  - s\ne: {  }\no: {  }\n");
	/* other PHP values; keys are quoted like values ("n" is a keyword), but those PHP makes
	 * integers stay bare */
	assert_written(FORMAT_YAML, 0, "{\"n\":null,\"t\":true,\"f\":false,\"i\":5,\"x\":-0.5,"
	    "\"12\":\"a\",\"012\":\"b\",\"yes\":\"c\"}",
	    "'n': null\nt: true\nf: false\ni: 5\nx: -0.5\n12: a\n'012': b\n'yes': c\n");
}

static void
yaml_should_inline_below_level_100(void **state)
{
	cJSON *t = cJSON_CreateObject(), *p = t;
	char *out, *want;
	size_t len;
	struct fbuf_s { char *p; size_t n; } w = { NULL, 0 };
	FILE *f;

	(void)state;
	for (int i = 0; i < 100; i++) {
		cJSON *c = cJSON_CreateObject();

		cJSON_AddItemToObject(p, "k", c);
		p = c;
	}
	cJSON_AddItemToObject(p, "l", cJSON_CreateStringArray((const char *[]){ "a b", "1" }, 2));
	cJSON_AddStringToObject(p, "m", "x\ny");
	assert_int_equal(format_write(FORMAT_YAML, t, 0, &out, &len, NULL), FORMAT_OK);
	f = open_memstream(&w.p, &w.n);
	for (int i = 0; i < 99; i++)
		fprintf(f, "%*sk:\n", 2 * i, "");
	fprintf(f, "%*sk: { l: ['a b', '1'], m: \"x\\ny\" }\n", 2 * 99, "");
	fclose(f);
	want = w.p;
	if (!bytes_equal("level 100", want, w.n, out, len))
		fail();
	free(want);
	free(out);
	cJSON_Delete(t);
}

/* ---- xml writer --------------------------------------------------------------------------- */

static void
xml_should_escape_and_use_cdata(void **state)
{
	(void)state;
	assert_written(FORMAT_XML, 0,
	    "{\"e\":{\"a\":\"<b> & \\\"q\\\" 'a'\",\"b\":\"x\\r\\ny\",\"c\":\"  \\t\",\"d\":\"\","
	    "\"l\":[],\"o\":{},\"n\":null,\"t\":true,\"f\":false,\"i\":42,\"z\":\"0\"}}",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<e><a>&lt;b&gt; &amp; &quot;q&quot; 'a'</a>"
	    "<b>x&#13;\ny</b><c><![CDATA[  \t]]></c><d/><l/><o/><n/><t>1</t><f><![CDATA[]]></f>"
	    "<i>42</i><z>0</z></e>\n");
	assert_written(FORMAT_XML, FORMAT_PRETTY,
	    "{\"e\":{\"items\":[{\"tags\":[{\"tag\":\"a\"}],\"x\":\"\"}],\"preprocessing\":"
	    "[{\"parameters\":[\"\",\" \"]}]}}",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<e>\n    <items>\n        <item>\n"
	    "            <tags>\n                <tag>\n                    <tag>a</tag>\n"
	    "                </tag>\n            </tags>\n            <x/>\n        </item>\n"
	    "    </items>\n    <preprocessing>\n        <step>\n            <parameters>\n"
	    "                <parameter/>\n                <parameter><![CDATA[ ]]></parameter>\n"
	    "            </parameters>\n        </step>\n    </preprocessing>\n</e>\n");
}

static void
assert_xml_refused(const char *json, const char *cause_want)
{
	cJSON *t = cJSON_Parse(json);
	char *out = NULL, *cause = NULL;

	assert_int_equal(format_write(FORMAT_XML, t, 0, &out, NULL, &cause), FORMAT_EINVAL);
	assert_null(out);
	assert_string_equal(cause, cause_want);
	free(cause);
	cJSON_Delete(t);
}

static void
xml_should_refuse_what_xmlwriter_cannot_write(void **state)
{
	(void)state;
	assert_xml_refused("{\"e\":{\"stuff\":[\"a\"]}}",
	    "cannot write the list \"stuff\" as xml: no element name for its members");
	assert_xml_refused("{\"e\":{\"a b\":\"x\"}}", "\"a b\" is not a valid XML element name");
	assert_xml_refused("[\"a\"]", "the root of an xml export must be an object");
	/* a list tag names its members even when it holds an object, as mapName() does */
	assert_written(FORMAT_XML, 0, "{\"tags\":{\"x\":\"1\"}}",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tags><tag>1</tag></tags>\n");
}

static void
xml_list_table_should_cover_the_60_schema(void **state)
{
	static const char *const c[][2] = {
		{ "groups", "group" }, { "templates", "template" }, { "hosts", "host" },
		{ "items", "item" }, { "tags", "tag" }, { "macros", "macro" },
		{ "valuemaps", "valuemap" }, { "mappings", "mapping" }, { "preprocessing", "step" },
		{ "parameters", "parameter" }, { "triggers", "trigger" }, { "graphs", "graph" },
		{ "graph_items", "graph_item" }, { "discovery_rules", "discovery_rule" },
		{ "item_prototypes", "item_prototype" }, { "trigger_prototypes", "trigger_prototype" },
		{ "graph_prototypes", "graph_prototype" }, { "host_prototypes", "host_prototype" },
		{ "group_links", "group_link" }, { "group_prototypes", "group_prototype" },
		{ "dashboards", "dashboard" }, { "pages", "page" }, { "widgets", "widget" },
		{ "fields", "field" }, { "httptests", "httptest" }, { "steps", "step" },
		{ "posts", "post_field" }, { "headers", "header" }, { "variables", "variable" },
		{ "query_fields", "query_field" }, { "interfaces", "interface" },
		{ "dependencies", "dependency" }, { "lld_macro_paths", "lld_macro_path" },
		{ "overrides", "override" }, { "conditions", "condition" },
		{ "operations", "operation" }, { "images", "image" }, { "maps", "map" },
		{ "selements", "selement" }, { "elements", "element" }, { "links", "link" },
		{ "linktriggers", "linktrigger" }, { "urls", "url" }, { "shapes", "shape" },
		{ "lines", "line" }, { "media_types", "media_type" },
		{ "message_templates", "message_template" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		assert_non_null(format_xml_list_child(c[i][0]));
		assert_string_equal(format_xml_list_child(c[i][0]), c[i][1]);
	}
	assert_null(format_xml_list_child("item"));
	assert_null(format_xml_list_child("master_item"));
	assert_null(format_xml_list_child("valuemap"));
	assert_null(format_xml_list_child(NULL));
}

/* ---- readers ------------------------------------------------------------------------------ */

static void
assert_read(enum format_kind kind, const char *src, size_t len, const char *want_json)
{
	cJSON *t = NULL, *want = cJSON_Parse(want_json);
	char *cause = NULL;

	assert_non_null(want);
	if (format_read(kind, src, len, &t, &cause) != FORMAT_OK)
		fail_msg("%s: %s", src, cause);
	if (!tree_equal(want, t)) {
		char *got = cJSON_PrintUnformatted(t);

		fprintf(stderr, "source: %s\nwant: %s\ngot:  %s\n", src, want_json, got);
		free(got);
		fail();
	}
	cJSON_Delete(t);
	cJSON_Delete(want);
}

static void
assert_refused(enum format_kind kind, const char *src, size_t len, const char *want)
{
	cJSON *t = (cJSON *)1;
	char *cause = NULL;

	assert_int_equal(format_read(kind, src, len, &t, &cause), FORMAT_EREAD);
	assert_null(t);
	assert_non_null(cause);
	if (strcmp(cause, want) != 0)
		fail_msg("source \"%s\"\n  want: %s\n  got:  %s", src, want, cause);
	free(cause);
}

#define READ(k, s, w)		assert_read(k, s, sizeof(s) - 1, w)
#define REFUSED(k, s, w)	assert_refused(k, s, sizeof(s) - 1, w)

static void
json_reader_should_give_json_decode_errors(void **state)
{
	char *deep = malloc(2 * 513 + 1);
	cJSON *t = NULL;

	(void)state;
	REFUSED(FORMAT_JSON, "", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "  ", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "{not json", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "[1,]", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "[1] x", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "01", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "[1.]", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "TRUE", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "\x01[]", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "\"\\x\"", "Cannot read JSON: Syntax error.");
	REFUSED(FORMAT_JSON, "null", "Cannot read JSON: No error.");
	REFUSED(FORMAT_JSON, "\"a\x01\"",
	    "Cannot read JSON: Control character error, possibly incorrectly encoded.");
	REFUSED(FORMAT_JSON, "\"abc",
	    "Cannot read JSON: Control character error, possibly incorrectly encoded.");
	REFUSED(FORMAT_JSON, "[\"\xff\"]",
	    "Cannot read JSON: Malformed UTF-8 characters, possibly incorrectly encoded.");
	REFUSED(FORMAT_JSON, "[\"\\ud800\"]",
	    "Cannot read JSON: Single unpaired UTF-16 surrogate in unicode escape.");
	REFUSED(FORMAT_JSON, "[\"\\udc00\"]",
	    "Cannot read JSON: Single unpaired UTF-16 surrogate in unicode escape.");
	/* the first error in the text wins */
	REFUSED(FORMAT_JSON, "[1,,\"\x01\"]", "Cannot read JSON: Syntax error.");
	/* nesting: 512 levels are fine, 513 are not */
	memset(deep, '[', 512);
	memset(deep + 512, ']', 512);
	assert_int_equal(format_read(FORMAT_JSON, deep, 1024, &t, NULL), FORMAT_OK);
	cJSON_Delete(t);
	memset(deep, '[', 513);
	memset(deep + 513, ']', 513);
	assert_refused(FORMAT_JSON, deep, 1026, "Cannot read JSON: Maximum stack depth exceeded.");
	free(deep);
}

static void
json_reader_should_read_like_json_decode(void **state)
{
	(void)state;
	READ(FORMAT_JSON, " {\"a\":\"\\u00e9\\/\\ud83d\\ude00\"} ",
	    "{\"a\":\"\xc3\xa9/\xf0\x9f\x98\x80\"}");
	/* a repeated key keeps its first place and takes the last value */
	READ(FORMAT_JSON, "{\"a\":1,\"b\":{\"x\":1,\"x\":[2]},\"a\":\"3\"}",
	    "{\"a\":\"3\",\"b\":{\"x\":[2]}}");
	READ(FORMAT_JSON, "[1e5,-0.5,true,false,\"\"]", "[100000,-0.5,true,false,\"\"]");
	READ(FORMAT_JSON, "{}", "{}");
}

static void
yaml_reader_should_give_symfony_and_zabbix_errors(void **state)
{
	(void)state;
	REFUSED(FORMAT_YAML, "", "Cannot read YAML: File is empty.");
	assert_refused(FORMAT_YAML, NULL, 0, "Cannot read YAML: File is empty.");
	REFUSED(FORMAT_YAML, "# only a comment\n", "Cannot read YAML: File is empty.");
	REFUSED(FORMAT_YAML, "---\n~\n", "Cannot read YAML: File is empty.");
	REFUSED(FORMAT_YAML, "abc", "Cannot read YAML: Invalid YAML file contents.");
	REFUSED(FORMAT_YAML, "'6.0'", "Cannot read YAML: Invalid YAML file contents.");
	REFUSED(FORMAT_YAML, "a: \xff\n", "The YAML value does not appear to be valid UTF-8.");
	REFUSED(FORMAT_YAML, "zabbix_export:\n  version: '6.0'\n date: x\n",
	    "Unable to parse at line 3 (near \" date: x\").");
	REFUSED(FORMAT_YAML, "a:\n\t- b\n", "Unable to parse at line 2 (near \"\t- b\").");
	REFUSED(FORMAT_YAML, "a: [1, 2\n", "Unable to parse at line 2.");
	REFUSED(FORMAT_YAML, "a: 1\nb: 2\na: 3\n",
	    "Duplicate key \"a\" detected at line 3 (near \"a: 3\").");
	REFUSED(FORMAT_YAML, "{a: 1, a: 2}",
	    "Duplicate key \"a\" detected at line 1 (near \"{a: 1, a: 2}\").");
	REFUSED(FORMAT_YAML, "a: *x\n", "Reference \"x\" does not exist at line 1 (near \"a: *x\").");
	REFUSED(FORMAT_YAML, "a: !foo x\n", "Tags support is not enabled. Enable the "
	    "\"Yaml::PARSE_CUSTOM_TAGS\" flag to use \"!foo\" at line 1 (near \"a: !foo x\").");
	REFUSED(FORMAT_YAML, "a: !!int 5\n", "The string \"!!int 5\" could not be parsed as it uses "
	    "an unsupported built-in tag at line 1 (near \"a: !!int 5\").");
	REFUSED(FORMAT_YAML, "a: !!binary QQ\n", "The normalized base64 encoded data (data without "
	    "whitespace characters) length must be a multiple of four (2 bytes given) at line 1 "
	    "(near \"a: !!binary QQ\").");
	REFUSED(FORMAT_YAML, "a: b\n---\nc: d\n",
	    "Multiple documents are not supported at line 2 (near \"---\").");
	REFUSED(FORMAT_YAML, "1.5: x\n", "Numeric keys are not supported. Quote your evaluable "
	    "mapping keys instead at line 1 (near \"1.5: x\").");
	REFUSED(FORMAT_YAML, "true: x\n", "Non-string keys are not supported. Quote your evaluable "
	    "mapping keys instead at line 1 (near \"true: x\").");
}

static void
yaml_reader_should_type_and_trim_like_zabbix(void **state)
{
	(void)state;
	/* plain scalars are typed as Symfony types them; quoted and block scalars are strings */
	READ(FORMAT_YAML, "- 6.0\n- '6.0'\n- 0123\n- 099\n- -5\n- 1e3\n- 0x1F\n- 0o17\n- 1_000\n"
	    "- True\n- NULL\n- ~\n-\n- yes\n- On\n- \"1\"\n- 2023-01-02\n- x: y\n",
	    "[6,\"6.0\",83,\"099\",-5,1000,31,15,1000,true,null,null,null,\"yes\",\"On\",\"1\","
	    "1672617600,{\"x\":\"y\"}]");
	/* one trailing newline off every string: a "|" block loses its final newline */
	READ(FORMAT_YAML, "a: |\n  two\n  lines\nb: \"q\\n\\n\"\nc: |\n  x\n  \n",
	    "{\"a\":\"two\\nlines\",\"b\":\"q\\n\",\"c\":\"x\"}");
	/* a null may be given again; !!str, !!binary; aliases are copies */
	READ(FORMAT_YAML, "a:\na: 2\nb: !!str 5\nc: !!binary SGVs bG8=\nd: &x [1, {k: v}]\n"
	    "e: *x\n", "{\"a\":2,\"b\":\"5\",\"c\":\"Hello\",\"d\":[1,{\"k\":\"v\"}],"
	    "\"e\":[1,{\"k\":\"v\"}]}");
	/* keys: integers are fine, quoted keys are strings */
	READ(FORMAT_YAML, "5: x\n'true': y\n", "{\"5\":\"x\",\"true\":\"y\"}");
	/* a block whose first line starts with a tab (libyaml alone refuses it) */
	READ(FORMAT_YAML, "a: |\n  \tx\n  y\nb:\n  - |\n    \t\n    c\n  - >\n      \td\n",
	    "{\"a\":\"\\tx\\ny\",\"b\":[\"\\t\\nc\",\"\\td\"]}");
	/* ... and the text inside a block that only looks like one stays as it is */
	READ(FORMAT_YAML, "a: |\n  \tfirst\nb: |\n  text\n  x: |\n  \tnot a block\nc: |\n  \tlast\n",
	    "{\"a\":\"\\tfirst\",\"b\":\"text\\nx: |\\n\\tnot a block\",\"c\":\"\\tlast\"}");
}

/* What the yaml writer writes, the yaml reader reads, but for the final newlines. */
static void
yaml_should_read_back_what_it_writes(void **state)
{
	static const char *const values[] = { "\tvar a = 1;\n\treturn a;", "\t\nx", " lead\nx",
	    "a\n\n b\n", "x\r\ny", "it's", "6.0", "", "  ", "#", "- x", "a\tb", "\xc2\xa0",
	    "\x01", "\xe2\x80\xa8" };
	cJSON *t = cJSON_CreateObject(), *l = cJSON_AddArrayToObject(t, "l"), *back;
	char *out;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		cJSON_AddItemToArray(l, cJSON_CreateString(values[i]));
		cJSON_AddStringToObject(t, values[i][0] != '\0' ? values[i] : "e", values[i]);
	}
	assert_int_equal(format_write(FORMAT_YAML, t, 0, &out, &len, NULL), FORMAT_OK);
	assert_int_equal(format_read(FORMAT_YAML, out, len, &back, NULL), FORMAT_OK);
	yaml_expected(t);
	assert_true(tree_equal(t, back));
	free(out);
	cJSON_Delete(back);
	cJSON_Delete(t);
}

static void
xml_reader_should_give_libxml_and_zabbix_errors(void **state)
{
	(void)state;
	REFUSED(FORMAT_XML, "", "Cannot read XML: XML is empty.");
	REFUSED(FORMAT_XML, "   ", "Cannot read XML: (4) Start tag expected, '<' not found "
	    "[Line: 1 | Column: 4].");
	REFUSED(FORMAT_XML, "<zabbix_export><version>6.0</version>",
	    "Cannot read XML: (77) Premature end of data in tag zabbix_export line 1 "
	    "[Line: 1 | Column: 38].");
	REFUSED(FORMAT_XML, "<a/><b/>",
	    "Cannot read XML: (5) Extra content at the end of the document [Line: 1 | Column: 5].");
	REFUSED(FORMAT_XML, "<a>&foo;</a>",
	    "Cannot read XML: (26) Entity 'foo' not defined [Line: 1 | Column: 9].");
	/* text beside elements, either order: the reader's own path */
	REFUSED(FORMAT_XML, "<a><b><c/>  x </b></a>", "Invalid tag \"/a/b\": unexpected text \"x\".");
	REFUSED(FORMAT_XML, "<a><b>y</b><b> x <c/></b></a>",
	    "Invalid tag \"/a/b(1)\": unexpected text \"x\".");
	/* a list member with another name: the strict validator's path and text */
	REFUSED(FORMAT_XML, "<zabbix_export><templates><template><items><item/><itm/></items>"
	    "</template></templates></zabbix_export>",
	    "Invalid tag \"/zabbix_export/templates/template(1)/items\": unexpected tag \"itm\".");
}

static void
xml_reader_should_walk_like_zabbix(void **state)
{
	(void)state;
	/* lists become arrays, empty elements "" whatever they are, whitespace-only text is no
	 * text but CDATA is, entities and CR are decoded */
	READ(FORMAT_XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<zabbix_export>\n  <tags>\n"
	    "    <tag><tag>a</tag></tag>\n    <tag><tag>b</tag><value/></tag>\n  </tags>\n"
	    "  <macros/>\n  <d>  </d><e><![CDATA[  ]]></e><f>&amp;&lt;&#13;&#xe9;</f>\n"
	    "  <parameters><parameter/><parameter>1</parameter></parameters>\n"
	    "</zabbix_export>\n",
	    "{\"zabbix_export\":{\"tags\":[{\"tag\":\"a\"},{\"tag\":\"b\",\"value\":\"\"}],"
	    "\"macros\":\"\",\"d\":\"\",\"e\":\"  \",\"f\":\"&<\\r\xc3\xa9\","
	    "\"parameters\":[\"\",\"1\"]}}");
	/* a repeated name outside a list: name1, name2... by the count of keys so far, a clash
	 * overwrites in place; list text stays text; comments are skipped, the first text kept */
	READ(FORMAT_XML, "<a><b>1</b><b1>2</b1><b>3</b><c/><c/><items>t</items>"
	    "<x>p<!-- c -->q</x></a>",
	    "{\"a\":{\"b\":\"1\",\"b1\":\"2\",\"b2\":\"3\",\"c\":\"\",\"c4\":\"\",\"items\":\"t\","
	    "\"x\":\"p\"}}");
	/* 1.8 files: attributes and namespace declarations become members */
	READ(FORMAT_XML, "<a x=\"1\" xmlns:p=\"u\"><b>t</b><p:c>2</p:c></a>",
	    "{\"a\":{\"xmlns:p\":\"u\",\"x\":\"1\",\"b\":\"t\",\"p:c\":\"2\"}}");
	/* a second list tag is renamed, and a renamed key is no list: members stay keys */
	READ(FORMAT_XML, "<a><groups><group>1</group></groups><groups><group>2</group>"
	    "<group>3</group></groups></a>",
	    "{\"a\":{\"groups\":[\"1\"],\"groups1\":{\"group\":\"2\",\"group1\":\"3\"}}}");
	/* PHP's renaming lets a literal <item1> be the second member */
	READ(FORMAT_XML, "<items><item>1</item><item1>2</item1><item>3</item></items>",
	    "{\"items\":[\"1\",\"2\",\"3\"]}");
}

static void
kind_names_should_be_the_apis(void **state)
{
	enum format_kind k;

	(void)state;
	assert_int_equal(format_kind_parse("yaml", &k), 0);
	assert_int_equal(k, FORMAT_YAML);
	assert_int_equal(format_kind_parse("xml", &k), 0);
	assert_int_equal(k, FORMAT_XML);
	assert_int_equal(format_kind_parse("json", &k), 0);
	assert_int_equal(k, FORMAT_JSON);
	assert_int_equal(format_kind_parse("raw", &k), -1);
	assert_int_equal(format_kind_parse("JSON", &k), -1);
	assert_string_equal(format_kind_name(FORMAT_XML), "xml");
}

static int
run_targeted(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recorded_export_should_match_in_every_format),
		cmocka_unit_test(json_should_escape_as_php_json_encode),
		cmocka_unit_test(json_pretty_should_indent_by_four),
		cmocka_unit_test(json_should_refuse_invalid_utf8),
		cmocka_unit_test(yaml_should_quote_like_symfony),
		cmocka_unit_test(yaml_should_write_blocks_and_lists),
		cmocka_unit_test(yaml_should_inline_below_level_100),
		cmocka_unit_test(xml_should_escape_and_use_cdata),
		cmocka_unit_test(xml_should_refuse_what_xmlwriter_cannot_write),
		cmocka_unit_test(xml_list_table_should_cover_the_60_schema),
		cmocka_unit_test(json_reader_should_give_json_decode_errors),
		cmocka_unit_test(json_reader_should_read_like_json_decode),
		cmocka_unit_test(yaml_reader_should_give_symfony_and_zabbix_errors),
		cmocka_unit_test(yaml_reader_should_type_and_trim_like_zabbix),
		cmocka_unit_test(yaml_should_read_back_what_it_writes),
		cmocka_unit_test(xml_reader_should_give_libxml_and_zabbix_errors),
		cmocka_unit_test(xml_reader_should_walk_like_zabbix),
		cmocka_unit_test(kind_names_should_be_the_apis),
	};

	return cmocka_run_group_tests_name("format edge cases", tests, NULL, NULL);
}

int
main(void)
{
	int rc = 0;

	rc |= run_targeted();
	rc |= run_official();
	xmlCleanupParser();
	return rc;
}
