/* compat.h: the BlueKing ESB face (/api/c/compapi/v2/cc/<name>/): app authentication, the
 * ESB reply envelope, and the mapping of component names onto tmpld's methods. */
#ifndef TMPLD_COMPAT_H
#define TMPLD_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tmpld/dispatch.h"

#define COMPAT_BKCMDB_PREFIX "/api/c/compapi/v2/cc/"

/* A BlueKing ESB app: its code and secret, whether it is trusted (may name its user with
 * bk_username instead of a bk_token), and the businesses (bk_biz_id) it may act on
 * (nbiz 0: all of them). */
struct compat_bk_app {
	char		*code, *secret;
	bool		 trusted;
	uint64_t	*bizs;
	size_t		 nbiz;
};

/* Reads "CODE:SECRET[:trusted][:BIZ,...]" (--bk-app) into *app (its strings and list new,
 * freed with compat_bk_app_clear). The businesses are a last field of ids (1 or more)
 * separated by commas; before them, ":trusted" marks a trusted app; the secret is what is
 * left after the first colon, colons included ("CODE:trusted" is an app whose secret is
 * "trusted"). Returns 0 (*cause NULL), or -1 with *cause set (caller frees) and *app
 * empty, when there is no colon, the code or secret is empty, or the business list is
 * malformed (an empty id, a 0, a stray comma). */
int	compat_bk_app_parse(const char *, struct compat_bk_app *, char **);
void	compat_bk_app_clear(struct compat_bk_app *);	/* wipes the secret, frees, empties */
/* Whether the app may act on the business: its list holds it, or it has none. */
bool	compat_bk_app_allows(const struct compat_bk_app *, uint64_t);
/* Registers an app from its spec (compat_bk_app_parse; same errors). Apps are process-wide
 * and not locked: configured before the server starts, freed (secrets wiped) after it stops
 * with compat_bk_apps_free. */
int	compat_bk_app_add(const char *, char **);
/* A reload: the apps become exactly those of specs[0..n) (each as compat_bk_app_add parses
 * it), or, if one is malformed, stay as they were (-1, *cause set, heap). Call it on the
 * event loop, where apps are looked up; the apps replaced stay allocated (secrets wiped)
 * until compat_bk_apps_free, so that nothing that still points at one dangles. */
int	compat_bk_apps_replace(char *const *specs, size_t n, char **cause);
void	compat_bk_apps_free(void);

/* True when path is under COMPAT_BKCMDB_PREFIX. */
bool	compat_bkcmdb_route(const char *);

/* Serves one ESB request for path: body of len bytes (not NUL-terminated). done(arg, body,
 * len) is called exactly once with the envelope {"result", "code", "message", "permission",
 * "request_id", "data"} (HTTP 200 always), on the loop thread, possibly before this returns;
 * the envelope text is done's (dispatch_done_fn). path and body are read during the call
 * only; client_ip is copied. An unknown component, a body that is no JSON object, and any
 * failure of app or user authentication or of the method answer with BlueKing's code in the
 * envelope (bk_code_of maps the error kind). Call on the dispatch's thread. */
void	compat_bkcmdb_request(struct dispatch *, const char *, const char *, size_t,
	    const char *, dispatch_done_fn, void *);

#endif
