/* store_login.c: failed logins counted per user and client address (the key is the user's
 * be64 id then the address), so that one address cannot block a user everywhere. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

#define LOGIN_ADDR_MAX	64		/* longer addresses are cut (IPv6 text fits) */
#define LOGIN_VAL_LEN	12		/* u32 failures, u64 clock; big-endian */

static size_t
login_key(uint64_t userid, const char *ip, uint8_t key[8 + LOGIN_ADDR_MAX])
{
	size_t n = strnlen(ip, LOGIN_ADDR_MAX);

	codec_be64(userid, key);
	memcpy(key + 8, ip, n);
	return 8 + n;
}

enum store_rc
store_login_fails_get(struct store_txn *t, uint64_t userid, const char *ip, uint32_t *failed,
    uint64_t *clock)
{
	uint8_t key[8 + LOGIN_ADDR_MAX];
	const uint8_t *v;
	const void *raw;
	size_t vl;
	enum store_rc rc;

	*failed = 0;
	*clock = 0;
	rc = store_get(t, STORE_DB_LOGIN_FAILS, key, login_key(userid, ip, key), &raw, &vl);
	if (rc != STORE_OK)
		return rc;
	if (vl != LOGIN_VAL_LEN)
		return STORE_ECORRUPT;
	v = raw;
	*failed = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
	*clock = codec_from_be64(v + 4);
	return STORE_OK;
}

enum store_rc
store_login_fails_put(struct store_txn *t, uint64_t userid, const char *ip, uint32_t failed,
    uint64_t clock)
{
	uint8_t key[8 + LOGIN_ADDR_MAX], v[LOGIN_VAL_LEN];

	v[0] = (uint8_t)(failed >> 24);
	v[1] = (uint8_t)(failed >> 16);
	v[2] = (uint8_t)(failed >> 8);
	v[3] = (uint8_t)failed;
	codec_be64(clock, v + 4);
	return store_put(t, STORE_DB_LOGIN_FAILS, key, login_key(userid, ip, key), v, sizeof v,
	    false);
}

enum store_rc
store_login_fails_del(struct store_txn *t, uint64_t userid, const char *ip)
{
	uint8_t key[8 + LOGIN_ADDR_MAX];
	enum store_rc rc = store_del(t, STORE_DB_LOGIN_FAILS, key, login_key(userid, ip, key));

	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Deletes every count that dead(key, klen, value, vlen, arg) says to (collected first, then
 * deleted: no write while the cursor is open); *n of them. */
static enum store_rc
login_fails_delete(struct store_txn *t, bool (*dead_fn)(const uint8_t *, size_t,
    const uint8_t *, size_t, const void *), const void *arg, size_t *count)
{
	struct store_cursor *c;
	const void *k, *v;
	size_t kl, vl, n = 0, cap = 0;
	struct { uint8_t key[8 + LOGIN_ADDR_MAX]; size_t len; } *dead = NULL;
	enum store_rc rc;

	*count = 0;
	if ((rc = store_cursor_open(t, STORE_DB_LOGIN_FAILS, &c)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(c, &k, &kl, &v, &vl)) == STORE_OK) {
		if (kl > sizeof dead->key || !dead_fn(k, kl, v, vl, arg))
			continue;
		if (n == cap)
			dead = xrealloc(dead, (cap = cap ? cap * 2 : 16) * sizeof *dead);
		memcpy(dead[n].key, k, kl);
		dead[n++].len = kl;
	}
	store_cursor_close(c);
	if (rc == STORE_ENOTFOUND)
		rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		rc = store_del(t, STORE_DB_LOGIN_FAILS, dead[i].key, dead[i].len);
	free(dead);
	if (rc == STORE_OK)
		*count = n;
	return rc;
}

/* A count last written before *(uint64_t *)arg (or unreadable). */
static bool
login_fails_older(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl, const void *arg)
{
	(void)k;
	(void)kl;
	return vl != LOGIN_VAL_LEN || codec_from_be64(v + 4) < *(const uint64_t *)arg;
}

/* A count of the user *(uint64_t *)arg. */
static bool
login_fails_of_user(const uint8_t *k, size_t kl, const uint8_t *v, size_t vl, const void *arg)
{
	(void)v;
	(void)vl;
	return kl >= 8 && codec_from_be64(k) == *(const uint64_t *)arg;
}

enum store_rc
store_login_fails_purge(struct store_txn *t, uint64_t before, size_t *purged)
{
	return login_fails_delete(t, login_fails_older, &before, purged);
}

/* Every failure count of one user, at any address (user.unblock). A scan of the counts. */
enum store_rc
store_login_fails_clear(struct store_txn *t, uint64_t userid)
{
	size_t n;

	return login_fails_delete(t, login_fails_of_user, &userid, &n);
}
