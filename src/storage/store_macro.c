/* store_macro.c: host and template user macros, with the host -> macros index. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_macro_get(struct store_txn *t, uint64_t id, struct macro *m)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_MACROS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return macro_decode(v, vlen, m) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_macro_update(struct store_txn *t, const struct macro *m)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	macro_encode(m, &b);
	rc = store_put_id(t, STORE_DB_MACROS, m->hostmacroid, &b, false);
	codec_buf_free(&b);
	return rc;
}

/* Assigns m->hostmacroid and indexes the macro under its host. */
enum store_rc
store_macro_create(struct store_txn *t, struct macro *m)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "hostmacro", &m->hostmacroid)) != STORE_OK)
		return rc;
	if ((rc = store_pair_add(t, STORE_DB_HOST_MACROS, m->hostid, m->hostmacroid)) != STORE_OK)
		return rc;
	return store_macro_update(t, m);
}

enum store_rc
store_macro_delete(struct store_txn *t, uint64_t id)
{
	struct macro m;
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_macro_get(t, id, &m)) != STORE_OK)
		return rc;
	rc = store_pair_del(t, STORE_DB_HOST_MACROS, m.hostid, id);
	if (rc == STORE_OK || rc == STORE_ENOTFOUND) {
		codec_be64(id, key);
		rc = store_del(t, STORE_DB_MACROS, key, 8);
	}
	macro_free(&m);
	return rc;
}

enum store_rc
store_host_macros(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_MACROS, hostid, out);
}
