/* import_httptest.c: configuration.import's web scenarios: deleteMissing, then updates and
 * creates through httptest.delete/update/create, matched by uuid, then by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* key: the value of the source's constant skey (its schema default dflt when absent). */
static void
imp_ht_const(cJSON *to, const char *key, const cJSON *src, const char *skey,
    const char *table, const char *dflt)
{
	const char *name = imp_str(src, skey, NULL);
	char v[12];

	if (name == NULL)
		cJSON_AddStringToObject(to, key, dflt);
	else if (export_httptest_const_value(table, name, v))
		cJSON_AddStringToObject(to, key, v);
	else
		cJSON_AddStringToObject(to, key, name);
}

/* A source list of {name, value} (or {tag, value}) as the API takes it: value "" when the
 * source leaves it out. New. */
static cJSON *
imp_ht_pairs(const cJSON *list)
{
	cJSON *arr = cJSON_IsArray(list) ? cJSON_Duplicate(list, 1) : cJSON_CreateArray(), *e;

	cJSON_ArrayForEach(e, arr)
		if (!cJSON_HasObjectItem(e, "value"))
			util_json_add_str(e, "value", "");
	return arr;
}

static void
imp_ht_texts(cJSON *to, const cJSON *src, const char *const (*f)[2])
{
	for (; (*f)[0] != NULL; f++)
		cJSON_AddStringToObject(to, (*f)[0], imp_str(src, (*f)[0], (*f)[1]));
}

/* One source step as the API takes it (no: its position, from 1). */
static cJSON *
imp_ht_step(const cJSON *s, int no)
{
	static const char *const texts[][2] = { { "name", "" }, { "url", "" },
		{ "timeout", "15s" }, { "required", "" }, { "status_codes", "" }, { NULL, NULL } };
	const cJSON *posts = cJSON_GetObjectItemCaseSensitive(s, "posts");
	cJSON *o = cJSON_CreateObject();

	imp_ht_texts(o, s, texts);
	cJSON_AddNumberToObject(o, "no", no);
	cJSON_AddItemToObject(o, "query_fields", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(s,
	    "query_fields")));
	/* no posts: an empty list of post fields, as Zabbix's importer stores it */
	cJSON_AddItemToObject(o, "posts", cJSON_IsString(posts) ? cJSON_CreateString(
	    posts->valuestring) : imp_ht_pairs(posts));
	cJSON_AddItemToObject(o, "variables", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(s,
	    "variables")));
	cJSON_AddItemToObject(o, "headers", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(s,
	    "headers")));
	imp_ht_const(o, "follow_redirects", s, "follow_redirects", "no_yes", "1");
	imp_ht_const(o, "retrieve_mode", s, "retrieve_mode", "retrieve_mode", "0");
	return o;
}

/* One source scenario as the API takes it (schema defaults filled in, as Zabbix's importer
 * sends them); the uuid of a template's. */
static cJSON *
imp_ht_obj(const cJSON *src, bool tpl)
{
	static const char *const texts[][2] = { { "name", "" }, { "delay", "1m" },
		{ "agent", "Zabbix" }, { "http_proxy", "" }, { "http_user", "" },
		{ "http_password", "" }, { "ssl_cert_file", "" }, { "ssl_key_file", "" },
		{ "ssl_key_password", "" }, { NULL, NULL } };
	cJSON *o = cJSON_CreateObject(), *steps;
	const cJSON *e;
	int no = 0;

	if (tpl && imp_str(src, "uuid", NULL) != NULL)
		util_json_add_str(o, "uuid", imp_str(src, "uuid", ""));
	imp_ht_texts(o, src, texts);
	util_json_add_str(o, "retries", imp_str(src, "attempts", "1"));
	cJSON_AddItemToObject(o, "variables", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(src,
	    "variables")));
	cJSON_AddItemToObject(o, "headers", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(src,
	    "headers")));
	imp_ht_const(o, "status", src, "status", "httptest_status", "0");
	imp_ht_const(o, "authentication", src, "authentication", "httptest_auth", "0");
	imp_ht_const(o, "verify_peer", src, "verify_peer", "no_yes", "0");
	imp_ht_const(o, "verify_host", src, "verify_host", "no_yes", "0");
	steps = cJSON_AddArrayToObject(o, "steps");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, "steps"))
		cJSON_AddItemToArray(steps, imp_ht_step(e, ++no));
	cJSON_AddItemToObject(o, "tags", imp_ht_pairs(cJSON_GetObjectItemCaseSensitive(src, "tags")));
	return o;
}

/* The stored scenario a source one names: by uuid (any host), then by name on hostid, in
 * *found with *ok; *ok false when none. */
static int
imp_ht_find(struct imp *im, const cJSON *src, uint64_t hostid, struct httptest *found,
    bool *ok)
{
	uint64_t id;
	int rc = store_httptest_by_uuid(im->call->txn, imp_str(src, "uuid", ""), &id);

	*ok = false;
	if (rc == STORE_ENOTFOUND)
		rc = store_httptest_by_name(im->call->txn, hostid, imp_str(src, "name", ""), &id);
	if (rc == STORE_OK)
		*ok = (rc = store_httptest_get(im->call->txn, id, found)) == STORE_OK;
	return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : imp_fail_store(im, rc);
}

/* The source steps take the ids of the stored steps of their names. */
static void
imp_ht_step_ids(cJSON *obj, const struct httptest *ht)
{
	cJSON *s;
	const cJSON *d;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(obj, "steps"))
		cJSON_ArrayForEach(d, httptest_steps(ht))
			if (strcmp(doc_str(d, "name"), imp_str(s, "name", "")) == 0)
				util_json_add_str(s, "httpstepid", doc_str(d, "httpstepid"));
}

/* deleteMissing: the processed objects' own scenarios the source does not name. */
static int
imp_ht_delete(struct imp *im)
{
	cJSON *del = cJSON_CreateArray();
	int rc = 0;

	for (size_t o = 0; rc == 0 && o < im->nobjs; o++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "httptests"), *s;
		struct id_list ids = { 0 }, keep = { 0 };
		int src = store_host_httptests(im->call->txn, im->objs[o].id, &ids);

		cJSON_ArrayForEach(s, list) {
			struct httptest ht;
			bool ok;

			if ((rc = imp_ht_find(im, s, im->objs[o].id, &ht, &ok)) == 0 && ok) {
				id_list_add(&keep, ht.httptestid);
				httptest_free(&ht);
			}
		}
		for (size_t i = 0; rc == 0 && src == STORE_OK && i < ids.n; i++) {
			struct httptest ht;

			if (id_list_has(&keep, ids.ids[i]) ||
			    store_httptest_get(im->call->txn, ids.ids[i], &ht) != STORE_OK)
				continue;
			if (ht.templateid == 0)
				cJSON_AddItemToArray(del, imp_id_json(ht.httptestid));
			httptest_free(&ht);
		}
		if (rc == 0 && src != STORE_OK)
			rc = imp_fail_store(im, src);
		id_list_free(&ids);
		id_list_free(&keep);
	}
	if (rc == 0)
		rc = imp_call_list(im, &method_httptest_delete, &del, NULL);
	cJSON_Delete(del);
	return rc;
}

int
imp_httptests(struct imp *im)
{
	cJSON *create = cJSON_CreateArray(), *update = cJSON_CreateArray();
	int rc = 0;

	if (im->r.httptests.delete_missing && (rc = imp_ht_delete(im)) != 0)
		goto out;
	for (size_t o = 0; rc == 0 && o < im->nobjs; o++) {
		const cJSON *s;

		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "httptests")) {
			cJSON *obj = imp_ht_obj(s, im->objs[o].tpl);
			struct httptest ht;
			bool ok;

			if ((rc = imp_ht_find(im, s, im->objs[o].id, &ht, &ok)) != 0) {
				cJSON_Delete(obj);
				break;
			}
			if (ok) {
				imp_ht_step_ids(obj, &ht);
				cJSON_AddItemToObject(obj, "httptestid", imp_id_json(ht.httptestid));
				cJSON_AddItemToArray(update, obj);
				httptest_free(&ht);
			} else {
				cJSON_AddItemToObject(obj, "hostid", imp_id_json(im->objs[o].id));
				cJSON_AddItemToArray(create, obj);
			}
		}
	}
	if (rc == 0 && im->r.httptests.update_existing)
		rc = imp_call_list(im, &method_httptest_update, &update, NULL);
	if (rc == 0 && im->r.httptests.create_missing)
		rc = imp_call_list(im, &method_httptest_create, &create, NULL);
out:
	cJSON_Delete(create);
	cJSON_Delete(update);
	return rc;
}
