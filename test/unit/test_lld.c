/* test_lld.c: LLD rule filters as Zabbix 6.0 reads and shows them: the custom formula's
 * parser and its texts, num2letter, the generated formula ids and eval_formula (and their
 * renumbering for custom formulas), and the checks of a rule's filter with their texts. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

static void
assert_formula(const char *s, const char *want_err, size_t want_n)
{
	struct lld_formula f;
	char *err = lld_formula_parse(s, &f);

	if (want_err == NULL) {
		if (err != NULL)
			fail_msg("formula \"%s\": unexpected error \"%s\"", s, err);
		assert_int_equal(f.n, want_n);
		lld_formula_free(&f);
	} else {
		if (err == NULL || strcmp(err, want_err) != 0)
			fail_msg("formula \"%s\": got \"%s\", want \"%s\"", s, err ? err : "(none)",
			    want_err);
		assert_int_equal(f.n, 0);
	}
	free(err);
}

static void
formulas_should_parse_as_zabbix_does(void **state)
{
	(void)state;
	assert_formula("A and (B or C)", NULL, 3);
	assert_formula("not A or B", NULL, 2);
	assert_formula("((A))", NULL, 1);
	assert_formula("AB and A", NULL, 2);
	assert_formula("A and", "check expression starting from \"d\"", 0);
	assert_formula("", "expression is empty", 0);
	assert_formula("A and (B", "check expression starting from \"B\"", 0);
	assert_formula("A xor B", "check expression starting from \" xor B\"", 0);
	assert_formula("a", "check expression starting from \"a\"", 0);
	assert_formula("A)", "check expression starting from \"A)\"", 0);
	assert_formula("A andB", "check expression starting from \"dB\"", 0);
}

static void
letters_should_follow_num2letter(void **state)
{
	static const struct { size_t n; const char *s; } cases[] = {
		{ 0, "A" }, { 1, "B" }, { 25, "Z" }, { 26, "AA" }, { 27, "AB" }, { 701, "ZZ" },
		{ 702, "AAA" },
	};
	char buf[8];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lld_letter(cases[i].n, buf);
		assert_string_equal(buf, cases[i].s);
	}
}

/* The stored filter of evaltype ev over the conditions (macro, formulaid) pairs. */
static cJSON *
mk_filter(const char *ev, const char *formula, const char *const *macros,
    const char *const *fids, size_t n)
{
	cJSON *f = cJSON_CreateObject(), *arr;

	cJSON_AddStringToObject(f, "evaltype", ev);
	cJSON_AddStringToObject(f, "formula", formula);
	arr = cJSON_AddArrayToObject(f, "conditions");
	for (size_t i = 0; i < n; i++) {
		cJSON *c = cJSON_CreateObject();

		cJSON_AddStringToObject(c, "macro", macros[i]);
		cJSON_AddStringToObject(c, "value", "v");
		cJSON_AddStringToObject(c, "operator", "8");
		cJSON_AddStringToObject(c, "formulaid", fids != NULL ? fids[i] : "");
		cJSON_AddItemToArray(arr, c);
	}
	return f;
}

static void
assert_render(cJSON *stored, const char *want_eval, const char *const *want_ids)
{
	cJSON *r = lld_filter_render(stored), *c;
	size_t i = 0;

	assert_string_equal(lld_doc_str(r, "eval_formula"), want_eval);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "conditions"))
		assert_string_equal(lld_doc_str(c, "formulaid"), want_ids[i++]);
	cJSON_Delete(r);
	cJSON_Delete(stored);
}

static void
formula_ids_should_follow_the_macros(void **state)
{
	static const char *const two[] = { "{#FSTYPE}", "{#FSNAME}" };
	static const char *const three[] = { "{#IFNAME}", "{#IFNAME}", "{#IFTYPE}" };
	static const char *const nat[] = { "{#M10}", "{#M9}" };
	static const char *const ids_ba[] = { "B", "A" }, *const ids_abc[] = { "A", "B", "C" };
	static const char *const custom[] = { "{#X}", "{#Y}", "{#Z}" };
	static const char *const given[] = { "C", "A", "B" }, *const renum[] = { "B", "C", "A" };

	(void)state;
	assert_render(mk_filter("0", "", two, NULL, 2), "A and B", ids_ba);
	assert_render(mk_filter("0", "", three, NULL, 3), "(A or B) and C", ids_abc);
	assert_render(mk_filter("1", "", three, NULL, 3), "(A and B) and C", ids_abc);
	assert_render(mk_filter("2", "", three, NULL, 3), "(A or B) or C", ids_abc);
	assert_render(mk_filter("0", "", three, NULL, 2), "A or B", ids_abc);
	assert_render(mk_filter("0", "", nat, NULL, 2), "A and B", ids_ba);	/* M9 before M10 */
	assert_render(mk_filter("1", "", NULL, NULL, 0), "", NULL);
	/* a custom formula is renumbered by first appearance */
	assert_render(mk_filter("3", "B and (C or A)", custom, given, 3), "A and (B or C)",
	    renum);
}

static void
assert_take(const char *json, const char *want_err)
{
	cJSON *in = cJSON_Parse(json), *out = NULL;
	char *err = lld_filter_take(in, "R", &out);

	if (want_err == NULL) {
		if (err != NULL)
			fail_msg("filter %s: unexpected \"%s\"", json, err);
		assert_non_null(out);
	} else {
		if (err == NULL || strcmp(err, want_err) != 0)
			fail_msg("filter %s: got \"%s\", want \"%s\"", json, err ? err : "(none)",
			    want_err);
		assert_null(out);
	}
	free(err);
	cJSON_Delete(out);
	cJSON_Delete(in);
}

static void
filters_should_be_checked_with_zabbix_texts(void **state)
{
	(void)state;
	assert_take("{\"evaltype\": 0, \"conditions\": [{\"macro\": \"{#A}\", \"value\": \"\"}]}",
	    NULL);
	assert_take("{\"evaltype\": 1, \"conditions\": []}", NULL);
	assert_take("{\"evaltype\": 4, \"conditions\": []}",
	    "Incorrect type of calculation for discovery rule \"R\".");
	assert_take("{\"conditions\": []}",
	    "No \"evaltype\" given for the filter of discovery rule \"R\".");
	assert_take("{\"evaltype\": 0}",
	    "No \"conditions\" given for the filter of discovery rule \"R\".");
	assert_take("{\"evaltype\": 0, \"conditions\": [], \"eval_formula\": \"\"}",
	    "Unsupported parameter \"eval_formula\" for the filter of discovery rule \"R\".");
	assert_take("{\"evaltype\": 3, \"conditions\": [{\"macro\": \"{#A}\", \"value\": \"x\", "
	    "\"formulaid\": \"A\"}]}", "Formula missing for discovery rule \"R\".");
	assert_take("{\"evaltype\": 3, \"formula\": \"A and D\", \"conditions\": [{\"macro\": "
	    "\"{#A}\", \"value\": \"x\", \"formulaid\": \"A\"}]}",
	    "Condition \"D\" used in formula \"A and D\" for discovery rule \"R\" is not defined.");
	assert_take("{\"evaltype\": 3, \"formula\": \"A\", \"conditions\": [{\"macro\": \"{#A}\", "
	    "\"value\": \"x\", \"formulaid\": \"A\"}, {\"macro\": \"{#B}\", \"value\": \"y\", "
	    "\"formulaid\": \"B\"}]}",
	    "Condition \"B\" is not used in formula \"A\" for discovery rule \"R\".");
	assert_take("{\"evaltype\": 0, \"conditions\": [{\"macro\": \"{$A}\", \"value\": \"x\"}]}",
	    "Incorrect filter condition macro for discovery rule \"R\".");
	assert_take("{\"evaltype\": 0, \"conditions\": [{\"macro\": \"{#A}\", \"value\": \"x\", "
	    "\"operator\": 1}]}", "Incorrect filter condition operator for discovery rule \"R\".");
	assert_take("{\"evaltype\": 0, \"conditions\": [{\"macro\": \"{#A}\"}]}",
	    "No \"value\" given for a filter condition of discovery rule \"R\".");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formulas_should_parse_as_zabbix_does),
		cmocka_unit_test(letters_should_follow_num2letter),
		cmocka_unit_test(formula_ids_should_follow_the_macros),
		cmocka_unit_test(filters_should_be_checked_with_zabbix_texts),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("lld", tests, NULL, NULL);
}
