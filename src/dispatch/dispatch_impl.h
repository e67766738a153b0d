/* dispatch_impl.h: the state the dispatcher's files share (requests, calls, the write
 * queue); private to src/dispatch/. */
#ifndef TMPLD_DISPATCH_IMPL_H
#define TMPLD_DISPATCH_IMPL_H

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
	struct err		 early;		/* envelope or lookup error */
	bool			 pending;	/* counted in req->outstanding */
	uint64_t		 started_us;
	rpc_write_fn		 write_fn;
	void			*write_arg;
	void			(*write_free)(void *);	/* frees write_arg; NULL: free() */
	char			*reply;		/* the rendered reply, NULL for none */
	size_t			 reply_len;
	bool			 rendered;
	struct {				/* a session touch, enqueued at finish */
		bool		 set, remove;
		uint64_t	 now;
		char		 sid[SESSION_ID_LEN + 1];
	}			 touch;
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
	uint64_t		 lane;		/* the pool lane of this client */
	size_t			 answer_bytes;	/* rendered so far */
};

struct job {
	struct call		*call;		/* NULL for a background write */
	int			(*bg_fn)(struct store_txn *, void *);
	void			*bg_arg;
	int			 rc;
	/* failed when its group ran without nested transactions: its answer stands, and the
	 * group's rerun (each job nested) leaves it out */
	bool			 settled;
	struct job		*next;
};

struct dispatch {
	struct store		*store;
	struct dispatch_opts	 opts;
	struct rpc_limits	 limits;	/* what handlers see of opts */
	struct dispatch_hooks	 hooks;
	struct pool		*pool;		/* bcrypt and heavy reads, fair per client */
	struct job		*head, *tail;	/* writes waiting for the next group */
	bool			 flush_scheduled;
	struct pool		*writer;	/* the one thread that commits, or NULL */
	bool			 writing;	/* a group is on the writer thread */
	size_t			 live;		/* requests in flight */
};

/* commit.c: group commit, the writer thread, the thread pool. dispatch_schedule asks the
 * owner for a dispatch_flush at the end of this loop turn (once until it runs). */
void	dispatch_schedule(struct dispatch *);
void	dispatch_call_enqueue_write(struct call *, rpc_write_fn, void *, void (*)(void *));
/* Frees a call's write_arg with its write_free (once; leaves it NULL). */
void	dispatch_call_arg_free(struct call *);
enum rpc_result dispatch_offload(struct rpc_call *, void (*)(void *), rpc_write_fn, void *,
	    void (*)(void *));
/* dispatch.c: a call is done (its write committed, or it failed): reply and advance. */
void	dispatch_call_finish(struct call *);
/* dispatch.c: runs session touches deferred by calls; on the loop thread. */
void	dispatch_touch_flush(struct dispatch *, const char *, uint64_t, bool);
/* auth.c */
int	dispatch_call_auth(struct call *);
void	dispatch_session_touch(struct rpc_call *, const char *, uint64_t, bool);

#endif
