/* rpc.h: the rpc core below the methods: the context a method handler gets (its transaction,
 * its caller), how it succeeds or fails (with the domain errors of error.h, never a wire
 * code), and the few services of the dispatcher it may ask for through the context (offload
 * to the thread pool, a session's sliding, the login limits). It includes nothing above it. */
#ifndef TMPLD_RPC_H
#define TMPLD_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tmpld/error.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

struct store_txn;
struct rpc_call;
struct perm_rights;

/* What a handler returns. RPC_COMMIT and RPC_ROLLBACK decide a write call's nested txn; a
 * read's txn is only ever aborted, so for a read they differ only by intent. Failure itself
 * is the call's err (rpc_failed), not the value returned. */
enum rpc_result {
	RPC_COMMIT = 0,		/* success, or an error whose writes must still be kept */
	RPC_ROLLBACK = -1,	/* the call failed: undo its writes */
	RPC_PENDING = 1,	/* continued later (rpc_offload) */
};

/* A write continuation: runs in the write transaction of its group, or in a nested one of
 * its own when its group runs again after a failure (call->txn either way), on the writer
 * thread when there is one; returns RPC_COMMIT or RPC_ROLLBACK (never RPC_PENDING). It may
 * run more than once (a group runs again after a failure or a full map), so it changes
 * nothing outside its transaction. */
typedef enum rpc_result (*rpc_write_fn)(struct rpc_call *, void *);

/* Settings of the server that handlers read. */
struct rpc_limits {
	uint32_t	login_attempts;	/* failures before a block; 0: never blocked */
	uint32_t	login_block;	/* seconds */
	size_t		max_answer;	/* bytes one request's answer may take; 0: no limit */
};

/* The dispatcher's services, reached through the call (set by whoever runs the call).
 * Handlers use rpc_offload and rpc_session_touch rather than these pointers. */
struct rpc_services {
	/* See rpc_offload. */
	enum rpc_result (*offload)(struct rpc_call *, void (*)(void *), rpc_write_fn, void *,
	    void (*)(void *));
	/* Writes a session's new last access time (remove: deletes it) in a later write
	 * group; sid is copied. */
	void	(*session_touch)(struct rpc_call *, const char *, uint64_t, bool);
};

/* One call of a method. Write handlers may run on the writer thread: they touch only their
 * call and the store.
 * Lifetime: the call is the dispatcher's; a handler gets it (and its params) only for the
 * time it runs. txn is borrowed for that time too: it ends when the handler (or write
 * continuation) returns, and with it every raw pointer read through it (store.h), so
 * nothing that must outlive the handler may point into it. user, session and client_ip
 * are the dispatcher's copies; user's strings are freed with the call. */
struct rpc_call {
	const struct rpc_services *svc;
	void			*owner;		/* the dispatcher's own state; opaque here */
	const struct rpc_limits	*limits;
	struct store_txn	*txn;		/* read txn, or the write txn the call runs in */
	struct user		 user;		/* the caller, when authenticated */
	struct session		 session;
	bool			 authed;
	char			 client_ip[48];
	cJSON			*result;	/* set by rpc_ok; owned by the call */
	struct err		 err;		/* set by rpc_fail*; kind ERR_NONE on success */
	char			*caller;	/* ESB caller's name when not a tmpld user */
	size_t			 answer_bytes;	/* the answer's size so far (rpc_answer_add) */
	bool			 on_loop;	/* runs on the event loop: must stay light */
	bool			 off_loop;	/* asked to be run again on a pool thread */
	/* the result is only printed (a JSON-RPC reply), so it may be a raw node of JSON text
	 * (rpc_ok_text); false where a caller reads it as a tree (method_subcall, compat/) */
	bool			 raw_ok;
	/* result is rpc_ok_text's raw node: its text starts with RPC_TEXT_ROOM spaces */
	bool			 result_room;
	/* the caller's host-group rights (domain.h perm_*), read once per call by the
	 * dispatcher; NULL: unrestricted (a super admin, or no user) */
	struct perm_rights	*rights;
	/* configuration.import: the item prototypes it has created so far; a prototype of
	 * another rule of their host may share one's key then, as in the one
	 * itemprototype.create of Zabbix's importer (NULL: none) */
	const struct id_set	*import_protos;
};

/* Success with this result (taken; NULL is a JSON null). A result set before is deleted and
 * the call's err cleared. Returns RPC_COMMIT. No cJSON constructor returns NULL for want of
 * memory (util_json_hooks: xmalloc aborts), so a NULL here really means null. */
enum rpc_result rpc_ok(struct rpc_call *, cJSON *);
/* Failure of this kind with a cause text (printf-style, formatted into the call's err,
 * replacing an earlier failure; a result set before is left to the dispatcher, which answers
 * the error and frees it). Returns RPC_ROLLBACK. */
enum rpc_result rpc_fail(struct rpc_call *, enum err_kind, const char *, ...) ATTR_PRINTF(3, 4);
/* The same, with a subject (static; see struct err) for faces that tell causes apart by it. */
enum rpc_result rpc_fail_subject(struct rpc_call *, enum err_kind, const char *, const char *, ...)
	    ATTR_PRINTF(4, 5);
/* The same, taking a heap-allocated cause text (NULL means ""). */
enum rpc_result rpc_fail_take(struct rpc_call *, enum err_kind, char *);
/* Takes a domain error (moved out of *e, which is left empty). An empty *e (ERR_NONE, a
 * domain function that failed without saying why) becomes ERR_INTERNAL "Internal error.".
 * Returns RPC_ROLLBACK. */
enum rpc_result rpc_fail_err(struct rpc_call *, struct err *);
/* A storage failure (a store_rc): ERR_STORE "<store_strerror(rc)>.", never LMDB's text.
 * Returns RPC_ROLLBACK. */
enum rpc_result rpc_fail_store(struct rpc_call *, int);
/* True when the call failed. */
bool	rpc_failed(const struct rpc_call *);

/* Counts what an answer being built will take as JSON text (v: one object added; its
 * size estimated by rpc_json_size). Returns false, and the handler returns RPC_ROLLBACK at
 * once, when either
 *  - the call runs on the event loop and the answer passes 64 KiB: the call is not failed
 *    but moved off the loop (rpc_move_off_loop) and runs again from the start; or
 *  - the whole answer would pass limits->max_answer: the call failed (rpc_fail_too_large).
 * Handlers that build answers of unbounded size call it per object they add. */
bool	rpc_answer_add(struct rpc_call *, const cJSON *);
/* The same for n bytes of JSON text written (a streamed answer: the text's own size). */
bool	rpc_answer_add_bytes(struct rpc_call *, size_t);
/* Success with a result that is JSON text (heap, NUL-terminated; taken): RPC_TEXT_ROOM
 * spaces (jsonw_pad), then one JSON value. The dispatcher writes the reply's head into
 * that room, so the answer becomes the reply without a copy (jsonrpc_reply_framed). Only
 * where c->raw_ok (the result is then only ever printed that way). Returns RPC_COMMIT. */
#define RPC_TEXT_ROOM	26	/* strlen("{\"jsonrpc\":\"2.0\",\"result\":") */
enum rpc_result rpc_ok_text(struct rpc_call *, char *);
/* A read that finds itself heavy (many candidates, a large answer) while on the event loop
 * calls this and returns RPC_ROLLBACK at once: the dispatcher runs it again from the start
 * on a pool thread, in a read txn of its own. Returns true when the caller must stop so;
 * false (off the loop already) when it may go on. */
bool	rpc_move_off_loop(struct rpc_call *);
/* Fails the call: its answer would pass limits->max_answer (ERR_REFUSED, a text naming
 * the limit and how to ask for less). Returns RPC_ROLLBACK. */
enum rpc_result rpc_fail_too_large(struct rpc_call *);
/* The size of v and its siblings after it (v->next...) as compact JSON text, estimated
 * from above in one walk; 0 for NULL. Pure: any thread. */
size_t	rpc_json_size(const cJSON *);

/* Runs work(arg) on the thread pool, then then(call, arg) as a write in a later group
 * commit. then may run more than once (a group is run again after the store's map grows),
 * so it reads arg and never frees or changes it; the dispatcher frees arg after the last
 * run with arg_free(arg) (which frees arg itself too), or free(arg) when arg_free is NULL.
 * Returns RPC_PENDING, which the handler returns at once.
 * Only a handler running on the event loop may offload (a read or no-auth method, such as
 * user.login's bcrypt): not a write handler, not a read moved off the loop (the pool is the
 * loop's). work runs without the call and without a txn: it touches arg only. The handler's
 * read txn ends when it returns, so arg holds copies, never pointers into the txn. */
enum rpc_result rpc_offload(struct rpc_call *, void (*)(void *), rpc_write_fn, void *,
	    void (*)(void *));
/* Slides (or, with remove, ends) a session in a later write group: the session's last
 * access becomes now, unless it is already later. sid (SESSION_ID_LEN hex digits) is
 * copied. The write is queued when the call finishes; a call keeps only its last touch. */
void	rpc_session_touch(struct rpc_call *, const char *, uint64_t, bool);

/* The result of the create/update/delete methods: {"<key>": ["1", "2", ...]}, ids as
 * strings in the given order. key is e.g. "templateids" (copied). Never NULL; the caller
 * owns it (usually handing it to rpc_ok). */
cJSON	*rpc_result_ids(const char *, const uint64_t *, size_t);

#endif
