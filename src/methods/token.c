/* token.c: token.create, token.update, token.delete and token.generate: API tokens of users,
 * names unique per user, only the owner (or a super admin) manages one; only a hash of a
 * generated token is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const token_id_uniq[] = { "tokenid", NULL };

#define TOKEN_FIELDS \
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 64 } }, \
	{ "description", { .type = RULE_STRING, .length = 65535 } }, \
	{ "status", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "expires_at", { .type = RULE_INT32 } }

static const struct rule_field token_create_fields[] = {
	TOKEN_FIELDS,
	{ "userid", { .type = RULE_ID } },
	{ NULL, { 0 } },
};
static const struct rule token_create_elem = { .type = RULE_OBJECT, .fields = token_create_fields };
static const struct rule token_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &token_create_elem,
};
static const struct rule_field token_update_fields[] = {
	{ "tokenid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	TOKEN_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule token_update_elem = { .type = RULE_OBJECT, .fields = token_update_fields };
static const struct rule token_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &token_update_elem,
	.uniq = token_id_uniq,
};
static const struct rule token_ids_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = rule_uniq_ids,
};

static bool
token_mine(const struct rpc_call *call, const cJSON *doc)
{
	char buf[24];

	return call->user.type == USER_TYPE_SUPER_ADMIN ||
	    strcmp(doc_str(doc, "userid"), id_to_str(call->user.userid, buf)) == 0;
}

/* A token the caller may manage: unknown or another's is -32500 no permissions. */
static int
token_load(struct rpc_call *call, const cJSON *idv, cJSON **doc, uint64_t *id)
{
	if (access_doc_must(call, STORE_DB_TOKENS, idv, doc, id) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (token_mine(call, *doc))
		return RPC_COMMIT;
	cJSON_Delete(*doc);
	*doc = NULL;
	return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
}

/* The sent fields onto the document (numbers as strings). */
static void
token_merge(cJSON *doc, const cJSON *obj)
{
	static const char *const nums[] = { "status", "expires_at" };
	const cJSON *v;
	char buf[24];

	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "name")) != NULL)
		doc_set_str(doc, "name", v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "description")) != NULL)
		doc_set_str(doc, "description", v->valuestring);
	for (size_t i = 0; i < 2; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(obj, nums[i])) != NULL) {
			snprintf(buf, sizeof buf, "%lld", cJSON_IsNumber(v) ? (long long)v->valuedouble :
			    atoll(v->valuestring));
			doc_set_str(doc, nums[i], buf);
		}
}

/* Names unique per user: within the call ("/i": (userid, name)), then in the store. */
static int
token_check_names(struct rpc_call *call, cJSON **docs, const uint64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct id_list mine = { 0 };
		uint64_t uid = 0;
		int rc;

		for (size_t k = 0; k < i; k++)
			if (strcmp(doc_str(docs[k], "userid"), doc_str(docs[i], "userid")) == 0 &&
			    strcmp(doc_str(docs[k], "name"), doc_str(docs[i], "name")) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value "
				    "(userid, name)=(%s, %s) already exists.", i + 1,
				    doc_str(docs[i], "userid"), doc_str(docs[i], "name"));
		util_parse_u64(doc_str(docs[i], "userid"), &uid);
		rc = store_token_list(call->txn, uid, &mine);
		for (size_t k = 0; rc == STORE_OK && k < mine.n && !rpc_failed(call); k++) {
			cJSON *other;

			if (mine.ids[k] == ids[i] ||
			    (rc = store_doc_get(call->txn, STORE_DB_TOKENS, mine.ids[k], &other)) !=
			    STORE_OK)
				continue;
			if (strcmp(doc_str(other, "name"), doc_str(docs[i], "name")) == 0)
				rpc_fail(call, ERR_PARAM, "API token \"%s\" already exists for userid "
				    "\"%s\".", doc_str(docs[i], "name"), doc_str(docs[i], "userid"));
			cJSON_Delete(other);
		}
		id_list_free(&mine);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		if (rpc_failed(call))
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* The owner of a new token: the caller, or (super admins) any user. */
static int
token_owner(struct rpc_call *call, const cJSON *obj, uint64_t *userid)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "userid");
	struct user u;
	int rc;

	*userid = call->user.userid;
	if (v == NULL)
		return RPC_COMMIT;
	id_from_json(v, userid);
	rc = *userid != call->user.userid && call->user.type != USER_TYPE_SUPER_ADMIN ?
	    STORE_ENOTFOUND : store_user_get(call->txn, *userid, &u);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, "User with ID \"%s\" is not available.",
		    v->valuestring);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	user_free(&u);
	return RPC_COMMIT;
}

static cJSON *
token_doc_new(uint64_t id, uint64_t userid, uint64_t creator)
{
	cJSON *d = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(d, "tokenid", id_to_str(id, buf));
	util_json_add_str(d, "name", "");
	util_json_add_str(d, "description", "");
	util_json_add_str(d, "userid", id_to_str(userid, buf));
	util_json_add_str(d, "lastaccess", "0");
	util_json_add_str(d, "status", "0");
	util_json_add_str(d, "expires_at", "0");
	util_json_add_str(d, "created_at", id_to_str(util_now(), buf));
	util_json_add_str(d, "creator_userid", id_to_str(creator, buf));
	util_json_add_str(d, "hash", "");
	return d;
}

/* create (update false) and update: documents of every object, checks, writes. */
static enum rpc_result
token_write(struct rpc_call *call, cJSON *params, bool update)
{
	size_t n = (size_t)cJSON_GetArraySize(params), i = 0;
	cJSON **docs = xcalloc(n + 1, sizeof *docs), *obj;
	uint64_t *ids = xcalloc(n + 1, sizeof *ids);
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params) {
		uint64_t owner;

		if (update)
			rc = token_load(call, cJSON_GetObjectItemCaseSensitive(obj, "tokenid"), &docs[i],
			    &ids[i]);
		else if (cJSON_GetObjectItemCaseSensitive(obj, "name") == NULL)
			rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": the parameter "
			    "\"name\" is missing.", i + 1);
		else if ((rc = token_owner(call, obj, &owner)) == RPC_COMMIT)
			docs[i] = token_doc_new(0, owner, call->user.userid);
		if (rc != RPC_COMMIT)
			break;
		token_merge(docs[i++], obj);
	}
	if (rc == RPC_COMMIT)
		rc = token_check_names(call, docs, ids, n);
	for (i = 0; rc == RPC_COMMIT && !update && i < n; i++) {
		char buf[24];
		int src = store_seq_next(call->txn, "tokens", &ids[i]);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
		else
			doc_set_str(docs[i], "tokenid", id_to_str(ids[i], buf));
	}
	for (i = 0; rc == RPC_COMMIT && i < n; i++) {
		int src = store_doc_put(call->txn, STORE_DB_TOKENS, ids[i], docs[i]);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("tokenids", ids, n));
	for (i = 0; i < n; i++)
		cJSON_Delete(docs[i]);
	free(docs);
	free(ids);
	return rc;
}

static enum rpc_result
token_create_exec(struct rpc_call *call, cJSON *params)
{
	return token_write(call, params, false);
}

static enum rpc_result
token_update_exec(struct rpc_call *call, cJSON *params)
{
	return token_write(call, params, true);
}

/* Every id of a delete or generate: a token the caller manages. */
static int
token_load_ids(struct rpc_call *call, const cJSON *params, struct id_list *ids)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, params) {
		cJSON *doc;
		uint64_t id;

		if (token_load(call, e, &doc, &id) != RPC_COMMIT)
			return RPC_ROLLBACK;
		cJSON_Delete(doc);
		id_list_add(ids, id);
	}
	return RPC_COMMIT;
}

static enum rpc_result
token_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	int rc = token_load_ids(call, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		int src = store_token_delete(call->txn, ids.ids[i]);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("tokenids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

/* A new random token for each: the answer is the only place it appears. */
static enum rpc_result
token_generate_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	cJSON *out = cJSON_CreateArray();
	int rc = token_load_ids(call, params, &ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		char tok[TOKEN_TEXT_LEN + 1], buf[24];
		unsigned char hash[TOKEN_HASH_LEN];
		cJSON *doc, *o;
		int src;

		if (token_new(tok) != 0 || token_hash(tok, hash) != 0) {
			rc = rpc_fail(call, ERR_INTERNAL, "Cannot create a token.");
			break;
		}
		if ((src = store_doc_get(call->txn, STORE_DB_TOKENS, ids.ids[i], &doc)) == STORE_OK) {
			doc_set_str(doc, "creator_userid", id_to_str(call->user.userid, buf));
			src = store_token_set_hash(call->txn, doc, hash);
			cJSON_Delete(doc);
		}
		if (src != STORE_OK) {
			rc = rpc_fail_store(call, src);
			explicit_bzero(tok, sizeof tok);
			break;
		}
		o = cJSON_CreateObject();
		util_json_add_str(o, "tokenid", id_to_str(ids.ids[i], buf));
		util_json_add_str(o, "token", tok);
		cJSON_AddItemToArray(out, o);
		explicit_bzero(tok, sizeof tok);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, out);
	else
		cJSON_Delete(out);
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_token_create = {
	.name = "token.create", .flags = RPC_WRITE,
	.params = &token_create_params, .exec = token_create_exec,
};
const struct rpc_method method_token_update = {
	.name = "token.update", .flags = RPC_WRITE,
	.params = &token_update_params, .exec = token_update_exec,
};
const struct rpc_method method_token_delete = {
	.name = "token.delete", .flags = RPC_WRITE,
	.params = &token_ids_params, .exec = token_delete_exec,
};
const struct rpc_method method_token_generate = {
	.name = "token.generate", .flags = RPC_WRITE,
	.params = &token_ids_params, .exec = token_generate_exec,
};
