/* token_get.c: token.get, strict as Zabbix 6.0's: the token itself is never an output, only
 * a filter (by its hash); valid_at and expired_at; a user who is no super admin sees its own
 * tokens only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field token_fields[] = {
	{ "tokenid", GET_F_NUM }, { "name", 0 }, { "description", 0 }, { "userid", GET_F_NUM },
	{ "lastaccess", GET_F_NUM }, { "status", GET_F_NUM }, { "expires_at", GET_F_NUM },
	{ "created_at", GET_F_NUM }, { "creator_userid", GET_F_NUM },
	{ NULL, 0 },
};
static const char *const token_sortable[] = { "tokenid", "name", "lastaccess", "status",
	"expires_at", "created_at", NULL };
static const char *const token_outputs[] = { "tokenid", "name", "description", "userid",
	"lastaccess", "status", "expires_at", "created_at", "creator_userid", NULL };

static int
token_load_row(struct rpc_call *call, uint64_t id, cJSON **row)
{
	return access_doc_load(call, STORE_DB_TOKENS, token_fields, id, row);
}

static int
token_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_TOKENS, ids);
}

const struct get_kind get_kind_token = {
	.pk = "tokenid", .dbpk = "tokenid", .fields = token_fields,
	.sortable = token_sortable, .load = token_load_row, .scan = token_scan,
};

static int
token_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	(void)call;
	(void)o;
	(void)id;
	access_drop_pk(params, "tokenid", obj);
	return STORE_OK;
}

/* An integer option (a number or digits); false when absent or not one. */
static bool
token_int_option(const cJSON *params, const char *name, uint64_t *out)
{
	const cJSON *v = util_json_member(params, name);

	if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
		*out = (uint64_t)v->valuedouble;
		return true;
	}
	return cJSON_IsString(v) && util_parse_u64(v->valuestring, out);
}

/* The candidates: tokenids, userids, token (by its hash), the caller's only (not a super
 * admin), then valid_at and expired_at over the documents. */
static int
token_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *tok = util_json_member(params, "token");
	struct id_list users = { 0 }, ids = { 0 };
	uint64_t valid = 0, expired = 0, id;
	bool has_valid = token_int_option(params, "valid_at", &valid);
	bool has_expired = token_int_option(params, "expired_at", &expired);
	int rc = STORE_OK;

	get_cand_ids(params, "tokenids", c);
	if (call->user.type != USER_TYPE_SUPER_ADMIN)
		id_list_add(&users, call->user.userid);
	else
		get_ids_option(params, "userids", &users);
	if (call->user.type != USER_TYPE_SUPER_ADMIN || util_json_member(params,
	    "userids") != NULL) {
		for (size_t i = 0; rc == STORE_OK && i < users.n; i++)
			rc = store_token_list(call->txn, users.ids[i], &ids);
		get_cand_take(c, &ids);
	}
	id_list_free(&users);
	if (rc == STORE_OK && cJSON_IsString(tok)) {
		unsigned char hash[TOKEN_HASH_LEN];

		if (token_hash(tok->valuestring, hash) == 0 &&
		    (rc = store_token_by_hash(call->txn, hash, &id)) == STORE_OK)
			id_list_add(&ids, id);
		rc = rc == STORE_ENOTFOUND ? STORE_OK : rc;
		get_cand_take(c, &ids);
	}
	if (rc != STORE_OK || (!has_valid && !has_expired))
		return rc;
	if ((rc = get_cand_resolve(call, &get_kind_token, c)) != STORE_OK)
		return rc;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		cJSON *doc;
		uint64_t exp = 0;

		if ((rc = store_doc_get(call->txn, STORE_DB_TOKENS, c->ids.ids[i], &doc)) != STORE_OK)
			break;
		util_parse_u64(doc_str(doc, "expires_at"), &exp);
		cJSON_Delete(doc);
		if ((!has_valid || exp == 0 || exp > valid) &&
		    (!has_expired || (exp != 0 && exp <= expired)))
			id_list_add(&ids, c->ids.ids[i]);
	}
	id_list_free(&c->ids);
	c->ids = ids;
	return rc;
}

static enum rpc_result
token_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if (access_get_strict(call, params, "output", token_outputs) != RPC_COMMIT ||
	    access_get_strict(call, params, "sortfield", token_sortable) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((rc = token_cand(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_token, &c, token_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field token_get_fields[] = {
	GET_OPT("tokenids"), GET_OPT("userids"), GET_OPT("token"), GET_OPT("valid_at"),
	GET_OPT("expired_at"),
	GET_OPT("output"), GET_OPT("filter"), GET_OPT("search"), GET_OPT("searchByAny"),
	GET_OPT("startSearch"), GET_OPT("excludeSearch"), GET_OPT("searchWildcardsEnabled"),
	GET_OPT("sortfield"), GET_OPT("sortorder"), GET_OPT("limit"), GET_OPT("preservekeys"),
	GET_OPT("countOutput"),
	{ NULL, { 0 } },
};
static const struct rule token_get_params = { .type = RULE_OBJECT, .fields = token_get_fields };

const struct rpc_method method_token_get = {
	.name = "token.get", .params = &token_get_params, .exec = token_get_exec,
};
