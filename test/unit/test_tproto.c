/* test_tproto.c: trigger prototypes in the trigger record: flags and discover kept through an
 * encode and decode, and a record written before discover existed reading as "0". */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

static void
prototype_fields_should_round_trip(void **state)
{
	struct codec_buf b = { 0 };
	struct trigger t, back;

	(void)state;
	trigger_init(&t);
	assert_string_equal(t.f[TRIGGER_F_DISCOVER], "0");
	assert_int_equal(trigger_field_find("discover"), TRIGGER_F_DISCOVER);
	t.triggerid = 7, t.hostid = 3;
	trigger_set(&t, TRIGGER_F_FLAGS, "2");
	trigger_set(&t, TRIGGER_F_DISCOVER, "1");
	trigger_set(&t, TRIGGER_F_DESCRIPTION, "In on {#IF}");
	trigger_encode(&t, &b);
	assert_int_equal(trigger_decode(b.data, b.len, &back), 0);
	assert_string_equal(back.f[TRIGGER_F_FLAGS], "2");
	assert_string_equal(back.f[TRIGGER_F_DISCOVER], "1");
	assert_string_equal(back.f[TRIGGER_F_DESCRIPTION], "In on {#IF}");
	codec_buf_free(&b);
	trigger_free(&t), trigger_free(&back);
}

/* A version-1 record with the columns before discover only (as stored before it existed). */
static void
older_records_should_read_discover_as_zero(void **state)
{
	struct codec_buf b = { 0 };
	struct trigger t;

	(void)state;
	codec_put_u8(&b, 1);
	codec_put_u64(&b, 9), codec_put_u64(&b, 3), codec_put_u64(&b, 0);
	codec_put_u32(&b, TRIGGER_F_DISCOVER);
	for (int i = 0; i < TRIGGER_F_DISCOVER; i++)
		codec_put_str(&b, i == TRIGGER_F_DESCRIPTION ? "old" : "");
	codec_put_u32(&b, 0);		/* functions */
	codec_put_u32(&b, 0);		/* dependencies */
	tag_list_encode(&(struct tag_list){ 0 }, &b);
	assert_int_equal(trigger_decode(b.data, b.len, &t), 0);
	assert_string_equal(t.f[TRIGGER_F_DESCRIPTION], "old");
	assert_string_equal(t.f[TRIGGER_F_DISCOVER], "0");
	codec_buf_free(&b);
	trigger_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prototype_fields_should_round_trip),
		cmocka_unit_test(older_records_should_read_discover_as_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
