/* store_host.c: hosts and templates, their unique name indexes, group and parent links,
 * tags, items and interfaces (dropped with the host); every index is kept in the same
 * transaction as its record. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_host_get(struct store_txn *t, uint64_t hostid, struct host *h)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_HOSTS, hostid, &v, &vlen)) != STORE_OK)
		return rc;
	return host_decode(v, vlen, h) == 0 ? STORE_OK : STORE_ECORRUPT;
}

static enum store_rc
store_host_index_get(struct store_txn *t, enum store_db db, const char *name, uint64_t *id)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if (*name == '\0')
		return STORE_ENOTFOUND;
	if ((rc = store_get(t, db, name, strlen(name), &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

enum store_rc
store_host_by_name(struct store_txn *t, const char *host, uint64_t *id)
{
	return store_host_index_get(t, STORE_DB_HOSTS_BY_NAME, host, id);
}

enum store_rc
store_host_by_vname(struct store_txn *t, const char *name, uint64_t *id)
{
	return store_host_index_get(t, STORE_DB_HOSTS_BY_VNAME, name, id);
}

/* Writes h; an update (changed) leaves an unchanged record as it is, e.g. when a call
 * changes only the macros or tags of a template. */
static enum store_rc
store_host_put(struct store_txn *t, const struct host *h, bool changed)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	host_encode(h, &b);
	rc = changed ? store_put_id_changed(t, STORE_DB_HOSTS, h->hostid, &b) :
	    store_put_id(t, STORE_DB_HOSTS, h->hostid, &b, false);
	codec_buf_free(&b);
	return rc;
}

static enum store_rc
store_host_index_put(struct store_txn *t, enum store_db db, const char *name, uint64_t id)
{
	uint8_t key[8];

	codec_be64(id, key);
	return store_put(t, db, name, strlen(name), key, 8, true);
}

/* Assigns h->hostid; STORE_EEXIST when the host or visible name is taken. */
enum store_rc
store_host_create(struct store_txn *t, struct host *h)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "hosts", &h->hostid)) != STORE_OK)
		return rc;
	h->hostid += 10000;	/* Zabbix's own objects live below 10000 */
	if ((rc = store_host_index_put(t, STORE_DB_HOSTS_BY_NAME, h->host, h->hostid)) != STORE_OK ||
	    (rc = store_host_index_put(t, STORE_DB_HOSTS_BY_VNAME, h->name, h->hostid)) != STORE_OK)
		return rc;
	return store_host_put(t, h, false);
}

static enum store_rc
store_host_reindex(struct store_txn *t, enum store_db db, const char *old, const char *new,
    uint64_t id)
{
	enum store_rc rc;

	if (strcmp(old, new) == 0)
		return STORE_OK;
	if ((rc = store_host_index_put(t, db, new, id)) != STORE_OK)
		return rc;
	rc = store_del(t, db, old, strlen(old));
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_host_update(struct store_txn *t, const struct host *old, const struct host *new)
{
	enum store_rc rc;

	if ((rc = store_host_reindex(t, STORE_DB_HOSTS_BY_NAME, old->host, new->host,
	    new->hostid)) != STORE_OK ||
	    (rc = store_host_reindex(t, STORE_DB_HOSTS_BY_VNAME, old->name, new->name,
	    new->hostid)) != STORE_OK)
		return rc;
	return store_host_put(t, new, true);
}

/* Removes every pair of `a` in db and the mirror pairs in mirror. */
static enum store_rc
store_host_unpair(struct store_txn *t, enum store_db db, enum store_db mirror, uint64_t a)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_pair_list(t, db, a, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++) {
		rc = store_pair_del(t, mirror, l.ids[i], a);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
	}
	id_list_free(&l);
	return rc == STORE_OK ? store_pair_del_all(t, db, a) : rc;
}

static enum store_rc
store_host_drop_macros(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_host_macros(t, hostid, &l);

	if (rc == STORE_OK)
		rc = store_macro_delete_all(t, hostid, l.ids, l.n);
	id_list_free(&l);
	return rc;
}

enum store_rc
store_host_delete(struct store_txn *t, uint64_t hostid)
{
	struct host h;
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_host_drop_valuemaps(t, hostid)) != STORE_OK ||
	    (rc = store_host_drop_dashboards(t, hostid)) != STORE_OK ||
	    (rc = store_host_drop_httptests(t, hostid)) != STORE_OK ||
	    (rc = store_svcinst_host_gone(t, hostid)) != STORE_OK)
		return rc;
	if ((rc = store_host_get(t, hostid, &h)) != STORE_OK)
		return rc;
	codec_be64(hostid, key);
	if ((rc = store_del(t, STORE_DB_HOSTS_BY_NAME, h.host, strlen(h.host))) == STORE_OK &&
	    (rc = store_del(t, STORE_DB_HOSTS_BY_VNAME, h.name, strlen(h.name))) == STORE_OK &&
	    (rc = store_host_unpair(t, STORE_DB_HOST_GROUPS, STORE_DB_GROUP_HOSTS, hostid)) == STORE_OK &&
	    (rc = store_host_unpair(t, STORE_DB_HOST_PARENTS, STORE_DB_HOST_CHILDREN, hostid)) == STORE_OK &&
	    (rc = store_host_unpair(t, STORE_DB_HOST_CHILDREN, STORE_DB_HOST_PARENTS, hostid)) == STORE_OK &&
	    (rc = store_host_drop_macros(t, hostid)) == STORE_OK &&
	    (rc = store_host_drop_items(t, hostid)) == STORE_OK &&
	    (rc = store_host_drop_interfaces(t, hostid)) == STORE_OK &&
	    (rc = store_inventory_del(t, hostid)) == STORE_OK) {
		rc = store_del(t, STORE_DB_HOST_TAGS, key, 8);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
		if (rc == STORE_OK)
			rc = store_del(t, STORE_DB_HOSTS, key, 8);
	}
	host_free(&h);
	return rc;
}

enum store_rc
store_host_groups(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_GROUPS, hostid, out);
}

/* Adds (on) or removes the host's membership of a group, in both directions. */
enum store_rc
store_host_group_set(struct store_txn *t, uint64_t hostid, uint64_t groupid, bool on)
{
	enum store_rc rc;

	if (on) {
		if ((rc = store_pair_add(t, STORE_DB_HOST_GROUPS, hostid, groupid)) != STORE_OK)
			return rc;
		return store_pair_add(t, STORE_DB_GROUP_HOSTS, groupid, hostid);
	}
	if ((rc = store_pair_del(t, STORE_DB_HOST_GROUPS, hostid, groupid)) != STORE_OK)
		return rc;
	return store_pair_del(t, STORE_DB_GROUP_HOSTS, groupid, hostid);
}

enum store_rc
store_host_parents(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_PARENTS, hostid, out);
}

enum store_rc
store_host_children(struct store_txn *t, uint64_t templateid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_CHILDREN, templateid, out);
}

enum store_rc
store_host_link_set(struct store_txn *t, uint64_t child, uint64_t parent, bool on)
{
	enum store_rc rc;

	if (on) {
		if ((rc = store_pair_add(t, STORE_DB_HOST_PARENTS, child, parent)) != STORE_OK)
			return rc;
		return store_pair_add(t, STORE_DB_HOST_CHILDREN, parent, child);
	}
	if ((rc = store_pair_del(t, STORE_DB_HOST_PARENTS, child, parent)) != STORE_OK)
		return rc;
	return store_pair_del(t, STORE_DB_HOST_CHILDREN, parent, child);
}

enum store_rc
store_host_tags(struct store_txn *t, uint64_t hostid, struct tag_list *out)
{
	const void *v;
	size_t vlen;
	uint8_t key[8];
	enum store_rc rc;

	memset(out, 0, sizeof *out);
	codec_be64(hostid, key);
	rc = store_get(t, STORE_DB_HOST_TAGS, key, 8, &v, &vlen);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	return tag_list_decode(v, vlen, out) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_host_tags_put(struct store_txn *t, uint64_t hostid, const struct tag_list *tags)
{
	struct codec_buf b = { 0 };
	uint8_t key[8];
	enum store_rc rc;

	codec_be64(hostid, key);
	if (tags->n == 0) {
		rc = store_del(t, STORE_DB_HOST_TAGS, key, 8);
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	}
	tag_list_encode(tags, &b);
	rc = store_put(t, STORE_DB_HOST_TAGS, key, 8, b.data, b.len, false);
	codec_buf_free(&b);
	return rc;
}
