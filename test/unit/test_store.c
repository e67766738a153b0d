/* test_store.c: the LMDB layer on a real store in a temp dir: schema, sequences, users,
 * nested transactions. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
sequences_should_count_from_one_per_name(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	uint64_t a, b, c;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_seq_next(t, "hosts", &a), STORE_OK);
	assert_int_equal(store_seq_next(t, "hosts", &b), STORE_OK);
	assert_int_equal(store_seq_next(t, "groups", &c), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(c, 1);
	/* a run of ids at once, and the next one after it */
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_seq_take(t, "hosts", 3, &a), STORE_OK);
	assert_int_equal(store_seq_next(t, "hosts", &b), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(a, 3);
	assert_int_equal(b, 6);
}

/* Ended reads are kept and renewed: a renewed read sees every commit made since, also
 * after the map grew, and more reads at once than are kept still work. */
static void
renewed_reads_should_see_the_latest_commit(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *r[6], *w;
	uint64_t id;

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < 6; i++)	/* more than the store keeps */
			assert_int_equal(store_txn_read(f->st, &r[i]), STORE_OK);
		for (size_t i = 0; i < 6; i++) {
			const void *v;
			size_t vlen;

			assert_int_equal(store_get(r[i], STORE_DB_SEQ, "renew", 5, &v, &vlen),
			    round == 0 ? STORE_ENOTFOUND : STORE_OK);
			if (round > 0)	/* the value the last commit wrote */
				assert_int_equal(codec_from_be64(v), (uint64_t)round);
			if (i % 2 == 0)
				store_txn_abort(r[i]);
			else
				assert_int_equal(store_txn_commit(r[i]), STORE_OK);
		}
		assert_int_equal(store_txn_write(f->st, NULL, &w), STORE_OK);
		assert_int_equal(store_seq_next(w, "renew", &id), STORE_OK);
		assert_int_equal(store_txn_commit(w), STORE_OK);
		if (round == 1)
			assert_int_equal(store_map_grow(f->st), STORE_OK);
	}
}

/* A read transaction that looks up many records by id (and some again, and some that do not
 * exist) gets the same answers with its memo as without, in two tables with the same ids,
 * while a write transaction alongside sees its own changes and the reader keeps its
 * snapshot. */
static void
reads_by_id_should_answer_the_same_from_the_memo(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *r, *w;
	const void *v;
	size_t vlen;
	struct codec_buf b = { 0 };

	assert_int_equal(store_txn_write(f->st, NULL, &w), STORE_OK);
	for (uint64_t id = 1; id <= 600; id++) {
		codec_buf_free(&b);
		codec_put_u64(&b, id * 10);
		assert_int_equal(store_put_id(w, STORE_DB_ITEMS, id, &b, false), STORE_OK);
		if (id % 3 == 0) {
			codec_buf_free(&b);
			codec_put_u64(&b, id * 100);
			codec_put_u8(&b, 1);
			assert_int_equal(store_put_id(w, STORE_DB_TRIGGERS, id, &b, false),
			    STORE_OK);
		}
	}
	assert_int_equal(store_txn_commit(w), STORE_OK);
	assert_int_equal(store_txn_read(f->st, &r), STORE_OK);
	assert_int_equal(store_txn_write(f->st, NULL, &w), STORE_OK);
	codec_buf_free(&b);
	codec_put_u64(&b, 7);
	assert_int_equal(store_put_id(w, STORE_DB_ITEMS, 5, &b, false), STORE_OK);
	for (int round = 0; round < 3; round++)
		for (uint64_t id = 1; id <= 700; id += round + 1) {
			assert_int_equal(store_get_id(r, STORE_DB_ITEMS, id, &v, &vlen),
			    id <= 600 ? STORE_OK : STORE_ENOTFOUND);
			if (id <= 600) {
				assert_int_equal(vlen, 8);
				assert_int_equal(codec_from_be64(v), id * 10);	/* the snapshot */
			}
			assert_int_equal(store_get_id(r, STORE_DB_TRIGGERS, id, &v, &vlen),
			    id <= 600 && id % 3 == 0 ? STORE_OK : STORE_ENOTFOUND);
			if (id <= 600 && id % 3 == 0) {
				assert_int_equal(vlen, 9);
				assert_int_equal(codec_from_be64(v), id * 100);
			}
			assert_int_equal(store_get_id(w, STORE_DB_ITEMS, 5, &v, &vlen), STORE_OK);
			assert_int_equal(codec_from_be64(v), 7);	/* the writer's own */
		}
	store_txn_abort(w);
	store_txn_abort(r);
	codec_buf_free(&b);
}

/* A kept snapshot is the same one for reads in a row while nothing is committed; a commit
 * (or another store) makes the next one new, seeing the commit; a read inside a kept one is a
 * plain one; release ends it, at once or when its reader ends it; the map grows only when
 * no snapshot is kept. */
static void
kept_reads_should_share_a_snapshot_until_a_commit(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *a, *b, *inner, *w;
	const void *v;
	size_t vlen;
	uint64_t id;

	assert_false(store_txn_keeps(f->st));
	assert_int_equal(store_txn_read_kept(f->st, &a), STORE_OK);
	assert_true(store_txn_keeps(f->st));
	assert_int_equal(store_get(a, STORE_DB_SEQ, "kept", 4, &v, &vlen), STORE_ENOTFOUND);
	assert_int_equal(store_txn_read_kept(f->st, &inner), STORE_OK);	/* a is in use */
	assert_ptr_not_equal(inner, a);
	store_txn_abort(inner);
	store_txn_abort(a);
	assert_int_equal(store_txn_read_kept(f->st, &b), STORE_OK);
	assert_ptr_equal(b, a);			/* nothing committed: the same snapshot */
	assert_int_equal(store_txn_commit(b), STORE_OK);
	assert_int_equal(store_txn_write(f->st, NULL, &w), STORE_OK);
	assert_int_equal(store_seq_next(w, "kept", &id), STORE_OK);
	assert_int_equal(store_txn_commit(w), STORE_OK);
	assert_int_equal(store_txn_read_kept(f->st, &b), STORE_OK);
	assert_int_equal(store_get(b, STORE_DB_SEQ, "kept", 4, &v, &vlen), STORE_OK);
	assert_int_equal(codec_from_be64(v), id);	/* a new one, with the commit */
	store_txn_release(f->st);			/* in use: ends with its reader */
	assert_false(store_txn_keeps(f->st));
	assert_int_equal(store_get(b, STORE_DB_SEQ, "kept", 4, &v, &vlen), STORE_OK);
	store_txn_abort(b);
	assert_int_equal(store_txn_read_kept(f->st, &a), STORE_OK);
	store_txn_abort(a);
	assert_int_equal(store_map_grow(f->st), STORE_EFULL);	/* held off by the kept one */
	store_txn_release(f->st);
	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(store_txn_read_kept(f->st, &a), STORE_OK);	/* after the resize */
	assert_int_equal(store_get(a, STORE_DB_SEQ, "kept", 4, &v, &vlen), STORE_OK);
	store_txn_abort(a);
	store_txn_release(f->st);
}

/* delete_all takes every macro of one host, its pairs at once and each record, and leaves
 * another host's macros alone. */
static void
a_hosts_macros_should_go_all_at_once(void **state)
{
	struct unit_fx *f = *state;
	struct macro m = { 0 };
	struct id_list five = { 0 }, six = { 0 };
	struct store_txn *t;
	const void *v;
	size_t vlen;
	uint64_t other;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	for (int i = 0; i < 4; i++) {
		char name[] = "{$M}", value[] = "v", descr[] = "";

		m = (struct macro){ .hostid = i < 3 ? 5 : 6, .macro = name, .value = value,
		    .description = descr };
		assert_int_equal(store_macro_create(t, &m), STORE_OK);
	}
	other = m.hostmacroid;
	assert_int_equal(store_host_macros(t, 5, &five), STORE_OK);
	assert_int_equal(five.n, 3);
	assert_int_equal(store_macro_delete_all(t, 5, five.ids, five.n), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	id_list_free(&five);
	assert_int_equal(store_host_macros(t, 5, &five), STORE_OK);
	assert_int_equal(five.n, 0);
	assert_int_equal(store_get_id(t, STORE_DB_MACROS, other - 1, &v, &vlen), STORE_ENOTFOUND);
	assert_int_equal(store_host_macros(t, 6, &six), STORE_OK);
	assert_int_equal(six.n, 1);
	assert_int_equal(six.ids[0], other);
	assert_int_equal(store_get_id(t, STORE_DB_MACROS, other, &v, &vlen), STORE_OK);
	store_txn_abort(t);
	id_list_free(&five);
	id_list_free(&six);
}

/* The record encoding's bytes are the stored format: big-endian integers and length-prefixed
 * strings, read back the same; a short record reads as bad. */
static void
records_should_keep_their_big_endian_bytes(void **state)
{
	static const uint8_t want[] = { 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 2, 'a', 'b',
	    0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
	struct codec_buf b = { 0 };
	struct codec_reader r;
	uint8_t key[8];
	char *str;

	(void)state;
	codec_put_u32(&b, 0x01020304u);
	codec_put_u64(&b, 0x0102030405060708u);
	codec_put_str(&b, "ab");
	codec_be64(0xfedcba9876543210u, key);
	assert_int_equal(b.len, 18);
	assert_memory_equal(b.data, want, 18);
	assert_memory_equal(key, want + 18, 8);
	assert_true(codec_from_be64(key) == 0xfedcba9876543210u);
	codec_reader_init(&r, b.data, b.len);
	assert_int_equal(codec_get_u32(&r), 0x01020304u);
	assert_true(codec_get_u64(&r) == 0x0102030405060708u);
	str = codec_get_str(&r);
	assert_string_equal(str, "ab");
	free(str);
	assert_false(r.bad);
	codec_reader_init(&r, b.data, 3);
	assert_int_equal(codec_get_u32(&r), 0);
	assert_true(r.bad);
	codec_buf_free(&b);
}

/* An update that writes the bytes already stored writes nothing: its commit leaves the
 * store's last transaction as it was; other bytes are written. */
static void
unchanged_records_should_not_be_written_again(void **state)
{
	struct unit_fx *f = *state;
	struct codec_buf a = { 0 }, b = { 0 };
	struct store_txn *t;
	const void *v;
	size_t vlen;
	uint64_t last;

	codec_put_str(&a, "one record");
	codec_put_str(&b, "another record");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put_id(t, STORE_DB_MACROS, 7, &a, false), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	last = store_last_txnid(f->st);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put_id_changed(t, STORE_DB_MACROS, 7, &a), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_last_txnid(f->st), last);	/* nothing was written */
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put_id_changed(t, STORE_DB_MACROS, 7, &b), STORE_OK);
	assert_int_equal(store_put_id_changed(t, STORE_DB_MACROS, 8, &a), STORE_OK);	/* new */
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_last_txnid(f->st), last + 1);
	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(store_get_id(t, STORE_DB_MACROS, 7, &v, &vlen), STORE_OK);
	assert_int_equal(vlen, b.len);
	assert_memory_equal(v, b.data, b.len);
	assert_int_equal(store_get_id(t, STORE_DB_MACROS, 8, &v, &vlen), STORE_OK);
	assert_int_equal(vlen, a.len);
	store_txn_abort(t);
	codec_buf_free(&a);
	codec_buf_free(&b);
}

/* A prefix seek finds keys that start with the prefix, and none of a neighbour's. */
static void
prefix_any_should_see_only_keys_of_the_prefix(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	bool any = true;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_prefix_any(t, STORE_DB_HOST_ITEMS, 7, &any), STORE_OK);
	assert_false(any);
	assert_int_equal(store_pair_add(t, STORE_DB_HOST_ITEMS, 7, 70), STORE_OK);
	assert_int_equal(store_pair_add(t, STORE_DB_HOST_ITEMS, 9, 90), STORE_OK);
	assert_int_equal(store_prefix_any(t, STORE_DB_HOST_ITEMS, 7, &any), STORE_OK);
	assert_true(any);
	assert_int_equal(store_prefix_any(t, STORE_DB_HOST_ITEMS, 8, &any), STORE_OK);
	assert_false(any);
	assert_int_equal(store_prefix_any(t, STORE_DB_HOST_ITEMS, 10, &any), STORE_OK);
	assert_false(any);
	store_txn_abort(t);
}

static void
users_should_be_unique_by_name_and_found_by_it(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct user u, v, got;

	user_init_admin(&u, "$2y$10$x");
	user_init_admin(&v, "$2y$10$y");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_user_create(t, &u), STORE_OK);
	assert_int_equal(store_user_create(t, &v), STORE_EEXIST);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(store_user_by_name(t, "Admin", &got), STORE_OK);
	assert_int_equal(got.userid, u.userid);
	assert_string_equal(got.surname, "Administrator");
	assert_string_equal(got.autologout, "0");
	user_free(&got);
	assert_int_equal(store_user_by_name(t, "admin", &got), STORE_ENOTFOUND);
	store_txn_abort(t);
	user_free(&u);
	user_free(&v);
}

static void
nested_abort_should_drop_only_the_child(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *p, *c1, *c2, *r;
	const void *v;
	size_t vl;

	assert_int_equal(store_txn_write(f->st, NULL, &p), STORE_OK);
	assert_int_equal(store_txn_write(f->st, p, &c1), STORE_OK);
	assert_int_equal(store_put(c1, STORE_DB_META, "k1", 2, "a", 1, false), STORE_OK);
	assert_int_equal(store_txn_commit(c1), STORE_OK);
	assert_int_equal(store_txn_write(f->st, p, &c2), STORE_OK);
	assert_int_equal(store_put(c2, STORE_DB_META, "k2", 2, "b", 1, false), STORE_OK);
	store_txn_abort(c2);
	assert_int_equal(store_txn_commit(p), STORE_OK);
	assert_int_equal(store_txn_read(f->st, &r), STORE_OK);
	assert_int_equal(store_get(r, STORE_DB_META, "k1", 2, &v, &vl), STORE_OK);
	assert_int_equal(store_get(r, STORE_DB_META, "k2", 2, &v, &vl), STORE_ENOTFOUND);
	store_txn_abort(r);
}

static void
newer_schema_should_be_refused_with_a_clear_error(void **state)
{
	struct unit_fx *f = *state;
	struct store_opts o = { .dir = f->dir, .map_size = 16 << 20 };
	struct store_txn *t;
	struct store *again = NULL;
	const uint8_t v99[4] = { 0, 0, 0, 99 };
	char *cause = NULL;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put(t, STORE_DB_META, "schema", 6, v99, 4, false), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_open(&o, &again, &cause), STORE_ESCHEMA);
	assert_non_null(strstr(cause, "schema version 99"));
	free(cause);
}

static void
commits_should_count_only_top_level_writes(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *p, *c;
	uint64_t before = store_commits(f->st);

	assert_int_equal(store_txn_write(f->st, NULL, &p), STORE_OK);
	assert_int_equal(store_txn_write(f->st, p, &c), STORE_OK);
	assert_int_equal(store_txn_commit(c), STORE_OK);
	assert_int_equal(store_txn_commit(p), STORE_OK);
	assert_int_equal(store_commits(f->st), before + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sequences_should_count_from_one_per_name, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(renewed_reads_should_see_the_latest_commit, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(prefix_any_should_see_only_keys_of_the_prefix, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(reads_by_id_should_answer_the_same_from_the_memo, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(kept_reads_should_share_a_snapshot_until_a_commit, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(unchanged_records_should_not_be_written_again, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test(records_should_keep_their_big_endian_bytes),
		cmocka_unit_test_setup_teardown(a_hosts_macros_should_go_all_at_once, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(users_should_be_unique_by_name_and_found_by_it, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(nested_abort_should_drop_only_the_child, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(newer_schema_should_be_refused_with_a_clear_error, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(commits_should_count_only_top_level_writes, unit_fx_setup, unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
