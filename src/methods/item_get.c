/* item_get.c: item.get with Zabbix's item options, and the selectItems/with_items options of
 * template.get and host.get. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The "extend" list of an item, in Zabbix 6.0's column order. */
static const struct get_field item_get_fields[] = {
	{ "itemid", GET_F_NUM }, { "type", GET_F_NUM }, { "snmp_oid", 0 }, { "hostid", GET_F_NUM },
	{ "name", 0 }, { "key_", 0 }, { "delay", 0 }, { "history", 0 }, { "trends", 0 },
	{ "status", GET_F_NUM }, { "value_type", GET_F_NUM }, { "trapper_hosts", 0 }, { "units", 0 },
	{ "formula", 0 }, { "logtimefmt", 0 }, { "templateid", GET_F_NUM },
	{ "valuemapid", GET_F_NUM }, { "params", 0 }, { "ipmi_sensor", 0 },
	{ "authtype", GET_F_NUM }, { "username", 0 }, { "password", 0 }, { "publickey", 0 },
	{ "privatekey", 0 }, { "flags", GET_F_NUM }, { "interfaceid", GET_F_NUM },
	{ "description", 0 }, { "inventory_link", GET_F_NUM }, { "lifetime", 0 },
	{ "evaltype", GET_F_NUM }, { "jmx_endpoint", 0 }, { "master_itemid", GET_F_NUM },
	{ "timeout", 0 }, { "url", 0 }, { "query_fields", 0 }, { "posts", 0 }, { "status_codes", 0 },
	{ "follow_redirects", GET_F_NUM }, { "post_type", GET_F_NUM }, { "http_proxy", 0 },
	{ "headers", 0 }, { "retrieve_mode", GET_F_NUM }, { "request_method", GET_F_NUM },
	{ "output_format", GET_F_NUM }, { "ssl_cert_file", 0 }, { "ssl_key_file", 0 },
	{ "ssl_key_password", 0 }, { "verify_peer", GET_F_NUM }, { "verify_host", GET_F_NUM },
	{ "allow_traps", GET_F_NUM }, { "uuid", 0 }, { "state", GET_F_NUM }, { "error", 0 },
	{ "parameters", 0 }, { "lastclock", GET_F_NUM }, { "lastns", GET_F_NUM }, { "lastvalue", 0 },
	{ "prevvalue", 0 }, { NULL, 0 },
};

static const char *const item_sortable[] = {
	"itemid", "name", "key_", "delay", "history", "trends", "type", "status", NULL,
};
static const char *const item_joins[] = { "groupids", "proxyids", "triggerids", "graphids",
	"templated", "monitored", "group", "host", NULL };

/* The other joins of item.get: the host for filter.host, the runtime data for state and
 * error (output, search or filter). */
static bool
item_joined(const cJSON *params)
{
	const cJSON *filter = util_json_member(params, "filter");
	const cJSON *search = util_json_member(params, "search");

	return (cJSON_IsObject(filter) && (util_json_member(filter, "host") != NULL ||
	    util_json_member(filter, "state") != NULL)) ||
	    (cJSON_IsObject(search) && util_json_member(search, "error") != NULL) ||
	    get_output_asks(params, "state") || get_output_asks(params, "error");
}

/* Every field of an item, in item_fields' order (the "extend" order): the ids as numbers,
 * the JSON arrays (ITEM_FD_JSON) as their text. The texts stay it's. */
void
item_view_fill(struct get_view *v, const struct item *it)
{
	for (int i = 0; i < ITEM_F__COUNT; i++) {
		const char *name = item_fields[i].name;

		if (i == ITEM_F_ITEMID)
			get_view_id(v, name, it->itemid);
		else if (i == ITEM_F_HOSTID)
			get_view_id(v, name, it->hostid);
		else if (i == ITEM_F_TEMPLATEID)
			get_view_id(v, name, it->templateid);
		else if (item_fields[i].flags & ITEM_FD_JSON)
			get_view_json(v, name, it->f[i]);
		else
			get_view_str(v, name, it->f[i]);
	}
}

cJSON *
item_get_row(const struct item *it)
{
	struct get_view v;

	get_view_reset(&v);
	item_view_fill(&v, it);
	return get_view_tree(&v);
}

void
item_view_release(struct get_view *v)
{
	item_free(&v->rec.it);
}

static int
item_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	int rc = store_item_get_fields(call->txn, id, &v->rec.it);	/* no steps, no tags */

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = item_view_release;
	item_view_fill(v, &v->rec.it);
	return STORE_OK;
}

static int
item_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_ITEMS, ids);
}

const struct get_kind get_kind_item = {
	.pk = "itemid", .dbpk = "itemid", .fields = item_get_fields, .sortable = item_sortable,
	.scan = item_scan, .joins = item_joins, .joined = item_joined,
	.perm = GET_PERM_ROW_HOST, .view = item_view,
};

/* selectHosts lists the item's host or template, as a host. */
static int
item_host_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct host h;
	int rc = store_host_get(call->txn, id, &h);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = host_get_row(&h, false);
	host_free(&h);
	return STORE_OK;
}

static int
item_host_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_HOSTS, ids);
}

static const char *const item_host_sortable[] = { "hostid", NULL };

struct get_kind
item_host_kind(void)
{
	struct get_kind k = { .pk = "hostid", .dbpk = "hostid", .sortable = item_host_sortable,
	    .load = item_host_load, .scan = item_host_scan, .perm = GET_PERM_ID_HOST };

	k.fields = get_kind_host.fields;
	return k;
}

/* selectTags: {tag, value} (or the asked ones), in the stored order. */
void
item_select_tags(const cJSON *params, const struct tag_list *tags, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectTags"));
	cJSON *arr;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return;
	arr = cJSON_AddArrayToObject(obj, "tags");
	for (size_t i = 0; i < tags->n; i++) {
		cJSON *t = cJSON_CreateObject();

		if (out.mode == GET_EXTEND || get_list_has_name(out.list, "tag"))
			util_json_add_str(t, "tag", tags->tags[i].tag);
		if (out.mode == GET_EXTEND || get_list_has_name(out.list, "value"))
			util_json_add_str(t, "value", tags->tags[i].value);
		cJSON_AddItemToArray(arr, t);
	}
}

/* selectPreprocessing: {type, params, error_handler, error_handler_params} (or the asked
 * ones), every value a string, in the stored order. */
void
item_select_preproc(const cJSON *params, const struct item *it, cJSON *obj)
{
	static const char *const names[] = { "type", "params", "error_handler",
		"error_handler_params" };
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectPreprocessing"));
	cJSON *arr;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return;
	arr = cJSON_AddArrayToObject(obj, "preprocessing");
	for (size_t i = 0; i < it->pp.n; i++) {
		const struct preproc_step *st = &it->pp.s[i];
		const char *v[] = { st->type, st->params, st->error_handler,
			st->error_handler_params };
		cJSON *t = cJSON_CreateObject();

		for (size_t k = 0; k < 4; k++)
			if (out.mode == GET_EXTEND || get_list_has_name(out.list, names[k]))
				cJSON_AddStringToObject(t, names[k], v[k]);
		cJSON_AddItemToArray(arr, t);
	}
}

int
item_select_hosts(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t hostid, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct get_kind hk = item_host_kind();
	struct id_list hosts = { 0 };
	int rc;

	id_list_add(&hosts, hostid);
	rc = get_select_add(call, params, "selectHosts", "hosts", &hk, &hosts, &n, obj);
	id_list_free(&hosts);
	return rc;
}

static int
item_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct get_kind hk = item_host_kind();
	struct id_list hosts = { 0 };
	struct item it;
	bool whole;	/* a select that needs the item's fields, not its tags alone */
	int rc;

	if (!get_selects_any(params))	/* every select below is a select... option */
		return STORE_OK;
	get_select_none(params, 3, obj);
	if ((rc = trigger_select_triggers(call, params, o, id, true, obj)) != STORE_OK ||
	    (rc = graph_select_item(call, params, o, id, obj)) != STORE_OK)
		return rc;
	whole = util_json_member(params, "selectHosts") != NULL ||
	    util_json_member(params, "selectValueMap") != NULL ||
	    util_json_member(params, "selectPreprocessing") != NULL;
	if (!whole && util_json_member(params, "selectTags") == NULL)
		return STORE_OK;
	if (!whole) {
		uint64_t hostid;	/* the tags alone: the fields are not decoded again */

		if ((rc = store_item_tags(call->txn, id, &hostid, &it.tags)) != STORE_OK)
			return rc;
		item_select_tags(params, &it.tags, obj);
		tag_list_free(&it.tags);
		return STORE_OK;
	}
	if ((rc = store_item_get(call->txn, id, &it)) != STORE_OK)
		return rc;
	if ((rc = valuemap_select_item(call, params, it.f[ITEM_F_VALUEMAPID], obj)) != STORE_OK) {
		item_free(&it);
		return rc;
	}
	item_select_tags(params, &it.tags, obj);
	item_select_preproc(params, &it, obj);
	id_list_add(&hosts, it.hostid);
	rc = get_select_add(call, params, "selectHosts", "hosts", &hk, &hosts, &n, obj);
	id_list_free(&hosts);
	item_free(&it);
	return rc;
}

/* ---- candidates ---- */

static enum store_rc
item_group_items(struct store_txn *txn, uint64_t groupid, struct id_list *out)
{
	return store_list_through(txn, groupid, store_group_hosts, store_host_items, out);
}

/* -1: the option is absent (or null); else its truth. */
static int
item_tristate(const cJSON *params, const char *name)
{
	const cJSON *v = util_json_member(params, name);

	return v == NULL || cJSON_IsNull(v) ? -1 : get_truthy(v);
}

/* inherited (has a parent item) and templated (on a template): a host status cache. */
static int
item_cand_flags(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	int inherited = item_tristate(params, "inherited");
	int templated = item_tristate(params, "templated");
	struct id_list tpl = { 0 }, hst = { 0 };
	size_t j = 0;
	int rc = STORE_OK;

	if (inherited < 0 && templated < 0)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct item it;
		struct host h;
		bool keep;

		if ((rc = store_item_get(call->txn, c->ids.ids[i], &it)) != STORE_OK)
			break;
		keep = inherited < 0 || (it.templateid != 0) == (inherited == 1);
		if (keep && templated >= 0) {
			if (!id_list_has(&tpl, it.hostid) && !id_list_has(&hst, it.hostid) &&
			    (rc = store_host_get(call->txn, it.hostid, &h)) == STORE_OK) {
				id_list_add(host_is_template(&h) ? &tpl : &hst, it.hostid);
				host_free(&h);
			}
			keep = id_list_has(&tpl, it.hostid) == (templated == 1);
		}
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
		item_free(&it);
	}
	c->ids.n = j;
	id_list_free(&tpl), id_list_free(&hst);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* tags (with evaltype 0 And/Or, 2 Or): the candidates whose tags match. */
static int
item_cand_tags(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *tags = util_json_member(params, "tags");
	const cJSON *ev = util_json_member(params, "evaltype");
	bool or = (cJSON_IsNumber(ev) && ev->valueint == 2) ||
	    (cJSON_IsString(ev) && strcmp(ev->valuestring, "2") == 0);
	size_t j = 0;
	int rc = STORE_OK;

	if (!cJSON_IsArray(tags) || tags->child == NULL)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct item it;

		if ((rc = store_item_get(call->txn, c->ids.ids[i], &it)) != STORE_OK)
			break;
		if (get_tags_match(&it.tags, tags, or))
			c->ids.ids[j++] = c->ids.ids[i];
		item_free(&it);
	}
	c->ids.n = j;
	return rc;
}

/* Web items (their scenario's) only with webitems; selectItems never lists them. */
static int
item_cand_web(struct rpc_call *call, const cJSON *params, struct id_list *ids)
{
	size_t j = 0;
	int rc = STORE_OK;

	if (params != NULL && get_truthy(util_json_member(params, "webitems")))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		uint64_t hostid;
		char *type = NULL;	/* the one field read, not the whole item */

		if ((rc = store_item_field(call->txn, ids->ids[i], ITEM_F_TYPE, &hostid,
		    &type)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc == STORE_OK && strcmp(type, HTTPTEST_WEB_ITEM_TYPE) != 0)
			ids->ids[j++] = ids->ids[i];
		free(type);
	}
	if (rc == STORE_OK)
		ids->n = j;
	return rc;
}

/* Every item of a host: its items, LLD rules and item prototypes. */
static enum store_rc
item_host_all(struct store_txn *txn, uint64_t hostid, struct id_list *out)
{
	enum store_rc rc = store_host_items(txn, hostid, out);

	if (rc == STORE_OK)
		rc = store_host_rules(txn, hostid, out);
	return rc == STORE_OK ? store_host_protos(txn, hostid, out) : rc;
}

/* Zabbix's item.get keeps flags 0 and 4 unless the filter names flags (null: every item):
 * the default joins the params' filter. Returns whether other flags may match. */
static bool
item_get_flags(cJSON *params)
{
	cJSON *filter = util_json_member(params, "filter"), *flags;

	if (!cJSON_IsObject(params) ||
	    (cJSON_IsObject(filter) && util_json_member(filter, "flags") != NULL))
		return true;
	if (!cJSON_IsObject(filter)) {
		cJSON_DeleteItemFromObjectCaseSensitive(params, "filter");
		filter = cJSON_AddObjectToObject(params, "filter");
	}
	flags = cJSON_AddArrayToObject(filter, "flags");
	cJSON_AddItemToArray(flags, cJSON_CreateString("0"));
	cJSON_AddItemToArray(flags, cJSON_CreateString("4"));
	return false;
}

static int
item_get_cand(struct rpc_call *call, cJSON *params, struct get_cand *c)
{
	enum store_rc (*of_host)(struct store_txn *, uint64_t, struct id_list *) =
	    item_get_flags(params) ? item_host_all : store_host_items;
	int rc;

	get_cand_ids(params, "itemids", c);
	if ((rc = get_cand_related(call, params, "triggerids", trigger_items_of, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "hostids", of_host, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "templateids", of_host, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "groupids", item_group_items, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "graphids", graph_items_of, c)) != STORE_OK ||
	    (rc = get_cand_resolve(call, &get_kind_item, c)) != STORE_OK ||
	    (rc = item_cand_tags(call, params, c)) != STORE_OK)
		return rc;
	if ((rc = item_cand_flags(call, params, c)) != STORE_OK ||
	    (rc = trigger_cand_with(call, params, true, c)) != STORE_OK)
		return rc;
	return item_get_filter_more(call, params, c);
}

/* countOutput without filter, search, groupCount or itemids: the candidates are the
 * answer. */
static bool
item_count_only(const cJSON *params)
{
	return get_truthy(util_json_member(params, "countOutput")) &&
	    !get_truthy(util_json_member(params, "tags")) &&
	    !get_truthy(util_json_member(params, "filter")) &&
	    !get_truthy(util_json_member(params, "search")) &&
	    !get_truthy(util_json_member(params, "groupCount")) &&
	    util_json_member(params, "itemids") == NULL;
}

static enum rpc_result
item_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	char buf[24];
	/* read before item_get_cand adds the default flags filter; the items of hosts are plain
	 * ones, a scan of every item is not */
	bool count_only = item_count_only(params) && (item_tristate(params, "hostids") >= 0 ||
	    item_tristate(params, "templateids") >= 0 || item_tristate(params, "groupids") >= 0);
	int rc;

	if ((rc = item_get_cand(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	if (count_only && (rc = item_cand_web(call, params, &c.ids)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	if (count_only) {
		snprintf(buf, sizeof buf, "%zu", c.ids.n);
		id_list_free(&c.ids);
		return rpc_ok(call, cJSON_CreateString(buf));
	}
	if (!get_truthy(util_json_member(params, "webitems"))) {	/* read with the rows */
		c.drop_field = "type";
		c.drop_value = HTTPTEST_WEB_ITEM_TYPE;
	}
	rc = get_run(call, params, &get_kind_item, &c, item_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field item_get_options[] = {
	GET_OPT("itemids"), GET_OPT("hostids"), GET_OPT("templateids"), GET_OPT("groupids"),
	GET_OPT("inherited"), GET_OPT("templated"), GET_OPT("tags"), GET_OPT("evaltype"),
	GET_OPT("selectTags"), GET_OPT("selectHosts"), GET_OPT("selectValueMap"),
	GET_OPT("selectPreprocessing"), GET_OPT("webitems"), GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule item_get_params = GET_PARAMS_RULE(item_get_options);

const struct rpc_method method_item_get = {
	.name = "item.get", .params = &item_get_params, .exec = item_get_exec,
};

/* ---- template.get and host.get ---- */

int
item_select_items(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .count_ok = true, .sortkey = "name", .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectItems") == NULL)
		return STORE_OK;
	if ((rc = store_host_items(call->txn, id, &ids)) == STORE_OK &&
	    (rc = item_cand_web(call, NULL, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectItems", "items", &get_kind_item, &ids, &n,
		    obj);
	id_list_free(&ids);
	return rc;
}

/* template.get itemids: the host (or template) of each item; an unknown item gives none. */
enum store_rc
item_host_of(struct store_txn *txn, uint64_t itemid, struct id_list *out)
{
	struct item it;
	enum store_rc rc = store_item_get(txn, itemid, &it);

	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc == STORE_OK) {
		id_list_add(out, it.hostid);
		item_free(&it);
	}
	return rc;
}

int
item_cand_with_items(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	size_t j = 0;

	if (!get_truthy(util_json_member(params, "with_items")))
		return STORE_OK;
	for (size_t i = 0; i < c->ids.n; i++) {
		struct id_list items = { 0 };
		int rc = store_host_items(call->txn, c->ids.ids[i], &items);

		if (rc != STORE_OK) {
			id_list_free(&items);
			return rc;
		}
		if (items.n > 0)
			c->ids.ids[j++] = c->ids.ids[i];
		id_list_free(&items);
	}
	c->ids.n = j;
	return STORE_OK;
}
