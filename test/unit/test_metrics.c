/* test_metrics.c: bucket placement, slots summed across processes, the exposition's text,
 * and the JSON and text forms of log lines with fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "tmpld/metrics.h"
#include "tmpld/util.h"

static const char *const names[] = { "apiinfo.version", "template.get", "user.login" };

static int
setup(void **state)
{
	(void)state;
	return metrics_init(names, 3, 3);
}

static int
teardown(void **state)
{
	(void)state;
	metrics_free();
	return 0;
}

static char *
render(const struct metrics_store *st)
{
	size_t len = 0;
	char *t = metrics_render(st, &len);

	assert_non_null(t);
	assert_int_equal(strlen(t), len);
	return t;
}

static void
assert_has(const char *text, const char *line)
{
	if (strstr(text, line) == NULL)
		fail_msg("missing \"%s\" in:\n%s", line, text);
}

static void
bucket_should_be_the_first_bound_not_below(void **state)
{
	static const uint64_t b[] = { 1, 2, 4, 8 };

	(void)state;
	assert_int_equal(metrics_bucket_of(b, 4, 0), 0);
	assert_int_equal(metrics_bucket_of(b, 4, 1), 0);	/* le is inclusive */
	assert_int_equal(metrics_bucket_of(b, 4, 2), 1);
	assert_int_equal(metrics_bucket_of(b, 4, 3), 2);
	assert_int_equal(metrics_bucket_of(b, 4, 8), 3);
	assert_int_equal(metrics_bucket_of(b, 4, 9), 4);	/* +Inf */
	assert_int_equal(metrics_bucket_of(b, 4, UINT64_MAX), 4);
}

static void
outcome_labels_should_name_the_codes(void **state)
{
	(void)state;
	assert_string_equal(metrics_outcome_label(0), "ok");
	assert_string_equal(metrics_outcome_label(-32602), "-32602");
	assert_string_equal(metrics_outcome_label(-32500), "-32500");
	assert_string_equal(metrics_outcome_label(-32601), "-32601");
	assert_string_equal(metrics_outcome_label(12345), "other");
}

static void
render_should_count_calls_and_place_durations(void **state)
{
	char *t;

	(void)state;
	metrics_call(1, 0, 80);		/* template.get ok, 80 us: first bucket */
	metrics_call(1, 0, 3000);	/* 3 ms: le 0.005 */
	metrics_call(1, -32602, 20000000);	/* 20 s: +Inf only */
	metrics_call(99, -32601, 5);	/* unknown method */
	t = render(NULL);
	assert_has(t, "# TYPE tmpld_calls_total counter\n");
	assert_has(t, "# TYPE tmpld_call_duration_seconds histogram\n");
	assert_has(t, "tmpld_calls_total{method=\"template.get\",outcome=\"ok\"} 2\n");
	assert_has(t, "tmpld_calls_total{method=\"template.get\",outcome=\"-32602\"} 1\n");
	assert_has(t, "tmpld_calls_total{method=\"unknown\",outcome=\"-32601\"} 1\n");
	assert_has(t, "tmpld_call_duration_seconds_bucket{method=\"template.get\",le=\"0.0001\"} 1\n");
	assert_has(t, "tmpld_call_duration_seconds_bucket{method=\"template.get\",le=\"0.0025\"} 1\n");
	assert_has(t, "tmpld_call_duration_seconds_bucket{method=\"template.get\",le=\"0.005\"} 2\n");
	assert_has(t, "tmpld_call_duration_seconds_bucket{method=\"template.get\",le=\"10\"} 2\n");
	assert_has(t, "tmpld_call_duration_seconds_bucket{method=\"template.get\",le=\"+Inf\"} 3\n");
	assert_has(t, "tmpld_call_duration_seconds_sum{method=\"template.get\"} 20.00308\n");
	assert_has(t, "tmpld_call_duration_seconds_count{method=\"template.get\"} 3\n");
	/* a method without calls has no series */
	assert_null(strstr(t, "method=\"apiinfo.version\""));
	assert_null(strstr(t, "tmpld_sessions"));	/* no store numbers given */
	free(t);
}

static void
render_should_sum_the_slots_of_every_process(void **state)
{
	struct metrics_store st = { 1, 4, 2, 8192, 1048576, 4096 };
	char *t;
	int status;

	(void)state;
	for (int i = 1; i <= 2; i++) {
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			metrics_slot_use(i);
			metrics_call(2, 0, 1000);
			metrics_commit((size_t)i * 3, 2000);
			metrics_connections_add(2);
			metrics_login_blocked();
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_int_equal(status, 0);
	}
	metrics_call(2, -32500, 1000);
	metrics_commit(1, 500);
	metrics_connections_add(1);
	metrics_connections_add(-1);
	t = render(&st);
	assert_has(t, "tmpld_calls_total{method=\"user.login\",outcome=\"ok\"} 2\n");
	assert_has(t, "tmpld_calls_total{method=\"user.login\",outcome=\"-32500\"} 1\n");
	assert_has(t, "tmpld_call_duration_seconds_count{method=\"user.login\"} 3\n");
	assert_has(t, "tmpld_call_duration_seconds_sum{method=\"user.login\"} 0.003\n");
	assert_has(t, "tmpld_commit_group_size_bucket{le=\"1\"} 1\n");
	assert_has(t, "tmpld_commit_group_size_bucket{le=\"4\"} 2\n");	/* 3 */
	assert_has(t, "tmpld_commit_group_size_bucket{le=\"8\"} 3\n");	/* 6 */
	assert_has(t, "tmpld_commit_group_size_sum 10\n");
	assert_has(t, "tmpld_commit_group_size_count 3\n");
	assert_has(t, "tmpld_commit_duration_seconds_bucket{le=\"0.0005\"} 1\n");
	assert_has(t, "tmpld_commit_duration_seconds_bucket{le=\"0.0025\"} 3\n");
	assert_has(t, "tmpld_commit_duration_seconds_sum 0.0045\n");
	assert_has(t, "# TYPE tmpld_connections_open gauge\ntmpld_connections_open 4\n");
	assert_has(t, "# TYPE tmpld_logins_blocked_total counter\ntmpld_logins_blocked_total 2\n");
	assert_has(t, "tmpld_sessions 4\n");
	assert_has(t, "tmpld_api_tokens 2\n");
	assert_has(t, "tmpld_store_file_bytes 8192\n");
	assert_has(t, "tmpld_store_map_bytes 1048576\n");
	assert_has(t, "tmpld_store_used_bytes 4096\n");
	free(t);
}

static void
every_line_should_be_a_comment_or_a_sample(void **state)
{
	char *t, *line, *save = NULL;

	(void)state;
	metrics_call(0, 0, 1);
	t = render(NULL);
	assert_true(t[strlen(t) - 1] == '\n');
	for (line = strtok_r(t, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		const char *sp = strrchr(line, ' ');

		if (strncmp(line, "# HELP tmpld_", 13) == 0 || strncmp(line, "# TYPE tmpld_", 13) == 0)
			continue;
		assert_int_equal(strncmp(line, "tmpld_", 6), 0);
		assert_non_null(sp);
		assert_true(strspn(sp + 1, "0123456789.") == strlen(sp + 1));
	}
	free(t);
}

static void
recorders_should_do_nothing_before_init(void **state)
{
	size_t len;

	(void)state;
	metrics_free();
	metrics_call(0, 0, 1);
	metrics_commit(1, 1);
	metrics_connections_add(1);
	metrics_login_blocked();
	assert_null(metrics_render(NULL, &len));
}

/* ---- log lines with fields ---- */

static char *
capture(enum log_format f, const char *msg, const struct log_field *fields, size_t n)
{
	static char buf[8192];
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t got;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	log_set_format(f);
	log_fields(LOG_INFO, msg, fields, n);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	log_set_format(LOG_TEXT);
	rewind(tmp);
	got = fread(buf, 1, sizeof buf - 1, tmp);
	buf[got] = '\0';
	fclose(tmp);
	return buf;
}

static void
log_fields_should_write_the_call_line(void **state)
{
	const struct log_field f[] = {
		{ "client", "127.0.0.1", 0 }, { "user", "Zabbix \"admin\"", 0 },
		{ "method", "a=b\nc", 0 }, { "outcome", "ok", 0 }, { "duration_us", NULL, 42 },
	};
	char *line;

	(void)state;
	line = capture(LOG_TEXT, "call", f, 5);
	assert_non_null(strstr(line, "] info: call client=127.0.0.1 user=\"Zabbix \\x22admin\\x22\" "
	    "method=\"a=b\\x0ac\" outcome=ok duration_us=42\n"));
	line = capture(LOG_JSON, "call", f, 5);
	assert_non_null(strstr(line, "\"level\":\"info\""));
	assert_non_null(strstr(line, ",\"msg\":\"call\",\"client\":\"127.0.0.1\","
	    "\"user\":\"Zabbix \\\"admin\\\"\",\"method\":\"a=b\\nc\",\"outcome\":\"ok\","
	    "\"duration_us\":42}\n"));
	assert_int_equal(strncmp(line, "{\"ts\":\"", 7), 0);
}

static void
json_escape_should_give_valid_json_text(void **state)
{
	char out[128];

	(void)state;
	log_json_escape(out, sizeof out, "q\"b\\s\x01\x7f");
	assert_string_equal(out, "q\\\"b\\\\s\\u0001\\u007f");
	log_json_escape(out, sizeof out, "h\xc3\xa9 \xff\xe2\x80\xa8");
	assert_string_equal(out, "h\xc3\xa9 \\u00ff\\u00e2\\u0080\\u00a8");
	log_json_escape(out, 8, "abcdefghij");
	assert_string_equal(out, "abcd...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bucket_should_be_the_first_bound_not_below),
		cmocka_unit_test(outcome_labels_should_name_the_codes),
		cmocka_unit_test_setup_teardown(render_should_count_calls_and_place_durations,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(render_should_sum_the_slots_of_every_process,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(every_line_should_be_a_comment_or_a_sample,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(recorders_should_do_nothing_before_init,
		    setup, teardown),
		cmocka_unit_test(log_fields_should_write_the_call_line),
		cmocka_unit_test(json_escape_should_give_valid_json_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
