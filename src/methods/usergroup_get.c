/* usergroup_get.c: usergroup.get with selectUsers, selectRights and selectTagFilters, and the
 * group rows user.get selects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field usrgrp_fields[] = {
	{ "usrgrpid", GET_F_NUM }, { "name", 0 }, { "gui_access", GET_F_NUM },
	{ "users_status", GET_F_NUM }, { "debug_mode", GET_F_NUM },
	{ NULL, 0 },
};
static const char *const usrgrp_sortable[] = { "usrgrpid", "name", NULL };

static int
usrgrp_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return access_doc_load(call, STORE_DB_USRGRPS, usrgrp_fields, id, row);
}

static int
usrgrp_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_USRGRPS, ids);
}

const struct get_kind get_kind_usrgrp = {
	.pk = "usrgrpid", .dbpk = "usrgrpid", .fields = usrgrp_fields,
	.sortable = usrgrp_sortable, .load = usrgrp_load, .scan = usrgrp_scan,
};

/* A stored list of objects projected: "extend" or a list of fields (in the stored order);
 * anything else (absent, "count") leaves the object alone. */
static void
usrgrp_select_list(const cJSON *params, const char *opt, const cJSON *list, const char *key,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params, opt));
	cJSON *arr;
	const cJSON *e, *f;

	if (out.mode != GET_EXTEND && (out.mode != GET_LIST || out.list == NULL))
		return;
	arr = cJSON_AddArrayToObject(obj, key);
	cJSON_ArrayForEach(e, list) {
		cJSON *o = cJSON_CreateObject();

		cJSON_ArrayForEach(f, e)
			if (out.mode == GET_EXTEND || get_list_has_name(out.list, f->string))
				cJSON_AddItemToObject(o, f->string, cJSON_Duplicate(f, true));
		cJSON_AddItemToArray(arr, o);
	}
}

/* selectUsers asking for gui_access, users_status or debug_mode: the user's access over all
 * its groups (as user.get getAccess), in that order after the user's fields. */
static int
usrgrp_users_access(struct rpc_call *call, const cJSON *params, cJSON *users)
{
	static const char *const keys[] = { "gui_access", "debug_mode", "users_status" };
	const cJSON *sel = util_json_member(params, "selectUsers");
	bool want = false;
	cJSON *u;
	int rc = STORE_OK;

	for (size_t k = 0; k < 3; k++)
		want = want || (cJSON_IsArray(sel) && get_list_has_name(sel, keys[k]));
	if (!want || !cJSON_IsArray(users))
		return STORE_OK;
	cJSON_ArrayForEach(u, users) {
		struct access_groups g;
		uint64_t id = 0;
		char buf[24];

		util_parse_u64(doc_str(u, "userid"), &id);
		if ((rc = access_groups_of(call->txn, id, &g)) != STORE_OK)
			break;
		util_json_add_str(u, "gui_access", id_to_str(g.gui_access, buf));
		util_json_add_str(u, "debug_mode", id_to_str(g.debug_mode, buf));
		util_json_add_str(u, "users_status", id_to_str(g.users_status, buf));
	}
	return rc;
}

static int
usrgrp_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = false, .opts = o };
	struct id_list users = { 0 };
	cJSON *doc;
	int rc;

	if ((rc = store_doc_get(call->txn, STORE_DB_USRGRPS, id, &doc)) != STORE_OK)
		return rc;
	usrgrp_select_list(params, "selectTagFilters",
	    util_json_member(doc, "tag_filters"), "tag_filters", obj);
	usrgrp_select_list(params, "selectRights", util_json_member(doc, "rights"),
	    "rights", obj);
	cJSON_Delete(doc);
	if (util_json_member(params, "selectUsers") != NULL &&
	    (rc = store_pair_list(call->txn, STORE_DB_USRGRP_USERS, id, &users)) == STORE_OK)
		rc = get_select_add(call, params, "selectUsers", "users", &get_kind_user, &users, &n,
		    obj);
	id_list_free(&users);
	if (rc == STORE_OK)
		rc = usrgrp_users_access(call, params, util_json_member(obj, "users"));
	return rc;
}

static int
usrgrp_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list users = { 0 }, groups = { 0 };
	int rc = STORE_OK;

	get_cand_ids(params, "usrgrpids", c);
	if (get_ids_option(params, "userids", &users)) {
		for (size_t i = 0; rc == STORE_OK && i < users.n; i++)
			rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, users.ids[i], &groups);
		get_cand_take(c, &groups);
	}
	id_list_free(&users);
	if (rc != STORE_OK || call->user.type == USER_TYPE_SUPER_ADMIN)
		return rc;
	/* others see their own groups; none are editable */
	if (!get_truthy(util_json_member(params, "editable")))
		rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, call->user.userid, &groups);
	get_cand_take(c, &groups);
	return rc;
}

static enum rpc_result
usrgrp_get_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *status = util_json_member(params, "status");
	struct get_cand c = { 0 };
	cJSON *filter;
	int rc;

	if ((rc = usrgrp_cand(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	/* status: users_status, as a filter */
	if (status != NULL && !cJSON_IsNull(status)) {
		filter = util_json_member(params, "filter");
		if (!cJSON_IsObject(filter)) {
			cJSON_DeleteItemFromObjectCaseSensitive(params, "filter");
			filter = cJSON_AddObjectToObject(params, "filter");
		}
		cJSON_DeleteItemFromObjectCaseSensitive(filter, "users_status");
		cJSON_AddItemToObject(filter, "users_status", cJSON_Duplicate(status, true));
	}
	rc = get_run(call, params, &get_kind_usrgrp, &c, usrgrp_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field usrgrp_get_fields[] = {
	GET_OPT("usrgrpids"), GET_OPT("userids"), GET_OPT("status"), GET_OPT("selectUsers"),
	GET_OPT("selectRights"), GET_OPT("selectTagFilters"), GET_OPT("selectHostGroupRights"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule usrgrp_get_params = GET_PARAMS_RULE(usrgrp_get_fields);

const struct rpc_method method_usergroup_get = {
	.name = "usergroup.get", .params = &usrgrp_get_params, .exec = usrgrp_get_exec,
};
