/* export_httptest.c: the web scenarios of a template or host in configuration.export, in the
 * 6.0 schema's shape (key order, defaults left out, constants as names). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* A constant's export name (value -> name), NULL-terminated pairs. */
static const char *const ht_exp_enabled[] = { "0", "ENABLED", "1", "DISABLED", NULL };
static const char *const ht_exp_auth[] = { "0", "NONE", "1", "BASIC", "2", "NTLM", "3",
	"KERBEROS", "4", "DIGEST", NULL };
static const char *const ht_exp_no_yes[] = { "0", "NO", "1", "YES", NULL };
static const char *const ht_exp_retrieve[] = { "0", "BODY", "1", "HEADERS", "2", "BOTH", NULL };

/* The tables configuration.import reads back, by the names export_const_value knows. */
static const struct {
	const char		*table;
	const char *const	*map;
} ht_exp_tables[] = {
	{ "httptest_status", ht_exp_enabled }, { "httptest_auth", ht_exp_auth },
	{ "no_yes", ht_exp_no_yes }, { "retrieve_mode", ht_exp_retrieve },
};

/* key: the name of v unless v is dflt; a value without a name is written as it is. */
static void
ht_exp_const(cJSON *o, const char *key, const char *v, const char *dflt,
    const char *const *map)
{
	if (export_loose_eq(v, dflt))
		return;
	for (size_t i = 0; map[i] != NULL; i += 2)
		if (strcmp(map[i], v) == 0) {
			cJSON_AddStringToObject(o, key, map[i + 1]);
			return;
		}
	export_add_str(o, key, v);
}

bool
export_httptest_const_value(const char *table, const char *name, char out[12])
{
	for (size_t t = 0; t < sizeof ht_exp_tables / sizeof ht_exp_tables[0]; t++) {
		if (strcmp(ht_exp_tables[t].table, table) != 0)
			continue;
		for (size_t i = 0; ht_exp_tables[t].map[i] != NULL; i += 2)
			if (strcmp(ht_exp_tables[t].map[i + 1], name) == 0) {
				strcpy(out, ht_exp_tables[t].map[i]);
				return true;
			}
	}
	return false;
}

/* Adds key: list unless it is empty (then it is freed). */
static void
ht_exp_list(cJSON *o, const char *key, cJSON *list)
{
	if (cJSON_GetArraySize(list) == 0)
		cJSON_Delete(list);
	else
		cJSON_AddItemToObject(o, key, list);
}

/* [{name, value}] in their order; value left out when empty with value_opt. */
static cJSON *
ht_exp_pairs(const cJSON *list, bool value_opt)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *p;

	cJSON_ArrayForEach(p, list) {
		cJSON *o = cJSON_CreateObject();

		export_add_str(o, "name", doc_str(p, "name"));
		if (value_opt)
			export_add_opt(o, "value", doc_str(p, "value"), "");
		else
			export_add_str(o, "value", doc_str(p, "value"));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static int
ht_exp_natcmp2(const char *a1, const char *a2, const char *b1, const char *b2)
{
	int r = util_strnatcasecmp(a1, b1);

	return r != 0 ? r : util_strnatcasecmp(a2, b2);
}

static int
ht_exp_tag_cmp(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return ht_exp_natcmp2(doc_str(x, "tag"), doc_str(x, "value"), doc_str(y, "tag"),
	    doc_str(y, "value"));
}

static int
ht_exp_step_cmp(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	long nx = atol(doc_str(x, "no")), ny = atol(doc_str(y, "no"));

	return (nx > ny) - (nx < ny);
}

/* The elements of a JSON array, sorted by cmp (a stable order for equal ones: qsort on
 * pointers that already follow the array's order may still swap; ties compare their
 * positions). *n of them; the caller frees the array. */
static const cJSON **
ht_exp_sorted(const cJSON *arr, int (*cmp)(const void *, const void *), size_t *n)
{
	const cJSON **v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v), *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr)
		v[(*n)++] = e;
	for (size_t i = 1; i < *n; i++)	/* insertion sort: stable */
		for (size_t j = i; j > 0 && cmp(&v[j - 1], &v[j]) > 0; j--) {
			const cJSON *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v;
}

static cJSON *
ht_exp_tags(const cJSON *tags)
{
	size_t n;
	const cJSON **v = ht_exp_sorted(tags, ht_exp_tag_cmp, &n);
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		export_add_str(o, "tag", doc_str(v[i], "tag"));
		export_add_opt(o, "value", doc_str(v[i], "value"), "");
		cJSON_AddItemToArray(arr, o);
	}
	free(v);
	return arr;
}

/* One step: name, url, query_fields, posts, variables, headers, follow_redirects,
 * retrieve_mode, timeout, required, status_codes. */
static cJSON *
ht_exp_step(const cJSON *s)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *posts = cJSON_GetObjectItemCaseSensitive(s, "posts");

	export_add_str(o, "name", doc_str(s, "name"));
	export_add_str(o, "url", doc_str(s, "url"));
	ht_exp_list(o, "query_fields", ht_exp_pairs(cJSON_GetObjectItemCaseSensitive(s,
	    "query_fields"), true));
	if (cJSON_IsArray(posts))
		ht_exp_list(o, "posts", ht_exp_pairs(posts, false));
	else
		export_add_opt(o, "posts", doc_str(s, "posts"), "");
	ht_exp_list(o, "variables", ht_exp_pairs(cJSON_GetObjectItemCaseSensitive(s, "variables"),
	    false));
	ht_exp_list(o, "headers", ht_exp_pairs(cJSON_GetObjectItemCaseSensitive(s, "headers"),
	    false));
	ht_exp_const(o, "follow_redirects", doc_str(s, "follow_redirects"), "1", ht_exp_no_yes);
	ht_exp_const(o, "retrieve_mode", doc_str(s, "retrieve_mode"), "0", ht_exp_retrieve);
	export_add_opt(o, "timeout", doc_str(s, "timeout"), "15s");
	export_add_opt(o, "required", doc_str(s, "required"), "");
	export_add_opt(o, "status_codes", doc_str(s, "status_codes"), "");
	return o;
}

/* One scenario in Zabbix's order; uuid on a template's only. */
static cJSON *
ht_exp_one(const struct httptest *ht, bool with_uuid)
{
	cJSON *o = cJSON_CreateObject(), *steps = cJSON_CreateArray();
	size_t n;
	const cJSON **v = ht_exp_sorted(httptest_steps(ht), ht_exp_step_cmp, &n);

	if (with_uuid)
		export_add_str(o, "uuid", httptest_str(ht, "uuid"));
	export_add_str(o, "name", httptest_str(ht, "name"));
	export_add_opt(o, "delay", httptest_str(ht, "delay"), "1m");
	export_add_opt(o, "attempts", httptest_str(ht, "retries"), "1");
	export_add_opt(o, "agent", httptest_str(ht, "agent"), "Zabbix");
	export_add_opt(o, "http_proxy", httptest_str(ht, "http_proxy"), "");
	ht_exp_list(o, "variables", ht_exp_pairs(cJSON_GetObjectItemCaseSensitive(ht->doc,
	    "variables"), false));
	ht_exp_list(o, "headers", ht_exp_pairs(cJSON_GetObjectItemCaseSensitive(ht->doc, "headers"),
	    false));
	ht_exp_const(o, "status", httptest_str(ht, "status"), "0", ht_exp_enabled);
	ht_exp_const(o, "authentication", httptest_str(ht, "authentication"), "0", ht_exp_auth);
	export_add_opt(o, "http_user", httptest_str(ht, "http_user"), "");
	export_add_opt(o, "http_password", httptest_str(ht, "http_password"), "");
	ht_exp_const(o, "verify_peer", httptest_str(ht, "verify_peer"), "0", ht_exp_no_yes);
	ht_exp_const(o, "verify_host", httptest_str(ht, "verify_host"), "0", ht_exp_no_yes);
	export_add_opt(o, "ssl_cert_file", httptest_str(ht, "ssl_cert_file"), "");
	export_add_opt(o, "ssl_key_file", httptest_str(ht, "ssl_key_file"), "");
	export_add_opt(o, "ssl_key_password", httptest_str(ht, "ssl_key_password"), "");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(steps, ht_exp_step(v[i]));
	free(v);
	cJSON_AddItemToObject(o, "steps", steps);
	ht_exp_list(o, "tags", ht_exp_tags(cJSON_GetObjectItemCaseSensitive(ht->doc, "tags")));
	return o;
}

static int
ht_exp_name_cmp(const void *a, const void *b)
{
	const struct httptest *x = a, *y = b;

	return util_strnatcasecmp(httptest_str(x, "name"), httptest_str(y, "name"));
}

int
export_httptests(struct store_txn *txn, uint64_t hostid, bool with_uuid, cJSON **out,
    struct err *e)
{
	struct id_list ids = { 0 };
	struct httptest *v;
	size_t n = 0;
	int rc = store_host_httptests(txn, hostid, &ids);

	*out = NULL;
	v = xcalloc(ids.n + 1, sizeof *v);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_httptest_get(txn, ids.ids[i], &v[n])) == STORE_OK) {
			if (v[n].templateid != 0)	/* inherited ones are their template's */
				httptest_free(&v[n]);
			else
				n++;
		}
	if (rc == STORE_OK) {
		qsort(v, n, sizeof *v, ht_exp_name_cmp);
		*out = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(*out, ht_exp_one(&v[i], with_uuid));
	}
	for (size_t i = 0; i < n; i++)
		httptest_free(&v[i]);
	free(v);
	id_list_free(&ids);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
