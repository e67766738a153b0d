/* svcsync.c: a service template against its instances: the difference (BlueKing 3.8's
 * per-process-template form, servicetemplate.difference / list_service_template_difference)
 * and the explicit sync that applies it (serviceinstance.sync /
 * sync_service_template_to_service_instance), all or nothing in the call's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_impl.h"
#include "tmpld/util.h"

#define SYNC_IDS_MAX	1000

/* The index of the process template of id among pts, or npt. */
static size_t
sync_pt_index(const struct proctemplate *pts, size_t npt, uint64_t id)
{
	for (size_t i = 0; i < npt; i++)
		if (pts[i].id == id)
			return i;
	return npt;
}

/* A group of the difference: one process template and the instances in that state. */
static cJSON *
sync_group(uint64_t ptid, const char *name)
{
	cJSON *g = cJSON_CreateObject();

	cJSON_AddNumberToObject(g, "process_template_id", (double)ptid);
	util_json_add_str(g, "process_template_name", name);
	cJSON_AddNumberToObject(g, "service_instance_count", 0);
	cJSON_AddArrayToObject(g, "service_instances");
	return g;
}

static void
sync_group_add(cJSON *g, const cJSON *doc, cJSON *changed)
{
	cJSON *e = cJSON_CreateObject();
	cJSON *list = cJSON_GetObjectItemCaseSensitive(g, "service_instances");

	cJSON_AddItemToObject(e, "service_instance", bk_svcinst_json(doc));
	if (changed != NULL)
		cJSON_AddItemToObject(e, "changed_attributes", changed);
	cJSON_AddItemToArray(list, e);
	cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(g, "service_instance_count"),
	    (double)cJSON_GetArraySize(list));
}

/* The removed group of a template id no longer there (made on first use). */
static cJSON *
sync_removed_group(cJSON *removed, uint64_t ptid, const cJSON *prop)
{
	cJSON *g;

	cJSON_ArrayForEach(g, removed)
		if (bk_uint(g, "process_template_id") == ptid)
			return g;
	g = sync_group(ptid, procinst_name(prop));
	cJSON_AddItemToArray(removed, g);
	return g;
}

/* One instance's share of the difference; *need true when a sync would change it. */
static void
sync_diff_one(const struct proctemplate *pts, size_t npt, const cJSON *doc, const char *ip,
    cJSON **changed, cJSON **added, cJSON **unchanged, cJSON *removed, bool *need)
{
	bool *has = xcalloc(npt + 1, sizeof *has);
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "processes")) {
		uint64_t ptid = bk_uint(p, "process_template_id");
		const cJSON *prop = cJSON_GetObjectItemCaseSensitive(p, "property");
		size_t i = sync_pt_index(pts, npt, ptid);
		cJSON *attrs;

		if (ptid == 0)
			continue;
		if (i == npt) {
			sync_group_add(sync_removed_group(removed, ptid, prop), doc, NULL);
			*need = true;
			continue;
		}
		has[i] = true;
		attrs = procinst_diff(&pts[i], prop, ip);
		if (cJSON_GetArraySize(attrs) > 0) {
			sync_group_add(changed[i], doc, attrs);
			*need = true;
		} else {
			cJSON_Delete(attrs);
			sync_group_add(unchanged[i], doc, NULL);
		}
	}
	for (size_t i = 0; i < npt; i++) {
		if (!has[i]) {
			sync_group_add(added[i], doc, NULL);
			*need = true;
		}
	}
	free(has);
}

/* Keeps the groups that hold an instance, in process template order. */
static cJSON *
sync_groups_json(cJSON **groups, size_t npt)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < npt; i++) {
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(groups[i],
		    "service_instances")) > 0)
			cJSON_AddItemToArray(arr, groups[i]);
		else
			cJSON_Delete(groups[i]);
	}
	free(groups);
	return arr;
}

static cJSON **
sync_groups_new(const struct proctemplate *pts, size_t npt)
{
	cJSON **g = xcalloc(npt + 1, sizeof *g);

	for (size_t i = 0; i < npt; i++)
		g[i] = sync_group(pts[i].id, proctemplate_name(&pts[i]));
	return g;
}

static enum rpc_result
sync_diff_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), svc = bk_module_of(params);
	struct svctemplate s;
	struct proctemplate *pts;
	size_t npt;
	cJSON *docs, *d, *o, *removed, *need_list, **changed, **added, **unchanged;

	if (bk_svc_load(c, biz, svc, ERR_NOT_FOUND, "service_template_id", &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	svctemplate_free(&s);
	if (bk_proc_templates(c, svc, &pts, &npt) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (bk_svcinst_find(c, params, true, &docs) != RPC_COMMIT) {
		bk_proc_templates_free(pts, npt);
		return RPC_ROLLBACK;
	}
	changed = sync_groups_new(pts, npt);
	added = sync_groups_new(pts, npt);
	unchanged = sync_groups_new(pts, npt);
	removed = cJSON_CreateArray();
	need_list = cJSON_CreateArray();
	cJSON_ArrayForEach(d, docs) {
		char *ip = bk_host_inner_ip(c, bk_uint(d, "bk_host_id"));
		bool need = false;

		sync_diff_one(pts, npt, d, ip, changed, added, unchanged, removed, &need);
		if (need)
			cJSON_AddItemToArray(need_list, cJSON_CreateNumber((double)bk_uint(d, "id")));
		free(ip);
	}
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "changed", sync_groups_json(changed, npt));
	cJSON_AddItemToObject(o, "added", sync_groups_json(added, npt));
	cJSON_AddItemToObject(o, "removed", removed);
	cJSON_AddItemToObject(o, "unchanged", sync_groups_json(unchanged, npt));
	cJSON_AddBoolToObject(o, "need_sync", cJSON_GetArraySize(need_list) > 0);
	cJSON_AddItemToObject(o, "need_sync_service_instance_ids", need_list);
	cJSON_Delete(docs);
	bk_proc_templates_free(pts, npt);
	return rpc_ok(c, o);
}

/* Brings one instance document in step with the templates; *changed when it did. */
static enum rpc_result
sync_one(struct rpc_call *c, const struct proctemplate *pts, size_t npt, cJSON *doc,
    bool *changed)
{
	cJSON *procs = cJSON_GetObjectItemCaseSensitive(doc, "processes"), *p, *next;
	cJSON *before = cJSON_Duplicate(procs, true);
	bool *has = xcalloc(npt + 1, sizeof *has);
	char *ip = bk_host_inner_ip(c, bk_uint(doc, "bk_host_id"));
	enum rpc_result res = RPC_COMMIT;

	for (p = procs != NULL ? procs->child : NULL; p != NULL; p = next) {
		uint64_t ptid = bk_uint(p, "process_template_id");
		size_t i = sync_pt_index(pts, npt, ptid);

		next = p->next;
		if (ptid == 0)
			continue;
		if (i == npt) {
			cJSON_Delete(cJSON_DetachItemViaPointer(procs, p));
			continue;
		}
		has[i] = true;
		procinst_sync(&pts[i], cJSON_GetObjectItemCaseSensitive(p, "property"), ip);
	}
	for (size_t i = 0; i < npt && res == RPC_COMMIT; i++)
		if (!has[i])
			res = bk_proc_add_from_template(c, &pts[i], NULL, ip, procs);
	*changed = !cJSON_Compare(before, procs, true);
	cJSON_Delete(before);
	free(has);
	free(ip);
	return res;
}

static enum rpc_result
sync_exec(struct rpc_call *c, cJSON *params)
{
	uint64_t biz = bk_uint(params, "bk_biz_id"), svc = bk_module_of(params);
	struct svctemplate s;
	struct proctemplate *pts;
	size_t npt;
	cJSON *docs, *d, *ids;
	enum store_rc rc;
	enum rpc_result res = RPC_COMMIT;

	if (bk_svc_load(c, biz, svc, ERR_NOT_FOUND, "service_template_id", &s) != RPC_COMMIT)
		return RPC_ROLLBACK;
	svctemplate_free(&s);
	if (bk_proc_templates(c, svc, &pts, &npt) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (bk_svcinst_find(c, params, false, &docs) != RPC_COMMIT) {
		bk_proc_templates_free(pts, npt);
		return RPC_ROLLBACK;
	}
	ids = cJSON_CreateArray();
	cJSON_ArrayForEach(d, docs) {
		cJSON *old = cJSON_Duplicate(d, true);
		bool changed = false;

		if ((res = sync_one(c, pts, npt, d, &changed)) == RPC_COMMIT && changed) {
			bk_stamp(d, bk_caller(c), false);
			if ((rc = store_svcinst_put(c->txn, bk_uint(d, "id"), d, old)) != STORE_OK)
				res = rpc_fail_store(c, rc);
			else
				cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)bk_uint(d, "id")));
		}
		cJSON_Delete(old);
		if (res != RPC_COMMIT)
			break;
	}
	cJSON_Delete(docs);
	bk_proc_templates_free(pts, npt);
	if (res != RPC_COMMIT) {
		cJSON_Delete(ids);
		return RPC_ROLLBACK;
	}
	d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "synced_service_instance_ids", ids);
	return rpc_ok(c, d);
}

/* ---- rules ---- */

static char *
sync_check_module(const cJSON *v)
{
	if (bk_module_of(v) != 0)
		return NULL;
	return xstrdup("service_template_id or bk_module_id (the service template id) is "
	    "required");
}

static const struct rule_field sync_fields[] = {
	BK_BIZ_FIELD,
	{ "service_template_id", { .type = RULE_INTEGER } },
	{ "bk_module_id", { .type = RULE_INTEGER } },
	{ "service_instance_ids", { .type = RULE_INTEGERS, .max = SYNC_IDS_MAX,
	    .max_fail = { ERR_LIMIT, "holds more than 1000 ids" } } },
	{ NULL, { 0 } },
};
static const struct rule sync_params = { .type = RULE_OBJECT, .flags = BK_ROOT,
	.fields = sync_fields, .check = sync_check_module, .subject = "service_template_id" };

const struct rpc_method method_servicetemplate_difference = {
	.name = "servicetemplate.difference",
	.params = &sync_params,
	.exec = sync_diff_exec,
};

const struct rpc_method method_serviceinstance_sync = {
	.name = "serviceinstance.sync",
	.flags = RPC_WRITE,
	.params = &sync_params,
	.exec = sync_exec,
};
