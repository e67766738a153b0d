/* dispatch.c: runs the calls of a request in order: lookup, auth, validation, read txns for
 * reads, and group commit for writes (one LMDB commit for all writes of an event-loop turn). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/dispatch.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define TOKEN_LEN		64
#define DISPATCH_HASH_NICE	10	/* bcrypt yields to the loop and the writer */

enum call_state { CALL_NEW, CALL_RUNNING, CALL_DONE };

struct call {
	struct rpc_call		 pub;		/* first: handlers get &call->pub */
	struct rpc_request	*req;
	enum call_state		 state;
	const cJSON		*entry;		/* the call in the document */
	struct jsonrpc_call	 env;
	const cJSON		*echo_id;
	const struct rpc_method	*m;
	int			 early_code;	/* envelope or lookup error */
	char			*early_data;
	bool			 pending;	/* counted in req->outstanding */
	uint64_t		 started_us;
	rpc_write_fn		 write_fn;
	void			*write_arg;
	void			(*work)(void *);
	cJSON			*reply;
};

struct rpc_request {
	struct dispatch		*d;
	cJSON			*doc;
	bool			 batch;
	size_t			 n, next, outstanding;
	struct call		*calls;
	cJSON			*whole;		/* a reply for the whole body */
	dispatch_done_fn	 done;
	void			*done_arg;
	dispatch_auth_fn	 auth;		/* dispatch_call: its own authentication */
	dispatch_call_done_fn	 call_done;	/* dispatch_call: its completion */
	char			*bearer;
	char			 client_ip[48];
};

struct job {
	struct call		*call;		/* NULL for a background write */
	int			(*bg_fn)(struct store_txn *, void *);
	void			*bg_arg;
	int			 rc;
	struct job		*next;
};

struct dispatch {
	struct store		*store;
	struct dispatch_opts	 opts;
	struct dispatch_hooks	 hooks;
	struct pool		*pool;
	struct job		*head, *tail;	/* writes waiting for the next group */
	bool			 flush_scheduled;
	struct pool		*writer;	/* the one thread that commits, or NULL */
	bool			 writing;	/* a group is on the writer thread */
	size_t			 live;		/* requests in flight */
};

static void request_advance(struct rpc_request *);
static void call_finish(struct call *);

/* ---- handler helpers ---- */

int
rpc_ok(struct rpc_call *c, cJSON *result)
{
	cJSON_Delete(c->result);
	c->result = result;
	return RPC_COMMIT;
}

int
rpc_fail_take(struct rpc_call *c, int code, char *data)
{
	free(c->err_data);
	c->err_code = code;
	c->err_data = data;
	c->bk_code = 0;
	return RPC_ROLLBACK;
}

int
rpc_fail_bk(struct rpc_call *c, int code, int bk_code, const char *fmt, ...)
{
	va_list ap;
	char *data;

	va_start(ap, fmt);
	data = xvasprintf(fmt, ap);
	va_end(ap);
	rpc_fail_take(c, code, data);
	c->bk_code = bk_code;
	return RPC_ROLLBACK;
}

int
rpc_fail(struct rpc_call *c, int code, const char *fmt, ...)
{
	va_list ap;
	char *data;

	va_start(ap, fmt);
	data = xvasprintf(fmt, ap);
	va_end(ap);
	return rpc_fail_take(c, code, data);
}

/* Storage failures reach clients as -32603 with a plain text, never LMDB's. */
int
rpc_fail_store(struct rpc_call *c, int store_rc)
{
	return rpc_fail(c, JSONRPC_INTERNAL_ERROR, "%s.", store_strerror(store_rc));
}

const struct dispatch_opts *
rpc_opts(const struct rpc_call *c)
{
	return &c->d->opts;
}

/* ---- group commit ---- */

static void
dispatch_schedule(struct dispatch *d)
{
	if (!d->flush_scheduled) {
		d->flush_scheduled = true;
		d->hooks.schedule_flush(d->hooks.arg);
	}
}

static void
dispatch_enqueue(struct dispatch *d, struct job *j)
{
	j->next = NULL;
	if (d->tail != NULL)
		d->tail->next = j;
	else
		d->head = j;
	d->tail = j;
	dispatch_schedule(d);
}

void
dispatch_background(struct dispatch *d, int (*fn)(struct store_txn *, void *), void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->bg_fn = fn;
	j->bg_arg = arg;
	dispatch_enqueue(d, j);
}

static void
call_enqueue_write(struct call *c, rpc_write_fn fn, void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);

	c->write_fn = fn;
	c->write_arg = arg;
	j->call = c;
	dispatch_enqueue(c->req->d, j);
}

/* Runs one job in its own nested transaction; a failing job undoes only itself. */
static void
job_run(struct dispatch *d, struct store_txn *parent, struct job *j)
{
	struct store_txn *child;
	int rc;

	if ((rc = store_txn_write(d->store, parent, &child)) != STORE_OK) {
		j->rc = RPC_ROLLBACK;
		if (j->call != NULL)
			rpc_fail_store(&j->call->pub, rc);
		return;
	}
	if (j->call != NULL) {
		j->call->pub.txn = child;
		j->rc = j->call->write_fn(&j->call->pub, j->call->write_arg);
		j->call->pub.txn = NULL;
	} else
		j->rc = j->bg_fn(child, j->bg_arg) == 0 ? RPC_COMMIT : RPC_ROLLBACK;
	if (j->rc != RPC_COMMIT) {
		store_txn_abort(child);
		return;
	}
	if ((rc = store_txn_commit(child)) != STORE_OK) {
		j->rc = RPC_ROLLBACK;
		if (j->call != NULL)
			rpc_fail_store(&j->call->pub, rc);
	}
}

/* One top-level transaction for the jobs [first, last]; their replies wait for its commit. */
static void
group_run(struct dispatch *d, struct job *first, struct job *stop)
{
	struct store_txn *parent;
	struct job *j;
	int rc;

	if ((rc = store_txn_write(d->store, NULL, &parent)) == STORE_OK) {
		for (j = first; j != stop; j = j->next)
			job_run(d, parent, j);
		rc = store_txn_commit(parent);
	}
	for (j = first; j != stop; j = j->next) {
		if (rc != STORE_OK && j->call != NULL && j->rc == RPC_COMMIT) {
			cJSON_Delete(j->call->pub.result);
			j->call->pub.result = NULL;
			rpc_fail_store(&j->call->pub, rc);
		}
	}
}

static void
group_complete(struct job *first, struct job *stop)
{
	struct job *j, *next;

	for (j = first; j != stop; j = next) {
		next = j->next;
		if (j->call != NULL) {
			free(j->call->write_arg);
			j->call->write_arg = NULL;
			call_finish(j->call);
		} else
			free(j->bg_arg);
		free(j);
	}
}

/* Every chunk of a group: all of it in one commit, or (without group commit) one each. */
static void
group_run_all(struct dispatch *d, struct job *jobs)
{
	struct job *stop;

	for (; jobs != NULL; jobs = stop) {
		stop = d->opts.group_commit ? NULL : jobs->next;
		group_run(d, jobs, stop);
	}
}

/* A group on its way through the writer thread. */
struct group_batch {
	struct dispatch	*d;
	struct job	*jobs;
};

static void
group_work(void *arg)
{
	struct group_batch *b = arg;

	group_run_all(b->d, b->jobs);
}

/* Back on the loop: the group is durable; reply, and start the writes queued meanwhile. */
static void
group_done(void *arg)
{
	struct group_batch *b = arg;
	struct dispatch *d = b->d;

	d->writing = false;
	group_complete(b->jobs, NULL);
	free(b);
	if (d->head != NULL)
		dispatch_schedule(d);
}

/* Commits the queued writes: on the writer thread when there is one, so that the loop keeps
 * answering reads during the fsync; the next group gathers while this one commits. */
void
dispatch_flush(struct dispatch *d)
{
	struct job *jobs = d->head;
	struct group_batch *b;

	d->flush_scheduled = false;
	if (jobs == NULL || d->writing)
		return;		/* group_done flushes again */
	d->head = d->tail = NULL;
	if (d->writer == NULL) {
		group_run_all(d, jobs);
		group_complete(jobs, NULL);
		return;
	}
	b = xmalloc(sizeof *b);
	b->d = d;
	b->jobs = jobs;
	d->writing = true;
	pool_submit(d->writer, group_work, group_done, b);
}

/* ---- the thread pool ---- */

struct offload {
	struct call	*call;
	void		(*work)(void *);
	rpc_write_fn	 then;
	void		*arg;
};

static void
offload_work(void *p)
{
	struct offload *o = p;

	o->work(o->arg);
}

static void
offload_done(void *p)
{
	struct offload *o = p;

	call_enqueue_write(o->call, o->then, o->arg);
	free(o);
}

int
rpc_offload(struct rpc_call *pub, void (*work)(void *), rpc_write_fn then, void *arg)
{
	struct offload *o = xmalloc(sizeof *o);

	o->call = (struct call *)pub;
	o->work = work;
	o->then = then;
	o->arg = arg;
	pool_submit(pub->d->pool, offload_work, offload_done, o);
	return RPC_PENDING;
}

int
dispatch_pool_fd(struct dispatch *d)
{
	return pool_fd(d->pool);
}

int
dispatch_writer_fd(struct dispatch *d)
{
	return d->writer != NULL ? pool_fd(d->writer) : -1;
}

void
dispatch_pool_drain(struct dispatch *d)
{
	pool_drain(d->pool);
	if (d->writer != NULL)
		pool_drain(d->writer);
}

/* ---- authentication ---- */

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

static void
session_touch(struct dispatch *d, const char *sid, uint64_t now, bool remove)
{
	struct session_touch *t = xcalloc(1, sizeof *t);

	memcpy(t->sessionid, sid, SESSION_ID_LEN);
	t->now = now;
	t->remove = remove;
	dispatch_background(d, session_touch_run, t);
}

void
dispatch_session_touch(struct dispatch *d, const char *sid, uint64_t now)
{
	session_touch(d, sid, now, false);
}

/* Resolves a session id to its user: the Zabbix answers for unknown and expired. */
int
rpc_auth_session(struct rpc_call *p, const char *tok)
{
	uint64_t now = util_now();
	int rc;

	rc = store_session_get(p->txn, tok, &p->session);
	if (rc == STORE_OK)
		rc = store_user_get(p->txn, p->session.userid, &p->user);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(p, JSONRPC_INVALID_PARAMS, "Session terminated, re-login, please.");
	if (rc != STORE_OK)
		return rpc_fail_store(p, rc);
	p->authed = true;
	if (session_expired(&p->session, user_autologout_seconds(&p->user), now)) {
		session_touch(p->d, tok, now, true);
		return rpc_fail(p, JSONRPC_INVALID_PARAMS, "Session terminated, re-login, please.");
	}
	if (session_needs_slide(&p->session, now))
		session_touch(p->d, tok, now, false);
	return RPC_COMMIT;
}

static int
call_auth(struct call *c)
{
	const char *tok = c->env.auth != NULL ? c->env.auth : c->req->bearer;

	if (tok == NULL || strlen(tok) == TOKEN_LEN)	/* no API tokens are issued yet */
		return rpc_fail(&c->pub, JSONRPC_INVALID_PARAMS, "Not authorized.");
	return rpc_auth_session(&c->pub, tok);
}

/* ---- calls ---- */

static int
call_exec_write(struct rpc_call *p, void *arg)
{
	struct call *c = (struct call *)p;

	(void)arg;
	return c->m->exec(p, c->env.params);
}

static void
call_prepare(struct call *c)
{
	char *cause = NULL;

	if (jsonrpc_call_check(c->entry, &c->env, &c->echo_id, &cause) != 0) {
		c->early_code = JSONRPC_INVALID_REQUEST;
		c->early_data = cause;
		return;
	}
	c->echo_id = c->env.id;
	if ((c->m = methods_find(c->env.method, &cause)) == NULL) {
		c->early_code = JSONRPC_METHOD_NOT_FOUND;
		c->early_data = cause;
	}
}

/* Auth, then the method's own preparation and rules; RPC_COMMIT when the call may run. */
static int
call_admit(struct call *c, struct store_txn *txn)
{
	struct rpc_call *p = &c->pub;
	char *cause;

	if (c->req->auth != NULL) {
		if (c->req->auth(p, c->env.params) != RPC_COMMIT)
			return RPC_ROLLBACK;
	} else if (c->m->flags & RPC_NOAUTH) {
		if (c->env.has_auth)
			return rpc_fail(p, JSONRPC_INVALID_PARAMS, "The \"%s\" method must be "
			    "called without the \"auth\" parameter.", c->env.method);
	} else if (call_auth(c) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (c->m->prepare != NULL && c->m->prepare(p, c->env.params) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (c->m->params != NULL && validate_params(c->m->params, c->env.params, &cause) != 0)
		return rpc_fail_take(p, JSONRPC_INVALID_PARAMS, cause);
	return RPC_COMMIT;
}

static void
call_start(struct call *c)
{
	struct store_txn *txn;
	int rc;

	c->state = CALL_RUNNING;
	c->started_us = util_mono_us();
	if (c->early_code != 0) {
		rpc_fail_take(&c->pub, c->early_code, c->early_data);
		c->early_data = NULL;
		call_finish(c);
		return;
	}
	if ((rc = store_txn_read(c->req->d->store, &txn)) != STORE_OK) {
		rpc_fail_store(&c->pub, rc);
		call_finish(c);
		return;
	}
	c->pub.txn = txn;
	rc = call_admit(c, txn);
	if (rc == RPC_COMMIT && (c->m->flags & RPC_WRITE)) {
		store_txn_abort(txn);
		c->pub.txn = NULL;
		c->pending = true;
		c->req->outstanding++;
		call_enqueue_write(c, call_exec_write, NULL);
		return;
	}
	if (rc == RPC_COMMIT)
		rc = c->m->exec(&c->pub, c->env.params);
	store_txn_abort(txn);
	c->pub.txn = NULL;
	if (rc == RPC_PENDING) {
		c->pending = true;
		c->req->outstanding++;
		return;
	}
	call_finish(c);
}

static void
call_log(const struct call *c)
{
	uint64_t us;

	if (!log_enabled(LOG_INFO))
		return;
	us = util_mono_us() - c->started_us;
	if (c->pub.err_code != 0)
		log_info("%s %s error %d (%llu us): %s", c->req->client_ip,
		    c->env.method ? c->env.method : "-", c->pub.err_code,
		    (unsigned long long)us, c->pub.err_data);
	else
		log_info("%s %s ok (%llu us)", c->req->client_ip, c->env.method,
		    (unsigned long long)us);
}

static void
call_finish(struct call *c)
{
	struct rpc_call *p = &c->pub;
	bool reply = c->early_code == JSONRPC_INVALID_REQUEST || c->env.id != NULL;

	call_log(c);
	if (reply && p->err_code != 0)
		c->reply = jsonrpc_reply_error(c->echo_id, p->err_code, p->err_data);
	else if (reply) {
		c->reply = jsonrpc_reply_result(c->echo_id, p->result);
		p->result = NULL;
	}
	c->state = CALL_DONE;
	if (c->pending) {
		c->pending = false;
		c->req->outstanding--;
		request_advance(c->req);
	}
}

static void
call_free(struct call *c)
{
	user_free(&c->pub.user);
	cJSON_Delete(c->pub.result);
	cJSON_Delete(c->reply);
	free(c->pub.err_data);
	free(c->early_data);
	free(c->write_arg);
	free(c->pub.caller);
}

/* ---- requests ---- */

static void
request_free(struct rpc_request *req)
{
	for (size_t i = 0; i < req->n; i++)
		call_free(&req->calls[i]);
	free(req->calls);
	cJSON_Delete(req->doc);
	free(req->bearer);
	req->d->live--;
	free(req);
}

static void
request_finish(struct rpc_request *req)
{
	cJSON *out = req->whole;
	char *body = NULL;
	size_t len = 0;

	if (req->call_done != NULL) {
		req->call_done(req->done_arg, &req->calls[0].pub);
		request_free(req);
		return;
	}
	if (out == NULL && req->batch) {
		out = cJSON_CreateArray();
		for (size_t i = 0; i < req->n; i++) {
			if (req->calls[i].reply != NULL) {
				cJSON_AddItemToArray(out, req->calls[i].reply);
				req->calls[i].reply = NULL;
			}
		}
		if (cJSON_GetArraySize(out) == 0) {
			cJSON_Delete(out);
			out = NULL;
		}
	} else if (out == NULL && req->n == 1) {
		out = req->calls[0].reply;
		req->calls[0].reply = NULL;
	}
	req->whole = NULL;
	if (out != NULL)
		body = jsonrpc_print(out, &len);
	req->done(req->done_arg, body, len);
	cJSON_free(body);
	cJSON_Delete(out);
	request_free(req);
}

/* Starts calls in order. Consecutive writes join the same group; any other call waits until
 * the writes before it have committed, so it sees them. */
static void
request_advance(struct rpc_request *req)
{
	while (req->next < req->n) {
		struct call *c = &req->calls[req->next];
		bool write = c->early_code == 0 && (c->m->flags & RPC_WRITE);

		if (req->outstanding > 0 && !write)
			return;
		req->next++;
		call_start(c);
	}
	if (req->outstanding == 0)
		request_finish(req);
}

static void
request_split(struct rpc_request *req)
{
	const cJSON *doc = req->doc, *entry;
	size_t i = 0;

	if (doc == NULL) {
		req->whole = jsonrpc_reply_error(NULL, JSONRPC_PARSE_ERROR, JSONRPC_PARSE_DATA);
		return;
	}
	req->batch = cJSON_IsArray(doc);
	req->n = req->batch ? (size_t)cJSON_GetArraySize(doc) : 1;
	if ((!req->batch && !(cJSON_IsObject(doc) && doc->child != NULL)) || req->n == 0) {
		req->whole = jsonrpc_reply_error(NULL, JSONRPC_INVALID_REQUEST,
		    JSONRPC_NOT_REQUEST_DATA);
		req->n = 0;
		return;
	}
	if (req->n > req->d->opts.max_batch) {
		char *msg = xasprintf("Invalid parameter \"/\": a batch may hold at most %zu "
		    "requests.", req->d->opts.max_batch);

		req->whole = jsonrpc_reply_error(NULL, JSONRPC_INVALID_REQUEST, msg);
		free(msg);
		req->n = 0;
		return;
	}
	req->calls = xcalloc(req->n, sizeof *req->calls);
	if (!req->batch) {
		req->calls[0].entry = doc;
	} else {
		cJSON_ArrayForEach(entry, doc)
			req->calls[i++].entry = entry;
	}
	for (i = 0; i < req->n; i++) {
		req->calls[i].req = req;
		req->calls[i].pub.d = req->d;
		memcpy(req->calls[i].pub.client_ip, req->client_ip, sizeof req->client_ip);
		call_prepare(&req->calls[i]);
	}
}

void
dispatch_request(struct dispatch *d, const char *body, size_t len, const char *client_ip,
    const char *bearer, dispatch_done_fn done, void *arg)
{
	struct rpc_request *req = xcalloc(1, sizeof *req);

	req->d = d;
	req->done = done;
	req->done_arg = arg;
	req->bearer = bearer != NULL ? xstrdup(bearer) : NULL;
	snprintf(req->client_ip, sizeof req->client_ip, "%s", client_ip ? client_ip : "");
	d->live++;
	req->doc = jsonrpc_body_parse(body, len);
	request_split(req);
	request_advance(req);
}

void
dispatch_call(struct dispatch *d, const struct rpc_method *m, cJSON *params,
    const char *client_ip, dispatch_auth_fn auth, dispatch_call_done_fn done, void *arg)
{
	struct rpc_request *req = xcalloc(1, sizeof *req);
	struct call *c;

	req->d = d;
	req->doc = params;
	req->auth = auth;
	req->call_done = done;
	req->done_arg = arg;
	snprintf(req->client_ip, sizeof req->client_ip, "%s", client_ip ? client_ip : "");
	d->live++;
	req->n = 1;
	req->calls = c = xcalloc(1, sizeof *req->calls);
	c->req = req;
	c->pub.d = d;
	memcpy(c->pub.client_ip, req->client_ip, sizeof req->client_ip);
	c->m = m;
	c->env.method = m->name;
	c->env.params = params;
	request_advance(req);
}

/* ---- lifecycle ---- */

struct dispatch *
dispatch_new(struct store *st, const struct dispatch_opts *o, const struct dispatch_hooks *h)
{
	struct dispatch *d = xcalloc(1, sizeof *d);

	d->store = st;
	d->opts = *o;
	d->hooks = *h;
	d->pool = pool_new(o->pool_threads, DISPATCH_HASH_NICE);
	if (o->writer_thread)
		d->writer = pool_new(1, 0);
	return d;
}

/* Waits for the pool, then commits whatever is still queued. */
void
dispatch_free(struct dispatch *d)
{
	if (d == NULL)
		return;
	pool_free(d->pool);	/* runs the last completions: they enqueue writes */
	pool_free(d->writer);	/* finishes the group in flight */
	d->writer = NULL;
	d->writing = false;
	dispatch_flush(d);	/* and commits what is left, here */
	free(d);
}

size_t
dispatch_busy(const struct dispatch *d)
{
	return d->live + (d->head != NULL) + d->writing;
}

static int
dispatch_purge_run(struct store_txn *txn, void *arg)
{
	size_t n;
	int rc = store_session_purge(txn, *(uint64_t *)arg, &n);

	if (rc == STORE_OK && n > 0)
		log_info("purged %zu expired sessions", n);
	return rc == STORE_OK ? 0 : -1;
}

/* Periodic upkeep: expired sessions are purged so they do not pile up. */
void
dispatch_tick(struct dispatch *d)
{
	uint64_t *now = xmalloc(sizeof *now);

	*now = util_now();
	dispatch_background(d, dispatch_purge_run, now);
}

/* A fresh store gets the Admin user with the password "zabbix", as a fresh Zabbix does. */
int
dispatch_bootstrap(struct store *st, char **cause)
{
	struct store_txn *txn;
	char hash[PASSWORD_HASH_MAX];
	struct user u;
	size_t n;
	int rc;

	*cause = NULL;
	if ((rc = store_txn_write(st, NULL, &txn)) != STORE_OK)
		goto fail;
	if ((rc = store_user_count(txn, &n)) != STORE_OK || n > 0) {
		store_txn_abort(txn);
		goto done;
	}
	if (password_hash("zabbix", hash, sizeof hash) != 0) {
		store_txn_abort(txn);
		*cause = xstrdup("cannot hash the default password");
		return -1;
	}
	user_init_admin(&u, hash);
	rc = store_user_create(txn, &u);
	user_free(&u);
	if (rc != STORE_OK) {
		store_txn_abort(txn);
		goto fail;
	}
	if ((rc = store_txn_commit(txn)) != STORE_OK)
		goto fail;
	log_warn("created user \"Admin\" with the default password \"zabbix\": change it");
done:
	if (rc == STORE_OK)
		return 0;
fail:
	*cause = xasprintf("cannot create the first user: %s", store_strerror(rc));
	return -1;
}
