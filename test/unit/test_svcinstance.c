/* test_svcinstance.c: how a BlueKing process instance follows its template: creation from
 * the template, the difference, the sync (locked fields, null, bind_info rows by row id),
 * what an edit may change, the client property checks, and the built-in categories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/proctemplate.h"
#include "tmpld/svcinstance.h"
#include "tmpld/util.h"

/* A template from a process_property text, finished (rows numbered). */
static void
tpl(struct proctemplate *t, const char *text)
{
	struct err err = { 0 };
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	memset(t, 0, sizeof *t);
	t->bind_null = true;
	t->id = 7;
	assert_int_equal(proctemplate_merge(t, j, &err), 0);
	assert_int_equal(proctemplate_finish(t, &err), 0);
	cJSON_Delete(j);
}

static void
tpl_update(struct proctemplate *t, const char *text)
{
	struct err err = { 0 };
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	assert_int_equal(proctemplate_merge(t, j, &err), 0);
	assert_int_equal(proctemplate_finish(t, &err), 0);
	cJSON_Delete(j);
}

#define BASE "{\"bk_process_name\":{\"value\":\"p\"},\"bk_func_name\":{\"value\":\"f\"}," \
	"\"user\":{\"value\":\"root\",\"as_default_value\":false}," \
	"\"work_path\":{\"value\":\"/srv\",\"as_default_value\":true}," \
	"\"timeout\":{\"value\":30,\"as_default_value\":true}," \
	"\"bind_info\":{\"value\":[{\"ip\":{\"value\":\"3\",\"as_default_value\":true}," \
	"\"port\":{\"value\":\"80\",\"as_default_value\":true}," \
	"\"protocol\":{\"value\":\"1\",\"as_default_value\":true}," \
	"\"enable\":{\"value\":true,\"as_default_value\":false}}]}}"

static const char *
str_of(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
row0(const cJSON *prop)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(prop, "bind_info"), 0);
}

static void
instances_should_take_locked_fields_from_the_template(void **state)
{
	struct proctemplate t;
	cJSON *given = cJSON_Parse("{\"user\":\"app\",\"work_path\":\"/mine\",\"bind_info\":"
	    "[{\"template_row_id\":1,\"enable\":false,\"port\":\"1\"}]}");
	cJSON *p;

	(void)state;
	tpl(&t, BASE);
	p = procinst_from_template(&t, given, "10.1.2.3");
	assert_string_equal(str_of(p, "user"), "app");
	assert_string_equal(str_of(p, "work_path"), "/srv");
	assert_string_equal(str_of(p, "bk_process_name"), "p");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(p, "timeout")->valuedouble, 30);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "proc_num")));
	assert_string_equal(str_of(row0(p), "ip"), "10.1.2.3");
	assert_string_equal(str_of(row0(p), "port"), "80");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(row0(p), "enable")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(row0(p), "template_row_id")->valuedouble,
	    1);
	cJSON *d = procinst_diff(&t, p, "10.1.2.3");
	assert_int_equal(cJSON_GetArraySize(d), 0);
	cJSON_Delete(d);
	cJSON_Delete(p);
	cJSON_Delete(given);
	proctemplate_free(&t);
}

static const cJSON *
attr(const cJSON *diff, const char *name)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, diff)
		if (strcmp(str_of(a, "property_id"), name) == 0)
			return a;
	return NULL;
}

static void
diff_and_sync_should_follow_locked_fields_only(void **state)
{
	struct proctemplate t;
	cJSON *p, *d, *again;

	(void)state;
	tpl(&t, BASE);
	p = procinst_from_template(&t, NULL, "");
	tpl_update(&t, "{\"user\":{\"value\":\"nobody\",\"as_default_value\":false},"
	    "\"work_path\":{\"value\":\"/opt\",\"as_default_value\":true},"
	    "\"timeout\":{\"value\":null,\"as_default_value\":true}}");
	d = procinst_diff(&t, p, "");
	assert_int_equal(cJSON_GetArraySize(d), 2);
	assert_non_null(attr(d, "work_path"));
	assert_string_equal(str_of(attr(d, "work_path"), "property_value"), "/srv");
	assert_string_equal(str_of(attr(d, "work_path"), "template_property_value"), "/opt");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(attr(d, "timeout"),
	    "template_property_value")));
	assert_null(attr(d, "user"));
	cJSON_Delete(d);
	procinst_sync(&t, p, "");
	assert_string_equal(str_of(p, "work_path"), "/opt");
	assert_string_equal(str_of(p, "user"), "root");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "timeout")));
	again = procinst_diff(&t, p, "");
	assert_int_equal(cJSON_GetArraySize(again), 0);
	cJSON_Delete(again);
	cJSON_Delete(p);
	proctemplate_free(&t);
}

static void
sync_should_rebuild_bind_rows_by_row_id(void **state)
{
	struct proctemplate t;
	struct err err = { 0 };
	cJSON *p, *rows, *d, *edit;

	(void)state;
	tpl(&t, BASE);
	p = procinst_from_template(&t, NULL, "10.0.0.1");
	edit = cJSON_Parse("{\"bind_info\":[{\"template_row_id\":1,\"enable\":false}]}");
	assert_int_equal(procinst_update(&t, p, edit, &err), 0);
	cJSON_Delete(edit);
	/* row 1 changes its locked port, row 2 is new */
	tpl_update(&t, "{\"bind_info\":{\"value\":[{\"row_id\":1,"
	    "\"ip\":{\"value\":\"1\",\"as_default_value\":true},"
	    "\"port\":{\"value\":\"81\",\"as_default_value\":true},"
	    "\"protocol\":{\"value\":\"1\",\"as_default_value\":true},"
	    "\"enable\":{\"value\":true,\"as_default_value\":false}},"
	    "{\"port\":{\"value\":\"82\",\"as_default_value\":false},"
	    "\"protocol\":{\"value\":\"2\",\"as_default_value\":true}}]}}");
	d = procinst_diff(&t, p, "10.0.0.1");
	assert_non_null(attr(d, "bind_info"));
	cJSON_Delete(d);
	procinst_sync(&t, p, "10.0.0.1");
	rows = cJSON_GetObjectItemCaseSensitive(p, "bind_info");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	assert_string_equal(str_of(cJSON_GetArrayItem(rows, 0), "port"), "81");
	assert_string_equal(str_of(cJSON_GetArrayItem(rows, 0), "ip"), "127.0.0.1");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 0),
	    "enable")));
	assert_string_equal(str_of(cJSON_GetArrayItem(rows, 1), "port"), "82");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 1),
	    "template_row_id")->valuedouble, 2);
	/* row 1 removed from the template: the instance row goes; row 2 keeps its unlocked port */
	edit = cJSON_Parse("{\"bind_info\":[{\"template_row_id\":2,\"port\":\"90\"}]}");
	assert_int_equal(procinst_update(&t, p, edit, &err), 0);
	cJSON_Delete(edit);
	tpl_update(&t, "{\"bind_info\":{\"value\":[{\"row_id\":2,"
	    "\"port\":{\"value\":\"82\",\"as_default_value\":false},"
	    "\"protocol\":{\"value\":\"2\",\"as_default_value\":true}}]}}");
	procinst_sync(&t, p, "10.0.0.1");
	rows = cJSON_GetObjectItemCaseSensitive(p, "bind_info");
	assert_int_equal(cJSON_GetArraySize(rows), 1);
	assert_string_equal(str_of(cJSON_GetArrayItem(rows, 0), "port"), "90");
	cJSON_Delete(p);
	proctemplate_free(&t);
}

static void
edits_should_refuse_locked_fields(void **state)
{
	struct proctemplate t;
	struct err err = { 0 };
	cJSON *p, *before, *in;

	(void)state;
	tpl(&t, BASE);
	p = procinst_from_template(&t, NULL, "");
	before = cJSON_Duplicate(p, true);
	in = cJSON_Parse("{\"user\":\"x\",\"work_path\":\"/other\"}");
	assert_int_equal(procinst_update(&t, p, in, &err), -1);
	assert_int_equal(err.kind, ERR_CONFLICT);
	assert_string_equal(err.subject, "locked");
	assert_non_null(strstr(err.text, "'work_path'"));
	assert_true(cJSON_Compare(before, p, true));
	err_clear(&err);
	cJSON_Delete(in);
	in = cJSON_Parse("{\"bind_info\":[{\"template_row_id\":1,\"port\":\"99\"}]}");
	assert_int_equal(procinst_update(&t, p, in, &err), -1);
	assert_non_null(strstr(err.text, "'bind_info[0].port'"));
	err_clear(&err);
	cJSON_Delete(in);
	/* the same value of a locked field is no change: accepted, as clients send whole objects */
	in = cJSON_Parse("{\"user\":\"x\",\"work_path\":\"/srv\",\"bk_process_name\":\"p\"}");
	assert_int_equal(procinst_update(&t, p, in, &err), 0);
	assert_string_equal(str_of(p, "user"), "x");
	cJSON_Delete(in);
	/* without a template everything is editable, bind_info replaced */
	in = cJSON_Parse("{\"work_path\":\"/free\",\"bind_info\":[{\"port\":\"1-2\","
	    "\"protocol\":\"2\"}]}");
	assert_int_equal(procinst_update(NULL, p, in, &err), 0);
	assert_string_equal(str_of(p, "work_path"), "/free");
	assert_string_equal(str_of(row0(p), "port"), "1-2");
	cJSON_Delete(in);
	in = cJSON_Parse("{\"bk_process_name\":\"\"}");
	assert_int_equal(procinst_update(NULL, p, in, &err), -1);
	assert_int_equal(err.kind, ERR_PARAM);
	err_clear(&err);
	cJSON_Delete(in);
	cJSON_Delete(before);
	cJSON_Delete(p);
	proctemplate_free(&t);
}

static int
check(const char *text, bool strict)
{
	struct err err = { 0 };
	cJSON *j = cJSON_Parse(text);
	int rc;

	assert_non_null(j);
	rc = procinst_check(j, strict, &err) == 0 ? 0 : (int)err.kind;
	err_clear(&err);
	cJSON_Delete(j);
	return rc;
}

static void
client_properties_should_be_checked(void **state)
{
	(void)state;
	assert_int_equal(check("{\"proc_num\":5,\"user\":\"u\",\"auto_start\":true}", false), 0);
	assert_int_equal(check("{\"proc_num\":\"5\"}", false), ERR_TYPE);
	assert_int_equal(check("{\"proc_num\":1.5}", false), ERR_TYPE);
	assert_int_equal(check("{\"proc_num\":0}", false), ERR_PARAM);
	assert_int_equal(check("{\"priority\":-100}", false), 0);
	assert_int_equal(check("{\"auto_start\":1}", false), ERR_TYPE);
	assert_int_equal(check("{\"user\":5}", false), ERR_TYPE);
	assert_int_equal(check("{\"bind_info\":{}}", false), ERR_TYPE);
	assert_int_equal(check("{\"bind_info\":[5]}", false), ERR_TYPE);
	assert_int_equal(check("{\"bind_info\":[{}]}", false), 0);
	assert_int_equal(check("{\"bind_info\":[{}]}", true), ERR_PARAM);
	assert_int_equal(check("{\"bind_info\":[{\"port\":\"80\",\"protocol\":\"3\"}]}", true),
	    ERR_PARAM);
	assert_int_equal(check("{\"bind_info\":[{\"ip\":\"300.1.1.1\"}]}", false), ERR_PARAM);
	assert_int_equal(check("{\"bind_info\":[{\"ip\":\"::1\",\"port\":\"1,3-4\"}]}", false),
	    0);
	assert_int_equal(check("{\"bind_info\":[{\"template_row_id\":-1}]}", false), ERR_TYPE);
	assert_int_equal(check("[]", false), ERR_TYPE);
}

static void
builtin_categories_should_be_the_migrations(void **state)
{
	cJSON *c;

	(void)state;
	c = bkcat_builtin_json(1);
	assert_string_equal(str_of(c, "name"), "Default");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "bk_parent_id")->valuedouble, 1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "bk_root_id")->valuedouble, 1);
	cJSON_Delete(c);
	c = bkcat_builtin_json(19);
	assert_string_equal(str_of(c, "name"), "NFS");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "bk_root_id")->valuedouble, 18);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_built_in")));
	cJSON_Delete(c);
	assert_null(bkcat_builtin_json(BKCAT_BUILTIN_N));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instances_should_take_locked_fields_from_the_template),
		cmocka_unit_test(diff_and_sync_should_follow_locked_fields_only),
		cmocka_unit_test(sync_should_rebuild_bind_rows_by_row_id),
		cmocka_unit_test(edits_should_refuse_locked_fields),
		cmocka_unit_test(client_properties_should_be_checked),
		cmocka_unit_test(builtin_categories_should_be_the_migrations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
