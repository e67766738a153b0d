/* subcall.c: one API method run inside another's call (its transaction, caller and rights),
 * so that a method built of others (discoveryrule.copy) gets their checks and texts. */
#include "tmpld/methods.h"
#include "tmpld/validate.h"

int
method_subcall(struct rpc_call *call, const struct rpc_method *m, cJSON *params, cJSON **res)
{
	struct rpc_call sub = *call;
	enum err_kind kind;
	char *cause = NULL;

	if (res != NULL)
		*res = NULL;
	sub.result = NULL;
	sub.err = (struct err){ 0 };
	sub.on_loop = false;	/* a write's work: a get run here never moves off the loop */
	sub.answer_bytes = 0;
	sub.raw_ok = false;	/* the caller reads the result as a tree */
	if ((kind = validate_params(m->params, params, &cause)) != ERR_NONE) {
		cJSON_Delete(params);
		rpc_fail_take(call, kind, cause);
		return RPC_ROLLBACK;
	}
	(void)m->exec(&sub, params);
	cJSON_Delete(params);
	if (rpc_failed(&sub)) {
		cJSON_Delete(sub.result);
		return rpc_fail_err(call, &sub.err);
	}
	if (res != NULL)
		*res = sub.result;
	else
		cJSON_Delete(sub.result);
	return RPC_COMMIT;
}
