/* dispatch.c: runs the calls of a request in order: lookup, auth, validation, read txns for
 * reads; writes go to the group commit (commit.c). */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch_impl.h"
#include "tmpld/metrics.h"

#define DISPATCH_TRIM_BYTES	(1u << 20)	/* answers this large give memory back */

static void request_advance(struct rpc_request *);

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
		err_take(&c->early, ERR_REQUEST, NULL, cause);
		return;
	}
	c->echo_id = c->env.id;
	if ((c->m = methods_find(c->env.method, &cause)) == NULL) {
		err_take(&c->early, ERR_METHOD, NULL, cause);
	}
}

/* Auth, then the method's rules; RPC_COMMIT when the call may run. */
static int
call_admit(struct call *c, struct store_txn *txn)
{
	struct rpc_call *p = &c->pub;
	enum err_kind kind;
	char *cause;
	int rc;

	if (c->req->auth != NULL) {
		if (c->req->auth(p, c->m, c->env.params) != RPC_COMMIT)
			return RPC_ROLLBACK;
	} else if (c->m->flags & RPC_NOAUTH) {
		if (c->env.has_auth)
			return rpc_fail(p, ERR_AUTH, "The \"%s\" method must be "
			    "called without the \"auth\" parameter.", c->env.method);
	} else if (dispatch_call_auth(c) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (p->authed && p->user.userid != 0 && access_check(p, c->m) != RPC_COMMIT)
		return RPC_ROLLBACK;		/* the role's rights, before the params */
	if (p->authed && p->user.userid != 0 && p->user.type < USER_TYPE_SUPER_ADMIN &&
	    p->rights == NULL && (rc = perm_rights_load(txn, p->user.userid, &p->rights)) != STORE_OK)
		return rpc_fail_store(p, rc);
	if ((kind = validate_params(c->m->params, c->env.params, &cause)) != ERR_NONE)
		return rpc_fail_take(p, kind, cause);
	return RPC_COMMIT;
}

/* The reply as text: rendered where the call ran (a pool thread for heavy reads), so that
 * the answer's tree is freed at once and the loop only concatenates. ESB calls keep their
 * result for compat/. */
static void
call_render(struct call *c)
{
	struct rpc_call *p = &c->pub;
	bool reply = p->err.kind == ERR_REQUEST || c->env.id != NULL;
	cJSON *r;

	if (c->rendered || c->req->call_done != NULL)
		return;
	c->rendered = true;
	if (!reply)
		return;
	if (rpc_failed(p))
		r = jsonrpc_reply_err(c->echo_id, &p->err);
	else if (p->result_room && cJSON_IsRaw(p->result)) {	/* the answer is the reply */
		char *text = p->result->valuestring;

		p->result->valuestring = NULL;
		cJSON_Delete(p->result);
		p->result = NULL;
		c->reply = jsonrpc_reply_framed(c->echo_id, text, &c->reply_len);
		return;
	} else {
		r = jsonrpc_reply_result(c->echo_id, p->result);
		p->result = NULL;
	}
	c->reply = jsonrpc_print(r, &c->reply_len);
	cJSON_Delete(r);
}

/* On a pool thread: the read in a read txn of its own, and its reply rendered. */
static void
call_read_work(void *arg)
{
	struct call *c = arg;
	struct store_txn *txn;
	int rc;

	if ((rc = store_txn_read(c->req->d->store, &txn)) != STORE_OK) {
		rpc_fail_store(&c->pub, rc);
		call_render(c);
		return;
	}
	c->pub.txn = txn;
	rc = c->m->exec(&c->pub, c->env.params);
	store_txn_abort(txn);
	c->pub.txn = NULL;
	if (rc == RPC_PENDING)	/* a read may not offload: the loop owns the pool's queue */
		rpc_fail(&c->pub, ERR_INTERNAL, "Internal error.");
	call_render(c);
}

static void
call_read_done(void *arg)
{
	dispatch_call_finish(arg);
}

static void
call_start(struct call *c)
{
	struct store_txn *txn;
	int rc;

	c->state = CALL_RUNNING;
	c->started_us = util_mono_us();
	if (c->early.kind != ERR_NONE) {
		rpc_fail_err(&c->pub, &c->early);
		dispatch_call_finish(c);
		return;
	}
	/* the loop's reads share one snapshot while nothing is committed; it is let go at
	 * the end of the loop's turn (dispatch_flush) */
	if ((rc = store_txn_read_kept(c->req->d->store, &txn)) != STORE_OK) {
		rpc_fail_store(&c->pub, rc);
		dispatch_call_finish(c);
		return;
	}
	if (store_txn_keeps(c->req->d->store))
		dispatch_schedule(c->req->d);
	c->pub.txn = txn;
	rc = call_admit(c, txn);
	if (rc == RPC_COMMIT && (c->m->flags & RPC_WRITE)) {
		store_txn_abort(txn);
		c->pub.txn = NULL;
		c->pending = true;
		c->req->outstanding++;
		dispatch_call_enqueue_write(c, call_exec_write, NULL, NULL);
		return;
	}
	if (rc == RPC_COMMIT) {
		c->pub.on_loop = true;
		rc = c->m->exec(&c->pub, c->env.params);
		c->pub.on_loop = false;
	}
	store_txn_abort(txn);
	c->pub.txn = NULL;
	if (c->pub.off_loop) {
		/* a heavy read: again from the start on a pool thread, in its own txn */
		cJSON_Delete(c->pub.result);
		c->pub.result = NULL;
		err_clear(&c->pub.err);
		c->pub.answer_bytes = 0;
		c->pending = true;
		c->req->outstanding++;
		pool_submit_keyed(c->req->d->pool, c->req->lane, call_read_work, call_read_done, c);
		return;
	}
	if (rc == RPC_PENDING) {
		c->pending = true;
		c->req->outstanding++;
		return;
	}
	dispatch_call_finish(c);
}

/* The caller's user for the log: the authenticated user's name (or an ESB caller's), the
 * name user.login is asked for, or "-". Never a session id or token. */
static const char *
call_user(const struct call *c)
{
	const cJSON *name;

	if (c->pub.authed && c->pub.user.username != NULL && c->pub.user.username[0] != '\0')
		return c->pub.user.username;
	if (c->pub.caller != NULL)
		return c->pub.caller;
	if (c->m != NULL && strcmp(c->m->name, "user.login") == 0 &&
	    cJSON_IsString(name = cJSON_GetObjectItemCaseSensitive(c->env.params, "username")))
		return name->valuestring;
	return "-";
}

/* Every call's one log line and its metrics: method, user, outcome, duration. */
static void
call_account(const struct call *c)
{
	uint64_t us = util_mono_us() - c->started_us;
	int code = rpc_failed(&c->pub) ? jsonrpc_code_of(c->pub.err.kind) : 0;
	char outcome[16];

	metrics_call(c->m != NULL ? methods_index(c->m) : metrics_method_unknown(), code, us);
	if (!log_enabled(LOG_INFO))
		return;
	if (code == 0)
		snprintf(outcome, sizeof outcome, "ok");
	else
		snprintf(outcome, sizeof outcome, "%d", code);
	/* a failure adds Zabbix's text (never a secret: answers hold none either) */
	log_fields(LOG_INFO, "call", (const struct log_field[]){
		{ "client", c->req->client_ip[0] != '\0' ? c->req->client_ip : "-", 0 },
		{ "user", call_user(c), 0 },
		{ "method", c->env.method != NULL ? c->env.method : "-", 0 },
		{ "outcome", outcome, 0 },
		{ "duration_us", NULL, us },
		{ "error", c->pub.err.text != NULL ? c->pub.err.text : "", 0 },
	}, code == 0 ? 5 : 6);
}

/* The request's answer stays under max_answer: a reply that would pass it is replaced by
 * the error, rendered as any error is. */
static void
call_bound(struct call *c)
{
	struct rpc_request *req = c->req;
	size_t max = req->d->limits.max_answer;

	if (c->reply == NULL || max == 0 || req->answer_bytes + c->reply_len <= max) {
		req->answer_bytes += c->reply_len;
		return;
	}
	free(c->reply);
	c->reply = NULL;
	c->rendered = false;
	cJSON_Delete(c->pub.result);
	c->pub.result = NULL;
	rpc_fail_too_large(&c->pub);
	call_render(c);
	req->answer_bytes += c->reply_len;
}

void
dispatch_call_finish(struct call *c)
{
	call_account(c);
	call_render(c);
	call_bound(c);
	if (c->touch.set) {
		c->touch.set = false;
		dispatch_touch_flush(c->req->d, c->touch.sid, c->touch.now, c->touch.remove);
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
	perm_rights_free(c->pub.rights);
	cJSON_Delete(c->pub.result);
	free(c->reply);
	err_clear(&c->pub.err);
	err_clear(&c->early);
	dispatch_call_arg_free(c);
	free(c->pub.caller);
}

/* The pool lane of a client address (FNV-1a): work from one address waits in one lane. */
static uint64_t
dispatch_lane(const char *ip)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *ip != '\0'; ip++)
		h = (h ^ (unsigned char)*ip) * 1099511628211ULL;
	return h;
}

static const struct rpc_services dispatch_services = {
	.offload = dispatch_offload,
	.session_touch = dispatch_session_touch,
};

static void
call_init(struct call *c, struct rpc_request *req)
{
	c->req = req;
	c->pub.svc = &dispatch_services;
	c->pub.owner = req->d;
	c->pub.limits = &req->d->limits;
	c->pub.raw_ok = req->call_done == NULL;	/* compat/ reads the result as a tree */
	memcpy(c->pub.client_ip, req->client_ip, sizeof req->client_ip);
}

/* ---- requests ---- */

static void
request_free(struct rpc_request *req)
{
	for (size_t i = 0; i < req->n; i++)
		call_free(&req->calls[i]);
	free(req->calls);
	cJSON_Delete(req->doc);
	cJSON_Delete(req->whole);
	free(req->bearer);
	req->d->live--;
	free(req);
}

static void
request_finish(struct rpc_request *req)
{
	char *body = NULL;
	size_t len = 0, n = 0;

	if (req->call_done != NULL) {
		req->call_done(req->done_arg, &req->calls[0].pub);
		request_free(req);
		return;
	}
	if (req->whole != NULL) {
		body = jsonrpc_print(req->whole, &len);
	} else if (req->batch) {
		for (size_t i = 0; i < req->n; i++)
			len += req->calls[i].reply != NULL ? req->calls[i].reply_len + 1 : 0;
		if (len > 0) {
			body = xmalloc(len + 2);
			body[n++] = '[';
			for (size_t i = 0; i < req->n; i++) {
				if (req->calls[i].reply == NULL)
					continue;
				if (n > 1)
					body[n++] = ',';
				memcpy(body + n, req->calls[i].reply, req->calls[i].reply_len);
				n += req->calls[i].reply_len;
			}
			body[n++] = ']';
			body[n] = '\0';
			len = n;
		}
	} else if (req->n == 1 && req->calls[0].reply != NULL) {
		body = req->calls[0].reply;
		len = req->calls[0].reply_len;
		req->calls[0].reply = NULL;
	}
	req->done(req->done_arg, body, len);	/* body is done's now */
	request_free(req);
	if (len >= DISPATCH_TRIM_BYTES)
		malloc_trim(0);		/* give a large answer's memory back */
}

/* Starts calls in order. Consecutive writes join the same group; any other call waits until
 * the writes before it have committed, so it sees them. */
static void
request_advance(struct rpc_request *req)
{
	while (req->next < req->n) {
		struct call *c = &req->calls[req->next];
		bool write = c->early.kind == ERR_NONE && (c->m->flags & RPC_WRITE);

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
		call_init(&req->calls[i], req);
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
	req->lane = dispatch_lane(req->client_ip);
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
	req->lane = dispatch_lane(req->client_ip);
	d->live++;
	req->n = 1;
	req->calls = c = xcalloc(1, sizeof *req->calls);
	call_init(c, req);
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
	d->limits.login_attempts = o->login_attempts;
	d->limits.login_block = o->login_block;
	d->limits.max_answer = o->max_answer;
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
	uint64_t block = *(const uint64_t *)arg, now = util_now();
	size_t n, m;
	int rc = store_session_purge(txn, now, &n);

	if (rc == STORE_OK && n > 0)
		log_info("purged %zu expired sessions", n);
	/* failures older than a block no longer count */
	if (rc == STORE_OK && now > block) {
		rc = store_login_fails_purge(txn, now - block, &m);
		if (rc == STORE_OK && m > 0)
			log_info("forgot %zu stale failed-login counts", m);
	}
	return rc == STORE_OK ? 0 : -1;
}

/* Periodic upkeep: expired sessions are purged so they do not pile up. */
void
dispatch_tick(struct dispatch *d)
{
	uint64_t *block = xmalloc(sizeof *block);	/* freed with the job */

	*block = d->limits.login_block;
	dispatch_background(d, dispatch_purge_run, block);
}

