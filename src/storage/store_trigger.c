/* store_trigger.c: triggers with their indexes (by host, by item, by identity on a host, by
 * template trigger, by the trigger depended on), all kept in the record's transaction. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

#define TRIGGER_ID_BASE		20000	/* where Zabbix's own trigger ids end */
#define FUNCTION_ID_BASE	30000

/* The identity index key: the host, then two 64-bit FNV-1a hashes of the identity. */
static void
trigger_keybuf(uint64_t hostid, const char *ikey, uint8_t out[24])
{
	uint64_t h1 = 1469598103934665603ULL, h2 = 14695981039346656037ULL ^ 0x5bd1e995ULL;

	for (const char *p = ikey; *p != '\0'; p++) {
		h1 = (h1 ^ (uint8_t)*p) * 1099511628211ULL;
		h2 = (h2 ^ (uint8_t)*p) * 1099511628211ULL + 0x9e3779b97f4a7c15ULL;
	}
	codec_be64(hostid, out);
	codec_be64(h1, out + 8);
	codec_be64(h2, out + 16);
}

/* The hosts of the trigger's items (each once, in function order) and its identity
 * (trigger_ikey). An item gone already counts as a key "" on no host. */
static enum store_rc
trigger_index_info(struct store_txn *t, const struct trigger *tr, struct id_list *hosts,
    char **ikey)
{
	char **keys = xcalloc(tr->nfn + 1, sizeof *keys);
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < tr->nfn; i++) {
		uint64_t hostid = tr->fn[i].key_hostid;

		/* a function that knows its item's key and host (struct trigger_fn) saves a read */
		if (tr->fn[i].key != NULL)
			keys[i] = xstrdup(tr->fn[i].key);
		else
			rc = store_item_field(t, tr->fn[i].itemid, ITEM_F_KEY, &hostid, &keys[i]);
		if (rc == STORE_OK)
			id_list_add_unique(hosts, hostid);
		else if (rc == STORE_ENOTFOUND) {
			keys[i] = xstrdup("");
			rc = STORE_OK;
		}
	}
	if (rc == STORE_OK)
		*ikey = trigger_ikey(tr, (const char *const *)keys);
	for (size_t i = 0; i < tr->nfn; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

enum store_rc
store_trigger_get(struct store_txn *t, uint64_t id, struct trigger *tr)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_TRIGGERS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return trigger_decode(v, vlen, tr) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_trigger_get_fields(struct store_txn *t, uint64_t id, struct trigger *tr)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_TRIGGERS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return trigger_decode_fields(v, vlen, tr) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_trigger_links(struct store_txn *t, uint64_t id, uint64_t *hostid, uint64_t *templateid)
{
	return store_record_links(t, STORE_DB_TRIGGERS, id, hostid, templateid);
}

enum store_rc
store_trigger_host_any(struct store_txn *t, uint64_t hostid, bool *any)
{
	return store_prefix_any(t, STORE_DB_TRIGGERS_BY_KEY, hostid, any);
}

enum store_rc
store_trigger_by_key(struct store_txn *t, uint64_t hostid, const char *ikey, uint64_t *id)
{
	uint8_t k[24];
	const void *v;
	size_t vlen;
	enum store_rc rc;

	trigger_keybuf(hostid, ikey, k);
	if ((rc = store_get(t, STORE_DB_TRIGGERS_BY_KEY, k, sizeof k, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

enum store_rc
store_trigger_function_ids(struct store_txn *t, size_t n, uint64_t *ids)
{
	uint64_t first;
	enum store_rc rc = n > 0 ? store_seq_take(t, "functions", n, &first) : STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		ids[i] = first + i + FUNCTION_ID_BASE;
	return rc;
}

enum store_rc
store_trigger_function_id(struct store_txn *t, uint64_t *id)
{
	enum store_rc rc = store_seq_next(t, "functions", id);

	*id += FUNCTION_ID_BASE;
	return rc;
}

static enum store_rc
pair_gone(enum store_rc rc)
{
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Adds (add) or removes the index entries that follow from what the trigger is (its hosts,
 * items and identity; keys_only: its identity only). */
static enum store_rc
trigger_index_self_keys(struct store_txn *t, const struct trigger *tr, bool add,
    bool keys_only)
{
	struct id_list hosts = { 0 };
	char *ikey = NULL;
	uint8_t k[24], id[8];
	enum store_rc rc = trigger_index_info(t, tr, &hosts, &ikey);

	codec_be64(tr->triggerid, id);
	for (size_t i = 0; rc == STORE_OK && i < hosts.n; i++) {
		trigger_keybuf(hosts.ids[i], ikey, k);
		if (!keys_only)
			rc = add ? store_pair_add(t, STORE_DB_HOST_TRIGGERS, hosts.ids[i],
			    tr->triggerid) : pair_gone(store_pair_del(t, STORE_DB_HOST_TRIGGERS,
			    hosts.ids[i], tr->triggerid));
		if (rc == STORE_OK)
			rc = add ? store_put(t, STORE_DB_TRIGGERS_BY_KEY, k, sizeof k, id, 8, false) :
			    pair_gone(store_del(t, STORE_DB_TRIGGERS_BY_KEY, k, sizeof k));
	}
	for (size_t i = 0; rc == STORE_OK && !keys_only && i < tr->nfn; i++)
		rc = add ? store_pair_add(t, STORE_DB_ITEM_TRIGGERS, tr->fn[i].itemid, tr->triggerid) :
		    pair_gone(store_pair_del(t, STORE_DB_ITEM_TRIGGERS, tr->fn[i].itemid,
		    tr->triggerid));
	free(ikey);
	id_list_free(&hosts);
	return rc;
}

static enum store_rc
trigger_index_self(struct store_txn *t, const struct trigger *tr, bool add)
{
	return trigger_index_self_keys(t, tr, add, false);
}

/* Adds (add) or removes the index entries of the trigger's links: the triggers it depends on
 * and the one it was copied from. */
static enum store_rc
trigger_index_links(struct store_txn *t, const struct trigger *tr, bool add)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < tr->deps.n; i++)
		rc = add ? store_pair_add(t, STORE_DB_TRIGGER_DEPENDENTS, tr->deps.ids[i],
		    tr->triggerid) : pair_gone(store_pair_del(t, STORE_DB_TRIGGER_DEPENDENTS,
		    tr->deps.ids[i], tr->triggerid));
	if (rc == STORE_OK && tr->templateid != 0)
		rc = add ? store_pair_add(t, STORE_DB_TRIGGER_COPIES, tr->templateid, tr->triggerid) :
		    pair_gone(store_pair_del(t, STORE_DB_TRIGGER_COPIES, tr->templateid,
		    tr->triggerid));
	return rc;
}

/* The link index entries that differ between old and new, moved: the dependencies only one
 * of them has, and the copy pair when templateid changed (an unchanged entry stays put). */
static enum store_rc
trigger_index_links_moved(struct store_txn *t, const struct trigger *old,
    const struct trigger *new)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < old->deps.n; i++)
		if (!id_list_has(&new->deps, old->deps.ids[i]))
			rc = pair_gone(store_pair_del(t, STORE_DB_TRIGGER_DEPENDENTS, old->deps.ids[i],
			    old->triggerid));
	for (size_t i = 0; rc == STORE_OK && i < new->deps.n; i++)
		if (!id_list_has(&old->deps, new->deps.ids[i]))
			rc = store_pair_add(t, STORE_DB_TRIGGER_DEPENDENTS, new->deps.ids[i],
			    new->triggerid);
	if (rc != STORE_OK || old->templateid == new->templateid)
		return rc;
	if (old->templateid != 0)
		rc = pair_gone(store_pair_del(t, STORE_DB_TRIGGER_COPIES, old->templateid,
		    old->triggerid));
	if (rc == STORE_OK && new->templateid != 0)
		rc = store_pair_add(t, STORE_DB_TRIGGER_COPIES, new->templateid, new->triggerid);
	return rc;
}

static enum store_rc
trigger_index(struct store_txn *t, const struct trigger *tr, bool add)
{
	enum store_rc rc = trigger_index_self(t, tr, add);

	return rc == STORE_OK ? trigger_index_links(t, tr, add) : rc;
}

/* Whether two versions of a trigger are the same trigger: description, expressions and the
 * items of their functions. */
static bool
trigger_same_self(const struct trigger *a, const struct trigger *b)
{
	static const enum trigger_field f[] = { TRIGGER_F_DESCRIPTION, TRIGGER_F_EXPRESSION,
		TRIGGER_F_RECOVERY_EXPRESSION };

	if (a->nfn != b->nfn)
		return false;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strcmp(a->f[f[i]], b->f[f[i]]) != 0)
			return false;
	for (size_t i = 0; i < a->nfn; i++)
		if (a->fn[i].itemid != b->fn[i].itemid || a->fn[i].functionid != b->fn[i].functionid)
			return false;
	return true;
}

static enum store_rc
trigger_put(struct store_txn *t, const struct trigger *tr)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	trigger_encode(tr, &b);
	rc = store_put_id(t, STORE_DB_TRIGGERS, tr->triggerid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_trigger_create(struct store_txn *t, struct trigger *tr)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "triggers", &tr->triggerid)) != STORE_OK)
		return rc;
	tr->triggerid += TRIGGER_ID_BASE;
	if ((rc = trigger_index(t, tr, true)) != STORE_OK)
		return rc;
	return trigger_put(t, tr);
}

enum store_rc
store_trigger_update(struct store_txn *t, const struct trigger *old, const struct trigger *new)
{
	bool self = !trigger_same_self(old, new);
	enum store_rc rc;

	if ((self && (rc = trigger_index_self(t, old, false)) != STORE_OK) ||
	    (self && (rc = trigger_index_self(t, new, true)) != STORE_OK) ||
	    (rc = trigger_index_links_moved(t, old, new)) != STORE_OK)
		return rc;
	return trigger_put(t, new);
}

/* The trigger without the dependency on up (its record rewritten). */
static enum store_rc
trigger_drop_dep(struct store_txn *t, uint64_t id, uint64_t up)
{
	struct trigger cur, next;
	enum store_rc rc = store_trigger_get(t, id, &cur);

	if (rc != STORE_OK)
		return pair_gone(rc);
	trigger_dup(&next, &cur);
	id_list_remove(&next.deps, up);
	rc = store_trigger_update(t, &cur, &next);
	trigger_free(&cur);
	trigger_free(&next);
	return rc;
}

/* One trigger: its indexes, the dependencies on it, its record. */
static enum store_rc
trigger_delete_one(struct store_txn *t, uint64_t id)
{
	struct id_list down = { 0 };
	struct trigger tr;
	enum store_rc rc = store_trigger_get(t, id, &tr);

	if (rc != STORE_OK)
		return rc;
	if ((rc = trigger_index(t, &tr, false)) == STORE_OK)
		rc = store_pair_list(t, STORE_DB_TRIGGER_DEPENDENTS, id, &down);
	for (size_t i = 0; rc == STORE_OK && i < down.n; i++)
		rc = trigger_drop_dep(t, down.ids[i], id);
	if (rc == STORE_OK && (rc = store_pair_del_all(t, STORE_DB_TRIGGER_DEPENDENTS, id)) ==
	    STORE_OK && (rc = store_pair_del_all(t, STORE_DB_TRIGGER_COPIES, id)) == STORE_OK)
		rc = store_del_id(t, STORE_DB_TRIGGERS, id);
	id_list_free(&down);
	trigger_free(&tr);
	return rc;
}

enum store_rc
store_trigger_delete_tree(struct store_txn *t, uint64_t id)
{
	struct id_list waiting = { 0 };
	enum store_rc rc = STORE_OK;

	id_list_add(&waiting, id);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		rc = store_pair_list(t, STORE_DB_TRIGGER_COPIES, waiting.ids[i], &waiting);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		rc = pair_gone(trigger_delete_one(t, waiting.ids[i]));
	id_list_free(&waiting);
	return rc;
}

enum store_rc
store_host_triggers(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_TRIGGERS, hostid, out);
}

enum store_rc
store_trigger_copies(struct store_txn *t, uint64_t id, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_TRIGGER_COPIES, id, out);
}

enum store_rc
store_item_triggers(struct store_txn *t, uint64_t itemid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_ITEM_TRIGGERS, itemid, out);
}

enum store_rc
store_trigger_dependents(struct store_txn *t, uint64_t id, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_TRIGGER_DEPENDENTS, id, out);
}

enum store_rc
store_trigger_drop_item(struct store_txn *t, uint64_t itemid)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_item_triggers(t, itemid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = store_trigger_delete_tree(t, ids.ids[i]);
	id_list_free(&ids);
	return rc;
}

enum store_rc
store_trigger_item_rekey(struct store_txn *t, uint64_t itemid, bool add)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_item_triggers(t, itemid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct trigger tr;

		if ((rc = store_trigger_get(t, ids.ids[i], &tr)) != STORE_OK)
			break;
		rc = trigger_index_self_keys(t, &tr, add, true);
		trigger_free(&tr);
	}
	id_list_free(&ids);
	return rc;
}

/* The trigger prototypes of an LLD rule (those using its item prototypes), appended. */
enum store_rc
store_rule_triggers(struct store_txn *txn, uint64_t ruleid, struct id_list *out)
{
	struct id_list protos = { 0 }, ids = { 0 };
	enum store_rc rc = store_rule_protos(txn, ruleid, &protos);

	for (size_t i = 0; rc == STORE_OK && i < protos.n; i++)
		rc = store_item_triggers(txn, protos.ids[i], &ids);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if (!id_list_has(out, ids.ids[i]))
			id_list_add(out, ids.ids[i]);
	id_list_free(&protos);
	id_list_free(&ids);
	return rc;
}
