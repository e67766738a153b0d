/* httptest_get.c: httptest.get with its options and selects (steps, tags, hosts), and the
 * selectHttpTests / with_httptests options of template.get and host.get. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field httptest_get_fields[] = {
	{ "httptestid", GET_F_NUM }, { "name", 0 }, { "nextcheck", GET_F_NUM }, { "delay", 0 },
	{ "status", GET_F_NUM }, { "agent", 0 }, { "authentication", GET_F_NUM },
	{ "http_user", 0 }, { "http_password", 0 }, { "hostid", GET_F_NUM },
	{ "templateid", GET_F_NUM }, { "http_proxy", 0 }, { "retries", GET_F_NUM },
	{ "ssl_cert_file", 0 }, { "ssl_key_file", 0 }, { "ssl_key_password", 0 },
	{ "verify_peer", GET_F_NUM }, { "verify_host", GET_F_NUM }, { "uuid", 0 },
	{ "headers", 0 }, { "variables", 0 }, { NULL, 0 },
};

static const char *const httptest_sortable[] = { "httptestid", "name", NULL };

/* Every field of the scenario, as httptest.get "extend" gives it. */
static cJSON *
httptest_row(const struct httptest *ht)
{
	cJSON *row = cJSON_CreateObject();
	const uint64_t ids[3] = { ht->httptestid, ht->hostid, ht->templateid };
	const char *const idn[3] = { "httptestid", "hostid", "templateid" };
	char buf[24];

	for (size_t i = 0; httptest_get_fields[i].name != NULL; i++) {
		const char *f = httptest_get_fields[i].name;
		const cJSON *v = util_json_member(ht->doc, f);
		cJSON *out = NULL;

		for (size_t k = 0; k < 3; k++)
			if (strcmp(f, idn[k]) == 0)
				out = cJSON_CreateString(id_to_str(ids[k], buf));
		if (out == NULL)
			out = v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateString("");
		cJSON_AddItemToObject(row, f, out);
	}
	return row;
}

static int
httptest_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	struct httptest ht;
	int rc = store_httptest_get(call->txn, id, &ht);

	*row = NULL;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	*row = httptest_row(&ht);
	httptest_free(&ht);
	return STORE_OK;
}

static int
httptest_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_HTTPTESTS, ids);
}

const struct get_kind get_kind_httptest = {
	.pk = "httptestid", .dbpk = "httptestid", .fields = httptest_get_fields,
	.sortable = httptest_sortable, .load = httptest_load, .scan = httptest_scan,
	.perm = GET_PERM_ROW_HOST,
};

/* ---- selects ---- */

/* One step as selectSteps asks: extend, or the fields of the list (posts a list only for
 * form posts). */
static cJSON *
httptest_step_json(const cJSON *s, const struct get_output *out)
{
	cJSON *obj = cJSON_CreateObject();
	const char *const *lists = httpstep_lists;

	for (size_t i = 0; httpstep_fields[i].name != NULL; i++) {
		const char *f = httpstep_fields[i].name;

		if (out->mode == GET_EXTEND || get_list_has_name(out->list, f))
			cJSON_AddItemToObject(obj, f, cJSON_Duplicate(util_json_member(s,
			    f), 1));
	}
	for (size_t i = 0; lists[i] != NULL; i++)
		if (out->mode == GET_EXTEND || get_list_has_name(out->list, lists[i])) {
			const cJSON *v = util_json_member(s, lists[i]);

			cJSON_AddItemToObject(obj, lists[i], v != NULL ? cJSON_Duplicate(v, 1) :
			    cJSON_CreateArray());
		}
	return obj;
}

static void
httptest_select_steps(const cJSON *params, const struct httptest *ht, cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectSteps"));
	const cJSON *s, *steps = httptest_steps(ht);
	char buf[24];
	cJSON *arr;

	if (out.mode == GET_NONE)
		return;
	if (out.mode == GET_COUNT) {
		snprintf(buf, sizeof buf, "%d", cJSON_GetArraySize(steps));
		util_json_add_str(obj, "steps", buf);
		return;
	}
	arr = cJSON_AddArrayToObject(obj, "steps");
	cJSON_ArrayForEach(s, steps)
		cJSON_AddItemToArray(arr, httptest_step_json(s, &out));
}

/* selectTags: "extend" gives {tag, value}; a list the members it names ("count" none: [],
 * as Zabbix's intersection gives). */
static void
httptest_select_tags(const cJSON *params, const struct httptest *ht, cJSON *obj)
{
	static const char *const keys[] = { "tag", "value" };
	struct get_output out = get_output_parse(util_json_member(params,
	    "selectTags"));
	const cJSON *t;
	cJSON *arr;

	if (out.mode == GET_NONE)
		return;
	arr = cJSON_AddArrayToObject(obj, "tags");
	cJSON_ArrayForEach(t, util_json_member(ht->doc, "tags")) {
		cJSON *o = cJSON_CreateObject();

		for (size_t k = 0; k < 2; k++)
			if (out.mode == GET_EXTEND || (out.mode == GET_LIST &&
			    get_list_has_name(out.list, keys[k])))
				cJSON_AddStringToObject(o, keys[k], doc_str(t, keys[k]));
		if (o->child == NULL) {	/* PHP's empty array */
			cJSON_Delete(o);
			o = cJSON_CreateArray();
		}
		cJSON_AddItemToArray(arr, o);
	}
}

static int
httptest_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .opts = o };
	struct get_kind hk = item_host_kind();
	struct id_list hosts = { 0 };
	struct httptest ht;
	int rc;

	if (util_json_member(params, "selectSteps") == NULL &&
	    util_json_member(params, "selectTags") == NULL &&
	    util_json_member(params, "selectHosts") == NULL)
		return STORE_OK;
	if ((rc = store_httptest_get(call->txn, id, &ht)) != STORE_OK)
		return rc;
	id_list_add(&hosts, ht.hostid);
	rc = get_select_add(call, params, "selectHosts", "hosts", &hk, &hosts, &n, obj);
	httptest_select_steps(params, &ht, obj);
	httptest_select_tags(params, &ht, obj);
	id_list_free(&hosts);
	httptest_free(&ht);
	return rc;
}

/* ---- candidates ---- */

/* hostids and templateids together (Zabbix merges them): their scenarios. */
static int
httptest_cand_hosts(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list hosts = { 0 }, rel = { 0 };
	bool given = get_ids_option(params, "hostids", &hosts);
	int rc = STORE_OK;

	given = get_ids_option(params, "templateids", &hosts) || given;
	if (!given)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++)
		rc = store_host_httptests(call->txn, hosts.ids[i], &rel);
	get_cand_take(c, &rel);
	id_list_free(&rel);
	id_list_free(&hosts);
	return rc;
}

static enum store_rc
httptest_group_tests(struct store_txn *txn, uint64_t groupid, struct id_list *out)
{
	return store_list_through(txn, groupid, store_group_hosts, store_host_httptests, out);
}

/* -1: absent or null; else its truth. */
static int
httptest_tristate(const cJSON *params, const char *name)
{
	const cJSON *v = util_json_member(params, name);

	return v == NULL || cJSON_IsNull(v) ? -1 : get_truthy(v);
}

/* Whether the scenario passes inherited, templated, monitored and tags. */
static int
httptest_keep(struct rpc_call *call, const cJSON *params, const struct httptest *ht, bool *keep)
{
	int inherited = httptest_tristate(params, "inherited");
	int templated = httptest_tristate(params, "templated");
	int monitored = httptest_tristate(params, "monitored");
	const cJSON *tags = util_json_member(params, "tags");
	const cJSON *ev = util_json_member(params, "evaltype");
	struct host h;
	int rc;

	*keep = inherited < 0 || (ht->templateid != 0) == (inherited == 1);
	if (*keep && cJSON_IsArray(tags) && tags->child != NULL) {
		struct tag_list tl = { 0 };
		const cJSON *t;

		cJSON_ArrayForEach(t, util_json_member(ht->doc, "tags"))
			tag_list_add(&tl, doc_str(t, "tag"), doc_str(t, "value"));
		*keep = get_tags_match(&tl, tags, (cJSON_IsNumber(ev) && ev->valueint == 2) ||
		    (cJSON_IsString(ev) && strcmp(ev->valuestring, "2") == 0));
		tag_list_free(&tl);
	}
	if (!*keep || (templated < 0 && monitored < 0))
		return STORE_OK;
	if ((rc = store_host_get(call->txn, ht->hostid, &h)) != STORE_OK)
		return rc;
	if (templated >= 0)
		*keep = host_is_template(&h) == (templated == 1);
	if (*keep && monitored >= 0)
		*keep = (h.status == HOST_STATUS_MONITORED &&
		    strcmp(httptest_str(ht, "status"), "0") == 0) == (monitored == 1);
	host_free(&h);
	return STORE_OK;
}

static int
httptest_cand_filter(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	size_t j = 0;
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct httptest ht;
		bool keep = false;

		if ((rc = store_httptest_get(call->txn, c->ids.ids[i], &ht)) == STORE_ENOTFOUND) {
			rc = STORE_OK;	/* an id that names no scenario */
			continue;
		}
		if (rc != STORE_OK)
			break;
		rc = httptest_keep(call, params, &ht, &keep);
		if (keep)
			c->ids.ids[j++] = c->ids.ids[i];
		httptest_free(&ht);
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

/* headers and variables are not columns: filter and search ignore them (a copy of params
 * without them, new, when they are there; else NULL). */
static cJSON *
httptest_params_columns(const cJSON *params)
{
	static const char *const opts[] = { "filter", "search" };
	cJSON *copy = NULL;

	for (size_t i = 0; i < 2; i++)
		for (const char *const *l = httptest_lists; *l != NULL; l++) {
			cJSON *o;

			if (!cJSON_HasObjectItem(util_json_member(params, opts[i]), *l))
				continue;
			if (copy == NULL)
				copy = cJSON_Duplicate(params, 1);
			o = util_json_member(copy, opts[i]);
			cJSON_DeleteItemFromObjectCaseSensitive(o, *l);
		}
	return copy;
}

static enum rpc_result
httptest_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	cJSON *own = httptest_params_columns(params);
	int rc;

	if (own != NULL)
		params = own;

	get_cand_ids(params, "httptestids", &c);
	if ((rc = httptest_cand_hosts(call, params, &c)) == STORE_OK &&
	    (rc = get_cand_related(call, params, "groupids", httptest_group_tests, &c)) ==
	    STORE_OK && (rc = get_cand_resolve(call, &get_kind_httptest, &c)) == STORE_OK)
		rc = httptest_cand_filter(call, params, &c);
	if (rc != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else
		rc = get_run(call, params, &get_kind_httptest, &c, httptest_selects);
	id_list_free(&c.ids);
	cJSON_Delete(own);
	return rc;
}

static const struct rule_field httptest_get_options[] = {
	GET_OPT("httptestids"), GET_OPT("hostids"), GET_OPT("groupids"), GET_OPT("templateids"),
	GET_OPT("inherited"), GET_OPT("templated"), GET_OPT("monitored"), GET_OPT("evaltype"),
	GET_OPT("tags"), GET_OPT("selectHosts"), GET_OPT("selectSteps"), GET_OPT("selectTags"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule httptest_get_params = GET_PARAMS_RULE(httptest_get_options);

const struct rpc_method method_httptest_get = {
	.name = "httptest.get", .params = &httptest_get_params, .exec = httptest_get_exec,
};

/* ---- template.get and host.get ---- */

int
httptest_select_httptests(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t hostid, cJSON *obj)
{
	struct get_nested_opts n = { .count_ok = true, .sortkey = "name", .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectHttpTests") == NULL)
		return STORE_OK;
	if ((rc = store_host_httptests(call->txn, hostid, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectHttpTests", "httpTests", &get_kind_httptest,
		    &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}

/* Whether the host has a scenario (enabled only: monitored) among ids (NULL: any). */
static int
httptest_host_has(struct rpc_call *call, uint64_t hostid, bool monitored,
    const struct id_list *ids, bool *ok)
{
	struct id_list own = { 0 };
	int rc = store_host_httptests(call->txn, hostid, &own);

	*ok = false;
	for (size_t i = 0; rc == STORE_OK && !*ok && i < own.n; i++) {
		struct httptest ht;

		if (ids != NULL && !id_list_has(ids, own.ids[i]))
			continue;
		if (!monitored) {
			*ok = true;
			break;
		}
		if ((rc = store_httptest_get(call->txn, own.ids[i], &ht)) == STORE_OK) {
			*ok = strcmp(httptest_str(&ht, "status"), "0") == 0;
			httptest_free(&ht);
		}
	}
	id_list_free(&own);
	return rc;
}

/* Keeps the candidates (hosts, or with groups the groups holding one) that pass. */
static int
httptest_cand_keep(struct rpc_call *call, struct get_cand *c, bool groups, bool monitored,
    const struct id_list *ids)
{
	size_t j = 0;
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct id_list members = { 0 };
		bool ok = false;

		if (groups)
			rc = store_group_hosts(call->txn, c->ids.ids[i], &members);
		else
			id_list_add(&members, c->ids.ids[i]);
		for (size_t m = 0; rc == STORE_OK && !ok && m < members.n; m++)
			rc = httptest_host_has(call, members.ids[m], monitored, ids, &ok);
		id_list_free(&members);
		if (ok)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

/* with_httptests of host.get, template.get and (groups) hostgroup.get; with_monitored_httptests
 * of host.get and hostgroup.get; httptestids of host.get (template.get ignores the last two,
 * as Zabbix does). who: 0 host.get, 1 template.get, 2 hostgroup.get. */
static int
httptest_cand_options(struct rpc_call *call, const cJSON *params, struct get_cand *c, int who)
{
	struct id_list ids = { 0 };
	bool named = who == 0 && get_ids_option(params, "httptestids", &ids);
	int rc = STORE_OK;

	if (named)
		rc = httptest_cand_keep(call, c, false, false, &ids);
	if (rc == STORE_OK && get_truthy(util_json_member(params,
	    "with_httptests")))
		rc = httptest_cand_keep(call, c, who == 2, false, NULL);
	else if (rc == STORE_OK && who != 1 && get_truthy(util_json_member(params,
	    "with_monitored_httptests")))
		rc = httptest_cand_keep(call, c, who == 2, true, NULL);
	id_list_free(&ids);
	return rc;
}

int
httptest_cand_with_httptests(struct rpc_call *call, const cJSON *params, struct get_cand *c,
    bool host)
{
	return httptest_cand_options(call, params, c, host ? 0 : 1);
}

int
httptest_group_with_httptests(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	return httptest_cand_options(call, params, c, 2);
}
