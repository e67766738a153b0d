/* proctemplate.c: BlueKing CMDB service and process templates, the one implementation behind
 * both faces: JSON-RPC (servicetemplate.*, proctemplate.*) and the ESB routes (compat/). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/proctemplate.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define PT_CREATE_MAX	100
#define PT_DELETE_MAX	500
#define PT_LIST_IDS_MAX	200
#define PT_PAGE_MAX	1000

/* ---- errors ---- */

static int
pt_fail(struct rpc_call *c, enum err_kind kind, const char *fmt, ...) ATTR_PRINTF(3, 4);

static int
pt_fail(struct rpc_call *c, enum err_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	return rpc_fail_take(c, kind, msg);
}

static int
pt_fail_err(struct rpc_call *c, struct err *err)
{
	return rpc_fail_err(c, err);
}

static int
pt_fail_store(struct rpc_call *c, int rc)
{
	return pt_fail(c, ERR_STORE, "%s.", store_strerror(rc));
}

static const char *
pt_caller(const struct rpc_call *c)
{
	if (c->caller != NULL)
		return c->caller;
	return c->user.username != NULL ? c->user.username : "";
}

/* ---- request members ---- */

static int
pt_params_check(struct rpc_call *c, const cJSON *params)
{
	if (!cJSON_IsObject(params))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: the request body should be a "
		    "JSON object");
	return RPC_COMMIT;
}

/* An integer member; absent or null gives 0. A non-integer fails the call (ERR_TYPE). */
static int
pt_param_int(struct rpc_call *c, const cJSON *params, const char *name, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return RPC_COMMIT;
	if (!pt_json_int(v, out))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: '%s' should be an integer", name);
	return RPC_COMMIT;
}

/* A positive id member; absent, null or <= 0 fails with the kind bk, naming the member. */
static int
pt_param_id(struct rpc_call *c, const cJSON *params, const char *name, enum err_kind bk,
    uint64_t *out)
{
	int64_t v;

	*out = 0;
	if (pt_param_int(c, params, name, &v) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (v <= 0 && bk == ERR_MISSING)
		return pt_fail(c, bk, "invalid input parameter: '%s' is required and must be a "
		    "positive integer", name);
	if (v <= 0)
		return pt_fail(c, bk, "'%s' parameter validation failed: a positive integer is "
		    "required", name);
	*out = (uint64_t)v;
	return RPC_COMMIT;
}

static int
pt_param_biz(struct rpc_call *c, const cJSON *params, uint64_t *biz)
{
	if (pt_params_check(c, params) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return pt_param_id(c, params, "bk_biz_id", ERR_PARAM, biz);
}

/* An array member of ids; absent or null gives none. */
static int
pt_param_ids(struct rpc_call *c, const cJSON *params, const char *name, uint64_t **ids,
    size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(params, name), *e;
	int64_t v;

	*ids = NULL, *n = 0;
	if (a == NULL || cJSON_IsNull(a))
		return RPC_COMMIT;
	if (!cJSON_IsArray(a))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: '%s' should be an array of "
		    "integers", name);
	*ids = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof **ids);
	cJSON_ArrayForEach(e, a) {
		if (!pt_json_int(e, &v) || v <= 0) {
			free(*ids);
			*ids = NULL, *n = 0;
			return pt_fail(c, ERR_TYPE, "invalid JSON data: '%s' should be an array "
			    "of positive integers", name);
		}
		(*ids)[(*n)++] = (uint64_t)v;
	}
	return RPC_COMMIT;
}

/* ---- loading, scoped by business ---- */

static int
pt_load(struct rpc_call *c, uint64_t biz, uint64_t id, struct proctemplate *t)
{
	int rc = store_proctemplate_get(c->txn, id, t);

	if (rc == STORE_OK && t->biz_id != biz) {
		proctemplate_free(t);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return pt_fail(c, ERR_NOT_FOUND, "process template %llu not found in business "
		    "%llu", (unsigned long long)id, (unsigned long long)biz);
	if (rc != STORE_OK)
		return pt_fail_store(c, rc);
	return RPC_COMMIT;
}

static int
pt_svc_load(struct rpc_call *c, uint64_t biz, uint64_t id, enum err_kind bk, struct svctemplate *s)
{
	int rc = store_svctemplate_get(c->txn, id, s);

	if (rc == STORE_OK && s->biz_id != biz) {
		svctemplate_free(s);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND && bk == ERR_NOT_FOUND)
		return pt_fail(c, bk, "service template %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc == STORE_ENOTFOUND)
		return pt_fail(c, bk, "'service_template_id' parameter validation failed: "
		    "service template %llu not found in business %llu",
		    (unsigned long long)id, (unsigned long long)biz);
	if (rc != STORE_OK)
		return pt_fail_store(c, rc);
	return RPC_COMMIT;
}

/* bk_process_name, and (bk_func_name, bk_start_param_regex), are unique within the service
 * template, the template itself excepted. */
static int
pt_unique(struct rpc_call *c, const struct proctemplate *t)
{
	struct proctemplate o;
	uint64_t *ids;
	size_t n;
	int rc, res = RPC_COMMIT;

	if ((rc = store_proctemplate_ids(c->txn, t->svc_id, &ids, &n)) != STORE_OK)
		return pt_fail_store(c, rc);
	for (size_t i = 0; i < n && res == RPC_COMMIT; i++) {
		if (ids[i] == t->id)
			continue;
		if ((rc = store_proctemplate_get(c->txn, ids[i], &o)) != STORE_OK) {
			res = pt_fail_store(c, rc);
			break;
		}
		if (strcmp(proctemplate_name(&o), proctemplate_name(t)) == 0)
			res = rpc_fail_subject(c, ERR_EXISTS, "bk_process_name", "process name [%s] unique validation "
			    "failed", proctemplate_name(t));
		else if (proctemplate_same_func(&o, t))
			res = rpc_fail_subject(c, ERR_EXISTS, "bk_func_name", "process name [%s] and start parameter "
			    "[%s] unique validation failed", t->p[PT_F_FUNC_NAME].s,
			    t->p[PT_F_START_PARAM_REGEX].kind == PT_STR ?
			    t->p[PT_F_START_PARAM_REGEX].s : "");
		proctemplate_free(&o);
	}
	free(ids);
	return res;
}

/* ---- service templates ---- */

static int
svc_create_fields(struct rpc_call *c, const cJSON *params, struct svctemplate *s)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "name");

	if (name != NULL && !cJSON_IsNull(name) && !cJSON_IsString(name))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'name' should be a string");
	if (!cJSON_IsString(name) || name->valuestring[0] == '\0')
		return pt_fail(c, ERR_PARAM, "'name' parameter validation failed: required, not "
		    "empty");
	if (pt_param_int(c, params, "service_category_id", &s->category_id) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (s->category_id < 0)
		return pt_fail(c, ERR_PARAM, "'service_category_id' parameter validation failed: "
		    "not negative");
	s->name = xstrdup(name->valuestring);
	return RPC_COMMIT;
}

static int
svc_create_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s = { 0 };
	char now[PT_TIME_LEN];
	int rc;

	if (pt_param_biz(c, params, &s.biz_id) != RPC_COMMIT ||
	    svc_create_fields(c, params, &s) != RPC_COMMIT) {
		svctemplate_free(&s);
		return RPC_ROLLBACK;
	}
	pt_time_now(now);
	s.creator = xstrdup(pt_caller(c));
	s.modifier = xstrdup(pt_caller(c));
	s.create_time = xstrdup(now);
	s.last_time = xstrdup(now);
	s.supplier = xstrdup("0");
	if ((rc = store_svctemplate_create(c->txn, &s)) != STORE_OK)
		rc = pt_fail_store(c, rc);
	else
		rc = rpc_ok(c, svctemplate_to_json(&s));
	svctemplate_free(&s);
	return rc;
}

static int
svc_get_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s;
	uint64_t biz, id;

	if (pt_param_biz(c, params, &biz) != RPC_COMMIT ||
	    pt_param_id(c, params, "service_template_id", ERR_MISSING, &id) != RPC_COMMIT ||
	    pt_svc_load(c, biz, id, ERR_NOT_FOUND, &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	rpc_ok(c, svctemplate_to_json(&s));
	svctemplate_free(&s);
	return RPC_COMMIT;
}

/* ---- process templates ---- */

/* Creates one process from {"spec": {...}}; its id goes into ids. */
static int
pt_create_one(struct rpc_call *c, const cJSON *proc, size_t i, uint64_t biz, uint64_t svc,
    cJSON *ids)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(proc, "spec");
	struct proctemplate t = { .biz_id = biz, .svc_id = svc, .bind_null = true };
	struct err err = { 0 };
	int rc;

	if (!cJSON_IsObject(spec))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'processes[%zu].spec' should be "
		    "an object", i);
	if (proctemplate_merge(&t, spec, &err) != 0 || proctemplate_finish(&t, &err) != 0) {
		proctemplate_free(&t);
		return pt_fail_err(c, &err);
	}
	proctemplate_stamp(&t, pt_caller(c), true);
	if ((rc = store_proctemplate_create(c->txn, &t)) != STORE_OK)
		rc = pt_fail_store(c, rc);
	else if ((rc = pt_unique(c, &t)) == RPC_COMMIT)
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)t.id));
	proctemplate_free(&t);
	return rc;
}

static int
pt_create_exec(struct rpc_call *c, cJSON *params)
{
	struct svctemplate s;
	const cJSON *procs, *p;
	uint64_t biz, svc;
	cJSON *ids;
	size_t i = 0;

	if (pt_param_biz(c, params, &biz) != RPC_COMMIT ||
	    pt_param_id(c, params, "service_template_id", ERR_PARAM, &svc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	procs = cJSON_GetObjectItemCaseSensitive(params, "processes");
	if (procs != NULL && !cJSON_IsNull(procs) && !cJSON_IsArray(procs))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'processes' should be an array");
	if (cJSON_GetArraySize(procs) > PT_CREATE_MAX)
		return pt_fail(c, ERR_LIMIT, "'processes' holds more than %d items",
		    PT_CREATE_MAX);
	if (pt_svc_load(c, biz, svc, ERR_PARAM, &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	svctemplate_free(&s);
	ids = cJSON_CreateArray();
	cJSON_ArrayForEach(p, procs) {
		if (pt_create_one(c, p, i++, biz, svc, ids) != RPC_COMMIT) {
			cJSON_Delete(ids);
			return RPC_ROLLBACK;
		}
	}
	return rpc_ok(c, ids);
}

static int
pt_get_exec(struct rpc_call *c, cJSON *params)
{
	struct proctemplate t;
	uint64_t biz, id;

	if (pt_param_biz(c, params, &biz) != RPC_COMMIT ||
	    pt_param_id(c, params, "process_template_id", ERR_MISSING, &id) != RPC_COMMIT ||
	    pt_load(c, biz, id, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	rpc_ok(c, proctemplate_to_json(&t));
	proctemplate_free(&t);
	return RPC_COMMIT;
}

/* Decoding first (1199000), then the required members (1199003), then the business. */
static int
pt_update_params(struct rpc_call *c, const cJSON *params, uint64_t *biz, uint64_t *id,
    const cJSON **prop)
{
	int64_t v;

	if (pt_params_check(c, params) != RPC_COMMIT ||
	    pt_param_int(c, params, "bk_biz_id", &v) != RPC_COMMIT ||
	    pt_param_int(c, params, "process_template_id", &v) != RPC_COMMIT)
		return RPC_ROLLBACK;
	*prop = cJSON_GetObjectItemCaseSensitive(params, "process_property");
	if (*prop != NULL && !cJSON_IsNull(*prop) && !cJSON_IsObject(*prop))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'process_property' should be an "
		    "object");
	if (*prop == NULL || cJSON_IsNull(*prop))
		return pt_fail(c, ERR_MISSING, "invalid input parameter: 'process_property' is "
		    "required");
	if (pt_param_id(c, params, "process_template_id", ERR_MISSING, id) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return pt_param_id(c, params, "bk_biz_id", ERR_PARAM, biz);
}

static int
pt_update_exec(struct rpc_call *c, cJSON *params)
{
	struct proctemplate t;
	struct err err = { 0 };
	const cJSON *prop;
	uint64_t biz, id;
	int rc;

	if (pt_update_params(c, params, &biz, &id, &prop) != RPC_COMMIT ||
	    pt_load(c, biz, id, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (proctemplate_merge(&t, prop, &err) != 0 || proctemplate_finish(&t, &err) != 0) {
		proctemplate_free(&t);
		return pt_fail_err(c, &err);
	}
	proctemplate_stamp(&t, pt_caller(c), false);
	if ((rc = pt_unique(c, &t)) == RPC_COMMIT) {
		if ((rc = store_proctemplate_put(c->txn, &t)) != STORE_OK)
			rc = pt_fail_store(c, rc);
		else
			rc = rpc_ok(c, proctemplate_to_json(&t));
	}
	proctemplate_free(&t);
	return rc;
}

static bool
pt_id_seen(const uint64_t *ids, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Deletes every id listed (a repeated id counts once); one unknown id fails them all. */
static int
pt_delete_exec(struct rpc_call *c, cJSON *params)
{
	struct proctemplate t;
	uint64_t biz, *ids;
	size_t n;
	int rc = RPC_COMMIT;

	if (pt_param_biz(c, params, &biz) != RPC_COMMIT ||
	    pt_param_ids(c, params, "process_templates", &ids, &n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (n == 0)
		rc = pt_fail(c, ERR_EMPTY, "'process_templates' cannot be empty");
	else if (n > PT_DELETE_MAX)
		rc = pt_fail(c, ERR_LIMIT, "'process_templates' holds more than %d ids",
		    PT_DELETE_MAX);
	for (size_t i = 0; i < n && rc == RPC_COMMIT; i++) {
		if (pt_id_seen(ids, i, ids[i]))
			continue;
		if ((rc = pt_load(c, biz, ids[i], &t)) != RPC_COMMIT)
			break;
		if ((rc = store_proctemplate_del(c->txn, &t)) != STORE_OK)
			rc = pt_fail_store(c, rc);
		proctemplate_free(&t);
	}
	free(ids);
	return rc == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

/* ---- list ---- */

struct pt_page {
	int64_t		 start, limit;
	const char	*sort;		/* "id" or "bk_process_name" */
	bool		 desc;
};

static int
pt_page_parse(struct rpc_call *c, const cJSON *params, struct pt_page *pg)
{
	const cJSON *page = cJSON_GetObjectItemCaseSensitive(params, "page"), *sort;
	const char *s = "-id";

	if (page != NULL && !cJSON_IsNull(page) && !cJSON_IsObject(page))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'page' should be an object");
	if (pt_param_int(c, page, "start", &pg->start) != RPC_COMMIT ||
	    pt_param_int(c, page, "limit", &pg->limit) != RPC_COMMIT)
		return RPC_ROLLBACK;
	sort = cJSON_GetObjectItemCaseSensitive(page, "sort");
	if (sort != NULL && !cJSON_IsNull(sort) && !cJSON_IsString(sort))
		return pt_fail(c, ERR_TYPE, "invalid JSON data: 'page.sort' should be a string");
	if (cJSON_IsString(sort) && sort->valuestring[0] != '\0')
		s = sort->valuestring;
	pg->desc = s[0] == '-';
	pg->sort = pg->desc ? s + 1 : s;
	if (strcmp(pg->sort, "id") != 0 && strcmp(pg->sort, "bk_process_name") != 0)
		return pt_fail(c, ERR_PARAM, "'page.sort' parameter validation failed: id, "
		    "bk_process_name, -id or -bk_process_name");
	if (pg->start < 0 || pg->limit < 0 || pg->limit > PT_PAGE_MAX)
		return pt_fail(c, ERR_PARAM, "'page' parameter validation failed: start >= 0, "
		    "limit 0..%d (0: %d)", PT_PAGE_MAX, PT_PAGE_MAX);
	if (pg->limit == 0)
		pg->limit = PT_PAGE_MAX;
	return RPC_COMMIT;
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

/* Loads the candidates that belong to the business (and the service template, if given). */
static int
pt_list_load(struct rpc_call *c, uint64_t biz, int64_t svc, const uint64_t *ids, size_t n,
    struct proctemplate *out, size_t *count)
{
	int rc;

	*count = 0;
	for (size_t i = 0; i < n; i++) {
		struct proctemplate *t = &out[*count];

		if (pt_id_seen(ids, i, ids[i]))
			continue;
		rc = store_proctemplate_get(c->txn, ids[i], t);
		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			return pt_fail_store(c, rc);
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

static int
pt_list_ids(struct rpc_call *c, const cJSON *params, int64_t svc, uint64_t **ids, size_t *n)
{
	int rc;

	if (pt_param_ids(c, params, "process_template_ids", ids, n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (*n > PT_LIST_IDS_MAX) {
		free(*ids);
		return pt_fail(c, ERR_PARAM, "'process_template_ids' parameter validation "
		    "failed: at most %d ids", PT_LIST_IDS_MAX);
	}
	if (svc <= 0 && *ids == NULL)
		return pt_fail(c, ERR_PARAM, "'service_template_id' parameter validation failed: "
		    "service_template_id or process_template_ids is required");
	if (*ids != NULL)
		return RPC_COMMIT;
	if ((rc = store_proctemplate_ids(c->txn, (uint64_t)svc, ids, n)) != STORE_OK)
		return pt_fail_store(c, rc);
	return RPC_COMMIT;
}

static int
pt_list_exec(struct rpc_call *c, cJSON *params)
{
	struct pt_page pg;
	struct proctemplate *ts;
	uint64_t biz, *ids;
	int64_t svc;
	size_t n, count;
	int rc;

	if (pt_param_biz(c, params, &biz) != RPC_COMMIT ||
	    pt_param_int(c, params, "service_template_id", &svc) != RPC_COMMIT ||
	    pt_page_parse(c, params, &pg) != RPC_COMMIT ||
	    pt_list_ids(c, params, svc, &ids, &n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	ts = xcalloc(n + 1, sizeof *ts);
	rc = pt_list_load(c, biz, svc, ids, n, ts, &count);
	if (rc == RPC_COMMIT)
		rpc_ok(c, pt_list_json(ts, count, &pg));
	for (size_t i = 0; i < count; i++)
		proctemplate_free(&ts[i]);
	free(ts);
	free(ids);
	return rc;
}

/* ---- descriptors: params are checked in exec, so both faces get the BlueKing codes ---- */

const struct rpc_method method_servicetemplate_create = {
	.name = "servicetemplate.create",
	.flags = RPC_WRITE,
	.exec = svc_create_exec,
};

const struct rpc_method method_servicetemplate_get = {
	.name = "servicetemplate.get",
	.exec = svc_get_exec,
};

const struct rpc_method method_proctemplate_create = {
	.name = "proctemplate.create",
	.flags = RPC_WRITE,
	.exec = pt_create_exec,
};

const struct rpc_method method_proctemplate_get = {
	.name = "proctemplate.get",
	.exec = pt_get_exec,
};

const struct rpc_method method_proctemplate_list = {
	.name = "proctemplate.list",
	.exec = pt_list_exec,
};

const struct rpc_method method_proctemplate_update = {
	.name = "proctemplate.update",
	.flags = RPC_WRITE,
	.exec = pt_update_exec,
};

const struct rpc_method method_proctemplate_delete = {
	.name = "proctemplate.delete",
	.flags = RPC_WRITE,
	.exec = pt_delete_exec,
};
