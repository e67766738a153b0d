/* itemprototype.c: itemprototype.create/update/delete: item prototypes are items of flags 2
 * (item.c's checks and inheritance) that belong to an LLD rule of their host. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* status and discover: 0 or 1 (Zabbix's API validator on the object). */
static int
lld_proto_check_flag(struct rpc_call *call, const struct item_in *in, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(in->obj, name);
	char *t;
	bool ok;

	if (v == NULL)
		return RPC_COMMIT;
	t = cJSON_IsNumber(v) || cJSON_IsString(v) ? util_json_scalar_text(v, "") : NULL;
	ok = t != NULL && (strcmp(t, "0") == 0 || strcmp(t, "1") == 0);
	free(t);
	if (ok)
		return RPC_COMMIT;
	if (!cJSON_IsNumber(v) && !(cJSON_IsString(v) && util_is_digits(v->valuestring)))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/%s\": an integer is "
		    "expected.", in->idx + 1, name);
	return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/%s\": value must be one of 0, "
	    "1.", in->idx + 1, name);
}

/* ruleid (create): an LLD rule of the prototype's own host. */
static int
lld_proto_rule(struct rpc_call *call, const struct item_in *in, uint64_t *ruleid)
{
	struct item r;
	int rc;

	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "ruleid"), ruleid) ||
	    (rc = store_item_get(call->txn, *ruleid, &r)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = item_has_flags(&r, ITEM_FLAGS_RULE) && r.hostid == in->new.hostid;
	item_free(&r);
	return rc ? RPC_COMMIT : rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
}

static int
lld_proto_take(struct rpc_call *call, struct item_in *in)
{
	const cJSON *discover = cJSON_GetObjectItemCaseSensitive(in->obj, "discover");
	uint64_t ruleid;
	char buf[24], *t;

	if (lld_proto_check_flag(call, in, "status") != RPC_COMMIT ||
	    lld_proto_check_flag(call, in, "discover") != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (in->new.lld == NULL)
		in->new.lld = cJSON_CreateObject();
	if (!in->update) {
		if (lld_proto_rule(call, in, &ruleid) != RPC_COMMIT)
			return RPC_ROLLBACK;
		doc_set_str(in->new.lld, "ruleid", id_to_str(ruleid, buf));
	}
	if (discover != NULL) {
		t = util_json_scalar_text(discover, "0");
		doc_set_str(in->new.lld, "discover", t);
		free(t);
		in->lld_sent |= INHERIT_LLD_DISCOVER;
	} else if (cJSON_GetObjectItemCaseSensitive(in->new.lld, "discover") == NULL)
		doc_set_str(in->new.lld, "discover", "0");
	return RPC_COMMIT;
}

static const char *const lld_proto_required[] = { "value_type", "ruleid", NULL };

const struct item_flavor item_flavor_proto = {
	.flags = ITEM_FLAGS_PROTO, .required = lld_proto_required, .take = lld_proto_take,
	.delete_key = "prototypeids", .delete_templated = "Cannot delete templated item prototype.",
};

static enum rpc_result
lld_proto_create_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, &item_flavor_proto, false);
}

static enum rpc_result
lld_proto_update_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, &item_flavor_proto, true);
}

static enum rpc_result
lld_proto_delete_exec(struct rpc_call *call, cJSON *params)
{
	return item_delete_run(call, params, &item_flavor_proto);
}

static const struct rule_field lld_proto_create_fields[] = {
	ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("ruleid"), ITEM_RULE_ANY("name"),
	ITEM_RULE_ANY("key_"), ITEM_RULE_ANY("type"), ITEM_RULE_ANY("value_type"),
	ITEM_RULE_FIELDS, ITEM_RULE_ANY("discover"),
	{ NULL, { 0 } },
};
static const struct rule lld_proto_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_proto_create_fields };
static const struct rule lld_proto_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT, .elem = &lld_proto_create_elem };
static const struct rule_field lld_proto_update_fields[] = {
	ITEM_RULE_ANY("itemid"), ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("ruleid"),
	ITEM_RULE_ANY("name"), ITEM_RULE_ANY("key_"), ITEM_RULE_ANY("type"),
	ITEM_RULE_ANY("value_type"), ITEM_RULE_FIELDS, ITEM_RULE_ANY("discover"),
	{ NULL, { 0 } },
};
static const struct rule lld_proto_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_proto_update_fields };
static const struct rule lld_proto_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT, .elem = &lld_proto_update_elem };
static const struct rule lld_proto_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

const struct rpc_method method_itemprototype_create = {
	.name = "itemprototype.create", .flags = RPC_WRITE, .params = &lld_proto_create_params,
	.exec = lld_proto_create_exec,
};

const struct rpc_method method_itemprototype_update = {
	.name = "itemprototype.update", .flags = RPC_WRITE, .params = &lld_proto_update_params,
	.exec = lld_proto_update_exec,
};

const struct rpc_method method_itemprototype_delete = {
	.name = "itemprototype.delete", .flags = RPC_WRITE, .params = &lld_proto_delete_params,
	.exec = lld_proto_delete_exec,
};
