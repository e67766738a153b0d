/* discoveryrule.c: discoveryrule.create/update/delete: LLD rules are items of flags 1 (item.c's
 * checks and inheritance) with a filter, LLD macro paths and overrides of their own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define LLD_LIFETIME_MAX	788400000u	/* 25 years */

/* ---- the shapes of overrides and macro paths (Zabbix's API validator) ---- */

static char *
lld_rule_check_macro(const cJSON *v)
{
	return lld_macro_valid(v->valuestring) ? NULL :
	    xstrdup("a low-level discovery macro is expected");
}

static const struct rule_field lld_cond_fields[] = {
	{ "macro", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 64 } },
	{ "operator", { .type = RULE_INT32, .in = "8,9,12,13" } },
	{ "value", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = 255 } },
	{ "formulaid", { .type = RULE_STRING } },
	{ NULL, { 0 } },
};
static const struct rule lld_cond_rule = { .type = RULE_OBJECT, .fields = lld_cond_fields };
static const struct rule_field lld_ovfilter_fields[] = {
	{ "evaltype", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "0,1,2,3" } },
	{ "formula", { .type = RULE_STRING } },
	{ "conditions", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &lld_cond_rule } },
	{ NULL, { 0 } },
};
#define LLD_OP_ONE(name, field, ...) \
	static const struct rule_field name##_fields[] = { { field, { __VA_ARGS__ } }, \
		{ NULL, { 0 } } }; \
	static const struct rule name = { .type = RULE_OBJECT, .fields = name##_fields }
LLD_OP_ONE(lld_opstatus, "status", .type = RULE_INT32,
    .flags = RULE_REQUIRED, .in = "0,1");
LLD_OP_ONE(lld_opdiscover, "discover", .type = RULE_INT32,
    .flags = RULE_REQUIRED, .in = "0,1");
LLD_OP_ONE(lld_opperiod, "delay", .type = RULE_STRING,
    .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 1024);
LLD_OP_ONE(lld_ophistory, "history", .type = RULE_STRING,
    .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255);
LLD_OP_ONE(lld_optrends, "trends", .type = RULE_STRING,
    .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255);
LLD_OP_ONE(lld_opseverity, "severity", .type = RULE_INT32,
    .flags = RULE_REQUIRED, .in = "0,1,2,3,4,5");
LLD_OP_ONE(lld_opinventory, "inventory_mode", .type = RULE_INT32,
    .flags = RULE_REQUIRED, .in = "-1,0,1");
LLD_OP_ONE(lld_optemplate_elem, "templateid", .type = RULE_ID,
    .flags = RULE_REQUIRED);
static const struct rule_field lld_optag_fields[] = {
	{ "tag", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "value", { .type = RULE_STRING, .length = 255, .dflt = "" } },
	{ NULL, { 0 } },
};
static const struct rule lld_optag_elem = { .type = RULE_OBJECT, .fields = lld_optag_fields };
static const char *const lld_uniq_tag[] = { "tag,value", NULL };
static const struct rule_field lld_op_fields[] = {
	{ "operationobject", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "0,1,2,3" } },
	{ "operator", { .type = RULE_INT32, .in = "0,1,2,3,8,9" } },
	{ "value", { .type = RULE_STRING, .length = 255 } },
	{ "opstatus", { .ref = &lld_opstatus } },
	{ "opdiscover", { .ref = &lld_opdiscover } },
	{ "opperiod", { .ref = &lld_opperiod } },
	{ "ophistory", { .ref = &lld_ophistory } },
	{ "optrends", { .ref = &lld_optrends } },
	{ "opseverity", { .ref = &lld_opseverity } },
	{ "optag", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY, .elem = &lld_optag_elem,
	    .uniq = lld_uniq_tag } },
	{ "optemplate", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY,
	    .elem = &lld_optemplate_elem } },
	{ "opinventory", { .ref = &lld_opinventory } },
	{ NULL, { 0 } },
};
static const struct rule lld_op_rule = { .type = RULE_OBJECT, .fields = lld_op_fields };
static const struct rule lld_ovfilter_rule = { .type = RULE_OBJECT, .fields = lld_ovfilter_fields };
static const struct rule_field lld_override_fields[] = {
	{ "step", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "1:2147483647" } },
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "stop", { .type = RULE_INT32, .in = "0,1" } },
	{ "filter", { .ref = &lld_ovfilter_rule } },
	{ "operations", { .type = RULE_OBJECTS, .elem = &lld_op_rule } },
	{ NULL, { 0 } },
};
static const struct rule lld_override_rule = { .type = RULE_OBJECT,
	.fields = lld_override_fields };
static const char *const lld_uniq_override[] = { "name", "step", NULL };
static const struct rule lld_overrides_rule = { .type = RULE_OBJECTS, .elem = &lld_override_rule,
	.uniq = lld_uniq_override };

static const struct rule_field lld_path_create_fields[] = {
	{ "lld_macro", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = 255, .check = lld_rule_check_macro } },
	{ "path", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ NULL, { 0 } },
};
static const struct rule lld_path_create_elem = { .type = RULE_OBJECT,
	.fields = lld_path_create_fields };
static const struct rule lld_paths_create_rule = { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY,
	.elem = &lld_path_create_elem };
static const struct rule_field lld_path_update_fields[] = {
	{ "lld_macro_pathid", { .type = RULE_ID } },
	{ "lld_macro", { .type = RULE_STRING, .length = 255, .check = lld_rule_check_macro } },
	{ "path", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 255 } },
	{ NULL, { 0 } },
};
static const struct rule lld_path_update_elem = { .type = RULE_OBJECT,
	.fields = lld_path_update_fields };
static const struct rule lld_paths_update_rule = { .type = RULE_OBJECTS,
	.elem = &lld_path_update_elem };

/* A member checked by a rule at /<n>/<member>, in place. */
static int
lld_rule_validate(struct rpc_call *call, const struct rule *r, cJSON *v, size_t idx,
    const char *member)
{
	char path[64], *cause = NULL;

	snprintf(path, sizeof path, "/%zu/%s", idx + 1, member);
	if (validate_at(r, v, path, &cause) == ERR_NONE)
		return RPC_COMMIT;
	rpc_fail(call, ERR_PARAM, "%s", cause);
	free(cause);
	return RPC_ROLLBACK;
}

/* ---- overrides ---- */

/* The actions an operation of each object may have, in the order Zabbix lists them. */
static const char *const lld_op_actions[] = { "opstatus", "opdiscover", "ophistory", "optrends",
	"opperiod", "opseverity", "optag", "optemplate", "opinventory", NULL };
static const char *const lld_op_allowed[4] = {
	"opstatus,opdiscover,opperiod,ophistory,optrends,optag",
	"opstatus,opdiscover,opseverity,optag",
	"opdiscover",
	"opstatus,opdiscover,optemplate,optag,opinventory",
};

static bool
lld_word_in(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; (p = strstr(p, w)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static int
lld_op_check(struct rpc_call *call, const cJSON *op, const char *path)
{
	int obj = lld_doc_int(op, "operationobject");
	bool any = false;
	char shown[96] = "";

	if (obj < 0 || obj > 3)
		return RPC_COMMIT;
	for (const char *const *a = lld_op_actions; *a != NULL; a++) {
		bool has = cJSON_GetObjectItemCaseSensitive(op, *a) != NULL;

		if (has && !lld_word_in(lld_op_allowed[obj], *a))
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": unexpected parameter "
			    "\"%s\".", path, *a);
		any = any || has;
	}
	if (any)
		return RPC_COMMIT;
	for (const char *p = lld_op_allowed[obj]; *p != '\0'; p++)
		snprintf(shown + strlen(shown), sizeof shown - strlen(shown), *p == ',' ? ", " : "%c",
		    *p);
	return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": value must be one of %s.", path,
	    shown);
}

/* Every optemplate names a template. */
static int
lld_op_templates(struct rpc_call *call, const cJSON *op)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(op, "optemplate")) {
		struct host h;
		uint64_t id;
		int rc;

		if (!id_from_json(cJSON_GetObjectItemCaseSensitive(t, "templateid"), &id) ||
		    (rc = store_host_get(call->txn, id, &h)) == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		rc = host_is_template(&h);
		host_free(&h);
		if (!rc)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	}
	return RPC_COMMIT;
}

/* A scalar member as text ("" when absent), or dflt. */
static char *
lld_text(const cJSON *obj, const char *key, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return v == NULL || cJSON_IsNull(v) ? xstrdup(dflt) : util_json_scalar_text(v, dflt);
}

static void
lld_add_text(cJSON *to, const char *key, const cJSON *obj, const char *member, const char *dflt)
{
	char *t = lld_text(obj, member, dflt);

	cJSON_AddStringToObject(to, key, t);
	free(t);
}

/* An override filter as stored: evaltype, formula, conditions with operator and formulaid. */
static cJSON *
lld_ovfilter_store(const cJSON *f)
{
	cJSON *out = cJSON_CreateObject(), *arr;
	const cJSON *c;
	char *ev = lld_text(f, "evaltype", "0");

	util_json_add_str(out, "evaltype", ev);
	if (strcmp(ev, "3") == 0)
		lld_add_text(out, "formula", f, "formula", "");
	else
		util_json_add_str(out, "formula", "");
	arr = cJSON_AddArrayToObject(out, "conditions");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(f, "conditions")) {
		cJSON *o = cJSON_CreateObject();

		lld_add_text(o, "macro", c, "macro", "");
		lld_add_text(o, "value", c, "value", "");
		lld_add_text(o, "operator", c, "operator", "8");
		lld_add_text(o, "formulaid", c, "formulaid", "");
		cJSON_AddItemToArray(arr, o);
	}
	free(ev);
	return out;
}

/* An operation as stored, its actions in Zabbix's order, every scalar a string. */
static cJSON *
lld_op_store(const cJSON *op)
{
	cJSON *out = cJSON_CreateObject();

	lld_add_text(out, "operationobject", op, "operationobject", "0");
	lld_add_text(out, "operator", op, "operator", "0");
	lld_add_text(out, "value", op, "value", "");
	for (const char *const *a = lld_op_actions; *a != NULL; a++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, *a), *e, *m;
		cJSON *to;

		if (v == NULL)
			continue;
		to = cJSON_IsArray(v) ? cJSON_AddArrayToObject(out, *a) : cJSON_AddObjectToObject(out,
		    *a);
		if (cJSON_IsArray(v))
			cJSON_ArrayForEach(e, v) {
				cJSON *o = cJSON_CreateObject();

				cJSON_ArrayForEach(m, e)
					lld_add_text(o, m->string, e, m->string, "");
				if (strcmp(*a, "optag") == 0 &&
				    cJSON_GetObjectItemCaseSensitive(o, "value") == NULL)
					util_json_add_str(o, "value", "");
				cJSON_AddItemToArray(to, o);
			}
		else
			cJSON_ArrayForEach(m, v)
				lld_add_text(to, m->string, v, m->string, "");
	}
	return out;
}

/* One override's filter (formula, macros, formulaids) and operations checked. */
static int
lld_override_check(struct rpc_call *call, const cJSON *ov, const char *path, size_t k)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(ov, "filter"), *c, *op;
	const char *name = lld_doc_str(ov, "name");
	char *err, opath[128];
	size_t j = 0;

	if (f != NULL && (err = lld_filter_formula_check(f, "override", name)) != NULL) {
		rpc_fail(call, ERR_PARAM, "%s", err);
		free(err);
		return RPC_ROLLBACK;
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(f, "conditions")) {
		if (!lld_macro_valid(lld_doc_str(c, "macro")))
			return rpc_fail(call, ERR_PARAM, "Incorrect filter condition macro for "
			    "override \"%s\".", name);
		if (lld_doc_int(f, "evaltype") == 3 &&
		    cJSON_GetObjectItemCaseSensitive(c, "formulaid") == NULL)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": the parameter "
			    "\"formulaid\" is missing.", path);
	}
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(ov, "operations")) {
		snprintf(opath, sizeof opath, "%s/%zu/operations/%zu", path, k + 1, ++j);
		if (lld_op_check(call, op, opath) != RPC_COMMIT || lld_op_templates(call, op) !=
		    RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* overrides: checked, then stored in the document (replacing the set). */
static int
lld_overrides_take(struct rpc_call *call, struct item_in *in, const cJSON *sent)
{
	cJSON *v = cJSON_Duplicate(sent, true), *arr, *ov;
	char path[48];
	size_t k = 0;
	int rc = lld_rule_validate(call, &lld_overrides_rule, v, in->idx, "overrides");

	snprintf(path, sizeof path, "/%zu/overrides", in->idx + 1);
	cJSON_ArrayForEach(ov, v)
		if (rc == RPC_COMMIT)
			rc = lld_override_check(call, ov, path, k++);
	if (rc != RPC_COMMIT) {
		cJSON_Delete(v);
		return RPC_ROLLBACK;
	}
	arr = cJSON_CreateArray();
	cJSON_ArrayForEach(ov, v) {
		cJSON *o = cJSON_CreateObject(), *ops;
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(ov, "filter"), *op;

		lld_add_text(o, "name", ov, "name", "");
		lld_add_text(o, "step", ov, "step", "0");
		lld_add_text(o, "stop", ov, "stop", "0");
		cJSON_AddItemToObject(o, "filter", lld_ovfilter_store(f));
		ops = cJSON_AddArrayToObject(o, "operations");
		cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(ov, "operations"))
			cJSON_AddItemToArray(ops, lld_op_store(op));
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(in->new.lld, "overrides", arr);
	cJSON_Delete(v);
	return RPC_COMMIT;
}

/* ---- LLD macro paths ---- */

static int
lld_paths_dup(struct rpc_call *call, const cJSON *paths, const cJSON *old, size_t idx)
{
	const cJSON *p, *q;
	size_t i = 0;

	cJSON_ArrayForEach(p, paths) {
		const char *m = lld_doc_str(p, "lld_macro");
		size_t j = 0;

		i++;
		if (cJSON_GetObjectItemCaseSensitive(p, "lld_macro") == NULL)
			continue;
		cJSON_ArrayForEach(q, paths) {
			const cJSON *qm = cJSON_GetObjectItemCaseSensitive(q, "lld_macro");
			const char *name = qm != NULL ? qm->valuestring : NULL;

			if (++j >= i)
				break;
			if (qm == NULL) {	/* a kept path: its stored macro */
				const cJSON *o;

				cJSON_ArrayForEach(o, old)
					if (strcmp(lld_doc_str(o, "lld_macro_pathid"),
					    lld_doc_str(q, "lld_macro_pathid")) == 0)
						name = lld_doc_str(o, "lld_macro");
			}
			if (name != NULL && strcmp(name, m) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/lld_macro_paths/"
				    "%zu/lld_macro\": value \"%s\" already exists.", idx + 1, i, m);
		}
	}
	return RPC_COMMIT;
}

/* lld_macro_paths on update: a path names a stored one of this rule, or is new with both
 * members. */
static int
lld_paths_update_check(struct rpc_call *call, struct item_in *in, const cJSON *paths,
    const cJSON *old)
{
	const cJSON *p, *o;
	size_t i = 0;

	if (in->old.templateid != 0)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/lld_macro_paths\": cannot "
		    "update property for templated discovery rule.", in->idx + 1);
	cJSON_ArrayForEach(p, paths) {
		bool m = cJSON_GetObjectItemCaseSensitive(p, "lld_macro") != NULL;
		bool pa = cJSON_GetObjectItemCaseSensitive(p, "path") != NULL;
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "lld_macro_pathid");

		i++;
		if (!m && !pa && id == NULL)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/lld_macro_paths/%zu\": "
			    "cannot be empty.", in->idx + 1, i);
		if (id == NULL && m != pa)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/lld_macro_paths/%zu\": "
			    "the parameter \"%s\" is missing.", in->idx + 1, i, m ? "path" : "lld_macro");
	}
	if (lld_paths_dup(call, paths, old, in->idx) != RPC_COMMIT)
		return RPC_ROLLBACK;
	cJSON_ArrayForEach(p, paths) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "lld_macro_pathid");
		bool found = id == NULL;

		cJSON_ArrayForEach(o, old)
			found = found || strcmp(lld_doc_str(o, "lld_macro_pathid"), id->valuestring) == 0;
		if (!found)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	}
	return RPC_COMMIT;
}

/* lld_macro_paths: checked, then stored (replacing the set; a kept path keeps its id and
 * its unsent members, a new one gets an id). */
static int
lld_paths_take(struct rpc_call *call, struct item_in *in, const cJSON *sent)
{
	cJSON *v = cJSON_Duplicate(sent, true), *arr, *p;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(in->old.lld, "lld_macro_paths"), *o;
	int rc = lld_rule_validate(call, in->update ? &lld_paths_update_rule : &lld_paths_create_rule,
	    v, in->idx, "lld_macro_paths");

	if (rc == RPC_COMMIT)
		rc = in->update ? lld_paths_update_check(call, in, v, old) :
		    lld_paths_dup(call, v, NULL, in->idx);
	arr = cJSON_CreateArray();
	cJSON_ArrayForEach(p, v) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "lld_macro_pathid");
		cJSON *n = cJSON_CreateObject();
		const char *macro = NULL, *path = NULL;
		char buf[24];
		uint64_t seq;
		enum store_rc src;

		if (rc != RPC_COMMIT)
			break;
		cJSON_ArrayForEach(o, old)
			if (id != NULL && strcmp(lld_doc_str(o, "lld_macro_pathid"), id->valuestring) == 0)
				macro = lld_doc_str(o, "lld_macro"), path = lld_doc_str(o, "path");
		if (id == NULL && (src = store_seq_next(call->txn, "lld_macro_path", &seq)) !=
		    STORE_OK)
			rc = rpc_fail_store(call, src);
		util_json_add_str(n, "lld_macro_pathid", id != NULL ? id->valuestring :
		    id_to_str(seq + 1000, buf));
		util_json_add_str(n, "lld_macro", cJSON_GetObjectItemCaseSensitive(p,
		    "lld_macro") != NULL ? lld_doc_str(p, "lld_macro") : macro != NULL ? macro : "");
		util_json_add_str(n, "path", cJSON_GetObjectItemCaseSensitive(p, "path") !=
		    NULL ? lld_doc_str(p, "path") : path != NULL ? path : "");
		cJSON_AddItemToArray(arr, n);
	}
	cJSON_Delete(v);
	if (rc != RPC_COMMIT) {
		cJSON_Delete(arr);
		return RPC_ROLLBACK;
	}
	cJSON_ReplaceItemInObjectCaseSensitive(in->new.lld, "lld_macro_paths", arr);
	return RPC_COMMIT;
}

/* ---- the rule's own members ---- */

/* lifetime: a time unit of 0 or 1h..25y, or a user macro. */
static int
lld_lifetime_check(struct rpc_call *call, const struct item_in *in)
{
	const char *v = in->new.f[ITEM_F_LIFETIME];
	uint64_t sec;

	if (!in->sent[ITEM_F_LIFETIME] || (v[0] == '{' && v[1] == '$'))
		return RPC_COMMIT;
	if (interval_time_unit(v, &sec) != 0)
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"lifetime\": a time unit "
		    "is expected.");
	if (sec != 0 && (sec < 3600 || sec > LLD_LIFETIME_MAX))
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"lifetime\": value must "
		    "be one of 0, 3600-%u.", LLD_LIFETIME_MAX);
	return RPC_COMMIT;
}

/* An inherited rule's own lifetime: written when sent (the item's checks leave it out). */
static int
lld_lifetime_own(struct rpc_call *call, struct item_in *in)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(in->obj, "lifetime");
	char *t;

	if (v == NULL || cJSON_IsNull(v))
		return RPC_COMMIT;
	if ((t = util_json_scalar_text(v, "0")) == NULL)
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	item_set(&in->new, ITEM_F_LIFETIME, t);
	in->sent[ITEM_F_LIFETIME] = true;
	free(t);
	return RPC_COMMIT;
}

/* A new rule's document: no filter, no macro paths, no overrides. */
static void
lld_rule_doc_init(struct item *it)
{
	cJSON *f;

	if (it->lld == NULL)
		it->lld = cJSON_CreateObject();
	if (cJSON_GetObjectItemCaseSensitive(it->lld, "filter") == NULL) {
		f = cJSON_AddObjectToObject(it->lld, "filter");
		util_json_add_str(f, "evaltype", "0");
		util_json_add_str(f, "formula", "");
		cJSON_AddArrayToObject(f, "conditions");
	}
	if (cJSON_GetObjectItemCaseSensitive(it->lld, "lld_macro_paths") == NULL)
		cJSON_AddArrayToObject(it->lld, "lld_macro_paths");
	if (cJSON_GetObjectItemCaseSensitive(it->lld, "overrides") == NULL)
		cJSON_AddArrayToObject(it->lld, "overrides");
}

static int
lld_rule_take(struct rpc_call *call, struct item_in *in)
{
	const cJSON *filter = cJSON_GetObjectItemCaseSensitive(in->obj, "filter");
	const cJSON *ov = cJSON_GetObjectItemCaseSensitive(in->obj, "overrides");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(in->obj, "lld_macro_paths");
	cJSON *stored;
	char *err;

	bool copy = in->update && in->old.templateid != 0;

	lld_rule_doc_init(&in->new);
	if (copy && lld_lifetime_own(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (lld_lifetime_check(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (filter != NULL && !cJSON_IsNull(filter)) {
		if ((err = lld_filter_take(filter, in->new.f[ITEM_F_NAME], &stored)) != NULL) {
			rpc_fail(call, ERR_REFUSED, "%s", err);
			free(err);
			return RPC_ROLLBACK;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(in->new.lld, "filter", stored);
		in->lld_sent |= INHERIT_LLD_FILTER;
	}
	/* an inherited rule keeps its template's overrides (Zabbix ignores them there) */
	if (ov != NULL && !copy) {
		if (lld_overrides_take(call, in, ov) != RPC_COMMIT)
			return RPC_ROLLBACK;
		in->lld_sent |= INHERIT_LLD_OVERRIDES;
	}
	if (paths == NULL)
		return RPC_COMMIT;
	in->lld_sent |= INHERIT_LLD_PATHS;
	return lld_paths_take(call, in, paths);
}

static const char *const lld_rule_required[] = { NULL };

const struct item_flavor item_flavor_rule = {
	.flags = ITEM_FLAGS_RULE, .required = lld_rule_required, .take = lld_rule_take,
	.delete_key = "ruleids", .delete_templated = "Cannot delete templated items.",
};

static enum rpc_result
lld_rule_create_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, &item_flavor_rule, false);
}

static enum rpc_result
lld_rule_update_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, &item_flavor_rule, true);
}

static enum rpc_result
lld_rule_delete_exec(struct rpc_call *call, cJSON *params)
{
	return item_delete_run(call, params, &item_flavor_rule);
}

static const struct rule_field lld_rule_create_fields[] = {
	ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("name"), ITEM_RULE_ANY("key_"),
	ITEM_RULE_ANY("type"), ITEM_RULE_FIELDS, ITEM_RULE_ANY("filter"),
	ITEM_RULE_ANY("lld_macro_paths"), ITEM_RULE_ANY("overrides"),
	{ NULL, { 0 } },
};
static const struct rule lld_rule_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_rule_create_fields };
static const struct rule lld_rule_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT, .elem = &lld_rule_create_elem };
static const struct rule_field lld_rule_update_fields[] = {
	ITEM_RULE_ANY("itemid"), ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("name"),
	ITEM_RULE_ANY("key_"), ITEM_RULE_ANY("type"), ITEM_RULE_FIELDS, ITEM_RULE_ANY("filter"),
	ITEM_RULE_ANY("lld_macro_paths"), ITEM_RULE_ANY("overrides"),
	{ NULL, { 0 } },
};
static const struct rule lld_rule_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_rule_update_fields };
static const struct rule lld_rule_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT, .elem = &lld_rule_update_elem };
static const struct rule lld_rule_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

const struct rpc_method method_discoveryrule_create = {
	.name = "discoveryrule.create", .flags = RPC_WRITE, .params = &lld_rule_create_params,
	.exec = lld_rule_create_exec,
};

const struct rpc_method method_discoveryrule_update = {
	.name = "discoveryrule.update", .flags = RPC_WRITE, .params = &lld_rule_update_params,
	.exec = lld_rule_update_exec,
};

const struct rpc_method method_discoveryrule_delete = {
	.name = "discoveryrule.delete", .flags = RPC_WRITE, .params = &lld_rule_delete_params,
	.exec = lld_rule_delete_exec,
};
