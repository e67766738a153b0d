/* store_dashboard.c: template dashboards with their template index and unique (templateid, name) index, kept in the same transaction as the record. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* LMDB keys are at most 511 bytes: a long name is cut and followed by a hash of it. */
#define DASHBOARD_KEY_CUT	400

struct dashboard_keybuf {
	uint8_t	 data[8 + DASHBOARD_KEY_CUT + 8];
	size_t	 len;
};

static void
store_dashboard_keybuf(uint64_t templateid, const char *name, struct dashboard_keybuf *k)
{
	size_t n = strlen(name);
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	codec_be64(templateid, k->data);
	if (n <= DASHBOARD_KEY_CUT + 8) {
		memcpy(k->data + 8, name, n);
		k->len = 8 + n;
		return;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)name[i]) * 1099511628211ULL;
	memcpy(k->data + 8, name, DASHBOARD_KEY_CUT);
	codec_be64(h, k->data + 8 + DASHBOARD_KEY_CUT);
	k->len = 8 + DASHBOARD_KEY_CUT + 8;
}

enum store_rc
store_dashboard_get(struct store_txn *t, uint64_t id, struct dashboard *d)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_DASHBOARDS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return dashboard_decode(v, vlen, d) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_dashboard_by_name(struct store_txn *t, uint64_t templateid, const char *name, uint64_t *id)
{
	struct dashboard_keybuf k;
	const void *v;
	size_t vlen;
	enum store_rc rc;

	store_dashboard_keybuf(templateid, name, &k);
	if ((rc = store_get(t, STORE_DB_DASHBOARDS_BY_NAME, k.data, k.len, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

static enum store_rc
store_dashboard_name_put(struct store_txn *t, const struct dashboard *d)
{
	struct dashboard_keybuf k;
	uint8_t id[8];

	store_dashboard_keybuf(d->templateid, d->name, &k);
	codec_be64(d->dashboardid, id);
	return store_put(t, STORE_DB_DASHBOARDS_BY_NAME, k.data, k.len, id, 8, true);
}

static enum store_rc
store_dashboard_name_del(struct store_txn *t, const struct dashboard *d)
{
	struct dashboard_keybuf k;
	enum store_rc rc;

	store_dashboard_keybuf(d->templateid, d->name, &k);
	rc = store_del(t, STORE_DB_DASHBOARDS_BY_NAME, k.data, k.len);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* New pages and widgets (id 0) get ids in their order; then each page's widgets are
 * ordered by id (stable: the new ones, whose ids are the highest, keep their order). */
static enum store_rc
store_dashboard_assign_ids(struct store_txn *t, struct dashboard *d)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < d->np; i++) {
		struct dashboard_page *p = &d->p[i];

		if (p->pageid == 0)
			rc = store_seq_next(t, "dashboard_pages", &p->pageid);
		for (size_t j = 0; rc == STORE_OK && j < p->nw; j++)
			if (p->w[j].widgetid == 0)
				rc = store_seq_next(t, "widgets", &p->w[j].widgetid);
		for (size_t j = 1; rc == STORE_OK && j < p->nw; j++) {
			struct dashboard_widget w = p->w[j];
			size_t k = j;

			for (; k > 0 && p->w[k - 1].widgetid > w.widgetid; k--)
				p->w[k] = p->w[k - 1];
			p->w[k] = w;
		}
	}
	return rc;
}

static enum store_rc
store_dashboard_write(struct store_txn *t, struct dashboard *d)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if ((rc = store_dashboard_assign_ids(t, d)) != STORE_OK)
		return rc;
	dashboard_encode(d, &b);
	rc = store_put_id(t, STORE_DB_DASHBOARDS, d->dashboardid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_dashboard_create(struct store_txn *t, struct dashboard *d)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "dashboards", &d->dashboardid)) != STORE_OK)
		return rc;
	if ((rc = store_dashboard_name_put(t, d)) != STORE_OK ||
	    (rc = store_pair_add(t, STORE_DB_HOST_DASHBOARDS, d->templateid, d->dashboardid)) !=
	    STORE_OK)
		return rc;
	return store_dashboard_write(t, d);
}

/* The template never changes; a new name moves its index entry. */
enum store_rc
store_dashboard_update(struct store_txn *t, const struct dashboard *old, struct dashboard *new)
{
	enum store_rc rc;

	if (strcmp(old->name, new->name) != 0 &&
	    ((rc = store_dashboard_name_del(t, old)) != STORE_OK ||
	    (rc = store_dashboard_name_put(t, new)) != STORE_OK))
		return rc;
	return store_dashboard_write(t, new);
}

enum store_rc
store_dashboard_delete(struct store_txn *t, uint64_t id)
{
	struct dashboard d;
	enum store_rc rc;

	if ((rc = store_dashboard_get(t, id, &d)) != STORE_OK)
		return rc;
	if ((rc = store_dashboard_name_del(t, &d)) == STORE_OK &&
	    ((rc = store_pair_del(t, STORE_DB_HOST_DASHBOARDS, d.templateid, id)) == STORE_OK ||
	    rc == STORE_ENOTFOUND))
		rc = store_del_id(t, STORE_DB_DASHBOARDS, id);
	dashboard_free(&d);
	return rc;
}

/* A scan: uuids have no index (they are looked up on create and import only). */
enum store_rc
store_dashboard_by_uuid(struct store_txn *t, const char *uuid, uint64_t *id)
{
	struct id_list all = { 0 };
	enum store_rc rc = store_id_scan(t, STORE_DB_DASHBOARDS, &all);
	bool found = false;

	for (size_t i = 0; rc == STORE_OK && !found && i < all.n; i++) {
		struct dashboard d;

		if ((rc = store_dashboard_get(t, all.ids[i], &d)) != STORE_OK)
			break;
		if ((found = strcmp(d.uuid, uuid) == 0))
			*id = d.dashboardid;
		dashboard_free(&d);
	}
	id_list_free(&all);
	return rc == STORE_OK && !found ? STORE_ENOTFOUND : rc;
}

enum store_rc
store_host_dashboards(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_DASHBOARDS, hostid, out);
}

enum store_rc
store_host_drop_dashboards(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_host_dashboards(t, hostid, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++)
		rc = store_dashboard_delete(t, l.ids[i]);
	id_list_free(&l);
	return rc;
}

/* Drops the widget fields of type `type` whose value is id from one widget; true if any. */
static bool
store_dashboard_widget_forget(struct dashboard_widget *w, uint32_t type, const char *id)
{
	size_t j = 0, n = w->nf;

	for (size_t i = 0; i < n; i++) {
		if (w->f[i].type == type && strcmp(w->f[i].value, id) == 0) {
			free(w->f[i].name);
			free(w->f[i].value);
			continue;
		}
		w->f[j++] = w->f[i];
	}
	w->nf = j;
	return j != n;
}

enum store_rc
store_dashboard_forget(struct store_txn *t, uint64_t hostid, uint32_t type, uint64_t id)
{
	struct id_list l = { 0 };
	char text[24];
	enum store_rc rc = store_host_dashboards(t, hostid, &l);

	id_to_str(id, text);
	for (size_t i = 0; rc == STORE_OK && i < l.n; i++) {
		struct dashboard d;
		bool changed = false;

		if ((rc = store_dashboard_get(t, l.ids[i], &d)) != STORE_OK)
			break;
		for (size_t p = 0; p < d.np; p++)
			for (size_t w = 0; w < d.p[p].nw; w++)
				changed |= store_dashboard_widget_forget(&d.p[p].w[w], type, text);
		if (changed)
			rc = store_dashboard_write(t, &d);
		dashboard_free(&d);
	}
	id_list_free(&l);
	return rc;
}

/* Graphs are not stored in this tree (they come with the graph store): no graph id is
 * known, so a widget can name none. These two functions are the one place to connect
 * dashboards to graphs. */
enum store_rc
store_dashboard_graph_of(struct store_txn *t, uint64_t graphid, bool prototype,
    struct id_list *hosts, char **name)
{
	struct graph g;
	enum store_rc rc;

	*name = NULL;
	if ((rc = store_graph_get(t, graphid, &g)) != STORE_OK)
		return rc;
	if (g.flags != (prototype ? GRAPH_FLAG_PROTOTYPE : GRAPH_FLAG_NORMAL)) {
		graph_free(&g);
		return STORE_ENOTFOUND;
	}
	store_graph_hosts(&g, hosts);
	*name = xstrdup(g.f[GRAPH_F_NAME]);
	graph_free(&g);
	return STORE_OK;
}

enum store_rc
store_dashboard_graph_by_name(struct store_txn *t, uint64_t hostid, const char *name,
    bool prototype, uint64_t *graphid)
{
	struct graph g;
	enum store_rc rc;

	*graphid = 0;
	if ((rc = store_graph_by_name(t, hostid, name, graphid)) != STORE_OK ||
	    (rc = store_graph_get(t, *graphid, &g)) != STORE_OK)
		return rc;
	if (g.flags != (prototype ? GRAPH_FLAG_PROTOTYPE : GRAPH_FLAG_NORMAL))
		rc = STORE_ENOTFOUND;
	graph_free(&g);
	if (rc != STORE_OK)
		*graphid = 0;
	return rc;
}
