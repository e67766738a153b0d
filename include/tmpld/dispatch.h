/* dispatch.h: from a request body to its reply: method lookup, authentication, params
 * validation, read transactions, and group commit of write calls.
 * Threads: a dispatch belongs to the thread that makes it (the event loop's): every
 * function here is called on that thread only, but dispatch_auth_session (which runs in a
 * call) and dispatch_bootstrap (before any dispatch). The pool and writer threads it starts
 * only run work handed to them; their completions come back through dispatch_pool_drain. */
#ifndef TMPLD_DISPATCH_H
#define TMPLD_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tmpld/rpc.h"
#include "tmpld/util.h"

struct store;
struct store_txn;
struct dispatch;
struct rpc_request;

struct dispatch_opts {
	size_t		max_batch;	/* entries in one batch */
	bool		group_commit;	/* false: one commit per write call */
	uint32_t	login_attempts;	/* failures before a block */
	uint32_t	login_block;	/* seconds */
	int		pool_threads;	/* pool threads (reads, bcrypt); 0: one per core */
	size_t		max_answer;	/* bytes of one request's answer; 0: unlimited */
	bool		writer_thread;	/* commit on a thread of its own (else inline) */
	/* a test of the write handlers (environment TMPLD_TEST_RERUN_WRITES=1): every group's
	 * flat run is undone and the group runs again nested, as after a failure, so that a
	 * handler that cannot run twice shows in its answers */
	bool		rerun_writes;
};

/* Write handlers run on the writer thread when there is one: they touch only their call and
 * the store, never dispatch's own state or the event loop. */

/* How dispatch asks its owner (the transport) to run dispatch_flush at the end of this
 * event-loop turn, after every pending read has been handled. */
struct dispatch_hooks {
	void	(*schedule_flush)(void *);
	void	*arg;
};

/* Called exactly once per request, on the loop thread (possibly before dispatch_request
 * returns); body is NULL (len 0) for an empty reply (only notifications). The body (from
 * malloc, NUL-terminated) is the callee's: it frees it, so a transport can send it without
 * a copy and free it once it is written. */
typedef void (*dispatch_done_fn)(void *, char *, size_t);

/* dispatch_new(st, opts, hooks): st is borrowed and must outlive the dispatch; opts and
 * hooks are copied. Starts the pool (pool_threads, at a lower priority) and, with
 * writer_thread, the writer thread. Never NULL (aborts when threads cannot start).
 * dispatch_free: lets the pool finish its work and runs the completions (replies may still
 * reach done callbacks: their owner must be alive), finishes the writer's group, commits
 * what is still queued inline, and frees d. NULL: no-op. */
struct dispatch	*dispatch_new(struct store *, const struct dispatch_opts *,
		    const struct dispatch_hooks *);
void		 dispatch_free(struct dispatch *);
/* dispatch_request(d, body, len, client_ip, bearer, done, arg): serves one HTTP body (a call
 * or a batch). body is read during the call only (parsed at once, not NUL-terminated);
 * client_ip (NULL: "") and bearer (the Authorization token, or NULL) are copied. The calls
 * run in order; done(arg, reply, len) follows, exactly once. Parse and envelope errors are
 * JSON-RPC error replies, never a missing done. */
void		 dispatch_request(struct dispatch *, const char *, size_t, const char *,
		    const char *, dispatch_done_fn, void *);
/* Commits the writes queued this turn as one group (hooks.schedule_flush asked for it); a
 * no-op while a group is committing (the next one starts when it is done). */
void		 dispatch_flush(struct dispatch *);
/* Eventfds (owned by dispatch; watch, do not read or close) that become readable when pool
 * or writer work is done: then call dispatch_pool_drain, which runs the completions (read
 * replies, offload continuations, finished write groups, and so done callbacks). */
int		 dispatch_pool_fd(struct dispatch *);
int		 dispatch_writer_fd(struct dispatch *);	/* -1 without a writer thread */
void		 dispatch_pool_drain(struct dispatch *);
/* Periodic upkeep, as a background write: purges expired sessions and failed-login counts
 * older than one login_block. */
void		 dispatch_tick(struct dispatch *);
/* Requests in flight, plus queued writes, plus a group being committed: 0 when idle (the
 * stop sequence waits for it). */
size_t		 dispatch_busy(const struct dispatch *);
/* A store without users gets Zabbix's first user, Admin with the password "zabbix", in a
 * write txn of its own (bcrypt: slow). Call before serving, with no other writer.
 * @return 0 (also when users exist), or -1 with *cause (heap; caller frees). */
int		 dispatch_bootstrap(struct store *, char **);

/* Resolves a session id to its user, as the "auth" member does: sets call->user, session
 * and authed, or fails the call with ERR_AUTH ("Session terminated, re-login, please.":
 * unknown, malformed or expired session, or its user gone) or ERR_STORE. Runs in the call's
 * read txn, on calls dispatch runs (it keeps a session touch on the call: a slide once a
 * minute, or the removal of an expired session). call->user is freed with the call.
 * Returns RPC_COMMIT or RPC_ROLLBACK. */
int	dispatch_auth_session(struct rpc_call *, const char *);
/* The same for an API token (64 characters): unknown, disabled, its user gone or in a
 * disabled group: ERR_AUTH "Not authorized."; past expires_at (and enabled): ERR_REFUSED
 * "API token expired." with *expired set. Keeps a touch of its lastaccess (once a minute). */
int	dispatch_auth_token(struct rpc_call *, const char *, bool *);
/* A write with no caller waiting (session slide, purge); fn(txn, arg) runs in a nested txn
 * of its own in the next group (on the writer thread when there is one): 0 keeps its
 * writes, -1 undoes them alone. arg is freed with free() after the group: fn must not. */
void	dispatch_background(struct dispatch *, int (*)(struct store_txn *, void *), void *);
/* One call of a method from outside JSON-RPC (the BlueKing ESB face): params is taken
 * (deleted with the call); client_ip is copied. auth(call, method, params) replaces the
 * usual authentication, inside the read txn, and returns RPC_COMMIT or RPC_ROLLBACK with the
 * call's err; then the method's rule and the method run as any call does (writes
 * group-committed). done(arg, call) is called exactly once on the loop thread (possibly
 * before dispatch_call returns) with the outcome (call->result, or call->err); the call is
 * borrowed for done only and freed right after: copy what is kept. */
struct rpc_method;
typedef int (*dispatch_auth_fn)(struct rpc_call *, const struct rpc_method *, const cJSON *);
typedef void (*dispatch_call_done_fn)(void *, const struct rpc_call *);
void	dispatch_call(struct dispatch *, const struct rpc_method *, cJSON *, const char *,
	    dispatch_auth_fn, dispatch_call_done_fn, void *);

#endif
