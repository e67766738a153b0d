/* delete_run.c: the shape of a *.delete method: every id checked before any is deleted (all
 * or nothing, the first refusal answered), then each deleted, then {"<key>": [ids]}. */
#include "tmpld/domain.h"
#include "tmpld/methods.h"

enum rpc_result
method_delete_run(struct rpc_call *call, const cJSON *params, const struct method_delete *d)
{
	struct id_list ids = { 0 };
	const cJSON *e;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(e, params) {
		uint64_t id = 0;

		id_from_json(e, &id);
		if ((rc = d->check(call, id, d->ctx)) != RPC_COMMIT)
			break;
		id_list_add(&ids, id);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		if (d->kind != NULL)
			rc = method_done(inherit_deleted(call->txn, d->kind, ids.ids[i], &call->err));
		else
			rc = d->remove(call, ids.ids[i], d->ctx);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids(d->key, ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}
