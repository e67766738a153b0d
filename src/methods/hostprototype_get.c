/* hostprototype_get.c: hostprototype.get with its selects, and discoveryrule.get
 * selectHostPrototypes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field hproto_fields[] = {
	{ "hostid", GET_F_NUM }, { "host", 0 }, { "name", 0 }, { "status", GET_F_NUM },
	{ "templateid", GET_F_NUM }, { "discover", GET_F_NUM },
	{ "custom_interfaces", GET_F_NUM }, { "uuid", 0 }, { "inventory_mode", GET_F_NUM },
	{ NULL, 0 },
};

static const char *const hproto_sortable[] = { "hostid", "host", "name", "status",
	"discover", NULL };

static int
hproto_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return access_doc_load(call, STORE_DB_HOSTPROTOS, hproto_fields, id, row);
}

static int
hproto_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_HOSTPROTOS, ids);
}

/* The host of a prototype's rule, whose rights decide who sees the prototype. */
static enum store_rc
hproto_hosts_of(struct store_txn *t, uint64_t id, struct id_list *out)
{
	uint64_t ruleid = 0;
	struct item it;
	cJSON *doc;
	enum store_rc rc = store_doc_get(t, STORE_DB_HOSTPROTOS, id, &doc);

	if (rc != STORE_OK)
		return rc;
	util_parse_u64(doc_str(doc, "ruleid"), &ruleid);
	cJSON_Delete(doc);
	if ((rc = store_item_get(t, ruleid, &it)) != STORE_OK)
		return rc;
	id_list_add(out, it.hostid);
	item_free(&it);
	return STORE_OK;
}

const struct get_kind get_kind_hostproto = {
	.pk = "hostid", .dbpk = "hostid", .fields = hproto_fields, .sortable = hproto_sortable,
	.load = hproto_load, .scan = hproto_scan, .perm = GET_PERM_HOSTS,
	.perm_hosts = hproto_hosts_of,
};

/* A stored list of the document (groupLinks, groupPrototypes, macros, tags) as the select
 * opt asks: its members in stored order, or a count; a secret macro's value never. */
static void
hproto_select_list(const cJSON *params, const char *opt, const cJSON *doc, const char *key,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params, opt));
	const cJSON *list = util_json_member(doc, key), *e, *m;
	cJSON *arr;
	char buf[24];

	if (out.mode == GET_NONE)
		return;
	if (out.mode == GET_COUNT) {
		snprintf(buf, sizeof buf, "%d", cJSON_GetArraySize(list));
		cJSON_AddStringToObject(obj, key, buf);
		return;
	}
	arr = cJSON_AddArrayToObject(obj, key);
	cJSON_ArrayForEach(e, list) {
		cJSON *o = cJSON_CreateObject();
		bool secret = strcmp(key, "macros") == 0 && strcmp(doc_str(e, "type"), "1") == 0;

		cJSON_ArrayForEach(m, e)
			if ((out.mode == GET_EXTEND || get_list_has_name(out.list, m->string)) &&
			    !(secret && strcmp(m->string, "value") == 0))
				cJSON_AddItemToObject(o, m->string, cJSON_Duplicate(m, true));
		if (o->child == NULL) {		/* no column asked: PHP's empty array */
			cJSON_Delete(o);
			o = cJSON_CreateArray();
		}
		cJSON_AddItemToArray(arr, o);
	}
}

/* selectParentHost: the host or template of the rule ({hostid, ...asked}). */
static int
hproto_select_parent(struct rpc_call *call, const cJSON *params, uint64_t ruleid, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectParentHost"));
	struct item it;
	struct host h;
	cJSON *row;
	int rc;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return STORE_OK;
	if ((rc = store_item_get(call->txn, ruleid, &it)) != STORE_OK)
		return rc;
	rc = store_host_get(call->txn, it.hostid, &h);
	item_free(&it);
	if (rc != STORE_OK)
		return rc;
	row = host_get_row(&h, false);
	cJSON_AddItemToObject(obj, "parentHost", get_project(&get_kind_host, row, &out, true));
	cJSON_Delete(row);
	host_free(&h);
	return STORE_OK;
}

/* The templates of the document as ids. */
static void
hproto_templates(const cJSON *doc, struct id_list *ids)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, util_json_member(doc, "templates")) {
		uint64_t id;

		if (cJSON_IsString(e) && util_parse_u64(e->valuestring, &id))
			id_list_add(ids, id);
	}
}

static int
hproto_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list tpls = { 0 };
	uint64_t ruleid = 0;
	cJSON *doc;
	int rc = store_doc_get(call->txn, STORE_DB_HOSTPROTOS, id, &doc);

	if (rc != STORE_OK)
		return rc;
	util_parse_u64(doc_str(doc, "ruleid"), &ruleid);
	hproto_select_list(params, "selectMacros", doc, "macros", obj);
	if ((rc = lld_select_rule_of(call, params, ruleid, obj)) == STORE_OK) {
		hproto_select_list(params, "selectGroupLinks", doc, "groupLinks", obj);
		hproto_select_list(params, "selectGroupPrototypes", doc, "groupPrototypes", obj);
		rc = hproto_select_parent(call, params, ruleid, obj);
	}
	hproto_templates(doc, &tpls);
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectTemplates", "templates",
		    &get_kind_template, &tpls, &n, obj);
	if (rc == STORE_OK) {
		hproto_select_list(params, "selectTags", doc, "tags", obj);
		hproto_iface_select(params, doc, obj);
	}
	id_list_free(&tpls);
	cJSON_Delete(doc);
	return rc;
}

/* One select option of hostprototype.get as API_OUTPUT checks it: "extend", or a list of
 * the names (names NULL: any name); "count" only where allowed. */
static int
hproto_output_check(struct rpc_call *call, const cJSON *params, const char *opt,
    const char *const *names, bool count)
{
	const cJSON *v = util_json_member(params, opt), *e;
	size_t i = 0;

	if (v == NULL || cJSON_IsNull(v))
		return RPC_COMMIT;
	if (cJSON_IsString(v)) {
		if (strcmp(v->valuestring, "extend") == 0 ||
		    (count && strcmp(v->valuestring, "count") == 0))
			return RPC_COMMIT;
		return rpc_fail(call, ERR_PARAM, count ? "Invalid parameter \"/%s\": value must be "
		    "one of \"extend\", \"count\"." : "Invalid parameter \"/%s\": value must be "
		    "\"extend\".", opt);
	}
	if (!cJSON_IsArray(v))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s\": an array or a "
		    "character string is expected.", opt);
	cJSON_ArrayForEach(e, v) {
		bool known = names == NULL && cJSON_IsString(e);
		char *list;

		i++;
		for (size_t j = 0; cJSON_IsString(e) && names != NULL && names[j] != NULL; j++)
			known = known || strcmp(e->valuestring, names[j]) == 0;
		if (known)
			continue;
		if (!cJSON_IsString(e))
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s/%zu\": a character "
			    "string is expected.", opt, i);
		list = xstrdup("");
		for (size_t j = 0; names[j] != NULL; j++) {
			char *next = xasprintf("%s%s\"%s\"", list, j > 0 ? ", " : "", names[j]);

			free(list);
			list = next;
		}
		rpc_fail(call, ERR_PARAM, names[1] != NULL ? "Invalid parameter \"/%s/%zu\": value "
		    "must be one of %s." : "Invalid parameter \"/%s/%zu\": value must be %s.", opt, i,
		    list);
		free(list);
		return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* The text refusing a list option (at opt) whose members must be among names: NULL when
 * every member is. */
static char *
hproto_in_list(const cJSON *v, const char *opt, const char *const *names)
{
	const cJSON *e;
	size_t i = 0;
	char *list, *text;

	cJSON_ArrayForEach(e, v) {
		bool known = false;

		i++;
		for (size_t j = 0; cJSON_IsString(e) && names[j] != NULL; j++)
			known = known || strcmp(e->valuestring, names[j]) == 0;
		if (known)
			continue;
		if (!cJSON_IsString(e))
			return xasprintf("Invalid parameter \"/%s/%zu\": a character string is "
			    "expected.", opt, i);
		list = xstrdup("");
		for (size_t j = 0; names[j] != NULL; j++) {
			char *next = xasprintf("%s%s\"%s\"", list, j > 0 ? ", " : "", names[j]);

			free(list);
			list = next;
		}
		text = xasprintf("Invalid parameter \"/%s/%zu\": value must be one of %s.", opt, i,
		    list);
		free(list);
		return text;
	}
	return NULL;
}

/* sortfield (API_STRINGS_UTF8 with the sortable columns, a string as a list of one) and
 * sortorder (API_SORTORDER: "ASC" or "DESC", or a list of them). */
static int
hproto_sort_check(struct rpc_call *call, const cJSON *params)
{
	static const char *const sortable[] = { "hostid", "host", "name", "status", "discover",
	    NULL };
	static const char *const orders[] = { "ASC", "DESC", NULL };
	const cJSON *sf = util_json_member(params, "sortfield"),
	    *so = util_json_member(params, "sortorder");
	char *text = NULL;

	if (cJSON_IsString(sf)) {
		cJSON *one = cJSON_CreateArray();

		cJSON_AddItemToArray(one, cJSON_Duplicate(sf, false));
		text = hproto_in_list(one, "sortfield", sortable);
		cJSON_Delete(one);
	} else if (sf != NULL && !cJSON_IsArray(sf))
		text = xstrdup("Invalid parameter \"/sortfield\": an array is expected.");
	else if (sf != NULL)
		text = hproto_in_list(sf, "sortfield", sortable);
	if (text == NULL && cJSON_IsString(so) && strcmp(so->valuestring, "ASC") != 0 &&
	    strcmp(so->valuestring, "DESC") != 0)
		text = xstrdup("Invalid parameter \"/sortorder\": value must be one of \"ASC\", "
		    "\"DESC\".");
	else if (text == NULL && cJSON_IsArray(so))
		text = hproto_in_list(so, "sortorder", orders);
	else if (text == NULL && so != NULL && !cJSON_IsString(so))
		text = xstrdup("Invalid parameter \"/sortorder\": an array or a character string "
		    "is expected.");
	if (text == NULL)
		return RPC_COMMIT;
	rpc_fail(call, ERR_PARAM, "%s", text);
	free(text);
	return RPC_ROLLBACK;
}

/* The select options checked as CHostPrototype::get does ("count" only for
 * selectTemplates; the column lists of each). */
static int
hproto_selects_check(struct rpc_call *call, const cJSON *params)
{
	static const char *const iface[] = { "type", "useip", "ip", "dns", "port", "main",
	    "details", NULL };
	static const char *const links[] = { "groupid", NULL }, *const gprotos[] = { "name", NULL },
	    *const tags[] = { "tag", "value", NULL }, *const macros[] = { "hostmacroid", "hostid",
	    "macro", "value", "description", "type", NULL };
	/* the columns of Zabbix's items and hosts tables */
	static const char *const items[] = {
	    "itemid", "type", "snmp_oid", "hostid", "name", "key_", "delay", "history",
	    "trends", "status", "value_type", "trapper_hosts", "units", "formula", "logtimefmt",
	    "templateid", "valuemapid", "params", "ipmi_sensor", "authtype", "username",
	    "password", "publickey", "privatekey", "flags", "interfaceid", "description",
	    "inventory_link", "lifetime", "evaltype", "jmx_endpoint", "master_itemid",
	    "timeout", "url", "query_fields", "posts", "status_codes", "follow_redirects",
	    "post_type", "http_proxy", "headers", "retrieve_mode", "request_method",
	    "output_format", "ssl_cert_file", "ssl_key_file", "ssl_key_password", "verify_peer",
	    "verify_host", "allow_traps", "discover", "uuid", "name_upper", NULL
	};
	static const char *const hosts[] = {
	    "hostid", "proxy_hostid", "host", "status", "lastaccess", "ipmi_authtype",
	    "ipmi_privilege", "ipmi_username", "ipmi_password", "maintenanceid",
	    "maintenance_status", "maintenance_type", "maintenance_from", "name", "flags",
	    "templateid", "description", "tls_connect", "tls_accept", "tls_issuer",
	    "tls_subject", "tls_psk_identity", "tls_psk", "proxy_address", "auto_compress",
	    "discover", "custom_interfaces", "uuid", "name_upper", NULL
	};
	static const struct {
		const char		*opt;
		const char *const	*names;
		bool			 count;
	} sel[] = {
		{ "selectGroupLinks", links, false }, { "selectGroupPrototypes", gprotos, false },
		{ "selectDiscoveryRule", items, false }, { "selectParentHost", hosts, false },
		{ "selectInterfaces", iface, false }, { "selectTemplates", hosts, true },
		{ "selectMacros", macros, false }, { "selectTags", tags, false },
	};

	static const char *const fields[] = { "hostid", "host", "name", "status", "templateid",
	    "inventory_mode", "discover", "custom_interfaces", "uuid", NULL };

	if (hproto_output_check(call, params, "output", fields, false) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (size_t i = 0; i < sizeof sel / sizeof sel[0]; i++)
		if (hproto_output_check(call, params, sel[i].opt, sel[i].names, sel[i].count) !=
		    RPC_COMMIT)
			return RPC_ROLLBACK;
	return hproto_sort_check(call, params);
}

/* inherited: true keeps the copies of templates' prototypes, false the others. */
static int
hproto_cand_inherited(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *inh = util_json_member(params, "inherited");
	size_t j = 0;
	int rc = STORE_OK;

	if (inh == NULL || cJSON_IsNull(inh))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		cJSON *doc;

		if ((rc = store_doc_get(call->txn, STORE_DB_HOSTPROTOS, c->ids.ids[i], &doc)) !=
		    STORE_OK)
			break;
		if ((strcmp(doc_str(doc, "templateid"), "0") != 0) == cJSON_IsTrue(inh))
			c->ids.ids[j++] = c->ids.ids[i];
		cJSON_Delete(doc);
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

static enum rpc_result
hproto_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if (hproto_selects_check(call, params) != RPC_COMMIT)
		return RPC_ROLLBACK;
	get_cand_ids(params, "hostids", &c);
	if ((rc = get_cand_related(call, params, "discoveryids", store_hostproto_list, &c)) !=
	    STORE_OK || (rc = get_cand_resolve(call, &get_kind_hostproto, &c)) != STORE_OK ||
	    (rc = hproto_cand_inherited(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_hostproto, &c, hproto_selects);
	id_list_free(&c.ids);
	return rc;
}

int
hproto_select_of_rule(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t ruleid, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list ids = { 0 };
	int rc = store_hostproto_list(call->txn, ruleid, &ids);

	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectHostPrototypes", "hostPrototypes",
		    &get_kind_hostproto, &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}

/* CHostPrototype::get checks its options strictly (CApiInputValidator): an option it does
 * not know (templated, limitSelects, ...) is refused as an unexpected parameter, and the
 * options are checked by type in this order; output, the selects, sortfield and sortorder
 * by hproto_selects_check. Flags (API_FLAG) take any value. */
#define HPROTO_GET_BOOL(name) { name, { .type = RULE_BOOLEAN } }
static const struct rule_field hproto_filter_fields[] = {
	GET_OPT("hostid"), GET_OPT("host"), GET_OPT("name"), GET_OPT("status"),
	GET_OPT("templateid"), GET_OPT("inventory_mode"), { NULL, { 0 } },
};
static const struct rule_field hproto_search_fields[] = {
	GET_OPT("host"), GET_OPT("name"), { NULL, { 0 } },
};
static const struct rule_field hproto_get_fields[] = {
	{ "hostids", { .type = RULE_IDS, .flags = RULE_ALLOW_NULL | RULE_NORMALIZE } },
	{ "discoveryids", { .type = RULE_IDS, .flags = RULE_ALLOW_NULL | RULE_NORMALIZE } },
	{ "filter", { .type = RULE_OBJECT, .flags = RULE_ALLOW_NULL,
	    .fields = hproto_filter_fields } },
	{ "search", { .type = RULE_OBJECT, .flags = RULE_ALLOW_NULL,
	    .fields = hproto_search_fields } },
	HPROTO_GET_BOOL("searchByAny"), GET_OPT("startSearch"), GET_OPT("excludeSearch"),
	HPROTO_GET_BOOL("searchWildcardsEnabled"), GET_OPT("output"), GET_OPT("countOutput"),
	GET_OPT("groupCount"), GET_OPT("selectGroupLinks"), GET_OPT("selectGroupPrototypes"),
	GET_OPT("selectDiscoveryRule"), GET_OPT("selectParentHost"), GET_OPT("selectInterfaces"),
	GET_OPT("selectTemplates"), GET_OPT("selectMacros"), GET_OPT("selectTags"),
	GET_OPT("sortfield"), GET_OPT("sortorder"),
	{ "limit", { .type = RULE_INT32, .flags = RULE_ALLOW_NULL, .in = "1:2147483647" } },
	{ "inherited", { .type = RULE_BOOLEAN, .flags = RULE_ALLOW_NULL } },
	HPROTO_GET_BOOL("editable"), HPROTO_GET_BOOL("preservekeys"),
	HPROTO_GET_BOOL("nopermissions"),
	{ NULL, { 0 } },
};
static const struct rule hproto_get_params = { .type = RULE_OBJECT, .fields = hproto_get_fields };

const struct rpc_method method_hostprototype_get = {
	.name = "hostprototype.get", .params = &hproto_get_params, .exec = hproto_get_exec,
};
