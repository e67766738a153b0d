/* test_get.c: the *.get engine over an in-memory kind: search LIKE, filter, sorting and its
 * refusal, limit, countOutput, preservekeys, output projection, tag conditions. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"

/* Three "widgets" with ids 3, 1, 2 (the scan gives them unsorted, the engine sorts). */
static const char *const widget_rows[] = {
	"{\"wid\":\"1\",\"name\":\"Beta\",\"size\":\"10\",\"note\":\"x_y\"}",
	"{\"wid\":\"2\",\"name\":\"alpha\",\"size\":\"9\",\"note\":\"50%\"}",
	"{\"wid\":\"3\",\"name\":\"Gamma ray\",\"size\":\"100\",\"note\":\"\"}",
};

static const struct get_field widget_fields[] = {
	{ "wid", GET_F_NUM }, { "name", 0 }, { "size", GET_F_NUM }, { "note", 0 }, { NULL, 0 },
};
static const char *const widget_sortable[] = { "wid", "name", "size", NULL };

static int
widget_load(struct rpc_call *call, uint64_t id, cJSON **row)
{
	(void)call;
	*row = id >= 1 && id <= 3 ? cJSON_Parse(widget_rows[id - 1]) : NULL;
	return STORE_OK;
}

static int
widget_scan(struct rpc_call *call, struct id_list *ids)
{
	(void)call;
	id_list_add(ids, 3);
	id_list_add(ids, 1);
	id_list_add(ids, 2);
	id_list_add(ids, 7);	/* not a widget: skipped */
	return STORE_OK;
}

/* An option that joins another table, as groupids does in Zabbix's template.get. */
static const char *const widget_joins[] = { "groupids", NULL };

static const struct get_kind widget_kind = {
	.pk = "wid", .dbpk = "wid", .fields = widget_fields, .sortable = widget_sortable,
	.load = widget_load, .scan = widget_scan, .joins = widget_joins,
};

/* Runs a get with params; returns the result (or the error data) as compact JSON. */
static char *
run_get(const char *params_json)
{
	struct rpc_call call;
	struct get_cand cand = { 0 };
	cJSON *params = cJSON_Parse(params_json);
	char *out;

	assert_non_null(params);
	memset(&call, 0, sizeof call);
	if (get_run(&call, params, &widget_kind, &cand, NULL) == RPC_COMMIT)
		out = cJSON_PrintUnformatted(call.result);
	else
		out = strdup(call.err.text);
	id_list_free(&cand.ids);
	cJSON_Delete(call.result);
	err_clear(&call.err);
	cJSON_Delete(params);
	return out;
}

static void
assert_get(const char *params, const char *want)
{
	char *got = run_get(params);

	assert_string_equal(got, want);
	free(got);
}

static void
like_should_follow_zabbix_search(void **state)
{
	(void)state;
	assert_true(get_like("Gamma ray", "MA R", false, false));
	assert_false(get_like("Gamma ray", "ray", true, false));
	assert_true(get_like("Gamma ray", "gam", true, false));
	assert_true(get_like("a*b", "*", false, false));	/* no wildcards: literal */
	assert_false(get_like("ab", "*", false, false));
	assert_true(get_like("Gamma ray", "g*Y", false, true));
	assert_false(get_like("Gamma ray", "g*a", false, true));	/* anchored */
	assert_true(get_like("Gamma ray", "*a*", false, true));
	assert_true(get_like("", "**", false, true));
}

static void
truthy_should_match_php(void **state)
{
	const char *falsy[] = { "false", "null", "0", "\"\"", "\"0\"", "[]", "{}" };
	const char *truthy[] = { "true", "1", "\"false\"", "[0]", "-1" };

	(void)state;
	for (size_t i = 0; i < sizeof falsy / sizeof falsy[0]; i++) {
		cJSON *v = cJSON_Parse(falsy[i]);

		assert_false(get_truthy(v));
		cJSON_Delete(v);
	}
	for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++) {
		cJSON *v = cJSON_Parse(truthy[i]);

		assert_true(get_truthy(v));
		cJSON_Delete(v);
	}
	assert_false(get_truthy(NULL));
}

static void
output_should_add_the_key_and_ignore_unknown_fields(void **state)
{
	(void)state;
	assert_get("{\"output\":[\"name\",\"nosuch\"],\"sortfield\":\"wid\"}",
	    "[{\"wid\":\"1\",\"name\":\"Beta\"},{\"wid\":\"2\",\"name\":\"alpha\"},"
	    "{\"wid\":\"3\",\"name\":\"Gamma ray\"}]");
	assert_get("{\"output\":\"extend\",\"filter\":{\"wid\":2}}",
	    "[{\"wid\":\"2\",\"name\":\"alpha\",\"size\":\"9\",\"note\":\"50%\"}]");
}

static void
filter_should_match_exactly_and_in_arrays(void **state)
{
	(void)state;
	assert_get("{\"output\":[\"wid\"],\"filter\":{\"name\":\"beta\"}}", "[]");
	assert_get("{\"output\":[\"wid\"],\"filter\":{\"name\":[\"Beta\",\"alpha\"]}}",
	    "[{\"wid\":\"1\"},{\"wid\":\"2\"}]");
	assert_get("{\"output\":[\"wid\"],\"filter\":{\"size\":\"010\",\"bogus\":1,\"name\":\"\"}}",
	    "[{\"wid\":\"1\"}]");
}

static void
search_should_combine_fields_and_patterns(void **state)
{
	(void)state;
	assert_get("{\"output\":[\"wid\"],\"search\":{\"name\":\"MA\"}}", "[{\"wid\":\"3\"}]");
	assert_get("{\"output\":[\"wid\"],\"search\":{\"name\":[\"alp\",\"ray\"]}}", "[]");
	assert_get("{\"output\":[\"wid\"],\"search\":{\"name\":[\"alp\",\"ray\"]},"
	    "\"searchByAny\":true}", "[{\"wid\":\"2\"},{\"wid\":\"3\"}]");
	assert_get("{\"output\":[\"wid\"],\"search\":{\"name\":\"ma\"},\"excludeSearch\":true}",
	    "[{\"wid\":\"1\"},{\"wid\":\"2\"}]");
	assert_get("{\"output\":[\"wid\"],\"search\":{\"note\":\"_\"}}", "[{\"wid\":\"1\"}]");
	assert_get("{\"output\":[\"wid\"],\"search\":{\"size\":\"1\"}}",
	    "[{\"wid\":\"1\"},{\"wid\":\"2\"},{\"wid\":\"3\"}]");	/* numeric: ignored */
	assert_get("{\"output\":[\"wid\"],\"search\":{\"name\":\"b*\"},"
	    "\"searchWildcardsEnabled\":true}", "[{\"wid\":\"1\"}]");
}

static void
sort_should_use_bytes_numbers_and_refuse_other_fields(void **state)
{
	(void)state;
	/* the sort field joins the output only when the query joins (here: groupids) */
	assert_get("{\"output\":[\"wid\"],\"sortfield\":\"name\"}",
	    "[{\"wid\":\"1\"},{\"wid\":\"3\"},{\"wid\":\"2\"}]");
	assert_get("{\"output\":[\"wid\"],\"sortfield\":\"name\",\"groupids\":null}",
	    "[{\"wid\":\"1\"},{\"wid\":\"3\"},{\"wid\":\"2\"}]");
	assert_get("{\"output\":[\"wid\"],\"sortfield\":\"name\",\"groupids\":[]}",
	    "[{\"wid\":\"1\",\"name\":\"Beta\"},{\"wid\":\"3\",\"name\":\"Gamma ray\"},"
	    "{\"wid\":\"2\",\"name\":\"alpha\"}]");
	assert_get("{\"output\":[\"wid\"],\"sortfield\":[\"size\"],\"sortorder\":[\"DESC\"],"
	    "\"groupids\":[]}",
	    "[{\"wid\":\"3\",\"size\":\"100\"},{\"wid\":\"1\",\"size\":\"10\"},"
	    "{\"wid\":\"2\",\"size\":\"9\"}]");
	assert_get("{\"output\":[\"wid\"],\"sortfield\":\"size\",\"sortorder\":\"desc\","
	    "\"groupids\":[]}",
	    "[{\"wid\":\"2\",\"size\":\"9\"},{\"wid\":\"1\",\"size\":\"10\"},"
	    "{\"wid\":\"3\",\"size\":\"100\"}]");
	assert_get("{\"sortfield\":\"note\"}", "Sorting by field \"note\" not allowed.");
	assert_get("{\"sortfield\":[\"name\",\"wids\"]}", "Sorting by field \"wids\" not allowed.");
}

static void
limit_count_and_preservekeys_should_shape_the_result(void **state)
{
	(void)state;
	assert_get("{\"output\":[\"wid\"],\"sortfield\":\"wid\",\"sortorder\":\"DESC\",\"limit\":\"2\"}",
	    "[{\"wid\":\"3\"},{\"wid\":\"2\"}]");
	assert_get("{\"output\":[\"wid\"],\"limit\":0}",
	    "[{\"wid\":\"1\"},{\"wid\":\"2\"},{\"wid\":\"3\"}]");
	assert_get("{\"countOutput\":true,\"limit\":1,\"search\":{\"name\":\"a\"}}", "\"3\"");
	assert_get("{\"output\":[\"name\"],\"preservekeys\":true,\"filter\":{\"wid\":[\"1\",\"3\"]}}",
	    "{\"1\":{\"wid\":\"1\",\"name\":\"Beta\"},\"3\":{\"wid\":\"3\",\"name\":\"Gamma ray\"}}");
}

static bool
tags_match(const char *conds_json, bool or)
{
	struct tag_list tl = { 0 };
	cJSON *conds = cJSON_Parse(conds_json);
	bool ok;

	tag_list_add(&tl, "env", "prod");
	tag_list_add(&tl, "env", "dev");
	tag_list_add(&tl, "team", "");
	ok = get_tags_match(&tl, conds, or);
	tag_list_free(&tl);
	cJSON_Delete(conds);
	return ok;
}

static void
tags_should_follow_operators_and_evaltype(void **state)
{
	(void)state;
	assert_true(tags_match("[{\"tag\":\"env\",\"value\":\"prod\",\"operator\":1}]", false));
	assert_false(tags_match("[{\"tag\":\"env\",\"value\":\"pro\",\"operator\":1}]", false));
	assert_true(tags_match("[{\"tag\":\"env\",\"value\":\"RO\"}]", false));
	assert_true(tags_match("[{\"tag\":\"env\",\"value\":\"x\"},{\"tag\":\"env\",\"value\":\"de\"}]",
	    false));
	assert_false(tags_match("[{\"tag\":\"env\",\"value\":\"de\"},{\"tag\":\"os\",\"operator\":4}]",
	    false));
	assert_true(tags_match("[{\"tag\":\"env\",\"value\":\"de\"},{\"tag\":\"os\",\"operator\":4}]",
	    true));
	assert_true(tags_match("[{\"tag\":\"os\",\"operator\":5}]", false));
	assert_false(tags_match("[{\"tag\":\"env\",\"value\":\"dev\",\"operator\":3}]", false));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(like_should_follow_zabbix_search),
		cmocka_unit_test(truthy_should_match_php),
		cmocka_unit_test(output_should_add_the_key_and_ignore_unknown_fields),
		cmocka_unit_test(filter_should_match_exactly_and_in_arrays),
		cmocka_unit_test(search_should_combine_fields_and_patterns),
		cmocka_unit_test(sort_should_use_bytes_numbers_and_refuse_other_fields),
		cmocka_unit_test(limit_count_and_preservekeys_should_shape_the_result),
		cmocka_unit_test(tags_should_follow_operators_and_evaltype),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
