/* hostgroup.c: the members of host groups changed group by group (hostgroup.massadd,
 * massupdate, massremove), with Zabbix's rule that no host or template is left without one. */
#include <stdlib.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

int
domain_group_check_members(struct store_txn *txn, const struct id_list *ids, bool tmpl,
    struct err *e)
{
	struct host h;
	int rc;

	for (size_t i = 0; i < ids->n; i++) {
		rc = store_host_get(txn, ids->ids[i], &h);
		if (rc == STORE_ENOTFOUND)
			return err_set(e, ERR_NOT_FOUND, NULL, "%s", NO_PERMISSIONS);
		if (rc != STORE_OK)
			return domain_fail_store(e, rc);
		rc = host_is_template(&h) == tmpl;
		host_free(&h);
		if (!rc)
			return err_set(e, ERR_NOT_FOUND, NULL, "%s", NO_PERMISSIONS);
	}
	return 0;
}

int
domain_group_members_of(struct store_txn *txn, const struct id_list *groups, bool tmpl,
    struct id_list *out)
{
	struct id_list all = { 0 };
	struct id_set seen = { 0 };
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < groups->n; i++)
		rc = store_group_hosts(txn, groups->ids[i], &all);
	id_list_sort(&all);
	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		struct host h;

		if (!id_set_add(&seen, all.ids[i]))
			continue;
		if ((rc = store_host_get(txn, all.ids[i], &h)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (host_is_template(&h) == tmpl)
			id_list_add(out, all.ids[i]);
		host_free(&h);
	}
	id_list_free(&all);
	id_set_free(&seen);
	return rc;
}

int
domain_group_check_left(struct store_txn *txn, const struct id_list *ids,
    const struct id_list *groups, struct err *e)
{
	struct id_list sorted = { 0 }, own = { 0 };
	struct id_set gone = { 0 };
	uint64_t orphan = 0;
	int rc = STORE_OK;

	id_set_add_list(&gone, groups);
	for (size_t i = 0; i < ids->n; i++)
		id_list_add(&sorted, ids->ids[i]);
	id_list_sort(&sorted);
	for (size_t i = 0; rc == STORE_OK && orphan == 0 && i < sorted.n; i++) {
		size_t left = 0;

		id_list_clear(&own);
		rc = store_host_groups(txn, sorted.ids[i], &own);
		for (size_t j = 0; j < own.n; j++)
			left += !id_set_has(&gone, own.ids[j]);
		if (rc == STORE_OK && left == 0)
			orphan = sorted.ids[i];
	}
	id_list_free(&sorted);
	id_list_free(&own);
	id_set_free(&gone);
	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	if (orphan != 0) {
		struct host h;

		if ((rc = store_host_get(txn, orphan, &h)) != STORE_OK)
			return domain_fail_store(e, rc);
		err_set(e, ERR_PARAM, NULL, "%s \"%s\" cannot be without host group.",
		    host_is_template(&h) ? "Template" : "Host", h.host);
		host_free(&h);
		return -1;
	}
	return 0;
}

int
domain_group_members_set(struct store_txn *txn, const struct id_list *groups,
    const struct id_list *ids, bool on, struct err *e)
{
	struct id_list cur = { 0 };
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		id_list_clear(&cur);
		if ((rc = store_host_groups(txn, ids->ids[i], &cur)) != STORE_OK)
			break;
		id_list_sort(&cur);
		for (size_t j = 0; rc == STORE_OK && j < groups->n; j++)
			if (id_list_sorted_has(&cur, groups->ids[j]) != on)
				rc = store_host_group_set(txn, ids->ids[i], groups->ids[j], on);
	}
	id_list_free(&cur);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
