/* import_expr.c: rewrites the trigger expressions of 5.2 and older sources into 5.4's syntax as
 * Zabbix's C52TriggerExpressionConverter does: each {host:key.func(params)} becomes
 * func(/host/key,params) with the parameters renamed, reordered and quoted per function; also
 * calculated formulas, event names, 5.4's simple macros and aggregate item keys. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "internal.h"

#define XP_MAX_PARAMS	32

struct xparam {
	bool	 quoted;
	char	*raw;		/* as written, quotes included */
	char	*value;		/* unquoted */
	bool	 set;		/* present (PHP array key) */
	bool	 unquotable;
	bool	 indicated;
};

struct xfunc {
	size_t		 pos, len;	/* the whole macro in the expression */
	char		*host, *item, *name;
	struct xparam	 p[XP_MAX_PARAMS];
	int		 np;
};

static bool
xp_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '_' || c == '-';
}

static bool
xp_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '_' || c == '-' || c == ' ';
}

/* Item key parameters "[...]" as CItemKey reads them; the position after "]", or 0. */
static size_t
xp_key_params(const char *s, size_t p, int depth)
{
	enum { NEW, END, UNQUOTED, QUOTED } st = NEW;

	for (p++; s[p] != '\0'; p++) {
		switch (st) {
		case NEW:
			if (s[p] == ' ' || s[p] == ',')
				break;
			if (s[p] == ']')
				return p + 1;
			if (s[p] == '"')
				st = QUOTED;
			else if (s[p] == '[') {
				size_t q;

				if (depth > 0 || (q = xp_key_params(s, p, depth + 1)) == 0)
					return 0;
				p = q - 1;
				st = END;
			} else
				st = UNQUOTED;
			break;
		case END:
			if (s[p] == ',')
				st = NEW;
			else if (s[p] == ']')
				return p + 1;
			else if (s[p] != ' ')
				return 0;
			break;
		case UNQUOTED:
			if (s[p] == ']')
				return p + 1;
			if (s[p] == ',')
				st = NEW;
			break;
		case QUOTED:
			if (s[p] == '"' && s[p - 1] != '\\')
				st = END;
			break;
		}
	}
	return 0;
}

static void
xp_add_param(struct xfunc *f, bool quoted, const char *raw, size_t n)
{
	struct xparam *x;
	struct fbuf v;

	if (f->np == XP_MAX_PARAMS)
		return;
	x = &f->p[f->np++];
	x->quoted = quoted;
	x->raw = fmt_strdup_len(raw, n);
	x->set = true;
	fbuf_init(&v, n + 1);
	if (quoted) {
		for (size_t i = 1; i < n; i++)
			if (!(raw[i] == '\\' && i + 1 < n && raw[i + 1] == '"'))
				fbuf_putc(&v, raw[i]);
		if (v.len > 0)
			v.p[--v.len] = '\0';
	} else
		fbuf_add(&v, raw, n);
	x->value = fbuf_take(&v, NULL);
}

/* Function parameters "(...)" as C10FunctionParser reads them; the position after ")", or 0. */
static size_t
xp_func_params(const char *s, size_t p, struct xfunc *f)
{
	enum { NEW, END, UNQUOTED, QUOTED } st = NEW;
	size_t start = 0;

	for (p++; s[p] != '\0'; p++) {
		switch (st) {
		case NEW:
			if (s[p] == ' ')
				break;
			if (s[p] == ',' || s[p] == ')') {
				xp_add_param(f, false, "", 0);
				if (s[p] == ')')
					return p + 1;
				break;
			}
			start = p;
			st = s[p] == '"' ? QUOTED : UNQUOTED;
			break;
		case END:
			if (s[p] == ',')
				st = NEW;
			else if (s[p] == ')')
				return p + 1;
			else if (s[p] != ' ')
				return 0;
			break;
		case UNQUOTED:
			if (s[p] == ')' || s[p] == ',') {
				xp_add_param(f, false, s + start, p - start);
				if (s[p] == ')')
					return p + 1;
				st = NEW;
			}
			break;
		case QUOTED:
			if (s[p] == '"' && s[p - 1] != '\\') {
				xp_add_param(f, true, s + start, p - start + 1);
				st = END;
			}
			break;
		}
	}
	return 0;
}

static void
xp_free(struct xfunc *f)
{
	for (int i = 0; i < f->np; i++) {
		free(f->p[i].raw);
		free(f->p[i].value);
	}
	free(f->host);
	free(f->item);
	free(f->name);
	memset(f, 0, sizeof *f);
}

/* One {host:key.func(params)} at s[pos] (C10FunctionMacroParser); false when there is none. */
/* The host macros a 5.4 simple macro may name its host by. */
static size_t
xp_host_macro(const char *s, int mode)
{
	static const char *const names[] = { "{HOST.HOST}", "{HOSTNAME}" };

	if (mode == 1)		/* event names: {HOST.HOST} alone */
		return strncmp(s, names[0], strlen(names[0])) == 0 ? strlen(names[0]) : 0;
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(names[i]) - 1;

		if (strncmp(s, names[i], n) != 0)
			continue;
		if (s[n] == '}')
			return n + 1;
		if (s[n] >= '1' && s[n] <= '9' && s[n + 1] == '}')
			return n + 2;
	}
	return 0;
}

static bool
xp_macro(const char *s, size_t pos, struct xfunc *f, int host_macros)
{
	size_t p = pos + 1, h, k, kend, name, m;

	memset(f, 0, sizeof *f);
	if (s[pos] != '{' || s[p] == ' ')
		return false;
	if (host_macros != 0 && (m = xp_host_macro(s + p, host_macros)) != 0)
		h = p + m;
	else {
		for (h = p; xp_host_char(s[h]); h++)
			;
		if (h == p || s[h - 1] == ' ')
			return false;
	}
	if (s[h] != ':')
		return false;
	k = h + 1;
	for (kend = k; xp_key_char(s[kend]); kend++)
		;
	if (kend == k)
		return false;
	if (s[kend] == '[') {
		size_t q = xp_key_params(s, kend, 0);

		if (q != 0)
			kend = q;
	} else if (s[kend] == '(') {
		while (kend > k && s[kend] != '.')
			kend--;
		if (kend == k)
			return false;
	}
	if (s[kend] != '.')
		return false;
	for (name = kend + 1, p = name; s[p] >= 'a' && s[p] <= 'z'; p++)
		;
	if (p == name || s[p] != '(')
		return false;
	f->name = fmt_strdup_len(s + name, p - name);
	if ((p = xp_func_params(s, p, f)) == 0 || s[p] != '}') {
		xp_free(f);
		return false;
	}
	f->pos = pos;
	f->len = p + 1 - pos;
	f->host = fmt_strdup_len(s + pos + 1, h - pos - 1);
	f->item = fmt_strdup_len(s + k, kend - k);
	return true;
}

/* The parameters of one function as the converter edits them (PHP array keys 0..n). */
struct xargs {
	char	*v[XP_MAX_PARAMS + 4];
	bool	 set[XP_MAX_PARAMS + 4], unq[XP_MAX_PARAMS + 4], ind[XP_MAX_PARAMS + 4];
	int	 n;		/* highest key + 1 */
};

static void
xa_put(struct xargs *a, int i, char *v)
{
	free(a->v[i]);
	a->v[i] = v;
	a->set[i] = true;
	if (i >= a->n)
		a->n = i + 1;
}

static void
xa_pad(struct xargs *a, int n)
{
	for (int i = 0; i < n; i++)
		if (!a->set[i])
			xa_put(a, i, fmt_strdup_len("", 0));
}

static void
xa_unset(struct xargs *a, int i)
{
	free(a->v[i]);
	a->v[i] = NULL;
	a->set[i] = a->unq[i] = a->ind[i] = false;
}

static bool
xa_is(const struct xargs *a, int i, const char *s)
{
	return a->set[i] && strcmp(a->v[i], s) == 0;
}

static char *
xa_cat(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *s = xmalloc(n);

	snprintf(s, n, "%s%s%s", a, sep, b);
	return s;
}

/* /^(\d+)([suffixes]?)$/ with a number above 0 gets "s" when it has no suffix. */
static char *
xa_seconds(const char *v, const char *suffixes)
{
	size_t d = strspn(v, "0123456789"), z = strspn(v, "0");
	bool ok = d > 0 && z < d && (v[d] == '\0' || (strchr(suffixes, v[d]) != NULL &&
	    v[d + 1] == '\0'));

	return ok && v[d] == '\0' ? xa_cat(v, "", "s") : fmt_strdup_len(v, strlen(v));
}

static char *
xa_timeshift(const char *v)
{
	char *s = xa_seconds(v, "smhdw"), *t;

	if (*s == '\0')
		return s;
	t = xa_cat("now-", "", s);
	free(s);
	return t;
}

/* A user macro, an LLD macro or an LLD macro function, as the whole parameter. */
static bool
xa_is_macro(const char *v)
{
	size_t n = strlen(v);

	return n > 3 && v[n - 1] == '}' && (strncmp(v, "{$", 2) == 0 || strncmp(v, "{#", 2) == 0 ||
	    strncmp(v, "{{#", 3) == 0);
}

/* "#N" with N > 0, or a macro; anything else is dropped (last, strlen, band). */
static void
xa_count_or_empty(struct xargs *a)
{
	const char *v = a->v[0];
	size_t d = strspn(v + (*v == '#'), "0123456789");

	if (!xa_is_macro(v) && (*v != '#' || d == 0 || v[1 + d] != '\0' ||
	    strspn(v + 1, "0") == d))
		xa_put(a, 0, fmt_strdup_len("", 0));
}

/* v0 = seconds(v0) ("0" -> "#1"), then ":" and the time shift of v[shift], which goes. */
static void
xa_period_shift(struct xargs *a, int shift, bool seconds)
{
	char *ts = xa_timeshift(a->v[shift]);

	if (seconds) {
		xa_put(a, 0, xa_seconds(a->v[0], "smhdw"));
		if (strcmp(a->v[0], "0") == 0)
			xa_put(a, 0, fmt_strdup_len("#1", 2));
	} else if (*ts != '\0' && *a->v[0] == '\0')
		xa_put(a, 0, fmt_strdup_len("#1", 2));
	if (*ts != '\0')
		xa_put(a, 0, xa_cat(a->v[0], ":", ts));
	free(ts);
	xa_unset(a, shift);
}

static bool
xa_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static void
xa_convert(struct xargs *a, const char *fn)
{
	static const char *const avg_like[] = { "delta", "avg", "max", "min", "sum", "percentile",
	    NULL };
	static const char *const trends[] = { "trendavg", "trendcount", "trenddelta", "trendmax",
	    "trendmin", "trendsum", NULL };
	static const char *const with_period[] = { "delta", "avg", "max", "min", "sum", "last",
	    "strlen", "percentile", "timeleft", "forecast", "band", "count", "fuzzytime", "nodata",
	    "iregexp", "regexp", "str", "trendavg", "trendcount", "trenddelta", "trendmax",
	    "trendmin", "trendsum", "logeventid", "logsource", NULL };
	static const char *const third_unquoted[] = { "forecast", "timeleft", "percentile", NULL };

	if (xa_in(fn, avg_like) || strcmp(fn, "timeleft") == 0 || strcmp(fn, "forecast") == 0) {
		xa_pad(a, strcmp(fn, "forecast") == 0 ? 5 : strcmp(fn, "timeleft") == 0 ? 4 : 2);
		xa_period_shift(a, 1, true);
		if (strcmp(fn, "forecast") == 0)
			xa_put(a, 2, xa_seconds(a->v[2], "smhdw"));
		if (!xa_in(fn, avg_like) && xa_is(a, 3, ""))
			a->unq[3] = true;
		if (strcmp(fn, "forecast") == 0 && xa_is(a, 4, ""))
			a->unq[4] = true;
	} else if (strcmp(fn, "strlen") == 0 || strcmp(fn, "last") == 0 || strcmp(fn, "band") == 0) {
		int shift = strcmp(fn, "band") == 0 ? 2 : 1;

		xa_pad(a, shift + 1);
		xa_count_or_empty(a);
		xa_period_shift(a, shift, false);
	} else if (strcmp(fn, "count") == 0) {
		xa_pad(a, 4);
		xa_put(a, 0, xa_seconds(a->v[0], "smhdw"));
		if (strcmp(a->v[0], "0") == 0)
			xa_put(a, 0, fmt_strdup_len("#1", 2));
		if (*a->v[3] != '\0') {
			char *ts = xa_timeshift(a->v[3]);

			xa_put(a, 0, xa_cat(a->v[0], ":", ts));
			free(ts);
		}
		if (xa_is(a, 2, "band"))
			xa_put(a, 2, fmt_strdup_len("bitand", 6));
		else if (xa_is(a, 2, ""))
			a->unq[2] = true;
		xa_put(a, 3, fmt_strdup_len(a->v[1], strlen(a->v[1])));
		a->unq[3] = a->unq[1];
		a->ind[3] = a->ind[1];
		xa_unset(a, 1);
	} else if (strcmp(fn, "nodata") == 0) {
		xa_pad(a, 2);
		xa_put(a, 0, xa_seconds(a->v[0], "smhdw"));
		if (xa_is(a, 1, ""))
			a->unq[1] = true;
	} else if (strcmp(fn, "fuzzytime") == 0) {
		xa_pad(a, 1);
		xa_put(a, 0, xa_seconds(a->v[0], "smhdw"));
	} else if (strcmp(fn, "iregexp") == 0 || strcmp(fn, "regexp") == 0 ||
	    strcmp(fn, "str") == 0) {
		char *pattern;

		xa_pad(a, 2);
		pattern = a->v[0];
		a->v[0] = NULL;
		xa_put(a, 0, xa_seconds(a->v[1], "smhdw"));
		xa_put(a, 1, fmt_strdup_len(strcmp(fn, "str") == 0 ? "like" : fn,
		    strlen(strcmp(fn, "str") == 0 ? "like" : fn)));
		xa_put(a, 2, pattern);
		for (int i = 3; i < a->n; i++)
			xa_unset(a, i);
		a->unq[1] = false;
		a->ind[2] = a->ind[2] || a->ind[0];
		a->ind[0] = false;
	} else if (xa_in(fn, trends)) {
		xa_pad(a, 2);
		xa_put(a, 0, xa_seconds(a->v[0], "hdwMy"));
		if (*a->v[1] != '\0')
			xa_put(a, 0, xa_cat(a->v[0], ":", a->v[1]));
		xa_unset(a, 1);
	} else if (strcmp(fn, "logeventid") == 0 || strcmp(fn, "logsource") == 0) {
		for (int i = a->n; i > 0; i--) {
			a->v[i] = a->v[i - 1];
			a->set[i] = a->set[i - 1];
		}
		a->v[0] = fmt_strdup_len("", 0);
		a->set[0] = true;
		a->n++;
		if (a->ind[0]) {
			a->ind[1] = true;
			a->ind[0] = false;
		}
	}
	if (xa_in(fn, with_period))
		a->unq[0] = true;
	if (xa_in(fn, third_unquoted))
		a->unq[2] = true;
	else if (strcmp(fn, "band") == 0)
		a->unq[1] = true;
}

/* Quotes what must be and drops trailing empty parameters; the rest in order (borrowed). */
static int
xa_finish(struct xargs *a, const char **list)
{
	int last, n = 0;

	for (int i = 0; i < a->n; i++) {
		struct fbuf q;

		if (!a->set[i] || a->unq[i])
			continue;
		fbuf_init(&q, strlen(a->v[i]) + 3);
		fbuf_putc(&q, '"');
		for (const char *c = a->v[i]; *c != '\0'; c++) {
			if (*c == '"')
				fbuf_putc(&q, '\\');
			fbuf_putc(&q, *c);
		}
		fbuf_putc(&q, '"');
		xa_put(a, i, fbuf_take(&q, NULL));
	}
	for (last = a->n - 1; last >= 0; last--) {
		if (!a->set[last])
			continue;
		if (a->ind[last] || (strcmp(a->v[last], "\"\"") != 0 && *a->v[last] != '\0'))
			break;
		xa_unset(a, last);
	}
	for (int i = 0; i < a->n; i++)
		if (a->set[i])
			list[n++] = a->v[i];
	return n;
}

/* PHP's paramsToString: ",a,b" without trailing commas, or "". */
static void
xa_join(struct fbuf *out, const char *const *list, int n)
{
	struct fbuf all;

	fbuf_init(&all, 64);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			fbuf_putc(&all, ',');
		fbuf_puts(&all, list[i]);
	}
	while (all.len > 0 && all.p[all.len - 1] == ',')
		all.p[--all.len] = '\0';
	if (all.len > 0) {
		fbuf_putc(out, ',');
		fbuf_puts(out, all.p);
	}
	fbuf_free(&all);
}

static void
xa_free(struct xargs *a)
{
	for (int i = 0; i < XP_MAX_PARAMS + 4; i++)
		free(a->v[i]);
}

/* The converted parameters of a function as ",p1,p2" (or ""); for band, the first one in out
 * and the second in mask. */
static void
xp_params(const struct xfunc *f, struct fbuf *out, struct fbuf *mask)
{
	const char *list[XP_MAX_PARAMS + 4];
	struct xargs a;
	int n;

	memset(&a, 0, sizeof a);
	for (int i = 0; i < f->np; i++) {
		xa_put(&a, i, fmt_strdup_len(f->p[i].value, strlen(f->p[i].value)));
		a.unq[i] = !f->p[i].quoted && *f->p[i].raw == '\0';
		a.ind[i] = f->p[i].quoted || *f->p[i].raw != '\0';
	}
	xa_convert(&a, f->name);
	n = xa_finish(&a, list);
	if (mask == NULL)
		xa_join(out, list, n);
	else {
		xa_join(out, list, n > 0 ? 1 : 0);
		if (n > 1)
			xa_join(mask, list + 1, 1);
	}
	xa_free(&a);
}

static const char *const xp_standalone[] = { "date", "dayofmonth", "dayofweek", "time", "now",
    NULL };

/* One function in 5.4's syntax; *extra gets "(last(q)<>last(q))" for a date or time function
 * without an item function of the same host beside it. */
static void
xp_function(const struct xfunc *f, const char *query, bool hanged, struct fbuf *out,
    struct fbuf *extra)
{
	const char *fn = f->name;
	struct fbuf p, m;

	fbuf_init(&p, 32);
	fbuf_init(&m, 16);
	if (strcmp(fn, "abschange") == 0)
		fbuf_printf(out, "abs(change(%s))", query);
	else if (strcmp(fn, "band") == 0) {
		xp_params(f, &p, &m);
		fbuf_printf(out, "bitand(last(%s%s)%s)", query, p.p, m.p);
	} else if (strcmp(fn, "change") == 0 || strcmp(fn, "logseverity") == 0)
		fbuf_printf(out, "%s(%s)", fn, query);
	else if (strcmp(fn, "delta") == 0 || strcmp(fn, "trenddelta") == 0) {
		const char *pre = fn[0] == 't' ? "trend" : "";

		xp_params(f, &p, NULL);
		fbuf_printf(out, "(%smax(%s%s)-%smin(%s%s))", pre, query, p.p, pre, query, p.p);
	} else if (strcmp(fn, "diff") == 0)
		fbuf_printf(out, "(last(%s,#1)<>last(%s,#2))", query, query);
	else if (strcmp(fn, "prev") == 0)
		fbuf_printf(out, "last(%s,#2)", query);
	else if (strcmp(fn, "iregexp") == 0 || strcmp(fn, "regexp") == 0 || strcmp(fn, "str") == 0) {
		xp_params(f, &p, NULL);
		fbuf_printf(out, "find(%s%s)", query, p.p);
	} else if (strcmp(fn, "strlen") == 0) {
		xp_params(f, &p, NULL);
		fbuf_printf(out, "length(last(%s%s))", query, p.p);
	} else if (xa_in(fn, xp_standalone)) {
		fbuf_printf(out, "%s()", fn);
		if (!hanged)
			fbuf_printf(extra, "(last(%s)<>last(%s))", query, query);
	} else {
		xp_params(f, &p, NULL);
		fbuf_printf(out, "%s(%s%s)", fn, query, p.p);
	}
	fbuf_free(&p);
	fbuf_free(&m);
}

/* Whether the host has a function other than a date or time one. */
static bool
xp_hanged(const struct xfunc *fs, int n, const char *host)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fs[i].host, host) == 0 && !xa_in(fs[i].name, xp_standalone))
			return true;
	return false;
}

/* The expression with every function replaced, hosts as given or by their short names. */
static char *
xp_rewrite(const char *expr, const struct xfunc *fs, int n, bool short_hosts)
{
	struct fbuf out, extras, wrapped;
	char **extra = xmalloc(sizeof *extra * (size_t)(n + 1));
	int nextra = 0;
	size_t at = 0;

	fbuf_init(&out, strlen(expr) + 64);
	for (int i = 0; i < n; i++) {
		struct fbuf q, e;
		char *host = short_hosts ? iconv_short_name(fs[i].host) :
		    fmt_strdup_len(fs[i].host, strlen(fs[i].host));

		fbuf_add(&out, expr + at, fs[i].pos - at);
		at = fs[i].pos + fs[i].len;
		fbuf_init(&q, 64);
		fbuf_init(&e, 0);
		fbuf_printf(&q, "/%s/%s", host, fs[i].item);
		xp_function(&fs[i], q.p, xp_hanged(fs, n, fs[i].host), &out, &e);
		if (e.len > 0)
			extra[nextra++] = fbuf_take(&e, NULL);
		fbuf_free(&e);
		fbuf_free(&q);
		free(host);
	}
	fbuf_puts(&out, expr + at);
	if (nextra > 0) {
		/* PHP walks the functions from the last: the extras of the first come first,
		 * each once (its first place from the end) */
		fbuf_init(&extras, 64);
		for (int i = 0; i < nextra; i++) {
			bool later = false;

			for (int j = i + 1; j < nextra && !later; j++)
				later = strcmp(extra[i], extra[j]) == 0;
			if (later)
				continue;
			fbuf_puts(&extras, " or ");
			fbuf_puts(&extras, extra[i]);
		}
		fbuf_init(&wrapped, out.len + extras.len + 3);
		fbuf_putc(&wrapped, '(');
		fbuf_add(&wrapped, out.p, out.len);
		fbuf_putc(&wrapped, ')');
		fbuf_add(&wrapped, extras.p, extras.len);
		fbuf_free(&extras);
		fbuf_free(&out);
		out = wrapped;
	}
	for (int i = 0; i < nextra; i++)
		free(extra[i]);
	free(extra);
	return fbuf_take(&out, NULL);
}

void
iexpr_convert(const char *expr, char **out, char **seed)
{
	struct xfunc *fs = NULL;
	int n = 0, cap = 0;

	for (size_t p = 0; expr[p] != '\0';) {
		struct xfunc f;

		if (expr[p] != '{' || !xp_macro(expr, p, &f, 0)) {
			p++;
			continue;
		}
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			fs = realloc(fs, sizeof *fs * (size_t)cap);
			if (fs == NULL)
				abort();
		}
		fs[n++] = f;
		p += f.len;
	}
	*out = xp_rewrite(expr, fs, n, false);
	if (seed != NULL)
		*seed = xp_rewrite(expr, fs, n, true);
	for (int i = 0; i < n; i++)
		xp_free(&fs[i]);
	free(fs);
}

/* A whole item key (CItemKey): key characters, then at most one "[...]". */
static bool
xp_is_item_key(const char *k)
{
	size_t p = 0;

	while (xp_key_char(k[p]))
		p++;
	if (p == 0)
		return false;
	if (k[p] == '[' && (p = xp_key_params(k, p, 0)) == 0)
		return false;
	return k[p] == '\0';
}

static bool
xp_word_char(char c)
{
	return (xp_key_char(c) && c != '-') || c == '}' || c == '$' || c == '#';
}

char *
iexpr_convert_formula(const char *params)
{
	struct fbuf src, out;
	const char *s;
	size_t at = 0;

	fbuf_init(&src, strlen(params) + 1);
	for (s = params; *s != '\0'; s++)
		if (*s != '\r' && *s != '\n' && *s != '\t')
			fbuf_putc(&src, *s);
	s = src.p;
	fbuf_init(&out, src.len + 64);
	for (size_t p = 0; s[p] != '\0';) {
		struct xfunc f;
		size_t name = p, end;
		const char *key, *colon, *bracket;
		char *host, *item;
		struct fbuf q, extra;

		if (s[p] == '"') {		/* a string constant */
			for (p++; s[p] != '\0' && !(s[p] == '"' && s[p - 1] != '\\'); p++)
				;
			if (s[p] != '\0')
				p++;
			continue;
		}
		if (!(s[p] >= 'a' && s[p] <= 'z') || (p > 0 && xp_word_char(s[p - 1]))) {
			p++;
			continue;
		}
		while (s[p] >= 'a' && s[p] <= 'z')
			p++;
		memset(&f, 0, sizeof f);
		if (s[p] != '(' || (end = xp_func_params(s, p, &f)) == 0 || f.np == 0) {
			xp_free(&f);
			continue;
		}
		f.name = fmt_strdup_len(s + name, p - name);
		key = f.p[0].value;
		colon = strchr(key, ':');
		bracket = strchr(key, '[');
		if (colon != NULL && (bracket == NULL || colon < bracket)) {
			host = fmt_strdup_len(key, (size_t)(colon - key));
			item = fmt_strdup_len(colon + 1, strlen(colon + 1));
		} else {
			host = fmt_strdup_len("", 0);
			item = fmt_strdup_len(key, strlen(key));
		}
		if (xp_is_item_key(item)) {
			free(f.p[0].raw);
			free(f.p[0].value);
			memmove(&f.p[0], &f.p[1], sizeof f.p[0] * (size_t)(f.np - 1));
			f.np--;
			fbuf_add(&out, s + at, name - at);
			at = end;
			fbuf_init(&q, 64);
			fbuf_init(&extra, 0);
			fbuf_printf(&q, "/%s/%s", host, item);
			xp_function(&f, q.p, false, &out, &extra);
			fbuf_free(&extra);
			fbuf_free(&q);
		}
		free(host);
		free(item);
		xp_free(&f);
		p = end;
	}
	fbuf_puts(&out, s + at);
	fbuf_free(&src);
	return fbuf_take(&out, NULL);
}

/* Every function macro of text[0..n) in 5.4's form (wrapped in "{?...}" when asked); hosts
 * {HOST.HOST} and {HOST.HOST1} become "" (the host of the event). */
static void
xp_replace_macros(struct fbuf *out, const char *text, size_t n, int host_macros, bool wrap)
{
	char *src = fmt_strdup_len(text, n);
	size_t p = 0;

	while (src[p] != '\0') {
		struct xfunc f;
		struct fbuf q, extra, h;

		if (src[p] != '{' || !xp_macro(src, p, &f, host_macros)) {
			fbuf_putc(out, src[p++]);
			continue;
		}
		/* strtr(host, ['HOSTNAME' => 'HOST.HOST']) */
		fbuf_init(&h, strlen(f.host) + 8);
		for (const char *c = f.host; *c != '\0'; c++) {
			if (strncmp(c, "HOSTNAME", 8) == 0) {
				fbuf_puts(&h, "HOST.HOST");
				c += 7;
			} else
				fbuf_putc(&h, *c);
		}
		fbuf_init(&q, 64);
		fbuf_init(&extra, 0);
		fbuf_printf(&q, "/%s/%s", strcmp(h.p, "{HOST.HOST}") == 0 ||
		    strcmp(h.p, "{HOST.HOST1}") == 0 ? "" : h.p, f.item);
		if (wrap)
			fbuf_puts(out, "{?");
		xp_function(&f, q.p, true, out, &extra);
		if (wrap)
			fbuf_putc(out, '}');
		fbuf_free(&extra);
		fbuf_free(&q);
		fbuf_free(&h);
		p += f.len;
		xp_free(&f);
	}
	free(src);
}

char *
iexpr_convert_macros(const char *text)
{
	struct fbuf out;

	fbuf_init(&out, strlen(text) + 16);
	xp_replace_macros(&out, text, strlen(text), 2, true);
	return fbuf_take(&out, NULL);
}

/* The end ("}") of an expression macro "{?...}" at s, or 0. */
static size_t
xp_expression_macro_end(const char *s)
{
	for (size_t p = 2; s[p] != '\0';) {
		struct xfunc f;

		if (s[p] == '}')
			return p;
		if (s[p] == '"') {
			for (p++; s[p] != '\0' && !(s[p] == '"' && s[p - 1] != '\\'); p++)
				;
			if (s[p] != '\0')
				p++;
		} else if (s[p] == '{' && xp_macro(s, p, &f, 1)) {
			p += f.len;
			xp_free(&f);
		} else if (s[p] == '{') {
			const char *close = strchr(s + p, '}');

			if (close == NULL)
				return 0;
			p = (size_t)(close - s) + 1;
		} else
			p++;
	}
	return 0;
}

char *
iexpr_convert_event_name(const char *name)
{
	struct fbuf out;
	size_t p = 0, end;

	fbuf_init(&out, strlen(name) + 16);
	while (name[p] != '\0') {
		if (strncmp(name + p, "{?", 2) != 0 || (end = xp_expression_macro_end(name + p)) == 0) {
			fbuf_putc(&out, name[p++]);
			continue;
		}
		fbuf_puts(&out, "{?");
		xp_replace_macros(&out, name + p + 2, end - 2, 1, false);
		fbuf_putc(&out, '}');
		p += end + 1;
	}
	return fbuf_take(&out, NULL);
}

/* One item key parameter as CItemKey reads it: its kind and raw text; an array's members. */
struct xkparam {
	int		 type;		/* 0 array, 1 unquoted, 2 quoted */
	const char	*raw;
	size_t		 len;
	struct xkparam	*members;
	int		 n;
};

/* Splits "[...]" at s[p] into parameters; the position after "]", or 0. */
static size_t
xk_split(const char *s, size_t p, struct xkparam *out, int max, int *n, int depth)
{
	enum { NEW, END, UNQUOTED, QUOTED } st = NEW;
	struct xkparam *cur = NULL;

	*n = 0;
	for (p++; s[p] != '\0'; p++) {
		switch (st) {
		case NEW:
			if (s[p] == ' ')
				break;
			if (*n == max)
				return 0;
			cur = &out[(*n)++];
			memset(cur, 0, sizeof *cur);
			cur->raw = s + p;
			cur->type = 1;
			if (s[p] == ',' || s[p] == ']') {
				if (s[p] == ']')
					return p + 1;
				break;
			}
			if (s[p] == '"') {
				cur->type = 2;
				cur->len = 1;
				st = QUOTED;
			} else if (s[p] == '[') {
				size_t q;

				if (depth > 0)
					return 0;
				cur->type = 0;
				cur->members = xmalloc(sizeof *cur->members * XP_MAX_PARAMS);
				if ((q = xk_split(s, p, cur->members, XP_MAX_PARAMS, &cur->n, 1)) == 0)
					return 0;
				cur->len = q - p;
				p = q - 1;
				st = END;
			} else {
				cur->len = 1;
				st = UNQUOTED;
			}
			break;
		case END:
			if (s[p] == ',')
				st = NEW;
			else if (s[p] == ']')
				return p + 1;
			else if (s[p] != ' ')
				return 0;
			break;
		case UNQUOTED:
			if (s[p] == ']')
				return p + 1;
			if (s[p] == ',')
				st = NEW;
			else
				cur->len++;
			break;
		case QUOTED:
			cur->len++;
			if (s[p] == '"' && s[p - 1] != '\\')
				st = END;
			break;
		}
	}
	return 0;
}

/* CItemKey::getParam: an array without its brackets, a quoted one unquoted, else as is. */
static char *
xk_value(const struct xkparam *k)
{
	struct fbuf v;

	if (k->type == 0)
		return fmt_strdup_len(k->raw + 1, k->len - 2);
	if (k->type == 1)
		return fmt_strdup_len(k->raw, k->len);
	fbuf_init(&v, k->len);
	for (size_t i = 1; i < k->len; i++)
		if (!(k->raw[i] == '\\' && i + 1 < k->len && k->raw[i + 1] == '"'))
			fbuf_putc(&v, k->raw[i]);
	if (v.len > 0)
		v.p[--v.len] = '\0';
	return fbuf_take(&v, NULL);
}

static char *
xk_trim(char *s)
{
	size_t b = strspn(s, " \t\n\r\v"), e = strlen(s);
	char *t;

	while (e > b && strchr(" \t\n\r\v", s[e - 1]) != NULL && s[e - 1] != '\0')
		e--;
	t = fmt_strdup_len(s + b, e - b);
	free(s);
	return t;
}

/* A time period that is no number (with a size or time suffix) and no macro gets quotes. */
static bool
xk_quotable(const char *t, bool lld)
{
	size_t p = 0, d;

	d = strspn(t, "0123456789");
	p = d;
	if (t[p] == '.') {
		size_t f = strspn(t + p + 1, "0123456789");

		if (d == 0 && f == 0)
			goto macro;
		p += 1 + f;
	} else if (d == 0)
		goto macro;
	if ((t[p] == 'e' || t[p] == 'E') && (isdigit((unsigned char)t[p + 1]) ||
	    ((t[p + 1] == '+' || t[p + 1] == '-') && isdigit((unsigned char)t[p + 2])))) {
		p += t[p + 1] == '+' || t[p + 1] == '-' ? 2 : 1;
		p += strspn(t + p, "0123456789");
	}
	if (t[p] != '\0' && strchr("KMGTsmhdw", t[p]) != NULL)
		p++;
	if (t[p] == '\0')
		return false;
macro:
	if (strncmp(t, "{$", 2) == 0 && t[strlen(t) - 1] == '}')
		return false;
	if (lld && xa_is_macro(t))
		return false;
	return true;
}

static void
xk_free(struct xkparam *k, int n)
{
	for (int i = 0; i < n; i++)
		if (k[i].members != NULL) {
			xk_free(k[i].members, k[i].n);
			free(k[i].members);
		}
}

char *
iexpr_convert_aggregate(const char *key, bool lld)
{
	struct xkparam k[XP_MAX_PARAMS];
	struct fbuf out;
	size_t p = 0, end;
	int n = 0;
	char *v;

	while (xp_key_char(key[p]))
		p++;
	memset(k, 0, sizeof k);
	if (p < 3 || key[p] != '[' || (end = xk_split(key, p, k, XP_MAX_PARAMS, &n, 0)) == 0 ||
	    key[end] != '\0' || n < 2) {
		xk_free(k, n);
		return fmt_strdup_len(key, strlen(key));
	}
	fbuf_init(&out, strlen(key) + 32);
	fbuf_add(&out, key + 3, p - 3);
	v = n > 2 ? xk_value(&k[2]) : fmt_strdup_len("", 0);
	fbuf_printf(&out, "(%s_foreach(/*/", v);
	free(v);
	v = xk_trim(xk_value(&k[1]));
	fbuf_printf(&out, "%s?[", v);
	free(v);
	for (int i = 0, ng = k[0].type == 0 ? k[0].n : 1; i < ng; i++) {
		const struct xkparam *g = k[0].type == 0 ? &k[0].members[i] : &k[0];
		char *name = g->type == 2 ? xk_value(g) : fmt_strdup_len(g->raw, g->len);

		fbuf_puts(&out, i > 0 ? " or group=\"" : "group=\"");
		for (const char *c = name; *c != '\0'; c++) {
			if (*c == '\\' || *c == '"')
				fbuf_putc(&out, '\\');
			fbuf_putc(&out, *c);
		}
		fbuf_putc(&out, '"');
		free(name);
	}
	fbuf_putc(&out, ']');
	if (n > 3) {
		v = xk_trim(xk_value(&k[3]));
		if (xk_quotable(v, lld)) {
			fbuf_putc(&out, ',');
			fbuf_putc(&out, '"');
			for (const char *c = v; *c != '\0'; c++) {
				if (*c == '"')
					fbuf_putc(&out, '\\');
				fbuf_putc(&out, *c);
			}
			fbuf_putc(&out, '"');
		} else
			fbuf_printf(&out, ",%s", v);
		free(v);
	}
	fbuf_puts(&out, "))");
	xk_free(k, n);
	return fbuf_take(&out, NULL);
}
