/* hostprototype.c: hostprototype.create, hostprototype.update and hostprototype.delete: host
 * prototypes of LLD rules (documents of store_hostproto.c, apart from the hosts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* API_REQUIRED_LLD_MACRO: the text holds an LLD macro. */
static char *
hproto_check_lld(const cJSON *v)
{
	return preproc_has_lld_macro(v->valuestring) ? NULL :
	    xstrdup("must contain at least one low-level discovery macro");
}

/* A host name with LLD macros (API_H_NAME with API_REQUIRED_LLD_MACRO): the macro first, then
 * the host name rule with each macro read as one allowed character. */
static char *
hproto_check_host(const cJSON *v)
{
	char *cause = hproto_check_lld(v), *s, *p;
	bool ok;

	if (cause != NULL)
		return cause;
	s = xstrdup(v->valuestring);
	for (p = strstr(s, "{#"); p != NULL; p = strstr(p, "{#")) {
		char *end = strchr(p, '}');

		if (end == NULL)
			break;
		*p = 'm';
		memmove(p + 1, end + 1, strlen(end + 1) + 1);
	}
	ok = host_name_valid(s);
	free(s);
	return ok ? NULL : xstrdup("invalid host name");
}

static const char *const hproto_uniq_name[] = { "name", NULL };
static const char *const hproto_uniq_id[] = { "hostid", NULL };

static const struct rule_field hproto_gproto_fields[] = {
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255,
	    .check = hproto_check_lld } },
	{ NULL, { 0 } },
};
static const struct rule hproto_gproto_rule = { .type = RULE_OBJECT,
	.fields = hproto_gproto_fields };
static const struct rule hproto_gprotos_rule = { .type = RULE_OBJECTS,
	.elem = &hproto_gproto_rule, .uniq = hproto_uniq_name };

#define HPROTO_FIELDS \
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } }, \
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 128 } }, \
	{ "custom_interfaces", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "interfaces", { .type = RULE_ANY } }, /* hostprototype_iface.c */ \
	{ "status", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "discover", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "groupPrototypes", { .ref = &hproto_gprotos_rule } }, \
	{ "templates", { .ref = &host_templates_rule } }, \
	{ "tags", { .ref = &host_tags_rule } }, \
	{ "inventory_mode", { .type = RULE_INT32, .in = "-1,0,1" } }

static const struct rule_field hproto_create_fields[] = {
	{ "ruleid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "host", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = 128,
	    .check = hproto_check_host } },
	{ "groupLinks", { .ref = &host_groups_rule, .flags = RULE_REQUIRED } },
	{ "macros", { .ref = &host_macros_create_rule } },
	HPROTO_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule hproto_create_elem = { .type = RULE_OBJECT,
	.fields = hproto_create_fields };
static const char *const hproto_uniq_create[] = { "uuid", "ruleid,host", "ruleid,name", NULL };
static const struct rule hproto_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &hproto_create_elem,
	.uniq = hproto_uniq_create };

static const struct rule_field hproto_update_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "host", { .type = RULE_STRING, .length = 128, .check = hproto_check_host } },
	{ "groupLinks", { .ref = &host_groups_rule } },
	{ "macros", { .ref = &host_macros_rule } },
	HPROTO_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule hproto_update_elem = { .type = RULE_OBJECT,
	.fields = hproto_update_fields };

/* update checks in two passes as CHostPrototype does: the ids first (this rule), then each
 * object by what it updates (hproto_update_check): an inherited prototype refuses every
 * member but status and discover before their values are looked at. */
#define HPROTO_LATER(name) { name, { .type = RULE_ANY } }
static const struct rule_field hproto_update_first_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } },
	HPROTO_LATER("host"), HPROTO_LATER("groupLinks"), HPROTO_LATER("macros"),
	HPROTO_LATER("name"), HPROTO_LATER("custom_interfaces"), HPROTO_LATER("status"),
	HPROTO_LATER("discover"), HPROTO_LATER("interfaces"), HPROTO_LATER("groupPrototypes"),
	HPROTO_LATER("templates"), HPROTO_LATER("tags"), HPROTO_LATER("inventory_mode"),
	{ NULL, { 0 } },
};
static const struct rule hproto_update_first = { .type = RULE_OBJECT,
	.fields = hproto_update_first_fields };
static const struct rule hproto_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &hproto_update_first,
	.uniq = hproto_uniq_id };

static const struct rule_field hproto_inherited_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } },
	{ "status", { .type = RULE_INT32, .in = "0,1" } },
	{ "discover", { .type = RULE_INT32, .in = "0,1" } },
	{ NULL, { 0 } },
};
static const struct rule hproto_inherited_elem = { .type = RULE_OBJECT,
	.fields = hproto_inherited_fields };

static const struct rule hproto_delete_params = { .type = RULE_IDS, .flags = RULE_NOT_EMPTY,
	.uniq = rule_uniq_ids };

/* A number or a numeric string sent as the API gives it back (a string). */
static void
hproto_set_num(cJSON *doc, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char buf[24];

	if (v == NULL)
		return;
	snprintf(buf, sizeof buf, "%lld", cJSON_IsNumber(v) ? (long long)v->valuedouble :
	    atoll(v->valuestring));
	doc_set_str(doc, key, buf);
}

static void
hproto_set_list(cJSON *doc, const char *key, cJSON *list)
{
	if (cJSON_HasObjectItem(doc, key))
		cJSON_ReplaceItemInObjectCaseSensitive(doc, key, list);
	else
		cJSON_AddItemToObject(doc, key, list);
}

/* An element of a stored list: {idkey: a new id, "hostid", then the members of keys}. */
static int
hproto_elem(struct rpc_call *call, const char *seq, const char *idkey, uint64_t hostid,
    const cJSON *src, const char *const *keys, cJSON **out)
{
	uint64_t id = 0;
	char buf[24];
	int rc = idkey != NULL ? store_seq_next(call->txn, seq, &id) : STORE_OK;

	*out = cJSON_CreateObject();
	if (rc != STORE_OK)
		return rc;
	if (idkey != NULL) {
		cJSON_AddStringToObject(*out, idkey, id_to_str(id, buf));
		util_json_add_str(*out, "hostid", id_to_str(hostid, buf));
	}
	for (; *keys != NULL; keys++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, *keys);

		if (strcmp(*keys, "type") == 0 && v != NULL)
			hproto_set_num(*out, src, "type");
		else if (strcmp(*keys, "type") == 0)
			cJSON_AddStringToObject(*out, *keys, "0");
		else
			cJSON_AddStringToObject(*out, *keys, cJSON_IsString(v) ? v->valuestring : "");
	}
	return STORE_OK;
}

/* A sent list (key of obj) stored anew in doc as elements of keys; absent: unchanged. */
static int
hproto_take_list(struct rpc_call *call, cJSON *doc, uint64_t hostid, const cJSON *obj,
    const char *key, const char *seq, const char *idkey, const char *const *keys)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, key), *e;
	cJSON *arr;

	if (list == NULL)
		return STORE_OK;
	arr = cJSON_CreateArray();
	hproto_set_list(doc, key, arr);
	cJSON_ArrayForEach(e, list) {
		cJSON *elem;
		int rc = hproto_elem(call, seq, idkey, hostid, e, keys, &elem);

		cJSON_AddItemToArray(arr, elem);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* Every sent member onto the document (idx: the object's place in params); the groups and
 * templates sent must exist. */
static int
hproto_merge(struct rpc_call *call, cJSON *doc, uint64_t hostid, const cJSON *obj, size_t idx)
{
	static const char *const scalars[] = { "host", "name", "uuid" };
	static const char *const nums[] = { "status", "discover", "custom_interfaces",
	    "inventory_mode" };
	static const char *const link_keys[] = { "groupid", NULL };
	static const char *const proto_keys[] = { "name", NULL };
	static const char *const macro_keys[] = { "macro", "value", "description", "type",
	    NULL };
	static const char *const tag_keys[] = { "tag", "value", NULL };
	const cJSON *v;
	struct id_list ids = { 0 };
	int rc = RPC_COMMIT;

	for (size_t i = 0; i < 3; i++)
		if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(obj, scalars[i])))
			doc_set_str(doc, scalars[i], v->valuestring);
	for (size_t i = 0; i < 4; i++)
		hproto_set_num(doc, obj, nums[i]);
	if ((rc = hproto_iface_take(call, obj, idx, strcmp(doc_str(doc, "custom_interfaces"),
	    "1") == 0, doc)) != RPC_COMMIT)
		return rc;
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "groupLinks")) != NULL)
		rc = host_params_groups(call, v, &ids);
	if (rc == RPC_COMMIT && (v = cJSON_GetObjectItemCaseSensitive(obj, "templates")) != NULL) {
		cJSON *arr = cJSON_CreateArray();
		char buf[24];

		id_list_free(&ids);
		rc = host_params_templates(call, v, &ids);
		for (size_t i = 0; i < ids.n; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(id_to_str(ids.ids[i], buf)));
		hproto_set_list(doc, "templates", arr);
	}
	id_list_free(&ids);
	if (rc != RPC_COMMIT)
		return rc;
	if ((rc = hproto_take_list(call, doc, hostid, obj, "groupLinks", NULL, NULL,
	    link_keys)) != STORE_OK ||
	    (rc = hproto_take_list(call, doc, hostid, obj, "groupPrototypes", NULL, NULL,
	    proto_keys)) != STORE_OK ||
	    (rc = hproto_take_list(call, doc, hostid, obj, "macros", "hostmacro", "hostmacroid",
	    macro_keys)) != STORE_OK ||
	    (rc = hproto_take_list(call, doc, hostid, obj, "tags", NULL, NULL, tag_keys)) !=
	    STORE_OK)
		return rpc_fail_store(call, rc);
	return RPC_COMMIT;
}

/* The rule of a prototype: an LLD rule the caller may edit, its name in *name (new). */
static int
hproto_rule_must(struct rpc_call *call, uint64_t ruleid, uint64_t *hostid, char **name)
{
	struct item it;
	int rc = store_item_get(call->txn, ruleid, &it);

	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = strcmp(it.f[ITEM_F_FLAGS], ITEM_FLAGS_RULE) == 0 ? RPC_COMMIT :
	    rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	*hostid = it.hostid;
	*name = xstrdup(it.f[ITEM_F_NAME]);
	item_free(&it);
	return rc == RPC_COMMIT ? hproto_host_must(call, *hostid) : rc;
}

int
hproto_host_must(struct rpc_call *call, uint64_t hostid)
{
	return access_host_must(call, hostid, true, ERR_NOT_FOUND);
}

/* Host names, then visible names, are unique among the prototypes of one rule. */
static int
hproto_check_unique(struct rpc_call *call, const cJSON *doc, uint64_t self, const char *rule)
{
	static const char *const keys[][2] = { { "host", "host" }, { "name", "visible" } };
	struct id_list ids = { 0 };
	uint64_t ruleid = 0;
	int rc;

	util_parse_u64(doc_str(doc, "ruleid"), &ruleid);
	rc = store_hostproto_list(call->txn, ruleid, &ids);
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; rc == STORE_OK && i < ids.n && !rpc_failed(call); i++) {
			const char *key = keys[k][0];
			cJSON *other;

			if (ids.ids[i] == self || (rc = store_doc_get(call->txn, STORE_DB_HOSTPROTOS,
			    ids.ids[i], &other)) != STORE_OK)
				continue;
			if (strcmp(doc_str(other, key), doc_str(doc, key)) == 0)
				rpc_fail(call, ERR_PARAM, "Host prototype with %s name \"%s\" already "
				    "exists in discovery rule \"%s\".", keys[k][1], doc_str(doc, key),
				    rule);
			cJSON_Delete(other);
		}
	id_list_free(&ids);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_failed(call) ? RPC_ROLLBACK : RPC_COMMIT;
}

/* A new document: the defaults of a prototype of the rule. */
static cJSON *
hproto_doc_new(uint64_t id, const char *ruleid, const char *uuid)
{
	static const char *const defs[][2] = {
		{ "host", "" }, { "name", "" }, { "status", "0" }, { "templateid", "0" },
		{ "discover", "0" }, { "custom_interfaces", "0" }, { "uuid", "" },
		{ "inventory_mode", "-1" },
	};
	cJSON *d = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(d, "hostid", id_to_str(id, buf));
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		cJSON_AddStringToObject(d, defs[i][0], defs[i][1]);
	doc_set_str(d, "uuid", uuid);
	util_json_add_str(d, "ruleid", ruleid);
	cJSON_AddItemToObject(d, "groupLinks", cJSON_CreateArray());
	cJSON_AddItemToObject(d, "groupPrototypes", cJSON_CreateArray());
	cJSON_AddItemToObject(d, "templates", cJSON_CreateArray());
	cJSON_AddItemToObject(d, "macros", cJSON_CreateArray());
	cJSON_AddItemToObject(d, "tags", cJSON_CreateArray());
	return d;
}

/* The rule's host is a template: a new uuid (else none; one sent (sent) is refused there,
 * idx the object's place in params). */
static int
hproto_uuid(struct rpc_call *call, uint64_t hostid, bool sent, size_t idx, char uuid[33])
{
	struct host h;
	int rc = store_host_get(call->txn, hostid, &h);

	uuid[0] = '\0';
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (h.status != HOST_STATUS_TEMPLATE && sent)
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": unexpected parameter "
		    "\"uuid\".", idx + 1);
	else if (h.status == HOST_STATUS_TEMPLATE && host_uuid_new(uuid) != 0)
		rc = rpc_fail(call, ERR_STORE, "Cannot generate a UUID.");
	host_free(&h);
	return rc == STORE_OK ? RPC_COMMIT : RPC_ROLLBACK;
}

/* A uuid sent on create must be new among the host prototypes: "Entry with UUID ...". */
static int
hproto_uuid_free(struct rpc_call *call, const cJSON *obj)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(obj, "uuid");
	struct id_list ids = { 0 };
	int rc;

	if (!cJSON_IsString(u))
		return RPC_COMMIT;
	rc = store_id_scan(call->txn, STORE_DB_HOSTPROTOS, &ids);
	for (size_t i = 0; rc == STORE_OK && i < ids.n && !rpc_failed(call); i++) {
		cJSON *doc;

		if ((rc = store_doc_get(call->txn, STORE_DB_HOSTPROTOS, ids.ids[i], &doc)) !=
		    STORE_OK)
			break;
		if (strcmp(doc_str(doc, "uuid"), u->valuestring) == 0)
			rpc_fail(call, ERR_PARAM, "Entry with UUID \"%s\" already exists.",
			    u->valuestring);
		cJSON_Delete(doc);
	}
	id_list_free(&ids);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_failed(call) ? RPC_ROLLBACK : RPC_COMMIT;
}

/* The prototype just written sent to the hosts below its rule's template: a new one copied
 * (created), or what obj sent given to its copies. */
static int
hproto_inherit(struct rpc_call *call, uint64_t id, const cJSON *obj, bool created)
{
	struct hostproto h;
	int rc = store_hostproto_get(call->txn, id, &h);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = method_done(created ?
	    inherit_created(call->txn, &inherit_kind_hostproto, &h, 1, &call->err) :
	    inherit_edited(call->txn, &inherit_kind_hostproto, &h, obj, &call->err));
	hostproto_free(&h);
	return rc;
}

/* Writes the document after its checks (the rule's name for the duplicate's text), then
 * its copies. */
static int
hproto_write(struct rpc_call *call, cJSON *doc, uint64_t id, const cJSON *obj, size_t idx,
    const char *rule, bool created)
{
	int rc = hproto_merge(call, doc, id, obj, idx);

	if (rc == RPC_COMMIT && doc_str(doc, "name")[0] == '\0')
		doc_set_str(doc, "name", doc_str(doc, "host"));
	if (rc == RPC_COMMIT)
		rc = hproto_check_unique(call, doc, id, rule);
	if (rc == RPC_COMMIT && (rc = store_hostproto_put(call->txn, id, doc)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	return rc == RPC_COMMIT ? hproto_inherit(call, id, obj, created) : rc;
}

static int
hproto_create_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(obj, "ruleid");
	uint64_t ruleid = 0, hostid = 0;
	char *rule = NULL, uuid[33];
	cJSON *doc;
	int rc;

	id_from_json(rv, &ruleid);
	if ((rc = hproto_rule_must(call, ruleid, &hostid, &rule)) != RPC_COMMIT ||
	    (rc = hproto_uuid(call, hostid, cJSON_HasObjectItem(obj, "uuid"), idx, uuid)) !=
	    RPC_COMMIT || (rc = hproto_uuid_free(call, obj)) != RPC_COMMIT) {
		free(rule);
		return rc;
	}
	if ((rc = store_hostproto_next_id(call->txn, id)) != STORE_OK) {
		free(rule);
		return rpc_fail_store(call, rc);
	}
	doc = hproto_doc_new(*id, rv->valuestring, uuid);
	rc = hproto_write(call, doc, *id, obj, idx, rule, true);
	cJSON_Delete(doc);
	free(rule);
	return rc;
}

/* The second pass of update on the idx-th object: an inherited prototype (inherited true)
 * refuses the first member other than status and discover (and uuid), in Zabbix's order,
 * with its text; then the values are checked by the rule of the prototype's kind. */
static int
hproto_update_check(struct rpc_call *call, cJSON *obj, size_t idx, bool inherited)
{
	static const char *const readonly[] = { "host", "name", "custom_interfaces",
	    "interfaces", "groupLinks", "groupPrototypes", "templates", "tags", "macros",
	    "inventory_mode", NULL };
	char path[32], *cause = NULL;
	int rc = RPC_COMMIT;

	for (size_t i = 0; inherited && readonly[i] != NULL; i++)
		if (cJSON_HasObjectItem(obj, readonly[i]))
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": cannot update "
			    "readonly parameter \"%s\" of inherited object.", idx + 1, readonly[i]);
	snprintf(path, sizeof path, "/%zu", idx + 1);
	if (validate_at(inherited ? &hproto_inherited_elem : &hproto_update_elem, obj, path,
	    &cause) != ERR_NONE)
		rc = rpc_fail(call, ERR_PARAM, "%s", cause);
	free(cause);
	return rc;
}

static int
hproto_update_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	uint64_t ruleid = 0, hostid = 0;
	char *rule = NULL;
	cJSON *doc;
	int rc;

	if ((rc = access_doc_must(call, STORE_DB_HOSTPROTOS,
	    cJSON_GetObjectItemCaseSensitive(obj, "hostid"), &doc, id)) != RPC_COMMIT)
		return rc;
	util_parse_u64(doc_str(doc, "ruleid"), &ruleid);
	rc = hproto_update_check(call, obj, idx, strcmp(doc_str(doc, "templateid"), "0") != 0);
	if (rc == RPC_COMMIT && (rc = hproto_rule_must(call, ruleid, &hostid, &rule)) ==
	    RPC_COMMIT)
		rc = hproto_write(call, doc, *id, obj, idx, rule, false);
	cJSON_Delete(doc);
	free(rule);
	return rc;
}

/* An interface of a stored document as create takes it: its SNMP details only with the
 * members of its version and security level (as CDiscoveryRule::copyHostPrototypes). */
static cJSON *
hproto_copy_iface(const cJSON *e)
{
	static const char *const cols[] = { "type", "useip", "ip", "dns", "port", "main", NULL };
	static const char *const v12[] = { "version", "bulk", "community", NULL },
	    *const v3[] = { "version", "bulk", "contextname", "securityname", "securitylevel",
	    "authprotocol", "authpassphrase", "privprotocol", "privpassphrase", NULL };
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "details");
	cJSON *o = cJSON_CreateObject(), *od;
	const char *const *keep;
	size_t n;

	for (size_t i = 0; cols[i] != NULL; i++)
		cJSON_AddStringToObject(o, cols[i], doc_str(e, cols[i]));
	if (d == NULL)
		return o;
	keep = strcmp(doc_str(d, "version"), "3") == 0 ? v3 : v12;
	n = keep == v12 ? 3 : strcmp(doc_str(d, "securitylevel"), "2") == 0 ? 9 :
	    strcmp(doc_str(d, "securitylevel"), "1") == 0 ? 7 : 5;
	od = cJSON_AddObjectToObject(o, "details");
	for (size_t i = 0; i < n; i++)
		cJSON_AddStringToObject(od, keep[i], doc_str(d, keep[i]));
	return o;
}

/* A stored prototype as hostprototype.create takes it on another rule: a secret macro
 * becomes a text one with an empty value, as Zabbix copies it. */
static cJSON *
hproto_copy_params(const cJSON *doc, const char *ruleid)
{
	static const char *const scalars[] = { "host", "name", "custom_interfaces", "status",
	    "discover", "inventory_mode", NULL };
	static const char *const lists[] = { "groupLinks", "groupPrototypes", "tags", NULL };
	cJSON *p = cJSON_CreateObject(), *arr;
	const cJSON *e;

	util_json_add_str(p, "ruleid", ruleid);
	for (size_t i = 0; scalars[i] != NULL; i++)
		cJSON_AddStringToObject(p, scalars[i], doc_str(doc, scalars[i]));
	for (size_t i = 0; lists[i] != NULL; i++)
		cJSON_AddItemToObject(p, lists[i], cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(doc, lists[i]), true));
	arr = cJSON_AddArrayToObject(p, "templates");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "templates")) {
		cJSON *t = cJSON_CreateObject();

		util_json_add_str(t, "templateid", cJSON_IsString(e) ? e->valuestring : "");
		cJSON_AddItemToArray(arr, t);
	}
	arr = cJSON_AddArrayToObject(p, "macros");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "macros")) {
		cJSON *m = cJSON_CreateObject();
		bool secret = strcmp(doc_str(e, "type"), "1") == 0;

		util_json_add_str(m, "macro", doc_str(e, "macro"));
		util_json_add_str(m, "type", secret ? "0" : doc_str(e, "type"));
		util_json_add_str(m, "value", secret ? "" : doc_str(e, "value"));
		util_json_add_str(m, "description", doc_str(e, "description"));
		cJSON_AddItemToArray(arr, m);
	}
	if (strcmp(doc_str(doc, "custom_interfaces"), "1") == 0) {
		arr = cJSON_AddArrayToObject(p, "interfaces");
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "interfaces"))
			cJSON_AddItemToArray(arr, hproto_copy_iface(e));
	}
	return p;
}

int
hproto_copy_rule(struct rpc_call *call, uint64_t from, uint64_t to)
{
	struct id_list ids = { 0 };
	char buf[24];
	int rc = store_hostproto_list(call->txn, from, &ids);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	id_to_str(to, buf);
	rc = RPC_COMMIT;
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		cJSON *doc, *p;
		uint64_t id;
		int src = store_doc_get(call->txn, STORE_DB_HOSTPROTOS, ids.ids[i], &doc);

		if (src != STORE_OK) {
			rc = rpc_fail_store(call, src);
			break;
		}
		p = hproto_copy_params(doc, buf);
		cJSON_Delete(doc);
		rc = hproto_create_one(call, p, i, &id);
		cJSON_Delete(p);
	}
	id_list_free(&ids);
	return rc;
}

/* Zabbix checks the interfaces of every object with its other members, before it looks at
 * any rule: the same order here (the custom_interfaces sent decides). */
static int
hproto_create_ifaces(struct rpc_call *call, const cJSON *params)
{
	const cJSON *obj;
	size_t i = 0;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params) {
		const cJSON *ci = cJSON_GetObjectItemCaseSensitive(obj, "custom_interfaces");
		bool custom = ci != NULL && (cJSON_IsNumber(ci) ? ci->valuedouble == 1 :
		    cJSON_IsString(ci) && atoi(ci->valuestring) == 1);
		cJSON *scratch = cJSON_CreateObject();

		rc = hproto_iface_take(call, obj, i++, custom, scratch);
		cJSON_Delete(scratch);
		if (rc != RPC_COMMIT)
			break;
	}
	return rc;
}

static enum rpc_result
hproto_create_exec(struct rpc_call *call, cJSON *params)
{
	if (hproto_create_ifaces(call, params) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return access_each(call, params, "hostids", hproto_create_one);
}

static enum rpc_result
hproto_update_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "hostids", hproto_update_one);
}

static enum rpc_result
hproto_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	int rc = access_docs_must(call, STORE_DB_HOSTPROTOS, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {	/* CHostPrototype's order */
		cJSON *doc;
		int src = store_doc_get(call->txn, STORE_DB_HOSTPROTOS, ids.ids[i], &doc);

		if (src != STORE_OK) {
			rc = rpc_fail_store(call, src);
			break;
		}
		if (strcmp(doc_str(doc, "templateid"), "0") != 0)
			rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": cannot delete "
			    "templated host prototype.", i + 1);
		cJSON_Delete(doc);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		int src = store_hostproto_delete(call->txn, ids.ids[i]);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("hostids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_hostprototype_create = {
	.name = "hostprototype.create", .flags = RPC_WRITE, .params = &hproto_create_params,
	.exec = hproto_create_exec,
};
const struct rpc_method method_hostprototype_update = {
	.name = "hostprototype.update", .flags = RPC_WRITE, .params = &hproto_update_params,
	.exec = hproto_update_exec,
};
const struct rpc_method method_hostprototype_delete = {
	.name = "hostprototype.delete", .flags = RPC_WRITE, .params = &hproto_delete_params,
	.exec = hproto_delete_exec,
};
