/* store_graph.c: graphs (and graph prototypes) with their indexes: by host (every host of its
 * items), by (host, name), by item (its items and axis items) and by the graph they are
 * inherited from; and what becomes of a graph when one of its items is deleted. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* LMDB keys are at most 511 bytes: a long name is cut and followed by a hash of it. */
#define GRAPH_NAME_CUT	400

struct graph_keybuf {
	uint8_t	 data[8 + GRAPH_NAME_CUT + 8];
	size_t	 len;
};

static void
store_graph_keybuf(uint64_t hostid, const char *name, struct graph_keybuf *k)
{
	size_t n = strlen(name);
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	codec_be64(hostid, k->data);
	if (n <= GRAPH_NAME_CUT + 8) {
		memcpy(k->data + 8, name, n);
		k->len = 8 + n;
		return;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)name[i]) * 1099511628211ULL;
	memcpy(k->data + 8, name, GRAPH_NAME_CUT);
	codec_be64(h, k->data + 8 + GRAPH_NAME_CUT);
	k->len = 8 + GRAPH_NAME_CUT + 8;
}

enum store_rc
store_graph_get(struct store_txn *t, uint64_t id, struct graph *g)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_GRAPHS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return graph_decode(v, vlen, g) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_graph_by_name(struct store_txn *t, uint64_t hostid, const char *name, uint64_t *id)
{
	struct graph_keybuf k;
	const void *v;
	size_t vlen;
	enum store_rc rc;

	store_graph_keybuf(hostid, name, &k);
	if ((rc = store_get(t, STORE_DB_GRAPHS_BY_NAME, k.data, k.len, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

void
store_graph_hosts(const struct graph *g, struct id_list *out)
{
	for (size_t i = 0; i < g->n; i++)
		id_list_add_unique(out, g->gi[i].hostid);
	if (g->n == 0 && g->hostid != 0)
		id_list_add_unique(out, g->hostid);
}

/* The items a graph names: its gitems' and its axis items, once each. */
static void
store_graph_itemids(const struct graph *g, struct id_list *out)
{
	for (size_t i = 0; i < g->n; i++)
		id_list_add_unique(out, g->gi[i].itemid);
	if (g->ymin_itemid != 0)
		id_list_add_unique(out, g->ymin_itemid);
	if (g->ymax_itemid != 0)
		id_list_add_unique(out, g->ymax_itemid);
}

/* Adds (on) or removes every index entry of the graph. */
static enum store_rc
store_graph_index(struct store_txn *t, const struct graph *g, bool on)
{
	struct id_list hosts = { 0 }, items = { 0 };
	enum store_rc rc = STORE_OK;
	uint8_t id[8];

	store_graph_hosts(g, &hosts);
	store_graph_itemids(g, &items);
	codec_be64(g->graphid, id);
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++) {
		struct graph_keybuf k;

		store_graph_keybuf(hosts.ids[i], g->f[GRAPH_F_NAME], &k);
		rc = on ? store_pair_add(t, STORE_DB_HOST_GRAPHS, hosts.ids[i], g->graphid) :
		    store_pair_del(t, STORE_DB_HOST_GRAPHS, hosts.ids[i], g->graphid);
		if (rc == STORE_OK || rc == STORE_ENOTFOUND)
			rc = on ? store_put(t, STORE_DB_GRAPHS_BY_NAME, k.data, k.len, id, 8, false) :
			    store_del(t, STORE_DB_GRAPHS_BY_NAME, k.data, k.len);
	}
	for (size_t i = 0; (rc == STORE_OK || rc == STORE_ENOTFOUND) && i < items.n; i++)
		rc = on ? store_pair_add(t, STORE_DB_ITEM_GRAPHS, items.ids[i], g->graphid) :
		    store_pair_del(t, STORE_DB_ITEM_GRAPHS, items.ids[i], g->graphid);
	for (size_t i = 0; (rc == STORE_OK || rc == STORE_ENOTFOUND) && i < g->n; i++) {
		uint8_t gid[8];

		codec_be64(g->gi[i].gitemid, gid);
		rc = on ? store_put(t, STORE_DB_GITEMS, gid, 8, id, 8, false) :
		    store_del(t, STORE_DB_GITEMS, gid, 8);
	}
	if ((rc == STORE_OK || rc == STORE_ENOTFOUND) && g->templateid != 0)
		rc = on ? store_pair_add(t, STORE_DB_GRAPH_COPIES, g->templateid, g->graphid) :
		    store_pair_del(t, STORE_DB_GRAPH_COPIES, g->templateid, g->graphid);
	id_list_free(&hosts);
	id_list_free(&items);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Gives the new gitems their ids, then writes the record and its indexes. */
static enum store_rc
store_graph_write(struct store_txn *t, struct graph *g)
{
	struct codec_buf b = { 0 };
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < g->n; i++)
		if (g->gi[i].gitemid == 0)
			rc = store_seq_next(t, "gitems", &g->gi[i].gitemid);
	if (rc != STORE_OK || (rc = store_graph_index(t, g, true)) != STORE_OK)
		return rc;
	graph_encode(g, &b);
	rc = store_put_id(t, STORE_DB_GRAPHS, g->graphid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_graph_create(struct store_txn *t, struct graph *g)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "graphs", &g->graphid)) != STORE_OK)
		return rc;
	return store_graph_write(t, g);
}

static bool
id_lists_equal(const struct id_list *a, const struct id_list *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->ids, b->ids, a->n * sizeof *a->ids) == 0);
}

/* Whether two versions of a graph have the same index entries but for the copy pair: the
 * same name, hosts, items and graph item ids. */
static bool
graph_same_index(const struct graph *a, const struct graph *b)
{
	struct id_list ha = { 0 }, hb = { 0 }, ia = { 0 }, ib = { 0 };
	bool same = a->n == b->n && strcmp(a->f[GRAPH_F_NAME], b->f[GRAPH_F_NAME]) == 0;

	for (size_t i = 0; same && i < a->n; i++)
		same = a->gi[i].gitemid == b->gi[i].gitemid && b->gi[i].gitemid != 0;
	if (same) {
		store_graph_hosts(a, &ha);
		store_graph_hosts(b, &hb);
		store_graph_itemids(a, &ia);
		store_graph_itemids(b, &ib);
		same = id_lists_equal(&ha, &hb) && id_lists_equal(&ia, &ib);
	}
	id_list_free(&ha);
	id_list_free(&hb);
	id_list_free(&ia);
	id_list_free(&ib);
	return same;
}

enum store_rc
store_graph_update(struct store_txn *t, const struct graph *old, struct graph *new)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if (!graph_same_index(old, new)) {
		rc = store_graph_index(t, old, false);
		return rc == STORE_OK ? store_graph_write(t, new) : rc;
	}
	/* only the record, and the copy pair when templateid changed (an unlink, a relink) */
	rc = STORE_OK;
	if (old->templateid != new->templateid && old->templateid != 0)
		rc = store_pair_del(t, STORE_DB_GRAPH_COPIES, old->templateid, old->graphid);
	if ((rc == STORE_OK || rc == STORE_ENOTFOUND) && old->templateid != new->templateid &&
	    new->templateid != 0)
		rc = store_pair_add(t, STORE_DB_GRAPH_COPIES, new->templateid, new->graphid);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	graph_encode(new, &b);
	rc = store_put_id(t, STORE_DB_GRAPHS, new->graphid, &b, false);
	codec_buf_free(&b);
	return rc;
}

static enum store_rc
store_graph_delete_one(struct store_txn *t, uint64_t id)
{
	struct graph g;
	struct id_list hosts = { 0 };
	enum store_rc rc;

	if ((rc = store_graph_get(t, id, &g)) != STORE_OK)
		return rc;
	/* the widget fields naming the graph go with it, as Zabbix's foreign keys drop them */
	store_graph_hosts(&g, &hosts);
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++)
		rc = store_dashboard_forget(t, hosts.ids[i], g.flags == GRAPH_FLAG_PROTOTYPE ?
		    DASHBOARD_FIELD_GRAPH_PROTOTYPE : DASHBOARD_FIELD_GRAPH, id);
	id_list_free(&hosts);
	if (rc == STORE_OK && (rc = store_graph_index(t, &g, false)) == STORE_OK &&
	    (rc = store_pair_del_all(t, STORE_DB_GRAPH_COPIES, id)) == STORE_OK)
		rc = store_del_id(t, STORE_DB_GRAPHS, id);
	graph_free(&g);
	return rc;
}

enum store_rc
store_graph_delete_tree(struct store_txn *t, uint64_t id)
{
	struct id_list waiting = { 0 };
	enum store_rc rc = STORE_OK;

	id_list_add(&waiting, id);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		rc = store_pair_list(t, STORE_DB_GRAPH_COPIES, waiting.ids[i], &waiting);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		rc = store_graph_delete_one(t, waiting.ids[i]);
	id_list_free(&waiting);
	return rc;
}

enum store_rc
store_host_graphs(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_GRAPHS, hostid, out);
}

enum store_rc
store_host_graphs_flagged(struct store_txn *t, uint64_t hostid, uint32_t flags,
    struct id_list *out)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_host_graphs(t, hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct graph g;

		if ((rc = store_graph_get(t, ids.ids[i], &g)) != STORE_OK)
			break;
		if (g.flags == flags)
			id_list_add(out, ids.ids[i]);
		graph_free(&g);
	}
	id_list_free(&ids);
	return rc;
}

enum store_rc
store_graph_gitem_ids(struct store_txn *t, uint64_t graphid, bool items, struct id_list *out)
{
	struct graph g;
	enum store_rc rc = store_graph_get(t, graphid, &g);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	for (size_t i = 0; i < g.n; i++)
		if (items)
			id_list_add_unique(out, g.gi[i].itemid);
		else
			id_list_add(out, g.gi[i].gitemid);
	graph_free(&g);
	return STORE_OK;
}

enum store_rc
store_item_graphs(struct store_txn *t, uint64_t itemid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_ITEM_GRAPHS, itemid, out);
}

enum store_rc
store_rule_graphs(struct store_txn *t, uint64_t ruleid, struct id_list *out)
{
	struct id_list protos = { 0 }, ids = { 0 };
	enum store_rc rc = store_rule_protos(t, ruleid, &protos);

	for (size_t i = 0; rc == STORE_OK && i < protos.n; i++)
		rc = store_item_graphs(t, protos.ids[i], &ids);
	id_list_sort(&ids);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if (i == 0 || ids.ids[i] != ids.ids[i - 1])
			id_list_add(out, ids.ids[i]);
	id_list_free(&protos);
	id_list_free(&ids);
	return rc;
}

enum store_rc
store_graph_copies(struct store_txn *t, uint64_t id, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_GRAPH_COPIES, id, out);
}

enum store_rc
store_gitem_graph(struct store_txn *t, uint64_t gitemid, uint64_t *graphid)
{
	const void *v;
	size_t vlen;
	enum store_rc rc = store_get_id(t, STORE_DB_GITEMS, gitemid, &v, &vlen);

	if (rc != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*graphid = codec_from_be64(v);
	return STORE_OK;
}

/* One graph that names the item going: a graph left without items goes (with its copies);
 * else the item's gitems go and an axis on it becomes calculated. */
static enum store_rc
store_graph_drop_item(struct store_txn *t, uint64_t id, uint64_t itemid)
{
	struct graph old, new;
	size_t j = 0;
	bool had = false;
	enum store_rc rc = store_graph_get(t, id, &old);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;	/* gone with another's tree */
	graph_dup(&new, &old);
	for (size_t i = 0; i < new.n; i++) {
		if (new.gi[i].itemid == itemid) {
			had = true;
			for (int f = 0; f < GITEM_F__COUNT; f++)
				free(new.gi[i].f[f]);
			continue;
		}
		new.gi[j++] = new.gi[i];
	}
	new.n = j;
	if (new.ymin_itemid == itemid) {
		new.ymin_itemid = 0;
		graph_set(&new, GRAPH_F_YMIN_TYPE, "0");
	}
	if (new.ymax_itemid == itemid) {
		new.ymax_itemid = 0;
		graph_set(&new, GRAPH_F_YMAX_TYPE, "0");
	}
	if (had && new.n == 0)
		rc = store_graph_delete_tree(t, id);
	else
		rc = store_graph_update(t, &old, &new);
	graph_free(&old);
	graph_free(&new);
	return rc;
}

enum store_rc
store_graph_item_gone(struct store_txn *t, uint64_t itemid)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_item_graphs(t, itemid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = store_graph_drop_item(t, ids.ids[i], itemid);
	id_list_free(&ids);
	return rc;
}
