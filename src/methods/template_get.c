/* template_get.c: template.get, templates read with Zabbix's options and selects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The "extend" list of a template, in Zabbix 6.0's column order. */
static const struct get_field template_fields[] = {
	{ "proxy_hostid", GET_F_NUM }, { "host", 0 }, { "status", GET_F_NUM },
	{ "lastaccess", GET_F_NUM }, { "ipmi_authtype", GET_F_NUM },
	{ "ipmi_privilege", GET_F_NUM }, { "ipmi_username", 0 }, { "ipmi_password", 0 },
	{ "maintenanceid", GET_F_NUM }, { "maintenance_status", GET_F_NUM },
	{ "maintenance_type", GET_F_NUM }, { "maintenance_from", GET_F_NUM }, { "name", 0 },
	{ "flags", GET_F_NUM }, { "templateid", GET_F_NUM }, { "description", 0 },
	{ "tls_connect", GET_F_NUM }, { "tls_accept", GET_F_NUM }, { "tls_issuer", 0 },
	{ "tls_subject", 0 }, { "tls_psk_identity", 0 }, { "tls_psk", 0 }, { "proxy_address", 0 },
	{ "auto_compress", GET_F_NUM }, { "custom_interfaces", GET_F_NUM }, { "uuid", 0 },
	{ NULL, 0 },
};

static const char *const template_sortable[] = { "hostid", "host", "name", NULL };
static const char *const template_joins[] = { "groupids", "parentTemplateids", "hostids",
	"itemids", "triggerids", "graphids", NULL };

static int
template_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return host_view(call, id, v, false, true, true);
}

static int
template_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_HOSTS, ids);
}

const struct get_kind get_kind_template = {
	.pk = "templateid", .dbpk = "hostid", .pk_last = true, .fields = template_fields,
	.sortable = template_sortable, .scan = template_scan,
	.joins = template_joins, .perm = GET_PERM_ID_HOST, .view = template_view,
};

/* selectHosts (hosts linked directly) and selectTemplates (the children templates). */
static int
template_select_children(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .sortkey = "host",
	    .opts = o };
	struct id_list kids = { 0 };
	int rc;

	if (util_json_member(params, "selectHosts") == NULL &&
	    util_json_member(params, "selectTemplates") == NULL)
		return STORE_OK;
	if ((rc = store_host_children(call->txn, id, &kids)) == STORE_OK &&
	    (rc = get_select_add(call, params, "selectTemplates", "templates",
	    &get_kind_template, &kids, &n, obj)) == STORE_OK)
		rc = get_select_add(call, params, "selectHosts", "hosts", &get_kind_host, &kids,
		    &n, obj);
	id_list_free(&kids);
	return rc;
}

static int
template_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	int rc;

	if ((rc = host_get_selects(call, params, o, id, obj)) != STORE_OK ||
	    (rc = template_select_children(call, params, o, id, obj)) != STORE_OK ||
	    (rc = templatedashboard_select(call, params, o, id, obj)) != STORE_OK)
		return rc;
	return get_select_none(params, 1, obj);
}

/* templateids, groupids, parentTemplateids (the children of those), hostids (the
 * templates those are linked to), itemids (the templates holding those items), and exact
 * host/name filters, each through an index. */
static int
template_get_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	int rc;

	get_cand_ids(params, "templateids", c);
	if ((rc = get_cand_related(call, params, "groupids", store_group_hosts, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "parentTemplateids", store_host_children,
	    c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "hostids", store_host_parents, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "itemids", item_host_of, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "triggerids", trigger_hosts_of, c)) != STORE_OK)
		return rc;
	get_cand_never(params, get_never_host_opts, c);
	if ((rc = graph_cand_hosts(call, params, c)) != STORE_OK ||
	    (rc = host_get_cand_more(call, params, false, c)) != STORE_OK)
		return rc;
	return host_get_cand_names(call, util_json_member(params, "filter"), c);
}

static enum rpc_result
template_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if ((rc = template_get_cand(call, params, &c)) == STORE_OK &&
	    (rc = get_cand_resolve(call, &get_kind_template, &c)) == STORE_OK &&
	    (rc = item_cand_with_items(call, params, &c)) == STORE_OK &&
	    (rc = trigger_cand_with(call, params, false, &c)) == STORE_OK &&
	    (rc = graph_cand_with_graphs(call, params, &c)) == STORE_OK &&
	    (rc = httptest_cand_with_httptests(call, params, &c, false)) == STORE_OK)
		rc = get_tags_filter(call, params, &c);
	if (rc != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_template, &c, template_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field template_get_fields[] = {
	GET_OPT("templateids"), GET_OPT("groupids"), GET_OPT("parentTemplateids"),
	GET_OPT("hostids"), GET_OPT("itemids"), GET_OPT("with_items"), GET_OPT("tags"),
	GET_OPT("evaltype"),
	GET_OPTS_NEVER_HOST,
	GET_OPT("selectGroups"), GET_OPT("selectParentTemplates"), GET_OPT("selectTemplates"),
	GET_OPT("selectHosts"), GET_OPT("selectMacros"), GET_OPT("selectTags"),
	GET_OPT("selectItems"),
	{ "selectValueMaps", { .type = RULE_ANY, .check = valuemap_check_select } },
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule template_get_params = GET_PARAMS_RULE(template_get_fields);

const struct rpc_method method_template_get = {
	.name = "template.get", .params = &template_get_params, .exec = template_get_exec,
};
