/* jsonrpc.h: the JSON-RPC 2.0 envelope as Zabbix 6.0 speaks it: parsing, per-call checks,
 * error objects and reply assembly. */
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
 * jsonrpc_print writes it back as "\u0000". Returns NULL on any parse error. */
cJSON	*jsonrpc_body_parse(const char *, size_t);

/* Checks one call's envelope. On error returns -1, sets *cause (caller frees) and the id to
 * echo (a valid id, else NULL meaning null). */
int	 jsonrpc_call_check(const cJSON *, struct jsonrpc_call *, const cJSON **, char **);

/* Zabbix's "message" of a code ("Invalid params.", ...); static. */
const char *jsonrpc_code_message(int);
/* The JSON-RPC code of a domain error kind: the one place that decides it. */
enum jsonrpc_code jsonrpc_code_of(enum err_kind);
/* An error reply {"jsonrpc","error":{code,message,data},"id"} for a domain error; id is
 * copied (NULL: null). The caller owns the reply. */
cJSON	*jsonrpc_reply_err(const cJSON *, const struct err *);
cJSON	*jsonrpc_reply_result(const cJSON *, cJSON *);	/* takes the result */
cJSON	*jsonrpc_reply_error(const cJSON *, int, const char *);
/* Compact text (a kept NUL, C0 80, written as "\u0000"); the caller frees it with cJSON_free. */
char	*jsonrpc_print(const cJSON *, size_t *);

#endif
