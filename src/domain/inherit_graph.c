/* inherit_graph.c: graphs and graph prototypes as two kinds of the inheritance engine (the
 * same code but for the flags they store): keyed by name, a copy is the template's graph on
 * the child's copies of its items and item prototypes (axis items too), and a child's own
 * graph of that name on the same items is adopted. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the record ---- */

static const char *
graph_rec_key(const void *r)
{
	return ((const struct graph *)r)->f[GRAPH_F_NAME];
}

static void
graph_rec_dup(void *dst, const void *src)
{
	graph_dup(dst, src);
}

static void
graph_rec_free(void *r)
{
	graph_free(r);
}

/* ---- storage: each kind sees only its own flags (0 graphs, 2 prototypes) ---- */

static enum store_rc
graph_rec_get(struct store_txn *txn, uint64_t id, void *r)
{
	return store_graph_get(txn, id, r);
}

static bool
graph_is_flagged(struct store_txn *txn, uint64_t id, uint8_t flags, enum store_rc *rc)
{
	struct graph g;
	bool same;

	if ((*rc = store_graph_get(txn, id, &g)) != STORE_OK)
		return false;
	same = g.flags == flags;
	graph_free(&g);
	return same;
}

static enum store_rc
graph_by_key_flagged(struct store_txn *txn, uint64_t hostid, const char *name, uint8_t flags,
    uint64_t *id)
{
	enum store_rc rc = store_graph_by_name(txn, hostid, name, id);

	if (rc != STORE_OK)
		return rc;
	if (!graph_is_flagged(txn, *id, flags, &rc))
		return rc == STORE_OK ? STORE_ENOTFOUND : rc;
	return STORE_OK;
}

static enum store_rc
graph_rec_by_key(struct store_txn *txn, uint64_t hostid, const char *name, uint64_t *id)
{
	return graph_by_key_flagged(txn, hostid, name, GRAPH_FLAG_NORMAL, id);
}

static enum store_rc
graphproto_rec_by_key(struct store_txn *txn, uint64_t hostid, const char *name, uint64_t *id)
{
	return graph_by_key_flagged(txn, hostid, name, GRAPH_FLAG_PROTOTYPE, id);
}

static enum store_rc
graph_rec_host_ids(struct store_txn *txn, uint64_t hostid, struct id_list *out)
{
	return store_host_graphs_flagged(txn, hostid, GRAPH_FLAG_NORMAL, out);
}

static enum store_rc
graphproto_rec_host_ids(struct store_txn *txn, uint64_t hostid, struct id_list *out)
{
	return store_host_graphs_flagged(txn, hostid, GRAPH_FLAG_PROTOTYPE, out);
}

static enum store_rc
graph_rec_create(struct store_txn *txn, void *r)
{
	return store_graph_create(txn, r);
}

static enum store_rc
graph_rec_update(struct store_txn *txn, const void *old, const void *new)
{
	return store_graph_update(txn, old, (struct graph *)(uintptr_t)new);
}

/* ---- the target host ---- */

struct graph_target {
	struct store_txn	*txn;
};

static enum store_rc
graph_target_load(struct store_txn *txn, struct inherit_target *t)
{
	struct graph_target *gt = xcalloc(1, sizeof *gt);

	gt->txn = txn;
	t->own = gt;
	return STORE_OK;
}

static void
graph_target_free(struct inherit_target *t)
{
	free(t->own);
	t->own = NULL;
}

/* ---- copies ---- */

int
inherit_graph_item_on(struct store_txn *txn, uint64_t hostid, uint64_t itemid, uint64_t *out,
    struct err *e)
{
	uint64_t ihost;
	char *key;
	int rc;

	/* the item's key alone, not its whole record */
	if ((rc = store_item_field(txn, itemid, ITEM_F_KEY, &ihost, &key)) != STORE_OK)
		return domain_fail_store(e, rc);
	rc = store_item_by_key_for(txn, hostid, key, itemid, out);
	free(key);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

static int
graph_sortorder_cmp(const void *a, const void *b)
{
	const struct graph_item *x = a, *y = b;
	long sa = atol(x->f[GITEM_F_SORTORDER]), sb = atol(y->f[GITEM_F_SORTORDER]);

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return (x->gitemid > y->gitemid) - (x->gitemid < y->gitemid);
}

/* src as it is written on hostid, into zeroed out: its items (gitems in sortorder, axis
 * items of an item axis) the host's items of the same keys, no uuid, no ids of its own; the
 * gitem ids of keep (the copy there now, or NULL) are reused in order, as Zabbix does. */
static int
graph_rewrite(struct store_txn *txn, uint64_t hostid, const struct graph *src,
    const struct graph *keep, struct graph *out, struct err *e)
{
	struct graph_item *kept = NULL;
	int rc = 0;

	graph_dup(out, src);
	out->graphid = keep != NULL ? keep->graphid : 0;
	out->templateid = keep != NULL ? keep->templateid : 0;
	out->hostid = hostid;
	graph_set(out, GRAPH_F_UUID, "");
	qsort(out->gi, out->n, sizeof *out->gi, graph_sortorder_cmp);
	if (keep != NULL && keep->n > 0) {
		kept = xcalloc(keep->n, sizeof *kept);
		memcpy(kept, keep->gi, keep->n * sizeof *kept);
		qsort(kept, keep->n, sizeof *kept, graph_sortorder_cmp);
	}
	for (size_t i = 0; rc == 0 && i < out->n; i++) {
		out->gi[i].gitemid = kept != NULL && i < keep->n ? kept[i].gitemid : 0;
		out->gi[i].hostid = hostid;
		rc = inherit_graph_item_on(txn, hostid, out->gi[i].itemid, &out->gi[i].itemid, e);
	}
	free(kept);
	if (rc == 0 && strcmp(src->f[GRAPH_F_YMIN_TYPE], "2") == 0 && src->ymin_itemid != 0)
		rc = inherit_graph_item_on(txn, hostid, src->ymin_itemid, &out->ymin_itemid, e);
	if (rc == 0 && strcmp(src->f[GRAPH_F_YMAX_TYPE], "2") == 0 && src->ymax_itemid != 0)
		rc = inherit_graph_item_on(txn, hostid, src->ymax_itemid, &out->ymax_itemid, e);
	if (rc != 0)
		graph_free(out);
	return rc;
}

static int
graph_copy(const struct inherit_target *t, const void *src, void *out, struct err *e)
{
	const struct graph_target *gt = t->own;

	return graph_rewrite(gt->txn, t->h.hostid, src, NULL, out, e);
}

/* An own graph is adopted only on the same items: as many gitems, each of src's items'
 * counterparts among them. */
static int
graph_check_adopt(const struct inherit_target *t, const struct graph *cur,
    const struct graph *next, struct err *e)
{
	bool *used = xcalloc(cur->n + 1, sizeof *used);
	bool same = cur->n == next->n;

	for (size_t i = 0; same && i < next->n; i++) {
		size_t j = 0;

		while (j < cur->n && (used[j] || cur->gi[j].itemid != next->gi[i].itemid))
			j++;
		if (j == cur->n)
			same = false;
		else
			used[j] = true;
	}
	free(used);
	if (same)
		return 0;
	return err_set(e, ERR_PARAM, NULL, "Graph \"%s\" already exists on \"%s\" (items are not "
	    "identical).", next->f[GRAPH_F_NAME], t->h.name);
}

static int
graph_sync(const struct inherit_target *t, const void *cur, const void *src, bool adopt,
    void *next, struct err *e)
{
	const struct graph_target *gt = t->own;
	const struct graph *c = cur, *s = src;
	struct graph *n = next;

	if (graph_rewrite(gt->txn, t->h.hostid, s, c, n, e) != 0)
		return -1;
	if (adopt && graph_check_adopt(t, c, n, e) != 0) {
		graph_free(n);
		return -1;
	}
	n->templateid = s->graphid;
	if (!adopt && graph_equal(c, n)) {
		graph_free(n);
		return 0;
	}
	return 1;
}

/* Left as the host's own: on a template it needs a uuid of its own. */
static void
graph_detach(void *r, bool on_template)
{
	char uuid[33] = "";

	if (on_template && host_uuid_new(uuid) == 0)
		graph_set(r, GRAPH_F_UUID, uuid);
}

/* A change of the template's graph: the copy becomes the template's graph again, on its
 * host's items (every field: Zabbix sends the whole graph down). */
static void
graph_edit(void *copy, const void *src, const void *edit)
{
	const struct inherit_graph_edit *ed = edit;
	struct graph *c = copy, next;
	struct err e = { 0 };

	if (graph_rewrite(ed->txn, c->hostid, src, c, &next, &e) == 0) {
		graph_free(c);
		*c = next;
	}
	err_clear(&e);
}

static int
graph_fail_inherited(struct err *e, const char *name, const char *host)
{
	return err_set(e, ERR_PARAM, NULL, "Graph \"%s\" already exists on \"%s\" (inherited from "
	    "another template).", name, host);
}

static int
graph_fail_taken(struct err *e, const char *name, const char *host)
{
	return err_set(e, ERR_PARAM, NULL, "Graph \"%s\" already exists on \"%s\".", name, host);
}

#define INHERIT_GRAPH_COMMON \
	.size = sizeof(struct graph), \
	.off_id = offsetof(struct graph, graphid), \
	.off_hostid = offsetof(struct graph, hostid), \
	.off_templateid = offsetof(struct graph, templateid), \
	.key = graph_rec_key, \
	.dup = graph_rec_dup, \
	.free = graph_rec_free, \
	.get = graph_rec_get, \
	.copy_ids = store_graph_copies, \
	.create = graph_rec_create, \
	.update = graph_rec_update, \
	.delete_tree = store_graph_delete_tree, \
	.target_load = graph_target_load, \
	.target_free = graph_target_free, \
	.copy = graph_copy, \
	.sync = graph_sync, \
	.detach = graph_detach, \
	.edit = graph_edit, \
	.fail_inherited = graph_fail_inherited, \
	.fail_taken = graph_fail_taken

/* Graph prototypes follow their item prototypes (items, so copied before them); the name
 * index is shared with graphs, so a name taken by a graph refuses the copy. */
const struct inherit_kind inherit_kind_graphproto = {
	.name = "graph prototype",
	.by_key = graphproto_rec_by_key,
	.host_ids = graphproto_rec_host_ids,
	INHERIT_GRAPH_COMMON,
};

const struct inherit_kind inherit_kind_graph = {
	.name = "graph",
	.by_key = graph_rec_by_key,
	.host_ids = graph_rec_host_ids,
	INHERIT_GRAPH_COMMON,
};
