/* test_envelope.c: JSON-RPC body parsing and per-call envelope checks, with Zabbix's texts. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/rpc.h"

static char *
check_text(const char *json, const cJSON **echo)
{
	cJSON *doc = cJSON_Parse(json);
	struct jsonrpc_call call;
	char *cause = NULL;
	static cJSON *keep;

	assert_non_null(doc);
	if (jsonrpc_call_check(doc, &call, echo, &cause) == 0)
		cause = strdup("ok");
	cJSON_Delete(keep);
	keep = doc;	/* echo points into it until the next call */
	return cause;
}

static void
assert_check(const char *json, const char *want)
{
	const cJSON *echo;
	char *got = check_text(json, &echo);

	assert_string_equal(got, want);
	free(got);
}

static void
parse_should_reject_bad_json_and_utf8(void **state)
{
	(void)state;
	assert_null(jsonrpc_body_parse("", 0));
	assert_null(jsonrpc_body_parse("{\"a\":1", 6));
	assert_null(jsonrpc_body_parse("{} x", 4));
	assert_null(jsonrpc_body_parse("\"\xc3\x28\"", 4));
	assert_null(jsonrpc_body_parse("\"\xed\xa0\x80\"", 5));	/* a UTF-16 surrogate */
	assert_null(jsonrpc_body_parse("\"a\0b\"", 5));		/* a raw NUL in a string */
	assert_null(jsonrpc_body_parse("\"a\nb\"", 5));		/* a raw newline in a string */
	assert_null(jsonrpc_body_parse("[1]\0", 4));			/* a NUL after the value */
}

/* The same checks eight bytes at a time: a bad byte at every offset of long plain runs,
 * and escapes that straddle the runs. */
static void
parse_should_check_long_texts_at_every_offset(void **state)
{
	char buf[64];
	cJSON *doc;

	(void)state;
	for (size_t at = 1; at < 40; at++) {
		memset(buf, 'a', sizeof buf);
		buf[0] = '"';
		buf[41] = '"';
		buf[at] = '\x01';			/* a raw control in the string */
		assert_null(jsonrpc_body_parse(buf, 42));
		buf[at] = '\x1f';			/* the highest control */
		assert_null(jsonrpc_body_parse(buf, 42));
		buf[at] = ' ';				/* the lowest byte that is none */
		doc = jsonrpc_body_parse(buf, 42);
		assert_non_null(doc);
		cJSON_Delete(doc);
		buf[at] = '\xc3';			/* a lead byte without its tail */
		assert_null(jsonrpc_body_parse(buf, 42));
		buf[at] = '"';				/* the string ends early: text after it */
		assert_null(jsonrpc_body_parse(buf, 42));
		buf[at] = '\\';				/* an escape: \a is not JSON */
		assert_null(jsonrpc_body_parse(buf, 42));
		buf[at + 1] = 'n';			/* \n is */
		doc = jsonrpc_body_parse(buf, 42);
		assert_non_null(doc);
		assert_int_equal(strlen(doc->valuestring), 39);
		cJSON_Delete(doc);
		buf[at + 1] = '"';			/* \" keeps the string open */
		doc = jsonrpc_body_parse(buf, 42);
		assert_non_null(doc);
		assert_int_equal(doc->valuestring[at - 1], '"');
		cJSON_Delete(doc);
	}
	memset(buf, ' ', sizeof buf);
	memcpy(buf + 20, "[1]", 3);
	buf[30] = '\n';				/* white space outside strings */
	doc = jsonrpc_body_parse(buf, 40);
	assert_non_null(doc);
	cJSON_Delete(doc);
	buf[35] = '\x02';				/* but no other control */
	assert_null(jsonrpc_body_parse(buf, 40));
}

static void
parse_should_accept_trailing_space_and_no_nul(void **state)
{
	char buf[] = { '[', '1', ']', ' ', '\n', 'X' };
	cJSON *doc = jsonrpc_body_parse(buf, 5);

	(void)state;
	assert_non_null(doc);
	assert_true(cJSON_IsArray(doc));
	cJSON_Delete(doc);
}

static void
parse_should_refuse_deep_nesting_without_crashing(void **state)
{
	size_t n = 100000;
	char *buf = malloc(n);

	(void)state;
	memset(buf, '[', n);
	assert_null(jsonrpc_body_parse(buf, n));
	free(buf);
}

static void
check_should_name_each_member_problem(void **state)
{
	(void)state;
	assert_check("{\"method\":\"a.b\",\"params\":{},\"id\":1}",
	    "Invalid parameter \"/\": the parameter \"jsonrpc\" is missing.");
	assert_check("{\"jsonrpc\":\"1.0\",\"method\":\"a.b\",\"params\":{}}",
	    "Invalid parameter \"/jsonrpc\": value must be \"2.0\".");
	assert_check("{\"jsonrpc\":2.0,\"method\":\"a.b\",\"params\":{}}",
	    "Invalid parameter \"/jsonrpc\": a character string is expected.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":42,\"params\":{}}",
	    "Invalid parameter \"/method\": a character string is expected.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\"}",
	    "Invalid parameter \"/\": the parameter \"params\" is missing.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":\"x\"}",
	    "Invalid parameter \"/params\": an array or object is expected.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":{},\"auth\":\"\"}",
	    "Invalid parameter \"/auth\": cannot be empty.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":{},\"auth\":5}",
	    "Invalid parameter \"/auth\": a character string is expected.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":{},\"id\":[1]}",
	    "Invalid parameter \"/id\": a string, number or null value is expected.");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":{},\"x\":1}",
	    "Invalid parameter \"/\": unexpected parameter \"x\".");
	assert_check("1", "Invalid parameter \"/\": an array is expected.");
	assert_check("[1]", "Invalid parameter \"/\": unexpected parameter \"0\".");
	assert_check("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\",\"params\":[],\"auth\":null}", "ok");
}

static void
check_should_echo_only_a_valid_id(void **state)
{
	const cJSON *echo;
	char *cause;

	(void)state;
	cause = check_text("{\"jsonrpc\":\"1.0\",\"method\":\"a\",\"params\":{},\"id\":\"c\"}", &echo);
	assert_non_null(echo);
	assert_string_equal(echo->valuestring, "c");
	free(cause);
	cause = check_text("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{},\"id\":{}}", &echo);
	assert_null(echo);
	free(cause);
}

static void
reply_should_order_members_and_keep_messages(void **state)
{
	cJSON *id = cJSON_CreateNumber(-1.5);
	cJSON *r = jsonrpc_reply_error(id, JSONRPC_PARSE_ERROR, "d");
	size_t len;
	char *s = jsonrpc_print(r, &len);

	(void)state;
	assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,"
	    "\"message\":\"Parse error\",\"data\":\"d\"},\"id\":-1.5}");
	assert_int_equal(len, strlen(s));
	cJSON_free(s);
	cJSON_Delete(r);
	r = jsonrpc_reply_result(NULL, cJSON_CreateTrue());
	s = jsonrpc_print(r, &len);
	assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":null}");
	cJSON_free(s);
	cJSON_Delete(r);
	cJSON_Delete(id);
	assert_string_equal(jsonrpc_code_message(JSONRPC_APPLICATION_ERROR), "Application error.");
	assert_string_equal(jsonrpc_code_message(JSONRPC_INVALID_REQUEST), "Invalid request.");
}

/* A streamed answer framed in place is the reply jsonrpc_print writes for the same text as a
 * raw result, for every kind of id an envelope may echo, and for results that outgrow their
 * buffer's first size. */
static void
framed_reply_should_match_the_printed_one(void **state)
{
	static const char *const ids[] = { NULL, "1", "0", "-7", "1.5", "1e+20", "123456789012345",
		"\"a\\\"b\"", "\"\"", "null", "\"\\u00e9\"" };
	static const char *const results[] = { "[]", "{}", "true", "[{\"a\":\"b\"},{\"c\":\"\"}]" };

	(void)state;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		for (size_t j = 0; j <= sizeof results / sizeof results[0]; j++) {
			cJSON *id = ids[i] != NULL ? cJSON_Parse(ids[i]) : NULL;
			const char *res = j < sizeof results / sizeof results[0] ? results[j] : NULL;
			size_t big = 5000, rlen = res != NULL ? strlen(res) : big;
			char *text = malloc(RPC_TEXT_ROOM + rlen + 1), *want, *got;
			cJSON *r;
			size_t wlen, glen;

			memset(text, ' ', RPC_TEXT_ROOM);
			if (res != NULL)
				memcpy(text + RPC_TEXT_ROOM, res, rlen);
			else {	/* a long string value */
				memset(text + RPC_TEXT_ROOM, 'x', rlen);
				text[RPC_TEXT_ROOM] = text[RPC_TEXT_ROOM + rlen - 1] = '"';
			}
			text[RPC_TEXT_ROOM + rlen] = '\0';
			r = jsonrpc_reply_result(id, cJSON_CreateRaw(text + RPC_TEXT_ROOM));
			want = jsonrpc_print(r, &wlen);
			got = jsonrpc_reply_framed(id, text, &glen);
			assert_string_equal(got, want);
			assert_int_equal(glen, wlen);
			assert_int_equal(strlen(got), glen);
			free(got);
			free(want);
			cJSON_Delete(r);
			cJSON_Delete(id);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_should_reject_bad_json_and_utf8),
		cmocka_unit_test(parse_should_check_long_texts_at_every_offset),
		cmocka_unit_test(parse_should_accept_trailing_space_and_no_nul),
		cmocka_unit_test(parse_should_refuse_deep_nesting_without_crashing),
		cmocka_unit_test(check_should_name_each_member_problem),
		cmocka_unit_test(check_should_echo_only_a_valid_id),
		cmocka_unit_test(reply_should_order_members_and_keep_messages),
		cmocka_unit_test(framed_reply_should_match_the_printed_one),
	};

	return cmocka_run_group_tests_name("envelope", tests, NULL, NULL);
}
