/* graph_get.c: graph.get, graphprototype.get and graphitem.get with Zabbix 6.0's options and
 * selects, and the graph options of template.get and host.get (selectGraphs, graphids,
 * with_graphs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The "extend" list of a graph, in Zabbix 6.0's column order. */
static const struct get_field graph_get_fields[] = {
	{ "graphid", GET_F_NUM }, { "name", 0 }, { "width", GET_F_NUM }, { "height", GET_F_NUM },
	{ "yaxismin", 0 }, { "yaxismax", 0 }, { "templateid", GET_F_NUM },
	{ "show_work_period", GET_F_NUM }, { "show_triggers", GET_F_NUM },
	{ "graphtype", GET_F_NUM }, { "show_legend", GET_F_NUM }, { "show_3d", GET_F_NUM },
	{ "percent_left", 0 }, { "percent_right", 0 }, { "ymin_type", GET_F_NUM },
	{ "ymax_type", GET_F_NUM }, { "ymin_itemid", GET_F_NUM }, { "ymax_itemid", GET_F_NUM },
	{ "flags", GET_F_NUM }, { "uuid", 0 }, { NULL, 0 },
};

/* A graph prototype's "extend" list: a graph's with discover. */
static const struct get_field graphproto_get_fields[] = {
	{ "graphid", GET_F_NUM }, { "name", 0 }, { "width", GET_F_NUM }, { "height", GET_F_NUM },
	{ "yaxismin", 0 }, { "yaxismax", 0 }, { "templateid", GET_F_NUM },
	{ "show_work_period", GET_F_NUM }, { "show_triggers", GET_F_NUM },
	{ "graphtype", GET_F_NUM }, { "show_legend", GET_F_NUM }, { "show_3d", GET_F_NUM },
	{ "percent_left", 0 }, { "percent_right", 0 }, { "ymin_type", GET_F_NUM },
	{ "ymax_type", GET_F_NUM }, { "ymin_itemid", GET_F_NUM }, { "ymax_itemid", GET_F_NUM },
	{ "flags", GET_F_NUM }, { "discover", GET_F_NUM }, { "uuid", 0 }, { NULL, 0 },
};

static const char *const graph_sortable[] = { "graphid", "name", "graphtype", NULL };
static const char *const graph_joins[] = { "groupids", "templateids", "hostids", "itemids",
	"templated", NULL };

cJSON *
graph_get_row(const struct graph *g)
{
	cJSON *row = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(row, "graphid", id_to_str(g->graphid, buf));
	for (int f = 0; f < GRAPH_F__COUNT; f++) {
		if (f == GRAPH_F_DISCOVER && g->flags != GRAPH_FLAG_PROTOTYPE)
			continue;
		if (f == GRAPH_F_SHOW_WORK_PERIOD)
			util_json_add_str(row, "templateid", id_to_str(g->templateid, buf));
		if (f == GRAPH_F_UUID) {
			util_json_add_str(row, "ymin_itemid", id_to_str(g->ymin_itemid, buf));
			util_json_add_str(row, "ymax_itemid", id_to_str(g->ymax_itemid, buf));
			snprintf(buf, sizeof buf, "%u", (unsigned)g->flags);
			util_json_add_str(row, "flags", buf);
		}
		cJSON_AddStringToObject(row, graph_fields[f].name, g->f[f]);
	}
	return row;
}

/* The row of a graph (proto false) or of a graph prototype (true); NULL for the other. */
static int
graph_load_flavor(struct rpc_call *call, uint64_t id, bool proto, cJSON **row)
{
	struct graph g;
	int rc = store_graph_get(call->txn, id, &g);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	if ((g.flags == GRAPH_FLAG_PROTOTYPE) == proto)
		*row = graph_get_row(&g);
	graph_free(&g);
	return STORE_OK;
}

static int
graph_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return graph_load_flavor(call, id, false, row);
}

static int
graphproto_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return graph_load_flavor(call, id, true, row);
}

static int
graph_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_GRAPHS, ids);
}

/* filter.host and filter.hostid join the items' hosts. */
static bool
graph_joined(const cJSON *params)
{
	const cJSON *filter = util_json_member(params, "filter");

	return cJSON_IsObject(filter) && (util_json_member(filter, "host") != NULL ||
	    util_json_member(filter, "hostid") != NULL);
}

/* The hosts of a graph's items (its host when it has none), for the caller's rights. */
static enum store_rc
graph_perm_hosts(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	struct graph g;
	enum store_rc rc = store_graph_get(txn, id, &g);

	if (rc == STORE_OK) {
		store_graph_hosts(&g, out);
		graph_free(&g);
	}
	return rc;
}

const struct get_kind get_kind_graph = {
	.pk = "graphid", .dbpk = "graphid", .fields = graph_get_fields,
	.sortable = graph_sortable, .load = graph_load, .scan = graph_scan,
	.joins = graph_joins, .joined = graph_joined, .perm = GET_PERM_HOSTS,
	.perm_hosts = graph_perm_hosts,
};

const struct get_kind get_kind_graphprototype = {
	.pk = "graphid", .dbpk = "graphid", .fields = graphproto_get_fields,
	.sortable = graph_sortable, .load = graphproto_load, .scan = graph_scan,
	.joins = graph_joins, .joined = graph_joined, .perm = GET_PERM_HOSTS,
	.perm_hosts = graph_perm_hosts,
};

/* ---- graphitem.get ---- */

static const struct get_field gitem_get_fields[] = {
	{ "gitemid", GET_F_NUM }, { "graphid", GET_F_NUM }, { "itemid", GET_F_NUM },
	{ "drawtype", GET_F_NUM }, { "sortorder", GET_F_NUM }, { "color", 0 },
	{ "yaxisside", GET_F_NUM }, { "calc_fnc", GET_F_NUM }, { "type", GET_F_NUM },
	{ NULL, 0 },
};

static const char *const gitem_sortable[] = { "gitemid", NULL };

static cJSON *
gitem_row(const struct graph *g, const struct graph_item *gi)
{
	cJSON *row = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(row, "gitemid", id_to_str(gi->gitemid, buf));
	util_json_add_str(row, "graphid", id_to_str(g->graphid, buf));
	util_json_add_str(row, "itemid", id_to_str(gi->itemid, buf));
	for (int f = 0; f < GITEM_F__COUNT; f++)
		cJSON_AddStringToObject(row, gitem_fields[f].name, gi->f[f]);
	return row;
}

static int
gitem_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct graph g;
	uint64_t graphid;
	int rc;

	*row = NULL;
	if ((rc = store_gitem_graph(call->txn, id, &graphid)) != STORE_OK ||
	    (rc = store_graph_get(call->txn, graphid, &g)) != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	for (size_t i = 0; i < g.n; i++)
		if (g.gi[i].gitemid == id)
			*row = gitem_row(&g, &g.gi[i]);
	graph_free(&g);
	return STORE_OK;
}

static int
gitem_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_GITEMS, ids);
}

/* The host of a graph item's item, for the caller's rights (Zabbix's graphitem.get shows a
 * graph item whose item's host the caller may read, whatever the graph's other items). */
static enum store_rc
gitem_perm_hosts(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	struct graph g;
	uint64_t graphid, itemid = 0, hostid, tid;
	enum store_rc rc;

	if ((rc = store_gitem_graph(txn, id, &graphid)) != STORE_OK ||
	    (rc = store_graph_get(txn, graphid, &g)) != STORE_OK)
		return rc;
	for (size_t i = 0; i < g.n; i++)
		if (g.gi[i].gitemid == id)
			itemid = g.gi[i].itemid;
	graph_free(&g);
	if ((rc = store_item_links(txn, itemid, &hostid, &tid)) == STORE_OK)
		id_list_add(out, hostid);
	return rc;
}

static const struct get_kind get_kind_gitem = {
	.pk = "gitemid", .dbpk = "gitemid", .fields = gitem_get_fields,
	.sortable = gitem_sortable, .load = gitem_load, .scan = gitem_scan,
	.perm = GET_PERM_HOSTS, .perm_hosts = gitem_perm_hosts,
};

/* The gitems of a graph, appended. */
static enum store_rc
graph_gitem_ids(struct store_txn *txn, uint64_t graphid, struct id_list *out)
{
	return store_graph_gitem_ids(txn, graphid, false, out);
}

/* The gitems of the graphs that use an item, on that item. */
static enum store_rc
graph_item_gitem_ids(struct store_txn *txn, uint64_t itemid, struct id_list *out)
{
	struct id_list graphs = { 0 };
	enum store_rc rc = store_item_graphs(txn, itemid, &graphs);

	for (size_t i = 0; rc == STORE_OK && i < graphs.n; i++) {
		struct graph g;

		if ((rc = store_graph_get(txn, graphs.ids[i], &g)) != STORE_OK)
			break;
		for (size_t k = 0; k < g.n; k++)
			if (g.gi[k].itemid == itemid)
				id_list_add(out, g.gi[k].gitemid);
		graph_free(&g);
	}
	id_list_free(&graphs);
	return rc;
}

/* graphitem.get: selectGraphs (the gitem's graph; "count" ignored), and graphid left out
 * unless the output asks for it. */
static int
gitem_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct id_list graphs = { 0 };
	uint64_t graphid;
	int rc = store_gitem_graph(call->txn, id, &graphid);

	if (rc == STORE_OK)
		id_list_add(&graphs, graphid);
	if (rc == STORE_OK || rc == STORE_ENOTFOUND)
		rc = get_select_add(call, params, "selectGraphs", "graphs", &get_kind_graph, &graphs,
		    &n, obj);
	id_list_free(&graphs);
	if (o->output.mode == GET_LIST && !get_list_has_name(o->output.list, "graphid"))
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "graphid");
	return rc;
}

static int
gitem_filter_type(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *type = util_json_member(params, "type");
	char *want;
	size_t j = 0;
	int rc = STORE_OK;

	if (type == NULL || cJSON_IsNull(type) || (want = util_json_scalar_text(type, "")) == NULL)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		cJSON *row;

		if ((rc = gitem_load(call, c->ids.ids[i], &row)) == STORE_OK && row != NULL &&
		    strcmp(util_json_member(row, "type")->valuestring, want) == 0)
			c->ids.ids[j++] = c->ids.ids[i];
		cJSON_Delete(row);
	}
	free(want);
	c->ids.n = j;
	return rc;
}

/* Zabbix 6.0.14's query for graphids with selectGraphs names an ambiguous column and fails:
 * the answer is empty. */
static bool
gitem_query_fails(const cJSON *params)
{
	const cJSON *g = util_json_member(params, "graphids");
	const cJSON *s = util_json_member(params, "selectGraphs");

	return g != NULL && !cJSON_IsNull(g) && s != NULL && !cJSON_IsNull(s);
}

static enum rpc_result
graphitem_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if (gitem_query_fails(params))
		c.set = true;

	if ((rc = get_cand_related(call, params, "graphids", graph_gitem_ids, &c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "itemids", graph_item_gitem_ids,
	    &c)) != STORE_OK || (rc = get_cand_resolve(call, &get_kind_gitem, &c)) != STORE_OK ||
	    (rc = gitem_filter_type(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	/* nopermissions: every graph item, as for a super admin */
	struct perm_rights *rights = call->rights;

	if (get_truthy(util_json_member(params, "nopermissions")))
		call->rights = NULL;
	rc = get_run(call, params, &get_kind_gitem, &c, gitem_selects);
	call->rights = rights;
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field graphitem_get_fields[] = {
	GET_OPT("graphids"), GET_OPT("itemids"), GET_OPT("type"), GET_OPT("selectGraphs"),
	GET_OPT("nopermissions"), GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule graphitem_get_params = GET_PARAMS_RULE(graphitem_get_fields);

const struct rpc_method method_graphitem_get = {
	.name = "graphitem.get", .params = &graphitem_get_params, .exec = graphitem_get_exec,
};

/* ---- graph.get ---- */

/* The graphs of a host group's members, appended. */
static enum store_rc
graph_group_graphs(struct store_txn *txn, uint64_t groupid, struct id_list *out)
{
	return store_list_through(txn, groupid, store_group_hosts, store_host_graphs, out);
}

/* hostids and templateids together (Zabbix merges them), groupids, itemids, graphids,
 * discoveryids (prototypes). */
static int
graph_get_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list hosts = { 0 }, rel = { 0 };
	bool by_host = get_ids_option(params, "hostids", &hosts);
	int rc = STORE_OK;

	by_host = get_ids_option(params, "templateids", &hosts) || by_host;
	for (size_t i = 0; by_host && rc == STORE_OK && i < hosts.n; i++)
		rc = store_host_graphs(call->txn, hosts.ids[i], &rel);
	if (by_host && rc == STORE_OK)
		get_cand_take(c, &rel);
	id_list_free(&hosts);
	id_list_free(&rel);
	get_cand_ids(params, "graphids", c);
	if (rc == STORE_OK)
		rc = get_cand_related(call, params, "groupids", graph_group_graphs, c);
	if (rc == STORE_OK)
		rc = get_cand_related(call, params, "itemids", store_item_graphs, c);
	if (rc == STORE_OK)
		rc = get_cand_related(call, params, "discoveryids", store_rule_graphs, c);
	return rc;
}

/* filter.host / filter.hostid: the technical names or ids of the hosts the graph's items
 * are on, sorted, in *allowed; false when neither is given. */
static bool
graph_filter_hosts(struct rpc_call *call, const cJSON *params, struct id_list *allowed)
{
	const cJSON *filter = util_json_member(params, "filter"), *v, *e;
	bool given = false;
	uint64_t id;

	if (!cJSON_IsObject(filter))
		return false;
	if ((v = util_json_member(filter, "host")) != NULL && !cJSON_IsNull(v)) {
		given = true;
		for (e = cJSON_IsArray(v) ? v->child : v; e != NULL; e = cJSON_IsArray(v) ? e->next :
		    NULL)
			if (cJSON_IsString(e) && store_host_by_name(call->txn, e->valuestring, &id) ==
			    STORE_OK)
				id_list_add(allowed, id);
	}
	if ((v = util_json_member(filter, "hostid")) != NULL && !cJSON_IsNull(v)) {
		given = true;
		for (e = cJSON_IsArray(v) ? v->child : v; e != NULL; e = cJSON_IsArray(v) ? e->next :
		    NULL)
			if (id_from_json(e, &id))
				id_list_add(allowed, id);
	}
	id_list_sort(allowed);
	return given;
}

/* Whether a graph passes templated, inherited, itemids, filter.flags (graphs only unless
 * flags is filtered) and the host filters. */
static int
graph_get_keep(struct rpc_call *call, const cJSON *params, const struct graph *g,
    const struct id_list *items, const struct id_list *allowed, bool by_host, bool proto,
    bool *keep)
{
	const cJSON *templated = util_json_member(params, "templated");
	const cJSON *inherited = util_json_member(params, "inherited");
	const cJSON *filter = util_json_member(params, "filter");
	bool any_tmpl = false, any_host = false, any_item = items == NULL, any_allowed = !by_host;

	if ((proto && g->flags != GRAPH_FLAG_PROTOTYPE) || (!proto && !(cJSON_IsObject(filter) &&
	    util_json_member(filter, "flags") != NULL) &&
	    g->flags == GRAPH_FLAG_PROTOTYPE)) {
		*keep = false;
		return STORE_OK;
	}
	for (size_t i = 0; i < g->n; i++) {
		struct host h;
		int rc;

		any_item = any_item || id_list_has(items, g->gi[i].itemid);
		any_allowed = any_allowed || id_list_sorted_has(allowed, g->gi[i].hostid);
		if (templated == NULL || cJSON_IsNull(templated))
			continue;
		if ((rc = store_host_get(call->txn, g->gi[i].hostid, &h)) == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			return rc;
		if (host_is_template(&h))
			any_tmpl = true;
		else
			any_host = true;
		host_free(&h);
	}
	*keep = any_item && any_allowed;
	if (templated != NULL && !cJSON_IsNull(templated))
		*keep = *keep && (get_truthy(templated) ? any_tmpl : any_host);
	if (inherited != NULL && !cJSON_IsNull(inherited))
		*keep = *keep && (get_truthy(inherited) ? g->templateid != 0 : g->templateid == 0);
	return STORE_OK;
}

static int
graph_get_filter(struct rpc_call *call, const cJSON *params, bool proto, struct get_cand *c)
{
	struct id_list items = { 0 }, allowed = { 0 };
	bool by_item = get_ids_option(params, "itemids", &items);
	bool by_host = graph_filter_hosts(call, params, &allowed);
	size_t j = 0;
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct graph g;
		bool keep = false;

		if ((rc = store_graph_get(call->txn, c->ids.ids[i], &g)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		rc = graph_get_keep(call, params, &g, by_item ? &items : NULL, &allowed, by_host,
		    proto, &keep);
		graph_free(&g);
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	id_list_free(&items);
	id_list_free(&allowed);
	return rc;
}

/* The LLD rule of a graph prototype: its first item prototype's (*ruleid; 0: none). */
static int
graph_proto_rule(struct store_txn *txn, const struct graph *g, uint64_t *ruleid)
{
	int rc = STORE_OK;

	*ruleid = 0;
	for (size_t i = 0; rc == STORE_OK && *ruleid == 0 && i < g->n; i++) {
		struct item it;

		if ((rc = store_item_get(txn, g->gi[i].itemid, &it)) != STORE_OK) {
			rc = rc == STORE_ENOTFOUND ? STORE_OK : rc;
			continue;
		}
		if (strcmp(it.f[ITEM_F_FLAGS], "2") == 0 &&
		    (rc = store_lld_doc_load(txn, &it)) == STORE_OK)
			util_parse_u64(lld_doc_str(it.lld, "ruleid"), ruleid);
		item_free(&it);
	}
	return rc;
}

/* The items and hosts of a graph (its gitems'), each once, and a prototype's LLD rule
 * (*ruleid; 0 for a graph). */
static int
graph_related(struct rpc_call *call, uint64_t id, struct id_list *items, struct id_list *hosts,
    uint64_t *ruleid)
{
	struct graph g;
	int rc = store_graph_get(call->txn, id, &g);

	*ruleid = 0;
	if (rc != STORE_OK)
		return rc;
	for (size_t i = 0; i < g.n; i++) {
		id_list_add_unique(items, g.gi[i].itemid);
		id_list_add_unique(hosts, g.gi[i].hostid);
	}
	if (g.flags == GRAPH_FLAG_PROTOTYPE)
		rc = graph_proto_rule(call->txn, &g, ruleid);
	graph_free(&g);
	return rc;
}

/* selectGraphItems, selectGroups, selectHosts, selectTemplates, selectItems (their "count"
 * ignored), selectDiscoveryRule and selectGraphDiscovery, in Zabbix's order. */
static int
graph_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct get_output gout = get_output_parse(util_json_member(params,
	    "selectGraphItems"));
	static const char *const opts[] = { "selectGraphItems", "selectGroups", "selectHosts",
		"selectTemplates", "selectItems", "selectDiscoveryRule", "selectGraphDiscovery" };
	struct id_list items = { 0 }, hosts = { 0 }, gitems = { 0 }, groups = { 0 };
	struct get_kind hk = item_host_kind();
	uint64_t ruleid;
	size_t k = 0;
	int rc;

	while (k < sizeof opts / sizeof opts[0] &&
	    util_json_member(params, opts[k]) == NULL)
		k++;
	if (k == sizeof opts / sizeof opts[0])
		return STORE_OK;
	rc = graph_related(call, id, &items, &hosts, &ruleid);
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++) {
		struct id_list of = { 0 };

		rc = store_host_groups(call->txn, hosts.ids[i], &of);
		for (size_t g = 0; g < of.n; g++)
			id_list_add_unique(&groups, of.ids[g]);
		id_list_free(&of);
	}
	if (rc == STORE_OK && (gout.mode == GET_EXTEND || gout.mode == GET_LIST) &&
	    (rc = graph_gitem_ids(call->txn, id, &gitems)) == STORE_OK) {
		cJSON *arr = cJSON_AddArrayToObject(obj, "gitems");

		for (size_t i = 0; rc == STORE_OK && i < gitems.n; i++) {
			cJSON *row;

			if ((rc = gitem_load(call, gitems.ids[i], &row)) == STORE_OK && row != NULL)
				cJSON_AddItemToArray(arr, get_project(&get_kind_gitem, row, &gout,
				    false));
			cJSON_Delete(row);
		}
	}
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectGroups", "groups", &get_kind_group,
		    &groups, &n, obj);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectHosts", "hosts", &hk, &hosts, &n, obj);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectTemplates", "templates",
		    &get_kind_template, &hosts, &n, obj);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectItems", "items", &get_kind_item, &items,
		    &n, obj);
	/* a prototype's rule; graphs here are never discovered: no rule, no graph discovery */
	if (rc == STORE_OK && ruleid != 0)
		rc = lld_select_rule_of(call, params, ruleid, obj);
	for (size_t i = ruleid != 0 ? 2 : 0; rc == STORE_OK && i < 2; i++) {
		static const char *const opt[2][2] = { { "selectDiscoveryRule", "discoveryRule" },
			{ "selectGraphDiscovery", "graphDiscovery" } };
		const cJSON *v = util_json_member(params, opt[i][0]);

		if (v != NULL && !cJSON_IsNull(v))
			cJSON_AddItemToObject(obj, opt[i][1], cJSON_CreateArray());
	}
	id_list_free(&items);
	id_list_free(&hosts);
	id_list_free(&gitems);
	id_list_free(&groups);
	return rc;
}

/* graph.get (proto false) or graphprototype.get (true). */
static enum rpc_result
graph_get_flavor(struct rpc_call *call, cJSON *params, bool proto)
{
	const struct get_kind *kind = proto ? &get_kind_graphprototype : &get_kind_graph;
	struct get_cand c = { 0 };
	int rc;

	if ((rc = graph_get_cand(call, params, &c)) != STORE_OK ||
	    (rc = get_cand_resolve(call, kind, &c)) != STORE_OK ||
	    (rc = graph_get_filter(call, params, proto, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, kind, &c, graph_selects);
	id_list_free(&c.ids);
	return rc;
}

static enum rpc_result
graph_get_exec(struct rpc_call *call, cJSON *params)
{
	return graph_get_flavor(call, params, false);
}

static enum rpc_result
graphprototype_get_exec(struct rpc_call *call, cJSON *params)
{
	return graph_get_flavor(call, params, true);
}

static const struct rule_field graph_get_rule_fields[] = {
	GET_OPT("graphids"), GET_OPT("groupids"), GET_OPT("templateids"), GET_OPT("hostids"),
	GET_OPT("itemids"), GET_OPT("templated"), GET_OPT("inherited"), GET_OPT("expandName"),
	GET_OPT("selectGroups"), GET_OPT("selectTemplates"), GET_OPT("selectHosts"),
	GET_OPT("selectItems"), GET_OPT("selectGraphItems"), GET_OPT("selectDiscoveryRule"),
	GET_OPT("selectGraphDiscovery"), GET_OPT("groupCount"), GET_OPT("nopermissions"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule graph_get_params = GET_PARAMS_RULE(graph_get_rule_fields);

const struct rpc_method method_graph_get = {
	.name = "graph.get", .params = &graph_get_params, .exec = graph_get_exec,
};

static const struct rule_field graphprototype_get_rule_fields[] = {
	GET_OPT("graphids"), GET_OPT("discoveryids"), GET_OPT("groupids"),
	GET_OPT("templateids"), GET_OPT("hostids"), GET_OPT("itemids"), GET_OPT("templated"),
	GET_OPT("inherited"), GET_OPT("expandName"), GET_OPT("selectGroups"),
	GET_OPT("selectTemplates"), GET_OPT("selectHosts"), GET_OPT("selectItems"),
	GET_OPT("selectGraphItems"), GET_OPT("selectDiscoveryRule"), GET_OPT("nopermissions"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule graphprototype_get_params = GET_PARAMS_RULE(
    graphprototype_get_rule_fields);

const struct rpc_method method_graphprototype_get = {
	.name = "graphprototype.get", .params = &graphprototype_get_params,
	.exec = graphprototype_get_exec,
};

/* ---- template.get and host.get ---- */

/* The graphs (not prototypes) of a host, appended. */
static enum store_rc
graph_host_plain(struct store_txn *txn, uint64_t hostid, struct id_list *out)
{
	return store_host_graphs_flagged(txn, hostid, GRAPH_FLAG_NORMAL, out);
}

int
graph_select_graphs(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .sortkey = "name",
	    .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectGraphs") == NULL)
		return STORE_OK;
	if ((rc = graph_host_plain(call->txn, id, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectGraphs", "graphs", &get_kind_graph, &ids,
		    &n, obj);
	id_list_free(&ids);
	return rc;
}

/* The hosts of a graph, appended (none for an unknown graph or a prototype). */
static enum store_rc
graph_hosts_of(struct store_txn *txn, uint64_t graphid, struct id_list *out)
{
	struct graph g;
	enum store_rc rc = store_graph_get(txn, graphid, &g);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	if (g.flags != GRAPH_FLAG_PROTOTYPE)
		store_graph_hosts(&g, out);
	graph_free(&g);
	return STORE_OK;
}

int
graph_cand_hosts(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	return get_cand_related(call, params, "graphids", graph_hosts_of, c);
}

int
graph_cand_with_graphs(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *v = util_json_member(params, "with_graphs");
	size_t j = 0;
	int rc = STORE_OK;

	if (v == NULL || cJSON_IsNull(v))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct id_list ids = { 0 };

		if ((rc = graph_host_plain(call->txn, c->ids.ids[i], &ids)) == STORE_OK && ids.n > 0)
			c->ids.ids[j++] = c->ids.ids[i];
		id_list_free(&ids);
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

/* ---- item.get ---- */

enum store_rc
graph_items_of(struct store_txn *txn, uint64_t graphid, struct id_list *out)
{
	return store_graph_gitem_ids(txn, graphid, true, out);
}

int
graph_select_item(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t itemid, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .sortkey = "name",
	    .opts = o };
	struct id_list ids = { 0 }, mine = { 0 };
	int rc;

	if (util_json_member(params, "selectGraphs") == NULL)
		return STORE_OK;
	rc = store_item_graphs(call->txn, itemid, &ids);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct id_list items = { 0 };

		if ((rc = graph_items_of(call->txn, ids.ids[i], &items)) == STORE_OK &&
		    id_list_has(&items, itemid))
			id_list_add(&mine, ids.ids[i]);
		id_list_free(&items);
	}
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectGraphs", "graphs", &get_kind_graph, &mine,
		    &n, obj);
	id_list_free(&ids);
	id_list_free(&mine);
	return rc;
}

/* discoveryrule.get (rule true: the graph prototypes of the rule's item prototypes) and
 * itemprototype.get (false: those with a gitem on the item prototype): selectGraphs. */
int
graph_select_protos(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, bool rule, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list ids = { 0 }, mine = { 0 };
	int rc;

	if (util_json_member(params, "selectGraphs") == NULL)
		return STORE_OK;
	rc = rule ? store_rule_graphs(call->txn, id, &ids) : store_item_graphs(call->txn, id,
	    &ids);
	for (size_t i = 0; i < ids.n; i++)
		id_list_add_unique(&mine, ids.ids[i]);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectGraphs", "graphs",
		    &get_kind_graphprototype, &mine, &n, obj);
	id_list_free(&ids);
	id_list_free(&mine);
	return rc;
}

/* ---- hostgroup.get ---- */

/* Whether a group has a member with a graph (not a prototype). */
static int
graph_group_has(struct rpc_call *call, uint64_t groupid, bool *has)
{
	struct id_list hosts = { 0 };
	int rc = store_group_hosts(call->txn, groupid, &hosts);

	*has = false;
	for (size_t i = 0; rc == STORE_OK && !*has && i < hosts.n; i++) {
		struct id_list ids = { 0 };

		rc = graph_host_plain(call->txn, hosts.ids[i], &ids);
		*has = ids.n > 0;
		id_list_free(&ids);
	}
	id_list_free(&hosts);
	return rc;
}

int
graph_cand_groups(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *with = util_json_member(params, "with_graphs");
	struct id_list graphs = { 0 }, hosts = { 0 }, groups = { 0 };
	bool by_graph = get_ids_option(params, "graphids", &graphs);
	size_t j = 0;
	int rc = STORE_OK;

	for (size_t i = 0; by_graph && rc == STORE_OK && i < graphs.n; i++)
		rc = graph_hosts_of(call->txn, graphs.ids[i], &hosts);
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++)
		rc = store_host_groups(call->txn, hosts.ids[i], &groups);
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		bool keep = !by_graph || id_list_has(&groups, c->ids.ids[i]);

		if (keep && with != NULL && !cJSON_IsNull(with))
			rc = graph_group_has(call, c->ids.ids[i], &keep);
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	id_list_free(&graphs);
	id_list_free(&hosts);
	id_list_free(&groups);
	return rc;
}
