/* test_export.c: PHP's natural order (util_strnatcasecmp) and the export document (export_build) against a real store in a temp dir. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- natural order ---- */

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Each list must be strictly ascending, pair by pair and both ways. */
static void
expect_ascending(const char *const *v, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (sign(util_strnatcasecmp(v[i], v[i + 1])) != -1 ||
		    sign(util_strnatcasecmp(v[i + 1], v[i])) != 1)
			fail_msg("\"%s\" should come before \"%s\"", v[i], v[i + 1]);
	}
}

#define ASC(...) do { \
	static const char *const l_[] = { __VA_ARGS__ }; \
	expect_ascending(l_, sizeof l_ / sizeof l_[0]); \
} while (0)

static void
natcmp_should_order_as_the_corpus_shows(void **state)
{
	(void)state;
	ASC("T1", "t9", "T10");
	ASC("g1", "G9", "g10");
	ASC("a.b", "B.a", "item1", "Item9", "item10");
	ASC("vm1", "VM9", "vm10");
	ASC("M1", "M1:\"a\"", "M1:\"ctx\"", "M9", "M10");
	ASC("A_B", "M1");
	ASC("10.0.0.9", "10.0.0.10");
	ASC("", "a");
	ASC("x2", "x10", "x10a", "x11");
}

static void
natcmp_should_follow_php_details(void **state)
{
	(void)state;
	assert_int_equal(util_strnatcasecmp("", ""), 0);
	assert_int_equal(util_strnatcasecmp("abc", "ABC"), 0);
	/* whitespace is skipped */
	assert_int_equal(util_strnatcasecmp("a b", "ab"), 0);
	assert_int_equal(util_strnatcasecmp("a ", "a  "), 0);
	/* leading zeros of the string are skipped */
	assert_int_equal(util_strnatcasecmp("007", "7"), 0);
	/* a run starting with 0 compares digit by digit ("fractional") */
	ASC("1.05", "1.1");
	ASC("x01", "x1");
	/* bytes over 0x7f compare by value, without case folding */
	ASC("Z", "\xc3\xa9");
	ASC("a", "b", "{");
}

/* ---- the document ---- */

static uint64_t
fx_group(struct unit_fx *f, const char *name, const char *uuid)
{
	struct group g = { .name = xstrdup(name), .uuid = xstrdup(uuid) };

	assert_int_equal(store_group_create(f->txn, &g), STORE_OK);
	group_free(&g);
	return g.groupid;
}

static uint64_t
fx_host(struct unit_fx *f, const char *host, const char *name, uint32_t status, uint64_t groupid)
{
	struct host h = { .status = status };

	h.host = xstrdup(host), h.name = xstrdup(name);
	h.description = xstrdup(status == HOST_STATUS_TEMPLATE ? "line one\r\nline two" : "");
	h.uuid = xstrdup(status == HOST_STATUS_TEMPLATE ? "0123456789abcdef0123456789abcdef" : "");
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	host_free(&h);
	assert_int_equal(store_host_group_set(f->txn, h.hostid, groupid, true), STORE_OK);
	return h.hostid;
}

static void
fx_macro(struct unit_fx *f, uint64_t hostid, const char *name, const char *value, uint32_t type,
    const char *descr)
{
	struct macro m = { .hostid = hostid, .type = type };

	m.macro = xstrdup(name), m.value = xstrdup(value), m.description = xstrdup(descr);
	assert_int_equal(store_macro_create(f->txn, &m), STORE_OK);
	macro_free(&m);
}

/* An item; fields given as name/value pairs ending with NULL. */
static uint64_t
fx_item(struct unit_fx *f, uint64_t hostid, const char *key, ...)
{
	struct item it;
	const char *k;
	va_list ap;
	uint64_t id;

	item_init(&it);
	it.hostid = hostid;
	item_set(&it, ITEM_F_KEY, key);
	item_set(&it, ITEM_F_NAME, key);
	va_start(ap, key);
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);
		int fi = item_field_find(k);

		assert_true(fi >= 0);
		item_set(&it, (enum item_field)fi, v);
	}
	va_end(ap);
	assert_int_equal(store_item_create(f->txn, &it), STORE_OK);
	assert_int_equal(inherit_created(f->txn, &inherit_kind_item, &it, 1, &f->e), 0);
	id = it.itemid;
	item_free(&it);
	return id;
}

static uint64_t
fx_iface(struct unit_fx *f, uint64_t hostid, uint32_t type, uint32_t main, uint32_t useip,
    const char *ip, const char *dns, const char *port)
{
	struct hostinterface hi = { .hostid = hostid, .type = type, .main = main, .useip = useip };

	hi.ip = xstrdup(ip), hi.dns = xstrdup(dns), hi.port = xstrdup(port);
	assert_int_equal(store_interface_create(f->txn, &hi), STORE_OK);
	hostinterface_free(&hi);
	return hi.interfaceid;
}

static char *
fx_export(struct unit_fx *f, struct id_list *groups, struct id_list *templates, struct id_list *hosts)
{
	struct export_opts o = { .groups = groups, .templates = templates, .hosts = hosts,
	    .date = "2026-11-30T20:58:39Z" };
	cJSON *doc = NULL;
	char *text;

	assert_int_equal(export_build(f->txn, &o, &doc, &f->e), 0);
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return text;
}

static void
export_should_skip_what_matches_nothing(void **state)
{
	struct unit_fx *f = *state;
	uint64_t g = fx_group(f, "G1", "11111111111111111111111111111111");
	uint64_t t = fx_host(f, "T1", "T1", HOST_STATUS_TEMPLATE, g);
	uint64_t h = fx_host(f, "H1", "H1", HOST_STATUS_MONITORED, g);
	struct id_list tl = { 0 }, hl = { 0 };
	char *text;

	id_list_add(&tl, h);		/* a host among templates */
	id_list_add(&tl, 999999);	/* unknown */
	id_list_add(&hl, t);		/* a template among hosts */
	text = fx_export(f, NULL, &tl, &hl);
	assert_string_equal(text, "{\"zabbix_export\":{\"version\":\"6.0\","
	    "\"date\":\"2026-11-30T20:58:39Z\"}}");
	free(text);
	id_list_free(&tl);
	id_list_free(&hl);
}

static void
export_should_write_a_template_in_zabbix_shape(void **state)
{
	struct unit_fx *f = *state;
	uint64_t g9 = fx_group(f, "G9", "99999999999999999999999999999999");
	uint64_t g10 = fx_group(f, "g10", "10101010101010101010101010101010");
	uint64_t t = fx_host(f, "T1", "T1 visible", HOST_STATUS_TEMPLATE, g10);
	uint64_t master;
	struct tag_list tags = { 0 };
	struct id_list tl = { 0 };
	char *text;

	assert_int_equal(store_host_group_set(f->txn, t, g9, true), STORE_OK);
	tag_list_add(&tags, "t10", "");
	tag_list_add(&tags, "t1", "B");
	tag_list_add(&tags, "t1", "a");
	assert_int_equal(store_host_tags_put(f->txn, t, &tags), STORE_OK);
	tag_list_free(&tags);
	fx_macro(f, t, "{$M10}", "1", MACRO_TYPE_TEXT, "");
	fx_macro(f, t, "{$M1:\"a\"}", "2", MACRO_TYPE_TEXT, "d");
	fx_macro(f, t, "{$SEC}", "hidden", MACRO_TYPE_SECRET, "");
	fx_macro(f, t, "{$M1}", "p/a:k", MACRO_TYPE_VAULT, "");
	master = fx_item(f, t, "item10", "uuid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "type", "0",
	    "delay", "1m", "value_type", "3", NULL);
	(void)master;
	fx_item(f, t, "Item9", "uuid", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "type", "18",
	    "delay", "0", "value_type", "1", "trends", "0", "master_itemid", "0", NULL);
	fx_item(f, t, "dep", "uuid", "cccccccccccccccccccccccccccccccc", "type", "18",
	    "delay", "0", "value_type", "4", "trends", "0", NULL);
	fx_item(f, t, "http", "uuid", "dddddddddddddddddddddddddddddddd", "type", "19",
	    "value_type", "4", "trends", "0", "url", "http://x/a", "status", "1", "delay", "1m",
	    "query_fields", "[{\"a\":\"1\"},{\"b\":\"\"}]", "headers", "{\"X-T\":\"t\"}",
	    "follow_redirects", "0", "request_method", "1", "retrieve_mode", "2",
	    "parameters", "[{\"name\":\"p2\",\"value\":\"\"},{\"name\":\"p10\",\"value\":\"v\"}]",
	    "inventory_link", "5", "authtype", "1", "timeout", "3s", "status_codes", "200",
	    NULL);
	{	/* the dependent item "dep" on item10 */
		struct item it;
		uint64_t id;
		char buf[24];

		assert_int_equal(store_item_by_key(f->txn, t, "dep", &id), STORE_OK);
		assert_int_equal(store_item_get(f->txn, id, &it), STORE_OK);
		{
			struct item old;

			item_dup(&old, &it);
			item_set(&it, ITEM_F_MASTER_ITEMID, id_to_str(master, buf));
			assert_int_equal(store_item_update(f->txn, &old, &it), STORE_OK);
			item_free(&old);
		}
		item_free(&it);
	}
	id_list_add(&tl, t);
	id_list_add(&tl, t);	/* once */
	text = fx_export(f, NULL, &tl, NULL);
	assert_string_equal(text, "{\"zabbix_export\":{\"version\":\"6.0\","
	    "\"date\":\"2026-11-30T20:58:39Z\","
	    "\"groups\":[{\"uuid\":\"99999999999999999999999999999999\",\"name\":\"G9\"},"
	    "{\"uuid\":\"10101010101010101010101010101010\",\"name\":\"g10\"}],"
	    "\"templates\":[{\"uuid\":\"0123456789abcdef0123456789abcdef\",\"template\":\"T1\","
	    "\"name\":\"T1 visible\",\"description\":\"line one\\nline two\","
	    "\"groups\":[{\"name\":\"G9\"},{\"name\":\"g10\"}],"
	    "\"items\":["
	    "{\"uuid\":\"cccccccccccccccccccccccccccccccc\",\"name\":\"dep\",\"type\":\"DEPENDENT\","
	    "\"key\":\"dep\",\"delay\":\"0\",\"trends\":\"0\",\"value_type\":\"TEXT\","
	    "\"master_item\":{\"key\":\"item10\"}},"
	    "{\"uuid\":\"dddddddddddddddddddddddddddddddd\",\"name\":\"http\",\"type\":\"HTTP_AGENT\","
	    "\"key\":\"http\",\"trends\":\"0\",\"status\":\"DISABLED\",\"value_type\":\"TEXT\","
	    "\"authtype\":\"BASIC\",\"inventory_link\":\"OS\",\"url\":\"http://x/a\","
	    "\"query_fields\":[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\"}],"
	    "\"parameters\":[{\"name\":\"p2\"},{\"name\":\"p10\",\"value\":\"v\"}],"
	    "\"follow_redirects\":\"NO\",\"headers\":[{\"name\":\"X-T\",\"value\":\"t\"}],"
	    "\"retrieve_mode\":\"BOTH\",\"request_method\":\"POST\"},"
	    "{\"uuid\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"name\":\"item10\",\"key\":\"item10\"}],"
	    "\"tags\":[{\"tag\":\"t1\",\"value\":\"a\"},{\"tag\":\"t1\",\"value\":\"B\"},"
	    "{\"tag\":\"t10\"}],"
	    "\"macros\":[{\"macro\":\"{$M1}\",\"type\":\"VAULT\",\"value\":\"p/a:k\"},"
	    "{\"macro\":\"{$M1:\\\"a\\\"}\",\"value\":\"2\",\"description\":\"d\"},"
	    "{\"macro\":\"{$M10}\",\"value\":\"1\"},"
	    "{\"macro\":\"{$SEC}\",\"type\":\"SECRET_TEXT\"}]}]}}");
	free(text);
	id_list_free(&tl);
}

static void
export_should_write_a_host_with_interface_refs(void **state)
{
	struct unit_fx *f = *state;
	uint64_t g = fx_group(f, "G1", "11111111111111111111111111111111");
	uint64_t t = fx_host(f, "T1", "T1", HOST_STATUS_TEMPLATE, g);
	uint64_t h = fx_host(f, "H1", "H1 visible", HOST_STATUS_NOT_MONITORED, g);
	uint64_t if1, if2;
	struct id_list one = { 0 }, hl = { 0 };
	char *text, ifid[24];

	fx_item(f, t, "from.template", "type", "2", NULL);
	id_list_add(&one, t);
	assert_int_equal(domain_link_add(f->txn, h, &one, &f->e), 0);
	id_list_free(&one);
	if1 = fx_iface(f, h, 1, 1, 1, "10.0.0.10", "", "10050");
	if2 = fx_iface(f, h, 1, 0, 0, "", "b.example", "10050");
	fx_iface(f, h, 4, 1, 1, "10.0.0.4", "", "12345");
	fx_iface(f, h, 1, 0, 1, "127.0.0.1", "", "10050");
	(void)if1;
	fx_item(f, h, "agent.version", "type", "0", "value_type", "1", "delay", "1h",
	    "trends", "0", "interfaceid", id_to_str(if2, ifid), NULL);
	id_list_add(&hl, h);
	text = fx_export(f, NULL, NULL, &hl);
	assert_string_equal(text, "{\"zabbix_export\":{\"version\":\"6.0\","
	    "\"date\":\"2026-11-30T20:58:39Z\","
	    "\"groups\":[{\"uuid\":\"11111111111111111111111111111111\",\"name\":\"G1\"}],"
	    "\"hosts\":[{\"host\":\"H1\",\"name\":\"H1 visible\",\"status\":\"DISABLED\","
	    "\"templates\":[{\"name\":\"T1\"}],\"groups\":[{\"name\":\"G1\"}],"
	    "\"interfaces\":["
	    "{\"default\":\"NO\",\"useip\":\"NO\",\"ip\":\"\",\"dns\":\"b.example\","
	    "\"interface_ref\":\"if2\"},"
	    "{\"ip\":\"10.0.0.10\",\"interface_ref\":\"if1\"},"
	    "{\"default\":\"NO\",\"interface_ref\":\"if4\"},"
	    "{\"type\":\"JMX\",\"ip\":\"10.0.0.4\",\"port\":\"12345\",\"interface_ref\":\"if3\"}],"
	    "\"items\":[{\"name\":\"agent.version\",\"key\":\"agent.version\",\"delay\":\"1h\","
	    "\"trends\":\"0\",\"value_type\":\"CHAR\",\"interface_ref\":\"if2\"}],"
	    "\"inventory_mode\":\"DISABLED\"}]}}");
	free(text);
	id_list_free(&hl);
}

static bool
stop_at_once(void *arg, const cJSON *obj)
{
	(void)obj;
	(*(int *)arg)++;
	return false;
}

static void
export_should_stop_when_the_budget_says_so(void **state)
{
	struct unit_fx *f = *state;
	uint64_t g = fx_group(f, "G1", "11111111111111111111111111111111");
	struct id_list tl = { 0 };
	int calls = 0;
	struct export_opts o = { .templates = &tl, .date = "x", .budget = stop_at_once,
	    .budget_arg = &calls };
	cJSON *doc = NULL;

	id_list_add(&tl, fx_host(f, "T1", "T1", HOST_STATUS_TEMPLATE, g));
	id_list_add(&tl, fx_host(f, "T2", "T2", HOST_STATUS_TEMPLATE, g));
	assert_int_equal(export_build(f->txn, &o, &doc, &f->e), 1);
	assert_null(doc);
	assert_int_equal(calls, 1);
	id_list_free(&tl);
}

static void
export_date_should_be_utc(void **state)
{
	char buf[EXPORT_DATE_LEN + 1];

	(void)state;
	export_date(1796072319, buf);
	assert_string_equal(buf, "2026-11-30T20:58:39Z");
	export_date(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(natcmp_should_order_as_the_corpus_shows),
		cmocka_unit_test(natcmp_should_follow_php_details),
		cmocka_unit_test(export_date_should_be_utc),
		cmocka_unit_test_setup_teardown(export_should_skip_what_matches_nothing, unit_fx_setup_txn,
		    unit_fx_teardown),
		cmocka_unit_test_setup_teardown(export_should_write_a_template_in_zabbix_shape,
		    unit_fx_setup_txn, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(export_should_write_a_host_with_interface_refs,
		    unit_fx_setup_txn, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(export_should_stop_when_the_budget_says_so,
		    unit_fx_setup_txn, unit_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
