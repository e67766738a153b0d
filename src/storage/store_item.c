/* store_item.c: items with their host, unique (hostid, key_) and inherited-copy indexes, and
 * host interfaces; every index is kept in the same transaction as its record. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* LMDB keys are at most 511 bytes: a long key_ is cut and followed by a hash of it. */
#define ITEM_KEY_CUT	400

struct item_keybuf {
	uint8_t	 data[8 + ITEM_KEY_CUT + 8];
	size_t	 len;
};

static void
store_item_keybuf(uint64_t hostid, const char *key, struct item_keybuf *k)
{
	size_t n = strlen(key);
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	codec_be64(hostid, k->data);
	if (n <= ITEM_KEY_CUT + 8) {
		memcpy(k->data + 8, key, n);
		k->len = 8 + n;
		return;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)key[i]) * 1099511628211ULL;
	memcpy(k->data + 8, key, ITEM_KEY_CUT);
	codec_be64(h, k->data + 8 + ITEM_KEY_CUT);
	k->len = 8 + ITEM_KEY_CUT + 8;
}

enum store_rc
store_item_get_record(struct store_txn *t, uint64_t itemid, struct item *it)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_ITEMS, itemid, &v, &vlen)) != STORE_OK)
		return rc;
	return item_decode(v, vlen, it) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_item_get_fields(struct store_txn *t, uint64_t itemid, struct item *it)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_ITEMS, itemid, &v, &vlen)) != STORE_OK)
		return rc;
	return item_decode_fields(v, vlen, it) == 0 ? STORE_OK : STORE_ECORRUPT;
}

static enum store_rc
store_item_get_steps(struct store_txn *t, uint64_t itemid, struct item *it)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_item_get_record(t, itemid, it)) != STORE_OK)
		return rc;
	if ((rc = store_get_id(t, STORE_DB_ITEM_PREPROC, itemid, &v, &vlen)) == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc == STORE_OK && preproc_list_decode(v, vlen, &it->pp) != 0)
		rc = STORE_ECORRUPT;
	if (rc != STORE_OK)
		item_free(it);
	return rc;
}

/* An item's stored parts: the record, its steps, an LLD rule's or prototype's document. */
static enum store_rc
store_item_load(struct store_txn *t, uint64_t itemid, struct item *it)
{
	enum store_rc rc = store_item_get_steps(t, itemid, it);

	if (rc == STORE_OK && (rc = store_lld_doc_load(t, it)) != STORE_OK)
		item_free(it);
	return rc;
}

enum store_rc
store_item_get(struct store_txn *t, uint64_t itemid, struct item *it)
{
	return store_item_load(t, itemid, it);
}

/* The item's steps: written when it has some, deleted when it has none. */
static enum store_rc
store_item_pp_put(struct store_txn *t, const struct item *it)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if (it->pp.n == 0) {
		rc = store_del_id(t, STORE_DB_ITEM_PREPROC, it->itemid);
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	}
	preproc_list_encode(&it->pp, &b);
	rc = store_put_id(t, STORE_DB_ITEM_PREPROC, it->itemid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_item_by_key(struct store_txn *t, uint64_t hostid, const char *key, uint64_t *id)
{
	struct item_keybuf k;
	const void *v;
	size_t vlen;
	enum store_rc rc;

	store_item_keybuf(hostid, key, &k);
	if ((rc = store_get(t, STORE_DB_ITEMS_BY_KEY, k.data, k.len, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

static enum store_rc
store_item_put(struct store_txn *t, const struct item *it)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	item_encode(it, &b);
	rc = store_put_id(t, STORE_DB_ITEMS, it->itemid, &b, false);
	codec_buf_free(&b);
	if (rc == STORE_OK)
		rc = store_item_pp_put(t, it);
	return rc == STORE_OK ? store_lld_doc_put(t, it) : rc;
}

/* it's key in the index: held (its id), or, for an item prototype whose key another item
 * holds, shared under the holder. */
static enum store_rc
store_item_key_put(struct store_txn *t, const struct item *it)
{
	struct item_keybuf k;
	uint8_t id[8];
	uint64_t holder;
	enum store_rc rc;

	store_item_keybuf(it->hostid, it->f[ITEM_F_KEY], &k);
	codec_be64(it->itemid, id);
	rc = store_put(t, STORE_DB_ITEMS_BY_KEY, k.data, k.len, id, 8, true);
	if (rc != STORE_EEXIST || !item_has_flags(it, ITEM_FLAGS_PROTO))
		return rc;
	if ((rc = store_item_by_key(t, it->hostid, it->f[ITEM_F_KEY], &holder)) != STORE_OK)
		return rc;
	return store_pair_add(t, STORE_DB_ITEM_KEY_SHARERS, holder, it->itemid);
}

/* The holder's key handed to its first sharer (the others share it with that one then), or
 * dropped when there is none. */
static enum store_rc
store_item_key_pass(struct store_txn *t, const struct item *it)
{
	struct item_keybuf k;
	struct id_list sh = { 0 };
	uint8_t id[8];
	enum store_rc rc = store_pair_list(t, STORE_DB_ITEM_KEY_SHARERS, it->itemid, &sh);

	store_item_keybuf(it->hostid, it->f[ITEM_F_KEY], &k);
	if (rc == STORE_OK && sh.n == 0) {
		rc = store_del(t, STORE_DB_ITEMS_BY_KEY, k.data, k.len);
		rc = rc == STORE_ENOTFOUND ? STORE_OK : rc;
	} else if (rc == STORE_OK) {
		codec_be64(sh.ids[0], id);
		if ((rc = store_put(t, STORE_DB_ITEMS_BY_KEY, k.data, k.len, id, 8, false)) ==
		    STORE_OK)
			rc = store_pair_del_all(t, STORE_DB_ITEM_KEY_SHARERS, it->itemid);
		for (size_t i = 1; rc == STORE_OK && i < sh.n; i++)
			rc = store_pair_add(t, STORE_DB_ITEM_KEY_SHARERS, sh.ids[0], sh.ids[i]);
	}
	id_list_free(&sh);
	return rc;
}

/* it's key out of the index (the holder's passed on, a sharer's pair dropped). */
static enum store_rc
store_item_key_del(struct store_txn *t, const struct item *it)
{
	uint64_t holder;
	enum store_rc rc = store_item_by_key(t, it->hostid, it->f[ITEM_F_KEY], &holder);

	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if (holder == it->itemid)
		return store_item_key_pass(t, it);
	rc = store_pair_del(t, STORE_DB_ITEM_KEY_SHARERS, holder, it->itemid);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* The key's holder on the host and its sharers, holder first. */
static enum store_rc
store_item_key_group(struct store_txn *t, uint64_t hostid, const char *key, struct id_list *out)
{
	uint64_t holder;
	enum store_rc rc = store_item_by_key(t, hostid, key, &holder);

	if (rc != STORE_OK)
		return rc;
	id_list_add(out, holder);
	return store_pair_list(t, STORE_DB_ITEM_KEY_SHARERS, holder, out);
}

enum store_rc
store_item_by_key_for(struct store_txn *t, uint64_t hostid, const char *key, uint64_t copy_of,
    uint64_t *id)
{
	struct id_list g = { 0 };
	uint64_t h, tid;
	enum store_rc rc = store_item_key_group(t, hostid, key, &g);

	for (size_t i = 0; rc == STORE_OK && i < g.n; i++) {
		if (i == 0 || g.ids[i] > *id)
			*id = g.ids[i];
		if (copy_of != 0 && g.n > 1 && (rc = store_item_links(t, g.ids[i], &h, &tid)) ==
		    STORE_OK && tid == copy_of) {
			*id = g.ids[i];
			break;
		}
	}
	id_list_free(&g);
	return rc;
}

enum store_rc
store_item_proto_by_key(struct store_txn *t, uint64_t hostid, uint64_t ruleid, const char *key,
    uint64_t *id)
{
	struct id_list cand = { 0 }, protos = { 0 };
	enum store_rc rc = store_item_key_group(t, hostid, key, &cand);

	if (rc == STORE_OK)
		rc = store_rule_protos(t, ruleid, &protos);
	if (rc == STORE_OK)
		rc = STORE_ENOTFOUND;
	for (size_t i = 0; rc == STORE_ENOTFOUND && i < cand.n; i++)
		for (size_t j = 0; rc == STORE_ENOTFOUND && j < protos.n; j++)
			if (cand.ids[i] == protos.ids[j]) {
				*id = cand.ids[i];
				rc = STORE_OK;
			}
	id_list_free(&cand);
	id_list_free(&protos);
	return rc;
}

enum store_rc
store_item_create(struct store_txn *t, struct item *it)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "items", &it->itemid)) != STORE_OK)
		return rc;
	it->itemid += 40000;	/* where Zabbix's item ids start after its own templates */
	if ((rc = store_item_key_put(t, it)) != STORE_OK ||
	    (rc = item_is_lld(it) ? store_lld_index(t, it, true) :
	    store_pair_add(t, STORE_DB_HOST_ITEMS, it->hostid, it->itemid)) != STORE_OK)
		return rc;
	if (it->templateid != 0 &&
	    (rc = store_pair_add(t, STORE_DB_ITEM_COPIES, it->templateid, it->itemid)) != STORE_OK)
		return rc;
	return store_item_put(t, it);
}

enum store_rc
store_item_update(struct store_txn *t, const struct item *old, const struct item *new)
{
	bool rekey = strcmp(old->f[ITEM_F_KEY], new->f[ITEM_F_KEY]) != 0;
	enum store_rc rc = STORE_OK;

	if (rekey) {
		if ((rc = store_trigger_item_rekey(t, old->itemid, false)) != STORE_OK ||
		    (rc = store_item_key_put(t, new)) != STORE_OK ||
		    (rc = store_item_key_del(t, old)) != STORE_OK)
			return rc;
	}
	if (old->templateid != new->templateid) {
		if (old->templateid != 0)
			rc = store_pair_del(t, STORE_DB_ITEM_COPIES, old->templateid, old->itemid);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
		if (rc == STORE_OK && new->templateid != 0)
			rc = store_pair_add(t, STORE_DB_ITEM_COPIES, new->templateid, new->itemid);
		if (rc != STORE_OK)
			return rc;
	}
	if ((rc = store_item_put(t, new)) != STORE_OK || !rekey)
		return rc;
	return store_trigger_item_rekey(t, new->itemid, true);
}

/* One item and its index entries; the items inherited from it are the caller's. */
static enum store_rc
store_item_delete_one(struct store_txn *t, uint64_t itemid)
{
	struct item it;
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_hostproto_delete_rule(t, itemid)) != STORE_OK ||
	    (rc = store_trigger_drop_item(t, itemid)) != STORE_OK ||
	    (rc = store_item_get(t, itemid, &it)) != STORE_OK)
		return rc;
	if ((rc = store_graph_item_gone(t, itemid)) != STORE_OK) {
		item_free(&it);
		return rc;
	}
	codec_be64(itemid, key);
	if ((rc = store_dashboard_forget(t, it.hostid, DASHBOARD_FIELD_ITEM, itemid)) == STORE_OK &&
	    (rc = store_dashboard_forget(t, it.hostid, DASHBOARD_FIELD_ITEM_PROTOTYPE, itemid)) ==
	    STORE_OK && (rc = store_item_key_del(t, &it)) == STORE_OK &&
	    (rc = item_is_lld(&it) ? store_lld_index(t, &it, false) :
	    store_pair_del(t, STORE_DB_HOST_ITEMS, it.hostid, itemid)) == STORE_OK &&
	    (rc = store_pair_del_all(t, STORE_DB_ITEM_COPIES, itemid)) == STORE_OK) {
		if (it.templateid != 0)
			rc = store_pair_del(t, STORE_DB_ITEM_COPIES, it.templateid, itemid);
		if (rc == STORE_OK || rc == STORE_ENOTFOUND)
			rc = store_del(t, STORE_DB_ITEMS, key, 8);
		if (rc == STORE_OK && (rc = store_del(t, STORE_DB_ITEM_PREPROC, key, 8)) ==
		    STORE_ENOTFOUND)
			rc = STORE_OK;
	}
	item_free(&it);
	return rc;
}

enum store_rc
store_item_delete_tree(struct store_txn *t, uint64_t itemid)
{
	struct id_list waiting = { 0 };
	enum store_rc rc = STORE_OK;

	struct id_set seen = { 0 };

	/* the copies on every level, and an LLD rule's prototypes (a copy of a prototype is a
	 * prototype of a copy of the rule: listed once) */
	id_list_add(&waiting, itemid);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		if ((rc = store_pair_list(t, STORE_DB_ITEM_COPIES, waiting.ids[i], &waiting)) ==
		    STORE_OK)
			rc = store_pair_list(t, STORE_DB_RULE_PROTOS, waiting.ids[i], &waiting);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		if (id_set_add(&seen, waiting.ids[i]))
			rc = store_item_delete_one(t, waiting.ids[i]);
	id_list_free(&waiting);
	id_set_free(&seen);
	return rc;
}

enum store_rc
store_host_items(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_ITEMS, hostid, out);
}

enum store_rc
store_item_copies(struct store_txn *t, uint64_t itemid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_ITEM_COPIES, itemid, out);
}

/* An item already deleted as a copy of another of the host's items is skipped. */
enum store_rc
store_host_drop_items(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_host_items(t, hostid, &l);

	if (rc == STORE_OK)
		rc = store_host_rules(t, hostid, &l);
	for (size_t i = 0; rc == STORE_OK && i < l.n; i++) {
		rc = store_item_delete_tree(t, l.ids[i]);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
	}
	id_list_free(&l);
	return rc;
}

/* ---- host interfaces ---- */

enum store_rc
store_interface_get(struct store_txn *t, uint64_t id, struct hostinterface *hi)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_INTERFACES, id, &v, &vlen)) != STORE_OK)
		return rc;
	return hostinterface_decode(v, vlen, hi) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_interface_create(struct store_txn *t, struct hostinterface *hi)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if ((rc = store_seq_next(t, "interfaces", &hi->interfaceid)) != STORE_OK)
		return rc;
	if ((rc = store_pair_add(t, STORE_DB_HOST_INTERFACES, hi->hostid,
	    hi->interfaceid)) != STORE_OK)
		return rc;
	hostinterface_encode(hi, &b);
	rc = store_put_id(t, STORE_DB_INTERFACES, hi->interfaceid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_host_interfaces(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_INTERFACES, hostid, out);
}

enum store_rc
store_host_drop_interfaces(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	uint8_t key[8];
	enum store_rc rc = store_host_interfaces(t, hostid, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++) {
		codec_be64(l.ids[i], key);
		if ((rc = store_del(t, STORE_DB_INTERFACES, key, 8)) == STORE_OK)
			rc = store_interface_snmp_del(t, l.ids[i]);
	}
	id_list_free(&l);
	return rc == STORE_OK ? store_pair_del_all(t, STORE_DB_HOST_INTERFACES, hostid) : rc;
}

enum store_rc
store_item_host_any(struct store_txn *t, uint64_t hostid, bool *any)
{
	return store_prefix_any(t, STORE_DB_ITEMS_BY_KEY, hostid, any);
}

enum store_rc
store_item_tags(struct store_txn *t, uint64_t itemid, uint64_t *hostid, struct tag_list *tags)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	memset(tags, 0, sizeof *tags);
	if ((rc = store_get_id(t, STORE_DB_ITEMS, itemid, &v, &vlen)) != STORE_OK)
		return rc;
	return item_decode_tags(v, vlen, hostid, tags) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_item_field(struct store_txn *t, uint64_t itemid, enum item_field f, uint64_t *hostid,
    char **value)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	*value = NULL;
	if ((rc = store_get_id(t, STORE_DB_ITEMS, itemid, &v, &vlen)) != STORE_OK)
		return rc;
	return item_decode_field(v, vlen, f, hostid, value) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_record_links(struct store_txn *t, enum store_db db, uint64_t id, uint64_t *hostid,
    uint64_t *templateid)
{
	const void *v;
	size_t vlen;
	enum store_rc rc = store_get_id(t, db, id, &v, &vlen);

	if (rc == STORE_OK && codec_get_head(v, vlen, hostid, templateid) != 0)
		rc = STORE_ECORRUPT;
	return rc;
}

enum store_rc
store_item_links(struct store_txn *t, uint64_t itemid, uint64_t *hostid, uint64_t *templateid)
{
	return store_record_links(t, STORE_DB_ITEMS, itemid, hostid, templateid);
}
