/* usermacro.c: usermacro.create/update/delete (macros of hosts and templates) and
 * usermacro.createglobal/updateglobal/deleteglobal (global macros: stored with hostid 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define USERMACRO_MACRO_LEN	255
#define USERMACRO_VALUE_LEN	2048
#define USERMACRO_DESC_LEN	65535

/* ---- rules ---- */

static char *
usermacro_check_name(const cJSON *v)
{
	char *cause;

	return macro_parse(v->valuestring, NULL, &cause) == 0 ? NULL : cause;
}

#define USERMACRO_FIELD_MACRO(fl) { "macro", { .type = RULE_STRING, \
	.flags = (fl) | RULE_NOT_EMPTY, .length = USERMACRO_MACRO_LEN, \
	.check = usermacro_check_name } }
#define USERMACRO_FIELDS_REST(vfl) \
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } }, \
	{ "value", { .type = RULE_STRING, .flags = (vfl), .length = USERMACRO_VALUE_LEN } }, \
	{ "description", { .type = RULE_STRING, .length = USERMACRO_DESC_LEN } }, \
	{ NULL, { 0 } }

static const char *const usermacro_uniq_hostmacroid[] = { "hostmacroid", NULL };
static const char *const usermacro_uniq_globalmacroid[] = { "globalmacroid", NULL };

static const struct rule_field usermacro_create_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	USERMACRO_FIELD_MACRO(RULE_REQUIRED), USERMACRO_FIELDS_REST(RULE_REQUIRED),
};
static const struct rule usermacro_create_elem = {
	.type = RULE_OBJECT, .fields = usermacro_create_fields,
};
static const struct rule usermacro_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usermacro_create_elem,
};

static const struct rule_field usermacro_update_fields[] = {
	{ "hostmacroid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	USERMACRO_FIELD_MACRO(0), USERMACRO_FIELDS_REST(0),
};
static const struct rule usermacro_update_elem = {
	.type = RULE_OBJECT, .fields = usermacro_update_fields,
};
static const struct rule usermacro_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usermacro_update_elem, .uniq = usermacro_uniq_hostmacroid,
};

static const struct rule_field usermacro_gcreate_fields[] = {
	USERMACRO_FIELD_MACRO(RULE_REQUIRED), USERMACRO_FIELDS_REST(RULE_REQUIRED),
};
static const struct rule usermacro_gcreate_elem = {
	.type = RULE_OBJECT, .fields = usermacro_gcreate_fields,
};
static const struct rule usermacro_gcreate_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usermacro_gcreate_elem,
};

static const struct rule_field usermacro_gupdate_fields[] = {
	{ "globalmacroid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	USERMACRO_FIELD_MACRO(0), USERMACRO_FIELDS_REST(0),
};
static const struct rule usermacro_gupdate_elem = {
	.type = RULE_OBJECT, .fields = usermacro_gupdate_fields,
};
static const struct rule usermacro_gupdate_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &usermacro_gupdate_elem, .uniq = usermacro_uniq_globalmacroid,
};

static const struct rule usermacro_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = rule_uniq_ids,
};

/* ---- one call's macros ---- */

/* The flavour of a call: host/template macros, or global ones. */
struct usermacro_kind {
	bool		 global;
	const char	*pk;		/* "hostmacroid" / "globalmacroid" */
	const char	*result;	/* "hostmacroids" / "globalmacroids" */
};

static const struct usermacro_kind usermacro_host = { false, "hostmacroid", "hostmacroids" };
static const struct usermacro_kind usermacro_global = { true, "globalmacroid", "globalmacroids" };

struct usermacro_item {
	const cJSON		*in;
	struct domain_macro	 sent;		/* what in sends */
	struct macro		 m;		/* the record as it will be stored */
	char			*norm;		/* normal form of m.macro */
	char			*old_norm;	/* of the stored name; NULL for a new macro */
	uint32_t		 old_type;
};

struct usermacro_batch {
	const struct usermacro_kind	*kind;
	struct usermacro_item		*it;
	size_t				 n;
};

static void
usermacro_batch_init(struct usermacro_batch *b, const struct usermacro_kind *kind,
    const cJSON *params)
{
	const cJSON *e;

	b->kind = kind;
	b->n = 0;
	b->it = xcalloc((size_t)cJSON_GetArraySize(params) + 1, sizeof *b->it);
	cJSON_ArrayForEach(e, params)
		b->it[b->n++].in = e;
}

static void
usermacro_batch_free(struct usermacro_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		macro_free(&b->it[i].m);
		free(b->it[i].norm);
		free(b->it[i].old_norm);
	}
	free(b->it);
}

static cJSON *
usermacro_result(const struct usermacro_batch *b)
{
	uint64_t *ids = xcalloc(b->n, sizeof *ids);
	cJSON *res;

	for (size_t i = 0; i < b->n; i++)
		ids[i] = b->it[i].m.hostmacroid;
	res = rpc_result_ids(b->kind->result, ids, b->n);
	free(ids);
	return res;
}

/* ---- building the records ---- */

/* A new macro from its create object. */
static void
usermacro_fill_new(struct usermacro_item *it, bool global)
{
	if (!global)
		id_from_json(cJSON_GetObjectItemCaseSensitive(it->in, "hostid"), &it->m.hostid);
	host_params_macro(it->in, &it->sent);
	domain_macro_apply(&it->m, &it->sent);
	it->norm = domain_macros_norm(it->m.macro);
}

/* Applies an update object onto the stored macro. */
static void
usermacro_fill_update(struct usermacro_item *it)
{
	it->old_norm = domain_macros_norm(it->m.macro);
	it->old_type = it->m.type;
	host_params_macro(it->in, &it->sent);
	domain_macro_apply(&it->m, &it->sent);
	it->norm = domain_macros_norm(it->m.macro);
}

/* STORE_OK when the caller may edit the host's macros, else STORE_ENOTFOUND (or a
 * storage failure). */
static int
usermacro_editable(struct rpc_call *call, uint64_t hostid)
{
	bool ok;
	int rc = perm_host_allows(call->txn, call->rights, hostid, true, &ok);

	return rc == STORE_OK && !ok ? STORE_ENOTFOUND : rc;
}

/* Loads the stored macros named by the update objects; an unknown id, or one of the
 * other flavour (a hostmacroid given as globalmacroid and back), is NO_PERMISSIONS. */
static int
usermacro_load(struct rpc_call *call, struct usermacro_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const cJSON *idv = cJSON_GetObjectItemCaseSensitive(b->it[i].in, b->kind->pk);
		uint64_t id = 0;
		int rc;

		id_from_json(idv, &id);
		rc = store_macro_get(call->txn, id, &b->it[i].m);
		if (rc == STORE_OK && (b->it[i].m.hostid == 0) != b->kind->global)
			rc = STORE_ENOTFOUND;
		if (rc == STORE_OK && !b->kind->global)
			rc = usermacro_editable(call, b->it[i].m.hostid);
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		usermacro_fill_update(&b->it[i]);
	}
	return RPC_COMMIT;
}

/* ---- checks ---- */

/* Vault values are "path:key": checked on create, and on update when a value is sent or
 * the macro becomes a vault macro. */
static int
usermacro_check_vault(struct rpc_call *call, const struct usermacro_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct usermacro_item *it = &b->it[i];

		if (domain_macro_check_vault(&it->m, &it->sent, it->old_norm == NULL, it->old_type,
		    "", i, &call->err) != 0)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* A macro whose name is (re)set by this object takes part in the uniqueness checks. */
static bool
usermacro_names(const struct usermacro_item *it)
{
	return it->old_norm == NULL || it->sent.macro != NULL;
}

/* The host ids and the normal forms of the batch (NULL where keep(it) is false). */
static void
usermacro_keys(const struct usermacro_batch *b, bool (*keep)(const struct usermacro_item *),
    uint64_t **hostids, char ***norms)
{
	*hostids = xcalloc(b->n + 1, sizeof **hostids);
	*norms = xcalloc(b->n + 1, sizeof **norms);
	for (size_t i = 0; i < b->n; i++) {
		(*hostids)[i] = b->it[i].m.hostid;
		(*norms)[i] = keep(&b->it[i]) ? b->it[i].norm : NULL;
	}
}

/* The same normal form twice in one call (on one host): Zabbix's second-pass text. */
static int
usermacro_check_uniq(struct rpc_call *call, const struct usermacro_batch *b)
{
	uint64_t *hostids;
	char **norms, buf[24];
	size_t j;

	usermacro_keys(b, usermacro_names, &hostids, &norms);
	j = domain_macros_first_dup(b->kind->global ? NULL : hostids, norms, b->n);
	free(hostids);
	free(norms);
	if (j == b->n)
		return RPC_COMMIT;
	if (b->kind->global)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value (macro)=(%s) "
		    "already exists.", j + 1, b->it[j].m.macro);
	return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value (hostid, macro)="
	    "(%s, %s) already exists.", j + 1, id_to_str(b->it[j].m.hostid, buf),
	    b->it[j].m.macro);
}

/* Every host of a create must exist (a host or a template). */
static int
usermacro_check_hosts(struct rpc_call *call, const struct usermacro_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct host h;
		int rc = store_host_get(call->txn, b->it[i].m.hostid, &h);

		if (rc == STORE_OK) {
			host_free(&h);
			rc = usermacro_editable(call, b->it[i].m.hostid);
		}
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

static int
usermacro_fail_exists(struct rpc_call *call, const struct usermacro_item *it, bool global)
{
	struct host h;
	int rc;

	if (global)
		return rpc_fail(call, ERR_PARAM, "Macro \"%s\" already exists.",
		    it->m.macro);
	if ((rc = store_host_get(call->txn, it->m.hostid, &h)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rpc_fail(call, ERR_PARAM, "Macro \"%s\" already exists on \"%s\".",
	    it->m.macro, h.name);
	host_free(&h);
	return RPC_ROLLBACK;
}

/* A new name (created, or renamed to another normal form). */
static bool
usermacro_renamed(const struct usermacro_item *it)
{
	return it->old_norm == NULL || strcmp(it->old_norm, it->norm) != 0;
}

/* A new name must not be stored already on its host (0: among the globals). */
static int
usermacro_check_stored(struct rpc_call *call, const struct usermacro_batch *b)
{
	uint64_t *hostids;
	char **norms;
	size_t first;
	int rc;

	usermacro_keys(b, usermacro_renamed, &hostids, &norms);
	rc = domain_macros_first_taken(call->txn, hostids, norms, b->n, &first, &call->err);
	free(hostids);
	free(norms);
	if (rc != 0)
		return RPC_ROLLBACK;
	return first < b->n ? usermacro_fail_exists(call, &b->it[first], b->kind->global) :
	    RPC_COMMIT;
}

/* ---- the methods ---- */

static int
usermacro_write(struct rpc_call *call, struct usermacro_batch *b, bool create)
{
	for (size_t i = 0; i < b->n; i++) {
		int rc = create ? store_macro_create(call->txn, &b->it[i].m) :
		    store_macro_update(call->txn, &b->it[i].m);

		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	return rpc_ok(call, usermacro_result(b));
}

static int
usermacro_create_run(struct rpc_call *call, const cJSON *params,
    const struct usermacro_kind *kind)
{
	struct usermacro_batch b;
	int rc;

	usermacro_batch_init(&b, kind, params);
	for (size_t i = 0; i < b.n; i++)
		usermacro_fill_new(&b.it[i], kind->global);
	if ((rc = usermacro_check_vault(call, &b)) == RPC_COMMIT &&
	    (rc = usermacro_check_uniq(call, &b)) == RPC_COMMIT &&
	    (kind->global || (rc = usermacro_check_hosts(call, &b)) == RPC_COMMIT) &&
	    (rc = usermacro_check_stored(call, &b)) == RPC_COMMIT)
		rc = usermacro_write(call, &b, true);
	usermacro_batch_free(&b);
	return rc;
}

static int
usermacro_update_run(struct rpc_call *call, const cJSON *params,
    const struct usermacro_kind *kind)
{
	struct usermacro_batch b;
	int rc;

	usermacro_batch_init(&b, kind, params);
	if ((rc = usermacro_load(call, &b)) == RPC_COMMIT &&
	    (rc = usermacro_check_vault(call, &b)) == RPC_COMMIT &&
	    (rc = usermacro_check_uniq(call, &b)) == RPC_COMMIT &&
	    (rc = usermacro_check_stored(call, &b)) == RPC_COMMIT)
		rc = usermacro_write(call, &b, false);
	usermacro_batch_free(&b);
	return rc;
}

/* Every id must name a macro of this flavour before any is deleted. */
static int
usermacro_delete_run(struct rpc_call *call, const cJSON *params,
    const struct usermacro_kind *kind)
{
	struct usermacro_batch b;
	int rc = RPC_COMMIT;

	usermacro_batch_init(&b, kind, params);
	for (size_t i = 0; rc == RPC_COMMIT && i < b.n; i++) {
		struct macro m;
		uint64_t id = 0;
		int src;

		id_from_json(b.it[i].in, &id);
		b.it[i].m.hostmacroid = id;
		src = store_macro_get(call->txn, id, &m);
		if (src == STORE_OK) {
			b.it[i].m.hostid = m.hostid;
			if ((m.hostid == 0) != kind->global)
				src = STORE_ENOTFOUND;
			else if (!kind->global)
				src = usermacro_editable(call, m.hostid);
			macro_free(&m);
		}
		if (src == STORE_ENOTFOUND)
			rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		else if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < b.n; i++) {
		int src = store_macro_delete(call->txn, b.it[i].m.hostid, b.it[i].m.hostmacroid);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rc = rpc_ok(call, usermacro_result(&b));
	usermacro_batch_free(&b);
	return rc;
}

static enum rpc_result
usermacro_create_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_create_run(call, params, &usermacro_host);
}

static enum rpc_result
usermacro_update_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_update_run(call, params, &usermacro_host);
}

static enum rpc_result
usermacro_delete_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_delete_run(call, params, &usermacro_host);
}

static enum rpc_result
usermacro_createglobal_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_create_run(call, params, &usermacro_global);
}

static enum rpc_result
usermacro_updateglobal_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_update_run(call, params, &usermacro_global);
}

static enum rpc_result
usermacro_deleteglobal_exec(struct rpc_call *call, cJSON *params)
{
	return usermacro_delete_run(call, params, &usermacro_global);
}

const struct rpc_method method_usermacro_create = {
	.name = "usermacro.create", .flags = RPC_WRITE,
	.params = &usermacro_create_params, .exec = usermacro_create_exec,
};
const struct rpc_method method_usermacro_update = {
	.name = "usermacro.update", .flags = RPC_WRITE,
	.params = &usermacro_update_params, .exec = usermacro_update_exec,
};
const struct rpc_method method_usermacro_delete = {
	.name = "usermacro.delete", .flags = RPC_WRITE,
	.params = &usermacro_delete_params, .exec = usermacro_delete_exec,
};
const struct rpc_method method_usermacro_createglobal = {
	.name = "usermacro.createglobal", .flags = RPC_WRITE,
	.params = &usermacro_gcreate_params, .exec = usermacro_createglobal_exec,
};
const struct rpc_method method_usermacro_updateglobal = {
	.name = "usermacro.updateglobal", .flags = RPC_WRITE,
	.params = &usermacro_gupdate_params, .exec = usermacro_updateglobal_exec,
};
const struct rpc_method method_usermacro_deleteglobal = {
	.name = "usermacro.deleteglobal", .flags = RPC_WRITE,
	.params = &usermacro_delete_params, .exec = usermacro_deleteglobal_exec,
};
