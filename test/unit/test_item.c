/* test_item.c: Zabbix's item key syntax, the item record encoding, what an inherited copy takes
 * from its parent, and the item indexes of a real store (key uniqueness, copy trees). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
assert_key_ok(const char *key)
{
	char *cause = NULL;

	assert_int_equal(item_key_check(key, &cause), 0);
	assert_null(cause);
}

static void
assert_key_bad(const char *key, const char *want)
{
	char *cause = NULL;

	assert_int_equal(item_key_check(key, &cause), -1);
	assert_string_equal(cause, want);
	free(cause);
}

static void
keys_should_follow_zabbix_syntax(void **state)
{
	(void)state;
	assert_key_ok("agent.ping");
	assert_key_ok("dup.key[1]");
	assert_key_ok("vfs.fs.size[/,pfree]");
	assert_key_ok("a[\"x,y\", z]");
	assert_key_ok("a[[1,2],3]");
	assert_key_ok("a[]");
	assert_key_ok("net.if.in[\"eth0\\\"x\"]");
	assert_key_bad("bad key!", "incorrect syntax near \" key!\"");
	assert_key_bad("a[1]x", "incorrect syntax near \"x\"");
	assert_key_bad("a[[[1]]]", "incorrect syntax near \"[1]]]\"");
	assert_key_bad("a[\"open", "unexpected end of key");
	assert_key_bad("a[1", "unexpected end of key");
	assert_key_bad("[1]", "incorrect syntax near \"[1]\"");
	assert_key_bad("", "key is empty");
}

static void
records_should_round_trip_with_defaults(void **state)
{
	struct item a, b, c;
	struct codec_buf buf = { 0 };

	(void)state;
	item_init(&a);
	a.itemid = 7, a.hostid = 10001, a.templateid = 5;
	item_set(&a, ITEM_F_KEY, "k[1]");
	item_set(&a, ITEM_F_HISTORY, "7d");
	tag_list_add(&a.tags, "t", "v");
	item_encode(&a, &buf);
	assert_int_equal(item_decode(buf.data, buf.len, &b), 0);
	assert_int_equal(b.itemid, 7);
	assert_int_equal(b.hostid, 10001);
	assert_int_equal(b.templateid, 5);
	assert_string_equal(b.f[ITEM_F_KEY], "k[1]");
	assert_string_equal(b.f[ITEM_F_HISTORY], "7d");
	assert_string_equal(b.f[ITEM_F_TRENDS], "365d");
	assert_string_equal(b.f[ITEM_F_QUERY_FIELDS], "[]");
	assert_int_equal(b.tags.n, 1);
	item_free(&b);
	assert_int_equal(item_decode(buf.data, buf.len - 1, &b), -1);
	/* a row's read: the same ids and fields, no tags */
	assert_int_equal(item_decode_fields(buf.data, buf.len, &b), 0);
	assert_int_equal(b.templateid, 5);
	assert_string_equal(b.f[ITEM_F_KEY], "k[1]");
	assert_string_equal(b.f[ITEM_F_TRENDS], "365d");
	assert_int_equal(b.tags.n, 0);
	assert_non_null(b.block);		/* their texts in one allocation */
	assert_int_equal(item_decode(buf.data, buf.len, &c), 0);
	for (int i = 0; i < ITEM_F__COUNT; i++)	/* the same fields as a whole decode */
		if (c.f[i] != NULL)
			assert_string_equal(b.f[i], c.f[i]);
		else
			assert_null(b.f[i]);
	item_free(&c);
	item_set(&b, ITEM_F_HISTORY, "9d");	/* then owned one by one */
	assert_null(b.block);
	assert_string_equal(b.f[ITEM_F_HISTORY], "9d");
	assert_string_equal(b.f[ITEM_F_KEY], "k[1]");
	item_free(&b);
	assert_int_equal(item_decode_fields(buf.data, 20, &b), -1);
	for (size_t n = 0; n <= buf.len; n++) {	/* cut anywhere: whole or refused (ASan) */
		int rc = item_decode_fields(buf.data, n, &b);

		assert_true(rc == 0 || (rc == -1 && n < buf.len));
		if (n < 40)			/* inside the head and the first field */
			assert_int_equal(rc, -1);
		item_free(&b);
	}
	item_free(&a);
	codec_buf_free(&buf);
}

/* Fields at their default share the default text; setting one away from it and back, a
 * copy and a decode each own what differs, and item_free frees exactly that (ASan checks). */
static void
default_fields_should_share_the_default_text_and_own_the_rest(void **state)
{
	struct item a, b, c;
	struct codec_buf buf = { 0 };

	(void)state;
	item_init(&a);
	assert_ptr_equal(a.f[ITEM_F_TRENDS], item_fields[ITEM_F_TRENDS].dflt);
	item_set(&a, ITEM_F_TRENDS, "0");
	assert_ptr_not_equal(a.f[ITEM_F_TRENDS], item_fields[ITEM_F_TRENDS].dflt);
	assert_string_equal(a.f[ITEM_F_TRENDS], "0");
	item_set(&a, ITEM_F_TRENDS, "365d");	/* back to the default text */
	assert_ptr_equal(a.f[ITEM_F_TRENDS], item_fields[ITEM_F_TRENDS].dflt);
	item_set(&a, ITEM_F_KEY, "k[2]");
	item_set(&a, ITEM_F_HISTORY, "7d");
	item_dup(&b, &a);
	assert_ptr_not_equal(b.f[ITEM_F_KEY], a.f[ITEM_F_KEY]);
	assert_string_equal(b.f[ITEM_F_KEY], "k[2]");
	assert_ptr_equal(b.f[ITEM_F_TRENDS], item_fields[ITEM_F_TRENDS].dflt);
	item_set(&b, ITEM_F_HISTORY, "1d");
	assert_string_equal(a.f[ITEM_F_HISTORY], "7d");
	item_encode(&a, &buf);
	assert_int_equal(item_decode(buf.data, buf.len, &c), 0);
	assert_string_equal(c.f[ITEM_F_HISTORY], "7d");
	assert_ptr_equal(c.f[ITEM_F_TRENDS], item_fields[ITEM_F_TRENDS].dflt);
	item_free(&a);
	item_free(&b);
	item_free(&c);
	codec_buf_free(&buf);
}

/* The partial readers see what the whole decoder sees: one field (or its default), the
 * tags, the host and templateid; a short record is refused. */
static void
partial_reads_should_match_the_whole_record(void **state)
{
	struct item a;
	struct codec_buf buf = { 0 };
	uint64_t host = 0, tid = 0;
	char *v;

	(void)state;
	item_init(&a);
	a.itemid = 7, a.hostid = 10001, a.templateid = 5;
	item_set(&a, ITEM_F_HISTORY, "7d");
	item_set(&a, ITEM_F_KEY, "k[1]");
	item_set(&a, ITEM_F_MASTER_ITEMID, "42");
	tag_list_add(&a.tags, "scope", "availability");
	tag_list_add(&a.tags, "component", "");
	item_encode(&a, &buf);
	struct tag_list tl;

	host = 0;
	assert_int_equal(item_decode_tags(buf.data, buf.len, &host, &tl), 0);
	assert_int_equal(host, 10001);
	assert_int_equal(tl.n, 2);
	assert_string_equal(tl.tags[0].tag, "scope");
	assert_string_equal(tl.tags[0].value, "availability");
	assert_string_equal(tl.tags[1].tag, "component");
	assert_string_equal(tl.tags[1].value, "");
	tag_list_free(&tl);
	assert_int_equal(item_decode_tags(buf.data, buf.len - 1, &host, &tl), -1);
	assert_int_equal(tl.n, 0);
	assert_int_equal(item_decode_tags(buf.data, 20, &host, &tl), -1);
	assert_int_equal(item_decode_field(buf.data, buf.len, ITEM_F_KEY, &host, &v), 0);
	assert_string_equal(v, "k[1]");
	assert_int_equal(host, 10001);
	free(v);
	assert_int_equal(item_decode_field(buf.data, buf.len, ITEM_F_MASTER_ITEMID, &host, &v), 0);
	assert_string_equal(v, "42");
	free(v);
	assert_int_equal(item_decode_field(buf.data, buf.len, ITEM_F_TRENDS, &host, &v), 0);
	assert_string_equal(v, "365d");
	free(v);
	assert_int_equal(item_decode_field(buf.data, 20, ITEM_F_KEY, &host, &v), -1);
	assert_null(v);
	assert_int_equal(codec_get_head(buf.data, buf.len, &host, &tid), 0);
	assert_int_equal(host, 10001);
	assert_int_equal(tid, 5);
	assert_int_equal(codec_get_head(buf.data, 20, &host, &tid), -1);
	item_free(&a);
	codec_buf_free(&buf);
}

static void
copies_should_take_template_fields_but_not_own_ones(void **state)
{
	struct item src, dst;

	(void)state;
	item_init(&src);
	item_init(&dst);
	item_set(&src, ITEM_F_NAME, "n");
	item_set(&src, ITEM_F_HISTORY, "1d");
	item_set(&src, ITEM_F_UUID, "0123456789abcdef0123456789abcdef");
	item_set(&src, ITEM_F_INTERFACEID, "9");
	item_set(&dst, ITEM_F_HISTORY, "5d");
	item_copy_fields(&dst, &src, false);	/* a refresh keeps the copy's local values */
	assert_string_equal(dst.f[ITEM_F_NAME], "n");
	assert_string_equal(dst.f[ITEM_F_HISTORY], "5d");
	item_copy_fields(&dst, &src, true);	/* a new copy (or an adoption) takes them too */
	assert_string_equal(dst.f[ITEM_F_HISTORY], "1d");
	assert_string_equal(dst.f[ITEM_F_UUID], "");
	assert_string_equal(dst.f[ITEM_F_INTERFACEID], "0");
	assert_int_equal(item_type_interface(0), 1);
	assert_int_equal(item_type_interface(2), 0);
	assert_int_equal(item_type_interface(17), 2);	/* SNMP trap: an SNMP interface */
	assert_int_equal(item_type_interface(13), ITEM_IF_ANY);	/* SSH: any interface */
	assert_int_equal(item_type_interface(19), ITEM_IF_OPT);	/* HTTP agent: none or any */
	assert_int_equal(item_type_interface(18), 0);
	item_free(&src);
	item_free(&dst);
}

/* ---- the store ---- */

struct fx {
	char		*dir;
	struct store	*st;
	struct store_txn *t;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->st = unit_store_new(&f->dir);
	assert_int_equal(store_txn_write(f->st, NULL, &f->t), STORE_OK);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	store_txn_abort(f->t);
	unit_store_free(f->st, f->dir);
	free(f);
	return 0;
}

static uint64_t
fx_item(struct fx *f, uint64_t hostid, const char *key, uint64_t templateid)
{
	struct item it;
	uint64_t id;

	item_init(&it);
	it.hostid = hostid, it.templateid = templateid;
	item_set(&it, ITEM_F_KEY, key);
	assert_int_equal(store_item_create(f->t, &it), STORE_OK);
	id = it.itemid;
	item_free(&it);
	return id;
}

/* store_item_field and store_item_links read the stored item's key, host and templateid. */
static void
assert_key_stored(struct store_txn *t, uint64_t id, uint64_t hostid, const char *key)
{
	uint64_t host = 0, tid = 1;
	char *v;

	assert_int_equal(store_item_field(t, id, ITEM_F_KEY, &host, &v), STORE_OK);
	assert_string_equal(v, key);
	assert_int_equal(host, hostid);
	free(v);
	assert_int_equal(store_item_links(t, id, &host, &tid), STORE_OK);
	assert_int_equal(host, hostid);
	assert_int_equal(tid, 0);
	assert_int_equal(store_item_field(t, id + 1000, ITEM_F_KEY, &host, &v), STORE_ENOTFOUND);
	assert_null(v);
}

static void
keys_should_be_unique_per_host(void **state)
{
	struct fx *f = *state;
	struct item it;
	char longkey[1200];
	uint64_t id, found;

	id = fx_item(f, 1, "k", 0);
	fx_item(f, 2, "k", 0);
	item_init(&it);
	it.hostid = 1;
	item_set(&it, ITEM_F_KEY, "k");
	assert_int_equal(store_item_create(f->t, &it), STORE_EEXIST);
	item_free(&it);
	assert_int_equal(store_item_by_key(f->t, 1, "k", &found), STORE_OK);
	assert_int_equal(found, id);
	assert_key_stored(f->t, id, 1, "k");
	memset(longkey, 'x', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	id = fx_item(f, 1, longkey, 0);
	assert_int_equal(store_item_by_key(f->t, 1, longkey, &found), STORE_OK);
	assert_int_equal(found, id);
	longkey[1000] = 'y';
	assert_int_equal(store_item_by_key(f->t, 1, longkey, &found), STORE_ENOTFOUND);
}

static void
deleting_an_item_should_delete_its_copies_on_every_level(void **state)
{
	struct fx *f = *state;
	struct id_list l = { 0 };
	uint64_t a = fx_item(f, 1, "a", 0);
	uint64_t b = fx_item(f, 2, "a", a);
	uint64_t h = fx_item(f, 3, "a", b);
	uint64_t own = fx_item(f, 3, "own", 0);
	uint64_t found, tid;

	assert_int_equal(store_item_copies(f->t, a, &l), STORE_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], b);
	assert_int_equal(store_item_links(f->t, b, &found, &tid), STORE_OK);
	assert_int_equal(found, 2);
	assert_int_equal(tid, a);
	assert_int_equal(store_item_delete_tree(f->t, a), STORE_OK);
	assert_int_equal(store_item_by_key(f->t, 3, "a", &found), STORE_ENOTFOUND);
	assert_int_equal(store_item_by_key(f->t, 2, "a", &found), STORE_ENOTFOUND);
	id_list_clear(&l);
	assert_int_equal(store_host_items(f->t, 3, &l), STORE_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], own);
	(void)h;
	id_list_free(&l);
	assert_int_equal(store_item_links(f->t, a, &found, &found), STORE_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_should_follow_zabbix_syntax),
		cmocka_unit_test(records_should_round_trip_with_defaults),
		cmocka_unit_test(default_fields_should_share_the_default_text_and_own_the_rest),
		cmocka_unit_test(partial_reads_should_match_the_whole_record),
		cmocka_unit_test(copies_should_take_template_fields_but_not_own_ones),
		cmocka_unit_test_setup_teardown(keys_should_be_unique_per_host, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(deleting_an_item_should_delete_its_copies_on_every_level,
		    fx_setup, fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("item", tests, NULL, NULL);
}
