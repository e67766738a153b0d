/* export_hostproto.c: the "host_prototypes" of an LLD rule in the 6.0 export document (by
 * host; group links and templates by name; defaults left out). */
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct exp_const hp_status[] = { { "1", "DISABLED" }, { NULL, NULL } };
static const struct exp_const hp_discover[] = { { "1", "NO_DISCOVER" }, { NULL, NULL } };
static const struct exp_const hp_inventory[] = {
	{ "0", "MANUAL" }, { "1", "AUTOMATIC" }, { NULL, NULL },
};
static const struct exp_const hp_macro_type[] = {
	{ "1", "SECRET_TEXT" }, { "2", "VAULT" }, { NULL, NULL },
};

/* An object {key: name} per name, sorted naturally (wrap: inside {wrap: {...}}). */
static cJSON *
hp_names(char **names, size_t n, const char *wrap)
{
	struct exp_sortent *s = xcalloc(n + 1, sizeof *s);
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		s[i].k[0] = names[i], s[i].idx = i;
	exp_sort(s, n);
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		exp_add_str(o, "name", s[i].k[0]);
		if (wrap != NULL) {
			cJSON *w = cJSON_CreateObject();

			cJSON_AddItemToObject(w, wrap, o);
			o = w;
		}
		cJSON_AddItemToArray(arr, o);
	}
	free(s);
	return arr;
}

/* The names of the groups (groupLinks) or templates of a document. */
static enum store_rc
hp_ref_names(struct store_txn *txn, const cJSON *doc, bool groups, cJSON **out)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, groups ? "groupLinks" :
	    "templates"), *e;
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(list);
	char **names = xcalloc(cap + 1, sizeof *names);
	enum store_rc rc = STORE_OK;

	cJSON_ArrayForEach(e, list) {
		uint64_t id = 0;

		util_parse_u64(groups ? doc_str(e, "groupid") : e->valuestring, &id);
		if (groups) {
			struct group g;

			if ((rc = store_group_get(txn, id, &g)) != STORE_OK)
				break;
			names[n++] = xstrdup(g.name);
			group_free(&g);
		} else {
			struct host h;

			if ((rc = store_host_get(txn, id, &h)) != STORE_OK)
				break;
			names[n++] = xstrdup(h.host);
			host_free(&h);
		}
	}
	*out = hp_names(names, n, groups ? "group" : NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* group prototypes by name; macros by macro (a secret's value never). */
static void
hp_lists(cJSON *o, const cJSON *doc, const char *key)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, key), *e;
	size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
	struct exp_sortent *s = xcalloc(n + 1, sizeof *s);
	bool macros = strcmp(key, "macros") == 0;
	cJSON *arr = cJSON_CreateArray();

	cJSON_ArrayForEach(e, list) {
		s[i].k[0] = doc_str(e, macros ? "macro" : "name");
		s[i].p = (void *)(uintptr_t)e, s[i].idx = i;
		i++;
	}
	exp_sort(s, n);
	for (i = 0; i < n; i++) {
		cJSON *m = cJSON_CreateObject();

		e = s[i].p;
		exp_add_str(m, macros ? "macro" : "name", s[i].k[0]);
		if (macros) {
			exp_add_const(m, "type", doc_str(e, "type"), "0", hp_macro_type);
			if (strcmp(doc_str(e, "type"), "1") != 0)
				exp_add_opt(m, "value", doc_str(e, "value"), "");
			exp_add_opt(m, "description", doc_str(e, "description"), "");
		}
		cJSON_AddItemToArray(arr, m);
	}
	free(s);
	exp_add_list(o, macros ? "macros" : "group_prototypes", arr);
}

static cJSON *
hp_tags(const cJSON *doc)
{
	struct tag_list tags = { 0 };
	const cJSON *e;
	cJSON *out;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "tags"))
		tag_list_add(&tags, doc_str(e, "tag"), doc_str(e, "value"));
	out = exp_tags(&tags);
	tag_list_free(&tags);
	return out;
}

static const struct exp_const hp_yes_no[] = { { "0", "NO" }, { "1", "YES" }, { NULL, NULL } };
static const struct exp_const hp_iface_type[] = {
	{ "1", "ZABBIX" }, { "2", "SNMP" }, { "3", "IPMI" }, { "4", "JMX" }, { NULL, NULL },
};
static const struct exp_const hp_snmp_version[] = {
	{ "1", "SNMPV1" }, { "2", "SNMPV2" }, { "3", "SNMPV3" }, { NULL, NULL },
};
static const struct exp_const hp_snmp_level[] = {
	{ "0", "NOAUTHNOPRIV" }, { "1", "AUTHNOPRIV" }, { "2", "AUTHPRIV" }, { NULL, NULL },
};
static const struct exp_const hp_snmp_auth[] = {
	{ "0", "MD5" }, { "1", "SHA1" }, { "2", "SHA224" }, { "3", "SHA256" }, { "4", "SHA384" },
	{ "5", "SHA512" }, { NULL, NULL },
};
static const struct exp_const hp_snmp_priv[] = {
	{ "0", "DES" }, { "1", "AES128" }, { "2", "AES192" }, { "3", "AES256" },
	{ "4", "AES192C" }, { "5", "AES256C" }, { NULL, NULL },
};

/* An SNMP interface's details, defaults left out (NULL when all are defaults). */
static cJSON *
hp_details(const cJSON *d)
{
	cJSON *o = cJSON_CreateObject();

	exp_add_const(o, "version", doc_str(d, "version"), "2", hp_snmp_version);
	exp_add_opt(o, "community", doc_str(d, "community"), "");
	exp_add_opt(o, "contextname", doc_str(d, "contextname"), "");
	exp_add_opt(o, "securityname", doc_str(d, "securityname"), "");
	exp_add_const(o, "securitylevel", doc_str(d, "securitylevel"), "0", hp_snmp_level);
	exp_add_const(o, "authprotocol", doc_str(d, "authprotocol"), "0", hp_snmp_auth);
	exp_add_opt(o, "authpassphrase", doc_str(d, "authpassphrase"), "");
	exp_add_const(o, "privprotocol", doc_str(d, "privprotocol"), "0", hp_snmp_priv);
	exp_add_opt(o, "privpassphrase", doc_str(d, "privpassphrase"), "");
	exp_add_const(o, "bulk", doc_str(d, "bulk"), "1", hp_yes_no);
	if (cJSON_GetArraySize(o) == 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The custom interfaces sorted by type, ip, dns and port, defaults left out. */
static cJSON *
hp_interfaces(const cJSON *doc)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "interfaces"), *e;
	size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
	struct exp_sortent *s = xcalloc(n + 1, sizeof *s);
	cJSON *arr = cJSON_CreateArray();

	cJSON_ArrayForEach(e, list) {
		s[i].k[0] = doc_str(e, "type"), s[i].k[1] = doc_str(e, "ip");
		s[i].k[2] = doc_str(e, "dns"), s[i].k[3] = doc_str(e, "port");
		s[i].p = (void *)(uintptr_t)e, s[i].idx = i;
		i++;
	}
	exp_sort(s, n);
	for (i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject(), *d;

		e = s[i].p;
		exp_add_const(o, "default", doc_str(e, "main"), "1", hp_yes_no);
		exp_add_const(o, "type", doc_str(e, "type"), "1", hp_iface_type);
		exp_add_const(o, "useip", doc_str(e, "useip"), "1", hp_yes_no);
		exp_add_opt(o, "ip", doc_str(e, "ip"), "127.0.0.1");
		exp_add_opt(o, "dns", doc_str(e, "dns"), "");
		exp_add_opt(o, "port", doc_str(e, "port"), "10050");
		if (strcmp(doc_str(e, "type"), "2") == 0 &&
		    (d = hp_details(cJSON_GetObjectItemCaseSensitive(e, "details"))) != NULL)
			cJSON_AddItemToObject(o, "details", d);
		cJSON_AddItemToArray(arr, o);
	}
	free(s);
	return arr;
}

/* One prototype in the schema's order: a template's (uuid first, inventory_mode last,
 * DISABLED by default), or a host's (no uuid, inventory_mode after discover, MANUAL by
 * default). */
static enum store_rc
hp_one(struct store_txn *txn, const cJSON *doc, bool host, cJSON **out)
{
	static const struct exp_const inv_host[] = {
		{ "-1", "DISABLED" }, { "1", "AUTOMATIC" }, { NULL, NULL },
	};
	cJSON *o = cJSON_CreateObject(), *links, *tpls;
	enum store_rc rc = hp_ref_names(txn, doc, true, &links);

	*out = o;
	if (!host)
		exp_add_str(o, "uuid", doc_str(doc, "uuid"));
	exp_add_str(o, "host", doc_str(doc, "host"));
	exp_add_str(o, "name", doc_str(doc, "name"));
	exp_add_const(o, "status", doc_str(doc, "status"), "0", hp_status);
	exp_add_const(o, "discover", doc_str(doc, "discover"), "0", hp_discover);
	if (host)
		exp_add_const(o, "inventory_mode", doc_str(doc, "inventory_mode"), "0", inv_host);
	exp_add_list(o, "group_links", links);
	hp_lists(o, doc, "groupPrototypes");
	if (rc == STORE_OK)
		rc = hp_ref_names(txn, doc, false, &tpls);
	else
		tpls = cJSON_CreateArray();
	exp_add_list(o, "templates", tpls);
	hp_lists(o, doc, "macros");
	exp_add_list(o, "tags", hp_tags(doc));
	exp_add_const(o, "custom_interfaces", doc_str(doc, "custom_interfaces"), "0", hp_yes_no);
	exp_add_list(o, "interfaces", hp_interfaces(doc));
	if (!host)
		exp_add_const(o, "inventory_mode", doc_str(doc, "inventory_mode"), "-1",
		    hp_inventory);
	return rc;
}

cJSON *
export_hostprotos(struct store_txn *txn, uint64_t ruleid, bool host)
{
	struct id_list ids = { 0 };
	cJSON *arr = cJSON_CreateArray(), **docs;
	struct exp_sortent *s;
	size_t n = 0;
	enum store_rc rc = store_hostproto_list(txn, ruleid, &ids);

	docs = xcalloc(ids.n + 1, sizeof *docs);
	s = xcalloc(ids.n + 1, sizeof *s);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_doc_get(txn, STORE_DB_HOSTPROTOS, ids.ids[i], &docs[n])) == STORE_OK)
			s[n].k[0] = doc_str(docs[n], "host"), s[n].idx = n, s[n].p = docs[n], n++;
	exp_sort(s, n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		cJSON *o;

		rc = hp_one(txn, s[i].p, host, &o);
		cJSON_AddItemToArray(arr, o);
	}
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(docs[i]);
	free(docs);
	free(s);
	id_list_free(&ids);
	if (rc != STORE_OK)
		log_error("export: host prototypes of rule %llu: %s", (unsigned long long)ruleid,
		    store_strerror(rc));
	return arr;
}
