/* role.c: role.create, role.update and role.delete: names, types, the rules (UI elements and
 * actions of the type, API method masks) and the read-only Super admin role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const role_name_uniq[] = { "name", NULL };
static const char *const role_id_uniq[] = { "roleid", NULL };
static const char *const role_elem_uniq[] = { "name", NULL };

static const struct rule_field role_elem_fields[] = {
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "status", { .type = RULE_INT32, .in = "0,1" } },
	{ NULL, { 0 } },
};
static const struct rule role_elem = { .type = RULE_OBJECT, .fields = role_elem_fields };
static const struct rule role_elems = {
	.type = RULE_OBJECTS, .elem = &role_elem, .uniq = role_elem_uniq,
};
static const struct rule_field role_service_fields[] = {
	{ "serviceid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule role_service = { .type = RULE_OBJECT, .fields = role_service_fields };
static const struct rule_field role_tag_fields[] = {
	{ "tag", { .type = RULE_STRING, .length = 255 } },
	{ "value", { .type = RULE_STRING, .length = 255 } },
	{ NULL, { 0 } },
};
static const struct rule_field role_module_fields[] = {
	{ "moduleid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "status", { .type = RULE_INT32, .in = "0,1" } },
	{ NULL, { 0 } },
};
static const struct rule role_module = { .type = RULE_OBJECT, .fields = role_module_fields };

#define ROLE_FLAG01 { .type = RULE_INT32, .in = "0,1" }
static const struct rule_field role_rules_fields[] = {
	{ "ui", { .type = RULE_OBJECTS, .ref = &role_elems } },
	{ "ui.default_access", ROLE_FLAG01 },
	{ "services.read.mode", ROLE_FLAG01 },
	{ "services.read.list", { .type = RULE_OBJECTS, .elem = &role_service } },
	{ "services.read.tag", { .type = RULE_OBJECT, .fields = role_tag_fields } },
	{ "services.write.mode", ROLE_FLAG01 },
	{ "services.write.list", { .type = RULE_OBJECTS, .elem = &role_service } },
	{ "services.write.tag", { .type = RULE_OBJECT, .fields = role_tag_fields } },
	{ "modules", { .type = RULE_OBJECTS, .elem = &role_module } },
	{ "modules.default_access", ROLE_FLAG01 },
	{ "api.access", ROLE_FLAG01 },
	{ "api.mode", ROLE_FLAG01 },
	{ "api", { .type = RULE_ANY } },		/* role_take_api */
	{ "actions", { .type = RULE_OBJECTS, .ref = &role_elems } },
	{ "actions.default_access", ROLE_FLAG01 },
	{ NULL, { 0 } },
};

static const struct rule_field role_create_fields[] = {
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "type", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "1,2,3" } },
	{ "rules", { .type = RULE_OBJECT, .fields = role_rules_fields } },
	{ NULL, { 0 } },
};
static const struct rule role_create_elem = { .type = RULE_OBJECT, .fields = role_create_fields };
static const struct rule role_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &role_create_elem, .uniq = role_name_uniq,
};

static const struct rule_field role_update_fields[] = {
	{ "roleid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 255 } },
	{ "type", { .type = RULE_INT32, .in = "1,2,3" } },
	{ "rules", { .type = RULE_OBJECT, .fields = role_rules_fields } },
	{ NULL, { 0 } },
};
static const struct rule role_update_elem = { .type = RULE_OBJECT, .fields = role_update_fields };
static const struct rule role_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &role_update_elem, .uniq = role_id_uniq,
};

static const struct rule role_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = rule_uniq_ids,
};

/* Method names of Zabbix 6.0 APIs tmpld does not serve, for API masks. */
static const char *const role_api_verbs[] = {
	"get", "create", "update", "delete", "massadd", "massupdate", "massremove", "export",
	"import", "importcompare", "login", "logout", "checkauthentication", "unblock",
	"generate", "version", "createglobal", "updateglobal", "deleteglobal",
	"replacehostinterfaces", "acknowledge", "execute", "getscriptsbyhosts", "copy",
	"propagate", NULL,
};

static bool
role_api_verb(const char *v)
{
	for (size_t i = 0; role_api_verbs[i] != NULL; i++)
		if (strcasecmp(role_api_verbs[i], v) == 0)
			return true;
	return false;
}

/* "*", "*.*", "api.*", "*.method" or a method of a Zabbix API. */
static bool
role_api_valid(const char *mask)
{
	const char *dot = strchr(mask, '.');
	char *cause = NULL, *api;
	bool ok;

	if (strcmp(mask, "*") == 0)
		return true;
	if (dot == NULL || dot == mask || dot[1] == '\0' || strchr(dot + 1, '.') != NULL)
		return false;
	if (strncmp(mask, "*.", 2) == 0)
		return strcmp(dot + 1, "*") == 0 || role_api_verb(dot + 1);
	api = xasprintf("%.*s.get", (int)(dot - mask), mask);
	if (strcmp(dot + 1, "*") == 0) {
		ok = methods_find(api, &cause) != NULL || strncmp(cause, "Incorrect method", 16) == 0;
	} else
		ok = methods_find(mask, &cause) != NULL || (strncmp(cause, "Incorrect method", 16) == 0 &&
		    role_api_verb(dot + 1) && methods_find(api, &cause) == NULL);
	free(cause);
	free(api);
	return ok;
}

/* "api": a string or an array of strings, unique; normalised to an array in place. */
static int
role_take_api(struct rpc_call *call, cJSON *rules, size_t i)
{
	cJSON *api = cJSON_GetObjectItemCaseSensitive(rules, "api"), *e;
	size_t j = 0;

	if (api == NULL)
		return RPC_COMMIT;
	if (cJSON_IsString(api)) {
		cJSON *arr = cJSON_CreateArray();

		cJSON_AddItemToArray(arr, cJSON_CreateString(api->valuestring));
		cJSON_ReplaceItemInObjectCaseSensitive(rules, "api", arr);
		api = arr;
	}
	if (!cJSON_IsArray(api))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/rules/api\": an array is "
		    "expected.", i + 1);
	cJSON_ArrayForEach(e, api) {
		j++;
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/rules/api/%zu\": %s.",
			    i + 1, j, cJSON_IsString(e) ? "cannot be empty" :
			    "a character string is expected");
		for (cJSON *p = api->child; p != e; p = p->next)
			if (strcmp(p->valuestring, e->valuestring) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/rules/api/%zu\": "
				    "value (%s) already exists.", i + 1, j, e->valuestring);
	}
	return RPC_COMMIT;
}

/* A list of {name, status} with statuses as strings (default "1"). */
static cJSON *
role_elems_norm(const cJSON *list)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *e;

	cJSON_ArrayForEach(e, list) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "status");
		cJSON *o = cJSON_CreateObject();
		char buf[12];

		util_json_add_str(o, "name",
		    cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring);
		snprintf(buf, sizeof buf, "%d", st == NULL ? 1 : cJSON_IsNumber(st) ? st->valueint :
		    atoi(st->valuestring));
		util_json_add_str(o, "status", buf);
		cJSON_AddItemToArray(out, o);
	}
	return out;
}

/* The rules sent merged into the stored ones (numbers as strings). */
static void
role_rules_merge(cJSON *stored, const cJSON *sent)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, sent) {
		cJSON *nv;

		if (strcmp(v->string, "ui") == 0 || strcmp(v->string, "actions") == 0)
			nv = role_elems_norm(v);
		else if (cJSON_IsNumber(v)) {
			char buf[24];

			snprintf(buf, sizeof buf, "%d", v->valueint);
			nv = cJSON_CreateString(buf);
		} else
			nv = cJSON_Duplicate(v, true);
		if (cJSON_GetObjectItemCaseSensitive(stored, v->string) != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(stored, v->string, nv);
		else
			cJSON_AddItemToObject(stored, v->string, nv);
	}
	if (strcmp(doc_str(stored, "api.access"), "0") == 0)	/* the list is dropped */
		cJSON_ReplaceItemInObjectCaseSensitive(stored, "api", cJSON_CreateArray());
}

static bool
role_name_in(const char *name, const char *const *all, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i], name) == 0)
			return true;
	return false;
}

/* The merged rules against the role's type: elements and actions it has, a UI element on
 * when a ui list was sent, valid API masks. */
static int
role_rules_check(struct rpc_call *call, const cJSON *doc, const cJSON *sent)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(doc, "rules"), *e;
	const char *name = doc_str(doc, "name");
	int type = role_type(doc);
	size_t nui, nact;
	const char *const *ui = role_ui_elements(type, &nui);
	const char *const *act = role_actions(type, &nact);

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(rules, "ui"))
		if (!role_name_in(doc_str(e, "name"), ui, nui))
			return rpc_fail(call, ERR_PARAM, "UI element \"%s\" is not available for user "
			    "role \"%s\".", doc_str(e, "name"), name);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(rules, "actions"))
		if (!role_name_in(doc_str(e, "name"), act, nact))
			return rpc_fail(call, ERR_PARAM, "Action \"%s\" is not available for user role "
			    "\"%s\".", doc_str(e, "name"), name);
	if (cJSON_GetObjectItemCaseSensitive(sent, "ui") != NULL) {
		cJSON *all = role_rules_output(doc);
		bool any = false;

		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(all, "ui"))
			any = any || strcmp(doc_str(e, "status"), "1") == 0;
		cJSON_Delete(all);
		if (!any)
			return rpc_fail(call, ERR_PARAM, "At least one UI element must be enabled for "
			    "user role \"%s\".", name);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(rules, "api"))
		if (!role_api_valid(e->valuestring))
			return rpc_fail(call, ERR_PARAM, "Invalid API method \"%s\" for user role "
			    "\"%s\".", e->valuestring, name);
	return RPC_COMMIT;
}

static int
role_name_free(struct rpc_call *call, const char *name, uint64_t self)
{
	uint64_t id;
	int rc = store_name_get(call->txn, STORE_DB_ROLES_BY_NAME, name, &id);

	if (rc == STORE_OK && id != self)
		return rpc_fail(call, ERR_PARAM, "User role \"%s\" already exists.", name);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	return RPC_COMMIT;
}

/* Applies one object (name, type, rules) to doc and checks it; RPC_COMMIT or a failure. */
static int
role_apply(struct rpc_call *call, cJSON *obj, cJSON *doc, size_t i)
{
	cJSON *rules = cJSON_GetObjectItemCaseSensitive(obj, "rules");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
	uint64_t self = 0;

	util_parse_u64(doc_str(doc, "roleid"), &self);
	if (name != NULL && role_name_free(call, name->valuestring, self) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (name != NULL)
		doc_set_str(doc, "name", name->valuestring);
	if (type != NULL) {
		char buf[12];

		snprintf(buf, sizeof buf, "%d", cJSON_IsNumber(type) ? type->valueint :
		    atoi(type->valuestring));
		doc_set_str(doc, "type", buf);
	}
	if (role_take_api(call, rules, i) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (rules != NULL)
		role_rules_merge(cJSON_GetObjectItemCaseSensitive(doc, "rules"), rules);
	return role_rules_check(call, doc, rules);
}

static int
role_store(struct rpc_call *call, const cJSON *doc, const char *old_name, uint64_t id)
{
	int rc = STORE_OK;

	if (old_name == NULL || strcmp(old_name, doc_str(doc, "name")) != 0) {
		if (old_name != NULL)
			rc = store_name_del(call->txn, STORE_DB_ROLES_BY_NAME, old_name);
		if (rc == STORE_OK)
			rc = store_name_put(call->txn, STORE_DB_ROLES_BY_NAME, doc_str(doc, "name"), id);
	}
	if (rc == STORE_OK)
		rc = store_doc_put(call->txn, STORE_DB_ROLES, id, doc);
	if (rc == STORE_EEXIST)
		return rpc_fail(call, ERR_PARAM, "User role \"%s\" already exists.",
		    doc_str(doc, "name"));
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
role_create_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
	cJSON *doc;
	int rc;

	if ((rc = store_seq_next(call->txn, "roles", id)) != STORE_OK)
		return rpc_fail_store(call, rc);
	doc = role_new(*id, cJSON_GetObjectItemCaseSensitive(obj, "name")->valuestring,
	    cJSON_IsNumber(type) ? type->valueint : atoi(type->valuestring));
	rc = role_apply(call, obj, doc, idx);
	if (rc == RPC_COMMIT)
		rc = role_store(call, doc, NULL, *id);
	cJSON_Delete(doc);
	return rc;
}

static enum rpc_result
role_create_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "roleids", role_create_one);
}

static int
role_update_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	cJSON *doc;
	char *old;
	int rc;

	if ((rc = access_doc_must(call, STORE_DB_ROLES,
	    cJSON_GetObjectItemCaseSensitive(obj, "roleid"), &doc, id)) != RPC_COMMIT)
		return rc;
	if (strcmp(doc_str(doc, "readonly"), "1") == 0) {
		rc = rpc_fail(call, ERR_REFUSED, "Cannot update readonly user role \"%s\".",
		    doc_str(doc, "name"));
		cJSON_Delete(doc);
		return rc;
	}
	old = xstrdup(doc_str(doc, "name"));
	rc = role_apply(call, obj, doc, idx);
	if (rc == RPC_COMMIT)
		rc = role_store(call, doc, old, *id);
	free(old);
	cJSON_Delete(doc);
	return rc;
}

static enum rpc_result
role_update_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "roleids", role_update_one);
}

static enum rpc_result
role_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	int rc = access_docs_must(call, STORE_DB_ROLES, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		struct id_list users = { 0 };
		cJSON *doc;
		int src = store_doc_get(call->txn, STORE_DB_ROLES, ids.ids[i], &doc);

		if (src == STORE_OK)
			src = role_users(call, ids.ids[i], &users);
		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
		else if (strcmp(doc_str(doc, "readonly"), "1") == 0)
			rc = rpc_fail(call, ERR_REFUSED, "Cannot delete readonly user role \"%s\".",
			    doc_str(doc, "name"));
		else if (users.n > 0)
			rc = rpc_fail(call, ERR_REFUSED, "Cannot delete assigned user role \"%s\".",
			    doc_str(doc, "name"));
		else if ((src = store_name_del(call->txn, STORE_DB_ROLES_BY_NAME,
		    doc_str(doc, "name"))) != STORE_OK ||
		    (src = store_del_id(call->txn, STORE_DB_ROLES, ids.ids[i])) != STORE_OK)
			rc = rpc_fail_store(call, src);
		id_list_free(&users);
		cJSON_Delete(doc);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("roleids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_role_create = {
	.name = "role.create", .flags = RPC_WRITE,
	.params = &role_create_params, .exec = role_create_exec,
};
const struct rpc_method method_role_update = {
	.name = "role.update", .flags = RPC_WRITE,
	.params = &role_update_params, .exec = role_update_exec,
};
const struct rpc_method method_role_delete = {
	.name = "role.delete", .flags = RPC_WRITE,
	.params = &role_delete_params, .exec = role_delete_exec,
};
