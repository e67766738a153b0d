/* inherit.c: the inheritance engine: how every inherited kind follows template links (link,
 * unlink, clear, create, edit, delete), walking down the links in a loop with a visited set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

const struct inherit_kind *const inherit_kinds[] = {
	&inherit_kind_item,
	&inherit_kind_trigger,
	&inherit_kind_graph,
	&inherit_kind_httptest,
	&inherit_kind_graphproto,
	&inherit_kind_hostproto,
	NULL,
};

/* ---- records of a kind, as opaque blocks of k->size bytes ---- */

static void *
rec_at(const struct inherit_kind *k, const void *base, size_t i)
{
	return (char *)(uintptr_t)base + i * k->size;
}

static uint64_t
rec_u64(const void *rec, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)rec + off, sizeof v);
	return v;
}

static void
rec_set_u64(void *rec, size_t off, uint64_t v)
{
	memcpy((char *)rec + off, &v, sizeof v);
}

static void
recs_free(const struct inherit_kind *k, void *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		k->free(rec_at(k, v, i));
	free(v);
}

/* Every object of the kind on a host, loaded (*n of them). */
static int
recs_of_host(struct store_txn *txn, const struct inherit_kind *k, uint64_t hostid, void **out,
    size_t *n)
{
	struct id_list ids = { 0 };
	int rc = k->host_ids(txn, hostid, &ids);

	*n = 0;
	*out = xcalloc(ids.n + 1, k->size);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = k->get(txn, ids.ids[i], rec_at(k, *out, i))) == STORE_OK)
			(*n)++;
	id_list_free(&ids);
	return rc;
}

/* ---- copies onto one host ---- */

static int
target_load(struct store_txn *txn, const struct inherit_kind *k, uint64_t hostid,
    struct inherit_target *t)
{
	int rc;

	memset(t, 0, sizeof *t);
	if ((rc = store_host_get(txn, hostid, &t->h)) != STORE_OK)
		return rc;
	return k->target_load != NULL ? k->target_load(txn, t) : STORE_OK;
}

static void
target_free(const struct inherit_kind *k, struct inherit_target *t)
{
	if (k->target_free != NULL)
		k->target_free(t);
	host_free(&t->h);
}

/* An existing object with src's key: a copy of src brought in line, or the target's own
 * object adopted; one inherited from another object refuses. */
static int
inherit_sync(struct store_txn *txn, const struct inherit_kind *k, const struct inherit_target *t,
    const void *src, void *out, struct err *e)
{
	uint64_t srcid = rec_u64(src, k->off_id), tid = rec_u64(out, k->off_templateid);
	void *next;
	int rc;

	if (tid != 0 && tid != srcid)
		return k->fail_inherited(e, k->key(src), t->h.host);
	next = xcalloc(1, k->size);
	if ((rc = k->sync(t, out, src, tid == 0, next, e)) == 1) {
		rec_set_u64(next, k->off_templateid, srcid);
		rc = k->update(txn, out, next);
		k->free(out);
		memcpy(out, next, k->size);
		rc = rc == STORE_OK ? 0 : domain_fail_store(e, rc);
	}
	free(next);
	return rc;
}

/* src on the target, into zeroed *out: a new copy, or the object with its key synced (none
 * when the target held nothing of the kind, !any). */
static int
inherit_one(struct store_txn *txn, const struct inherit_kind *k, const struct inherit_target *t,
    bool any, const void *src, void *out, struct err *e)
{
	uint64_t id = 0;
	int rc = !any ? STORE_ENOTFOUND : k->find != NULL ? k->find(txn, t, src, &id) :
	    k->by_key(txn, t->h.hostid, k->key(src), &id);

	if (rc == STORE_ENOTFOUND) {
		if (k->copy(t, src, out, e) != 0)
			return -1;
		rec_set_u64(out, k->off_hostid, t->h.hostid);
		rec_set_u64(out, k->off_templateid, rec_u64(src, k->off_id));
		rc = k->create(txn, out);
		return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
	}
	if (rc != STORE_OK || (rc = k->get(txn, id, out)) != STORE_OK)
		return domain_fail_store(e, rc);
	return inherit_sync(txn, k, t, src, out, e);
}

/* The n objects of src written onto one host; *out gets the copies there (in buf when not
 * NULL: room for n + 1 records, zeroed). */
static int
inherit_onto(struct store_txn *txn, const struct inherit_kind *k, uint64_t hostid,
    const void *src, size_t n, void *buf, void **out, struct err *e)
{
	struct inherit_target t;
	void *copies = buf != NULL ? buf : xcalloc(n + 1, k->size);
	size_t done = 0;
	bool any = true;	/* the objects of one parent do not find each other's copies */
	int rc = target_load(txn, k, hostid, &t);

	if (rc == STORE_OK && k->host_any != NULL)
		rc = k->host_any(txn, hostid, &any);
	rc = rc == STORE_OK ? 0 : domain_fail_store(e, rc);
	for (; rc == 0 && done < n; done++)
		rc = inherit_one(txn, k, &t, any, rec_at(k, src, done), rec_at(k, copies, done), e);
	if (rc == 0 && k->linked != NULL)
		rc = k->linked(&t, src, copies, n, e);
	target_free(k, &t);
	if (rc != 0) {
		recs_free(k, copies, done);
		return -1;
	}
	*out = copies;
	return 0;
}

/* ---- the walk down the links ---- */

/* A host whose copies are made, with the hosts below it still to visit. */
struct inherit_frame {
	void		*objs;		/* its objects (the origin's are borrowed) */
	size_t		 objs_size;	/* the bytes of an owned objs array */
	bool		 owned;
	struct id_list	 kids;
	size_t		 next;
};

struct inherit_walk {
	struct store_txn		*txn;
	const struct inherit_kind	*k;
	size_t				 n;	/* objects per host */
	struct inherit_frame		*st;
	size_t				 depth, cap;
	struct id_set			 seen;
	/* the array of a popped frame, for the next host's copies: a link of many hosts
	 * allocates (and frees) one, not one per host (kept in the memo across walks) */
	void				*spare;
	size_t				 spare_size;	/* its bytes */
};

static struct inherit_frame *
walk_push(struct inherit_walk *w, void *objs, bool owned)
{
	struct inherit_frame *f;

	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->st = xrealloc(w->st, w->cap * sizeof *w->st);
	}
	f = &w->st[w->depth++];
	memset(f, 0, sizeof *f);
	f->objs = objs, f->owned = owned;
	return f;
}

static void
walk_pop(struct inherit_walk *w)
{
	struct inherit_frame *f = &w->st[--w->depth];

	if (f->owned) {
		for (size_t i = 0; i < w->n; i++)
			w->k->free(rec_at(w->k, f->objs, i));
		if (w->spare == NULL)
			w->spare = f->objs, w->spare_size = f->objs_size;
		else
			free(f->objs);
	}
	id_list_free(&f->kids);
}

/* A host reached a second time in one walk (two paths down, or a stored cycle) would get
 * the objects twice: Zabbix's "inherited from another template". */
static int
walk_fail_twice(struct inherit_walk *w, const struct inherit_frame *f, uint64_t hostid,
    struct err *e)
{
	char *name = domain_host_name(w->txn, hostid);

	w->k->fail_inherited(e, w->k->key(f->objs), name);
	free(name);
	return -1;
}

/* The next host below the top frame: its copies made, then its own frame pushed. The
 * parent's frame goes as soon as its last child has its copies, so a chain keeps two. */
static int
walk_step(struct inherit_walk *w, struct err *e)
{
	struct inherit_frame *f = &w->st[w->depth - 1];
	uint64_t child;
	void *copies, *buf = w->spare;
	size_t need = (w->n + 1) * w->k->size, size = w->spare_size;
	int rc;

	if (f->next == f->kids.n) {
		walk_pop(w);
		return 0;
	}
	child = f->kids.ids[f->next++];
	if (!id_set_add(&w->seen, child))
		return walk_fail_twice(w, f, child, e);
	if (buf != NULL && size < need) {
		free(buf);	/* too small for this kind's records */
		buf = NULL;
	}
	w->spare = NULL;
	if (buf != NULL)
		memset(buf, 0, need);
	else
		size = need;	/* inherit_onto allocates it */
	if (inherit_onto(w->txn, w->k, child, f->objs, w->n, buf, &copies, e) != 0)
		return -1;
	if (f->next == f->kids.n)
		walk_pop(w);
	f = walk_push(w, copies, true);
	f->objs_size = size;
	rc = store_host_children(w->txn, child, &f->kids);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* Copies n objects of origin to the hosts of `first` and, depth first in id order, to
 * every host below them. */
static int
inherit_walk(struct store_txn *txn, const struct inherit_kind *k, uint64_t origin,
    const void *objs, size_t n, const struct id_list *first, struct inherit_memo *memo,
    struct err *e)
{
	struct inherit_walk w = { .txn = txn, .k = k, .n = n };
	struct inherit_frame *f;
	int rc = 0;

	if (n == 0 || first->n == 0)
		return 0;
	if (memo != NULL)
		w.spare = memo->spare, w.spare_size = memo->spare_size, memo->spare = NULL;
	id_set_add(&w.seen, origin);
	f = walk_push(&w, (void *)(uintptr_t)objs, false);
	for (size_t i = 0; i < first->n; i++)
		id_list_add(&f->kids, first->ids[i]);
	while (rc == 0 && w.depth > 0)
		rc = walk_step(&w, e);
	while (w.depth > 0)
		walk_pop(&w);
	if (memo != NULL && memo->spare == NULL)
		memo->spare = w.spare, memo->spare_size = w.spare_size;
	else
		free(w.spare);
	free(w.st);
	id_set_free(&w.seen);
	return rc;
}

/* One parent's objects of one kind, kept for a call's links. */
struct inherit_memo_entry {
	const struct inherit_kind	*k;
	uint64_t			 parent;
	void				*objs;
	size_t				 n;
};

void
inherit_memo_free(struct inherit_memo *m)
{
	for (size_t i = 0; i < m->n; i++)
		recs_free(m->v[i].k, m->v[i].objs, m->v[i].n);
	free(m->v);
	free(m->spare);
	memset(m, 0, sizeof *m);
}

/* The parent's objects from the memo, loaded into it the first time (owned by it). */
static int
memo_objs(struct store_txn *txn, struct inherit_memo *m, const struct inherit_kind *k,
    uint64_t parent, void **objs, size_t *n)
{
	int rc;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].k == k && m->v[i].parent == parent) {
			*objs = m->v[i].objs, *n = m->v[i].n;
			return STORE_OK;
		}
	if ((rc = recs_of_host(txn, k, parent, objs, n)) != STORE_OK) {
		recs_free(k, *objs, *n);
		*objs = NULL, *n = 0;
		return rc;
	}
	m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
	m->v[m->n++] = (struct inherit_memo_entry){ k, parent, *objs, *n };
	return STORE_OK;
}

int
inherit_link(struct store_txn *txn, uint64_t hostid, const struct id_list *parents,
    struct err *e)
{
	return inherit_link_memo(txn, hostid, parents, NULL, e);
}

int
inherit_link_memo(struct store_txn *txn, uint64_t hostid, const struct id_list *parents,
    struct inherit_memo *memo, struct err *e)
{
	struct id_list first = { 0 };
	int rc = 0;

	id_list_add(&first, hostid);
	for (const struct inherit_kind *const *k = inherit_kinds; rc == 0 && *k != NULL; k++)
		for (size_t i = 0; rc == 0 && i < parents->n; i++) {
			void *objs;
			size_t n;
			int src = memo != NULL ? memo_objs(txn, memo, *k, parents->ids[i], &objs, &n) :
			    recs_of_host(txn, *k, parents->ids[i], &objs, &n);

			rc = src == STORE_OK ? inherit_walk(txn, *k, parents->ids[i], objs, n, &first,
			    memo, e) : domain_fail_store(e, src);
			if (memo == NULL)
				recs_free(*k, objs, n);
		}
	id_list_free(&first);
	return rc;
}

int
inherit_created(struct store_txn *txn, const struct inherit_kind *k, const void *objs,
    size_t n, struct err *e)
{
	struct id_list kids = { 0 };
	uint64_t hostid;
	int rc;

	if (n == 0)
		return 0;
	hostid = rec_u64(objs, k->off_hostid);
	if ((rc = store_host_children(txn, hostid, &kids)) != STORE_OK)
		rc = domain_fail_store(e, rc);
	else
		rc = inherit_walk(txn, k, hostid, objs, n, &kids, NULL, e);
	id_list_free(&kids);
	return rc;
}

/* ---- unlink and clear ---- */

/* The object left as the host's own. */
static enum store_rc
unlink_detach(struct store_txn *txn, const struct inherit_kind *k, const void *cur,
    bool on_template)
{
	void *next = xcalloc(1, k->size);
	int rc;

	k->dup(next, cur);
	rec_set_u64(next, k->off_templateid, 0);
	k->detach(next, on_template);
	rc = k->update(txn, cur, next);
	k->free(next);
	free(next);
	return rc;
}

/* The object's hostid and templateid: by the kind's links when it has one. */
static enum store_rc
obj_links(struct store_txn *txn, const struct inherit_kind *k, uint64_t id, uint64_t *hostid,
    uint64_t *templateid)
{
	void *rec;
	enum store_rc rc;

	if (k->links != NULL)
		return k->links(txn, id, hostid, templateid);
	rec = xcalloc(1, k->size);
	if ((rc = k->get(txn, id, rec)) == STORE_OK) {
		*hostid = rec_u64(rec, k->off_hostid);
		*templateid = rec_u64(rec, k->off_templateid);
		k->free(rec);
	}
	free(rec);
	return rc;
}

/* The object, a copy of one on these parents, left as the host's own. */
static enum store_rc
unlink_keep(struct store_txn *txn, const struct inherit_kind *k, const struct host *h,
    uint64_t id)
{
	void *cur = xcalloc(1, k->size);
	enum store_rc rc = k->load != NULL ? k->load(txn, id, cur) : k->get(txn, id, cur);

	if (rc == STORE_OK) {
		rc = unlink_detach(txn, k, cur, host_is_template(h));
		k->free(cur);
	}
	free(cur);
	return rc;
}

/* One object of the host: is it a copy of an object of these parents? */
static int
unlink_one(struct store_txn *txn, const struct inherit_kind *k, const struct host *h,
    uint64_t id, const struct id_set *parents, bool clear)
{
	uint64_t hostid, tid, up_hostid, up_tid;
	int rc = obj_links(txn, k, id, &hostid, &tid);

	if (rc == STORE_OK && tid != 0) {
		if ((rc = obj_links(txn, k, tid, &up_hostid, &up_tid)) == STORE_OK) {
			if (id_set_has(parents, up_hostid))
				rc = clear ? k->delete_tree(txn, id) : unlink_keep(txn, k, h, id);
		} else if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;	/* no object above: nothing to unlink */
	}
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;	/* gone already: nothing to unlink */
}

static int
unlink_kind(struct store_txn *txn, const struct inherit_kind *k, const struct host *h,
    const struct id_set *parents, bool clear)
{
	struct id_list ids = { 0 };
	int rc = k->host_ids(txn, h->hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = unlink_one(txn, k, h, ids.ids[i], parents, clear);
	id_list_free(&ids);
	return rc;
}

int
inherit_unlink(struct store_txn *txn, uint64_t hostid, const struct id_list *parents,
    bool clear, struct err *e)
{
	struct id_set set = { 0 };
	struct host h;
	int rc;

	if (parents->n == 0)
		return 0;
	if ((rc = store_host_get(txn, hostid, &h)) != STORE_OK)
		return domain_fail_store(e, rc);
	id_set_add_list(&set, parents);
	/* A clear goes through the kinds last first: the graphs and triggers that use the items
	 * go as objects of their own before the items do, so that deleting an item does not
	 * rewrite a graph once per item it loses (the result is the same either way). */
	size_t nk = 0;

	while (inherit_kinds[nk] != NULL)
		nk++;
	for (size_t i = 0; rc == STORE_OK && i < nk; i++)
		rc = unlink_kind(txn, inherit_kinds[clear ? nk - 1 - i : i], &h, &set, clear);
	id_set_free(&set);
	host_free(&h);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* ---- edit and delete ---- */

/* The edit of src onto one copy; a new key must be free on the copy's host. */
static int
edited_one(struct store_txn *txn, const struct inherit_kind *k, const void *src,
    const void *edit, uint64_t id, struct err *e)
{
	void *cur = xcalloc(2, k->size), *next = rec_at(k, cur, 1);
	uint64_t other, hostid;
	int rc = k->get(txn, id, cur);

	if (rc != STORE_OK) {
		free(cur);
		return domain_fail_store(e, rc);
	}
	k->dup(next, cur);
	k->edit(next, src, edit);
	hostid = rec_u64(cur, k->off_hostid);
	if (strcmp(k->key(cur), k->key(next)) != 0 &&
	    k->by_key(txn, hostid, k->key(next), &other) == STORE_OK) {
		char *name = domain_host_name(txn, hostid);

		rc = k->fail_taken(e, k->key(next), name);
		free(name);
	} else if ((rc = k->update(txn, cur, next)) != STORE_OK)
		rc = domain_fail_store(e, rc);
	k->free(cur);
	k->free(next);
	free(cur);
	return rc;
}

int
inherit_edited(struct store_txn *txn, const struct inherit_kind *k, const void *obj,
    const void *edit, struct err *e)
{
	struct id_list waiting = { 0 };
	struct id_set seen = { 0 };
	int rc = k->copy_ids(txn, rec_u64(obj, k->off_id), &waiting);

	rc = rc == STORE_OK ? 0 : domain_fail_store(e, rc);
	for (size_t i = 0; rc == 0 && i < waiting.n; i++) {
		int src;

		if (!id_set_add(&seen, waiting.ids[i]))
			continue;
		if ((rc = edited_one(txn, k, obj, edit, waiting.ids[i], e)) == 0 &&
		    (src = k->copy_ids(txn, waiting.ids[i], &waiting)) != STORE_OK)
			rc = domain_fail_store(e, src);
	}
	id_list_free(&waiting);
	id_set_free(&seen);
	return rc;
}

int
inherit_deleted(struct store_txn *txn, const struct inherit_kind *k, uint64_t id,
    struct err *e)
{
	int rc = k->delete_tree(txn, id);

	return rc == STORE_OK || rc == STORE_ENOTFOUND ? 0 : domain_fail_store(e, rc);
}

bool
inherit_editable(const struct inherit_kind *k, const char *field)
{
	return k->editable != NULL && k->editable(field);
}
