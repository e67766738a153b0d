/* auth.c: who is calling: a session id from "auth" or the Bearer header, its expiry and
 * sliding (written later, in a write group, at most once a minute). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch_impl.h"

struct session_touch {
	char		sessionid[SESSION_ID_LEN + 1];
	uint64_t	now;
	bool		remove;
};

static int
session_touch_run(struct store_txn *txn, void *arg)
{
	struct session_touch *t = arg;
	struct session s;
	int rc;

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

	memcpy(t->sessionid, sid, SESSION_ID_LEN);
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
	if (session_expired(&p->session, user_autologout_seconds(&p->user), now)) {
		dispatch_session_touch(p, tok, now, true);
		return rpc_fail(p, ERR_AUTH, "Session terminated, re-login, please.");
	}
	p->authed = true;
	if (session_needs_slide(&p->session, now))
		dispatch_session_touch(p, tok, now, false);
	return RPC_COMMIT;
}

int
dispatch_call_auth(struct call *c)
{
	const char *tok = c->env.auth != NULL ? c->env.auth : c->req->bearer;

	if (tok == NULL || strlen(tok) == TOKEN_LEN)	/* no API tokens are issued yet */
		return rpc_fail(&c->pub, ERR_AUTH, "Not authorized.");
	return dispatch_auth_session(&c->pub, tok);
}
