/* import_item.c: configuration.import's items: deleteMissing, then creates and updates by dependency level through item.create/update/delete. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* A scalar field of the 6.0 schema: its export name, the API's, the default the schema
 * fills in, and its constant table (NULL: a text). */
static const struct {
	const char	*key, *api, *dflt, *table;
} imp_item_fields[] = {
	{ "name", "name", "", NULL },
	{ "type", "type", "ZABBIX_PASSIVE", "item_type" },
	{ "snmp_oid", "snmp_oid", "", NULL },
	{ "key", "key_", "", NULL },
	{ "delay", "delay", "1m", NULL },
	{ "history", "history", "90d", NULL },
	{ "trends", "trends", "365d", NULL },
	{ "status", "status", "ENABLED", "enabled" },
	{ "value_type", "value_type", "UNSIGNED", "value_type" },
	{ "allowed_hosts", "trapper_hosts", "", NULL },
	{ "units", "units", "", NULL },
	{ "params", "params", "", NULL },
	{ "ipmi_sensor", "ipmi_sensor", "", NULL },
	{ "username", "username", "", NULL },
	{ "password", "password", "", NULL },
	{ "publickey", "publickey", "", NULL },
	{ "privatekey", "privatekey", "", NULL },
	{ "description", "description", "", NULL },
	{ "inventory_link", "inventory_link", "NONE", "inventory_link" },
	{ "logtimefmt", "logtimefmt", "", NULL },
	{ "jmx_endpoint", "jmx_endpoint", "", NULL },
	{ "timeout", "timeout", "3s", NULL },
	{ "url", "url", "", NULL },
	{ "posts", "posts", "", NULL },
	{ "status_codes", "status_codes", "200", NULL },
	{ "follow_redirects", "follow_redirects", "YES", "no_yes" },
	{ "post_type", "post_type", "RAW", "post_type" },
	{ "http_proxy", "http_proxy", "", NULL },
	{ "retrieve_mode", "retrieve_mode", "BODY", "retrieve_mode" },
	{ "request_method", "request_method", "GET", "request_method" },
	{ "output_format", "output_format", "RAW", "output_format" },
	{ "allow_traps", "allow_traps", "NO", "no_yes" },
	{ "ssl_cert_file", "ssl_cert_file", "", NULL },
	{ "ssl_key_file", "ssl_key_file", "", NULL },
	{ "ssl_key_password", "ssl_key_password", "", NULL },
	{ "verify_peer", "verify_peer", "NO", "no_yes" },
	{ "verify_host", "verify_host", "NO", "no_yes" },
};

/* A step type or error handler name back to its number (the model's names, read over). */
static void
imp_pp_value(cJSON *to, const char *key, const char *name, const char *(*name_of)(const char *),
    unsigned max)
{
	char v[12];

	for (unsigned i = 0; i <= max; i++) {
		const char *n;

		snprintf(v, sizeof v, "%u", i);
		if ((n = name_of(v)) != NULL && strcmp(n, name) == 0) {
			cJSON_AddStringToObject(to, key, v);
			return;
		}
	}
	cJSON_AddStringToObject(to, key, name);
}

/* preprocessing: parameters joined by "\n" into params. */
static void
imp_item_preproc(const cJSON *src, cJSON *o)
{
	const cJSON *s, *p;
	cJSON *arr = cJSON_AddArrayToObject(o, "preprocessing");

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(src, "preprocessing")) {
		cJSON *x = cJSON_CreateObject();
		size_t len = 1;
		char *params;

		imp_pp_value(x, "type", imp_str(s, "type", ""), preproc_type_name, 64);
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "parameters"))
			len += strlen(cJSON_IsString(p) ? p->valuestring : "") + 1;
		params = xcalloc(len, 1);
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "parameters")) {
			if (p != cJSON_GetObjectItemCaseSensitive(s, "parameters")->child)
				strcat(params, "\n");
			strcat(params, cJSON_IsString(p) ? p->valuestring : "");
		}
		util_json_add_str(x, "params", params);
		free(params);
		/* the schema's default: DISCARD_VALUE for CHECK_NOT_SUPPORTED */
		imp_pp_value(x, "error_handler", imp_str(s, "error_handler",
		    strcmp(imp_str(s, "type", ""), "CHECK_NOT_SUPPORTED") == 0 ? "DISCARD_VALUE" :
		    "ORIGINAL_ERROR"), preproc_handler_name, 8);
		util_json_add_str(x, "error_handler_params",
		    imp_str(s, "error_handler_params", ""));
		cJSON_AddItemToArray(arr, x);
	}
}

/* The lists of an item: tags [{tag, value}], query_fields [{name: value}], headers
 * {name: value}, parameters [{name, value}]. */
static void
imp_item_lists(const cJSON *src, cJSON *o)
{
	const cJSON *e;
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	cJSON *qf = cJSON_AddArrayToObject(o, "query_fields");
	cJSON *hd = cJSON_AddObjectToObject(o, "headers");
	cJSON *pa = cJSON_AddArrayToObject(o, "parameters");

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "tags")) {
		cJSON *x = cJSON_CreateObject();

		util_json_add_str(x, "tag", imp_str(e, "tag", ""));
		util_json_add_str(x, "value", imp_str(e, "value", ""));
		cJSON_AddItemToArray(tags, x);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "query_fields")) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, imp_str(e, "name", ""), imp_str(e, "value", ""));
		cJSON_AddItemToArray(qf, x);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "headers"))
		cJSON_AddStringToObject(hd, imp_str(e, "name", ""), imp_str(e, "value", ""));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "parameters")) {
		cJSON *x = cJSON_CreateObject();

		util_json_add_str(x, "name", imp_str(e, "name", ""));
		util_json_add_str(x, "value", imp_str(e, "value", ""));
		cJSON_AddItemToArray(pa, x);
	}
}

/* The uuids of a host's items (template items have them), sorted for lookups: read once
 * per level rather than once per item. */
struct imp_uuid {
	char		*uuid;
	uint64_t	 id;
};

struct imp_uuids {
	struct imp_uuid	*v;
	size_t		 n;
};

static int
imp_uuid_cmp(const void *a, const void *b)
{
	return strcmp(((const struct imp_uuid *)a)->uuid, ((const struct imp_uuid *)b)->uuid);
}

static int
imp_uuids_load(struct imp *im, uint64_t hostid, struct imp_uuids *u)
{
	struct id_list ids = { 0 };
	int rc;

	*u = (struct imp_uuids){ 0 };
	if ((rc = store_host_items(im->call->txn, hostid, &ids)) != STORE_OK)
		return imp_fail_store(im, rc);
	u->v = xcalloc(ids.n + 1, sizeof *u->v);
	for (size_t i = 0; i < ids.n; i++) {
		struct item it = { 0 };

		if (store_item_get(im->call->txn, ids.ids[i], &it) != STORE_OK)
			continue;
		if (it.f[ITEM_F_UUID][0] != '\0')
			u->v[u->n++] = (struct imp_uuid){ xstrdup(it.f[ITEM_F_UUID]), it.itemid };
		item_free(&it);
	}
	id_list_free(&ids);
	qsort(u->v, u->n, sizeof *u->v, imp_uuid_cmp);
	return 0;
}

static void
imp_uuids_free(struct imp_uuids *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].uuid);
	free(u->v);
	*u = (struct imp_uuids){ 0 };
}

/* An item of a host by uuid (among uuids; NULL: not by uuid), else by key; 0 when none.
 * Inherited and own items alike, as Zabbix's referencer finds them. */
static int
imp_item_find(struct imp *im, uint64_t hostid, const struct imp_uuids *uuids, const char *uuid,
    const char *key, uint64_t *id)
{
	int rc;

	*id = 0;
	if (uuids != NULL && uuid != NULL && uuid[0] != '\0') {
		struct imp_uuid want = { .uuid = (char *)(uintptr_t)uuid };
		const struct imp_uuid *hit = bsearch(&want, uuids->v, uuids->n, sizeof *uuids->v,
		    imp_uuid_cmp);

		if (hit != NULL) {
			*id = hit->id;
			return 0;
		}
	}
	if ((rc = store_item_by_key(im->call->txn, hostid, key, id)) == STORE_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

/* The API object of an item (every schema default filled in, as Zabbix's importer sends
 * it), its valuemap, interface and master item resolved. *out NULL (and 0) when the item
 * must wait for its master (created later in this import). */
int
imp_item_params(struct imp *im, const struct imp_obj *ob, const cJSON *src, cJSON **out)
{
	const char *name = imp_str(src, "name", ""), *ref = imp_str(src, "interface_ref", "");
	const cJSON *vm = cJSON_GetObjectItemCaseSensitive(src, "valuemap");
	cJSON *o = cJSON_CreateObject();
	const char *type;
	uint64_t id = 0;

	*out = NULL;
	for (size_t i = 0; i < sizeof imp_item_fields / sizeof imp_item_fields[0]; i++) {
		if (imp_item_fields[i].table == NULL)
			cJSON_AddStringToObject(o, imp_item_fields[i].api,
			    imp_str(src, imp_item_fields[i].key, imp_item_fields[i].dflt));
		else
			imp_add_const(o, imp_item_fields[i].api, src, imp_item_fields[i].key,
			    imp_item_fields[i].table, "");
		if (imp_item_fields[i].table != NULL &&
		    cJSON_GetObjectItemCaseSensitive(o, imp_item_fields[i].api)->valuestring[0] == '\0') {
			char v[12];

			(void)export_const_value(imp_item_fields[i].table, imp_item_fields[i].dflt, v);
			cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(o,
			    imp_item_fields[i].api), v);
		}
	}
	type = cJSON_GetObjectItemCaseSensitive(o, "type")->valuestring;
	/* authtype: SSH items name theirs apart */
	imp_add_const(o, "authtype", src, "authtype",
	    strcmp(type, "13") == 0 ? "authtype_ssh" : "authtype", "0");
	if (imp_str(src, "uuid", NULL) != NULL)
		util_json_add_str(o, "uuid", imp_str(src, "uuid", ""));
	cJSON_AddItemToObject(o, "hostid", imp_id_json(ob->id));
	if (ref[0] != '\0') {
		if (imp_iface_by_ref(im, ob, ref, &id) != 0)
			goto fail;
		if (id == 0) {
			imp_fail(im, "Cannot find interface \"%s\" used for item \"%s\" on \"%s\".", ref,
			    name, ob->name);
			goto fail;
		}
		cJSON_AddItemToObject(o, "interfaceid", imp_id_json(id));
	}
	util_json_add_str(o, "valuemapid", "0");
	if (cJSON_IsObject(vm)) {
		const char *vname = imp_str(vm, "name", "");
		int rc = store_valuemap_by_name(im->call->txn, ob->id, vname, &id);

		if (rc == STORE_ENOTFOUND) {
			imp_fail(im, "Cannot find value map \"%s\" used for item \"%s\" on \"%s\".", vname,
			    name, ob->name);
			goto fail;
		}
		if (rc != STORE_OK) {
			imp_fail_store(im, rc);
			goto fail;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(o, "valuemapid", imp_id_json(id));
	}
	if (strcmp(type, "18") == 0) {
		const char *mkey = imp_str(cJSON_GetObjectItemCaseSensitive(src, "master_item"), "key",
		    NULL);

		if (mkey == NULL) {
			imp_fail(im, "Incorrect value for field \"master_itemid\": cannot be empty.");
			goto fail;
		}
		if (imp_item_find(im, ob->id, NULL, NULL, mkey, &id) != 0)
			goto fail;
		if (id == 0) {
			cJSON_Delete(o);
			return 0;
		}
		cJSON_AddItemToObject(o, "master_itemid", imp_id_json(id));
	}
	imp_item_preproc(src, o);
	imp_item_lists(src, o);
	*out = o;
	return 0;
fail:
	cJSON_Delete(o);
	return -1;
}

/* items.deleteMissing: the processed objects' own items the source does not list. */
static int
imp_items_delete(struct imp *im)
{
	cJSON *del = cJSON_CreateArray();
	int rc = 0;

	for (size_t o = 0; o < im->nobjs && rc == 0; o++) {
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "items");
		struct id_list ids = { 0 };

		if ((rc = store_host_items(im->call->txn, im->objs[o].id, &ids)) != STORE_OK) {
			rc = imp_fail_store(im, rc);
			break;
		}
		for (size_t i = 0; i < ids.n; i++) {
			struct item it = { 0 };
			const cJSON *s;
			bool listed = false;

			if (store_item_get(im->call->txn, ids.ids[i], &it) != STORE_OK)
				continue;
			cJSON_ArrayForEach(s, items) {
				const char *uuid = imp_str(s, "uuid", NULL);

				listed |= (uuid != NULL && strcmp(uuid, it.f[ITEM_F_UUID]) == 0) ||
				    strcmp(imp_str(s, "key", ""), it.f[ITEM_F_KEY]) == 0;
			}
			if (!listed && it.templateid == 0 && strcmp(it.f[ITEM_F_FLAGS], "0") == 0 &&
			    strcmp(it.f[ITEM_F_TYPE], HTTPTEST_WEB_ITEM_TYPE) != 0)	/* a web item */
				cJSON_AddItemToArray(del, imp_id_json(it.itemid));
			item_free(&it);
		}
		id_list_free(&ids);
	}
	if (rc == 0)
		rc = imp_call_list(im, &method_item_delete, &del, NULL);
	cJSON_Delete(del);
	return rc;
}

/* One level of items: those whose master exists (or that have none). done[] marks the
 * items handled; *progress tells whether any was. */
static int
imp_items_level(struct imp *im, bool **done, bool *progress)
{
	cJSON *upd = cJSON_CreateArray(), *crt = cJSON_CreateArray();
	int rc = 0;

	*progress = false;
	for (size_t o = 0; o < im->nobjs && rc == 0; o++) {
		struct imp_uuids uuids;
		const cJSON *s;
		size_t k = 0;

		if ((rc = imp_uuids_load(im, im->objs[o].id, &uuids)) != 0)
			break;
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "items")) {
			cJSON *p;
			uint64_t id;

			if (done[o][k++])
				continue;
			if ((rc = imp_item_params(im, &im->objs[o], s, &p)) != 0)
				break;
			if (p == NULL)
				continue;
			done[o][k - 1] = true;
			*progress = true;
			if ((rc = imp_item_find(im, im->objs[o].id, &uuids, imp_str(s, "uuid", NULL),
			    imp_str(s, "key", ""), &id)) != 0) {
				cJSON_Delete(p);
				break;
			}
			if (id != 0 && im->r.items.update_existing) {
				cJSON_DeleteItemFromObjectCaseSensitive(p, "hostid");
				cJSON_AddItemToObject(p, "itemid", imp_id_json(id));
				cJSON_AddItemToArray(upd, p);
			} else if (id == 0 && im->r.items.create_missing)
				cJSON_AddItemToArray(crt, p);
			else
				cJSON_Delete(p);
		}
		imp_uuids_free(&uuids);
	}
	if (rc == 0)
		rc = imp_call_list(im, &method_item_update, &upd, NULL);
	if (rc == 0)
		rc = imp_call_list(im, &method_item_create, &crt, NULL);
	cJSON_Delete(upd);
	cJSON_Delete(crt);
	return rc;
}

int
imp_items(struct imp *im)
{
	bool **done, progress = true;
	int rc = 0;

	if (im->r.items.delete_missing && (rc = imp_items_delete(im)) != 0)
		return rc;
	if (!im->r.items.create_missing && !im->r.items.update_existing)
		return 0;
	done = xcalloc(im->nobjs + 1, sizeof *done);
	for (size_t o = 0; o < im->nobjs; o++)
		done[o] = xcalloc((size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
		    im->objs[o].src, "items")) + 1, sizeof **done);
	while (rc == 0 && progress)
		rc = imp_items_level(im, done, &progress);
	/* dependent items whose master is in neither the store nor the source */
	for (size_t o = 0; o < im->nobjs && rc == 0; o++) {
		const cJSON *s;
		size_t k = 0;

		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "items"))
			if (!done[o][k++]) {
				rc = imp_fail(im, "Incorrect value for field \"master_itemid\": value "
				    "\"%s\" not found.", imp_str(cJSON_GetObjectItemCaseSensitive(s,
				    "master_item"), "key", ""));
				break;
			}
	}
	for (size_t o = 0; o < im->nobjs; o++)
		free(done[o]);
	free(done);
	return rc;
}
