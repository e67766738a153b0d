/* test_item_keys.c: the key index of a host's items when item prototypes of different rules
 * share a key: the holder and its sharers, a prototype found by rule, the item a trigger
 * function names (the last one, or the copy of its own), and the key passed on when the
 * holder is deleted or renamed. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define KEY	"jmx[\"{#JMXOBJ}\",ReconnectCount]"
#define PLAIN	"0"

static uint64_t
fx_host(struct unit_fx *f)
{
	struct host h = { 0 };
	uint64_t id;

	h.host = xstrdup("T"), h.name = xstrdup("T"), h.description = xstrdup(""),
	    h.uuid = xstrdup("");
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	id = h.hostid;
	host_free(&h);
	return id;
}

/* An item of the flags on the host (a prototype under ruleid), or STORE_EEXIST (0). */
static uint64_t
fx_item(struct unit_fx *f, uint64_t hostid, const char *flags, const char *key, uint64_t ruleid,
    enum store_rc want)
{
	struct item it;
	char buf[24];
	uint64_t id;

	item_init(&it);
	it.hostid = hostid;
	item_set(&it, ITEM_F_KEY, key);
	item_set(&it, ITEM_F_NAME, key);
	item_set(&it, ITEM_F_TYPE, "2");
	item_set(&it, ITEM_F_FLAGS, flags);
	if (strcmp(flags, PLAIN) != 0) {
		it.lld = cJSON_CreateObject();
		if (ruleid != 0)
			doc_set_str(it.lld, "ruleid", id_to_str(ruleid, buf));
	}
	assert_int_equal(store_item_create(f->txn, &it), want);
	id = want == STORE_OK ? it.itemid : 0;
	item_free(&it);
	return id;
}

static uint64_t
by_key(struct unit_fx *f, uint64_t hostid, const char *key)
{
	uint64_t id = 0;

	if (store_item_by_key(f->txn, hostid, key, &id) != STORE_OK)
		return 0;
	return id;
}

static uint64_t
proto_of(struct unit_fx *f, uint64_t hostid, uint64_t ruleid)
{
	uint64_t id = 0;

	if (store_item_proto_by_key(f->txn, hostid, ruleid, KEY, &id) != STORE_OK)
		return 0;
	return id;
}

static void
prototypes_of_two_rules_should_share_a_key(void **state)
{
	struct unit_fx *f = *state;
	uint64_t h = fx_host(f), r1, r2, r3, p1, p2, p3, id = 0;

	r1 = fx_item(f, h, ITEM_FLAGS_RULE, "r1", 0, STORE_OK);
	r2 = fx_item(f, h, ITEM_FLAGS_RULE, "r2", 0, STORE_OK);
	r3 = fx_item(f, h, ITEM_FLAGS_RULE, "r3", 0, STORE_OK);
	p1 = fx_item(f, h, ITEM_FLAGS_PROTO, KEY, r1, STORE_OK);
	p2 = fx_item(f, h, ITEM_FLAGS_PROTO, KEY, r2, STORE_OK);
	p3 = fx_item(f, h, ITEM_FLAGS_PROTO, KEY, r3, STORE_OK);
	/* only prototypes share: an item or a rule with a held key is refused */
	fx_item(f, h, PLAIN, KEY, 0, STORE_EEXIST);
	fx_item(f, h, ITEM_FLAGS_RULE, "r1", 0, STORE_EEXIST);
	assert_int_equal(by_key(f, h, KEY), p1);
	assert_int_equal(proto_of(f, h, r1), p1);
	assert_int_equal(proto_of(f, h, r2), p2);
	assert_int_equal(proto_of(f, h, r3), p3);
	/* a trigger's function names the last one written */
	assert_int_equal(store_item_by_key_for(f->txn, h, KEY, 0, &id), STORE_OK);
	assert_int_equal(id, p3);
	/* the holder's rule goes: the first sharer holds the key, the other shares it with it */
	assert_int_equal(store_item_delete_tree(f->txn, r1), STORE_OK);
	assert_int_equal(by_key(f, h, KEY), p2);
	assert_int_equal(proto_of(f, h, r1), 0);
	assert_int_equal(proto_of(f, h, r3), p3);
	/* a sharer goes: the holder stays */
	assert_int_equal(store_item_delete_tree(f->txn, p3), STORE_OK);
	assert_int_equal(by_key(f, h, KEY), p2);
	assert_int_equal(proto_of(f, h, r3), 0);
	assert_int_equal(store_item_delete_tree(f->txn, p2), STORE_OK);
	assert_int_equal(by_key(f, h, KEY), 0);
	fx_item(f, h, PLAIN, KEY, 0, STORE_OK);
}

static void
a_renamed_holder_should_pass_its_key_on(void **state)
{
	struct unit_fx *f = *state;
	uint64_t h = fx_host(f), r1, r2, p1, p2;
	struct item old, renamed;

	r1 = fx_item(f, h, ITEM_FLAGS_RULE, "r1", 0, STORE_OK);
	r2 = fx_item(f, h, ITEM_FLAGS_RULE, "r2", 0, STORE_OK);
	p1 = fx_item(f, h, ITEM_FLAGS_PROTO, KEY, r1, STORE_OK);
	p2 = fx_item(f, h, ITEM_FLAGS_PROTO, KEY, r2, STORE_OK);
	assert_int_equal(store_item_get(f->txn, p1, &old), STORE_OK);
	assert_int_equal(store_item_get(f->txn, p1, &renamed), STORE_OK);
	item_set(&renamed, ITEM_F_KEY, "other[{#A}]");
	assert_int_equal(store_item_update(f->txn, &old, &renamed), STORE_OK);
	assert_int_equal(by_key(f, h, KEY), p2);
	assert_int_equal(by_key(f, h, "other[{#A}]"), p1);
	assert_int_equal(proto_of(f, h, r2), p2);
	item_free(&old);
	item_free(&renamed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(prototypes_of_two_rules_should_share_a_key,
		    unit_fx_setup_txn, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(a_renamed_holder_should_pass_its_key_on,
		    unit_fx_setup_txn, unit_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
