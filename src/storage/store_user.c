/* store_user.c: users by id, with a unique index by username. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_user_get(struct store_txn *t, uint64_t userid, struct user *u)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_USERS, userid, &v, &vlen)) != STORE_OK)
		return rc;
	return user_decode(v, vlen, u) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_user_by_name(struct store_txn *t, const char *username, struct user *u)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	rc = store_get(t, STORE_DB_USERS_BY_NAME, username, strlen(username), &v, &vlen);
	if (rc != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	return store_user_get(t, codec_from_be64(v), u);
}

enum store_rc
store_user_put(struct store_txn *t, const struct user *u)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	user_encode(u, &b);
	rc = store_put_id(t, STORE_DB_USERS, u->userid, &b, false);
	codec_buf_free(&b);
	return rc;
}

/* Assigns u->userid from the "users" sequence; STORE_EEXIST if the name is taken. */
enum store_rc
store_user_create(struct store_txn *t, struct user *u)
{
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_seq_next(t, "users", &u->userid)) != STORE_OK)
		return rc;
	codec_be64(u->userid, key);
	rc = store_put(t, STORE_DB_USERS_BY_NAME, u->username, strlen(u->username), key, 8,
	    true);
	if (rc != STORE_OK)
		return rc;
	return store_user_put(t, u);
}

enum store_rc
store_user_count(struct store_txn *t, size_t *n)
{
	struct store_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	enum store_rc rc;

	*n = 0;
	if ((rc = store_cursor_open(t, STORE_DB_USERS, &c)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(c, &k, &kl, &v, &vl)) == STORE_OK)
		(*n)++;
	store_cursor_close(c);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}
