/* methods.h: the API methods, one const descriptor each, and the table that lists them all. */
#ifndef TMPLD_METHODS_H
#define TMPLD_METHODS_H

#include <cjson/cJSON.h>

#include "tmpld/dispatch.h"
#include "tmpld/validate.h"

#define RPC_NOAUTH	0x01u	/* called without "auth"; refuses one */
#define RPC_WRITE	0x02u	/* runs in a group-committed write transaction */

struct rpc_method {
	const char		*name;		/* "api.method", lower case */
	unsigned		 flags;
	const struct rule	*params;	/* checked before exec */
	int			(*prepare)(struct rpc_call *, cJSON *);	/* optional, before rules */
	int			(*exec)(struct rpc_call *, cJSON *);
};

#define API_VERSION "6.0.14"

/* Finds "api.method" case-insensitively. On failure returns NULL and *cause holds Zabbix's
 * text ("Incorrect API ..." / "Incorrect method ..."), which the caller frees. */
const struct rpc_method *methods_find(const char *, char **);

/* apiinfo.c */
extern const struct rpc_method method_apiinfo_version;
/* user.c */
extern const struct rpc_method method_user_login;
extern const struct rpc_method method_user_logout;
extern const struct rpc_method method_user_checkauthentication;

#endif
