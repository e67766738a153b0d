/* test_rules.c: the params rule engine: Zabbix's and BlueKing's messages, kinds and paths,
 * normalisation, lenient objects, deprecated names and uniqueness over large lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/util.h"
#include "tmpld/validate.h"

static const struct rule_field group_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule group_rule = { .type = RULE_OBJECT, .fields = group_fields };
static const struct rule_field obj_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 5 } },
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } },
	{ "groups", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	    .elem = &group_rule } },
	{ "flag", { .type = RULE_FLAG } },
	{ NULL, { 0 } },
};
static const struct rule obj_rule = { .type = RULE_OBJECT, .fields = obj_fields };
static const struct rule empty_rule = { .type = RULE_EMPTY };

static const char *const tag_uniq[] = { "tag,value", NULL };
static const struct rule_field tag_fields[] = {
	{ "tag", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY } },
	{ "value", { .type = RULE_STRING, .dflt = "" } },
	{ NULL, { 0 } },
};
static const struct rule tag_rule = { .type = RULE_OBJECT, .fields = tag_fields };
static const struct rule tags_rule = { .type = RULE_OBJECTS, .elem = &tag_rule, .uniq = tag_uniq };
static const struct rule_field holder_fields[] = {
	{ "tags", { .ref = &tags_rule, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule holder_elem = { .type = RULE_OBJECT, .fields = holder_fields };
static const struct rule holders_rule = { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY,
	.elem = &holder_elem };
static const struct rule ids_rule = { .type = RULE_IDS, .flags = RULE_NOT_EMPTY,
	.uniq = rule_uniq_ids };

static enum err_kind last_kind;

static char *
run_doc(const struct rule *r, cJSON *doc)
{
	char *cause = NULL;

	last_kind = validate_params(r, doc, &cause);
	if (last_kind == ERR_NONE) {
		assert_null(cause);
		cause = strdup("ok");
	} else
		assert_non_null(cause);
	return cause;
}

static char *
run(const struct rule *r, const char *json, cJSON **out)
{
	cJSON *doc = cJSON_Parse(json);
	char *cause;

	assert_non_null(doc);
	cause = run_doc(r, doc);
	if (out != NULL)
		*out = doc;
	else
		cJSON_Delete(doc);
	return cause;
}

static void
assert_rule(const struct rule *r, const char *json, const char *want)
{
	char *got = run(r, json, NULL);

	assert_string_equal(got, want);
	free(got);
}

static void
assert_kind(const struct rule *r, const char *json, enum err_kind kind, const char *want)
{
	assert_rule(r, json, want);
	assert_int_equal(last_kind, kind);
}

static void
object_should_check_unexpected_before_missing(void **state)
{
	(void)state;
	assert_rule(&obj_rule, "{\"foo\":1}", "Invalid parameter \"/\": unexpected parameter \"foo\".");
	assert_rule(&obj_rule, "{}", "Invalid parameter \"/\": the parameter \"templateid\" is missing.");
	assert_rule(&obj_rule, "\"x\"", "Invalid parameter \"/\": an array is expected.");
}

static void
fields_should_give_zabbix_texts_with_paths(void **state)
{
	(void)state;
	assert_rule(&obj_rule, "{\"templateid\":\"abc\"}",
	    "Invalid parameter \"/templateid\": a number is expected.");
	assert_rule(&obj_rule, "{\"templateid\":\"-5\"}",
	    "Invalid parameter \"/templateid\": a number is expected.");
	/* digits past 2^64 - 1 are a number, one too large (Zabbix: ctype_digit, then bccomp) */
	assert_rule(&obj_rule, "{\"templateid\":\"99999999999999999999\"}",
	    "Invalid parameter \"/templateid\": a number is too large.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"name\":\"\"}",
	    "Invalid parameter \"/name\": cannot be empty.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}", "ok");
	assert_rule(&obj_rule, "{\"templateid\":1,\"name\":\"abcdef\"}",
	    "Invalid parameter \"/name\": value is too long.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"type\":3}",
	    "Invalid parameter \"/type\": value must be one of 0, 1, 2.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"type\":\"2\"}", "ok");
	assert_rule(&obj_rule, "{\"templateid\":1,\"groups\":[]}",
	    "Invalid parameter \"/groups\": cannot be empty.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"groups\":[{}]}",
	    "Invalid parameter \"/groups/1\": the parameter \"groupid\" is missing.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"groups\":\"x\"}",
	    "Invalid parameter \"/groups\": an array is expected.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"flag\":1}",
	    "Invalid parameter \"/flag\": a boolean is expected.");
}

static void
ids_should_be_normalised_to_strings(void **state)
{
	cJSON *doc;
	char *got = run(&obj_rule, "{\"templateid\":42,\"groups\":{\"groupid\":\"007\"}}", &doc);

	(void)state;
	assert_string_equal(got, "ok");
	free(got);
	assert_string_equal(cJSON_GetObjectItem(doc, "templateid")->valuestring, "42");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "groups")));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc,
	    "groups"), 0), "groupid")->valuestring, "7");
	cJSON_Delete(doc);
}

static void
empty_rule_should_accept_only_empty(void **state)
{
	(void)state;
	assert_rule(&empty_rule, "{}", "ok");
	assert_rule(&empty_rule, "[]", "ok");
	assert_rule(&empty_rule, "{\"x\":1}", "Invalid parameter \"/\": should be empty.");
}

static void
uniqueness_should_come_after_shape_with_defaults(void **state)
{
	(void)state;
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"a\"},{\"tag\":\"a\",\"value\":\"\"}]}]",
	    "Invalid parameter \"/1/tags/2\": value (tag, value)=(a, ) already exists.");
	/* the shape of the second object fails before the first one's duplicate is seen */
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"a\"},{\"tag\":\"a\"}]},{}]",
	    "Invalid parameter \"/2\": the parameter \"tags\" is missing.");
	assert_rule(&holders_rule, "[]", "Invalid parameter \"/\": cannot be empty.");
	assert_rule(&ids_rule, "[\"5\", 6, \"5\"]", "Invalid parameter \"/3\": value (5) already exists.");
	assert_rule(&ids_rule, "[\"x\"]", "Invalid parameter \"/1\": a number is expected.");
}

/* ---- uniqueness over large lists (issue 9): sorted, so 100,000 elements are cheap ---- */

#define BIG 100000

static cJSON *
big_ids(size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	char buf[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%zu", i + 1);
		cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
	}
	return arr;
}

static void
uniqueness_should_hold_over_100000_ids(void **state)
{
	cJSON *arr = big_ids(BIG);
	char *got;

	(void)state;
	got = run_doc(&ids_rule, arr);
	assert_string_equal(got, "ok");
	free(got);
	/* two repeats: the one sent first is reported, as Zabbix walks the list in order */
	cJSON_ReplaceItemInArray(arr, BIG - 1, cJSON_CreateString("7"));
	cJSON_ReplaceItemInArray(arr, BIG - 2, cJSON_CreateString("3"));
	got = run_doc(&ids_rule, arr);
	assert_string_equal(got, "Invalid parameter \"/99999\": value (3) already exists.");
	free(got);
	/* a repeat of a repeat: the earliest second occurrence wins */
	cJSON_ReplaceItemInArray(arr, 10, cJSON_CreateString("3"));
	got = run_doc(&ids_rule, arr);
	assert_string_equal(got, "Invalid parameter \"/11\": value (3) already exists.");
	free(got);
	cJSON_Delete(arr);
}

static void
uniqueness_should_hold_over_100000_objects(void **state)
{
	cJSON *doc = cJSON_CreateArray(), *holder = cJSON_CreateObject();
	cJSON *tags = cJSON_AddArrayToObject(holder, "tags");
	char tag[32], *got;

	(void)state;
	cJSON_AddItemToArray(doc, holder);
	for (size_t i = 0; i < BIG; i++) {
		cJSON *t = cJSON_CreateObject();

		snprintf(tag, sizeof tag, "t%zu", i % (BIG / 2));
		cJSON_AddStringToObject(t, "tag", tag);
		cJSON_AddStringToObject(t, "value", i < BIG / 2 ? "a" : "b");
		cJSON_AddItemToArray(tags, t);
	}
	got = run_doc(&holders_rule, doc);
	assert_string_equal(got, "ok");
	free(got);
	cJSON_ReplaceItemInArray(tags, BIG - 1, cJSON_Parse("{\"tag\":\"t17\",\"value\":\"a\"}"));
	got = run_doc(&holders_rule, doc);
	assert_string_equal(got,
	    "Invalid parameter \"/1/tags/100000\": value (tag, value)=(t17, a) already exists.");
	free(got);
	cJSON_Delete(doc);
}

/* "a, b" + "c" and "a" + "b, c" read alike but are different tuples. */
#define LONG10	"0123456789"
#define LONG100	LONG10 LONG10 LONG10 LONG10 LONG10 LONG10 LONG10 LONG10 LONG10 LONG10

static void
uniqueness_should_not_confuse_tuples_that_read_alike(void **state)
{
	(void)state;
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"a, b\",\"value\":\"c\"},"
	    "{\"tag\":\"a\",\"value\":\"b, c\"}]}]", "ok");
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"x\",\"value\":\"\"},"
	    "{\"tag\":\"x\"}]}]",
	    "Invalid parameter \"/1/tags/2\": value (tag, value)=(x, ) already exists.");
	/* the length before each value keeps "1:" inside a value from reading as a separator */
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"a;1:b\",\"value\":\"\"},"
	    "{\"tag\":\"a\",\"value\":\"b;0:\"}]}]", "ok");
	/* keys longer than the first buffer, equal and not */
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"" LONG100 "\",\"value\":\"" LONG100 "\"},"
	    "{\"tag\":\"" LONG100 "\",\"value\":\"" LONG100 "x\"}]}]", "ok");
	assert_rule(&holders_rule, "[{\"tags\":[{\"tag\":\"" LONG100 "\",\"value\":\"v\"},"
	    "{\"tag\":\"" LONG100 "\",\"value\":\"v\"}]}]",
	    "Invalid parameter \"/1/tags/2\": value (tag, value)=(" LONG100 ", v) already exists.");
}

/* ---- lenient objects ---- */

static const struct rule_field lenient_fields[] = {
	{ "limit", { .type = RULE_INT32 } },
	{ "output", { .type = RULE_ANY } },
	{ NULL, { 0 } },
};
static const struct rule lenient_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lenient_fields };
static const struct rule lenient_objects = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &lenient_rule };

static void
lenient_objects_should_ignore_unknown_members(void **state)
{
	(void)state;
	assert_rule(&lenient_rule, "{\"bogus\":1,\"output\":\"extend\"}", "ok");
	assert_rule(&lenient_rule, "[1,2]", "ok");
	/* declared members still have their rules */
	assert_rule(&lenient_rule, "{\"bogus\":1,\"limit\":\"x\"}",
	    "Invalid parameter \"/limit\": an integer is expected.");
	/* another JSON type is the method's to answer (Zabbix's legacy texts) */
	assert_rule(&lenient_rule, "\"x\"", "ok");
	assert_rule(&lenient_objects, "{\"limit\":1}", "ok");
	assert_rule(&lenient_objects, "[5,{\"x\":1}]", "ok");
	assert_rule(&lenient_objects, "[{\"limit\":true}]",
	    "Invalid parameter \"/1/limit\": an integer is expected.");
}

/* ---- deprecated member names ---- */

static const struct rule_field login_fields[] = {
	{ "user", { .type = RULE_ANY, .rename = "username" } },
	{ "username", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = 5 } },
	{ NULL, { 0 } },
};
static const struct rule login_rule = { .type = RULE_OBJECT, .fields = login_fields };

static void
deprecated_names_should_be_renamed_or_refused(void **state)
{
	cJSON *doc;
	char *got = run(&login_rule, "{\"user\":\"adm\"}", &doc);

	(void)state;
	assert_string_equal(got, "ok");
	free(got);
	assert_null(cJSON_GetObjectItem(doc, "user"));
	assert_string_equal(cJSON_GetObjectItem(doc, "username")->valuestring, "adm");
	cJSON_Delete(doc);
	assert_kind(&login_rule, "{\"user\":\"a\",\"username\":\"b\"}", ERR_PARAM,
	    "Parameter \"user\" is deprecated.");
	/* the renamed value meets the new name's rule, at the new name's path */
	assert_rule(&login_rule, "{\"user\":\"toolong\"}",
	    "Invalid parameter \"/username\": value is too long.");
	assert_rule(&login_rule, "{}", "Invalid parameter \"/\": the parameter \"username\" is missing.");
}

/* ---- the BlueKing dialect ---- */

static const struct rule_field bk_page_fields[] = {
	{ "start", { .type = RULE_INTEGER } },
	{ "sort", { .type = RULE_STRING } },
	{ NULL, { 0 } },
};
static const struct rule_field bk_proc_fields[] = {
	{ "spec", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .fail = { ERR_TYPE, "an object" } } },
	{ NULL, { 0 } },
};
static const struct rule bk_proc_rule = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = bk_proc_fields };
static const struct rule_field bk_fields[] = {
	{ "bk_biz_id", { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:",
	    .fail = { ERR_PARAM, "a positive integer is required" } } },
	{ "id", { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:",
	    .fail = { ERR_MISSING, "is required and must be a positive integer" } } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY,
	    .fail = { ERR_PARAM, "required, not empty" } } },
	{ "ids", { .type = RULE_INTEGERS, .flags = RULE_NOT_EMPTY,
	    .fail = { ERR_EMPTY, "cannot be empty" }, .max = 3,
	    .max_fail = { ERR_LIMIT, "holds more than 3 ids" } } },
	{ "page", { .type = RULE_OBJECT, .flags = RULE_LENIENT | RULE_TYPES_FIRST,
	    .fields = bk_page_fields } },
	{ "processes", { .type = RULE_OBJECTS, .elem = &bk_proc_rule } },
	{ NULL, { 0 } },
};
static const struct rule bk_rule = { .type = RULE_OBJECT, .flags = RULE_BK | RULE_LENIENT,
	.fields = bk_fields };
static const struct rule_field bk_first_fields[] = {
	{ "prop", { .type = RULE_OBJECT, .flags = RULE_REQUIRED | RULE_LENIENT,
	    .fail = { ERR_MISSING, "is required" } } },
	{ "id", { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:",
	    .fail = { ERR_MISSING, "is required and must be a positive integer" } } },
	{ NULL, { 0 } },
};
static const struct rule bk_first_rule = { .type = RULE_OBJECT,
	.flags = RULE_BK | RULE_LENIENT | RULE_TYPES_FIRST, .fields = bk_first_fields };

static void
bk_rules_should_give_bk_texts_and_kinds(void **state)
{
	(void)state;
	assert_kind(&bk_rule, "[]", ERR_TYPE,
	    "invalid JSON data: the request body should be a JSON object");
	assert_kind(&bk_rule, "{\"id\":1}", ERR_PARAM,
	    "'bk_biz_id' parameter validation failed: a positive integer is required");
	assert_kind(&bk_rule, "{\"bk_biz_id\":null,\"id\":1}", ERR_PARAM,
	    "'bk_biz_id' parameter validation failed: a positive integer is required");
	assert_kind(&bk_rule, "{\"bk_biz_id\":\"1\",\"id\":1}", ERR_TYPE,
	    "invalid JSON data: 'bk_biz_id' should be an integer");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1.5,\"id\":1}", ERR_TYPE,
	    "invalid JSON data: 'bk_biz_id' should be an integer");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1e300,\"id\":1}", ERR_TYPE,
	    "invalid JSON data: 'bk_biz_id' should be an integer");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":0}", ERR_MISSING,
	    "invalid input parameter: 'id' is required and must be a positive integer");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"name\":\"\"}", ERR_PARAM,
	    "'name' parameter validation failed: required, not empty");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"name\":5}", ERR_TYPE,
	    "invalid JSON data: 'name' should be a string");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"ids\":[]}", ERR_EMPTY,
	    "'ids' cannot be empty");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"ids\":[1,2,3,4]}", ERR_LIMIT,
	    "'ids' holds more than 3 ids");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"ids\":[1,0]}", ERR_TYPE,
	    "invalid JSON data: 'ids' should be an array of positive integers");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"ids\":\"1\"}", ERR_TYPE,
	    "invalid JSON data: 'ids' should be an array of integers");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"page\":[]}", ERR_TYPE,
	    "invalid JSON data: 'page' should be an object");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"processes\":[{\"spec\":{}},7]}",
	    ERR_TYPE, "invalid JSON data: 'processes[1]' should be an object");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"processes\":[{\"spec\":null}]}",
	    ERR_TYPE, "invalid JSON data: 'processes[0].spec' should be an object");
	/* unknown members (the ESB credentials) are ignored; null is absent */
	assert_kind(&bk_rule, "{\"bk_app_code\":\"x\",\"bk_biz_id\":1,\"id\":2,\"page\":null,"
	    "\"name\":null}", ERR_NONE, "ok");
}

/* BlueKing decodes first: every type, in the order sent, before any value. */
static void
bk_types_should_come_first_in_the_order_sent(void **state)
{
	(void)state;
	assert_kind(&bk_first_rule, "{\"id\":\"x\",\"prop\":5}", ERR_TYPE,
	    "invalid JSON data: 'id' should be an integer");
	assert_kind(&bk_first_rule, "{\"prop\":5,\"id\":\"x\"}", ERR_TYPE,
	    "invalid JSON data: 'prop' should be an object");
	assert_kind(&bk_first_rule, "{\"id\":0}", ERR_MISSING,
	    "invalid input parameter: 'prop' is required");
	assert_kind(&bk_first_rule, "{\"id\":0,\"prop\":{}}", ERR_MISSING,
	    "invalid input parameter: 'id' is required and must be a positive integer");
	assert_kind(&bk_rule, "{\"bk_biz_id\":1,\"id\":1,\"page\":{\"sort\":1,\"start\":\"x\"}}",
	    ERR_TYPE, "invalid JSON data: 'page.sort' should be a string");
}

/* Numbers JSON can carry but C cannot convert are refused, never undefined. */
static void
huge_numbers_should_be_refused(void **state)
{
	(void)state;
	assert_rule(&obj_rule, "{\"templateid\":1e300}",
	    "Invalid parameter \"/templateid\": a number is expected.");
	assert_rule(&obj_rule, "{\"templateid\":-1e300}",
	    "Invalid parameter \"/templateid\": a number is expected.");
	assert_rule(&obj_rule, "{\"templateid\":9007199254740992}", "ok");
	assert_rule(&obj_rule, "{\"templateid\":1,\"type\":1e300}",
	    "Invalid parameter \"/type\": an integer is expected.");
	assert_rule(&obj_rule, "{\"templateid\":1,\"type\":5000000000}",
	    "Invalid parameter \"/type\": a number is too large.");
}

/* ---- a NUL in a string (issue 9): kept whole, refused by Zabbix's string rules ---- */

static char *
host_name_check(const cJSON *v)
{
	return strchr(v->valuestring, '\xC0') != NULL ? xstrdup("invalid host name") : NULL;
}

static const struct rule_field nul_fields[] = {
	{ "host", { .type = RULE_STRING, .check = host_name_check } },
	{ "name", { .type = RULE_STRING, .length = 3 } },
	{ "sessionid", { .type = RULE_STRING, .flags = RULE_KEEP_NUL } },
	{ NULL, { 0 } },
};
static const struct rule nul_rule = { .type = RULE_OBJECT, .fields = nul_fields };
static const struct rule_field nul_bk_fields[] = {
	{ "name", { .type = RULE_STRING } },
	{ NULL, { 0 } },
};
static const struct rule nul_bk_rule = { .type = RULE_OBJECT, .flags = RULE_BK,
	.fields = nul_bk_fields };

static char *
run_body(const struct rule *r, const char *body, char **printed)
{
	cJSON *doc = jsonrpc_body_parse(body, strlen(body));
	size_t len;
	char *got;

	assert_non_null(doc);
	got = run_doc(r, doc);
	if (printed != NULL)
		*printed = jsonrpc_print(doc, &len);
	cJSON_Delete(doc);
	return got;
}

static void
nul_should_never_cut_a_string(void **state)
{
	char *got, *printed;

	(void)state;
	/* the body parser keeps it as C0 80: "a", NUL, "b" is 4 bytes, 3 characters */
	got = run_body(&nul_bk_rule, "{\"name\":\"a\\u0000b\"}", &printed);
	assert_string_equal(got, "ok");
	assert_string_equal(printed, "{\"name\":\"a\\u0000b\"}");
	free(got);
	cJSON_free(printed);
	/* Zabbix: a field check speaks first, else the invalid-string text */
	got = run_body(&nul_rule, "{\"host\":\"a\\u0000b\"}", NULL);
	assert_string_equal(got, "Invalid parameter \"/host\": invalid host name.");
	free(got);
	got = run_body(&nul_rule, "{\"name\":\"a\\u0000b\"}", NULL);
	assert_string_equal(got, "Invalid parameter \"/name\": invalid byte sequence in UTF-8.");
	free(got);
	got = run_body(&nul_rule, "{\"name\":\"\\u0000\"}", NULL);
	assert_string_equal(got, "Invalid parameter \"/name\": invalid byte sequence in UTF-8.");
	free(got);
	/* a value only looked up keeps it: the lookup fails on its own */
	got = run_body(&nul_rule, "{\"sessionid\":\"a\\u0000b\"}", &printed);
	assert_string_equal(got, "ok");
	assert_string_equal(printed, "{\"sessionid\":\"a\\u0000b\"}");
	free(got);
	cJSON_free(printed);
	/* an escaped backslash before u0000 is plain text; a member name keeps its NUL too */
	got = run_body(&nul_rule, "{\"name\":\"\\\\u0000\"}", NULL);
	assert_string_equal(got, "Invalid parameter \"/name\": value is too long.");
	free(got);
	got = run_body(&nul_rule, "{\"na\\u0000me\":1}", &printed);
	assert_string_equal(got, "Invalid parameter \"/\": unexpected parameter \"na\xC0\x80me\".");
	assert_string_equal(printed, "{\"na\\u0000me\":1}");
	free(got);
	cJSON_free(printed);
}

/* fuzz_rules finding: an unexpected member's name was cut at 200 bytes, which could end
 * inside a UTF-8 character and make the answer invalid UTF-8. It is named whole now. */
static void
unexpected_names_should_be_whole(void **state)
{
	char key[1200], json[1300], want[1400];
	size_t o = 0;
	char *got;

	(void)state;
	key[o++] = 'k';
	while (o + 2 < sizeof key - 1) {	/* 'k' then 2-byte characters: 200 falls inside one */
		key[o++] = '\xc3';
		key[o++] = '\xa9';
	}
	key[o] = '\0';
	snprintf(json, sizeof json, "{\"templateid\":1,\"%s\":1}", key);
	snprintf(want, sizeof want, "Invalid parameter \"/\": unexpected parameter \"%s\".", key);
	got = run(&obj_rule, json, NULL);
	assert_string_equal(got, want);
	assert_true(util_utf8_valid(got, strlen(got)));
	free(got);
	/* the envelope's own member check had the same cut */
	{
		struct jsonrpc_call c;
		const cJSON *echo;
		cJSON *doc;

		snprintf(json, sizeof json, "{\"jsonrpc\":\"2.0\",\"%s\":1}", key);
		doc = cJSON_Parse(json);
		assert_int_equal(jsonrpc_call_check(doc, &c, &echo, &got), -1);
		assert_string_equal(got, want);
		free(got);
		cJSON_Delete(doc);
	}
}

/* zabbix differential finding: REQUIRED given by a referenced rule (template.massadd's
 * templates) was not enforced at its object, only its own field's flags were. */
static const struct rule required_ref = { .type = RULE_IDS, .flags = RULE_REQUIRED };
static const struct rule_field ref_fields[] = {
	{ "ids", { .ref = &required_ref } },
	{ NULL, { 0 } },
};
static const struct rule ref_rule = { .type = RULE_OBJECT, .fields = ref_fields };

static void
required_by_a_reference_should_be_required(void **state)
{
	(void)state;
	assert_rule(&ref_rule, "{}", "Invalid parameter \"/\": the parameter \"ids\" is missing.");
	assert_rule(&ref_rule, "[]", "Invalid parameter \"/\": the parameter \"ids\" is missing.");
	assert_rule(&ref_rule, "{\"ids\":[1]}", "ok");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(object_should_check_unexpected_before_missing),
		cmocka_unit_test(fields_should_give_zabbix_texts_with_paths),
		cmocka_unit_test(ids_should_be_normalised_to_strings),
		cmocka_unit_test(empty_rule_should_accept_only_empty),
		cmocka_unit_test(uniqueness_should_come_after_shape_with_defaults),
		cmocka_unit_test(uniqueness_should_hold_over_100000_ids),
		cmocka_unit_test(uniqueness_should_hold_over_100000_objects),
		cmocka_unit_test(uniqueness_should_not_confuse_tuples_that_read_alike),
		cmocka_unit_test(lenient_objects_should_ignore_unknown_members),
		cmocka_unit_test(deprecated_names_should_be_renamed_or_refused),
		cmocka_unit_test(bk_rules_should_give_bk_texts_and_kinds),
		cmocka_unit_test(bk_types_should_come_first_in_the_order_sent),
		cmocka_unit_test(huge_numbers_should_be_refused),
		cmocka_unit_test(nul_should_never_cut_a_string),
		cmocka_unit_test(unexpected_names_should_be_whole),
		cmocka_unit_test(required_by_a_reference_should_be_required),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
