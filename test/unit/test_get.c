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

static int widget_live;	/* the views' records loaded and not released (below) */

/* Runs a get of kind k with params (selects by select, may be NULL), streamed when raw_ok;
 * returns the answer's text as jsonrpc_print writes it (or the error's data). *raw (may be
 * NULL) tells whether the result came as text. */
static char *
run_get_kind(const struct get_kind *k, const char *params_json, bool raw_ok,
    get_select_fn select, bool *raw)
{
	struct rpc_call call;
	struct get_cand cand = { 0 };
	cJSON *params = cJSON_Parse(params_json);
	size_t len;
	char *out;

	assert_non_null(params);
	memset(&call, 0, sizeof call);
	call.raw_ok = raw_ok;
	if (get_run(&call, params, k, &cand, select) != RPC_COMMIT)
		out = strdup(call.err.text);
	else if (call.result_room) {
		/* streamed: the text after the room left for the reply's head (rpc_ok_text) */
		assert_true(cJSON_IsRaw(call.result));
		assert_int_equal(strspn(call.result->valuestring, " "), RPC_TEXT_ROOM);
		out = strdup(call.result->valuestring + RPC_TEXT_ROOM);
	} else
		out = jsonrpc_print(call.result, &len);
	if (raw != NULL)
		*raw = cJSON_IsRaw(call.result);
	assert_int_equal(widget_live, 0);
	id_list_free(&cand.ids);
	cJSON_Delete(call.result);
	err_clear(&call.err);
	cJSON_Delete(params);
	return out;
}

/* Runs a get of the widgets with params; returns the result (or the error data). */
static char *
run_get(const char *params_json)
{
	return run_get_kind(&widget_kind, params_json, false, NULL, NULL);
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

/* ---- streamed gets (get_stream.c) against the tree answers ---- */

/* The widgets again, as views: the same fields from static texts, plus one JSON field. */
static const char *const widget_texts[3][4] = {
	{ "1", "Beta", "10", "x_y" }, { "2", "alpha", "9", "50%" }, { "3", "Gamma ray", "100", "" },
};
static const char *const widget_json[3] = { "[]", "[{\"a\":\"\\u0001\"}]", "not json" };

/* widget_live counts the records loaded and not yet released: every view a get loads must
 * be released, also one loaded for an id that is not a widget (7). */

static void
widget_release(struct get_view *v)
{
	free(v->rec.g.name);
	widget_live--;
}

static int
widget_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	(void)call;
	if (id != 7 && (id < 1 || id > 3))
		return STORE_OK;
	v->rec.g.name = strdup("loaded");
	v->release = widget_release;
	widget_live++;
	if (id == 7)
		return STORE_OK;	/* a record, but not a widget */
	for (int i = 0; i < 4; i++)
		get_view_str(v, widget_fields[i].name, widget_texts[id - 1][i]);
	get_view_json(v, "parts", widget_json[id - 1]);
	return STORE_OK;
}

static const struct get_field vwidget_fields[] = {
	{ "wid", GET_F_NUM }, { "name", 0 }, { "size", GET_F_NUM }, { "note", 0 }, { "parts", 0 },
	{ NULL, 0 },
};

/* "rewrite": an option whose select would rewrite the rows (trigger.get expandExpression). */
static bool
widget_unstreamed(const cJSON *params)
{
	return get_truthy(util_json_member(params, "rewrite"));
}

static const struct get_kind vwidget_kind = {
	.pk = "wid", .dbpk = "wid", .fields = vwidget_fields, .sortable = widget_sortable,
	.scan = widget_scan, .joins = widget_joins,
	.view = widget_view, .unstreamed = widget_unstreamed,
};

/* A kind keyed "pid" last, over the same widgets, for the key's place in lists. */
static const struct get_field pwidget_fields[] = {
	{ "name", 0 }, { "size", GET_F_NUM }, { "pid", GET_F_NUM }, { NULL, 0 },
};

static int
pwidget_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	(void)call;
	if (id < 1 || id > 3)
		return STORE_OK;
	get_view_str(v, "name", widget_texts[id - 1][1]);
	get_view_str(v, "size", widget_texts[id - 1][2]);
	get_view_id(v, "pid", id);
	return STORE_OK;
}

static const struct get_kind pwidget_kind = {
	.pk = "pid", .dbpk = "wid", .pk_last = true, .fields = pwidget_fields,
	.sortable = widget_sortable, .scan = widget_scan,
	.view = pwidget_view,
};

/* selectOthers: every widget (and id 7, none) nested, sorted by name with limitSelects;
 * selectPlain: the same without a sort key. */
static int
widget_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .sortkey = "name",
	    .opts = o };
	struct id_list ids = { 0 };
	int rc;

	id_list_add(&ids, 3);
	id_list_add(&ids, 7);
	id_list_add(&ids, 1);
	id_list_add(&ids, 2);
	rc = get_select_add(call, params, "selectOthers", "others", &vwidget_kind, &ids, &n, obj);
	n.sortkey = NULL;	/* selectPlain: the same, in the ids' order even when cut */
	if (rc == STORE_OK)
		rc = get_select_add(call, params, "selectPlain", "plain", &vwidget_kind, &ids, &n,
		    obj);
	id_list_free(&ids);
	if (rc == STORE_OK && util_json_member(params, "selectId") != NULL)
		util_json_add_str(obj, "id", id == 1 ? "one\n" : "other");
	return rc;
}

/* The answer of a get with the widgets' selects. */
static char *
run_get_as(const struct get_kind *k, const char *params_json, bool raw_ok, bool *raw)
{
	return run_get_kind(k, params_json, raw_ok, widget_selects, raw);
}

static void
stream_should_write_what_the_tree_writes(void **state)
{
	static const char *const streamed[] = {
		"{}",
		"{\"output\":\"extend\"}",
		"{\"output\":[\"note\",\"name\",\"note\",\"nosuch\"]}",
		"{\"output\":[\"wid\"]}",
		"{\"output\":\"shorten\"}",
		"{\"output\":[]}",
		"{\"output\":[\"parts\",\"size\"],\"preservekeys\":true}",
		"{\"limit\":2,\"output\":[\"name\"]}",
		"{\"limit\":\"1\",\"preservekeys\":1}",
		"{\"filter\":{\"name\":[\"Beta\",\"alpha\"],\"size\":\"010\"}}",
		"{\"filter\":{\"parts\":\"not json\"}}",
		"{\"filter\":{\"parts\":\"[]\"}}",
		"{\"search\":{\"name\":[\"alp\",\"ray\"]},\"searchByAny\":true}",
		"{\"search\":{\"name\":\"ma\"},\"excludeSearch\":true,\"limit\":1}",
		"{\"output\":[\"wid\"],\"selectOthers\":\"extend\"}",
		"{\"output\":[\"wid\"],\"selectOthers\":[\"name\"],\"limitSelects\":2}",
		"{\"output\":[\"wid\"],\"selectOthers\":[\"size\"],\"limitSelects\":0,"
		    "\"selectId\":true}",
		"{\"output\":[\"size\"],\"selectOthers\":\"count\",\"preservekeys\":true}",
		"{\"output\":[\"name\",\"pid\",\"wid\"],\"selectOthers\":[\"wid\"]}",
		"{\"output\":[\"size\"]}",
		"{\"output\":[\"wid\"],\"selectPlain\":[\"name\"],\"limitSelects\":2}",
		"{\"output\":[\"wid\"],\"selectPlain\":\"extend\",\"selectOthers\":[\"name\"]}",
	};
	static const char *const tree_only[] = {
		"{\"sortfield\":\"name\"}", "{\"countOutput\":true}",
		"{\"sortfield\":\"bogus\"}",
	};
	const struct get_kind *kinds[] = { &vwidget_kind, &pwidget_kind };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < sizeof streamed / sizeof streamed[0]; i++) {
			bool raw;
			char *tree = run_get_as(kinds[k], streamed[i], false, &raw);
			char *text;

			assert_false(raw);
			text = run_get_as(kinds[k], streamed[i], true, &raw);
			assert_true(raw);	/* it did stream */
			assert_string_equal(text, tree);
			free(tree);
			free(text);
		}
		for (size_t i = 0; i < sizeof tree_only / sizeof tree_only[0]; i++) {
			bool raw;
			char *text = run_get_as(kinds[k], tree_only[i], true, &raw);

			assert_false(raw);
			free(text);
		}
	}
}

static void
stream_should_keep_the_texts_of_the_views(void **state)
{
	bool raw;
	char *text;

	(void)state;
	text = run_get_as(&vwidget_kind, "{\"output\":[\"parts\"],\"limit\":2,"
	    "\"selectOthers\":[\"note\"],\"limitSelects\":1}", true, &raw);
	assert_true(raw);
	assert_string_equal(text, "[{\"wid\":\"1\",\"parts\":[],\"others\":[{\"wid\":\"1\","
	    "\"note\":\"x_y\"}]},{\"wid\":\"2\",\"parts\":[{\"a\":\"\\u0001\"}],"
	    "\"others\":[{\"wid\":\"1\",\"note\":\"x_y\"}]}]");
	free(text);
	text = run_get_as(&pwidget_kind, "{\"output\":[\"pid\",\"size\"],\"filter\":{\"wid\":3}}",
	    true, &raw);
	assert_true(raw);
	assert_string_equal(text, "[{\"pid\":\"3\",\"size\":\"100\"}]");
	free(text);
	text = run_get_as(&vwidget_kind, "{\"output\":[\"wid\"],\"rewrite\":1}", true, &raw);
	assert_false(raw);	/* the kind's unstreamed: a tree */
	assert_string_equal(text, "[{\"wid\":\"1\"},{\"wid\":\"2\"},{\"wid\":\"3\"}]");
	free(text);
	text = run_get_as(&vwidget_kind, "{\"output\":[\"wid\"],\"rewrite\":0}", true, &raw);
	assert_true(raw);
	free(text);
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

/* get_view_field tries where it found a name last: views of other layouts, names it has
 * not seen, more names than it keeps, and names at another address must all still find the
 * field of that name (or none). */
static void
view_field_should_find_each_name_in_any_layout(void **state)
{
	static const char *const names[] = { "a", "bb", "c", "dd", "e", "ff" };
	char other[] = "bb";	/* the same name at another address */
	struct get_view v;

	(void)state;
	for (size_t round = 0; round < 12; round++) {
		size_t n = round % 3 == 2 ? 3 : 6;	/* a shorter view every third round */

		get_view_reset(&v);
		for (size_t i = 0; i < n; i++) {	/* rotated by round: every layout differs */
			size_t k = (i + round) % 6;

			get_view_str(&v, names[k], names[k]);
		}
		for (size_t q = 0; q < 6; q++) {
			const char *ask = names[(q * 5 + round) % 6];
			const struct get_vf *f = get_view_field(&v, ask);
			bool there = false;

			for (size_t i = 0; i < n; i++)
				there = there || strcmp(v.f[i].name, ask) == 0;
			if (!there) {
				assert_null(f);
				continue;
			}
			assert_non_null(f);
			assert_string_equal(f->name, ask);
			assert_string_equal(f->val, ask);
		}
		if (get_view_field(&v, other) != NULL)
			assert_string_equal(get_view_field(&v, other)->val, "bb");
		assert_null(get_view_field(&v, "zz"));
		get_view_done(&v);
	}
}

/* get_selects_given: one bit a name params has, whatever the other members; the first
 * letters alone never decide (selectGraphs and selectGroups, selectTags and selectTriggers). */
static void
selects_given_should_name_exactly_the_options_present(void **state)
{
	static const char *const names[] = { "selectItems", "selectTriggers", "selectGraphs",
		"selectDiscoveries", NULL };
	static const struct {
		const char	*params;
		unsigned	 want;
		bool		 any;
	} cases[] = {
		{ "{}", 0, false },
		{ "{\"selectGroups\":1,\"selectTags\":1,\"select\":1,\"selectI\":1}", 0, true },
		{ "{\"output\":1,\"selectGraphs\":1}", 4, true },
		{ "{\"selectDiscoveries\":1,\"sortfield\":1,\"selectItems\":\"count\"}", 9, true },
		{ "{\"selectTriggers\":null,\"selectTriggers\":1,\"selectItemsX\":1}", 2, true },
		{ "{\"SelectItems\":1,\"search\":{\"selectItems\":1}}", 0, false },
		{ "{\"selectitems\":1}", 0, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *p = cJSON_Parse(cases[i].params);

		assert_non_null(p);
		assert_int_equal(get_selects_given(p, names), cases[i].want);
		assert_int_equal(get_selects_any(p), cases[i].any);
		cJSON_Delete(p);
	}
	assert_int_equal(get_selects_given(NULL, names), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(selects_given_should_name_exactly_the_options_present),
		cmocka_unit_test(view_field_should_find_each_name_in_any_layout),
		cmocka_unit_test(like_should_follow_zabbix_search),
		cmocka_unit_test(truthy_should_match_php),
		cmocka_unit_test(output_should_add_the_key_and_ignore_unknown_fields),
		cmocka_unit_test(filter_should_match_exactly_and_in_arrays),
		cmocka_unit_test(search_should_combine_fields_and_patterns),
		cmocka_unit_test(sort_should_use_bytes_numbers_and_refuse_other_fields),
		cmocka_unit_test(limit_count_and_preservekeys_should_shape_the_result),
		cmocka_unit_test(tags_should_follow_operators_and_evaltype),
		cmocka_unit_test(stream_should_write_what_the_tree_writes),
		cmocka_unit_test(stream_should_keep_the_texts_of_the_views),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
