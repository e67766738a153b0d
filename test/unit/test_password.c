/* test_password.c: bcrypt hashes as Zabbix stores them, and their verification. */
#include <string.h>

#include "unit.h"
#include "tmpld/util.h"

static void
hash_should_be_bcrypt_cost_10(void **state)
{
	char h[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("zabbix", h, sizeof h), 0);
	assert_int_equal(strncmp(h, "$2y$10$", 7), 0);
	assert_int_equal(strlen(h), 60);
}

static void
verify_should_accept_only_the_password(void **state)
{
	char h[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("zabbix", h, sizeof h), 0);
	assert_int_equal(password_hash("zabbix", h2, sizeof h2), 0);
	assert_string_not_equal(h, h2);		/* a new salt each time */
	assert_true(password_verify("zabbix", h));
	assert_true(password_verify("zabbix", h2));
	assert_false(password_verify("Zabbix", h));
	assert_false(password_verify("", h));
	assert_false(password_verify("zabbix", ""));
	assert_false(password_verify("zabbix", "$2y$10$short"));
}

static void
verify_should_read_zabbix_hashes(void **state)
{
	(void)state;
	/* The hash of "zabbix" that a fresh Zabbix 6.0 database ships for Admin. */
	assert_true(password_verify("zabbix",
	    "$2y$10$92nDno4n0Zm7Ej7Jfsz8WukBfgSS/U0QkIuu8WkJPihXBb2A1UrEK"));
}

static void
ct_equal_should_compare_all_bytes(void **state)
{
	(void)state;
	assert_true(util_ct_equal("abcd", "abcd", 4));
	assert_false(util_ct_equal("abcd", "abce", 4));
	assert_false(util_ct_equal("xbcd", "abcd", 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_should_be_bcrypt_cost_10),
		cmocka_unit_test(verify_should_accept_only_the_password),
		cmocka_unit_test(verify_should_read_zabbix_hashes),
		cmocka_unit_test(ct_equal_should_compare_all_bytes),
	};

	return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}
