/* fuzz_jsonrpc.c: libFuzzer target for the JSON-RPC envelope: body parsing
 * (jsonrpc_body_parse) and the per-call checks (jsonrpc_call_check), with their contracts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_jsonrpc: %s\n", what);
	abort();
}

/* One call: either a checked call with a method, or a cause and an error reply. */
static void
fuzz_call(const cJSON *elem)
{
	struct jsonrpc_call c;
	const cJSON *echo = NULL;
	char *cause = NULL, *text;
	cJSON *reply;
	size_t len;

	memset(&c, 0, sizeof c);
	if (jsonrpc_call_check(elem, &c, &echo, &cause) == 0) {
		if (cause != NULL || c.method == NULL)
			fuzz_fail("a valid call without a method, or with a cause");
		reply = jsonrpc_reply_result(c.id, cJSON_CreateObject());
	} else {
		if (cause == NULL)
			fuzz_fail("an invalid call without a cause");
		reply = jsonrpc_reply_error(echo, JSONRPC_INVALID_REQUEST, cause);
	}
	text = jsonrpc_print(reply, &len);
	if (text == NULL || strlen(text) != len)
		fuzz_fail("a reply that does not print");
	free(text);
	cJSON_Delete(reply);
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *body = jsonrpc_body_parse((const char *)data, size);
	const cJSON *elem;

	if (body == NULL)
		return 0;
	if (cJSON_IsArray(body)) {
		cJSON_ArrayForEach(elem, body)
			fuzz_call(elem);
	} else
		fuzz_call(body);
	cJSON_Delete(body);
	return 0;
}
