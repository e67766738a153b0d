/* discoveryrule_copy.c: discoveryrule.copy: LLD rules with their item and host prototypes
 * copied to other hosts and templates as objects of their own (then inherited below those). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* One object of the source host written onto the target as its own (no templateid, a uuid
 * of its own on a template), then copied down the target's links. */
static int
lld_copy_one(struct rpc_call *call, const struct inherit_target *t, const struct item *src,
    uint64_t *newid)
{
	struct item out = { 0 };
	char uuid[33] = "";
	uint64_t id;
	int rc = store_item_by_key(call->txn, t->h.hostid, src->f[ITEM_F_KEY], &id);

	if (rc == STORE_OK)
		return rpc_fail(call, ERR_PARAM, "Item with key \"%s\" already exists on \"%s\".",
		    src->f[ITEM_F_KEY], t->h.host);
	if (rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	if (inherit_kind_item.copy(t, src, &out, &call->err) != 0)
		return RPC_ROLLBACK;
	out.hostid = t->h.hostid;
	if (host_is_template(&t->h))
		host_uuid_new(uuid);
	item_set(&out, ITEM_F_UUID, uuid);
	if ((rc = store_item_create(call->txn, &out)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else
		rc = method_done(inherit_created(call->txn, &inherit_kind_item, &out, 1, &call->err));
	*newid = out.itemid;
	item_free(&out);
	return rc;
}

/* The rule, then each of its item prototypes, then its host prototypes, onto the target
 * host. */
static int
lld_copy_rule(struct rpc_call *call, uint64_t ruleid, uint64_t hostid)
{
	struct inherit_target t = { 0 };
	struct id_list protos = { 0 };
	struct item src;
	uint64_t newrule = 0, id;
	int rc;

	if ((rc = store_host_get(call->txn, hostid, &t.h)) != STORE_OK)
		return rc == STORE_ENOTFOUND ? rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS) :
		    rpc_fail_store(call, rc);
	if ((rc = inherit_kind_item.target_load(call->txn, &t)) == STORE_OK &&
	    (rc = store_rule_protos(call->txn, ruleid, &protos)) == STORE_OK)
		rc = store_item_get(call->txn, ruleid, &src);
	if (rc != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else {
		rc = lld_copy_one(call, &t, &src, &newrule);
		item_free(&src);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < protos.n; i++) {
		if ((rc = store_item_get(call->txn, protos.ids[i], &src)) != STORE_OK) {
			rc = rpc_fail_store(call, rc);
			break;
		}
		rc = lld_copy_one(call, &t, &src, &id);
		item_free(&src);
	}
	if (rc == RPC_COMMIT)
		rc = hproto_copy_rule(call, ruleid, newrule);
	id_list_free(&protos);
	inherit_kind_item.target_free(&t);
	host_free(&t.h);
	return rc;
}

/* The ids of a member (an id or a list of them): every one must be a rule, or a host or
 * template. */
static int
lld_copy_ids(struct rpc_call *call, const cJSON *v, bool rules, struct id_list *out)
{
	const cJSON *e;

	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v)
			if (lld_copy_ids(call, e, rules, out) != RPC_COMMIT)
				return RPC_ROLLBACK;
		return RPC_COMMIT;
	}
	uint64_t id;
	struct item it;
	struct host h;
	int rc;

	if (!id_from_json(v, &id))
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rules && (rc = store_item_get(call->txn, id, &it)) == STORE_OK) {
		rc = item_has_flags(&it, ITEM_FLAGS_RULE) ? STORE_OK : STORE_ENOTFOUND;
		item_free(&it);
	} else if (!rules && (rc = store_host_get(call->txn, id, &h)) == STORE_OK)
		host_free(&h);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	id_list_add(out, id);
	return RPC_COMMIT;
}

static enum rpc_result
lld_copy_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(params, "discoveryids");
	const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(params, "hostids");
	struct id_list r = { 0 }, h = { 0 };
	int rc;

	if (!get_truthy(rules))
		return rpc_fail(call, ERR_PARAM, "No discovery rule IDs given.");
	if (!get_truthy(hosts))
		return rpc_fail(call, ERR_PARAM, "No host IDs given.");
	if ((rc = lld_copy_ids(call, hosts, false, &h)) == RPC_COMMIT)
		rc = lld_copy_ids(call, rules, true, &r);
	for (size_t i = 0; rc == RPC_COMMIT && i < r.n; i++)
		for (size_t j = 0; rc == RPC_COMMIT && j < h.n; j++)
			rc = lld_copy_rule(call, r.ids[i], h.ids[j]);
	id_list_free(&r);
	id_list_free(&h);
	return rc == RPC_COMMIT ? rpc_ok(call, cJSON_CreateTrue()) : rc;
}

static const struct rule_field lld_copy_fields[] = {
	{ "discoveryids", { .type = RULE_ANY } },
	{ "hostids", { .type = RULE_ANY } },
	{ NULL, { 0 } },
};
static const struct rule lld_copy_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_copy_fields };

const struct rpc_method method_discoveryrule_copy = {
	.name = "discoveryrule.copy", .flags = RPC_WRITE, .params = &lld_copy_params,
	.exec = lld_copy_exec,
};
