/* call.c: a method call's success and failure, and the dispatcher services reached through
 * it; the rpc core that methods/ and compat/ build on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/rpc.h"
#include "tmpld/store.h"

#define RPC_LOOP_ANSWER_MAX	(64u << 10)	/* larger answers are built off the loop */

enum rpc_result
rpc_ok(struct rpc_call *c, cJSON *result)
{
	cJSON_Delete(c->result);
	c->result = result;
	c->result_room = false;
	err_clear(&c->err);
	return RPC_COMMIT;
}

enum rpc_result
rpc_fail_take(struct rpc_call *c, enum err_kind kind, char *text)
{
	err_take(&c->err, kind, NULL, text);
	return RPC_ROLLBACK;
}

enum rpc_result
rpc_fail_subject(struct rpc_call *c, enum err_kind kind, const char *subject,
    const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	err_take(&c->err, kind, subject, text);
	return RPC_ROLLBACK;
}

enum rpc_result
rpc_fail(struct rpc_call *c, enum err_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	return rpc_fail_take(c, kind, text);
}

enum rpc_result
rpc_fail_err(struct rpc_call *c, struct err *e)
{
	if (e->kind == ERR_NONE)
		err_set(e, ERR_INTERNAL, NULL, "Internal error.");
	err_move(&c->err, e);
	return RPC_ROLLBACK;
}

enum rpc_result
rpc_fail_store(struct rpc_call *c, int store_rc)
{
	return rpc_fail(c, ERR_STORE, "%s.", store_strerror(store_rc));
}

bool
rpc_failed(const struct rpc_call *c)
{
	return c->err.kind != ERR_NONE;
}

size_t
rpc_json_size(const cJSON *v)
{
	size_t n = 0;

	for (; v != NULL; v = v->next) {
		n += 2;					/* separator, slack */
		if (v->string != NULL)
			n += strlen(v->string) * 2 + 3;	/* escapes at worst double it */
		if (cJSON_IsString(v) && v->valuestring != NULL)
			n += strlen(v->valuestring) * 2 + 2;
		else if (cJSON_IsRaw(v) && v->valuestring != NULL)
			n += strlen(v->valuestring);	/* printed as it is */
		else if (cJSON_IsNumber(v))
			n += 24;
		else if (cJSON_IsArray(v) || cJSON_IsObject(v))
			n += 2 + rpc_json_size(v->child);
		else
			n += 5;
	}
	return n;
}

bool
rpc_move_off_loop(struct rpc_call *c)
{
	if (!c->on_loop)
		return false;
	c->off_loop = true;
	return true;
}

bool
rpc_answer_add(struct rpc_call *c, const cJSON *v)
{
	return rpc_answer_add_bytes(c, v != NULL ? rpc_json_size(v->child) + 2 : 4);
}

bool
rpc_answer_add_bytes(struct rpc_call *c, size_t n)
{
	size_t max = c->limits != NULL ? c->limits->max_answer : 0;

	c->answer_bytes += n;
	if (c->answer_bytes > RPC_LOOP_ANSWER_MAX && rpc_move_off_loop(c))
		return false;
	if (max == 0 || c->answer_bytes <= max)
		return true;
	rpc_fail_too_large(c);
	return false;
}

enum rpc_result
rpc_ok_text(struct rpc_call *c, char *text)
{
	(void)rpc_ok(c, util_json_raw_take(text));
	c->result_room = true;
	return RPC_COMMIT;
}

enum rpc_result
rpc_fail_too_large(struct rpc_call *c)
{
	return rpc_fail(c, ERR_REFUSED, "The answer would exceed the allowed size of %zu bytes: "
	    "ask for fewer objects (\"limit\"), fewer fields (\"output\") or fewer selects.",
	    c->limits != NULL ? c->limits->max_answer : 0);
}

enum rpc_result
rpc_offload(struct rpc_call *c, void (*work)(void *), rpc_write_fn then, void *arg,
    void (*arg_free)(void *))
{
	return c->svc->offload(c, work, then, arg, arg_free);
}

void
rpc_session_touch(struct rpc_call *c, const char *sid, uint64_t now, bool remove)
{
	c->svc->session_touch(c, sid, now, remove);
}

cJSON *
rpc_result_ids(const char *key, const uint64_t *ids, size_t n)
{
	cJSON *res = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(res, key);
	char buf[24];

	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)ids[i]);
		cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
	}
	return res;
}
