/* host.c: what hosts and templates share below the methods: the existence of the ids a call
 * names, group membership, tags, and names as messages quote them. */
#include <stdlib.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

int
domain_fail_store(struct err *e, int rc)
{
	return err_set(e, ERR_STORE, NULL, "%s.", store_strerror(rc));
}

enum host_want { HOST_WANT_ANY, HOST_WANT_TEMPLATE, HOST_WANT_GROUP };

static int
host_check_one(struct store_txn *txn, uint64_t id, enum host_want want)
{
	struct group g;
	struct host h;
	int rc;

	if (want == HOST_WANT_GROUP) {
		if ((rc = store_group_get(txn, id, &g)) == STORE_OK)
			group_free(&g);
		return rc;
	}
	if ((rc = store_host_get(txn, id, &h)) != STORE_OK)
		return rc;
	if (want == HOST_WANT_TEMPLATE && !host_is_template(&h))
		rc = STORE_ENOTFOUND;
	host_free(&h);
	return rc;
}

static int
host_check_all(struct store_txn *txn, const struct id_list *ids, enum host_want want,
    struct err *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		int rc = host_check_one(txn, ids->ids[i], want);

		if (rc == STORE_ENOTFOUND)
			return err_set(e, ERR_NOT_FOUND, NULL, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return domain_fail_store(e, rc);
	}
	return 0;
}

int
domain_host_check_templates(struct store_txn *txn, const struct id_list *ids, struct err *e)
{
	return host_check_all(txn, ids, HOST_WANT_TEMPLATE, e);
}

int
domain_host_check_groups(struct store_txn *txn, const struct id_list *ids, struct err *e)
{
	return host_check_all(txn, ids, HOST_WANT_GROUP, e);
}

int
domain_host_check_hosts(struct store_txn *txn, const struct id_list *ids, struct err *e)
{
	return host_check_all(txn, ids, HOST_WANT_ANY, e);
}

int
domain_host_groups_replace(struct store_txn *txn, uint64_t hostid, const struct id_list *groups,
    struct err *e)
{
	struct id_list cur = { 0 };
	struct id_set want = { 0 }, had = { 0 };
	int rc = store_host_groups(txn, hostid, &cur);

	id_set_add_list(&want, groups);
	id_set_add_list(&had, &cur);
	for (size_t i = 0; rc == STORE_OK && i < cur.n; i++)
		if (!id_set_has(&want, cur.ids[i]))
			rc = store_host_group_set(txn, hostid, cur.ids[i], false);
	for (size_t i = 0; rc == STORE_OK && i < groups->n; i++)
		if (id_set_add(&had, groups->ids[i]))
			rc = store_host_group_set(txn, hostid, groups->ids[i], true);
	id_list_free(&cur);
	id_set_free(&want);
	id_set_free(&had);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

int
domain_host_tags_replace(struct store_txn *txn, uint64_t hostid, const struct tag_list *tags,
    struct err *e)
{
	int rc = store_host_tags_put(txn, hostid, tags);

	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

int
domain_host_name_owner(struct store_txn *txn, const char *name, bool visible, uint64_t *id,
    bool *tmpl, struct err *e)
{
	struct host h;
	int rc = visible ? store_host_by_vname(txn, name, id) : store_host_by_name(txn, name, id);

	*tmpl = false;
	if (rc == STORE_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	if (rc != STORE_OK || (rc = store_host_get(txn, *id, &h)) != STORE_OK)
		return domain_fail_store(e, rc);
	*tmpl = host_is_template(&h);
	host_free(&h);
	return 0;
}

char *
domain_host_name(struct store_txn *txn, uint64_t id)
{
	struct host h;
	char *name;

	if (store_host_get(txn, id, &h) != STORE_OK)
		return xstrdup("");
	name = h.host;
	h.host = NULL;
	host_free(&h);
	return name;
}
