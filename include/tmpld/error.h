/* error.h: the small error vocabulary every layer below the wire speaks. A failure is a kind
 * (what went wrong, in domain terms), an optional subject (the field or rule at fault, for
 * faces that tell kinds apart by it) and a cause text in Zabbix's words. Only the faces turn
 * a kind into a wire code: jsonrpc/ into a JSON-RPC error object, compat/ into a BlueKing
 * code. Nothing below them knows either. */
#ifndef TMPLD_ERROR_H
#define TMPLD_ERROR_H

#include "tmpld/util.h"

enum err_kind {
	ERR_NONE = 0,
	ERR_NOT_FOUND,	/* no such object, or no permission to it (Zabbix hides which) */
	ERR_PARAM,	/* an invalid parameter; the text names its Zabbix path */
	ERR_TYPE,	/* a value of the wrong JSON type */
	ERR_MISSING,	/* a required parameter is absent */
	ERR_EMPTY,	/* a required list is empty */
	ERR_LIMIT,	/* more than one call may carry */
	ERR_EXISTS,	/* the name (or key) is taken */
	ERR_CONFLICT,	/* the store's state forbids it: linkage, in use, inherited */
	ERR_REFUSED,	/* refused by the application (Zabbix's internal errors: login, sort) */
	ERR_AUTH,	/* not authenticated: no session, or it ended */
	ERR_DENIED,	/* authenticated, but not allowed to call this */
	ERR_STORE,	/* the store failed; the text never carries storage internals */
	ERR_INTERNAL,	/* a server fault */
	ERR_PARSE,	/* the request is not JSON */
	ERR_REQUEST,	/* the request is not a valid call */
	ERR_METHOD,	/* no such method */
};

/* A zeroed struct err is empty (ERR_NONE, no text); every function below takes one that is
 * empty or set, never uninitialised memory, and frees the cause it replaces. The owner frees
 * the final cause with err_clear (or hands it on with err_move). Not shared between threads. */
struct err {
	enum err_kind	 kind;
	const char	*subject;	/* static; NULL when the kind says it all */
	char		*text;		/* owned: Zabbix's cause text */
};

/* Sets *e (freeing a cause it held) and returns -1, so that a failing function can
 * `return err_set(e, ...)`.
 * @param[in,out] e
 * @param[in] kind, subject  subject is static or NULL (kept as a pointer, never copied)
 * @param[in] fmt, ...       printf-style; the text is formatted into a new heap cause
 * @return -1, always. */
int	err_set(struct err *, enum err_kind, const char *, const char *, ...) ATTR_PRINTF(4, 5);
/* The same, taking ownership of text (heap-allocated, freed with free(); NULL means "").
 * Returns -1. */
int	err_take(struct err *, enum err_kind, const char *, char *);
/* Moves src into dst (dst's old cause is freed); src is left empty. No copy is made: the
 * cause now belongs to dst. */
void	err_move(struct err *, struct err *);
/* Frees the cause and empties *e. Safe on an empty error. */
void	err_clear(struct err *);
/* A kind's short name ("not_found", "param", ...; "unknown" out of range), for logs and
 * tests. Static storage. */
const char *err_kind_name(enum err_kind);

#endif
