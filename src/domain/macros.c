/* macros.c: user macros of hosts and templates: their one normal form, and one way to add,
 * replace and remove them with Zabbix's checks, each over a call's own list in O(n log n). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

char *
domain_macros_norm(const char *name)
{
	char *norm = NULL, *cause = NULL;

	if (macro_parse(name, &norm, &cause) != 0) {
		free(cause);
		return xstrdup(name);
	}
	return norm;
}

void
domain_macro_apply(struct macro *m, const struct domain_macro *in)
{
	bool fresh = m->macro == NULL;
	uint32_t type = in->type >= 0 ? (uint32_t)in->type : m->type;

	if (in->macro != NULL)
		user_set_str(&m->macro, in->macro);
	if (in->value != NULL)
		user_set_str(&m->value, in->value);
	else if (!fresh && m->type == MACRO_TYPE_SECRET && type != MACRO_TYPE_SECRET)
		user_set_str(&m->value, "");	/* the secret stays behind */
	else if (m->value == NULL)
		m->value = xstrdup("");
	if (in->description != NULL)
		user_set_str(&m->description, in->description);
	else if (m->description == NULL)
		m->description = xstrdup("");
	m->type = type;
}

/* Zabbix checks a vault value when the macro is new, or its value or type changes; a
 * secret turned vault without a value has "" by then (domain_macro_apply), as in Zabbix,
 * which pads such a value with "" before the vault check: neither quotes the secret. */
int
domain_macro_check_vault(const struct macro *m, const struct domain_macro *in, bool fresh,
    uint32_t old_type, const char *path, size_t index, struct err *e)
{
	char *cause = NULL;

	if (m->type != MACRO_TYPE_VAULT)
		return 0;
	if (!fresh && in->value == NULL && old_type == MACRO_TYPE_VAULT)
		return 0;
	if (macro_vault_valid(m->value, &cause))
		return 0;
	err_set(e, ERR_PARAM, NULL, "Invalid parameter \"%s/%zu/value\": %s.", path, index + 1,
	    cause);
	free(cause);
	return -1;
}

/* ---- keys sorted for the checks over a call's own list ---- */

struct macro_key {
	uint64_t	 hostid;
	const char	*norm;
	size_t		 i;
};

static int
macro_key_cmp(const void *a, const void *b)
{
	const struct macro_key *x = a, *y = b;
	int c;

	if (x->hostid != y->hostid)
		return x->hostid < y->hostid ? -1 : 1;
	if ((c = strcmp(x->norm, y->norm)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The keys of the non-NULL norms, sorted; *nk their count. */
static struct macro_key *
macro_keys(const uint64_t *hostids, char *const *norms, size_t n, size_t *nk)
{
	struct macro_key *k = xcalloc(n + 1, sizeof *k);

	*nk = 0;
	for (size_t i = 0; i < n; i++)
		if (norms[i] != NULL)
			k[(*nk)++] = (struct macro_key){ hostids ? hostids[i] : 0, norms[i], i };
	qsort(k, *nk, sizeof *k, macro_key_cmp);
	return k;
}

size_t
domain_macros_first_dup(const uint64_t *hostids, char *const *norms, size_t n)
{
	size_t nk, first = n;
	struct macro_key *k = macro_keys(hostids, norms, n, &nk);

	/* a key equal to the one before it (they are sorted by position) is a repeat */
	for (size_t j = 1; j < nk; j++)
		if (k[j].i < first && k[j].hostid == k[j - 1].hostid &&
		    strcmp(k[j].norm, k[j - 1].norm) == 0)
			first = k[j].i;
	free(k);
	return first;
}

/* ---- a host's stored macros ---- */

struct macro_stored {
	struct macro	*m;		/* by hostmacroid, ascending */
	char		**norm;		/* their normal forms */
	struct macro_key *bynorm;	/* (norm, index into m), sorted */
	size_t		 n;
};

static void
macro_stored_free(struct macro_stored *s)
{
	for (size_t i = 0; i < s->n; i++) {
		macro_free(&s->m[i]);
		free(s->norm[i]);
	}
	free(s->m), free(s->norm), free(s->bynorm);
	memset(s, 0, sizeof *s);
}

static int
macro_stored_load(struct store_txn *txn, uint64_t hostid, struct macro_stored *s)
{
	struct id_list ids = { 0 };
	int rc = store_host_macros(txn, hostid, &ids);
	size_t nk;

	memset(s, 0, sizeof *s);
	s->m = xcalloc(ids.n + 1, sizeof *s->m);
	s->norm = xcalloc(ids.n + 1, sizeof *s->norm);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		if ((rc = store_macro_get(txn, ids.ids[i], &s->m[i])) != STORE_OK)
			break;
		s->norm[i] = domain_macros_norm(s->m[i].macro);
		s->n++;
	}
	id_list_free(&ids);
	s->bynorm = macro_keys(NULL, s->norm, s->n, &nk);
	return rc;
}

static struct macro *
macro_stored_by_id(const struct macro_stored *s, uint64_t id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->m[mid].hostmacroid == id)
			return &s->m[mid];
		if (s->m[mid].hostmacroid < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The first entry of bynorm with this normal form (its index there); n when none. */
static size_t
macro_stored_by_norm(const struct macro_stored *s, const char *norm)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->bynorm[mid].norm, norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && strcmp(s->bynorm[lo].norm, norm) == 0 ? lo : s->n;
}

int
domain_macros_first_taken(struct store_txn *txn, const uint64_t *hostids, char *const *norms,
    size_t n, size_t *first, struct err *e)
{
	size_t nk, i = 0;
	struct macro_key *k = macro_keys(hostids, norms, n, &nk);
	int rc = STORE_OK;

	*first = n;
	while (rc == STORE_OK && i < nk) {
		struct macro_stored s;
		size_t j;

		rc = macro_stored_load(txn, k[i].hostid, &s);
		for (j = i; j < nk && k[j].hostid == k[i].hostid; j++)
			if (rc == STORE_OK && macro_stored_by_norm(&s, k[j].norm) < s.n &&
			    k[j].i < *first)
				*first = k[j].i;
		macro_stored_free(&s);
		i = j;
	}
	free(k);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* ---- one host's macros: the plan of a call ---- */

/* One macro of the call, resolved against what is stored. */
struct macro_plan {
	const struct domain_macro *in;
	struct macro	*old;		/* the stored macro it changes; NULL: a new one */
	const char	*name;		/* its name after the call */
	char		*norm;
	struct macro	 rec;		/* the record to write */
};

struct macro_call {
	struct store_txn	*txn;
	const struct host	*h;
	const char		*path;
	struct macro_stored	 stored;
	struct macro_plan	*plan;
	size_t			 n;
};

static void
macro_call_free(struct macro_call *c)
{
	for (size_t i = 0; c->plan != NULL && i < c->n; i++) {
		free(c->plan[i].norm);
		macro_free(&c->plan[i].rec);
	}
	free(c->plan);
	macro_stored_free(&c->stored);
}

static int
macro_call_init(struct macro_call *c, struct store_txn *txn, const struct host *h,
    const char *path, size_t n, struct err *e)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->txn = txn, c->h = h, c->path = path, c->n = n;
	c->plan = xcalloc(n + 1, sizeof *c->plan);
	rc = macro_stored_load(txn, h->hostid, &c->stored);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* Resolves one element; in add mode (stored ids not looked up) an id is unknown. */
static int
macro_plan_one(struct macro_call *c, const struct domain_macro *in, size_t i, bool add,
    struct err *e)
{
	struct macro_plan *p = &c->plan[i];

	p->in = in;
	if (in->has_id) {
		if (add || (p->old = macro_stored_by_id(&c->stored, in->hostmacroid)) == NULL)
			return err_set(e, ERR_NOT_FOUND, NULL, NO_PERMISSIONS);
	} else if (in->macro == NULL || in->value == NULL)
		return err_set(e, ERR_PARAM, NULL, "Invalid parameter \"%s/%zu\": the parameter "
		    "\"%s\" is missing.", c->path, i + 1, in->macro == NULL ? "macro" : "value");
	if (p->old != NULL) {
		p->rec = *p->old;
		p->rec.macro = xstrdup(p->old->macro);
		p->rec.value = xstrdup(p->old->value);
		p->rec.description = xstrdup(p->old->description);
	} else
		p->rec.hostid = c->h->hostid;
	domain_macro_apply(&p->rec, in);
	p->name = p->rec.macro;
	p->norm = domain_macros_norm(p->name);
	return domain_macro_check_vault(&p->rec, in, p->old == NULL,
	    p->old != NULL ? p->old->type : 0, c->path, i, e);
}

static int
macro_plan_all(struct macro_call *c, const struct domain_macro *v, bool add, struct err *e)
{
	char **norms;
	size_t j;

	for (size_t i = 0; i < c->n; i++)
		if (macro_plan_one(c, &v[i], i, add, e) != 0)
			return -1;
	norms = xcalloc(c->n + 1, sizeof *norms);
	for (size_t i = 0; i < c->n; i++)
		norms[i] = c->plan[i].norm;
	j = domain_macros_first_dup(NULL, norms, c->n);
	free(norms);
	if (j < c->n)
		return err_set(e, ERR_PARAM, NULL, "Invalid parameter \"%s/%zu\": value (macro)=(%s) "
		    "already exists.", c->path, j + 1, c->plan[j].name);
	return 0;
}

/* A macro renamed onto the stored name of another macro that the call keeps. */
static int
macro_check_renames(struct macro_call *c, struct err *e)
{
	struct macro_key *kept = xcalloc(c->n + 1, sizeof *kept);
	size_t nk = 0;
	int rc = 0;

	for (size_t k = 0; k < c->n; k++)
		if (c->plan[k].old != NULL)
			kept[nk++] = (struct macro_key){ 0,
			    c->stored.norm[c->plan[k].old - c->stored.m], k };
	qsort(kept, nk, sizeof *kept, macro_key_cmp);
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		const struct macro_plan *p = &c->plan[i];
		size_t lo = 0, hi = nk;

		if (p->old == NULL || strcmp(p->old->macro, p->name) == 0)
			continue;
		while (lo < hi) {	/* the first kept macro with this normal form */
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(kept[mid].norm, p->norm) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; rc == 0 && lo < nk && strcmp(kept[lo].norm, p->norm) == 0; lo++)
			if (kept[lo].i != i)
				rc = err_set(e, ERR_EXISTS, NULL, "Macro \"%s\" already exists on "
				    "\"%s\".", p->name, c->h->name);
	}
	free(kept);
	return rc;
}

/* The stored macros the call does not name go; the others are written in order. */
static int
macro_write(struct macro_call *c, bool replace, struct err *e)
{
	bool *kept = xcalloc(c->stored.n + 1, sizeof *kept);
	uint64_t next = 0, *gone = xcalloc(c->stored.n + 1, sizeof *gone);
	size_t fresh = 0, ngone = 0;
	int rc = STORE_OK;

	for (size_t i = 0; i < c->n; i++)
		if (c->plan[i].old != NULL)
			kept[c->plan[i].old - c->stored.m] = true;
		else
			fresh++;
	for (size_t k = 0; replace && k < c->stored.n; k++)
		if (!kept[k])
			gone[ngone++] = c->stored.m[k].hostmacroid;
	if (ngone > 0 && ngone == c->stored.n)	/* none kept: the host's pairs go at once */
		rc = store_macro_delete_all(c->txn, c->h->hostid, gone, ngone);
	for (size_t k = 0; ngone < c->stored.n && rc == STORE_OK && k < ngone; k++)
		rc = store_macro_delete(c->txn, c->h->hostid, gone[k]);
	if (rc == STORE_OK && fresh > 0)	/* the new macros' ids, in the order sent */
		rc = store_macro_ids_take(c->txn, fresh, &next);
	for (size_t i = 0; rc == STORE_OK && i < c->n; i++) {
		if (c->plan[i].old != NULL) {
			rc = store_macro_update(c->txn, &c->plan[i].rec);
			continue;
		}
		c->plan[i].rec.hostmacroid = next++;
		rc = store_macro_create_at(c->txn, &c->plan[i].rec);
	}
	free(kept);
	free(gone);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

int
domain_macros_add(struct store_txn *txn, const struct host *h, const struct domain_macro *v,
    size_t n, const char *path, const char *on, struct err *e)
{
	struct macro_call c;
	int rc = macro_call_init(&c, txn, h, path, n, e);

	if (rc == 0)
		rc = macro_plan_all(&c, v, true, e);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (macro_stored_by_norm(&c.stored, c.plan[i].norm) < c.stored.n)
			rc = err_set(e, ERR_EXISTS, NULL, "Macro \"%s\" already exists on \"%s\".",
			    c.plan[i].name, on);
	if (rc == 0)
		rc = macro_write(&c, false, e);
	macro_call_free(&c);
	return rc;
}

static int
macro_replace(struct macro_call *c, const struct domain_macro *v, struct err *e)
{
	if (macro_plan_all(c, v, false, e) != 0 || macro_check_renames(c, e) != 0)
		return -1;
	return macro_write(c, true, e);
}

int
domain_macros_replace(struct store_txn *txn, const struct host *h,
    const struct domain_macro *v, size_t n, const char *path, struct err *e)
{
	struct macro_call c;
	int rc = macro_call_init(&c, txn, h, path, n, e);

	if (rc == 0)
		rc = macro_replace(&c, v, e);
	macro_call_free(&c);
	return rc;
}

int
domain_macros_replace_by_name(struct store_txn *txn, const struct host *h,
    const struct domain_macro *v, size_t n, const char *path, struct err *e)
{
	struct domain_macro *named = xcalloc(n + 1, sizeof *named);
	struct macro_call c;
	int rc = macro_call_init(&c, txn, h, path, n, e);

	for (size_t i = 0; i < n; i++) {
		named[i] = v[i];
		if (!v[i].has_id && v[i].macro != NULL) {
			char *norm = domain_macros_norm(v[i].macro);
			size_t k = macro_stored_by_norm(&c.stored, norm);

			if (k < c.stored.n) {
				named[i].has_id = true;
				named[i].hostmacroid = c.stored.m[c.stored.bynorm[k].i].hostmacroid;
			}
			free(norm);
		}
	}
	if (rc == 0)
		rc = macro_replace(&c, named, e);
	macro_call_free(&c);
	free(named);
	return rc;
}

static int
macro_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
domain_macros_remove(struct store_txn *txn, uint64_t hostid, const char *const *names,
    size_t n, struct err *e)
{
	const char **sorted = xcalloc(n + 1, sizeof *sorted);
	struct macro_stored s;
	int rc;

	memcpy(sorted, names, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, macro_name_cmp);
	rc = macro_stored_load(txn, hostid, &s);
	for (size_t k = 0; rc == STORE_OK && k < s.n; k++) {
		const char *name = s.m[k].macro;

		if (bsearch(&name, sorted, n, sizeof *sorted, macro_name_cmp) != NULL)
			rc = store_macro_delete(txn, hostid, s.m[k].hostmacroid);
	}
	macro_stored_free(&s);
	free(sorted);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

int
domain_macros_clear(struct store_txn *txn, uint64_t hostid, struct err *e)
{
	struct id_list ids = { 0 };
	int rc = store_host_macros(txn, hostid, &ids);

	if (rc == STORE_OK)
		rc = store_macro_delete_all(txn, hostid, ids.ids, ids.n);
	id_list_free(&ids);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
