/* user_admin.c: user.create, user.update, user.delete and user.unblock with Zabbix 6.0's
 * checks, in its order: the shape, auto-login against auto-logout, the password policy,
 * unique usernames, roles, user groups, and what a user may change of itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const user_langs[] = {
	"default", "en_GB", "en_US", "bg_BG", "ca_ES", "zh_CN", "zh_TW", "cs_CZ", "nl_NL",
	"fi_FI", "fr_FR", "ka_GE", "de_DE", "el_GR", "he_IL", "hu_HU", "id_ID", "it_IT", "ko_KR",
	"ja_JP", "lv_LV", "lt_LT", "nb_NO", "fa_IR", "pl_PL", "pt_BR", "pt_PT", "ro_RO", "ru_RU",
	"sk_SK", "es_ES", "sv_SE", "tr_TR", "uk_UA", "vi_VN", NULL,
};
static const char *const user_themes[] = {
	"default", "blue-theme", "dark-theme", "hc-light", "hc-dark", NULL,
};
static char *
user_one_of(const char *const *list, const char *s)
{
	size_t len = 32;
	char *out, *p;

	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0)
			return NULL;
		len += strlen(list[i]) + 4;
	}
	p = out = xmalloc(len);
	p += sprintf(p, "value must be one of ");
	for (size_t i = 0; list[i] != NULL; i++)
		p += sprintf(p, "%s\"%s\"", i > 0 ? ", " : "", list[i]);
	return out;
}

static char *
user_check_lang(const cJSON *v)
{
	return user_one_of(user_langs, v->valuestring);
}

static char *
user_check_theme(const cJSON *v)
{
	return user_one_of(user_themes, v->valuestring);
}

/* A time unit (or an integer) within lo..hi, or 0 when zero_ok. */
static char *
user_check_time(const cJSON *v, uint64_t lo, uint64_t hi, const char *range)
{
	uint64_t secs;
	char buf[32];
	const char *s = buf;

	if (cJSON_IsNumber(v))
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsString(v))
		s = v->valuestring;
	else
		return xstrdup("a character string is expected");
	if (*s == '\0')
		return xstrdup("cannot be empty");
	if (util_time_unit_parse(s, &secs) != 0)
		return xstrdup("a time unit is expected");
	if (secs != 0 && (secs < lo || secs > hi))
		return xasprintf("value must be one of %s", range);
	return NULL;
}

static char *
user_check_autologout(const cJSON *v)
{
	return user_check_time(v, 90, 86400, "0, 90-86400");
}

static char *
user_check_refresh(const cJSON *v)
{
	return user_check_time(v, 0, 3600, "0-3600");
}

/* A URL the frontend may open: relative, or one of the usual schemes. */
static char *
user_check_url(const cJSON *v)
{
	static const char *const schemes[] = { "http", "https", "ftp", "file", "mailto", "tel",
	    "ssh", NULL };
	const char *s = v->valuestring, *colon = strchr(s, ':'), *slash = strchr(s, '/');

	if (colon == NULL || (slash != NULL && slash < colon))
		return NULL;
	for (size_t i = 0; schemes[i] != NULL; i++)
		if (strlen(schemes[i]) == (size_t)(colon - s) &&
		    strncasecmp(schemes[i], s, (size_t)(colon - s)) == 0)
			return NULL;
	return xstrdup("unacceptable URL");
}

static const char *const user_grp_uniq[] = { "usrgrpid", NULL };
static const struct rule_field user_grp_fields[] = {
	{ "usrgrpid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule user_grp = { .type = RULE_OBJECT, .fields = user_grp_fields };

#define USER_FIELDS \
	{ "alias", { .type = RULE_ANY, .rename = "username" } }, \
	{ "username", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 100 } }, \
	{ "passwd", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 255 } }, \
	{ "name", { .type = RULE_STRING, .length = 100 } }, \
	{ "surname", { .type = RULE_STRING, .length = 100 } }, \
	{ "url", { .type = RULE_STRING, .length = 2048, .check = user_check_url } }, \
	{ "autologin", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "autologout", { .type = RULE_ANY, .check = user_check_autologout } }, \
	{ "lang", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 7, \
	    .check = user_check_lang } }, \
	{ "refresh", { .type = RULE_ANY, .check = user_check_refresh } }, \
	{ "theme", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 128, \
	    .check = user_check_theme } }, \
	{ "rows_per_page", { .type = RULE_INT32, .in = "1:999999" } }, \
	{ "timezone", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 50 } }, \
	{ "roleid", { .type = RULE_ID } }, \
	{ "usrgrps", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY, .elem = &user_grp, \
	    .uniq = user_grp_uniq } }, \
	{ "medias", { .type = RULE_OBJECTS, .ref = &user_medias_rule } }

static const struct rule_field user_create_fields[] = {
	USER_FIELDS,
	{ NULL, { 0 } },
};
static const char *const user_create_uniq[] = { "username", NULL };
static const struct rule user_create_elem = { .type = RULE_OBJECT, .fields = user_create_fields };
static const struct rule user_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &user_create_elem, .uniq = user_create_uniq,
};
static const struct rule_field user_update_fields[] = {
	{ "userid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	USER_FIELDS,
	{ NULL, { 0 } },
};
static const char *const user_update_uniq[] = { "userid", "username", NULL };
static const struct rule user_update_elem = { .type = RULE_OBJECT, .fields = user_update_fields };
static const struct rule user_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &user_update_elem, .uniq = user_update_uniq,
};
static const struct rule user_ids_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = rule_uniq_ids,
};

/* One object of the call: the user as stored (update) and as it will be, and the bcrypt
 * hash of its new password (made on the thread pool before the write). */
struct user_in {
	cJSON		*obj;
	const char	*hash;
	cJSON		*medias;	/* checked "medias", when sent */
	struct user	 u;
	bool		 loaded;
	char		*old_username;
	uint64_t	 old_roleid;
};

static void
user_in_free(struct user_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		user_free(&in[i].u);
		free(in[i].old_username);
		cJSON_Delete(in[i].medias);
	}
	free(in);
}

static const char *
user_sent(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
user_num(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valueint : cJSON_IsString(v) ? atoi(v->valuestring) : 0;
}

/* A time unit sent as a number or a string, as stored: "120". */
static char *
user_time_text(const cJSON *v)
{
	return cJSON_IsNumber(v) ? xasprintf("%lld", (long long)v->valuedouble) :
	    xstrdup(v->valuestring);
}

/* The sent fields onto in->u (autologin and autologout exclude each other). */
static void
user_merge(struct user_in *in)
{
	static const char *const strs[] = { "username", "name", "surname", "url", "lang",
	    "theme", "timezone" };
	char **fields[] = { &in->u.username, &in->u.name, &in->u.surname, &in->u.url,
	    &in->u.lang, &in->u.theme, &in->u.timezone };
	const cJSON *v;

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (user_sent(in->obj, strs[i]) != NULL)
			user_set_str(fields[i], user_sent(in->obj, strs[i]));
	if ((v = cJSON_GetObjectItemCaseSensitive(in->obj, "refresh")) != NULL) {
		free(in->u.refresh);
		in->u.refresh = user_time_text(v);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in->obj, "rows_per_page")) != NULL)
		in->u.rows_per_page = (uint32_t)user_num(v);
	if ((v = cJSON_GetObjectItemCaseSensitive(in->obj, "roleid")) != NULL)
		id_from_json(v, &in->u.roleid);
	if ((v = cJSON_GetObjectItemCaseSensitive(in->obj, "autologout")) != NULL) {
		free(in->u.autologout);
		in->u.autologout = user_time_text(v);
		if (user_autologout_seconds(&in->u) != 0)
			in->u.autologin = 0;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in->obj, "autologin")) != NULL) {
		in->u.autologin = (uint32_t)user_num(v);
		if (in->u.autologin != 0)
			user_set_str(&in->u.autologout, "0");
	}
}

/* The default policy (8 characters at least, no name parts, no common password). */
static int
user_check_password(struct rpc_call *call, const struct user_in *in, size_t i)
{
	const char *p = user_sent(in->obj, "passwd"), *why;

	if (p == NULL) {
		if (!in->loaded)
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"passwd\": cannot "
			    "be empty.");
		return RPC_COMMIT;
	}
	if ((why = user_password_problem(&in->u, p)) != NULL)
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"/%zu/passwd\": %s.",
		    i + 1, why);
	return RPC_COMMIT;
}

static int
user_check_refs(struct rpc_call *call, const struct user_in *in)
{
	const cJSON *e;
	cJSON *doc;
	uint64_t id;
	int rc;

	if (cJSON_GetObjectItemCaseSensitive(in->obj, "roleid") != NULL) {
		rc = store_doc_get(call->txn, STORE_DB_ROLES, in->u.roleid, &doc);
		cJSON_Delete(doc);
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_PARAM, "User role with ID \"%s\" is not available.",
			    cJSON_GetObjectItemCaseSensitive(in->obj, "roleid")->valuestring);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(in->obj, "usrgrps")) {
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(e, "usrgrpid");

		id_from_json(g, &id);
		rc = store_doc_get(call->txn, STORE_DB_USRGRPS, id, &doc);
		if (rc == STORE_OK && call->user.userid == in->u.userid && in->loaded &&
		    (strcmp(doc_str(doc, "users_status"), "1") == 0 ||
		    strcmp(doc_str(doc, "gui_access"), "3") == 0))
			rc = -1;
		cJSON_Delete(doc);
		if (rc == -1)
			return rpc_fail(call, ERR_PARAM, "User cannot add himself to a disabled group or "
			    "a group with disabled GUI access.");
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_PARAM, "User group with ID \"%s\" is not available.",
			    g->valuestring);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

/* Every check of the call, stage by stage over all objects, as Zabbix orders them. */
static int
user_check_all(struct rpc_call *call, struct user_in *in, size_t n)
{
	uint64_t other;
	int rc;

	for (size_t i = 0; i < n; i++) {
		const cJSON *al = cJSON_GetObjectItemCaseSensitive(in[i].obj, "autologin");
		const cJSON *ao = cJSON_GetObjectItemCaseSensitive(in[i].obj, "autologout");

		if (al != NULL && ao != NULL && user_num(al) != 0 && strcmp(cJSON_IsString(ao) ?
		    ao->valuestring : "", "0") != 0 && !(cJSON_IsNumber(ao) && ao->valueint == 0))
			return rpc_fail(call, ERR_PARAM, "Auto-login and auto-logout options cannot be "
			    "enabled together.");
	}
	for (size_t i = 0; i < n; i++)
		if (user_check_password(call, &in[i], i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (size_t i = 0; i < n; i++) {
		if (in[i].loaded && strcmp(in[i].old_username, in[i].u.username) == 0)
			continue;
		rc = store_name_get(call->txn, STORE_DB_USERS_BY_NAME, in[i].u.username, &other);
		if (rc == STORE_OK && other != in[i].u.userid)
			return rpc_fail(call, ERR_PARAM, "User with username \"%s\" already exists.",
			    in[i].u.username);
	}
	for (size_t i = 0; i < n; i++)
		if (user_check_refs(call, &in[i]) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (size_t i = 0; i < n; i++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(in[i].obj, "medias");

		if (m != NULL && user_media_take(call, m, i, &in[i].medias) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	for (size_t i = 0; i < n; i++)
		if (in[i].loaded && in[i].u.userid == call->user.userid &&
		    in[i].u.roleid != in[i].old_roleid)
			return rpc_fail(call, ERR_PARAM, "User cannot change own role.");
	return RPC_COMMIT;
}

/* The user's groups become the ones sent (when sent). */
static int
user_write_groups(struct rpc_call *call, const struct user_in *in)
{
	const cJSON *grps = cJSON_GetObjectItemCaseSensitive(in->obj, "usrgrps"), *e;
	struct id_list old = { 0 }, want = { 0 };
	int rc = STORE_OK;
	uint64_t id;

	if (grps == NULL)
		return STORE_OK;
	cJSON_ArrayForEach(e, grps)
		if (id_from_json(cJSON_GetObjectItemCaseSensitive(e, "usrgrpid"), &id))
			id_list_add_unique(&want, id);
	rc = store_pair_list(call->txn, STORE_DB_USER_USRGRPS, in->u.userid, &old);
	for (size_t i = 0; rc == STORE_OK && i < old.n; i++)
		if (!id_list_has(&want, old.ids[i]))
			rc = store_member_set(call->txn, in->u.userid, old.ids[i], false);
	for (size_t i = 0; rc == STORE_OK && i < want.n; i++)
		rc = store_member_set(call->txn, in->u.userid, want.ids[i], true);
	id_list_free(&old);
	id_list_free(&want);
	return rc;
}

/* Writes one user (with the hash of its new password, when one was sent). */
static int
user_write_one(struct rpc_call *call, struct user_in *in)
{
	int rc;

	if (user_sent(in->obj, "passwd") != NULL) {
		if (in->hash == NULL || in->hash[0] == '\0')
			return rpc_fail(call, ERR_INTERNAL, "Cannot hash the password.");
		user_set_str(&in->u.passwd, in->hash);
	}
	if (!in->loaded)
		rc = store_user_create(call->txn, &in->u);
	else if ((rc = store_user_rename(call->txn, in->u.userid, in->old_username,
	    in->u.username)) == STORE_OK)
		rc = store_user_put(call->txn, &in->u);
	if (rc == STORE_EEXIST)
		return rpc_fail(call, ERR_PARAM, "User with username \"%s\" already exists.",
		    in->u.username);
	if (rc == STORE_OK)
		rc = user_write_groups(call, in);
	if (rc == STORE_OK && in->medias != NULL)
		rc = user_media_write(call, in->u.userid, in->medias);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static void
user_init_new(struct user *u)
{
	user_init_admin(u, "");
	user_set_str(&u->name, "");
	user_set_str(&u->surname, "");
	user_set_str(&u->autologout, "15m");
	u->autologin = 0;
	u->type = USER_TYPE_USER;
	u->roleid = 0;
}

/* Loads the objects of an update (a caller who is no super admin: itself only). */
static int
user_load_all(struct rpc_call *call, struct user_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t id = 0;
		int rc;

		id_from_json(cJSON_GetObjectItemCaseSensitive(in[i].obj, "userid"), &id);
		rc = call->user.type != USER_TYPE_SUPER_ADMIN && id != call->user.userid ?
		    STORE_ENOTFOUND : store_user_get(call->txn, id, &in[i].u);
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		in[i].loaded = true;
		in[i].old_username = xstrdup(in[i].u.username);
		in[i].old_roleid = in[i].u.roleid;
	}
	return RPC_COMMIT;
}

static int
user_write(struct rpc_call *call, cJSON *params, bool update, char **hashes)
{
	size_t n = (size_t)cJSON_GetArraySize(params), i = 0;
	struct user_in *in = xcalloc(n + 1, sizeof *in);
	struct id_list ids = { 0 };
	cJSON *obj;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params) {
		in[i].obj = obj;
		in[i].hash = hashes[i];
		if (!update)
			user_init_new(&in[i].u);
		i++;
	}
	if (!update)
		for (i = 0; i < n && rc == RPC_COMMIT; i++) {
			static const char *const req[] = { "username", "roleid", "usrgrps" };

			for (size_t k = 0; k < 3 && rc == RPC_COMMIT; k++)
				if (cJSON_GetObjectItemCaseSensitive(in[i].obj, req[k]) == NULL)
					rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": the "
					    "parameter \"%s\" is missing.", i + 1, req[k]);
		}
	if (rc == RPC_COMMIT && update)
		rc = user_load_all(call, in, n);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		user_merge(&in[i]);
	if (rc == RPC_COMMIT)
		rc = user_check_all(call, in, n);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		if ((rc = user_write_one(call, &in[i])) == RPC_COMMIT)
			id_list_add(&ids, in[i].u.userid);
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("userids", ids.ids, ids.n));
	id_list_free(&ids);
	user_in_free(in, n);
	return rc;
}

/* create and update: the passwords are hashed on the thread pool (bcrypt is slow), then
 * every check and the write run in the write group, on the params copied here. */
struct user_job {
	cJSON	*params;
	bool	 update;
	size_t	 n;
	char	**pw, **hash;
};

static void
user_job_work(void *arg)
{
	struct user_job *j = arg;

	for (size_t i = 0; i < j->n; i++) {
		if (j->pw[i] == NULL)
			continue;
		j->hash[i] = xcalloc(1, PASSWORD_HASH_MAX);
		if (password_hash(j->pw[i], j->hash[i], PASSWORD_HASH_MAX) != 0)
			j->hash[i][0] = '\0';
	}
}

static int
user_job_finish(struct rpc_call *call, void *arg)
{
	struct user_job *j = arg;

	return user_write(call, j->params, j->update, j->hash);
}

/* The dispatcher's free of a job (rpc_offload's arg_free), after its last write. */
static void
user_job_free(void *arg)
{
	struct user_job *j = arg;

	for (size_t i = 0; i < j->n; i++) {
		if (j->pw[i] != NULL)
			explicit_bzero(j->pw[i], strlen(j->pw[i]));
		free(j->pw[i]);
		free(j->hash[i]);
	}
	free(j->pw);
	free(j->hash);
	cJSON_Delete(j->params);
	free(j);
}

static enum rpc_result
user_job_start(struct rpc_call *call, cJSON *params, bool update)
{
	struct user_job *j = xcalloc(1, sizeof *j);
	const cJSON *obj;
	size_t i = 0;

	j->params = cJSON_Duplicate(params, true);
	j->update = update;
	j->n = (size_t)cJSON_GetArraySize(params);
	j->pw = xcalloc(j->n + 1, sizeof *j->pw);
	j->hash = xcalloc(j->n + 1, sizeof *j->hash);
	cJSON_ArrayForEach(obj, params) {
		const char *p = user_sent(obj, "passwd");

		j->pw[i++] = p != NULL ? xstrdup(p) : NULL;
	}
	return rpc_offload(call, user_job_work, user_job_finish, j, user_job_free);
}

static enum rpc_result
user_create_exec(struct rpc_call *call, cJSON *params)
{
	return user_job_start(call, params, false);
}

static enum rpc_result
user_update_exec(struct rpc_call *call, cJSON *params)
{
	return user_job_start(call, params, true);
}

/* The users of an id list (delete, unblock): every id must be a user. */
static int
user_load_ids(struct rpc_call *call, const cJSON *params, struct id_list *ids)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, params) {
		struct user u;
		uint64_t id = 0;
		int rc;

		id_from_json(e, &id);
		if ((rc = store_user_get(call->txn, id, &u)) == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		user_free(&u);
		id_list_add(ids, id);
	}
	return RPC_COMMIT;
}

static enum rpc_result
user_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	int rc = user_load_ids(call, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		struct user u;
		int src;

		if (ids.ids[i] == call->user.userid) {
			rc = rpc_fail(call, ERR_PARAM, "User is not allowed to delete himself.");
			break;
		}
		if ((src = store_user_get(call->txn, ids.ids[i], &u)) != STORE_OK) {
			rc = rpc_fail_store(call, src);
			break;
		}
		if (strcmp(u.username, "guest") == 0)
			rc = rpc_fail(call, ERR_PARAM, "Cannot delete Zabbix internal user \"guest\", "
			    "try disabling that user.");
		else if ((src = store_user_delete(call->txn, &u)) != STORE_OK)
			rc = rpc_fail_store(call, src);
		user_free(&u);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("userids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

static enum rpc_result
user_unblock_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	int rc = user_load_ids(call, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		struct user u;
		int src = store_user_get(call->txn, ids.ids[i], &u);

		if (src == STORE_OK) {
			u.attempt_failed = 0;
			src = store_user_put(call->txn, &u);
			if (src == STORE_OK)
				src = store_login_fails_clear(call->txn, u.userid);
			user_free(&u);
		}
		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("userids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

/* Not RPC_WRITE: the handler starts on the event loop, offloads bcrypt, and writes in the
 * group commit after it (as user.login does). */
const struct rpc_method method_user_create = {
	.name = "user.create",
	.params = &user_create_params, .exec = user_create_exec,
};
const struct rpc_method method_user_update = {
	.name = "user.update",
	.params = &user_update_params, .exec = user_update_exec,
};
const struct rpc_method method_user_delete = {
	.name = "user.delete", .flags = RPC_WRITE,
	.params = &user_ids_params, .exec = user_delete_exec,
};
const struct rpc_method method_user_unblock = {
	.name = "user.unblock", .flags = RPC_WRITE,
	.params = &user_ids_params, .exec = user_unblock_exec,
};
