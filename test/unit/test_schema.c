/* test_schema.c: schema upgrades on a real store: steps run in order from the stored version in one transaction, a failing step or a missing one leaves the store as it was, a newer store is refused, a current one is left alone. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static int step_runs[8];

/* Step from N: counts its run and leaves a mark "stepN" in meta. */
static enum store_rc
step_mark(struct store_txn *t, uint32_t n)
{
	char key[8];

	step_runs[n]++;
	snprintf(key, sizeof key, "step%u", n);
	return store_put(t, STORE_DB_META, key, strlen(key), "x", 1, false);
}

static enum store_rc step1(struct store_txn *t, char **cause) { (void)cause; return step_mark(t, 1); }
static enum store_rc step2(struct store_txn *t, char **cause) { (void)cause; return step_mark(t, 2); }

static enum store_rc
step_fails(struct store_txn *t, char **cause)
{
	(void)t;
	*cause = xstrdup("the records could not be rewritten");
	return STORE_ECORRUPT;
}

static const struct store_migration steps_ok[] = {
	{ 1, "step one", step1 },
	{ 2, "step two", step2 },
	{ 0, NULL, NULL },
};

static const struct store_migration steps_fail[] = {
	{ 1, "step one", step1 },
	{ 2, "a failing step", step_fails },
	{ 0, NULL, NULL },
};

static const struct store_migration steps_gap[] = {
	{ 1, "step one", step1 },
	{ 0, NULL, NULL },
};

static uint32_t
version_of(struct store *st)
{
	struct store_txn *r;
	uint32_t v = 0;

	assert_int_equal(store_txn_read(st, &r), STORE_OK);
	assert_int_equal(store_schema_get(r, &v), STORE_OK);
	store_txn_abort(r);
	return v;
}

static bool
has_mark(struct store *st, const char *key)
{
	struct store_txn *r;
	const void *v;
	size_t len;
	bool found;

	assert_int_equal(store_txn_read(st, &r), STORE_OK);
	found = store_get(r, STORE_DB_META, key, strlen(key), &v, &len) == STORE_OK;
	store_txn_abort(r);
	return found;
}

static void
set_version(struct store *st, uint32_t v)
{
	struct store_txn *t;

	assert_int_equal(store_txn_write(st, NULL, &t), STORE_OK);
	assert_int_equal(store_schema_set(t, v), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
}

static void
a_new_store_should_be_at_this_release_version(void **state)
{
	struct unit_fx *f = *state;

	assert_int_equal(version_of(f->st), STORE_SCHEMA_VERSION);
}

static void
an_old_store_should_run_each_step_once_in_order(void **state)
{
	struct unit_fx *f = *state;
	char *cause = NULL;

	memset(step_runs, 0, sizeof step_runs);
	set_version(f->st, 1);
	assert_int_equal(store_schema_upgrade(f->st, steps_ok, 3, &cause), STORE_OK);
	assert_null(cause);
	assert_int_equal(version_of(f->st), 3);
	assert_true(has_mark(f->st, "step1"));
	assert_true(has_mark(f->st, "step2"));
	/* opened again: already current, nothing runs */
	assert_int_equal(store_schema_upgrade(f->st, steps_ok, 3, &cause), STORE_OK);
	assert_int_equal(step_runs[1], 1);
	assert_int_equal(step_runs[2], 1);
}

static void
a_store_between_should_run_only_the_later_steps(void **state)
{
	struct unit_fx *f = *state;
	char *cause = NULL;

	memset(step_runs, 0, sizeof step_runs);
	set_version(f->st, 2);
	assert_int_equal(store_schema_upgrade(f->st, steps_ok, 3, &cause), STORE_OK);
	assert_int_equal(step_runs[1], 0);
	assert_int_equal(step_runs[2], 1);
	assert_int_equal(version_of(f->st), 3);
}

static void
a_failing_step_should_leave_the_store_as_it_was(void **state)
{
	struct unit_fx *f = *state;
	char *cause = NULL;

	set_version(f->st, 1);
	assert_int_equal(store_schema_upgrade(f->st, steps_fail, 3, &cause), STORE_ECORRUPT);
	assert_string_equal(cause, "the records could not be rewritten");
	free(cause);
	assert_int_equal(version_of(f->st), 1);
	assert_false(has_mark(f->st, "step1"));	/* step one's write is undone too */
}

static void
a_missing_step_should_be_refused_and_change_nothing(void **state)
{
	struct unit_fx *f = *state;
	char *cause = NULL;

	set_version(f->st, 1);
	assert_int_equal(store_schema_upgrade(f->st, steps_gap, 3, &cause), STORE_ESCHEMA);
	assert_non_null(strstr(cause, "schema version 2, and this tmpld has no upgrade"));
	free(cause);
	assert_int_equal(version_of(f->st), 1);
	assert_false(has_mark(f->st, "step1"));
}

static void
a_newer_store_should_be_refused(void **state)
{
	struct unit_fx *f = *state;
	char *cause = NULL;

	set_version(f->st, 7);
	assert_int_equal(store_schema_upgrade(f->st, steps_ok, 3, &cause), STORE_ESCHEMA);
	assert_non_null(strstr(cause, "schema version 7, newer than this tmpld understands (3)"));
	free(cause);
	assert_int_equal(version_of(f->st), 7);
}

static void
a_corrupt_version_should_be_refused(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	char *cause = NULL;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_put(t, STORE_DB_META, "schema", 6, "abc", 3, false), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	assert_int_equal(store_schema_upgrade(f->st, steps_ok, 3, &cause), STORE_ECORRUPT);
	assert_string_equal(cause, "the store's schema record is corrupt");
	free(cause);
}

static void
this_release_steps_should_reach_its_version(void **state)
{
	uint32_t v = 1;

	(void)state;
	for (const struct store_migration *s = store_migrations; s->run != NULL; s++) {
		assert_int_equal(s->from, v);	/* oldest first, no gap */
		assert_non_null(s->what);
		v++;
	}
	assert_int_equal(v, STORE_SCHEMA_VERSION);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_new_store_should_be_at_this_release_version, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(an_old_store_should_run_each_step_once_in_order, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_store_between_should_run_only_the_later_steps, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_failing_step_should_leave_the_store_as_it_was, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_missing_step_should_be_refused_and_change_nothing, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_newer_store_should_be_refused, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_corrupt_version_should_be_refused, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test(this_release_steps_should_reach_its_version),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
