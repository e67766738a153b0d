/* test_domain.c: the domain layer against a real store in a temp dir: linkage (circular and
 * double-linkage checks, exact at any depth and over stored cycles; replace/remove/children),
 * user macros (normal form, add/replace/remove with Zabbix's texts, no secret in an error), and
 * the inheritance engine with items on a 3-level chain and on a 1,000-deep one. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static uint64_t
fx_host(struct unit_fx *f, const char *name, bool tmpl)
{
	struct host h = { .status = tmpl ? HOST_STATUS_TEMPLATE : HOST_STATUS_MONITORED };

	h.host = xstrdup(name), h.name = xstrdup(name);
	h.description = xstrdup(""), h.uuid = xstrdup("");
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	host_free(&h);
	return h.hostid;
}

static struct id_list
fx_ids(size_t n, const uint64_t *v)
{
	struct id_list l = { 0 };

	for (size_t i = 0; i < n; i++)
		id_list_add(&l, v[i]);
	return l;
}

/* Links child below parent (domain_link_add with one parent); the domain's return value. */
static int
fx_link(struct unit_fx *f, uint64_t child, uint64_t parent)
{
	struct id_list one = fx_ids(1, &parent);
	int rc = domain_link_add(f->txn, child, &one, &f->e);

	id_list_free(&one);
	return rc;
}

static uint64_t
fx_item(struct unit_fx *f, uint64_t hostid, const char *key)
{
	struct item it;
	uint64_t id;

	item_init(&it);
	it.hostid = hostid;
	item_set(&it, ITEM_F_KEY, key);
	item_set(&it, ITEM_F_NAME, key);
	item_set(&it, ITEM_F_TYPE, "2");
	assert_int_equal(store_item_create(f->txn, &it), STORE_OK);
	assert_int_equal(inherit_created(f->txn, &inherit_kind_item, &it, 1, &f->e), 0);
	id = it.itemid;
	item_free(&it);
	return id;
}

/* The item of a host with this key: its id (0: none) and in *tid its templateid. */
static uint64_t
fx_find(struct unit_fx *f, uint64_t hostid, const char *key, uint64_t *tid)
{
	struct item it;
	uint64_t id;

	if (store_item_by_key(f->txn, hostid, key, &id) != STORE_OK)
		return 0;
	assert_int_equal(store_item_get(f->txn, id, &it), STORE_OK);
	if (tid != NULL)
		*tid = it.templateid;
	item_free(&it);
	return id;
}

static size_t
fx_parents(struct unit_fx *f, uint64_t id)
{
	struct id_list l = { 0 };
	size_t n;

	assert_int_equal(store_host_parents(f->txn, id, &l), STORE_OK);
	n = l.n;
	id_list_free(&l);
	return n;
}

/* ---- ids ---- */

/* id_to_str writes what printf's PRIu64 writes, from 0 to UINT64_MAX. */
static void
id_to_str_should_match_printf(void **state)
{
	static const uint64_t fixed[] = { 0, 1, 9, 10, 99, 100, 10001, 4294967295u,
	    4294967296u, 9999999999999999999u, 10000000000000000000u, UINT64_MAX };
	char buf[24], want[24];
	uint64_t x = 0x9E3779B97F4A7C15u;

	(void)state;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		snprintf(want, sizeof want, "%" PRIu64, fixed[i]);
		assert_string_equal(id_to_str(fixed[i], buf), want);
	}
	for (int i = 0; i < 10000; i++) {	/* xorshift: every magnitude */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		snprintf(want, sizeof want, "%" PRIu64, x >> (i % 64));
		assert_string_equal(id_to_str(x >> (i % 64), buf), want);
	}
}

static void
id_set_should_hold_each_id_once(void **state)
{
	struct id_set s = { 0 };

	(void)state;
	for (uint64_t i = 0; i < 10000; i++)
		assert_true(id_set_add(&s, i * 7919));
	assert_false(id_set_add(&s, 0));
	assert_false(id_set_add(&s, 7919 * 9999));
	assert_true(id_set_has(&s, 7919 * 5000));
	assert_false(id_set_has(&s, 7919 * 10000));
	assert_int_equal(s.n + s.has_zero, 10000);
	id_set_free(&s);
	assert_false(id_set_has(&s, 1));
}

/* ---- linkage ---- */

static void
link_should_refuse_a_cycle_with_its_path(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), b = fx_host(f, "B", true), c = fx_host(f, "C", true);

	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(fx_link(f, c, b), 0);
	assert_int_equal(fx_link(f, a, c), -1);
	assert_int_equal(f->e.kind, ERR_CONFLICT);
	assert_string_equal(f->e.text, "Cannot link template \"C\" to template \"A\", because a "
	    "circular linkage (\"C\" -> \"A\" -> \"B\" -> \"C\") would occur.");
	assert_int_equal(fx_link(f, a, a), -1);
	assert_string_equal(f->e.text, "Cannot link template \"A\" to template \"A\", because a "
	    "circular linkage (\"A\" -> \"A\") would occur.");
	assert_int_equal(fx_parents(f, a), 0);
}

static void
link_should_refuse_a_parent_linked_twice(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), b = fx_host(f, "B", true), h = fx_host(f, "H", false);
	uint64_t both[2] = { b, a };
	struct id_list l = fx_ids(2, both);

	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(domain_link_add(f->txn, h, &l, &f->e), -1);
	assert_string_equal(f->e.text, "Cannot link template \"A\" to host \"H\", because its "
	    "parent template \"A\" would be linked twice.");
	assert_int_equal(fx_parents(f, h), 0);
	id_list_free(&l);
}

static void
link_cycle_check_should_be_exact_at_depth_1000(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t[1000];
	char name[16];

	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "T%d", i);
		t[i] = fx_host(f, name, true);
		if (i > 0)
			assert_int_equal(fx_link(f, t[i], t[i - 1]), 0);
	}
	assert_int_equal(fx_link(f, t[0], t[999]), -1);
	/* Zabbix's order: the new parent, the child, down the chain, the parent again */
	assert_non_null(strstr(f->e.text, "(\"T999\" -> \"T0\" -> \"T1\" -> "));
	assert_non_null(strstr(f->e.text, "-> \"T997\" -> \"T998\" -> \"T999\") would occur."));
}

/* A cycle stored by an older release must end every walk, not loop or overflow. */
static void
walks_should_end_on_a_stored_cycle(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), b = fx_host(f, "B", true), d = fx_host(f, "D", true);
	struct item it;

	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(store_host_link_set(f->txn, a, b, true), STORE_OK);	/* A <-> B */
	/* the searches up from A end; A reaches itself, so it would be linked twice */
	assert_int_equal(fx_link(f, d, a), -1);
	assert_int_equal(f->e.kind, ERR_CONFLICT);
	/* the walk down from A ends when it comes back to A */
	item_init(&it);
	it.hostid = a;
	item_set(&it, ITEM_F_KEY, "k");
	assert_int_equal(store_item_create(f->txn, &it), STORE_OK);
	assert_int_equal(inherit_created(f->txn, &inherit_kind_item, &it, 1, &f->e), -1);
	assert_string_equal(f->e.text, "Item \"k\" already exists on \"A\", inherited from "
	    "another template.");
	item_free(&it);
}

static void
replace_should_clear_first_then_relink_what_is_wanted(void **state)
{
	struct unit_fx *f = *state;
	uint64_t p1 = fx_host(f, "P1", true), p2 = fx_host(f, "P2", true);
	uint64_t h = fx_host(f, "H", false), tid, old, now;
	struct id_list want = fx_ids(1, &p1), clear = fx_ids(1, &p1);

	fx_item(f, p1, "p1.k");
	assert_int_equal(fx_link(f, h, p1), 0);
	assert_int_equal(fx_link(f, h, p2), 0);
	old = fx_find(f, h, "p1.k", &tid);
	assert_int_not_equal(old, 0);
	assert_int_equal(domain_link_replace(f->txn, h, &want, &clear, &f->e), 0);
	now = fx_find(f, h, "p1.k", &tid);
	assert_int_not_equal(now, 0);		/* cleared, then copied afresh */
	assert_int_not_equal(now, old);
	assert_int_equal(fx_parents(f, h), 1);	/* P2 was not wanted */
	assert_int_equal(domain_link_replace(f->txn, h, NULL, &clear, &f->e), 0);
	assert_int_equal(fx_find(f, h, "p1.k", NULL), 0);
	assert_int_equal(domain_link_remove(f->txn, h, &clear, false, &f->e), 0);	/* ignored */
	id_list_free(&want);
	id_list_free(&clear);
}

static void
check_clear_should_name_positions(void **state)
{
	struct unit_fx *f = *state;
	uint64_t p1 = fx_host(f, "P1", true), p2 = fx_host(f, "P2", true), t = fx_host(f, "T", true);
	uint64_t lv[2] = { p2, p1 }, cv[2] = { p2, p1 };
	struct id_list links = fx_ids(2, lv), clear = fx_ids(2, cv), one = fx_ids(1, &p2);

	assert_int_equal(domain_link_check_clear(f->txn, t, &links, &one, "/1", &f->e), -1);
	assert_string_equal(f->e.text, "Invalid parameter \"/1/templates_clear/1/templateid\": "
	    "cannot be specified the value of parameter \"/1/templates/1/templateid\".");
	assert_int_equal(fx_link(f, t, p2), 0);
	assert_int_equal(domain_link_check_clear(f->txn, t, NULL, &clear, "/1", &f->e), -1);
	assert_string_equal(f->e.text, "Invalid parameter \"/1/templates_clear/2/templateid\": "
	    "cannot be unlinked.");
	id_list_free(&links), id_list_free(&clear), id_list_free(&one);
}

static void
children_replace_should_unlink_clear_and_link(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true), h1 = fx_host(f, "H1", false);
	uint64_t h2 = fx_host(f, "H2", false), h3 = fx_host(f, "H3", false);
	uint64_t start[2] = { h1, h2 };
	struct id_list first = fx_ids(2, start), want = fx_ids(1, &h3), clear = fx_ids(1, &h2);

	fx_item(f, t, "t.k");
	assert_int_equal(domain_link_children_add(f->txn, t, &first, &f->e), 0);
	assert_int_not_equal(fx_find(f, h1, "t.k", NULL), 0);
	assert_int_equal(domain_link_children_replace(f->txn, t, &want, &clear, &f->e), 0);
	assert_int_equal(fx_parents(f, h1) + fx_parents(f, h2), 0);
	assert_int_not_equal(fx_find(f, h1, "t.k", NULL), 0);	/* kept as its own */
	assert_int_equal(fx_find(f, h2, "t.k", NULL), 0);	/* cleared */
	assert_int_not_equal(fx_find(f, h3, "t.k", NULL), 0);
	assert_int_equal(domain_link_children_remove(f->txn, t, &want, &f->e), 0);
	assert_int_equal(fx_parents(f, h3), 0);
	id_list_free(&first), id_list_free(&want), id_list_free(&clear);
}

/* ---- the engine: a 3-level chain A -> B -> H ---- */

static void
engine_should_link_unlink_and_clear_on_three_levels(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), b = fx_host(f, "B", true), h = fx_host(f, "H", false);
	uint64_t ia = fx_item(f, a, "a.k"), ib = fx_item(f, b, "b.k"), tid, cb, ch;
	struct id_list pa = fx_ids(1, &a);
	struct item it;

	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(fx_link(f, h, b), 0);
	cb = fx_find(f, b, "a.k", &tid);
	assert_int_equal(tid, ia);
	ch = fx_find(f, h, "a.k", &tid);
	assert_int_equal(tid, cb);			/* one level up */
	fx_find(f, h, "b.k", &tid);
	assert_int_equal(tid, ib);
	/* unlink keeps the copies as own items: on a template with a uuid of its own */
	assert_int_equal(domain_link_remove(f->txn, b, &pa, false, &f->e), 0);
	assert_int_equal(fx_find(f, b, "a.k", &tid), cb);
	assert_int_equal(tid, 0);
	assert_int_equal(store_item_get(f->txn, cb, &it), STORE_OK);
	assert_int_equal(strlen(it.f[ITEM_F_UUID]), 32);
	item_free(&it);
	assert_int_equal(fx_find(f, h, "a.k", &tid), ch);
	assert_int_equal(tid, cb);
	/* linking again adopts the own item: same id, a copy again, no uuid */
	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(fx_find(f, b, "a.k", &tid), cb);
	assert_int_equal(tid, ia);
	/* clear deletes the copies on every level */
	assert_int_equal(domain_link_remove(f->txn, b, &pa, true, &f->e), 0);
	assert_int_equal(fx_find(f, b, "a.k", NULL), 0);
	assert_int_equal(fx_find(f, h, "a.k", NULL), 0);
	assert_int_not_equal(fx_find(f, h, "b.k", NULL), 0);
	id_list_free(&pa);
}

static void
engine_should_refuse_a_key_inherited_from_elsewhere(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), c = fx_host(f, "C", true), h = fx_host(f, "H", false);

	fx_item(f, a, "same.k");
	fx_item(f, c, "same.k");
	assert_int_equal(fx_link(f, h, a), 0);
	assert_int_equal(fx_link(f, h, c), -1);
	assert_int_equal(f->e.kind, ERR_CONFLICT);
	assert_string_equal(f->e.text, "Item \"same.k\" already exists on \"H\", inherited from "
	    "another template.");
}

static void
engine_should_send_edits_and_deletes_down(void **state)
{
	struct unit_fx *f = *state;
	uint64_t a = fx_host(f, "A", true), b = fx_host(f, "B", true), h = fx_host(f, "H", false);
	uint64_t ia, cb, ch;
	bool sent[ITEM_F__COUNT] = { false };
	struct inherit_item_edit edit = { sent, false, false, f->txn, 0 };
	struct item it;

	assert_int_equal(fx_link(f, b, a), 0);
	assert_int_equal(fx_link(f, h, b), 0);
	ia = fx_item(f, a, "e.k");	/* created on the top, copied to both levels */
	cb = fx_find(f, b, "e.k", NULL);
	ch = fx_find(f, h, "e.k", NULL);
	assert_true(cb != 0 && ch != 0);
	assert_int_equal(store_item_get(f->txn, ia, &it), STORE_OK);
	item_set(&it, ITEM_F_NAME, "renamed");
	sent[ITEM_F_NAME] = true;
	assert_int_equal(inherit_edited(f->txn, &inherit_kind_item, &it, &edit, &f->e), 0);
	item_free(&it);
	assert_int_equal(store_item_get(f->txn, ch, &it), STORE_OK);
	assert_string_equal(it.f[ITEM_F_NAME], "renamed");
	item_free(&it);
	/* a new key that a copy's host has already is refused */
	fx_item(f, h, "taken.k");
	assert_int_equal(store_item_get(f->txn, ia, &it), STORE_OK);
	item_set(&it, ITEM_F_KEY, "taken.k");
	sent[ITEM_F_KEY] = true;
	assert_int_equal(inherit_edited(f->txn, &inherit_kind_item, &it, &edit, &f->e), -1);
	assert_string_equal(f->e.text, "Item with key \"taken.k\" already exists on \"H\".");
	item_free(&it);
	assert_int_equal(inherit_deleted(f->txn, &inherit_kind_item, ia, &f->e), 0);
	assert_int_equal(fx_find(f, b, "e.k", NULL) + fx_find(f, h, "e.k", NULL), 0);
	assert_true(inherit_editable(&inherit_kind_item, "status"));
	assert_true(inherit_editable(&inherit_kind_item, "tags"));
	assert_false(inherit_editable(&inherit_kind_item, "key_"));
	assert_false(inherit_editable(&inherit_kind_item, "uuid"));
}

static void
engine_should_copy_down_a_1000_deep_chain(void **state)
{
	struct unit_fx *f = *state;
	uint64_t root = fx_host(f, "root", true), t[1000], tid, up;
	char name[16];

	fx_item(f, root, "deep.1");
	fx_item(f, root, "deep.2");
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "T%d", i);
		t[i] = fx_host(f, name, true);
		if (i > 0)
			assert_int_equal(fx_link(f, t[i], t[i - 1]), 0);
	}
	assert_int_equal(fx_link(f, t[0], root), 0);
	up = fx_find(f, t[998], "deep.2", NULL);
	assert_int_not_equal(fx_find(f, t[999], "deep.2", &tid), 0);
	assert_int_equal(tid, up);
	fx_item(f, root, "deep.3");
	assert_int_not_equal(fx_find(f, t[999], "deep.3", NULL), 0);
}

/* ---- macros ---- */

static struct domain_macro
fx_macro(const char *name, const char *value, int type)
{
	return (struct domain_macro){ .macro = name, .value = value, .type = type };
}

static void
macros_should_share_one_normal_form(void **state)
{
	char *a = domain_macros_norm("{$M: a}"), *b = domain_macros_norm("{$M:\"a\"}");
	char *c = domain_macros_norm("not a macro");
	char *norms[4] = { a, NULL, c, b };
	uint64_t hosts[4] = { 1, 1, 1, 2 };

	(void)state;
	assert_string_equal(a, b);
	assert_string_equal(c, "not a macro");
	assert_int_equal(domain_macros_first_dup(NULL, norms, 4), 3);
	assert_int_equal(domain_macros_first_dup(hosts, norms, 4), 4);
	free(a), free(b), free(c);
}

static void
macros_add_should_refuse_repeats_and_taken_names(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true);
	struct host h = { .hostid = t, .name = (char *)(uintptr_t)"T visible" };
	struct domain_macro v[3] = { fx_macro("{$A}", "1", -1), fx_macro("{$B: x}", "2", -1),
	    fx_macro("{$B:\"x\"}", "3", -1) };
	char *norm = domain_macros_norm("{$A}");
	size_t first;

	assert_int_equal(domain_macros_add(f->txn, &h, v, 3, "/1/macros", "T", &f->e), -1);
	assert_string_equal(f->e.text, "Invalid parameter \"/1/macros/3\": value (macro)="
	    "({$B:\"x\"}) already exists.");
	assert_int_equal(domain_macros_add(f->txn, &h, v, 2, "/1/macros", "T", &f->e), 0);
	assert_int_equal(domain_macros_add(f->txn, &h, v + 2, 1, "/macros", "on T", &f->e), -1);
	assert_int_equal(f->e.kind, ERR_EXISTS);
	assert_string_equal(f->e.text, "Macro \"{$B:\"x\"}\" already exists on \"on T\".");
	assert_int_equal(domain_macros_first_taken(f->txn, &t, &norm, 1, &first, &f->e), 0);
	assert_int_equal(first, 0);
	free(norm);
}

static void
macros_replace_should_keep_ids_and_refuse_renames_onto_kept_names(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true);
	struct host h = { .hostid = t, .name = (char *)(uintptr_t)"T" };
	struct domain_macro v[2] = { fx_macro("{$A}", "1", -1), fx_macro("{$B}", "2", -1) };
	struct id_list ids = { 0 };
	struct macro m;

	assert_int_equal(domain_macros_add(f->txn, &h, v, 2, "/1/macros", "T", &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &ids), STORE_OK);
	/* {$A} renamed onto {$B}, which the call keeps */
	v[0] = (struct domain_macro){ .has_id = true, .hostmacroid = ids.ids[0], .macro = "{$B}",
	    .type = -1 };
	v[1] = (struct domain_macro){ .has_id = true, .hostmacroid = ids.ids[1], .macro = "{$C}",
	    .type = -1 };
	assert_int_equal(domain_macros_replace(f->txn, &h, v, 2, "/1/macros", &f->e), -1);
	assert_string_equal(f->e.text, "Macro \"{$B}\" already exists on \"T\".");
	/* only the first named: the other goes; by name, {$A} changes in place */
	v[0] = fx_macro("{$A}", "new", -1);
	assert_int_equal(domain_macros_replace_by_name(f->txn, &h, v, 1, "/macros", &f->e), 0);
	assert_int_equal(store_macro_get(f->txn, ids.ids[0], &m), STORE_OK);
	assert_string_equal(m.value, "new");
	macro_free(&m);
	assert_int_equal(store_macro_get(f->txn, ids.ids[1], &m), STORE_ENOTFOUND);
	v[0] = (struct domain_macro){ .macro = "{$A}", .type = -1 };
	assert_int_equal(domain_macros_replace(f->txn, &h, v, 1, "/1/macros", &f->e), -1);
	assert_string_equal(f->e.text, "Invalid parameter \"/1/macros/1\": the parameter "
	    "\"value\" is missing.");
	id_list_free(&ids);
}

/* Macros sent without ids are new rows: the old ones (records and host pairs) go, and the
 * new ones take consecutive ids in the order sent. */
static void
macros_replace_should_give_new_ids_in_order_sent(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true);
	struct host h = { .hostid = t, .name = (char *)(uintptr_t)"T" };
	struct domain_macro v[3] = { fx_macro("{$A}", "1", -1), fx_macro("{$B}", "2", -1),
	    fx_macro("{$C}", "3", -1) };
	struct id_list before = { 0 }, after = { 0 };
	struct macro m;

	assert_int_equal(domain_macros_add(f->txn, &h, v, 2, "/1/macros", "T", &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &before), STORE_OK);
	assert_int_equal(before.n, 2);
	v[0] = fx_macro("{$C}", "c", -1);
	v[1] = fx_macro("{$A}", "a", -1);
	v[2] = fx_macro("{$B}", "b", -1);
	assert_int_equal(domain_macros_replace(f->txn, &h, v, 3, "/1/macros", &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &after), STORE_OK);
	assert_int_equal(after.n, 3);
	assert_int_equal(after.ids[0], before.ids[1] + 1);
	assert_int_equal(after.ids[1], after.ids[0] + 1);
	assert_int_equal(after.ids[2], after.ids[1] + 1);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(store_macro_get(f->txn, after.ids[i], &m), STORE_OK);
		assert_string_equal(m.macro, v[i].macro);
		assert_int_equal(m.hostid, t);
		macro_free(&m);
	}
	for (size_t i = 0; i < before.n; i++)
		assert_int_equal(store_macro_get(f->txn, before.ids[i], &m), STORE_ENOTFOUND);
	id_list_free(&before);
	id_list_free(&after);
}

static void
macros_should_never_quote_a_secret(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true);
	struct host h = { .hostid = t, .name = (char *)(uintptr_t)"T" };
	struct domain_macro v = fx_macro("{$S}", "s3cret", MACRO_TYPE_SECRET);
	struct id_list ids = { 0 };

	assert_int_equal(domain_macros_add(f->txn, &h, &v, 1, "/1/macros", "T", &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &ids), STORE_OK);
	v = (struct domain_macro){ .has_id = true, .hostmacroid = ids.ids[0],
	    .type = MACRO_TYPE_VAULT };
	assert_int_equal(domain_macros_replace(f->txn, &h, &v, 1, "/1/macros", &f->e), -1);
	assert_string_equal(f->e.text, "Invalid parameter \"/1/macros/1/value\": cannot be empty.");
	assert_null(strstr(f->e.text, "s3cret"));
	id_list_free(&ids);
}

static void
macros_remove_should_take_exact_names(void **state)
{
	struct unit_fx *f = *state;
	uint64_t t = fx_host(f, "T", true);
	struct host h = { .hostid = t, .name = (char *)(uintptr_t)"T" };
	struct domain_macro v[2] = { fx_macro("{$A}", "1", -1), fx_macro("{$B: x}", "2", -1) };
	const char *names[3] = { "{$B:\"x\"}", "{$A}", "{$NONE}" };
	struct id_list ids = { 0 };

	assert_int_equal(domain_macros_add(f->txn, &h, v, 2, "/1/macros", "T", &f->e), 0);
	assert_int_equal(domain_macros_remove(f->txn, t, names, 3, &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);	/* {$B: x} is not named exactly */
	id_list_free(&ids);
	assert_int_equal(domain_macros_clear(f->txn, t, &f->e), 0);
	assert_int_equal(store_host_macros(f->txn, t, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	id_list_free(&ids);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_fx_setup_txn, unit_fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_to_str_should_match_printf),
		cmocka_unit_test(id_set_should_hold_each_id_once),
		T(link_should_refuse_a_cycle_with_its_path),
		T(link_should_refuse_a_parent_linked_twice),
		T(link_cycle_check_should_be_exact_at_depth_1000),
		T(walks_should_end_on_a_stored_cycle),
		T(replace_should_clear_first_then_relink_what_is_wanted),
		T(check_clear_should_name_positions),
		T(children_replace_should_unlink_clear_and_link),
		T(engine_should_link_unlink_and_clear_on_three_levels),
		T(engine_should_refuse_a_key_inherited_from_elsewhere),
		T(engine_should_send_edits_and_deletes_down),
		T(engine_should_copy_down_a_1000_deep_chain),
		cmocka_unit_test(macros_should_share_one_normal_form),
		T(macros_add_should_refuse_repeats_and_taken_names),
		T(macros_replace_should_keep_ids_and_refuse_renames_onto_kept_names),
		T(macros_replace_should_give_new_ids_in_order_sent),
		T(macros_should_never_quote_a_secret),
		T(macros_remove_should_take_exact_names),
	};

	util_json_hooks();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
