/* inherit_httptest.c: web scenarios as a kind of the inheritance engine: keyed by name, a copy
 * takes its scenario's fields and steps (uuid ""), and its web items point at the template's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the record ---- */

static const char *
ht_key(const void *r)
{
	return httptest_str(r, "name");
}

static void
ht_dup(void *dst, const void *src)
{
	httptest_dup(dst, src);
}

static void
ht_free(void *r)
{
	httptest_free(r);
}

static enum store_rc
ht_get(struct store_txn *txn, uint64_t id, void *r)
{
	return store_httptest_get(txn, id, r);
}

static enum store_rc
ht_create(struct store_txn *txn, void *r)
{
	return store_httptest_create(txn, r);
}

/* The store gives new steps their ids: it writes a copy of new. */
static enum store_rc
ht_update(struct store_txn *txn, const void *old, const void *new)
{
	struct httptest next;
	enum store_rc rc;

	httptest_dup(&next, new);
	rc = store_httptest_update(txn, old, &next);
	httptest_free(&next);
	return rc;
}

/* ---- copies ---- */

/* The fields a template gives its copies (not the ids, the uuid, nor nextcheck). */
static bool
ht_templated(const char *f)
{
	return strcmp(f, "uuid") != 0 && strcmp(f, "nextcheck") != 0;
}

/* Replaces member name of dst with a copy of src's (none when src has none). */
static void
ht_take(cJSON *dst, const cJSON *src, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, name);

	cJSON_DeleteItemFromObjectCaseSensitive(dst, name);
	if (v != NULL)
		cJSON_AddItemToObject(dst, name, cJSON_Duplicate(v, 1));
}

/* Every template field, list and tag of src onto dst (not the steps). */
static void
ht_take_fields(struct httptest *dst, const struct httptest *src)
{
	for (size_t i = 0; httptest_fields[i].name != NULL; i++)
		if (httptest_fields[i].dflt != NULL && ht_templated(httptest_fields[i].name))
			httptest_set(dst, httptest_fields[i].name, httptest_str(src,
			    httptest_fields[i].name));
	for (size_t i = 0; httptest_lists[i] != NULL; i++)
		ht_take(dst->doc, src->doc, httptest_lists[i]);
	ht_take(dst->doc, src->doc, "tags");
}

/* The step of t named name, or NULL. */
static cJSON *
ht_step_named(const struct httptest *t, const char *name)
{
	cJSON *s;

	cJSON_ArrayForEach(s, httptest_steps(t))
		if (strcmp(doc_str(s, "name"), name) == 0)
			return s;
	return NULL;
}

/* src's steps as dst's: a step of dst with the same name keeps its id. */
static void
ht_take_steps(struct httptest *dst, const struct httptest *src)
{
	cJSON *steps = cJSON_CreateArray(), *s;

	cJSON_ArrayForEach(s, httptest_steps(src)) {
		cJSON *c = cJSON_Duplicate(s, 1), *mine = ht_step_named(dst, doc_str(s, "name"));

		doc_set_str(c, "httpstepid", mine != NULL ? doc_str(mine, "httpstepid") : "");
		cJSON_AddItemToArray(steps, c);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(dst->doc, "steps");
	cJSON_AddItemToObject(dst->doc, "steps", steps);
}

static int
ht_copy(const struct inherit_target *t, const void *src, void *out, struct err *e)
{
	struct httptest *c = out;
	cJSON *s;

	(void)t, (void)e;
	httptest_dup(c, src);
	httptest_set(c, "uuid", "");
	httptest_set(c, "nextcheck", "0");
	cJSON_ArrayForEach(s, httptest_steps(c))
		doc_set_str(s, "httpstepid", "");
	return 0;
}

/* "no" and name of every step, in the order of no (Zabbix's comparison of two step sets). */
static char *
ht_steps_sig(const struct httptest *t)
{
	const cJSON *steps = httptest_steps(t), *s;
	size_t n = (size_t)cJSON_GetArraySize(steps), len = 1, k = 0;
	const cJSON **v = xcalloc(n + 1, sizeof *v);
	char *out, *p;

	cJSON_ArrayForEach(s, steps) {
		size_t j = k++;

		while (j > 0 && atoi(doc_str(v[j - 1], "no")) > atoi(doc_str(s, "no"))) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = s;
		len += strlen(doc_str(s, "no")) + strlen(doc_str(s, "name")) + 1;
	}
	p = out = xmalloc(len);
	*p = '\0';
	for (size_t i = 0; i < k; i++)
		p += sprintf(p, "%s%s\n", doc_str(v[i], "no"), doc_str(v[i], "name"));
	free(v);
	return out;
}

/* Zabbix's manager throws this as a plain exception: -32500 (ERR_REFUSED). */
static int
ht_fail_taken(struct err *e, const char *name, const char *host)
{
	return err_set(e, ERR_REFUSED, NULL, "Web scenario \"%s\" already exists on host \"%s\".",
	    name, host);
}

/* An existing copy, or the host's own scenario of the same name with the same steps (Zabbix
 * refuses one whose steps differ), brought in line with src. */
static int
ht_sync(const struct inherit_target *t, const void *cur, const void *src, bool adopt,
    void *next, struct err *e)
{
	struct httptest *n = next;

	static const char *const props[] = { "http_proxy", "agent", "retries", "delay" };

	if (adopt) {
		char *a = ht_steps_sig(cur), *b = ht_steps_sig(src);
		bool same = strcmp(a, b) == 0;

		free(a);
		free(b);
		if (!same)
			return ht_fail_taken(e, ht_key(cur), t->h.name);
		for (size_t i = 0; same && i < 4; i++)
			same = strcmp(httptest_str(cur, props[i]), httptest_str(src, props[i])) == 0;
		if (same) {	/* Zabbix only links it: the host's own values stay */
			httptest_dup(n, cur);
			httptest_set(n, "uuid", "");
			return 1;
		}
	}
	httptest_dup(n, cur);
	ht_take_fields(n, src);
	ht_take_steps(n, src);
	if (adopt)
		httptest_set(n, "uuid", "");
	return 1;
}

static void
ht_detach(void *r, bool on_template)
{
	char uuid[33] = "";

	if (on_template && host_uuid_new(uuid) == 0)
		httptest_set(r, "uuid", uuid);
}

/* A sent step's fields onto the copy's step c (a new step: all of the template's step s). */
static void
ht_edit_step(cJSON *c, const cJSON *s, const cJSON *sent)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, sent) {
		if (strcmp(f->string, "httpstepid") == 0 || strcmp(f->string, "httptestid") == 0)
			continue;
		ht_take(c, s, f->string);
		if (strcmp(f->string, "posts") == 0)
			ht_take(c, s, "post_type");
	}
}

/* The steps after a template's update that sent them: a copy's step named as the template
 * step was before keeps its id and its own values of the fields not sent. */
static void
ht_edit_steps(struct httptest *c, const struct httptest *s,
    const struct inherit_httptest_edit *ed)
{
	cJSON *steps = cJSON_CreateArray(), *ns = httptest_steps(s)->child;
	const cJSON *sent = cJSON_GetObjectItemCaseSensitive(ed->sent, "steps"), *ss;

	cJSON_ArrayForEach(ss, sent) {
		const char *was;
		cJSON *mine, *os;

		if (ns == NULL)
			break;
		was = doc_str(ns, "name");
		if (ed->old != NULL)
			cJSON_ArrayForEach(os, httptest_steps(ed->old))
				if (strcmp(doc_str(os, "httpstepid"), doc_str(ns, "httpstepid")) == 0)
					was = doc_str(os, "name");
		mine = ht_step_named(c, was);
		if (mine != NULL) {
			mine = cJSON_Duplicate(mine, 1);
			ht_edit_step(mine, ns, ss);
			doc_set_str(mine, "name", doc_str(ns, "name"));
		} else {
			mine = cJSON_Duplicate(ns, 1);
			doc_set_str(mine, "httpstepid", "");
		}
		cJSON_AddItemToArray(steps, mine);
		ns = ns->next;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(c->doc, "steps");
	cJSON_AddItemToObject(c->doc, "steps", steps);
}

/* The members a template's update sent, onto one copy. */
static void
ht_edit(void *copy, const void *src, const void *edit)
{
	const struct inherit_httptest_edit *ed = edit;
	struct httptest *c = copy;
	const cJSON *f;

	cJSON_ArrayForEach(f, ed->sent) {
		if (strcmp(f->string, "steps") == 0)
			ht_edit_steps(c, src, ed);
		else if (strcmp(f->string, "httptestid") != 0 && ht_templated(f->string))
			ht_take(c->doc, ((const struct httptest *)src)->doc, f->string);
	}
}

/* On a copy every member can be sent but its name (the method refuses it). */
static bool
ht_editable(const char *field)
{
	return strcmp(field, "name") != 0 && strcmp(field, "uuid") != 0;
}

const struct inherit_kind inherit_kind_httptest = {
	.name = "httptest",
	.size = sizeof(struct httptest),
	.off_id = offsetof(struct httptest, httptestid),
	.off_hostid = offsetof(struct httptest, hostid),
	.off_templateid = offsetof(struct httptest, templateid),
	.key = ht_key,
	.dup = ht_dup,
	.free = ht_free,
	.get = ht_get,
	.by_key = store_httptest_by_name,
	.host_ids = store_host_httptests,
	.copy_ids = store_httptest_copies,
	.create = ht_create,
	.update = ht_update,
	.delete_tree = store_httptest_delete_tree,
	.copy = ht_copy,
	.sync = ht_sync,
	.detach = ht_detach,
	.edit = ht_edit,
	.editable = ht_editable,
	.fail_inherited = ht_fail_taken,
	.fail_taken = ht_fail_taken,
};
