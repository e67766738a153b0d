/* test_macro.c: Zabbix's user macro syntax, its error texts and the normal form that decides
 * uniqueness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"

static void
assert_macro_ok(const char *s, const char *norm_want)
{
	char *norm = NULL, *cause = NULL;

	assert_int_equal(macro_parse(s, &norm, &cause), 0);
	assert_null(cause);
	assert_string_equal(norm, norm_want);
	free(norm);
}

static void
assert_macro_bad(const char *s, const char *want)
{
	char *norm = NULL, *cause = NULL;

	assert_int_equal(macro_parse(s, &norm, &cause), -1);
	assert_null(norm);
	assert_string_equal(cause, want);
	free(cause);
}

static void
names_should_follow_zabbix_syntax(void **state)
{
	(void)state;
	assert_macro_ok("{$A}", "{$A}");
	assert_macro_ok("{$A.B_9}", "{$A.B_9}");
	assert_macro_bad("{$abc}", "incorrect syntax near \"abc}\"");
	assert_macro_bad("ABC", "incorrect syntax near \"ABC\"");
	assert_macro_bad("{$}", "incorrect syntax near \"}\"");
	assert_macro_bad("{$ABC", "unexpected end of macro");
	assert_macro_bad("{$A}x", "incorrect syntax near \"x\"");
	assert_macro_bad("", "macro is empty");
	assert_macro_bad("{", "unexpected end of macro");
}

static void
contexts_should_normalise_for_uniqueness(void **state)
{
	(void)state;
	assert_macro_ok("{$M:a}", "{$M:\"a\"}");
	assert_macro_ok("{$M: \"a\"}", "{$M:\"a\"}");
	assert_macro_ok("{$M:}", "{$M:\"\"}");
	assert_macro_ok("{$M:\"\"}", "{$M:\"\"}");
	assert_macro_ok("{$M:\"a\\\"b\"}", "{$M:\"a\\\"b\"}");
	assert_macro_ok("{$M:regex:\"^x\"}", "{$M:regex:\"^x\"}");
	assert_macro_bad("{$M:\"a\"x}", "incorrect syntax near \"x}\"");
	assert_macro_bad("{$M:\"a", "unexpected end of macro");
	assert_macro_bad("{$M:abc", "unexpected end of macro");
}

/* Found by test/fuzz/fuzz_macro.c: the normal form must parse back to itself. */
static void
normal_forms_should_parse_to_themselves(void **state)
{
	(void)state;
	/* quotes inside a context are escaped in the normal form */
	assert_macro_ok("{$M:begex:\"^x$\"}", "{$M:\"begex:\\\"^x$\\\"\"}");
	assert_macro_ok("{$M:\"begex:\\\"^x$\\\"\"}", "{$M:\"begex:\\\"^x$\\\"\"}");
	assert_macro_ok("{$M:a\"b}", "{$M:\"a\\\"b\"}");
	assert_macro_ok("{$M:\"a\\\"b\"}", "{$M:\"a\\\"b\"}");
	/* a context ending in a backslash stays unquoted */
	assert_macro_ok("{$M:a\\}", "{$M:a\\}");
	assert_macro_ok("{$M:regex: a\"\\}", "{$M:regex:a\"\\}");
	/* a backslash before a quote in an unquoted context survives quoting */
	assert_macro_ok("{$M:x\\\"y}", "{$M:\"x\\\\\"y\"}");
	assert_macro_ok("{$M:\"x\\\\\"y\"}", "{$M:\"x\\\\\"y\"}");
}

static void
long_tails_should_be_cut_at_50_characters(void **state)
{
	char buf[128], want[128];

	(void)state;
	memset(buf, 'x', 60);
	buf[60] = '\0';
	memset(want, 'x', 50);
	want[50] = '\0';
	{
		char *full = malloc(200), *cause = NULL;

		snprintf(full, 200, "incorrect syntax near \"%s ...\"", want);
		assert_int_equal(macro_parse(buf, NULL, &cause), -1);
		assert_string_equal(cause, full);
		free(cause);
		free(full);
	}
}

static void
vault_values_should_be_path_and_key(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_true(macro_vault_valid("secret/zabbix:password", &cause));
	assert_false(macro_vault_valid("nokey", &cause));
	assert_string_equal(cause, "incorrect syntax near \"nokey\"");
	free(cause);
	assert_false(macro_vault_valid("path:", &cause));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_should_follow_zabbix_syntax),
		cmocka_unit_test(contexts_should_normalise_for_uniqueness),
		cmocka_unit_test(normal_forms_should_parse_to_themselves),
		cmocka_unit_test(long_tails_should_be_cut_at_50_characters),
		cmocka_unit_test(vault_values_should_be_path_and_key),
	};

	return cmocka_run_group_tests_name("macro", tests, NULL, NULL);
}
