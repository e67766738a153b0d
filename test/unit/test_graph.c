/* test_graph.c: graphs: the record's encoding, the texts of its numbers and colors, the
 * store's indexes (host, name, item, gitem, copies), what an item's deletion does to the
 * graphs that use it, and the inherited kind's copy onto a child's items. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
encoding_should_round_trip_and_refuse_truncation(void **state)
{
	struct graph g, got;
	struct graph_item *gi;
	struct codec_buf b = { 0 };

	(void)state;
	graph_init(&g);
	g.graphid = 7, g.hostid = 10084, g.templateid = 3, g.ymax_itemid = 40001;
	g.flags = GRAPH_FLAG_PROTOTYPE;
	graph_set(&g, GRAPH_F_NAME, "Traffic");
	graph_set(&g, GRAPH_F_YAXISMIN, "-5");
	gi = graph_item_add(&g);
	gi->gitemid = 11, gi->itemid = 40001, gi->hostid = 10084;
	graph_item_set(gi, GITEM_F_COLOR, "1A7C11");
	graph_encode(&g, &b);
	assert_int_equal(graph_decode(b.data, b.len, &got), 0);
	assert_true(graph_equal(&g, &got));
	assert_int_equal(got.flags, GRAPH_FLAG_PROTOTYPE);
	assert_string_equal(got.f[GRAPH_F_YAXISMIN], "-5");
	assert_string_equal(got.f[GRAPH_F_YAXISMAX], "100");	/* the default */
	assert_string_equal(got.gi[0].f[GITEM_F_CALC_FNC], "2");
	assert_string_equal(got.gi[0].f[GITEM_F_COLOR], "1A7C11");
	graph_free(&got);
	for (size_t cut = 0; cut < b.len; cut++)
		assert_int_equal(graph_decode(b.data, cut, &got), -1);
	codec_buf_free(&b);
	graph_free(&g);
}

static void
numbers_and_colors_should_read_as_zabbix_prints_them(void **state)
{
	static const struct {
		double		 v;
		const char	*text;
	} floats[] = {
		{ 0, "0" }, { -5, "-5" }, { 100.5, "100.5" }, { 95.5, "95.5" }, { 0.1, "0.1" },
		{ 1e-5, "1e-05" }, { 1e20, "1e+20" }, { 123456789012345.0, "123456789012345" },
		{ 1e15, "1e+15" }, { -0.0001, "-0.0001" },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
		s = graph_float_text(floats[i].v);
		assert_string_equal(s, floats[i].text);
		free(s);
	}
	s = graph_int_text(899.6);
	assert_string_equal(s, "900");
	free(s);
	s = graph_int_text(-2.5);
	assert_string_equal(s, "-3");
	free(s);
	assert_true(graph_color_valid("00aaFF"));
	assert_false(graph_color_valid("GG0000"));
	assert_false(graph_color_valid("00AA0"));
	assert_false(graph_color_valid("00AA000"));
	assert_false(graph_color_valid(""));
}

static struct graph *
make_graph(struct graph *g, const char *name, uint64_t hostid, const uint64_t *items, size_t n)
{
	graph_init(g);
	g->hostid = hostid;
	graph_set(g, GRAPH_F_NAME, name);
	for (size_t i = 0; i < n; i++) {
		struct graph_item *gi = graph_item_add(g);

		gi->itemid = items[i];
		gi->hostid = hostid;
	}
	return g;
}

static void
make_item(struct store_txn *t, uint64_t hostid, const char *key, struct item *it)
{
	item_init(it);
	it->hostid = hostid;
	item_set(it, ITEM_F_KEY, key);
	item_set(it, ITEM_F_TYPE, "2");		/* trapper: no interface needed */
	assert_int_equal(store_item_create(t, it), STORE_OK);
}

static void
store_should_index_by_host_name_item_and_gitem(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct graph a, renamed, got;
	struct id_list ids = { 0 };
	const uint64_t items[2] = { 40001, 40002 };
	uint64_t id;

	make_graph(&a, "G", 100, items, 2);
	a.ymin_itemid = 40003;
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_graph_create(t, &a), STORE_OK);
	assert_true(a.graphid != 0 && a.gi[0].gitemid != 0 && a.gi[1].gitemid != a.gi[0].gitemid);
	assert_int_equal(store_graph_by_name(t, 100, "G", &id), STORE_OK);
	assert_int_equal(id, a.graphid);
	assert_int_equal(store_gitem_graph(t, a.gi[1].gitemid, &id), STORE_OK);
	assert_int_equal(id, a.graphid);
	assert_int_equal(store_item_graphs(t, 40003, &ids), STORE_OK);	/* an axis item */
	assert_int_equal(ids.n, 1);
	/* a rename on another item moves the name, item and gitem entries */
	graph_dup(&renamed, &a);
	graph_set(&renamed, GRAPH_F_NAME, "G2");
	renamed.n = 1;
	assert_int_equal(store_graph_update(t, &a, &renamed), STORE_OK);
	assert_int_equal(store_graph_by_name(t, 100, "G", &id), STORE_ENOTFOUND);
	assert_int_equal(store_graph_by_name(t, 100, "G2", &id), STORE_OK);
	assert_int_equal(store_gitem_graph(t, a.gi[1].gitemid, &id), STORE_ENOTFOUND);
	id_list_clear(&ids);
	assert_int_equal(store_item_graphs(t, 40002, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	assert_int_equal(store_graph_get(t, a.graphid, &got), STORE_OK);
	assert_int_equal(got.n, 1);
	graph_free(&got);
	assert_int_equal(store_graph_delete_tree(t, a.graphid), STORE_OK);
	assert_int_equal(store_graph_get(t, a.graphid, &got), STORE_ENOTFOUND);
	id_list_clear(&ids);
	assert_int_equal(store_host_graphs(t, 100, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	store_txn_abort(t);
	renamed.n = 2;
	graph_free(&renamed);
	id_list_free(&ids);
	graph_free(&a);
}

/* Deleting an item: a graph left without items goes with its copies; another loses the
 * item's gitems; an axis on the item becomes calculated. */
static void
item_deletion_should_follow_zabbix(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct item one, two;
	struct graph only, both, axis, copy, got;
	uint64_t ids[2];

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	make_item(t, 100, "one", &one);
	make_item(t, 100, "two", &two);
	ids[0] = one.itemid, ids[1] = two.itemid;
	assert_int_equal(store_graph_create(t, make_graph(&only, "Only", 100, ids, 1)),
	    STORE_OK);
	make_graph(&copy, "Only", 200, NULL, 0);
	copy.templateid = only.graphid;
	assert_int_equal(store_graph_create(t, &copy), STORE_OK);
	assert_int_equal(store_graph_create(t, make_graph(&both, "Both", 100, ids, 2)), STORE_OK);
	make_graph(&axis, "Axis", 100, ids + 1, 1);
	axis.ymin_itemid = one.itemid;
	graph_set(&axis, GRAPH_F_YMIN_TYPE, "2");
	assert_int_equal(store_graph_create(t, &axis), STORE_OK);
	assert_int_equal(store_item_delete_tree(t, one.itemid), STORE_OK);
	assert_int_equal(store_graph_get(t, only.graphid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_graph_get(t, copy.graphid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_graph_get(t, both.graphid, &got), STORE_OK);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.gi[0].itemid, two.itemid);
	graph_free(&got);
	assert_int_equal(store_graph_get(t, axis.graphid, &got), STORE_OK);
	assert_int_equal(got.ymin_itemid, 0);
	assert_string_equal(got.f[GRAPH_F_YMIN_TYPE], "0");
	graph_free(&got);
	store_txn_abort(t);
	item_free(&one);
	item_free(&two);
	graph_free(&only);
	graph_free(&copy);
	graph_free(&both);
	graph_free(&axis);
}

/* The kind's copy: the child's items of the same keys, in sortorder, axis items too, no
 * uuid; an own graph on other items is not adopted. */
static void
copy_should_use_the_childs_items(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct host tpl = { .status = HOST_STATUS_TEMPLATE }, h = { 0 };
	struct item ti[2], hi[2];
	struct graph src, mine, got;
	struct id_list parents = { 0 }, ids = { 0 };
	struct err e = { 0 };
	uint64_t tids[2];

	tpl.host = xstrdup("T"), tpl.name = xstrdup("T"), tpl.description = xstrdup("");
	tpl.uuid = xstrdup("");
	h.host = xstrdup("H"), h.name = xstrdup("H"), h.description = xstrdup("");
	h.uuid = xstrdup("");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_host_create(t, &tpl), STORE_OK);
	assert_int_equal(store_host_create(t, &h), STORE_OK);
	make_item(t, tpl.hostid, "a", &ti[0]);
	make_item(t, tpl.hostid, "b", &ti[1]);
	tids[0] = ti[1].itemid, tids[1] = ti[0].itemid;
	make_graph(&src, "G", tpl.hostid, tids, 2);
	graph_item_set(&src.gi[0], GITEM_F_SORTORDER, "5");
	graph_set(&src, GRAPH_F_UUID, "0123456789abcdef4123856789abcdef");
	graph_set(&src, GRAPH_F_YMAX_TYPE, "2");
	src.ymax_itemid = ti[1].itemid;
	assert_int_equal(store_graph_create(t, &src), STORE_OK);
	/* the host has the keys and a graph "G" on one of them only: not adopted */
	make_item(t, h.hostid, "a", &hi[0]);
	make_item(t, h.hostid, "b", &hi[1]);
	assert_int_equal(store_graph_create(t, make_graph(&mine, "G", h.hostid, &hi[0].itemid, 1)),
	    STORE_OK);
	id_list_add(&parents, tpl.hostid);
	assert_int_equal(store_host_link_set(t, h.hostid, tpl.hostid, true), STORE_OK);
	assert_int_equal(inherit_link(t, h.hostid, &parents, &e), -1);
	assert_string_equal(e.text, "Graph \"G\" already exists on \"H\" (items are not identical).");
	err_clear(&e);
	assert_int_equal(store_graph_delete_tree(t, mine.graphid), STORE_OK);
	assert_int_equal(inherit_link(t, h.hostid, &parents, &e), 0);
	assert_int_equal(store_host_graphs(t, h.hostid, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(store_graph_get(t, ids.ids[0], &got), STORE_OK);
	assert_int_equal(got.templateid, src.graphid);
	assert_string_equal(got.f[GRAPH_F_UUID], "");
	assert_int_equal(got.n, 2);
	assert_int_equal(got.gi[0].itemid, hi[0].itemid);	/* sortorder 0 first */
	assert_int_equal(got.gi[1].itemid, hi[1].itemid);
	assert_int_equal(got.ymax_itemid, hi[1].itemid);
	graph_free(&got);
	store_txn_abort(t);
	for (int i = 0; i < 2; i++) {
		item_free(&ti[i]);
		item_free(&hi[i]);
	}
	graph_free(&src);
	graph_free(&mine);
	host_free(&tpl);
	host_free(&h);
	id_list_free(&parents);
	id_list_free(&ids);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_should_round_trip_and_refuse_truncation),
		cmocka_unit_test(numbers_and_colors_should_read_as_zabbix_prints_them),
		cmocka_unit_test_setup_teardown(store_should_index_by_host_name_item_and_gitem,
		    unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(item_deletion_should_follow_zabbix, unit_fx_setup,
		    unit_fx_teardown),
		cmocka_unit_test_setup_teardown(copy_should_use_the_childs_items, unit_fx_setup,
		    unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
