/* dispatch.h: from a request body to its reply: method lookup, authentication, params
 * validation, read transactions, and group commit of write calls. */
#ifndef TMPLD_DISPATCH_H
#define TMPLD_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tmpld/model.h"
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
	int		pool_threads;	/* bcrypt threads */
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

/* ---- what a method handler sees ---- */

enum rpc_result {
	RPC_COMMIT = 0,		/* success, or an error whose writes must still be kept */
	RPC_ROLLBACK = -1,	/* the call failed: undo its writes */
	RPC_PENDING = 1,	/* continued later (rpc_offload) */
};

struct rpc_call {
	struct dispatch		*d;
	struct store_txn	*txn;		/* read txn, or the call's nested write txn */
	struct user		 user;		/* the caller, when authenticated */
	struct session		 session;
	bool			 authed;
	char			 client_ip[48];
	cJSON			*result;	/* set by rpc_ok */
	int			 err_code;	/* set by rpc_fail: a JSON-RPC code */
	char			*err_data;
	int			 bk_code;	/* BlueKing code of the error, 0 if none */
	char			*caller;	/* ESB caller's name when not a tmpld user */
};

typedef int (*rpc_write_fn)(struct rpc_call *, void *);

int	rpc_ok(struct rpc_call *, cJSON *);
int	rpc_fail(struct rpc_call *, int, const char *, ...) ATTR_PRINTF(3, 4);
int	rpc_fail_take(struct rpc_call *, int, char *);
int	rpc_fail_store(struct rpc_call *, int);
/* rpc_fail with a BlueKing error code too (the ESB face reports it; JSON-RPC the first). */
int	rpc_fail_bk(struct rpc_call *, int, int, const char *, ...) ATTR_PRINTF(4, 5);
/* Authenticates the call by a session id, as the "auth" member does. */
int	rpc_auth_session(struct rpc_call *, const char *);
/* Runs work(arg) on the thread pool, then then(call, arg) as a write in the next group
 * commit; arg is freed with free() after then. Returns RPC_PENDING. */
int	rpc_offload(struct rpc_call *, void (*)(void *), rpc_write_fn, void *);
const struct dispatch_opts *rpc_opts(const struct rpc_call *);
/* A write with no caller waiting (session slide, purge); fn runs in the next group. */
void	dispatch_background(struct dispatch *, int (*)(struct store_txn *, void *), void *);
/* One call of a method from outside JSON-RPC (the BlueKing ESB face): params is taken;
 * auth(call, params) replaces the usual authentication, inside the read txn; then the
 * method runs as any call does (writes group-committed). done(arg, call) is called exactly
 * once with the outcome (call->result, or err_code/err_data/bk_code). */
typedef int (*dispatch_auth_fn)(struct rpc_call *, const cJSON *);
typedef void (*dispatch_call_done_fn)(void *, const struct rpc_call *);
struct rpc_method;
void	dispatch_call(struct dispatch *, const struct rpc_method *, cJSON *, const char *,
	    dispatch_auth_fn, dispatch_call_done_fn, void *);
/* Writes a session's new last access time in the next group. */
void	dispatch_session_touch(struct dispatch *, const char *, uint64_t);

#endif
