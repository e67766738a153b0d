/* item.c: item.create, item.update and item.delete, validated the old way Zabbix 6.0's CItem
 * does (unknown fields ignored), with inheritance to the hosts below a template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
item_in_free(struct item_in *in)
{
	item_free(&in->old);
	item_free(&in->new);
	host_free(&in->h);
}

/* A field's value as the text it is stored as; NULL when the JSON type does not fit. */
static char *
item_value_text(const cJSON *v, int f)
{
	if (item_fields[f].flags & ITEM_FD_JSON)	/* its shape is checked by the item's type */
		return cJSON_PrintUnformatted(v);
	return util_json_scalar_text(v, "0");
}

static int
item_take_tags(struct rpc_call *call, struct item_in *in, const cJSON *tags)
{
	const cJSON *e;

	if (!cJSON_IsArray(tags))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	tag_list_free(&in->new.tags);
	size_t j = 0;

	cJSON_ArrayForEach(e, tags) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "tag");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "value");

		j++;
		if (cJSON_IsString(t) && t->valuestring[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/tags/%zu/tag\": "
			    "cannot be empty.", in->idx + 1, j);
		if (!cJSON_IsString(t))
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to "
			    "function.");
		tag_list_add(&in->new.tags, t->valuestring, cJSON_IsString(v) ? v->valuestring : "");
	}
	in->tags_sent = true;
	return RPC_COMMIT;
}

/* A step member as its text: a string or a number; null is "". NULL for other types. */
static char *
item_pp_text(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return xstrdup("");
	return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) ?
	    item_value_text(v, ITEM_F_NAME) : NULL;
}

/* preprocessing: the steps as sent (checked with the item, preproc_list_check). */
static int
item_take_preproc(struct rpc_call *call, struct item_in *in, const cJSON *steps)
{
	static const char *const names[] = { "type", "params", "error_handler",
		"error_handler_params" };
	const cJSON *e;

	if (!cJSON_IsArray(steps))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	preproc_list_free(&in->new.pp);
	cJSON_ArrayForEach(e, steps) {
		char *v[4] = { NULL }, missing[80] = "";
		bool bad = false;

		if (!cJSON_IsObject(e))
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
		for (int k = 0; k < 4; k++)
			if (cJSON_GetObjectItemCaseSensitive(e, names[k]) == NULL)
				snprintf(missing + strlen(missing), sizeof missing - strlen(missing),
				    "%s%s", missing[0] ? ", " : "", names[k]);
		if (missing[0] != '\0')
			return rpc_fail(call, ERR_PARAM, "Item pre-processing is missing parameters: "
			    "%s", missing);
		for (int k = 0; k < 4; k++)
			bad |= (v[k] = item_pp_text(cJSON_GetObjectItemCaseSensitive(e, names[k]))) ==
			    NULL;
		if (!bad)
			preproc_list_add(&in->new.pp, v[0], v[1], v[2], v[3]);
		for (int k = 0; k < 4; k++)
			free(v[k]);
		if (bad)
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	}
	in->pp_sent = true;
	return RPC_COMMIT;
}

/* The known, writable fields of the object; on a copy only the host-side ones count. */
static int
item_take_fields(struct rpc_call *call, struct item_in *in, bool copy)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, in->obj) {
		int f = item_field_find(v->string);
		char *text;

		if (strcmp(v->string, "tags") == 0) {
			if (item_take_tags(call, in, v) != RPC_COMMIT)
				return RPC_ROLLBACK;
			continue;
		}
		if (strcmp(v->string, "preprocessing") == 0) {
			/* an inherited copy keeps its template's steps (the edit is ignored) */
			if (!copy && item_take_preproc(call, in, v) != RPC_COMMIT)
				return RPC_ROLLBACK;
			continue;
		}
		if (f < 0 || cJSON_IsNull(v) || (item_fields[f].flags & (ITEM_FD_ID | ITEM_FD_RO)) ||
		    (copy && !inherit_editable(&inherit_kind_item, v->string)))
			continue;
		if ((text = item_value_text(v, f)) == NULL)
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to "
			    "function.");
		item_set(&in->new, (enum item_field)f, text);
		free(text);
		in->sent[f] = true;
	}
	return RPC_COMMIT;
}

/* Longer than its column: Zabbix's database refuses it when the item is written. */
static int
item_check_lengths(struct rpc_call *call, const struct item_in *in)
{
	const struct item *it = &in->new;

	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (item_fields[i].maxlen > 0 && it->f[i] != NULL &&
		    util_utf8_len(it->f[i]) > item_fields[i].maxlen)
			return rpc_fail(call, ERR_REFUSED, "Value \"%s\" is too long for "
			    "field \"%s\" - %zu characters. Allowed length is %u characters.", it->f[i],
			    item_fields[i].name, util_utf8_len(it->f[i]), item_fields[i].maxlen);
	return RPC_COMMIT;
}

static int
item_check_key(struct rpc_call *call, const struct item_in *in)
{
	char *cause;

	if (item_key_check(in->new.f[ITEM_F_KEY], &cause) == 0)
		return RPC_COMMIT;
	rpc_fail(call, ERR_PARAM, "Invalid key \"%s\" for item \"%s\" on \"%s\": %s.",
	    in->new.f[ITEM_F_KEY], in->new.f[ITEM_F_NAME], in->h.host, cause);
	free(cause);
	return RPC_ROLLBACK;
}

/* A host item of a type that needs an interface must name one of its own host's, of the
 * type it needs (any type for simple, external, SSH and TELNET checks; none or any for the
 * HTTP agent). */
static int
item_check_interface(struct rpc_call *call, struct item_in *in)
{
	struct hostinterface hi;
	uint64_t id = 0;
	int rc, want = item_type_interface(atoi(in->new.f[ITEM_F_TYPE]));

	if (host_is_template(&in->h) || want == 0) {
		item_set(&in->new, ITEM_F_INTERFACEID, "0");
		return RPC_COMMIT;
	}
	util_parse_u64(in->new.f[ITEM_F_INTERFACEID], &id);
	if (id == 0)
		return want == ITEM_IF_OPT ? RPC_COMMIT : rpc_fail(call, ERR_PARAM,
		    "No interface found.");
	/* an unknown interface is, to Zabbix, one of another host */
	if ((rc = store_interface_get(call->txn, id, &hi)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, "Item uses host interface from non-parent host.");
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (hi.hostid != in->h.hostid)
		rc = rpc_fail(call, ERR_PARAM, "Item uses host interface from non-parent host.");
	else if (want > 0 && hi.type != (uint32_t)want)
		rc = rpc_fail(call, ERR_PARAM, "Item uses incorrect interface type.");
	else
		rc = RPC_COMMIT;
	hostinterface_free(&hi);
	return rc;
}

static int
item_check_unique(struct rpc_call *call, const struct item_in *in)
{
	uint64_t id, same, ruleid = 0;
	int rc = store_item_by_key(call->txn, in->new.hostid, in->new.f[ITEM_F_KEY], &id);

	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && id == in->new.itemid))
		return RPC_COMMIT;
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	/* a prototype sharing its key keeps it */
	if (in->update && strcmp(in->old.f[ITEM_F_KEY], in->new.f[ITEM_F_KEY]) == 0)
		return RPC_COMMIT;
	/* a prototype of another rule than those holding the key, in the import that made them */
	if (!in->update && item_has_flags(&in->new, ITEM_FLAGS_PROTO) &&
	    call->import_protos != NULL && id_set_has(call->import_protos, id) &&
	    id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "ruleid"), &ruleid)) {
		rc = store_item_proto_by_key(call->txn, in->new.hostid, ruleid,
		    in->new.f[ITEM_F_KEY], &same);
		if (rc == STORE_ENOTFOUND)
			return RPC_COMMIT;
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	return rpc_fail(call, ERR_PARAM, "Item with key \"%s\" already exists on "
	    "\"%s\".", in->new.f[ITEM_F_KEY], in->h.host);
}

static int
item_check_preproc(struct rpc_call *call, struct item_in *in)
{
	char *text;

	if (!in->pp_sent || (text = preproc_list_check_lld(&in->new.pp, in->fl != NULL &&
	    strcmp(in->fl->flags, ITEM_FLAGS_PROTO) == 0)) == NULL)
		return RPC_COMMIT;
	rpc_fail(call, ERR_PARAM, "%s", text);
	free(text);
	return RPC_ROLLBACK;
}

/* An LLD rule's fixed fields: text values, no trends, no filter columns of its own (its
 * filter is in its document), no JSON output. */
static void
item_flavor_fix(struct item_in *in)
{
	if (in->fl == NULL)
		return;
	item_set(&in->new, ITEM_F_FLAGS, in->fl->flags);
	if (strcmp(in->fl->flags, ITEM_FLAGS_RULE) != 0)
		return;
	item_set(&in->new, ITEM_F_VALUE_TYPE, "4");
	item_set(&in->new, ITEM_F_TRENDS, "0");
	item_set(&in->new, ITEM_F_EVALTYPE, "0");
	item_set(&in->new, ITEM_F_FORMULA, "");
	item_set(&in->new, ITEM_F_OUTPUT_FORMAT, "0");
	in->sent[ITEM_F_VALUE_TYPE] = in->sent[ITEM_F_EVALTYPE] = in->sent[ITEM_F_FORMULA] = false;
	in->sent[ITEM_F_OUTPUT_FORMAT] = in->sent[ITEM_F_TRENDS] = false;
}

/* Every check of a new or changed item, in Zabbix's order (CItemGeneral::checkInput, then
 * the inventory and the master item), and the fields its type owns brought in line. */
static int
item_check(struct rpc_call *call, struct item_in *in)
{
	item_flavor_fix(in);
	if (item_type_check(call, in, ITEM_STAGE_FIELDS) != RPC_COMMIT ||
	    item_check_interface(call, in) != RPC_COMMIT ||
	    item_type_check(call, in, ITEM_STAGE_KEY) != RPC_COMMIT ||
	    item_check_key(call, in) != RPC_COMMIT ||
	    item_type_check(call, in, ITEM_STAGE_TYPE) != RPC_COMMIT ||
	    item_type_check(call, in, ITEM_STAGE_KEEP) != RPC_COMMIT ||
	    item_check_preproc(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	/* valuemapid, when sent: a value map of the item's own host, or "0" */
	if (in->sent[ITEM_F_VALUEMAPID] && domain_valuemap_check_item(call->txn, in->h.hostid,
	    in->h.host, in->new.f[ITEM_F_VALUEMAPID], &call->err) != 0)
		return RPC_ROLLBACK;
	if (item_check_unique(call, in) != RPC_COMMIT ||
	    item_type_check(call, in, ITEM_STAGE_INVENTORY) != RPC_COMMIT ||
	    item_type_check_master(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	item_type_normalize(in);
	if (in->fl != NULL && in->fl->take(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	/* what the type changed goes to the copies as if sent */
	for (int i = 0; in->update && i < ITEM_F__COUNT; i++)
		if (in->old.f[i] != NULL && in->new.f[i] != NULL &&
		    strcmp(in->old.f[i], in->new.f[i]) != 0)
			in->sent[i] = true;
	return item_check_lengths(call, in);
}

/* ---- create ---- */

/* Zabbix checks the type first, then that name, key_, hostid, value_type and (but for the
 * types that are never polled) delay are there, then the host. */
static const char *const item_required[] = { "value_type", NULL };

static int
item_create_host(struct rpc_call *call, struct item_in *in, size_t idx)
{
	static const char *const required[] = { "name", "key_", "hostid" };
	const char *const *more = in->fl != NULL ? in->fl->required : item_required;
	const cJSON *hostid = cJSON_GetObjectItemCaseSensitive(in->obj, "hostid");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(in->obj, "type");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(in->obj, "key_");
	uint64_t id;
	int rc, t;

	/* a list is a PHP array too: an object without members, so without "type" */
	if (!cJSON_IsObject(in->obj) && !cJSON_IsArray(in->obj))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	if (type == NULL)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": the parameter "
		    "\"type\" is missing.", idx + 1);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(in->obj, required[i]);

		if (v == NULL || cJSON_IsNull(v))
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	}
	for (; *more != NULL; more++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(in->obj, *more);

		if (v == NULL || cJSON_IsNull(v))
			return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	}
	t = cJSON_IsNumber(type) ? type->valueint : cJSON_IsString(type) ?
	    atoi(type->valuestring) : -1;
	if (t != 2 && t != 18 && !(t == 7 && cJSON_IsString(key) &&
	    strncmp(key->valuestring, "mqtt.get", 8) == 0) &&
	    cJSON_GetObjectItemCaseSensitive(in->obj, "delay") == NULL)
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	if (!id_from_json(hostid, &id) ||
	    (rc = store_host_get(call->txn, id, &in->h)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (access_host_must(call, id, true, ERR_PARAM) != RPC_COMMIT)	/* -32602 here */
		return RPC_ROLLBACK;
	if (cJSON_GetObjectItemCaseSensitive(in->obj, "templateid") != NULL) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(in->obj, "name");

		return rpc_fail(call, ERR_PARAM, "Cannot set \"templateid\" for item \"%s\".",
		    cJSON_IsString(name) ? name->valuestring : "");
	}
	return RPC_COMMIT;
}

/* The new item stored, and copied to every host below its template. */
static int
item_create_store(struct rpc_call *call, struct item_in *in)
{
	char uuid[33];
	int rc;

	if (host_is_template(&in->h) && in->new.f[ITEM_F_UUID][0] == '\0' &&
	    host_uuid_new(uuid) == 0)
		item_set(&in->new, ITEM_F_UUID, uuid);
	if (!host_is_template(&in->h))
		item_set(&in->new, ITEM_F_UUID, "");
	if ((rc = store_item_create(call->txn, &in->new)) != STORE_OK)
		return rpc_fail_store(call, rc);
	return method_done(inherit_created(call->txn, &inherit_kind_item, &in->new, 1,
	    &call->err));
}

static int
item_create_one(struct rpc_call *call, const struct item_flavor *fl, const cJSON *obj,
    size_t idx, struct id_list *ids)
{
	struct item_in in = { .fl = fl, .obj = obj, .idx = idx };
	int rc;

	item_init(&in.old);
	item_init(&in.new);
	if ((rc = item_create_host(call, &in, idx)) == RPC_COMMIT) {
		in.new.hostid = in.h.hostid;
		if ((rc = item_take_fields(call, &in, false)) == RPC_COMMIT &&
		    (rc = item_check(call, &in)) == RPC_COMMIT &&
		    (rc = item_create_store(call, &in)) == RPC_COMMIT)
			id_list_add(ids, in.new.itemid);
	}
	item_in_free(&in);
	return rc;
}

/* params: one object or an array of them. */
static int
item_each(struct rpc_call *call, cJSON *params, const struct item_flavor *fl,
    int (*one)(struct rpc_call *, const struct item_flavor *, const cJSON *, size_t,
    struct id_list *), bool update)
{
	struct id_list ids = { 0 };
	const cJSON *e;
	size_t i = 0;
	int rc = RPC_COMMIT;

	if (update && (cJSON_IsObject(params) || cJSON_IsArray(params)) && params->child == NULL)
		;	/* zbx_toArray of an empty array: nothing to update, no ids */
	else if (cJSON_IsObject(params))
		rc = one(call, fl, params, 0, &ids);
	else if (!cJSON_IsArray(params) || params->child == NULL)
		rc = rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	else
		cJSON_ArrayForEach(e, params) {
			if ((rc = one(call, fl, e, i++, &ids)) != RPC_COMMIT)
				break;
		}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("itemids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

static int item_update_one(struct rpc_call *, const struct item_flavor *, const cJSON *,
    size_t, struct id_list *);

int
item_write(struct rpc_call *call, cJSON *params, const struct item_flavor *fl, bool update)
{
	return item_each(call, params, fl, update ? item_update_one : item_create_one, update);
}

bool
item_of_flavor(const struct item *it, const struct item_flavor *fl)
{
	if (fl != NULL)
		return item_has_flags(it, fl->flags);
	return !item_is_lld(it);
}

static enum rpc_result
item_create_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, NULL, false);
}

/* ---- update ---- */

static int
item_update_load(struct rpc_call *call, struct item_in *in)
{
	const cJSON *hostid = cJSON_GetObjectItemCaseSensitive(in->obj, "hostid");
	uint64_t id;
	int rc;

	/* Zabbix looks the item up by whatever itemid the object has (a list: none) */
	if (!cJSON_IsObject(in->obj) && !cJSON_IsArray(in->obj))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "itemid"), &id) ||
	    (rc = store_item_get(call->txn, id, &in->old)) == STORE_ENOTFOUND ||
	    (rc == STORE_OK && (!item_of_flavor(&in->old, in->fl) ||
	    strcmp(in->old.f[ITEM_F_TYPE], HTTPTEST_WEB_ITEM_TYPE) == 0)))
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);	/* web items too */
	if (rc != STORE_OK || (rc = store_host_get(call->txn, in->old.hostid, &in->h)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (access_host_must(call, in->old.hostid, true, ERR_NOT_FOUND) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (hostid != NULL && !(id_from_json(hostid, &id) && id == in->old.hostid))
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"hostid\": "
		    "cannot be changed.");
	if (cJSON_GetObjectItemCaseSensitive(in->obj, "templateid") != NULL) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(in->obj, "name");

		return rpc_fail(call, ERR_PARAM, "Cannot update \"templateid\" for item "
		    "\"%s\".", cJSON_IsString(name) ? name->valuestring : in->old.f[ITEM_F_NAME]);
	}
	return RPC_COMMIT;
}

static int
item_update_one(struct rpc_call *call, const struct item_flavor *fl, const cJSON *obj,
    size_t idx, struct id_list *ids)
{
	struct item_in in = { .fl = fl, .obj = obj, .idx = idx, .update = true };
	int rc;

	if ((rc = item_update_load(call, &in)) == RPC_COMMIT) {
		item_dup(&in.new, &in.old);
		if ((rc = item_take_fields(call, &in, in.old.templateid != 0)) == RPC_COMMIT &&
		    (rc = item_check(call, &in)) == RPC_COMMIT) {
			if ((rc = store_item_update(call->txn, &in.old, &in.new)) != STORE_OK)
				rc = rpc_fail_store(call, rc);
			else
				rc = method_done(inherit_edited(call->txn, &inherit_kind_item,
				    &in.new, &(struct inherit_item_edit){ in.sent, in.tags_sent, in.pp_sent,
				    call->txn, in.lld_sent },
				    &call->err));
		}
		if (rc == RPC_COMMIT)
			id_list_add(ids, in.new.itemid);
	}
	item_in_free(&in);
	return rc;
}

static enum rpc_result
item_update_exec(struct rpc_call *call, cJSON *params)
{
	return item_write(call, params, NULL, true);
}

/* ---- delete ---- */

/* Every id first (atomic): unknown is -32500, an inherited copy cannot go on its own. */
static int
item_delete_check(struct rpc_call *call, const cJSON *params, const struct item_flavor *fl,
    struct id_list *ids)
{
	const cJSON *e;

	if (!cJSON_IsArray(params) || params->child == NULL)
		return rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	cJSON_ArrayForEach(e, params) {
		struct item it;
		uint64_t id;
		bool web;
		int rc;

		if (!id_from_json(e, &id) ||
		    (rc = store_item_get(call->txn, id, &it)) == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		/* a web item is its web scenario's: not an item.delete can see */
		web = strcmp(it.f[ITEM_F_TYPE], HTTPTEST_WEB_ITEM_TYPE) == 0;
		rc = !item_of_flavor(&it, fl) || web ? 1 : it.templateid != 0 ? 2 : 0;
		if (rc != 1 && access_host_must(call, it.hostid, true, ERR_NOT_FOUND) != RPC_COMMIT) {
			item_free(&it);
			return RPC_ROLLBACK;
		}
		item_free(&it);
		if (rc == 1)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc == 2)
			return rpc_fail(call, ERR_PARAM, "%s", fl != NULL ? fl->delete_templated :
			    "Cannot delete templated item.");
		id_list_add(ids, id);
	}
	return RPC_COMMIT;
}

static enum rpc_result
item_delete_exec(struct rpc_call *call, cJSON *params)
{
	return item_delete_run(call, params, NULL);
}

int
item_delete_run(struct rpc_call *call, cJSON *params, const struct item_flavor *fl)
{
	struct id_list ids = { 0 }, all = { 0 };
	int rc = item_delete_check(call, params, fl, &ids);

	/* a master takes its dependent items with it */
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++)
		id_list_add(&all, ids.ids[i]);
	if (rc == RPC_COMMIT)
		rc = item_type_dependents(call, &all);
	for (size_t i = ids.n; rc == RPC_COMMIT && i < all.n; i++)
		rc = method_done(inherit_deleted(call->txn, &inherit_kind_item, all.ids[i],
		    &call->err));
	id_list_free(&all);
	for (size_t i = 0; rc == RPC_COMMIT && i < ids.n; i++)
		rc = method_done(inherit_deleted(call->txn, &inherit_kind_item, ids.ids[i],
		    &call->err));
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids(fl != NULL ? fl->delete_key : "itemids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

static const struct rule_field item_create_fields[] = {
	ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("name"), ITEM_RULE_ANY("key_"),
	ITEM_RULE_ANY("type"), ITEM_RULE_ANY("value_type"), ITEM_RULE_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule item_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = item_create_fields };
static const struct rule item_create_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &item_create_elem };
static const struct rule_field item_update_fields[] = {
	ITEM_RULE_ANY("itemid"), ITEM_RULE_ANY("hostid"), ITEM_RULE_ANY("name"),
	ITEM_RULE_ANY("key_"), ITEM_RULE_ANY("type"), ITEM_RULE_ANY("value_type"),
	ITEM_RULE_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule item_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = item_update_fields };
static const struct rule item_update_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &item_update_elem };
static const struct rule item_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

const struct rpc_method method_item_create = {
	.name = "item.create", .flags = RPC_WRITE, .params = &item_create_params,
	.exec = item_create_exec,
};

const struct rpc_method method_item_update = {
	.name = "item.update", .flags = RPC_WRITE, .params = &item_update_params,
	.exec = item_update_exec,
};

const struct rpc_method method_item_delete = {
	.name = "item.delete", .flags = RPC_WRITE, .params = &item_delete_params,
	.exec = item_delete_exec,
};
