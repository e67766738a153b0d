/* export_hostproto.c: the "host_prototypes" of an LLD rule in the 6.0 export document (by
 * host; group links and templates by name; defaults left out). */
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct exp_const hp_status[] = { { "1", "DISABLED" }, { NULL, NULL } };
static const struct exp_const hp_discover[] = { { "1", "NO_DISCOVER" }, { NULL, NULL } };
static const struct exp_const hp_inventory[] = { { "1", "AUTOMATIC" }, { NULL, NULL } };
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

/* One prototype in the schema's order. */
static enum store_rc
hp_one(struct store_txn *txn, const cJSON *doc, cJSON **out)
{
	cJSON *o = cJSON_CreateObject(), *links, *tpls;
	enum store_rc rc = hp_ref_names(txn, doc, true, &links);

	*out = o;
	exp_add_str(o, "uuid", doc_str(doc, "uuid"));
	exp_add_str(o, "host", doc_str(doc, "host"));
	exp_add_str(o, "name", doc_str(doc, "name"));
	exp_add_const(o, "status", doc_str(doc, "status"), "0", hp_status);
	exp_add_const(o, "discover", doc_str(doc, "discover"), "0", hp_discover);
	exp_add_list(o, "group_links", links);
	hp_lists(o, doc, "groupPrototypes");
	hp_lists(o, doc, "macros");
	exp_add_list(o, "tags", hp_tags(doc));
	if (rc == STORE_OK)
		rc = hp_ref_names(txn, doc, false, &tpls);
	else
		tpls = cJSON_CreateArray();
	exp_add_list(o, "templates", tpls);
	if (strcmp(doc_str(doc, "inventory_mode"), "-1") != 0)	/* Zabbix leaves it out */
		exp_add_const(o, "inventory_mode", doc_str(doc, "inventory_mode"), "0",
		    hp_inventory);
	return rc;
}

cJSON *
export_hostprotos(struct store_txn *txn, uint64_t ruleid)
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

		rc = hp_one(txn, s[i].p, &o);
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
