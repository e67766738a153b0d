/* trigger_get.c: trigger.get and triggerprototype.get with Zabbix's trigger options and
 * selects, the selectTriggers, with_triggers and triggerids options of template.get, host.get
 * and item.get, and discoveryrule.get's selectTriggers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The "extend" list of a trigger, in Zabbix 6.0's column order; a prototype's has discover
 * (extra) after opdata. */
#define TRIGGER_GET_FIELDS(extra) \
	{ "triggerid", GET_F_NUM }, { "expression", 0 }, { "description", 0 }, { "url", 0 }, \
	{ "status", GET_F_NUM }, { "value", GET_F_NUM }, { "priority", GET_F_NUM }, \
	{ "lastchange", GET_F_NUM }, { "comments", 0 }, { "error", 0 }, \
	{ "templateid", GET_F_NUM }, { "type", GET_F_NUM }, { "state", GET_F_NUM }, \
	{ "flags", GET_F_NUM }, { "recovery_mode", GET_F_NUM }, { "recovery_expression", 0 }, \
	{ "correlation_mode", GET_F_NUM }, { "correlation_tag", 0 }, \
	{ "manual_close", GET_F_NUM }, { "opdata", 0 }, extra { "event_name", 0 }, \
	{ "uuid", 0 }, { NULL, 0 }
#define TRIGGER_GET_DISCOVER	{ "discover", GET_F_NUM },
static const struct get_field trigger_get_fields[] = { TRIGGER_GET_FIELDS() };

static const char *const trigger_sortable[] = {
	"triggerid", "description", "status", "priority", "lastchange", "hostname", NULL,
};
static const char *const trigger_joins[] = { "groupids", "hostids", "templateids", "itemids",
	"host", "group", NULL };

static void
trigger_view_release(struct get_view *v)
{
	trigger_free(&v->rec.t);
}

/* The view of a trigger whose flags are in accept (a bit per value, 1 << flags): its
 * fields in the order of the stored ones, templateid before type. */
static int
trigger_view_flags(struct rpc_call *call, uint64_t id, unsigned accept, struct get_view *v)
{
	struct trigger *t = &v->rec.t;
	int rc = store_trigger_get_fields(call->txn, id, t);	/* a row shows no functions */

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = trigger_view_release;
	if (!(accept & (1u << (atoi(t->f[TRIGGER_F_FLAGS]) & 7))))
		return STORE_OK;
	get_view_id(v, "triggerid", t->triggerid);
	for (int i = 0; i < TRIGGER_F__COUNT; i++) {
		if (i == TRIGGER_F_TYPE)
			get_view_id(v, "templateid", t->templateid);
		get_view_str(v, trigger_field_names[i], t->f[i]);
	}
	return STORE_OK;
}

static int
trigger_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return trigger_view_flags(call, id, 1u, v);
}

static int
tproto_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return trigger_view_flags(call, id, 4u, v);
}

static int
trigger_view_any(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	return trigger_view_flags(call, id, 5u, v);
}

/* expandExpression rewrites the rows' expressions (trigger_expand). */
static bool
trigger_unstreamed(const cJSON *params)
{
	return get_truthy(util_json_member(params, "expandExpression"));
}

static int
trigger_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_TRIGGERS, ids);
}

const struct get_kind get_kind_trigger = {
	.pk = "triggerid", .dbpk = "triggerid", .fields = trigger_get_fields,
	.sortable = trigger_sortable, .scan = trigger_scan,
	.joins = trigger_joins, .perm = GET_PERM_HOSTS, .perm_hosts = trigger_hosts_of,
	.view = trigger_view, .unstreamed = trigger_unstreamed,
};

static const struct get_field tproto_get_fields[] = {
	TRIGGER_GET_FIELDS(TRIGGER_GET_DISCOVER)
};
static const char *const tproto_joins[] = { "groupids", "hostids", "templateids", "itemids",
	"discoveryids", "host", "group", NULL };

const struct get_kind get_kind_triggerprototype = {
	.pk = "triggerid", .dbpk = "triggerid", .fields = tproto_get_fields,
	.sortable = trigger_sortable, .scan = trigger_scan,
	.joins = tproto_joins, .perm = GET_PERM_HOSTS, .perm_hosts = trigger_hosts_of,
	.view = tproto_view, .unstreamed = trigger_unstreamed,
};

/* The dependencies of a prototype: triggers and prototypes. */
static const struct get_kind trigger_kind_any = {
	.pk = "triggerid", .dbpk = "triggerid", .fields = trigger_get_fields,
	.sortable = trigger_sortable, .scan = trigger_scan,
	.perm = GET_PERM_HOSTS, .perm_hosts = trigger_hosts_of, .view = trigger_view_any,
	.unstreamed = trigger_unstreamed,
};

/* ---- selects ---- */

/* selectFunctions: {functionid, itemid, triggerid, parameter, function}; in a field list
 * the function is asked for as "name"; an object without fields is []. */
static void
trigger_select_functions(const cJSON *params, const struct trigger *t, cJSON *obj)
{
	static const char *const asks[] = { "functionid", "itemid", "triggerid", "parameter",
		"name" };
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectFunctions"));
	cJSON *arr;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return;
	arr = cJSON_AddArrayToObject(obj, "functions");
	for (size_t i = 0; i < t->nfn; i++) {
		const struct trigger_fn *f = &t->fn[i];
		char a[24], b[24], c[24];
		const char *v[] = { id_to_str(f->functionid, a), id_to_str(f->itemid, b),
			id_to_str(t->triggerid, c), f->parameter, f->name };
		cJSON *o = cJSON_CreateObject();

		for (size_t k = 0; k < 5; k++)
			if (out.mode == GET_EXTEND || get_list_has_name(out.list, asks[k]))
				cJSON_AddStringToObject(o, k == 4 ? "function" : asks[k], v[k]);
		if (o->child == NULL) {
			cJSON_Delete(o);
			o = cJSON_CreateArray();
		}
		cJSON_AddItemToArray(arr, o);
	}
}

/* expandExpression: the answer's expressions written out. */
static void
trigger_expand(struct rpc_call *call, const cJSON *params, const struct trigger *t, cJSON *obj)
{
	static const enum trigger_field fields[] = { TRIGGER_F_EXPRESSION,
		TRIGGER_F_RECOVERY_EXPRESSION };

	if (!get_truthy(util_json_member(params, "expandExpression")))
		return;
	for (size_t i = 0; i < 2; i++) {
		const char *name = trigger_field_names[fields[i]];

		char *x;

		if (util_json_member(obj, name) == NULL)
			continue;
		x = domain_trigger_written(call->txn, t, fields[i]);
		cJSON_ReplaceItemInObjectCaseSensitive(obj, name, cJSON_CreateString(x));
		free(x);
	}
}

/* selectDiscoveryRule of a prototype: the rule of its (first) item prototype, as an object. */
static int
tproto_select_rule(struct rpc_call *call, const cJSON *params, const struct id_list *items,
    cJSON *obj)
{
	struct id_list ids = { 0 };
	int rc = STORE_OK;

	if (util_json_member(params, "selectDiscoveryRule") == NULL)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && ids.n == 0 && i < items->n; i++) {
		struct item it;
		uint64_t ruleid = 0;

		if ((rc = store_item_get(call->txn, items->ids[i], &it)) != STORE_OK)
			break;
		if (util_parse_u64(lld_doc_str(it.lld, "ruleid"), &ruleid) && ruleid != 0)
			id_list_add(&ids, ruleid);
		item_free(&it);
	}
	if (rc == STORE_OK)
		rc = lld_select_rule_ids(call, params, &ids, obj);
	id_list_free(&ids);
	return rc;
}

/* Whether the call names an option that trigger_selects_of answers: without one, a row
 * needs nothing more than what it already holds. */
static bool
trigger_selects_asked(const cJSON *params, bool proto)
{
	static const char *const opts[] = { "expandExpression", "selectFunctions", "selectTags",
		"selectHosts", "selectItems", "selectDependencies", "selectDiscoveryRule" };

	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if ((proto || strcmp(opts[i], "selectDiscoveryRule") != 0) &&
		    util_json_member(params, opts[i]) != NULL)
			return true;
	return false;
}

static int
trigger_selects_of(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, bool proto, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct get_kind hk = item_host_kind();
	struct id_list items = { 0 }, hosts = { 0 };
	struct trigger t;
	int rc;

	if (!trigger_selects_asked(params, proto))
		return STORE_OK;
	if ((rc = store_trigger_get(call->txn, id, &t)) != STORE_OK)
		return rc;
	trigger_expand(call, params, &t, obj);
	trigger_select_functions(params, &t, obj);
	item_select_tags(params, &t.tags, obj);
	for (size_t i = 0; i < t.nfn; i++)
		id_list_add_unique(&items, t.fn[i].itemid);
	for (size_t i = 0; rc == STORE_OK && util_json_member(params, "selectHosts") != NULL &&
	    i < items.n; i++) {
		struct id_list one = { 0 };

		rc = item_host_of(call->txn, items.ids[i], &one);
		for (size_t k = 0; k < one.n; k++)
			id_list_add_unique(&hosts, one.ids[k]);
		id_list_free(&one);
	}
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectHosts", "hosts", &hk, &hosts, &n, obj);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectItems", "items", &get_kind_item, &items, &n,
		    obj);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectDependencies", "dependencies",
		    proto ? &trigger_kind_any : &get_kind_trigger, &t.deps, &n, obj);
	if (rc == STORE_OK && proto)
		rc = tproto_select_rule(call, params, &items, obj);
	id_list_free(&items);
	id_list_free(&hosts);
	trigger_free(&t);
	return rc;
}

static int
trigger_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	return trigger_selects_of(call, params, o, id, false, obj);
}

static int
tproto_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	return trigger_selects_of(call, params, o, id, true, obj);
}

/* ---- candidates ---- */

static enum store_rc
trigger_group_triggers(struct store_txn *txn, uint64_t groupid, struct id_list *out)
{
	return store_list_through(txn, groupid, store_group_hosts, store_host_triggers, out);
}

/* -1: the option is absent (or null); else its truth. */
static int
trigger_tristate(const cJSON *params, const char *name)
{
	const cJSON *v = util_json_member(params, name);

	return v == NULL || cJSON_IsNull(v) ? -1 : get_truthy(v);
}

/* inherited (a copy), templated (on a template), dependent (depends on some trigger). */
static int
trigger_cand_flags(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	int inherited = trigger_tristate(params, "inherited");
	int templated = trigger_tristate(params, "templated");
	int dependent = trigger_tristate(params, "dependent");
	size_t j = 0;
	int rc = STORE_OK;

	if (inherited < 0 && templated < 0 && dependent < 0)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct trigger t;
		struct host h;
		bool keep;

		if ((rc = store_trigger_get(call->txn, c->ids.ids[i], &t)) != STORE_OK)
			break;
		keep = (inherited < 0 || (t.templateid != 0) == (inherited == 1)) &&
		    (dependent < 0 || (t.deps.n > 0) == (dependent == 1));
		if (keep && templated >= 0 && (rc = store_host_get(call->txn, t.hostid, &h)) ==
		    STORE_OK) {
			keep = host_is_template(&h) == (templated == 1);
			host_free(&h);
		}
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
		trigger_free(&t);
	}
	c->ids.n = j;
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

static int
trigger_get_cand(struct rpc_call *call, const cJSON *params, const struct get_kind *k,
    struct get_cand *c)
{
	int rc;

	get_cand_ids(params, "triggerids", c);
	if ((rc = get_cand_related(call, params, "hostids", store_host_triggers, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "templateids", store_host_triggers, c)) !=
	    STORE_OK ||
	    (rc = get_cand_related(call, params, "groupids", trigger_group_triggers, c)) !=
	    STORE_OK ||
	    (rc = get_cand_related(call, params, "itemids", store_item_triggers, c)) != STORE_OK ||
	    (k == &get_kind_triggerprototype && (rc = get_cand_related(call, params,
	    "discoveryids", store_rule_triggers, c)) != STORE_OK) ||
	    (rc = get_cand_resolve(call, k, c)) != STORE_OK)
		return rc;
	return trigger_cand_flags(call, params, c);
}

static enum rpc_result
trigger_get_run(struct rpc_call *call, cJSON *params, const struct get_kind *k,
    get_select_fn sel)
{
	struct get_cand c = { 0 };
	int rc;

	if ((rc = trigger_get_cand(call, params, k, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, k, &c, sel);
	id_list_free(&c.ids);
	return rc;
}

static enum rpc_result
trigger_get_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_get_run(call, params, &get_kind_trigger, trigger_selects);
}

static enum rpc_result
tproto_get_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_get_run(call, params, &get_kind_triggerprototype, tproto_selects);
}

#define TRIGGER_GET_OPTIONS \
	GET_OPT("triggerids"), GET_OPT("hostids"), GET_OPT("templateids"), GET_OPT("groupids"), \
	GET_OPT("itemids"), GET_OPT("inherited"), GET_OPT("templated"), GET_OPT("dependent"), \
	GET_OPT("expandExpression"), GET_OPT("selectFunctions"), GET_OPT("selectItems"), \
	GET_OPT("selectHosts"), GET_OPT("selectTags"), GET_OPT("selectDependencies"), \
	GET_OPTS_COMMON
static const struct rule_field trigger_get_options[] = {
	TRIGGER_GET_OPTIONS,
	{ NULL, { 0 } },
};
static const struct rule trigger_get_params = GET_PARAMS_RULE(trigger_get_options);

const struct rpc_method method_trigger_get = {
	.name = "trigger.get", .params = &trigger_get_params, .exec = trigger_get_exec,
};

static const struct rule_field tproto_get_options[] = {
	TRIGGER_GET_OPTIONS, GET_OPT("discoveryids"), GET_OPT("selectDiscoveryRule"),
	{ NULL, { 0 } },
};
static const struct rule tproto_get_params = GET_PARAMS_RULE(tproto_get_options);

const struct rpc_method method_triggerprototype_get = {
	.name = "triggerprototype.get", .params = &tproto_get_params, .exec = tproto_get_exec,
};

/* ---- template.get, host.get, item.get ---- */

int
trigger_select_triggers(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, bool byitem, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectTriggers") == NULL)
		return STORE_OK;
	rc = byitem ? store_item_triggers(call->txn, id, &ids) :
	    store_host_triggers(call->txn, id, &ids);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectTriggers", "triggers", &get_kind_trigger,
		    &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}

int
trigger_select_rule_triggers(struct rpc_call *call, const cJSON *params,
    const struct get_opts *o, uint64_t ruleid, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectTriggers") == NULL)
		return STORE_OK;
	if ((rc = store_rule_triggers(call->txn, ruleid, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectTriggers", "triggers",
		    &get_kind_triggerprototype, &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}

int
trigger_cand_with(struct rpc_call *call, const cJSON *params, bool byitem, struct get_cand *c)
{
	size_t j = 0;

	if (!get_truthy(util_json_member(params, "with_triggers")))
		return STORE_OK;
	for (size_t i = 0; i < c->ids.n; i++) {
		struct id_list ids = { 0 };
		int rc = byitem ? store_item_triggers(call->txn, c->ids.ids[i], &ids) :
		    store_host_triggers(call->txn, c->ids.ids[i], &ids);
		bool any = false;

		/* trigger prototypes do not count */
		for (size_t k = 0; rc == STORE_OK && !any && k < ids.n; k++) {
			struct get_view v;

			get_view_reset(&v);
			rc = trigger_view(call, ids.ids[k], &v);
			any = v.n > 0;
			get_view_done(&v);
		}
		if (rc == STORE_OK && any)
			c->ids.ids[j++] = c->ids.ids[i];
		id_list_free(&ids);
		if (rc != STORE_OK)
			return rc;
	}
	c->ids.n = j;
	return STORE_OK;
}

/* The items (items: true) or their hosts of a trigger's functions; none for an unknown one. */
static enum store_rc
trigger_related(struct store_txn *txn, uint64_t id, bool items, struct id_list *out)
{
	struct trigger t;
	enum store_rc rc = store_trigger_get(txn, id, &t);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	for (size_t i = 0; rc == STORE_OK && i < t.nfn; i++) {
		if (items)
			id_list_add(out, t.fn[i].itemid);
		else
			rc = item_host_of(txn, t.fn[i].itemid, out);
	}
	trigger_free(&t);
	return rc;
}

enum store_rc
trigger_hosts_of(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	return trigger_related(txn, id, false, out);
}

enum store_rc
trigger_items_of(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	return trigger_related(txn, id, true, out);
}
