/* test_httptest.c: web scenarios: the record's encoding, the web items' keys and names, Zabbix's
 * checks of time units, status codes and variable names, the store (web items kept in line,
 * copies, deletion with the host) and the inheritance engine's kind. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
ht_make(struct httptest *ht, uint64_t hostid, const char *name, const char *const *steps)
{
	httptest_init(ht);
	ht->hostid = hostid;
	httptest_set(ht, "name", name);
	for (size_t i = 0; steps[i] != NULL; i++) {
		cJSON *s = httpstep_new();

		doc_set_str(s, "name", steps[i]);
		doc_set_str(s, "url", "http://example.com/");
		cJSON_AddItemToArray(httptest_steps(ht), s);
	}
}

static void
encoding_should_round_trip_and_refuse_truncation(void **state)
{
	static const char *const steps[] = { "home", "login", NULL };
	struct httptest ht, got;
	struct codec_buf b = { 0 };

	(void)state;
	ht_make(&ht, 10084, "Shop", steps);
	ht.httptestid = 7;
	ht.templateid = 3;
	httptest_encode(&ht, &b);
	assert_int_equal(httptest_decode(b.data, b.len, &got), 0);
	assert_int_equal(got.httptestid, 7);
	assert_int_equal(got.hostid, 10084);
	assert_int_equal(got.templateid, 3);
	assert_string_equal(httptest_str(&got, "name"), "Shop");
	assert_string_equal(httptest_str(&got, "delay"), "1m");
	assert_string_equal(httptest_str(&got, "agent"), "Zabbix");
	assert_int_equal(cJSON_GetArraySize(httptest_steps(&got)), 2);
	assert_string_equal(doc_str(cJSON_GetArrayItem(httptest_steps(&got), 1), "timeout"), "15s");
	assert_string_equal(doc_str(cJSON_GetArrayItem(httptest_steps(&got), 1), "follow_redirects"),
	    "1");
	httptest_free(&got);
	for (size_t cut = 0; cut < b.len; cut++)
		assert_int_equal(httptest_decode(b.data, cut, &got), -1);
	codec_buf_free(&b);
	httptest_free(&ht);
}

static void
web_item_keys_and_names_should_be_zabbixs(void **state)
{
	struct {
		enum httptest_web w;
		const char *test, *step, *key, *name;
	} cases[] = {
		{ HTTPTEST_WEB_IN, "S", NULL, "web.test.in[S,,bps]",
		  "Download speed for scenario \"S\"." },
		{ HTTPTEST_WEB_FAIL, "S", NULL, "web.test.fail[S]", "Failed step of scenario \"S\"." },
		{ HTTPTEST_WEB_ERROR, "S", NULL, "web.test.error[S]",
		  "Last error message of scenario \"S\"." },
		{ HTTPTEST_WEB_STEP_IN, "S", "a b", "web.test.in[S,a b,bps]",
		  "Download speed for step \"a b\" of scenario \"S\"." },
		{ HTTPTEST_WEB_STEP_TIME, "S", "x", "web.test.time[S,x,resp]",
		  "Response time for step \"x\" of scenario \"S\"." },
		{ HTTPTEST_WEB_STEP_RSPCODE, "S, x]", "\"q\"",
		  "web.test.rspcode[\"S, x]\",\"\\\"q\\\"\"]",
		  "Response code for step \"\"q\"\" of scenario \"S, x]\"." },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *k = httptest_web_key(cases[i].w, cases[i].test, cases[i].step);
		char *n = httptest_web_name(cases[i].w, cases[i].test, cases[i].step);

		assert_string_equal(k, cases[i].key);
		assert_string_equal(n, cases[i].name);
		free(k);
		free(n);
	}
	assert_string_equal(httptest_web_value_type(HTTPTEST_WEB_ERROR), "1");
	assert_string_equal(httptest_web_units(HTTPTEST_WEB_STEP_TIME), "s");
}

static void
checks_should_follow_zabbix(void **state)
{
	char *why;

	(void)state;
	assert_null(httptest_time_check("1m", 1, 86400));
	assert_null(httptest_time_check("86400", 1, 86400));
	assert_null(httptest_time_check("{$DELAY}", 1, 86400));
	assert_null(httptest_time_check("{$D:\"ctx\"}", 1, 3600));
	why = httptest_time_check("0", 1, 86400);
	assert_string_equal(why, "value must be one of 1-86400");
	free(why);
	why = httptest_time_check("2d", 1, 86400);
	assert_string_equal(why, "value must be one of 1-86400");
	free(why);
	why = httptest_time_check("abc", 1, 86400);
	assert_string_equal(why, "a time unit is expected");
	free(why);
	why = httptest_time_check("{$D", 1, 86400);
	assert_string_equal(why, "a time unit is expected");
	free(why);
	why = httptest_time_check("", 1, 86400);
	assert_string_equal(why, "cannot be empty");
	free(why);

	assert_true(httptest_status_codes_valid(""));
	assert_true(httptest_status_codes_valid("200"));
	assert_true(httptest_status_codes_valid("200,301-399, 404 ,{$CODE}-{$MAX}"));
	assert_false(httptest_status_codes_valid("abc"));
	assert_false(httptest_status_codes_valid("200,"));
	assert_false(httptest_status_codes_valid(",200"));
	assert_false(httptest_status_codes_valid("200-"));
	assert_false(httptest_status_codes_valid("2xx"));

	assert_true(httptest_variable_name_valid("{user}"));
	assert_true(httptest_variable_name_valid("{a b}"));
	assert_false(httptest_variable_name_valid("user"));
	assert_false(httptest_variable_name_valid("{}"));
	assert_false(httptest_variable_name_valid("{a{b}"));
	assert_false(httptest_variable_name_valid("{a}b"));
}

/* The keys of the web items of a host, sorted, joined by spaces (heap). */
static char *
web_keys(struct store_txn *t, uint64_t hostid)
{
	struct id_list ids = { 0 };
	char *out = xstrdup("");

	assert_int_equal(store_host_items(t, hostid, &ids), STORE_OK);
	for (size_t i = 0; i < ids.n; i++) {
		struct item it;
		char *next;

		assert_int_equal(store_item_get(t, ids.ids[i], &it), STORE_OK);
		next = xasprintf("%s%s%s", out, *out ? " " : "", it.f[ITEM_F_KEY]);
		free(out);
		out = next;
		item_free(&it);
	}
	id_list_free(&ids);
	return out;
}

static void
store_should_keep_web_items_in_line(void **state)
{
	static const char *const steps[] = { "a", NULL };
	struct unit_fx *f = *state;
	struct httptest ht, next, got, gone;
	uint64_t id;
	char *keys;

	ht_make(&ht, 100, "W", steps);
	assert_int_equal(store_txn_write(f->st, NULL, &f->txn), STORE_OK);
	assert_int_equal(store_httptest_create(f->txn, &ht), STORE_OK);
	keys = web_keys(f->txn, 100);
	assert_string_equal(keys, "web.test.in[W,,bps] web.test.fail[W] web.test.error[W] "
	    "web.test.in[W,a,bps] web.test.time[W,a,resp] web.test.rspcode[W,a]");
	free(keys);
	assert_int_equal(store_httptest_by_name(f->txn, 100, "W", &id), STORE_OK);
	assert_int_equal(id, ht.httptestid);
	/* rename, and a step replaced */
	assert_int_equal(store_httptest_get(f->txn, id, &got), STORE_OK);
	httptest_dup(&next, &got);
	httptest_set(&next, "name", "V");
	doc_set_str(cJSON_GetArrayItem(httptest_steps(&next), 0), "httpstepid", "");
	doc_set_str(cJSON_GetArrayItem(httptest_steps(&next), 0), "name", "b");
	assert_int_equal(store_httptest_update(f->txn, &got, &next), STORE_OK);
	keys = web_keys(f->txn, 100);
	assert_string_equal(keys, "web.test.in[V,,bps] web.test.fail[V] web.test.error[V] "
	    "web.test.in[V,b,bps] web.test.time[V,b,resp] web.test.rspcode[V,b]");
	free(keys);
	assert_int_equal(store_httptest_by_name(f->txn, 100, "W", &id), STORE_ENOTFOUND);
	/* deleting the host's scenarios takes the web items */
	assert_int_equal(store_host_drop_httptests(f->txn, 100), STORE_OK);
	keys = web_keys(f->txn, 100);
	assert_string_equal(keys, "");
	free(keys);
	assert_int_equal(store_httptest_get(f->txn, ht.httptestid, &gone), STORE_ENOTFOUND);
	httptest_free(&got);
	httptest_free(&next);
	httptest_free(&ht);
}

/* A template T linked to a host H: created, the scenario is copied with its web items. */
static void
inheritance_should_copy_rename_and_clear(void **state)
{
	static const char *const steps[] = { "s", NULL };
	struct unit_fx *f = *state;
	struct host t = { .status = HOST_STATUS_TEMPLATE }, h = { .status = 0 };
	struct id_list parents = { 0 }, copies = { 0 };
	struct httptest ht, copy;
	struct item it;
	uint64_t id, itemid;

	assert_int_equal(store_txn_write(f->st, NULL, &f->txn), STORE_OK);
	t.host = xstrdup("T"), t.name = xstrdup("T"), t.description = xstrdup(""),
	    t.uuid = xstrdup("");
	h.host = xstrdup("H"), h.name = xstrdup("H"), h.description = xstrdup(""),
	    h.uuid = xstrdup("");
	assert_int_equal(store_host_create(f->txn, &t), STORE_OK);
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	ht_make(&ht, t.hostid, "W", steps);
	assert_int_equal(store_httptest_create(f->txn, &ht), STORE_OK);
	assert_int_equal(store_host_link_set(f->txn, h.hostid, t.hostid, true), STORE_OK);
	id_list_add(&parents, t.hostid);
	assert_int_equal(inherit_link(f->txn, h.hostid, &parents, &f->e), 0);
	assert_int_equal(store_httptest_by_name(f->txn, h.hostid, "W", &id), STORE_OK);
	assert_int_equal(store_httptest_get(f->txn, id, &copy), STORE_OK);
	assert_int_equal(copy.templateid, ht.httptestid);
	assert_string_equal(httptest_str(&copy, "uuid"), "");
	httptest_free(&copy);
	assert_int_equal(store_httptest_copies(f->txn, ht.httptestid, &copies), STORE_OK);
	assert_int_equal(copies.n, 1);
	assert_int_equal(copies.ids[0], id);
	/* the copy's web item points at the template's */
	assert_int_equal(store_item_by_key(f->txn, h.hostid, "web.test.fail[W]", &itemid),
	    STORE_OK);
	assert_int_equal(store_item_get(f->txn, itemid, &it), STORE_OK);
	assert_int_not_equal(it.templateid, 0);
	assert_string_equal(it.f[ITEM_F_TYPE], "9");
	item_free(&it);
	/* clear: the copy and its web items go */
	assert_int_equal(inherit_unlink(f->txn, h.hostid, &parents, true, &f->e), 0);
	assert_int_equal(store_httptest_by_name(f->txn, h.hostid, "W", &id), STORE_ENOTFOUND);
	assert_int_equal(store_item_by_key(f->txn, h.hostid, "web.test.fail[W]", &itemid),
	    STORE_ENOTFOUND);
	id_list_free(&parents);
	id_list_free(&copies);
	httptest_free(&ht);
	host_free(&t);
	host_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_should_round_trip_and_refuse_truncation),
		cmocka_unit_test(web_item_keys_and_names_should_be_zabbixs),
		cmocka_unit_test(checks_should_follow_zabbix),
		cmocka_unit_test_setup_teardown(store_should_keep_web_items_in_line, unit_fx_setup,
		    unit_fx_teardown),
		cmocka_unit_test_setup_teardown(inheritance_should_copy_rename_and_clear,
		    unit_fx_setup, unit_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
