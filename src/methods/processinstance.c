/* processinstance.c: BlueKing process instances inside service instances (processinstance.*,
 * and the ESB routes list_process_instance, list_process_detail_by_ids, and
 * create/update/delete_process_instance): a template-made process keeps its locked fields. */
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define PI_MAX		100
#define PI_IDS_MAX	500

/* The process entry of id in an instance document, or NULL. */
static cJSON *
pi_entry(const cJSON *doc, uint64_t pid)
{
	cJSON *procs = cJSON_GetObjectItemCaseSensitive(doc, "processes"), *p;

	for (p = cJSON_IsArray(procs) ? procs->child : NULL; p != NULL; p = p->next)
		if (bk_uint(p, "bk_process_id") == pid)
			return p;
	return NULL;
}

/* The service instance document holding process pid, of the business. */
static enum rpc_result
pi_owner_load(struct rpc_call *c, uint64_t biz, uint64_t pid, uint64_t *siid, cJSON **doc)
{
	enum store_rc rc = store_procinst_owner(c->txn, pid, siid);

	if (rc == STORE_OK) {
		rc = store_doc_get(c->txn, STORE_DB_BK_SVCINSTS, *siid, doc);
		if (rc == STORE_OK && (bk_uint(*doc, "bk_biz_id") != biz || pi_entry(*doc, pid) ==
		    NULL)) {
			cJSON_Delete(*doc);
			rc = STORE_ENOTFOUND;
		}
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(c, ERR_NOT_FOUND, "process instance %llu not found in business %llu",
		    (unsigned long long)pid, (unsigned long long)biz);
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

/* The template a process follows: *found false when it has none (or it was deleted). */
static enum rpc_result
pi_template(struct rpc_call *c, const cJSON *entry, struct proctemplate *t, bool *found)
{
	uint64_t ptid = bk_uint(entry, "process_template_id");
	enum store_rc rc;

	*found = false;
	if (ptid == 0)
		return RPC_COMMIT;
	rc = store_proctemplate_get(c->txn, ptid, t);
	if (rc == STORE_ENOTFOUND)
		return RPC_COMMIT;
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	*found = true;
	return RPC_COMMIT;
}

static cJSON *
pi_relation(const cJSON *doc, const cJSON *p)
{
	cJSON *rel = cJSON_CreateObject();

	cJSON_AddNumberToObject(rel, "bk_biz_id", (double)bk_uint(doc, "bk_biz_id"));
	cJSON_AddNumberToObject(rel, "bk_process_id", (double)bk_uint(p, "bk_process_id"));
	cJSON_AddNumberToObject(rel, "service_instance_id", (double)bk_uint(doc, "id"));
	cJSON_AddNumberToObject(rel, "process_template_id",
	    (double)bk_uint(p, "process_template_id"));
	cJSON_AddNumberToObject(rel, "bk_host_id", (double)bk_uint(doc, "bk_host_id"));
	util_json_add_str(rel, "bk_supplier_account", "0");
	return rel;
}

static enum rpc_result
pi_list_exec(struct rpc_call *c, cJSON *params)
{
	const cJSON *p;
	cJSON *doc, *arr, *o;

	if (bk_svcinst_load(c, bk_uint(params, "bk_biz_id"),
	    bk_uint(params, "service_instance_id"), &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	arr = cJSON_CreateArray();
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "processes")) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "property", bk_procinst_json(doc, p));
		cJSON_AddItemToObject(o, "relation", pi_relation(doc, p));
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_Delete(doc);
	return rpc_ok(c, arr);
}

/* Only the fields asked for (and bk_process_id), when a list is given. */
static cJSON *
pi_fields(cJSON *o, const cJSON *fields)
{
	cJSON *out, *e, *next;

	if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) == 0)
		return o;
	out = cJSON_CreateObject();
	for (e = o->child; e != NULL; e = next) {
		const cJSON *f;
		bool keep = strcmp(e->string, "bk_process_id") == 0;

		next = e->next;
		cJSON_ArrayForEach(f, fields)
			keep = keep || (cJSON_IsString(f) && strcmp(f->valuestring, e->string) == 0);
		if (keep)
			cJSON_AddItemToObject(out, e->string, cJSON_DetachItemViaPointer(o, e));
	}
	cJSON_Delete(o);
	return out;
}

/* Unknown ids are left out, as BlueKing does. */
static enum rpc_result
pi_detail_exec(struct rpc_call *c, cJSON *params)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(params, "fields");
	uint64_t biz = bk_uint(params, "bk_biz_id"), siid;
	struct id_list ids = { 0 };
	enum store_rc rc;
	cJSON *arr = cJSON_CreateArray(), *doc;

	bk_ids(params, "bk_process_ids", &ids);
	for (size_t i = 0; i < ids.n; i++) {
		if ((rc = store_procinst_owner(c->txn, ids.ids[i], &siid)) == STORE_OK)
			rc = store_doc_get(c->txn, STORE_DB_BK_SVCINSTS, siid, &doc);
		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK) {
			id_list_free(&ids);
			cJSON_Delete(arr);
			return rpc_fail_store(c, rc);
		}
		if (bk_uint(doc, "bk_biz_id") == biz && pi_entry(doc, ids.ids[i]) != NULL)
			cJSON_AddItemToArray(arr, pi_fields(bk_procinst_json(doc,
			    pi_entry(doc, ids.ids[i])), fields));
		cJSON_Delete(doc);
	}
	id_list_free(&ids);
	return rpc_ok(c, arr);
}

static void
pi_touch(cJSON *entry)
{
	char now[PT_TIME_LEN];

	pt_time_now(now);
	cJSON_DeleteItemFromObjectCaseSensitive(entry, "last_time");
	util_json_add_str(entry, "last_time", now);
}

static enum rpc_result
pi_update_one(struct rpc_call *c, uint64_t biz, const cJSON *in, cJSON *ids)
{
	uint64_t pid = bk_uint(in, "bk_process_id"), siid;
	struct proctemplate t = { 0 };
	struct err err = { 0 };
	cJSON *doc, *old, *entry;
	bool found;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if (pi_owner_load(c, biz, pid, &siid, &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	old = cJSON_Duplicate(doc, true);
	entry = pi_entry(doc, pid);
	if (pi_template(c, entry, &t, &found) != RPC_COMMIT)
		res = RPC_ROLLBACK;
	else if (procinst_update(found ? &t : NULL, cJSON_GetObjectItemCaseSensitive(entry,
	    "property"), in, &err) != 0)
		res = rpc_fail_err(c, &err);
	if (res == RPC_COMMIT) {
		pi_touch(entry);
		bk_stamp(doc, bk_caller(c), false);
		if ((rc = store_svcinst_put(c->txn, siid, doc, old)) != STORE_OK)
			res = rpc_fail_store(c, rc);
		else
			cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)pid));
	}
	if (found)
		proctemplate_free(&t);
	cJSON_Delete(old);
	cJSON_Delete(doc);
	return res;
}

static enum rpc_result
pi_update_exec(struct rpc_call *c, cJSON *params)
{
	const cJSON *p;
	uint64_t biz = bk_uint(params, "bk_biz_id");
	cJSON *ids = cJSON_CreateArray();

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(params, "processes")) {
		if (pi_update_one(c, biz, p, ids) != RPC_COMMIT) {
			cJSON_Delete(ids);
			return RPC_ROLLBACK;
		}
	}
	return rpc_ok(c, ids);
}

/* Processes bound to no template, added to a service instance. */
static enum rpc_result
pi_create_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), siid = bk_uint(params, "service_instance_id");
	const cJSON *p, *info;
	struct err err = { 0 };
	cJSON *doc, *old, *ids, *prop;
	uint64_t pid;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if (bk_svcinst_load(c, biz, siid, &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	old = cJSON_Duplicate(doc, true);
	ids = cJSON_CreateArray();
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(params, "processes")) {
		info = cJSON_GetObjectItemCaseSensitive(p, "process_info");
		if (procinst_check(info, true, &err) != 0 ||
		    (prop = procinst_free_new(info, &err)) == NULL) {
			res = rpc_fail_err(c, &err);
			break;
		}
		if ((res = bk_proc_add_free(c, prop, cJSON_GetObjectItemCaseSensitive(doc,
		    "processes"), &pid)) != RPC_COMMIT)
			break;
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)pid));
	}
	if (res == RPC_COMMIT) {
		bk_stamp(doc, bk_caller(c), false);
		if ((rc = store_svcinst_put(c->txn, siid, doc, old)) != STORE_OK)
			res = rpc_fail_store(c, rc);
	}
	cJSON_Delete(old);
	cJSON_Delete(doc);
	if (res != RPC_COMMIT) {
		cJSON_Delete(ids);
		return RPC_ROLLBACK;
	}
	return rpc_ok(c, ids);
}

/* A process that follows a template still there is refused: the template decides. */
static enum rpc_result
pi_delete_one(struct rpc_call *c, uint64_t biz, uint64_t pid)
{
	struct proctemplate t = { 0 };
	uint64_t siid;
	cJSON *doc, *old, *entry;
	bool found;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if (pi_owner_load(c, biz, pid, &siid, &doc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	entry = pi_entry(doc, pid);
	if (pi_template(c, entry, &t, &found) != RPC_COMMIT) {
		cJSON_Delete(doc);
		return RPC_ROLLBACK;
	}
	if (found) {
		res = rpc_fail(c, ERR_CONFLICT, "process instance %llu follows process template "
		    "%llu: delete the process template and sync the service instance instead",
		    (unsigned long long)pid, (unsigned long long)t.id);
		proctemplate_free(&t);
		cJSON_Delete(doc);
		return res;
	}
	old = cJSON_Duplicate(doc, true);
	cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(doc, "processes"),
	    entry));
	bk_stamp(doc, bk_caller(c), false);
	if ((rc = store_svcinst_put(c->txn, siid, doc, old)) != STORE_OK)
		res = rpc_fail_store(c, rc);
	cJSON_Delete(old);
	cJSON_Delete(doc);
	return res;
}

static enum rpc_result
pi_delete_exec(struct rpc_call *c, cJSON *params)
{
	struct id_list ids = { 0 };
	uint64_t biz = bk_uint(params, "bk_biz_id");
	enum rpc_result res = RPC_COMMIT;

	bk_ids(params, "process_instance_ids", &ids);
	for (size_t i = 0; i < ids.n && res == RPC_COMMIT; i++)
		res = pi_delete_one(c, biz, ids.ids[i]);
	id_list_free(&ids);
	return res == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

/* ---- rules ---- */

static const struct rule_field pi_list_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("service_instance_id"),
	{ NULL, { 0 } },
};
static const struct rule pi_list_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = pi_list_fields };

static const struct rule_field pi_detail_fields[] = {
	BK_BIZ_FIELD,
	{ "bk_process_ids", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .fail = { ERR_EMPTY, "cannot be empty" }, .max = PI_IDS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ "fields", { .type = RULE_ANY } },
	{ NULL, { 0 } },
};
static const struct rule pi_detail_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = pi_detail_fields };

static const struct rule_field pi_update_proc_fields[] = {
	BK_ID_FIELD("bk_process_id"),
	{ NULL, { 0 } },
};
static const struct rule pi_update_proc_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = pi_update_proc_fields };
static const struct rule_field pi_update_fields[] = {
	BK_BIZ_FIELD,
	{ "processes", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &pi_update_proc_rule, .fail = { ERR_EMPTY, "cannot be empty" },
	    .max = PI_MAX, .max_fail = { ERR_LIMIT, "holds more than 100 items" } } },
	{ NULL, { 0 } },
};
static const struct rule pi_update_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = pi_update_fields };

static const struct rule_field pi_create_proc_fields[] = {
	{ "process_info", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .fail = { ERR_MISSING, "is required" } } },
	{ NULL, { 0 } },
};
static const struct rule pi_create_proc_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = pi_create_proc_fields };
static const struct rule_field pi_create_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("service_instance_id"),
	{ "processes", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &pi_create_proc_rule, .fail = { ERR_EMPTY, "cannot be empty" },
	    .max = PI_MAX, .max_fail = { ERR_LIMIT, "holds more than 100 items" } } },
	{ NULL, { 0 } },
};
static const struct rule pi_create_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = pi_create_fields };

static const struct rule_field pi_delete_fields[] = {
	BK_BIZ_FIELD,
	{ "process_instance_ids", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED |
	    RULE_NOT_EMPTY, .fail = { ERR_EMPTY, "cannot be empty" }, .max = PI_IDS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ NULL, { 0 } },
};
static const struct rule pi_delete_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = pi_delete_fields };

const struct rpc_method method_processinstance_list = {
	.name = "processinstance.list",
	.params = &pi_list_params,
	.exec = pi_list_exec,
};

const struct rpc_method method_processinstance_listbyids = {
	.name = "processinstance.listbyids",
	.params = &pi_detail_params,
	.exec = pi_detail_exec,
};

const struct rpc_method method_processinstance_update = {
	.name = "processinstance.update",
	.flags = RPC_WRITE,
	.params = &pi_update_params,
	.exec = pi_update_exec,
};

const struct rpc_method method_processinstance_create = {
	.name = "processinstance.create",
	.flags = RPC_WRITE,
	.params = &pi_create_params,
	.exec = pi_create_exec,
};

const struct rpc_method method_processinstance_delete = {
	.name = "processinstance.delete",
	.flags = RPC_WRITE,
	.params = &pi_delete_params,
	.exec = pi_delete_exec,
};
