/* test_calcformula.c: calculated item formulas as Zabbix 6.0's expression parser and
 * validator read them (texts recorded from Zabbix 6.0.14's item.create). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

static void
assert_formula_ok(const char *f)
{
	char *cause = NULL;

	if (calc_formula_check(f, &cause) != 0)
		fail_msg("\"%s\" refused: %s", f, cause);
	assert_null(cause);
}

static void
assert_formula_bad(const char *f, const char *want)
{
	char *cause = NULL;

	assert_int_equal(calc_formula_check(f, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
formulas_of_official_templates_should_parse(void **state)
{
	(void)state;
	assert_formula_ok("( last(//mysql.innodb_buffer_pool_pages_total) - \n"
	    "last(//mysql.innodb_buffer_pool_pages_free) ) / \n"
	    "( last(//mysql.innodb_buffer_pool_pages_total) + \n"
	    "( last(//mysql.innodb_buffer_pool_pages_total) = 0 ) ) * 100 * \n"
	    "( last(//mysql.innodb_buffer_pool_pages_total) > 0 )");
	assert_formula_ok("(last(//mssql.average_latch_wait_time_raw) - "
	    "last(//mssql.average_latch_wait_time_raw,#2)) /\n"
	    "(last(//mssql.average_latch_wait_time_base) - "
	    "last(//mssql.average_latch_wait_time_base,#2)=0)");
	assert_formula_ok("sum(last_foreach(/*/k?[group=\"G\" and tag=\"t:v\"]))");
	assert_formula_ok("histogram_quantile(0.5,bucket_rate_foreach(//k,5m))");
	assert_formula_ok("count(//k,5m,\"eq\",\"1\")/2");
	assert_formula_ok("last(/h/a)+last(/{HOST.HOST}/b)");
	assert_formula_ok("last(//k[\"a,b\",c]) + last(//k[a,[b,c]])");
	assert_formula_ok("{$A:\"ctx\"}+1");
	assert_formula_ok("1e3+.5*1K");
	assert_formula_ok("not last(//a)");
	assert_formula_ok("1 and 2");
	assert_formula_ok("(1)or(2)");
	assert_formula_ok("1 or -2");
	assert_formula_ok("1 - - 1");
	assert_formula_ok("last(//k) and not 1");
	assert_formula_ok("\t1\n");
	assert_formula_ok("last(//a,)");
	assert_formula_ok("last( //a, #3)");
	assert_formula_ok("pi()");
}

static void
syntax_errors_should_name_where_reading_stopped(void **state)
{
	(void)state;
	assert_formula_bad("last(", "incorrect expression starting from \"last(\"");
	assert_formula_bad("last(//a) + ", "incorrect expression starting from \"\"");
	assert_formula_bad("foo", "incorrect expression starting from \"foo\"");
	assert_formula_bad("1+", "incorrect expression starting from \"\"");
	assert_formula_bad("last(/a)", "incorrect expression starting from \"last(/a)\"");
	assert_formula_bad("(1", "incorrect expression starting from \"\"");
	assert_formula_bad("last(k)", "incorrect expression starting from \"last(k)\"");
	assert_formula_bad("1 and2", "incorrect expression starting from \"2\"");
	assert_formula_bad("1 or-2", "incorrect expression starting from \"-2\"");
}

static void
functions_should_be_known_with_their_parameter_counts(void **state)
{
	(void)state;
	assert_formula_bad("unknownfunc(//k)", "unknown function \"unknownfunc\"");
	assert_formula_bad("abs( 1 , 2 )", "invalid number of parameters in function \"abs\"");
	assert_formula_bad("abs()", "invalid number of parameters in function \"abs\"");
	assert_formula_bad("last(//a,,)", "invalid number of parameters in function \"last\"");
	assert_formula_bad("abs(nodata(//k,1,2,3))",
	    "invalid number of parameters in function \"nodata\"");
	assert_formula_bad("length(//k)", "incorrect usage of function \"length\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formulas_of_official_templates_should_parse),
		cmocka_unit_test(syntax_errors_should_name_where_reading_stopped),
		cmocka_unit_test(functions_should_be_known_with_their_parameter_counts),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("calcformula", tests, NULL, NULL);
}
