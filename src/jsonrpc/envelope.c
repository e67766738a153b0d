/* envelope.c: JSON-RPC 2.0 parsing, per-call envelope checks and error objects, as Zabbix 6.0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/rpc.h"
#include "tmpld/util.h"

static bool
jsonrpc_only_space(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
	return true;
}

/* JSON allows no raw control characters: not in strings, and outside them only white space.
 * cJSON would take them (and cut strings at a NUL), PHP's decoder refuses them. */
static bool
jsonrpc_controls_ok(const char *buf, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	bool in_string = false, escaped = false;
	size_t i = 0;

	/* A body without any byte below 0x20 (no control, and no line break or tab either: the
	 * bodies of most clients) holds none in its strings: eight bytes at a time, no state. */
	for (; len - i >= 8; i += 8) {
		uint64_t w;

		memcpy(&w, buf + i, 8);
		if (((w - ones * 0x20) & ~w & high) != 0)
			break;
	}
	while (i < len && (unsigned char)buf[i] >= 0x20)
		i++;
	if (i == len)
		return true;
	i = 0;
	while (i < len) {
		size_t stop = len - i >= 8 ? i + 8 : len;
		uint64_t w, q, bs;

		/* eight bytes that change nothing (none below 0x20, none '"' or '\\') at once;
		 * else the eight one by one */
		if (!escaped && stop - i == 8) {
			memcpy(&w, buf + i, 8);
			q = w ^ (ones * '"');
			bs = w ^ (ones * '\\');
			if (((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) &
			    high) == 0) {
				i = stop;
				continue;
			}
		}
		for (; i < stop; i++) {
			unsigned char ch = (unsigned char)buf[i];

			if (in_string) {
				if (ch < 0x20)
					return false;
				if (escaped)
					escaped = false;
				else if (ch == '\\')
					escaped = true;
				else if (ch == '"')
					in_string = false;
			} else if (ch == '"')
				in_string = true;
			else if (ch < 0x20 && ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
				return false;
		}
	}
	return true;
}

/* cJSON's strings end at a NUL, so a "\u0000" escape would cut its string short. Every such
 * escape inside a string becomes the two bytes C0 80 (NUL's overlong form, as in modified
 * UTF-8), which no valid UTF-8 input holds: the string stays whole, the rules can refuse it,
 * and jsonrpc_print turns it back into "\u0000". Returns the new text (*out_len bytes), or
 * NULL when there is no such escape. */
static char *
jsonrpc_nul_escapes(const char *buf, size_t len, size_t *out_len)
{
	bool in_string = false;
	char *out = NULL;
	size_t o = 0;

	/* most bodies hold no '\\' at all: one memchr tells, before the costlier memmem */
	if (memchr(buf, '\\', len) == NULL || memmem(buf, len, "\\u0000", 6) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		bool nul = in_string && buf[i] == '\\' && i + 5 < len &&
		    memcmp(buf + i + 1, "u0000", 5) == 0;

		if (nul && out == NULL) {
			out = xmalloc(len);
			memcpy(out, buf, i);
			o = i;
		}
		if (nul) {
			out[o++] = (char)0xC0;
			out[o++] = (char)0x80;
			i += 5;
			continue;
		}
		if (in_string && buf[i] == '\\' && i + 1 < len) {	/* an escape pair */
			if (out != NULL)
				out[o++] = buf[i];
			i++;
		} else if (buf[i] == '"')
			in_string = !in_string;
		if (out != NULL)
			out[o++] = buf[i];
	}
	*out_len = o;
	return out;
}

cJSON *
jsonrpc_body_parse(const char *buf, size_t len)
{
	const char *end = NULL;
	char *nul;
	size_t nlen = 0;
	cJSON *doc;

	if (len == 0 || !util_utf8_valid(buf, len) || !jsonrpc_controls_ok(buf, len))
		return NULL;
	if ((nul = jsonrpc_nul_escapes(buf, len, &nlen)) != NULL)
		buf = nul, len = nlen;
	/* cJSON caps nesting itself (CJSON_NESTING_LIMIT) and never recurses past it. */
	doc = cJSON_ParseWithLengthOpts(buf, len, &end, false);
	if (doc != NULL && (end == NULL || !jsonrpc_only_space(end, buf + len))) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	free(nul);
	return doc;
}

static bool
jsonrpc_id_valid(const cJSON *id)
{
	return cJSON_IsString(id) || cJSON_IsNumber(id) || cJSON_IsNull(id);
}

static int
jsonrpc_fail(char **cause, const char *path, const char *what)
{
	*cause = xasprintf("Invalid parameter \"%s\": %s.", path, what);
	return -1;
}

static int
jsonrpc_check_members(const cJSON *call, char **cause)
{
	static const char *const known[] = { "jsonrpc", "method", "params", "auth", "id" };
	const cJSON *m;
	char what[64];
	int idx = 0;

	cJSON_ArrayForEach(m, call) {
		size_t i;

		if (m->string == NULL) {	/* an array entry: PHP sees key "0", "1"... */
			snprintf(what, sizeof what, "unexpected parameter \"%d\"", idx);
			return jsonrpc_fail(cause, "/", what);
		}
		idx++;
		for (i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(m->string, known[i]) == 0)
				break;
		if (i == sizeof known / sizeof known[0]) {	/* named whole: a cut name could
								 * end inside a UTF-8 character */
			*cause = xasprintf("Invalid parameter \"/\": unexpected parameter \"%s\".",
			    m->string);
			return -1;
		}
	}
	return 0;
}

static int
jsonrpc_check_fields(const cJSON *call, struct jsonrpc_call *out, char **cause)
{
	const cJSON *v;

	if ((v = util_json_member(call, "jsonrpc")) == NULL)
		return jsonrpc_fail(cause, "/", "the parameter \"jsonrpc\" is missing");
	if (!cJSON_IsString(v))
		return jsonrpc_fail(cause, "/jsonrpc", "a character string is expected");
	if (strcmp(v->valuestring, "2.0") != 0)
		return jsonrpc_fail(cause, "/jsonrpc", "value must be \"2.0\"");
	if ((v = util_json_member(call, "method")) == NULL)
		return jsonrpc_fail(cause, "/", "the parameter \"method\" is missing");
	if (!cJSON_IsString(v))
		return jsonrpc_fail(cause, "/method", "a character string is expected");
	out->method = v->valuestring;
	if ((v = util_json_member(call, "params")) == NULL)
		return jsonrpc_fail(cause, "/", "the parameter \"params\" is missing");
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
		return jsonrpc_fail(cause, "/params", "an array or object is expected");
	out->params = (cJSON *)(uintptr_t)v;
	if ((v = util_json_member(call, "auth")) != NULL && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return jsonrpc_fail(cause, "/auth", "a character string is expected");
		if (v->valuestring[0] == '\0')
			return jsonrpc_fail(cause, "/auth", "cannot be empty");
		out->auth = v->valuestring;
		out->has_auth = true;
	}
	if ((v = util_json_member(call, "id")) != NULL && !jsonrpc_id_valid(v))
		return jsonrpc_fail(cause, "/id", "a string, number or null value is expected");
	out->id = v;
	return 0;
}

int
jsonrpc_call_check(const cJSON *call, struct jsonrpc_call *out, const cJSON **echo_id,
    char **cause)
{
	const cJSON *id;

	memset(out, 0, sizeof *out);
	*cause = NULL;
	*echo_id = NULL;
	if (!cJSON_IsObject(call) && !cJSON_IsArray(call))
		return jsonrpc_fail(cause, "/", "an array is expected");
	if (cJSON_IsObject(call)) {
		id = util_json_member(call, "id");
		if (id != NULL && jsonrpc_id_valid(id))
			*echo_id = id;
	}
	if (jsonrpc_check_members(call, cause) != 0 || jsonrpc_check_fields(call, out, cause) != 0)
		return -1;
	return 0;
}

/* The one mapping of a domain error kind onto a JSON-RPC code, as Zabbix's API answers:
 * parameter errors -32602, permission and application errors -32500. */
enum jsonrpc_code
jsonrpc_code_of(enum err_kind kind)
{
	switch (kind) {
	case ERR_PARSE:
		return JSONRPC_PARSE_ERROR;
	case ERR_REQUEST:
		return JSONRPC_INVALID_REQUEST;
	case ERR_METHOD:
		return JSONRPC_METHOD_NOT_FOUND;
	case ERR_PARAM:
	case ERR_TYPE:
	case ERR_MISSING:
	case ERR_EMPTY:
	case ERR_LIMIT:
	case ERR_EXISTS:
	case ERR_CONFLICT:
	case ERR_AUTH:
		return JSONRPC_INVALID_PARAMS;
	case ERR_NOT_FOUND:
	case ERR_REFUSED:
	case ERR_DENIED:
		return JSONRPC_APPLICATION_ERROR;
	case ERR_NONE:
	case ERR_STORE:
	case ERR_INTERNAL:
	default:
		return JSONRPC_INTERNAL_ERROR;
	}
}

cJSON *
jsonrpc_reply_err(const cJSON *id, const struct err *e)
{
	return jsonrpc_reply_error(id, jsonrpc_code_of(e->kind), e->text);
}

const char *
jsonrpc_code_message(int code)
{
	switch (code) {
	case JSONRPC_PARSE_ERROR: return "Parse error";
	case JSONRPC_INVALID_REQUEST: return "Invalid request.";
	case JSONRPC_METHOD_NOT_FOUND: return "Method not found.";
	case JSONRPC_INVALID_PARAMS: return "Invalid params.";
	case JSONRPC_APPLICATION_ERROR: return "Application error.";
	default: return "Internal error.";
	}
}

static cJSON *
jsonrpc_reply_new(void)
{
	cJSON *r = cJSON_CreateObject();

	util_json_add_str(r, "jsonrpc", "2.0");
	return r;
}

static void
jsonrpc_reply_id(cJSON *r, const cJSON *id)
{
	cJSON *copy = id != NULL ? cJSON_Duplicate(id, true) : NULL;

	cJSON_AddItemToObject(r, "id", copy != NULL ? copy : cJSON_CreateNull());
}

cJSON *
jsonrpc_reply_result(const cJSON *id, cJSON *result)
{
	cJSON *r = jsonrpc_reply_new();

	cJSON_AddItemToObject(r, "result", result != NULL ? result : cJSON_CreateNull());
	jsonrpc_reply_id(r, id);
	return r;
}

#define REPLY_HEAD	"{\"jsonrpc\":\"2.0\",\"result\":"
_Static_assert(sizeof REPLY_HEAD - 1 == RPC_TEXT_ROOM, "the room rpc_ok_text leaves");

char *
jsonrpc_reply_framed(const cJSON *id, char *text, size_t *len)
{
	size_t n = RPC_TEXT_ROOM + strlen(text + RPC_TEXT_ROOM);
	struct jsonw tail;
	size_t tlen;
	char *t;

	jsonw_init(&tail, 32);
	if (id == NULL || !jsonw_value(&tail, id)) {	/* an id is a string, number or null */
		jsonw_free(&tail);
		jsonw_init(&tail, 32);
		jsonw_raw(&tail, "null", 4);
	}
	t = jsonw_take(&tail, &tlen);
	text = xrealloc(text, n + 6 + tlen + 2);
	memcpy(text, REPLY_HEAD, RPC_TEXT_ROOM);
	memcpy(text + n, ",\"id\":", 6);
	memcpy(text + n + 6, t, tlen);
	text[n + 6 + tlen] = '}';
	text[n + 6 + tlen + 1] = '\0';
	*len = n + 6 + tlen + 1;
	free(t);
	return text;
}

cJSON *
jsonrpc_reply_error(const cJSON *id, int code, const char *data)
{
	cJSON *r = jsonrpc_reply_new(), *e = cJSON_CreateObject();

	cJSON_AddNumberToObject(e, "code", code);
	util_json_add_str(e, "message", jsonrpc_code_message(code));
	util_json_add_str(e, "data", data != NULL ? data : "");
	cJSON_AddItemToObject(r, "error", e);
	jsonrpc_reply_id(r, id);
	return r;
}
