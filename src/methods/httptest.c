/* httptest.c: httptest.create, httptest.update and httptest.delete: web scenarios of hosts and
 * templates, with Zabbix 6.0's checks and texts, their web items and their inheritance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define HT_NAME_LEN	64
#define HT_FIELD_LEN	255
#define HT_VALUE_LEN	2048
#define HT_POSTS_LEN	65535

/* ---- the rules (CHttpTest's API validator rules) ---- */

static char *
ht_check_string_or_int(const cJSON *v, uint64_t lo, uint64_t hi)
{
	char buf[32];

	if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble) {
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
		return httptest_time_check(buf, lo, hi);
	}
	if (!cJSON_IsString(v))
		return xstrdup("a character string is expected");
	return httptest_time_check(v->valuestring, lo, hi);
}

static char *
ht_check_delay(const cJSON *v)
{
	return ht_check_string_or_int(v, 1, 86400);
}

static char *
ht_check_timeout(const cJSON *v)
{
	return ht_check_string_or_int(v, 1, 3600);
}

static char *
ht_check_variable(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return xstrdup("a character string is expected");
	if (*v->valuestring == '\0')
		return xstrdup("cannot be empty");
	if (util_utf8_len(v->valuestring) > HT_FIELD_LEN)
		return xstrdup("value is too long");
	if (!httptest_variable_name_valid(v->valuestring))
		return xstrdup("is not enclosed in {} or is malformed");
	return NULL;
}

/* posts: a string, or a list of {name, value} (checked by ht_check_post_fields). */
static char *
ht_check_posts(const cJSON *v)
{
	if (cJSON_IsArray(v) || (cJSON_IsObject(v) && v->child == NULL))
		return NULL;
	if (!cJSON_IsString(v))
		return xstrdup("a character string is expected");
	if (util_utf8_len(v->valuestring) > HT_POSTS_LEN)
		return xstrdup("value is too long");
	return NULL;
}

/* API_UUID: 32 hex digits of a version 4 UUID (either case; stored in lower case). */
static char *
ht_check_uuid(const cJSON *v)
{
	const char *s = v->valuestring;

	if (*s == '\0')
		return xstrdup("cannot be empty");
	if (util_utf8_len(s) != 32)
		return xstrdup("must be 32 characters long");
	if (strspn(s, "0123456789abcdefABCDEF") != 32 || s[12] != '4' ||
	    strchr("89abAB", s[16]) == NULL)
		return xstrdup("UUIDv4 is expected");
	return NULL;
}

static const char *const ht_uniq_name[] = { "name", NULL };
static const char *const ht_uniq_tags[] = { "tag,value", NULL };
static const char *const ht_uniq_create[] = { "uuid", "hostid,name", NULL };
static const char *const ht_uniq_update[] = { "httptestid", NULL };
static const char *const ht_uniq_steps_create[] = { "name", "no", NULL };
static const char *const ht_uniq_steps_update[] = { "httpstepid", "name", "no", NULL };
static const char *const ht_uniq_ids[] = { "", NULL };

#define COMMA ,

static const struct rule_field ht_pair_fields[] = {
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = HT_FIELD_LEN } },
	{ "value", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = HT_VALUE_LEN } },
	{ NULL, { 0 } },
};
static const struct rule_field ht_var_fields[] = {
	{ "name", { .type = RULE_ANY, .flags = RULE_REQUIRED, .check = ht_check_variable } },
	{ "value", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = HT_VALUE_LEN } },
	{ NULL, { 0 } },
};
static const struct rule ht_pair_elem = { .type = RULE_OBJECT, .fields = ht_pair_fields };
static const struct rule ht_var_elem = { .type = RULE_OBJECT, .fields = ht_var_fields };
static const struct rule ht_pairs = { .type = RULE_OBJECTS, .elem = &ht_pair_elem };
static const struct rule ht_vars = { .type = RULE_OBJECTS, .elem = &ht_var_elem,
	.uniq = ht_uniq_name };

static const struct rule_field ht_tag_fields[] = {
	{ "tag", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = HT_FIELD_LEN } },
	{ "value", { .type = RULE_STRING, .length = HT_FIELD_LEN, .dflt = "" } },
	{ NULL, { 0 } },
};
static const struct rule ht_tag_elem = { .type = RULE_OBJECT, .fields = ht_tag_fields };

/* The step fields; f0 is httpstepid (update) or nothing, req the flag of name, no, url. */
#define HT_STEP_FIELDS(f0, req) \
	f0 \
	{ "name", { .type = RULE_STRING, .flags = (req) | RULE_NOT_EMPTY, .length = HT_NAME_LEN } }, \
	{ "no", { .type = RULE_INT32, .flags = (req) } }, \
	{ "url", { .type = RULE_STRING, .flags = (req) | RULE_NOT_EMPTY, .length = HT_VALUE_LEN } }, \
	{ "query_fields", { .type = RULE_OBJECTS, .elem = &ht_pair_elem } }, \
	{ "posts", { .type = RULE_ANY, .check = ht_check_posts } }, \
	{ "variables", { .type = RULE_OBJECTS, .elem = &ht_var_elem, .uniq = ht_uniq_name } }, \
	{ "headers", { .type = RULE_OBJECTS, .elem = &ht_pair_elem } }, \
	{ "follow_redirects", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "retrieve_mode", { .type = RULE_INT32, .in = "0,1,2" } }, \
	{ "timeout", { .type = RULE_ANY, .check = ht_check_timeout } }, \
	{ "required", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ "status_codes", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ NULL, { 0 } }

static const struct rule_field ht_step_create_fields[] = {
	HT_STEP_FIELDS(, RULE_REQUIRED),
};
static const struct rule_field ht_step_update_fields[] = {
	HT_STEP_FIELDS({ "httpstepid" COMMA { .type = RULE_ID } } COMMA, 0),
};

/* The scenario fields; f0 the leading ones of create or update, steps its rule. */
#define HT_FIELDS(f0, namereq, steps) \
	f0 \
	{ "name", { .type = RULE_STRING, .flags = (namereq) | RULE_NOT_EMPTY, \
	    .length = HT_NAME_LEN } }, \
	{ "delay", { .type = RULE_ANY, .check = ht_check_delay } }, \
	{ "retries", { .type = RULE_INT32, .in = "1:10" } }, \
	{ "agent", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ "http_proxy", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ "variables", { .ref = &ht_vars } }, \
	{ "headers", { .ref = &ht_pairs } }, \
	{ "status", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "authentication", { .type = RULE_INT32, .in = "0,1,2,3,4" } }, \
	{ "http_user", { .type = RULE_STRING, .length = HT_NAME_LEN } }, \
	{ "http_password", { .type = RULE_STRING, .length = HT_NAME_LEN } }, \
	{ "verify_peer", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "verify_host", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "ssl_cert_file", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ "ssl_key_file", { .type = RULE_STRING, .length = HT_FIELD_LEN } }, \
	{ "ssl_key_password", { .type = RULE_STRING, .length = HT_NAME_LEN } }, \
	steps, \
	{ "tags", { .type = RULE_OBJECTS, .elem = &ht_tag_elem, .uniq = ht_uniq_tags } }, \
	{ NULL, { 0 } }

static const struct rule ht_step_create_elem = { .type = RULE_OBJECT,
	.fields = ht_step_create_fields };
static const struct rule ht_step_update_elem = { .type = RULE_OBJECT,
	.fields = ht_step_update_fields };

static const struct rule_field ht_create_fields[] = {
	HT_FIELDS({ "hostid" COMMA { .type = RULE_ID COMMA .flags = RULE_REQUIRED } } COMMA
	    { "uuid" COMMA { .type = RULE_STRING COMMA .check = ht_check_uuid } } COMMA,
	    RULE_REQUIRED,
	    { "steps" COMMA { .type = RULE_OBJECTS COMMA .flags = RULE_REQUIRED | RULE_NOT_EMPTY
	    COMMA .elem = &ht_step_create_elem COMMA .uniq = ht_uniq_steps_create } }),
};
static const struct rule_field ht_update_fields[] = {
	HT_FIELDS({ "uuid" COMMA { .type = RULE_STRING COMMA .check = ht_check_uuid } }
	    COMMA { "httptestid" COMMA { .type = RULE_ID COMMA .flags = RULE_REQUIRED } } COMMA,
	    0,
	    { "steps" COMMA { .type = RULE_OBJECTS COMMA .flags = RULE_NOT_EMPTY
	    COMMA .elem = &ht_step_update_elem COMMA .uniq = ht_uniq_steps_update } }),
};
static const struct rule ht_create_elem = { .type = RULE_OBJECT, .fields = ht_create_fields };
static const struct rule ht_update_elem = { .type = RULE_OBJECT, .fields = ht_update_fields };
static const struct rule ht_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &ht_create_elem, .uniq = ht_uniq_create };
static const struct rule ht_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &ht_update_elem, .uniq = ht_uniq_update };
static const struct rule ht_delete_params = { .type = RULE_IDS, .flags = RULE_NOT_EMPTY,
	.uniq = ht_uniq_ids };

/* The post fields of a step, checked as the validator would have: {name, value} each. */
static const struct rule ht_posts_rule = { .type = RULE_OBJECTS, .elem = &ht_pair_elem };

/* ---- the members of one object onto a scenario ---- */

/* A scalar member as text (numbers as integers); NULL when absent. Heap. */
static char *
ht_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	return NULL;
}

/* [{name, value}] as stored. */
static cJSON *
ht_pairs_take(const cJSON *list, const char *k1, const char *k2)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *e;

	cJSON_ArrayForEach(e, list) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, k1, doc_str(e, k1));
		cJSON_AddStringToObject(p, k2, doc_str(e, k2));
		cJSON_AddItemToArray(out, p);
	}
	return out;
}

static void
ht_replace(cJSON *doc, const char *name, cJSON *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(doc, name);
	cJSON_AddItemToObject(doc, name, v);
}

/* The step members of obj onto step. */
static void
ht_step_take(cJSON *step, const cJSON *obj)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, obj) {
		char *text;

		if (strcmp(v->string, "httpstepid") == 0)
			continue;
		if (strcmp(v->string, "posts") == 0) {
			bool form = !cJSON_IsString(v);

			ht_replace(step, "posts", form ? ht_pairs_take(v, "name", "value") :
			    cJSON_CreateString(v->valuestring));
			doc_set_str(step, "post_type", form ? "1" : "0");
		} else if (cJSON_IsArray(v))
			ht_replace(step, v->string, ht_pairs_take(v, "name", "value"));
		else if ((text = ht_text(v)) != NULL) {
			doc_set_str(step, v->string, text);
			free(text);
		}
	}
}

/* The scenario members of obj onto ht (steps: ht_steps_take). */
static void
ht_take(struct httptest *ht, const cJSON *obj)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, obj) {
		char *text;

		if (strcmp(v->string, "steps") == 0 || strcmp(v->string, "hostid") == 0 ||
		    strcmp(v->string, "httptestid") == 0)
			continue;
		if (strcmp(v->string, "tags") == 0)
			ht_replace(ht->doc, "tags", ht_pairs_take(v, "tag", "value"));
		else if (cJSON_IsArray(v) || cJSON_IsObject(v))
			ht_replace(ht->doc, v->string, ht_pairs_take(v, "name", "value"));
		else if ((text = ht_text(v)) != NULL) {
			if (strcmp(v->string, "uuid") == 0)
				for (char *p = text; *p != '\0'; p++)
					*p = (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
			httptest_set(ht, v->string, text);
			free(text);
		}
	}
}

/* The step of old with this httpstepid, or NULL. */
static const cJSON *
ht_old_step(const struct httptest *old, const char *id)
{
	const cJSON *s;

	if (old == NULL)
		return NULL;
	cJSON_ArrayForEach(s, httptest_steps(old))
		if (strcmp(doc_str(s, "httpstepid"), id) == 0)
			return s;
	return NULL;
}

/* The sent steps as the scenario's steps, in their order: a step with httpstepid is that
 * stored step changed, one without is new. */
static void
ht_steps_take(struct httptest *ht, const struct httptest *old, const cJSON *steps)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *s;

	cJSON_ArrayForEach(s, steps) {
		char *id = ht_text(cJSON_GetObjectItemCaseSensitive(s, "httpstepid"));
		const cJSON *was = id != NULL ? ht_old_step(old, id) : NULL;
		cJSON *step = was != NULL ? cJSON_Duplicate(was, 1) : httpstep_new();

		ht_step_take(step, s);
		cJSON_AddItemToArray(out, step);
		free(id);
	}
	ht_replace(ht->doc, "steps", out);
}

/* ---- checks after the validator (CHttpTest's order) ---- */

/* authentication "none" takes no user and no password. */
static int
ht_check_auth(struct rpc_call *call, const cJSON *obj, const struct httptest *ht)
{
	static const char *const fields[] = { "http_user", "http_password" };

	if (cJSON_GetObjectItemCaseSensitive(obj, "authentication") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(obj, "http_user") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(obj, "http_password") == NULL)
		return RPC_COMMIT;
	if (strcmp(httptest_str(ht, "authentication"), "0") != 0)
		return RPC_COMMIT;
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, fields[i]);

		if (cJSON_IsString(v) && *v->valuestring != '\0')
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"%s\": should be empty.",
			    fields[i]);
	}
	return RPC_COMMIT;
}

static int
ht_check_ssl(struct rpc_call *call, const cJSON *obj, const struct httptest *ht)
{
	const char *name = httptest_str(ht, "name");

	if (cJSON_GetObjectItemCaseSensitive(obj, "ssl_key_password") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(obj, "ssl_key_file") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(obj, "ssl_cert_file") == NULL)
		return RPC_COMMIT;
	if (*httptest_str(ht, "ssl_key_password") != '\0' && *httptest_str(ht, "ssl_key_file") == '\0')
		return rpc_fail(call, ERR_PARAM, "Empty SSL key file for web scenario \"%s\".", name);
	if (*httptest_str(ht, "ssl_key_file") != '\0' && *httptest_str(ht, "ssl_cert_file") == '\0')
		return rpc_fail(call, ERR_PARAM, "Empty SSL certificate file for web scenario \"%s\".", name);
	return RPC_COMMIT;
}

/* Status codes, then posts with retrieve mode "headers" (sent steps only). */
static int
ht_check_steps(struct rpc_call *call, const cJSON *obj, const struct httptest *ht)
{
	const cJSON *sent = cJSON_GetObjectItemCaseSensitive(obj, "steps"), *s, *n;

	if (sent == NULL)
		return RPC_COMMIT;
	cJSON_ArrayForEach(s, sent) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "status_codes");

		if (cJSON_IsString(c) && !httptest_status_codes_valid(c->valuestring))
			return rpc_fail(call, ERR_PARAM, "Invalid response code \"%s\".", c->valuestring);
	}
	n = httptest_steps(ht)->child;
	cJSON_ArrayForEach(s, sent) {
		const cJSON *posts = cJSON_GetObjectItemCaseSensitive(n, "posts");

		if ((cJSON_GetObjectItemCaseSensitive(s, "retrieve_mode") != NULL ||
		    cJSON_GetObjectItemCaseSensitive(s, "posts") != NULL ||
		    cJSON_GetObjectItemCaseSensitive(s, "required") != NULL) &&
		    strcmp(doc_str(n, "retrieve_mode"), "1") == 0 &&
		    ((cJSON_IsString(posts) && *posts->valuestring != '\0') ||
		    (cJSON_IsArray(posts) && posts->child != NULL)))
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"%s\": should be empty.",
			    "posts");
		n = n != NULL ? n->next : NULL;
	}
	return RPC_COMMIT;
}

/* The post fields lists of the sent steps, as the validator checks them. */
static int
ht_check_post_fields(struct rpc_call *call, cJSON *obj, size_t idx)
{
	cJSON *s;
	size_t j = 0;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(obj, "steps")) {
		cJSON *posts = cJSON_GetObjectItemCaseSensitive(s, "posts");
		char path[64], *cause = NULL;

		j++;
		if (posts == NULL || cJSON_IsString(posts))
			continue;
		snprintf(path, sizeof path, "/%zu/steps/%zu/posts", idx + 1, j);
		if (validate_at(&ht_posts_rule, posts, path, &cause) != ERR_NONE) {
			rpc_fail(call, ERR_PARAM, "%s", cause);
			free(cause);
			return RPC_ROLLBACK;
		}
	}
	return RPC_COMMIT;
}

/* Another scenario of the host with this name. */
static int
ht_check_name_free(struct rpc_call *call, uint64_t hostid, const char *name)
{
	uint64_t id;
	int rc = store_httptest_by_name(call->txn, hostid, name, &id);

	if (rc == STORE_OK)
		return rpc_fail(call, ERR_PARAM, "Web scenario \"%s\" already exists.", name);
	return rc == STORE_ENOTFOUND ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Any stored scenario with this uuid. */
static int
ht_check_uuid_free(struct rpc_call *call, const char *uuid)
{
	uint64_t id;
	int rc = store_httptest_by_uuid(call->txn, uuid, &id);

	if (rc == STORE_OK)
		return rpc_fail(call, ERR_PARAM, "Entry with UUID \"%s\" already exists.", uuid);
	return rc == STORE_ENOTFOUND ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
ht_checks(struct rpc_call *call, cJSON *obj, size_t idx, const struct httptest *ht)
{
	int rc;

	if ((rc = ht_check_post_fields(call, obj, idx)) != RPC_COMMIT ||
	    (rc = ht_check_auth(call, obj, ht)) != RPC_COMMIT ||
	    (rc = ht_check_ssl(call, obj, ht)) != RPC_COMMIT)
		return rc;
	return ht_check_steps(call, obj, ht);
}

/* ---- create ---- */

/* The one place that says whether the caller may write the scenarios of a host or template
 * (create, update, delete): it must exist and be editable by the caller.
 * RPC_COMMIT, or -32500 NO_PERMISSIONS (RPC_ROLLBACK). */
static int
ht_host_writable(struct rpc_call *call, uint64_t hostid)
{
	struct host h;
	int rc = store_host_get(call->txn, hostid, &h);

	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	host_free(&h);
	return access_host_must(call, hostid, true, ERR_NOT_FOUND);
}

/* The host of a new scenario: a uuid only on a template's (checked first, as Zabbix does);
 * then it must be writable. */
static int
ht_create_host(struct rpc_call *call, const cJSON *obj, size_t idx, struct host *h)
{
	const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(obj, "uuid");
	uint64_t hostid = 0;
	int rc;

	memset(h, 0, sizeof *h);
	id_from_json(cJSON_GetObjectItemCaseSensitive(obj, "hostid"), &hostid);
	rc = store_host_get(call->txn, hostid, h);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	if (uuid != NULL && (rc != STORE_OK || !host_is_template(h)))
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": unexpected parameter "
		    "\"uuid\".", idx + 1);
	else
		rc = cJSON_IsString(uuid) ? ht_check_uuid_free(call, uuid->valuestring) : RPC_COMMIT;
	if (rc == RPC_COMMIT)
		rc = ht_host_writable(call, hostid);
	if (rc != RPC_COMMIT)
		host_free(h);
	return rc;
}

static int
ht_create_one(struct rpc_call *call, cJSON *obj, size_t idx, uint64_t *id)
{
	struct httptest ht;
	struct host h;
	char uuid[33];
	int rc;

	if ((rc = ht_create_host(call, obj, idx, &h)) != RPC_COMMIT)
		return rc;
	httptest_init(&ht);
	ht.hostid = h.hostid;
	ht_take(&ht, obj);
	ht_steps_take(&ht, NULL, cJSON_GetObjectItemCaseSensitive(obj, "steps"));
	if (host_is_template(&h) && *httptest_str(&ht, "uuid") == '\0' && host_uuid_new(uuid) == 0)
		httptest_set(&ht, "uuid", uuid);
	if ((rc = ht_check_name_free(call, h.hostid, httptest_str(&ht, "name"))) == RPC_COMMIT &&
	    (rc = ht_checks(call, obj, idx, &ht)) == RPC_COMMIT) {
		if ((rc = store_httptest_create(call->txn, &ht)) != STORE_OK)
			rc = rpc_fail_store(call, rc);
		else
			rc = method_done(inherit_created(call->txn, &inherit_kind_httptest, &ht, 1,
			    &call->err));
		*id = ht.httptestid;
	}
	httptest_free(&ht);
	host_free(&h);
	return rc;
}

static enum rpc_result
ht_create_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "httptestids", ht_create_one);
}

/* ---- update ---- */

/* On an inherited copy: no name; its steps only by httpstepid, all of them, without name or
 * no. */
static int
ht_check_templated(struct rpc_call *call, const cJSON *obj, const struct httptest *old)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(obj, "steps"), *s;
	const char *on = httptest_str(old, "name");
	static const char *const fixed[] = { "name", "no" };

	if (old->templateid == 0)
		return RPC_COMMIT;
	if (name != NULL)
		return rpc_fail(call, ERR_PARAM, "Cannot update a templated web scenario \"%s\": "
		    "unexpected parameter \"name\".", cJSON_IsString(name) ? name->valuestring : "");
	cJSON_ArrayForEach(s, steps)
		for (size_t i = 0; i < 2; i++)
			if (cJSON_GetObjectItemCaseSensitive(s, fixed[i]) != NULL)
				return rpc_fail(call, ERR_PARAM, "Cannot update step for a templated "
				    "web scenario \"%s\": unexpected parameter \"%s\".", on, fixed[i]);
	if (steps != NULL && cJSON_GetArraySize(steps) != cJSON_GetArraySize(httptest_steps(old)))
		return rpc_fail(call, ERR_PARAM, "Incorrect templated web scenario step count.");
	cJSON_ArrayForEach(s, steps)
		if (cJSON_GetObjectItemCaseSensitive(s, "httpstepid") == NULL)
			return rpc_fail(call, ERR_PARAM, "Cannot update step for a templated web "
			    "scenario \"%s\": the parameter \"httpstepid\" is missing.", on);
	return RPC_COMMIT;
}

/* Whether a sent step names a step the scenario does not have. */
static bool
ht_step_unknown(const cJSON *s, const struct httptest *old)
{
	char *id = ht_text(cJSON_GetObjectItemCaseSensitive(s, "httpstepid"));
	bool unknown = id != NULL && ht_old_step(old, id) == NULL;

	free(id);
	return unknown;
}

/* The sent steps: on a copy every httpstepid must be one of its steps; elsewhere a step of
 * an unknown httpstepid is left out (Zabbix neither updates nor creates it): *own is then a
 * copy of obj without them (new, the caller's), else NULL. A new step has a name, a no and a
 * url (Zabbix fails on the database without them). */
static int
ht_check_step_ids(struct rpc_call *call, const cJSON *obj, const struct httptest *old,
    size_t idx, cJSON **own)
{
	static const char *const need[] = { "name", "no", "url" };
	const cJSON *s;
	cJSON *steps, *e, *next;
	size_t j = 0;
	bool drop = false;

	*own = NULL;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(obj, "steps")) {
		j++;
		if (ht_step_unknown(s, old) && old->templateid != 0)
			return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
		drop = drop || ht_step_unknown(s, old);
		for (size_t i = 0; cJSON_GetObjectItemCaseSensitive(s, "httpstepid") == NULL && i < 3;
		    i++)
			if (cJSON_GetObjectItemCaseSensitive(s, need[i]) == NULL)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/steps/%zu\": "
				    "the parameter \"%s\" is missing.", idx + 1, j, need[i]);
	}
	if (!drop)
		return RPC_COMMIT;
	*own = cJSON_Duplicate(obj, 1);
	steps = cJSON_GetObjectItemCaseSensitive(*own, "steps");
	for (e = steps->child; e != NULL; e = next) {
		next = e->next;
		if (ht_step_unknown(e, old))
			cJSON_Delete(cJSON_DetachItemViaPointer(steps, e));
	}
	return RPC_COMMIT;
}

/* Step names unique after the call (a sent step keeps its stored name unless it sends one). */
static int
ht_check_step_names(struct rpc_call *call, const struct httptest *ht, size_t idx)
{
	const cJSON *a, *b;
	size_t j = 0;

	cJSON_ArrayForEach(a, httptest_steps(ht)) {
		j++;
		for (b = httptest_steps(ht)->child; b != a; b = b->next)
			if (strcmp(doc_str(a, "name"), doc_str(b, "name")) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/steps/%zu\": "
				    "value (name)=(%s) already exists.", idx + 1, j, doc_str(a, "name"));
	}
	return RPC_COMMIT;
}

static int
ht_update_store(struct rpc_call *call, cJSON *obj, struct httptest *old, struct httptest *new)
{
	struct inherit_httptest_edit ed = { .sent = obj, .old = old };
	int rc;

	if (cJSON_GetObjectItemCaseSensitive(obj, "delay") != NULL &&
	    strcmp(httptest_str(old, "delay"), httptest_str(new, "delay")) != 0)
		httptest_set(new, "nextcheck", "0");
	if ((rc = store_httptest_update(call->txn, old, new)) != STORE_OK)
		return rpc_fail_store(call, rc);
	return method_done(inherit_edited(call->txn, &inherit_kind_httptest, new, &ed, &call->err));
}

static int
ht_update_one(struct rpc_call *call, cJSON *sent, size_t idx, uint64_t *id)
{
	struct httptest old, new;
	cJSON *own = NULL, *obj = sent;
	const cJSON *steps;
	int rc;

	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(obj, "httptestid"), id) ||
	    (rc = store_httptest_get(call->txn, *id, &old)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = ht_host_writable(call, old.hostid)) != RPC_COMMIT ||
	    (rc = ht_check_templated(call, obj, &old)) != RPC_COMMIT ||
	    (rc = ht_check_step_ids(call, obj, &old, idx, &own)) != RPC_COMMIT) {
		httptest_free(&old);
		return rc;
	}
	if (own != NULL)
		obj = own;
	steps = cJSON_GetObjectItemCaseSensitive(obj, "steps");
	httptest_dup(&new, &old);
	ht_take(&new, obj);
	if (steps != NULL)
		ht_steps_take(&new, &old, steps);
	if (cJSON_GetObjectItemCaseSensitive(obj, "uuid") != NULL && old.templateid != 0)
		httptest_set(&new, "uuid", "");
	if ((rc = ht_check_step_names(call, &new, idx)) == RPC_COMMIT &&
	    (strcmp(httptest_str(&old, "name"), httptest_str(&new, "name")) == 0 ||
	    (rc = ht_check_name_free(call, new.hostid, httptest_str(&new, "name"))) == RPC_COMMIT) &&
	    (rc = ht_checks(call, obj, idx, &new)) == RPC_COMMIT)
		rc = ht_update_store(call, obj, &old, &new);
	httptest_free(&old);
	httptest_free(&new);
	cJSON_Delete(own);
	return rc;
}

static enum rpc_result
ht_update_exec(struct rpc_call *call, cJSON *params)
{
	return access_each(call, params, "httptestids", ht_update_one);
}

/* ---- delete ---- */

/* One web scenario of a delete: known, its host editable, not inherited. */
static int
ht_delete_check(struct rpc_call *call, uint64_t id, const void *ctx)
{
	struct httptest ht;
	int src, rc;

	(void)ctx;
	if ((src = store_httptest_get(call->txn, id, &ht)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (src != STORE_OK)
		return rpc_fail_store(call, src);
	if ((rc = ht_host_writable(call, ht.hostid)) == RPC_COMMIT && ht.templateid != 0)
		rc = rpc_fail(call, ERR_PARAM, "Cannot delete templated web scenario \"%s\".",
		    httptest_str(&ht, "name"));
	httptest_free(&ht);
	return rc;
}

static enum rpc_result
ht_delete_exec(struct rpc_call *call, cJSON *params)
{
	static const struct method_delete d = { .key = "httptestids", .check = ht_delete_check,
		.kind = &inherit_kind_httptest };

	return method_delete_run(call, params, &d);
}

const struct rpc_method method_httptest_create = {
	.name = "httptest.create", .flags = RPC_WRITE, .params = &ht_create_params,
	.exec = ht_create_exec,
};
const struct rpc_method method_httptest_update = {
	.name = "httptest.update", .flags = RPC_WRITE, .params = &ht_update_params,
	.exec = ht_update_exec,
};
const struct rpc_method method_httptest_delete = {
	.name = "httptest.delete", .flags = RPC_WRITE, .params = &ht_delete_params,
	.exec = ht_delete_exec,
};
