/* perm.c: host-group rights of users who are not super admins: the effective right per host group of a caller, and whether a host, template or group is readable or editable with it. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

struct perm_right {
	uint64_t	groupid;
	int		level;		/* PERM_DENY, PERM_READ or PERM_READ_WRITE */
};

struct perm_rights {
	struct perm_right	*v;
	size_t			 n, cap;
};

struct perm_rights *
perm_rights_new(void)
{
	return xcalloc(1, sizeof(struct perm_rights));
}

void
perm_rights_free(struct perm_rights *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r);
}

void
perm_rights_add(struct perm_rights *r, uint64_t groupid, int permission)
{
	if (permission != PERM_DENY && permission != PERM_READ && permission != PERM_READ_WRITE)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n].groupid = groupid;
	r->v[r->n++].level = permission;
}

/* Merges the sorted runs a[lo, mid) and a[mid, hi) through tmp. */
static void
perm_merge(struct perm_right *a, struct perm_right *tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		tmp[k++] = a[j].groupid < a[i].groupid ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < hi)
		tmp[k++] = a[j++];
	memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}

/* Sorts by group id as a natural merge sort: the rights of each user group come sorted
 * (store_usrgrp_index_put), so a caller's rights are a few sorted runs, merged in linear
 * time; any order still sorts in O(n log n). */
static void
perm_rights_sort(struct perm_rights *r)
{
	struct perm_right *tmp;
	size_t *runs, nruns = 0;

	if (r->n < 2)
		return;
	runs = xmalloc((r->n + 1) * sizeof *runs);
	runs[nruns++] = 0;
	for (size_t i = 1; i < r->n; i++)
		if (r->v[i].groupid < r->v[i - 1].groupid)
			runs[nruns++] = i;
	if (nruns == 1) {
		free(runs);
		return;
	}
	runs[nruns] = r->n;
	tmp = xmalloc(r->n * sizeof *tmp);
	while (nruns > 1) {
		size_t out = 0;

		for (size_t i = 0; i < nruns; i += 2) {
			if (i + 1 < nruns)
				perm_merge(r->v, tmp, runs[i], runs[i + 1], runs[i + 2]);
			runs[out++] = runs[i];
		}
		runs[out] = r->n;
		nruns = out;
	}
	free(tmp);
	free(runs);
}

void
perm_rights_seal(struct perm_rights *r)
{
	size_t j = 0;

	perm_rights_sort(r);
	/* one entry per group: a deny in any user group wins, else the best right */
	for (size_t i = 0; i < r->n; i++) {
		if (j > 0 && r->v[j - 1].groupid == r->v[i].groupid) {
			struct perm_right *p = &r->v[j - 1];

			if (p->level == PERM_DENY || r->v[i].level == PERM_DENY)
				p->level = PERM_DENY;
			else if (r->v[i].level > p->level)
				p->level = r->v[i].level;
			continue;
		}
		r->v[j++] = r->v[i];
	}
	r->n = j;
}

int
perm_rights_group(const struct perm_rights *r, uint64_t groupid)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].groupid == groupid)
			return r->v[mid].level;
		if (r->v[mid].groupid < groupid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return PERM_NONE;
}

int
perm_rights_object(const struct perm_rights *r, const struct id_list *groups)
{
	int best = PERM_NONE;

	for (size_t i = 0; i < groups->n; i++) {
		int l = perm_rights_group(r, groups->ids[i]);

		if (l == PERM_DENY)
			return PERM_DENY;
		if (l > best)
			best = l;
	}
	return best;
}

bool
perm_level_allows(int level, bool write)
{
	return level >= (write ? PERM_READ_WRITE : PERM_READ);
}

size_t
perm_rights_count(const struct perm_rights *r)
{
	return r->n;
}

/* One user group from its document (a store written before the index): its flags and
 * rights. */
static enum store_rc
perm_group_doc(struct store_txn *txn, uint64_t usrgrpid, uint32_t flags[3],
    struct perm_rights *r)
{
	static const char *const keys[3] = { "gui_access", "users_status", "debug_mode" };
	const cJSON *e;
	cJSON *doc;
	enum store_rc rc = store_doc_get(txn, STORE_DB_USRGRPS, usrgrpid, &doc);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	for (size_t k = 0; k < 3; k++) {
		uint32_t v = (uint32_t)atoi(doc_str(doc, keys[k]));

		if (v > flags[k])
			flags[k] = v;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "rights")) {
		uint64_t groupid;

		if (r != NULL && util_parse_u64(doc_str(e, "id"), &groupid))
			perm_rights_add(r, groupid, atoi(doc_str(e, "permission")));
	}
	cJSON_Delete(doc);
	return STORE_OK;
}

enum store_rc
perm_user_groups(struct store_txn *txn, uint64_t userid, uint32_t flags[3],
    struct perm_rights *r)
{
	struct id_list ids = { 0 };
	enum store_rc rc;

	flags[0] = flags[1] = flags[2] = 0;
	rc = store_pair_list(txn, STORE_DB_USER_USRGRPS, userid, &ids);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct store_usrgrp_index x;

		if ((rc = store_usrgrp_index_get(txn, ids.ids[i], &x)) == STORE_ENOTFOUND) {
			rc = perm_group_doc(txn, ids.ids[i], flags, r);
			continue;
		}
		if (rc != STORE_OK)
			break;
		flags[0] = x.gui_access > flags[0] ? x.gui_access : flags[0];
		flags[1] = x.users_status > flags[1] ? x.users_status : flags[1];
		flags[2] = x.debug_mode > flags[2] ? x.debug_mode : flags[2];
		if (r != NULL && r->n + x.n > r->cap) {
			r->cap = r->n + x.n;
			r->v = xrealloc(r->v, r->cap * sizeof *r->v);
		}
		for (size_t k = 0; r != NULL && k < x.n; k++) {
			int permission;
			uint64_t groupid = store_usrgrp_right(&x, k, &permission);

			perm_rights_add(r, groupid, permission);
		}
	}
	id_list_free(&ids);
	return rc;
}

enum store_rc
perm_rights_load(struct store_txn *txn, uint64_t userid, struct perm_rights **out)
{
	struct perm_rights *r = perm_rights_new();
	uint32_t flags[3];
	enum store_rc rc = perm_user_groups(txn, userid, flags, r);

	*out = NULL;
	if (rc != STORE_OK) {
		perm_rights_free(r);
		return rc;
	}
	perm_rights_seal(r);
	*out = r;
	return STORE_OK;
}

/* ---- checks against the store ---- */

int
perm_host_level(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid, int *level)
{
	struct id_list groups = { 0 };
	int rc;

	if (r == NULL) {
		*level = PERM_READ_WRITE;
		return STORE_OK;
	}
	*level = PERM_NONE;
	if ((rc = store_host_groups(txn, hostid, &groups)) == STORE_OK)
		*level = perm_rights_object(r, &groups);
	id_list_free(&groups);
	return rc;
}

int
perm_host_allows(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid,
    bool write, bool *ok)
{
	int level, rc = perm_host_level(txn, r, hostid, &level);

	*ok = rc == STORE_OK && perm_level_allows(level, write);
	return rc;
}

bool
perm_group_allows(const struct perm_rights *r, uint64_t groupid, bool write)
{
	return r == NULL || perm_level_allows(perm_rights_group(r, groupid), write);
}

static int
perm_denied(struct err *e)
{
	return err_set(e, ERR_NOT_FOUND, NULL, "%s", NO_PERMISSIONS);
}

int
perm_host_must(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid, bool write,
    struct err *e)
{
	bool ok = true;
	int rc = r != NULL ? perm_host_allows(txn, r, hostid, write, &ok) : STORE_OK;

	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	return ok ? 0 : perm_denied(e);
}

int
perm_hosts_must(struct store_txn *txn, const struct perm_rights *r, const struct id_list *ids,
    bool write, struct err *e)
{
	for (size_t i = 0; r != NULL && i < ids->n; i++)
		if (perm_host_must(txn, r, ids->ids[i], write, e) != 0)
			return -1;
	return 0;
}

int
perm_groups_must(const struct perm_rights *r, const struct id_list *ids, bool write,
    struct err *e)
{
	for (size_t i = 0; r != NULL && i < ids->n; i++)
		if (!perm_group_allows(r, ids->ids[i], write))
			return perm_denied(e);
	return 0;
}

/* Whether the caller sees one member of a host's set (a group, or a parent template). */
static int
perm_sees(struct store_txn *txn, const struct perm_rights *r, bool groups, uint64_t id,
    bool write, bool *ok)
{
	if (groups) {
		*ok = perm_group_allows(r, id, write);
		return STORE_OK;
	}
	return perm_host_allows(txn, r, id, write, ok);
}

/* A replace of a host's groups (groups true) or parents: old is the stored set, want the
 * sent one. The members the caller cannot read are out of its sight: they are neither
 * added nor removed (kept: appended to want). Every other member added or removed must be
 * editable (groups) or readable (parents). */
static int
perm_set_replace(struct store_txn *txn, const struct perm_rights *r, bool groups,
    const struct id_list *old, struct id_list *want, struct err *e)
{
	struct id_set seen = { 0 }, sent = { 0 };
	struct id_list keep = { 0 };
	int rc = STORE_OK;
	bool ok = true;

	id_set_add_list(&sent, want);
	for (size_t i = 0; rc == STORE_OK && i < old->n; i++) {
		if ((rc = perm_sees(txn, r, groups, old->ids[i], false, &ok)) != STORE_OK)
			break;
		if (!ok) {
			id_list_add(&keep, old->ids[i]);
			ok = true;
			continue;
		}
		id_set_add(&seen, old->ids[i]);
		if (!id_set_has(&sent, old->ids[i]) && groups)	/* removed */
			ok = perm_group_allows(r, old->ids[i], true);
		if (!ok)
			break;
	}
	for (size_t i = 0; rc == STORE_OK && ok && i < want->n; i++)
		if (!id_set_has(&seen, want->ids[i]))
			rc = perm_sees(txn, r, groups, want->ids[i], groups, &ok);	/* added */
	for (size_t i = 0; rc == STORE_OK && ok && i < keep.n; i++)
		if (!id_set_has(&sent, keep.ids[i]))
			id_list_add(want, keep.ids[i]);
	id_set_free(&seen);
	id_set_free(&sent);
	id_list_free(&keep);
	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	return ok ? 0 : perm_denied(e);
}

/* perm_set_replace over the stored groups (groups true) or parents of hostid. */
static int
perm_stored_replace(struct store_txn *txn, const struct perm_rights *r, bool groups,
    uint64_t hostid, struct id_list *want, struct err *e)
{
	struct id_list old = { 0 };
	int rc = STORE_OK;

	if (r == NULL)
		return 0;
	if (hostid != 0)
		rc = groups ? store_host_groups(txn, hostid, &old) :
		    store_host_parents(txn, hostid, &old);
	rc = rc != STORE_OK ? domain_fail_store(e, rc) :
	    perm_set_replace(txn, r, groups, &old, want, e);
	id_list_free(&old);
	return rc;
}

int
perm_host_groups_replace(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid,
    struct id_list *want, struct err *e)
{
	return perm_stored_replace(txn, r, true, hostid, want, e);
}

int
perm_host_parents_replace(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid,
    struct id_list *want, struct err *e)
{
	return perm_stored_replace(txn, r, false, hostid, want, e);
}

int
perm_host_groups_set(struct store_txn *txn, const struct perm_rights *r, uint64_t hostid,
    const struct id_list *want, struct err *e)
{
	struct id_list all = { 0 };
	int rc;

	for (size_t i = 0; i < want->n; i++)
		id_list_add(&all, want->ids[i]);
	rc = perm_host_groups_replace(txn, r, hostid, &all, e);
	if (rc == 0)
		rc = domain_host_groups_replace(txn, hostid, &all, e);
	id_list_free(&all);
	return rc;
}
