/* test_dispatch.c: group commit driven directly: several write calls of one event-loop turn
 * share one commit, a failing one rolls back alone (the group runs flat, then again nested
 * once one fails), replies wait for the commit, reads in a batch see the writes before them,
 * and logins finish through the thread pool. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/dispatch.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

struct reply {
	bool	 done;
	char	*body;
};

struct fx {
	char		*dir;
	struct store	*st;
	struct dispatch	*d;
	int		 scheduled;
	char		 sid[3][SESSION_ID_LEN + 1];
};

static void
fx_schedule(void *arg)
{
	((struct fx *)arg)->scheduled++;
}

static void
fx_done(void *arg, char *body, size_t len)
{
	struct reply *r = arg;

	r->done = true;
	r->body = body;	/* the callee's (dispatch_done_fn) */
	assert_true(body == NULL || strlen(body) == len);
}

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct dispatch_opts d = { .max_batch = 100, .group_commit = true,
	    .login_attempts = 5, .login_block = 30, .pool_threads = 1 };
	struct dispatch_hooks h = { fx_schedule, f };
	struct store_txn *t;
	char *cause = NULL;

	f->st = unit_store_new(&f->dir);
	assert_int_equal(dispatch_bootstrap(f->st, &cause), 0);
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	for (int i = 0; i < 3; i++) {
		struct session s = { .userid = 1, .lastaccess = util_now() };

		session_id_new(s.sessionid);
		memcpy(f->sid[i], s.sessionid, sizeof f->sid[i]);
		assert_int_equal(store_session_put(t, &s), STORE_OK);
	}
	assert_int_equal(store_txn_commit(t), STORE_OK);
	f->d = dispatch_new(f->st, &d, &h);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	dispatch_free(f->d);
	unit_store_free(f->st, f->dir);
	free(f);
	return 0;
}

static void
send_call(struct fx *f, const char *json, struct reply *r)
{
	dispatch_request(f->d, json, strlen(json), "127.0.0.1", NULL, fx_done, r);
}

static char *
logout_json(const char *sid, int id)
{
	return xasprintf("{\"jsonrpc\":\"2.0\",\"method\":\"user.logout\",\"params\":[],"
	    "\"auth\":\"%s\",\"id\":%d}", sid, id);
}

static int
failing_write(struct store_txn *t, void *arg)
{
	(void)arg;
	assert_int_equal(store_put(t, STORE_DB_META, "probe", 5, "x", 1, false), STORE_OK);
	return -1;
}

static void
writes_of_one_turn_should_share_one_commit(void **state)
{
	struct fx *f = *state;
	struct reply r[3] = { 0 };
	char *calls[3] = { logout_json(f->sid[0], 1), logout_json(f->sid[1], 2),
	    logout_json(f->sid[0], 3) };
	uint64_t before = store_commits(f->st);
	struct store_txn *t;
	const void *v;
	size_t vl;

	for (int i = 0; i < 3; i++)
		send_call(f, calls[i], &r[i]);
	dispatch_background(f->d, failing_write, NULL);
	assert_true(f->scheduled >= 1);
	for (int i = 0; i < 3; i++)
		assert_false(r[i].done);	/* no reply before the data is durable */
	dispatch_flush(f->d);
	assert_int_equal(store_commits(f->st), before + 1);
	assert_string_equal(r[0].body, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1}");
	assert_string_equal(r[1].body, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":2}");
	assert_non_null(strstr(r[2].body, "Session terminated, re-login, please."));
	/* The failing write left no trace; the others stayed. */
	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(store_get(t, STORE_DB_META, "probe", 5, &v, &vl), STORE_ENOTFOUND);
	assert_int_equal(store_get(t, STORE_DB_SESSIONS, f->sid[0], 32, &v, &vl), STORE_ENOTFOUND);
	assert_int_equal(store_get(t, STORE_DB_SESSIONS, f->sid[2], 32, &v, &vl), STORE_OK);
	store_txn_abort(t);
	for (int i = 0; i < 3; i++) {
		free(calls[i]);
		free(r[i].body);
	}
}

/* A background write that counts its runs, may need an earlier write's key, puts its own
 * key, and may fail after that. */
struct probe {
	const char	*key;
	const char	*needs;		/* NULL: none */
	bool		 fail;
	int		*runs;
};

static int
probe_write(struct store_txn *t, void *arg)
{
	const struct probe *p = arg;
	const void *v;
	size_t vl;

	(*p->runs)++;
	if (p->needs != NULL &&
	    store_get(t, STORE_DB_META, p->needs, strlen(p->needs), &v, &vl) != STORE_OK)
		return -1;
	assert_int_equal(store_put(t, STORE_DB_META, p->key, strlen(p->key), "x", 1, false),
	    STORE_OK);
	return p->fail ? -1 : 0;
}

static void
probe_add(struct dispatch *d, const char *key, const char *needs, bool fail, int *runs)
{
	struct probe *p = xcalloc(1, sizeof *p);

	*p = (struct probe){ key, needs, fail, runs };
	dispatch_background(d, probe_write, p);
}

static bool
meta_has(struct store *st, const char *key)
{
	struct store_txn *t;
	const void *v;
	size_t vl;
	bool has;

	assert_int_equal(store_txn_read(st, &t), STORE_OK);
	has = store_get(t, STORE_DB_META, key, strlen(key), &v, &vl) == STORE_OK;
	store_txn_abort(t);
	return has;
}

static void
a_failing_write_should_settle_and_the_rest_run_again_nested(void **state)
{
	struct fx *f = *state;
	struct reply r = { 0 };
	char *logout = logout_json(f->sid[0], 1);
	uint64_t before = store_commits(f->st);
	int runs[5] = { 0 };

	probe_add(f->d, "pa", NULL, false, &runs[0]);
	probe_add(f->d, "pb", "pa", true, &runs[1]);	/* fails after a write of its own */
	probe_add(f->d, "pc", "pa", false, &runs[2]);
	send_call(f, logout, &r);
	probe_add(f->d, "pd", "pb", false, &runs[3]);	/* pb is gone: fails, nested */
	probe_add(f->d, "pe", "pc", false, &runs[4]);
	dispatch_flush(f->d);
	assert_int_equal(store_commits(f->st), before + 1);
	/* the flat run stopped at pb; pa ran again nested, pb did not, the rest ran once */
	assert_int_equal(runs[0], 2);
	assert_int_equal(runs[1], 1);
	assert_int_equal(runs[2], 1);
	assert_int_equal(runs[3], 1);
	assert_int_equal(runs[4], 1);
	assert_string_equal(r.body, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1}");
	assert_true(meta_has(f->st, "pa") && meta_has(f->st, "pc") && meta_has(f->st, "pe"));
	assert_false(meta_has(f->st, "pb") || meta_has(f->st, "pd"));
	free(logout);
	free(r.body);
}

static void
a_group_without_failures_should_run_each_write_once(void **state)
{
	struct fx *f = *state;
	struct dispatch_opts o = { .max_batch = 10, .group_commit = false, .pool_threads = 1 };
	struct dispatch_hooks h = { fx_schedule, f };
	struct dispatch *solo = dispatch_new(f->st, &o, &h);
	uint64_t before = store_commits(f->st);
	int runs[4] = { 0 };

	probe_add(f->d, "qa", NULL, false, &runs[0]);
	probe_add(f->d, "qb", "qa", false, &runs[1]);
	dispatch_flush(f->d);
	assert_int_equal(store_commits(f->st), before + 1);
	assert_int_equal(runs[0], 1);
	assert_int_equal(runs[1], 1);
	/* alone, a failing write leaves nothing to commit, and nothing runs twice */
	probe_add(solo, "qc", NULL, true, &runs[2]);
	probe_add(solo, "qd", "qb", false, &runs[3]);
	dispatch_flush(solo);
	assert_int_equal(store_commits(f->st), before + 2);
	assert_int_equal(runs[2], 1);
	assert_int_equal(runs[3], 1);
	assert_false(meta_has(f->st, "qc"));
	assert_true(meta_has(f->st, "qd"));
	dispatch_free(solo);
}

/* The test hook rerun_writes: a group's flat run is undone and the group runs again nested;
 * what it wrote is committed once. */
static void
rerun_writes_should_run_a_group_twice_and_commit_it_once(void **state)
{
	struct fx *f = *state;
	struct dispatch_opts o = { .max_batch = 10, .group_commit = true, .pool_threads = 1,
	    .rerun_writes = true };
	struct dispatch_hooks h = { fx_schedule, f };
	struct dispatch *d = dispatch_new(f->st, &o, &h);
	uint64_t before = store_commits(f->st);
	int runs[2] = { 0 };

	probe_add(d, "ra", NULL, false, &runs[0]);
	probe_add(d, "rb", "ra", false, &runs[1]);
	dispatch_flush(d);
	assert_int_equal(runs[0], 2);
	assert_int_equal(runs[1], 2);
	assert_int_equal(store_commits(f->st), before + 1);
	assert_true(meta_has(f->st, "ra") && meta_has(f->st, "rb"));
	dispatch_free(d);
}

static void
read_after_write_in_a_batch_should_see_it(void **state)
{
	struct fx *f = *state;
	struct reply r = { 0 };
	char *json = xasprintf("[{\"jsonrpc\":\"2.0\",\"method\":\"user.logout\",\"params\":[],"
	    "\"auth\":\"%s\",\"id\":1},{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"user.checkAuthentication\",\"params\":{\"sessionid\":\"%s\"},\"id\":2}]",
	    f->sid[2], f->sid[2]);

	send_call(f, json, &r);
	assert_false(r.done);
	dispatch_flush(f->d);
	assert_true(r.done);
	assert_non_null(strstr(r.body, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1}"));
	assert_non_null(strstr(r.body, "Session terminated, re-login, please.\"},\"id\":2}]"));
	free(json);
	free(r.body);
}

static void
without_group_commit_each_write_should_commit_alone(void **state)
{
	struct fx *f = *state;
	struct dispatch_opts o = { .max_batch = 10, .group_commit = false, .pool_threads = 1 };
	struct dispatch_hooks h = { fx_schedule, f };
	struct dispatch *solo = dispatch_new(f->st, &o, &h);
	struct reply r[2] = { 0 };
	char *a = logout_json(f->sid[0], 1), *b = logout_json(f->sid[1], 2);
	uint64_t before = store_commits(f->st);

	dispatch_request(solo, a, strlen(a), "127.0.0.1", NULL, fx_done, &r[0]);
	dispatch_request(solo, b, strlen(b), "127.0.0.1", NULL, fx_done, &r[1]);
	dispatch_flush(solo);
	assert_int_equal(store_commits(f->st), before + 2);
	assert_true(r[0].done && r[1].done);
	dispatch_free(solo);
	free(a), free(b), free(r[0].body), free(r[1].body);
}

static void
login_should_finish_off_the_loop_then_commit(void **state)
{
	struct fx *f = *state;
	const char *json = "{\"jsonrpc\":\"2.0\",\"method\":\"user.login\",\"params\":"
	    "{\"username\":\"Admin\",\"password\":\"zabbix\"},\"id\":7}";
	struct pollfd p = { .fd = dispatch_pool_fd(f->d), .events = POLLIN };
	struct reply r = { 0 };
	uint64_t before = store_commits(f->st);

	send_call(f, json, &r);
	assert_false(r.done);		/* bcrypt runs on the pool */
	assert_int_equal(poll(&p, 1, 5000), 1);
	dispatch_pool_drain(f->d);
	assert_false(r.done);		/* now waiting for the group commit */
	dispatch_flush(f->d);
	assert_true(r.done);
	assert_int_equal(store_commits(f->st), before + 1);
	assert_int_equal(strlen(r.body), strlen("{\"jsonrpc\":\"2.0\",\"result\":\"\",\"id\":7}") + 32);
	assert_int_equal(dispatch_busy(f->d), 0);
	free(r.body);
}

static void
writer_thread_should_commit_off_the_loop_then_reply(void **state)
{
	struct fx *f = *state;
	struct dispatch_opts o = { .max_batch = 10, .group_commit = true, .pool_threads = 1,
	    .writer_thread = true };
	struct dispatch_hooks h = { fx_schedule, f };
	struct dispatch *d = dispatch_new(f->st, &o, &h);
	struct pollfd p = { .fd = dispatch_writer_fd(d), .events = POLLIN };
	struct reply r[2] = { 0 };
	char *a = logout_json(f->sid[0], 1), *b = logout_json(f->sid[1], 2);
	uint64_t before = store_commits(f->st);

	assert_true(p.fd >= 0);
	dispatch_request(d, a, strlen(a), "127.0.0.1", NULL, fx_done, &r[0]);
	dispatch_request(d, b, strlen(b), "127.0.0.1", NULL, fx_done, &r[1]);
	dispatch_flush(d);
	assert_true(dispatch_busy(d) > 0);	/* the group is on the writer thread */
	assert_int_equal(poll(&p, 1, 5000), 1);
	dispatch_pool_drain(d);
	assert_true(r[0].done && r[1].done);
	assert_int_equal(store_commits(f->st), before + 1);
	assert_string_equal(r[1].body, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":2}");
	assert_int_equal(dispatch_busy(d), 0);
	dispatch_free(d);
	free(a), free(b), free(r[0].body), free(r[1].body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(writes_of_one_turn_should_share_one_commit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_failing_write_should_settle_and_the_rest_run_again_nested, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_group_without_failures_should_run_each_write_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(rerun_writes_should_run_a_group_twice_and_commit_it_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(read_after_write_in_a_batch_should_see_it, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(without_group_commit_each_write_should_commit_alone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(login_should_finish_off_the_loop_then_commit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(writer_thread_should_commit_off_the_loop_then_reply, fx_setup, fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("dispatch", tests, NULL, NULL);
}
