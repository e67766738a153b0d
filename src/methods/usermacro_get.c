/* usermacro_get.c: usermacro.get, the macros of hosts and templates (secret values never). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field macro_fields[] = {
	{ "hostmacroid", GET_F_NUM }, { "hostid", GET_F_NUM }, { "macro", 0 }, { "value", 0 },
	{ "description", 0 }, { "type", GET_F_NUM }, { NULL, 0 },
};

static const char *const macro_sortable[] = { "macro", NULL };
static const char *const macro_joins[] = { "inherited", "groupids", "templateids", NULL };

/* A stored macro as usermacro.get shows it; secret values are never shown. The texts stay
 * m's. */
static void
macro_view_fill(struct get_view *v, const struct macro *m, bool global)
{
	get_view_id(v, global ? "globalmacroid" : "hostmacroid", m->hostmacroid);
	if (!global)
		get_view_id(v, "hostid", m->hostid);
	get_view_str(v, "macro", m->macro);
	if (m->type != MACRO_TYPE_SECRET)
		get_view_str(v, "value", m->value);
	get_view_str(v, "description", m->description);
	get_view_num(v, "type", m->type);
}

static void
macro_view_release(struct get_view *v)
{
	macro_free(&v->rec.m);
}

/* The view of macro id: a host's or template's (global false), or a global one. */
static int
macro_view_as(struct rpc_call *call, uint64_t id, struct get_view *v, bool global)
{
	int rc = store_macro_get(call->txn, id, &v->rec.m);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = macro_view_release;
	if ((v->rec.m.hostid == 0) == global)
		macro_view_fill(v, &v->rec.m, global);
	return STORE_OK;
}

static int
macro_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return macro_view_as(call, id, v, false);
}

static int
macro_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_MACROS, ids);
}

const struct get_kind get_kind_macro = {
	.pk = "hostmacroid", .dbpk = "hostmacroid", .fields = macro_fields,
	.sortable = macro_sortable, .scan = macro_scan,
	.joins = macro_joins, .perm = GET_PERM_ROW_HOST, .view = macro_view,
};

/* Global macros (usermacro.get globalmacro: true): globalmacroid, macro, value, description,
 * type; secret values never. They live among the macros with hostid 0. */
static const struct get_field global_fields[] = {
	{ "globalmacroid", GET_F_NUM }, { "macro", 0 }, { "value", 0 }, { "description", 0 },
	{ "type", GET_F_NUM }, { NULL, 0 },
};

static int
global_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return macro_view_as(call, id, v, true);
}

/* The globals are indexed under hostid 0 (store_macro_create with hostid 0); their ids
 * come from the same sequence as the host macros', so the two never collide. */
static int
global_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_host_macros(call->txn, 0, ids);
}

static const struct get_kind global_kind = {
	.pk = "globalmacroid", .dbpk = "globalmacroid", .fields = global_fields,
	.sortable = macro_sortable, .scan = global_scan,
	.view = global_view,
};

static int
usermacro_get_global(struct rpc_call *call, const cJSON *params)
{
	struct get_cand c = { 0 };
	struct id_list ids = { 0 };
	int rc;

	if (get_ids_option(params, "globalmacroids", &ids))
		get_cand_take(&c, &ids);
	id_list_free(&ids);
	rc = get_run(call, params, &global_kind, &c, NULL);
	id_list_free(&c.ids);
	return rc;
}

/* The host of a macro for selectHosts/selectTemplates/selectGroups. */
static int
macro_hostid(struct rpc_call *call, uint64_t id, uint64_t *hostid)
{
	struct macro m;
	int rc = store_macro_get(call->txn, id, &m);

	if (rc == STORE_OK) {
		*hostid = m.hostid;
		macro_free(&m);
	}
	return rc;
}

static int
macro_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .sortkey = "host", .opts = o };
	struct get_nested_opts gn = { .add_pk = true, .sortkey = "name", .opts = o };
	struct id_list host = { 0 }, groups = { 0 };
	uint64_t hostid;
	int rc;

	if ((rc = macro_hostid(call, id, &hostid)) != STORE_OK)
		return rc;
	id_list_add(&host, hostid);
	if ((rc = get_select_add(call, params, "selectHosts", "hosts", &get_kind_host, &host,
	    &n, obj)) == STORE_OK &&
	    (rc = get_select_add(call, params, "selectTemplates", "templates",
	    &get_kind_template, &host, &n, obj)) == STORE_OK &&
	    util_json_member(params, "selectGroups") != NULL &&
	    (rc = store_host_groups(call->txn, hostid, &groups)) == STORE_OK)
		rc = get_select_add(call, params, "selectGroups", "groups", &get_kind_group,
		    &groups, &gn, obj);
	id_list_free(&host);
	id_list_free(&groups);
	return rc;
}

/* inherited: Zabbix keeps the macros of hosts whose own templateid column is set (true) or
 * NULL (false); that column is set only on hosts made from host prototypes, which tmpld
 * does not have, so true keeps none and false all. ("templated" is no option of
 * CUserMacro::get: it is ignored.) */
static void
macro_filter_inherited(const cJSON *params, struct get_cand *c)
{
	const cJSON *t = util_json_member(params, "inherited");

	if (t != NULL && !cJSON_IsNull(t) && get_truthy(t))
		c->ids.n = 0;
}

/* hostmacroids, hostids, templateids (the macros of their children), groupids (the macros of
 * their members); given together, each narrows the others. */
static int
macro_get_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct get_cand hosts = { 0 };
	struct id_list ids = { 0 };
	int rc = STORE_OK;

	get_cand_ids(params, "hostmacroids", c);
	if (get_ids_option(params, "hostids", &ids))
		get_cand_take(&hosts, &ids);
	id_list_free(&ids);
	/* Zabbix joins hosts_templates on templateid: the macros of the hosts and templates
	 * linked directly to the given templates, not those of the templates themselves */
	if ((rc = get_cand_related(call, params, "templateids", store_host_children, &hosts)) !=
	    STORE_OK)
		goto out;
	if ((rc = get_cand_related(call, params, "groupids", store_group_hosts, &hosts)) != STORE_OK)
		goto out;
	if (hosts.set) {
		for (size_t i = 0; rc == STORE_OK && i < hosts.ids.n; i++)
			rc = store_host_macros(call->txn, hosts.ids.ids[i], &ids);
		if (rc == STORE_OK)
			get_cand_take(c, &ids);
		id_list_free(&ids);
	}
	if (rc == STORE_OK && (rc = get_cand_resolve(call, &get_kind_macro, c)) == STORE_OK)
		macro_filter_inherited(params, c);
out:
	id_list_free(&hosts.ids);
	return rc;
}

static enum rpc_result
usermacro_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	const cJSON *global = util_json_member(params, "globalmacro");
	int rc;

	/* Zabbix tests globalmacro with is_null: any value but null (false too) asks for the
	 * global macros, and the host options are then ignored */
	if (global != NULL && !cJSON_IsNull(global))
		return usermacro_get_global(call, params);
	if ((rc = macro_get_cand(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_macro, &c, macro_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field usermacro_get_fields[] = {
	GET_OPT("hostmacroids"), GET_OPT("hostids"), GET_OPT("templateids"), GET_OPT("groupids"),
	GET_OPT("templated"), GET_OPT("inherited"), GET_OPT("globalmacro"), GET_OPT("globalmacroids"),
	GET_OPT("selectHosts"), GET_OPT("selectTemplates"), GET_OPT("selectGroups"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule usermacro_get_params = GET_PARAMS_RULE(usermacro_get_fields);

const struct rpc_method method_usermacro_get = {
	.name = "usermacro.get", .params = &usermacro_get_params, .exec = usermacro_get_exec,
};
