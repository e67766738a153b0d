/* store_group.c: host groups with a unique name index, and their members. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_group_get(struct store_txn *t, uint64_t groupid, struct group *g)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_GROUPS, groupid, &v, &vlen)) != STORE_OK)
		return rc;
	return group_decode(v, vlen, g) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_group_by_name(struct store_txn *t, const char *name, uint64_t *id)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if (*name == '\0')
		return STORE_ENOTFOUND;
	if ((rc = store_get(t, STORE_DB_GROUPS_BY_NAME, name, strlen(name), &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

static enum store_rc
store_group_put(struct store_txn *t, const struct group *g)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	group_encode(g, &b);
	rc = store_put_id(t, STORE_DB_GROUPS, g->groupid, &b, false);
	codec_buf_free(&b);
	return rc;
}

/* Assigns g->groupid; STORE_EEXIST when the name is taken. */
enum store_rc
store_group_create(struct store_txn *t, struct group *g)
{
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_seq_next(t, "groups", &g->groupid)) != STORE_OK)
		return rc;
	codec_be64(g->groupid, key);
	rc = store_put(t, STORE_DB_GROUPS_BY_NAME, g->name, strlen(g->name), key, 8, true);
	if (rc != STORE_OK)
		return rc;
	return store_group_put(t, g);
}

enum store_rc
store_group_update(struct store_txn *t, const struct group *old, const struct group *new)
{
	uint8_t key[8];
	enum store_rc rc;

	if (strcmp(old->name, new->name) != 0) {
		codec_be64(new->groupid, key);
		rc = store_put(t, STORE_DB_GROUPS_BY_NAME, new->name, strlen(new->name), key, 8,
		    true);
		if (rc != STORE_OK)
			return rc;
		rc = store_del(t, STORE_DB_GROUPS_BY_NAME, old->name, strlen(old->name));
		if (rc != STORE_OK && rc != STORE_ENOTFOUND)
			return rc;
	}
	return store_group_put(t, new);
}

/* Deletes the group and its memberships (the caller checks nobody is left without one). */
enum store_rc
store_group_delete(struct store_txn *t, uint64_t groupid)
{
	struct id_list members = { 0 };
	struct group g;
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_group_get(t, groupid, &g)) != STORE_OK)
		return rc;
	rc = store_group_hosts(t, groupid, &members);
	for (size_t i = 0; rc == STORE_OK && i < members.n; i++)
		rc = store_host_group_set(t, members.ids[i], groupid, false);
	codec_be64(groupid, key);
	if (rc == STORE_OK)
		rc = store_del(t, STORE_DB_GROUPS_BY_NAME, g.name, strlen(g.name));
	if (rc == STORE_OK)
		rc = store_del(t, STORE_DB_GROUPS, key, 8);
	id_list_free(&members);
	group_free(&g);
	return rc;
}

enum store_rc
store_group_hosts(struct store_txn *t, uint64_t groupid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_GROUP_HOSTS, groupid, out);
}
