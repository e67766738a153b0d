/* auth.c: who is calling: a session id or an API token (64 characters) from "auth" or the
 * Bearer header, their expiry and last access (written later, in a write group, at most
 * once a minute), and the user's groups (a disabled one locks the user out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch_impl.h"

struct session_touch {
	char		sessionid[SESSION_ID_LEN + 1];
	uint64_t	now;
	bool		remove;
};

/* A token's touch: its sessionid is "t:" and the token's id. */
#define TOKEN_TOUCH_PREFIX "t:"

static int
token_touch_run(struct store_txn *txn, uint64_t tokenid, uint64_t now)
{
	cJSON *doc;
	uint64_t last = 0;
	char buf[24];
	int rc = store_doc_get(txn, STORE_DB_TOKENS, tokenid, &doc);

	if (rc == STORE_OK) {
		util_parse_u64(doc_str(doc, "lastaccess"), &last);
		if (last < now) {
			doc_set_str(doc, "lastaccess", id_to_str(now, buf));
			rc = store_doc_put(txn, STORE_DB_TOKENS, tokenid, doc);
		}
		cJSON_Delete(doc);
	}
	return rc;
}

static int
session_touch_run(struct store_txn *txn, void *arg)
{
	struct session_touch *t = arg;
	struct session s;
	uint64_t tokenid;
	int rc;

	if (strncmp(t->sessionid, TOKEN_TOUCH_PREFIX, 2) == 0) {
		rc = util_parse_u64(t->sessionid + 2, &tokenid) ?
		    token_touch_run(txn, tokenid, t->now) : STORE_OK;
		return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : -1;
	}
	if (t->remove)
		rc = store_session_del(txn, t->sessionid);
	else if ((rc = store_session_get(txn, t->sessionid, &s)) == STORE_OK &&
	    s.lastaccess < t->now) {
		s.lastaccess = t->now;
		rc = store_session_put(txn, &s);
	}
	return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : -1;
}

void
dispatch_touch_flush(struct dispatch *d, const char *sid, uint64_t now, bool remove)
{
	struct session_touch *t = xcalloc(1, sizeof *t);

	snprintf(t->sessionid, sizeof t->sessionid, "%s", sid);
	t->now = now;
	t->remove = remove;
	dispatch_background(d, session_touch_run, t);
}

/* The rpc core's session_touch service: kept in the call, and queued when the call finishes
 * on the loop thread (a call may run on a pool thread; the write queue is the loop's). */
void
dispatch_session_touch(struct rpc_call *p, const char *sid, uint64_t now, bool remove)
{
	struct call *c = (struct call *)p;

	c->touch.set = true;
	c->touch.remove = remove;
	c->touch.now = now;
	snprintf(c->touch.sid, sizeof c->touch.sid, "%s", sid);
}

int
dispatch_auth_token(struct rpc_call *p, const char *tok, bool *expired)
{
	uint64_t tokenid = 0, last = 0, now = util_now();

	if (access_auth_token(p, tok, &tokenid, &last, expired) != RPC_COMMIT)
		return RPC_ROLLBACK;
	p->authed = true;
	if (now >= last + SESSION_SLIDE_SECONDS) {
		char sid[SESSION_ID_LEN + 1], id[24];

		snprintf(sid, sizeof sid, "%s%s", TOKEN_TOUCH_PREFIX, id_to_str(tokenid, id));
		dispatch_session_touch(p, sid, now, false);
	}
	return RPC_COMMIT;
}

/* Resolves a session id to its user: the Zabbix answers for unknown and expired. */
int
dispatch_auth_session(struct rpc_call *p, const char *tok)
{
	uint64_t now = util_now();
	int rc;

	rc = store_session_get(p->txn, tok, &p->session);
	if (rc == STORE_OK)
		rc = store_user_get(p->txn, p->session.userid, &p->user);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(p, ERR_AUTH, "Session terminated, re-login, please.");
	if (rc != STORE_OK)
		return rpc_fail_store(p, rc);
	if (session_expired(&p->session, user_autologout_seconds(&p->user), now) ||
	    (rc = access_auth_groups(p)) == RPC_ROLLBACK) {
		/* expired, or a group of the user is disabled: the session ends for good */
		dispatch_session_touch(p, tok, now, true);
		return rpc_fail(p, ERR_AUTH, "Session terminated, re-login, please.");
	}
	if (rc != STORE_OK)
		return rpc_fail_store(p, rc);
	p->authed = true;
	if (session_needs_slide(&p->session, now))
		dispatch_session_touch(p, tok, now, false);
	return RPC_COMMIT;
}

int
dispatch_call_auth(struct call *c)
{
	const char *tok = c->env.auth != NULL ? c->env.auth : c->req->bearer;
	bool expired;

	if (tok == NULL)
		return rpc_fail(&c->pub, ERR_AUTH, "Not authorized.");
	if (strlen(tok) == TOKEN_LEN)
		return dispatch_auth_token(&c->pub, tok, &expired);
	return dispatch_auth_session(&c->pub, tok);
}
