/* servicecategory.c: BlueKing service categories (servicecategory.*, and the ESB routes
 * list/create/update/delete_service_category): two levels, the built-in tree shared by every
 * business, a business's own categories stored. */
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define BKCAT_NAME_MAX	128

/* Every category the business sees: the built-in tree, then its own, in id order. */
static enum rpc_result
cat_all(struct rpc_call *c, uint64_t biz, cJSON **out)
{
	cJSON *stored = cJSON_CreateArray(), *e;
	enum store_rc rc;

	*out = cJSON_CreateArray();
	for (size_t i = 0; i < BKCAT_BUILTIN_N; i++)
		cJSON_AddItemToArray(*out, bkcat_builtin_json(i));
	if ((rc = store_bkcat_all(c->txn, stored)) != STORE_OK) {
		cJSON_Delete(stored);
		cJSON_Delete(*out);
		*out = NULL;
		return rpc_fail_store(c, rc);
	}
	while ((e = cJSON_DetachItemFromArray(stored, 0)) != NULL) {
		if (bk_uint(e, "bk_biz_id") == biz)
			cJSON_AddItemToArray(*out, e);
		else
			cJSON_Delete(e);
	}
	cJSON_Delete(stored);
	return RPC_COMMIT;
}

/* A sibling (same parent) of another id with this name. */
static enum rpc_result
cat_name_free(struct rpc_call *c, uint64_t biz, uint64_t self, int64_t parent, const char *name)
{
	cJSON *all, *e;
	enum rpc_result res = RPC_COMMIT;

	if (cat_all(c, biz, &all) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_ArrayForEach(e, all) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");

		if (bk_uint(e, "id") != self && (int64_t)bk_uint(e, "bk_parent_id") == parent &&
		    cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) {
			res = rpc_fail_subject(c, ERR_EXISTS, "duplicate", "service category name "
			    "[%s] already exists under the same parent", name);
			break;
		}
	}
	cJSON_Delete(all);
	return res;
}

static enum rpc_result
cat_list_exec(struct rpc_call *c, cJSON *params)
{
	cJSON *all, *o;

	if (cat_all(c, bk_uint(params, "bk_biz_id"), &all) != RPC_COMMIT)
		return RPC_ROLLBACK;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "count", (double)cJSON_GetArraySize(all));
	cJSON_AddItemToObject(o, "info", all);
	return rpc_ok(c, o);
}

static enum rpc_result
cat_create_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), id;
	int64_t parent = (int64_t)bk_uint(params, "bk_parent_id"), root = 0;
	const char *name = cJSON_GetObjectItemCaseSensitive(params, "name")->valuestring;
	cJSON *p, *doc;
	enum store_rc rc;

	if (parent > 0) {
		if ((p = bk_category_find(c, biz, parent, &rc)) == NULL)
			return rc != STORE_OK ? rpc_fail_store(c, rc) : rpc_fail(c, ERR_PARAM,
			    "'bk_parent_id' parameter validation failed: service category %lld not "
			    "found in business %llu", (long long)parent, (unsigned long long)biz);
		root = (int64_t)bk_uint(p, "bk_root_id");
		if (bk_uint(p, "bk_parent_id") != 0) {
			cJSON_Delete(p);
			return rpc_fail(c, ERR_PARAM, "'bk_parent_id' parameter validation failed: "
			    "service categories have two levels, and %lld is not a first-level one",
			    (long long)parent);
		}
		cJSON_Delete(p);
	}
	if (cat_name_free(c, biz, 0, parent, name) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((rc = store_seq_next(c->txn, "bk_service_categories", &id)) != STORE_OK)
		return rpc_fail_store(c, rc);
	id += BKCAT_BUILTIN_N;
	if (parent <= 0)
		root = (int64_t)id;
	doc = bkcat_json(biz, id, name, root, parent > 0 ? parent : 0, false);
	if ((rc = store_doc_put(c->txn, STORE_DB_BK_CATEGORIES, id, doc)) != STORE_OK) {
		cJSON_Delete(doc);
		return rpc_fail_store(c, rc);
	}
	return rpc_ok(c, doc);
}

/* A stored category of the business, to change: built-in ones are refused. */
static enum rpc_result
cat_load_own(struct rpc_call *c, uint64_t biz, uint64_t id, cJSON **doc)
{
	enum store_rc rc;

	if (id <= BKCAT_BUILTIN_N)
		return rpc_fail(c, ERR_PARAM, "'id' parameter validation failed: service category "
		    "%llu is built in and cannot be changed", (unsigned long long)id);
	if ((*doc = bk_category_find(c, biz, (int64_t)id, &rc)) != NULL)
		return RPC_COMMIT;
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return rpc_fail(c, ERR_NOT_FOUND, "service category %llu not found in business %llu",
	    (unsigned long long)id, (unsigned long long)biz);
}

static enum rpc_result
cat_update_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), id = bk_uint(params, "id");
	const char *name = cJSON_GetObjectItemCaseSensitive(params, "name")->valuestring;
	cJSON *doc;
	enum store_rc rc;

	if (cat_load_own(c, biz, id, &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (cat_name_free(c, biz, id, (int64_t)bk_uint(doc, "bk_parent_id"), name) != RPC_COMMIT) {
		cJSON_Delete(doc);
		return RPC_ROLLBACK;
	}
	cJSON_ReplaceItemInObjectCaseSensitive(doc, "name", cJSON_CreateString(name));
	if ((rc = store_doc_put(c->txn, STORE_DB_BK_CATEGORIES, id, doc)) != STORE_OK) {
		cJSON_Delete(doc);
		return rpc_fail_store(c, rc);
	}
	return rpc_ok(c, doc);
}

/* Whether a service template of the business sits in category id. */
static enum rpc_result
cat_in_use(struct rpc_call *c, uint64_t biz, uint64_t id, bool *used)
{
	struct svctemplate *all;
	size_t n;
	enum store_rc rc;

	*used = false;
	if ((rc = store_svctemplate_all(c->txn, &all, &n)) != STORE_OK)
		return rpc_fail_store(c, rc);
	for (size_t i = 0; i < n; i++) {
		if (all[i].biz_id == biz && all[i].category_id == (int64_t)id)
			*used = true;
		svctemplate_free(&all[i]);
	}
	free(all);
	return RPC_COMMIT;
}

static enum rpc_result
cat_delete_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), id = bk_uint(params, "id");
	cJSON *doc, *all, *e;
	uint8_t key[8];
	bool used = false;
	enum store_rc rc;

	if (cat_load_own(c, biz, id, &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_Delete(doc);
	if (cat_all(c, biz, &all) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_ArrayForEach(e, all)
		used = used || bk_uint(e, "bk_parent_id") == id;
	cJSON_Delete(all);
	if (used)
		return rpc_fail_subject(c, ERR_CONFLICT, "has_children", "service category %llu has "
		    "child categories: delete them first", (unsigned long long)id);
	if (cat_in_use(c, biz, id, &used) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (used)
		return rpc_fail_subject(c, ERR_CONFLICT, "in_use", "service category %llu is used "
		    "by a service template", (unsigned long long)id);
	codec_be64(id, key);
	if ((rc = store_del(c->txn, STORE_DB_BK_CATEGORIES, key, 8)) != STORE_OK)
		return rpc_fail_store(c, rc);
	return rpc_ok(c, cJSON_CreateNull());
}

/* ---- rules ---- */

static const struct rule_field cat_list_fields[] = {
	BK_BIZ_FIELD,
	{ NULL, { 0 } },
};
static const struct rule cat_list_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = cat_list_fields };

#define CAT_NAME_FIELD \
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, \
	    .length = BKCAT_NAME_MAX, .fail = { ERR_PARAM, "required, not empty, at most 128 " \
	    "characters" } } }

static const struct rule_field cat_create_fields[] = {
	BK_BIZ_FIELD,
	CAT_NAME_FIELD,
	{ "bk_parent_id", { .type = RULE_INTEGER, .in = "0:",
	    .fail = { ERR_PARAM, "not negative" } } },
	{ NULL, { 0 } },
};
static const struct rule cat_create_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = cat_create_fields };

static const struct rule_field cat_update_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("id"),
	CAT_NAME_FIELD,
	{ NULL, { 0 } },
};
static const struct rule cat_update_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = cat_update_fields };

static const struct rule_field cat_delete_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("id"),
	{ NULL, { 0 } },
};
static const struct rule cat_delete_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = cat_delete_fields };

const struct rpc_method method_servicecategory_list = {
	.name = "servicecategory.list",
	.params = &cat_list_params,
	.exec = cat_list_exec,
};

const struct rpc_method method_servicecategory_create = {
	.name = "servicecategory.create",
	.flags = RPC_WRITE,
	.params = &cat_create_params,
	.exec = cat_create_exec,
};

const struct rpc_method method_servicecategory_update = {
	.name = "servicecategory.update",
	.flags = RPC_WRITE,
	.params = &cat_update_params,
	.exec = cat_update_exec,
};

const struct rpc_method method_servicecategory_delete = {
	.name = "servicecategory.delete",
	.flags = RPC_WRITE,
	.params = &cat_delete_params,
	.exec = cat_delete_exec,
};
