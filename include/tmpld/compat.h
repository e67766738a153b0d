/* compat.h: the BlueKing ESB face (/api/c/compapi/v2/cc/<name>/): app authentication, the
 * ESB reply envelope, and the mapping of component names onto tmpld's methods. */
#ifndef TMPLD_COMPAT_H
#define TMPLD_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

#include "tmpld/dispatch.h"

#define COMPAT_BKCMDB_PREFIX "/api/c/compapi/v2/cc/"

/* Registers an app from "CODE:SECRET[:trusted]" (--bk-app). Returns 0, or -1 with *cause
 * set (caller frees). Apps are process-wide, configured before the server starts. */
int	compat_bk_app_add(const char *, char **);
void	compat_bk_apps_free(void);

/* True when path is under COMPAT_BKCMDB_PREFIX. */
bool	compat_bkcmdb_route(const char *);

/* Serves one ESB request for path: body of len bytes (not NUL-terminated). done(arg, body,
 * len) is called exactly once with the envelope (HTTP 200 always). */
void	compat_bkcmdb_request(struct dispatch *, const char *, const char *, size_t,
	    const char *, dispatch_done_fn, void *);

#endif
