/* import_lld.c: configuration.import's LLD rules and item prototypes: deleteMissing, then
 * creates and updates through discoveryrule.* and itemprototype.* (discoveryRules rules). */
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* key: the value of the export name src[skey] in member's table, or dflt when absent. */
static void
imp_lld_const(cJSON *to, const char *key, const cJSON *src, const char *skey,
    const char *member, const char *dflt)
{
	const char *name = imp_str(src, skey, NULL), *v;

	if (name == NULL)
		v = dflt;
	else if ((v = export_lld_value(member, name)) == NULL)
		v = name;
	cJSON_AddStringToObject(to, key, v);
}

/* A filter (rule or override) as the API takes it. */
static cJSON *
imp_lld_filter(const cJSON *src)
{
	cJSON *f = cJSON_CreateObject(), *arr;
	const cJSON *c;

	imp_lld_const(f, "evaltype", src, "evaltype", "evaltype", "0");
	util_json_add_str(f, "formula", imp_str(src, "formula", ""));
	arr = cJSON_AddArrayToObject(f, "conditions");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(src, "conditions")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "macro", imp_str(c, "macro", ""));
		util_json_add_str(o, "value", imp_str(c, "value", ""));
		imp_lld_const(o, "operator", c, "operator", "condition.operator", "8");
		util_json_add_str(o, "formulaid", imp_str(c, "formulaid", ""));
		cJSON_AddItemToArray(arr, o);
	}
	if (strcmp(imp_str(f, "evaltype", "0"), "3") != 0)
		cJSON_DeleteItemFromObjectCaseSensitive(f, "formula");
	return f;
}

/* An action object {member: value} added as key when src has skey. */
static void
imp_lld_action(cJSON *op, const char *key, const char *member, const cJSON *src,
    const char *skey, const char *table)
{
	cJSON *a;

	if (imp_str(src, skey, NULL) == NULL)
		return;
	a = cJSON_AddObjectToObject(op, key);
	if (table != NULL)
		imp_lld_const(a, member, src, skey, table, "");
	else
		cJSON_AddStringToObject(a, member, imp_str(src, skey, ""));
}

/* An operation as the API takes it; its templates by name (an unknown one fails). */
static int
imp_lld_operation(struct imp *im, const cJSON *src, cJSON *op)
{
	const cJSON *e;

	imp_lld_const(op, "operationobject", src, "operationobject", "operationobject", "0");
	imp_lld_const(op, "operator", src, "operator", "operation.operator", "0");
	util_json_add_str(op, "value", imp_str(src, "value", ""));
	imp_lld_action(op, "opstatus", "status", src, "status", "status");
	imp_lld_action(op, "opdiscover", "discover", src, "discover", "discover");
	imp_lld_action(op, "opperiod", "delay", src, "delay", NULL);
	imp_lld_action(op, "ophistory", "history", src, "history", NULL);
	imp_lld_action(op, "optrends", "trends", src, "trends", NULL);
	imp_lld_action(op, "opseverity", "severity", src, "severity", "severity");
	if ((e = cJSON_GetObjectItemCaseSensitive(src, "tags")) != NULL) {
		cJSON *arr = cJSON_AddArrayToObject(op, "optag");
		const cJSON *t;

		cJSON_ArrayForEach(t, e) {
			cJSON *o = cJSON_CreateObject();

			util_json_add_str(o, "tag", imp_str(t, "tag", ""));
			util_json_add_str(o, "value", imp_str(t, "value", ""));
			cJSON_AddItemToArray(arr, o);
		}
	}
	if ((e = cJSON_GetObjectItemCaseSensitive(src, "templates")) != NULL) {
		cJSON *arr = cJSON_AddArrayToObject(op, "optemplate");
		const cJSON *t;

		cJSON_ArrayForEach(t, e) {
			cJSON *o = cJSON_CreateObject();
			uint64_t id;
			int rc = store_host_by_name(im->call->txn, imp_str(t, "name", ""), &id);

			if (rc == STORE_ENOTFOUND)
				return imp_fail(im, "Cannot find template \"%s\" for override.",
				    imp_str(t, "name", ""));
			if (rc != STORE_OK)
				return imp_fail_store(im, rc);
			cJSON_AddItemToObject(o, "templateid", imp_id_json(id));
			cJSON_AddItemToArray(arr, o);
		}
	}
	imp_lld_action(op, "opinventory", "inventory_mode", src, "inventory_mode",
	    "inventory_mode");
	return 0;
}

/* The rule's own members: lifetime, filter, lld_macro_paths, overrides (every one sent, so
 * an update replaces them). */
static int
imp_lld_rule_members(struct imp *im, const cJSON *src, cJSON *p)
{
	cJSON *paths = cJSON_CreateArray(), *ovs = cJSON_CreateArray();
	const cJSON *e, *op, *f;

	util_json_add_str(p, "lifetime", imp_str(src, "lifetime", "30d"));
	if ((f = cJSON_GetObjectItemCaseSensitive(src, "filter")) != NULL)
		cJSON_AddItemToObject(p, "filter", imp_lld_filter(f));
	else {
		cJSON *empty = cJSON_CreateObject();

		cJSON_AddItemToObject(p, "filter", imp_lld_filter(empty));
		cJSON_Delete(empty);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "lld_macro_paths")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "lld_macro", imp_str(e, "lld_macro", ""));
		util_json_add_str(o, "path", imp_str(e, "path", ""));
		cJSON_AddItemToArray(paths, o);
	}
	if (cJSON_GetArraySize(paths) > 0)
		cJSON_AddItemToObject(p, "lld_macro_paths", paths);
	else
		cJSON_Delete(paths);
	cJSON_AddItemToObject(p, "overrides", ovs);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "overrides")) {
		cJSON *o = cJSON_CreateObject(), *ops;

		cJSON_AddItemToArray(ovs, o);
		util_json_add_str(o, "name", imp_str(e, "name", ""));
		util_json_add_str(o, "step", imp_str(e, "step", ""));
		imp_lld_const(o, "stop", e, "stop", "stop", "0");
		if ((f = cJSON_GetObjectItemCaseSensitive(e, "filter")) != NULL)
			cJSON_AddItemToObject(o, "filter", imp_lld_filter(f));
		ops = cJSON_AddArrayToObject(o, "operations");
		cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(e, "operations")) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddItemToArray(ops, x);
			if (imp_lld_operation(im, op, x) != 0)
				return -1;
		}
	}
	return 0;
}

/* Deletes those of ids (own objects of the flags) that src's list names by neither uuid nor
 * key, through m. */
static int
imp_lld_delete_missing(struct imp *im, const struct id_list *ids, const cJSON *list,
    const char *flags, const struct rpc_method *m)
{
	cJSON *del = cJSON_CreateArray();
	int rc;

	for (size_t i = 0; i < ids->n; i++) {
		struct item it = { 0 };
		const cJSON *s;
		bool listed = false;

		if (store_item_get(im->call->txn, ids->ids[i], &it) != STORE_OK)
			continue;
		cJSON_ArrayForEach(s, list) {
			const char *uuid = imp_str(s, "uuid", NULL);

			listed |= (uuid != NULL && strcmp(uuid, it.f[ITEM_F_UUID]) == 0) ||
			    strcmp(imp_str(s, "key", ""), it.f[ITEM_F_KEY]) == 0;
		}
		if (!listed && it.templateid == 0 && item_has_flags(&it, flags))
			cJSON_AddItemToArray(del, imp_id_json(it.itemid));
		item_free(&it);
	}
	rc = imp_call_list(im, m, &del, NULL);
	cJSON_Delete(del);
	return rc;
}

/* An object of the flags on the host by key: its id, or 0. */
static int
imp_lld_find(struct imp *im, uint64_t hostid, const char *key, uint64_t *id)
{
	int rc = store_item_by_key(im->call->txn, hostid, key, id);

	if (rc == STORE_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

/* p created (id 0) or updated (its itemid), as the rules allow, through the flavor's
 * methods; *id gets the object's id (0: left alone). */
static int
imp_lld_write(struct imp *im, cJSON *p, const struct rpc_method *create,
    const struct rpc_method *update, uint64_t *id)
{
	cJSON *res = NULL, *list = cJSON_CreateArray();
	const cJSON *v;
	int rc;

	cJSON_AddItemToArray(list, p);
	if (*id != 0 && im->r.discovery_rules.update_existing) {
		cJSON_DeleteItemFromObjectCaseSensitive(p, "hostid");
		cJSON_DeleteItemFromObjectCaseSensitive(p, "ruleid");
		cJSON_AddItemToObject(p, "itemid", imp_id_json(*id));
		rc = imp_call_list(im, update, &list, NULL);
	} else if (*id == 0 && im->r.discovery_rules.create_missing) {
		rc = imp_call_list(im, create, &list, &res);
		v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "itemids"), 0);
		if (rc == 0 && cJSON_IsString(v))
			(void)util_parse_u64(v->valuestring, id);
	} else {
		*id = 0;
		rc = 0;
	}
	cJSON_Delete(list);
	cJSON_Delete(res);
	return rc;
}

/* A prototype of the rule on the host by key (prototypes of other rules may share it): its
 * id, or 0. */
static int
imp_lld_find_proto(struct imp *im, uint64_t hostid, uint64_t ruleid, const char *key,
    uint64_t *id)
{
	int rc = store_item_proto_by_key(im->call->txn, hostid, ruleid, key, id);

	if (rc == STORE_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

/* p written as imp_lld_write does; a prototype it creates joins those of the import. */
static int
imp_lld_write_proto(struct imp *im, cJSON *p, uint64_t *id)
{
	bool create = *id == 0;
	int rc = imp_lld_write(im, p, &method_itemprototype_create, &method_itemprototype_update,
	    id);

	if (rc == 0 && create && *id != 0)
		id_set_add(&im->protos, *id);
	return rc;
}

/* The prototypes of one rule, by dependency level (a prototype's master may be another
 * prototype created before it). */
static int
imp_lld_prototypes(struct imp *im, const struct imp_obj *ob, const cJSON *rule, uint64_t ruleid)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rule, "item_prototypes"), *s;
	size_t n = (size_t)cJSON_GetArraySize(list), k;
	bool *done = xcalloc(n + 1, sizeof *done), progress = true;
	int rc = 0;

	while (rc == 0 && progress) {
		progress = false;
		k = 0;
		cJSON_ArrayForEach(s, list) {
			cJSON *p;
			uint64_t id;

			if (done[k++] || rc != 0)
				continue;
			if ((rc = imp_item_params(im, ob, s, &p)) != 0 || p == NULL)
				continue;
			done[k - 1] = progress = true;
			cJSON_AddItemToObject(p, "ruleid", imp_id_json(ruleid));
			imp_lld_const(p, "discover", s, "discover", "discover", "0");
			if ((rc = imp_lld_find_proto(im, ob->id, ruleid, imp_str(s, "key", ""),
			    &id)) != 0)
				cJSON_Delete(p);
			else
				rc = imp_lld_write_proto(im, p, &id);
		}
	}
	for (k = 0; rc == 0 && k < n; k++)
		if (!done[k])
			rc = imp_fail(im, "Incorrect value for field \"master_itemid\": value \"%s\" not "
			    "found.", imp_str(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list,
			    (int)k), "master_item"), "key", ""));
	free(done);
	return rc;
}

/* One rule of a processed object, then its prototypes (deleteMissing among them first). */
static int
imp_lld_rule(struct imp *im, const struct imp_obj *ob, const cJSON *src)
{
	struct id_list protos = { 0 };
	cJSON *p;
	uint64_t id;
	int rc;

	if ((rc = imp_item_params(im, ob, src, &p)) != 0)
		return rc;
	if (p == NULL)
		return imp_fail(im, "Incorrect value for field \"master_itemid\": value \"%s\" not "
		    "found.", imp_str(cJSON_GetObjectItemCaseSensitive(src, "master_item"), "key",
		    ""));
	if (imp_lld_rule_members(im, src, p) != 0 ||
	    imp_lld_find(im, ob->id, imp_str(src, "key", ""), &id) != 0) {
		cJSON_Delete(p);
		return -1;
	}
	if ((rc = imp_lld_write(im, p, &method_discoveryrule_create, &method_discoveryrule_update,
	    &id)) != 0 || id == 0)
		return rc;
	if (im->r.discovery_rules.delete_missing) {
		if ((rc = store_rule_protos(im->call->txn, id, &protos)) != STORE_OK)
			rc = imp_fail_store(im, rc);
		else
			rc = imp_lld_delete_missing(im, &protos, cJSON_GetObjectItemCaseSensitive(src,
			    "item_prototypes"), ITEM_FLAGS_PROTO, &method_itemprototype_delete);
		id_list_free(&protos);
	}
	if (rc == 0)
		rc = imp_lld_prototypes(im, ob, src, id);
	if (rc == 0)
		rc = imp_graph_prototypes(im, src, id);
	return rc == 0 ? imp_hostprotos(im, src, id) : rc;
}

int
imp_lld(struct imp *im)
{
	int rc = 0;

	for (size_t o = 0; o < im->nobjs && rc == 0; o++) {
		const cJSON *rules = cJSON_GetObjectItemCaseSensitive(im->objs[o].src,
		    "discovery_rules"), *s;

		if (im->r.discovery_rules.delete_missing) {
			struct id_list ids = { 0 };

			if ((rc = store_host_rules(im->call->txn, im->objs[o].id, &ids)) != STORE_OK)
				rc = imp_fail_store(im, rc);
			else
				rc = imp_lld_delete_missing(im, &ids, rules, ITEM_FLAGS_RULE,
				    &method_discoveryrule_delete);
			id_list_free(&ids);
		}
		cJSON_ArrayForEach(s, rules)
			if (rc == 0)
				rc = imp_lld_rule(im, &im->objs[o], s);
	}
	return rc;
}
