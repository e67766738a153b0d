/* test_interval.c: time units and update intervals as Zabbix 6.0 reads them (the answers of
 * its item.create recorded for each of these delays). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

static void
time_units_should_have_no_leading_zero(void **state)
{
	uint64_t sec;

	(void)state;
	assert_int_equal(interval_time_unit("0", &sec), 0);
	assert_int_equal(sec, 0);
	assert_int_equal(interval_time_unit("90d", &sec), 0);
	assert_int_equal(sec, 90 * 86400);
	assert_int_equal(interval_time_unit("1w", &sec), 0);
	assert_int_equal(interval_time_unit("01d", &sec), -1);
	assert_int_equal(interval_time_unit("1.5m", &sec), -1);
	assert_int_equal(interval_time_unit("{$H}", &sec), -1);	/* a macro is not a unit */
	assert_int_equal(interval_time_unit("", &sec), -1);
}

static void
assert_delay(const char *s, int rc)
{
	struct interval_delay d;

	if (interval_delay_parse(s, &d) != rc)
		fail_msg("delay \"%s\": expected %d", s, rc);
}

static void
delays_should_parse_as_zabbix_does(void **state)
{
	struct interval_delay d;

	(void)state;
	assert_delay("1m;wd1-5h9-18", 0);
	assert_delay("1m;md1", 0);
	assert_delay("0;50s/1-7,00:00-24:00", 0);
	assert_delay("1m;{$F}", 0);
	assert_delay("{$D};{$F}", 0);
	assert_delay("1m;h9-18/2", 0);
	assert_delay("1m;m0-59/5", 0);
	assert_delay("1m;md1-31wd1h0m0s0", 0);
	assert_delay("1m;50s/1-7,9:00-18:00", 0);
	assert_delay("1m;h", -1);
	assert_delay("1m;wd8", -1);
	assert_delay("1m;", -1);
	assert_delay("1m;;", -1);
	assert_delay("1m;abc", -1);
	assert_delay("1m;1-5,09:00-18:00", -1);
	assert_delay("1m;50s/8,00:00-24:00", -1);
	assert_delay("1m;50s/1-7,09:00-8:00", -1);
	assert_delay("01m", -1);
	assert_delay(" 1m", -1);
	assert_delay("1m ", -1);
	assert_delay("-1", -1);
	assert_int_equal(interval_delay_parse("0;0/1-7,00:00-24:00", &d), 0);
	assert_false(d.flexible_nonzero);	/* never refreshed: Zabbix refuses it */
	assert_int_equal(interval_delay_parse("0;wd1", &d), 0);
	assert_true(d.scheduling);
	assert_int_equal(interval_delay_parse("{$D}", &d), 0);
	assert_true(d.macro);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_units_should_have_no_leading_zero),
		cmocka_unit_test(delays_should_parse_as_zabbix_does),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("interval", tests, NULL, NULL);
}
