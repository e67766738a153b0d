/* servicetemplate.c: BlueKing service templates beyond create and get (proctemplate.c):
 * update, list and delete (servicetemplate.*, and the ESB routes update/list/
 * delete_service_template), and the checks a template's name and category pass. */
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define SVC_LIST_MAX	500
#define SVC_IDS_MAX	500

enum rpc_result
bk_svc_check(struct rpc_call *c, uint64_t biz, uint64_t self, const char *name, int64_t cat)
{
	struct svctemplate *all;
	cJSON *catj;
	size_t n;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	/* 0: a template stored before categories were checked keeps having none */
	if (cat == 0)
		catj = NULL;
	else if ((catj = bk_category_find(c, biz, cat, &rc)) == NULL)
		return rc != STORE_OK ? rpc_fail_store(c, rc) : rpc_fail(c, ERR_PARAM,
		    "'service_category_id' parameter validation failed: service category %lld not "
		    "found in business %llu", (long long)cat, (unsigned long long)biz);
	if (catj != NULL && bk_uint(catj, "bk_parent_id") == 0)
		res = rpc_fail(c, ERR_PARAM, "'service_category_id' parameter validation failed: "
		    "a service template sits in a second-level category, and %lld is a first-level "
		    "one", (long long)cat);
	cJSON_Delete(catj);
	if (res != RPC_COMMIT)
		return res;
	if ((rc = store_svctemplate_all(c->txn, &all, &n)) != STORE_OK)
		return rpc_fail_store(c, rc);
	for (size_t i = 0; i < n; i++) {
		if (res == RPC_COMMIT && all[i].biz_id == biz && all[i].id != self &&
		    strcmp(all[i].name, name) == 0)
			res = rpc_fail_subject(c, ERR_EXISTS, "duplicate", "service template name [%s] "
			    "already exists in business %llu", name, (unsigned long long)biz);
		svctemplate_free(&all[i]);
	}
	free(all);
	return res;
}

static enum rpc_result
svc_update_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), id = bk_uint(params, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "name");
	const cJSON *cat = cJSON_GetObjectItemCaseSensitive(params, "service_category_id");
	struct svctemplate s;
	char now[PT_TIME_LEN];
	enum store_rc rc;
	enum rpc_result res;

	if (bk_svc_load(c, biz, id, ERR_NOT_FOUND, "id", &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (cJSON_IsString(name)) {
		free(s.name);
		s.name = xstrdup(name->valuestring);
	}
	if (cJSON_IsNumber(cat))
		s.category_id = (int64_t)cat->valuedouble;
	if ((res = bk_svc_check(c, biz, id, s.name, s.category_id)) == RPC_COMMIT) {
		pt_time_now(now);
		free(s.modifier);
		s.modifier = xstrdup(bk_caller(c));
		free(s.last_time);
		s.last_time = xstrdup(now);
		if ((rc = store_svctemplate_put(c->txn, &s)) != STORE_OK)
			res = rpc_fail_store(c, rc);
		else
			res = rpc_ok(c, svctemplate_to_json(&s));
	}
	svctemplate_free(&s);
	return res;
}

struct svc_sort {
	bool	 by_name, desc;
};

static int
svc_cmp(const void *a, const void *b, void *arg)
{
	const struct svctemplate *x = a, *y = b;
	const struct svc_sort *so = arg;
	int r = so->by_name ? strcmp(x->name, y->name) : 0;

	if (r == 0)
		r = x->id < y->id ? -1 : x->id > y->id;
	return so->desc ? -r : r;
}

static bool
svc_matches(const struct svctemplate *s, const cJSON *params, uint64_t biz,
    const struct id_list *ids)
{
	const cJSON *search = cJSON_GetObjectItemCaseSensitive(params, "search");
	uint64_t cat = bk_uint(params, "service_category_id");

	if (s->biz_id != biz || (cat != 0 && s->category_id != (int64_t)cat))
		return false;
	if (ids->n > 0 && !id_list_has(ids, s->id))
		return false;
	if (cJSON_IsString(search) && search->valuestring[0] != '\0') {
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "is_exact")))
			return strcmp(s->name, search->valuestring) == 0;
		return strstr(s->name, search->valuestring) != NULL;
	}
	return true;
}

static enum rpc_result
svc_list_exec(struct rpc_call *c, cJSON *params)
{
	const cJSON *page = cJSON_GetObjectItemCaseSensitive(params, "page");
	const cJSON *sort = cJSON_GetObjectItemCaseSensitive(page, "sort");
	uint64_t biz = bk_uint(params, "bk_biz_id");
	struct id_list ids = { 0 };
	struct svctemplate *all;
	struct svc_sort so = { false, false };
	size_t n, k = 0;
	cJSON *items;
	enum store_rc rc;

	if (cJSON_IsString(sort)) {
		so.desc = sort->valuestring[0] == '-';
		so.by_name = strcmp(sort->valuestring + so.desc, "name") == 0;
	}
	if ((rc = store_svctemplate_all(c->txn, &all, &n)) != STORE_OK)
		return rpc_fail_store(c, rc);
	bk_ids(params, "service_template_ids", &ids);
	for (size_t i = 0; i < n; i++) {
		if (svc_matches(&all[i], params, biz, &ids))
			all[k++] = all[i];
		else
			svctemplate_free(&all[i]);
	}
	id_list_free(&ids);
	qsort_r(all, k, sizeof *all, svc_cmp, &so);
	items = cJSON_CreateArray();
	for (size_t i = 0; i < k; i++) {
		cJSON_AddItemToArray(items, svctemplate_to_json(&all[i]));
		svctemplate_free(&all[i]);
	}
	free(all);
	return rpc_ok(c, bk_page_answer(params, items, SVC_LIST_MAX));
}

/* Refused while instances exist; its process templates go with it. */
static enum rpc_result
svc_delete_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), id = bk_module_of(params);
	struct id_list insts = { 0 };
	struct svctemplate s;
	struct proctemplate *pts;
	size_t npt;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if (bk_svc_load(c, biz, id, ERR_NOT_FOUND, "service_template_id", &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	svctemplate_free(&s);
	if ((rc = store_svcinst_by_template(c->txn, id, &insts)) != STORE_OK) {
		id_list_free(&insts);
		return rpc_fail_store(c, rc);
	}
	if (insts.n > 0)
		res = rpc_fail_subject(c, ERR_CONFLICT, "in_use", "service template %llu still has "
		    "%zu service instances: delete them first", (unsigned long long)id, insts.n);
	id_list_free(&insts);
	if (res != RPC_COMMIT || bk_proc_templates(c, id, &pts, &npt) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (size_t i = 0; i < npt && res == RPC_COMMIT; i++)
		if ((rc = store_proctemplate_del(c->txn, &pts[i])) != STORE_OK)
			res = rpc_fail_store(c, rc);
	bk_proc_templates_free(pts, npt);
	if (res == RPC_COMMIT && (rc = store_svctemplate_del(c->txn, id)) != STORE_OK)
		res = rpc_fail_store(c, rc);
	return res == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

/* ---- rules ---- */

static char *
svc_check_update(const cJSON *v)
{
	if (cJSON_GetObjectItemCaseSensitive(v, "name") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(v, "service_category_id") != NULL)
		return NULL;
	return xstrdup("name or service_category_id is required");
}

static const struct rule_field svc_update_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("id"),
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 256,
	    .fail = { ERR_PARAM, "not empty, at most 256 characters" } } },
	{ "service_category_id", { .type = RULE_INTEGER, .in = "1:",
	    .fail = { ERR_PARAM, BK_POSITIVE } } },
	{ NULL, { 0 } },
};
static const struct rule svc_update_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = svc_update_fields, .check = svc_check_update, .subject = "name" };

static char *
svc_check_sort(const cJSON *v)
{
	const char *s = v->valuestring + (v->valuestring[0] == '-');

	if (v->valuestring[0] == '\0' || strcmp(s, "id") == 0 || strcmp(s, "name") == 0)
		return NULL;
	return xstrdup("id, name, -id or -name");
}

static const struct rule_field svc_page_fields[] = {
	{ "start", { .type = RULE_INTEGER } },
	{ "limit", { .type = RULE_INTEGER } },
	{ "sort", { .type = RULE_STRING, .check = svc_check_sort } },
	{ NULL, { 0 } },
};

static const struct rule_field svc_list_fields[] = {
	BK_BIZ_FIELD,
	{ "service_category_id", { .type = RULE_INTEGER } },
	{ "search", { .type = RULE_STRING } },
	{ "is_exact", { .type = RULE_BOOLEAN } },
	{ "service_template_ids", { .type = RULE_INTEGERS, .max = SVC_IDS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ "page", { .type = RULE_OBJECT, .flags = RULE_LENIENT | RULE_TYPES_FIRST,
	    .fields = svc_page_fields, .check = bk_check_page } },
	{ NULL, { 0 } },
};
static const struct rule svc_list_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = svc_list_fields };

static const struct rule_field svc_delete_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("service_template_id"),
	{ NULL, { 0 } },
};
static const struct rule svc_delete_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = svc_delete_fields };

const struct rpc_method method_servicetemplate_update = {
	.name = "servicetemplate.update",
	.flags = RPC_WRITE,
	.params = &svc_update_params,
	.exec = svc_update_exec,
};

const struct rpc_method method_servicetemplate_list = {
	.name = "servicetemplate.list",
	.params = &svc_list_params,
	.exec = svc_list_exec,
};

const struct rpc_method method_servicetemplate_delete = {
	.name = "servicetemplate.delete",
	.flags = RPC_WRITE,
	.params = &svc_delete_params,
	.exec = svc_delete_exec,
};
