/* access.c: who may call what: the one table of the user type each method needs, the role's
 * API rules, and what a user's groups allow (frontend access, debug mode, disabled). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The methods that need more than a User (type 1) may call. Other methods: a "get" (or any
 * method that does not write) needs a User, any other write an Admin. */
static const struct {
	const char	*method;
	int		 type;
} access_required[] = {
	{ "user.create", USER_TYPE_SUPER_ADMIN },
	{ "user.delete", USER_TYPE_SUPER_ADMIN },
	{ "user.unblock", USER_TYPE_SUPER_ADMIN },
	{ "usergroup.create", USER_TYPE_SUPER_ADMIN },
	{ "usergroup.update", USER_TYPE_SUPER_ADMIN },
	{ "usergroup.delete", USER_TYPE_SUPER_ADMIN },
	{ "role.create", USER_TYPE_SUPER_ADMIN },
	{ "role.update", USER_TYPE_SUPER_ADMIN },
	{ "role.delete", USER_TYPE_SUPER_ADMIN },
	{ "hostgroup.create", USER_TYPE_SUPER_ADMIN },
	{ "usermacro.createglobal", USER_TYPE_SUPER_ADMIN },
	{ "usermacro.updateglobal", USER_TYPE_SUPER_ADMIN },
	{ "usermacro.deleteglobal", USER_TYPE_SUPER_ADMIN },
	/* writes any user may make: its own data, its session, its tokens */
	{ "user.update", USER_TYPE_USER },
	{ "user.logout", USER_TYPE_USER },
	{ "token.create", USER_TYPE_USER },
	{ "token.update", USER_TYPE_USER },
	{ "token.delete", USER_TYPE_USER },
	{ "token.generate", USER_TYPE_USER },
};

int
access_required_type(const struct rpc_method *m)
{
	for (size_t i = 0; i < sizeof access_required / sizeof access_required[0]; i++)
		if (access_required[i].method[0] == m->name[0] &&
		    strcmp(access_required[i].method, m->name) == 0)
			return access_required[i].type;
	return (m->flags & RPC_WRITE) ? USER_TYPE_ADMIN : USER_TYPE_USER;
}

enum store_rc
access_groups_of(struct store_txn *t, uint64_t userid, struct access_groups *g)
{
	uint32_t flags[3];
	enum store_rc rc = perm_user_groups(t, userid, flags, NULL);

	memset(g, 0, sizeof *g);
	g->gui_access = flags[0];
	g->users_status = flags[1];
	g->debug_mode = flags[2];
	return rc;
}

enum store_rc
access_role_of(struct store_txn *t, struct user *u, cJSON **role)
{
	enum store_rc rc = store_doc_get(t, STORE_DB_ROLES, u->roleid, role);

	if (rc == STORE_OK)
		u->type = (uint32_t)role_type(*role);
	else if (rc == STORE_ENOTFOUND) {	/* a store without roles: keep the stored type */
		*role = NULL;
		rc = STORE_OK;
	}
	return rc;
}

int
access_host_must(struct rpc_call *call, uint64_t hostid, bool write, enum err_kind kind)
{
	bool ok;
	int rc = perm_host_allows(call->txn, call->rights, hostid, write, &ok);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return ok ? RPC_COMMIT : rpc_fail(call, kind, NO_PERMISSIONS);
}

int
access_hosts_allow(struct rpc_call *call, const struct id_list *hosts, bool write, bool *ok)
{
	int rc = STORE_OK;

	*ok = true;
	for (size_t i = 0; rc == STORE_OK && *ok && i < hosts->n; i++)
		rc = perm_host_allows(call->txn, call->rights, hosts->ids[i], write, ok);
	return rc;
}

/* The last role document a call's check parsed, kept by its stored bytes (the role id is in
 * the key): the next check of the same role, unchanged, reads it without parsing it again,
 * and the answer for a method it was asked before without walking its rules again (the
 * answer depends on the role and the method only). Shared by the threads that run calls,
 * under its lock. */
#define ACCESS_MEMO_METHODS 16

static struct {
	pthread_mutex_t	 lock;
	uint64_t	 roleid;
	unsigned char	*raw;
	size_t		 len;
	cJSON		*role;		/* NULL: nothing kept */
	uint32_t	 type;		/* role_type of role */
	size_t		 nasked;	/* answers kept (at most ACCESS_MEMO_METHODS) */
	size_t		 next;		/* the slot the next new answer takes */
	struct {
		const struct rpc_method	*m;
		bool			 ok;
	}		 asked[ACCESS_MEMO_METHODS];
} access_memo = { .lock = PTHREAD_MUTEX_INITIALIZER };

void
access_memo_clear(void)
{
	pthread_mutex_lock(&access_memo.lock);
	cJSON_Delete(access_memo.role);
	free(access_memo.raw);
	access_memo.role = NULL;
	access_memo.raw = NULL;
	access_memo.len = 0;
	access_memo.nasked = 0;
	pthread_mutex_unlock(&access_memo.lock);
}

/* Whether the role (stored as raw, len bytes) lets a user of call->user's type call m; sets
 * call->user.type from the role. Called with the memo's lock held. */
static bool
access_role_allows(struct rpc_call *call, const struct rpc_method *m, const void *raw,
    size_t len, bool *corrupt)
{
	uint64_t id = call->user.roleid;
	cJSON *role = access_memo.role;
	size_t slot;
	bool ok;

	*corrupt = false;
	if (role == NULL || access_memo.roleid != id || access_memo.len != len ||
	    memcmp(access_memo.raw, raw, len) != 0) {
		if ((role = doc_decode(raw, len)) == NULL) {
			*corrupt = true;
			return false;
		}
		cJSON_Delete(access_memo.role);
		free(access_memo.raw);
		access_memo.role = role;
		access_memo.roleid = id;
		access_memo.raw = xmalloc(len > 0 ? len : 1);
		memcpy(access_memo.raw, raw, len);
		access_memo.len = len;
		access_memo.type = (uint32_t)role_type(role);
		access_memo.nasked = 0;
		access_memo.next = 0;
	}
	call->user.type = access_memo.type;
	for (size_t i = 0; i < access_memo.nasked; i++)
		if (access_memo.asked[i].m == m)
			return access_memo.asked[i].ok;
	ok = (int)call->user.type >= access_required_type(m) && role_api_allows(role, m->name) &&
	    (strncmp(m->name, "token.", 6) != 0 || role_action_enabled(role, "manage_api_tokens"));
	slot = access_memo.next++ % ACCESS_MEMO_METHODS;
	access_memo.asked[slot].m = m;
	access_memo.asked[slot].ok = ok;
	if (access_memo.nasked < ACCESS_MEMO_METHODS)
		access_memo.nasked++;
	return ok;
}

int
access_check(struct rpc_call *call, const struct rpc_method *m)
{
	const void *raw;
	size_t len;
	bool ok, corrupt = false;
	enum store_rc rc = store_get_id(call->txn, STORE_DB_ROLES, call->user.roleid, &raw, &len);

	if (rc == STORE_ENOTFOUND)	/* a store without roles: keep the stored type */
		ok = (int)call->user.type >= access_required_type(m);
	else if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	else {
		pthread_mutex_lock(&access_memo.lock);
		ok = access_role_allows(call, m, raw, len, &corrupt);
		pthread_mutex_unlock(&access_memo.lock);
		if (corrupt)
			return rpc_fail_store(call, STORE_ECORRUPT);
	}
	if (!ok)
		return rpc_fail(call, ERR_PARAM, "No permissions to call \"%s\".", m->name);
	return RPC_COMMIT;
}

int
access_auth_groups(struct rpc_call *p)
{
	struct access_groups g;
	int rc = access_groups_of(p->txn, p->user.userid, &g);

	if (rc != STORE_OK)
		return rc;
	p->user.gui_access = g.gui_access;
	p->user.debug_mode = g.debug_mode;
	return g.users_status != 0 ? RPC_ROLLBACK : STORE_OK;
}

int
access_auth_token(struct rpc_call *p, const char *tok, uint64_t *tokenid, uint64_t *last,
    bool *expired)
{
	unsigned char hash[TOKEN_HASH_LEN];
	uint64_t userid = 0, expires = 0;
	cJSON *doc = NULL;
	int rc;

	*expired = false;
	*tokenid = *last = 0;
	if (token_hash(tok, hash) != 0)
		return rpc_fail(p, ERR_INTERNAL, "Internal error.");
	rc = store_token_by_hash(p->txn, hash, tokenid);
	if (rc == STORE_OK)
		rc = store_doc_get(p->txn, STORE_DB_TOKENS, *tokenid, &doc);
	if (rc == STORE_OK && strcmp(doc_str(doc, "status"), "0") != 0)
		rc = STORE_ENOTFOUND;			/* disabled */
	if (rc == STORE_OK) {
		util_parse_u64(doc_str(doc, "userid"), &userid);
		util_parse_u64(doc_str(doc, "expires_at"), &expires);
		util_parse_u64(doc_str(doc, "lastaccess"), last);
		user_free(&p->user);
		rc = store_user_get(p->txn, userid, &p->user);
	}
	cJSON_Delete(doc);
	if (rc == STORE_OK && expires != 0 && expires <= util_now()) {
		*expired = true;
		return rpc_fail(p, ERR_REFUSED, "API token expired.");
	}
	if (rc == STORE_OK && (rc = access_auth_groups(p)) == RPC_ROLLBACK)
		rc = STORE_ENOTFOUND;		/* locked out while its group is disabled */
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(p, ERR_AUTH, "Not authorized.");
	if (rc != STORE_OK)
		return rpc_fail_store(p, rc);
	return RPC_COMMIT;
}

/* "value must be one of "a", "b"." for a list of names. */
static char *
access_one_of(const char *const *allowed)
{
	size_t len = 32;
	char *s, *p;

	for (size_t i = 0; allowed[i] != NULL; i++)
		len += strlen(allowed[i]) + 4;
	p = s = xmalloc(len);
	p += sprintf(p, "value must be one of ");
	for (size_t i = 0; allowed[i] != NULL; i++)
		p += sprintf(p, "%s\"%s\"", i > 0 ? ", " : "", allowed[i]);
	sprintf(p, ".");
	return s;
}

int
access_get_strict(struct rpc_call *call, const cJSON *params, const char *key,
    const char *const *allowed)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key), *e;
	size_t i = 0;

	if (cJSON_IsString(v) && strcmp(key, "sortfield") == 0) {
		for (size_t k = 0; allowed[k] != NULL; k++)
			if (strcmp(allowed[k], v->valuestring) == 0)
				return RPC_COMMIT;
		char *what = access_one_of(allowed);

		rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s/1\": %s", key, what);
		free(what);
		return RPC_ROLLBACK;
	}
	if (!cJSON_IsArray(v))
		return RPC_COMMIT;
	cJSON_ArrayForEach(e, v) {
		bool ok = false;

		i++;
		for (size_t k = 0; cJSON_IsString(e) && allowed[k] != NULL; k++)
			ok = ok || strcmp(allowed[k], e->valuestring) == 0;
		if (!ok) {
			char *what = access_one_of(allowed);

			rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s/%zu\": %s", key, i, what);
			free(what);
			return RPC_ROLLBACK;
		}
	}
	return RPC_COMMIT;
}

void
access_drop_pk(const cJSON *params, const char *pk, cJSON *obj)
{
	const cJSON *out = cJSON_GetObjectItemCaseSensitive(params, "output");

	if (cJSON_IsArray(out) && !get_list_has_name(out, pk))
		cJSON_DeleteItemFromObjectCaseSensitive(obj, pk);
}

cJSON *
access_doc_row(const cJSON *doc, const struct get_field *fields)
{
	cJSON *row = cJSON_CreateObject();

	for (size_t i = 0; fields[i].name != NULL; i++)
		cJSON_AddStringToObject(row, fields[i].name, doc_str(doc, fields[i].name));
	return row;
}

int
access_doc_load(struct rpc_call *call, enum store_db db, const struct get_field *fields,
    uint64_t id, cJSON **row)
{
	cJSON *doc;
	int rc = store_doc_get(call->txn, db, id, &doc);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = access_doc_row(doc, fields);
	cJSON_Delete(doc);
	return STORE_OK;
}

enum rpc_result
access_each(struct rpc_call *call, cJSON *params, const char *key,
    int (*one)(struct rpc_call *, cJSON *, size_t, uint64_t *))
{
	struct id_list ids = { 0 };
	cJSON *obj;
	size_t i = 0;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params) {
		uint64_t id = 0;

		if ((rc = one(call, obj, i++, &id)) != RPC_COMMIT)
			break;
		id_list_add(&ids, id);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids(key, ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

int
access_docs_must(struct rpc_call *call, enum store_db db, const cJSON *params,
    struct id_list *ids)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, params) {
		cJSON *doc;
		uint64_t id;
		int rc;

		if ((rc = access_doc_must(call, db, e, &doc, &id)) != RPC_COMMIT)
			return rc;
		cJSON_Delete(doc);
		id_list_add(ids, id);
	}
	return RPC_COMMIT;
}

int
access_doc_must(struct rpc_call *call, enum store_db db, const cJSON *idv, cJSON **doc,
    uint64_t *id)
{
	int rc;

	*doc = NULL;
	*id = 0;
	id_from_json(idv, id);
	if ((rc = store_doc_get(call->txn, db, *id, doc)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}
