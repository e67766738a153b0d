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

/* Writes m; an update (changed) leaves an unchanged record as it is. */
static enum store_rc
store_macro_put(struct store_txn *t, const struct macro *m, bool changed)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	macro_encode(m, &b);
	rc = changed ? store_put_id_changed(t, STORE_DB_MACROS, m->hostmacroid, &b) :
	    store_put_id(t, STORE_DB_MACROS, m->hostmacroid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_macro_update(struct store_txn *t, const struct macro *m)
{
	return store_macro_put(t, m, true);
}

enum store_rc
store_macro_ids_take(struct store_txn *t, size_t n, uint64_t *first)
{
	return store_seq_take(t, "hostmacro", n, first);
}

/* Indexes the macro under its host and writes it under the id it already has. */
enum store_rc
store_macro_create_at(struct store_txn *t, const struct macro *m)
{
	enum store_rc rc;

	if ((rc = store_pair_add(t, STORE_DB_HOST_MACROS, m->hostid, m->hostmacroid)) != STORE_OK)
		return rc;
	return store_macro_put(t, m, false);
}

enum store_rc
store_macro_create(struct store_txn *t, struct macro *m)
{
	enum store_rc rc;

	if ((rc = store_macro_ids_take(t, 1, &m->hostmacroid)) != STORE_OK)
		return rc;
	return store_macro_create_at(t, m);
}

/* The caller names the host the macro is stored under, so the record is not read first. */
enum store_rc
store_macro_delete(struct store_txn *t, uint64_t hostid, uint64_t id)
{
	uint8_t key[8];
	enum store_rc rc;

	rc = store_pair_del(t, STORE_DB_HOST_MACROS, hostid, id);
	if (rc == STORE_OK || rc == STORE_ENOTFOUND) {
		codec_be64(id, key);
		rc = store_del(t, STORE_DB_MACROS, key, 8);
	}
	return rc;
}

enum store_rc
store_macro_delete_all(struct store_txn *t, uint64_t hostid, const uint64_t *ids, size_t n)
{
	enum store_rc rc = store_pair_del_all(t, STORE_DB_HOST_MACROS, hostid);

	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		rc = store_del_id(t, STORE_DB_MACROS, ids[i]);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
	}
	return rc;
}

enum store_rc
store_host_macros(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_MACROS, hostid, out);
}
