/* test_store_grow.c: the map grows while the store is open: a full write is marked, the map
 * doubles up to its maximum, and a resize waits for the transactions of other threads.
 * (Other processes taking the new size is test/e2e/test_mapgrow.py's: LMDB does not allow
 * one environment open twice in a process.) */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define MIB	((size_t)1 << 20)

struct grow_fx {
	char		*dir;
	struct store	*st;
};

static struct store *
grow_open(const char *dir, size_t size, size_t max)
{
	struct store_opts o = { .dir = dir, .map_size = size, .map_size_max = max };
	struct store *st = NULL;
	char *cause = NULL;

	assert_int_equal(store_open(&o, &st, &cause), STORE_OK);
	return st;
}

static int
grow_setup(void **state)
{
	struct grow_fx *f = calloc(1, sizeof *f);

	f->dir = tmpdir_new();
	f->st = grow_open(f->dir, MIB, 4 * MIB);
	*state = f;
	return 0;
}

static int
grow_teardown(void **state)
{
	struct grow_fx *f = *state;

	store_close(f->st);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* Writes n records of 8000 bytes from key first on in one transaction; the store's code. */
static int
grow_write(struct store *st, uint64_t first, int n)
{
	static char big[8000];
	struct store_txn *t;
	uint8_t key[8];
	int rc;

	memset(big, 'x', sizeof big);
	if ((rc = store_txn_write(st, NULL, &t)) != STORE_OK)
		return rc;
	for (int i = 0; i < n && rc == STORE_OK; i++) {
		codec_be64(first + (uint64_t)i, key);
		rc = store_put(t, STORE_DB_META, key, 8, big, sizeof big, false);
	}
	if (rc == STORE_OK)
		return store_txn_commit(t);
	store_txn_abort(t);
	return rc;
}

static void
a_full_write_should_be_marked_and_fit_after_growing(void **state)
{
	struct grow_fx *f = *state;

	assert_int_equal(store_map_size(f->st), MIB);
	assert_int_equal(store_map_size_max(f->st), 4 * MIB);
	(void)store_map_full_take();
	assert_int_equal(grow_write(f->st, 1000, 200), STORE_EFULL);	/* 1.6 MB */
	assert_true(store_map_full_take());
	assert_false(store_map_full_take());	/* taken */
	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(store_map_size(f->st), 2 * MIB);
	assert_int_equal(grow_write(f->st, 1000, 200), STORE_OK);
	assert_false(store_map_full_take());
	/* to the maximum, and no further */
	assert_int_equal(grow_write(f->st, 5000, 200), STORE_EFULL);
	assert_true(store_map_full_take());
	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(store_map_size(f->st), 4 * MIB);
	assert_int_equal(grow_write(f->st, 5000, 200), STORE_OK);
	assert_int_equal(grow_write(f->st, 9000, 200), STORE_EFULL);
	assert_int_equal(store_map_grow(f->st), STORE_EFULL);
	assert_int_equal(store_map_size(f->st), 4 * MIB);
}

static void
growth_should_be_refused_to_a_thread_that_holds_a_txn(void **state)
{
	struct grow_fx *f = *state;
	struct store_txn *r;

	assert_int_equal(store_txn_read(f->st, &r), STORE_OK);
	assert_int_equal(store_map_grow(f->st), STORE_EFULL);	/* it would wait for itself */
	assert_int_equal(store_map_size(f->st), MIB);
	store_txn_abort(r);
	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(store_map_size(f->st), 2 * MIB);
}

struct grower {
	struct store	*st;
	atomic_int	 done;
	int		 rc;
};

static void *
grower_run(void *arg)
{
	struct grower *g = arg;

	g->rc = store_map_grow(g->st);
	atomic_store(&g->done, 1);
	return NULL;
}

static void
growth_should_wait_for_the_reads_of_other_threads(void **state)
{
	struct grow_fx *f = *state;
	struct grower g = { .st = f->st };
	struct store_txn *r;
	pthread_t th;
	const void *v;
	size_t vl;

	assert_int_equal(grow_write(f->st, 1, 10), STORE_OK);
	assert_int_equal(store_txn_read(f->st, &r), STORE_OK);
	assert_int_equal(store_get_id(r, STORE_DB_META, 3, &v, &vl), STORE_OK);
	assert_int_equal(pthread_create(&th, NULL, grower_run, &g), 0);
	usleep(100 * 1000);
	assert_int_equal(atomic_load(&g.done), 0);	/* the read is open: it waits */
	assert_int_equal(vl, 8000);
	assert_int_equal(((const char *)v)[7999], 'x');	/* the old map is still there */
	store_txn_abort(r);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(g.rc, STORE_OK);
	assert_int_equal(store_map_size(f->st), 2 * MIB);
	assert_int_equal(store_txn_read(f->st, &r), STORE_OK);
	assert_int_equal(store_get_id(r, STORE_DB_META, 3, &v, &vl), STORE_OK);
	assert_int_equal(vl, 8000);
	store_txn_abort(r);
}

static void
a_grown_store_should_reopen_with_room_to_write(void **state)
{
	struct grow_fx *f = *state;

	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(store_map_grow(f->st), STORE_OK);
	assert_int_equal(grow_write(f->st, 1, 300), STORE_OK);	/* 2.4 MB in a 4 MiB map */
	store_close(f->st);
	f->st = grow_open(f->dir, MIB, 16 * MIB);
	assert_true(store_map_size(f->st) >= 4 * MIB);		/* twice its data */
	(void)store_map_full_take();
	assert_int_equal(grow_write(f->st, 1000, 10), STORE_OK);
	assert_false(store_map_full_take());
	store_close(f->st);
	f->st = grow_open(f->dir, MIB, 3 * MIB);		/* the maximum caps it */
	assert_int_equal(store_map_size(f->st), 3 * MIB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_full_write_should_be_marked_and_fit_after_growing, grow_setup, grow_teardown),
		cmocka_unit_test_setup_teardown(growth_should_be_refused_to_a_thread_that_holds_a_txn, grow_setup, grow_teardown),
		cmocka_unit_test_setup_teardown(growth_should_wait_for_the_reads_of_other_threads, grow_setup, grow_teardown),
		cmocka_unit_test_setup_teardown(a_grown_store_should_reopen_with_room_to_write, grow_setup, grow_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("store_grow", tests, NULL, NULL);
}
