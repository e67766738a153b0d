/* test_valuemap.c: value maps: the record's encoding, Zabbix's checks of mapping values, the
 * store's indexes, and the domain rules between maps and items. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
vm_init(struct valuemap *vm, uint64_t hostid, const char *name)
{
	memset(vm, 0, sizeof *vm);
	vm->hostid = hostid;
	vm->name = xstrdup(name);
	vm->uuid = xstrdup("");
	valuemap_mapping_add(vm, VALUEMAP_TYPE_EQUAL, "1", "up");
}

static void
encoding_should_round_trip_and_refuse_truncation(void **state)
{
	struct valuemap vm, got;
	struct codec_buf b = { 0 };

	(void)state;
	vm_init(&vm, 10084, "VM");
	vm.valuemapid = 7;
	valuemap_mapping_add(&vm, VALUEMAP_TYPE_RANGE, "1-2, 4", "range");
	valuemap_mapping_add(&vm, VALUEMAP_TYPE_DEFAULT, "", "default");
	valuemap_encode(&vm, &b);
	assert_int_equal(valuemap_decode(b.data, b.len, &got), 0);
	assert_int_equal(got.valuemapid, 7);
	assert_int_equal(got.hostid, 10084);
	assert_string_equal(got.name, "VM");
	assert_int_equal(got.n, 3);
	assert_int_equal(got.m[1].type, VALUEMAP_TYPE_RANGE);
	assert_string_equal(got.m[1].value, "1-2, 4");
	assert_string_equal(got.m[2].newvalue, "default");
	valuemap_free(&got);
	for (size_t cut = 0; cut < b.len; cut++)
		assert_int_equal(valuemap_decode(b.data, cut, &got), -1);
	codec_buf_free(&b);
	valuemap_free(&vm);
}

static void
values_should_be_checked_by_type(void **state)
{
	(void)state;
	assert_null(valuemap_value_check(VALUEMAP_TYPE_EQUAL, ""));
	assert_null(valuemap_value_check(VALUEMAP_TYPE_EQUAL, "anything"));
	assert_null(valuemap_value_check(VALUEMAP_TYPE_GE, "5.5"));
	assert_null(valuemap_value_check(VALUEMAP_TYPE_LE, "-3"));
	assert_null(valuemap_value_check(VALUEMAP_TYPE_LE, "1e3"));
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_GE, "abc"),
	    "a floating point value is expected");
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_GE, ""),
	    "a floating point value is expected");
	assert_null(valuemap_value_check(VALUEMAP_TYPE_RANGE, "1-2, 4"));
	assert_null(valuemap_value_check(VALUEMAP_TYPE_RANGE, "-10--5,7.5"));
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_RANGE, "5-"),
	    "invalid range expression");
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_RANGE, "1,,2"),
	    "invalid range expression");
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_RANGE, ""), "cannot be empty");
	assert_null(valuemap_value_check(VALUEMAP_TYPE_REGEXP, "^a+$"));
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_REGEXP, "("),
	    "invalid regular expression");
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_REGEXP, ""), "cannot be empty");
	assert_string_equal(valuemap_value_check(VALUEMAP_TYPE_EQUAL,
	    "12345678901234567890123456789012345678901234567890123456789012345"),
	    "value is too long");
}

static void
store_should_index_by_host_and_name(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct valuemap a, b, c, renamed, got;
	struct id_list ids = { 0 };
	uint64_t id;

	vm_init(&a, 1, "VM");
	vm_init(&b, 1, "VM");
	vm_init(&c, 2, "VM");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_valuemap_create(t, &a), STORE_OK);
	assert_int_equal(store_valuemap_create(t, &b), STORE_EEXIST);
	assert_int_equal(store_valuemap_create(t, &c), STORE_OK);
	assert_int_equal(store_valuemap_by_name(t, 1, "VM", &id), STORE_OK);
	assert_int_equal(id, a.valuemapid);
	assert_int_equal(store_valuemap_by_name(t, 2, "VM", &id), STORE_OK);
	assert_int_equal(id, c.valuemapid);
	/* rename moves the name index entry */
	vm_init(&renamed, 1, "VM2");
	renamed.valuemapid = a.valuemapid;
	assert_int_equal(store_valuemap_update(t, &a, &renamed), STORE_OK);
	assert_int_equal(store_valuemap_by_name(t, 1, "VM", &id), STORE_ENOTFOUND);
	assert_int_equal(store_valuemap_by_name(t, 1, "VM2", &id), STORE_OK);
	assert_int_equal(store_valuemap_get(t, a.valuemapid, &got), STORE_OK);
	assert_string_equal(got.name, "VM2");
	valuemap_free(&got);
	assert_int_equal(store_host_valuemaps(t, 1, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	/* dropping host 1's maps leaves host 2's */
	assert_int_equal(store_host_drop_valuemaps(t, 1), STORE_OK);
	assert_int_equal(store_valuemap_get(t, a.valuemapid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_valuemap_by_name(t, 1, "VM2", &id), STORE_ENOTFOUND);
	assert_int_equal(store_valuemap_by_name(t, 2, "VM", &id), STORE_OK);
	id_list_clear(&ids);
	assert_int_equal(store_host_valuemaps(t, 1, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	assert_int_equal(store_valuemap_delete(t, c.valuemapid), STORE_OK);
	assert_int_equal(store_valuemap_delete(t, c.valuemapid), STORE_ENOTFOUND);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	id_list_free(&ids);
	valuemap_free(&a);
	valuemap_free(&b);
	valuemap_free(&c);
	valuemap_free(&renamed);
}

/* A template with a map and an item using it, a host with a copy of the item. */
static void
make_item(struct store_txn *t, uint64_t hostid, uint64_t templateid, const char *vmid,
    struct item *it)
{
	item_init(it);
	it->hostid = hostid;
	it->templateid = templateid;
	item_set(it, ITEM_F_KEY, "k");
	item_set(it, ITEM_F_VALUEMAPID, vmid);
	assert_int_equal(store_item_create(t, it), STORE_OK);
}

static void
release_should_reset_items_and_copies(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct valuemap vm, other;
	struct item tpl, copy, mine, got;
	struct err e = { 0 };
	char vid[24], oid[24];

	vm_init(&vm, 100, "VM");
	vm_init(&other, 200, "VM");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_valuemap_create(t, &vm), STORE_OK);
	assert_int_equal(store_valuemap_create(t, &other), STORE_OK);
	id_to_str(vm.valuemapid, vid);
	id_to_str(other.valuemapid, oid);
	make_item(t, 100, 0, vid, &tpl);
	make_item(t, 200, tpl.itemid, vid, &copy);
	make_item(t, 300, 0, oid, &mine);
	/* an item may use a map of its own host only */
	assert_int_equal(domain_valuemap_check_item(t, 100, "T", vid, &e), 0);
	assert_int_equal(domain_valuemap_check_item(t, 100, "T", "0", &e), 0);
	assert_int_equal(domain_valuemap_check_item(t, 200, "H", vid, &e), -1);
	assert_int_equal(e.kind, ERR_PARAM);
	assert_non_null(strstr(e.text, "is not available on \"H\"."));
	assert_int_equal(domain_valuemap_check_item(t, 100, "T", "abc", &e), -1);
	err_clear(&e);
	/* release: the template's item and its copy lose the map; another map's item does not */
	assert_int_equal(domain_valuemap_release(t, &vm, &e), 0);
	assert_int_equal(store_item_get(t, tpl.itemid, &got), STORE_OK);
	assert_string_equal(got.f[ITEM_F_VALUEMAPID], "0");
	item_free(&got);
	assert_int_equal(store_item_get(t, copy.itemid, &got), STORE_OK);
	assert_string_equal(got.f[ITEM_F_VALUEMAPID], "0");
	item_free(&got);
	assert_int_equal(store_item_get(t, mine.itemid, &got), STORE_OK);
	assert_string_equal(got.f[ITEM_F_VALUEMAPID], oid);
	item_free(&got);
	store_txn_abort(t);
	item_free(&tpl);
	item_free(&copy);
	item_free(&mine);
	valuemap_free(&vm);
	valuemap_free(&other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_should_round_trip_and_refuse_truncation),
		cmocka_unit_test(values_should_be_checked_by_type),
		cmocka_unit_test_setup_teardown(store_should_index_by_host_and_name, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(release_should_reset_items_and_copies, unit_fx_setup, unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("valuemap", tests, NULL, NULL);
}
