/* valuemap_get.c: valuemap.get with selectMappings, template.get/host.get selectValueMaps and
 * item.get selectValueMap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field valuemap_fields[] = {
	{ "valuemapid", GET_F_NUM }, { "hostid", GET_F_NUM }, { "name", 0 }, { "uuid", 0 },
	{ NULL, 0 },
};

static const char *const valuemap_sortable[] = { "valuemapid", "name", NULL };

static cJSON *
valuemap_row(const struct valuemap *vm)
{
	cJSON *row = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(row, "valuemapid", id_to_str(vm->valuemapid, buf));
	util_json_add_str(row, "hostid", id_to_str(vm->hostid, buf));
	util_json_add_str(row, "name", vm->name);
	util_json_add_str(row, "uuid", vm->uuid);
	return row;
}

static int
valuemap_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct valuemap vm;
	int rc = store_valuemap_get(call->txn, id, &vm);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = valuemap_row(&vm);
	valuemap_free(&vm);
	return STORE_OK;
}

static int
valuemap_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_VALUEMAPS, ids);
}

const struct get_kind get_kind_valuemap = {
	.pk = "valuemapid", .dbpk = "valuemapid", .fields = valuemap_fields,
	.sortable = valuemap_sortable, .load = valuemap_load, .scan = valuemap_scan,
	.perm = GET_PERM_ROW_HOST,
};

/* The mappings as an array of objects with the fields of `order` that out asks for. */
static cJSON *
valuemap_mappings_json(const struct valuemap *vm, const struct get_output *out,
    const char *const order[3])
{
	cJSON *arr = cJSON_CreateArray();
	char type[12];

	for (size_t i = 0; i < vm->n; i++) {
		cJSON *m = cJSON_CreateObject();

		snprintf(type, sizeof type, "%u", (unsigned)vm->m[i].type);
		for (size_t k = 0; k < 3; k++) {
			const char *v = strcmp(order[k], "type") == 0 ? type :
			    strcmp(order[k], "value") == 0 ? vm->m[i].value : vm->m[i].newvalue;

			if (out->mode == GET_EXTEND || get_list_has_name(out->list, order[k]))
				cJSON_AddStringToObject(m, order[k], v);
		}
		cJSON_AddItemToArray(arr, m);
	}
	return arr;
}

/* valuemap.get selectMappings: {value, newvalue, type} (the columns' order), or a count; and
 * the key left out when the output does not list it. */
static int
valuemap_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	static const char *const order[3] = { "value", "newvalue", "type" };
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectMappings"));
	struct valuemap vm;
	char buf[24];
	int rc;

	/* Zabbix's valuemap.get gives its key only when the output asks for it */
	if (o->output.mode == GET_LIST && !get_list_has_name(o->output.list, "valuemapid"))
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "valuemapid");
	if (out.mode == GET_NONE)
		return STORE_OK;
	if ((rc = store_valuemap_get(call->txn, id, &vm)) != STORE_OK)
		return rc;
	if (out.mode == GET_COUNT) {
		snprintf(buf, sizeof buf, "%zu", vm.n);
		util_json_add_str(obj, "mappings", buf);
	} else
		cJSON_AddItemToObject(obj, "mappings", valuemap_mappings_json(&vm, &out, order));
	valuemap_free(&vm);
	return STORE_OK;
}

static enum rpc_result
valuemap_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	get_cand_ids(params, "valuemapids", &c);
	if ((rc = get_cand_related(call, params, "hostids", store_host_valuemaps, &c)) != STORE_OK ||
	    (rc = get_cand_resolve(call, &get_kind_valuemap, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_valuemap, &c, valuemap_selects);
	id_list_free(&c.ids);
	return rc;
}

/* CValueMap::get checks its options with the API validator: an unknown one (limitSelects
 * too) is "unexpected parameter". */
static const struct rule_field valuemap_get_fields[] = {
	GET_OPT("valuemapids"), GET_OPT("hostids"), GET_OPT("selectMappings"),
	GET_OPT("output"), GET_OPT("filter"), GET_OPT("search"), GET_OPT("searchByAny"),
	GET_OPT("startSearch"), GET_OPT("excludeSearch"), GET_OPT("searchWildcardsEnabled"),
	GET_OPT("sortfield"), GET_OPT("sortorder"), GET_OPT("limit"), GET_OPT("preservekeys"),
	GET_OPT("countOutput"), GET_OPT("editable"),
	{ NULL, { 0 } },
};
static const struct rule valuemap_get_params = { .type = RULE_OBJECT,
	.fields = valuemap_get_fields };

const struct rpc_method method_valuemap_get = {
	.name = "valuemap.get", .params = &valuemap_get_params, .exec = valuemap_get_exec,
};

/* ---- selects of other objects ---- */

char *
valuemap_check_select(const cJSON *v)
{
	if (cJSON_IsNull(v) || cJSON_IsArray(v) ||
	    (cJSON_IsString(v) && strcmp(v->valuestring, "extend") == 0))
		return NULL;
	return xstrdup("value must be \"extend\"");
}

/* One map as a select gives it: extend is {valuemapid, name, mappings: [{type, value,
 * newvalue}]}; a list gives the fields it names, in that order (mappings too). */
static cJSON *
valuemap_select_obj(const struct valuemap *vm, const struct get_output *out)
{
	static const char *const fields[] = { "valuemapid", "hostid", "name", "uuid", NULL };
	static const char *const order[3] = { "type", "value", "newvalue" };
	static const struct get_output all = { GET_EXTEND, NULL };
	cJSON *obj = cJSON_CreateObject(), *row = valuemap_row(vm);

	for (size_t i = 0; fields[i] != NULL; i++) {
		bool want = out->mode == GET_EXTEND ? strcmp(fields[i], "valuemapid") == 0 ||
		    strcmp(fields[i], "name") == 0 : get_list_has_name(out->list, fields[i]);

		if (want)
			cJSON_AddItemToObject(obj, fields[i], cJSON_DetachItemFromObject(row,
			    fields[i]));
	}
	if (out->mode == GET_EXTEND || get_list_has_name(out->list, "mappings"))
		cJSON_AddItemToObject(obj, "mappings", valuemap_mappings_json(vm, &all, order));
	cJSON_Delete(row);
	return obj;
}

static int
valuemap_name_cmp(const void *a, const void *b)
{
	const struct valuemap *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->valuemapid > y->valuemapid) - (x->valuemapid < y->valuemapid);
}

int
valuemap_select_valuemaps(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t hostid, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectValueMaps"));
	struct id_list ids = { 0 };
	struct valuemap *vms;
	cJSON *arr;
	size_t n = 0;
	int rc;

	(void)o;
	if (out.mode != GET_EXTEND && out.mode != GET_LIST)
		return STORE_OK;
	if ((rc = store_host_valuemaps(call->txn, hostid, &ids)) != STORE_OK) {
		id_list_free(&ids);
		return rc;
	}
	vms = xcalloc(ids.n + 1, sizeof *vms);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_valuemap_get(call->txn, ids.ids[i], &vms[n])) == STORE_OK)
			n++;
	if (rc == STORE_OK) {
		qsort(vms, n, sizeof *vms, valuemap_name_cmp);
		arr = cJSON_AddArrayToObject(obj, "valuemaps");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, valuemap_select_obj(&vms[i], &out));
	}
	for (size_t i = 0; i < n; i++)
		valuemap_free(&vms[i]);
	free(vms);
	id_list_free(&ids);
	return rc;
}

int
valuemap_select_item(struct rpc_call *call, const cJSON *params, const char *valuemapid,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectValueMap"));
	struct valuemap vm;
	uint64_t id = 0;
	int rc;

	if (out.mode != GET_EXTEND && out.mode != GET_LIST)
		return STORE_OK;
	util_parse_u64(valuemapid, &id);
	if (id == 0 || (rc = store_valuemap_get(call->txn, id, &vm)) == STORE_ENOTFOUND) {
		cJSON_AddItemToObject(obj, "valuemap", cJSON_CreateArray());
		return STORE_OK;
	}
	if (rc != STORE_OK)
		return rc;
	cJSON_AddItemToObject(obj, "valuemap", valuemap_select_obj(&vm, &out));
	valuemap_free(&vm);
	return STORE_OK;
}
