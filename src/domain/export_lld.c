/* export_lld.c: the discovery_rules of configuration.export: LLD rules with their item
 * prototypes, filter, LLD macro paths, preprocessing and overrides in Zabbix 6.0's shape. */
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* A value and its export name. */
struct lld_name {
	const char	*v, *name;
};

static const struct lld_name lld_evaltypes[] = {
	{ "0", "AND_OR" }, { "1", "AND" }, { "2", "OR" }, { "3", "FORMULA" }, { NULL, NULL } };
static const struct lld_name lld_cond_ops[] = {
	{ "8", "MATCHES_REGEX" }, { "9", "NOT_MATCHES_REGEX" }, { "12", "EXISTS" },
	{ "13", "NOT_EXISTS" }, { NULL, NULL } };
static const struct lld_name lld_op_objects[] = {
	{ "0", "ITEM_PROTOTYPE" }, { "1", "TRIGGER_PROTOTYPE" }, { "2", "GRAPH_PROTOTYPE" },
	{ "3", "HOST_PROTOTYPE" }, { NULL, NULL } };
static const struct lld_name lld_op_ops[] = {
	{ "0", "EQUAL" }, { "1", "NOT_EQUAL" }, { "2", "LIKE" }, { "3", "NOT_LIKE" },
	{ "8", "REGEXP" }, { "9", "NOT_REGEXP" }, { NULL, NULL } };
static const struct lld_name lld_stop[] = { { "0", "NO_STOP" }, { "1", "STOP" }, { NULL, NULL } };
static const struct lld_name lld_status[] = {
	{ "0", "ENABLED" }, { "1", "DISABLED" }, { NULL, NULL } };
static const struct lld_name lld_discover[] = {
	{ "0", "DISCOVER" }, { "1", "NO_DISCOVER" }, { NULL, NULL } };
static const struct lld_name lld_severity[] = {
	{ "0", "NOT_CLASSIFIED" }, { "1", "INFO" }, { "2", "WARNING" }, { "3", "AVERAGE" },
	{ "4", "HIGH" }, { "5", "DISASTER" }, { NULL, NULL } };
static const struct lld_name lld_inventory[] = {
	{ "-1", "DISABLED" }, { "0", "MANUAL" }, { "1", "AUTOMATIC" }, { NULL, NULL } };

/* The export's constant tables of LLD members, by member name (import reads them back). */
static const struct {
	const char		*member;
	const struct lld_name	*names;
} lld_tables[] = {
	{ "evaltype", lld_evaltypes }, { "condition.operator", lld_cond_ops },
	{ "operationobject", lld_op_objects }, { "operation.operator", lld_op_ops },
	{ "stop", lld_stop }, { "status", lld_status }, { "discover", lld_discover },
	{ "severity", lld_severity }, { "inventory_mode", lld_inventory },
};

static const struct lld_name *
lld_table(const char *member)
{
	for (size_t i = 0; i < sizeof lld_tables / sizeof lld_tables[0]; i++)
		if (strcmp(lld_tables[i].member, member) == 0)
			return lld_tables[i].names;
	return NULL;
}

const char *
export_lld_value(const char *member, const char *name)
{
	const struct lld_name *t = lld_table(member);

	for (; t != NULL && t->v != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t->v;
	return NULL;
}

/* key: the name of v unless v is the default (dflt NULL: always written). */
static void
lld_add_name(cJSON *o, const char *key, const char *v, const char *dflt, const char *member)
{
	const struct lld_name *t = lld_table(member);

	if (dflt != NULL && strcmp(v, dflt) == 0)
		return;
	for (; t != NULL && t->v != NULL; t++)
		if (strcmp(t->v, v) == 0) {
			cJSON_AddStringToObject(o, key, t->name);
			return;
		}
	cJSON_AddStringToObject(o, key, v);
}

static void
lld_add_opt(cJSON *o, const char *key, const char *v, const char *dflt)
{
	if (strcmp(v, dflt) != 0)
		cJSON_AddStringToObject(o, key, v);
}

static void
lld_add_list(cJSON *o, const char *key, cJSON *list)
{
	if (cJSON_GetArraySize(list) > 0)
		cJSON_AddItemToObject(o, key, list);
	else
		cJSON_Delete(list);
}

/* A filter (rule or override): evaltype and formula unless default, its conditions with
 * their generated formula ids; NULL when nothing is left. */
static cJSON *
lld_filter(const cJSON *stored)
{
	cJSON *r = lld_filter_render(stored), *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	const cJSON *c;

	lld_add_name(o, "evaltype", lld_doc_str(r, "evaltype"), "0", "evaltype");
	lld_add_opt(o, "formula", lld_doc_str(r, "formula"), "");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "conditions")) {
		cJSON *e = cJSON_CreateObject();

		util_json_add_str(e, "macro", lld_doc_str(c, "macro"));
		lld_add_opt(e, "value", lld_doc_str(c, "value"), "");
		lld_add_name(e, "operator", lld_doc_str(c, "operator"), "8", "condition.operator");
		util_json_add_str(e, "formulaid", lld_doc_str(c, "formulaid"));
		cJSON_AddItemToArray(arr, e);
	}
	lld_add_list(o, "conditions", arr);
	cJSON_Delete(r);
	if (cJSON_GetArraySize(o) == 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* [{tag, value}] of an operation, value left out when empty. */
static cJSON *
lld_op_tags(const cJSON *tags)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *t;

	cJSON_ArrayForEach(t, tags) {
		cJSON *e = cJSON_CreateObject();

		util_json_add_str(e, "tag", lld_doc_str(t, "tag"));
		lld_add_opt(e, "value", lld_doc_str(t, "value"), "");
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

/* optemplate ids as [{name}] (technical names). */
static cJSON *
lld_op_templates(struct store_txn *txn, const cJSON *tpls)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *t;

	cJSON_ArrayForEach(t, tpls) {
		uint64_t id;
		struct host h;

		if (!util_parse_u64(lld_doc_str(t, "templateid"), &id) ||
		    store_host_get(txn, id, &h) != STORE_OK)
			continue;
		cJSON *e = cJSON_CreateObject();

		util_json_add_str(e, "name", h.host);
		cJSON_AddItemToArray(arr, e);
		host_free(&h);
	}
	return arr;
}

/* The member of an operation's action object ("opstatus": {"status"}) or "". */
static const char *
lld_op_action(const cJSON *op, const char *action, const char *member)
{
	return lld_doc_str(cJSON_GetObjectItemCaseSensitive(op, action), member);
}

static cJSON *
lld_operation(struct store_txn *txn, const cJSON *op)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *a;

	lld_add_name(o, "operationobject", lld_doc_str(op, "operationobject"), NULL,
	    "operationobject");
	lld_add_name(o, "operator", lld_doc_str(op, "operator"), "0", "operation.operator");
	lld_add_opt(o, "value", lld_doc_str(op, "value"), "");
	if (cJSON_GetObjectItemCaseSensitive(op, "opstatus") != NULL)
		lld_add_name(o, "status", lld_op_action(op, "opstatus", "status"), NULL, "status");
	if (cJSON_GetObjectItemCaseSensitive(op, "opdiscover") != NULL)
		lld_add_name(o, "discover", lld_op_action(op, "opdiscover", "discover"), NULL,
		    "discover");
	lld_add_opt(o, "delay", lld_op_action(op, "opperiod", "delay"), "");
	lld_add_opt(o, "history", lld_op_action(op, "ophistory", "history"), "");
	lld_add_opt(o, "trends", lld_op_action(op, "optrends", "trends"), "");
	if (cJSON_GetObjectItemCaseSensitive(op, "opseverity") != NULL)
		lld_add_name(o, "severity", lld_op_action(op, "opseverity", "severity"), NULL,
		    "severity");
	if ((a = cJSON_GetObjectItemCaseSensitive(op, "optag")) != NULL)
		lld_add_list(o, "tags", lld_op_tags(a));
	if ((a = cJSON_GetObjectItemCaseSensitive(op, "optemplate")) != NULL)
		lld_add_list(o, "templates", lld_op_templates(txn, a));
	if (cJSON_GetObjectItemCaseSensitive(op, "opinventory") != NULL)
		lld_add_name(o, "inventory_mode", lld_op_action(op, "opinventory", "inventory_mode"),
		    NULL, "inventory_mode");
	return o;
}

static cJSON *
lld_overrides(struct store_txn *txn, const cJSON *ovs)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *ov, *op;

	cJSON_ArrayForEach(ov, ovs) {
		cJSON *o = cJSON_CreateObject(), *f, *ops = cJSON_CreateArray();

		util_json_add_str(o, "name", lld_doc_str(ov, "name"));
		util_json_add_str(o, "step", lld_doc_str(ov, "step"));
		lld_add_name(o, "stop", lld_doc_str(ov, "stop"), "0", "stop");
		if ((f = lld_filter(cJSON_GetObjectItemCaseSensitive(ov, "filter"))) != NULL)
			cJSON_AddItemToObject(o, "filter", f);
		cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(ov, "operations"))
			cJSON_AddItemToArray(ops, lld_operation(txn, op));
		lld_add_list(o, "operations", ops);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *
lld_macro_paths(const cJSON *paths)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *p;

	cJSON_ArrayForEach(p, paths) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "lld_macro", lld_doc_str(p, "lld_macro"));
		util_json_add_str(o, "path", lld_doc_str(p, "path"));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* ---- the objects ---- */

/* items sorted by key, naturally and stably (insertion sort: the lists are short). */
static void
lld_sort_by_key(struct item *v, size_t n)
{
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 &&
		    util_strnatcasecmp(v[b - 1].f[ITEM_F_KEY], v[b].f[ITEM_F_KEY]) > 0; b--) {
			struct item t = v[b];

			v[b] = v[b - 1];
			v[b - 1] = t;
		}
}

/* The key of a dependent item's master (NULL for other types, or when it is gone); heap. */
static char *
lld_master_key(struct store_txn *txn, const struct item *it)
{
	struct item m;
	uint64_t id;
	char *key;

	if (strcmp(it->f[ITEM_F_TYPE], "18") != 0 ||
	    !util_parse_u64(it->f[ITEM_F_MASTER_ITEMID], &id) || store_item_get(txn, id, &m) !=
	    STORE_OK)
		return NULL;
	key = xstrdup(m.f[ITEM_F_KEY]);
	item_free(&m);
	return key;
}

/* Moves the member key of from to the end of to (if there). */
static void
lld_move(cJSON *to, cJSON *from, const char *key)
{
	cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(from, key);

	if (v != NULL)
		cJSON_AddItemToObject(to, key, v);
}

/* An item prototype: the item's export with discover after status (or where it would be). */
static cJSON *
lld_prototype(struct store_txn *txn, const struct item *it, const struct exp_ifrefs *refs)
{
	static const char *const before[] = { "uuid", "name", "type", "snmp_oid", "key", "delay",
		"history", "trends", "status", NULL };
	char *master = lld_master_key(txn, it);
	cJSON *src = exp_item(txn, it, master, refs), *o = cJSON_CreateObject(), *v;

	free(master);
	for (const char *const *k = before; *k != NULL; k++)
		lld_move(o, src, *k);
	if (strcmp(lld_doc_str(it->lld, "discover"), "1") == 0)
		util_json_add_str(o, "discover", "NO_DISCOVER");
	while ((v = src->child) != NULL) {
		cJSON_DetachItemViaPointer(src, v);
		cJSON_AddItemToObject(o, v->string, v);
	}
	cJSON_Delete(src);
	return o;
}

static int
lld_prototypes(struct store_txn *txn, uint64_t ruleid, const struct exp_ifrefs *refs,
    cJSON **out)
{
	struct id_list ids = { 0 };
	struct item *v = NULL;
	size_t n = 0;
	int rc = store_rule_protos(txn, ruleid, &ids);

	*out = cJSON_CreateArray();
	v = xcalloc(ids.n + 1, sizeof *v);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_item_get(txn, ids.ids[i], &v[n])) == STORE_OK)
			n++;
	lld_sort_by_key(v, n);
	for (size_t i = 0; i < n; i++) {
		if (rc == STORE_OK)
			cJSON_AddItemToArray(*out, lld_prototype(txn, &v[i], refs));
		item_free(&v[i]);
	}
	free(v);
	id_list_free(&ids);
	return rc;
}

/* The rule's members in the schema's order, taken from the item's export (src) and the
 * rule's document. */
static cJSON *
lld_rule(struct store_txn *txn, const struct item *it, cJSON *src, cJSON *protos, bool host)
{
	static const char *const head[] = { "uuid", "name", "type", "snmp_oid", "key", "delay",
		"status", "allowed_hosts", "params", "ipmi_sensor", "authtype", "username",
		"password", "publickey", "privatekey", NULL };
	static const char *const tail[] = { "interface_ref", "jmx_endpoint", "master_item",
		"timeout", "url", "query_fields", "parameters", "posts", "status_codes",
		"follow_redirects", "post_type", "http_proxy", "headers", "retrieve_mode",
		"request_method", "allow_traps", "ssl_cert_file", "ssl_key_file", "ssl_key_password",
		"verify_peer", "verify_host", NULL };
	cJSON *o = cJSON_CreateObject(), *f, *pp;

	for (const char *const *k = head; *k != NULL; k++)
		lld_move(o, src, *k);
	if ((f = lld_filter(cJSON_GetObjectItemCaseSensitive(it->lld, "filter"))) != NULL)
		cJSON_AddItemToObject(o, "filter", f);
	lld_add_opt(o, "lifetime", it->f[ITEM_F_LIFETIME], "30d");
	lld_move(o, src, "description");
	lld_add_list(o, "item_prototypes", protos);
	export_rule_trigger_prototypes(txn, it->itemid, o);
	lld_add_list(o, "graph_prototypes", export_graph_prototypes(txn, it->itemid));
	lld_add_list(o, "host_prototypes", export_hostprotos(txn, it->itemid, host));
	for (const char *const *k = tail; *k != NULL; k++)
		lld_move(o, src, *k);
	lld_add_list(o, "lld_macro_paths", lld_macro_paths(cJSON_GetObjectItemCaseSensitive(it->lld,
	    "lld_macro_paths")));
	pp = cJSON_DetachItemFromObjectCaseSensitive(src, "preprocessing");
	if (pp != NULL)
		cJSON_AddItemToObject(o, "preprocessing", pp);
	lld_add_list(o, "overrides", lld_overrides(txn, cJSON_GetObjectItemCaseSensitive(it->lld,
	    "overrides")));
	return o;
}

int
export_lld_rules(struct store_txn *txn, uint64_t hostid, const struct exp_ifrefs *refs,
    cJSON **out, struct err *e)
{
	struct id_list ids = { 0 };
	struct item *v;
	size_t n = 0;
	int rc = store_host_rules(txn, hostid, &ids);

	*out = cJSON_CreateArray();
	v = xcalloc(ids.n + 1, sizeof *v);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		if ((rc = store_item_get(txn, ids.ids[i], &v[n])) != STORE_OK)
			break;
		if (v[n].templateid != 0)
			item_free(&v[n]);
		else
			n++;
	}
	lld_sort_by_key(v, n);
	for (size_t i = 0; i < n; i++) {
		cJSON *protos = NULL, *src;
		char *master;

		if (rc == STORE_OK && (rc = lld_prototypes(txn, v[i].itemid, refs, &protos)) ==
		    STORE_OK) {
			master = lld_master_key(txn, &v[i]);
			src = exp_item(txn, &v[i], master, refs);
			free(master);
			cJSON_AddItemToArray(*out, lld_rule(txn, &v[i], src, protos, refs != NULL));
			cJSON_Delete(src);
		} else
			cJSON_Delete(protos);
		item_free(&v[i]);
	}
	free(v);
	id_list_free(&ids);
	if (rc != STORE_OK) {
		cJSON_Delete(*out);
		*out = NULL;
		return domain_fail_store(e, rc);
	}
	return 0;
}
