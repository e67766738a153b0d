/* test_iface.c: SNMP details and host inventory: their encodings, their JSON, and their records
 * in a real store (an interface's details go with it, a disabled inventory is no record). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
snmp_details_should_round_trip_and_show_by_version(void **state)
{
	struct snmp_details d, got;
	struct codec_buf b = { 0 };
	cJSON *j;
	char *s;

	(void)state;
	snmp_details_init(&d);
	assert_int_equal(d.version, 2);
	assert_int_equal(d.bulk, 1);
	free(d.community);
	d.community = xstrdup("{$C}");
	snmp_details_encode(&d, &b);
	assert_int_equal(snmp_details_decode(b.data, b.len, &got), 0);
	assert_string_equal(got.community, "{$C}");
	j = snmp_details_json(&got);
	s = cJSON_PrintUnformatted(j);
	assert_string_equal(s, "{\"version\":\"2\",\"bulk\":\"1\",\"community\":\"{$C}\"}");
	free(s);
	cJSON_Delete(j);
	got.version = 3;
	got.securitylevel = 2;
	j = snmp_details_json(&got);
	assert_null(cJSON_GetObjectItem(j, "community"));
	assert_string_equal(cJSON_GetObjectItem(j, "securitylevel")->valuestring, "2");
	assert_string_equal(cJSON_GetObjectItem(j, "contextname")->valuestring, "");
	cJSON_Delete(j);
	/* a truncated record does not decode */
	snmp_details_free(&got);
	assert_int_equal(snmp_details_decode(b.data, b.len - 1, &got), -1);
	assert_int_equal(snmp_details_decode(b.data, 5, &got), -1);
	snmp_details_free(&d);
	codec_buf_free(&b);
}

static void
inventory_should_keep_only_non_empty_fields(void **state)
{
	struct inventory inv = { .mode = 1 }, got;
	struct codec_buf b = { 0 };

	(void)state;
	assert_int_equal(inventory_field_find("type"), 0);
	assert_int_equal(inventory_field_find("poc_2_notes"), INVENTORY_FIELDS - 1);
	assert_int_equal(inventory_field_find("nosuch"), -1);
	inventory_set(&inv, inventory_field_find("os"), "Linux");
	inventory_set(&inv, inventory_field_find("notes"), "");
	assert_null(inv.f[inventory_field_find("notes")]);
	inventory_encode(&inv, &b);
	assert_int_equal(inventory_decode(b.data, b.len, &got), 0);
	assert_int_equal(got.mode, 1);
	assert_string_equal(got.f[inventory_field_find("os")], "Linux");
	inventory_free(&got);
	assert_int_equal(got.mode, INVENTORY_DISABLED);
	assert_int_equal(inventory_decode(b.data, b.len - 1, &got), -1);
	inventory_free(&inv);
	codec_buf_free(&b);
}

static void
store_should_keep_details_with_their_interface(void **state)
{
	struct hostinterface hi = { .hostid = 7, .type = HOSTINTERFACE_SNMP, .main = 1, .useip = 1 };
	struct snmp_details d, got;
	struct inventory inv = { .mode = 0 }, ginv;
	struct store_txn *t;
	struct id_list ids = { 0 };
	struct store *st;
	char *dir;

	(void)state;
	st = unit_store_new(&dir);
	hi.ip = xstrdup("10.0.0.1");
	hi.dns = xstrdup("");
	hi.port = xstrdup("161");
	snmp_details_init(&d);
	assert_int_equal(store_txn_write(st, NULL, &t), STORE_OK);
	assert_int_equal(store_interface_create(t, &hi), STORE_OK);
	assert_int_equal(store_interface_snmp_put(t, hi.interfaceid, &d), STORE_OK);
	assert_int_equal(store_interface_snmp_get(t, hi.interfaceid, &got), STORE_OK);
	assert_int_equal(got.version, 2);
	snmp_details_free(&got);
	free(hi.port);
	hi.port = xstrdup("1161");
	assert_int_equal(store_interface_put(t, &hi), STORE_OK);
	hostinterface_free(&hi);
	assert_int_equal(store_interface_get(t, 1, &hi), STORE_OK);
	assert_string_equal(hi.port, "1161");
	assert_int_equal(store_interface_delete(t, hi.interfaceid), STORE_OK);
	assert_int_equal(store_interface_snmp_get(t, hi.interfaceid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_host_interfaces(t, 7, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	/* inventory: a record while enabled, none once disabled */
	assert_int_equal(store_inventory_get(t, 7, &ginv), STORE_ENOTFOUND);
	assert_int_equal(ginv.mode, INVENTORY_DISABLED);
	inventory_set(&inv, 4, "BSD");
	assert_int_equal(store_inventory_put(t, 7, &inv), STORE_OK);
	assert_int_equal(store_inventory_get(t, 7, &ginv), STORE_OK);
	assert_string_equal(ginv.f[4], "BSD");
	inventory_free(&ginv);
	inventory_free(&inv);
	assert_int_equal(store_inventory_put(t, 7, &inv), STORE_OK);
	assert_int_equal(store_inventory_get(t, 7, &ginv), STORE_ENOTFOUND);
	assert_int_equal(store_inventory_del(t, 7), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	hostinterface_free(&hi);
	snmp_details_free(&d);
	id_list_free(&ids);
	unit_store_free(st, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snmp_details_should_round_trip_and_show_by_version),
		cmocka_unit_test(inventory_should_keep_only_non_empty_fields),
		cmocka_unit_test(store_should_keep_details_with_their_interface),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("iface", tests, NULL, NULL);
}
