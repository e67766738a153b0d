/* serviceinstance.c: BlueKing service instances on tmpld hosts, made from a service template
 * (serviceinstance.*, and the ESB routes create/list/delete_service_instance,
 * list_service_instance_by_host, list_service_instance_detail and the label calls). */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define SI_CREATE_MAX	100
#define SI_DELETE_MAX	500
#define SI_LIST_MAX	500
#define SI_DETAIL_MAX	1000
#define SI_HOSTS_MAX	1000
#define SI_LABEL_IDS_MAX 100
#define SI_LOOP_MAX	100	/* more candidates than this: a read leaves the loop */

/* ---- create ---- */

/* The process_info sent for process template id, or NULL. */
static const cJSON *
si_given(const cJSON *procs, uint64_t ptid)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, procs)
		if (bk_uint(p, "process_template_id") == ptid)
			return cJSON_GetObjectItemCaseSensitive(p, "process_info");
	return NULL;
}

/* Every process sent names a process template of the service template, with a valid
 * process_info. */
static enum rpc_result
si_check_procs(struct rpc_call *c, const cJSON *procs, size_t at, const struct proctemplate *pts,
    size_t npt)
{
	const cJSON *p;
	struct err err = { 0 };
	size_t k = 0;

	cJSON_ArrayForEach(p, procs) {
		uint64_t ptid = bk_uint(p, "process_template_id");
		const cJSON *info = cJSON_GetObjectItemCaseSensitive(p, "process_info");
		bool known = false;

		for (size_t i = 0; i < npt; i++)
			known = known || pts[i].id == ptid;
		if (!known)
			return rpc_fail(c, ERR_PARAM, "'instances[%zu].processes[%zu]."
			    "process_template_id' parameter validation failed: %llu is not a process "
			    "template of the service template", at, k, (unsigned long long)ptid);
		if (info != NULL && procinst_check(info, false, &err) != 0)
			return rpc_fail_err(c, &err);
		k++;
	}
	return RPC_COMMIT;
}

/* BlueKing's default name: the host's address, the first process's name and its first port. */
static char *
si_default_name(const struct host *h, const char *ip, const cJSON *procs)
{
	const cJSON *first = cJSON_GetArrayItem(procs, 0);
	const cJSON *prop = cJSON_GetObjectItemCaseSensitive(first, "property");
	const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(prop, "bind_info"), 0);
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(row, "port");
	const char *base = ip[0] != '\0' ? ip : h->host;

	if (first == NULL)
		return xstrdup(base);
	if (cJSON_IsString(port) && port->valuestring[0] != '\0')
		return xasprintf("%s_%s_%s", base, procinst_name(prop), port->valuestring);
	return xasprintf("%s_%s", base, procinst_name(prop));
}

/* A new process entry: its id, its template, its times and its property (taken). */
static enum rpc_result
si_proc_new(struct rpc_call *c, uint64_t ptid, cJSON *prop, cJSON *procs, uint64_t *pid)
{
	char now[PT_TIME_LEN];
	enum store_rc rc;
	cJSON *p;

	if ((rc = store_seq_next(c->txn, "bk_process_instances", pid)) != STORE_OK) {
		cJSON_Delete(prop);
		return rpc_fail_store(c, rc);
	}
	pt_time_now(now);
	p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "bk_process_id", (double)*pid);
	cJSON_AddNumberToObject(p, "process_template_id", (double)ptid);
	util_json_add_str(p, "create_time", now);
	util_json_add_str(p, "last_time", now);
	cJSON_AddItemToObject(p, "property", prop);
	cJSON_AddItemToArray(procs, p);
	return RPC_COMMIT;
}

enum rpc_result
bk_proc_add_from_template(struct rpc_call *c, const struct proctemplate *t, const cJSON *given,
    const char *ip, cJSON *procs)
{
	uint64_t pid;

	return si_proc_new(c, t->id, procinst_from_template(t, given, ip), procs, &pid);
}

enum rpc_result
bk_proc_add_free(struct rpc_call *c, cJSON *prop, cJSON *procs, uint64_t *pid)
{
	return si_proc_new(c, 0, prop, procs, pid);
}

static enum rpc_result
si_create_one(struct rpc_call *c, uint64_t biz, const struct svctemplate *s,
    const struct proctemplate *pts, size_t npt, const cJSON *inst, size_t at, cJSON *ids)
{
	const cJSON *procs = cJSON_GetObjectItemCaseSensitive(inst, "processes");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(inst, "service_instance_name");
	uint64_t hostid = bk_uint(inst, "bk_host_id"), id;
	struct host h = { 0 };
	cJSON *doc, *list;
	char *ip, *dflt;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	rc = store_host_get(c->txn, hostid, &h);
	if (rc == STORE_OK && h.status == HOST_STATUS_TEMPLATE)
		rc = STORE_ENOTFOUND;
	if (rc != STORE_OK) {
		host_free(&h);
		if (rc != STORE_ENOTFOUND)
			return rpc_fail_store(c, rc);
		return rpc_fail(c, ERR_PARAM, "'instances[%zu].bk_host_id' parameter validation "
		    "failed: host %llu not found", at, (unsigned long long)hostid);
	}
	if (si_check_procs(c, procs, at, pts, npt) != RPC_COMMIT ||
	    (rc = store_seq_next(c->txn, "bk_service_instances", &id)) != STORE_OK) {
		host_free(&h);
		return c->err.kind != ERR_NONE ? RPC_ROLLBACK : rpc_fail_store(c, rc);
	}
	ip = bk_host_inner_ip(c, hostid);
	doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "id", (double)id);
	cJSON_AddNumberToObject(doc, "bk_biz_id", (double)biz);
	cJSON_AddNumberToObject(doc, "bk_module_id", (double)s->id);
	cJSON_AddNumberToObject(doc, "service_template_id", (double)s->id);
	cJSON_AddNumberToObject(doc, "bk_host_id", (double)hostid);
	cJSON_AddItemToObject(doc, "labels", cJSON_CreateObject());
	bk_stamp(doc, bk_caller(c), true);
	list = cJSON_AddArrayToObject(doc, "processes");
	for (size_t i = 0; i < npt && res == RPC_COMMIT; i++)
		res = bk_proc_add_from_template(c, &pts[i], si_given(procs, pts[i].id), ip, list);
	if (res == RPC_COMMIT) {
		dflt = cJSON_IsString(name) && name->valuestring[0] != '\0' ?
		    xstrdup(name->valuestring) : si_default_name(&h, ip, list);
		util_json_add_str(doc, "name", dflt);
		free(dflt);
		if ((rc = store_svcinst_put(c->txn, id, doc, NULL)) != STORE_OK)
			res = rpc_fail_store(c, rc);
		else
			cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)id));
	}
	cJSON_Delete(doc);
	free(ip);
	host_free(&h);
	return res;
}

static enum rpc_result
si_create_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), svc = bk_module_of(params);
	const cJSON *insts = cJSON_GetObjectItemCaseSensitive(params, "instances"), *inst;
	struct svctemplate s;
	struct proctemplate *pts;
	size_t npt, at = 0;
	cJSON *ids;
	enum rpc_result res = RPC_COMMIT;

	if (bk_svc_load(c, biz, svc, ERR_PARAM, "bk_module_id", &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (bk_proc_templates(c, svc, &pts, &npt) != RPC_COMMIT) {
		svctemplate_free(&s);
		return RPC_ROLLBACK;
	}
	ids = cJSON_CreateArray();
	cJSON_ArrayForEach(inst, insts) {
		if ((res = si_create_one(c, biz, &s, pts, npt, inst, at++, ids)) != RPC_COMMIT)
			break;
	}
	bk_proc_templates_free(pts, npt);
	svctemplate_free(&s);
	if (res != RPC_COMMIT) {
		cJSON_Delete(ids);
		return RPC_ROLLBACK;
	}
	return rpc_ok(c, ids);
}

/* ---- finding instances ---- */

/* Whether a label set passes every selector {key, operator, values}. */
static bool
si_selected(const cJSON *labels, const cJSON *selectors)
{
	const cJSON *sel, *v;

	cJSON_ArrayForEach(sel, selectors) {
		const cJSON *key = cJSON_GetObjectItemCaseSensitive(sel, "key");
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(sel, "operator");
		const cJSON *vals = cJSON_GetObjectItemCaseSensitive(sel, "values");
		const cJSON *have = cJSON_IsString(key) ?
		    cJSON_GetObjectItemCaseSensitive(labels, key->valuestring) : NULL;
		bool in = false;

		if (!cJSON_IsString(op))
			return false;
		cJSON_ArrayForEach(v, vals)
			in = in || (cJSON_IsString(v) && cJSON_IsString(have) &&
			    strcmp(v->valuestring, have->valuestring) == 0);
		if (strcmp(op->valuestring, "exists") == 0 ? have == NULL :
		    strcmp(op->valuestring, "!") == 0 ? have != NULL :
		    strcmp(op->valuestring, "=") == 0 || strcmp(op->valuestring, "in") == 0 ? !in :
		    strcmp(op->valuestring, "!=") == 0 || strcmp(op->valuestring, "notin") == 0 ? in :
		    true)
			return false;
	}
	return true;
}

static bool
si_matches(const cJSON *doc, const cJSON *params, uint64_t biz, const struct id_list *hosts,
    const struct id_list *ids)
{
	uint64_t svc = bk_module_of(params);
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(params, "search_key");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "name");

	if (bk_uint(doc, "bk_biz_id") != biz ||
	    (svc != 0 && bk_uint(doc, "service_template_id") != svc))
		return false;
	if ((hosts->n > 0 && !id_list_has(hosts, bk_uint(doc, "bk_host_id"))) ||
	    (ids->n > 0 && !id_list_has(ids, bk_uint(doc, "id"))))
		return false;
	if (cJSON_IsString(key) && key->valuestring[0] != '\0' &&
	    (!cJSON_IsString(name) || strstr(name->valuestring, key->valuestring) == NULL))
		return false;
	return si_selected(cJSON_GetObjectItemCaseSensitive(doc, "labels"),
	    cJSON_GetObjectItemCaseSensitive(params, "selectors"));
}

/* The candidate ids: by template, else by host, else the ids given, else every instance. */
static enum store_rc
si_candidates(struct rpc_call *c, const cJSON *params, const struct id_list *hosts,
    const struct id_list *ids, struct id_list *out)
{
	uint64_t svc = bk_module_of(params);
	struct store_cursor *cur;
	const void *k, *v;
	size_t klen, vlen;
	enum store_rc rc = STORE_OK;

	if (svc != 0)
		return store_svcinst_by_template(c->txn, svc, out);
	if (hosts->n > 0) {
		for (size_t i = 0; i < hosts->n && rc == STORE_OK; i++)
			rc = store_svcinst_by_host(c->txn, hosts->ids[i], out);
		return rc;
	}
	if (ids->n > 0) {
		for (size_t i = 0; i < ids->n; i++)
			id_list_add(out, ids->ids[i]);
		return STORE_OK;
	}
	if ((rc = store_cursor_open(c->txn, STORE_DB_BK_SVCINSTS, &cur)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(cur, &k, &klen, &v, &vlen)) == STORE_OK)
		if (klen == 8)
			id_list_add(out, codec_from_be64(k));
	store_cursor_close(cur);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* The matching instance documents, in id order, as an array. */
enum rpc_result
bk_svcinst_find(struct rpc_call *c, const cJSON *params, bool read, cJSON **out)
{
	struct id_list hosts = { 0 }, ids = { 0 }, cand = { 0 };
	uint64_t biz = bk_uint(params, "bk_biz_id"), h = bk_uint(params, "bk_host_id");
	enum store_rc rc;
	cJSON *doc;

	bk_ids(params, "bk_host_ids", &hosts);
	bk_ids(params, "bk_host_list", &hosts);
	if (hosts.n == 0 && h != 0)
		id_list_add(&hosts, h);
	bk_ids(params, "service_instance_ids", &ids);
	*out = NULL;
	rc = si_candidates(c, params, &hosts, &ids, &cand);
	/* many candidates: a read goes on a pool thread, not the loop */
	if (rc == STORE_OK && read && cand.n > SI_LOOP_MAX && rpc_move_off_loop(c)) {
		id_list_free(&hosts);
		id_list_free(&ids);
		id_list_free(&cand);
		return RPC_ROLLBACK;
	}
	*out = cJSON_CreateArray();
	id_list_sort(&cand);
	for (size_t i = 0; rc == STORE_OK && i < cand.n; i++) {
		if (i > 0 && cand.ids[i] == cand.ids[i - 1])
			continue;
		if ((rc = store_doc_get(c->txn, STORE_DB_BK_SVCINSTS, cand.ids[i], &doc)) ==
		    STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (si_matches(doc, params, biz, &hosts, &ids))
			cJSON_AddItemToArray(*out, doc);
		else
			cJSON_Delete(doc);
	}
	id_list_free(&hosts);
	id_list_free(&ids);
	id_list_free(&cand);
	if (rc != STORE_OK) {
		cJSON_Delete(*out);
		*out = NULL;
		return rpc_fail_store(c, rc);
	}
	return RPC_COMMIT;
}

static enum rpc_result
si_list_exec(struct rpc_call *c, cJSON *params)
{
	cJSON *docs, *items, *d;

	if (bk_svcinst_find(c, params, true, &docs) != RPC_COMMIT)
		return RPC_ROLLBACK;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(d, docs)
		cJSON_AddItemToArray(items, bk_svcinst_json(d));
	cJSON_Delete(docs);
	return rpc_ok(c, bk_page_answer(params, items, SI_LIST_MAX));
}

static cJSON *
si_detail_json(const cJSON *doc)
{
	cJSON *o = bk_svcinst_json(doc), *arr, *pi, *rel;
	const cJSON *p;

	arr = cJSON_AddArrayToObject(o, "process_instances");
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "processes")) {
		pi = cJSON_CreateObject();
		cJSON_AddItemToObject(pi, "process", bk_procinst_json(doc, p));
		rel = cJSON_AddObjectToObject(pi, "relation");
		cJSON_AddNumberToObject(rel, "bk_biz_id", (double)bk_uint(doc, "bk_biz_id"));
		cJSON_AddNumberToObject(rel, "bk_process_id", (double)bk_uint(p, "bk_process_id"));
		cJSON_AddNumberToObject(rel, "service_instance_id", (double)bk_uint(doc, "id"));
		cJSON_AddNumberToObject(rel, "process_template_id",
		    (double)bk_uint(p, "process_template_id"));
		cJSON_AddNumberToObject(rel, "bk_host_id", (double)bk_uint(doc, "bk_host_id"));
		util_json_add_str(rel, "bk_supplier_account", "0");
		cJSON_AddItemToArray(arr, pi);
	}
	return o;
}

static enum rpc_result
si_detail_exec(struct rpc_call *c, cJSON *params)
{
	cJSON *docs, *items, *d;

	if (bk_svcinst_find(c, params, true, &docs) != RPC_COMMIT)
		return RPC_ROLLBACK;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(d, docs)
		cJSON_AddItemToArray(items, si_detail_json(d));
	cJSON_Delete(docs);
	return rpc_ok(c, bk_page_answer(params, items, SI_DETAIL_MAX));
}

/* ---- delete ---- */

static enum rpc_result
si_delete_exec(struct rpc_call *c, cJSON *params)
{
	struct id_list ids = { 0 };
	uint64_t biz = bk_uint(params, "bk_biz_id");
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;
	cJSON *doc;

	bk_ids(params, "service_instance_ids", &ids);
	for (size_t i = 0; i < ids.n && res == RPC_COMMIT; i++) {
		if ((res = bk_svcinst_load(c, biz, ids.ids[i], &doc)) != RPC_COMMIT)
			break;
		cJSON_Delete(doc);
		if ((rc = store_svcinst_del(c->txn, ids.ids[i])) != STORE_OK)
			res = rpc_fail_store(c, rc);
	}
	id_list_free(&ids);
	return res == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

/* ---- labels ---- */

static bool
si_label_ok(const char *s, bool key)
{
	static const char *const pat[] = {
		"^[a-zA-Z]([a-z0-9A-Z_.-]*[a-z0-9A-Z])?$",
		"^[a-z0-9A-Z]([a-z0-9A-Z_.-]*[a-z0-9A-Z])?$",
	};
	regex_t re;
	bool ok;

	if (strlen(s) > 63 || regcomp(&re, pat[key ? 0 : 1], REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static char *
si_check_labels(const cJSON *v)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, v) {
		if (!si_label_ok(e->string, true))
			return xasprintf("key [%s] should match ^[a-zA-Z]([a-z0-9A-Z\\-_.]*"
			    "[a-z0-9A-Z])?$", e->string);
		if (!cJSON_IsString(e) || !si_label_ok(e->valuestring, false))
			return xasprintf("the value of [%s] should be a string matching "
			    "^[a-z0-9A-Z]([a-z0-9A-Z\\-_.]*[a-z0-9A-Z])?$", e->string);
	}
	return NULL;
}

/* Adds labels (add) or removes the keys listed, on every instance named; all or none. */
static enum rpc_result
si_labels(struct rpc_call *c, cJSON *params, bool add)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(params, "labels"), *e;
	const cJSON *keys = cJSON_GetObjectItemCaseSensitive(params, "keys");
	struct id_list ids = { 0 };
	uint64_t biz = bk_uint(params, "bk_biz_id");
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;
	cJSON *doc, *old, *l;

	bk_ids(params, "instance_ids", &ids);
	for (size_t i = 0; i < ids.n && res == RPC_COMMIT; i++) {
		if ((res = bk_svcinst_load(c, biz, ids.ids[i], &doc)) != RPC_COMMIT)
			break;
		old = cJSON_Duplicate(doc, true);
		if (!cJSON_IsObject(l = cJSON_GetObjectItemCaseSensitive(doc, "labels"))) {
			cJSON_DeleteItemFromObjectCaseSensitive(doc, "labels");
			l = cJSON_AddObjectToObject(doc, "labels");
		}
		if (add) {
			cJSON_ArrayForEach(e, labels) {
				cJSON_DeleteItemFromObjectCaseSensitive(l, e->string);
				cJSON_AddStringToObject(l, e->string, e->valuestring);
			}
		} else {
			cJSON_ArrayForEach(e, keys)
				if (cJSON_IsString(e))
					cJSON_DeleteItemFromObjectCaseSensitive(l, e->valuestring);
		}
		bk_stamp(doc, bk_caller(c), false);
		if ((rc = store_svcinst_put(c->txn, ids.ids[i], doc, old)) != STORE_OK)
			res = rpc_fail_store(c, rc);
		cJSON_Delete(old);
		cJSON_Delete(doc);
	}
	id_list_free(&ids);
	return res == RPC_COMMIT ? rpc_ok(c, cJSON_CreateNull()) : RPC_ROLLBACK;
}

static enum rpc_result
si_add_labels_exec(struct rpc_call *c, cJSON *params)
{
	return si_labels(c, params, true);
}

static enum rpc_result
si_remove_labels_exec(struct rpc_call *c, cJSON *params)
{
	return si_labels(c, params, false);
}

/* ---- rules ---- */

/* service_template_id or bk_module_id names the service template. */
static char *
si_check_module(const cJSON *v)
{
	if (bk_module_of(v) != 0)
		return NULL;
	return xstrdup("bk_module_id (the service template id) or service_template_id is "
	    "required");
}

static const struct rule_field si_proc_fields[] = {
	{ "process_template_id", { .type = RULE_INTEGER, .in = "0:",
	    .fail = { ERR_PARAM, "not negative" } } },
	{ "process_info", { .type = RULE_OBJECT, .flags = RULE_LENIENT } },
	{ NULL, { 0 } },
};
static const struct rule si_proc_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = si_proc_fields };
static const struct rule_field si_inst_fields[] = {
	BK_ID_FIELD("bk_host_id"),
	{ "service_instance_name", { .type = RULE_STRING, .length = 256 } },
	{ "processes", { .type = RULE_OBJECTS, .elem = &si_proc_rule } },
	{ NULL, { 0 } },
};
static const struct rule si_inst_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = si_inst_fields };
static const struct rule_field si_create_fields[] = {
	BK_BIZ_FIELD,
	{ "bk_module_id", { .type = RULE_INTEGER } },
	{ "service_template_id", { .type = RULE_INTEGER } },
	{ "instances", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &si_inst_rule, .fail = { ERR_EMPTY, "cannot be empty" },
	    .max = SI_CREATE_MAX, .max_fail = { ERR_LIMIT, "holds more than 100 items" } } },
	{ NULL, { 0 } },
};
static const struct rule si_create_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_create_fields, .check = si_check_module, .subject = "bk_module_id" };

static char *
si_check_operator(const cJSON *v)
{
	static const char *const ops[] = { "=", "!=", "exists", "!", "in", "notin" };

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(v->valuestring, ops[i]) == 0)
			return NULL;
	return xstrdup("one of =, !=, exists, !, in, notin");
}

static const struct rule_field si_selector_fields[] = {
	{ "key", { .type = RULE_STRING, .flags = RULE_REQUIRED } },
	{ "operator", { .type = RULE_STRING, .flags = RULE_REQUIRED, .check = si_check_operator } },
	{ "values", { .type = RULE_ANY } },
	{ NULL, { 0 } },
};
static const struct rule si_selector_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = si_selector_fields };

static const struct rule_field si_list_fields[] = {
	BK_BIZ_FIELD,
	{ "bk_module_id", { .type = RULE_INTEGER } },
	{ "service_template_id", { .type = RULE_INTEGER } },
	{ "bk_host_id", { .type = RULE_INTEGER } },
	{ "bk_host_ids", { .type = RULE_INTEGERS, .max = SI_HOSTS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 1000 ids" } } },
	{ "bk_host_list", { .type = RULE_INTEGERS, .max = SI_HOSTS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 1000 ids" } } },
	{ "service_instance_ids", { .type = RULE_INTEGERS, .max = SI_DETAIL_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 1000 ids" } } },
	{ "search_key", { .type = RULE_STRING } },
	{ "selectors", { .type = RULE_OBJECTS, .elem = &si_selector_rule } },
	BK_PAGE_FIELD,
	{ NULL, { 0 } },
};
static const struct rule si_list_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_list_fields };

static const struct rule_field si_by_host_fields[] = {
	BK_BIZ_FIELD,
	BK_ID_FIELD("bk_host_id"),
	BK_PAGE_FIELD,
	{ NULL, { 0 } },
};
static const struct rule si_by_host_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_by_host_fields };

static const struct rule_field si_delete_fields[] = {
	BK_BIZ_FIELD,
	{ "service_instance_ids", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED |
	    RULE_NOT_EMPTY, .fail = { ERR_EMPTY, "cannot be empty" }, .max = SI_DELETE_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ NULL, { 0 } },
};
static const struct rule si_delete_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_delete_fields };

static const struct rule_field si_add_labels_fields[] = {
	BK_BIZ_FIELD,
	{ "instance_ids", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .fail = { ERR_EMPTY, "cannot be empty" }, .max = SI_LABEL_IDS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 100 ids" } } },
	{ "labels", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .check = si_check_labels, .fail = { ERR_PARAM, "required" } } },
	{ NULL, { 0 } },
};
static const struct rule si_add_labels_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_add_labels_fields };

static const struct rule_field si_remove_labels_fields[] = {
	BK_BIZ_FIELD,
	{ "instance_ids", { .type = RULE_INTEGERS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .fail = { ERR_EMPTY, "cannot be empty" }, .max = SI_DELETE_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 500 ids" } } },
	{ "keys", { .type = RULE_ANY, .flags = RULE_REQUIRED, .fail = { ERR_PARAM, "required" } } },
	{ NULL, { 0 } },
};
static const struct rule si_remove_labels_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = si_remove_labels_fields };

const struct rpc_method method_serviceinstance_create = {
	.name = "serviceinstance.create",
	.flags = RPC_WRITE,
	.params = &si_create_params,
	.exec = si_create_exec,
};

const struct rpc_method method_serviceinstance_list = {
	.name = "serviceinstance.list",
	.params = &si_list_params,
	.exec = si_list_exec,
};

const struct rpc_method method_serviceinstance_listbyhost = {
	.name = "serviceinstance.listbyhost",
	.params = &si_by_host_params,
	.exec = si_list_exec,
};

const struct rpc_method method_serviceinstance_listdetail = {
	.name = "serviceinstance.listdetail",
	.params = &si_list_params,
	.exec = si_detail_exec,
};

const struct rpc_method method_serviceinstance_delete = {
	.name = "serviceinstance.delete",
	.flags = RPC_WRITE,
	.params = &si_delete_params,
	.exec = si_delete_exec,
};

const struct rpc_method method_serviceinstance_addlabels = {
	.name = "serviceinstance.addlabels",
	.flags = RPC_WRITE,
	.params = &si_add_labels_params,
	.exec = si_add_labels_exec,
};

const struct rpc_method method_serviceinstance_removelabels = {
	.name = "serviceinstance.removelabels",
	.flags = RPC_WRITE,
	.params = &si_remove_labels_params,
	.exec = si_remove_labels_exec,
};
