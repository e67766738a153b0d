/* host_params.c: the members that host and template calls share (groups, templates, hosts,
 * macros, tags, status), read from the request into the domain's terms. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

/* [{key: id}] into out; bare: an element that is no object is an id itself. */
static int
host_params_ids_as(struct rpc_call *call, const cJSON *arr, const char *key, bool bare,
    struct id_list *out)
{
	struct id_set seen = { 0 };
	const cJSON *e, *v;
	uint64_t id;

	id_set_add_list(&seen, out);
	cJSON_ArrayForEach(e, arr) {
		v = key != NULL && !(bare && !cJSON_IsObject(e)) ?
		    cJSON_GetObjectItemCaseSensitive(e, key) : e;
		if (!id_from_json(v, &id)) {
			id_set_free(&seen);
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		}
		if (id_set_add(&seen, id))
			id_list_add(out, id);
	}
	id_set_free(&seen);
	return RPC_COMMIT;
}

int
host_params_ids(struct rpc_call *call, const cJSON *arr, const char *key, struct id_list *out)
{
	return host_params_ids_as(call, arr, key, false, out);
}

int
host_params_templates_bare(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	if (host_params_ids_as(call, arr, "templateid", true, out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return method_done(domain_host_check_templates(call->txn, out, &call->err));
}

/* The ids of [{key: id}], each checked by the domain. */
static int
host_params_checked(struct rpc_call *call, const cJSON *arr, const char *key,
    int (*check)(struct store_txn *, const struct id_list *, struct err *), struct id_list *out)
{
	if (host_params_ids(call, arr, key, out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return method_done(check(call->txn, out, &call->err));
}

int
host_params_groups(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	return host_params_checked(call, arr, "groupid", domain_host_check_groups, out);
}

int
host_params_templates(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	return host_params_checked(call, arr, "templateid", domain_host_check_templates, out);
}

int
host_params_hosts(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	return host_params_checked(call, arr, "hostid", domain_host_check_hosts, out);
}

static const char *
host_params_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* type as RULE_INT32 lets it through: a number or a numeric string; -1 when absent. */
static int
host_params_type(const cJSON *obj)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "type");

	if (cJSON_IsNumber(v))
		return (int)v->valuedouble;
	if (cJSON_IsString(v))
		return atoi(v->valuestring);
	return -1;
}

void
host_params_macro(const cJSON *obj, struct domain_macro *m)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "hostmacroid");

	memset(m, 0, sizeof *m);
	m->has_id = id != NULL;
	id_from_json(id, &m->hostmacroid);
	m->macro = host_params_str(obj, "macro");
	m->value = host_params_str(obj, "value");
	m->description = host_params_str(obj, "description");
	m->type = host_params_type(obj);
}

struct domain_macro *
host_params_macros(const cJSON *arr, size_t *n)
{
	struct domain_macro *v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v);
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr)
		host_params_macro(e, &v[(*n)++]);
	return v;
}

const char **
host_params_names(const cJSON *names, size_t *n)
{
	const char **v = xcalloc((size_t)cJSON_GetArraySize(names) + 1, sizeof *v);
	const cJSON *e;

	*n = 0;
	if (cJSON_IsString(names))
		v[(*n)++] = names->valuestring;
	cJSON_ArrayForEach(e, names)
		if (cJSON_IsString(e))
			v[(*n)++] = e->valuestring;
	return v;
}

void
host_params_tags(const cJSON *arr, struct tag_list *out)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr) {
		const char *value = host_params_str(e, "value");

		tag_list_add(out, host_params_str(e, "tag"), value != NULL ? value : "");
	}
}

bool
host_params_status(const cJSON *v, uint32_t *out)
{
	uint64_t n;

	if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
		n = (uint64_t)v->valuedouble;
	else if (!cJSON_IsString(v) || !util_parse_u64(v->valuestring, &n) || n > 1)
		return false;
	*out = (uint32_t)n;
	return true;
}
