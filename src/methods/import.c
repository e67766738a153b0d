/* import.c: configuration.import's engine: groups, templates and hosts of a checked source applied with the rules through the API's own methods. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the engine's services ---- */

int
imp_call(struct imp *im, const struct rpc_method *m, cJSON *params, cJSON **res)
{
	const struct id_set *was = im->call->import_protos;
	int rc;

	im->call->import_protos = &im->protos;
	rc = method_subcall(im->call, m, params, res);
	im->call->import_protos = was;
	return rc == RPC_COMMIT ? 0 : -1;
}

int
imp_call_list(struct imp *im, const struct rpc_method *m, cJSON **list, cJSON **res)
{
	cJSON *l = *list;

	*list = NULL;
	if (res != NULL)
		*res = NULL;
	if (cJSON_GetArraySize(l) == 0) {
		cJSON_Delete(l);
		return 0;
	}
	return imp_call(im, m, l, res);
}

int
imp_fail(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	rpc_fail_take(im->call, ERR_REFUSED, text);
	return -1;
}

int
imp_fail_store(struct imp *im, int rc)
{
	rpc_fail_store(im->call, rc);
	return -1;
}

const char *
imp_str(const cJSON *o, const char *key, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : dflt;
}

void
imp_add_const(cJSON *to, const char *key, const cJSON *src, const char *skey, const char *table,
    const char *dflt)
{
	const char *name = imp_str(src, skey, NULL);
	char v[12];

	if (name == NULL)
		cJSON_AddStringToObject(to, key, dflt);
	else if (export_const_value(table, name, v))
		cJSON_AddStringToObject(to, key, v);
	else
		cJSON_AddStringToObject(to, key, name);
}

/* The id of the first created object of a create method's result ({"<key>": ["id"]}). */
static uint64_t
imp_result_id(const cJSON *res, const char *key, int i)
{
	const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, key), i);
	uint64_t id = 0;

	if (cJSON_IsString(v))
		(void)util_parse_u64(v->valuestring, &id);
	return id;
}

cJSON *
imp_id_json(uint64_t id)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
	return cJSON_CreateString(buf);
}

/* Adds {key: id} to an array. */
static void
imp_add_idobj(cJSON *arr, const char *key, uint64_t id)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, key, imp_id_json(id));
	cJSON_AddItemToArray(arr, o);
}

/* ---- lookups ---- */

/* Zabbix's importer finds existing objects through the API: one the caller may not read
 * (a host group, or else a host or template) is not found (*id becomes 0). */
static int
imp_visible(struct imp *im, bool group, uint64_t *id)
{
	bool ok = true;
	int rc = STORE_OK;

	if (*id == 0 || im->call->rights == NULL)
		return 0;
	if (group)
		ok = perm_group_allows(im->call->rights, *id, false);
	else
		rc = perm_host_allows(im->call->txn, im->call->rights, *id, false, &ok);
	if (rc != STORE_OK)
		return imp_fail_store(im, rc);
	if (!ok)
		*id = 0;
	return 0;
}

/* A host or template (tpl) by technical name: its id, or 0. */
static int
imp_find_host(struct imp *im, const char *name, bool tpl, uint64_t *id)
{
	struct host h = { 0 };
	int rc;

	*id = 0;
	if ((rc = store_host_by_name(im->call->txn, name, id)) == STORE_ENOTFOUND)
		return 0;
	if (rc != STORE_OK || (rc = store_host_get(im->call->txn, *id, &h)) != STORE_OK)
		return imp_fail_store(im, rc);
	if (host_is_template(&h) != tpl)
		*id = 0;
	host_free(&h);
	return imp_visible(im, false, id);
}

/* The uuid of record id of a kind (a template's, a group's), copied; NULL when it is not
 * one or cannot be read. */
static char *
imp_uuid_template(struct store_txn *txn, uint64_t id)
{
	struct host h = { 0 };
	char *u = NULL;

	if (store_host_get(txn, id, &h) == STORE_OK && host_is_template(&h) && h.uuid != NULL)
		u = xstrdup(h.uuid);
	host_free(&h);
	return u;
}

static char *
imp_uuid_group(struct store_txn *txn, uint64_t id)
{
	struct group g = { 0 };
	char *u = NULL;

	if (store_group_get(txn, id, &g) == STORE_OK && g.uuid != NULL)
		u = xstrdup(g.uuid);
	group_free(&g);
	return u;
}

/* The record of db whose uuid is uuid (a scan: there is no index of uuids); 0 when none or
 * uuid is absent or empty. */
static int
imp_find_uuid(struct imp *im, enum store_db db, char *(*uuid_of)(struct store_txn *, uint64_t),
    const char *uuid, uint64_t *id)
{
	struct id_list ids = { 0 };
	int rc;

	*id = 0;
	if (uuid == NULL || uuid[0] == '\0')
		return 0;
	if ((rc = store_id_scan(im->call->txn, db, &ids)) != STORE_OK)
		return imp_fail_store(im, rc);
	for (size_t i = 0; i < ids.n && *id == 0; i++) {
		char *u = uuid_of(im->call->txn, ids.ids[i]);

		if (u != NULL && strcmp(u, uuid) == 0)
			*id = ids.ids[i];
		free(u);
	}
	id_list_free(&ids);
	return imp_visible(im, db == STORE_DB_GROUPS, id);
}

/* A template by uuid, else by technical name; 0 when none. */
static int
imp_find_template(struct imp *im, const char *uuid, const char *name, uint64_t *id)
{
	if (imp_find_uuid(im, STORE_DB_HOSTS, imp_uuid_template, uuid, id) != 0)
		return -1;
	return *id != 0 ? 0 : imp_find_host(im, name, true, id);
}

/* A host group by uuid, else by name; 0 when none. */
static int
imp_find_group(struct imp *im, const char *uuid, const char *name, uint64_t *id)
{
	int rc;

	if (imp_find_uuid(im, STORE_DB_GROUPS, imp_uuid_group, uuid, id) != 0)
		return -1;
	if (*id != 0 || name == NULL)
		return 0;
	if ((rc = store_group_by_name(im->call->txn, name, id)) == STORE_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc == STORE_OK ? imp_visible(im, true, id) : imp_fail_store(im, rc);
}

/* ---- groups ---- */

static int
imp_groups(struct imp *im)
{
	const cJSON *g;
	cJSON *create = cJSON_CreateArray();
	int rc = 0;

	if (!im->r.groups.create_missing && !im->r.groups.update_existing)
		goto done;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(im->doc, "groups")) {
		const char *name = imp_str(g, "name", ""), *uuid = imp_str(g, "uuid", NULL);
		uint64_t id;
		cJSON *o;

		if ((rc = imp_find_group(im, uuid, name, &id)) != 0)
			goto done;
		o = cJSON_CreateObject();
		if (id != 0) {
			struct group old = { 0 };

			/* updateExisting: the name of a group found by uuid */
			if (!im->r.groups.update_existing ||
			    store_group_get(im->call->txn, id, &old) != STORE_OK ||
			    strcmp(old.name, name) == 0) {
				group_free(&old);
				cJSON_Delete(o);
				continue;
			}
			group_free(&old);
			cJSON_AddItemToObject(o, "groupid", imp_id_json(id));
			util_json_add_str(o, "name", name);
			if ((rc = imp_call(im, &method_hostgroup_update, o, NULL)) != 0)
				goto done;
			continue;
		}
		util_json_add_str(o, "name", name);
		if (uuid != NULL)
			util_json_add_str(o, "uuid", uuid);
		cJSON_AddItemToArray(create, o);
	}
	if (im->r.groups.create_missing)
		rc = imp_call_list(im, &method_hostgroup_create, &create, NULL);
done:
	cJSON_Delete(create);
	return rc;
}

/* ---- templates and hosts ---- */

/* groups: [{name}] as [{groupid}]; a missing group fails with the template's or the host's
 * text. */
static int
imp_resolve_groups(struct imp *im, const cJSON *src, bool tpl, const char *owner, cJSON *out)
{
	const cJSON *g;
	cJSON *arr = cJSON_AddArrayToObject(out, "groups");

	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(src, "groups")) {
		const char *name = imp_str(g, "name", "");
		uint64_t id;

		if (imp_find_group(im, NULL, name, &id) != 0)
			return -1;
		if (id == 0)
			return tpl ? imp_fail(im, "Group \"%s\" does not exist.", name) :
			    imp_fail(im, "Group \"%s\" for host \"%s\" does not exist.", name, owner);
		imp_add_idobj(arr, "groupid", id);
	}
	return 0;
}

/* macros: type and value as the API takes them (a secret macro's export has no value: it
 * comes in empty); existing ones with their hostmacroid. */
static int
imp_macros(struct imp *im, const cJSON *src, uint64_t hostid, cJSON *out)
{
	struct id_list ids = { 0 };
	struct macro *have = NULL;
	const cJSON *m;
	cJSON *arr = cJSON_AddArrayToObject(out, "macros");
	size_t n = 0;
	int rc;

	if (hostid != 0) {
		if ((rc = store_host_macros(im->call->txn, hostid, &ids)) != STORE_OK)
			return imp_fail_store(im, rc);
		have = xcalloc(ids.n + 1, sizeof *have);
		for (size_t i = 0; i < ids.n; i++)
			if (store_macro_get(im->call->txn, ids.ids[i], &have[n]) == STORE_OK)
				n++;
	}
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(src, "macros")) {
		const char *name = imp_str(m, "macro", "");
		cJSON *o = cJSON_CreateObject();

		for (size_t i = 0; i < n; i++)
			if (strcmp(have[i].macro, name) == 0)
				cJSON_AddItemToObject(o, "hostmacroid", imp_id_json(have[i].hostmacroid));
		util_json_add_str(o, "macro", name);
		util_json_add_str(o, "value", imp_str(m, "value", ""));
		imp_add_const(o, "type", m, "type", "macro_type", "0");
		util_json_add_str(o, "description", imp_str(m, "description", ""));
		cJSON_AddItemToArray(arr, o);
	}
	for (size_t i = 0; i < n; i++)
		macro_free(&have[i]);
	free(have);
	id_list_free(&ids);
	return 0;
}

/* tags: [{tag, value}] with value "" by default. */
static void
imp_tags(const cJSON *src, cJSON *out)
{
	const cJSON *t;
	cJSON *arr = cJSON_AddArrayToObject(out, "tags");

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(src, "tags")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "tag", imp_str(t, "tag", ""));
		util_json_add_str(o, "value", imp_str(t, "value", ""));
		cJSON_AddItemToArray(arr, o);
	}
}

/* The API object of a template (template.create/update) or a host (host.create/update) from
 * its source; id: the existing object's (0: a new one). */
static int
imp_object_params(struct imp *im, const cJSON *src, bool tpl, uint64_t id, cJSON **out)
{
	const char *host = imp_str(src, tpl ? "template" : "host", "");
	cJSON *o = cJSON_CreateObject();

	*out = NULL;
	if (id != 0)
		cJSON_AddItemToObject(o, tpl ? "templateid" : "hostid", imp_id_json(id));
	if (tpl)
		util_json_add_str(o, "uuid", imp_str(src, "uuid", ""));
	util_json_add_str(o, "host", host);
	if (tpl || imp_str(src, "name", NULL) != NULL)
		util_json_add_str(o, "name", imp_str(src, "name", ""));
	util_json_add_str(o, "description", imp_str(src, "description", ""));
	if (imp_resolve_groups(im, src, tpl, host, o) != 0 || imp_macros(im, src, id, o) != 0) {
		cJSON_Delete(o);
		return -1;
	}
	imp_tags(src, o);
	if (!tpl) {
		const cJSON *inv = cJSON_GetObjectItemCaseSensitive(src, "inventory");

		imp_add_const(o, "status", src, "status", "enabled", "0");
		imp_interfaces(src, o);
		imp_add_const(o, "inventory_mode", src, "inventory_mode", "inventory_mode", "0");
		if (cJSON_IsObject(inv))
			cJSON_AddItemToObject(o, "inventory", cJSON_Duplicate(inv, true));
	}
	*out = o;
	return 0;
}

/* The linked templates of a source object resolved: [{templateid}] into out; the names that
 * do not resolve are appended to missing (", "-separated; NULL: stop at the first). */
static int
imp_links(struct imp *im, const cJSON *src, cJSON *out, char **missing, size_t *nmissing)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(src, "templates")) {
		const char *name = imp_str(t, "name", "");
		uint64_t id;

		if (imp_find_host(im, name, true, &id) != 0)
			return -1;
		if (id != 0) {
			imp_add_idobj(out, "templateid", id);
			continue;
		}
		if (missing == NULL)
			return 1;
		char *s = *missing == NULL ? xstrdup(name) : xasprintf("%s, %s", *missing, name);

		free(*missing);
		*missing = s;
		(*nmissing)++;
	}
	return 0;
}

static void
imp_processed(struct imp *im, const cJSON *src, bool tpl, uint64_t id)
{
	im->objs = xrealloc(im->objs, (im->nobjs + 1) * sizeof *im->objs);
	im->objs[im->nobjs++] = (struct imp_obj){ .src = src, .id = id, .tpl = tpl,
	    .name = imp_str(src, tpl ? "template" : "host", "") };
}

/* ---- value maps ---- */

static cJSON *
imp_valuemap_params(const cJSON *vm, bool with_uuid)
{
	const cJSON *m;
	cJSON *o = cJSON_CreateObject(), *maps;

	if (with_uuid && imp_str(vm, "uuid", NULL) != NULL)
		util_json_add_str(o, "uuid", imp_str(vm, "uuid", ""));
	util_json_add_str(o, "name", imp_str(vm, "name", ""));
	maps = cJSON_AddArrayToObject(o, "mappings");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(vm, "mappings")) {
		cJSON *x = cJSON_CreateObject();

		imp_add_const(x, "type", m, "type", "mapping_type", "0");
		util_json_add_str(x, "value", imp_str(m, "value", ""));
		util_json_add_str(x, "newvalue", imp_str(m, "newvalue", ""));
		cJSON_AddItemToArray(maps, x);
	}
	return o;
}

/* True when a source map names the stored one (by uuid on a template, or by name). */
static const cJSON *
imp_valuemap_match(const cJSON *list, const struct valuemap *vm, bool tpl)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, list) {
		const char *uuid = imp_str(s, "uuid", NULL);

		if ((tpl && uuid != NULL && vm->uuid != NULL && strcmp(uuid, vm->uuid) == 0) ||
		    strcmp(imp_str(s, "name", ""), vm->name) == 0)
			return s;
	}
	return NULL;
}

/* valueMaps rules on one template or host (fresh: just created). */
static int
imp_valuemaps(struct imp *im, const cJSON *src, uint64_t hostid, bool tpl, bool fresh)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(src, "valuemaps"), *s;
	cJSON *create = cJSON_CreateArray(), *update = cJSON_CreateArray();
	cJSON *del = cJSON_CreateArray();
	struct id_list ids = { 0 };
	struct valuemap *have = NULL;
	size_t n = 0;
	int rc = 0;

	if (!fresh && (rc = store_host_valuemaps(im->call->txn, hostid, &ids)) != STORE_OK) {
		rc = imp_fail_store(im, rc);
		goto done;
	}
	have = xcalloc(ids.n + 1, sizeof *have);
	for (size_t i = 0; i < ids.n; i++)
		if (store_valuemap_get(im->call->txn, ids.ids[i], &have[n]) == STORE_OK)
			n++;
	cJSON_ArrayForEach(s, list) {
		bool found = false;
		cJSON *o;

		for (size_t i = 0; i < n; i++) {
			const char *uuid = imp_str(s, "uuid", NULL);

			if (!((tpl && uuid != NULL && have[i].uuid != NULL &&
			    strcmp(uuid, have[i].uuid) == 0) ||
			    strcmp(imp_str(s, "name", ""), have[i].name) == 0))
				continue;
			found = true;
			if (im->r.value_maps.update_existing) {
				o = imp_valuemap_params(s, tpl);
				cJSON_AddItemToObject(o, "valuemapid", imp_id_json(have[i].valuemapid));
				cJSON_AddItemToArray(update, o);
			}
		}
		if (!found && im->r.value_maps.create_missing) {
			o = imp_valuemap_params(s, tpl);
			cJSON_AddItemToObject(o, "hostid", imp_id_json(hostid));
			cJSON_AddItemToArray(create, o);
		}
	}
	for (size_t i = 0; i < n && im->r.value_maps.delete_missing; i++)
		if (imp_valuemap_match(list, &have[i], tpl) == NULL)
			cJSON_AddItemToArray(del, imp_id_json(have[i].valuemapid));
	rc = imp_call_list(im, &method_valuemap_create, &create, NULL);
	if (rc == 0)
		rc = imp_call_list(im, &method_valuemap_update, &update, NULL);
	if (rc == 0)
		rc = imp_call_list(im, &method_valuemap_delete, &del, NULL);
done:
	for (size_t i = 0; i < n; i++)
		valuemap_free(&have[i]);
	free(have);
	id_list_free(&ids);
	cJSON_Delete(create);
	cJSON_Delete(update);
	cJSON_Delete(del);
	return rc;
}

/* ---- templates and hosts: one pass ---- */

/* templateLinkage on an existing object: deleteMissing unlinks (without clear) the parents
 * the source does not list (every parent without createMissing, as Zabbix does), then
 * createMissing links the source's. upd: the object's update params (taken). */
static int
imp_linkage_existing(struct imp *im, bool tpl, uint64_t id, cJSON *upd, const cJSON *links)
{
	const struct rpc_method *m_upd = tpl ? &method_template_update : &method_host_update;
	bool unlink = false;

	if (im->r.template_linkage.delete_missing) {
		struct id_list parents = { 0 };
		int rc;

		if ((rc = store_host_parents(im->call->txn, id, &parents)) != STORE_OK) {
			cJSON_Delete(upd);
			return imp_fail_store(im, rc);
		}
		for (size_t i = 0; i < parents.n && !unlink; i++) {
			const cJSON *l, *kept = im->r.template_linkage.create_missing ? links : NULL;
			bool listed = false;

			cJSON_ArrayForEach(l, kept) {
				uint64_t t = 0;

				(void)util_parse_u64(imp_str(l, "templateid", "0"), &t);
				listed |= t == parents.ids[i];
			}
			unlink = !listed;
		}
		id_list_free(&parents);
	}
	if (unlink) {
		cJSON_AddItemToObject(upd, "templates", cJSON_CreateArray());
		if (imp_call(im, m_upd, upd, NULL) != 0)
			return -1;
	} else
		cJSON_Delete(upd);
	if (im->r.template_linkage.create_missing && cJSON_GetArraySize(links) > 0) {
		cJSON *p = cJSON_CreateObject();

		imp_add_idobj(cJSON_AddArrayToObject(p, tpl ? "templates" : "hosts"),
		    tpl ? "templateid" : "hostid", id);
		cJSON_AddItemToObject(p, tpl ? "templates_link" : "templates",
		    cJSON_Duplicate(links, true));
		return imp_call(im, tpl ? &method_template_massadd : &method_host_massadd, p, NULL);
	}
	return 0;
}

/* One batch of templates or hosts whose linked templates all exist: updates, then creates
 * (one call each, as Zabbix makes them), with linkage and value maps. srcs: n sources. */
static int
imp_batch(struct imp *im, const cJSON *const *srcs, size_t n, bool tpl)
{
	const struct import_rule *rule = tpl ? &im->r.templates : &im->r.hosts;
	bool process = tpl ? im->process_templates : im->process_hosts;
	cJSON **params = xcalloc(n + 1, sizeof *params), **links = xcalloc(n + 1, sizeof *links);
	cJSON *upd = cJSON_CreateArray(), *crt = cJSON_CreateArray(), *res = NULL;
	uint64_t *ids = xcalloc(n + 1, sizeof *ids);
	const char *what = tpl ? "Template" : "Host";
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *name = imp_str(srcs[i], tpl ? "template" : "host", "");

		links[i] = cJSON_CreateArray();
		if (!tpl) {
			const cJSON *t;

			cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(srcs[i], "templates")) {
				uint64_t pid;

				if ((rc = imp_find_host(im, imp_str(t, "name", ""), true, &pid)) != 0)
					break;
				if (pid == 0) {
					rc = imp_fail(im, "Template \"%s\" for host \"%s\" does not exist.",
					    imp_str(t, "name", ""), name);
					break;
				}
				imp_add_idobj(links[i], "templateid", pid);
			}
		} else
			rc = imp_links(im, srcs[i], links[i], NULL, NULL) < 0 ? -1 : 0;
		if (rc != 0)
			break;
		rc = tpl ? imp_find_template(im, imp_str(srcs[i], "uuid", NULL), name, &ids[i]) :
		    imp_find_host(im, name, false, &ids[i]);
		if (rc != 0)
			break;
		if (ids[i] != 0 && !(rule->update_existing || process)) {
			if (rule->create_missing)
				rc = imp_fail(im, "%s \"%s\" already exists.", what, name);
			continue;
		}
		if (ids[i] == 0 && !rule->create_missing)
			continue;
		if ((rc = imp_object_params(im, srcs[i], tpl, ids[i], &params[i])) != 0)
			break;
		if (ids[i] != 0 && !tpl && (rc = imp_iface_keep_ids(im, ids[i],
		    cJSON_GetObjectItemCaseSensitive(params[i], "interfaces"))) != 0)
			break;
		if (ids[i] != 0 && rule->update_existing)
			cJSON_AddItemToArray(upd, cJSON_Duplicate(params[i], true));
		else if (ids[i] == 0)
			cJSON_AddItemToArray(crt, cJSON_Duplicate(params[i], true));
	}
	if (rc == 0)
		rc = imp_call_list(im, tpl ? &method_template_update : &method_host_update, &upd,
		    NULL);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (ids[i] == 0 || params[i] == NULL)
			continue;
		imp_processed(im, srcs[i], tpl, ids[i]);
		rc = imp_linkage_existing(im, tpl, ids[i], params[i], links[i]);
		params[i] = NULL;
		if (rc == 0)
			rc = imp_valuemaps(im, srcs[i], ids[i], tpl, false);
	}
	if (rc == 0)
		rc = imp_call_list(im, tpl ? &method_template_create : &method_host_create, &crt,
		    &res);
	for (size_t i = 0, k = 0; i < n && rc == 0 && res != NULL; i++) {
		if (ids[i] != 0 || params[i] == NULL)
			continue;
		ids[i] = imp_result_id(res, tpl ? "templateids" : "hostids", (int)k++);
		imp_processed(im, srcs[i], tpl, ids[i]);
		if (im->r.template_linkage.create_missing && cJSON_GetArraySize(links[i]) > 0)
			rc = imp_linkage_existing(im, tpl, ids[i], cJSON_CreateObject(), links[i]);
		if (rc == 0)
			rc = imp_valuemaps(im, srcs[i], ids[i], tpl, true);
	}
	for (size_t i = 0; i < n; i++) {
		cJSON_Delete(params[i]);
		cJSON_Delete(links[i]);
	}
	free(params);
	free(links);
	free(ids);
	cJSON_Delete(upd);
	cJSON_Delete(crt);
	cJSON_Delete(res);
	return rc;
}

/* The circle through the source's links starting at name, as "A - B - A" (heap), or NULL.
 * clean: the names from which no circle can be reached (walked once, then skipped, so that
 * shared parents do not make the walk exponential).
 * path holds the names walked so far (depth at most the number of templates + 1). */
static char *
imp_circle(const cJSON *tpls, const char *name, const char **path, size_t depth, size_t max,
    cJSON *clean)
{
	const cJSON *t, *l;

	for (size_t i = 0; i < depth; i++)
		if (strcmp(path[i], name) == 0) {
			char *s = xstrdup(path[i]);

			for (size_t j = i + 1; j < depth; j++) {
				char *x = xasprintf("%s - %s", s, path[j]);

				free(s);
				s = x;
			}
			char *x = xasprintf("%s - %s", s, name);

			free(s);
			return x;
		}
	if (depth >= max || cJSON_HasObjectItem(clean, name))
		return NULL;
	path[depth] = name;
	cJSON_ArrayForEach(t, tpls) {
		if (strcmp(imp_str(t, "template", ""), name) != 0)
			continue;
		cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(t, "templates")) {
			char *c = imp_circle(tpls, imp_str(l, "name", ""), path, depth + 1, max,
			    clean);

			if (c != NULL)
				return c;
		}
		break;
	}
	/* no circle can be reached from here: never walked again */
	cJSON_AddItemToObject(clean, name, cJSON_CreateTrue());
	return NULL;
}

static int
imp_templates(struct imp *im)
{
	const cJSON *tpls = cJSON_GetObjectItemCaseSensitive(im->doc, "templates"), *t;
	size_t n = (size_t)cJSON_GetArraySize(tpls), left = n, max = n + 2;
	const cJSON **rest = xcalloc(n + 1, sizeof *rest), **batch = xcalloc(n + 1, sizeof *batch);
	const char **path = xcalloc(max + 1, sizeof *path);
	cJSON *clean = cJSON_CreateObject();
	int rc = 0;

	if (!im->r.templates.update_existing && !im->r.templates.create_missing &&
	    !im->process_templates)
		goto done;
	n = 0;
	cJSON_ArrayForEach(t, tpls) {
		const cJSON *l;

		rest[n++] = t;
		cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(t, "templates")) {
			char *c;

			path[0] = imp_str(t, "template", "");
			if ((c = imp_circle(tpls, imp_str(l, "name", ""), path, 1, max, clean)) !=
			    NULL) {
				rc = imp_fail(im, "Circular reference in templates: %s.", c);
				free(c);
				goto done;
			}
		}
	}
	left = n;
	for (;;) {
		size_t nb = 0, k = 0;

		for (size_t i = 0; i < left; i++) {
			cJSON *scratch = cJSON_CreateArray();
			int r = imp_links(im, rest[i], scratch, NULL, NULL);

			cJSON_Delete(scratch);
			if (r < 0) {
				rc = -1;
				goto done;
			}
			if (r == 0)
				batch[nb++] = rest[i];
			else
				rest[k++] = rest[i];
		}
		left = k;
		if (nb == 0)
			break;
		if ((rc = imp_batch(im, batch, nb, true)) != 0)
			goto done;
	}
	if (left > 0) {
		char *missing = NULL;
		size_t nm = 0;
		cJSON *scratch = cJSON_CreateArray();

		if (imp_links(im, rest[0], scratch, &missing, &nm) == 0)
			rc = nm == 1 ? imp_fail(im, "Cannot import template \"%s\", linked template "
			    "\"%s\" does not exist.", imp_str(rest[0], "template", ""), missing) :
			    imp_fail(im, "Cannot import template \"%s\", linked templates \"%s\" do "
			    "not exist.", imp_str(rest[0], "template", ""), missing ? missing : "");
		else
			rc = -1;
		free(missing);
		cJSON_Delete(scratch);
	}
done:
	free(rest);
	free(batch);
	free(path);
	cJSON_Delete(clean);
	return rc;
}

static int
imp_hosts(struct imp *im)
{
	const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(im->doc, "hosts"), *h;
	size_t n = 0;
	const cJSON **all;
	int rc;

	if (!im->r.hosts.update_existing && !im->r.hosts.create_missing && !im->process_hosts)
		return 0;
	all = xcalloc((size_t)cJSON_GetArraySize(hosts) + 1, sizeof *all);
	cJSON_ArrayForEach(h, hosts)
		all[n++] = h;
	rc = n > 0 ? imp_batch(im, all, n, false) : 0;
	free(all);
	return rc;
}

/* ---- the whole import ---- */

int
import_apply(struct rpc_call *call, const cJSON *doc, const struct import_rules *r)
{
	struct imp im = { .call = call, .r = *r, .doc = doc };
	bool objects = r->template_linkage.create_missing || r->template_linkage.delete_missing ||
	    r->items.update_existing || r->items.create_missing || r->items.delete_missing ||
	    r->discovery_rules.update_existing || r->discovery_rules.create_missing ||
	    r->discovery_rules.delete_missing || r->triggers.delete_missing ||
	    r->triggers.create_missing || r->triggers.update_existing ||
	    r->graphs.delete_missing || r->httptests.update_existing ||
	    r->httptests.create_missing || r->httptests.delete_missing;
	int rc;

	im.process_templates = !r->templates.update_existing && (objects ||
	    r->template_dashboards.update_existing || r->template_dashboards.create_missing ||
	    r->template_dashboards.delete_missing);
	im.process_hosts = !r->hosts.update_existing && objects;
	rc = imp_groups(&im);
	if (rc == 0)
		rc = imp_templates(&im);
	if (rc == 0)
		rc = imp_hosts(&im);
	if (rc == 0)
		rc = imp_dashboards_missing(&im);
	if (rc == 0)
		rc = imp_httptests(&im);
	if (rc == 0)
		rc = imp_items(&im);
	if (rc == 0)
		rc = imp_lld(&im);
	if (rc == 0)
		rc = imp_triggers(&im);
	if (rc == 0)
		rc = imp_trigger_prototypes(&im);
	if (rc == 0)
		rc = imp_graphs(&im);
	if (rc == 0)
		rc = imp_dashboards(&im);
	free(im.objs);
	id_set_free(&im.protos);
	return rc;
}
