/* fuzz_rules.c: libFuzzer target for the params rules: random JSON against the real rule tree
 * of a method of the table (the first byte picks it), asserting the engine's contracts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what, const struct rpc_method *m, const char *detail)
{
	fprintf(stderr, "fuzz_rules: %s\n  method: %s\n  detail: \"%s\"\n", what, m->name,
	    detail != NULL ? detail : "(null)");
	abort();
}

static bool
fuzz_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Valid UTF-8 once every kept NUL (C0 80) is counted as a character. */
static bool
fuzz_utf8(const char *s)
{
	char *copy = strdup(s), *p = copy;
	bool ok;

	if (copy == NULL)
		abort();
	while ((p = strstr(p, "\xC0\x80")) != NULL) {
		p[0] = p[1] = 'x';
		p += 2;
	}
	ok = util_utf8_valid(copy, strlen(copy));
	free(copy);
	return ok;
}

/* A failure is one of the dialect's kinds, with one of its texts, printable as JSON. */
static void
fuzz_check_failure(const struct rpc_method *m, enum err_kind kind, const char *cause)
{
	bool bk = (m->params->flags & RULE_BK) != 0;

	if (cause == NULL || *cause == '\0')
		fuzz_fail("a failure without a cause", m, NULL);
	if (!fuzz_utf8(cause))
		fuzz_fail("a cause that is not UTF-8", m, cause);
	if (!bk) {
		if (kind != ERR_PARAM)
			fuzz_fail("a Zabbix failure not of kind ERR_PARAM", m, cause);
		if (!fuzz_prefix(cause, "Invalid parameter \"") &&
		    !(fuzz_prefix(cause, "Parameter \"") && strstr(cause, "\" is deprecated.")))
			fuzz_fail("not a Zabbix validator text", m, cause);
		if (cause[strlen(cause) - 1] != '.')
			fuzz_fail("a Zabbix text without its full stop", m, cause);
		return;
	}
	switch (kind) {
	case ERR_TYPE:
		if (!fuzz_prefix(cause, "invalid JSON data: "))
			fuzz_fail("ERR_TYPE without BlueKing's decoding text", m, cause);
		break;
	case ERR_MISSING:
		if (!fuzz_prefix(cause, "invalid input parameter: '"))
			fuzz_fail("ERR_MISSING without BlueKing's input text", m, cause);
		break;
	case ERR_PARAM:
		if (!fuzz_prefix(cause, "'") || strstr(cause, "' parameter validation failed: ") ==
		    NULL)
			fuzz_fail("ERR_PARAM without BlueKing's validation text", m, cause);
		break;
	case ERR_EMPTY:
	case ERR_LIMIT:
		if (!fuzz_prefix(cause, "'"))
			fuzz_fail("ERR_EMPTY/ERR_LIMIT not naming its member", m, cause);
		break;
	default:
		fuzz_fail("a BlueKing failure of an unknown kind", m, cause);
	}
}

/* Checking what a check let through (and normalised) again changes nothing and passes.
 * (Compared as text: cJSON_Compare finds only the first of repeated member names.) */
static void
fuzz_check_stable(const struct rpc_method *m, cJSON *doc)
{
	cJSON *again = cJSON_Duplicate(doc, true);
	char *cause = NULL, *a, *b;
	enum err_kind kind;

	if (again == NULL)
		abort();
	kind = validate_params(m->params, again, &cause);
	if (kind != ERR_NONE)
		fuzz_fail("valid params are refused the second time", m, cause);
	a = cJSON_PrintUnformatted(doc);
	b = cJSON_PrintUnformatted(again);
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		fuzz_fail("normalised params change when checked again", m, b);
	cJSON_free(a);
	cJSON_free(b);
	cJSON_Delete(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t count;
	const struct rpc_method *m;
	enum err_kind kind;
	char *cause = (char *)1, *text;
	cJSON *doc;
	size_t len;

	if (count == 0)
		while (methods_get(count) != NULL)
			count++;
	if (size < 1)
		return 0;
	m = methods_get(data[0] % count);
	if ((doc = jsonrpc_body_parse((const char *)data + 1, size - 1)) == NULL)
		return 0;
	kind = validate_params(m->params, doc, &cause);
	if (kind == ERR_NONE && cause != NULL)
		fuzz_fail("success with a cause", m, cause);
	if (kind != ERR_NONE)
		fuzz_check_failure(m, kind, cause);
	else
		fuzz_check_stable(m, doc);
	free(cause);
	text = jsonrpc_print(doc, &len);
	if (strlen(text) != len)
		fuzz_fail("normalised params do not print", m, NULL);
	cJSON_free(text);
	cJSON_Delete(doc);
	return 0;
}
