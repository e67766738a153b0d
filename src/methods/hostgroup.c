/* hostgroup.c: hostgroup.create, hostgroup.update and hostgroup.delete. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define HOSTGROUP_NAME_LEN	255

/* Zabbix's host group name: no leading or trailing '/', no empty level ("a//b"). */
static char *
hostgroup_check_name(const cJSON *v)
{
	const char *s = v->valuestring;
	size_t n = strlen(s);

	if (n == 0 || s[0] == '/' || s[n - 1] == '/' || strstr(s, "//") != NULL)
		return xstrdup("invalid host group name");
	return NULL;
}

static const char *const hostgroup_create_uniq[] = { "uuid", "name", NULL };
static const char *const hostgroup_update_uniq[] = { "groupid", "name", NULL };
static const char *const hostgroup_ids_uniq[] = { "", NULL };

static const struct rule_field hostgroup_create_fields[] = {
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } },
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = HOSTGROUP_NAME_LEN, .check = hostgroup_check_name } },
	{ NULL, { 0 } },
};
static const struct rule hostgroup_create_elem = {
	.type = RULE_OBJECT, .fields = hostgroup_create_fields,
};
static const struct rule hostgroup_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &hostgroup_create_elem, .uniq = hostgroup_create_uniq,
};

static const struct rule_field hostgroup_update_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = HOSTGROUP_NAME_LEN,
	    .check = hostgroup_check_name } },
	{ NULL, { 0 } },
};
static const struct rule hostgroup_update_elem = {
	.type = RULE_OBJECT, .fields = hostgroup_update_fields,
};
static const struct rule hostgroup_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &hostgroup_update_elem, .uniq = hostgroup_update_uniq,
};

static const struct rule hostgroup_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = hostgroup_ids_uniq,
};

/* RPC_COMMIT when no group but `self` has this name; else Zabbix's duplicate error. */
static int
hostgroup_name_free(struct rpc_call *call, const char *name, uint64_t self)
{
	uint64_t id;
	int rc = store_group_by_name(call->txn, name, &id);

	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && id == self))
		return RPC_COMMIT;
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_fail(call, ERR_PARAM, "Host group \"%s\" already exists.", name);
}

/* A uuid given on create must not belong to another group. */
static int
hostgroup_uuid_free(struct rpc_call *call, const char *uuid)
{
	struct id_list all = { 0 };
	struct group g;
	int rc = store_id_scan(call->txn, STORE_DB_GROUPS, &all);
	bool taken = false;

	for (size_t i = 0; rc == STORE_OK && !taken && i < all.n; i++) {
		if ((rc = store_group_get(call->txn, all.ids[i], &g)) != STORE_OK)
			break;
		taken = strcmp(g.uuid, uuid) == 0;
		group_free(&g);
	}
	id_list_free(&all);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (taken)
		return rpc_fail(call, ERR_PARAM,
		    "Entry with UUID \"%s\" already exists.", uuid);
	return RPC_COMMIT;
}

static int
hostgroup_create_check(struct rpc_call *call, const cJSON *params)
{
	const cJSON *obj, *uuid;

	cJSON_ArrayForEach(obj, params) {
		const char *name = cJSON_GetObjectItemCaseSensitive(obj, "name")->valuestring;

		if (hostgroup_name_free(call, name, 0) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	cJSON_ArrayForEach(obj, params) {
		uuid = cJSON_GetObjectItemCaseSensitive(obj, "uuid");
		if (uuid != NULL && hostgroup_uuid_free(call, uuid->valuestring) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

static int
hostgroup_create_one(struct rpc_call *call, const cJSON *obj, uint64_t *id)
{
	const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(obj, "uuid");
	struct group g = { 0 };
	char fresh[33];
	int rc;

	if (uuid == NULL && host_uuid_new(fresh) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Cannot create a UUID.");
	g.name = xstrdup(cJSON_GetObjectItemCaseSensitive(obj, "name")->valuestring);
	g.uuid = xstrdup(uuid != NULL ? uuid->valuestring : fresh);
	rc = store_group_create(call->txn, &g);
	*id = g.groupid;
	group_free(&g);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static enum rpc_result
hostgroup_create_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	const cJSON *obj;
	uint64_t id = 0;

	if (hostgroup_create_check(call, params) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_ArrayForEach(obj, params) {
		if (hostgroup_create_one(call, obj, &id) != RPC_COMMIT) {
			id_list_free(&ids);
			return RPC_ROLLBACK;
		}
		id_list_add(&ids, id);
	}
	rpc_ok(call, rpc_result_ids("groupids", ids.ids, ids.n));
	id_list_free(&ids);
	return RPC_COMMIT;
}

/* Loads every group of the call; an unknown id is -32500 NO_PERMISSIONS and, for a
 * delete, an internal group is refused in the same pass. */
static int
hostgroup_load(struct rpc_call *call, const struct id_list *ids, struct group *out,
    bool deleting)
{
	int rc;

	for (size_t i = 0; i < ids->n; i++) {
		rc = store_group_get(call->txn, ids->ids[i], &out[i]);
		if (rc == STORE_OK && !perm_group_allows(call->rights, ids->ids[i], true)) {
			group_free(&out[i]);
			memset(&out[i], 0, sizeof out[i]);
			rc = STORE_ENOTFOUND;
		}
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		if (deleting && out[i].internal != 0)
			return rpc_fail(call, ERR_PARAM, "Host group \"%s\" is internal "
			    "and cannot be deleted.", out[i].name);
	}
	return RPC_COMMIT;
}

static void
hostgroup_free_all(struct group *groups, size_t n)
{
	for (size_t i = 0; i < n; i++)
		group_free(&groups[i]);
	free(groups);
}

static void
hostgroup_collect_ids(const cJSON *params, const char *field, struct id_list *ids)
{
	const cJSON *v;
	uint64_t id;

	cJSON_ArrayForEach(v, params) {
		const cJSON *item = field != NULL ? cJSON_GetObjectItemCaseSensitive(v, field) : v;

		if (id_from_json(item, &id))
			id_list_add(ids, id);
	}
}

/* Renames one group; the name was checked against the store as it was before the call. */
static int
hostgroup_update_one(struct rpc_call *call, const cJSON *obj, const struct group *old)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
	struct group g = *old;
	int rc;

	if (name == NULL || strcmp(name->valuestring, old->name) == 0)
		return RPC_COMMIT;
	g.name = name->valuestring;
	rc = store_group_update(call->txn, old, &g);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
hostgroup_update_run(struct rpc_call *call, const cJSON *params, const struct id_list *ids,
    struct group *groups)
{
	const cJSON *obj, *name;
	size_t i = 0;

	if (hostgroup_load(call, ids, groups, false) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_ArrayForEach(obj, params) {
		name = cJSON_GetObjectItemCaseSensitive(obj, "name");
		if (name != NULL && hostgroup_name_free(call, name->valuestring,
		    groups[i].groupid) != RPC_COMMIT)
			return RPC_ROLLBACK;
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(obj, params) {
		if (hostgroup_update_one(call, obj, &groups[i++]) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return rpc_ok(call, rpc_result_ids("groupids", ids->ids, ids->n));
}

static enum rpc_result
hostgroup_update_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	struct group *groups;
	int rc;

	hostgroup_collect_ids(params, "groupid", &ids);
	groups = xcalloc(ids.n + 1, sizeof *groups);
	rc = hostgroup_update_run(call, params, &ids, groups);
	hostgroup_free_all(groups, ids.n);
	id_list_free(&ids);
	return rc;
}

/* The first member (by id) that would be left without a group; 0 if none. */
static int
hostgroup_orphan(struct rpc_call *call, const struct id_list *gone, uint64_t *orphan)
{
	struct id_list members = { 0 }, own = { 0 };
	int rc = STORE_OK;

	*orphan = 0;
	for (size_t i = 0; rc == STORE_OK && i < gone->n; i++)
		rc = store_group_hosts(call->txn, gone->ids[i], &members);
	id_list_sort(&members);
	for (size_t i = 0; rc == STORE_OK && *orphan == 0 && i < members.n; i++) {
		size_t left = 0;

		id_list_clear(&own);
		rc = store_host_groups(call->txn, members.ids[i], &own);
		for (size_t j = 0; j < own.n; j++)
			left += !id_list_has(gone, own.ids[j]);
		if (rc == STORE_OK && left == 0)
			*orphan = members.ids[i];
	}
	id_list_free(&members);
	id_list_free(&own);
	return rc;
}

/* Nobody may be left without a group: "Host/Template "<host>" cannot be without ...". */
static int
hostgroup_delete_check(struct rpc_call *call, const struct id_list *ids)
{
	struct host h;
	uint64_t orphan;
	int rc;

	if ((rc = hostgroup_orphan(call, ids, &orphan)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (orphan == 0)
		return RPC_COMMIT;
	if ((rc = store_host_get(call->txn, orphan, &h)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rpc_fail(call, ERR_PARAM, "%s \"%s\" cannot be without host group.",
	    host_is_template(&h) ? "Template" : "Host", h.host);
	host_free(&h);
	return RPC_ROLLBACK;
}

static int
hostgroup_delete_run(struct rpc_call *call, const struct id_list *ids, struct group *groups)
{
	int rc;

	if (hostgroup_load(call, ids, groups, true) != RPC_COMMIT ||
	    hostgroup_delete_check(call, ids) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (size_t i = 0; i < ids->n; i++)
		if ((rc = store_group_delete(call->txn, ids->ids[i])) != STORE_OK)
			return rpc_fail_store(call, rc);
	return rpc_ok(call, rpc_result_ids("groupids", ids->ids, ids->n));
}

static enum rpc_result
hostgroup_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	struct group *groups;
	int rc;

	hostgroup_collect_ids(params, NULL, &ids);
	groups = xcalloc(ids.n + 1, sizeof *groups);
	rc = hostgroup_delete_run(call, &ids, groups);
	hostgroup_free_all(groups, ids.n);
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_hostgroup_create = {
	.name = "hostgroup.create", .flags = RPC_WRITE,
	.params = &hostgroup_create_params, .exec = hostgroup_create_exec,
};
const struct rpc_method method_hostgroup_update = {
	.name = "hostgroup.update", .flags = RPC_WRITE,
	.params = &hostgroup_update_params, .exec = hostgroup_update_exec,
};
const struct rpc_method method_hostgroup_delete = {
	.name = "hostgroup.delete", .flags = RPC_WRITE,
	.params = &hostgroup_delete_params, .exec = hostgroup_delete_exec,
};
