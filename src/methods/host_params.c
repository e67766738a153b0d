/* host_params.c: the members that host and template calls share (groups, templates, hosts,
 * macros, tags, status), read from the request into the domain's terms. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

int
host_params_ids(struct rpc_call *call, const cJSON *arr, const char *key, struct id_list *out)
{
	struct id_set seen = { 0 };
	const cJSON *e;
	uint64_t id;

	id_set_add_list(&seen, out);
	cJSON_ArrayForEach(e, arr) {
		if (!id_from_json(key != NULL ? cJSON_GetObjectItemCaseSensitive(e, key) : e, &id)) {
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
host_params_groups(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	if (host_params_ids(call, arr, "groupid", out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return domain_host_check_groups(call->txn, out, &call->err) == 0 ? RPC_COMMIT :
	    RPC_ROLLBACK;
}

int
host_params_templates(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	if (host_params_ids(call, arr, "templateid", out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return domain_host_check_templates(call->txn, out, &call->err) == 0 ? RPC_COMMIT :
	    RPC_ROLLBACK;
}

int
host_params_hosts(struct rpc_call *call, const cJSON *arr, struct id_list *out)
{
	if (host_params_ids(call, arr, "hostid", out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return domain_host_check_hosts(call->txn, out, &call->err) == 0 ? RPC_COMMIT :
	    RPC_ROLLBACK;
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

struct domain_macro *
host_params_macros(const cJSON *arr, size_t *n)
{
	struct domain_macro *v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v);
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		struct domain_macro *m = &v[(*n)++];
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "hostmacroid");

		m->has_id = id != NULL;
		id_from_json(id, &m->hostmacroid);
		m->macro = host_params_str(e, "macro");
		m->value = host_params_str(e, "value");
		m->description = host_params_str(e, "description");
		m->type = host_params_type(e);
	}
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
