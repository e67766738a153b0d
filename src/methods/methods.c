/* methods.c: the table of every API method; the one place to read the whole API. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

static const struct rpc_method *const methods_table[] = {
	&method_apiinfo_version,
	&method_user_checkauthentication,
	&method_user_login,
	&method_user_logout,
};

#define METHODS_COUNT (sizeof methods_table / sizeof methods_table[0])

/* True when some method belongs to the API named by the first n bytes of name. */
static bool
methods_api_known(const char *api, size_t n)
{
	for (size_t i = 0; i < METHODS_COUNT; i++) {
		const char *name = methods_table[i]->name;

		if (strncasecmp(name, api, n) == 0 && name[n] == '.')
			return true;
	}
	return false;
}

const struct rpc_method *
methods_find(const char *name, char **cause)
{
	const char *dot = strchr(name, '.');
	size_t apilen = dot != NULL ? (size_t)(dot - name) : strlen(name);

	*cause = NULL;
	if (!methods_api_known(name, apilen)) {
		*cause = xasprintf("Incorrect API \"%.*s\".", (int)apilen, name);
		return NULL;
	}
	for (size_t i = 0; i < METHODS_COUNT; i++)
		if (strcasecmp(methods_table[i]->name, name) == 0)
			return methods_table[i];
	*cause = xasprintf("Incorrect method \"%.*s.%s\".", (int)apilen, name,
	    dot != NULL ? dot + 1 : "");
	return NULL;
}
