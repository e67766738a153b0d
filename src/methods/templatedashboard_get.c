/* templatedashboard_get.c: templatedashboard.get with selectPages, and template.get selectDashboards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field dash_fields[] = {
	{ "dashboardid", GET_F_NUM }, { "name", 0 }, { "templateid", GET_F_NUM },
	{ "display_period", GET_F_NUM }, { "auto_start", GET_F_NUM }, { "uuid", 0 },
	{ NULL, 0 },
};

static const char *const dash_sortable[] = { "dashboardid", "name", NULL };
static const char *const dash_outputs[] = { "dashboardid", "name", "templateid", "display_period",
	"auto_start", "uuid", NULL };
static const char *const dash_page_outputs[] = { "dashboard_pageid", "name", "display_period",
	"widgets", NULL };

static void
dash_add_int(cJSON *obj, const char *key, int32_t v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%d", (int)v);
	cJSON_AddStringToObject(obj, key, buf);
}

static void
dash_add_id(cJSON *obj, const char *key, uint64_t v)
{
	char buf[24];

	cJSON_AddStringToObject(obj, key, id_to_str(v, buf));
}

static cJSON *
dash_row(const struct dashboard *d)
{
	cJSON *row = cJSON_CreateObject();

	dash_add_id(row, "dashboardid", d->dashboardid);
	util_json_add_str(row, "name", d->name);
	dash_add_id(row, "templateid", d->templateid);
	dash_add_int(row, "display_period", d->display_period);
	dash_add_int(row, "auto_start", d->auto_start);
	util_json_add_str(row, "uuid", d->uuid);
	return row;
}

static int
dash_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct dashboard d;
	int rc = store_dashboard_get(call->txn, id, &d);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = dash_row(&d);
	dashboard_free(&d);
	return STORE_OK;
}

static int
dash_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_DASHBOARDS, ids);
}

/* A dashboard's template, for the caller's rights. */
static enum store_rc
dash_perm_hosts(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	struct dashboard d;
	enum store_rc rc = store_dashboard_get(txn, id, &d);

	if (rc == STORE_OK) {
		id_list_add(out, d.templateid);
		dashboard_free(&d);
	}
	return rc;
}

const struct get_kind get_kind_dashboard = {
	.pk = "dashboardid", .dbpk = "dashboardid", .fields = dash_fields,
	.sortable = dash_sortable, .load = dash_load, .scan = dash_scan, .group_by = "templateid",
	.perm = GET_PERM_HOSTS, .perm_hosts = dash_perm_hosts,
};

/* A widget as selectPages gives it: every field, its fields [{type, name, value}]. */
static cJSON *
dash_widget_json(const struct dashboard_widget *w)
{
	cJSON *o = cJSON_CreateObject(), *fields;

	dash_add_id(o, "widgetid", w->widgetid);
	util_json_add_str(o, "type", w->type);
	util_json_add_str(o, "name", w->name);
	dash_add_int(o, "x", w->x);
	dash_add_int(o, "y", w->y);
	dash_add_int(o, "width", w->width);
	dash_add_int(o, "height", w->height);
	dash_add_int(o, "view_mode", w->view_mode);
	fields = cJSON_AddArrayToObject(o, "fields");
	for (size_t i = 0; i < w->nf; i++) {
		cJSON *f = cJSON_CreateObject();

		dash_add_int(f, "type", (int32_t)w->f[i].type);
		util_json_add_str(f, "name", w->f[i].name);
		util_json_add_str(f, "value", w->f[i].value);
		cJSON_AddItemToArray(fields, f);
	}
	return o;
}

/* One page's member by name, added to o. */
static void
dash_page_add(cJSON *o, const struct dashboard_page *p, const char *key)
{
	if (strcmp(key, "dashboard_pageid") == 0)
		dash_add_id(o, key, p->pageid);
	else if (strcmp(key, "name") == 0)
		cJSON_AddStringToObject(o, key, p->name);
	else if (strcmp(key, "display_period") == 0)
		dash_add_int(o, key, p->display_period);
}

/* A page as selectPages asks: extend is every column and widgets; a list names its members
 * (the key first when named, as Zabbix selects it first; widgets last). */
static cJSON *
dash_page_json(const struct dashboard_page *p, const struct get_output *out)
{
	static const char *const cols[] = { "dashboard_pageid", "name", "display_period", NULL };
	cJSON *o = cJSON_CreateObject();
	const cJSON *e;

	if (out->mode == GET_EXTEND) {
		for (size_t i = 0; cols[i] != NULL; i++)
			dash_page_add(o, p, cols[i]);
	} else {
		if (get_list_has_name(out->list, "dashboard_pageid"))
			dash_page_add(o, p, "dashboard_pageid");
		cJSON_ArrayForEach(e, out->list)
			if (cJSON_IsString(e) && strcmp(e->valuestring, "dashboard_pageid") != 0 &&
			    !cJSON_HasObjectItem(o, e->valuestring))
				dash_page_add(o, p, e->valuestring);
	}
	if (out->mode == GET_EXTEND || get_list_has_name(out->list, "widgets")) {
		cJSON *ws = cJSON_AddArrayToObject(o, "widgets");

		for (size_t i = 0; i < p->nw; i++)
			cJSON_AddItemToArray(ws, dash_widget_json(&p->w[i]));
	}
	return o;
}

/* selectPages; and the key left out when the output list does not name it. */
static int
dash_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o, uint64_t id,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectPages"));
	struct dashboard d;
	cJSON *pages;
	int rc;

	if (o->output.mode == GET_LIST && !get_list_has_name(o->output.list, "dashboardid"))
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "dashboardid");
	if (out.mode != GET_EXTEND && out.mode != GET_LIST)
		return STORE_OK;
	if ((rc = store_dashboard_get(call->txn, id, &d)) != STORE_OK)
		return rc;
	pages = cJSON_AddArrayToObject(obj, "pages");
	for (size_t i = 0; i < d.np; i++)
		cJSON_AddItemToArray(pages, dash_page_json(&d.p[i], &out));
	dashboard_free(&d);
	return STORE_OK;
}

static enum rpc_result
dash_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if (access_get_strict(call, params, "output", dash_outputs) != RPC_COMMIT ||
	    access_get_strict(call, params, "selectPages", dash_page_outputs) != RPC_COMMIT ||
	    access_get_strict(call, params, "sortfield", dash_sortable) != RPC_COMMIT)
		return RPC_ROLLBACK;
	get_cand_ids(params, "dashboardids", &c);
	if ((rc = get_cand_related(call, params, "templateids", store_host_dashboards, &c)) !=
	    STORE_OK || (rc = get_cand_resolve(call, &get_kind_dashboard, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_dashboard, &c, dash_selects);
	id_list_free(&c.ids);
	return rc;
}

/* CTemplateDashboard::get checks its options with the API validator: an unknown one
 * (limitSelects too) is "unexpected parameter", and so is an unknown filter or search field;
 * the lists of output, selectPages and sortfield are checked by the handler. */
static char *
dash_check_extend(const cJSON *v)
{
	if (cJSON_IsNull(v) || cJSON_IsArray(v) ||
	    (cJSON_IsString(v) && strcmp(v->valuestring, "extend") == 0))
		return NULL;
	return xstrdup("value must be \"extend\"");
}

static const struct rule_field dash_filter_fields[] = {
	GET_OPT("uuid"), GET_OPT("dashboardid"), GET_OPT("name"), GET_OPT("templateid"),
	GET_OPT("display_period"), GET_OPT("auto_start"),
	{ NULL, { 0 } },
};
static const struct rule_field dash_search_fields[] = {
	GET_OPT("name"),
	{ NULL, { 0 } },
};
static const struct rule_field dash_get_fields[] = {
	{ "dashboardids", { .type = RULE_IDS, .flags = RULE_ALLOW_NULL | RULE_NORMALIZE } },
	{ "templateids", { .type = RULE_IDS, .flags = RULE_ALLOW_NULL | RULE_NORMALIZE } },
	{ "filter", { .type = RULE_OBJECT, .flags = RULE_ALLOW_NULL, .fields = dash_filter_fields } },
	{ "search", { .type = RULE_OBJECT, .flags = RULE_ALLOW_NULL, .fields = dash_search_fields } },
	GET_OPT("searchByAny"), GET_OPT("startSearch"), GET_OPT("excludeSearch"),
	GET_OPT("searchWildcardsEnabled"),
	{ "output", { .type = RULE_ANY, .check = dash_check_extend } },
	{ "selectPages", { .type = RULE_ANY, .check = dash_check_extend } },
	GET_OPT("countOutput"), GET_OPT("groupCount"), GET_OPT("sortfield"), GET_OPT("sortorder"),
	GET_OPT("limit"), GET_OPT("editable"), GET_OPT("preservekeys"),
	{ NULL, { 0 } },
};
static const struct rule dash_get_params = { .type = RULE_OBJECT, .fields = dash_get_fields };

const struct rpc_method method_templatedashboard_get = {
	.name = "templatedashboard.get", .params = &dash_get_params, .exec = dash_get_exec,
};

int
templatedashboard_select(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t templateid, cJSON *obj)
{
	struct get_nested_opts n = { .count_ok = true, .sortkey = "name", .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectDashboards") == NULL)
		return STORE_OK;
	if ((rc = store_host_dashboards(call->txn, templateid, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectDashboards", "dashboards",
		    &get_kind_dashboard, &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}
