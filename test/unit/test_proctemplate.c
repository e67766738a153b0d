/* test_proctemplate.c: the process template model: every field's JSON type and range, the
 * merge rules, bind_info row ids, port syntax, the encoding and the time format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "tmpld/proctemplate.h"
#include "tmpld/util.h"

static const char *const int_fields[] = { "proc_num", "priority", "auto_time_gap", "timeout" };
static const char *const str_fields[] = {
	"stop_cmd", "restart_cmd", "face_stop_cmd", "bk_func_name", "work_path", "reload_cmd",
	"bk_process_name", "pid_file", "start_cmd", "bk_func_id", "user", "description",
	"bk_start_param_regex",
};

/* A valid template: both names set, one bind_info row. */
static void
pt_base(struct proctemplate *t)
{
	struct err err = { 0 };
	cJSON *j = cJSON_Parse("{\"bk_process_name\":{\"value\":\"p\"},"
	    "\"bk_func_name\":{\"value\":\"f\"},\"bind_info\":{\"value\":[{\"port\":"
	    "{\"value\":\"80\"},\"protocol\":{\"value\":\"1\"}}]}}");

	memset(t, 0, sizeof *t);
	t->bind_null = true;
	assert_int_equal(proctemplate_merge(t, j, &err), 0);
	assert_int_equal(proctemplate_finish(t, &err), 0);
	cJSON_Delete(j);
}

/* Merges text into a fresh base template and finishes it; returns the error kind. */
static int
pt_apply(struct proctemplate *t, const char *text, char **msg)
{
	struct err err = { 0 };
	cJSON *j = cJSON_Parse(text);
	int rc;

	assert_non_null(j);
	rc = proctemplate_merge(t, j, &err) == 0 && proctemplate_finish(t, &err) == 0;
	cJSON_Delete(j);
	if (msg != NULL)
		*msg = err.text != NULL ? xstrdup(err.text) : NULL;
	rc = rc ? 0 : (int)err.kind;
	err_clear(&err);
	return rc;
}

static int
pt_try(const char *text, char **msg)
{
	struct proctemplate t;
	int rc;

	pt_base(&t);
	rc = pt_apply(&t, text, msg);
	proctemplate_free(&t);
	return rc;
}

static int
pt_try_field(const char *field, const char *value)
{
	char text[256];

	snprintf(text, sizeof text, "{\"%s\":{\"value\":%s,\"as_default_value\":false}}",
	    field, value);
	return pt_try(text, NULL);
}

static void
int_fields_should_take_only_json_integers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof int_fields / sizeof int_fields[0]; i++) {
		assert_int_equal(pt_try_field(int_fields[i], "\"5\""), ERR_TYPE);
		assert_int_equal(pt_try_field(int_fields[i], "1.5"), ERR_TYPE);
		assert_int_equal(pt_try_field(int_fields[i], "true"), ERR_TYPE);
		assert_int_equal(pt_try_field(int_fields[i], "[]"), ERR_TYPE);
		assert_int_equal(pt_try_field(int_fields[i], "1e30"), ERR_TYPE);
		assert_int_equal(pt_try_field(int_fields[i], "null"), 0);
		assert_int_equal(pt_try_field(int_fields[i], "5"), 0);
	}
}

static void
int_fields_should_keep_their_ranges(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof int_fields / sizeof int_fields[0]; i++) {
		bool prio = strcmp(int_fields[i], "priority") == 0;

		assert_int_equal(pt_try_field(int_fields[i], prio ? "-101" : "0"), ERR_PARAM);
		assert_int_equal(pt_try_field(int_fields[i], prio ? "-100" : "1"), 0);
		assert_int_equal(pt_try_field(int_fields[i], "10000"), 0);
		assert_int_equal(pt_try_field(int_fields[i], "10001"), ERR_PARAM);
	}
}

static void
string_and_bool_fields_should_take_only_their_type(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof str_fields / sizeof str_fields[0]; i++) {
		assert_int_equal(pt_try_field(str_fields[i], "5"), ERR_TYPE);
		assert_int_equal(pt_try_field(str_fields[i], "false"), ERR_TYPE);
		assert_int_equal(pt_try_field(str_fields[i], "\"x y\""), 0);
	}
	assert_int_equal(pt_try_field("auto_start", "\"true\""), ERR_TYPE);
	assert_int_equal(pt_try_field("auto_start", "1"), ERR_TYPE);
	assert_int_equal(pt_try_field("auto_start", "true"), 0);
	assert_int_equal(pt_try("{\"user\":{\"value\":\"u\",\"as_default_value\":\"yes\"}}",
	    NULL), ERR_TYPE);
	assert_int_equal(pt_try("{\"user\":\"root\"}", NULL), ERR_TYPE);
	assert_int_equal(pt_try("{\"user\":5}", NULL), ERR_TYPE);
}

static void
names_should_stay_non_empty_and_default(void **state)
{
	struct proctemplate t;
	char *msg;

	(void)state;
	assert_int_equal(pt_try("{\"bk_process_name\":{\"value\":\"\"}}", &msg), ERR_PARAM);
	assert_non_null(strstr(msg, "'bk_process_name'"));
	free(msg);
	assert_int_equal(pt_try("{\"bk_func_name\":null}", &msg), ERR_PARAM);
	assert_non_null(strstr(msg, "'bk_func_name'"));
	free(msg);
	pt_base(&t);
	assert_int_equal(pt_apply(&t, "{\"bk_process_name\":{\"value\":\"q\","
	    "\"as_default_value\":false},\"bk_func_name\":{\"value\":\"g\"}}", NULL), 0);
	assert_string_equal(proctemplate_name(&t), "q");
	assert_int_equal(t.p[PT_F_PROCESS_NAME].dflt, PT_DFLT_TRUE);
	assert_int_equal(t.p[PT_F_FUNC_NAME].dflt, PT_DFLT_TRUE);
	assert_string_equal(t.p[PT_F_FUNC_NAME].s, "g");
	proctemplate_free(&t);
}

static void
merge_should_change_only_what_is_sent(void **state)
{
	struct proctemplate t;

	(void)state;
	pt_base(&t);
	assert_int_equal(pt_apply(&t, "{\"proc_num\":{\"value\":3,\"as_default_value\":true},"
	    "\"user\":{\"value\":\"root\",\"as_default_value\":false}}", NULL), 0);
	assert_int_equal(pt_apply(&t, "{\"proc_num\":{\"value\":5}}", NULL), 0);
	assert_int_equal(t.p[PT_F_PROC_NUM].kind, PT_INT);
	assert_int_equal(t.p[PT_F_PROC_NUM].i, 5);
	assert_int_equal(t.p[PT_F_PROC_NUM].dflt, PT_DFLT_NULL);	/* replaced, not kept */
	assert_string_equal(t.p[PT_F_USER].s, "root");			/* not sent: kept */
	assert_int_equal(t.p[PT_F_USER].dflt, PT_DFLT_FALSE);
	assert_int_equal(t.nrows, 1);					/* not sent: kept */
	assert_int_equal(pt_apply(&t, "{\"user\":null,\"proc_num\":{\"as_default_value\":true}}",
	    NULL), 0);
	assert_int_equal(t.p[PT_F_USER].kind, PT_NULL);
	assert_int_equal(t.p[PT_F_USER].dflt, PT_DFLT_NULL);
	assert_int_equal(t.p[PT_F_PROC_NUM].kind, PT_NULL);
	assert_int_equal(t.p[PT_F_PROC_NUM].dflt, PT_DFLT_TRUE);
	assert_int_equal(pt_apply(&t, "{}", NULL), 0);
	proctemplate_free(&t);
}

static int64_t
row_id(const struct proctemplate *t, size_t i)
{
	return t->rows[i].row_id;
}

#define ROW(id) "{" id "\"port\":{\"value\":\"80\"},\"protocol\":{\"value\":\"1\"}}"

static void
row_ids_should_never_be_reused(void **state)
{
	struct proctemplate t;

	(void)state;
	pt_base(&t);					/* row 1 */
	assert_int_equal(row_id(&t, 0), 1);
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[" ROW("\"row_id\":1,")
	    "," ROW("") "," ROW("\"row_id\":null,") "]}}", NULL), 0);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(row_id(&t, 1), 2);
	assert_int_equal(row_id(&t, 2), 3);
	/* drop rows 2 and 3: the next new row is 4, not 2 */
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[" ROW("\"row_id\":1,")
	    "]}}", NULL), 0);
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[" ROW("\"row_id\":1,")
	    "," ROW("") "]}}", NULL), 0);
	assert_int_equal(row_id(&t, 1), 4);
	/* a higher id sent counts too; 0 means new */
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[" ROW("\"row_id\":10,")
	    "," ROW("\"row_id\":0,") "]}}", NULL), 0);
	assert_int_equal(row_id(&t, 1), 11);
	/* an empty list, then a new row: 12 */
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[]}}", NULL), 0);
	assert_int_equal(pt_apply(&t, "{\"bind_info\":{\"value\":[" ROW("") "]}}", NULL), 0);
	assert_int_equal(row_id(&t, 0), 12);
	assert_int_equal(t.max_row_id, 12);
	proctemplate_free(&t);
}

static void
bad_row_ids_should_be_refused(void **state)
{
	char *msg;

	(void)state;
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":[" ROW("\"row_id\":2,") ","
	    ROW("\"row_id\":2,") "]}}", &msg), ERR_PARAM);
	assert_non_null(strstr(msg, "'bind_info[1].row_id'"));
	free(msg);
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":[" ROW("\"row_id\":-1,") "]}}",
	    NULL), ERR_PARAM);
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":[" ROW("\"row_id\":\"1\",") "]}}",
	    NULL), ERR_TYPE);
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":{}}}", NULL), ERR_TYPE);
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":[5]}}", NULL), ERR_TYPE);
	assert_int_equal(pt_try("{\"bind_info\":[]}", NULL), ERR_TYPE);
}

static void
bind_rows_should_be_validated_with_their_path(void **state)
{
	static const struct { const char *row, *path; int code; } cases[] = {
		{ "\"ip\":{\"value\":\"5\"},\"port\":{\"value\":\"80\"},\"protocol\":{\"value\":\"1\"}",
		    "'bind_info[1].ip'", ERR_PARAM },
		{ "\"ip\":{\"value\":\"127.0.0.1\"},\"port\":{\"value\":\"80\"},"
		    "\"protocol\":{\"value\":\"1\"}", "'bind_info[1].ip'", ERR_PARAM },
		{ "\"protocol\":{\"value\":\"1\"}", "'bind_info[1].port'", ERR_PARAM },
		{ "\"port\":{\"value\":\"0\"},\"protocol\":{\"value\":\"1\"}",
		    "'bind_info[1].port'", ERR_PARAM },
		{ "\"port\":{\"value\":\"80\"}", "'bind_info[1].protocol'", ERR_PARAM },
		{ "\"port\":{\"value\":\"80\"},\"protocol\":{\"value\":\"3\"}",
		    "'bind_info[1].protocol'", ERR_PARAM },
		{ "\"port\":{\"value\":80},\"protocol\":{\"value\":\"1\"}",
		    "'bind_info[1].port.value'", ERR_TYPE },
		{ "\"enable\":{\"value\":\"yes\"},\"port\":{\"value\":\"80\"},"
		    "\"protocol\":{\"value\":\"1\"}", "'bind_info[1].enable.value'", ERR_TYPE },
	};
	char text[512], *msg;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "{\"bind_info\":{\"value\":[" ROW("") ",{%s}]}}",
		    cases[i].row);
		assert_int_equal(pt_try(text, &msg), cases[i].code);
		assert_non_null(strstr(msg, cases[i].path));
		free(msg);
	}
	for (const char *ip = "1234"; *ip != '\0'; ip++) {
		snprintf(text, sizeof text, "{\"bind_info\":{\"value\":[{\"ip\":{\"value\":\"%c\"},"
		    "\"port\":{\"value\":\"80\"},\"protocol\":{\"value\":\"2\"}}]}}", *ip);
		assert_int_equal(pt_try(text, NULL), 0);
	}
	assert_int_equal(pt_try("{\"bind_info\":{\"value\":[{\"ip\":{\"value\":\"\"},"
	    "\"port\":{\"value\":\"80\"},\"protocol\":{\"value\":\"2\"}}]}}", NULL), 0);
}

static void
port_syntax_should_follow_the_rules(void **state)
{
	static const char *const good[] = {
		"80", "1", "65535", "1-65535", "80,443", "8000-8010,9000", "5-5", "1,2,3-4",
	};
	static const char *const bad[] = {
		"", "0", "080", "65536", "80 ", " 80", "80,80", "1-10,5", "10-1", "a", "80,",
		",80", "-80", "1-2-3", "1000000", "80;81", "5-", "1-10,10-20", "+80",
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(proctemplate_port_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (proctemplate_port_valid(bad[i]))
			fail_msg("port \"%s\" should be refused", bad[i]);
	assert_false(proctemplate_port_valid(NULL));
}

static void
func_pairs_should_compare_null_regex_as_empty(void **state)
{
	struct proctemplate a, b;

	(void)state;
	pt_base(&a);
	pt_base(&b);
	assert_true(proctemplate_same_func(&a, &b));
	assert_int_equal(pt_apply(&b, "{\"bk_start_param_regex\":{\"value\":\"\"}}", NULL), 0);
	assert_true(proctemplate_same_func(&a, &b));
	assert_int_equal(pt_apply(&b, "{\"bk_start_param_regex\":{\"value\":\"-c x\"}}", NULL), 0);
	assert_false(proctemplate_same_func(&a, &b));
	proctemplate_free(&a);
	proctemplate_free(&b);
}

static void
records_should_survive_encoding(void **state)
{
	struct proctemplate t, u, v;
	struct codec_buf b = { 0 };
	cJSON *x, *y;

	(void)state;
	pt_base(&t);
	assert_int_equal(pt_apply(&t, "{\"priority\":{\"value\":-100,\"as_default_value\":true},"
	    "\"auto_start\":{\"value\":false},\"user\":{\"value\":\"r\"}}", NULL), 0);
	t.id = 7, t.biz_id = 2, t.svc_id = 3;
	proctemplate_stamp(&t, "alice", true);
	proctemplate_encode(&t, &b);
	assert_int_equal(proctemplate_decode(b.data, b.len, &u), 0);
	x = proctemplate_to_json(&t);
	y = proctemplate_to_json(&u);
	assert_true(cJSON_Compare(x, y, true));
	assert_int_equal(u.max_row_id, 1);
	assert_int_equal(proctemplate_decode(b.data, b.len - 1, &v), -1);	/* frees itself */
	cJSON_Delete(x);
	cJSON_Delete(y);
	codec_buf_free(&b);
	proctemplate_free(&t);
	proctemplate_free(&u);
}

static void
times_should_be_rfc3339_with_offset(void **state)
{
	char buf[PT_TIME_LEN];

	(void)state;
	setenv("TZ", "CST-8", 1);	/* POSIX form: no tzdata needed */
	tzset();
	pt_time_format(1561105503, 962512, buf);
	assert_string_equal(buf, "2019-06-21T16:25:03.962512+08:00");
	setenv("TZ", "UTC0", 1);
	tzset();
	pt_time_format(0, 5, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.000005+00:00");
}

/* Issue 9: the row id check over a request's own rows sorts them (100,000 rows). */
static void
row_ids_should_be_checked_over_100000_rows(void **state)
{
	cJSON *prop = cJSON_CreateObject(), *bind = cJSON_AddObjectToObject(prop, "bind_info");
	cJSON *rows = cJSON_AddArrayToObject(bind, "value");
	struct proctemplate t;
	struct err err = { 0 };

	(void)state;
	for (int i = 0; i < 100000; i++) {
		cJSON *r = cJSON_CreateObject();

		cJSON_AddItemToObject(r, "port", cJSON_Parse("{\"value\":\"80\"}"));
		cJSON_AddItemToObject(r, "protocol", cJSON_Parse("{\"value\":\"1\"}"));
		cJSON_AddNumberToObject(r, "row_id", i % 3 == 0 ? 0 : i + 1);
		cJSON_AddItemToArray(rows, r);
	}
	pt_base(&t);
	assert_int_equal(proctemplate_merge(&t, prop, &err), 0);
	assert_int_equal(proctemplate_finish(&t, &err), 0);
	assert_int_equal(t.nrows, 100000);
	proctemplate_free(&t);
	/* two repeats: the earlier second occurrence is named */
	cJSON_SetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 99998), "row_id"), 5);
	cJSON_SetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 70000), "row_id"), 8);
	pt_base(&t);
	assert_int_equal(proctemplate_merge(&t, prop, &err), -1);
	assert_int_equal(err.kind, ERR_PARAM);
	assert_string_equal(err.text, "'bind_info[70000].row_id' parameter validation failed: "
	    "row id 8 is used twice");
	err_clear(&err);
	proctemplate_free(&t);
	cJSON_Delete(prop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(int_fields_should_take_only_json_integers),
		cmocka_unit_test(int_fields_should_keep_their_ranges),
		cmocka_unit_test(string_and_bool_fields_should_take_only_their_type),
		cmocka_unit_test(names_should_stay_non_empty_and_default),
		cmocka_unit_test(merge_should_change_only_what_is_sent),
		cmocka_unit_test(row_ids_should_never_be_reused),
		cmocka_unit_test(bad_row_ids_should_be_refused),
		cmocka_unit_test(row_ids_should_be_checked_over_100000_rows),
		cmocka_unit_test(bind_rows_should_be_validated_with_their_path),
		cmocka_unit_test(port_syntax_should_follow_the_rules),
		cmocka_unit_test(func_pairs_should_compare_null_regex_as_empty),
		cmocka_unit_test(records_should_survive_encoding),
		cmocka_unit_test(times_should_be_rfc3339_with_offset),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("proctemplate", tests, NULL, NULL);
}
