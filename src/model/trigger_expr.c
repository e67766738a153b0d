/* trigger_expr.c: trigger expressions between their written form (/host/key in each history
 * function call) and their stored form ("{functionid}" per call), with Zabbix's parameter text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

static char *
expr_slice(const char *s, size_t pos, size_t len)
{
	char *out = xmalloc(len + 1);

	memcpy(out, s + pos, len);
	out[len] = '\0';
	return out;
}

static size_t
trigger_calls_find(const struct trigger_calls *l, const char *match, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i].match) == len && strncmp(l->v[i].match, match, len) == 0)
			return i;
	return l->n;
}

/* The parameter: the text inside the parentheses, the query replaced by "$". */
static char *
trigger_call_parameter(const char *call, const struct expr_call *c)
{
	size_t open = c->name_len + 1, inner = c->len - open - 1;
	size_t q = c->query_pos - open;
	char *out = xmalloc(inner - c->query_len + 2);

	memcpy(out, call + open, q);
	out[q] = '$';
	memcpy(out + q + 1, call + c->query_pos + c->query_len, inner - q - c->query_len);
	out[inner - c->query_len + 1] = '\0';
	return out;
}

int
trigger_expr_calls(const char *src, struct trigger_calls *out, char **cause)
{
	struct expr_calls calls = { 0 };

	if (expr_parse(src, EXPR_TRIGGER | EXPR_LLD, &calls, cause) != 0) {
		free(calls.v);
		return -1;
	}
	for (size_t i = 0; i < calls.n; i++) {
		const struct expr_call *c = &calls.v[i];
		const char *at = src + c->pos;
		struct trigger_call *t;

		if (trigger_calls_find(out, at, c->len) < out->n)
			continue;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		t = &out->v[out->n++];
		t->match = expr_slice(at, 0, c->len);
		t->host = expr_slice(at, c->host_pos, c->host_len);
		t->key = expr_slice(at, c->key_pos, c->key_len);
		t->name = expr_slice(at, 0, c->name_len);
		t->parameter = trigger_call_parameter(at, c);
	}
	free(calls.v);
	return 0;
}

void
trigger_calls_free(struct trigger_calls *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct trigger_call *t = &l->v[i];

		free(t->match), free(t->host), free(t->key), free(t->name), free(t->parameter);
	}
	free(l->v);
	l->v = NULL, l->n = 0;
}

/* A growable text. */
struct expr_text {
	char	*s;
	size_t	 n, cap;
};

static void
text_add(struct expr_text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		t->cap = (t->n + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
}

char *
trigger_expr_collapse(const char *src, const struct trigger_calls *all, const uint64_t *fids)
{
	struct expr_calls calls = { 0 };
	struct expr_text t = { 0 };
	char *cause = NULL, buf[32];
	size_t at = 0;

	text_add(&t, "", 0);
	if (expr_parse(src, EXPR_TRIGGER | EXPR_LLD, &calls, &cause) != 0) {
		free(cause);
		free(calls.v);
		text_add(&t, src, strlen(src));
		return t.s;
	}
	for (size_t i = 0; i < calls.n; i++) {
		const struct expr_call *c = &calls.v[i];
		size_t k = trigger_calls_find(all, src + c->pos, c->len);

		text_add(&t, src + at, c->pos - at);
		at = c->pos + c->len;
		if (k < all->n) {
			buf[0] = '{';
			id_to_str(fids[k], buf + 1);
			strcat(buf, "}");
			text_add(&t, buf, strlen(buf));
		} else
			text_add(&t, src + c->pos, c->len);
	}
	text_add(&t, src + at, strlen(src + at));
	free(calls.v);
	return t.s;
}

/* One function written out: name(/host/key...), "$" of the parameter as the query. */
static void
expand_one(struct expr_text *t, const struct trigger_fn_view *f)
{
	const char *dollar = strchr(f->parameter, '$');

	text_add(t, f->name, strlen(f->name));
	text_add(t, "(", 1);
	if (dollar == NULL)
		dollar = f->parameter + strlen(f->parameter);
	text_add(t, f->parameter, (size_t)(dollar - f->parameter));
	text_add(t, "/", 1);
	if (f->host != NULL)
		text_add(t, f->host, strlen(f->host));
	text_add(t, "/", 1);
	text_add(t, f->key, strlen(f->key));
	if (*dollar == '$')
		text_add(t, dollar + 1, strlen(dollar + 1));
	text_add(t, ")", 1);
}

/* Walks a stored expression: the text outside "{functionid}" references (and every quoted
 * string) is copied to t; each reference of one of the n ids is handed to one (with its
 * index), the others are copied. */
static void
expr_scan(const char *stored, const uint64_t *ids, size_t n, struct expr_text *t,
    void (*one)(struct expr_text *, size_t, const void *), const void *arg)
{
	const char *p = stored;

	text_add(t, "", 0);
	while (*p != '\0') {
		size_t d = 0, k = n;
		uint64_t id = 0;

		if (*p == '"') {	/* a string: copied as it is */
			const char *q = p + 1;

			while (*q != '\0' && *q != '"')
				q += (*q == '\\' && q[1] != '\0') ? 2 : 1;
			q += *q == '"';
			text_add(t, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '{')
			while (isdigit((unsigned char)p[1 + d]) && d < 20)
				id = id * 10 + (uint64_t)(p[1 + d++] - '0');
		if (d > 0 && p[1 + d] == '}')
			for (k = 0; k < n && ids[k] != id; k++)
				;
		if (k < n) {
			one(t, k, arg);
			p += d + 2;
		} else
			text_add(t, p++, 1);
	}
}

static void
expand_cb(struct expr_text *t, size_t k, const void *arg)
{
	expand_one(t, (const struct trigger_fn_view *)arg + k);
}

char *
trigger_expr_expand(const char *stored, const struct trigger_fn_view *fns, size_t n)
{
	struct expr_text t = { 0 };
	uint64_t *ids = xcalloc(n + 1, sizeof *ids);

	for (size_t i = 0; i < n; i++)
		ids[i] = fns[i].functionid;
	expr_scan(stored, ids, n, &t, expand_cb, fns);
	free(ids);
	return t.s;
}

static void
remap_cb(struct expr_text *t, size_t k, const void *arg)
{
	char buf[32];

	buf[0] = '{';
	id_to_str(((const uint64_t *)arg)[k], buf + 1);
	strcat(buf, "}");
	text_add(t, buf, strlen(buf));
}

char *
trigger_expr_remap(const char *stored, const uint64_t *from, const uint64_t *to, size_t n)
{
	struct expr_text t = { 0 };

	expr_scan(stored, from, n, &t, remap_cb, to);
	return t.s;
}

char *
trigger_ikey(const struct trigger *tr, const char *const *keys)
{
	struct trigger_fn_view *v = xcalloc(tr->nfn + 1, sizeof *v);
	char *expr, *rexpr, *out;

	for (size_t i = 0; i < tr->nfn; i++)
		v[i] = (struct trigger_fn_view){ tr->fn[i].functionid, tr->fn[i].name,
		    tr->fn[i].parameter, NULL, keys[i] };
	expr = trigger_expr_expand(tr->f[TRIGGER_F_EXPRESSION], v, tr->nfn);
	rexpr = trigger_expr_expand(tr->f[TRIGGER_F_RECOVERY_EXPRESSION], v, tr->nfn);
	out = xasprintf("%s\n%s\n%s", tr->f[TRIGGER_F_DESCRIPTION], expr, rexpr);
	free(expr);
	free(rexpr);
	free(v);
	return out;
}
