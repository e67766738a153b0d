/* test_import_compare.c: configuration.importcompare's comparison engine (import_compare) on small export trees, against what Zabbix 6.0.14 answers. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/domain.h"
#include "tmpld/util.h"

/* JSON written with ' for " (no ' inside the values). */
static cJSON *
J(const char *s)
{
	char *t = xstrdup(s);
	cJSON *v;

	for (char *p = t; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	v = cJSON_Parse(t);
	if (v == NULL)
		fail_msg("bad test JSON: %s", s);
	free(t);
	return v;
}

/* Every rules entity given with every flag on, as the corpus's calls send them. */
static struct icompare_rules
rules_all(void)
{
	struct icompare_rules r;

	for (int i = 0; i < ICMP_RULE_COUNT; i++)
		r.r[i] = (struct icompare_flags){ true, true, true, false };
	return r;
}

/* Compares, expects success and the answer `want` (compact JSON, key order included). */
static void
expect_compare(const char *before, const char *after, const struct icompare_rules *r,
    const char *want)
{
	cJSON *b = J(before), *a = J(after), *out = NULL, *w = J(want);
	struct err e = { 0 };
	char *got, *exp;

	if (import_compare(b, a, r, &out, &e) != 0)
		fail_msg("import_compare failed: %s", e.text);
	got = cJSON_PrintUnformatted(out);
	exp = cJSON_PrintUnformatted(w);
	if (strcmp(got, exp) != 0)
		fail_msg("got\n%s\nwant\n%s", got, exp);
	free(got), free(exp);
	cJSON_Delete(b), cJSON_Delete(a), cJSON_Delete(out), cJSON_Delete(w);
}

/* x20's template: T1 in G1, macro {$A}=1, two trapper items. */
#define X20_SRC "{'version':'6.0','date':'2026-11-30T20:58:48Z'," \
	"'groups':[{'uuid':'d8f13545c0e94bcb9d5319c5e5aaa7e4','name':'G1'}]," \
	"'templates':[{'uuid':'304a8ddfc13f469c8c233fc5633804d4','template':'T1','name':'T1'," \
	"'groups':[{'name':'G1'}],'items':[" \
	"{'uuid':'488d3845649340a497ae76c9ee5f2d51','name':'Trap one','type':'TRAP','key':'trap.one','delay':'0'}," \
	"{'uuid':'df8592fb141845f8b7db123f8d938ea9','name':'Trap two','type':'TRAP','key':'trap.two','delay':'0'}]," \
	"'macros':[{'macro':'{$A}','value':'1'}]}]}"
/* The database after x20's changes: renamed, macro 2, item one renamed, two gone, three new. */
#define X20_DB "{'version':'6.0','date':'2026-11-30T20:59:00Z'," \
	"'groups':[{'uuid':'d8f13545c0e94bcb9d5319c5e5aaa7e4','name':'G1'}]," \
	"'templates':[{'uuid':'304a8ddfc13f469c8c233fc5633804d4','template':'T1','name':'T1 new name'," \
	"'groups':[{'name':'G1'}],'items':[" \
	"{'uuid':'488d3845649340a497ae76c9ee5f2d51','name':'Trap one renamed','type':'TRAP','key':'trap.one','delay':'0'}," \
	"{'uuid':'1a834c23b87e4186b230b5975e7d3f0c','name':'Trap three','type':'TRAP','key':'trap.three','delay':'0'}]," \
	"'macros':[{'macro':'{$A}','value':'2'}]}]}"

#define X20_T_BEFORE "{'uuid':'304a8ddfc13f469c8c233fc5633804d4','template':'T1','name':'T1 new name'," \
	"'groups':[{'name':'G1'}],'macros':[{'macro':'{$A}','value':'2'}]}"
#define X20_T_AFTER "{'uuid':'304a8ddfc13f469c8c233fc5633804d4','template':'T1','name':'T1'," \
	"'groups':[{'name':'G1'}],'macros':[{'macro':'{$A}','value':'1'}]}"
#define X20_I1_BEFORE "{'uuid':'488d3845649340a497ae76c9ee5f2d51','name':'Trap one renamed','type':'TRAP','key':'trap.one','delay':'0'}"
#define X20_I1_AFTER "{'uuid':'488d3845649340a497ae76c9ee5f2d51','name':'Trap one','type':'TRAP','key':'trap.one','delay':'0'}"
#define X20_I2 "{'uuid':'df8592fb141845f8b7db123f8d938ea9','name':'Trap two','type':'TRAP','key':'trap.two','delay':'0'}"
#define X20_I3 "{'uuid':'1a834c23b87e4186b230b5975e7d3f0c','name':'Trap three','type':'TRAP','key':'trap.three','delay':'0'}"

static void
unchanged_source_should_give_an_empty_list(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	expect_compare(X20_SRC, X20_SRC, &r, "[]");
	/* an export with no objects, and a host-only one (hosts are not compared) */
	expect_compare("{'version':'6.0','date':'x'}", "{'version':'6.0','date':'y'}", &r, "[]");
	expect_compare("{}", "{'templates':[],'groups':[]}", &r, "[]");
	expect_compare("{'hosts':[{'host':'H','name':'a'}]}", "{'hosts':[{'host':'H','name':'b'}]}",
	    &r, "[]");
}

static void
changes_should_be_listed_as_x20_shows(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	expect_compare(X20_DB, X20_SRC, &r,
	    "{'templates':{'updated':[{'before':" X20_T_BEFORE ",'after':" X20_T_AFTER ","
	    "'items':{'added':[{'after':" X20_I2 "}],"
	    "'updated':[{'before':" X20_I1_BEFORE ",'after':" X20_I1_AFTER "}]}}]}}");
	/* items.deleteMissing: the database's extra item is removed */
	r.r[ICMP_ITEMS].delete_missing = true;
	expect_compare(X20_DB, X20_SRC, &r,
	    "{'templates':{'updated':[{'before':" X20_T_BEFORE ",'after':" X20_T_AFTER ","
	    "'items':{'added':[{'after':" X20_I2 "}],'removed':[{'before':" X20_I3 "}],"
	    "'updated':[{'before':" X20_I1_BEFORE ",'after':" X20_I1_AFTER "}]}}]}}");
}

static void
update_existing_off_should_keep_before_as_after(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	r.r[ICMP_TEMPLATES].update_existing = false;
	r.r[ICMP_ITEMS] = (struct icompare_flags){ true, false, false, false };
	expect_compare(X20_DB, X20_SRC, &r,
	    "{'templates':{'updated':[{'before':" X20_T_BEFORE ",'after':" X20_T_BEFORE ","
	    "'items':{'updated':[{'before':" X20_I1_BEFORE ",'after':" X20_I1_BEFORE "}]}}]}}");
}

static void
missing_template_should_be_added_with_its_items(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	expect_compare("{'groups':[{'uuid':'d8f13545c0e94bcb9d5319c5e5aaa7e4','name':'G1'}]}",
	    X20_SRC, &r,
	    "{'templates':{'added':[{'after':{'uuid':'304a8ddfc13f469c8c233fc5633804d4','template':'T1',"
	    "'name':'T1','groups':[{'name':'G1'}],'macros':[{'macro':'{$A}','value':'1'}]},"
	    "'items':{'added':[{'after':" X20_I1_AFTER "},{'after':" X20_I2 "}]}}]}}");
	/* templates.createMissing off: nothing to add */
	r.r[ICMP_TEMPLATES].create_missing = false;
	expect_compare("{'groups':[{'uuid':'d8f13545c0e94bcb9d5319c5e5aaa7e4','name':'G1'}]}",
	    X20_SRC, &r, "[]");
	/* a group missing from the database is added too (groups.createMissing) */
	expect_compare("{}", "{'groups':[{'uuid':'g','name':'G1'}]}", &r,
	    "{'groups':{'added':[{'after':{'uuid':'g','name':'G1'}}]}}");
}

static void
entities_should_match_by_uuid_then_by_name(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	/* another uuid, same technical name: the same template, shown with the source's uuid */
	expect_compare("{'templates':[{'uuid':'aaaa','template':'T','name':'old'}]}",
	    "{'templates':[{'uuid':'bbbb','template':'T','name':'new'}]}", &r,
	    "{'templates':{'updated':[{'before':{'uuid':'bbbb','template':'T','name':'old'},"
	    "'after':{'uuid':'bbbb','template':'T','name':'new'}}]}}");
	/* an entity of the database is matched once: the second with its name and key is new */
	expect_compare("{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i1','name':'x','key':'k'}]}]}",
	    "{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i9','name':'x','key':'k'},{'uuid':'i8','name':'x','key':'k'}]}]}",
	    &r, "{'templates':{'updated':[{'before':{'uuid':'a','template':'T','name':'T'},"
	    "'after':{'uuid':'a','template':'T','name':'T'},'items':{'added':["
	    "{'after':{'uuid':'i8','name':'x','key':'k'}}]}}]}}");
	/* the first match in the database's order wins, by uuid or by name and key */
	expect_compare("{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i1','name':'x','key':'k','units':'1'},{'uuid':'i2','name':'y','key':'k2'}]}]}",
	    "{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i2','name':'x','key':'k'}]}]}",
	    &r, "{'templates':{'updated':[{'before':{'uuid':'a','template':'T','name':'T'},"
	    "'after':{'uuid':'a','template':'T','name':'T'},'items':{'updated':["
	    "{'before':{'uuid':'i2','name':'x','key':'k','units':'1'},"
	    "'after':{'uuid':'i2','name':'x','key':'k'}}]}}]}}");
	/* PHP's == on uuids: numeric strings by value */
	expect_compare("{'templates':[{'uuid':'10','template':'T','name':'old'}]}",
	    "{'templates':[{'uuid':'1e1','template':'T2','name':'new'}]}", &r,
	    "{'templates':{'updated':[{'before':{'uuid':'1e1','template':'T','name':'old'},"
	    "'after':{'uuid':'1e1','template':'T2','name':'new'}}]}}");
	/* an item without a uuid in the source is not compared at all */
	expect_compare("{'templates':[{'uuid':'a','template':'T','name':'T'}]}",
	    "{'templates':[{'uuid':'a','template':'T','name':'T','items':[{'name':'x','key':'k'}]}]}",
	    &r, "[]");
	/* an item renamed keeps its uuid: matched by uuid; a new uuid with the same name and key
	 * is the same item too */
	expect_compare("{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i1','name':'x','key':'k'},{'uuid':'i2','name':'y','key':'k2'}]}]}",
	    "{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i9','name':'y','key':'k2','units':'B'},{'uuid':'i1','name':'x2','key':'k'}]}]}",
	    &r, "{'templates':{'updated':[{'before':{'uuid':'a','template':'T','name':'T'},"
	    "'after':{'uuid':'a','template':'T','name':'T'},'items':{'updated':["
	    "{'before':{'uuid':'i9','name':'y','key':'k2'},'after':{'uuid':'i9','name':'y','key':'k2','units':'B'}},"
	    "{'before':{'uuid':'i1','name':'x','key':'k'},'after':{'uuid':'i1','name':'x2','key':'k'}}]}}]}}");
}

static void
after_should_take_before_key_order_and_keep_explicit_defaults(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	/* Zabbix compares the source as written: an explicit default is a change */
	expect_compare("{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i','name':'x','type':'TRAP','key':'k','delay':'0'}]}]}",
	    "{'templates':[{'uuid':'a','template':'T','name':'T','items':["
	    "{'uuid':'i','name':'x','type':'TRAP','key':'k','status':'ENABLED','delay':'0'}]}]}", &r,
	    "{'templates':{'updated':[{'before':{'uuid':'a','template':'T','name':'T'},"
	    "'after':{'uuid':'a','template':'T','name':'T'},'items':{'updated':[{"
	    "'before':{'uuid':'i','name':'x','type':'TRAP','key':'k','delay':'0'},"
	    "'after':{'uuid':'i','name':'x','type':'TRAP','key':'k','delay':'0','status':'ENABLED'}}]}}]}}");
}

static void
strings_should_be_normalised_on_both_sides(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	/* LF and CR LF are one; a uuid's case does not count; numeric strings compare as PHP's == */
	expect_compare("{'templates':[{'uuid':'abcd','template':'T','name':'T','description':'a\\nb',"
	    "'items':[{'uuid':'i','name':'x','key':'k','delay':'60','preprocessing':[{'type':'REGEX',"
	    "'parameters':['a\\r\\nb','1']}]}]}]}",
	    "{'templates':[{'uuid':'ABCD','template':'T','name':'T','description':'a\\r\\nb',"
	    "'items':[{'uuid':'I','name':'x','key':'k','delay':'60.0','preprocessing':[{'type':'REGEX',"
	    "'parameters':['a\\nb','1']}]}]}]}", &r, "[]");
	/* the normal form itself: CR LF in text, LF in preprocessing parameters */
	{
		cJSON *d = J("{'description':'a\\nb\\r\\nc','items':[{'uuid':'AB','preprocessing':"
		    "[{'parameters':['x\\r\\ny']}]}]}");
		char *s;

		import_compare_normalise(d);
		s = cJSON_PrintUnformatted(d);
		assert_string_equal(s, "{\"description\":\"a\\r\\nb\\r\\nc\",\"items\":[{\"uuid\":\"ab\","
		    "\"preprocessing\":[{\"parameters\":[\"x\\ny\"]}]}]}");
		free(s);
		cJSON_Delete(d);
	}
}

#define LINK_DB "{'templates':[{'uuid':'a','template':'T','name':'T','templates':[{'name':'P1'},{'name':'P2'}]}]}"
#define LINK_SRC "{'templates':[{'uuid':'a','template':'T','name':'T','templates':[{'name':'P2'},{'name':'P3'}]}]}"
#define LINK_T(list) "{'uuid':'a','template':'T','name':'T','templates':" list "}"

static void
template_linkage_should_shape_the_parents_list(void **state)
{
	struct icompare_rules r = rules_all();

	(void)state;
	/* createMissing only: the parents are added to */
	expect_compare(LINK_DB, LINK_SRC, &r, "{'templates':{'updated':[{'before':" LINK_T(
	    "[{'name':'P1'},{'name':'P2'}]") ",'after':" LINK_T(
	    "[{'name':'P1'},{'name':'P2'},{'name':'P3'}]") "}]}}");
	/* createMissing and deleteMissing: the source's list */
	r.r[ICMP_TEMPLATE_LINKAGE].delete_missing = true;
	expect_compare(LINK_DB, LINK_SRC, &r, "{'templates':{'updated':[{'before':" LINK_T(
	    "[{'name':'P1'},{'name':'P2'}]") ",'after':" LINK_T("[{'name':'P2'},{'name':'P3'}]") "}]}}");
	/* deleteMissing only: the list shrinks to the parents the source keeps */
	r.r[ICMP_TEMPLATE_LINKAGE].create_missing = false;
	expect_compare(LINK_DB, LINK_SRC, &r, "{'templates':{'updated':[{'before':" LINK_T(
	    "[{'name':'P1'},{'name':'P2'}]") ",'after':" LINK_T("[{'name':'P2'}]") "}]}}");
	/* neither: the parents stay, so nothing changes */
	r.r[ICMP_TEMPLATE_LINKAGE].delete_missing = false;
	expect_compare(LINK_DB, LINK_SRC, &r, "[]");
	/* the parents change even with templates.updateExisting off */
	r.r[ICMP_TEMPLATE_LINKAGE].delete_missing = true;
	r.r[ICMP_TEMPLATES].update_existing = false;
	expect_compare(LINK_DB, LINK_SRC, &r, "{'templates':{'updated':[{'before':" LINK_T(
	    "[{'name':'P1'},{'name':'P2'}]") ",'after':" LINK_T("[{'name':'P2'}]") "}]}}");
}

static void
missing_rules_entity_should_be_a_parameter_error(void **state)
{
	struct icompare_rules r = rules_all();
	cJSON *b = J(X20_DB), *a = J(X20_SRC), *out = NULL;
	struct err e = { 0 };

	(void)state;
	r.r[ICMP_ITEMS] = (struct icompare_flags){ 0 };
	assert_int_equal(import_compare(b, a, &r, &out, &e), -1);
	assert_null(out);
	assert_int_equal(e.kind, ERR_PARAM);
	assert_string_equal(e.text, "Invalid parameter \"/rules\": the parameter \"items\" is missing.");
	err_clear(&e);
	/* not needed when nothing under it is compared */
	cJSON_Delete(b);
	b = J("{'groups':[{'uuid':'d8f13545c0e94bcb9d5319c5e5aaa7e4','name':'G1'}]}");
	cJSON_DeleteItemFromObjectCaseSensitive(a, "templates");
	assert_int_equal(import_compare(b, a, &r, &out, &e), 0);
	assert_true(cJSON_IsArray(out) && cJSON_GetArraySize(out) == 0);
	cJSON_Delete(out), cJSON_Delete(b), cJSON_Delete(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unchanged_source_should_give_an_empty_list),
		cmocka_unit_test(changes_should_be_listed_as_x20_shows),
		cmocka_unit_test(update_existing_off_should_keep_before_as_after),
		cmocka_unit_test(missing_template_should_be_added_with_its_items),
		cmocka_unit_test(entities_should_match_by_uuid_then_by_name),
		cmocka_unit_test(after_should_take_before_key_order_and_keep_explicit_defaults),
		cmocka_unit_test(strings_should_be_normalised_on_both_sides),
		cmocka_unit_test(template_linkage_should_shape_the_parents_list),
		cmocka_unit_test(missing_rules_entity_should_be_a_parameter_error),
	};

	util_json_hooks();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
