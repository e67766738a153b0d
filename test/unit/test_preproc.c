/* test_preproc.c: item preprocessing steps: Zabbix 6.0's checks and texts per step type, the
 * record's encoding, and the store keeping them with the item (and deleting them with it). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The text of checking one step (NULL: accepted). */
static char *
check1(const char *type, const char *params, const char *h, const char *hp)
{
	struct preproc_list l = { 0 };
	char *r;

	preproc_list_add(&l, type, params, h, hp);
	r = preproc_list_check(&l);
	preproc_list_free(&l);
	return r;
}

static void
expect1(const char *type, const char *params, const char *h, const char *hp, const char *want)
{
	char *got = check1(type, params, h, hp);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("type %s params \"%s\": unexpected \"%s\"", type, params, got);
		return;
	}
	if (got == NULL)
		fail_msg("type %s params \"%s\": accepted, wanted \"%s\"", type, params, want);
	assert_string_equal(got, want);
	free(got);
}

#define P(t)	"Incorrect value for field \"params\": " t "."

static void
params_should_be_checked_per_type(void **state)
{
	(void)state;
	expect1("0", "", "0", "", "Incorrect value for field \"type\": unexpected value \"0\".");
	expect1("28", "", "0", "", "Incorrect value for field \"type\": unexpected value \"28\".");
	expect1("99", "", "0", "", "Incorrect value for field \"type\": unexpected value \"99\".");
	expect1("", "", "0", "", "Incorrect value for field \"type\": cannot be empty.");
	/* multiplier */
	expect1("1", "", "0", "", P("cannot be empty"));
	expect1("1", "abc", "0", "", P("a numeric value is expected"));
	expect1("1", "0.5", "0", "", NULL);
	expect1("1", "-1e3", "0", "", NULL);
	expect1("1", "{$MULT}", "0", "", NULL);
	/* not empty */
	for (const char *t = "2 3 4 11 12 14 15 16 17 21"; *t != '\0';) {
		char type[4] = { 0 };
		size_t n = strcspn(t, " ");

		memcpy(type, t, n);
		expect1(type, "", "0", "", P("cannot be empty"));
		expect1(type, "x", "0", "", NULL);
		t += n + (t[n] == ' ');
	}
	/* two parameters */
	expect1("5", "only", "0", "", P("second parameter is expected"));
	expect1("5", "a\n", "0", "", P("second parameter is expected"));
	expect1("5", "\nout", "0", "", P("first parameter is expected"));
	expect1("18", "(\\d)\n\\1", "0", "", NULL);
	expect1("25", "a\n", "0", "", NULL);
	expect1("25", "a", "0", "", NULL);
	/* range */
	expect1("13", "10\n1", "0", "", P("\"min\" value must be less than or equal to \"max\" value"));
	expect1("13", "a\nb", "0", "", P("a numeric value is expected"));
	expect1("13", "\n", "0", "", P("cannot be empty"));
	expect1("13", "-5\n5", "0", "", NULL);
	expect1("13", "\n5", "0", "", NULL);
	expect1("13", "{$MIN}\n1", "0", "", NULL);
	/* must be empty */
	for (const char *t = "6 7 8 9 10 19 27"; *t != '\0';) {
		char type[4] = { 0 };
		size_t n = strcspn(t, " ");

		memcpy(type, t, n);
		expect1(type, "x", "0", "", P("should be empty"));
		expect1(type, "", "0", "", NULL);
		t += n + (t[n] == ' ');
	}
	expect1("26", "x", "1", "", P("should be empty"));
	/* heartbeat */
	expect1("20", "", "0", "", "Invalid parameter \"params\": cannot be empty.");
	expect1("20", "1x", "0", "", "Invalid parameter \"params\": a time unit is expected.");
	expect1("20", "0", "0", "", "Invalid parameter \"params\": value must be one of "
	    "1-788400000.");
	expect1("20", "1h", "0", "", NULL);
	expect1("20", "{$HEARTBEAT}", "0", "", NULL);
	/* prometheus */
	expect1("22", "m\nvalue\n", "0", "", NULL);
	expect1("22", "m", "0", "", P("second parameter is expected"));
	expect1("22", "m\nlabel", "0", "", P("third parameter is expected"));
	expect1("22", "m\nother\n", "0", "", P("invalid aggregation method"));
	expect1("22", "m\nfunction\nmedian", "0", "", P("unsupported Prometheus function"));
	expect1("22", "m\nfunction\nsum", "0", "", NULL);
	expect1("23", "", "0", "", NULL);
	/* csv */
	expect1("24", ",\n\"\n1", "0", "", NULL);
	expect1("24", ",", "0", "", P("second parameter is expected"));
	expect1("24", ",\n\"", "0", "", P("third parameter is expected"));
	expect1("24", ",,\n\"\n1", "0", "", P("value of first parameter is too long"));
	expect1("24", ",\n\"\n2", "0", "", P("value of third parameter must be one of 0, 1"));
}

static void
handlers_should_be_checked(void **state)
{
	(void)state;
	expect1("1", "2", "4", "", "Incorrect value for field \"error_handler\": unexpected value "
	    "\"4\".");
	expect1("1", "2", "2", "", NULL);
	expect1("1", "2", "3", "", "Incorrect value for field \"error_handler_params\": cannot be "
	    "empty.");
	expect1("1", "2", "3", "no", NULL);
	expect1("1", "2", "0", "x", "Incorrect value for field \"error_handler_params\": should be "
	    "empty.");
	expect1("1", "2", "1", "x", "Incorrect value for field \"error_handler_params\": should be "
	    "empty.");
	expect1("4", "x", "1", "", "Incorrect value for field \"error_handler\": unexpected value "
	    "\"1\".");
	expect1("21", "return 1;", "2", "", "Incorrect value for field \"error_handler\": "
	    "unexpected value \"2\".");
	expect1("26", "", "0", "", "Incorrect value for field \"error_handler\": unexpected value "
	    "\"0\".");
	expect1("26", "", "1", "", NULL);
}

static void
once_only_steps_and_order(void **state)
{
	struct preproc_list l = { 0 };
	char *r;

	(void)state;
	preproc_list_add(&l, "19", "", "0", "");
	preproc_list_add(&l, "20", "1h", "0", "");
	assert_string_equal(r = preproc_list_check(&l), "Only one throttling step is allowed.");
	free(r);
	preproc_list_free(&l);
	preproc_list_add(&l, "9", "", "0", "");
	preproc_list_add(&l, "10", "", "0", "");
	assert_string_equal(r = preproc_list_check(&l), "Only one change step is allowed.");
	free(r);
	preproc_list_free(&l);
	preproc_list_add(&l, "22", "m\nvalue\n", "0", "");
	preproc_list_add(&l, "23", "", "0", "");
	assert_string_equal(r = preproc_list_check(&l), "Only one Prometheus step is allowed.");
	free(r);
	preproc_list_free(&l);
	preproc_list_add(&l, "26", "", "1", "");
	preproc_list_add(&l, "26", "", "1", "");
	assert_string_equal(r = preproc_list_check(&l), "Only one not supported value check is "
	    "allowed.");
	free(r);
	preproc_list_free(&l);
	/* the not-supported check moves first; "\r\n" in params reads as "\n" */
	preproc_list_add(&l, "1", "2", "0", "");
	preproc_list_add(&l, "5", "a\r\nb", "0", "");
	preproc_list_add(&l, "26", "", "3", "unsupported");
	assert_null(preproc_list_check(&l));
	assert_int_equal(l.n, 3);
	assert_string_equal(l.s[0].type, "26");
	assert_string_equal(l.s[1].type, "1");
	assert_string_equal(l.s[2].params, "a\nb");
	preproc_list_free(&l);
}

static void
names_and_encoding(void **state)
{
	struct preproc_list l = { 0 }, back = { 0 };
	struct codec_buf b = { 0 };

	(void)state;
	assert_string_equal(preproc_type_name("1"), "MULTIPLIER");
	assert_string_equal(preproc_type_name("20"), "DISCARD_UNCHANGED_HEARTBEAT");
	assert_string_equal(preproc_type_name("27"), "XML_TO_JSON");
	assert_null(preproc_type_name("28"));
	assert_string_equal(preproc_handler_name("0"), "ORIGINAL_ERROR");
	assert_string_equal(preproc_handler_name("3"), "CUSTOM_ERROR");
	preproc_list_add(&l, "5", "a\nb", "3", "err");
	preproc_list_add(&l, "2", " ", "0", "");
	preproc_list_encode(&l, &b);
	assert_int_equal(preproc_list_decode(b.data, b.len, &back), 0);
	assert_true(preproc_list_equal(&l, &back));
	preproc_list_free(&back);
	assert_int_equal(preproc_list_decode(b.data, b.len - 1, &back), -1);
	assert_int_equal(back.n, 0);
	codec_buf_free(&b);
	preproc_list_free(&l);
}

static void
store_should_keep_steps_with_the_item(void **state)
{
	char *dir;
	struct store *st = unit_store_new(&dir);
	struct store_txn *t;
	struct item it, got;
	uint64_t id;

	(void)state;
	assert_int_equal(store_txn_write(st, NULL, &t), STORE_OK);
	item_init(&it);
	it.hostid = 100;
	item_set(&it, ITEM_F_KEY, "k");
	preproc_list_add(&it.pp, "1", "2", "0", "");
	assert_int_equal(store_item_create(t, &it), STORE_OK);
	id = it.itemid;
	assert_int_equal(store_item_get(t, id, &got), STORE_OK);
	assert_int_equal(got.pp.n, 1);
	assert_string_equal(got.pp.s[0].params, "2");
	item_free(&got);
	/* cleared by an update */
	item_dup(&got, &it);
	preproc_list_free(&got.pp);
	assert_int_equal(store_item_update(t, &it, &got), STORE_OK);
	item_free(&got);
	assert_int_equal(store_item_get(t, id, &got), STORE_OK);
	assert_int_equal(got.pp.n, 0);
	/* and deleted with the item */
	assert_int_equal(store_item_update(t, &got, &it), STORE_OK);
	item_free(&got);
	assert_int_equal(store_item_delete_tree(t, id), STORE_OK);
	assert_int_equal(store_get_id(t, STORE_DB_ITEM_PREPROC, id, &(const void *){ NULL },
	    &(size_t){ 0 }), STORE_ENOTFOUND);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	item_free(&it);
	unit_store_free(st, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(params_should_be_checked_per_type),
		cmocka_unit_test(handlers_should_be_checked),
		cmocka_unit_test(once_only_steps_and_order),
		cmocka_unit_test(names_and_encoding),
		cmocka_unit_test(store_should_keep_steps_with_the_item),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("preproc", tests, NULL, NULL);
}
