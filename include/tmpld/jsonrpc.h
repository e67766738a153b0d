/* jsonrpc.h: the JSON-RPC 2.0 envelope as Zabbix 6.0 speaks it: parsing, per-call checks,
 * error objects and reply assembly.
 * No state: every function may run on any thread at once. Arguments are borrowed; returned
 * trees are the caller's (cJSON_Delete), returned text as each function says. */
#ifndef TMPLD_JSONRPC_H
#define TMPLD_JSONRPC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/error.h"

enum jsonrpc_code {
	JSONRPC_PARSE_ERROR = -32700,
	JSONRPC_INVALID_REQUEST = -32600,
	JSONRPC_METHOD_NOT_FOUND = -32601,
	JSONRPC_INVALID_PARAMS = -32602,	/* also "not authorised" */
	JSONRPC_INTERNAL_ERROR = -32603,
	JSONRPC_APPLICATION_ERROR = -32500,	/* permissions, domain errors */
};

#define JSONRPC_PARSE_DATA \
	"Invalid JSON. An error occurred on the server while parsing the JSON text."
#define JSONRPC_NOT_REQUEST_DATA "The received JSON is not a valid JSON-RPC request."

/* One call of a request, checked; pointers borrow from the parsed document. */
struct jsonrpc_call {
	const cJSON	*id;		/* NULL for a notification */
	const char	*method;
	cJSON		*params;
	const char	*auth;		/* NULL when absent or null */
	bool		 has_auth;	/* the member was sent and is not null */
};

/* Parses a body of `len` bytes (not NUL-terminated): UTF-8 checked, nesting capped.
 * A "\u0000" escape in a string is kept as the bytes C0 80 (never valid UTF-8), so that no
 * string is cut at a NUL: Zabbix's string rules refuse it, other values keep it, and
 * jsonrpc_print writes it back as "\u0000". Returns NULL on any parse error: empty, invalid
 * UTF-8, a raw control character (but white space between tokens), or anything after the
 * value. The tree is the caller's; nothing points into buf. */
cJSON	*jsonrpc_body_parse(const char *, size_t);

/* Checks one call's envelope, as Zabbix does: an object with only jsonrpc "2.0", method (a
 * string), params (an array or object), auth (null, or a non-empty string) and id (a
 * string, number or null; absent: a notification).
 * @param[in]  call     one request object (or batch entry)
 * @param[out] out      filled on 0; its pointers borrow from call (params is call's own
 *                      node, which the rules then normalise in place)
 * @param[out] echo_id  the id to echo, also on error: call's id when valid, else NULL (null)
 * @param[out] cause    on -1 Zabbix's "Invalid parameter \"/...\": ..." (heap; caller frees);
 *                      NULL on 0
 * @return 0, or -1. */
int	 jsonrpc_call_check(const cJSON *, struct jsonrpc_call *, const cJSON **, char **);

/* Zabbix's "message" of a code ("Invalid params.", ...; "Internal error." for any other
 * code); static. */
const char *jsonrpc_code_message(int);
/* The JSON-RPC code of a domain error kind: the one place that decides it. -32602 for the
 * parameter kinds, ERR_EXISTS, ERR_CONFLICT and ERR_AUTH; -32500 for ERR_NOT_FOUND,
 * ERR_REFUSED and ERR_DENIED; -32700, -32600, -32601 for ERR_PARSE, ERR_REQUEST,
 * ERR_METHOD; -32603 for ERR_STORE, ERR_INTERNAL and anything else. */
enum jsonrpc_code jsonrpc_code_of(enum err_kind);
/* An error reply {"jsonrpc","error":{code,message,data},"id"} for a domain error; id is
 * copied (NULL: null). The caller owns the reply. */
cJSON	*jsonrpc_reply_err(const cJSON *, const struct err *);
/* {"jsonrpc","result","id"}: takes the result (NULL: null); id copied as above. */
cJSON	*jsonrpc_reply_result(const cJSON *, cJSON *);	/* takes the result */
/* The reply {"jsonrpc","result","id"} written around a result's text in place: text is
 * rpc_ok_text's (RPC_TEXT_ROOM spaces, then the result), taken; the reply (the same
 * buffer, grown for the id) is the caller's, *len its length. Byte for byte what
 * jsonrpc_print writes for jsonrpc_reply_result with the text as a raw node. */
char	*jsonrpc_reply_framed(const cJSON *, char *, size_t *);
/* An error reply with this code, its message, and data (copied; NULL: ""). */
cJSON	*jsonrpc_reply_error(const cJSON *, int, const char *);
/* print.c: compact text, byte for byte cJSON_PrintUnformatted's (a kept NUL, C0 80, written
 * as "\u0000"), written in one pass into one buffer; NUL-terminated, *len its length; the
 * caller frees it with free (or cJSON_free). Aborts the process on a node of no JSON type. */
char	*jsonrpc_print(const cJSON *, size_t *);

#endif
