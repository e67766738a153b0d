/* store_session.c: sessions keyed by their id, and the purge of expired ones. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_session_get(struct store_txn *t, const char *sid, struct session *s)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if (!session_id_wellformed(sid))
		return STORE_ENOTFOUND;
	if ((rc = store_get(t, STORE_DB_SESSIONS, sid, SESSION_ID_LEN, &v, &vlen)) != STORE_OK)
		return rc;
	if (session_decode(v, vlen, s) != 0)
		return STORE_ECORRUPT;
	/* The key matched in full (LMDB compares the whole key); keep the id on the record. */
	memcpy(s->sessionid, sid, SESSION_ID_LEN + 1);
	return STORE_OK;
}

enum store_rc
store_session_put(struct store_txn *t, const struct session *s)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	session_encode(s, &b);
	rc = store_put(t, STORE_DB_SESSIONS, s->sessionid, SESSION_ID_LEN, b.data, b.len, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_session_del(struct store_txn *t, const char *sid)
{
	if (!session_id_wellformed(sid))
		return STORE_ENOTFOUND;
	return store_del(t, STORE_DB_SESSIONS, sid, SESSION_ID_LEN);
}

/* Deletes every session that has expired at `now` (or whose user is gone). */
enum store_rc
store_session_purge(struct store_txn *t, uint64_t now, size_t *purged)
{
	struct store_cursor *c;
	struct session s;
	struct user u;
	const void *k, *v;
	size_t kl, vl, n = 0, cap = 0;
	char (*dead)[SESSION_ID_LEN + 1] = NULL;
	enum store_rc rc;

	*purged = 0;
	if ((rc = store_cursor_open(t, STORE_DB_SESSIONS, &c)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(c, &k, &kl, &v, &vl)) == STORE_OK) {
		bool gone = kl != SESSION_ID_LEN || session_decode(v, vl, &s) != 0;

		if (!gone) {
			/* only a user that is gone, not one that cannot be read now */
			enum store_rc urc;

			memset(&u, 0, sizeof u);
			urc = store_user_get(t, s.userid, &u);
			gone = urc == STORE_ENOTFOUND || (urc == STORE_OK &&
			    session_expired(&s, user_autologout_seconds(&u), now));
			user_free(&u);
		}
		if (gone && kl == SESSION_ID_LEN) {
			if (n == cap)
				dead = xrealloc(dead, (cap = cap ? cap * 2 : 16) * sizeof *dead);
			memcpy(dead[n], k, SESSION_ID_LEN);
			dead[n++][SESSION_ID_LEN] = '\0';
		}
	}
	store_cursor_close(c);
	if (rc == STORE_ENOTFOUND)
		rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		rc = store_del(t, STORE_DB_SESSIONS, dead[i], SESSION_ID_LEN);
	free(dead);
	if (rc == STORE_OK)
		*purged = n;
	return rc;
}
