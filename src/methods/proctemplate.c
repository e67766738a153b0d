/* proctemplate.c: BlueKing CMDB service and process templates, the one implementation behind
 * both faces: JSON-RPC (servicetemplate.*, proctemplate.*) and the ESB routes (compat/). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/methods.h"
#include "tmpld/proctemplate.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define PT_CREATE_MAX	100
#define PT_DELETE_MAX	500
#define PT_LIST_IDS_MAX	200
#define PT_PAGE_MAX	1000

/* ---- errors ---- */

/* Status values here are typed: enum rpc_result for a call's outcome, enum store_rc for the
 * store's; the exec functions return int only because struct rpc_method says so. */

static const char *
pt_caller(const struct rpc_call *c)
{
	if (c->caller != NULL)
		return c->caller;
	return c->user.username != NULL ? c->user.username : "";
}

/* ---- request members, as BlueKing decodes and checks them ---- */

/* The members' rules (the rule trees at the end of the file) have checked every JSON type,
 * range and count before exec runs; these only read what they let through. */

/* An integer member; absent or null gives 0. */
static int64_t
pt_int(const cJSON *params, const char *name)
{
	int64_t v = 0;

	if (!pt_json_int(cJSON_GetObjectItemCaseSensitive(params, name), &v))
		v = 0;
	return v;
}

/* An id list member; absent or null gives none (*ids NULL), [] an empty list. */
static void
pt_ids(const cJSON *params, const char *name, uint64_t **ids, size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(params, name), *e;
	int64_t v;

	*ids = NULL, *n = 0;
	if (!cJSON_IsArray(a))
		return;
	*ids = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof **ids);
	cJSON_ArrayForEach(e, a)
		if (pt_json_int(e, &v))
			(*ids)[(*n)++] = (uint64_t)v;
}

struct pt_id_at {
	uint64_t	 id;
	size_t		 at;
};

static int
pt_id_at_cmp(const void *a, const void *b)
{
	const struct pt_id_at *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Drops repeated ids, keeping the first of each in order: O(n log n). */
static void
pt_ids_unique(uint64_t *ids, size_t *n)
{
	struct pt_id_at *e = xcalloc(*n + 1, sizeof *e);
	bool *keep = xcalloc(*n + 1, sizeof *keep);
	size_t m = 0;

	for (size_t i = 0; i < *n; i++)
		e[i] = (struct pt_id_at){ ids[i], i };
	qsort(e, *n, sizeof *e, pt_id_at_cmp);
	for (size_t i = 0; i < *n; i++)
		keep[e[i].at] = i == 0 || e[i].id != e[i - 1].id;
	for (size_t i = 0; i < *n; i++)
		if (keep[i])
			ids[m++] = ids[i];
	*n = m;
	free(keep);
	free(e);
}

/* ---- loading, scoped by business ---- */

static enum rpc_result
pt_load(struct rpc_call *c, uint64_t biz, uint64_t id, struct proctemplate *t)
{
	enum store_rc rc = store_proctemplate_get(c->txn, id, t);

	if (rc == STORE_OK && t->biz_id != biz) {
		proctemplate_free(t);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(c, ERR_NOT_FOUND, "process template %llu not found in business "
		    "%llu", (unsigned long long)id, (unsigned long long)biz);
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

static enum rpc_result
pt_svc_load(struct rpc_call *c, uint64_t biz, uint64_t id, enum err_kind bk,
    struct svctemplate *s)
{
	enum store_rc rc = store_svctemplate_get(c->txn, id, s);

	if (rc == STORE_OK && s->biz_id != biz) {
		svctemplate_free(s);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND && bk == ERR_NOT_FOUND)
		return rpc_fail(c, bk, "service template %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(c, bk, "'service_template_id' parameter validation failed: "
		    "service template %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

/* bk_process_name, and (bk_func_name, bk_start_param_regex), are unique within the service
 * template, the template itself excepted. */
static enum rpc_result
pt_unique(struct rpc_call *c, const struct proctemplate *t)
{
	struct proctemplate o;
	uint64_t *ids;
	size_t n;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if ((rc = store_proctemplate_ids(c->txn, t->svc_id, &ids, &n)) != STORE_OK)
		return rpc_fail_store(c, rc);
	for (size_t i = 0; i < n && res == RPC_COMMIT; i++) {
		if (ids[i] == t->id)
			continue;
		if ((rc = store_proctemplate_get(c->txn, ids[i], &o)) != STORE_OK) {
			res = rpc_fail_store(c, rc);
			break;
		}
		if (strcmp(proctemplate_name(&o), proctemplate_name(t)) == 0)
			res = rpc_fail_subject(c, ERR_EXISTS, "bk_process_name", "process name [%s] "
			    "unique validation failed", proctemplate_name(t));
		else if (proctemplate_same_func(&o, t))
			res = rpc_fail_subject(c, ERR_EXISTS, "bk_func_name", "process name [%s] and "
			    "start parameter [%s] unique validation failed", t->p[PT_F_FUNC_NAME].s,
			    t->p[PT_F_START_PARAM_REGEX].kind == PT_STR ?
			    t->p[PT_F_START_PARAM_REGEX].s : "");
		proctemplate_free(&o);
	}
	free(ids);
	return res;
}

/* ---- service templates ---- */

static enum rpc_result
svc_create_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s = { 0 };
	char now[PT_TIME_LEN];
	enum store_rc src;
	enum rpc_result res;

	s.biz_id = (uint64_t)pt_int(params, "bk_biz_id");
	s.category_id = pt_int(params, "service_category_id");
	if (s.category_id == 0)
		s.category_id = BKCAT_DEFAULT_ID;
	s.name = xstrdup(cJSON_GetObjectItemCaseSensitive(params, "name")->valuestring);
	if (bk_svc_check(c, s.biz_id, 0, s.name, s.category_id) != RPC_COMMIT) {
		svctemplate_free(&s);
		return RPC_ROLLBACK;
	}
	pt_time_now(now);
	s.creator = xstrdup(pt_caller(c));
	s.modifier = xstrdup(pt_caller(c));
	s.create_time = xstrdup(now);
	s.last_time = xstrdup(now);
	s.supplier = xstrdup("0");
	if ((src = store_svctemplate_create(c->txn, &s)) != STORE_OK)
		res = rpc_fail_store(c, src);
	else
		res = rpc_ok(c, svctemplate_to_json(&s));
	svctemplate_free(&s);
	return res;
}

static enum rpc_result
svc_get_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s;
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id");
	uint64_t id = (uint64_t)pt_int(params, "service_template_id");

	if (pt_svc_load(c, biz, id, ERR_NOT_FOUND, &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	rpc_ok(c, svctemplate_to_json(&s));
	svctemplate_free(&s);
	return RPC_COMMIT;
}

/* ---- process templates ---- */

/* Creates one process from {"spec": {...}}; its id goes into ids. */
static enum rpc_result
pt_create_one(struct rpc_call *c, const cJSON *proc, uint64_t biz, uint64_t svc, cJSON *ids)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(proc, "spec");
	struct proctemplate t = { .biz_id = biz, .svc_id = svc, .bind_null = true };
	struct err err = { 0 };
	enum store_rc src;
	enum rpc_result res;

	if (proctemplate_merge(&t, spec, &err) != 0 || proctemplate_finish(&t, &err) != 0) {
		proctemplate_free(&t);
		return rpc_fail_err(c, &err);
	}
	proctemplate_stamp(&t, pt_caller(c), true);
	if ((src = store_proctemplate_create(c->txn, &t)) != STORE_OK)
		res = rpc_fail_store(c, src);
	else if ((res = pt_unique(c, &t)) == RPC_COMMIT)
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)t.id));
	proctemplate_free(&t);
	return res;
}

static enum rpc_result
pt_create_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s;
	const cJSON *procs = cJSON_GetObjectItemCaseSensitive(params, "processes"), *p;
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id");
	uint64_t svc = (uint64_t)pt_int(params, "service_template_id");
	cJSON *ids;

	if (pt_svc_load(c, biz, svc, ERR_PARAM, &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	svctemplate_free(&s);
	ids = cJSON_CreateArray();
	cJSON_ArrayForEach(p, procs) {
		if (pt_create_one(c, p, biz, svc, ids) != RPC_COMMIT) {
			cJSON_Delete(ids);
			return RPC_ROLLBACK;
		}
	}
	return rpc_ok(c, ids);
}

static enum rpc_result
pt_get_exec(struct rpc_call *c, cJSON *params)
{
	struct proctemplate t;
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id");
	uint64_t id = (uint64_t)pt_int(params, "process_template_id");

	if (pt_load(c, biz, id, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	rpc_ok(c, proctemplate_to_json(&t));
	proctemplate_free(&t);
	return RPC_COMMIT;
}

static enum rpc_result
pt_update_exec(struct rpc_call *c, cJSON *params)
{
	const cJSON *prop = cJSON_GetObjectItemCaseSensitive(params, "process_property");
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id");
	uint64_t id = (uint64_t)pt_int(params, "process_template_id");
	struct proctemplate t;
	struct err err = { 0 };
	enum store_rc src;
	enum rpc_result res;

	if (pt_load(c, biz, id, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (proctemplate_merge(&t, prop, &err) != 0 || proctemplate_finish(&t, &err) != 0) {
		proctemplate_free(&t);
		return rpc_fail_err(c, &err);
	}
	proctemplate_stamp(&t, pt_caller(c), false);
	if ((res = pt_unique(c, &t)) == RPC_COMMIT) {
		if ((src = store_proctemplate_put(c->txn, &t)) != STORE_OK)
			res = rpc_fail_store(c, src);
		else
			res = rpc_ok(c, proctemplate_to_json(&t));
	}
	proctemplate_free(&t);
	return res;
}

/* Deletes every id listed (a repeated id counts once); one unknown id fails them all. */
static enum rpc_result
pt_delete_exec(struct rpc_call *c, cJSON *params)
{
	struct proctemplate t;
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id"), *ids;
	size_t n;
	enum store_rc src;
	enum rpc_result res = RPC_COMMIT;

	pt_ids(params, "process_templates", &ids, &n);
	pt_ids_unique(ids, &n);
	for (size_t i = 0; i < n && res == RPC_COMMIT; i++) {
		if ((res = pt_load(c, biz, ids[i], &t)) != RPC_COMMIT)
			break;
		if ((src = store_proctemplate_del(c->txn, &t)) != STORE_OK)
			res = rpc_fail_store(c, src);
		proctemplate_free(&t);
	}
	free(ids);
	return res == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

/* ---- list ---- */

struct pt_page {
	int64_t		 start, limit;
	const char	*sort;		/* "id" or "bk_process_name" */
	bool		 desc;
};

/* page: {start, limit, sort}, already checked by its rule; absent members are defaults. */
static void
pt_page_parse(const cJSON *params, struct pt_page *pg)
{
	const cJSON *page = cJSON_GetObjectItemCaseSensitive(params, "page");
	const cJSON *sort = cJSON_GetObjectItemCaseSensitive(page, "sort");
	const char *s = "-id";

	pg->start = pt_int(page, "start");
	pg->limit = pt_int(page, "limit");
	if (cJSON_IsString(sort) && sort->valuestring[0] != '\0')
		s = sort->valuestring;
	pg->desc = s[0] == '-';
	pg->sort = pg->desc ? s + 1 : s;
	if (pg->limit == 0)
		pg->limit = PT_PAGE_MAX;
}

static int
pt_sort_cmp(const void *a, const void *b, void *arg)
{
	const struct proctemplate *x = a, *y = b;
	const struct pt_page *pg = arg;
	int r;

	if (strcmp(pg->sort, "id") == 0)
		r = x->id < y->id ? -1 : x->id > y->id;
	else if ((r = strcmp(proctemplate_name(x), proctemplate_name(y))) == 0)
		r = x->id < y->id ? -1 : x->id > y->id;
	return pg->desc ? -r : r;
}

/* Loads the candidates (unique ids) that belong to the business (and the service template,
 * if given). */
static enum rpc_result
pt_list_load(struct rpc_call *c, uint64_t biz, int64_t svc, const uint64_t *ids, size_t n,
    struct proctemplate *out, size_t *count)
{
	enum store_rc rc;

	*count = 0;
	for (size_t i = 0; i < n; i++) {
		struct proctemplate *t = &out[*count];

		rc = store_proctemplate_get(c->txn, ids[i], t);
		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			return rpc_fail_store(c, rc);
		if (t->biz_id != biz || (svc > 0 && t->svc_id != (uint64_t)svc))
			proctemplate_free(t);
		else
			(*count)++;
	}
	return RPC_COMMIT;
}

static cJSON *
pt_list_json(struct proctemplate *ts, size_t n, struct pt_page *pg)
{
	cJSON *o = cJSON_CreateObject(), *info;

	qsort_r(ts, n, sizeof *ts, pt_sort_cmp, pg);
	cJSON_AddNumberToObject(o, "count", (double)n);
	info = cJSON_AddArrayToObject(o, "info");
	for (size_t i = (size_t)pg->start; i < n && i < (size_t)(pg->start + pg->limit); i++)
		cJSON_AddItemToArray(info, proctemplate_to_json(&ts[i]));
	return o;
}

/* The ids asked for, or every id of the service template. */
static enum rpc_result
pt_list_ids(struct rpc_call *c, const cJSON *params, int64_t svc, uint64_t **ids, size_t *n)
{
	enum store_rc rc;

	pt_ids(params, "process_template_ids", ids, n);
	if (*ids != NULL) {
		pt_ids_unique(*ids, n);
		return RPC_COMMIT;
	}
	if ((rc = store_proctemplate_ids(c->txn, (uint64_t)svc, ids, n)) != STORE_OK)
		return rpc_fail_store(c, rc);
	return RPC_COMMIT;
}

static enum rpc_result
pt_list_exec(struct rpc_call *c, cJSON *params)
{
	struct pt_page pg;
	struct proctemplate *ts;
	uint64_t biz = (uint64_t)pt_int(params, "bk_biz_id"), *ids;
	int64_t svc = pt_int(params, "service_template_id");
	size_t n, count;
	enum rpc_result res;

	pt_page_parse(params, &pg);
	if (pt_list_ids(c, params, svc, &ids, &n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	ts = xcalloc(n + 1, sizeof *ts);
	res = pt_list_load(c, biz, svc, ids, n, ts, &count);
	if (res == RPC_COMMIT)
		rpc_ok(c, pt_list_json(ts, count, &pg));
	for (size_t i = 0; i < count; i++)
		proctemplate_free(&ts[i]);
	free(ts);
	free(ids);
	return res;
}

/* ---- the rules: BlueKing's decoding and checks of each operation's members ---- */

/* Bodies carry the ESB credentials too: the members not declared are ignored. */
#define PT_ROOT		(RULE_BK | RULE_LENIENT)
#define PT_POSITIVE	"a positive integer is required"

/* bk_biz_id: absent, null or <= 0 is 1199006. */
#define PT_BIZ \
	{ "bk_biz_id", { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:", \
	    .fail = { ERR_PARAM, PT_POSITIVE } } }
/* An id that must name something: absent, null or <= 0 is 1199003 ... */
#define PT_ID_MISSING(name) \
	{ name, { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:", \
	    .fail = { ERR_MISSING, "is required and must be a positive integer" } } }
/* ... or, on create, 1199006. */
#define PT_ID_PARAM(name) \
	{ name, { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:", \
	    .fail = { ERR_PARAM, PT_POSITIVE } } }

static const struct rule_field svc_create_fields[] = {
	PT_BIZ,
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .fail = { ERR_PARAM, "required, not empty" } } },
	{ "service_category_id", { .type = RULE_INTEGER, .in = "0:",
	    .fail = { ERR_PARAM, "not negative" } } },
	{ NULL, { 0 } },
};
static const struct rule svc_create_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = svc_create_fields };

static const struct rule_field svc_get_fields[] = {
	PT_BIZ,
	PT_ID_MISSING("service_template_id"),
	{ NULL, { 0 } },
};
static const struct rule svc_get_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = svc_get_fields };

/* A process: {"spec": process_property}; the properties themselves are the model's to parse
 * (proctemplate_merge), after the service template is found. */
static const struct rule_field pt_process_fields[] = {
	{ "spec", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .fail = { ERR_TYPE, "an object" } } },
	{ NULL, { 0 } },
};
static const struct rule pt_process_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = pt_process_fields };
static const struct rule_field pt_create_fields[] = {
	PT_BIZ,
	PT_ID_PARAM("service_template_id"),
	{ "processes", { .type = RULE_OBJECTS, .elem = &pt_process_rule, .max = PT_CREATE_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 100 items" } } },
	{ NULL, { 0 } },
};
static const struct rule pt_create_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = pt_create_fields };

static const struct rule_field pt_get_fields[] = {
	PT_BIZ,
	PT_ID_MISSING("process_template_id"),
	{ NULL, { 0 } },
};
static const struct rule pt_get_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = pt_get_fields };

/* Decoding first (1199000), then the required members (1199003), then the business. */
static const struct rule_field pt_update_fields[] = {
	{ "process_property", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .fail = { ERR_MISSING, "is required" } } },
	PT_ID_MISSING("process_template_id"),
	PT_BIZ,
	{ NULL, { 0 } },
};
static const struct rule pt_update_params = { .type = RULE_OBJECT,
	.flags = PT_ROOT | RULE_TYPES_FIRST, .fields = pt_update_fields };

static const struct rule_field pt_delete_fields[] = {
	PT_BIZ,
	{ "process_templates", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .fail = { ERR_EMPTY, "cannot be empty" }, .max = PT_DELETE_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ NULL, { 0 } },
};
static const struct rule pt_delete_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = pt_delete_fields };

static char *
pt_check_sort(const cJSON *v)
{
	const char *s = v->valuestring + (v->valuestring[0] == '-');

	if (v->valuestring[0] == '\0' || strcmp(s, "id") == 0 ||
	    strcmp(s, "bk_process_name") == 0)
		return NULL;
	return xstrdup("id, bk_process_name, -id or -bk_process_name");
}

/* start >= 0 and limit 0..1000: one text for both, after every member's type. */
static char *
pt_check_page(const cJSON *v)
{
	int64_t start = pt_int(v, "start"), limit = pt_int(v, "limit");

	if (start >= 0 && limit >= 0 && limit <= PT_PAGE_MAX)
		return NULL;
	return xasprintf("start >= 0, limit 0..%d (0: %d)", PT_PAGE_MAX, PT_PAGE_MAX);
}

static const struct rule_field pt_page_fields[] = {
	{ "start", { .type = RULE_INTEGER } },
	{ "limit", { .type = RULE_INTEGER } },
	{ "sort", { .type = RULE_STRING, .check = pt_check_sort } },
	{ NULL, { 0 } },
};

/* service_template_id (> 0) or process_template_ids ([] too) names the candidates. */
static char *
pt_check_list(const cJSON *v)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(v, "process_template_ids");

	if (pt_int(v, "service_template_id") > 0 || cJSON_IsArray(ids))
		return NULL;
	return xstrdup("service_template_id or process_template_ids is required");
}

static const struct rule_field pt_list_fields[] = {
	PT_BIZ,
	{ "service_template_id", { .type = RULE_INTEGER } },
	{ "page", { .type = RULE_OBJECT, .flags = RULE_LENIENT | RULE_TYPES_FIRST,
	    .fields = pt_page_fields, .check = pt_check_page } },
	{ "process_template_ids", { .type = RULE_INTEGERS, .max = PT_LIST_IDS_MAX,
	    .max_fail = { ERR_PARAM, "at most 200 ids" } } },
	{ NULL, { 0 } },
};
static const struct rule pt_list_params = { .type = RULE_OBJECT, .flags = PT_ROOT,
	.fields = pt_list_fields, .check = pt_check_list, .subject = "service_template_id" };

/* ---- descriptors: both faces (JSON-RPC and the ESB routes) check params with these ---- */

const struct rpc_method method_servicetemplate_create = {
	.name = "servicetemplate.create",
	.flags = RPC_WRITE,
	.params = &svc_create_params,
	.exec = svc_create_exec,
};

const struct rpc_method method_servicetemplate_get = {
	.name = "servicetemplate.get",
	.params = &svc_get_params,
	.exec = svc_get_exec,
};

const struct rpc_method method_proctemplate_create = {
	.name = "proctemplate.create",
	.flags = RPC_WRITE,
	.params = &pt_create_params,
	.exec = pt_create_exec,
};

const struct rpc_method method_proctemplate_get = {
	.name = "proctemplate.get",
	.params = &pt_get_params,
	.exec = pt_get_exec,
};

const struct rpc_method method_proctemplate_list = {
	.name = "proctemplate.list",
	.params = &pt_list_params,
	.exec = pt_list_exec,
};

const struct rpc_method method_proctemplate_update = {
	.name = "proctemplate.update",
	.flags = RPC_WRITE,
	.params = &pt_update_params,
	.exec = pt_update_exec,
};

const struct rpc_method method_proctemplate_delete = {
	.name = "proctemplate.delete",
	.flags = RPC_WRITE,
	.params = &pt_delete_params,
	.exec = pt_delete_exec,
};
