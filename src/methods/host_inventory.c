/* host_inventory.c: a host's inventory_mode and inventory on host.create/update and host.get. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* A mode as sent: a number or a numeric string; false for anything else. */
static bool
inventory_mode_parse(const cJSON *v, int *mode)
{
	char *end;
	long n;

	if (cJSON_IsNumber(v)) {
		if (v->valuedouble != (double)(long)v->valuedouble)
			return false;
		*mode = (int)v->valuedouble;
		return *mode == v->valuedouble;
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return false;
	n = strtol(v->valuestring, &end, 10);
	if (*end != '\0' || n < -100000 || n > 100000)
		return false;
	*mode = (int)n;
	return true;
}

static char *
inventory_value_text(const cJSON *v)
{
	char *t = util_json_scalar_text(v, "0");

	return t != NULL ? t : xstrdup("");
}

/* inventory: an object of known field names (checked before anything is stored). */
static int
inventory_fields_check(struct rpc_call *call, const cJSON *inv)
{
	const cJSON *f;

	if (inv == NULL || cJSON_IsNull(inv))
		return RPC_COMMIT;
	if (!cJSON_IsObject(inv) && !cJSON_IsArray(inv))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	cJSON_ArrayForEach(f, inv)
		if (f->string == NULL || inventory_field_find(f->string) < 0)
			return rpc_fail(call, ERR_PARAM, "Incorrect inventory field \"%s\".",
			    f->string != NULL ? f->string : "");
	return RPC_COMMIT;
}

/* Fields an item of the host fills (its inventory_link, 1-based in the fields' order). */
static int
inventory_linked(struct rpc_call *call, uint64_t hostid, bool linked[INVENTORY_FIELDS])
{
	struct id_list ids = { 0 };
	int rc = store_host_items(call->txn, hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct item it;
		int link;

		if ((rc = store_item_get(call->txn, ids.ids[i], &it)) != STORE_OK)
			break;
		link = atoi(it.f[ITEM_F_INVENTORY_LINK]);
		if (link >= 1 && link <= INVENTORY_FIELDS)
			linked[link - 1] = true;
		item_free(&it);
	}
	id_list_free(&ids);
	return rc;
}

/* The fields sent over the inventory; in automatic mode those an item fills are left alone. */
static int
inventory_fields_merge(struct rpc_call *call, struct inventory *inv, const cJSON *sent,
    uint64_t hostid)
{
	bool linked[INVENTORY_FIELDS] = { false };
	const cJSON *f;
	int rc;

	if (!cJSON_IsObject(sent))
		return RPC_COMMIT;
	if (inv->mode == 1 && hostid != 0 &&
	    (rc = inventory_linked(call, hostid, linked)) != STORE_OK)
		return rpc_fail_store(call, rc);
	cJSON_ArrayForEach(f, sent) {
		int i = inventory_field_find(f->string);
		char *text;

		if (linked[i])
			continue;
		text = inventory_value_text(f);
		inventory_set(inv, i, text);
		free(text);
	}
	return RPC_COMMIT;
}

int
host_inventory_take(struct rpc_call *call, const cJSON *obj, const struct host *h, bool update,
    struct inventory *inv, bool *changed)
{
	const cJSON *m = util_json_member(obj, "inventory_mode");
	const cJSON *sent = util_json_member(obj, "inventory");
	bool has_mode = m != NULL && !cJSON_IsNull(m);
	int mode = INVENTORY_DISABLED, rc;

	*changed = false;
	memset(inv, 0, sizeof *inv);
	inv->mode = INVENTORY_DISABLED;
	if (has_mode && (!inventory_mode_parse(m, &mode) || mode < -1 || mode > 1))
		return rpc_fail(call, ERR_REFUSED, "Incorrect value for field \"inventory_mode\": "
		    "value must be one of -1, 0, 1.");
	if (inventory_fields_check(call, sent) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (update && (rc = store_inventory_get(call->txn, h->hostid, inv)) != STORE_OK &&
	    rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	if (!has_mode && (sent == NULL || cJSON_IsNull(sent)))
		return RPC_COMMIT;
	if (!has_mode && update && inv->mode == INVENTORY_DISABLED && cJSON_IsObject(sent) &&
	    sent->child != NULL)
		return rpc_fail(call, ERR_PARAM, "Inventory disabled for host \"%s\".", h->host);
	*changed = true;
	if (has_mode && mode == INVENTORY_DISABLED) {
		inventory_free(inv);
		return RPC_COMMIT;
	}
	if (has_mode)
		inv->mode = mode;
	if (inv->mode == INVENTORY_DISABLED)
		return RPC_COMMIT;
	return inventory_fields_merge(call, inv, sent, update ? h->hostid : 0);
}

int
host_inventory_mode(struct rpc_call *call, uint64_t hostid, int *mode)
{
	struct inventory inv;
	int rc = store_inventory_get(call->txn, hostid, &inv);

	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	*mode = (int)inv.mode;
	inventory_free(&inv);
	return STORE_OK;
}

/* selectInventory: [] when disabled; else every field (extend) or the listed ones. */
int
host_inventory_select(struct rpc_call *call, const cJSON *params, uint64_t hostid, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectInventory"));
	struct inventory inv;
	const cJSON *e;
	cJSON *o;
	int rc;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return STORE_OK;
	if ((rc = store_inventory_get(call->txn, hostid, &inv)) == STORE_ENOTFOUND ||
	    (rc == STORE_OK && inv.mode == INVENTORY_DISABLED)) {
		inventory_free(&inv);
		cJSON_AddItemToObject(obj, "inventory", cJSON_CreateArray());
		return STORE_OK;
	}
	if (rc != STORE_OK)
		return rc;
	o = cJSON_AddObjectToObject(obj, "inventory");
	if (out.mode == GET_EXTEND) {
		for (int i = 0; i < INVENTORY_FIELDS; i++)
			cJSON_AddStringToObject(o, inventory_field_names[i],
			    inv.f[i] != NULL ? inv.f[i] : "");
	} else {
		cJSON_ArrayForEach(e, out.list) {
			int i = cJSON_IsString(e) ? inventory_field_find(e->valuestring) : -1;

			if (i >= 0 && util_json_member(o, e->valuestring) == NULL)
				cJSON_AddStringToObject(o, inventory_field_names[i],
				    inv.f[i] != NULL ? inv.f[i] : "");
		}
	}
	inventory_free(&inv);
	return STORE_OK;
}

/* One host's inventory against searchInventory: every known field's pattern (AND). */
static bool
inventory_search_match(const struct inventory *inv, const cJSON *search, bool start,
    bool wildcards)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, search) {
		int i = f->string != NULL ? inventory_field_find(f->string) : -1;

		if (i < 0 || !cJSON_IsString(f) || f->valuestring[0] == '\0')
			continue;
		if (!get_like(inv->f[i] != NULL ? inv->f[i] : "", f->valuestring, start, wildcards))
			return false;
	}
	return true;
}

int
host_inventory_search(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *search = util_json_member(params, "searchInventory");
	bool start = get_truthy(util_json_member(params, "startSearch"));
	bool wild = get_truthy(util_json_member(params,
	    "searchWildcardsEnabled"));
	size_t j = 0;

	if (!cJSON_IsObject(search) || search->child == NULL)
		return STORE_OK;
	for (size_t i = 0; i < c->ids.n; i++) {
		struct inventory inv;
		int rc = store_inventory_get(call->txn, c->ids.ids[i], &inv);

		if (rc != STORE_OK && rc != STORE_ENOTFOUND)
			return rc;
		if (rc == STORE_OK && inventory_search_match(&inv, search, start, wild))
			c->ids.ids[j++] = c->ids.ids[i];
		inventory_free(&inv);
	}
	c->ids.n = j;
	return STORE_OK;
}
