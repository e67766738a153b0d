/* dispatch.h: from a request body to its reply: method lookup, authentication, params
 * validation, read transactions, and group commit of write calls. */
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
};

/* Write handlers run on the writer thread when there is one: they touch only their call and
 * the store, never dispatch's own state or the event loop. */

/* How dispatch asks its owner (the transport) to run dispatch_flush at the end of this
 * event-loop turn, after every pending read has been handled. */
struct dispatch_hooks {
	void	(*schedule_flush)(void *);
	void	*arg;
};

/* Called exactly once per request; body is NULL for an empty reply. The body is freed by
 * dispatch after the call returns. */
typedef void (*dispatch_done_fn)(void *, const char *, size_t);

struct dispatch	*dispatch_new(struct store *, const struct dispatch_opts *,
		    const struct dispatch_hooks *);
void		 dispatch_free(struct dispatch *);
void		 dispatch_request(struct dispatch *, const char *, size_t, const char *,
		    const char *, dispatch_done_fn, void *);
void		 dispatch_flush(struct dispatch *);
int		 dispatch_pool_fd(struct dispatch *);
int		 dispatch_writer_fd(struct dispatch *);	/* -1 without a writer thread */
void		 dispatch_pool_drain(struct dispatch *);
void		 dispatch_tick(struct dispatch *);
size_t		 dispatch_busy(const struct dispatch *);
int		 dispatch_bootstrap(struct store *, char **);

/* Resolves a session id to its user, as the "auth" member does: sets call->user, session
 * and authed, or fails the call with ERR_AUTH ("Session terminated, re-login, please.").
 * Runs in the call's read txn. Returns RPC_COMMIT or RPC_ROLLBACK. */
int	dispatch_auth_session(struct rpc_call *, const char *);
/* A write with no caller waiting (session slide, purge); fn runs in the next group. */
void	dispatch_background(struct dispatch *, int (*)(struct store_txn *, void *), void *);
/* One call of a method from outside JSON-RPC (the BlueKing ESB face): params is taken;
 * auth(call, params) replaces the usual authentication, inside the read txn; then the
 * method runs as any call does (writes group-committed). done(arg, call) is called exactly
 * once with the outcome (call->result, or call->err). */
typedef int (*dispatch_auth_fn)(struct rpc_call *, const cJSON *);
typedef void (*dispatch_call_done_fn)(void *, const struct rpc_call *);
struct rpc_method;
void	dispatch_call(struct dispatch *, const struct rpc_method *, cJSON *, const char *,
	    dispatch_auth_fn, dispatch_call_done_fn, void *);

#endif
