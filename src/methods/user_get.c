/* user_get.c: user.get (getAccess, selectUsrgrps, selectRole; what a non-super-admin may
 * see) and the user rows usergroup.get and role.get select. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field user_fields[] = {
	{ "userid", GET_F_NUM }, { "username", 0 }, { "name", 0 }, { "surname", 0 },
	{ "url", 0 }, { "autologin", GET_F_NUM }, { "autologout", 0 }, { "lang", 0 },
	{ "refresh", 0 }, { "theme", 0 }, { "attempt_failed", GET_F_NUM }, { "attempt_ip", 0 },
	{ "attempt_clock", GET_F_NUM }, { "rows_per_page", GET_F_NUM }, { "timezone", 0 },
	{ "roleid", GET_F_NUM },
	{ NULL, 0 },
};
static const char *const user_sortable[] = { "userid", "username", NULL };

cJSON *
user_get_row(const struct user *u)
{
	cJSON *row = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(row, "userid", id_to_str(u->userid, buf));
	util_json_add_str(row, "username", u->username);
	util_json_add_str(row, "name", u->name);
	util_json_add_str(row, "surname", u->surname);
	util_json_add_str(row, "url", u->url);
	util_json_add_str(row, "autologin", id_to_str(u->autologin, buf));
	util_json_add_str(row, "autologout", u->autologout);
	util_json_add_str(row, "lang", u->lang);
	util_json_add_str(row, "refresh", u->refresh);
	util_json_add_str(row, "theme", u->theme);
	util_json_add_str(row, "attempt_failed", id_to_str(u->attempt_failed, buf));
	util_json_add_str(row, "attempt_ip", u->attempt_ip);
	util_json_add_str(row, "attempt_clock", id_to_str(u->attempt_clock, buf));
	util_json_add_str(row, "rows_per_page", id_to_str(u->rows_per_page, buf));
	util_json_add_str(row, "timezone", u->timezone);
	util_json_add_str(row, "roleid", id_to_str(u->roleid, buf));
	return row;
}

static int
user_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct user u;
	int rc = store_user_get(call->txn, id, &u);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = user_get_row(&u);
	user_free(&u);
	return STORE_OK;
}

static int
user_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_USERS, ids);
}

const struct get_kind get_kind_user = {
	.pk = "userid", .dbpk = "userid", .fields = user_fields,
	.sortable = user_sortable, .load = user_load, .scan = user_scan,
};

static void
user_add_access(cJSON *obj, const struct access_groups *g)
{
	char buf[24];

	util_json_add_str(obj, "gui_access", id_to_str(g->gui_access, buf));
	util_json_add_str(obj, "debug_mode", id_to_str(g->debug_mode, buf));
	util_json_add_str(obj, "users_status", id_to_str(g->users_status, buf));
}

/* selectRole: one object, not a list ("extend": every field of the role). */
static int
user_select_role(struct rpc_call *call, const cJSON *params, uint64_t userid, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectRole"));
	struct get_nested_opts n = { .add_pk = false };
	struct id_list ids = { 0 };
	struct user u;
	cJSON *arr = NULL;
	int rc;

	if (out.mode != GET_EXTEND && out.mode != GET_LIST)
		return STORE_OK;
	if ((rc = store_user_get(call->txn, userid, &u)) != STORE_OK)
		return rc;
	id_list_add(&ids, u.roleid);
	user_free(&u);
	rc = get_nested(call, &get_kind_role, &ids, &out, &n, &arr);
	id_list_free(&ids);
	if (rc == STORE_OK)
		cJSON_AddItemToObject(obj, "role", cJSON_GetArraySize(arr) > 0 ?
		    cJSON_DetachItemFromArray(arr, 0) : cJSON_CreateArray());
	cJSON_Delete(arr);
	return rc;
}

/* The groups a caller may see of a user: all for a super admin, else its own only. */
static int
user_visible_groups(struct rpc_call *call, uint64_t userid, struct id_list *out)
{
	struct id_list mine = { 0 }, all = { 0 };
	int rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, userid, &all);

	if (rc != STORE_OK || call->user.type == USER_TYPE_SUPER_ADMIN) {
		*out = all;
		return rc;
	}
	rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, call->user.userid, &mine);
	for (size_t i = 0; i < all.n; i++)
		if (id_list_has(&mine, all.ids[i]))
			id_list_add(out, all.ids[i]);
	id_list_free(&mine);
	id_list_free(&all);
	return rc;
}

static int
user_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o, uint64_t id,
    cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list groups = { 0 };
	int rc = STORE_OK;

	if (get_truthy(util_json_member(params, "getAccess"))) {
		struct access_groups g;

		if ((rc = access_groups_of(call->txn, id, &g)) != STORE_OK)
			return rc;
		user_add_access(obj, &g);
	}
	if (util_json_member(params, "selectUsrgrps") != NULL &&
	    (rc = user_visible_groups(call, id, &groups)) == STORE_OK)
		rc = get_select_add(call, params, "selectUsrgrps", "usrgrps", &get_kind_usrgrp,
		    &groups, &n, obj);
	id_list_free(&groups);
	if (rc == STORE_OK)
		rc = user_select_role(call, params, id, obj);
	if (rc == STORE_OK)
		rc = user_media_select(call, params, id, obj);
	return rc;
}

/* The users of the groups (each once), appended. */
int
user_of_groups(struct rpc_call *call, const struct id_list *groups, struct id_list *out)
{
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < groups->n; i++) {
		struct id_list u = { 0 };

		rc = store_pair_list(call->txn, STORE_DB_USRGRP_USERS, groups->ids[i], &u);
		for (size_t k = 0; k < u.n; k++)
			id_list_add_unique(out, u.ids[k]);
		id_list_free(&u);
	}
	return rc;
}

int
user_visible_ids(struct rpc_call *call, bool editable, struct id_list *out)
{
	struct id_list mine = { 0 };
	int rc = STORE_OK;

	if (editable)
		id_list_add(out, call->user.userid);
	else if ((rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, call->user.userid,
	    &mine)) == STORE_OK)
		rc = user_of_groups(call, &mine, out);
	id_list_free(&mine);
	return rc;
}

/* A user who is not a super admin sees the users of its groups (editable: itself). */
static int
user_get_visible(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list users = { 0 };
	int rc;

	if (call->user.type == USER_TYPE_SUPER_ADMIN)
		return STORE_OK;
	rc = user_visible_ids(call, get_truthy(util_json_member(params,
	    "editable")), &users);
	get_cand_take(c, &users);
	return rc;
}

static int
user_cand_groups(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list groups = { 0 }, users = { 0 };
	int rc;

	if (!get_ids_option(params, "usrgrpids", &groups))
		return STORE_OK;
	rc = user_of_groups(call, &groups, &users);
	id_list_free(&groups);
	get_cand_take(c, &users);
	return rc;
}

/* mediaids, mediatypeids: the users with such a media (over the resolved candidates). */
static int
user_cand_media(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list mids = { 0 }, tids = { 0 }, keep = { 0 };
	bool bym = get_ids_option(params, "mediaids", &mids);
	bool byt = get_ids_option(params, "mediatypeids", &tids);
	int rc = STORE_OK;

	if ((bym || byt) && (rc = get_cand_resolve(call, &get_kind_user, c)) == STORE_OK) {
		for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
			bool match;

			rc = user_media_match(call, c->ids.ids[i], bym ? &mids : NULL,
			    byt ? &tids : NULL, &match);
			if (rc == STORE_OK && match)
				id_list_add(&keep, c->ids.ids[i]);
		}
		id_list_free(&c->ids);
		c->ids = keep;
	}
	id_list_free(&mids);
	id_list_free(&tids);
	return rc;
}

/* One filter value of a time unit as every way Zabbix may have stored it: 900 is "900",
 * "900s" and "15m" (and "h", "d", "w" where they divide); anything else stays itself. */
static void
user_time_unit_forms(cJSON *out, const cJSON *v)
{
	static const struct { uint64_t sec; char unit; } units[] = {
		{ 60, 'm' }, { 3600, 'h' }, { 86400, 'd' }, { 604800, 'w' },
	};
	char num[32], buf[48];
	const char *text = num;
	uint64_t sec;

	if (cJSON_IsNumber(v))
		snprintf(num, sizeof num, "%.0f", v->valuedouble);
	else if (cJSON_IsString(v))
		text = v->valuestring;
	else
		return;
	if (interval_time_unit(text, &sec) != 0) {
		cJSON_AddItemToArray(out, cJSON_CreateString(text));
		return;
	}
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)sec);
	cJSON_AddItemToArray(out, cJSON_CreateString(buf));
	snprintf(buf, sizeof buf, "%llus", (unsigned long long)sec);
	cJSON_AddItemToArray(out, cJSON_CreateString(buf));
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (sec % units[i].sec == 0) {
			snprintf(buf, sizeof buf, "%llu%c", (unsigned long long)(sec / units[i].sec),
			    units[i].unit);
			cJSON_AddItemToArray(out, cJSON_CreateString(buf));
		}
}

/* filter.autologout and filter.refresh match a time unit in any of its forms. */
static void
user_filter_time_units(cJSON *params)
{
	static const char *const keys[] = { "autologout", "refresh" };
	cJSON *f = util_json_member(params, "filter");

	for (size_t i = 0; cJSON_IsObject(f) && i < sizeof keys / sizeof keys[0]; i++) {
		const cJSON *v = util_json_member(f, keys[i]), *e;
		cJSON *forms;

		if (v == NULL || cJSON_IsNull(v))
			continue;
		forms = cJSON_CreateArray();
		if (cJSON_IsArray(v))
			cJSON_ArrayForEach(e, v)
				user_time_unit_forms(forms, e);
		else
			user_time_unit_forms(forms, v);
		cJSON_ReplaceItemInObjectCaseSensitive(f, keys[i], forms);
	}
}

static enum rpc_result
user_get_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *f = util_json_member(params, "filter");
	const cJSON *s = util_json_member(params, "search");
	struct get_cand c = { 0 };
	int rc;

	if (cJSON_IsObject(f) && util_json_member(f, "passwd") != NULL)
		return rpc_fail(call, ERR_PARAM, "It is not possible to filter by user password.");
	if (cJSON_IsObject(s) && util_json_member(s, "passwd") != NULL)
		return rpc_fail(call, ERR_PARAM, "It is not possible to search by user password.");
	user_filter_time_units(params);
	get_cand_ids(params, "userids", &c);
	if ((rc = user_cand_groups(call, params, &c)) != STORE_OK ||
	    (rc = user_get_visible(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	if ((rc = user_cand_media(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_user, &c, user_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field user_get_fields[] = {
	GET_OPT("userids"), GET_OPT("usrgrpids"), GET_OPT("mediaids"), GET_OPT("mediatypeids"),
	GET_OPT("getAccess"), GET_OPT("selectUsrgrps"), GET_OPT("selectRole"),
	GET_OPT("selectMedias"), GET_OPT("selectMediatypes"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule user_get_params = GET_PARAMS_RULE(user_get_fields);

const struct rpc_method method_user_get = {
	.name = "user.get", .params = &user_get_params, .exec = user_get_exec,
};
