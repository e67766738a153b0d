/* valuemap.c: valuemap.create, valuemap.update and valuemap.delete, with Zabbix 6.0's checks of
 * names (unique per host), mappings (per type, one default) and uuids (templates only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const valuemap_create_uniq[] = { "hostid,name", NULL };
static const char *const valuemap_update_uniq[] = { "valuemapid", NULL };
static const char *const valuemap_ids_uniq[] = { "", NULL };

static const struct rule_field valuemap_mapping_fields[] = {
	{ "type", { .type = RULE_INT32, .in = "0,1,2,3,4,5" } },
	{ "value", { .type = RULE_ANY } },	/* its rule depends on type: valuemap_take */
	{ "newvalue", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = VALUEMAP_VALUE_LEN } },
	{ NULL, { 0 } },
};
static const struct rule valuemap_mapping_elem = {
	.type = RULE_OBJECT, .fields = valuemap_mapping_fields,
};

static const struct rule_field valuemap_create_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "uuid", { .type = RULE_ANY } },	/* templates only: valuemap_check_uuid */
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = VALUEMAP_NAME_LEN } },
	{ "mappings", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &valuemap_mapping_elem } },
	{ NULL, { 0 } },
};
static const struct rule valuemap_create_elem = {
	.type = RULE_OBJECT, .fields = valuemap_create_fields,
};
static const struct rule valuemap_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &valuemap_create_elem, .uniq = valuemap_create_uniq,
};

static const struct rule_field valuemap_update_fields[] = {
	{ "uuid", { .type = RULE_ANY } },
	{ "valuemapid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = VALUEMAP_NAME_LEN } },
	{ "mappings", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY,
	    .elem = &valuemap_mapping_elem } },
	{ NULL, { 0 } },
};
static const struct rule valuemap_update_elem = {
	.type = RULE_OBJECT, .fields = valuemap_update_fields,
};
static const struct rule valuemap_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &valuemap_update_elem, .uniq = valuemap_update_uniq,
};

static const struct rule valuemap_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = valuemap_ids_uniq,
};

/* One object of the call: the stored map (update), the map after the call, its host. */
struct valuemap_in {
	const cJSON	*obj;
	struct valuemap	 old, new;
	bool		 on_template;
	bool		 loaded;
};

static void
valuemap_in_free(struct valuemap_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		valuemap_free(&in[i].old);
		valuemap_free(&in[i].new);
	}
	free(in);
}

static const char *
valuemap_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A mapping's type as sent (a number or a numeric string, already in 0..5); 0 when absent. */
static uint32_t
valuemap_type(const cJSON *m)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "type");

	if (cJSON_IsNumber(t))
		return (uint32_t)t->valueint;
	if (cJSON_IsString(t))
		return (uint32_t)atoi(t->valuestring);
	return VALUEMAP_TYPE_EQUAL;
}

/* A mapping's value as text: a string, or for >= and <= a JSON number too; NULL: wrong type. */
static char *
valuemap_value_text(const cJSON *v, uint32_t type)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if ((type == VALUEMAP_TYPE_GE || type == VALUEMAP_TYPE_LE) && cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			return xasprintf("%lld", (long long)v->valuedouble);
		return xasprintf("%.15g", v->valuedouble);
	}
	return NULL;
}

/* The value of mapping j (0-based) of object i, by its type's rule. */
static int
valuemap_take_value(struct rpc_call *call, const cJSON *m, uint32_t type, size_t i, size_t j,
    char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, "value");
	const char *why;

	*out = NULL;
	if (v == NULL) {
		*out = xstrdup("");
		return RPC_COMMIT;
	}
	if ((*out = valuemap_value_text(v, type)) == NULL)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu/value\": %s.",
		    i + 1, j + 1, type == VALUEMAP_TYPE_GE || type == VALUEMAP_TYPE_LE ?
		    "a floating point value is expected" : "a character string is expected");
	if ((why = valuemap_value_check(type, *out)) != NULL)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu/value\": %s.",
		    i + 1, j + 1, why);
	return RPC_COMMIT;
}

/* Zabbix's mapping rules over one list: one default (whose value must be empty), a value
 * for every other type, and a value once per type. */
static int
valuemap_take_mappings(struct rpc_call *call, const cJSON *mappings, size_t i,
    struct valuemap *vm)
{
	const cJSON *m;
	bool has_default = false;
	size_t j = 0;

	valuemap_mappings_clear(vm);
	cJSON_ArrayForEach(m, mappings) {
		uint32_t type = valuemap_type(m);
		char *value;

		if (valuemap_take_value(call, m, type, i, j, &value) != RPC_COMMIT) {
			free(value);
			return RPC_ROLLBACK;
		}
		if (has_default && type == VALUEMAP_TYPE_DEFAULT)
			rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu\": value "
			    "(type)=(5) already exists.", i + 1, j + 1);
		else if (type != VALUEMAP_TYPE_DEFAULT &&
		    cJSON_GetObjectItemCaseSensitive(m, "value") == NULL)
			rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu\": the "
			    "parameter \"value\" is missing.", i + 1, j + 1);
		else if (type == VALUEMAP_TYPE_DEFAULT && *value != '\0')
			rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu/value\": "
			    "should be empty.", i + 1, j + 1);
		for (size_t k = 0; !rpc_failed(call) && type != VALUEMAP_TYPE_DEFAULT && k < vm->n;
		    k++)
			if (vm->m[k].type == type && strcmp(vm->m[k].value, value) == 0)
				rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/mappings/%zu\": "
				    "value (value)=(%s) already exists.", i + 1, j + 1, value);
		if (!rpc_failed(call))
			valuemap_mapping_add(vm, type, value,
			    cJSON_GetObjectItemCaseSensitive(m, "newvalue")->valuestring);
		free(value);
		if (rpc_failed(call))
			return RPC_ROLLBACK;
		has_default = has_default || type == VALUEMAP_TYPE_DEFAULT;
		j++;
	}
	return RPC_COMMIT;
}

/* A uuid is for a template's map only: "/i": unexpected on a host's, a UUIDv4 on a
 * template's. */
static int
valuemap_check_uuid(struct rpc_call *call, const struct valuemap_in *in, size_t i)
{
	const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(in->obj, "uuid");
	char *why;

	if (uuid == NULL)
		return RPC_COMMIT;
	if (!in->on_template)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": unexpected parameter "
		    "\"uuid\".", i + 1);
	if (!cJSON_IsString(uuid))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/uuid\": a character "
		    "string is expected.", i + 1);
	if ((why = host_rule_check_uuid(uuid)) != NULL) {
		rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/uuid\": %s.", i + 1, why);
		free(why);
		return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* The uuids sent (and changed) must be new: unique in the call and in the store. */
static int
valuemap_check_uuids(struct rpc_call *call, const struct valuemap_in *in, size_t n)
{
	struct id_list all = { 0 };
	bool any = false;
	int rc;

	for (size_t i = 0; i < n; i++) {
		const char *u = valuemap_str(in[i].obj, "uuid");

		if (u == NULL || (in[i].loaded && strcmp(u, in[i].old.uuid) == 0))
			continue;
		any = true;
		for (size_t k = 0; k < i; k++) {
			const char *o = valuemap_str(in[k].obj, "uuid");

			if (o != NULL && strcmp(o, u) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value "
				    "(uuid)=(%s) already exists.", i + 1, u);
		}
	}
	if (!any)
		return RPC_COMMIT;
	rc = store_id_scan(call->txn, STORE_DB_VALUEMAPS, &all);
	for (size_t j = 0; rc == STORE_OK && j < all.n; j++) {
		struct valuemap vm;

		if ((rc = store_valuemap_get(call->txn, all.ids[j], &vm)) != STORE_OK)
			break;
		for (size_t i = 0; vm.uuid[0] != '\0' && i < n; i++) {
			const char *u = valuemap_str(in[i].obj, "uuid");

			if (u != NULL && strcmp(u, vm.uuid) == 0 && vm.valuemapid != in[i].old.valuemapid)
				rpc_fail(call, ERR_PARAM, "Entry with UUID \"%s\" already exists.", u);
		}
		valuemap_free(&vm);
		if (rpc_failed(call))
			break;
	}
	id_list_free(&all);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_failed(call) ? RPC_ROLLBACK : RPC_COMMIT;
}

/* The names sent that the host has already (before the call): "Value map "<name>" already
 * exists.". On update only the names that change count. */
static int
valuemap_check_names(struct rpc_call *call, const struct valuemap_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = valuemap_str(in[i].obj, "name");
		uint64_t id;
		int rc;

		if (name == NULL || (in[i].loaded && strcmp(name, in[i].old.name) == 0))
			continue;
		rc = store_valuemap_by_name(call->txn, in[i].new.hostid, name, &id);
		if (rc == STORE_OK)
			return rpc_fail(call, ERR_PARAM, "Value map \"%s\" already exists.", name);
		if (rc != STORE_ENOTFOUND)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

/* ---- create ---- */

static int
valuemap_create_host(struct rpc_call *call, struct valuemap_in *in)
{
	struct host h;
	int rc;

	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "hostid"), &in->new.hostid) ||
	    (rc = store_host_get(call->txn, in->new.hostid, &h)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	in->on_template = host_is_template(&h);
	host_free(&h);
	return access_host_must(call, in->new.hostid, true, ERR_NOT_FOUND);
}

static int
valuemap_create_check(struct rpc_call *call, const cJSON *params, struct valuemap_in *in,
    size_t n)
{
	const cJSON *obj;
	size_t i = 0;

	cJSON_ArrayForEach(obj, params) {
		in[i].obj = obj;
		if (valuemap_take_mappings(call, cJSON_GetObjectItemCaseSensitive(obj, "mappings"), i,
		    &in[i].new) != RPC_COMMIT)
			return RPC_ROLLBACK;
		i++;
	}
	for (i = 0; i < n; i++)
		if (valuemap_create_host(call, &in[i]) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (i = 0; i < n; i++)
		if (valuemap_check_uuid(call, &in[i], i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	if (valuemap_check_uuids(call, in, n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return valuemap_check_names(call, in, n);
}

static int
valuemap_create_one(struct rpc_call *call, struct valuemap_in *in)
{
	const char *uuid = valuemap_str(in->obj, "uuid");
	char fresh[33] = "";
	int rc;

	if (in->on_template && uuid == NULL && host_uuid_new(fresh) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Cannot create a UUID.");
	in->new.name = xstrdup(valuemap_str(in->obj, "name"));
	in->new.uuid = xstrdup(!in->on_template ? "" : uuid != NULL ? uuid : fresh);
	if ((rc = store_valuemap_create(call->txn, &in->new)) == STORE_EEXIST)
		return rpc_fail(call, ERR_PARAM, "Value map \"%s\" already exists.", in->new.name);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* create and update: check every object, then write each; the answer names the maps
 * written (in->new.valuemapid, which each writer sets). */
static enum rpc_result
valuemap_write(struct rpc_call *call, cJSON *params,
    int (*check)(struct rpc_call *, const cJSON *, struct valuemap_in *, size_t),
    int (*one)(struct rpc_call *, struct valuemap_in *))
{
	size_t n = (size_t)cJSON_GetArraySize(params);
	struct valuemap_in *in = xcalloc(n + 1, sizeof *in);
	struct id_list ids = { 0 };
	int rc = check(call, params, in, n);

	for (size_t i = 0; rc == RPC_COMMIT && i < n; i++)
		if ((rc = one(call, &in[i])) == RPC_COMMIT)
			id_list_add(&ids, in[i].new.valuemapid);
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("valuemapids", ids.ids, ids.n));
	id_list_free(&ids);
	valuemap_in_free(in, n);
	return rc;
}

static enum rpc_result
valuemap_create_exec(struct rpc_call *call, cJSON *params)
{
	return valuemap_write(call, params, valuemap_create_check, valuemap_create_one);
}

/* ---- update ---- */

static int
valuemap_update_load(struct rpc_call *call, struct valuemap_in *in)
{
	uint64_t id = 0;
	struct host h;
	int rc;

	id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "valuemapid"), &id);
	if ((rc = store_valuemap_get(call->txn, id, &in->old)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	in->loaded = true;
	if ((rc = store_host_get(call->txn, in->old.hostid, &h)) == STORE_OK) {
		in->on_template = host_is_template(&h);
		host_free(&h);
	} else if (rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	return access_host_must(call, in->old.hostid, true, ERR_NOT_FOUND);
}

/* After the ids: (hostid, name) once in the call, for the objects that send a name. */
static int
valuemap_update_names_once(struct rpc_call *call, const struct valuemap_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = valuemap_str(in[i].obj, "name");

		for (size_t k = 0; name != NULL && k < i; k++) {
			const char *o = valuemap_str(in[k].obj, "name");
			char id[24];

			if (o != NULL && in[k].old.hostid == in[i].old.hostid && strcmp(o, name) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value "
				    "(hostid, name)=(%s, %s) already exists.", i + 1,
				    id_to_str(in[i].old.hostid, id), name);
		}
	}
	return RPC_COMMIT;
}

static int
valuemap_update_check(struct rpc_call *call, const cJSON *params, struct valuemap_in *in,
    size_t n)
{
	const cJSON *obj;
	size_t i = 0;

	cJSON_ArrayForEach(obj, params) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "mappings");

		in[i].obj = obj;
		if (m != NULL && valuemap_take_mappings(call, m, i, &in[i].new) != RPC_COMMIT)
			return RPC_ROLLBACK;
		i++;
	}
	for (i = 0; i < n; i++)
		if (valuemap_update_load(call, &in[i]) != RPC_COMMIT)
			return RPC_ROLLBACK;
	if (valuemap_update_names_once(call, in, n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (i = 0; i < n; i++) {
		in[i].new.hostid = in[i].old.hostid;
		if (valuemap_check_uuid(call, &in[i], i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	if (valuemap_check_uuids(call, in, n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return valuemap_check_names(call, in, n);
}

/* The map as stored now (an earlier object of the call may have renamed it), changed. */
static int
valuemap_update_one(struct rpc_call *call, struct valuemap_in *in)
{
	const char *name = valuemap_str(in->obj, "name"), *uuid = valuemap_str(in->obj, "uuid");
	bool mappings = cJSON_GetObjectItemCaseSensitive(in->obj, "mappings") != NULL;
	struct valuemap cur, next = { 0 };
	int rc;

	in->new.valuemapid = in->old.valuemapid;
	if ((rc = store_valuemap_get(call->txn, in->old.valuemapid, &cur)) != STORE_OK)
		return rpc_fail_store(call, rc);
	next.valuemapid = cur.valuemapid;
	next.hostid = cur.hostid;
	next.name = xstrdup(name != NULL ? name : cur.name);
	next.uuid = xstrdup(uuid != NULL ? uuid : cur.uuid);
	for (size_t i = 0; i < (mappings ? in->new.n : cur.n); i++) {
		const struct valuemap_mapping *m = mappings ? &in->new.m[i] : &cur.m[i];

		valuemap_mapping_add(&next, m->type, m->value, m->newvalue);
	}
	rc = store_valuemap_update(call->txn, &cur, &next);
	if (rc == STORE_EEXIST)
		rpc_fail(call, ERR_PARAM, "Value map \"%s\" already exists.", next.name);
	else if (rc != STORE_OK)
		rpc_fail_store(call, rc);
	valuemap_free(&cur);
	valuemap_free(&next);
	return rpc_failed(call) ? RPC_ROLLBACK : RPC_COMMIT;
}

static enum rpc_result
valuemap_update_exec(struct rpc_call *call, cJSON *params)
{
	return valuemap_write(call, params, valuemap_update_check, valuemap_update_one);
}

/* ---- delete ---- */

/* Every id first (atomic); then the items using each map lose it, and the map goes. */
static enum rpc_result
valuemap_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	const cJSON *e;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(e, params) {
		struct valuemap vm;
		uint64_t id = 0;
		int src;

		id_from_json(e, &id);
		if ((src = store_valuemap_get(call->txn, id, &vm)) == STORE_ENOTFOUND) {
			rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
			break;
		}
		if (src != STORE_OK) {
			rc = rpc_fail_store(call, src);
			break;
		}
		rc = access_host_must(call, vm.hostid, true, ERR_NOT_FOUND);
		valuemap_free(&vm);
		if (rc != RPC_COMMIT)
			break;
		id_list_add(&ids, id);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++) {
		struct valuemap vm;
		int src = store_valuemap_get(call->txn, ids.ids[i], &vm);

		if (src != STORE_OK) {
			rc = rpc_fail_store(call, src);
			break;
		}
		rc = method_done(domain_valuemap_release(call->txn, &vm, &call->err));
		valuemap_free(&vm);
		if (rc == RPC_COMMIT && (src = store_valuemap_delete(call->txn, ids.ids[i])) != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("valuemapids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

const struct rpc_method method_valuemap_create = {
	.name = "valuemap.create", .flags = RPC_WRITE,
	.params = &valuemap_create_params, .exec = valuemap_create_exec,
};
const struct rpc_method method_valuemap_update = {
	.name = "valuemap.update", .flags = RPC_WRITE,
	.params = &valuemap_update_params, .exec = valuemap_update_exec,
};
const struct rpc_method method_valuemap_delete = {
	.name = "valuemap.delete", .flags = RPC_WRITE,
	.params = &valuemap_delete_params, .exec = valuemap_delete_exec,
};
