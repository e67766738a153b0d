/* get_stream.c: gets written straight from their rows' views into one buffer: the answer's
 * text without a tree per row (the common get: ids, output, selects). The rows, their
 * order, projection and rights are get.c's; tests compare both answers byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define STREAM_FIRST	2048	/* the answer buffer's first size; it doubles as needed */

bool
get_stream_ok(const struct rpc_call *call, const cJSON *params, const struct get_kind *k,
    const struct get_opts *o)
{
	return call->raw_ok && k->view != NULL && !o->count && o->nsort == 0 &&
	    (o->output.mode == GET_EXTEND || o->output.mode == GET_LIST) &&
	    (k->unstreamed == NULL || !k->unstreamed(params));
}

/* One field's value: a string, or JSON text as its tree prints (a string when invalid). */
static void
stream_value(struct jsonw *w, const struct get_vf *f)
{
	cJSON *j;

	if (f->type == GET_VF_STR) {
		jsonw_str(w, f->val);
		return;
	}
	if (strcmp(f->val, "[]") == 0) {	/* the usual one, without a parse */
		jsonw_raw(w, "[]", 2);
		return;
	}
	if ((j = cJSON_Parse(f->val)) == NULL) {
		jsonw_str(w, f->val);
		return;
	}
	(void)jsonw_value(w, j);	/* a parsed tree always prints */
	cJSON_Delete(j);
}

/* The field name of v, written once (done marks those written). */
static void
stream_put(struct jsonw *w, const struct get_view *v, const char *name, bool done[])
{
	size_t i = get_view_index(v, name, 0);

	if (i < v->n && !done[i]) {
		done[i] = true;
		jsonw_key_plain(w, v->f[i].name, strlen(v->f[i].name));
		stream_value(w, &v->f[i]);
	}
}

/* The "extend" projection of a view: the indices of its fields in the kind's order (each
 * once; fields the kind does not know are left out). A kind's views name their fields with
 * the same static texts, so the plan made for one sequence of names (their addresses) is
 * kept, per thread, for the next view with that sequence. */
#define STREAM_PLANS	8

struct stream_plan {
	const struct get_kind	*k;
	size_t			 n, nidx;
	const char		*names[GET_VIEW_MAX];
	unsigned char		 idx[GET_VIEW_MAX];
	size_t			 len[GET_VIEW_MAX];	/* of each written name */
	/* each name as a string member starts: "name":" (its length in klen; 0 when it
	 * does not fit, written as other names are) */
	char			 key[GET_VIEW_MAX][JSONW_KEY_MAX];
	unsigned char		 klen[GET_VIEW_MAX];
};
static _Thread_local struct stream_plan stream_plans[STREAM_PLANS];
static _Thread_local size_t stream_plan_next;

static const struct stream_plan *
stream_extend_plan(const struct get_kind *k, const struct get_view *v)
{
	struct stream_plan *p;
	bool done[GET_VIEW_MAX] = { false };
	size_t from = 0;

	for (size_t i = 0; i < STREAM_PLANS; i++) {
		size_t j = 0;

		p = &stream_plans[i];
		if (p->k != k || p->n != v->n)
			continue;
		while (j < v->n && p->names[j] == v->f[j].name)
			j++;
		if (j == v->n)
			return p;
	}
	p = &stream_plans[stream_plan_next++ % STREAM_PLANS];
	p->k = k;
	p->n = v->n;
	p->nidx = 0;
	for (size_t i = 0; i < v->n; i++)
		p->names[i] = v->f[i].name;
	for (const struct get_field *f = k->fields; f->name != NULL; f++) {
		size_t i = get_view_index(v, f->name, from);

		if (i == v->n)
			continue;
		from = i + 1 == v->n ? 0 : i + 1;
		if (!done[i]) {
			size_t n = strlen(v->f[i].name);

			done[i] = true;
			p->len[p->nidx] = n;
			p->klen[p->nidx] = (unsigned char)jsonw_key_text(p->key[p->nidx],
			    v->f[i].name, n);
			p->idx[p->nidx++] = (unsigned char)i;
		}
	}
	return p;
}

/* The members of one row as get.c projects it (get_project_with): every "extend" field in
 * the kind's order, or the known ones the list asks for (the db key only where it is the
 * key), with the key when add_pk (first, or last with pk_last). */
static void
stream_fields(struct jsonw *w, const struct get_kind *k, const struct get_view *v,
    const struct get_output *out, bool add_pk)
{
	bool done[GET_VIEW_MAX] = { false };
	bool want_pk;
	const cJSON *e;

	if (out->mode == GET_EXTEND) {
		const struct stream_plan *p = stream_extend_plan(k, v);

		for (size_t i = 0; i < p->nidx; i++) {
			const struct get_vf *f = &v->f[p->idx[i]];

			if (f->type == GET_VF_STR && p->klen[i] != 0) {	/* most: one step */
				jsonw_member_keyed(w, p->key[i], p->klen[i], f->val);
				continue;
			}
			if (f->type == GET_VF_STR) {
				jsonw_member_str(w, f->name, p->len[i], f->val);
				continue;
			}
			jsonw_key_plain(w, f->name, p->len[i]);
			stream_value(w, f);
		}
		return;
	}
	want_pk = add_pk && !get_list_has_name(out->list, k->pk);
	if (want_pk && !k->pk_last)
		stream_put(w, v, k->pk, done);
	cJSON_ArrayForEach(e, out->list)
		if (cJSON_IsString(e) && get_field_find(k, e->valuestring) != NULL &&
		    (strcmp(e->valuestring, k->dbpk) != 0 || strcmp(k->dbpk, k->pk) == 0))
			stream_put(w, v, e->valuestring, done);
	if (want_pk)
		stream_put(w, v, k->pk, done);
}

/* Loads the view of id into v when the caller may see it and it passes the filter and
 * search; v->n 0 when not (or absent). */
static int
stream_load(struct rpc_call *call, const struct get_kind *k, const struct get_opts *o,
    uint64_t id, struct get_view *v, uint64_t last[2])
{
	bool ok;
	int rc = get_perm_view(call, k, o, id, NULL, last, &ok);

	if (rc != STORE_OK || !ok)
		return rc;
	if ((rc = k->view(call, id, v)) == STORE_OK && v->n > 0)
		rc = get_perm_view(call, k, o, id, v, last, &ok);
	if (rc != STORE_OK || !ok || v->n == 0 || !get_view_match(k, v, o))
		get_view_done(v);	/* also a record loaded but not of the kind */
	return rc;
}

/* The selects of the row of id, as members: those written to the answer straight
 * (get_stream_select) are in place already; those select added to the row object after
 * them (counts, trees of kinds without views) are printed here and taken out of it. */
static int
stream_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, get_select_fn select)
{
	int rc = select(call, params, o, id, o->row);

	if (rc == STORE_OK)	/* else the answer is dropped, and the row object with it */
		(void)get_stream_select(o, o->row);
	return rc;
}

struct jsonw *
get_stream_select(const struct get_opts *o, cJSON *obj)
{
	cJSON *m;

	if (o == NULL || o->w == NULL || obj == NULL || obj != o->row)
		return NULL;
	while ((m = obj->child) != NULL) {
		jsonw_key(o->w, m->string);
		if (!jsonw_value(o->w, m)) {
			log_error("get: a select of %s cannot be printed", m->string);
			abort();
		}
		cJSON_Delete(cJSON_DetachItemViaPointer(obj, m));
	}
	return o->w;
}

int
get_stream_run(struct rpc_call *call, const cJSON *params, const struct get_kind *k,
    const struct get_opts *o, const struct id_list *ids, get_select_fn select)
{
	struct get_opts so = *o;
	struct get_view *v = xmalloc(sizeof *v);
	uint64_t last[2] = { 0, 0 };
	size_t rows = 0;
	struct jsonw w;
	int rc = STORE_OK;
	bool over = false;
	char buf[24];

	jsonw_init(&w, STREAM_FIRST);
	jsonw_pad(&w, RPC_TEXT_ROOM);	/* the reply's head goes there (rpc_ok_text) */
	so.stream = true;
	so.w = &w;
	so.row = cJSON_CreateObject();	/* emptied after each row's selects */
	so.spare = select != NULL ? xmalloc(sizeof *so.spare) : NULL;	/* one for them all */
	get_view_reset(v);
	jsonw_open(&w, o->preservekeys ? '{' : '[');
	for (size_t i = 0; i < ids->n && (o->limit == 0 || rows < o->limit); i++) {
		size_t mark = w.len;

		if ((rc = stream_load(call, k, o, ids->ids[i], v, last)) != STORE_OK)
			break;
		if (v->n == 0)
			continue;
		if (o->preservekeys)
			jsonw_key(&w, id_to_str(ids->ids[i], buf));
		jsonw_open(&w, '{');
		stream_fields(&w, k, v, &o->output, true);
		get_view_done(v);
		if (select != NULL &&
		    (rc = stream_selects(call, params, &so, ids->ids[i], select)) != STORE_OK)
			break;
		jsonw_close(&w, '}');
		rows++;
		if (!rpc_answer_add_bytes(call, w.len - mark)) {	/* bounded, as get.c */
			over = true;
			break;
		}
	}
	free(v);
	free(so.spare);
	cJSON_Delete(so.row);
	if (over) {
		jsonw_free(&w);
		return RPC_ROLLBACK;
	}
	if (rc != STORE_OK) {
		jsonw_free(&w);
		return rpc_fail_store(call, rc);
	}
	jsonw_close(&w, o->preservekeys ? '}' : ']');
	return rpc_ok_text(call, jsonw_take(&w, NULL));
}

/* ---- nested selects ---- */

struct stream_seg {
	size_t		 start, end;	/* the row's text in the buffer */
	uint64_t	 id;
	char		*key;		/* its sort key (a copy), or NULL */
};

static int
stream_seg_cmp(const void *a, const void *b)
{
	const struct stream_seg *x = a, *y = b;
	int d = strcmp(x->key != NULL ? x->key : "", y->key != NULL ? y->key : "");

	return d != 0 ? d : (x->id < y->id ? -1 : x->id > y->id);
}

/* The rows of get_stream_nested in w, each once: in id order, the first limit of them (0: all)
 * when segs is NULL, else every row with its place in w and its sort key in segs. */
static int
stream_nested_rows(struct rpc_call *call, const struct get_kind *k, const struct id_list *ids,
    const struct get_output *out, const struct get_nested_opts *n, size_t limit,
    struct jsonw *w, struct stream_seg **segs, size_t *nseg)
{
	struct get_opts none = { 0 };
	struct get_view *own = n->opts != NULL ? n->opts->spare : NULL;	/* the row's spare */
	struct get_view *v = own != NULL ? own : xmalloc(sizeof *v);
	uint64_t last[2] = { 0, 0 };
	size_t rows = 0, cap = 0;
	int rc = STORE_OK;

	get_view_reset(v);
	for (size_t i = 0; i < ids->n && (limit == 0 || rows < limit); i++) {
		if ((rc = stream_load(call, k, &none, ids->ids[i], v, last)) != STORE_OK)
			break;
		if (v->n == 0)
			continue;
		if (segs != NULL) {
			const struct get_vf *key = get_view_field(v, n->sortkey);

			if (rows == cap) {
				cap = cap != 0 ? cap * 2 : 8;
				*segs = xrealloc(*segs, cap * sizeof **segs);
			}
			(*segs)[rows].key = key != NULL ? xstrdup(key->val) : NULL;
			(*segs)[rows].id = ids->ids[i];
			(*segs)[rows].start = w->len + (w->sep ? 1 : 0);	/* after the ',' */
		}
		jsonw_open(w, '{');
		stream_fields(w, k, v, out, n->add_pk);
		jsonw_close(w, '}');
		if (segs != NULL)
			(*segs)[rows].end = w->len;
		rows++;
		get_view_done(v);
	}
	if (v != own)
		free(v);
	*nseg = rows;
	return rc;
}

int
get_stream_nested(struct rpc_call *call, const struct get_kind *k, const struct id_list *ids,
    const struct get_output *out, const struct get_nested_opts *n, struct jsonw *w)
{
	bool limited = n->opts != NULL && n->opts->has_limit_selects;
	bool sort = n->sortkey != NULL && (limited || n->sort_always);
	size_t limit = limited ? n->opts->limit_selects : 0;
	struct stream_seg *segs = NULL;
	struct jsonw rows;
	size_t nseg = 0;
	int rc;

	if (!sort || ids->n < 2) {	/* in id order: written as they come, the first limit */
		if (limited && limit == 0) {
			jsonw_raw(w, "[]", 2);
			return STORE_OK;
		}
		jsonw_open(w, '[');
		rc = stream_nested_rows(call, k, ids, out, n, limit, w, NULL, &nseg);
		jsonw_close(w, ']');
		return rc;
	}
	/* sorted: the rows in a buffer of their own, then the first limit of them in order */
	jsonw_init(&rows, STREAM_FIRST);
	jsonw_open(&rows, '[');
	rc = stream_nested_rows(call, k, ids, out, n, 0, &rows, &segs, &nseg);
	if (rc == STORE_OK) {
		size_t keep = limited && limit < nseg ? limit : nseg;

		qsort(segs, nseg, sizeof *segs, stream_seg_cmp);
		jsonw_open(w, '[');
		for (size_t i = 0; i < keep; i++)
			jsonw_raw(w, rows.p + segs[i].start, segs[i].end - segs[i].start);
		jsonw_close(w, ']');
	}
	for (size_t i = 0; i < nseg; i++)
		free(segs[i].key);
	free(segs);
	jsonw_free(&rows);
	return rc;
}
