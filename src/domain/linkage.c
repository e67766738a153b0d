/* linkage.c: the parents and children of hosts and templates: one way to add, remove and
 * replace links, with Zabbix's circular and double-linkage checks, exact at any depth. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the circular check: is there a path up from a new parent to the child? ---- */

/* One template on the search path, with its parents and the next one to try. */
struct link_frame {
	uint64_t	 id;
	struct id_list	 parents;
	size_t		 next;
};

struct link_search {
	struct link_frame	*st;
	size_t			 n, cap;
	struct id_set		 seen;
};

static int
link_search_push(struct store_txn *txn, struct link_search *s, uint64_t id, uint64_t to)
{
	struct link_frame *f;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->st = xrealloc(s->st, s->cap * sizeof *s->st);
	}
	f = &s->st[s->n++];
	memset(f, 0, sizeof *f);
	f->id = id;
	return id == to ? STORE_OK : store_host_parents(txn, id, &f->parents);
}

static void
link_search_free(struct link_search *s)
{
	for (size_t i = 0; i < s->n; i++)
		id_list_free(&s->st[i].parents);
	free(s->st);
	id_set_free(&s->seen);
}

/* Depth-first along parent links from `from` to `to`, parents in id order, as a loop with
 * its own stack: each template is entered once, so a cycle in the stored links ends the
 * search and no depth overflows. On 1 *path holds the templates from .. to. Returns 1 found,
 * 0 not found, or -1 with the storage failure in *rc. */
static int
link_path_up(struct store_txn *txn, uint64_t from, uint64_t to, struct id_list *path, int *rc)
{
	struct link_search s = { 0 };
	int found = 0;

	id_set_add(&s.seen, from);
	*rc = link_search_push(txn, &s, from, to);
	while (*rc == STORE_OK && s.n > 0) {
		struct link_frame *f = &s.st[s.n - 1];
		uint64_t next;

		if (f->id == to) {
			found = 1;
			break;
		}
		if (f->next == f->parents.n) {
			id_list_free(&f->parents);
			s.n--;
			continue;
		}
		next = f->parents.ids[f->next++];
		if (id_set_add(&s.seen, next))
			*rc = link_search_push(txn, &s, next, to);
	}
	for (size_t i = 0; found && i < s.n; i++)
		id_list_add(path, s.st[i].id);
	link_search_free(&s);
	return *rc != STORE_OK ? -1 : found;
}

/* '"P" -> "C" -> ... -> "P"' in Zabbix's order (CHostGeneral::checkCircularLinkageNew): the
 * new parent, then the child and down its children to the one the parent is above, then the
 * parent again. path runs up, from the parent (path[0]) to the child (its last). */
static char *
link_chain(struct store_txn *txn, const struct id_list *path, uint64_t parent)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return xstrdup("");
	for (size_t i = 0; i <= path->n; i++) {
		/* 0: the parent; 1..n-1: path[n-1] down to path[1]; n: the parent again */
		uint64_t id = i == 0 || i == path->n ? parent : path->ids[path->n - i];
		char *name = domain_host_name(txn, id);

		fprintf(f, "%s\"%s\"", i > 0 ? " -> " : "", name);
		free(name);
	}
	fclose(f);
	return buf;
}

static int
link_fail_circular(struct store_txn *txn, uint64_t parent, uint64_t child,
    const struct id_list *path, struct err *e)
{
	char *p = domain_host_name(txn, parent), *c = domain_host_name(txn, child);
	char *chain = link_chain(txn, path, parent);

	err_set(e, ERR_CONFLICT, NULL, "Cannot link template \"%s\" to template \"%s\", "
	    "because a circular linkage (%s) would occur.", p, c, chain);
	free(p), free(c), free(chain);
	return -1;
}

/* ---- the double-linkage check ---- */

/* Every template above the given ones (not themselves, unless a cycle leads back). */
static int
link_above(struct store_txn *txn, const struct id_list *from, struct id_set *above)
{
	struct id_list waiting = { 0 };
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < from->n; i++)
		rc = store_host_parents(txn, from->ids[i], &waiting);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		if (id_set_add(above, waiting.ids[i]))
			rc = store_host_parents(txn, waiting.ids[i], &waiting);
	id_list_free(&waiting);
	return rc;
}

/* A parent that another parent reaches would be linked twice. */
static int
link_check_double(struct store_txn *txn, const struct host *h, const struct id_list *parents,
    struct err *e)
{
	struct id_set above = { 0 };
	int rc = link_above(txn, parents, &above);

	for (size_t i = 0; rc == STORE_OK && i < parents->n; i++) {
		char *p;

		if (!id_set_has(&above, parents->ids[i]))
			continue;
		p = domain_host_name(txn, parents->ids[i]);
		err_set(e, ERR_CONFLICT, NULL, "Cannot link template \"%s\" to %s \"%s\", because "
		    "its parent template \"%s\" would be linked twice.", p,
		    host_is_template(h) ? "template" : "host", h->host, p);
		free(p);
		id_set_free(&above);
		return -1;
	}
	id_set_free(&above);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* ---- parents ---- */

/* The new parents of add (in order, once each), each checked for a circular linkage; *all
 * gets the parents the host will have. */
static int
link_plan_add(struct store_txn *txn, const struct host *h, const struct id_list *add,
    struct id_list *all, struct id_list *fresh, struct err *e)
{
	struct id_set have = { 0 };
	struct id_list path = { 0 };
	int rc = store_host_parents(txn, h->hostid, all), found = 0;

	id_set_add_list(&have, all);
	for (size_t i = 0; rc == STORE_OK && !found && i < add->n; i++) {
		if (!id_set_add(&have, add->ids[i]))
			continue;
		/* only a template can be above another: a host closes no cycle */
		if (host_is_template(h) &&
		    (found = link_path_up(txn, add->ids[i], h->hostid, &path, &rc)) == 1) {
			link_fail_circular(txn, add->ids[i], h->hostid, &path, e);
			break;
		}
		id_list_add(all, add->ids[i]);
		id_list_add(fresh, add->ids[i]);
	}
	id_set_free(&have);
	id_list_free(&path);
	if (found == 1)
		return -1;
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

int
domain_link_add(struct store_txn *txn, uint64_t hostid, const struct id_list *add,
    struct err *e)
{
	return domain_link_add_memo(txn, hostid, add, NULL, e);
}

int
domain_link_add_memo(struct store_txn *txn, uint64_t hostid, const struct id_list *add,
    struct inherit_memo *memo, struct err *e)
{
	struct id_list all = { 0 }, fresh = { 0 };
	struct host h;
	int rc;

	if (add->n == 0)
		return 0;
	if ((rc = store_host_get(txn, hostid, &h)) != STORE_OK)
		return domain_fail_store(e, rc);
	rc = link_plan_add(txn, &h, add, &all, &fresh, e);
	if (rc == 0 && fresh.n > 0)
		rc = link_check_double(txn, &h, &all, e);
	if (rc == 0 && fresh.n > 0)
		rc = trigger_deps_link_check(txn, &h, &all, &fresh, e);
	for (size_t i = 0; rc == 0 && i < fresh.n; i++) {
		int src = store_host_link_set(txn, hostid, fresh.ids[i], true);

		if (src != STORE_OK)
			rc = domain_fail_store(e, src);
	}
	if (rc == 0 && fresh.n > 0)
		rc = inherit_link_memo(txn, hostid, &fresh, memo, e);
	if (rc == 0 && fresh.n > 1)
		rc = trigger_deps_relink(txn, hostid, e);
	id_list_free(&all);
	id_list_free(&fresh);
	host_free(&h);
	return rc;
}

int
domain_link_remove(struct store_txn *txn, uint64_t hostid, const struct id_list *parents,
    bool clear, struct err *e)
{
	struct id_list cur = { 0 }, hit = { 0 }, asked = { 0 };
	struct id_set linked = { 0 }, done = { 0 };
	struct host h;
	bool on_template = false;
	int rc;

	if (parents == NULL || parents->n == 0)
		return 0;
	rc = store_host_parents(txn, hostid, &cur);
	id_set_add_list(&linked, &cur);
	for (size_t i = 0; rc == STORE_OK && i < parents->n; i++) {
		uint64_t p = parents->ids[i];

		if (!id_set_add(&done, p))
			continue;
		id_list_add(&asked, p);
		if (id_set_has(&linked, p))
			id_list_add(&hit, p);
	}
	id_list_free(&cur);
	id_set_free(&linked);
	id_set_free(&done);
	if (rc == STORE_OK && clear && hit.n > 0 && (rc = store_host_get(txn, hostid, &h)) ==
	    STORE_OK) {
		on_template = host_is_template(&h);
		host_free(&h);
	}
	if (rc != STORE_OK)
		rc = domain_fail_store(e, rc);
	/* Zabbix's trigger checks: a template's clear's dependencies, then every template asked
	 * for */
	else if ((!on_template || (rc = trigger_deps_clear_check(txn, hostid, &hit, e)) == 0) &&
	    (rc = trigger_deps_unlink_check(txn, &asked, e)) == 0) {
		for (size_t i = 0; rc == 0 && i < hit.n; i++)
			if ((rc = store_host_link_set(txn, hostid, hit.ids[i], false)) != STORE_OK)
				rc = domain_fail_store(e, rc);
		if (rc == 0 && hit.n > 0)
			rc = inherit_unlink(txn, hostid, &hit, clear, e);
	}
	id_list_free(&hit);
	id_list_free(&asked);
	return rc;
}

int
domain_link_replace(struct store_txn *txn, uint64_t hostid, const struct id_list *want,
    const struct id_list *clear, struct err *e)
{
	struct id_list cur = { 0 }, drop = { 0 };
	struct id_set wanted = { 0 };
	int rc;

	if (domain_link_remove(txn, hostid, clear, true, e) != 0)
		return -1;
	if (want == NULL)
		return 0;
	if ((rc = store_host_parents(txn, hostid, &cur)) != STORE_OK)
		return domain_fail_store(e, rc);
	id_set_add_list(&wanted, want);
	for (size_t i = 0; i < cur.n; i++)
		if (!id_set_has(&wanted, cur.ids[i]))
			id_list_add(&drop, cur.ids[i]);
	rc = domain_link_remove(txn, hostid, &drop, false, e);
	if (rc == 0)
		rc = domain_link_add(txn, hostid, want, e);
	id_list_free(&cur);
	id_list_free(&drop);
	id_set_free(&wanted);
	return rc;
}

/* A (id, position) pair of a list, sorted by id then position. */
struct link_pos {
	uint64_t	 id;
	size_t		 pos;
};

static int
link_pos_cmp(const void *a, const void *b)
{
	const struct link_pos *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The first position of id in the sorted pairs; n when absent. */
static size_t
link_pos_find(const struct link_pos *v, size_t n, uint64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].id == id ? v[lo].pos : n;
}

int
domain_link_check_clear(struct store_txn *txn, uint64_t hostid, const struct id_list *links,
    const struct id_list *clear, const char *path, struct err *e)
{
	size_t nl = links != NULL ? links->n : 0;
	struct link_pos *byid = xcalloc(nl + 1, sizeof *byid);
	struct id_list cur = { 0 };
	struct id_set linked = { 0 };
	int rc = 0;

	for (size_t i = 0; i < nl; i++)
		byid[i] = (struct link_pos){ links->ids[i], i };
	qsort(byid, nl, sizeof *byid, link_pos_cmp);
	for (size_t c = 0; rc == 0 && c < clear->n; c++) {
		size_t l = link_pos_find(byid, nl, clear->ids[c]);

		if (l < nl)
			rc = err_set(e, ERR_PARAM, NULL, "Invalid parameter \"%s/templates_clear/%zu/"
			    "templateid\": cannot be specified the value of parameter "
			    "\"%s/templates/%zu/templateid\".", path, c + 1, path, l + 1);
	}
	free(byid);
	if (rc != 0)
		return rc;
	if ((rc = store_host_parents(txn, hostid, &cur)) != STORE_OK)
		return domain_fail_store(e, rc);
	id_set_add_list(&linked, &cur);
	for (size_t c = 0; rc == 0 && c < clear->n; c++)
		if (!id_set_has(&linked, clear->ids[c]))
			rc = err_set(e, ERR_PARAM, NULL, "Invalid parameter \"%s/templates_clear/%zu/"
			    "templateid\": cannot be unlinked.", path, c + 1);
	id_list_free(&cur);
	id_set_free(&linked);
	return rc;
}

/* ---- children (the legacy "hosts" of a template) ---- */

/* The template linked to (add) or unlinked from each of the children, in order. */
static int
link_children(struct store_txn *txn, uint64_t templateid, const struct id_list *children,
    bool add, struct err *e)
{
	struct id_list one = { 0 };
	int rc = 0;

	id_list_add(&one, templateid);
	for (size_t i = 0; rc == 0 && i < children->n; i++)
		rc = add ? domain_link_add(txn, children->ids[i], &one, e) :
		    domain_link_remove(txn, children->ids[i], &one, false, e);
	id_list_free(&one);
	return rc;
}

int
domain_link_children_add(struct store_txn *txn, uint64_t templateid,
    const struct id_list *children, struct err *e)
{
	return link_children(txn, templateid, children, true, e);
}

int
domain_link_children_remove(struct store_txn *txn, uint64_t templateid,
    const struct id_list *children, struct err *e)
{
	return link_children(txn, templateid, children, false, e);
}

int
domain_link_children_replace(struct store_txn *txn, uint64_t templateid,
    const struct id_list *want, const struct id_list *clear, struct err *e)
{
	struct id_list cur = { 0 }, one = { 0 }, add = { 0 };
	struct id_set wanted = { 0 }, cleared = { 0 }, had = { 0 };
	int rc = store_host_children(txn, templateid, &cur);

	rc = rc == STORE_OK ? 0 : domain_fail_store(e, rc);
	id_set_add_list(&wanted, want);
	id_set_add_list(&had, &cur);
	if (clear != NULL)
		id_set_add_list(&cleared, clear);
	id_list_add(&one, templateid);
	for (size_t i = 0; rc == 0 && i < cur.n; i++)
		if (!id_set_has(&wanted, cur.ids[i]))
			rc = domain_link_remove(txn, cur.ids[i], &one,
			    id_set_has(&cleared, cur.ids[i]), e);
	for (size_t i = 0; i < want->n; i++)
		if (!id_set_has(&had, want->ids[i]))
			id_list_add(&add, want->ids[i]);
	if (rc == 0)
		rc = domain_link_children_add(txn, templateid, &add, e);
	id_list_free(&cur), id_list_free(&one), id_list_free(&add);
	id_set_free(&wanted), id_set_free(&cleared), id_set_free(&had);
	return rc;
}
