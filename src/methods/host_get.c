/* host_get.c: host.get, the rows of the hosts table, and the selects hosts and templates share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The IPMI columns, then (tls) the TLS ones; a host's PSK identity and PSK are write-only
 * (CHost::get never returns them, even when asked), a template's are shown as CTemplate::get
 * does. */
static void
host_row_ipmi(struct get_view *v, const struct host_conn *c)
{
	get_view_num(v, "ipmi_authtype", c->ipmi_authtype);
	get_view_num(v, "ipmi_privilege", c->ipmi_privilege);
	get_view_str(v, "ipmi_username", c->ipmi_username);
	get_view_str(v, "ipmi_password", c->ipmi_password);
}

static void
host_row_tls(struct get_view *v, const struct host_conn *c, bool as_template)
{
	get_view_num(v, "tls_connect", c->tls_connect);
	get_view_num(v, "tls_accept", c->tls_accept);
	get_view_str(v, "tls_issuer", c->tls_issuer);
	get_view_str(v, "tls_subject", c->tls_subject);
	if (as_template) {
		get_view_str(v, "tls_psk_identity", c->tls_psk_identity);
		get_view_str(v, "tls_psk", c->tls_psk);
	}
}

static const struct get_field host_fields[] = {
	{ "hostid", GET_F_NUM }, { "proxy_hostid", GET_F_NUM }, { "host", 0 },
	{ "status", GET_F_NUM }, { "lastaccess", GET_F_NUM }, { "ipmi_authtype", GET_F_NUM },
	{ "ipmi_privilege", GET_F_NUM }, { "ipmi_username", 0 }, { "ipmi_password", 0 },
	{ "maintenanceid", GET_F_NUM }, { "maintenance_status", GET_F_NUM },
	{ "maintenance_type", GET_F_NUM }, { "maintenance_from", GET_F_NUM }, { "name", 0 },
	{ "flags", GET_F_NUM }, { "templateid", GET_F_NUM }, { "description", 0 },
	{ "tls_connect", GET_F_NUM }, { "tls_accept", GET_F_NUM }, { "tls_issuer", 0 },
	{ "tls_subject", 0 }, { "tls_psk_identity", 0 }, { "tls_psk", 0 }, { "proxy_address", 0 },
	{ "auto_compress", GET_F_NUM }, { "custom_interfaces", GET_F_NUM }, { "uuid", 0 },
	{ "inventory_mode", GET_F_NUM }, { NULL, 0 },
};

static const char *const host_sortable[] = { "hostid", "host", "name", "status", NULL };
static const char *const host_joins[] = { "groupids", "templateids", "interfaceids", "itemids",
	"triggerids", "httptestids", "graphids", "dserviceids", "maintenanceids", "searchInventory",
	NULL };

/* Whether obj (search or filter) names one of the fields. */
static bool
host_names_any(const cJSON *obj, const char *const *fields)
{
	for (; cJSON_IsObject(obj) && *fields != NULL; fields++)
		if (util_json_member(obj, *fields) != NULL)
			return true;
	return false;
}

/* The other joins of host.get: the interfaces when search or filter names their columns,
 * the inventory when inventory_mode is output or filtered, the parents for inherited tags. */
static bool
host_joined(const cJSON *params)
{
	static const char *const iface_text[] = { "ip", "dns", "port", "error", NULL };
	static const char *const iface_cols[] = { "interfaceid", "main", "type", "useip", "ip",
		"dns", "port", "available", "error", "errors_from", "disable_until", NULL };
	static const char *const inventory_mode[] = { "inventory_mode", NULL };
	const cJSON *filter = util_json_member(params, "filter");

	if (host_names_any(util_json_member(params, "search"), iface_text) ||
	    host_names_any(filter, iface_cols) || host_names_any(filter, inventory_mode))
		return true;
	if (cJSON_IsTrue(util_json_member(params, "inheritedTags")) &&
	    cJSON_GetArraySize(util_json_member(params, "tags")) > 0)
		return true;
	return get_output_asks(params, "inventory_mode");
}

/* Every field of the hosts row, in the order of the fields' tables (host_fields,
 * template_fields), so that an "extend" projection takes it whole. The columns tmpld does
 * not keep have the values a Zabbix 6.0 host or template has (proxy_hostid: tmpld has no
 * proxies, so no host can name one); a template's id is "templateid" (its own templateid
 * column, always 0, is what Zabbix overwrites), a host's "hostid" with templateid "0" and
 * its inventory_mode. The texts stay h's. */
static void
host_view_fill(struct get_view *v, const struct host *h, bool as_template, int inventory_mode)
{
	const struct host_conn *c = host_conn_of(h);

	if (!as_template)
		get_view_id(v, "hostid", h->hostid);
	get_view_str(v, "proxy_hostid", "0");
	get_view_str(v, "host", h->host);
	get_view_num(v, "status", h->status);
	get_view_str(v, "lastaccess", "0");
	host_row_ipmi(v, c);
	get_view_str(v, "maintenanceid", "0");
	get_view_str(v, "maintenance_status", "0");
	get_view_str(v, "maintenance_type", "0");
	get_view_str(v, "maintenance_from", "0");
	get_view_str(v, "name", h->name);
	get_view_str(v, "flags", "0");
	if (as_template)
		get_view_id(v, "templateid", h->hostid);
	else
		get_view_str(v, "templateid", "0");
	get_view_str(v, "description", h->description);
	host_row_tls(v, c, as_template);
	get_view_str(v, "proxy_address", "");
	get_view_str(v, "auto_compress", "1");
	get_view_str(v, "custom_interfaces", "0");
	get_view_str(v, "uuid", as_template ? h->uuid : "");
	if (!as_template)
		get_view_num(v, "inventory_mode", inventory_mode);
}

cJSON *
host_get_row(const struct host *h, bool as_template)
{
	struct get_view v;

	get_view_reset(&v);
	host_view_fill(&v, h, as_template, INVENTORY_DISABLED);
	return get_view_tree(&v);
}

static void
host_view_release(struct get_view *v)
{
	host_free(&v->rec.h);
}

/* The view of host id: a host (hosts), a template (templates) as a host, or as a template
 * (as_template). */
int
host_view(struct rpc_call *call, uint64_t id, struct get_view *v, bool hosts, bool templates,
    bool as_template)
{
	struct host *h = &v->rec.h;
	int rc = store_host_get(call->txn, id, h), mode = INVENTORY_DISABLED;

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = host_view_release;
	if (!(host_is_template(h) ? templates : hosts))
		return STORE_OK;
	if (!as_template && !host_is_template(h) &&
	    (rc = host_inventory_mode(call, id, &mode)) != STORE_OK)
		return rc;
	host_view_fill(v, h, as_template, mode);
	return STORE_OK;
}

static int
host_view_hosts(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return host_view(call, id, v, true, false, false);
}

static int
host_view_any(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return host_view(call, id, v, true, true, false);
}

static int
host_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_HOSTS, ids);
}

const struct get_kind get_kind_host = {
	.pk = "hostid", .dbpk = "hostid", .fields = host_fields, .sortable = host_sortable,
	.scan = host_scan, .joins = host_joins, .joined = host_joined,
	.perm = GET_PERM_ID_HOST, .view = host_view_hosts,
};

/* host.get with templated_hosts: templates too, as hosts. */
static const struct get_kind host_kind_any = {
	.pk = "hostid", .dbpk = "hostid", .fields = host_fields, .sortable = host_sortable,
	.scan = host_scan, .joins = host_joins, .joined = host_joined,
	.perm = GET_PERM_ID_HOST, .view = host_view_any,
};

/* selectTags: {tag, value} (or the asked ones of them), in insertion order; "count" ignored.
 * A streamed get (o->stream) has them written straight from the list: into the answer for
 * its row (get_stream_select), else as one raw text. */
static int
host_select_tags(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectTags"));
	struct tag_list tags;
	bool tag, value;
	cJSON *arr;
	int rc;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return STORE_OK;
	if ((rc = store_host_tags(call->txn, id, &tags)) != STORE_OK)
		return rc;
	tag = out.mode == GET_EXTEND || get_list_has_name(out.list, "tag");
	value = out.mode == GET_EXTEND || get_list_has_name(out.list, "value");
	if (o != NULL && o->stream) {
		struct jsonw own, *w = get_stream_select(o, obj);

		if (w != NULL)	/* the streamed row's: in place */
			jsonw_key_plain(w, "tags", 4);
		else
			jsonw_init(w = &own, 64);
		jsonw_open(w, '[');
		for (size_t i = 0; i < tags.n; i++) {
			jsonw_open(w, '{');
			if (tag)
				jsonw_member_str(w, "tag", 3, tags.tags[i].tag);
			if (value)
				jsonw_member_str(w, "value", 5, tags.tags[i].value);
			jsonw_close(w, '}');
		}
		jsonw_close(w, ']');
		if (w == &own)
			cJSON_AddItemToObject(obj, "tags", util_json_raw_take(jsonw_take(w, NULL)));
		tag_list_free(&tags);
		return STORE_OK;
	}
	arr = cJSON_AddArrayToObject(obj, "tags");
	for (size_t i = 0; i < tags.n; i++) {
		cJSON *t = cJSON_CreateObject();

		if (tag)
			util_json_add_str(t, "tag", tags.tags[i].tag);
		if (value)
			util_json_add_str(t, "value", tags.tags[i].value);
		cJSON_AddItemToArray(arr, t);
	}
	tag_list_free(&tags);
	return STORE_OK;
}

static int
host_select_rel(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj,
    enum store_rc (*rel)(struct store_txn *, uint64_t, struct id_list *),
    const char *opt, const char *key, const struct get_kind *k,
    const struct get_nested_opts *n)
{
	struct id_list ids = { 0 };
	struct get_nested_opts nn = *n;
	int rc;

	if (util_json_member(params, opt) == NULL)
		return STORE_OK;
	nn.opts = o;
	if ((rc = rel(call->txn, id, &ids)) == STORE_OK)
		rc = get_select_add(call, params, opt, key, k, &ids, &nn, obj);
	id_list_free(&ids);
	return rc;
}

int
host_get_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	static const struct get_nested_opts groups = { .add_pk = true, .sortkey = "name" };
	static const struct get_nested_opts parents = { .add_pk = true, .count_ok = true,
	    .sortkey = "host" };
	static const struct get_nested_opts macros = { .sortkey = "macro", .sort_always = true };
	/* the content selects, each of which does nothing without its option */
	static const char *const content[] = { "selectItems", "selectTriggers", "selectGraphs",
		"selectDiscoveries", "selectHttpTests", "selectValueMaps", NULL };
	unsigned given = get_selects_given(params, content);
	int rc;

	if ((rc = host_select_rel(call, params, o, id, obj, store_host_groups, "selectGroups",
	    "groups", &get_kind_group, &groups)) != STORE_OK ||
	    (rc = host_select_rel(call, params, o, id, obj, store_host_parents,
	    "selectParentTemplates", "parentTemplates", &get_kind_template, &parents)) != STORE_OK ||
	    (rc = host_select_rel(call, params, o, id, obj, store_host_macros, "selectMacros",
	    "macros", &get_kind_macro, &macros)) != STORE_OK ||
	    ((given & 1u) && (rc = item_select_items(call, params, o, id, obj)) != STORE_OK) ||
	    ((given & 2u) &&
	    (rc = trigger_select_triggers(call, params, o, id, false, obj)) != STORE_OK) ||
	    ((given & 4u) && (rc = graph_select_graphs(call, params, o, id, obj)) != STORE_OK) ||
	    ((given & 8u) && (rc = lld_select_discoveries(call, params, o, id, obj)) != STORE_OK) ||
	    ((given & 16u) &&
	    (rc = httptest_select_httptests(call, params, o, id, obj)) != STORE_OK) ||
	    ((given & 32u) && (rc = valuemap_select_valuemaps(call, params, o, id, obj)) != STORE_OK))
		return rc;
	return host_select_tags(call, params, o, id, obj);
}

/* host.get's selects: those templates share, then interfaces and inventory. */
static int
host_get_selects_host(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	int rc = host_get_selects(call, params, o, id, obj);

	if (rc == STORE_OK)
		rc = hostinterface_select(call, params, o, id, obj);
	if (rc == STORE_OK)
		rc = host_inventory_select(call, params, id, obj);
	return rc == STORE_OK ? get_select_none(params, 0, obj) : rc;
}

/* filter on host or name with exact values: the name indexes give the candidates. */
int
host_get_cand_names(struct rpc_call *call, const cJSON *filter, struct get_cand *c)
{
	int rc = get_cand_by_name(call, filter, "host", store_host_by_name, c);

	return rc != STORE_OK ? rc : get_cand_by_name(call, filter, "name", store_host_by_vname, c);
}

static int
host_get_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	int rc;

	get_cand_ids(params, "hostids", c);
	if ((rc = hostinterface_cand_hosts(call, params, c)) != STORE_OK)
		return rc;
	if ((rc = get_cand_related(call, params, "groupids", store_group_hosts, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "templateids", store_host_children, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "triggerids", trigger_hosts_of, c)) != STORE_OK)
		return rc;
	get_cand_never(params, get_never_host_opts, c);
	if ((rc = graph_cand_hosts(call, params, c)) != STORE_OK ||
	    (rc = host_get_cand_more(call, params, true, c)) != STORE_OK)
		return rc;
	return host_get_cand_names(call, util_json_member(params, "filter"), c);
}

static enum rpc_result
host_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	const struct get_kind *k = &get_kind_host;
	int rc;

	if (get_truthy(util_json_member(params, "templated_hosts")))
		k = &host_kind_any;
	if ((rc = host_get_cand(call, params, &c)) == STORE_OK &&
	    (rc = get_cand_resolve(call, k, &c)) == STORE_OK &&
	    (rc = item_cand_with_items(call, params, &c)) == STORE_OK &&
	    (rc = trigger_cand_with(call, params, false, &c)) == STORE_OK &&
	    (rc = graph_cand_with_graphs(call, params, &c)) == STORE_OK &&
	    (rc = httptest_cand_with_httptests(call, params, &c, true)) == STORE_OK &&
	    (rc = host_inventory_search(call, params, &c)) == STORE_OK &&
	    (rc = host_get_filter_more(call, params, &c)) == STORE_OK)
		rc = get_tags_filter(call, params, &c);
	if (rc != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, k, &c, host_get_selects_host);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field host_get_fields[] = {
	GET_OPT("hostids"), GET_OPT("groupids"), GET_OPT("templateids"),
	GET_OPT("templated_hosts"), GET_OPT("with_items"), GET_OPT("tags"), GET_OPT("evaltype"),
	GET_OPTS_NEVER_HOST,
	GET_OPT("selectGroups"), GET_OPT("selectParentTemplates"), GET_OPT("selectMacros"),
	GET_OPT("selectTags"), GET_OPT("selectItems"),
	GET_OPT("selectInterfaces"), GET_OPT("selectInventory"), GET_OPT("interfaceids"),
	GET_OPT("searchInventory"),
	{ "selectValueMaps", { .type = RULE_ANY, .check = valuemap_check_select } },
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule host_get_params = GET_PARAMS_RULE(host_get_fields);

const struct rpc_method method_host_get = {
	.name = "host.get", .params = &host_get_params, .exec = host_get_exec,
};
