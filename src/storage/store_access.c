/* store_access.c: the access records of a fresh Zabbix 6.0 (default roles, user groups, the
 * guest user, Admin's group), user-group membership both ways, and API tokens by hash. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* The default user groups: id, name, gui_access, users_status, debug_mode. */
static const struct {
	uint64_t	 id;
	const char	*name, *gui, *status, *debug;
} store_default_groups[] = {
	{ 7, "Zabbix administrators", "0", "0", "0" },
	{ 8, "Guests", "1", "0", "0" },
	{ 9, "Disabled", "0", "1", "0" },
	{ 11, "Enabled debug mode", "0", "0", "1" },
	{ 12, "No access to the frontend", "3", "0", "0" },
};

#define STORE_GROUP_ADMINS	7
#define STORE_GROUP_GUESTS	8
#define STORE_GROUP_DISABLED	9

enum store_rc
store_member_set(struct store_txn *t, uint64_t userid, uint64_t usrgrpid, bool on)
{
	enum store_rc rc;

	if (on) {
		if ((rc = store_pair_add(t, STORE_DB_USER_USRGRPS, userid, usrgrpid)) != STORE_OK)
			return rc;
		return store_pair_add(t, STORE_DB_USRGRP_USERS, usrgrpid, userid);
	}
	rc = store_pair_del(t, STORE_DB_USER_USRGRPS, userid, usrgrpid);
	if (rc == STORE_OK || rc == STORE_ENOTFOUND)
		rc = store_pair_del(t, STORE_DB_USRGRP_USERS, usrgrpid, userid);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

static enum store_rc
store_access_roles(struct store_txn *t)
{
	enum store_rc rc = STORE_OK;

	for (uint64_t id = 1; rc == STORE_OK && id <= ROLE_DEFAULTS; id++) {
		cJSON *d = role_default(id);

		rc = store_name_put(t, STORE_DB_ROLES_BY_NAME, doc_str(d, "name"), id);
		if (rc == STORE_OK)
			rc = store_doc_put(t, STORE_DB_ROLES, id, d);
		cJSON_Delete(d);
	}
	return rc == STORE_OK ? store_seq_at_least(t, "roles", ROLE_DEFAULTS) : rc;
}

static enum store_rc
store_access_groups(struct store_txn *t)
{
	enum store_rc rc = STORE_OK;
	size_t n = sizeof store_default_groups / sizeof store_default_groups[0];

	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		cJSON *d = usrgrp_new(store_default_groups[i].id, store_default_groups[i].name);

		doc_set_str(d, "gui_access", store_default_groups[i].gui);
		doc_set_str(d, "users_status", store_default_groups[i].status);
		doc_set_str(d, "debug_mode", store_default_groups[i].debug);
		rc = store_name_put(t, STORE_DB_USRGRPS_BY_NAME, store_default_groups[i].name,
		    store_default_groups[i].id);
		if (rc == STORE_OK)
			rc = store_doc_put(t, STORE_DB_USRGRPS, store_default_groups[i].id, d);
		cJSON_Delete(d);
	}
	return rc == STORE_OK ? store_seq_at_least(t, "usrgrps", 13) : rc;
}

/* guest: Guest role, in Guests and Disabled, no password that can match. */
static enum store_rc
store_access_guest(struct store_txn *t)
{
	struct user g;
	enum store_rc rc;

	user_init_admin(&g, "");
	user_set_str(&g.username, "guest");
	user_set_str(&g.name, "");
	user_set_str(&g.surname, "");
	user_set_str(&g.autologout, "15m");
	g.autologin = 0;
	g.type = USER_TYPE_USER;
	g.roleid = 4;
	rc = store_user_create(t, &g);
	if (rc == STORE_OK)
		rc = store_member_set(t, g.userid, STORE_GROUP_GUESTS, true);
	if (rc == STORE_OK)
		rc = store_member_set(t, g.userid, STORE_GROUP_DISABLED, true);
	user_free(&g);
	return rc == STORE_EEXIST ? STORE_OK : rc;
}

enum store_rc
store_access_defaults(struct store_txn *t, uint64_t admin_userid)
{
	enum store_rc rc;

	if ((rc = store_access_roles(t)) != STORE_OK || (rc = store_access_groups(t)) != STORE_OK)
		return rc;
	if (admin_userid != 0 &&
	    (rc = store_member_set(t, admin_userid, STORE_GROUP_ADMINS, true)) != STORE_OK)
		return rc;
	return store_access_guest(t);
}

/* ---- users: renames and deletes ---- */

enum store_rc
store_user_rename(struct store_txn *t, uint64_t userid, const char *from, const char *to)
{
	enum store_rc rc;

	if (strcmp(from, to) == 0)
		return STORE_OK;
	if ((rc = store_name_put(t, STORE_DB_USERS_BY_NAME, to, userid)) != STORE_OK)
		return rc;
	return store_name_del(t, STORE_DB_USERS_BY_NAME, from);
}

enum store_rc
store_user_delete(struct store_txn *t, const struct user *u)
{
	struct id_list groups = { 0 }, tokens = { 0 };
	enum store_rc rc;

	rc = store_pair_list(t, STORE_DB_USER_USRGRPS, u->userid, &groups);
	for (size_t i = 0; rc == STORE_OK && i < groups.n; i++)
		rc = store_member_set(t, u->userid, groups.ids[i], false);
	if (rc == STORE_OK)
		rc = store_token_list(t, u->userid, &tokens);
	for (size_t i = 0; rc == STORE_OK && i < tokens.n; i++)
		rc = store_token_delete(t, tokens.ids[i]);
	if (rc == STORE_OK && (rc = store_del_id(t, STORE_DB_USER_MEDIAS, u->userid)) ==
	    STORE_ENOTFOUND)
		rc = STORE_OK;
	if (rc == STORE_OK)
		rc = store_name_del(t, STORE_DB_USERS_BY_NAME, u->username);
	if (rc == STORE_OK)
		rc = store_del_id(t, STORE_DB_USERS, u->userid);
	id_list_free(&groups);
	id_list_free(&tokens);
	return rc;
}

/* ---- API tokens ---- */

enum store_rc
store_token_by_hash(struct store_txn *t, const unsigned char hash[TOKEN_HASH_LEN],
    uint64_t *tokenid)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get(t, STORE_DB_TOKENS_BY_HASH, hash, TOKEN_HASH_LEN, &v, &vlen)) !=
	    STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*tokenid = codec_from_be64(v);
	return STORE_OK;
}

/* The hash kept in a token document: 64 hex digits of the SHA-256, or "" before the first
 * token.generate. */
static bool
store_token_hash_of(const cJSON *doc, unsigned char hash[TOKEN_HASH_LEN])
{
	const char *h = doc_str(doc, "hash");

	if (strlen(h) != 2 * TOKEN_HASH_LEN)
		return false;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++) {
		unsigned x;

		if (sscanf(h + 2 * i, "%2x", &x) != 1)
			return false;
		hash[i] = (unsigned char)x;
	}
	return true;
}

enum store_rc
store_token_set_hash(struct store_txn *t, cJSON *doc, const unsigned char hash[TOKEN_HASH_LEN])
{
	unsigned char old[TOKEN_HASH_LEN];
	char hex[2 * TOKEN_HASH_LEN + 1];
	uint64_t id = 0;
	uint8_t key[8];
	enum store_rc rc;

	util_parse_u64(doc_str(doc, "tokenid"), &id);
	if (store_token_hash_of(doc, old) &&
	    (rc = store_del(t, STORE_DB_TOKENS_BY_HASH, old, TOKEN_HASH_LEN)) != STORE_OK &&
	    rc != STORE_ENOTFOUND)
		return rc;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	doc_set_str(doc, "hash", hex);
	codec_be64(id, key);
	if ((rc = store_put(t, STORE_DB_TOKENS_BY_HASH, hash, TOKEN_HASH_LEN, key, 8, false)) !=
	    STORE_OK)
		return rc;
	return store_doc_put(t, STORE_DB_TOKENS, id, doc);
}

enum store_rc
store_token_delete(struct store_txn *t, uint64_t tokenid)
{
	unsigned char hash[TOKEN_HASH_LEN];
	cJSON *doc;
	enum store_rc rc;

	if ((rc = store_doc_get(t, STORE_DB_TOKENS, tokenid, &doc)) != STORE_OK)
		return rc;
	if (store_token_hash_of(doc, hash) &&
	    (rc = store_del(t, STORE_DB_TOKENS_BY_HASH, hash, TOKEN_HASH_LEN)) == STORE_ENOTFOUND)
		rc = STORE_OK;
	cJSON_Delete(doc);
	return rc == STORE_OK ? store_del_id(t, STORE_DB_TOKENS, tokenid) : rc;
}

/* The tokens of a user (userid 0: all), by a scan of the tokens (O(tokens)). */
enum store_rc
store_token_list(struct store_txn *t, uint64_t userid, struct id_list *out)
{
	struct id_list all = { 0 };
	enum store_rc rc = store_id_scan(t, STORE_DB_TOKENS, &all);

	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		cJSON *doc;
		uint64_t uid = 0;

		if ((rc = store_doc_get(t, STORE_DB_TOKENS, all.ids[i], &doc)) != STORE_OK)
			break;
		util_parse_u64(doc_str(doc, "userid"), &uid);
		if (userid == 0 || uid == userid)
			id_list_add(out, all.ids[i]);
		cJSON_Delete(doc);
	}
	id_list_free(&all);
	return rc;
}
