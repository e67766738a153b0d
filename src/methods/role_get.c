/* role_get.c: role.get, strict as Zabbix 6.0's (output, selectRules and sortfield values
 * enumerated, unknown options refused), with selectRules and selectUsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field role_fields[] = {
	{ "roleid", GET_F_NUM }, { "name", 0 }, { "type", GET_F_NUM }, { "readonly", GET_F_NUM },
	{ NULL, 0 },
};
static const char *const role_sortable[] = { "roleid", "name", NULL };
static const char *const role_outputs[] = { "roleid", "name", "type", "readonly", NULL };

static int
role_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return access_doc_load(call, STORE_DB_ROLES, role_fields, id, row);
}

static int
role_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_ROLES, ids);
}

const struct get_kind get_kind_role = {
	.pk = "roleid", .dbpk = "roleid", .fields = role_fields,
	.sortable = role_sortable, .load = role_load, .scan = role_scan,
};

/* The users whose role is one of roleids (all users: a scan), appended. */
int
role_users(struct rpc_call *call, uint64_t roleid, struct id_list *out)
{
	struct id_list all = { 0 };
	int rc = store_id_scan(call->txn, STORE_DB_USERS, &all);

	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		struct user u;

		if ((rc = store_user_get(call->txn, all.ids[i], &u)) != STORE_OK)
			break;
		if (u.roleid == roleid)
			id_list_add(out, u.userid);
		user_free(&u);
	}
	id_list_free(&all);
	return rc;
}

static void
role_rules_select(const cJSON *doc, const cJSON *sel, cJSON *obj)
{
	cJSON *all = role_rules_output(doc), *out;

	if (cJSON_IsString(sel) && strcmp(sel->valuestring, "extend") == 0) {
		cJSON_AddItemToObject(obj, "rules", all);
		return;
	}
	out = cJSON_AddObjectToObject(obj, "rules");
	for (size_t i = 0; role_rule_keys[i] != NULL; i++)
		if (get_list_has_name(sel, role_rule_keys[i]))
			cJSON_AddItemToObject(out, role_rule_keys[i],
			    cJSON_DetachItemFromObjectCaseSensitive(all, role_rule_keys[i]));
	cJSON_Delete(all);
}

static int
role_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o, uint64_t id,
    cJSON *obj)
{
	const cJSON *sel = util_json_member(params, "selectRules");
	struct get_nested_opts n = { .add_pk = false, .count_ok = true, .opts = o };
	struct id_list users = { 0 };
	cJSON *doc;
	int rc = STORE_OK;

	access_drop_pk(params, "roleid", obj);
	if (cJSON_IsArray(sel) || (cJSON_IsString(sel) && strcmp(sel->valuestring, "extend") == 0)) {
		if ((rc = store_doc_get(call->txn, STORE_DB_ROLES, id, &doc)) != STORE_OK)
			return rc;
		role_rules_select(doc, sel, obj);
		cJSON_Delete(doc);
	}
	if (util_json_member(params, "selectUsers") != NULL &&
	    (rc = role_users(call, id, &users)) == STORE_OK)
		rc = get_select_add(call, params, "selectUsers", "users", &get_kind_user, &users, &n,
		    obj);
	id_list_free(&users);
	return rc;
}

static const char *const role_rule_selects[] = {
	"ui", "ui.default_access", "services.read.mode", "services.read.list",
	"services.read.tag", "services.write.mode", "services.write.list", "services.write.tag",
	"modules", "modules.default_access", "api.access", "api.mode", "api", "actions",
	"actions.default_access", NULL,
};

static enum rpc_result
role_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if (access_get_strict(call, params, "output", role_outputs) != RPC_COMMIT ||
	    access_get_strict(call, params, "selectRules", role_rule_selects) != RPC_COMMIT ||
	    access_get_strict(call, params, "sortfield", role_sortable) != RPC_COMMIT)
		return RPC_ROLLBACK;
	get_cand_ids(params, "roleids", &c);
	if (get_truthy(util_json_member(params, "editable")) &&
	    call->user.type != USER_TYPE_SUPER_ADMIN) {
		struct id_list none = { 0 };

		get_cand_take(&c, &none);	/* roles are editable by super admins only */
	}
	if (util_json_member(params, "userids") != NULL) {
		struct id_list uids = { 0 }, roles = { 0 };

		get_ids_option(params, "userids", &uids);
		for (size_t i = 0; i < uids.n; i++) {
			struct user u;

			if (store_user_get(call->txn, uids.ids[i], &u) == STORE_OK) {
				id_list_add_unique(&roles, u.roleid);
				user_free(&u);
			}
		}
		id_list_free(&uids);
		get_cand_take(&c, &roles);
	}
	rc = get_run(call, params, &get_kind_role, &c, role_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field role_get_fields[] = {
	GET_OPT("roleids"), GET_OPT("userids"), GET_OPT("selectRules"), GET_OPT("selectUsers"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule role_get_params = { .type = RULE_OBJECT, .fields = role_get_fields };

const struct rpc_method method_role_get = {
	.name = "role.get", .params = &role_get_params, .exec = role_get_exec,
};
