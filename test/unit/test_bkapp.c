/* test_bkapp.c: the --bk-app spec "CODE:SECRET[:trusted][:BIZ,...]" and the businesses an
 * app may act on. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/compat.h"
#include "tmpld/util.h"

/* Parses spec, which must be accepted, and checks every part of the app. */
static void
parses(const char *spec, const char *code, const char *secret, bool trusted,
    const uint64_t *bizs, size_t nbiz)
{
	struct compat_bk_app app;
	char *cause = (char *)1;

	assert_int_equal(compat_bk_app_parse(spec, &app, &cause), 0);
	assert_null(cause);
	assert_string_equal(app.code, code);
	assert_string_equal(app.secret, secret);
	assert_int_equal(app.trusted, trusted);
	assert_int_equal(app.nbiz, nbiz);
	for (size_t i = 0; i < nbiz; i++)
		assert_int_equal(app.bizs[i], bizs[i]);
	compat_bk_app_clear(&app);
	assert_null(app.code);
	assert_null(app.secret);
	assert_null(app.bizs);
	assert_int_equal(app.nbiz, 0);
}

static void
refused(const char *spec)
{
	struct compat_bk_app app;
	char *cause = NULL;

	assert_int_equal(compat_bk_app_parse(spec, &app, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "--bk-app"));
	assert_null(app.code);
	assert_null(app.secret);
	assert_null(app.bizs);
	free(cause);
}

static void
plain_and_trusted_apps_should_parse(void **state)
{
	(void)state;
	parses("esb:xxx", "esb", "xxx", false, NULL, 0);
	parses("esb:xxx:trusted", "esb", "xxx", true, NULL, 0);
	/* a secret may hold colons; "CODE:trusted" has the secret "trusted" */
	parses("cfg:s3:cr:et:trusted", "cfg", "s3:cr:et", true, NULL, 0);
	parses("ops:trusted", "ops", "trusted", false, NULL, 0);
	/* an all-digit secret with nothing after it is the secret */
	parses("num:12345", "num", "12345", false, NULL, 0);
}

static void
business_lists_should_parse(void **state)
{
	static const uint64_t one[] = { 2 }, three[] = { 2, 7, 9007199254740991u };

	(void)state;
	parses("esb:xxx:2", "esb", "xxx", false, one, 1);
	parses("esb:xxx:trusted:2", "esb", "xxx", true, one, 1);
	parses("esb:xxx:trusted:2,7,9007199254740991", "esb", "xxx", true, three, 3);
	parses("cfg:s3:cr:et:trusted:2", "cfg", "s3:cr:et", true, one, 1);
	/* "ops:trusted:2": the secret "trusted", not trusted */
	parses("ops:trusted:2", "ops", "trusted", false, one, 1);
}

static void
malformed_specs_should_be_refused(void **state)
{
	(void)state;
	refused("");
	refused("nocolon");
	refused(":secret");
	refused("code:");
	refused("code::trusted");
	refused("esb:xxx:trusted:,");
	refused("esb:xxx:1,");
	refused("esb:xxx:,1");
	refused("esb:xxx:1,,2");
	refused("esb:xxx:0");
	refused("esb:xxx:1,0");
	refused("esb:xxx:9007199254740992");	/* above 2^53 - 1 */
}

static void
an_app_should_allow_its_businesses_only(void **state)
{
	struct compat_bk_app all, some;
	char *cause;

	(void)state;
	assert_int_equal(compat_bk_app_parse("a:s", &all, &cause), 0);
	assert_int_equal(compat_bk_app_parse("b:s:trusted:3,5", &some, &cause), 0);
	assert_true(compat_bk_app_allows(&all, 1));
	assert_true(compat_bk_app_allows(&all, 999));
	assert_true(compat_bk_app_allows(&some, 3));
	assert_true(compat_bk_app_allows(&some, 5));
	assert_false(compat_bk_app_allows(&some, 4));
	assert_false(compat_bk_app_allows(&some, 1));
	compat_bk_app_clear(&all);
	compat_bk_app_clear(&some);
}

static void
registered_apps_should_be_freed(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(compat_bk_app_add("a:s:trusted:1,2", &cause), 0);
	assert_int_equal(compat_bk_app_add("b:s", &cause), 0);
	assert_int_equal(compat_bk_app_add("bad", &cause), -1);
	free(cause);
	compat_bk_apps_free();
}

/* A reload replaces the table whole, or not at all; the tables it replaced are freed with
 * the last (ASan finds a leak or a double free). */
static void
a_reload_should_replace_all_apps_or_none(void **state)
{
	char g1[] = "a:s1:trusted", g2[] = "b:s2:4", b1[] = "c:s3", b2[] = "broken";
	char *good[] = { g1, g2 }, *bad[] = { b1, b2 };
	char *cause = NULL;

	(void)state;
	assert_int_equal(compat_bk_app_add("old:s0", &cause), 0);
	assert_int_equal(compat_bk_apps_replace(good, 2, &cause), 0);
	assert_null(cause);
	assert_int_equal(compat_bk_apps_replace(bad, 2, &cause), -1);
	assert_non_null(cause);
	assert_null(strstr(cause, "broken"));	/* a spec may hold a secret: not echoed */
	free(cause);
	assert_int_equal(compat_bk_apps_replace(NULL, 0, &cause), 0);
	assert_int_equal(compat_bk_apps_replace(good, 1, &cause), 0);
	compat_bk_apps_free();
	assert_int_equal(compat_bk_apps_replace(good, 2, &cause), 0);
	compat_bk_apps_free();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_trusted_apps_should_parse),
		cmocka_unit_test(business_lists_should_parse),
		cmocka_unit_test(malformed_specs_should_be_refused),
		cmocka_unit_test(an_app_should_allow_its_businesses_only),
		cmocka_unit_test(registered_apps_should_be_freed),
		cmocka_unit_test(a_reload_should_replace_all_apps_or_none),
	};

	return cmocka_run_group_tests_name("bkapp", tests, NULL, NULL);
}
