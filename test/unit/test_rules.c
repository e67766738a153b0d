/* test_rules.c: the params rule engine: Zabbix's messages, paths and normalisation. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
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

static char *
run(const struct rule *r, const char *json, cJSON **out)
{
	cJSON *doc = cJSON_Parse(json);
	char *cause = NULL;

	assert_non_null(doc);
	if (validate_params(r, doc, &cause) == 0)
		cause = strdup("ok");
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
	assert_rule(&obj_rule, "{\"templateid\":\"99999999999999999999\"}",
	    "Invalid parameter \"/templateid\": a number is expected.");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(object_should_check_unexpected_before_missing),
		cmocka_unit_test(fields_should_give_zabbix_texts_with_paths),
		cmocka_unit_test(ids_should_be_normalised_to_strings),
		cmocka_unit_test(empty_rule_should_accept_only_empty),
		cmocka_unit_test(uniqueness_should_come_after_shape_with_defaults),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
