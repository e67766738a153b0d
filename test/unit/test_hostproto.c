/* test_hostproto.c: host prototypes: the record (copy, key), the store (rule and copy indexes,
 * deletion with copies and with the rule's item) and the inheritance engine's kind (a
 * template's prototype copied onto the host's copy of the rule, cleared with it; its custom
 * interfaces carried and dropped with it). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
record_should_copy_and_key(void **state)
{
	struct hostproto h = { .hostid = 5, .parentid = 10001, .templateid = 3 }, c;

	(void)state;
	h.doc = cJSON_CreateObject();
	doc_set_str(h.doc, "host", "{#VM}");
	hostproto_set_key(&h, "vm.discovery");
	assert_string_equal(h.key, "vm.discovery\n{#VM}");
	assert_string_equal(hostproto_host(h.key), "{#VM}");
	assert_string_equal(hostproto_host("plain"), "plain");
	hostproto_dup(&c, &h);
	assert_int_equal(c.templateid, 3);
	assert_ptr_not_equal(c.doc, h.doc);
	assert_string_equal(doc_str(c.doc, "host"), "{#VM}");
	hostproto_free(&h);
	assert_null(h.key);
	assert_null(h.doc);
	hostproto_free(&c);
}

static uint64_t
fx_host(struct unit_fx *f, const char *name, uint32_t status)
{
	struct host h = { .status = status };
	uint64_t id;

	h.host = xstrdup(name), h.name = xstrdup(name), h.description = xstrdup(""),
	    h.uuid = xstrdup("");
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	id = h.hostid;
	host_free(&h);
	return id;
}

static uint64_t
fx_rule(struct unit_fx *f, uint64_t hostid)
{
	struct item it;
	uint64_t id;

	item_init(&it);
	it.hostid = hostid;
	item_set(&it, ITEM_F_KEY, "vm.discovery");
	item_set(&it, ITEM_F_NAME, "VMs");
	item_set(&it, ITEM_F_TYPE, "2");
	item_set(&it, ITEM_F_FLAGS, ITEM_FLAGS_RULE);
	it.lld = cJSON_CreateObject();
	assert_int_equal(store_item_create(f->txn, &it), STORE_OK);
	assert_int_equal(inherit_created(f->txn, &inherit_kind_item, &it, 1, &f->e), 0);
	id = it.itemid;
	item_free(&it);
	return id;
}

static uint64_t
fx_proto(struct unit_fx *f, uint64_t ruleid, const char *host)
{
	struct hostproto h = { 0 };
	char buf[24];
	uint64_t id;

	h.doc = cJSON_CreateObject();
	doc_set_str(h.doc, "host", host);
	doc_set_str(h.doc, "ruleid", id_to_str(ruleid, buf));
	doc_set_str(h.doc, "uuid", "0123456789abcdef0123456789abcdef");
	cJSON_AddItemToObject(h.doc, "macros", cJSON_Parse("[{\"macro\": \"{$A}\"}]"));
	assert_int_equal(store_hostproto_create(f->txn, &h), STORE_OK);
	assert_true(h.hostid > 10000);
	id = h.hostid;
	hostproto_free(&h);
	assert_int_equal(store_hostproto_get(f->txn, id, &h), STORE_OK);
	assert_int_equal(inherit_created(f->txn, &inherit_kind_hostproto, &h, 1, &f->e), 0);
	id = h.hostid;
	hostproto_free(&h);
	return id;
}

static void
store_should_index_by_rule_and_delete_with_it(void **state)
{
	struct unit_fx *f = *state;
	struct id_list ids = { 0 };
	struct hostproto got;
	uint64_t t, r, p1, p2, id;

	assert_int_equal(store_txn_write(f->st, NULL, &f->txn), STORE_OK);
	t = fx_host(f, "T", HOST_STATUS_TEMPLATE);
	r = fx_rule(f, t);
	p1 = fx_proto(f, r, "{#A}");
	p2 = fx_proto(f, r, "{#B}");
	assert_int_equal(store_hostproto_list(f->txn, r, &ids), STORE_OK);
	assert_int_equal(ids.n, 2);
	id_list_free(&ids);
	assert_int_equal(store_hostproto_get(f->txn, p2, &got), STORE_OK);
	assert_int_equal(got.parentid, t);
	assert_string_equal(got.key, "vm.discovery\n{#B}");
	hostproto_free(&got);
	assert_int_equal(store_hostproto_by_key(f->txn, t, "vm.discovery\n{#A}", &id), STORE_OK);
	assert_int_equal(id, p1);
	assert_int_equal(store_hostproto_by_key(f->txn, t, "vm.discovery\n{#C}", &id),
	    STORE_ENOTFOUND);
	assert_int_equal(store_hostproto_delete(f->txn, p1), STORE_OK);
	assert_int_equal(store_hostproto_delete(f->txn, p1), STORE_OK);	/* gone: fine */
	assert_int_equal(store_hostproto_get(f->txn, p1, &got), STORE_ENOTFOUND);
	/* the rule's item deleted takes the rest */
	assert_int_equal(store_item_delete_tree(f->txn, r), STORE_OK);
	assert_int_equal(store_hostproto_get(f->txn, p2, &got), STORE_ENOTFOUND);
}

static void
inheritance_should_copy_onto_the_rule_copy_and_clear(void **state)
{
	struct unit_fx *f = *state;
	struct id_list parents = { 0 }, copies = { 0 };
	struct hostproto copy;
	uint64_t t, h, r, p, hr = 0;

	assert_int_equal(store_txn_write(f->st, NULL, &f->txn), STORE_OK);
	t = fx_host(f, "T", HOST_STATUS_TEMPLATE);
	h = fx_host(f, "H", 0);
	r = fx_rule(f, t);
	p = fx_proto(f, r, "{#A}");
	assert_int_equal(store_host_link_set(f->txn, h, t, true), STORE_OK);
	id_list_add(&parents, t);
	assert_int_equal(inherit_link(f->txn, h, &parents, &f->e), 0);
	assert_int_equal(store_hostproto_copies(f->txn, p, &copies), STORE_OK);
	assert_int_equal(copies.n, 1);
	assert_int_equal(store_hostproto_get(f->txn, copies.ids[0], &copy), STORE_OK);
	assert_int_equal(copy.templateid, p);
	assert_int_equal(copy.parentid, h);
	assert_string_equal(doc_str(copy.doc, "uuid"), "");
	util_parse_u64(doc_str(copy.doc, "ruleid"), &hr);
	assert_int_not_equal(hr, r);
	assert_string_not_equal(doc_str(cJSON_GetArrayItem(cJSON_GetObjectItem(copy.doc, "macros"),
	    0), "hostid"), "");
	hostproto_free(&copy);
	/* clear: the copy goes with the host's rule */
	assert_int_equal(inherit_unlink(f->txn, h, &parents, true, &f->e), 0);
	assert_int_equal(store_hostproto_get(f->txn, copies.ids[0], &copy), STORE_ENOTFOUND);
	id_list_free(&copies);
	assert_int_equal(store_hostproto_copies(f->txn, p, &copies), STORE_OK);
	assert_int_equal(copies.n, 0);
	id_list_free(&copies);
	id_list_free(&parents);
}

/* The custom interfaces go with the copy; a template edit of custom_interfaces that drops
 * them drops them on the copy too. */
static void
inheritance_should_carry_interfaces(void **state)
{
	struct unit_fx *f = *state;
	struct id_list parents = { 0 }, copies = { 0 };
	struct hostproto tp, copy;
	cJSON *edit;
	uint64_t t, h, r, p;

	assert_int_equal(store_txn_write(f->st, NULL, &f->txn), STORE_OK);
	t = fx_host(f, "T", HOST_STATUS_TEMPLATE);
	h = fx_host(f, "H", 0);
	r = fx_rule(f, t);
	p = fx_proto(f, r, "{#A}");
	assert_int_equal(store_hostproto_get(f->txn, p, &tp), STORE_OK);
	doc_set_str(tp.doc, "custom_interfaces", "1");
	cJSON_AddItemToObject(tp.doc, "interfaces", cJSON_Parse("[{\"main\": \"1\", \"type\": "
	    "\"1\", \"useip\": \"1\", \"ip\": \"{#IP}\", \"dns\": \"\", \"port\": \"10050\"}]"));
	assert_int_equal(store_hostproto_update(f->txn, &tp, &tp), STORE_OK);
	assert_int_equal(store_host_link_set(f->txn, h, t, true), STORE_OK);
	id_list_add(&parents, t);
	assert_int_equal(inherit_link(f->txn, h, &parents, &f->e), 0);
	assert_int_equal(store_hostproto_copies(f->txn, p, &copies), STORE_OK);
	assert_int_equal(copies.n, 1);
	assert_int_equal(store_hostproto_get(f->txn, copies.ids[0], &copy), STORE_OK);
	assert_string_equal(doc_str(copy.doc, "custom_interfaces"), "1");
	assert_string_equal(doc_str(cJSON_GetArrayItem(cJSON_GetObjectItem(copy.doc, "interfaces"),
	    0), "ip"), "{#IP}");
	hostproto_free(&copy);
	/* the template's prototype back to the rule's host interfaces */
	doc_set_str(tp.doc, "custom_interfaces", "0");
	cJSON_DeleteItemFromObject(tp.doc, "interfaces");
	assert_int_equal(store_hostproto_update(f->txn, &tp, &tp), STORE_OK);
	edit = cJSON_Parse("{\"custom_interfaces\": 0}");
	assert_int_equal(inherit_edited(f->txn, &inherit_kind_hostproto, &tp, edit, &f->e), 0);
	cJSON_Delete(edit);
	assert_int_equal(store_hostproto_get(f->txn, copies.ids[0], &copy), STORE_OK);
	assert_string_equal(doc_str(copy.doc, "custom_interfaces"), "0");
	assert_null(cJSON_GetObjectItem(copy.doc, "interfaces"));
	hostproto_free(&copy);
	hostproto_free(&tp);
	id_list_free(&copies);
	id_list_free(&parents);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_should_copy_and_key),
		cmocka_unit_test_setup_teardown(store_should_index_by_rule_and_delete_with_it,
		    unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(inheritance_should_copy_onto_the_rule_copy_and_clear,
		    unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(inheritance_should_carry_interfaces,
		    unit_fx_setup, unit_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
