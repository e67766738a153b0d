/* discoveryrule_get.c: discoveryrule.get and itemprototype.get (items of flags 1 and 2 with
 * their LLD selects), and template.get/host.get selectDiscoveries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define LLD_ITEM_FIELDS_HEAD \
	{ "itemid", GET_F_NUM }, { "type", GET_F_NUM }, { "snmp_oid", 0 }, \
	{ "hostid", GET_F_NUM }, { "name", 0 }, { "key_", 0 }, { "delay", 0 }, { "history", 0 }, \
	{ "trends", 0 }, { "status", GET_F_NUM }, { "value_type", GET_F_NUM }, \
	{ "trapper_hosts", 0 }, { "units", 0 }
#define LLD_ITEM_FIELDS_MID \
	{ "templateid", GET_F_NUM }, { "valuemapid", GET_F_NUM }, { "params", 0 }, \
	{ "ipmi_sensor", 0 }, { "authtype", GET_F_NUM }, { "username", 0 }, { "password", 0 }, \
	{ "publickey", 0 }, { "privatekey", 0 }, { "flags", GET_F_NUM }, \
	{ "interfaceid", GET_F_NUM }, { "description", 0 }, { "inventory_link", GET_F_NUM }, \
	{ "lifetime", 0 }
#define LLD_ITEM_FIELDS_HTTP \
	{ "jmx_endpoint", 0 }, { "master_itemid", GET_F_NUM }, { "timeout", 0 }, { "url", 0 }, \
	{ "query_fields", 0 }, { "posts", 0 }, { "status_codes", 0 }, \
	{ "follow_redirects", GET_F_NUM }, { "post_type", GET_F_NUM }, { "http_proxy", 0 }, \
	{ "headers", 0 }, { "retrieve_mode", GET_F_NUM }, { "request_method", GET_F_NUM }
#define LLD_ITEM_FIELDS_TAIL \
	{ "ssl_cert_file", 0 }, { "ssl_key_file", 0 }, { "ssl_key_password", 0 }, \
	{ "verify_peer", GET_F_NUM }, { "verify_host", GET_F_NUM }, { "allow_traps", GET_F_NUM }, \
	{ "discover", GET_F_NUM }, { "uuid", 0 }

/* The "extend" lists in Zabbix 6.0's column order (parameters come with the selects). */
static const struct get_field lld_rule_fields[] = {
	LLD_ITEM_FIELDS_HEAD, { "logtimefmt", 0 }, LLD_ITEM_FIELDS_MID, LLD_ITEM_FIELDS_HTTP,
	LLD_ITEM_FIELDS_TAIL, { "state", GET_F_NUM }, { "error", 0 }, { NULL, 0 },
};
static const struct get_field lld_proto_fields[] = {
	LLD_ITEM_FIELDS_HEAD, { "formula", 0 }, { "logtimefmt", 0 }, LLD_ITEM_FIELDS_MID,
	{ "evaltype", GET_F_NUM }, LLD_ITEM_FIELDS_HTTP, { "output_format", GET_F_NUM },
	LLD_ITEM_FIELDS_TAIL, { NULL, 0 },
};

static const char *const lld_rule_sortable[] = { "itemid", "name", "key_", "delay", "type",
	"status", NULL };
static const char *const lld_proto_sortable[] = { "itemid", "name", "key_", "delay",
	"history", "trends", "type", "status", "discover", NULL };

/* The view of an item of the flags (none for another item): the item's fields, then
 * discover (a prototype's own, "0" for a rule). */
static int
lld_view(struct rpc_call *call, uint64_t id, const char *flags, struct get_view *v)
{
	struct item *it = &v->rec.it;
	int rc = store_item_get(call->txn, id, it);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = item_view_release;
	if (!item_has_flags(it, flags))
		return STORE_OK;
	item_view_fill(v, it);
	get_view_str(v, "discover", strcmp(flags, ITEM_FLAGS_PROTO) == 0 ?
	    lld_doc_str(it->lld, "discover") : "0");
	return STORE_OK;
}

static int
lld_rule_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return lld_view(call, id, ITEM_FLAGS_RULE, v);
}

static int
lld_proto_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return lld_view(call, id, ITEM_FLAGS_PROTO, v);
}

static int
lld_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_ITEMS, ids);
}

const struct get_kind get_kind_lldrule = {
	.pk = "itemid", .dbpk = "itemid", .fields = lld_rule_fields,
	.sortable = lld_rule_sortable, .scan = lld_scan,
	.perm = GET_PERM_ROW_HOST, .view = lld_rule_view,
};

const struct get_kind get_kind_itemprototype = {
	.pk = "itemid", .dbpk = "itemid", .fields = lld_proto_fields,
	.sortable = lld_proto_sortable, .scan = lld_scan,
	.perm = GET_PERM_ROW_HOST, .view = lld_proto_view,
};

/* ---- selects ---- */

/* Whether a select's output (extend or a list) asks for a member. */
static bool
lld_asks(const struct get_output *out, const char *name)
{
	return out->mode == GET_EXTEND || (out->mode == GET_LIST &&
	    get_list_has_name(out->list, name));
}

/* The members of src that the output asks for, in src's order (new). */
static cJSON *
lld_project(const cJSON *src, const struct get_output *out)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *m;

	cJSON_ArrayForEach(m, src)
		if (lld_asks(out, m->string))
			cJSON_AddItemToObject(o, m->string, cJSON_Duplicate(m, true));
	return o;
}

/* selectFilter: evaltype and formula, conditions and eval_formula when asked. */
static void
lld_select_filter(const cJSON *params, const cJSON *doc, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectFilter"));
	cJSON *f, *r;

	if (out.mode == GET_NONE)
		return;
	r = lld_filter_render(util_json_member(doc, "filter"));
	f = cJSON_AddObjectToObject(obj, "filter");
	cJSON_AddItemToObject(f, "evaltype", cJSON_DetachItemFromObject(r, "evaltype"));
	cJSON_AddItemToObject(f, "formula", cJSON_DetachItemFromObject(r, "formula"));
	if (lld_asks(&out, "conditions") || lld_asks(&out, "formula") ||
	    lld_asks(&out, "eval_formula"))
		cJSON_AddItemToObject(f, "conditions", cJSON_DetachItemFromObject(r, "conditions"));
	if (lld_asks(&out, "eval_formula"))
		cJSON_AddItemToObject(f, "eval_formula", cJSON_DetachItemFromObject(r,
		    "eval_formula"));
	cJSON_Delete(r);
}

/* selectLLDMacroPaths and selectOverrides: the stored lists, projected. */
static void
lld_select_list(const cJSON *params, const char *opt, const cJSON *doc, const char *key,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params, opt));
	const cJSON *e;
	cJSON *arr;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return;
	arr = cJSON_AddArrayToObject(obj, key);
	cJSON_ArrayForEach(e, util_json_member(doc, key)) {
		cJSON *o = lld_project(e, &out), *f;

		if ((f = util_json_member(o, "filter")) != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(o, "filter", lld_filter_render(f));
		cJSON_AddItemToArray(arr, o);
	}
}

/* Selects of objects not held yet (trigger, graph and host prototypes): [] or "0". */
static void
lld_select_empty(const cJSON *params, const char *opt, const char *key, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params, opt));

	if (out.mode == GET_COUNT)
		cJSON_AddStringToObject(obj, key, "0");
	else if (out.mode != GET_NONE)
		cJSON_AddItemToObject(obj, key, cJSON_CreateArray());
}

/* What item.get's selects give every flavor: hosts, preprocessing, then parameters. */
static int
lld_selects_item(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    const struct item *it, cJSON *obj)
{
	int rc = item_select_hosts(call, params, o, it->hostid, obj);

	if (rc != STORE_OK || get_truthy(util_json_member(params, "countOutput")))
		return rc;
	item_select_preproc(params, it, obj);
	if (get_output_asks(params, "parameters"))
		cJSON_AddItemToObject(obj, "parameters", cJSON_Parse(it->f[ITEM_F_PARAMETERS]));
	return STORE_OK;
}

static int
lld_rule_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list protos = { 0 };
	struct item it;
	int rc;

	if ((rc = store_item_get(call->txn, id, &it)) != STORE_OK)
		return rc;
	if ((rc = lld_selects_item(call, params, o, &it, obj)) == STORE_OK &&
	    (rc = store_rule_protos(call->txn, id, &protos)) == STORE_OK &&
	    (rc = get_select_add(call, params, "selectItems", "items", &get_kind_itemprototype,
	    &protos, &n, obj)) == STORE_OK)
		rc = hproto_select_of_rule(call, params, o, id, obj);
	if (rc == STORE_OK)
		rc = trigger_select_rule_triggers(call, params, o, id, obj);
	if (rc == STORE_OK && (rc = graph_select_protos(call, params, o, id, true, obj)) ==
	    STORE_OK) {
		lld_select_filter(params, it.lld, obj);
		lld_select_list(params, "selectLLDMacroPaths", it.lld, "lld_macro_paths", obj);
		lld_select_list(params, "selectOverrides", it.lld, "overrides", obj);
	}
	id_list_free(&protos);
	item_free(&it);
	return rc;
}

/* selectDiscoveryRule: the prototype's rule as an object (its itemid always). */
static int
lld_select_rule(struct rpc_call *call, const cJSON *params, const struct item *it, cJSON *obj)
{
	uint64_t ruleid = 0;

	util_parse_u64(lld_doc_str(it->lld, "ruleid"), &ruleid);
	return lld_select_rule_of(call, params, ruleid, obj);
}

int
lld_select_rule_ids(struct rpc_call *call, const cJSON *params, const struct id_list *ids,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectDiscoveryRule"));
	struct get_nested_opts n = { .add_pk = true };
	cJSON *res = NULL;
	int rc;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return STORE_OK;
	rc = get_nested(call, &get_kind_lldrule, ids, &out, &n, &res);
	if (rc == STORE_OK && cJSON_GetArraySize(res) > 0)
		cJSON_AddItemToObject(obj, "discoveryRule", cJSON_DetachItemFromArray(res, 0));
	cJSON_Delete(res);
	return rc;
}

int
lld_select_rule_of(struct rpc_call *call, const cJSON *params, uint64_t ruleid, cJSON *obj)
{
	struct id_list ids = { 0 };
	int rc;

	id_list_add(&ids, ruleid);
	rc = lld_select_rule_ids(call, params, &ids, obj);
	id_list_free(&ids);
	return rc;
}

static int
lld_proto_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct item it;
	int rc;

	if ((rc = store_item_get(call->txn, id, &it)) != STORE_OK)
		return rc;
	if ((rc = lld_selects_item(call, params, o, &it, obj)) == STORE_OK &&
	    (rc = valuemap_select_item(call, params, it.f[ITEM_F_VALUEMAPID], obj)) == STORE_OK) {
		lld_select_empty(params, "selectTriggers", "triggers", obj);
		if ((rc = graph_select_protos(call, params, o, id, false, obj)) == STORE_OK &&
		    (rc = lld_select_rule(call, params, &it, obj)) == STORE_OK)
			item_select_tags(params, &it.tags, obj);
	}
	item_free(&it);
	return rc;
}

/* ---- candidates ---- */

/* inherited and templated, over resolved candidates. */
static int
lld_cand_flags(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *inh = util_json_member(params, "inherited");
	const cJSON *tpl = util_json_member(params, "templated");
	size_t j = 0;
	int rc = STORE_OK;

	if ((inh == NULL || cJSON_IsNull(inh)) && (tpl == NULL || cJSON_IsNull(tpl)))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct item it;
		struct host h;
		bool keep;

		if ((rc = store_item_get(call->txn, c->ids.ids[i], &it)) != STORE_OK)
			break;
		keep = inh == NULL || cJSON_IsNull(inh) || (it.templateid != 0) == get_truthy(inh);
		if (keep && tpl != NULL && !cJSON_IsNull(tpl) &&
		    (rc = store_host_get(call->txn, it.hostid, &h)) == STORE_OK) {
			keep = host_is_template(&h) == get_truthy(tpl);
			host_free(&h);
		}
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
		item_free(&it);
	}
	c->ids.n = j;
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

static enum rpc_result
lld_get_run(struct rpc_call *call, cJSON *params, const struct get_kind *k,
    enum store_rc (*of_host)(struct store_txn *, uint64_t, struct id_list *), get_select_fn sel)
{
	struct get_cand c = { 0 };
	int rc;

	get_cand_ids(params, "itemids", &c);
	if ((rc = get_cand_related(call, params, "hostids", of_host, &c)) == STORE_OK &&
	    (rc = get_cand_related(call, params, "templateids", of_host, &c)) == STORE_OK &&
	    (k != &get_kind_itemprototype || (rc = get_cand_related(call, params, "discoveryids",
	    store_rule_protos, &c)) == STORE_OK) &&
	    (rc = get_cand_resolve(call, k, &c)) == STORE_OK)
		rc = lld_cand_flags(call, params, &c);
	if (rc != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, k, &c, sel);
	id_list_free(&c.ids);
	return rc;
}

static enum rpc_result
lld_rule_get_exec(struct rpc_call *call, cJSON *params)
{
	return lld_get_run(call, params, &get_kind_lldrule, store_host_rules, lld_rule_selects);
}

static enum rpc_result
lld_proto_get_exec(struct rpc_call *call, cJSON *params)
{
	return lld_get_run(call, params, &get_kind_itemprototype, store_host_protos,
	    lld_proto_selects);
}

static const struct rule_field lld_rule_get_options[] = {
	GET_OPT("itemids"), GET_OPT("hostids"), GET_OPT("templateids"), GET_OPT("inherited"),
	GET_OPT("templated"), GET_OPT("selectHosts"), GET_OPT("selectItems"),
	GET_OPT("selectTriggers"), GET_OPT("selectGraphs"), GET_OPT("selectHostPrototypes"),
	GET_OPT("selectFilter"), GET_OPT("selectLLDMacroPaths"), GET_OPT("selectPreprocessing"),
	GET_OPT("selectOverrides"), GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule lld_rule_get_params = GET_PARAMS_RULE(lld_rule_get_options);

static const struct rule_field lld_proto_get_options[] = {
	GET_OPT("itemids"), GET_OPT("hostids"), GET_OPT("templateids"), GET_OPT("discoveryids"),
	GET_OPT("inherited"), GET_OPT("templated"), GET_OPT("selectHosts"),
	GET_OPT("selectTriggers"), GET_OPT("selectGraphs"), GET_OPT("selectDiscoveryRule"),
	GET_OPT("selectPreprocessing"), GET_OPT("selectTags"), GET_OPT("selectValueMap"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule lld_proto_get_params = GET_PARAMS_RULE(lld_proto_get_options);

const struct rpc_method method_discoveryrule_get = {
	.name = "discoveryrule.get", .params = &lld_rule_get_params, .exec = lld_rule_get_exec,
};

const struct rpc_method method_itemprototype_get = {
	.name = "itemprototype.get", .params = &lld_proto_get_params, .exec = lld_proto_get_exec,
};

/* ---- template.get and host.get ---- */

int
lld_select_discoveries(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .count_ok = true, .sortkey = "name", .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectDiscoveries") == NULL)
		return STORE_OK;
	if ((rc = store_host_rules(call->txn, id, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectDiscoveries", "discoveries",
		    &get_kind_lldrule, &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}
