/* test_store_check.c: store_check on a store made through the storage API: clean, then with
 * one deliberate fault each (a wrong or missing index row, a dangling parent link, a record
 * whose template is gone, an id above its sequence, a trigger missing from its item's
 * index), which must be reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

struct fx_ids {
	uint64_t	 group, parent, child, item, copy, macro;
};

static uint64_t
fx_host(struct store_txn *t, const char *name)
{
	struct host h = { 0 };
	uint64_t id;

	h.host = xstrdup(name), h.name = xstrdup(name), h.description = xstrdup(""),
	    h.uuid = xstrdup("");
	h.status = 3;
	assert_int_equal(store_host_create(t, &h), STORE_OK);
	id = h.hostid;
	host_free(&h);
	return id;
}

static uint64_t
fx_item(struct store_txn *t, uint64_t hostid, uint64_t templateid)
{
	struct item it;
	uint64_t id;

	item_init(&it);
	it.hostid = hostid;
	it.templateid = templateid;
	item_set(&it, ITEM_F_KEY, "agent.ping");
	item_set(&it, ITEM_F_NAME, "Ping");
	item_set(&it, ITEM_F_TYPE, "0");
	assert_int_equal(store_item_create(t, &it), STORE_OK);
	id = it.itemid;
	item_free(&it);
	return id;
}

/* A group; a parent template with an item and a macro; a child linked to it, in the group,
 * with the item's copy. */
static void
fx_fill(struct unit_fx *f, struct fx_ids *ids)
{
	struct store_txn *t;
	struct group g = { 0 };
	struct macro m = { 0 };

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	g.name = xstrdup("Templates"), g.uuid = xstrdup("");
	assert_int_equal(store_group_create(t, &g), STORE_OK);
	ids->group = g.groupid;
	group_free(&g);
	ids->parent = fx_host(t, "Parent");
	ids->child = fx_host(t, "Child");
	assert_int_equal(store_host_group_set(t, ids->parent, ids->group, true), STORE_OK);
	assert_int_equal(store_host_group_set(t, ids->child, ids->group, true), STORE_OK);
	assert_int_equal(store_host_link_set(t, ids->child, ids->parent, true), STORE_OK);
	ids->item = fx_item(t, ids->parent, 0);
	ids->copy = fx_item(t, ids->child, ids->item);
	m.hostid = ids->parent;
	m.macro = xstrdup("{$A}"), m.value = xstrdup("1"), m.description = xstrdup("");
	assert_int_equal(store_macro_create(t, &m), STORE_OK);
	ids->macro = m.hostmacroid;
	macro_free(&m);
	assert_int_equal(store_txn_commit(t), STORE_OK);
}

/* Runs the check; returns its output (heap) and the problem count in *n. */
static char *
fx_check(struct unit_fx *f, size_t *n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(store_check(f->st, out, n), STORE_OK);
	fclose(out);
	return text;
}

static void
fx_expect(struct unit_fx *f, const char *needle)
{
	size_t n = 0;
	char *text = fx_check(f, &n);

	if (n == 0 || strstr(text, needle) == NULL)
		fail_msg("expected a problem with \"%s\", got %zu problems:\n%s", needle, n, text);
	free(text);
}

static void
clean_store_should_have_no_problem_and_count_its_records(void **state)
{
	struct unit_fx *f = *state;
	struct fx_ids ids;
	size_t n = 99;
	char *text;

	fx_fill(f, &ids);
	text = fx_check(f, &n);
	if (n != 0)
		fail_msg("%zu problems in a clean store:\n%s", n, text);
	assert_non_null(strstr(text, "records hosts "));
	assert_non_null(strstr(text, "pairs   host_parents "));
	assert_non_null(strstr(text, "schema version"));
	free(text);
}

static void
wrong_name_row_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;
	uint8_t key[8];

	fx_fill(f, &ids);
	codec_be64(ids.child, key);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put(t, STORE_DB_HOSTS_BY_NAME, "Parent", 6, key, 8, false), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "hosts_by_name: \"Parent\" names");
}

static void
missing_index_row_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_del(t, STORE_DB_HOSTS_BY_VNAME, "Child", 5), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "hosts_by_visible_name: no row for");
}

static void
one_sided_link_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_pair_del(t, STORE_DB_HOST_CHILDREN, ids.parent, ids.child), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "in host_children");
}

static void
dangling_parent_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;
	char want[64];

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_del_id(t, STORE_DB_HOSTS, ids.parent), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	snprintf(want, sizeof want, "hosts %llu does not exist", (unsigned long long)ids.parent);
	fx_expect(f, want);
	fx_expect(f, "host_parents");
}

static void
item_whose_template_is_gone_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_del_id(t, STORE_DB_ITEMS, ids.item), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "is inherited from item");
	fx_expect(f, "item_copies");
}

static void
macro_listed_under_another_host_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_pair_del(t, STORE_DB_HOST_MACROS, ids.parent, ids.macro), STORE_OK);
	assert_int_equal(store_pair_add(t, STORE_DB_HOST_MACROS, ids.child, ids.macro), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "belongs under");
}

static void
id_above_its_sequence_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;
	const void *v;
	size_t vlen;
	uint8_t key[8];
	void *copy;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_get_id(t, STORE_DB_GROUPS, ids.group, &v, &vlen), STORE_OK);
	copy = xmalloc(vlen);
	memcpy(copy, v, vlen);
	codec_be64(500, key);
	assert_int_equal(store_put(t, STORE_DB_GROUPS, key, 8, copy, vlen, false), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	free(copy);
	fx_expect(f, "groups: id 500 is above its sequence");
}

/* A trigger on the parent's item; then its item_triggers row goes. */
static void
trigger_missing_from_item_index_should_be_reported(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct fx_ids ids;
	struct trigger tr;
	uint64_t fid;
	char expr[64];
	size_t n = 99;
	char *text;

	fx_fill(f, &ids);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	trigger_init(&tr);
	assert_int_equal(store_trigger_function_id(t, &fid), STORE_OK);
	trigger_fn_add(&tr, fid, ids.item, "last", "$");
	snprintf(expr, sizeof expr, "{%llu}=0", (unsigned long long)fid);
	trigger_set(&tr, TRIGGER_F_DESCRIPTION, "Unreachable");
	trigger_set(&tr, TRIGGER_F_EXPRESSION, expr);
	assert_int_equal(store_trigger_create(t, &tr), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	text = fx_check(f, &n);
	if (n != 0)
		fail_msg("%zu problems with a trigger:\n%s", n, text);
	assert_non_null(strstr(text, "pairs   item_triggers                1\n"));
	free(text);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_pair_del(t, STORE_DB_ITEM_TRIGGERS, ids.item, tr.triggerid),
	    STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	fx_expect(f, "item_triggers: trigger");
	trigger_free(&tr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(clean_store_should_have_no_problem_and_count_its_records, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(wrong_name_row_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(missing_index_row_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(one_sided_link_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(dangling_parent_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(item_whose_template_is_gone_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(macro_listed_under_another_host_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(id_above_its_sequence_should_be_reported, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(trigger_missing_from_item_index_should_be_reported, unit_fx_setup, unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
