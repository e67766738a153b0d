/* test_trigger_expr.c: trigger expressions as Zabbix 6.0 parses and validates them (texts
 * recorded from Zabbix 6.0.14's trigger.create), their function calls and parameters, and
 * the stored form ("{functionid}") written out and back. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

static void
assert_mode_ok(const char *x, unsigned mode)
{
	char *cause = NULL;

	if (expr_parse(x, mode, NULL, &cause) != 0)
		fail_msg("\"%s\" refused: %s", x, cause);
	assert_null(cause);
}

static void
assert_mode_bad(const char *x, unsigned mode, const char *want)
{
	char *cause = NULL;

	assert_int_equal(expr_parse(x, mode, NULL, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
assert_expr_ok(const char *x)
{
	assert_mode_ok(x, EXPR_TRIGGER);
}

static void
assert_expr_bad(const char *x, const char *want)
{
	assert_mode_bad(x, EXPR_TRIGGER, want);
}

#define PROTO	(EXPR_TRIGGER | EXPR_LLD)
#define INCORRECT(rest)	"incorrect expression starting from \"" rest "\""

/* Texts recorded from Zabbix 6.0.14: triggerprototype.create beside trigger.create. */
static void
lld_macros_should_be_constants_and_parameters_of_prototypes_only(void **state)
{
	static const char *const both[] = {
		"last(/T/p[{#A}])>{#M}",
		"last(/T/p[{#A}])>{{#M}.regsub(\"(\\d+)\", \\1)}",
		"last(/T/p[{#A}],{#P})>1",
		"avg(/T/p[{#A}],{#P}:now-{#S})>1",
		"count(/T/p[{#A}],5m,{#OP},{#V})>1",
		"count(/T/p[{#A}],5m,\"eq\",{#V})>1",
		"last(/T/p[{#A}])>-{#M}",
		"abs({#M})>1 and last(/T/p[{#A}])>1",
		"last(/T/p[{#A}],{{#P}.regsub(a,b)})>1",
		"{#M}<last(/T/p[{#A}])",
		"last(/T/p[{#A}])>{#M.X_1}",
		"last(/T/p[{#A}])>{{#M}.regsub(a b, c)}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
		char *cause = NULL;

		assert_mode_ok(both[i], PROTO);
		assert_int_equal(expr_parse(both[i], EXPR_TRIGGER, NULL, &cause), -1);
		assert_non_null(strstr(cause, "incorrect expression starting from"));
		free(cause);
	}
	assert_expr_bad("last(/T/i)>{#M}", INCORRECT("{#M}"));
	assert_expr_bad("last(/T/i,{#P})>1", INCORRECT("last(/T/i,{#P})>1"));
	assert_mode_bad("last(/T/p)>{#M}K", PROTO, INCORRECT("K"));
	assert_mode_bad("last(/T/p)>{#m}", PROTO, INCORRECT("{#m}"));
	assert_mode_bad("last(/T/p)>{#}", PROTO, INCORRECT("{#}"));
	assert_mode_bad("last(/T/p)>{{#M}.regsub(}", PROTO, INCORRECT("{{#M}.regsub(}"));
	assert_mode_bad("last(/T/p)>{{#M}.regsub(a)x}", PROTO, INCORRECT("{{#M}.regsub(a)x}"));
	assert_mode_bad("last(/T/p)>{{#M}.Regsub(a)}", PROTO, INCORRECT("{{#M}.Regsub(a)}"));
	assert_mode_bad("last(/T/p)>{{#M} .regsub(a)}", PROTO, INCORRECT("{{#M} .regsub(a)}"));
	/* a quoted parameter ends at a '"' after no backslash, and there are no arrays */
	assert_mode_bad("last(/T/p)>{{#M}.regsub(\"a\\\\\",b)}", PROTO,
	    INCORRECT("{{#M}.regsub(\"a\\\\\",b)}"));
	assert_mode_bad("last(/T/p)>{{#M}.foo([a,\"b\\\"c\"])}", PROTO,
	    INCORRECT("{{#M}.foo([a,\"b\\\"c\"])}"));
	assert_mode_bad("last(/T/p,#{#P})>1", PROTO, INCORRECT("last(/T/p,#{#P})>1"));
	assert_mode_bad("last(/T/p,{#P}h)>1", PROTO, INCORRECT("last(/T/p,{#P}h)>1"));
	assert_mode_bad("{#M}>1", PROTO,
	    "trigger expression must contain at least one /host/key reference");
	/* a calculated item's formula takes none; a calculated item prototype's does */
	assert_mode_bad("last(//k)+{#M}", EXPR_CALCULATED, INCORRECT("{#M}"));
	assert_mode_ok("last(//k[{#A}])+{#M}", EXPR_CALCULATED | EXPR_LLD);
	assert_mode_ok("avg(//k,{#P}:now-1h)", EXPR_CALCULATED | EXPR_LLD);
	assert_mode_ok("{{#M}.regsub(a,b)}+last(//k)", EXPR_CALCULATED | EXPR_LLD);
	assert_mode_bad("last(//k)+{#m}", EXPR_CALCULATED | EXPR_LLD, INCORRECT("{#m}"));
}

/* Keys inside expressions in Zabbix's key grammar (answers of Zabbix 6.0.14's trigger.create:
 * a parsed key is looked up, an unparsed one refuses the expression). */
static void
keys_should_follow_the_item_key_grammar(void **state)
{
	(void)state;
	assert_expr_ok("last(/IIS/perf_counter_en[\"\\Web Service(_Total)\\Bytes\"])>1");
	assert_expr_ok("last(/T/k[\"a\\\"b\"])>1");
	assert_expr_ok("last(/T/k[a\"b])>1");
	assert_expr_ok("last(/T/k[[a,b],c])>1");
	assert_expr_ok("last(/T/k[ \"a\" , b ])>1");
	assert_expr_ok("last(/T/k[a b])>1");
	assert_expr_ok("last(/T/k[a(b)])>1");
	assert_expr_bad("last(/T/k[\"a\\\\\",b])>1", INCORRECT("last(/T/k[\"a\\\\\",b])>1"));
	assert_expr_bad("last(/T/k[\"a\\\\\"])>1", INCORRECT("last(/T/k[\"a\\\\\"])>1"));
	assert_expr_bad("last(/T/k[[a,[b]],c])>1", INCORRECT("last(/T/k[[a,[b]],c])>1"));
	assert_expr_bad("last(/T/k[\"a\" x])>1", INCORRECT("last(/T/k[\"a\" x])>1"));
	assert_int_equal(item_key_span("k[a,\"b\\c\"]>1"), 10);
	assert_int_equal(item_key_span("k[a>1"), 1);
	assert_int_equal(item_key_span("[a]"), 0);
	assert_int_equal(item_key_params_span("(a,[b)}", ')'), 6);
	assert_int_equal(item_key_params_span("(\"a)\")}", ')'), 6);
	assert_int_equal(item_key_params_span("(a", ')'), 0);
}

static void
expressions_of_the_corpus_should_parse(void **state)
{
	(void)state;
	assert_expr_ok("last(/T1/cpu.load)>5");
	assert_expr_ok("avg(/T1/cpu.load,5m)>2 and last(/T1/proc.num)>10");
	assert_expr_ok("count(/T1/num.item,#10,\"eq\",\"0\")>2");
	assert_expr_ok("find(/T1/str.item,,\"like\",\"error\")=1");
	assert_expr_ok("abs(last(/T1/float.item))>{$LIMIT} and percentile(/T1/float.item,1h,95)>10");
	assert_expr_ok("last(/T1/a.item) > 5");
	assert_expr_ok("not last(/H/k[a,\"b c\"])=1 or {TRIGGER.VALUE}=1");
	assert_expr_ok("-last(/H/k)>1K");
}

static void
syntax_errors_should_say_where(void **state)
{
	(void)state;
	assert_expr_bad("last(/T1/a.item)>>5", "incorrect expression starting from \">5\"");
	assert_expr_bad("(last(/T1/a.item)>5", "incorrect expression starting from \"\"");
	assert_expr_bad("{T1:a.item.last()}>5",
	    "incorrect expression starting from \"{T1:a.item.last()}>5\"");
	assert_expr_bad("5>3", "trigger expression must contain at least one /host/key reference");
	assert_expr_bad("last(//k)>1", "incorrect expression starting from \"last(//k)>1\"");
	assert_expr_bad("last(/*/k)>1", "incorrect expression starting from \"last(/*/k)>1\"");
}

static void
functions_should_be_known_and_counted(void **state)
{
	(void)state;
	assert_expr_bad("foo(/T1/num.item)>1", "unknown function \"foo\"");
	assert_expr_bad("last(/T1/num.item,#1,5,7)>1",
	    "invalid number of parameters in function \"last\"");
	assert_expr_bad("nodata(/T1/num.item)=1",
	    "mandatory parameter is missing in function \"nodata\"");
	assert_expr_bad("avg(/T1/num.item,)=1", "mandatory parameter is missing in function \"avg\"");
	assert_expr_bad("last_foreach(/T1/k)=1", "unknown function \"last_foreach\"");
	assert_expr_bad("count(last(/T1/k))=1", "incorrect usage of function \"count\"");
	assert_int_equal(expr_hist_value_types("avg", 3), 0x09);
	assert_int_equal(expr_hist_value_types("logseverity", 11), 0x04);
	assert_int_equal(expr_hist_value_types("nope", 4), 0);
}

static void
calls_should_be_listed_once_with_their_parameter(void **state)
{
	struct trigger_calls calls = { 0 };
	char *cause = NULL;

	(void)state;
	assert_int_equal(trigger_expr_calls("last(/T/n,#2)<>last(/T/n) or min(/T/f,1h)<0 and "
	    "last(/T/n)>0", &calls, &cause), 0);
	assert_int_equal(calls.n, 3);
	assert_string_equal(calls.v[0].name, "last");
	assert_string_equal(calls.v[0].parameter, "$,#2");
	assert_string_equal(calls.v[0].host, "T");
	assert_string_equal(calls.v[0].key, "n");
	assert_string_equal(calls.v[1].parameter, "$");
	assert_string_equal(calls.v[2].match, "min(/T/f,1h)");
	assert_string_equal(calls.v[2].parameter, "$,1h");
	assert_int_equal(trigger_expr_calls("count(/T/n,#10,\"eq\",\"0\")>2", &calls, &cause), 0);
	assert_int_equal(calls.n, 4);
	assert_string_equal(calls.v[3].parameter, "$,#10,\"eq\",\"0\"");
	assert_int_equal(trigger_expr_calls("1>", &calls, &cause), -1);
	assert_non_null(cause);
	free(cause);
	trigger_calls_free(&calls);
	assert_int_equal(calls.n, 0);
}

static void
stored_expressions_should_round_trip(void **state)
{
	const char *x = "last(/T/n,#2)<>last(/T/n) or find(/T/s,,\"like\",\"{7}\")=1";
	struct trigger_calls calls = { 0 };
	uint64_t fids[] = { 7, 8, 9 }, to[] = { 70, 80, 90 };
	struct trigger_fn_view v[3];
	char *cause = NULL, *stored, *back, *moved, *hostless;

	(void)state;
	assert_int_equal(trigger_expr_calls(x, &calls, &cause), 0);
	stored = trigger_expr_collapse(x, &calls, fids);
	assert_string_equal(stored, "{7}<>{8} or {9}=1");
	for (size_t i = 0; i < 3; i++)
		v[i] = (struct trigger_fn_view){ fids[i], calls.v[i].name, calls.v[i].parameter,
		    "H", calls.v[i].key };
	back = trigger_expr_expand(stored, v, 3);
	assert_string_equal(back, "last(/H/n,#2)<>last(/H/n) or find(/H/s,,\"like\",\"{7}\")=1");
	moved = trigger_expr_remap(stored, fids, to, 3);
	assert_string_equal(moved, "{70}<>{80} or {90}=1");
	v[0].host = v[1].host = v[2].host = NULL;
	hostless = trigger_expr_expand("\"{7}\"={7}+{5}", v, 3);
	assert_string_equal(hostless, "\"{7}\"=last(//n,#2)+{5}");
	free(stored), free(back), free(moved), free(hostless);
	trigger_calls_free(&calls);
}

static void
records_should_encode_and_decode(void **state)
{
	struct trigger t, back, copy;
	struct codec_buf b = { 0 };
	const char *keys[] = { "k1" };
	char *ikey;

	(void)state;
	trigger_init(&t);
	t.triggerid = 5, t.hostid = 6, t.templateid = 7;
	trigger_set(&t, TRIGGER_F_DESCRIPTION, "High");
	trigger_set(&t, TRIGGER_F_EXPRESSION, "{11}>1");
	trigger_fn_add(&t, 11, 12, "last", "$");
	tag_list_add(&t.tags, "scope", NULL);
	id_list_add(&t.deps, 99);
	trigger_encode(&t, &b);
	assert_int_equal(trigger_decode(b.data, b.len, &back), 0);
	assert_int_equal(back.templateid, 7);
	assert_string_equal(back.f[TRIGGER_F_PRIORITY], "0");
	assert_string_equal(back.f[TRIGGER_F_DESCRIPTION], "High");
	assert_int_equal(back.nfn, 1);
	assert_string_equal(back.fn[0].parameter, "$");
	assert_int_equal(back.deps.ids[0], 99);
	assert_string_equal(back.tags.tags[0].value, "");
	/* a row's read: the ids and fields, nothing of the functions, dependencies or tags */
	assert_int_equal(trigger_decode_fields(b.data, b.len, &copy), 0);
	assert_int_equal(copy.triggerid, 5);
	assert_int_equal(copy.templateid, 7);
	assert_string_equal(copy.f[TRIGGER_F_EXPRESSION], "{11}>1");
	assert_int_equal(copy.nfn, 0);
	assert_int_equal(copy.deps.n, 0);
	assert_int_equal(copy.tags.n, 0);
	assert_non_null(copy.block);		/* their texts in one allocation */
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		assert_string_equal(copy.f[i], back.f[i]);
	trigger_set(&copy, TRIGGER_F_PRIORITY, "4");	/* then owned one by one */
	assert_null(copy.block);
	assert_string_equal(copy.f[TRIGGER_F_PRIORITY], "4");
	assert_string_equal(copy.f[TRIGGER_F_DESCRIPTION], "High");
	trigger_free(&copy);
	assert_int_equal(trigger_decode_fields(b.data, 30, &copy), -1);
	for (size_t n = 0; n <= b.len; n++) {	/* cut anywhere: refused until the fields end */
		int rc = trigger_decode_fields(b.data, n, &copy);

		assert_true(rc == 0 || (rc == -1 && n < b.len));
		if (n < 40)			/* inside the head and the first field */
			assert_int_equal(rc, -1);
		trigger_free(&copy);
	}
	trigger_dup(&copy, &back);
	ikey = trigger_ikey(&copy, keys);
	assert_string_equal(ikey, "High\nlast(//k1)>1\n");
	trigger_free(&copy);
	assert_int_equal(trigger_decode(b.data, b.len / 2, &copy), -1);
	assert_int_equal(trigger_field_find("manual_close"), TRIGGER_F_MANUAL_CLOSE);
	assert_int_equal(trigger_field_find("nope"), -1);
	free(ikey);
	codec_buf_free(&b);
	trigger_free(&t), trigger_free(&back), trigger_free(&copy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expressions_of_the_corpus_should_parse),
		cmocka_unit_test(syntax_errors_should_say_where),
		cmocka_unit_test(functions_should_be_known_and_counted),
		cmocka_unit_test(lld_macros_should_be_constants_and_parameters_of_prototypes_only),
		cmocka_unit_test(keys_should_follow_the_item_key_grammar),
		cmocka_unit_test(calls_should_be_listed_once_with_their_parameter),
		cmocka_unit_test(stored_expressions_should_round_trip),
		cmocka_unit_test(records_should_encode_and_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
