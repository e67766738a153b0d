/* test_session.c: session ids, expiry after the user's auto-logout, sliding, and the purge. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
ids_should_be_32_lowercase_hex_and_differ(void **state)
{
	char a[SESSION_ID_LEN + 1], b[SESSION_ID_LEN + 1];

	(void)state;
	assert_int_equal(session_id_new(a), 0);
	assert_int_equal(session_id_new(b), 0);
	assert_int_equal(strlen(a), 32);
	assert_true(session_id_wellformed(a));
	assert_string_not_equal(a, b);
	assert_false(session_id_wellformed("0424BD59B807674191E7D77572075F33"));
	assert_false(session_id_wellformed("abc"));
	assert_false(session_id_wellformed("0424bd59b807674191e7d77572075f330"));
	assert_false(session_id_wellformed(""));
	assert_false(session_id_wellformed("0424bd59b807674191e7d77572075f3"));	/* 31 */
	assert_false(session_id_wellformed("0424bd59b807674191e7d77572075f3g"));
	assert_false(session_id_wellformed("0424bd59b807674191e7d77572075f3\xc3"));
	assert_true(session_id_wellformed("0123456789abcdef0123456789abcdef"));
}

static void
expiry_should_follow_autologout(void **state)
{
	struct session s = { .lastaccess = 1000 };
	char fifteen[] = "15m", never[] = "0";
	struct user u = { .autologout = fifteen };

	(void)state;
	assert_int_equal(user_autologout_seconds(&u), 900);
	assert_false(session_expired(&s, 900, 1899));
	assert_true(session_expired(&s, 900, 1900));
	assert_false(session_expired(&s, 0, 1000000));	/* "0": never */
	u.autologout = never;
	assert_int_equal(user_autologout_seconds(&u), 0);
}

static void
slide_should_write_at_most_once_a_minute(void **state)
{
	struct session s = { .lastaccess = 1000 };

	(void)state;
	assert_false(session_needs_slide(&s, 1000));
	assert_false(session_needs_slide(&s, 1059));
	assert_true(session_needs_slide(&s, 1060));
}

static void
record_should_round_trip(void **state)
{
	struct session s = { .userid = 7, .lastaccess = 123456789 }, t;
	struct codec_buf b = { 0 };

	(void)state;
	strcpy(s.ip, "127.0.0.1");
	session_encode(&s, &b);
	assert_int_equal(session_decode(b.data, b.len, &t), 0);
	assert_int_equal(t.userid, 7);
	assert_int_equal(t.lastaccess, 123456789);
	assert_string_equal(t.ip, "127.0.0.1");
	assert_int_equal(session_decode(b.data, b.len - 1, &t), -1);
	codec_buf_free(&b);
}

static void
purge_should_remove_expired_and_orphaned_sessions(void **state)
{
	struct store_opts o = { .map_size = 16 << 20 };
	char *dir = tmpdir_new(), *cause = NULL;
	struct store *st;
	struct store_txn *t;
	struct user admin, temp;
	struct session live = { .lastaccess = 5000 }, old = { .lastaccess = 1000 }, orphan = { 0 };
	size_t n;

	(void)state;
	o.dir = dir;
	assert_int_equal(store_open(&o, &st, &cause), STORE_OK);
	user_init_admin(&admin, "h");
	user_init_admin(&temp, "h");
	user_set_str(&temp.username, "temp");
	user_set_str(&temp.autologout, "15m");
	assert_int_equal(store_txn_write(st, NULL, &t), STORE_OK);
	assert_int_equal(store_user_create(t, &admin), STORE_OK);
	assert_int_equal(store_user_create(t, &temp), STORE_OK);
	live.userid = temp.userid;
	old.userid = temp.userid;
	orphan.userid = 999;
	session_id_new(live.sessionid);
	session_id_new(old.sessionid);
	session_id_new(orphan.sessionid);
	assert_int_equal(store_session_put(t, &live), STORE_OK);
	assert_int_equal(store_session_put(t, &old), STORE_OK);
	assert_int_equal(store_session_put(t, &orphan), STORE_OK);
	assert_int_equal(store_session_purge(t, 5100, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_session_get(t, live.sessionid, &live), STORE_OK);
	assert_int_equal(store_session_get(t, old.sessionid, &old), STORE_ENOTFOUND);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	user_free(&admin);
	user_free(&temp);
	store_close(st);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids_should_be_32_lowercase_hex_and_differ),
		cmocka_unit_test(expiry_should_follow_autologout),
		cmocka_unit_test(slide_should_write_at_most_once_a_minute),
		cmocka_unit_test(record_should_round_trip),
		cmocka_unit_test(purge_should_remove_expired_and_orphaned_sessions),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
