/* store_valuemap.c: value maps with their host index and unique (hostid, name) index, kept in
 * the same transaction as the record. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* A name is at most 64 characters (256 bytes): hostid and name fit an LMDB key. */
#define VALUEMAP_KEY_MAX	(8 + 4 * VALUEMAP_NAME_LEN + 8)

struct valuemap_keybuf {
	uint8_t	 data[VALUEMAP_KEY_MAX];
	size_t	 len;
};

static void
store_valuemap_keybuf(uint64_t hostid, const char *name, struct valuemap_keybuf *k)
{
	size_t n = strlen(name);

	if (n > sizeof k->data - 8)
		n = sizeof k->data - 8;
	codec_be64(hostid, k->data);
	memcpy(k->data + 8, name, n);
	k->len = 8 + n;
}

enum store_rc
store_valuemap_get(struct store_txn *t, uint64_t id, struct valuemap *vm)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_VALUEMAPS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return valuemap_decode(v, vlen, vm) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_valuemap_by_name(struct store_txn *t, uint64_t hostid, const char *name, uint64_t *id)
{
	struct valuemap_keybuf k;
	const void *v;
	size_t vlen;
	enum store_rc rc;

	store_valuemap_keybuf(hostid, name, &k);
	if ((rc = store_get(t, STORE_DB_VALUEMAPS_BY_NAME, k.data, k.len, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

static enum store_rc
store_valuemap_put(struct store_txn *t, const struct valuemap *vm)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	valuemap_encode(vm, &b);
	rc = store_put_id(t, STORE_DB_VALUEMAPS, vm->valuemapid, &b, false);
	codec_buf_free(&b);
	return rc;
}

static enum store_rc
store_valuemap_name_put(struct store_txn *t, const struct valuemap *vm)
{
	struct valuemap_keybuf k;
	uint8_t id[8];

	store_valuemap_keybuf(vm->hostid, vm->name, &k);
	codec_be64(vm->valuemapid, id);
	return store_put(t, STORE_DB_VALUEMAPS_BY_NAME, k.data, k.len, id, 8, true);
}

static enum store_rc
store_valuemap_name_del(struct store_txn *t, const struct valuemap *vm)
{
	struct valuemap_keybuf k;
	enum store_rc rc;

	store_valuemap_keybuf(vm->hostid, vm->name, &k);
	rc = store_del(t, STORE_DB_VALUEMAPS_BY_NAME, k.data, k.len);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_valuemap_create(struct store_txn *t, struct valuemap *vm)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "valuemaps", &vm->valuemapid)) != STORE_OK)
		return rc;
	if ((rc = store_valuemap_name_put(t, vm)) != STORE_OK ||
	    (rc = store_pair_add(t, STORE_DB_HOST_VALUEMAPS, vm->hostid, vm->valuemapid)) != STORE_OK)
		return rc;
	return store_valuemap_put(t, vm);
}

/* The host never changes; a new name moves its index entry. */
enum store_rc
store_valuemap_update(struct store_txn *t, const struct valuemap *old, const struct valuemap *new)
{
	enum store_rc rc;

	if (strcmp(old->name, new->name) != 0 &&
	    ((rc = store_valuemap_name_del(t, old)) != STORE_OK ||
	    (rc = store_valuemap_name_put(t, new)) != STORE_OK))
		return rc;
	return store_valuemap_put(t, new);
}

enum store_rc
store_valuemap_delete(struct store_txn *t, uint64_t id)
{
	struct valuemap vm;
	enum store_rc rc;

	if ((rc = store_valuemap_get(t, id, &vm)) != STORE_OK)
		return rc;
	if ((rc = store_valuemap_name_del(t, &vm)) == STORE_OK &&
	    ((rc = store_pair_del(t, STORE_DB_HOST_VALUEMAPS, vm.hostid, id)) == STORE_OK ||
	    rc == STORE_ENOTFOUND))
		rc = store_del_id(t, STORE_DB_VALUEMAPS, id);
	valuemap_free(&vm);
	return rc;
}

enum store_rc
store_host_valuemaps(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_VALUEMAPS, hostid, out);
}

enum store_rc
store_host_drop_valuemaps(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_host_valuemaps(t, hostid, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++)
		rc = store_valuemap_delete(t, l.ids[i]);
	id_list_free(&l);
	return rc;
}
