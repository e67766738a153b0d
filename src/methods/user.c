/* user.c: user.login, user.logout and user.checkAuthentication (sessions and API tokens). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/metrics.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define LOGIN_FAILED "Incorrect user name or password or account is temporarily blocked."

/* A hash of no password: unknown users cost one bcrypt too, so timing does not tell. */
static const char login_dummy_hash[] =
    "$2y$10$l12J8undUcalGuI47fngZeh1TuIl.01C0bYp3mP7ufkWxvyLuEf/G";

/* "user" is the deprecated name of "username"; both together are refused. */
static const struct rule_field user_login_fields[] = {
	{ "user", { .type = RULE_ANY, .rename = "username" } },
	{ "username", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_KEEP_NUL,
	    .length = 255 } },
	{ "password", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_KEEP_NUL,
	    .length = 255 } },
	{ "userData", { .type = RULE_FLAG } },
	{ NULL, { 0 } },
};
static const struct rule user_login_params = { .type = RULE_OBJECT, .fields = user_login_fields };

static const struct rule_field user_check_fields[] = {
	{ "sessionid", { .type = RULE_STRING, .flags = RULE_KEEP_NUL } },
	{ "token", { .type = RULE_STRING, .flags = RULE_KEEP_NUL } },
	{ "extend", { .type = RULE_BOOLEAN } },
	{ NULL, { 0 } },
};
static const struct rule user_check_params = { .type = RULE_OBJECT, .fields = user_check_fields };

static const struct rule user_logout_params = { .type = RULE_EMPTY };

struct login {
	char		*username, *password, *hash;
	bool		 found, userdata, ok;
};

/* Zabbix's rule (--login-attempts failures, then --login-block seconds refused, and one more
 * failure after a block blocks again), counted per user *and* client address: failures from
 * one address never block the user at another. */
static enum store_rc
login_blocked(struct rpc_call *call, const struct user *u, uint64_t now, bool *blocked)
{
	const struct rpc_limits *o = call->limits;
	uint32_t failed;
	uint64_t clock;
	enum store_rc rc;

	*blocked = false;
	rc = store_login_fails_get(call->txn, u->userid, call->client_ip, &failed, &clock);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc == STORE_OK)
		*blocked = o->login_attempts > 0 && failed >= o->login_attempts &&
		    now < clock + o->login_block;
	return rc;
}

static void
login_free(struct login *l)
{
	free(l->username);
	if (l->password != NULL)
		explicit_bzero(l->password, strlen(l->password));
	free(l->password);
	free(l->hash);
}

static void
user_login_work(void *arg)
{
	struct login *l = arg;

	l->ok = password_verify(l->password, l->found ? l->hash : login_dummy_hash) && l->found;
}

static enum rpc_result
login_record_failure(struct rpc_call *call, struct user *u, uint64_t now)
{
	enum store_rc rc;
	uint32_t failed;
	uint64_t clock;

	u->attempt_failed++;
	u->attempt_clock = now;
	user_set_str(&u->attempt_ip, call->client_ip);
	if ((rc = store_user_put(call->txn, u)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = store_login_fails_get(call->txn, u->userid, call->client_ip, &failed, &clock);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	rc = store_login_fails_put(call->txn, u->userid, call->client_ip, failed + 1, now);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rpc_fail(call, ERR_REFUSED, LOGIN_FAILED);
	return RPC_COMMIT;	/* the failed attempt is kept, though the call fails */
}

static enum rpc_result
login_open_session(struct rpc_call *call, struct user *u, const struct login *l, uint64_t now)
{
	struct session s = { .userid = u->userid, .lastaccess = now };
	enum store_rc rc;

	if (session_id_new(s.sessionid) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Cannot create a session.");
	memcpy(s.ip, call->client_ip, sizeof s.ip);
	if (u->attempt_failed != 0) {
		u->attempt_failed = 0;
		if ((rc = store_user_put(call->txn, u)) != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	if ((rc = store_login_fails_del(call->txn, u->userid, call->client_ip)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = store_session_put(call->txn, &s)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (l->userdata) {
		struct access_groups g;
		cJSON *role = NULL;

		if ((rc = access_groups_of(call->txn, u->userid, &g)) != STORE_OK ||
		    (rc = access_role_of(call->txn, u, &role)) != STORE_OK)
			return rpc_fail_store(call, rc);
		cJSON_Delete(role);
		u->gui_access = g.gui_access;
		u->debug_mode = g.debug_mode;
		return rpc_ok(call, user_to_json(u, call->client_ip, s.sessionid));
	}
	return rpc_ok(call, cJSON_CreateString(s.sessionid));
}

/* Second half of user.login, in the write group once bcrypt has answered. */
static int
user_login_finish(struct rpc_call *call, void *arg)
{
	struct login *l = arg;
	uint64_t now = util_now();
	bool blocked;
	struct user u;
	enum store_rc rc;
	enum rpc_result res;

	if (!l->found)
		return rpc_fail(call, ERR_PARAM, LOGIN_FAILED);
	rc = store_user_by_name(call->txn, l->username, &u);
	if (rc != STORE_OK) {
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_PARAM, LOGIN_FAILED);
		return rpc_fail_store(call, rc);
	}
	if ((rc = login_blocked(call, &u, now, &blocked)) != STORE_OK)
		res = rpc_fail_store(call, rc);
	else if (blocked) {
		metrics_login_blocked();
		res = rpc_fail(call, ERR_REFUSED, LOGIN_FAILED);
	}
	else if (!l->ok)
		res = login_record_failure(call, &u, now);
	else
		res = login_open_session(call, &u, l, now);
	user_free(&u);
	return res;
}

/* The dispatcher's free of a login (rpc_offload's arg_free), after its last write. */
static void
login_free_all(void *arg)
{
	login_free(arg);
	free(arg);
}

static enum rpc_result
user_login_exec(struct rpc_call *call, cJSON *params)
{
	struct login *l = xcalloc(1, sizeof *l);
	cJSON *ud = cJSON_GetObjectItemCaseSensitive(params, "userData");
	struct user u;
	enum store_rc rc;

	l->username = xstrdup(cJSON_GetObjectItemCaseSensitive(params, "username")->valuestring);
	l->password = xstrdup(cJSON_GetObjectItemCaseSensitive(params, "password")->valuestring);
	l->userdata = cJSON_IsTrue(ud);
	rc = store_user_by_name(call->txn, l->username, &u);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND) {
		login_free(l);
		free(l);
		return rpc_fail_store(call, rc);
	}
	if (rc == STORE_OK) {
		bool blocked;

		rc = login_blocked(call, &u, util_now(), &blocked);
		if (rc != STORE_OK) {
			user_free(&u);
			login_free(l);
			free(l);
			return rpc_fail_store(call, rc);
		}
		struct access_groups g;

		if (rc == STORE_OK)
			rc = access_groups_of(call->txn, u.userid, &g);
		if (rc != STORE_OK || g.users_status != 0) {
			user_free(&u);
			login_free(l);
			free(l);
			return rc != STORE_OK ? rpc_fail_store(call, rc) :
			    rpc_fail(call, ERR_PARAM, "No permissions for system access.");
		}
		l->found = true;
		l->hash = xstrdup(u.passwd);
		user_free(&u);
		if (blocked) {
			metrics_login_blocked();
			login_free(l);
			free(l);
			return rpc_fail(call, ERR_REFUSED, LOGIN_FAILED);
		}
	}
	return rpc_offload(call, user_login_work, user_login_finish, l, login_free_all);
}

static enum rpc_result
user_logout_exec(struct rpc_call *call, cJSON *params)
{
	enum store_rc rc;

	(void)params;
	rc = store_session_del(call->txn, call->session.sessionid);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, "Session terminated, re-login, please.");
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_ok(call, cJSON_CreateTrue());
}

/* checkAuthentication with a token: the user's data without a session id; "extend" is no
 * parameter then. */
static enum rpc_result
user_check_token(struct rpc_call *call, cJSON *params, const cJSON *tok)
{
	uint64_t tokenid, last;
	bool expired;
	cJSON *role = NULL;
	enum store_rc rc;

	if (cJSON_GetObjectItemCaseSensitive(params, "extend") != NULL)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/\": unexpected parameter "
		    "\"extend\".");
	if (strlen(tok->valuestring) != TOKEN_TEXT_LEN)
		return rpc_fail(call, ERR_PARAM, "Not authorized.");
	if (access_auth_token(call, tok->valuestring, &tokenid, &last, &expired) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((rc = access_role_of(call->txn, &call->user, &role)) != STORE_OK)
		return rpc_fail_store(call, rc);
	cJSON_Delete(role);
	return rpc_ok(call, user_to_json(&call->user, call->client_ip, NULL));
}

static enum rpc_result
user_check_exec(struct rpc_call *call, cJSON *params)
{
	cJSON *sid = cJSON_GetObjectItemCaseSensitive(params, "sessionid");
	cJSON *tok = cJSON_GetObjectItemCaseSensitive(params, "token");
	cJSON *extend = cJSON_GetObjectItemCaseSensitive(params, "extend");
	struct session s;
	struct user u;
	uint64_t now = util_now();
	cJSON *role = NULL;
	enum store_rc rc;

	if ((sid == NULL) == (tok == NULL))
		return rpc_fail(call, ERR_PARAM, "Session ID or token is expected.");
	if (tok != NULL)
		return user_check_token(call, params, tok);
	rc = store_session_get(call->txn, sid->valuestring, &s);
	if (rc == STORE_OK)
		rc = store_user_get(call->txn, s.userid, &u);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, "Session terminated, re-login, please.");
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	user_free(&call->user);
	call->user = u;
	/* a disabled group: refused, but the session is not ended here (Zabbix rolls that
	 * back with the call) */
	if (session_expired(&s, user_autologout_seconds(&u), now) ||
	    (rc = access_auth_groups(call)) == (enum store_rc)RPC_ROLLBACK)
		return rpc_fail(call, ERR_PARAM, "Session terminated, re-login, please.");
	if (rc != STORE_OK || (rc = access_role_of(call->txn, &call->user, &role)) != STORE_OK)
		return rpc_fail_store(call, rc);
	cJSON_Delete(role);
	if (!cJSON_IsFalse(extend) && session_needs_slide(&s, now))
		rpc_session_touch(call, s.sessionid, now, false);
	return rpc_ok(call, user_to_json(&call->user, call->client_ip, s.sessionid));
}

const struct rpc_method method_user_login = {
	.name = "user.login",
	.flags = RPC_NOAUTH,
	.params = &user_login_params,
	.exec = user_login_exec,
};

const struct rpc_method method_user_logout = {
	.name = "user.logout",
	.flags = RPC_WRITE,
	.params = &user_logout_params,
	.exec = user_logout_exec,
};

const struct rpc_method method_user_checkauthentication = {
	.name = "user.checkauthentication",
	.flags = RPC_NOAUTH,
	.params = &user_check_params,
	.exec = user_check_exec,
};
