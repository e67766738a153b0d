/* get.c: the engine of the *.get methods: output, filter, search, sorting, limit, preservekeys,
 * countOutput and nested selects, read the way Zabbix's API services read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define GET_LOOP_MAX	64	/* more candidates than this are read off the event loop */

struct get_row {
	uint64_t	 id;
	cJSON		*full;
};

struct get_rows {
	struct get_row	*v;
	size_t		 n, cap;
};

/* ---- options ---- */

/* PHP's truthiness of an option: false, null, 0, "", "0", [] and {} are false. */
bool
get_truthy(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return false;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0' && strcmp(v->valuestring, "0") != 0;
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		return v->child != NULL;
	return true;
}

bool
get_selects_any(const cJSON *params)
{
	for (const cJSON *m = params != NULL ? params->child : NULL; m != NULL; m = m->next)
		if (m->string != NULL && m->string[0] == 's' && strncmp(m->string, "select", 6) == 0)
			return true;
	return false;
}

unsigned
get_selects_given(const cJSON *params, const char *const *names)
{
	unsigned given = 0;

	for (const cJSON *m = params != NULL ? params->child : NULL; m != NULL; m = m->next) {
		const char *s = m->string;

		if (s == NULL || s[0] != 's' || strncmp(s, "select", 6) != 0)
			continue;
		for (unsigned i = 0; i < 32 && names[i] != NULL; i++)
			if (names[i][6] == s[6] && strcmp(names[i] + 6, s + 6) == 0)
				given |= 1u << i;
	}
	return given;
}

struct get_output
get_output_parse(const cJSON *v)
{
	struct get_output o = { GET_NONE, NULL };

	if (v == NULL || cJSON_IsNull(v))
		return o;
	if (cJSON_IsArray(v)) {
		o.mode = GET_LIST;
		o.list = v;
	} else if (cJSON_IsString(v) && strcmp(v->valuestring, "count") == 0)
		o.mode = GET_COUNT;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "extend") == 0)
		o.mode = GET_EXTEND;
	else
		o.mode = GET_LIST;	/* "shorten", true...: the key only */
	return o;
}

/* A non-negative integer option (a JSON integer or a string of digits), as zbx_ctype_digit. */
static bool
get_uint_option(const cJSON *v, size_t *out)
{
	uint64_t n;

	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15 &&
	    v->valuedouble == (double)(uint64_t)v->valuedouble) {
		*out = (size_t)v->valuedouble;
		return true;
	}
	if (cJSON_IsString(v) && util_parse_u64(v->valuestring, &n)) {
		*out = (size_t)n;
		return true;
	}
	return false;
}

const struct get_field *
get_field_find(const struct get_kind *k, const char *name)
{
	static const struct get_field pk_field = { "", GET_F_NUM };

	if (name == NULL)
		return NULL;
	if (name[0] == k->dbpk[0] && strcmp(name, k->dbpk) == 0)
		return &pk_field;
	for (const struct get_field *f = k->fields; f->name != NULL; f++)
		if (f->name[0] == name[0] && strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static bool
get_sortable(const struct get_kind *k, const char *name)
{
	for (const char *const *s = k->sortable; *s != NULL; s++)
		if (strcmp(*s, name) == 0)
			return true;
	return false;
}

/* sortfield: a string or an array; each must be one of the kind's sortable columns. */
static int
get_sort_parse(struct rpc_call *call, const struct get_kind *k, const cJSON *sf,
    const cJSON *so, struct get_opts *o)
{
	const cJSON *f;
	size_t i = 0;

	if (!(cJSON_IsString(sf) && sf->valuestring[0] != '\0') && !cJSON_IsArray(sf))
		return RPC_COMMIT;
	if (cJSON_IsString(sf)) {
		if (!get_sortable(k, sf->valuestring))
			goto refuse;
		o->sort[0].field = sf->valuestring;
		o->sort[0].desc = cJSON_IsString(so) && strcmp(so->valuestring, "DESC") == 0;
		o->nsort = 1;
		return RPC_COMMIT;
	}
	cJSON_ArrayForEach(f, sf) {
		const cJSON *ord = cJSON_IsArray(so) ? cJSON_GetArrayItem(so, (int)i) : so;

		if (!cJSON_IsString(f) || !get_sortable(k, f->valuestring)) {
			sf = f;
			goto refuse;
		}
		if (o->nsort < GET_SORT_MAX) {
			o->sort[o->nsort].field = f->valuestring;
			o->sort[o->nsort++].desc = cJSON_IsString(ord) &&
			    strcmp(ord->valuestring, "DESC") == 0;
		}
		i++;
	}
	return RPC_COMMIT;
refuse:
	return rpc_fail(call, ERR_REFUSED, "Sorting by field \"%s\" not allowed.",
	    cJSON_IsString(sf) ? sf->valuestring : "");
}

int
get_opts_parse(struct rpc_call *call, const struct get_kind *k, const cJSON *params,
    struct get_opts *o)
{
	/* the common options, found in one walk of the members (the first of a name counts,
	 * as util_json_member finds it) */
	static const char *const names[] = { "output", "filter", "search", "searchByAny",
		"startSearch", "excludeSearch", "searchWildcardsEnabled", "preservekeys",
		"countOutput", "editable", "limit", "limitSelects", "sortfield", "sortorder" };
	enum { OUTPUT, FILTER, SEARCH, SEARCH_ANY, START, EXCLUDE, WILDCARDS, PRESERVE, COUNT,
		EDITABLE, LIMIT, LIMIT_SELECTS, SORTFIELD, SORTORDER, NOPTS };
	const cJSON *v[NOPTS] = { NULL }, *m;

	_Static_assert(sizeof names / sizeof names[0] == NOPTS, "one name an option");
	for (m = params != NULL ? params->child : NULL; m != NULL && m->string != NULL;
	    m = m->next)
		for (size_t i = 0; i < NOPTS; i++)
			if (v[i] == NULL && names[i][0] == m->string[0] &&
			    strcmp(names[i], m->string) == 0) {
				v[i] = m;
				break;
			}
	memset(o, 0, sizeof *o);
	o->output = get_output_parse(v[OUTPUT]);
	if (o->output.mode == GET_NONE || o->output.mode == GET_COUNT)
		o->output.mode = GET_EXTEND;
	o->filter = cJSON_IsObject(v[FILTER]) ? v[FILTER] : NULL;
	o->search = cJSON_IsObject(v[SEARCH]) ? v[SEARCH] : NULL;
	o->search_any = get_truthy(v[SEARCH_ANY]);
	o->start_search = get_truthy(v[START]);
	o->exclude_search = get_truthy(v[EXCLUDE]);
	o->wildcards = get_truthy(v[WILDCARDS]);
	o->preservekeys = get_truthy(v[PRESERVE]);
	o->count = get_truthy(v[COUNT]);
	o->editable = get_truthy(v[EDITABLE]);
	if (!get_uint_option(v[LIMIT], &o->limit))
		o->limit = 0;
	o->has_limit_selects = get_uint_option(v[LIMIT_SELECTS], &o->limit_selects);
	return get_sort_parse(call, k, v[SORTFIELD], v[SORTORDER], o);
}

/* ---- matching ---- */

static char
get_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* s starts with the first n bytes of p, case-insensitively (ASCII). */
static bool
get_prefix_ci(const char *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || get_upper(s[i]) != get_upper(p[i]))
			return false;
	return true;
}

/* p (with '*' as "any run") matches the whole of s, case-insensitively. */
static bool
get_glob_ci(const char *s, const char *p)
{
	const char *star = NULL, *mark = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = p++;
			mark = s;
		} else if (*p != '\0' && get_upper(*p) == get_upper(*s)) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++mark;
		} else
			return false;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* Zabbix's search LIKE: a substring (or, with start, a prefix) without wildcards; with
 * them, the pattern is anchored and '*' matches any run. Case-insensitive. */
bool
get_like(const char *s, const char *pat, bool start, bool wildcards)
{
	size_t n = strlen(pat);

	if (wildcards)
		return get_glob_ci(s, pat);
	if (start)
		return get_prefix_ci(s, pat, n);
	for (; *s != '\0'; s++)
		if (get_prefix_ci(s, pat, n))
			return true;
	return n == 0;
}

const cJSON *
get_value(const struct get_kind *k, const cJSON *full, const char *name)
{
	return util_json_member(full, strcmp(name, k->dbpk) == 0 ? k->pk : name);
}

/* A scalar option value as the text it is compared as; NULL for anything else. */
static const char *
get_scalar_text(const cJSON *v, char buf[32])
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			snprintf(buf, 32, "%lld", (long long)v->valuedouble);
		else
			snprintf(buf, 32, "%.15g", v->valuedouble);
		return buf;
	}
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "1" : "";
	return NULL;
}

static bool
get_num_equal(const char *a, const char *b)
{
	char *ea, *eb;
	long long x = strtoll(a, &ea, 10), y = strtoll(b, &eb, 10);

	return *a != '\0' && *b != '\0' && *ea == '\0' && *eb == '\0' && x == y;
}

static bool
get_filter_one(const struct get_field *f, const char *have, const cJSON *want)
{
	char buf[32];
	const char *w = get_scalar_text(want, buf);

	if (w == NULL)
		return false;
	return (f->flags & GET_F_NUM) ? get_num_equal(have, w) : strcmp(have, w) == 0;
}

/* An option value Zabbix's zbx_empty() skips: null, "" or []. */
static bool
get_empty(const cJSON *v)
{
	return cJSON_IsNull(v) || (cJSON_IsString(v) && v->valuestring[0] == '\0') ||
	    (cJSON_IsArray(v) && v->child == NULL);
}

/* A row's text of a field (dbpk read as pk), NULL when it has none or it is not a string:
 * of a tree row, or of a view. */
typedef const char *(*get_text_fn)(const struct get_kind *, const void *, const char *);

static const char *
get_tree_text(const struct get_kind *k, const void *row, const char *name)
{
	const cJSON *v = get_value(k, row, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A view's JSON text is no string where it parses (the tree's array). */
static const char *
get_view_text(const struct get_kind *k, const void *row, const char *name)
{
	const struct get_vf *f = get_view_field(row, strcmp(name, k->dbpk) == 0 ? k->pk : name);
	cJSON *j;

	if (f == NULL)
		return NULL;
	if (f->type == GET_VF_STR || (j = cJSON_Parse(f->val)) == NULL)
		return f->val;
	cJSON_Delete(j);
	return NULL;
}

/* filter: exact match per field, an array meaning any of; unknown fields are ignored. */
static bool
get_filter_match(const struct get_kind *k, get_text_fn text, const void *row,
    const cJSON *filter)
{
	const cJSON *f, *w;

	cJSON_ArrayForEach(f, filter) {
		const struct get_field *fd = get_field_find(k, f->string);
		const char *have;
		bool ok = false;

		if (fd == NULL || get_empty(f))
			continue;
		if ((have = text(k, row, f->string)) == NULL)
			return false;
		if (!cJSON_IsArray(f))
			ok = get_filter_one(fd, have, f);
		else
			cJSON_ArrayForEach(w, f)
				ok = ok || get_filter_one(fd, have, w);
		if (!ok)
			return false;
	}
	return true;
}

/* One search condition; returns -1 to skip it (an empty pattern). */
static int
get_search_one(const struct get_opts *o, const char *have, const cJSON *pat)
{
	char buf[32];
	const char *p = get_scalar_text(pat, buf);

	if (p == NULL || *p == '\0')
		return -1;
	return get_like(have, p, o->start_search, o->wildcards) != o->exclude_search;
}

/* search: every (field, pattern) condition joined by AND, or by OR with searchByAny. */
static bool
get_search_match(const struct get_kind *k, get_text_fn text, const void *row,
    const struct get_opts *o)
{
	const cJSON *f, *p;
	bool any = false, seen = false;

	cJSON_ArrayForEach(f, o->search) {
		const struct get_field *fd = get_field_find(k, f->string);
		const char *s;

		if (fd == NULL || (fd->flags & GET_F_NUM) || cJSON_IsNull(f))
			continue;
		if ((s = text(k, row, f->string)) == NULL)
			s = "";
		for (p = cJSON_IsArray(f) ? f->child : f; p != NULL; p = cJSON_IsArray(f) ? p->next : NULL) {
			int m = get_search_one(o, s, p);

			if (m < 0)
				continue;
			seen = true;
			if (m && o->search_any)
				return true;
			if (!m && !o->search_any)
				return false;
			any = any || m;
		}
	}
	return !seen || !o->search_any || any;
}

/* Whether get_cand.drop_* leaves the row out (its drop_field reads drop_value). */
static bool
get_drop_match(const struct get_kind *k, get_text_fn text, const void *row,
    const struct get_opts *o)
{
	const char *have;

	return o->drop_field != NULL && (have = text(k, row, o->drop_field)) != NULL &&
	    strcmp(have, o->drop_value) == 0;
}

bool
get_view_match(const struct get_kind *k, const struct get_view *v, const struct get_opts *o)
{
	return (o->filter == NULL || get_filter_match(k, get_view_text, v, o->filter)) &&
	    (o->search == NULL || get_search_match(k, get_view_text, v, o)) &&
	    !get_drop_match(k, get_view_text, v, o);
}

/* ---- rows ---- */

static void
get_rows_free(struct get_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		cJSON_Delete(r->v[i].full);
	free(r->v);
	memset(r, 0, sizeof *r);
}

static void
get_rows_add(struct get_rows *r, uint64_t id, cJSON *full)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n].id = id;
	r->v[r->n++].full = full;
}

/* Whether the caller may see (o->editable: edit) the object of id, before its row is loaded
 * (loaded false: true when only the row can tell) or after (the row's "hostid" in *row_host,
 * NULL when it has none). last caches the last host asked, as rows of one host come
 * together. */
static int
get_perm_check(struct rpc_call *call, const struct get_kind *k, const struct get_opts *o,
    uint64_t id, bool loaded, const uint64_t *row_host, uint64_t last[2], bool *ok)
{
	uint64_t hostid = id;
	int rc;

	*ok = true;
	if (call->rights == NULL || k->perm == GET_PERM_NONE)
		return STORE_OK;
	if (k->perm == GET_PERM_ID_GROUP) {
		*ok = perm_group_allows(call->rights, id, o->editable);
		return STORE_OK;
	}
	if (k->perm == GET_PERM_HOSTS) {
		struct id_list hosts = { 0 };

		if (loaded)
			return STORE_OK;
		rc = k->perm_hosts(call->txn, id, &hosts);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
		if (rc == STORE_OK)
			rc = access_hosts_allow(call, &hosts, o->editable, ok);
		id_list_free(&hosts);
		return rc;
	}
	if (k->perm == GET_PERM_ROW_HOST) {
		if (!loaded || row_host == NULL)
			return STORE_OK;
		hostid = *row_host;
	}
	if (last[0] == hostid + 1) {
		*ok = last[1] != 0;
		return STORE_OK;
	}
	rc = perm_host_allows(call->txn, call->rights, hostid, o->editable, ok);
	last[0] = hostid + 1;
	last[1] = *ok;
	return rc;
}

/* get_perm_check of a tree row (full NULL: not loaded yet). */
static int
get_perm_ok(struct rpc_call *call, const struct get_kind *k, const struct get_opts *o,
    uint64_t id, const cJSON *full, uint64_t last[2], bool *ok)
{
	uint64_t hostid;
	bool known = full != NULL && id_from_json(util_json_member(full, "hostid"), &hostid);

	return get_perm_check(call, k, o, id, full != NULL, known ? &hostid : NULL, last, ok);
}

int
get_perm_view(struct rpc_call *call, const struct get_kind *k, const struct get_opts *o,
    uint64_t id, const struct get_view *v, uint64_t last[2], bool *ok)
{
	const struct get_vf *h;
	uint64_t hostid;
	bool known;

	if (call->rights == NULL) {	/* unrestricted: the common case, without a lookup */
		*ok = true;
		return STORE_OK;
	}
	h = v != NULL && k->perm == GET_PERM_ROW_HOST ? get_view_field(v, "hostid") : NULL;
	known = h != NULL && util_parse_u64(h->val, &hostid);
	return get_perm_check(call, k, o, id, v != NULL, known ? &hostid : NULL, last, ok);
}

static int
get_rows_collect(struct rpc_call *call, const struct get_kind *k, const struct get_opts *o,
    const struct id_list *ids, struct get_rows *rows)
{
	uint64_t last[2] = { 0, 0 };

	for (size_t i = 0; i < ids->n; i++) {
		cJSON *full = NULL;
		bool ok;
		int rc = get_perm_ok(call, k, o, ids->ids[i], NULL, last, &ok);

		if (rc == STORE_OK && ok)
			rc = k->view != NULL ? get_view_load(call, ids->ids[i], &full, k->view) :
			    k->load(call, ids->ids[i], &full);
		if (rc == STORE_OK && full != NULL)
			rc = get_perm_ok(call, k, o, ids->ids[i], full, last, &ok);
		if (rc != STORE_OK) {
			cJSON_Delete(full);
			return rc;
		}
		if (full == NULL)
			continue;
		if (!ok) {
			cJSON_Delete(full);
			continue;
		}
		if ((o->filter != NULL && !get_filter_match(k, get_tree_text, full, o->filter)) ||
		    (o->search != NULL && !get_search_match(k, get_tree_text, full, o)) ||
		    get_drop_match(k, get_tree_text, full, o)) {
			cJSON_Delete(full);
			continue;
		}
		get_rows_add(rows, ids->ids[i], full);
	}
	return STORE_OK;
}

struct get_sort_ctx {
	const struct get_kind	*k;
	const struct get_opts	*o;
};

static int
get_value_cmp(const struct get_kind *k, const char *name, const cJSON *a, const cJSON *b)
{
	const struct get_field *f = get_field_find(k, name);
	const cJSON *va = get_value(k, a, name), *vb = get_value(k, b, name);
	const char *sa = cJSON_IsString(va) ? va->valuestring : "";
	const char *sb = cJSON_IsString(vb) ? vb->valuestring : "";

	if (f != NULL && (f->flags & GET_F_NUM)) {
		long long x = strtoll(sa, NULL, 10), y = strtoll(sb, NULL, 10);

		return x < y ? -1 : x > y;
	}
	return strcmp(sa, sb);
}

static int
get_row_cmp(const void *a, const void *b, void *arg)
{
	const struct get_row *ra = a, *rb = b;
	const struct get_sort_ctx *c = arg;

	for (size_t i = 0; i < c->o->nsort; i++) {
		int d = get_value_cmp(c->k, c->o->sort[i].field, ra->full, rb->full);

		if (d != 0)
			return c->o->sort[i].desc ? -d : d;
	}
	return ra->id < rb->id ? -1 : ra->id > rb->id;
}

static void
get_rows_sort(const struct get_kind *k, const struct get_opts *o, struct get_rows *rows)
{
	struct get_sort_ctx c = { k, o };

	if (o->nsort > 0 && rows->n > 1)
		qsort_r(rows->v, rows->n, sizeof *rows->v, get_row_cmp, &c);
}

static void
get_rows_truncate(struct get_rows *rows, size_t n)
{
	while (rows->n > n)
		cJSON_Delete(rows->v[--rows->n].full);
}

/* ---- output ---- */

bool
get_list_has_name(const cJSON *list, const char *name)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, list)
		if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
			return true;
	return false;
}

static void
get_copy(cJSON *obj, const cJSON *full, const char *name)
{
	const cJSON *v = util_json_member(full, name);

	if (v != NULL && util_json_member(obj, name) == NULL)
		cJSON_AddItemToObject(obj, name, cJSON_Duplicate(v, true));
}

/* The output fields of one row: every field for extend, else the known ones asked for,
 * with the primary key added when add_pk (first, or last where Zabbix renames it). put(obj,
 * full, name) adds one field of full to obj. */
static cJSON *
get_project_with(const struct get_kind *k, cJSON *full, const struct get_output *out,
    bool add_pk, void (*put)(cJSON *, cJSON *, const char *))
{
	cJSON *obj = cJSON_CreateObject();
	const cJSON *e;
	bool want_pk = add_pk && !(out->mode == GET_LIST && get_list_has_name(out->list, k->pk));

	if (out->mode == GET_EXTEND) {
		for (const struct get_field *f = k->fields; f->name != NULL; f++)
			put(obj, full, f->name);
		return obj;
	}
	if (want_pk && !k->pk_last)
		put(obj, full, k->pk);
	cJSON_ArrayForEach(e, out->list)
		if (cJSON_IsString(e) && get_field_find(k, e->valuestring) != NULL &&
		    (strcmp(e->valuestring, k->dbpk) != 0 || strcmp(k->dbpk, k->pk) == 0))
			put(obj, full, e->valuestring);
	if (want_pk)
		put(obj, full, k->pk);
	return obj;
}

static void
get_put_copy(cJSON *obj, cJSON *full, const char *name)
{
	get_copy(obj, full, name);
}

cJSON *
get_project(const struct get_kind *k, const cJSON *full, const struct get_output *out,
    bool add_pk)
{
	return get_project_with(k, (cJSON *)(uintptr_t)full, out, add_pk, get_put_copy);
}

/* The members of a row being taken apart: a moved member leaves its slot NULL. */
#define GET_SLOTS_MAX	96
struct get_slots {
	cJSON	*full;
	size_t	 n;
	size_t	 next;	/* where the next search starts: one past the last member moved */
	cJSON	*v[GET_SLOTS_MAX];
};
static _Thread_local struct get_slots get_slots_cur;

/* Moves the member name of the row being taken apart to the end of obj, key and value as
 * they are (nothing copied); a member moved already (or absent) adds nothing. The search
 * starts after the member moved last and wraps around: rows are loaded in the order of their
 * kind's field table, so an "extend" projection finds each member at once. */
static void
get_put_take(cJSON *obj, cJSON *full, const char *name)
{
	struct get_slots *s = &get_slots_cur;

	for (size_t k = 0, i = s->next; k < s->n; k++, i = i + 1 == s->n ? 0 : i + 1) {
		cJSON *m = s->v[i];

		if (m != NULL && m->string[0] == name[0] && strcmp(m->string, name) == 0) {
			s->v[i] = NULL;
			s->next = i + 1 == s->n ? 0 : i + 1;
			cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(full, m));
			return;
		}
	}
}

/* Whether an "extend" projection of full is full itself: its members are known fields, in
 * the order of the kind's table (absent fields aside), each once. */
static bool
get_extend_same(const struct get_kind *k, const cJSON *full)
{
	const cJSON *m = full->child;

	for (const struct get_field *f = k->fields; f->name != NULL && m != NULL; f++)
		if (m->string != NULL && m->string[0] == f->name[0] && strcmp(m->string, f->name) == 0)
			m = m->next;
	return m == NULL;
}

/* get_project for a row the caller frees next without reading the projected fields again:
 * they move from *fullp into the answer instead of being copied (the projection of every row
 * of a get, its largest cost before). *fullp keeps the fields not projected, or is NULL when
 * the whole row moved (an "extend" of a row in its fields' order). */
static cJSON *
get_project_take(const struct get_kind *k, cJSON **fullp, const struct get_output *out,
    bool add_pk)
{
	struct get_slots *s = &get_slots_cur;
	cJSON *m, *obj, *full = *fullp;

	if (out->mode == GET_EXTEND && get_extend_same(k, full)) {
		*fullp = NULL;	/* the row is its own projection: it moves whole */
		return full;
	}

	s->n = 0;
	s->next = 0;
	cJSON_ArrayForEach(m, full) {
		if (s->n == GET_SLOTS_MAX || m->string == NULL)
			return get_project_with(k, full, out, add_pk, get_put_copy);
		s->v[s->n++] = m;
	}
	s->full = full;
	obj = get_project_with(k, full, out, add_pk, get_put_take);
	s->n = 0;
	s->full = NULL;
	return obj;
}

static cJSON *
get_count_json(size_t n)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%zu", n);
	return cJSON_CreateString(buf);
}

bool
get_output_asks(const cJSON *params, const char *field)
{
	const cJSON *out = util_json_member(params, "output");
	const cJSON *e;

	if (cJSON_IsTrue(util_json_member(params, "countOutput")))
		return false;
	if (cJSON_IsString(out))
		return strcmp(out->valuestring, "extend") == 0;
	cJSON_ArrayForEach(e, out)
		if (cJSON_IsString(e) && strcmp(e->valuestring, field) == 0)
			return true;
	return false;
}

/* Whether Zabbix's query for these params joins another table (see struct get_kind). */
static bool
get_joined(const struct get_kind *k, const cJSON *params)
{
	for (const char *const *j = k->joins; j != NULL && *j != NULL; j++) {
		const cJSON *v = util_json_member(params, *j);

		if (v != NULL && !cJSON_IsNull(v))
			return true;
	}
	return k->joined != NULL && k->joined(params);
}

static int
get_rows_emit(struct rpc_call *call, const cJSON *params, const struct get_kind *k,
    const struct get_opts *o, struct get_rows *rows, get_select_fn select)
{
	cJSON *res = o->preservekeys ? cJSON_CreateObject() : cJSON_CreateArray();
	bool sort_out = o->output.mode == GET_LIST && get_joined(k, params);
	char buf[24];

	for (size_t i = 0; i < rows->n; i++) {
		cJSON *obj = get_project_take(k, &rows->v[i].full, &o->output, true);
		int rc;

		for (size_t j = 0; sort_out && j < o->nsort; j++)
			if (strcmp(o->sort[j].field, k->dbpk) != 0)
				get_copy(obj, rows->v[i].full, o->sort[j].field);
		if (sort_out && k->pk_last) {	/* the key stays last, after the sort fields */
			cJSON *pk = cJSON_DetachItemFromObjectCaseSensitive(obj, k->pk);

			if (pk != NULL)
				cJSON_AddItemToObject(obj, k->pk, pk);
		}
		rc = select != NULL ? select(call, params, o, rows->v[i].id, obj) : STORE_OK;
		if (rc != STORE_OK) {
			cJSON_Delete(obj);
			cJSON_Delete(res);
			return rpc_fail_store(call, rc);
		}
		if (o->preservekeys)
			cJSON_AddItemToObject(res, id_to_str(rows->v[i].id, buf), obj);
		else
			cJSON_AddItemToArray(res, obj);
		if (!rpc_answer_add(call, obj)) {	/* bounded: the answer's size (or too
							 * large for the loop) */
			cJSON_Delete(res);
			return RPC_ROLLBACK;
		}
	}
	return rpc_ok(call, res);
}

/* ---- candidates ---- */

void
get_cand_take(struct get_cand *c, struct id_list *more)
{
	struct id_list keep = { 0 };

	if (!c->set) {
		id_list_free(&c->ids);
		c->ids = *more;
		c->set = true;
		memset(more, 0, sizeof *more);
		return;
	}
	for (size_t i = 0; i < c->ids.n; i++)
		if (id_list_has(more, c->ids.ids[i]))
			id_list_add(&keep, c->ids.ids[i]);
	id_list_free(&c->ids);
	id_list_free(more);
	c->ids = keep;
}

/* An id option: one id or an array of them; ids that do not parse are dropped. Returns
 * false when the option is absent or null (no constraint). */
bool
get_ids_option(const cJSON *params, const char *name, struct id_list *out)
{
	const cJSON *v = util_json_member(params, name), *e;
	uint64_t id;

	if (v == NULL || cJSON_IsNull(v))
		return false;
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		if (id_from_json(v, &id))
			id_list_add(out, id);
		return true;
	}
	cJSON_ArrayForEach(e, v)
		if (id_from_json(e, &id))
			id_list_add(out, id);
	return true;
}

/* Constrains the candidates to the ids an id option names (when it is given). */
void
get_cand_ids(const cJSON *params, const char *name, struct get_cand *c)
{
	struct id_list ids = { 0 };

	if (get_ids_option(params, name, &ids))
		get_cand_take(c, &ids);
	id_list_free(&ids);
}

/* filter.<field> with exact values (a string or an array of them) through a name index:
 * the candidates are the ids it names. An empty or absent value leaves them alone. */
int
get_cand_by_name(struct rpc_call *call, const cJSON *filter, const char *field,
    enum store_rc (*by)(struct store_txn *, const char *, uint64_t *), struct get_cand *c)
{
	const cJSON *v = util_json_member(filter, field), *e;
	struct id_list ids = { 0 };
	uint64_t id;
	int rc;

	if (v == NULL || (!cJSON_IsString(v) && !cJSON_IsArray(v)) ||
	    (cJSON_IsString(v) && v->valuestring[0] == '\0') ||
	    (cJSON_IsArray(v) && v->child == NULL))
		return STORE_OK;
	for (e = cJSON_IsArray(v) ? v->child : v; e != NULL; e = cJSON_IsArray(v) ? e->next : NULL) {
		if (!cJSON_IsString(e))
			continue;
		if ((rc = by(call->txn, e->valuestring, &id)) == STORE_OK)
			id_list_add(&ids, id);
		else if (rc != STORE_ENOTFOUND) {
			id_list_free(&ids);
			return rc;
		}
	}
	get_cand_take(c, &ids);
	return STORE_OK;
}

/* Options of template.get and host.get about what tmpld never holds. */
const char *const get_never_host_opts[] = {
	NULL,
};

/* Constrains the candidates to the union of fn(id) over the ids of option name. */
int
get_cand_related(struct rpc_call *call, const cJSON *params, const char *name,
    enum store_rc (*fn)(struct store_txn *, uint64_t, struct id_list *), struct get_cand *c)
{
	struct id_list given = { 0 }, rel = { 0 };
	int rc = STORE_OK;

	if (!get_ids_option(params, name, &given))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < given.n; i++)
		rc = fn(call->txn, given.ids[i], &rel);
	id_list_free(&given);
	if (rc == STORE_OK)
		get_cand_take(c, &rel);
	id_list_free(&rel);
	return rc;
}

/* Options that ask for objects tmpld never has (triggers, graphs, web scenarios): when
 * one is given (not null), nothing matches. */
void
get_cand_never(const cJSON *params, const char *const *opts, struct get_cand *c)
{
	for (; *opts != NULL; opts++) {
		const cJSON *v = util_json_member(params, *opts);

		if (v != NULL && !cJSON_IsNull(v) &&
		    (strcmp(*opts, "with_httptests") != 0 || get_truthy(v))) {
			c->set = true;
			c->ids.n = 0;
			return;
		}
	}
}

/* The candidates to read: the constrained set, or every id of the kind (a scan). */
int
get_cand_resolve(struct rpc_call *call, const struct get_kind *k, struct get_cand *c)
{
	size_t j = 0;
	int rc;

	if (!c->set) {
		if ((rc = k->scan(call, &c->ids)) != STORE_OK)
			return rc;
		c->set = true;
	}
	id_list_sort(&c->ids);
	for (size_t i = 0; i < c->ids.n; i++)
		if (j == 0 || c->ids.ids[i] != c->ids.ids[j - 1])
			c->ids.ids[j++] = c->ids.ids[i];
	c->ids.n = j;
	return STORE_OK;
}

/* countOutput with groupCount: Zabbix's rows of the count query, [{"rowscount": "N"}];
 * item.get with hostids groups them by host: [{"rowscount", "hostid"}] in host order (no
 * row for a host without items), and a kind with group_by always by that field. */
static cJSON *
get_group_count(const struct get_kind *k, const cJSON *params, const struct get_rows *rows)
{
	cJSON *arr = cJSON_CreateArray(), *one;
	struct id_list hosts = { 0 };
	const char *by = k->group_by != NULL ? k->group_by : "hostid";

	if (k->group_by == NULL && (k != &get_kind_item ||
	    util_json_member(params, "hostids") == NULL ||
	    cJSON_IsNull(util_json_member(params, "hostids")))) {
		one = cJSON_CreateObject();
		cJSON_AddItemToObject(one, "rowscount", get_count_json(rows->n));
		cJSON_AddItemToArray(arr, one);
		return arr;
	}
	for (size_t i = 0; i < rows->n; i++) {
		const cJSON *h = util_json_member(rows->v[i].full, by);
		uint64_t id;

		if (id_from_json(h, &id))
			id_list_add(&hosts, id);
	}
	id_list_sort(&hosts);
	for (size_t i = 0, j; i < hosts.n; i = j) {
		char buf[24];

		for (j = i; j < hosts.n && hosts.ids[j] == hosts.ids[i]; j++)
			;
		one = cJSON_CreateObject();
		cJSON_AddItemToObject(one, "rowscount", get_count_json(j - i));
		cJSON_AddStringToObject(one, by, id_to_str(hosts.ids[i], buf));
		cJSON_AddItemToArray(arr, one);
	}
	id_list_free(&hosts);
	return arr;
}

/* ---- the whole get ---- */

int
get_run(struct rpc_call *call, const cJSON *params, const struct get_kind *k,
    struct get_cand *cand, get_select_fn select)
{
	struct get_opts o;
	struct get_rows rows = { 0 };
	int rc;

	if ((rc = get_opts_parse(call, k, params, &o)) != RPC_COMMIT)
		return rc;
	o.drop_field = cand->drop_field;
	o.drop_value = cand->drop_value;
	/* every object of the kind, or many: read on a pool thread, not the loop */
	if (!cand->set && rpc_move_off_loop(call))
		return RPC_ROLLBACK;
	if ((rc = get_cand_resolve(call, k, cand)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (cand->ids.n > GET_LOOP_MAX && rpc_move_off_loop(call))
		return RPC_ROLLBACK;
	if (get_stream_ok(call, params, k, &o))
		return get_stream_run(call, params, k, &o, &cand->ids, select);
	if ((rc = get_rows_collect(call, k, &o, &cand->ids, &rows)) != STORE_OK) {
		get_rows_free(&rows);
		return rpc_fail_store(call, rc);
	}
	if (o.count) {
		rc = rpc_ok(call, get_truthy(util_json_member(params,
		    "groupCount")) ? get_group_count(k, params, &rows) : get_count_json(rows.n));
		get_rows_free(&rows);
		return rc;
	}
	get_rows_sort(k, &o, &rows);
	if (o.limit > 0)
		get_rows_truncate(&rows, o.limit);
	rc = get_rows_emit(call, params, k, &o, &rows, select);
	get_rows_free(&rows);
	return rc;
}

/* ---- nested selects ---- */

static int
get_name_cmp(const void *a, const void *b, void *arg)
{
	const struct get_row *ra = a, *rb = b;
	const cJSON *va = util_json_member(ra->full, arg);
	const cJSON *vb = util_json_member(rb->full, arg);
	int d = strcmp(cJSON_IsString(va) ? va->valuestring : "",
	    cJSON_IsString(vb) ? vb->valuestring : "");

	return d != 0 ? d : (ra->id < rb->id ? -1 : ra->id > rb->id);
}

/* The related rows of kind k among ids (others skipped), as an array projected by out
 * (with limitSelects sorted by sortkey and cut), or their count for "count". */
int
get_nested(struct rpc_call *call, const struct get_kind *k, const struct id_list *ids,
    const struct get_output *out, const struct get_nested_opts *n, cJSON **res)
{
	struct get_opts none = { 0 };
	struct get_rows rows = { 0 };
	bool limited;
	int rc;

	*res = NULL;
	if ((rc = get_rows_collect(call, k, &none, ids, &rows)) != STORE_OK) {
		get_rows_free(&rows);
		return rc;
	}
	if (out->mode == GET_COUNT) {
		*res = get_count_json(rows.n);
		get_rows_free(&rows);
		return STORE_OK;
	}
	limited = n->opts != NULL && n->opts->has_limit_selects;
	if (n->sortkey != NULL && rows.n > 1 && (limited || n->sort_always))
		qsort_r(rows.v, rows.n, sizeof *rows.v, get_name_cmp, (void *)(uintptr_t)n->sortkey);
	if (limited)
		get_rows_truncate(&rows, n->opts->limit_selects);
	*res = cJSON_CreateArray();
	for (size_t i = 0; i < rows.n; i++)
		cJSON_AddItemToArray(*res, get_project_take(k, &rows.v[i].full, out, n->add_pk));
	get_rows_free(&rows);
	return STORE_OK;
}

/* Adds key: the nested select of option opt over ids, unless the option is absent or is
 * "count" where Zabbix ignores it (count_ok false). */
int
get_select_add(struct rpc_call *call, const cJSON *params, const char *opt, const char *key,
    const struct get_kind *k, const struct id_list *ids, const struct get_nested_opts *n,
    cJSON *obj)
{
	struct get_output out = get_output_parse(util_json_member(params, opt));
	cJSON *res;
	int rc;

	if (out.mode == GET_NONE || (out.mode == GET_COUNT && !n->count_ok))
		return STORE_OK;
	if (n->opts != NULL && n->opts->stream && k->view != NULL && out.mode != GET_COUNT) {
		struct jsonw *w = get_stream_select(n->opts, obj), own;

		if (w != NULL) {	/* the streamed row's own select: written in place */
			jsonw_key(w, key);
			return get_stream_nested(call, k, ids, &out, n, w);
		}
		jsonw_init(&own, 256);
		if ((rc = get_stream_nested(call, k, ids, &out, n, &own)) != STORE_OK) {
			jsonw_free(&own);
			return rc;
		}
		cJSON_AddItemToObject(obj, key, util_json_raw_take(jsonw_take(&own, NULL)));
		return STORE_OK;
	}
	if ((rc = get_nested(call, k, ids, &out, n, &res)) != STORE_OK)
		return rc;
	cJSON_AddItemToObject(obj, key, res);
	return STORE_OK;
}

/* ---- tags (host.get and template.get "tags" with "evaltype") ---- */

enum { TAG_LIKE, TAG_EQUAL, TAG_NOT_LIKE, TAG_NOT_EQUAL, TAG_EXISTS, TAG_NOT_EXISTS };

/* One condition {tag, value, operator} against a tag set. */
static bool
get_tag_cond(const struct tag_list *tl, const cJSON *cond)
{
	const cJSON *t = util_json_member(cond, "tag");
	const cJSON *v = util_json_member(cond, "value");
	const cJSON *op = util_json_member(cond, "operator");
	const char *value = cJSON_IsString(v) ? v->valuestring : "";
	int o = cJSON_IsNumber(op) ? op->valueint :
	    (cJSON_IsString(op) ? atoi(op->valuestring) : TAG_LIKE);
	bool found = false;

	for (size_t i = 0; !found && i < tl->n && cJSON_IsString(t); i++) {
		if (strcmp(tl->tags[i].tag, t->valuestring) != 0)
			continue;
		if (o == TAG_LIKE || o == TAG_NOT_LIKE)
			found = get_like(tl->tags[i].value, value, false, false);
		else if (o == TAG_EQUAL || o == TAG_NOT_EQUAL)
			found = strcmp(tl->tags[i].value, value) == 0;
		else
			found = true;
	}
	return (o == TAG_NOT_LIKE || o == TAG_NOT_EQUAL || o == TAG_NOT_EXISTS) ? !found : found;
}

static bool
get_tag_negative(const cJSON *cond)
{
	const cJSON *op = util_json_member(cond, "operator");
	int o = cJSON_IsNumber(op) ? op->valueint :
	    (cJSON_IsString(op) ? atoi(op->valuestring) : TAG_LIKE);

	return o == TAG_NOT_LIKE || o == TAG_NOT_EQUAL || o == TAG_NOT_EXISTS;
}

static bool
get_same_tag(const cJSON *a, const cJSON *b)
{
	const cJSON *ta = util_json_member(a, "tag");
	const cJSON *tb = util_json_member(b, "tag");

	return cJSON_IsString(ta) && cJSON_IsString(tb) && strcmp(ta->valuestring,
	    tb->valuestring) == 0;
}

/* evaltype 0 (And/Or): conditions on one tag name are OR-ed (the negative ones AND-ed),
 * and the names AND-ed; evaltype 2 (Or): any condition. */
bool
get_tags_match(const struct tag_list *tl, const cJSON *conds, bool or)
{
	const cJSON *c, *d;

	cJSON_ArrayForEach(c, conds) {
		bool pos = false, any_pos = false, neg = true;

		if (or) {
			if (get_tag_cond(tl, c))
				return true;
			continue;
		}
		cJSON_ArrayForEach(d, conds) {
			if (!get_same_tag(c, d))
				continue;
			if (get_tag_negative(d))
				neg = neg && get_tag_cond(tl, d);
			else {
				any_pos = true;
				pos = pos || get_tag_cond(tl, d);
			}
		}
		if (!neg || (any_pos && !pos))
			return false;
	}
	return !or || conds->child == NULL;
}

/* Keeps the candidates whose tags match the "tags" option (a non-empty array). */
int
get_tags_filter(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	const cJSON *tags = util_json_member(params, "tags");
	const cJSON *ev = util_json_member(params, "evaltype");
	bool or = (cJSON_IsNumber(ev) && ev->valueint == 2) ||
	    (cJSON_IsString(ev) && strcmp(ev->valuestring, "2") == 0);
	size_t j = 0;

	if (!cJSON_IsArray(tags) || tags->child == NULL)
		return STORE_OK;
	for (size_t i = 0; i < c->ids.n; i++) {
		struct tag_list tl;
		int rc = store_host_tags(call->txn, c->ids.ids[i], &tl);

		if (rc != STORE_OK)
			return rc;
		if (get_tags_match(&tl, tags, or))
			c->ids.ids[j++] = c->ids.ids[i];
		tag_list_free(&tl);
	}
	c->ids.n = j;
	return STORE_OK;
}
