/* bk_common.c: helpers the BlueKing service methods share: members, pages, scoped loading,
 * and the service and process instance answer objects. */
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define BK_PAGE_MAX	1000

uint64_t
bk_uint(const cJSON *params, const char *name)
{
	int64_t v;

	if (!pt_json_int(cJSON_GetObjectItemCaseSensitive(params, name), &v) || v <= 0)
		return 0;
	return (uint64_t)v;
}

void
bk_ids(const cJSON *params, const char *name, struct id_list *out)
{
	const cJSON *e;
	int64_t v;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(params, name))
		if (pt_json_int(e, &v) && v > 0 && !id_list_has(out, (uint64_t)v))
			id_list_add(out, (uint64_t)v);
}

const char *
bk_caller(const struct rpc_call *c)
{
	if (c->caller != NULL)
		return c->caller;
	return c->user.username != NULL ? c->user.username : "";
}

const struct rule_field bk_page_fields[] = {
	{ "start", { .type = RULE_INTEGER } },
	{ "limit", { .type = RULE_INTEGER } },
	{ "sort", { .type = RULE_STRING } },
	{ NULL, { 0 } },
};

char *
bk_check_page(const cJSON *v)
{
	int64_t start = 0, limit = 0;

	pt_json_int(cJSON_GetObjectItemCaseSensitive(v, "start"), &start);
	pt_json_int(cJSON_GetObjectItemCaseSensitive(v, "limit"), &limit);
	if (start >= 0 && limit >= 0 && limit <= BK_PAGE_MAX)
		return NULL;
	return xasprintf("start >= 0, limit 0..%d", BK_PAGE_MAX);
}

cJSON *
bk_page_answer(const cJSON *params, cJSON *items, int64_t max)
{
	const cJSON *page = cJSON_GetObjectItemCaseSensitive(params, "page");
	cJSON *o = cJSON_CreateObject(), *info = cJSON_CreateArray(), *e;
	int64_t start = 0, limit = 0, i = 0;

	pt_json_int(cJSON_GetObjectItemCaseSensitive(page, "start"), &start);
	pt_json_int(cJSON_GetObjectItemCaseSensitive(page, "limit"), &limit);
	if (limit <= 0 || limit > max)
		limit = max;
	cJSON_AddNumberToObject(o, "count", (double)cJSON_GetArraySize(items));
	while ((e = cJSON_DetachItemFromArray(items, 0)) != NULL) {
		if (i >= start && i < start + limit)
			cJSON_AddItemToArray(info, e);
		else
			cJSON_Delete(e);
		i++;
	}
	cJSON_Delete(items);
	cJSON_AddItemToObject(o, "info", info);
	return o;
}

uint64_t
bk_module_of(const cJSON *params)
{
	uint64_t id = bk_uint(params, "service_template_id");

	return id != 0 ? id : bk_uint(params, "bk_module_id");
}

enum rpc_result
bk_svc_load(struct rpc_call *c, uint64_t biz, uint64_t id, enum err_kind kind,
    const char *member, struct svctemplate *s)
{
	enum store_rc rc = store_svctemplate_get(c->txn, id, s);

	if (rc == STORE_OK && s->biz_id != biz) {
		svctemplate_free(s);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND && kind == ERR_NOT_FOUND)
		return rpc_fail(c, kind, "service template %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(c, kind, "'%s' parameter validation failed: service template %llu "
		    "not found in business %llu", member, (unsigned long long)id,
		    (unsigned long long)biz);
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

enum rpc_result
bk_svcinst_load(struct rpc_call *c, uint64_t biz, uint64_t id, cJSON **doc)
{
	enum store_rc rc = store_doc_get(c->txn, STORE_DB_BK_SVCINSTS, id, doc);

	if (rc == STORE_OK && bk_uint(*doc, "bk_biz_id") != biz) {
		cJSON_Delete(*doc);
		*doc = NULL;
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(c, ERR_NOT_FOUND, "service instance %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

cJSON *
bk_category_find(struct rpc_call *c, uint64_t biz, int64_t id, enum store_rc *rc)
{
	cJSON *doc;

	*rc = STORE_OK;
	if (id <= 0)
		return NULL;
	if (id <= BKCAT_BUILTIN_N)
		return bkcat_builtin_json((size_t)id - 1);
	*rc = store_doc_get(c->txn, STORE_DB_BK_CATEGORIES, (uint64_t)id, &doc);
	if (*rc == STORE_ENOTFOUND) {
		*rc = STORE_OK;
		return NULL;
	}
	if (*rc != STORE_OK)
		return NULL;
	if (bk_uint(doc, "bk_biz_id") != biz) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

char *
bk_host_inner_ip(struct rpc_call *c, uint64_t hostid)
{
	struct id_list l = { 0 };
	struct hostinterface hi;
	char *ip = NULL;

	if (store_host_interfaces(c->txn, hostid, &l) == STORE_OK && l.n > 0) {
		memset(&hi, 0, sizeof hi);
		if (store_interface_get(c->txn, l.ids[0], &hi) == STORE_OK) {
			ip = xstrdup(hi.ip != NULL ? hi.ip : "");
			hostinterface_free(&hi);
		}
	}
	id_list_free(&l);
	return ip != NULL ? ip : xstrdup("");
}

enum rpc_result
bk_proc_templates(struct rpc_call *c, uint64_t svc, struct proctemplate **out, size_t *n)
{
	uint64_t *ids;
	size_t m;
	enum store_rc rc;

	*out = NULL, *n = 0;
	if ((rc = store_proctemplate_ids(c->txn, svc, &ids, &m)) != STORE_OK)
		return rpc_fail_store(c, rc);
	*out = xcalloc(m + 1, sizeof **out);
	for (size_t i = 0; i < m; i++) {
		if ((rc = store_proctemplate_get(c->txn, ids[i], &(*out)[*n])) != STORE_OK) {
			free(ids);
			bk_proc_templates_free(*out, *n);
			*out = NULL, *n = 0;
			return rpc_fail_store(c, rc);
		}
		(*n)++;
	}
	free(ids);
	return RPC_COMMIT;
}

void
bk_proc_templates_free(struct proctemplate *ts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		proctemplate_free(&ts[i]);
	free(ts);
}

static void
bk_copy(cJSON *to, const cJSON *from, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, name);

	cJSON_AddItemToObject(to, name, v != NULL ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
}

cJSON *
bk_svcinst_json(const cJSON *doc)
{
	static const char *const names[] = { "bk_biz_id", "id", "name", "labels",
	    "service_template_id", "bk_host_id", "bk_module_id", "creator", "modifier",
	    "create_time", "last_time", "bk_supplier_account" };
	cJSON *o = cJSON_CreateObject();

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		bk_copy(o, doc, names[i]);
	return o;
}

cJSON *
bk_procinst_json(const cJSON *doc, const cJSON *proc)
{
	cJSON *o = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(proc, "property"), true);

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
	}
	bk_copy(o, proc, "bk_process_id");
	bk_copy(o, doc, "bk_biz_id");
	bk_copy(o, doc, "bk_supplier_account");
	bk_copy(o, proc, "create_time");
	bk_copy(o, proc, "last_time");
	cJSON_AddItemToObject(o, "service_instance_id",
	    cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(doc, "id"), true));
	return o;
}

static void
bk_set_str(cJSON *o, const char *name, const char *v)
{
	if (cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(o, name, cJSON_CreateString(v));
	else
		cJSON_AddStringToObject(o, name, v);
}

void
bk_stamp(cJSON *o, const char *who, bool create)
{
	char now[PT_TIME_LEN];

	pt_time_now(now);
	bk_set_str(o, "modifier", who);
	bk_set_str(o, "last_time", now);
	if (create) {
		bk_set_str(o, "creator", who);
		bk_set_str(o, "create_time", now);
		bk_set_str(o, "bk_supplier_account", "0");
	}
}
