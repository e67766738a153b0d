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

static void __attribute__((unused))
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

int
main(void)
{
	int rc = 0;

	rc |= run_official();
	xmlCleanupParser();
	return rc;
}
