/* inherit_trigger.c: triggers as a kind of the inheritance engine: identified on a host by
 * description and host-less expressions, a copy's functions use the child's items of the same
 * keys, and its dependencies point to the child's copies of the triggers depended on. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the record ---- */

static const char *
trig_rec_key(const void *r)
{
	const struct trigger *t = r;

	return t->ikey != NULL ? t->ikey : "";
}

static void
trig_rec_dup(void *dst, const void *src)
{
	trigger_dup(dst, src);
}

static void
trig_rec_free(void *r)
{
	trigger_free(r);
}

/* A trigger as stored, for an unlink (trigger_same_self needs no identity). */
static enum store_rc
trig_rec_load(struct store_txn *txn, uint64_t id, void *r)
{
	return store_trigger_get(txn, id, r);
}

/* The engine's records carry their identity, and their functions their items' keys (read
 * once here, not once per host a link copies them to). */
static enum store_rc
trig_rec_get(struct store_txn *txn, uint64_t id, void *r)
{
	struct trigger *t = r;
	enum store_rc rc = store_trigger_get(txn, id, t);

	for (size_t i = 0; rc == STORE_OK && i < t->nfn; i++) {
		rc = store_item_field(txn, t->fn[i].itemid, ITEM_F_KEY, &t->fn[i].key_hostid,
		    &t->fn[i].key);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;	/* unknown: read again where needed */
	}
	if (rc != STORE_OK) {
		trigger_free(t);
		return rc;
	}
	return domain_trigger_ikey(txn, t, &t->ikey);
}

static enum store_rc
trig_rec_create(struct store_txn *txn, void *r)
{
	return store_trigger_create(txn, r);
}

static enum store_rc
trig_rec_update(struct store_txn *txn, const void *old, const void *new)
{
	return store_trigger_update(txn, old, new);
}

/* ---- the target host: the walk's txn ---- */

static enum store_rc
trig_target_load(struct store_txn *txn, struct inherit_target *t)
{
	t->own = txn;
	return STORE_OK;
}

static void
trig_target_free(struct inherit_target *t)
{
	t->own = NULL;
}

/* ---- functions on another host ---- */

int
domain_trigger_fns_onto(struct store_txn *txn, const struct trigger *src, uint64_t hostid,
    struct trigger *out, struct err *e)
{
	uint64_t *from = xcalloc(src->nfn + 1, sizeof *from), *to = xcalloc(src->nfn + 1,
	    sizeof *to), *items = xcalloc(src->nfn + 1, sizeof *items);
	char **keys = xcalloc(src->nfn + 1, sizeof *keys);
	size_t found = 0;
	int rc = 0, id_rc;

	trigger_fns_clear(out);
	/* each function's item on the host, then the function ids of those found, taken at
	 * once (as many as one id per function up to a failing one would take) */
	for (; rc == 0 && found < src->nfn; found++) {
		const struct trigger_fn *f = &src->fn[found];
		uint64_t src_host = f->key_hostid;
		int src_rc = f->key != NULL ? (keys[found] = xstrdup(f->key), STORE_OK) :
		    store_item_field(txn, f->itemid, ITEM_F_KEY, &src_host, &keys[found]);

		if (src_rc != STORE_OK) {
			rc = domain_fail_store(e, src_rc);
			break;
		}
		src_rc = store_item_by_key_for(txn, hostid, keys[found], f->itemid, &items[found]);
		if (src_rc == STORE_ENOTFOUND) {
			char *name = domain_host_name(txn, src_host);

			rc = err_set(e, ERR_PARAM, NULL, "Trigger has items from template \"%s\" that "
			    "is not linked to host.", name);
			free(name);
			break;
		} else if (src_rc != STORE_OK) {
			rc = domain_fail_store(e, src_rc);
			break;
		}
	}
	if (found > 0 && (id_rc = store_trigger_function_ids(txn, found, to)) != STORE_OK) {
		rc = rc != 0 ? rc : domain_fail_store(e, id_rc);
		found = 0;
	}
	for (size_t i = 0; i < found; i++) {
		from[i] = src->fn[i].functionid;
		trigger_fn_add(out, to[i], items[i], src->fn[i].name, src->fn[i].parameter);
		out->fn[i].key = keys[i];	/* the key its item was found by */
		out->fn[i].key_hostid = hostid;
		keys[i] = NULL;
	}
	for (size_t i = 0; i < src->nfn; i++)
		free(keys[i]);
	free(keys);
	free(items);
	if (rc == 0) {
		char *x = trigger_expr_remap(src->f[TRIGGER_F_EXPRESSION], from, to, src->nfn);
		char *r = trigger_expr_remap(src->f[TRIGGER_F_RECOVERY_EXPRESSION], from, to,
		    src->nfn);

		trigger_set(out, TRIGGER_F_EXPRESSION, x);
		trigger_set(out, TRIGGER_F_RECOVERY_EXPRESSION, r);
		free(x);
		free(r);
	}
	free(from);
	free(to);
	return rc;
}

enum store_rc
domain_trigger_on_host(struct store_txn *txn, uint64_t id, uint64_t hostid, uint64_t *out)
{
	struct trigger t;
	enum store_rc rc = store_trigger_get(txn, id, &t);

	*out = id;
	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	/* a copy has the identity of the trigger it came from, and the host's own one */
	if (t.hostid != hostid && (rc = domain_trigger_ikey(txn, &t, &t.ikey)) == STORE_OK &&
	    (rc = store_trigger_by_key(txn, hostid, t.ikey, out)) == STORE_ENOTFOUND) {
		*out = id;
		rc = STORE_OK;
	}
	trigger_free(&t);
	return rc;
}

/* The dependencies of src as its copy on hostid has them: each the trigger's copy there. */
static enum store_rc
trig_deps_onto(struct store_txn *txn, const struct trigger *src, uint64_t hostid,
    struct id_list *out)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < src->deps.n; i++) {
		uint64_t id;

		if ((rc = domain_trigger_on_host(txn, src->deps.ids[i], hostid, &id)) == STORE_OK)
			id_list_add_unique(out, id);
	}
	return rc;
}

/* ---- copies ---- */

static int
trig_copy(const struct inherit_target *t, const void *src, void *out, struct err *e)
{
	const struct trigger *s = src;

	trigger_dup(out, s);
	trigger_set(out, TRIGGER_F_UUID, "");
	id_list_free(&((struct trigger *)out)->deps);	/* set once every copy is there */
	return domain_trigger_fns_onto(t->own, s, t->h.hostid, out, e);
}

/* The fields a template owns on its copies (the copy keeps status and its own name). */
static const enum trigger_field trig_templated[] = {
	TRIGGER_F_DESCRIPTION, TRIGGER_F_PRIORITY, TRIGGER_F_COMMENTS, TRIGGER_F_URL,
	TRIGGER_F_TYPE, TRIGGER_F_RECOVERY_MODE, TRIGGER_F_CORRELATION_MODE,
	TRIGGER_F_CORRELATION_TAG, TRIGGER_F_MANUAL_CLOSE, TRIGGER_F_OPDATA,
	TRIGGER_F_EVENT_NAME,
};

static void
trig_take(struct trigger *next, const struct trigger *s, enum trigger_field f)
{
	trigger_set(next, f, s->f[f]);
}

static void
trig_take_tags(struct trigger *next, const struct trigger *s)
{
	tag_list_free(&next->tags);
	for (size_t i = 0; i < s->tags.n; i++)
		tag_list_add(&next->tags, s->tags.tags[i].tag, s->tags.tags[i].value);
}

/* A copy is in line when its identity is src's; adopting takes the template's fields. */
static int
trig_sync(const struct inherit_target *t, const void *cur, const void *src, bool adopt,
    void *next, struct err *e)
{
	const struct trigger *c = cur, *s = src;

	(void)t, (void)e;
	if (!adopt)
		return 0;
	trigger_dup(next, c);
	for (size_t i = 0; i < sizeof trig_templated / sizeof trig_templated[0]; i++)
		trig_take(next, s, trig_templated[i]);
	trig_take_tags(next, s);
	trigger_set(next, TRIGGER_F_UUID, "");
	return 1;
}

/* After every copy on a host is there: each copy's dependencies, mapped to the host. */
/* One copy's dependencies made want (stored, and in the copy c). */
static enum store_rc
trig_deps_set(struct store_txn *txn, struct trigger *c, const struct id_list *want)
{
	struct trigger cur, next;
	enum store_rc rc;

	trigger_dup(&cur, c);	/* the copy as just stored: no read back */
	trigger_dup(&next, &cur);
	id_list_free(&next.deps);
	id_list_free(&c->deps);
	for (size_t k = 0; k < want->n; k++) {
		id_list_add(&next.deps, want->ids[k]);
		id_list_add(&c->deps, want->ids[k]);
	}
	rc = store_trigger_update(txn, &cur, &next);
	trigger_free(&next);
	trigger_free(&cur);
	return rc;
}

/* trig_deps_onto when the copies of srcs on hostid are known: a dependency on one of srcs is
 * its copy there, found without a store lookup; any other goes through the store. */
static enum store_rc
trig_deps_onto_copies(struct store_txn *txn, const struct trigger *src,
    const struct trigger *srcs, const struct trigger *copies, size_t n, uint64_t hostid,
    struct id_list *out)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < src->deps.n; i++) {
		uint64_t id = 0;
		size_t j = 0;

		while (j < n && srcs[j].triggerid != src->deps.ids[i])
			j++;
		if (j < n)
			id = copies[j].triggerid;
		else
			rc = domain_trigger_on_host(txn, src->deps.ids[i], hostid, &id);
		if (rc == STORE_OK)
			id_list_add_unique(out, id);
	}
	return rc;
}

static int
trig_linked(const struct inherit_target *t, const void *srcs, void *copies, size_t n,
    struct err *e)
{
	struct store_txn *txn = t->own;
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		const struct trigger *s = (const struct trigger *)srcs + i;
		struct trigger *c = (struct trigger *)copies + i;
		struct id_list want = { 0 };
		bool same;

		if ((rc = trig_deps_onto_copies(txn, s, srcs, copies, n, t->h.hostid, &want)) ==
		    STORE_OK) {
			same = want.n == c->deps.n;
			for (size_t k = 0; same && k < want.n; k++)
				same = id_list_has(&c->deps, want.ids[k]);
			if (!same)
				rc = trig_deps_set(txn, c, &want);
		}
		id_list_free(&want);
	}
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

static void
trig_detach(void *r, bool on_template)
{
	char uuid[33] = "";

	if (on_template && host_uuid_new(uuid) == 0)
		trigger_set(r, TRIGGER_F_UUID, uuid);
}

/* The fields a trigger.update sent, its tags, its dependencies (mapped to the copy's host)
 * and a new expression (on the copy's items), with the copy's identity brought up to date. */
static void
trig_edit(void *copy, const void *src, const void *edit)
{
	const struct inherit_trigger_edit *ed = edit;
	const struct trigger *s = src;
	struct trigger *c = copy;
	struct err e = { 0 };

	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		if (ed->sent[i] && i != TRIGGER_F_EXPRESSION && i != TRIGGER_F_RECOVERY_EXPRESSION &&
		    i != TRIGGER_F_UUID)
			trig_take(c, s, (enum trigger_field)i);
	if (ed->tags)
		trig_take_tags(c, s);
	if (ed->deps) {
		id_list_free(&c->deps);
		trig_deps_onto(ed->txn, s, c->hostid, &c->deps);
	}
	if (ed->expression)
		domain_trigger_fns_onto(ed->txn, s, c->hostid, c, &e);
	err_clear(&e);
	free(c->ikey);
	c->ikey = NULL;
	domain_trigger_ikey(ed->txn, c, &c->ikey);
}

/* The trigger's functions with their items' keys and (with hosts) their hosts' names; an
 * unknown item or host reads "". The strings are kept in keep (free each, then the array). */
static struct trigger_fn_view *
trig_views(struct store_txn *txn, const struct trigger *t, bool hosts, char ***keep)
{
	struct trigger_fn_view *v = xcalloc(t->nfn + 1, sizeof *v);
	char **k = xcalloc(2 * t->nfn + 1, sizeof *k);
	const char *last_name = NULL;	/* the functions' items are mostly on one host */
	uint64_t last_host = 0;

	for (size_t i = 0; i < t->nfn; i++) {
		uint64_t hostid = 0;
		bool found = true;

		if (t->fn[i].key != NULL) {
			k[2 * i] = xstrdup(t->fn[i].key);
			hostid = t->fn[i].key_hostid;
		} else
			found = store_item_field(txn, t->fn[i].itemid, ITEM_F_KEY, &hostid,
			    &k[2 * i]) == STORE_OK;
		if (found && hosts) {
			k[2 * i + 1] = last_name != NULL && hostid == last_host ?
			    xstrdup(last_name) : domain_host_name(txn, hostid);
			last_name = k[2 * i + 1];
			last_host = hostid;
		} else if (!found) {
			k[2 * i] = xstrdup("");
			k[2 * i + 1] = hosts ? xstrdup("") : NULL;
		}
		v[i] = (struct trigger_fn_view){ t->fn[i].functionid, t->fn[i].name,
		    t->fn[i].parameter, k[2 * i + 1], k[2 * i] };
	}
	*keep = k;
	return v;
}

static void
trig_views_free(struct trigger_fn_view *v, char **keep, size_t n)
{
	for (size_t i = 0; i < 2 * n; i++)
		free(keep[i]);
	free(keep);
	free(v);
}

enum store_rc
domain_trigger_ikey(struct store_txn *txn, const struct trigger *t, char **out)
{
	char **keep;
	struct trigger_fn_view *v = trig_views(txn, t, false, &keep);
	const char **keys = xcalloc(t->nfn + 1, sizeof *keys);

	for (size_t i = 0; i < t->nfn; i++)
		keys[i] = v[i].key;
	*out = trigger_ikey(t, keys);
	free(keys);
	trig_views_free(v, keep, t->nfn);
	return STORE_OK;
}

char *
domain_trigger_written(struct store_txn *txn, const struct trigger *t, enum trigger_field f)
{
	char **keep;
	struct trigger_fn_view *v = trig_views(txn, t, true, &keep);
	char *out = trigger_expr_expand(t->f[f], v, t->nfn);

	trig_views_free(v, keep, t->nfn);
	return out;
}

static int
trig_fail_taken(struct err *e, const char *ikey, const char *host)
{
	return err_set(e, ERR_PARAM, NULL, "Trigger \"%.*s\" already exists on \"%s\".",
	    (int)strcspn(ikey, "\n"), ikey, host);
}

const struct inherit_kind inherit_kind_trigger = {
	.name = "trigger",
	.size = sizeof(struct trigger),
	.off_id = offsetof(struct trigger, triggerid),
	.off_hostid = offsetof(struct trigger, hostid),
	.off_templateid = offsetof(struct trigger, templateid),
	.key = trig_rec_key,
	.dup = trig_rec_dup,
	.free = trig_rec_free,
	.get = trig_rec_get,
	.by_key = store_trigger_by_key,
	.load = trig_rec_load,
	.host_any = store_trigger_host_any,
	.host_ids = store_host_triggers,
	.copy_ids = store_trigger_copies,
	.create = trig_rec_create,
	.update = trig_rec_update,
	.delete_tree = store_trigger_delete_tree,
	.target_load = trig_target_load,
	.target_free = trig_target_free,
	.copy = trig_copy,
	.sync = trig_sync,
	.linked = trig_linked,
	.detach = trig_detach,
	.edit = trig_edit,
	.fail_inherited = trig_fail_taken,
	.fail_taken = trig_fail_taken,
	.links = store_trigger_links,
};
