/* trigger_deps.c: Zabbix 6.0's checks of trigger dependencies and of triggers on the items of
 * several templates when template links are added (host and template targets) or removed. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The hosts of the trigger's items, appended once each. */
static enum store_rc
tdeps_hosts(struct store_txn *txn, const struct trigger *t, struct id_list *out)
{
	for (size_t i = 0; i < t->nfn; i++) {
		uint64_t hostid, tid;
		enum store_rc rc = store_item_links(txn, t->fn[i].itemid, &hostid, &tid);

		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			return rc;
		id_list_add_unique(out, hostid);
	}
	return STORE_OK;
}

/* The hosts of the items of trigger id (none when it is gone), appended once each. */
static enum store_rc
tdeps_hosts_of(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	struct trigger t;
	enum store_rc rc = store_trigger_get(txn, id, &t);

	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc == STORE_OK) {
		rc = tdeps_hosts(txn, &t, out);
		trigger_free(&t);
	}
	return rc;
}

/* The technical name of a host into *name (heap), and whether it is a template. */
static enum store_rc
tdeps_host(struct store_txn *txn, uint64_t id, char **name, bool *tpl)
{
	struct host h;
	enum store_rc rc = store_host_get(txn, id, &h);

	*name = NULL;
	if (rc != STORE_OK)
		return rc;
	*name = xstrdup(h.host);
	*tpl = host_is_template(&h);
	host_free(&h);
	return STORE_OK;
}

/* The refusal of linking template tpl to target (a template) for trigger desc, naming other
 * (the template the target would lack) unless it is 0; what says "dependency" or
 * "expression". Returns -1. */
static int
tdeps_fail_tpl(struct store_txn *txn, struct err *e, uint64_t tpl, uint64_t other,
    const struct host *target, const char *what, const char *desc)
{
	char *tname = NULL, *oname = NULL;
	bool is_tpl;
	int rc;

	if ((rc = tdeps_host(txn, tpl, &tname, &is_tpl)) == STORE_OK && other != 0)
		rc = tdeps_host(txn, other, &oname, &is_tpl);
	if (rc != STORE_OK)
		rc = domain_fail_store(e, rc);
	else if (other != 0)
		rc = err_set(e, ERR_PARAM, NULL, "Cannot link template \"%s\" without template \"%s\" "
		    "to template \"%s\" due to %s of trigger \"%s\".", tname, oname, target->host,
		    what, desc);
	else
		rc = err_set(e, ERR_PARAM, NULL, "Cannot link template \"%s\" to template \"%s\" due "
		    "to %s of trigger \"%s\".", tname, target->host, what, desc);
	free(tname);
	free(oname);
	return rc;
}

/* One trigger of template tpl, being linked to target (direct parents after: have). For a host
 * target only a dependency on a template the host will not have directly is refused; a template
 * target also refuses a dependency on itself and the items of itself or of a template it will
 * not have in the expression. */
static int
tdeps_check_trigger(struct store_txn *txn, const struct host *target, const struct id_set *have,
    uint64_t tpl, const struct trigger *t, bool expr, struct err *e)
{
	struct id_list hosts = { 0 };
	enum store_rc rc = STORE_OK;
	int ret = 0;

	if (expr)
		rc = tdeps_hosts(txn, t, &hosts);
	for (size_t i = 0; !expr && rc == STORE_OK && i < t->deps.n; i++)
		rc = tdeps_hosts_of(txn, t->deps.ids[i], &hosts);
	for (size_t i = 0; rc == STORE_OK && ret == 0 && i < hosts.n; i++) {
		uint64_t x = hosts.ids[i];
		char *xname, *tname;
		bool xtpl, ttpl;

		if (host_is_template(target) && x == target->hostid)
			ret = tdeps_fail_tpl(txn, e, tpl, 0, target, expr ? "expression" : "dependency",
			    t->f[TRIGGER_F_DESCRIPTION]);
		else if (!id_set_has(have, x) && host_is_template(target))
			ret = tdeps_fail_tpl(txn, e, tpl, x, target, expr ? "expression" : "dependency",
			    t->f[TRIGGER_F_DESCRIPTION]);
		else if (!id_set_has(have, x) && !expr) {
			if ((rc = tdeps_host(txn, x, &xname, &xtpl)) != STORE_OK)
				break;
			if (xtpl && (rc = tdeps_host(txn, tpl, &tname, &ttpl)) == STORE_OK) {
				ret = err_set(e, ERR_PARAM, NULL, "Trigger in template \"%s\" has "
				    "dependency with trigger in template \"%s\".", tname, xname);
				free(tname);
			}
			free(xname);
		}
	}
	id_list_free(&hosts);
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

/* A template target's own triggers that depend on a trigger of template tpl. */
static int
tdeps_check_reverse(struct store_txn *txn, const struct host *target, uint64_t tpl,
    struct err *e)
{
	struct id_list mine = { 0 };
	enum store_rc rc = store_host_triggers(txn, target->hostid, &mine);
	int ret = 0;

	for (size_t i = 0; rc == STORE_OK && ret == 0 && i < mine.n; i++) {
		struct trigger t;
		struct id_list up = { 0 };

		if ((rc = store_trigger_get(txn, mine.ids[i], &t)) != STORE_OK)
			break;
		for (size_t k = 0; rc == STORE_OK && k < t.deps.n; k++)
			rc = tdeps_hosts_of(txn, t.deps.ids[k], &up);
		if (rc == STORE_OK && id_list_has(&up, tpl))
			ret = tdeps_fail_tpl(txn, e, tpl, 0, target, "dependency",
			    t.f[TRIGGER_F_DESCRIPTION]);
		id_list_free(&up);
		trigger_free(&t);
	}
	id_list_free(&mine);
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

/* Every trigger of each template of fresh, for one kind of check (dependencies or
 * expressions). */
static int
tdeps_check_all(struct store_txn *txn, const struct host *target, const struct id_set *have,
    const struct id_list *fresh, bool expr, struct err *e)
{
	enum store_rc rc = STORE_OK;
	int ret = 0;

	for (size_t f = 0; rc == STORE_OK && ret == 0 && f < fresh->n; f++) {
		struct id_list tids = { 0 };

		rc = store_host_triggers(txn, fresh->ids[f], &tids);
		for (size_t i = 0; rc == STORE_OK && ret == 0 && i < tids.n; i++) {
			struct trigger t;

			if ((rc = store_trigger_get(txn, tids.ids[i], &t)) != STORE_OK)
				break;
			ret = tdeps_check_trigger(txn, target, have, fresh->ids[f], &t, expr, e);
			trigger_free(&t);
		}
		id_list_free(&tids);
		if (rc == STORE_OK && ret == 0 && !expr && host_is_template(target))
			ret = tdeps_check_reverse(txn, target, fresh->ids[f], e);
	}
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

int
trigger_deps_link_check(struct store_txn *txn, const struct host *target,
    const struct id_list *all, const struct id_list *fresh, struct err *e)
{
	struct id_set have = { 0 };
	int ret;

	id_set_add_list(&have, all);
	ret = tdeps_check_all(txn, target, &have, fresh, false, e);
	/* a host's expressions are checked as its copies are made (domain_trigger_fns_onto) */
	if (ret == 0 && host_is_template(target))
		ret = tdeps_check_all(txn, target, &have, fresh, true, e);
	id_set_free(&have);
	return ret;
}

int
trigger_deps_unlink_check(struct store_txn *txn, const struct id_list *parents, struct err *e)
{
	struct id_set gone = { 0 };
	enum store_rc rc = STORE_OK;
	int ret = 0;

	id_set_add_list(&gone, parents);
	for (size_t p = 0; rc == STORE_OK && ret == 0 && p < parents->n; p++) {
		struct id_list tids = { 0 };

		rc = store_host_triggers(txn, parents->ids[p], &tids);
		for (size_t i = 0; rc == STORE_OK && ret == 0 && i < tids.n; i++) {
			struct trigger t;
			struct id_list hosts = { 0 };

			if ((rc = store_trigger_get(txn, tids.ids[i], &t)) != STORE_OK)
				break;
			if (strcmp(t.f[TRIGGER_F_FLAGS], "0") == 0)
				rc = tdeps_hosts(txn, &t, &hosts);
			for (size_t k = 0; rc == STORE_OK && ret == 0 && k < hosts.n; k++)
				if (!id_set_has(&gone, hosts.ids[k]))
					ret = err_set(e, ERR_PARAM, NULL, "Cannot unlink trigger \"%s\", "
					    "it has items from template that is left linked to host.",
					    t.f[TRIGGER_F_DESCRIPTION]);
			id_list_free(&hosts);
			trigger_free(&t);
		}
		id_list_free(&tids);
	}
	id_set_free(&gone);
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

/* The refusal of unlinking template tpl from host (or template) hostid, for trigger desc and
 * without template other unless it is 0. Returns -1. */
static int
tdeps_fail_unlink(struct store_txn *txn, struct err *e, uint64_t tpl, uint64_t other,
    uint64_t hostid, const char *what, const char *desc)
{
	char *tname = NULL, *oname = NULL, *hname = NULL;
	bool is_tpl = false, h_tpl = false;
	enum store_rc rc = tdeps_host(txn, tpl, &tname, &is_tpl);
	int ret;

	if (rc == STORE_OK && other != 0)
		rc = tdeps_host(txn, other, &oname, &is_tpl);
	if (rc == STORE_OK)
		rc = tdeps_host(txn, hostid, &hname, &h_tpl);
	if (rc != STORE_OK)
		ret = domain_fail_store(e, rc);
	else if (other != 0)
		ret = err_set(e, ERR_PARAM, NULL, "Cannot unlink template \"%s\" without template "
		    "\"%s\" from %s \"%s\" due to %s of trigger \"%s\".", tname, oname,
		    h_tpl ? "template" : "host", hname, what, desc);
	else
		ret = err_set(e, ERR_PARAM, NULL, "Cannot unlink template \"%s\" from %s \"%s\" due to "
		    "%s of trigger \"%s\".", tname, h_tpl ? "template" : "host", hname, what, desc);
	free(tname);
	free(oname);
	free(hname);
	return ret;
}

int
trigger_deps_clear_check(struct store_txn *txn, uint64_t hostid, const struct id_list *cleared,
    struct err *e)
{
	struct id_list mine = { 0 };
	enum store_rc rc = store_host_triggers(txn, hostid, &mine);
	int ret = 0;

	for (size_t c = 0; rc == STORE_OK && ret == 0 && c < cleared->n; c++) {
		struct id_set gone = { 0 };

		/* the host's copies of the template's triggers go with the clear */
		for (size_t i = 0; rc == STORE_OK && i < mine.n; i++) {
			uint64_t h, tid, th, tt;

			if ((rc = store_trigger_links(txn, mine.ids[i], &h, &tid)) == STORE_OK &&
			    tid != 0 && (rc = store_trigger_links(txn, tid, &th, &tt)) == STORE_OK &&
			    th == cleared->ids[c])
				id_set_add(&gone, mine.ids[i]);
			if (rc == STORE_ENOTFOUND)
				rc = STORE_OK;
		}
		for (size_t i = 0; rc == STORE_OK && ret == 0 && i < mine.n; i++) {
			struct trigger t;

			if (id_set_has(&gone, mine.ids[i]))
				continue;
			if ((rc = store_trigger_get(txn, mine.ids[i], &t)) != STORE_OK)
				break;
			for (size_t k = 0; ret == 0 && k < t.deps.n; k++)
				if (id_set_has(&gone, t.deps.ids[k]))
					ret = tdeps_fail_unlink(txn, e, cleared->ids[c], 0, hostid,
					    "dependency", t.f[TRIGGER_F_DESCRIPTION]);
			trigger_free(&t);
		}
		id_set_free(&gone);
	}
	id_list_free(&mine);
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

/* One template to be deleted: each host or template linked to it that keeps another template
 * whose items one of its triggers uses, then the host's triggers depending on its copies. */
static int
tdeps_delete_one(struct store_txn *txn, uint64_t tpl, const struct id_set *deleted,
    struct err *e)
{
	struct id_list children = { 0 }, tids = { 0 };
	enum store_rc rc = store_host_children(txn, tpl, &children);
	int ret = 0;

	if (rc == STORE_OK)
		rc = store_host_triggers(txn, tpl, &tids);
	for (size_t c = 0; rc == STORE_OK && ret == 0 && c < children.n; c++) {
		struct id_list others = { 0 };
		struct id_set keep = { 0 };

		if (id_set_has(deleted, children.ids[c]))
			continue;
		rc = store_host_parents(txn, children.ids[c], &others);
		for (size_t i = 0; i < others.n; i++)
			if (!id_set_has(deleted, others.ids[i]))
				id_set_add(&keep, others.ids[i]);
		for (size_t i = 0; rc == STORE_OK && ret == 0 && i < tids.n; i++) {
			struct trigger t;
			struct id_list hosts = { 0 };

			if ((rc = store_trigger_get(txn, tids.ids[i], &t)) != STORE_OK)
				break;
			rc = tdeps_hosts(txn, &t, &hosts);
			for (size_t k = 0; rc == STORE_OK && ret == 0 && k < hosts.n; k++)
				if (id_set_has(&keep, hosts.ids[k]))
					ret = tdeps_fail_unlink(txn, e, tpl, hosts.ids[k], children.ids[c],
					    "expression", t.f[TRIGGER_F_DESCRIPTION]);
			id_list_free(&hosts);
			trigger_free(&t);
		}
		id_list_free(&others);
		id_set_free(&keep);
	}
	for (size_t c = 0; rc == STORE_OK && ret == 0 && c < children.n; c++) {
		struct id_list one = { 0 };

		if (id_set_has(deleted, children.ids[c]))
			continue;
		id_list_add(&one, tpl);
		ret = trigger_deps_clear_check(txn, children.ids[c], &one, e);
		id_list_free(&one);
	}
	id_list_free(&children);
	id_list_free(&tids);
	return rc == STORE_OK ? ret : domain_fail_store(e, rc);
}

int
trigger_deps_delete_check(struct store_txn *txn, const struct id_list *templates, struct err *e)
{
	struct id_set deleted = { 0 };
	int ret = 0;

	id_set_add_list(&deleted, templates);
	for (size_t i = 0; ret == 0 && i < templates->n; i++)
		ret = tdeps_delete_one(txn, templates->ids[i], &deleted, e);
	id_set_free(&deleted);
	return ret;
}

int
trigger_deps_relink(struct store_txn *txn, uint64_t hostid, struct err *e)
{
	struct id_list mine = { 0 };
	enum store_rc rc = store_host_triggers(txn, hostid, &mine);

	for (size_t i = 0; rc == STORE_OK && i < mine.n; i++) {
		struct trigger t, next;
		bool moved = false;

		if ((rc = store_trigger_get(txn, mine.ids[i], &t)) != STORE_OK)
			break;
		if (t.templateid == 0 || t.hostid != hostid || t.deps.n == 0) {
			trigger_free(&t);
			continue;
		}
		trigger_dup(&next, &t);
		for (size_t k = 0; rc == STORE_OK && k < next.deps.n; k++) {
			uint64_t to = next.deps.ids[k];

			if ((rc = domain_trigger_on_host(txn, next.deps.ids[k], hostid, &to)) ==
			    STORE_OK && to != next.deps.ids[k]) {
				next.deps.ids[k] = to;
				moved = true;
			}
		}
		if (rc == STORE_OK && moved)
			rc = store_trigger_update(txn, &t, &next);
		trigger_free(&next);
		trigger_free(&t);
	}
	id_list_free(&mine);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
