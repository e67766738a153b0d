/* test_access.c: roles (defaults, rule lists, API masks), token hashes, the password policy,
 * and the access records in a store (defaults, membership, tokens by hash, user delete). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static void
default_roles_should_be_those_of_zabbix(void **state)
{
	cJSON *r;

	(void)state;
	r = role_default(3);
	assert_string_equal(doc_str(r, "name"), "Super admin role");
	assert_string_equal(doc_str(r, "readonly"), "1");
	assert_int_equal(role_type(r), 3);
	cJSON_Delete(r);
	r = role_default(4);
	assert_string_equal(doc_str(r, "name"), "Guest role");
	assert_false(role_api_allows(r, "user.logout"));
	assert_false(role_action_enabled(r, "manage_api_tokens"));
	cJSON_Delete(r);
	assert_null(role_default(0));
	assert_null(role_default(5));
}

static void
api_masks_should_match_like_zabbix(void **state)
{
	(void)state;
	assert_true(role_api_mask_match("*", "template.get"));
	assert_true(role_api_mask_match("*.*", "template.get"));
	assert_true(role_api_mask_match("template.*", "template.get"));
	assert_true(role_api_mask_match("*.get", "host.get"));
	assert_true(role_api_mask_match("Template.Get", "template.get"));
	assert_false(role_api_mask_match("*.get", "host.create"));
	assert_false(role_api_mask_match("template.*", "templates.get"));
	assert_false(role_api_mask_match("template", "template.get"));
}

static void
api_modes_should_deny_or_allow(void **state)
{
	cJSON *r = role_new(9, "R", USER_TYPE_ADMIN);
	cJSON *rules = cJSON_GetObjectItemCaseSensitive(r, "rules");
	cJSON *api = cJSON_GetObjectItemCaseSensitive(rules, "api");

	(void)state;
	assert_true(role_api_allows(r, "template.get"));	/* an empty deny list */
	cJSON_AddItemToArray(api, cJSON_CreateString("*.get"));
	assert_false(role_api_allows(r, "template.get"));
	assert_true(role_api_allows(r, "template.create"));
	doc_set_str(rules, "api.mode", "1");
	assert_true(role_api_allows(r, "template.get"));
	assert_false(role_api_allows(r, "user.logout"));
	doc_set_str(rules, "api.access", "0");
	assert_false(role_api_allows(r, "template.get"));
	cJSON_Delete(r);
}

static void
rule_lists_should_put_non_default_first(void **state)
{
	cJSON *r = role_new(9, "R", USER_TYPE_USER), *out, *ui, *e;
	cJSON *rules = cJSON_GetObjectItemCaseSensitive(r, "rules");
	size_t n;

	(void)state;
	doc_set_str(rules, "ui.default_access", "0");
	e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "name", "monitoring.maps");
	cJSON_AddStringToObject(e, "status", "1");
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(rules, "ui"), e);
	out = role_rules_output(r);
	ui = cJSON_GetObjectItemCaseSensitive(out, "ui");
	role_ui_elements(USER_TYPE_USER, &n);
	assert_int_equal(cJSON_GetArraySize(ui), (int)n);
	assert_string_equal(doc_str(cJSON_GetArrayItem(ui, 0), "name"), "monitoring.maps");
	assert_string_equal(doc_str(cJSON_GetArrayItem(ui, 0), "status"), "1");
	assert_string_equal(doc_str(cJSON_GetArrayItem(ui, 1), "status"), "0");
	assert_string_equal(out->child->string, "ui");		/* Zabbix's key order */
	cJSON_Delete(out);
	cJSON_Delete(r);
}

static void
tokens_should_be_64_hex_and_hash_to_sha256(void **state)
{
	/* SHA-256 of "abc" (FIPS 180-2) */
	static const unsigned char abc[TOKEN_HASH_LEN] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad,
	};
	char a[TOKEN_TEXT_LEN + 1], b[TOKEN_TEXT_LEN + 1];
	unsigned char h[TOKEN_HASH_LEN];

	(void)state;
	assert_int_equal(token_new(a), 0);
	assert_int_equal(token_new(b), 0);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	assert_string_not_equal(a, b);
	assert_int_equal(token_hash("abc", h), 0);
	assert_memory_equal(h, abc, sizeof abc);
}

static void
password_policy_should_be_the_default_one(void **state)
{
	char uname[] = "jdoe", name[] = "Alice", empty[] = "";
	struct user u = { .username = uname, .name = name, .surname = empty };

	(void)state;
	assert_string_equal(user_password_problem(&u, "Zb-4821"),
	    "must be at least 8 characters long");
	assert_string_equal(user_password_problem(&u, "xx-aLiCe-4821"),
	    "must not contain user's name, surname or username");
	assert_string_equal(user_password_problem(&u, "password"),
	    "must not be one of common or context-specific passwords");
	assert_null(user_password_problem(&u, "Tmpl-Pass-4821"));
	assert_null(user_password_problem(&u, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9"));	/* 8 characters, 16 bytes */
}

static void
defaults_membership_and_tokens_should_live_in_the_store(void **state)
{
	struct unit_fx *f = *state;
	unsigned char h[TOKEN_HASH_LEN];
	struct id_list ids = { 0 };
	struct user guest;
	uint64_t id = 0;
	char buf[24];
	cJSON *doc;

	assert_int_equal(store_access_defaults(f->txn, 0), STORE_OK);
	assert_int_equal(store_name_get(f->txn, STORE_DB_ROLES_BY_NAME, "Admin role", &id),
	    STORE_OK);
	assert_int_equal(id, 2);
	assert_int_equal(store_user_by_name(f->txn, "guest", &guest), STORE_OK);
	assert_int_equal(store_pair_list(f->txn, STORE_DB_USER_USRGRPS, guest.userid, &ids),
	    STORE_OK);
	assert_int_equal(ids.n, 2);			/* Guests and Disabled */
	id_list_free(&ids);
	/* a token by hash, then gone with its user */
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "tokenid", "5");
	cJSON_AddStringToObject(doc, "userid", id_to_str(guest.userid, buf));
	token_hash("t", h);
	assert_int_equal(store_token_set_hash(f->txn, doc, h), STORE_OK);
	cJSON_Delete(doc);
	assert_int_equal(store_token_by_hash(f->txn, h, &id), STORE_OK);
	assert_int_equal(id, 5);
	assert_int_equal(store_user_delete(f->txn, &guest), STORE_OK);
	assert_int_equal(store_token_by_hash(f->txn, h, &id), STORE_ENOTFOUND);
	assert_int_equal(store_pair_list(f->txn, STORE_DB_USRGRP_USERS, 9, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	id_list_free(&ids);
	user_free(&guest);
}

/* access_check of one call by a user of that role: true when allowed; when not, its error
 * is Zabbix's. */
static bool
access_allows(struct store_txn *t, uint64_t roleid, const char *method)
{
	char *cause = NULL;
	const struct rpc_method *m = methods_find(method, &cause);
	struct rpc_call call;
	int rc;

	assert_non_null(m);
	assert_null(cause);
	memset(&call, 0, sizeof call);
	call.txn = t;
	call.user.roleid = roleid;
	rc = access_check(&call, m);
	if (rc != RPC_COMMIT) {
		char want[128];

		snprintf(want, sizeof want, "No permissions to call \"%s\".", method);
		assert_string_equal(call.err.text, want);
	}
	err_clear(&call.err);
	return rc == RPC_COMMIT;
}

/* The answers access_check keeps per role and method follow the stored role: a changed API
 * list or type is seen at the next call, for a method asked before and for a new one, and
 * for more methods than it keeps answers. */
static void
access_check_should_follow_role_changes(void **state)
{
	struct unit_fx *f = *state;
	static const char *const many[] = { "host.get", "item.get", "trigger.get", "graph.get",
		"hostgroup.get", "usermacro.get", "valuemap.get", "httptest.get", "role.get",
		"user.get", "usergroup.get", "token.get", "discoveryrule.get", "itemprototype.get",
		"hostinterface.get", "templatedashboard.get", "apiinfo.version" };
	cJSON *r = role_new(9, "R", USER_TYPE_ADMIN);
	cJSON *rules = cJSON_GetObjectItemCaseSensitive(r, "rules");
	cJSON *api = cJSON_GetObjectItemCaseSensitive(rules, "api");

	access_memo_clear();
	assert_int_equal(store_doc_put(f->txn, STORE_DB_ROLES, 9, r), STORE_OK);
	assert_true(access_allows(f->txn, 9, "template.get"));
	assert_true(access_allows(f->txn, 9, "template.get"));		/* kept */
	assert_true(access_allows(f->txn, 9, "template.create"));
	assert_false(access_allows(f->txn, 9, "role.create"));		/* a Super admin's */
	for (size_t i = 0; i < sizeof many / sizeof many[0]; i++)	/* past what is kept */
		assert_true(access_allows(f->txn, 9, many[i]));
	assert_true(access_allows(f->txn, 9, "template.get"));
	cJSON_AddItemToArray(api, cJSON_CreateString("template.get"));	/* a deny list */
	assert_int_equal(store_doc_put(f->txn, STORE_DB_ROLES, 9, r), STORE_OK);
	assert_false(access_allows(f->txn, 9, "template.get"));
	assert_true(access_allows(f->txn, 9, "template.create"));
	doc_set_str(r, "type", "3");					/* now a Super admin's */
	assert_int_equal(store_doc_put(f->txn, STORE_DB_ROLES, 9, r), STORE_OK);
	assert_true(access_allows(f->txn, 9, "role.create"));
	assert_false(access_allows(f->txn, 9, "template.get"));
	cJSON_DeleteItemFromArray(api, 0);
	assert_int_equal(store_doc_put(f->txn, STORE_DB_ROLES, 9, r), STORE_OK);
	assert_true(access_allows(f->txn, 9, "template.get"));
	assert_false(access_allows(f->txn, 8, "template.get"));	/* no such role, type 0 */
	cJSON_Delete(r);
	access_memo_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_roles_should_be_those_of_zabbix),
		cmocka_unit_test(api_masks_should_match_like_zabbix),
		cmocka_unit_test(api_modes_should_deny_or_allow),
		cmocka_unit_test(rule_lists_should_put_non_default_first),
		cmocka_unit_test(tokens_should_be_64_hex_and_hash_to_sha256),
		cmocka_unit_test(password_policy_should_be_the_default_one),
		cmocka_unit_test_setup_teardown(defaults_membership_and_tokens_should_live_in_the_store,
		    unit_fx_setup_txn, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(access_check_should_follow_role_changes,
		    unit_fx_setup_txn, unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	util_json_hooks();
	return cmocka_run_group_tests_name("access", tests, NULL, NULL);
}
