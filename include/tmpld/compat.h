/* compat.h: the BlueKing ESB face (/api/c/compapi/v2/cc/<name>/): app authentication, the
 * ESB reply envelope, and the mapping of component names onto tmpld's methods. */
#ifndef TMPLD_COMPAT_H
#define TMPLD_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

#include "tmpld/dispatch.h"

#define COMPAT_BKCMDB_PREFIX "/api/c/compapi/v2/cc/"

/* Registers an app from "CODE:SECRET[:trusted]" (--bk-app; a trusted app may name its
 * user with bk_username instead of a bk_token). The spec is copied. Returns 0 (*cause NULL),
 * or -1 with *cause set (caller frees) when there is no colon, or the code or secret is
 * empty. Apps are process-wide and not locked: configured before the server starts, freed
 * (secrets wiped) after it stops with compat_bk_apps_free. */
int	compat_bk_app_add(const char *, char **);
void	compat_bk_apps_free(void);

/* True when path is under COMPAT_BKCMDB_PREFIX. */
bool	compat_bkcmdb_route(const char *);

/* Serves one ESB request for path: body of len bytes (not NUL-terminated). done(arg, body,
 * len) is called exactly once with the envelope {"result", "code", "message", "permission",
 * "request_id", "data"} (HTTP 200 always), on the loop thread, possibly before this returns;
 * the envelope text is freed after done returns. path and body are read during the call
 * only; client_ip is copied. An unknown component, a body that is no JSON object, and any
 * failure of app or user authentication or of the method answer with BlueKing's code in the
 * envelope (bk_code_of maps the error kind). Call on the dispatch's thread. */
void	compat_bkcmdb_request(struct dispatch *, const char *, const char *, size_t,
	    const char *, dispatch_done_fn, void *);

#endif
