/* export_graph.c: the top-level "graphs" of configuration.export in Zabbix 6.0's shape (its key
 * order, defaults left out, constants as names, graphs by name and their items by sortorder). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* {host, key} of an item (flags 0 or 2); 1 when it cannot be named. */
static int
graph_item_ref(struct store_txn *txn, uint64_t itemid, cJSON **out, struct err *e)
{
	struct item it;
	struct host h;
	int rc;

	*out = NULL;
	if ((rc = store_item_get(txn, itemid, &it)) == STORE_ENOTFOUND)
		return 1;
	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	if (strcmp(it.f[ITEM_F_FLAGS], "0") != 0 && strcmp(it.f[ITEM_F_FLAGS], "2") != 0) {
		item_free(&it);
		return 1;
	}
	if ((rc = store_host_get(txn, it.hostid, &h)) == STORE_OK) {
		*out = cJSON_CreateObject();
		export_add_str(*out, "host", h.host);
		export_add_str(*out, "key", it.f[ITEM_F_KEY]);
		host_free(&h);
	}
	item_free(&it);
	if (rc == STORE_ENOTFOUND)
		return 1;
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

static int
graph_gitem_cmp(const void *a, const void *b)
{
	const struct graph_item *x = a, *y = b;
	int c = util_strnatcasecmp(x->f[GITEM_F_SORTORDER], y->f[GITEM_F_SORTORDER]);

	return c != 0 ? c : (x->gitemid > y->gitemid) - (x->gitemid < y->gitemid);
}

/* An axis item ("ymin_item_1"): {host, key} with an item axis, else left out. */
static int
graph_axis(struct store_txn *txn, cJSON *obj, const char *key, const char *type,
    uint64_t itemid, struct err *e)
{
	cJSON *ref;
	int rc;

	if (itemid == 0)
		return 0;
	if ((rc = graph_item_ref(txn, itemid, &ref, e)) != 0)
		return rc;
	if (strcmp(type, "2") == 0)
		cJSON_AddItemToObject(obj, key, ref);
	else
		cJSON_Delete(ref);
	return 0;
}

/* The graph's items by sortorder; 1 when one cannot be named. */
static int
graph_items_json(struct store_txn *txn, const struct graph *g, cJSON **out, struct err *e)
{
	struct graph_item *gi = xcalloc(g->n + 1, sizeof *gi);
	int rc = 0;

	memcpy(gi, g->gi, g->n * sizeof *gi);
	qsort(gi, g->n, sizeof *gi, graph_gitem_cmp);
	*out = cJSON_CreateArray();
	for (size_t i = 0; rc == 0 && i < g->n; i++) {
		cJSON *o = cJSON_CreateObject(), *ref;

		cJSON_AddItemToArray(*out, o);
		export_add_opt(o, "sortorder", gi[i].f[GITEM_F_SORTORDER], "0");
		export_add_named(o, "drawtype", gi[i].f[GITEM_F_DRAWTYPE], "0", "gitem_drawtype");
		export_add_opt(o, "color", gi[i].f[GITEM_F_COLOR], "009600");
		export_add_named(o, "yaxisside", gi[i].f[GITEM_F_YAXISSIDE], "0", "gitem_yaxisside");
		export_add_named(o, "calc_fnc", gi[i].f[GITEM_F_CALC_FNC], "2", "gitem_calc_fnc");
		export_add_named(o, "type", gi[i].f[GITEM_F_TYPE], "0", "gitem_type");
		if ((rc = graph_item_ref(txn, gi[i].itemid, &ref, e)) == 0)
			cJSON_AddItemToObject(o, "item", ref);
	}
	free(gi);
	if (rc != 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

/* One graph in the schema's key order; 1 when it is left out. */
static int
graph_json(struct store_txn *txn, const struct graph *g, cJSON **out, struct err *e)
{
	cJSON *o = cJSON_CreateObject(), *items = NULL;
	int rc;

	if (g->f[GRAPH_F_UUID][0] != '\0')
		export_add_str(o, "uuid", g->f[GRAPH_F_UUID]);
	export_add_str(o, "name", g->f[GRAPH_F_NAME]);
	export_add_opt(o, "width", g->f[GRAPH_F_WIDTH], "900");
	export_add_opt(o, "height", g->f[GRAPH_F_HEIGHT], "200");
	export_add_opt(o, "yaxismin", g->f[GRAPH_F_YAXISMIN], "0");
	export_add_opt(o, "yaxismax", g->f[GRAPH_F_YAXISMAX], "100");
	export_add_named(o, "show_work_period", g->f[GRAPH_F_SHOW_WORK_PERIOD], "1", "no_yes");
	export_add_named(o, "show_triggers", g->f[GRAPH_F_SHOW_TRIGGERS], "1", "no_yes");
	export_add_named(o, "type", g->f[GRAPH_F_GRAPHTYPE], "0", "graph_type");
	export_add_named(o, "show_legend", g->f[GRAPH_F_SHOW_LEGEND], "1", "no_yes");
	export_add_named(o, "show_3d", g->f[GRAPH_F_SHOW_3D], "0", "no_yes");
	export_add_opt(o, "percent_left", g->f[GRAPH_F_PERCENT_LEFT], "0");
	export_add_opt(o, "percent_right", g->f[GRAPH_F_PERCENT_RIGHT], "0");
	export_add_named(o, "ymin_type_1", g->f[GRAPH_F_YMIN_TYPE], "0", "graph_y_type");
	if ((rc = graph_axis(txn, o, "ymin_item_1", g->f[GRAPH_F_YMIN_TYPE], g->ymin_itemid,
	    e)) == 0) {
		export_add_named(o, "ymax_type_1", g->f[GRAPH_F_YMAX_TYPE], "0", "graph_y_type");
		rc = graph_axis(txn, o, "ymax_item_1", g->f[GRAPH_F_YMAX_TYPE], g->ymax_itemid, e);
	}
	if (rc == 0 && (rc = graph_items_json(txn, g, &items, e)) == 0)
		cJSON_AddItemToObject(o, "graph_items", items);
	if (rc == 0 && g->flags == GRAPH_FLAG_PROTOTYPE && strcmp(g->f[GRAPH_F_DISCOVER], "1") == 0)
		export_add_str(o, "discover", "NO_DISCOVER");
	if (rc != 0) {
		cJSON_Delete(o);
		o = NULL;
	}
	*out = o;
	return rc;
}

/* The graphs of ids (freed; rc: how collecting them went) that have these flags and are
 * their host's own (not inherited), each once, loaded into *out (n of them, the caller's). */
static int
graph_load_own(struct store_txn *txn, struct id_list *ids, uint8_t flags, int rc,
    struct graph **out, size_t *n, struct err *e)
{
	struct id_set seen = { 0 };

	*out = xcalloc(ids->n + 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		struct graph *g = &(*out)[*n];

		if (!id_set_add(&seen, ids->ids[i]))
			continue;
		if ((rc = store_graph_get(txn, ids->ids[i], g)) != STORE_OK)
			break;
		if (g->flags != flags || g->templateid != 0)
			graph_free(g);
		else
			(*n)++;
	}
	id_list_free(ids);
	id_set_free(&seen);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* The exported objects' graphs (own, not prototypes), each once, loaded. */
static int
graph_collect(struct store_txn *txn, const struct id_list *tmpl, const struct id_list *hosts,
    struct graph **out, size_t *n, struct err *e)
{
	struct id_list ids = { 0 };
	int rc = STORE_OK;

	for (int pass = 0; pass < 2; pass++) {
		const struct id_list *l = pass == 0 ? tmpl : hosts;

		for (size_t i = 0; rc == STORE_OK && l != NULL && i < l->n; i++) {
			struct host h;

			if ((rc = store_host_get(txn, l->ids[i], &h)) == STORE_ENOTFOUND) {
				rc = STORE_OK;
				continue;
			}
			if (rc != STORE_OK)
				break;
			if (host_is_template(&h) == (pass == 0))
				rc = store_host_graphs(txn, l->ids[i], &ids);
			host_free(&h);
		}
	}
	return graph_load_own(txn, &ids, GRAPH_FLAG_NORMAL, rc, out, n, e);
}

static int
graph_name_cmp(const void *a, const void *b)
{
	const struct graph *x = a, *y = b;
	int c = util_strnatcasecmp(x->f[GRAPH_F_NAME], y->f[GRAPH_F_NAME]);

	return c != 0 ? c : (x->graphid > y->graphid) - (x->graphid < y->graphid);
}

/* The n loaded graphs g (freed, with g; rc the load's result) by name into *out, a new
 * list; 0, or -1 with *e. */
static int
graph_list_json(struct store_txn *txn, struct graph *g, size_t n, int rc, cJSON **out,
    struct err *e)
{
	*out = cJSON_CreateArray();
	if (rc == 0)
		qsort(g, n, sizeof *g, graph_name_cmp);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		cJSON *obj;

		if ((rc = graph_json(txn, &g[i], &obj, e)) == 0)
			cJSON_AddItemToArray(*out, obj);
		else if (rc == 1)
			rc = 0;
	}
	for (size_t i = 0; i < n; i++)
		graph_free(&g[i]);
	free(g);
	if (rc != 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

int
export_graphs(struct store_txn *txn, const struct id_list *tmpl, const struct id_list *hosts,
    cJSON **out, struct err *e)
{
	struct graph *g;
	size_t n;
	int rc = graph_collect(txn, tmpl, hosts, &g, &n, e);

	return graph_list_json(txn, g, n, rc, out, e);
}

/* The graph prototypes of an LLD rule (on its item prototypes), each once, loaded. */
static int
graph_collect_protos(struct store_txn *txn, uint64_t ruleid, struct graph **out, size_t *n,
    struct err *e)
{
	struct id_list ids = { 0 };
	int rc = store_rule_graphs(txn, ruleid, &ids);

	return graph_load_own(txn, &ids, GRAPH_FLAG_PROTOTYPE, rc, out, n, e);
}

cJSON *
export_graph_prototypes(struct store_txn *txn, uint64_t ruleid)
{
	struct err e = { 0 };
	struct graph *g;
	size_t n;
	int rc = graph_collect_protos(txn, ruleid, &g, &n, &e);
	cJSON *out = NULL;

	graph_list_json(txn, g, n, rc, &out, &e);
	err_clear(&e);
	return out;
}
