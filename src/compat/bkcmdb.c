/* bkcmdb.c: BlueKing CMDB's ESB routes mapped onto the same methods as JSON-RPC: component
 * lookup, app and user authentication, and the {"result","code","message",...} envelope. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/compat.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/proctemplate.h"
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
#define BK_ENAME_DUP		1113019	/* bk_process_name taken in the service template */
#define BK_EFUNC_DUP		1113020	/* (bk_func_name, bk_start_param_regex) taken */
#define BK_EAUTH		1306000	/* ESB authentication */
#define BK_ENOAPI		1306404	/* no such ESB component */

struct bk_app {
	char	*code, *secret;
	bool	 trusted;	/* may name its user with bk_username */
};

static struct bk_app	*bk_apps;
static size_t		 bk_napps;

struct bk_component {
	const char		*name;
	const struct rpc_method	*method;
};

static const struct bk_component bk_components[] = {
	{ "create_service_template", &method_servicetemplate_create },
	{ "get_service_template", &method_servicetemplate_get },
	{ "batch_create_proc_template", &method_proctemplate_create },
	{ "update_proc_template", &method_proctemplate_update },
	{ "get_proc_template", &method_proctemplate_get },
	{ "list_proc_template", &method_proctemplate_list },
	{ "delete_proc_template", &method_proctemplate_delete },
};

struct bk_request {
	dispatch_done_fn	 done;
	void			*arg;
};

/* ---- apps ---- */

int
compat_bk_app_add(const char *spec, char **cause)
{
	const char *colon = strchr(spec, ':');
	size_t len = strlen(spec), tl = strlen(":trusted");
	bool trusted;
	size_t slen;

	*cause = NULL;
	/* "CODE:trusted" is an app whose secret is "trusted" */
	trusted = colon != NULL && len > tl && colon < spec + len - tl &&
	    strcmp(spec + len - tl, ":trusted") == 0;
	if (trusted)
		len -= tl;
	if (colon == NULL || colon == spec || (size_t)(colon - spec) + 1 >= len) {
		*cause = xstrdup("--bk-app wants CODE:SECRET or CODE:SECRET:trusted");
		return -1;
	}
	slen = len - (size_t)(colon - spec) - 1;
	bk_apps = xrealloc(bk_apps, (bk_napps + 1) * sizeof *bk_apps);
	bk_apps[bk_napps].code = xstrndup(spec, (size_t)(colon - spec));
	bk_apps[bk_napps].secret = xstrndup(colon + 1, slen);
	bk_apps[bk_napps].trusted = trusted;
	bk_napps++;
	return 0;
}

void
compat_bk_apps_free(void)
{
	for (size_t i = 0; i < bk_napps; i++) {
		explicit_bzero(bk_apps[i].secret, strlen(bk_apps[i].secret));
		free(bk_apps[i].code);
		free(bk_apps[i].secret);
	}
	free(bk_apps);
	bk_apps = NULL;
	bk_napps = 0;
}

/* The app whose code and secret both match, or NULL; secrets compare in constant time. */
static const struct bk_app *
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
	case ERR_PARAM:
	case ERR_CONFLICT:
		return BK_EFIELD;
	case ERR_EMPTY:
		return BK_EEMPTY;
	case ERR_NOT_FOUND:
		return BK_ENOTFOUND;
	case ERR_LIMIT:
		return BK_ELIMIT;
	case ERR_EXISTS:
		return e->subject != NULL && strcmp(e->subject, "bk_func_name") == 0 ?
		    BK_EFUNC_DUP : BK_ENAME_DUP;
	case ERR_AUTH:
	case ERR_DENIED:
		return BK_EAUTH;
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

/* The app by bk_app_code + bk_app_secret; the user by bk_username (trusted apps only) or
 * by bk_token, a tmpld session id. */
static int
bk_auth(struct rpc_call *c, const cJSON *params)
{
	const char *code = bk_param_str(params, "bk_app_code");
	const char *secret = bk_param_str(params, "bk_app_secret");
	const char *user = bk_param_str(params, "bk_username");
	const char *token = bk_param_str(params, "bk_token");
	const struct bk_app *app;

	if (code == NULL)
		return bk_auth_fail(c, "APP Code [bk_app_code] cannot be empty");
	if (secret == NULL)
		return bk_auth_fail(c, "APP Secret [bk_app_secret] cannot be empty");
	if ((app = bk_app_find(code, secret)) == NULL)
		return bk_auth_fail(c, "APP authentication failed: bk_app_code or bk_app_secret "
		    "is incorrect");
	if (app->trusted && user != NULL) {
		c->caller = xstrdup(user);
		c->authed = true;
		return RPC_COMMIT;
	}
	if (token == NULL)
		return bk_auth_fail(c, "User authentication failed, please provide a valid user "
		    "identity: bk_token, or bk_username for a trusted app");
	if (dispatch_auth_session(c, token) != RPC_COMMIT) {
		if (c->err.kind != ERR_AUTH)	/* the store failed: say so, not "invalid" */
			return RPC_ROLLBACK;
		err_clear(&c->err);
		return bk_auth_fail(c, "User authentication failed: bk_token is invalid or "
		    "expired");
	}
	c->caller = xstrdup(c->user.username);
	return RPC_COMMIT;
}

/* ---- the envelope ---- */

static void
bk_reply(dispatch_done_fn done, void *arg, int code, const char *msg, cJSON *data)
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
	cJSON_AddStringToObject(o, "message", msg);
	cJSON_AddNullToObject(o, "permission");
	cJSON_AddStringToObject(o, "request_id", rid);
	cJSON_AddItemToObject(o, "data", data != NULL ? data : cJSON_CreateNull());
	body = jsonrpc_print(o, &len);
	done(arg, body, len);
	cJSON_free(body);
	cJSON_Delete(o);
}

static void
bk_call_done(void *arg, const struct rpc_call *c)
{
	struct bk_request *r = arg;
	cJSON *data;

	if (rpc_failed(c))
		bk_reply(r->done, r->arg, bk_code_of(&c->err),
		    c->err.text != NULL ? c->err.text : "", NULL);
	else {
		data = c->result != NULL ? cJSON_Duplicate(c->result, true) : NULL;
		bk_reply(r->done, r->arg, BK_OK, "success", data);
	}
	free(r);
}

static const struct rpc_method *
bk_component_find(const char *path)
{
	const char *name = path + strlen(COMPAT_BKCMDB_PREFIX);
	size_t n = strcspn(name, "/");

	if (name[n] == '/' && name[n + 1] != '\0')
		return NULL;
	for (size_t i = 0; i < sizeof bk_components / sizeof bk_components[0]; i++)
		if (strlen(bk_components[i].name) == n &&
		    strncmp(bk_components[i].name, name, n) == 0)
			return bk_components[i].method;
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
	const struct rpc_method *m = bk_component_find(path);
	struct bk_request *r;
	cJSON *doc;

	if (m == NULL) {
		bk_reply(done, arg, BK_ENOAPI, "the requested component does not exist", NULL);
		return;
	}
	doc = jsonrpc_body_parse(body, len);
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		bk_reply(done, arg, BK_EJSON, "invalid JSON data: the request body should be a "
		    "JSON object", NULL);
		return;
	}
	r = xmalloc(sizeof *r);
	r->done = done;
	r->arg = arg;
	dispatch_call(d, m, doc, client_ip, bk_auth, bk_call_done, r);
}
