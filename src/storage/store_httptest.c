/* store_httptest.c: web scenarios by id and by host, their copies (found through the host's
 * children, as a copy keeps its scenario's name), and the web items each one owns. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_httptest_get(struct store_txn *t, uint64_t id, struct httptest *ht)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_HTTPTESTS, id, &v, &vlen)) != STORE_OK)
		return rc;
	return httptest_decode(v, vlen, ht) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_host_httptests(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_HTTPTESTS, hostid, out);
}

/* The scenarios of ids that match (match(ht, arg) true) are appended to out, at most max of
 * them (0: all); ids of no scenario are skipped. */
struct httptest_match {
	const char	*field, *value;		/* a field equal to value, or */
	uint64_t	 templateid;		/* ... with field NULL: this templateid */
};

static enum store_rc
httptest_select(struct store_txn *t, const struct id_list *ids, const struct httptest_match *m,
    size_t max, struct id_list *out)
{
	enum store_rc rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < ids->n && (max == 0 || out->n < max); i++) {
		struct httptest ht;

		if ((rc = store_httptest_get(t, ids->ids[i], &ht)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (m->field != NULL ? strcmp(httptest_str(&ht, m->field), m->value) == 0 :
		    ht.templateid == m->templateid)
			id_list_add(out, ht.httptestid);
		httptest_free(&ht);
	}
	return rc;
}

/* The first scenario of ids with field equal to value in *id, or STORE_ENOTFOUND. */
static enum store_rc
httptest_first(struct store_txn *t, const struct id_list *ids, const char *field,
    const char *value, uint64_t *id)
{
	struct httptest_match m = { .field = field, .value = value };
	struct id_list found = { 0 };
	enum store_rc rc = httptest_select(t, ids, &m, 1, &found);

	if (rc == STORE_OK && found.n == 0)
		rc = STORE_ENOTFOUND;
	else if (rc == STORE_OK)
		*id = found.ids[0];
	id_list_free(&found);
	return rc;
}

/* A host has a few scenarios: its list is read rather than indexed by name. */
enum store_rc
store_httptest_by_name(struct store_txn *t, uint64_t hostid, const char *name, uint64_t *id)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_host_httptests(t, hostid, &ids);

	if (rc == STORE_OK)
		rc = httptest_first(t, &ids, "name", name, id);
	id_list_free(&ids);
	return rc;
}

/* uuids are looked up by imports and creates that send one: a scan. */
enum store_rc
store_httptest_by_uuid(struct store_txn *t, const char *uuid, uint64_t *id)
{
	struct id_list ids = { 0 };
	enum store_rc rc = *uuid == '\0' ? STORE_ENOTFOUND :
	    store_id_scan(t, STORE_DB_HTTPTESTS, &ids);

	if (rc == STORE_OK)
		rc = httptest_first(t, &ids, "uuid", uuid, id);
	id_list_free(&ids);
	return rc;
}

/* The scenarios of the host's children whose templateid is id (read whole: a copy being
 * renamed may not have its scenario's name yet). */
enum store_rc
store_httptest_copies(struct store_txn *t, uint64_t id, struct id_list *out)
{
	struct httptest_match m = { .templateid = id };
	struct id_list kids = { 0 }, ids = { 0 };
	struct httptest ht;
	enum store_rc rc = store_httptest_get(t, id, &ht);

	if (rc != STORE_OK)
		return rc;
	rc = store_host_children(t, ht.hostid, &kids);
	for (size_t i = 0; rc == STORE_OK && i < kids.n; i++)
		rc = store_host_httptests(t, kids.ids[i], &ids);
	if (rc == STORE_OK)
		rc = httptest_select(t, &ids, &m, 0, out);
	id_list_free(&kids);
	id_list_free(&ids);
	httptest_free(&ht);
	return rc;
}

/* ---- web items ---- */

/* The key of web item w of a scenario (of its step s, or NULL), heap. */
static char *
web_key(const struct httptest *ht, enum httptest_web w, const cJSON *s)
{
	return httptest_web_key(w, httptest_str(ht, "name"), s != NULL ? doc_str(s, "name") : NULL);
}

/* Removes the scenario's web item w (of step s) if the host has it. */
static enum store_rc
web_item_drop(struct store_txn *t, const struct httptest *ht, enum httptest_web w,
    const cJSON *s)
{
	char *key = web_key(ht, w, s);
	uint64_t id;
	enum store_rc rc = store_item_by_key(t, ht->hostid, key, &id);

	free(key);
	if (rc == STORE_OK)
		rc = store_item_delete_tree(t, id);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Every web item of the scenario's steps (all steps: keep NULL; else those whose httpstepid
 * keep does not hold). */
static enum store_rc
web_items_drop_steps(struct store_txn *t, const struct httptest *ht, const struct httptest *keep)
{
	const cJSON *s, *k;
	enum store_rc rc = STORE_OK;

	cJSON_ArrayForEach(s, httptest_steps(ht)) {
		bool kept = false;

		if (keep != NULL)
			cJSON_ArrayForEach(k, httptest_steps(keep))
				kept = kept || strcmp(doc_str(k, "httpstepid"), doc_str(s, "httpstepid")) == 0;
		for (int w = HTTPTEST_WEB_STEP_IN; !kept && rc == STORE_OK && w < HTTPTEST_WEB__COUNT;
		    w++)
			rc = web_item_drop(t, ht, (enum httptest_web)w, s);
	}
	return rc;
}

struct web_ctx {
	const struct httptest	*old, *new;
	uint64_t		 parent_host;	/* the host of the scenario new copies; 0: none */
	bool			 relink;	/* existing items take the parent's as template */
};

/* The web item as the scenario wants it, written over it (an item_init'ed or stored one). */
static void
web_item_fill(const struct web_ctx *c, struct item *it, enum httptest_web w, const cJSON *s,
    uint64_t templateid)
{
	const struct httptest *ht = c->new;
	const char *step = s != NULL ? doc_str(s, "name") : NULL;
	char *key = httptest_web_key(w, httptest_str(ht, "name"), step);
	char *name = httptest_web_name(w, httptest_str(ht, "name"), step);
	const cJSON *tag;

	it->hostid = ht->hostid;
	it->templateid = templateid;
	item_set(it, ITEM_F_TYPE, HTTPTEST_WEB_ITEM_TYPE);
	item_set(it, ITEM_F_KEY, key);
	item_set(it, ITEM_F_NAME, name);
	item_set(it, ITEM_F_VALUE_TYPE, httptest_web_value_type(w));
	item_set(it, ITEM_F_UNITS, httptest_web_units(w));
	item_set(it, ITEM_F_DELAY, httptest_str(ht, "delay"));
	item_set(it, ITEM_F_HISTORY, "30d");
	item_set(it, ITEM_F_TRENDS, "90d");
	item_set(it, ITEM_F_STATUS, strcmp(httptest_str(ht, "status"), "0") == 0 ? "0" : "1");
	tag_list_free(&it->tags);
	cJSON_ArrayForEach(tag, cJSON_GetObjectItemCaseSensitive(ht->doc, "tags"))
		tag_list_add(&it->tags, doc_str(tag, "tag"), doc_str(tag, "value"));
	free(key);
	free(name);
}

/* The old step of the same httpstepid as s, or NULL. */
static const cJSON *
web_old_step(const struct web_ctx *c, const cJSON *s)
{
	const cJSON *o;

	if (c->old == NULL)
		return NULL;
	cJSON_ArrayForEach(o, httptest_steps(c->old))
		if (strcmp(doc_str(o, "httpstepid"), doc_str(s, "httpstepid")) == 0)
			return o;
	return NULL;
}

/* Web item w (of step s) brought in line: the one of the old scenario renamed, or new. */
static enum store_rc
web_item_sync(struct store_txn *t, const struct web_ctx *c, enum httptest_web w, const cJSON *s)
{
	const cJSON *os = s != NULL ? web_old_step(c, s) : NULL;
	char *okey = c->old != NULL && (s == NULL || os != NULL) ? web_key(c->old, w, os) : NULL;
	char *nkey = web_key(c->new, w, s);
	uint64_t id, tid = 0;
	struct item cur, next;
	enum store_rc rc = STORE_OK;

	if (c->parent_host != 0 && (rc = store_item_by_key(t, c->parent_host, nkey, &tid)) ==
	    STORE_ENOTFOUND)
		rc = STORE_OK, tid = 0;
	if (rc == STORE_OK && okey != NULL &&
	    (rc = store_item_by_key(t, c->old->hostid, okey, &id)) == STORE_OK &&
	    (rc = store_item_get(t, id, &cur)) == STORE_OK) {
		item_dup(&next, &cur);
		web_item_fill(c, &next, w, s, c->relink ? tid : c->new->templateid != 0 ?
		    cur.templateid : 0);
		rc = store_item_update(t, &cur, &next);
		item_free(&cur);
		item_free(&next);
	} else if (rc == STORE_OK || rc == STORE_ENOTFOUND) {
		item_init(&next);
		web_item_fill(c, &next, w, s, tid);
		rc = store_item_create(t, &next);
		item_free(&next);
	}
	free(okey);
	free(nkey);
	return rc;
}

/* Nothing but the template link and the uuid differs. */
static bool
web_same(const struct httptest *a, const struct httptest *b)
{
	struct httptest x, y;
	bool same;

	httptest_dup(&x, a);
	httptest_dup(&y, b);
	httptest_set(&x, "uuid", "");
	httptest_set(&y, "uuid", "");
	same = cJSON_Compare(x.doc, y.doc, 1);
	httptest_free(&x);
	httptest_free(&y);
	return same;
}

/* The scenario's web items after a create (old NULL) or an update: existing ones keep their
 * template link (Zabbix rewrites it only on linkage and unlink), new ones take the items of
 * the scenario's parent with their keys. */
static enum store_rc
web_items_sync(struct store_txn *t, const struct httptest *old, const struct httptest *new)
{
	struct web_ctx c = { .old = old, .new = new };
	struct httptest parent;
	const cJSON *s;
	enum store_rc rc = STORE_OK;

	if (new->templateid != 0 && store_httptest_get(t, new->templateid, &parent) == STORE_OK) {
		c.parent_host = parent.hostid;
		httptest_free(&parent);
	}
	/* a host's own scenario adopted without a change (Zabbix's linkage): its items too */
	c.relink = old != NULL && old->templateid == 0 && new->templateid != 0 &&
	    web_same(old, new);
	if (old != NULL)
		rc = web_items_drop_steps(t, old, new);
	for (int w = HTTPTEST_WEB_IN; rc == STORE_OK && w < HTTPTEST_WEB_STEP_IN; w++)
		rc = web_item_sync(t, &c, (enum httptest_web)w, NULL);
	cJSON_ArrayForEach(s, httptest_steps(new))
		for (int w = HTTPTEST_WEB_STEP_IN; rc == STORE_OK && w < HTTPTEST_WEB__COUNT; w++)
			rc = web_item_sync(t, &c, (enum httptest_web)w, s);
	return rc;
}

/* ---- the record ---- */

/* Steps without an id get one from the "httpsteps" sequence; every step names its scenario. */
static enum store_rc
store_httptest_put(struct store_txn *t, struct httptest *ht)
{
	struct codec_buf b = { 0 };
	cJSON *s;
	char buf[24];
	enum store_rc rc = STORE_OK;

	cJSON_ArrayForEach(s, httptest_steps(ht)) {
		uint64_t sid;

		if (*doc_str(s, "httpstepid") == '\0') {
			if ((rc = store_seq_next(t, "httpsteps", &sid)) != STORE_OK)
				return rc;
			doc_set_str(s, "httpstepid", id_to_str(sid, buf));
		}
		doc_set_str(s, "httptestid", id_to_str(ht->httptestid, buf));
	}
	httptest_encode(ht, &b);
	rc = store_put_id(t, STORE_DB_HTTPTESTS, ht->httptestid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_httptest_create(struct store_txn *t, struct httptest *ht)
{
	enum store_rc rc;

	if ((rc = store_seq_next(t, "httptests", &ht->httptestid)) != STORE_OK ||
	    (rc = store_pair_add(t, STORE_DB_HOST_HTTPTESTS, ht->hostid, ht->httptestid)) !=
	    STORE_OK || (rc = store_httptest_put(t, ht)) != STORE_OK)
		return rc;
	return web_items_sync(t, NULL, ht);
}

enum store_rc
store_httptest_update(struct store_txn *t, const struct httptest *old, struct httptest *new)
{
	enum store_rc rc = store_httptest_put(t, new);

	return rc == STORE_OK ? web_items_sync(t, old, new) : rc;
}

/* One scenario with its web items; its copies are the caller's. */
static enum store_rc
store_httptest_delete_one(struct store_txn *t, uint64_t id)
{
	struct httptest ht;
	enum store_rc rc = store_httptest_get(t, id, &ht);

	if (rc != STORE_OK)
		return rc;
	for (int w = HTTPTEST_WEB_IN; rc == STORE_OK && w < HTTPTEST_WEB_STEP_IN; w++)
		rc = web_item_drop(t, &ht, (enum httptest_web)w, NULL);
	if (rc == STORE_OK)
		rc = web_items_drop_steps(t, &ht, NULL);
	if (rc == STORE_OK && (rc = store_pair_del(t, STORE_DB_HOST_HTTPTESTS, ht.hostid, id)) ==
	    STORE_ENOTFOUND)
		rc = STORE_OK;
	if (rc == STORE_OK)
		rc = store_del_id(t, STORE_DB_HTTPTESTS, id);
	httptest_free(&ht);
	return rc;
}

enum store_rc
store_httptest_delete_tree(struct store_txn *t, uint64_t id)
{
	struct id_list waiting = { 0 };
	struct id_set seen = { 0 };
	enum store_rc rc = STORE_OK;

	id_list_add(&waiting, id);
	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++)
		if (id_set_add(&seen, waiting.ids[i]))
			rc = store_httptest_copies(t, waiting.ids[i], &waiting);
	/* the lowest copies first: each copy is found through the one above it */
	for (size_t i = waiting.n; rc == STORE_OK && i-- > 0;)
		if ((rc = store_httptest_delete_one(t, waiting.ids[i])) == STORE_ENOTFOUND && i > 0)
			rc = STORE_OK;
	id_list_free(&waiting);
	id_set_free(&seen);
	return rc;
}

enum store_rc
store_host_drop_httptests(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_host_httptests(t, hostid, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++)
		if ((rc = store_httptest_delete_tree(t, l.ids[i])) == STORE_ENOTFOUND)
			rc = STORE_OK;
	id_list_free(&l);
	return rc;
}
