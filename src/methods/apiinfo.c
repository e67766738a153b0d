/* apiinfo.c: apiinfo.version, the API level tmpld is compatible with. */
#include "tmpld/methods.h"

static const struct rule apiinfo_version_params = { .type = RULE_EMPTY };

static enum rpc_result
apiinfo_version_exec(struct rpc_call *call, cJSON *params)
{
	(void)params;
	return rpc_ok(call, cJSON_CreateString(API_VERSION));
}

const struct rpc_method method_apiinfo_version = {
	.name = "apiinfo.version",
	.flags = RPC_NOAUTH,
	.params = &apiinfo_version_params,
	.exec = apiinfo_version_exec,
};
