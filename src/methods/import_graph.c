/* import_graph.c: the top-level graphs of configuration.import (rules "graphs") and the graph
 * prototypes of its LLD rules (rules "discoveryRules"): each graph's items found by host and
 * key, the graph found by uuid (a template's) or by name on its host, then graph.update and
 * graph.create (graphprototype.*) as Zabbix's importer calls them; deleteMissing removes the
 * processed objects' own graphs (a rule's own prototypes) the source does not list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The item of a source {host, key}: *itemid 0 when the host or its item is not there; *tmpl
 * whether the host is a template. */
static int
imp_graph_item(struct imp *im, const cJSON *ref, uint64_t *hostid, uint64_t *itemid,
    bool *tmpl)
{
	struct host h;
	int rc;

	*itemid = 0;
	if ((rc = store_host_by_name(im->call->txn, imp_str(ref, "host", ""), hostid)) ==
	    STORE_ENOTFOUND)
		return 0;
	if (rc != STORE_OK || (rc = store_host_get(im->call->txn, *hostid, &h)) != STORE_OK)
		return imp_fail_store(im, rc);
	*tmpl = *tmpl || host_is_template(&h);
	host_free(&h);
	rc = store_item_by_key_for(im->call->txn, *hostid, imp_str(ref, "key", ""), 0, itemid);
	if (rc == STORE_ENOTFOUND)
		*itemid = 0;
	else if (rc != STORE_OK)
		return imp_fail_store(im, rc);
	return 0;
}

/* An axis item ("ymin_item_1": {host, key}, or absent / "0"): its id in p, or the error. */
static int
imp_graph_axis(struct imp *im, const cJSON *src, const char *skey, const char *pkey,
    const char *what, cJSON *p, bool *tmpl)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(src, skey);
	uint64_t hostid = 0, itemid = 0;

	if (!cJSON_IsObject(ref) || ref->child == NULL)
		return 0;
	if (imp_graph_item(im, ref, &hostid, &itemid, tmpl) != 0)
		return -1;
	if (itemid == 0)
		return imp_fail(im, "Cannot find item \"%s\" on \"%s\" used as the Y axis %s value "
		    "for graph \"%s\".", imp_str(ref, "key", ""), imp_str(ref, "host", ""), what,
		    imp_str(src, "name", ""));
	cJSON_AddItemToObject(p, pkey, imp_id_json(itemid));
	return 0;
}

/* graph_items as the API's gitems; *hostid the host of the last one. */
static int
imp_graph_gitems(struct imp *im, const cJSON *src, cJSON *p, uint64_t *hostid, bool *tmpl)
{
	cJSON *gitems = cJSON_AddArrayToObject(p, "gitems");
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(src, "graph_items")) {
		const cJSON *ref = cJSON_GetObjectItemCaseSensitive(s, "item");
		cJSON *g = cJSON_CreateObject();
		uint64_t itemid = 0;

		cJSON_AddItemToArray(gitems, g);
		util_json_add_str(g, "sortorder", imp_str(s, "sortorder", "0"));
		imp_add_const(g, "drawtype", s, "drawtype", "gitem_drawtype", "0");
		util_json_add_str(g, "color", imp_str(s, "color", "009600"));
		imp_add_const(g, "yaxisside", s, "yaxisside", "gitem_yaxisside", "0");
		imp_add_const(g, "calc_fnc", s, "calc_fnc", "gitem_calc_fnc", "2");
		imp_add_const(g, "type", s, "type", "gitem_type", "0");
		if (imp_graph_item(im, ref, hostid, &itemid, tmpl) != 0)
			return -1;
		if (itemid == 0)
			return imp_fail(im, "Cannot find item \"%s\" on \"%s\" used in graph \"%s\".",
			    imp_str(ref, "key", ""), imp_str(ref, "host", ""), imp_str(src, "name", ""));
		cJSON_AddItemToObject(g, "itemid", imp_id_json(itemid));
	}
	return 0;
}

/* The graph's scalar members as the API's fields. */
static void
imp_graph_fields(const cJSON *src, cJSON *p)
{
	static const char *const plain[][2] = { { "width", "900" }, { "height", "200" },
		{ "yaxismin", "0" }, { "yaxismax", "100" }, { "percent_left", "0" },
		{ "percent_right", "0" } };
	static const char *const yes_no[][2] = { { "show_work_period", "1" },
		{ "show_triggers", "1" }, { "show_legend", "1" }, { "show_3d", "0" } };

	util_json_add_str(p, "name", imp_str(src, "name", ""));
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		cJSON_AddStringToObject(p, plain[i][0], imp_str(src, plain[i][0], plain[i][1]));
	for (size_t i = 0; i < sizeof yes_no / sizeof yes_no[0]; i++)
		imp_add_const(p, yes_no[i][0], src, yes_no[i][0], "no_yes", yes_no[i][1]);
	imp_add_const(p, "graphtype", src, "type", "graph_type", "0");
	imp_add_const(p, "ymin_type", src, "ymin_type_1", "graph_y_type", "0");
	imp_add_const(p, "ymax_type", src, "ymax_type_1", "graph_y_type", "0");
}

/* The host's graph of these flags (a graph or a prototype) with this uuid (uuid NULL: none)
 * or else this name. */
static int
imp_graph_find_flagged(struct imp *im, uint64_t hostid, const char *uuid, const char *name,
    uint8_t flags, uint64_t *graphid)
{
	struct id_list ids = { 0 };
	int rc = uuid != NULL ? store_host_graphs(im->call->txn, hostid, &ids) : STORE_OK;

	*graphid = 0;
	for (size_t i = 0; rc == STORE_OK && *graphid == 0 && i < ids.n; i++) {
		struct graph g;

		if ((rc = store_graph_get(im->call->txn, ids.ids[i], &g)) != STORE_OK)
			break;
		if (g.flags == flags && strcmp(g.f[GRAPH_F_UUID], uuid) == 0)
			*graphid = g.graphid;
		graph_free(&g);
	}
	id_list_free(&ids);
	if (rc == STORE_OK && *graphid == 0 &&
	    (rc = store_graph_by_name(im->call->txn, hostid, name, graphid)) == STORE_OK) {
		struct graph g;

		if ((rc = store_graph_get(im->call->txn, *graphid, &g)) == STORE_OK) {
			if (g.flags != flags)
				*graphid = 0;
			graph_free(&g);
		}
	}
	if (rc == STORE_ENOTFOUND) {
		*graphid = 0;
		rc = STORE_OK;
	}
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

static int
imp_graph_find(struct imp *im, uint64_t hostid, const char *uuid, const char *name,
    uint64_t *graphid)
{
	return imp_graph_find_flagged(im, hostid, uuid, name, GRAPH_FLAG_NORMAL, graphid);
}

/* One source graph (flags: a graph or a prototype) as graph.create or graph.update params
 * (*graphid: the graph found). */
static int
imp_graph_params(struct imp *im, const cJSON *src, uint8_t flags, cJSON **out,
    uint64_t *graphid)
{
	cJSON *p = cJSON_CreateObject();
	const char *uuid = imp_str(src, "uuid", "");
	uint64_t hostid = 0;
	bool tmpl = false;

	*out = NULL;
	imp_graph_fields(src, p);
	if (imp_graph_axis(im, src, "ymin_item_1", "ymin_itemid", "MIN", p, &tmpl) != 0 ||
	    imp_graph_axis(im, src, "ymax_item_1", "ymax_itemid", "MAX", p, &tmpl) != 0 ||
	    imp_graph_gitems(im, src, p, &hostid, &tmpl) != 0 ||
	    imp_graph_find_flagged(im, hostid, tmpl && *uuid != '\0' ? uuid : NULL,
	    imp_str(src, "name", ""), flags, graphid) != 0) {
		cJSON_Delete(p);
		return -1;
	}
	if (tmpl && *uuid != '\0')
		util_json_add_str(p, "uuid", uuid);
	if (*graphid != 0)
		cJSON_AddItemToObject(p, "graphid", imp_id_json(*graphid));
	*out = p;
	return 0;
}

/* The graphs the source names that are in the store (by uuid, else by name on a host of
 * their items), for deleteMissing. */
static int
imp_graphs_listed(struct imp *im, struct id_set *listed)
{
	const cJSON *src;

	cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(im->doc, "graphs")) {
		const char *uuid = imp_str(src, "uuid", "");
		const cJSON *s;

		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(src, "graph_items")) {
			uint64_t hostid, graphid;

			if (store_host_by_name(im->call->txn, imp_str(cJSON_GetObjectItemCaseSensitive(s,
			    "item"), "host", ""), &hostid) != STORE_OK)
				continue;
			if (imp_graph_find(im, hostid, *uuid != '\0' ? uuid : NULL,
			    imp_str(src, "name", ""), &graphid) != 0)
				return -1;
			if (graphid != 0)
				id_set_add(listed, graphid);
		}
	}
	return 0;
}

/* graphs.deleteMissing: the processed objects' own graphs the source does not name, unless
 * one has items on an object the import did not process. */
static int
imp_graphs_delete(struct imp *im)
{
	struct id_set listed = { 0 }, processed = { 0 }, seen = { 0 };
	struct id_list ids = { 0 };
	cJSON *del = cJSON_CreateArray();
	int rc = imp_graphs_listed(im, &listed);

	for (size_t o = 0; o < im->nobjs; o++)
		id_set_add(&processed, im->objs[o].id);
	for (size_t o = 0; rc == 0 && o < im->nobjs; o++)
		if ((rc = store_host_graphs(im->call->txn, im->objs[o].id, &ids)) != STORE_OK)
			rc = imp_fail_store(im, rc);
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		struct graph g;
		struct id_list hosts = { 0 };
		bool mine = true;
		int src;

		if (!id_set_add(&seen, ids.ids[i]) || id_set_has(&listed, ids.ids[i]))
			continue;
		if ((src = store_graph_get(im->call->txn, ids.ids[i], &g)) != STORE_OK) {
			rc = imp_fail_store(im, src);
			break;
		}
		store_graph_hosts(&g, &hosts);
		for (size_t h = 0; h < hosts.n; h++)
			mine = mine && id_set_has(&processed, hosts.ids[h]);
		if (mine && g.flags == GRAPH_FLAG_NORMAL && g.templateid == 0)
			cJSON_AddItemToArray(del, imp_id_json(g.graphid));
		id_list_free(&hosts);
		graph_free(&g);
	}
	id_list_free(&ids);
	id_set_free(&listed);
	id_set_free(&processed);
	id_set_free(&seen);
	if (rc != 0) {
		cJSON_Delete(del);
		return rc;
	}
	return imp_call_list(im, &method_graph_delete, &del, NULL);
}

int
imp_graphs(struct imp *im)
{
	const struct import_rule *r = &im->r.graphs;
	cJSON *create = cJSON_CreateArray(), *update = cJSON_CreateArray();
	const cJSON *src;
	int rc = 0;

	if (r->delete_missing && im->nobjs > 0 && (rc = imp_graphs_delete(im)) != 0)
		goto done;
	if (!r->create_missing && !r->update_existing)
		goto done;
	cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(im->doc, "graphs")) {
		cJSON *p;
		uint64_t graphid;

		if ((rc = imp_graph_params(im, src, GRAPH_FLAG_NORMAL, &p, &graphid)) != 0)
			goto done;
		cJSON_AddItemToArray(graphid != 0 ? update : create, p);
	}
	if (r->update_existing && (rc = imp_call_list(im, &method_graph_update, &update,
	    NULL)) != 0)
		goto done;
	if (r->create_missing)
		rc = imp_call_list(im, &method_graph_create, &create, NULL);
done:
	cJSON_Delete(create);
	cJSON_Delete(update);
	return rc;
}

/* ---- graph prototypes of an LLD rule ---- */

/* discoveryRules.deleteMissing: the rule's own graph prototypes the source does not list
 * (by uuid, else by name). */
static int
imp_graph_protos_delete(struct imp *im, const cJSON *list, uint64_t ruleid)
{
	struct id_list ids = { 0 };
	cJSON *del = cJSON_CreateArray();
	int rc = store_rule_graphs(im->call->txn, ruleid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct graph g;
		const cJSON *s;
		bool listed = false;

		if ((rc = store_graph_get(im->call->txn, ids.ids[i], &g)) != STORE_OK)
			break;
		cJSON_ArrayForEach(s, list) {
			const char *uuid = imp_str(s, "uuid", "");

			listed |= (*uuid != '\0' && strcmp(uuid, g.f[GRAPH_F_UUID]) == 0) ||
			    strcmp(imp_str(s, "name", ""), g.f[GRAPH_F_NAME]) == 0;
		}
		if (!listed && g.flags == GRAPH_FLAG_PROTOTYPE && g.templateid == 0)
			cJSON_AddItemToArray(del, imp_id_json(g.graphid));
		graph_free(&g);
	}
	id_list_free(&ids);
	if (rc != STORE_OK) {
		cJSON_Delete(del);
		return imp_fail_store(im, rc);
	}
	rc = imp_call_list(im, &method_graphprototype_delete, &del, NULL);
	cJSON_Delete(del);
	return rc;
}

int
imp_graph_prototypes(struct imp *im, const cJSON *rule, uint64_t ruleid)
{
	const struct import_rule *r = &im->r.discovery_rules;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rule, "graph_prototypes"), *src;
	cJSON *create = cJSON_CreateArray(), *update = cJSON_CreateArray();
	int rc = 0;

	if (r->delete_missing && (rc = imp_graph_protos_delete(im, list, ruleid)) != 0)
		goto done;
	cJSON_ArrayForEach(src, list) {
		cJSON *p;
		uint64_t graphid;

		if ((rc = imp_graph_params(im, src, GRAPH_FLAG_PROTOTYPE, &p, &graphid)) != 0)
			goto done;
		util_json_add_str(p, "discover", strcmp(imp_str(src, "discover", ""),
		    "NO_DISCOVER") == 0 ? "1" : "0");
		cJSON_AddItemToArray(graphid != 0 ? update : create, p);
	}
	if (r->update_existing && (rc = imp_call_list(im, &method_graphprototype_update,
	    &update, NULL)) != 0)
		goto done;
	if (r->create_missing)
		rc = imp_call_list(im, &method_graphprototype_create, &create, NULL);
done:
	cJSON_Delete(create);
	cJSON_Delete(update);
	return rc;
}
