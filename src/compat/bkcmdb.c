/* bkcmdb.c: BlueKing CMDB's ESB routes mapped onto the same methods as JSON-RPC: component
 * lookup, app and user authentication, and the {"result","code","message",...} envelope. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/compat.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/proctemplate.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define BK_REQUEST_ID_BYTES	16

/* BlueKing error codes of this API family (the ESB "code"). */
#define BK_OK			0
#define BK_EJSON		1199000	/* bad JSON or a value of the wrong JSON type */
#define BK_EINPUT		1199003	/* a required id is missing */
#define BK_EFIELD		1199006	/* a field fails its rule; the message names its path */
#define BK_EEMPTY		1199010	/* a required list is empty */
#define BK_ENOTFOUND		1199019	/* no such record in this business */
#define BK_ELIMIT		1199059	/* too many items in one call */
#define BK_EINTERNAL		1199999	/* storage failure */
#define BK_EDUP			1199014	/* a name taken (category, service template) */
#define BK_EHASCHILD		1199055	/* a category with child categories */
#define BK_EINUSE		1199056	/* a template or category still in use */
#define BK_ELOCKED		1108035	/* a locked field of a template-made process instance */
#define BK_ENAME_DUP		1113019	/* bk_process_name taken in the service template */
#define BK_EFUNC_DUP		1113020	/* (bk_func_name, bk_start_param_regex) taken */
#define BK_EAUTH		1306000	/* ESB authentication */
#define BK_ENOAPI		1306404	/* no such ESB component */
#define BK_ENOPERM		9900403	/* CMDB's CCNoPermission: the caller may not do this */

/* CMDB's text of CCErrCommAuthNotHavePermission, which it sends with CCNoPermission. */
#define BK_NOPERM_TEXT		"Do not have access permission."

static struct compat_bk_app	*bk_apps;
static size_t			 bk_napps;

/* The app tables a reload replaced, kept until compat_bk_apps_free. */
struct bk_retired {
	struct compat_bk_app	*apps;
	size_t			 n;
	struct bk_retired	*next;
};
static struct bk_retired	*bk_retired;

/* A component, its method, and the IAM action CMDB checks for it (named in "permission"
 * when the call is refused). */
struct bk_component {
	const char		*name;
	const struct rpc_method	*method;
	const char		*action;
};

static const struct bk_component bk_components[] = {
	{ "create_service_template", &method_servicetemplate_create,
	    "create_biz_service_template" },
	{ "get_service_template", &method_servicetemplate_get, "find_business_resource" },
	{ "batch_create_proc_template", &method_proctemplate_create, "edit_biz_service_template" },
	{ "update_proc_template", &method_proctemplate_update, "edit_biz_service_template" },
	{ "get_proc_template", &method_proctemplate_get, "find_business_resource" },
	{ "list_proc_template", &method_proctemplate_list, "find_business_resource" },
	{ "delete_proc_template", &method_proctemplate_delete, "edit_biz_service_template" },
	{ "list_service_category", &method_servicecategory_list, "find_business_resource" },
	{ "create_service_category", &method_servicecategory_create,
	    "create_biz_service_category" },
	{ "update_service_category", &method_servicecategory_update, "edit_biz_service_category" },
	{ "delete_service_category", &method_servicecategory_delete,
	    "delete_biz_service_category" },
	{ "update_service_template", &method_servicetemplate_update, "edit_biz_service_template" },
	{ "list_service_template", &method_servicetemplate_list, "find_business_resource" },
	{ "delete_service_template", &method_servicetemplate_delete,
	    "delete_biz_service_template" },
	{ "list_service_template_difference", &method_servicetemplate_difference,
	    "find_business_resource" },
	{ "create_service_instance", &method_serviceinstance_create, "create_biz_service_instance" },
	{ "list_service_instance", &method_serviceinstance_list, "find_business_resource" },
	{ "list_service_instance_by_host", &method_serviceinstance_listbyhost,
	    "find_business_resource" },
	{ "list_service_instance_detail", &method_serviceinstance_listdetail,
	    "find_business_resource" },
	{ "delete_service_instance", &method_serviceinstance_delete, "delete_biz_service_instance" },
	{ "add_label_for_service_instance", &method_serviceinstance_addlabels,
	    "edit_biz_service_instance" },
	{ "remove_label_from_service_instance", &method_serviceinstance_removelabels,
	    "edit_biz_service_instance" },
	{ "sync_service_template_to_service_instance", &method_serviceinstance_sync,
	    "edit_biz_service_instance" },
	{ "list_process_instance", &method_processinstance_list, "find_business_resource" },
	{ "list_process_detail_by_ids", &method_processinstance_listbyids,
	    "find_business_resource" },
	{ "update_process_instance", &method_processinstance_update, "edit_biz_service_instance" },
	{ "create_process_instance", &method_processinstance_create, "edit_biz_service_instance" },
	{ "delete_process_instance", &method_processinstance_delete, "edit_biz_service_instance" },
};

struct bk_request {
	dispatch_done_fn		 done;
	void				*arg;
	const struct bk_component	*comp;
	uint64_t			 biz;	/* the body's bk_biz_id (bk_biz_of) */
};

/* ---- apps ---- */

/* The largest business id: what a JSON number carries exactly (2^53 - 1). */
#define BK_BIZ_MAX	9007199254740991u

/* A list of business ids: digits separated by commas, none empty, zero or above BK_BIZ_MAX;
 * or NULL. */
static uint64_t *
bk_biz_list(const char *s, size_t len, size_t *n)
{
	uint64_t *ids = xcalloc(len / 2 + 1, sizeof *ids);
	size_t i = 0;

	*n = 0;
	while (i < len) {
		uint64_t v = 0;
		size_t start = i;

		while (i < len && s[i] >= '0' && s[i] <= '9' &&
		    v <= (BK_BIZ_MAX - (uint64_t)(s[i] - '0')) / 10)
			v = v * 10 + (uint64_t)(s[i++] - '0');
		if (i == start || v == 0 || (i < len && s[i] != ',') || (i < len && i + 1 == len)) {
			free(ids);
			*n = 0;
			return NULL;
		}
		ids[(*n)++] = v;
		i += i < len;
	}
	return ids;
}

int
compat_bk_app_parse(const char *spec, struct compat_bk_app *app, char **cause)
{
	static const char trusted[] = ":trusted";
	const char *colon = strchr(spec, ':'), *last;
	size_t len = strlen(spec), tl = strlen(trusted);

	memset(app, 0, sizeof *app);
	*cause = NULL;
	/* the businesses: a last field of digits and commas, after CODE:SECRET */
	if (colon != NULL && (last = strrchr(spec, ':')) > colon &&
	    strspn(last + 1, "0123456789,") == strlen(last + 1) && last[1] != '\0') {
		if ((app->bizs = bk_biz_list(last + 1, strlen(last + 1), &app->nbiz)) == NULL) {
			*cause = xstrdup("--bk-app: the businesses are ids (1 or more) separated by "
			    "commas");
			return -1;
		}
		len = (size_t)(last - spec);
	}
	/* "CODE:trusted" is an app whose secret is "trusted" */
	app->trusted = colon != NULL && len > tl && colon < spec + len - tl &&
	    strncmp(spec + len - tl, trusted, tl) == 0;
	if (app->trusted)
		len -= tl;
	if (colon == NULL || colon == spec || (size_t)(colon - spec) + 1 >= len) {
		free(app->bizs);
		memset(app, 0, sizeof *app);
		*cause = xstrdup("--bk-app wants CODE:SECRET[:trusted][:BIZ,...]");
		return -1;
	}
	app->code = xstrndup(spec, (size_t)(colon - spec));
	app->secret = xstrndup(colon + 1, len - (size_t)(colon - spec) - 1);
	return 0;
}

void
compat_bk_app_clear(struct compat_bk_app *app)
{
	if (app->secret != NULL)
		explicit_bzero(app->secret, strlen(app->secret));
	free(app->code);
	free(app->secret);
	free(app->bizs);
	memset(app, 0, sizeof *app);
}

int
compat_bk_app_add(const char *spec, char **cause)
{
	struct compat_bk_app app;

	if (compat_bk_app_parse(spec, &app, cause) != 0)
		return -1;
	bk_apps = xrealloc(bk_apps, (bk_napps + 1) * sizeof *bk_apps);
	bk_apps[bk_napps++] = app;
	return 0;
}

int
compat_bk_apps_replace(char *const *specs, size_t n, char **cause)
{
	struct compat_bk_app *apps = xcalloc(n + 1, sizeof *apps);
	struct bk_retired *old;

	for (size_t i = 0; i < n; i++) {
		if (compat_bk_app_parse(specs[i], &apps[i], cause) != 0) {
			while (i-- > 0)
				compat_bk_app_clear(&apps[i]);
			free(apps);
			return -1;
		}
	}
	for (size_t i = 0; i < bk_napps; i++)	/* no longer matches; still readable */
		explicit_bzero(bk_apps[i].secret, strlen(bk_apps[i].secret));
	old = xmalloc(sizeof *old);
	old->apps = bk_apps;
	old->n = bk_napps;
	old->next = bk_retired;
	bk_retired = old;
	bk_apps = apps;
	bk_napps = n;
	return 0;
}

static void
bk_apps_clear(struct compat_bk_app *apps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		compat_bk_app_clear(&apps[i]);
	free(apps);
}

void
compat_bk_apps_free(void)
{
	struct bk_retired *r;

	bk_apps_clear(bk_apps, bk_napps);
	bk_apps = NULL;
	bk_napps = 0;
	while ((r = bk_retired) != NULL) {
		bk_retired = r->next;
		bk_apps_clear(r->apps, r->n);
		free(r);
	}
}

bool
compat_bk_app_allows(const struct compat_bk_app *app, uint64_t biz)
{
	if (app->nbiz == 0)
		return true;
	for (size_t i = 0; i < app->nbiz; i++)
		if (app->bizs[i] == biz)
			return true;
	return false;
}

/* The app whose code and secret both match, or NULL; secrets compare in constant time. */
static const struct compat_bk_app *
bk_app_find(const char *code, const char *secret)
{
	size_t n = strlen(secret);

	for (size_t i = 0; i < bk_napps; i++) {
		if (strcmp(bk_apps[i].code, code) != 0)
			continue;
		if (strlen(bk_apps[i].secret) == n && util_ct_equal(bk_apps[i].secret, secret, n))
			return &bk_apps[i];
	}
	return NULL;
}

/* ---- authentication, inside dispatch's read transaction ---- */

static const char *
bk_param_str(const cJSON *params, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

/* The body's bk_biz_id when it is an integer 1..BK_BIZ_MAX, else 0. */
static uint64_t
bk_biz_of(const cJSON *params)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, "bk_biz_id");

	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > (double)BK_BIZ_MAX ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return 0;
	return (uint64_t)v->valuedouble;
}

/* The one mapping of a domain error onto a BlueKing code. */
static int
bk_code_of(const struct err *e)
{
	switch (e->kind) {
	case ERR_TYPE:
	case ERR_PARSE:
		return BK_EJSON;
	case ERR_MISSING:
		return BK_EINPUT;
	case ERR_CONFLICT:
		if (e->subject != NULL && strcmp(e->subject, "in_use") == 0)
			return BK_EINUSE;
		if (e->subject != NULL && strcmp(e->subject, "has_children") == 0)
			return BK_EHASCHILD;
		if (e->subject != NULL && strcmp(e->subject, "locked") == 0)
			return BK_ELOCKED;
		return BK_EFIELD;
	case ERR_PARAM:
		return BK_EFIELD;
	case ERR_EMPTY:
		return BK_EEMPTY;
	case ERR_NOT_FOUND:
		return BK_ENOTFOUND;
	case ERR_LIMIT:
		return BK_ELIMIT;
	case ERR_EXISTS:
		if (e->subject != NULL && strcmp(e->subject, "duplicate") == 0)
			return BK_EDUP;
		return e->subject != NULL && strcmp(e->subject, "bk_func_name") == 0 ?
		    BK_EFUNC_DUP : BK_ENAME_DUP;
	case ERR_AUTH:
		return BK_EAUTH;
	case ERR_DENIED:
		return BK_ENOPERM;
	case ERR_METHOD:
		return BK_ENOAPI;
	default:
		return BK_EINTERNAL;
	}
}

static int
bk_auth_fail(struct rpc_call *c, const char *msg)
{
	return rpc_fail(c, ERR_AUTH, "%s", msg);
}

/* A trusted app's bk_username: a tmpld user (the exact username) whose groups are enabled,
 * as call->user. */
static int
bk_auth_username(struct rpc_call *c, const char *name)
{
	int rc = store_user_by_name(c->txn, name, &c->user);

	if (rc == STORE_ENOTFOUND)
		return bk_auth_fail(c, "User authentication failed: bk_username is not a user");
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	if ((rc = access_auth_groups(c)) == RPC_ROLLBACK)
		return bk_auth_fail(c, "User authentication failed: the user is disabled");
	if (rc != STORE_OK)
		return rpc_fail_store(c, rc);
	c->authed = true;
	return RPC_COMMIT;
}

/* The app by bk_app_code + bk_app_secret; the user by bk_username (trusted apps only: a
 * tmpld user) or by bk_token, a tmpld session id. Then what they may do: the business must
 * be one of the app's, and the user's role must allow the method (as for JSON-RPC). */
static int
bk_auth(struct rpc_call *c, const struct rpc_method *m, const cJSON *params)
{
	const char *code = bk_param_str(params, "bk_app_code");
	const char *secret = bk_param_str(params, "bk_app_secret");
	const char *user = bk_param_str(params, "bk_username");
	const char *token = bk_param_str(params, "bk_token");
	const struct compat_bk_app *app;
	uint64_t biz;

	if (code == NULL)
		return bk_auth_fail(c, "APP Code [bk_app_code] cannot be empty");
	if (secret == NULL)
		return bk_auth_fail(c, "APP Secret [bk_app_secret] cannot be empty");
	if ((app = bk_app_find(code, secret)) == NULL)
		return bk_auth_fail(c, "APP authentication failed: bk_app_code or bk_app_secret "
		    "is incorrect");
	if (app->trusted && user != NULL) {
		if (bk_auth_username(c, user) != RPC_COMMIT)
			return RPC_ROLLBACK;
	} else if (token == NULL)
		return bk_auth_fail(c, "User authentication failed, please provide a valid user "
		    "identity: bk_token, or bk_username for a trusted app");
	else if (dispatch_auth_session(c, token) != RPC_COMMIT) {
		if (c->err.kind != ERR_AUTH)	/* the store failed: say so, not "invalid" */
			return RPC_ROLLBACK;
		err_clear(&c->err);
		return bk_auth_fail(c, "User authentication failed: bk_token is invalid or "
		    "expired");
	}
	c->caller = xstrdup(c->user.username);
	/* a bk_biz_id that is no positive integer is the method's rule's to refuse */
	if ((biz = bk_biz_of(params)) != 0 && !compat_bk_app_allows(app, biz))
		return rpc_fail(c, ERR_DENIED, BK_NOPERM_TEXT);
	if (access_check(c, m) != RPC_COMMIT) {
		if (c->err.kind != ERR_PARAM)	/* the store failed */
			return RPC_ROLLBACK;
		err_clear(&c->err);
		return rpc_fail(c, ERR_DENIED, BK_NOPERM_TEXT);
	}
	return RPC_COMMIT;
}

/* ---- the envelope ---- */

/* The apply-for-permission object of a refusal (CMDB's IamPermission): the component's
 * action on the business. */
static cJSON *
bk_permission(const struct bk_request *r)
{
	cJSON *p = cJSON_CreateObject(), *act, *res, *inst, *one;
	char buf[24];

	util_json_add_str(p, "system_id", "bk_cmdb");
	util_json_add_str(p, "system_name", "cmdb");
	act = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "actions"), act);
	util_json_add_str(act, "id", r->comp->action);
	util_json_add_str(act, "name", r->comp->action);
	res = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(act, "related_resource_types"), res);
	util_json_add_str(res, "system_id", "bk_cmdb");
	util_json_add_str(res, "system_name", "cmdb");
	util_json_add_str(res, "type", "biz");
	util_json_add_str(res, "type_name", "biz");
	inst = cJSON_AddArrayToObject(res, "instances");
	if (r->biz > 0) {
		one = cJSON_CreateObject();
		util_json_add_str(one, "type", "biz");
		util_json_add_str(one, "id", id_to_str(r->biz, buf));
		cJSON_AddItemToArray(inst, cJSON_CreateArray());
		cJSON_AddItemToArray(cJSON_GetArrayItem(inst, 0), one);
	}
	return p;
}

static void
bk_reply(dispatch_done_fn done, void *arg, int code, const char *msg, cJSON *data,
    cJSON *permission)
{
	uint8_t raw[BK_REQUEST_ID_BYTES];
	char rid[2 * BK_REQUEST_ID_BYTES + 1];
	cJSON *o = cJSON_CreateObject();
	char *body;
	size_t len;

	if (util_random_bytes(raw, sizeof raw) != 0)
		memset(raw, 0, sizeof raw);
	util_hex(raw, sizeof raw, rid);
	cJSON_AddBoolToObject(o, "result", code == BK_OK);
	cJSON_AddNumberToObject(o, "code", code);
	util_json_add_str(o, "message", msg);
	cJSON_AddItemToObject(o, "permission", permission != NULL ? permission :
	    cJSON_CreateNull());
	util_json_add_str(o, "request_id", rid);
	cJSON_AddItemToObject(o, "data", data != NULL ? data : cJSON_CreateNull());
	body = jsonrpc_print(o, &len);
	done(arg, body, len);	/* body is done's now */
	cJSON_Delete(o);
}

static void
bk_call_done(void *arg, const struct rpc_call *c)
{
	struct bk_request *r = arg;
	cJSON *data;

	if (rpc_failed(c)) {
		int code = bk_code_of(&c->err);

		bk_reply(r->done, r->arg, code, c->err.text != NULL ? c->err.text : "", NULL,
		    code == BK_ENOPERM ? bk_permission(r) : NULL);
	} else {
		data = c->result != NULL ? cJSON_Duplicate(c->result, true) : NULL;
		bk_reply(r->done, r->arg, BK_OK, "success", data, NULL);
	}
	free(r);
}

static const struct bk_component *
bk_component_find(const char *path)
{
	const char *name = path + strlen(COMPAT_BKCMDB_PREFIX);
	size_t n = strcspn(name, "/");

	if (name[n] == '/' && name[n + 1] != '\0')
		return NULL;
	for (size_t i = 0; i < sizeof bk_components / sizeof bk_components[0]; i++)
		if (strlen(bk_components[i].name) == n &&
		    strncmp(bk_components[i].name, name, n) == 0)
			return &bk_components[i];
	return NULL;
}

bool
compat_bkcmdb_route(const char *path)
{
	return strncmp(path, COMPAT_BKCMDB_PREFIX, strlen(COMPAT_BKCMDB_PREFIX)) == 0;
}

void
compat_bkcmdb_request(struct dispatch *d, const char *path, const char *body, size_t len,
    const char *client_ip, dispatch_done_fn done, void *arg)
{
	const struct bk_component *comp = bk_component_find(path);
	struct bk_request *r;
	cJSON *doc;

	if (comp == NULL) {
		bk_reply(done, arg, BK_ENOAPI, "the requested component does not exist", NULL,
		    NULL);
		return;
	}
	doc = jsonrpc_body_parse(body, len);
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		bk_reply(done, arg, BK_EJSON, "invalid JSON data: the request body should be a "
		    "JSON object", NULL, NULL);
		return;
	}
	r = xmalloc(sizeof *r);
	r->done = done;
	r->arg = arg;
	r->comp = comp;
	r->biz = bk_biz_of(doc);
	dispatch_call(d, comp->method, doc, client_ip, bk_auth, bk_call_done, r);
}
