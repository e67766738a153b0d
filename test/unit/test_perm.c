/* test_perm.c: the host-group rights rule of domain/perm.c: how the rights of a user's groups
 * combine per host group and per object, and the checks against a real store (a user's
 * groups read from their documents, hosts by their groups, group and parent replacements
 * that keep what the caller cannot see, the user groups' compact index). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

enum { G_RW = 101, G_RO = 102, G_DENY = 103, G_NONE = 104, G_MIX = 105 };

static struct id_list
ids_of(size_t n, const uint64_t *v)
{
	struct id_list l = { 0 };

	for (size_t i = 0; i < n; i++)
		id_list_add(&l, v[i]);
	return l;
}

static int
object_level(const struct perm_rights *r, size_t n, const uint64_t *groups)
{
	struct id_list l = ids_of(n, groups);
	int level = perm_rights_object(r, &l);

	id_list_free(&l);
	return level;
}

/* Two user groups: one gives RW on G_RW and G_MIX, RO on G_RO, deny on G_DENY; the other
 * gives RO on G_RW and RW on G_RO, deny on G_MIX. */
static struct perm_rights *
two_groups(void)
{
	struct perm_rights *r = perm_rights_new();

	perm_rights_add(r, G_RW, PERM_READ_WRITE);
	perm_rights_add(r, G_MIX, PERM_READ_WRITE);
	perm_rights_add(r, G_RO, PERM_READ);
	perm_rights_add(r, G_DENY, PERM_DENY);
	perm_rights_add(r, G_RW, PERM_READ);
	perm_rights_add(r, G_MIX, PERM_DENY);
	perm_rights_add(r, 999, 1);		/* not a permission: dropped */
	perm_rights_seal(r);
	return r;
}

static void
test_group_rights_combine(void **state)
{
	struct perm_rights *r = two_groups();

	(void)state;
	assert_int_equal(perm_rights_count(r), 4);
	assert_int_equal(perm_rights_group(r, G_RW), PERM_READ_WRITE);	/* the best */
	assert_int_equal(perm_rights_group(r, G_RO), PERM_READ);
	assert_int_equal(perm_rights_group(r, G_DENY), PERM_DENY);
	assert_int_equal(perm_rights_group(r, G_MIX), PERM_DENY);	/* a deny wins */
	assert_int_equal(perm_rights_group(r, G_NONE), PERM_NONE);
	assert_int_equal(perm_rights_group(r, 999), PERM_NONE);
	assert_true(perm_group_allows(r, G_RW, true));
	assert_true(perm_group_allows(r, G_RO, false));
	assert_false(perm_group_allows(r, G_RO, true));
	assert_false(perm_group_allows(r, G_DENY, false));
	assert_false(perm_group_allows(r, G_NONE, false));
	assert_true(perm_group_allows(NULL, G_NONE, true));	/* unrestricted */
	perm_rights_free(r);
}

static void
test_object_rights_combine(void **state)
{
	struct perm_rights *r = two_groups();

	(void)state;
	assert_int_equal(object_level(r, 1, (uint64_t[]){ G_RW }), PERM_READ_WRITE);
	assert_int_equal(object_level(r, 2, (uint64_t[]){ G_RO, G_RW }), PERM_READ_WRITE);
	/* groups without a right are ignored ... */
	assert_int_equal(object_level(r, 2, (uint64_t[]){ G_NONE, G_RO }), PERM_READ);
	assert_int_equal(object_level(r, 1, (uint64_t[]){ G_NONE }), PERM_NONE);
	assert_int_equal(object_level(r, 0, NULL), PERM_NONE);
	/* ... but a deny on any group hides the object */
	assert_int_equal(object_level(r, 2, (uint64_t[]){ G_RW, G_DENY }), PERM_DENY);
	assert_int_equal(object_level(r, 3, (uint64_t[]){ G_RO, G_NONE, G_MIX }), PERM_DENY);
	assert_true(perm_level_allows(PERM_READ_WRITE, true));
	assert_true(perm_level_allows(PERM_READ, false));
	assert_false(perm_level_allows(PERM_READ, true));
	assert_false(perm_level_allows(PERM_DENY, false));
	assert_false(perm_level_allows(PERM_NONE, false));
	perm_rights_free(r);
}

/* ---- against a store ---- */

static uint64_t
fx_template(struct unit_fx *f, const char *name, size_t n, const uint64_t *groups)
{
	struct host h = { .status = HOST_STATUS_TEMPLATE };

	h.host = xstrdup(name), h.name = xstrdup(name);
	h.description = xstrdup(""), h.uuid = xstrdup("");
	assert_int_equal(store_host_create(f->txn, &h), STORE_OK);
	host_free(&h);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_host_group_set(f->txn, h.hostid, groups[i], true), STORE_OK);
	return h.hostid;
}

/* A user group document with these rights (id, permission pairs), and userid in it. */
static void
fx_usrgrp(struct unit_fx *f, uint64_t usrgrpid, uint64_t userid, size_t n, const int *rights)
{
	cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "rights");
	char buf[24];

	for (size_t i = 0; i < n; i++) {
		cJSON *r = cJSON_CreateObject();

		snprintf(buf, sizeof buf, "%d", rights[2 * i + 1]);
		cJSON_AddStringToObject(r, "permission", buf);
		snprintf(buf, sizeof buf, "%d", rights[2 * i]);
		cJSON_AddStringToObject(r, "id", buf);
		cJSON_AddItemToArray(arr, r);
	}
	assert_int_equal(store_doc_put(f->txn, STORE_DB_USRGRPS, usrgrpid, doc), STORE_OK);
	assert_int_equal(store_member_set(f->txn, userid, usrgrpid, true), STORE_OK);
	cJSON_Delete(doc);
}

/* User 900: group 50 (RW G_RW, RO G_RO, deny G_DENY), group 51 (RO G_RW). */
static struct perm_rights *
fx_rights(struct unit_fx *f)
{
	struct perm_rights *r;

	fx_usrgrp(f, 50, 900, 3, (int[]){ G_RW, 3, G_RO, 2, G_DENY, 0 });
	fx_usrgrp(f, 51, 900, 1, (int[]){ G_RW, 2 });
	assert_int_equal(perm_rights_load(f->txn, 900, &r), STORE_OK);
	return r;
}

static bool
host_ok(struct unit_fx *f, const struct perm_rights *r, uint64_t hostid, bool write)
{
	bool ok;

	assert_int_equal(perm_host_allows(f->txn, r, hostid, write, &ok), STORE_OK);
	return ok;
}

static void
test_store_rights_of_user(void **state)
{
	struct unit_fx *f = *state;
	struct perm_rights *r = fx_rights(f), *none;
	uint64_t trw = fx_template(f, "TRW", 1, (uint64_t[]){ G_RW });
	uint64_t tro = fx_template(f, "TRO", 1, (uint64_t[]){ G_RO });
	uint64_t tdeny = fx_template(f, "TDENY", 2, (uint64_t[]){ G_RW, G_DENY });
	uint64_t tnone = fx_template(f, "TNONE", 1, (uint64_t[]){ G_NONE });
	uint64_t trwnone = fx_template(f, "TRWNONE", 2, (uint64_t[]){ G_RW, G_NONE });
	struct id_list both = ids_of(2, (uint64_t[]){ trw, tro });

	assert_int_equal(perm_rights_group(r, G_RW), PERM_READ_WRITE);
	assert_true(host_ok(f, r, trw, true));
	assert_true(host_ok(f, r, tro, false));
	assert_false(host_ok(f, r, tro, true));
	assert_false(host_ok(f, r, tdeny, false));
	assert_false(host_ok(f, r, tnone, false));
	assert_true(host_ok(f, r, trwnone, true));
	assert_false(host_ok(f, r, 424242, false));		/* no such host */
	assert_true(host_ok(f, NULL, tnone, true));		/* super admin */
	assert_int_equal(perm_hosts_must(f->txn, r, &both, false, &f->e), 0);
	assert_int_equal(perm_hosts_must(f->txn, r, &both, true, &f->e), -1);
	assert_int_equal(f->e.kind, ERR_NOT_FOUND);
	assert_string_equal(f->e.text, NO_PERMISSIONS);
	/* a user in no group has no rights at all */
	assert_int_equal(perm_rights_load(f->txn, 901, &none), STORE_OK);
	assert_int_equal(perm_rights_count(none), 0);
	assert_false(host_ok(f, none, trw, false));
	perm_rights_free(none);
	id_list_free(&both);
	perm_rights_free(r);
}

static void
test_store_groups_replace(void **state)
{
	struct unit_fx *f = *state;
	struct perm_rights *r = fx_rights(f);
	uint64_t t = fx_template(f, "T", 2, (uint64_t[]){ G_RW, G_NONE });
	struct id_list want = ids_of(1, (uint64_t[]){ G_RW });

	/* G_NONE is out of sight: it stays */
	assert_int_equal(perm_host_groups_replace(f->txn, r, t, &want, &f->e), 0);
	assert_int_equal(want.n, 2);
	assert_true(id_list_has(&want, G_NONE));
	id_list_free(&want);
	/* adding a read-only group, or naming the unseen one, needs write on it */
	want = ids_of(2, (uint64_t[]){ G_RW, G_RO });
	assert_int_equal(perm_host_groups_replace(f->txn, r, t, &want, &f->e), -1);
	assert_string_equal(f->e.text, NO_PERMISSIONS);
	id_list_free(&want);
	want = ids_of(2, (uint64_t[]){ G_RW, G_NONE });
	assert_int_equal(perm_host_groups_replace(f->txn, r, t, &want, &f->e), -1);
	id_list_free(&want);
	/* removing a read-only group needs write on it too */
	assert_int_equal(store_host_group_set(f->txn, t, G_RO, true), STORE_OK);
	want = ids_of(1, (uint64_t[]){ G_RW });
	assert_int_equal(perm_host_groups_replace(f->txn, r, t, &want, &f->e), -1);
	id_list_free(&want);
	/* a new object (hostid 0): every group must be editable */
	want = ids_of(1, (uint64_t[]){ G_RO });
	assert_int_equal(perm_host_groups_replace(f->txn, r, 0, &want, &f->e), -1);
	id_list_free(&want);
	want = ids_of(1, (uint64_t[]){ G_RO });
	assert_int_equal(perm_host_groups_replace(f->txn, NULL, t, &want, &f->e), 0);
	assert_int_equal(want.n, 1);
	id_list_free(&want);
	perm_rights_free(r);
}

static void
test_store_parents_replace(void **state)
{
	struct unit_fx *f = *state;
	struct perm_rights *r = fx_rights(f);
	uint64_t trw = fx_template(f, "TRW", 1, (uint64_t[]){ G_RW });
	uint64_t tro = fx_template(f, "TRO", 1, (uint64_t[]){ G_RO });
	uint64_t tnone = fx_template(f, "TNONE", 1, (uint64_t[]){ G_NONE });
	uint64_t child = fx_template(f, "CHILD", 1, (uint64_t[]){ G_RW });
	struct id_list want;

	assert_int_equal(store_host_link_set(f->txn, child, tnone, true), STORE_OK);
	/* a read-only parent may be linked; the unseen one stays linked */
	want = ids_of(1, (uint64_t[]){ tro });
	assert_int_equal(perm_host_parents_replace(f->txn, r, child, &want, &f->e), 0);
	assert_int_equal(want.n, 2);
	assert_true(id_list_has(&want, tnone));
	id_list_free(&want);
	/* a parent without rights may not be linked */
	want = ids_of(2, (uint64_t[]){ trw, tnone });
	assert_int_equal(perm_host_parents_replace(f->txn, r, 0, &want, &f->e), -1);
	id_list_free(&want);
	perm_rights_free(r);
}

/* The user group index: written with the document (sorted rights, the access flags), read
 * instead of it, and the document read when a group has no index record (an older store). */
static void
test_store_usrgrp_index(void **state)
{
	struct unit_fx *f = *state;
	struct store_usrgrp_index x;
	struct perm_rights *r;
	cJSON *doc = cJSON_CreateObject();
	uint32_t flags[3];
	int permission;

	fx_usrgrp(f, 60, 910, 3, (int[]){ 30, 2, 10, 3, 20, 0 });
	assert_int_equal(store_usrgrp_index_get(f->txn, 60, &x), STORE_OK);
	assert_int_equal(x.n, 3);
	assert_int_equal(store_usrgrp_right(&x, 0, &permission), 10);
	assert_int_equal(permission, 3);
	assert_int_equal(store_usrgrp_right(&x, 1, &permission), 20);
	assert_int_equal(permission, 0);
	assert_int_equal(store_usrgrp_right(&x, 2, &permission), 30);
	/* flags: the maxima over the groups */
	cJSON_AddStringToObject(doc, "gui_access", "3");
	cJSON_AddStringToObject(doc, "users_status", "0");
	cJSON_AddStringToObject(doc, "debug_mode", "1");
	assert_int_equal(store_doc_put(f->txn, STORE_DB_USRGRPS, 61, doc), STORE_OK);
	assert_int_equal(store_member_set(f->txn, 910, 61, true), STORE_OK);
	assert_int_equal(perm_user_groups(f->txn, 910, flags, NULL), STORE_OK);
	assert_int_equal(flags[0], 3);
	assert_int_equal(flags[1], 0);
	assert_int_equal(flags[2], 1);
	/* without its index record the group is read from its document, the same */
	assert_int_equal(store_del_id(f->txn, STORE_DB_USRGRP_INDEX, 60), STORE_OK);
	assert_int_equal(store_usrgrp_index_get(f->txn, 60, &x), STORE_ENOTFOUND);
	assert_int_equal(perm_rights_load(f->txn, 910, &r), STORE_OK);
	assert_int_equal(perm_rights_count(r), 3);
	assert_int_equal(perm_rights_group(r, 10), PERM_READ_WRITE);
	assert_int_equal(perm_rights_group(r, 20), PERM_DENY);
	perm_rights_free(r);
	/* a deleted group leaves no record behind */
	assert_int_equal(store_usrgrp_delete(f->txn, 61), STORE_OK);
	assert_int_equal(store_usrgrp_index_get(f->txn, 61, &x), STORE_ENOTFOUND);
	cJSON_Delete(doc);
}

/* Rights given in any order (many runs) are sorted and combined as one: against a plain
 * reference of the rule. */
static void
test_rights_any_order(void **state)
{
	static const int levels[3] = { PERM_READ, PERM_READ_WRITE, PERM_DENY };
	struct perm_rights *r = perm_rights_new();
	int want[101];

	(void)state;
	for (size_t g = 0; g < 101; g++)
		want[g] = PERM_NONE;
	for (uint64_t i = 0; i < 250; i++) {
		uint64_t g = (i * 7919) % 101;
		int l = levels[(i * i) % 7 == 3 ? 2 : i % 2];

		perm_rights_add(r, g, l);
		if (want[g] == PERM_DENY || l == PERM_DENY)
			want[g] = PERM_DENY;
		else if (l > want[g])
			want[g] = l;
	}
	perm_rights_seal(r);
	assert_int_equal(perm_rights_count(r), 101);
	for (uint64_t g = 0; g < 101; g++)
		assert_int_equal(perm_rights_group(r, g), want[g]);
	perm_rights_free(r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, unit_fx_setup_txn, unit_fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_rights_combine),
		cmocka_unit_test(test_object_rights_combine),
		cmocka_unit_test(test_rights_any_order),
		T(test_store_rights_of_user),
		T(test_store_groups_replace),
		T(test_store_parents_replace),
		T(test_store_usrgrp_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
