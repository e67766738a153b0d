/* import_hostproto.c: configuration.import's host prototypes of an LLD rule: deleteMissing,
 * then creates and updates through hostprototype.* (discoveryRules rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* [{idkey: id}] of the names of src[key] (objects {name} or {group: {name}}) through a name
 * index; an unknown name fails the import with Zabbix's text. */
static int
imp_hp_refs(struct imp *im, const cJSON *src, const char *key, bool groups, cJSON *p,
    const char *pkey)
{
	cJSON *arr = cJSON_AddArrayToObject(p, pkey);
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, key)) {
		const char *name = imp_str(groups ? cJSON_GetObjectItemCaseSensitive(e, "group") : e,
		    "name", "");
		uint64_t id;
		int rc = groups ? store_group_by_name(im->call->txn, name, &id) :
		    store_host_by_name(im->call->txn, name, &id);
		cJSON *o;

		if (rc == STORE_ENOTFOUND)
			return groups ? imp_fail(im, "Group \"%s\" does not exist.", name) :
			    imp_fail(im, "Cannot find template \"%s\".", name);
		if (rc != STORE_OK)
			return imp_fail_store(im, rc);
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, groups ? "groupid" : "templateid", imp_id_json(id));
		cJSON_AddItemToArray(arr, o);
	}
	return 0;
}

/* The source's lists of plain objects: group prototypes, macros, tags. */
static void
imp_hp_lists(const cJSON *src, cJSON *p)
{
	cJSON *gp = cJSON_AddArrayToObject(p, "groupPrototypes"),
	    *macros = cJSON_AddArrayToObject(p, "macros"), *tags = cJSON_AddArrayToObject(p, "tags");
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "group_prototypes")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "name", imp_str(e, "name", ""));
		cJSON_AddItemToArray(gp, o);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "macros")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "macro", imp_str(e, "macro", ""));
		util_json_add_str(o, "value", imp_str(e, "value", ""));
		imp_add_const(o, "type", e, "type", "macro_type", "0");
		util_json_add_str(o, "description", imp_str(e, "description", ""));
		cJSON_AddItemToArray(macros, o);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "tags")) {
		cJSON *o = cJSON_CreateObject();

		util_json_add_str(o, "tag", imp_str(e, "tag", ""));
		util_json_add_str(o, "value", imp_str(e, "value", ""));
		cJSON_AddItemToArray(tags, o);
	}
}

/* An SNMP interface's details as Zabbix 6.0.14's importer passes them: none sent, an empty
 * object; else every member of the schema in its order with its default, so that only the
 * members of the interface's SNMP version pass hostprototype.create's check (Zabbix's own
 * importer refuses SNMP host prototype interfaces the same way). */
static cJSON *
imp_hp_details(const cJSON *src)
{
	static const char *const version[] = { "", "SNMPV1", "SNMPV2", "SNMPV3", NULL };
	static const char *const level[] = { "NOAUTHNOPRIV", "AUTHNOPRIV", "AUTHPRIV", NULL };
	static const char *const auth[] = { "MD5", "SHA1", "SHA224", "SHA256", "SHA384",
		"SHA512", NULL };
	static const char *const priv[] = { "DES", "AES128", "AES192", "AES256", "AES192C",
		"AES256C", NULL };
	static const char *const bulk[] = { "NO", "YES", NULL };
	static const struct {
		const char		*key, *dflt;
		const char *const	*names;		/* names[i] is value i; NULL: a text */
	} f[] = {
		{ "version", "2", version }, { "community", "", NULL }, { "contextname", "", NULL },
		{ "securityname", "", NULL }, { "securitylevel", "0", level },
		{ "authprotocol", "0", auth }, { "authpassphrase", "", NULL },
		{ "privprotocol", "0", priv }, { "privpassphrase", "", NULL },
		{ "bulk", "1", bulk },
	};
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(src, "details");
	cJSON *o = cJSON_CreateObject();

	if (!cJSON_IsObject(d) || cJSON_GetArraySize(d) == 0)
		return o;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		const char *v = imp_str(d, f[i].key, f[i].dflt);
		char num[24];

		for (size_t j = 0; f[i].names != NULL && f[i].names[j] != NULL; j++)
			if (strcmp(f[i].names[j], v) == 0) {
				snprintf(num, sizeof num, "%zu", j);
				v = num;
				break;
			}
		cJSON_AddStringToObject(o, f[i].key, v);
	}
	return o;
}

/* custom_interfaces and, when YES, the interfaces with the schema's defaults. */
static void
imp_hp_interfaces(const cJSON *src, cJSON *p)
{
	const cJSON *e;
	cJSON *arr;

	imp_add_const(p, "custom_interfaces", src, "custom_interfaces", "no_yes", "0");
	if (strcmp(imp_str(p, "custom_interfaces", "0"), "1") != 0)
		return;
	arr = cJSON_AddArrayToObject(p, "interfaces");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "interfaces")) {
		cJSON *o = cJSON_CreateObject();

		imp_add_const(o, "main", e, "default", "no_yes", "1");
		imp_add_const(o, "type", e, "type", "interface_type", "1");
		imp_add_const(o, "useip", e, "useip", "no_yes", "1");
		util_json_add_str(o, "ip", imp_str(e, "ip", "127.0.0.1"));
		util_json_add_str(o, "dns", imp_str(e, "dns", ""));
		util_json_add_str(o, "port", imp_str(e, "port", "10050"));
		if (strcmp(imp_str(o, "type", ""), "2") == 0)
			cJSON_AddItemToObject(o, "details", imp_hp_details(e));
		cJSON_AddItemToArray(arr, o);
	}
}

/* One source prototype as hostprototype.create takes it (*p new, also on failure). */
static int
imp_hp_params(struct imp *im, const cJSON *src, uint64_t ruleid, bool host, cJSON **p)
{
	const char *dv = export_lld_value("discover", imp_str(src, "discover", "DISCOVER"));

	*p = cJSON_CreateObject();
	cJSON_AddItemToObject(*p, "ruleid", imp_id_json(ruleid));
	util_json_add_str(*p, "host", imp_str(src, "host", ""));
	if (imp_str(src, "name", "")[0] != '\0')
		util_json_add_str(*p, "name", imp_str(src, "name", ""));
	if (imp_str(src, "uuid", NULL) != NULL)
		util_json_add_str(*p, "uuid", imp_str(src, "uuid", ""));
	imp_add_const(*p, "status", src, "status", "enabled", "0");
	util_json_add_str(*p, "discover", dv != NULL ? dv : "0");
	imp_add_const(*p, "inventory_mode", src, "inventory_mode", "inventory_mode",
	    host ? "0" : "-1");	/* the schemas' defaults: MANUAL on a host, DISABLED on a template */
	imp_hp_interfaces(src, *p);
	imp_hp_lists(src, *p);
	if (imp_hp_refs(im, src, "group_links", true, *p, "groupLinks") != 0 ||
	    imp_hp_refs(im, src, "templates", false, *p, "templates") != 0)
		return -1;
	return 0;
}

/* The rule's own prototype with the source's uuid or host: its id, or 0. */
static int
imp_hp_find(struct imp *im, const struct id_list *ids, const cJSON *src, uint64_t *id)
{
	const char *uuid = imp_str(src, "uuid", NULL);

	*id = 0;
	for (size_t i = 0; i < ids->n && *id == 0; i++) {
		cJSON *doc;
		int rc = store_doc_get(im->call->txn, STORE_DB_HOSTPROTOS, ids->ids[i], &doc);

		if (rc != STORE_OK)
			return imp_fail_store(im, rc);
		if ((uuid != NULL && strcmp(uuid, doc_str(doc, "uuid")) == 0) ||
		    strcmp(imp_str(src, "host", ""), doc_str(doc, "host")) == 0)
			*id = ids->ids[i];
		cJSON_Delete(doc);
	}
	return 0;
}

/* The rule's own prototypes that the source lists by neither uuid nor host, deleted. */
static int
imp_hp_delete_missing(struct imp *im, const struct id_list *ids, const cJSON *list)
{
	cJSON *del = cJSON_CreateArray();
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ids->n; i++) {
		const cJSON *s;
		bool listed = false;
		cJSON *doc;

		if ((rc = store_doc_get(im->call->txn, STORE_DB_HOSTPROTOS, ids->ids[i], &doc)) !=
		    STORE_OK) {
			rc = imp_fail_store(im, rc);
			break;
		}
		cJSON_ArrayForEach(s, list) {
			uint64_t found;
			struct id_list one = { .ids = (uint64_t *)&ids->ids[i], .n = 1 };

			if (imp_hp_find(im, &one, s, &found) == 0 && found != 0)
				listed = true;
		}
		if (!listed && strcmp(doc_str(doc, "templateid"), "0") == 0)
			cJSON_AddItemToArray(del, imp_id_json(ids->ids[i]));
		cJSON_Delete(doc);
	}
	if (rc == 0)
		rc = imp_call_list(im, &method_hostprototype_delete, &del, NULL);
	cJSON_Delete(del);
	return rc;
}

/* Whether the rule is a host's (not a template's). */
static int
imp_hp_on_host(struct imp *im, uint64_t ruleid, bool *host)
{
	struct item it;
	struct host h;
	int rc = store_item_get(im->call->txn, ruleid, &it);

	if (rc != STORE_OK)
		return imp_fail_store(im, rc);
	rc = store_host_get(im->call->txn, it.hostid, &h);
	item_free(&it);
	if (rc != STORE_OK)
		return imp_fail_store(im, rc);
	*host = !host_is_template(&h);
	host_free(&h);
	return 0;
}

int
imp_hostprotos(struct imp *im, const cJSON *rule, uint64_t ruleid)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rule, "host_prototypes"), *s;
	struct id_list ids = { 0 };
	bool host = false;
	int rc = list != NULL ? imp_hp_on_host(im, ruleid, &host) : 0;

	if (rc != 0)
		return rc;
	rc = store_hostproto_list(im->call->txn, ruleid, &ids);

	if (rc != STORE_OK)
		rc = imp_fail_store(im, rc);
	else if (im->r.discovery_rules.delete_missing)
		rc = imp_hp_delete_missing(im, &ids, list);
	id_list_free(&ids);
	cJSON_ArrayForEach(s, list) {
		cJSON *p = NULL, *arr;
		uint64_t id = 0;
		int src;

		if (rc != 0)
			break;
		if ((src = store_hostproto_list(im->call->txn, ruleid, &ids)) != STORE_OK)
			rc = imp_fail_store(im, src);
		else if ((rc = imp_hp_find(im, &ids, s, &id)) == 0)
			rc = imp_hp_params(im, s, ruleid, host, &p);
		id_list_free(&ids);
		if (rc != 0) {
			cJSON_Delete(p);
			break;
		}
		arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, p);
		if (id != 0 && im->r.discovery_rules.update_existing) {
			cJSON_DeleteItemFromObjectCaseSensitive(p, "ruleid");
			cJSON_AddItemToObject(p, "hostid", imp_id_json(id));
			rc = imp_call_list(im, &method_hostprototype_update, &arr, NULL);
		} else if (id == 0 && im->r.discovery_rules.create_missing)
			rc = imp_call_list(im, &method_hostprototype_create, &arr, NULL);
		cJSON_Delete(arr);
	}
	return rc;
}
