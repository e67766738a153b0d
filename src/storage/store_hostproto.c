/* store_hostproto.c: host prototype documents, their index by discovery rule and by template
 * prototype, and the records the inheritance engine copies. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* An id member of a prototype document (0 when it has none). */
static uint64_t
store_hostproto_id(const cJSON *doc, const char *key)
{
	uint64_t id = 0;

	util_parse_u64(doc_str(doc, key), &id);
	return id;
}

/* The index entries of a document: added, or removed (one that is gone is fine). */
static enum store_rc
store_hostproto_index(struct store_txn *t, uint64_t id, const cJSON *doc, bool add)
{
	uint64_t ruleid = store_hostproto_id(doc, "ruleid"),
	    tid = store_hostproto_id(doc, "templateid");
	enum store_rc rc = add ? store_pair_add(t, STORE_DB_RULE_HOSTPROTOS, ruleid, id) :
	    store_pair_del(t, STORE_DB_RULE_HOSTPROTOS, ruleid, id);

	if ((rc == STORE_OK || rc == STORE_ENOTFOUND) && tid != 0)
		rc = add ? store_pair_add(t, STORE_DB_HOSTPROTO_COPIES, tid, id) :
		    store_pair_del(t, STORE_DB_HOSTPROTO_COPIES, tid, id);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_hostproto_put(struct store_txn *t, uint64_t id, const cJSON *doc)
{
	cJSON *old;
	enum store_rc rc = store_doc_get(t, STORE_DB_HOSTPROTOS, id, &old);

	if (rc == STORE_OK) {
		rc = store_hostproto_index(t, id, old, false);
		cJSON_Delete(old);
	}
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	if ((rc = store_doc_put(t, STORE_DB_HOSTPROTOS, id, doc)) != STORE_OK)
		return rc;
	return store_hostproto_index(t, id, doc, true);
}

enum store_rc
store_hostproto_delete(struct store_txn *t, uint64_t id)
{
	struct id_list copies = { 0 };
	cJSON *doc;
	enum store_rc rc = store_doc_get(t, STORE_DB_HOSTPROTOS, id, &doc);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	rc = store_hostproto_copies(t, id, &copies);
	for (size_t i = 0; rc == STORE_OK && i < copies.n; i++)
		rc = store_hostproto_delete(t, copies.ids[i]);
	id_list_free(&copies);
	if (rc == STORE_OK)
		rc = store_hostproto_index(t, id, doc, false);
	cJSON_Delete(doc);
	if (rc == STORE_OK)
		rc = store_pair_del_all(t, STORE_DB_HOSTPROTO_COPIES, id);
	return rc == STORE_OK ? store_del_id(t, STORE_DB_HOSTPROTOS, id) : rc;
}

enum store_rc
store_hostproto_list(struct store_txn *t, uint64_t ruleid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_RULE_HOSTPROTOS, ruleid, out);
}

enum store_rc
store_hostproto_delete_rule(struct store_txn *t, uint64_t ruleid)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_hostproto_list(t, ruleid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = store_hostproto_delete(t, ids.ids[i]);
	id_list_free(&ids);
	return rc;
}

enum store_rc
store_hostproto_get(struct store_txn *t, uint64_t id, struct hostproto *h)
{
	struct item it;
	enum store_rc rc;

	memset(h, 0, sizeof *h);
	if ((rc = store_doc_get(t, STORE_DB_HOSTPROTOS, id, &h->doc)) != STORE_OK)
		return rc;
	if ((rc = store_item_get(t, store_hostproto_id(h->doc, "ruleid"), &it)) != STORE_OK) {
		hostproto_free(h);
		return rc == STORE_ENOTFOUND ? STORE_ECORRUPT : rc;
	}
	h->hostid = id;
	h->parentid = it.hostid;
	h->templateid = store_hostproto_id(h->doc, "templateid");
	hostproto_set_key(h, it.f[ITEM_F_KEY]);
	item_free(&it);
	return STORE_OK;
}

enum store_rc
store_hostproto_host_ids(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	struct id_list rules = { 0 };
	enum store_rc rc = store_host_rules(t, hostid, &rules);

	for (size_t i = 0; rc == STORE_OK && i < rules.n; i++)
		rc = store_hostproto_list(t, rules.ids[i], out);
	id_list_free(&rules);
	return rc;
}

enum store_rc
store_hostproto_by_key(struct store_txn *t, uint64_t hostid, const char *key, uint64_t *id)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_hostproto_host_ids(t, hostid, &ids), found = STORE_ENOTFOUND;

	for (size_t i = 0; rc == STORE_OK && found != STORE_OK && i < ids.n; i++) {
		struct hostproto h;

		if ((rc = store_hostproto_get(t, ids.ids[i], &h)) != STORE_OK)
			break;
		if (strcmp(h.key, key) == 0)
			*id = h.hostid, found = STORE_OK;
		hostproto_free(&h);
	}
	id_list_free(&ids);
	return rc != STORE_OK ? rc : found;
}

enum store_rc
store_hostproto_copies(struct store_txn *t, uint64_t id, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOSTPROTO_COPIES, id, out);
}

/* The record's ids written into its document. */
static void
store_hostproto_ids_to_doc(const struct hostproto *h)
{
	char buf[24];

	doc_set_str(h->doc, "hostid", id_to_str(h->hostid, buf));
	doc_set_str(h->doc, "templateid", id_to_str(h->templateid, buf));
}

/* A new copy's macros: ids of their own, on it. */
static enum store_rc
store_hostproto_macro_ids(struct store_txn *t, const struct hostproto *h)
{
	cJSON *m;
	char buf[24];

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(h->doc, "macros")) {
		uint64_t id;
		enum store_rc rc = store_seq_next(t, "hostmacro", &id);

		if (rc != STORE_OK)
			return rc;
		doc_set_str(m, "hostmacroid", id_to_str(id, buf));
		doc_set_str(m, "hostid", id_to_str(h->hostid, buf));
	}
	return STORE_OK;
}

enum store_rc
store_hostproto_next_id(struct store_txn *t, uint64_t *id)
{
	enum store_rc rc = store_seq_next(t, "hosts", id);

	*id += 10000;	/* the hosts' id space (store_host_create) */
	return rc;
}

enum store_rc
store_hostproto_create(struct store_txn *t, struct hostproto *h)
{
	enum store_rc rc = store_hostproto_next_id(t, &h->hostid);

	if (rc != STORE_OK || (rc = store_hostproto_macro_ids(t, h)) != STORE_OK)
		return rc;
	store_hostproto_ids_to_doc(h);
	return store_hostproto_put(t, h->hostid, h->doc);
}

enum store_rc
store_hostproto_update(struct store_txn *t, const struct hostproto *old,
    const struct hostproto *h)
{
	(void)old;
	store_hostproto_ids_to_doc(h);
	return store_hostproto_put(t, h->hostid, h->doc);
}
