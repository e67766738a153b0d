/* usergroup.c: usergroup.create, usergroup.update and usergroup.delete: names, frontend
 * access, status, debug mode, host-group rights, tag filters and members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const usrgrp_name_uniq[] = { "name", NULL };
static const char *const usrgrp_id_uniq[] = { "usrgrpid", "name", NULL };
static const char *const usrgrp_right_uniq[] = { "id", NULL };
static const char *const usrgrp_user_uniq[] = { "userid", NULL };

static const struct rule_field usrgrp_right_fields[] = {
	{ "id", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "permission", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "0,2,3" } },
	{ NULL, { 0 } },
};
static const struct rule usrgrp_right = { .type = RULE_OBJECT, .fields = usrgrp_right_fields };
static const struct rule_field usrgrp_tag_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "tag", { .type = RULE_STRING, .length = 255 } },
	{ "value", { .type = RULE_STRING, .length = 255 } },
	{ NULL, { 0 } },
};
static const struct rule usrgrp_tag = { .type = RULE_OBJECT, .fields = usrgrp_tag_fields };
static const struct rule_field usrgrp_user_fields[] = {
	{ "userid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule usrgrp_user = { .type = RULE_OBJECT, .fields = usrgrp_user_fields };

#define USRGRP_FIELDS \
	{ "gui_access", { .type = RULE_INT32, .in = "0,1,2,3" } }, \
	{ "users_status", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "debug_mode", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "rights", { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE, .elem = &usrgrp_right, \
	    .uniq = usrgrp_right_uniq } }, \
	{ "tag_filters", { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE, .elem = &usrgrp_tag } }, \
	{ "users", { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE, .elem = &usrgrp_user, \
	    .uniq = usrgrp_user_uniq } }, \
	{ "userids", { .type = RULE_ANY } }

static const struct rule_field usrgrp_create_fields[] = {
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 64 } },
	USRGRP_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule usrgrp_create_elem = {
	.type = RULE_OBJECT, .fields = usrgrp_create_fields,
};
static const struct rule usrgrp_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usrgrp_create_elem, .uniq = usrgrp_name_uniq,
};
static const struct rule_field usrgrp_update_fields[] = {
	{ "usrgrpid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 64 } },
	USRGRP_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule usrgrp_update_elem = {
	.type = RULE_OBJECT, .fields = usrgrp_update_fields,
};
static const struct rule usrgrp_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usrgrp_update_elem, .uniq = usrgrp_id_uniq,
};
static const struct rule usrgrp_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = rule_uniq_ids,
};

static int
usrgrp_num(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valueint : cJSON_IsString(v) ? atoi(v->valuestring) : 0;
}

/* The members sent ("users", or the deprecated "userids"), into *ids; false: not sent. */
static int
usrgrp_take_users(struct rpc_call *call, const cJSON *obj, struct id_list *ids, bool *sent)
{
	const cJSON *users = cJSON_GetObjectItemCaseSensitive(obj, "users");
	const cJSON *userids = cJSON_GetObjectItemCaseSensitive(obj, "userids"), *e;
	uint64_t id;

	*sent = users != NULL || userids != NULL;
	if (users != NULL && userids != NULL)
		return rpc_fail(call, ERR_PARAM, "Parameter \"userids\" is deprecated.");
	cJSON_ArrayForEach(e, users)
		if (id_from_json(cJSON_GetObjectItemCaseSensitive(e, "userid"), &id))
			id_list_add_unique(ids, id);
	if (userids != NULL && !cJSON_IsArray(userids) && id_from_json(userids, &id))
		id_list_add_unique(ids, id);
	cJSON_ArrayForEach(e, userids)
		if (id_from_json(e, &id))
			id_list_add_unique(ids, id);
	return RPC_COMMIT;
}

/* Host groups of rights and tag filters, and users, must exist. */
static int
usrgrp_check_refs(struct rpc_call *call, const cJSON *obj, const struct id_list *users)
{
	static const char *const lists[][2] = { { "rights", "id" }, { "tag_filters", "groupid" } };
	const cJSON *e;
	uint64_t id;
	int rc;

	for (size_t l = 0; l < 2; l++)
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(obj, lists[l][0])) {
			struct group g;

			id_from_json(cJSON_GetObjectItemCaseSensitive(e, lists[l][1]), &id);
			if ((rc = store_group_get(call->txn, id, &g)) == STORE_ENOTFOUND)
				return rpc_fail(call, ERR_PARAM, "Host group with ID \"%s\" is not "
				    "available.", cJSON_GetObjectItemCaseSensitive(e,
				    lists[l][1])->valuestring);
			if (rc != STORE_OK)
				return rpc_fail_store(call, rc);
			group_free(&g);
		}
	for (size_t i = 0; i < users->n; i++) {
		struct user u;
		char buf[24];

		if ((rc = store_user_get(call->txn, users->ids[i], &u)) == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_PARAM, "User with ID \"%s\" is not available.",
			    id_to_str(users->ids[i], buf));
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		user_free(&u);
	}
	return RPC_COMMIT;
}

/* The sent fields onto the document (numbers as strings; rights {permission, id}). */
static void
usrgrp_merge(cJSON *doc, const cJSON *obj)
{
	static const char *const nums[] = { "gui_access", "users_status", "debug_mode" };
	const cJSON *v, *e;
	char buf[24];

	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "name")) != NULL)
		doc_set_str(doc, "name", v->valuestring);
	for (size_t i = 0; i < 3; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(obj, nums[i])) != NULL) {
			snprintf(buf, sizeof buf, "%d", usrgrp_num(v));
			doc_set_str(doc, nums[i], buf);
		}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "rights")) != NULL) {
		cJSON *arr = cJSON_CreateArray();

		cJSON_ArrayForEach(e, v) {
			cJSON *r = cJSON_CreateObject();

			snprintf(buf, sizeof buf, "%d", usrgrp_num(cJSON_GetObjectItemCaseSensitive(e,
			    "permission")));
			util_json_add_str(r, "permission", buf);
			util_json_add_str(r, "id", cJSON_GetObjectItemCaseSensitive(e,
			    "id")->valuestring);
			cJSON_AddItemToArray(arr, r);
		}
		cJSON_ReplaceItemInObjectCaseSensitive(doc, "rights", arr);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "tag_filters")) != NULL) {
		cJSON *arr = cJSON_CreateArray();

		cJSON_ArrayForEach(e, v) {
			cJSON *t = cJSON_CreateObject();

			util_json_add_str(t, "groupid", doc_str(e, "groupid"));
			util_json_add_str(t, "tag", doc_str(e, "tag"));
			util_json_add_str(t, "value", doc_str(e, "value"));
			cJSON_AddItemToArray(arr, t);
		}
		cJSON_ReplaceItemInObjectCaseSensitive(doc, "tag_filters", arr);
	}
}

/* The caller among the members of a group that is disabled or has no frontend access. */
static int
usrgrp_check_self(struct rpc_call *call, const cJSON *doc, const struct id_list *members)
{
	if (id_list_has(members, call->user.userid) &&
	    (strcmp(doc_str(doc, "users_status"), "1") == 0 ||
	    strcmp(doc_str(doc, "gui_access"), "3") == 0))
		return rpc_fail(call, ERR_PARAM, "User cannot add himself to a disabled group or a "
		    "group with disabled GUI access.");
	return RPC_COMMIT;
}

/* Users that would be left with no group when the group's members become `keep`. */
static int
usrgrp_check_orphans(struct rpc_call *call, uint64_t grp, const struct id_list *old,
    const struct id_list *keep)
{
	for (size_t i = 0; i < old->n; i++) {
		struct id_list groups = { 0 };
		struct user u;
		int rc;

		if (id_list_has(keep, old->ids[i]))
			continue;
		rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, old->ids[i], &groups);
		id_list_remove(&groups, grp);
		if (rc == STORE_OK && groups.n == 0 &&
		    (rc = store_user_get(call->txn, old->ids[i], &u)) == STORE_OK) {
			rpc_fail(call, ERR_PARAM, "User \"%s\" cannot be without user group.",
			    u.username);
			user_free(&u);
		}
		id_list_free(&groups);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		if (rpc_failed(call))
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* Members of grp become exactly `want`. */
static int
usrgrp_set_members(struct rpc_call *call, uint64_t grp, const struct id_list *old,
    const struct id_list *want)
{
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < old->n; i++)
		if (!id_list_has(want, old->ids[i]))
			rc = store_member_set(call->txn, old->ids[i], grp, false);
	for (size_t i = 0; rc == STORE_OK && i < want->n; i++)
		rc = store_member_set(call->txn, want->ids[i], grp, true);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* One object of create (doc new, old_name NULL) or update: checks, then writes. */
static int
usrgrp_write_one(struct rpc_call *call, const cJSON *obj, cJSON *doc, const char *old_name,
    uint64_t id)
{
	struct id_list old = { 0 }, want = { 0 };
	const char *name;
	uint64_t other;
	bool sent;
	int rc;

	if ((rc = usrgrp_take_users(call, obj, &want, &sent)) != RPC_COMMIT)
		goto out;
	usrgrp_merge(doc, obj);
	name = doc_str(doc, "name");
	if ((old_name == NULL || strcmp(old_name, name) != 0) &&
	    store_name_get(call->txn, STORE_DB_USRGRPS_BY_NAME, name, &other) == STORE_OK) {
		rc = rpc_fail(call, ERR_PARAM, "User group \"%s\" already exists.", name);
		goto out;
	}
	if ((rc = usrgrp_check_refs(call, obj, &want)) != RPC_COMMIT)
		goto out;
	if ((rc = store_pair_list(call->txn, STORE_DB_USRGRP_USERS, id, &old)) != STORE_OK) {
		rc = rpc_fail_store(call, rc);
		goto out;
	}
	if (!sent) {
		id_list_free(&want);
		for (size_t i = 0; i < old.n; i++)
			id_list_add(&want, old.ids[i]);
	}
	if ((rc = usrgrp_check_orphans(call, id, &old, &want)) != RPC_COMMIT ||
	    (rc = usrgrp_check_self(call, doc, &want)) != RPC_COMMIT ||
	    (rc = usrgrp_set_members(call, id, &old, &want)) != RPC_COMMIT)
		goto out;
	rc = STORE_OK;
	if (old_name == NULL || strcmp(old_name, name) != 0) {
		if (old_name != NULL)
			rc = store_name_del(call->txn, STORE_DB_USRGRPS_BY_NAME, old_name);
		if (rc == STORE_OK)
			rc = store_name_put(call->txn, STORE_DB_USRGRPS_BY_NAME, name, id);
	}
	if (rc == STORE_OK)
		rc = store_doc_put(call->txn, STORE_DB_USRGRPS, id, doc);
	rc = rc == STORE_OK ? RPC_COMMIT : rc == STORE_EEXIST ? rpc_fail(call, ERR_PARAM,
	    "User group \"%s\" already exists.", name) : rpc_fail_store(call, rc);
out:
	id_list_free(&old);
	id_list_free(&want);
	return rc;
}

static int
usrgrp_create_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	cJSON *doc;
	int rc;

	(void)idx;
	if ((rc = store_seq_next(call->txn, "usrgrps", id)) != STORE_OK)
		return rpc_fail_store(call, rc);
	doc = usrgrp_new(*id, cJSON_GetObjectItemCaseSensitive(obj, "name")->valuestring);
	rc = usrgrp_write_one(call, obj, doc, NULL, *id);
	cJSON_Delete(doc);
	return rc;
}

static enum rpc_result
usrgrp_create_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "usrgrpids", usrgrp_create_one);
}

static int
usrgrp_update_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	cJSON *doc = NULL;
	char *old;
	int rc;

	(void)idx;
	if ((rc = access_doc_must(call, STORE_DB_USRGRPS,
	    cJSON_GetObjectItemCaseSensitive(obj, "usrgrpid"), &doc, id)) != RPC_COMMIT)
		return rc;
	old = xstrdup(doc_str(doc, "name"));
	rc = usrgrp_write_one(call, obj, doc, old, *id);
	free(old);
	cJSON_Delete(doc);
	return rc;
}

static enum rpc_result
usrgrp_update_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "usrgrpids", usrgrp_update_one);
}

static enum rpc_result
usrgrp_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 }, none = { 0 };
	int rc = access_docs_must(call, STORE_DB_USRGRPS, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		struct id_list old = { 0 };
		cJSON *doc = NULL;
		int src = store_pair_list(call->txn, STORE_DB_USRGRP_USERS, ids.ids[i], &old);

		if (src == STORE_OK)
			src = store_doc_get(call->txn, STORE_DB_USRGRPS, ids.ids[i], &doc);
		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
		else if ((rc = usrgrp_check_orphans(call, ids.ids[i], &old, &none)) == RPC_COMMIT &&
		    (rc = usrgrp_set_members(call, ids.ids[i], &old, &none)) == RPC_COMMIT &&
		    ((src = store_name_del(call->txn, STORE_DB_USRGRPS_BY_NAME,
		    doc_str(doc, "name"))) != STORE_OK ||
		    (src = store_usrgrp_delete(call->txn, ids.ids[i])) != STORE_OK))
			rc = rpc_fail_store(call, src);
		cJSON_Delete(doc);
		id_list_free(&old);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("usrgrpids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_usergroup_create = {
	.name = "usergroup.create", .flags = RPC_WRITE,
	.params = &usrgrp_create_params, .exec = usrgrp_create_exec,
};
const struct rpc_method method_usergroup_update = {
	.name = "usergroup.update", .flags = RPC_WRITE,
	.params = &usrgrp_update_params, .exec = usrgrp_update_exec,
};
const struct rpc_method method_usergroup_delete = {
	.name = "usergroup.delete", .flags = RPC_WRITE,
	.params = &usrgrp_delete_params, .exec = usrgrp_delete_exec,
};
