/* calcformula.c: Zabbix 6.0's expression language (numbers, strings, user macros, history
 * functions of /host/key queries and math functions joined by operators) in its two modes: a
 * calculated item's formula and a trigger expression; its functions known and counted. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define CALC_MAX_DEPTH	32		/* math functions nested deeper are refused */
#define CALC_BLANKS	" \r\n\t"

/* A function, how many parameters it takes (the first min are mandatory) and, for a history
 * function, the item value types it reads (1 << value_type; 0: in calculated items only), for
 * a math function 1 when it is for calculated items only. */
struct calc_fn {
	const char	*name;
	unsigned char	 min, max;
	unsigned char	 types;
};

#define VT_NUM	0x09	/* float, unsigned */
#define VT_ANY	0x1f
#define VT_LOG	0x04

static const struct calc_fn calc_hist_functions[] = {
	{ "avg", 2, 2, VT_NUM }, { "avg_foreach", 2, 2, 0 }, { "bucket_percentile", 3, 3, 0 },
	{ "bucket_rate_foreach", 2, 3, 0 }, { "change", 1, 1, VT_ANY },
	{ "changecount", 2, 3, VT_ANY }, { "count", 2, 4, VT_ANY },
	{ "count_foreach", 2, 2, 0 }, { "countunique", 2, 4, VT_ANY },
	{ "exists_foreach", 1, 1, 0 }, { "find", 1, 4, VT_ANY }, { "first", 2, 2, VT_ANY },
	{ "forecast", 3, 5, VT_NUM }, { "fuzzytime", 2, 2, VT_NUM }, { "item_count", 1, 1, 0 },
	{ "kurtosis", 2, 2, VT_NUM }, { "last", 1, 2, VT_ANY }, { "last_foreach", 1, 2, 0 },
	{ "logeventid", 1, 3, VT_LOG }, { "logseverity", 1, 2, VT_LOG },
	{ "logsource", 1, 3, VT_LOG }, { "mad", 2, 2, VT_NUM }, { "max", 2, 2, VT_NUM },
	{ "max_foreach", 2, 2, 0 }, { "min", 2, 2, VT_NUM }, { "min_foreach", 2, 2, 0 },
	{ "monodec", 2, 3, VT_NUM }, { "monoinc", 2, 3, VT_NUM }, { "nodata", 2, 3, VT_ANY },
	{ "percentile", 3, 3, VT_NUM }, { "rate", 2, 2, VT_NUM }, { "skewness", 2, 2, VT_NUM },
	{ "stddevpop", 2, 2, VT_NUM }, { "stddevsamp", 2, 2, VT_NUM }, { "sum", 2, 2, VT_NUM },
	{ "sum_foreach", 2, 2, 0 }, { "sumofsquares", 2, 2, VT_NUM },
	{ "timeleft", 3, 4, VT_NUM }, { "trendavg", 2, 2, VT_NUM },
	{ "baselinedev", 4, 4, VT_NUM }, { "baselinewma", 4, 4, VT_NUM },
	{ "trendcount", 2, 2, VT_NUM }, { "trendmax", 2, 2, VT_NUM },
	{ "trendmin", 2, 2, VT_NUM }, { "trendstl", 4, 7, VT_NUM },
	{ "trendsum", 2, 2, VT_NUM }, { "varpop", 2, 2, VT_NUM }, { "varsamp", 2, 2, VT_NUM },
	{ NULL, 0, 0, 0 },
};

static const struct calc_fn calc_math_functions[] = {
	{ "abs", 1, 1, 0 }, { "acos", 1, 1, 0 }, { "ascii", 1, 1, 0 }, { "asin", 1, 1, 0 },
	{ "atan", 1, 1, 0 }, { "atan2", 2, 2, 0 }, { "avg", 1, 255, 0 },
	{ "between", 3, 3, 0 }, { "bitand", 2, 2, 0 }, { "bitlength", 1, 1, 0 },
	{ "bitlshift", 2, 2, 0 }, { "bitnot", 1, 1, 0 }, { "bitor", 2, 2, 0 },
	{ "bitrshift", 2, 2, 0 }, { "bitxor", 2, 2, 0 }, { "bytelength", 1, 1, 0 },
	{ "cbrt", 1, 1, 0 }, { "ceil", 1, 1, 0 }, { "char", 1, 1, 0 }, { "concat", 2, 255, 0 },
	{ "cos", 1, 1, 0 }, { "cosh", 1, 1, 0 }, { "cot", 1, 1, 0 }, { "count", 1, 1, 1 },
	{ "date", 0, 0, 0 }, { "dayofmonth", 0, 0, 0 }, { "dayofweek", 0, 0, 0 },
	{ "degrees", 1, 1, 0 }, { "e", 0, 0, 0 }, { "exp", 1, 1, 0 }, { "expm1", 1, 1, 0 },
	{ "floor", 1, 1, 0 }, { "histogram_quantile", 2, 2, 1 }, { "in", 2, 255, 0 },
	{ "insert", 4, 4, 0 }, { "left", 2, 2, 0 }, { "length", 1, 1, 0 }, { "log", 1, 1, 0 },
	{ "log10", 1, 1, 0 }, { "ltrim", 1, 2, 0 }, { "max", 1, 255, 0 }, { "mid", 3, 3, 0 },
	{ "min", 1, 255, 0 }, { "mod", 2, 2, 0 }, { "now", 0, 0, 0 }, { "pi", 0, 0, 0 },
	{ "power", 2, 2, 0 }, { "radians", 1, 1, 0 }, { "rand", 0, 0, 0 },
	{ "repeat", 2, 2, 0 }, { "replace", 3, 3, 0 }, { "right", 2, 2, 0 },
	{ "round", 2, 2, 0 }, { "rtrim", 1, 2, 0 }, { "signum", 1, 1, 0 }, { "sin", 1, 1, 0 },
	{ "sinh", 1, 1, 0 }, { "sqrt", 1, 1, 0 }, { "sum", 1, 255, 0 }, { "tan", 1, 1, 0 },
	{ "time", 0, 0, 0 }, { "trim", 1, 2, 0 }, { "truncate", 2, 2, 0 }, { NULL, 0, 0, 0 },
};

/* The parse: the source, its mode, what the validator refuses first (the outermost, leftmost
 * function: the lowest position), and the history function calls met (when asked). */
struct calc {
	const char		*src;
	unsigned		 mode;		/* EXPR_CALCULATED or EXPR_TRIGGER (| EXPR_LLD) */
	char			*bad;		/* heap: 'unknown function "f"', ... */
	size_t			 bad_pos;
	struct expr_calls	*calls;		/* NULL: not collected */
};

enum calc_state {
	CALC_AFTER_OPEN, CALC_AFTER_BINARY, CALC_AFTER_LOGICAL, CALC_AFTER_CLOSE,
	CALC_AFTER_CONST, CALC_AFTER_NOT, CALC_AFTER_MINUS,
};

static const struct calc_fn *
calc_find(const struct calc_fn *list, const char *name, size_t n)
{
	for (size_t i = 0; list[i].name != NULL; i++)
		if (strlen(list[i].name) == n && strncmp(list[i].name, name, n) == 0)
			return &list[i];
	return NULL;
}

/* Whether a function of the table is known in this mode: the history functions that read no
 * value type, and the math functions marked so, are for calculated items only. */
static const struct calc_fn *
calc_known(const struct calc *c, const struct calc_fn *list, const char *name, size_t n)
{
	const struct calc_fn *f = calc_find(list, name, n);
	bool hist = list == calc_hist_functions;

	if (f != NULL && (c->mode & EXPR_TRIGGER) != 0 && (hist ? f->types == 0 : f->types != 0))
		return NULL;
	return f;
}

/* A function token at name, parsed as a history (hist) or math function with nparams
 * parameters (empty: bit i set when parameter i is empty): known as that kind, with no more
 * parameters than it takes, and (history) every mandatory one given. */
static void
calc_function(struct calc *c, const char *name, bool hist, size_t nparams, unsigned empty)
{
	const struct calc_fn *own = hist ? calc_hist_functions : calc_math_functions;
	const struct calc_fn *other = hist ? calc_math_functions : calc_hist_functions;
	size_t n = strcspn(name, "("), pos = (size_t)(name - c->src);
	const struct calc_fn *f = calc_known(c, own, name, n);
	char *why = NULL;

	if (c->bad != NULL && c->bad_pos <= pos)
		return;
	if (f == NULL)
		why = xasprintf(calc_known(c, other, name, n) != NULL ? "incorrect usage of "
		    "function \"%.*s\"" : "unknown function \"%.*s\"", (int)n, name);
	else if (nparams > f->max || (!hist && nparams < f->min))
		why = xasprintf("invalid number of parameters in function \"%.*s\"", (int)n, name);
	else if (hist && (nparams < f->min || (empty & ((1u << f->min) - 1)) != 0))
		why = xasprintf("mandatory parameter is missing in function \"%.*s\"", (int)n,
		    name);
	if (why == NULL)
		return;
	free(c->bad);
	c->bad = why;
	c->bad_pos = pos;
}

/* ---- constants ---- */

/* A number (no sign) with an optional size or time suffix: its length, 0 when none. */
static size_t
calc_number(const char *s)
{
	const char *p = s;
	bool digits = false;

	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.' && (digits || isdigit((unsigned char)p[1]))) {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits = true;
	}
	if (!digits)
		return 0;
	if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) ||
	    ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
		p += 2;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0' && strchr("KMGTsmhdw", *p) != NULL)
		p++;
	return (size_t)(p - s);
}

/* A double-quoted string with \" and \\ escapes: its length, 0 when none. */
static size_t
calc_string(const char *s)
{
	const char *p = s + 1;

	if (*s != '"')
		return 0;
	for (; *p != '"'; p++) {
		if (*p == '\0' || (*p == '\\' && p[1] != '"' && p[1] != '\\'))
			return 0;
		if (*p == '\\')
			p++;
	}
	return (size_t)(p - s) + 1;
}

/* A user macro {$NAME} or {$NAME:context}: its length, 0 when none. */
static size_t
calc_user_macro(const char *s)
{
	const char *p = s + 2;

	if (s[0] != '{' || s[1] != '$')
		return 0;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.')
		p++;
	if (p == s + 2)
		return 0;
	if (*p == ':') {
		if (p[1] == '"') {
			size_t q = calc_string(p + 1);

			if (q == 0)
				return 0;
			p += 1 + q;
		} else
			while (*p != '\0' && *p != '}')
				p++;
	}
	return *p == '}' ? (size_t)(p - s) + 1 : 0;
}

/* An LLD macro {#NAME}: its length, 0 when none. */
static size_t
calc_lld_macro(const char *s)
{
	const char *p = s + 2;

	if (s[0] != '{' || s[1] != '#')
		return 0;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.')
		p++;
	return p > s + 2 && *p == '}' ? (size_t)(p - s) + 1 : 0;
}

/* In a trigger prototype's expression (EXPR_LLD), an LLD macro or an LLD macro function
 * {{#NAME}.func(parameters)} (parameters in the key grammar, closed by ')'): its length; 0
 * when none or in any other mode. */
static size_t
calc_lld(const struct calc *c, const char *s)
{
	const char *p = s + 1;
	size_t n;

	if ((c->mode & EXPR_LLD) == 0)
		return 0;
	if ((n = calc_lld_macro(s)) > 0)
		return n;
	if (*s != '{' || (n = calc_lld_macro(p)) == 0 || p[n] != '.')
		return 0;
	p += n + 1;
	if (!islower((unsigned char)*p))
		return 0;
	while (islower((unsigned char)*p))
		p++;
	if (*p != '(' || (n = item_key_params_span(p, ')')) == 0 || p[n] != '}')
		return 0;
	return (size_t)(p - s) + n + 1;
}

/* "?[...]": a filter, its brackets balanced outside quoted strings: its length, 0 when none. */
static size_t
calc_filter(const char *s)
{
	const char *p = s + 2;
	int depth = 1;

	if (s[0] != '?' || s[1] != '[')
		return 0;
	while (*p != '\0' && depth > 0) {
		if (*p == '"') {
			size_t q = calc_string(p);

			if (q == 0)
				return 0;
			p += q;
			continue;
		}
		depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
		p++;
	}
	return depth == 0 ? (size_t)(p - s) : 0;
}

/* "/host/key?[filter]": a host name, a {HOST.HOST} macro, "*" or nothing; a key or "*"; in
 * a trigger expression a host name and a key only. The call gets the host's and the key's
 * places (offsets from s). */
static size_t
calc_query(const struct calc *c, const char *s, struct expr_call *call)
{
	bool calc = (c->mode & EXPR_TRIGGER) == 0;
	const char *p = s + 1;
	size_t n;

	if (*s != '/')
		return 0;
	if (calc && strncmp(p, "{HOST.HOST}", 11) == 0)
		p += 11;
	else if (calc && *p == '*')
		p++;
	else
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == ' ' || *p == '-')
			p++;
	call->host_pos = 1, call->host_len = (size_t)(p - s) - 1;
	if ((!calc && call->host_len == 0) || *p++ != '/')
		return 0;
	if (calc && *p == '*')
		n = 1;
	else if ((n = item_key_span(p)) == 0)
		return 0;
	call->key_pos = (size_t)(p - s), call->key_len = n;
	p += n;
	if (calc)
		p += calc_filter(p);
	return (size_t)(p - s);
}

/* A history function's period ("#5", "1h", "{$P}", of a prototype "{#P}", each with a
 * ":now-1d" time shift), or a later unquoted parameter (a number with a suffix, a user macro,
 * of a prototype an LLD macro): its length. */
static size_t
calc_period(const struct calc *c, const char *s, bool shift)
{
	const char *p = s;
	size_t n;

	if (*p == '#' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	else if ((n = calc_user_macro(p)) > 0 || (n = calc_lld(c, p)) > 0 ||
	    (n = calc_number(p)) > 0)
		p += n;
	else if (!shift || *p != ':')
		return 0;
	if (shift && *p == ':')
		for (p++; *p != '\0' && (isalnum((unsigned char)*p) || strchr("/+-{}$#_.", *p) != NULL);
		    p++)
			;
	return (size_t)(p - s);
}

static void
calc_call_add(struct calc *c, const struct expr_call *call)
{
	struct expr_calls *l = c->calls;

	if (l == NULL)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *call;
}

/* A history function name(/host/key, period, ...): its length, 0 when none. */
static size_t
calc_hist_function(struct calc *c, const char *s)
{
	const char *p = s, *name = s;
	struct expr_call call = { .pos = (size_t)(s - c->src) };
	size_t n, num = 0;
	unsigned empty = 0;

	while (islower((unsigned char)*p) || *p == '_')
		p++;
	if (p == s || *p != '(')
		return 0;
	call.name_len = (size_t)(p - s);
	p++;
	p += strspn(p, " ");
	if ((n = calc_query(c, p, &call)) == 0)
		return 0;
	call.query_pos = (size_t)(p - s), call.query_len = n;
	call.host_pos += call.query_pos, call.key_pos += call.query_pos;
	for (p += n;;) {
		p += strspn(p, " ");
		if (*p == ')')
			break;
		if (*p++ != ',')
			return 0;
		num++;
		p += strspn(p, " ");
		if (*p == ',' || *p == ')') {
			empty |= num < 32 ? 1u << num : 0;
			continue;
		}
		if ((n = *p == '"' ? calc_string(p) : calc_period(c, p, num == 1)) == 0)
			return 0;
		p += n;
	}
	calc_function(c, name, true, num + 1, empty);
	call.len = (size_t)(p - s) + 1;
	calc_call_add(c, &call);
	return call.len;
}

static bool calc_expression(struct calc *, const char *, size_t *, size_t *, int);

/* A math function name(expression, ...): its length, 0 when none. */
static size_t
calc_math_function(struct calc *c, const char *s, int depth)
{
	const char *p = s;
	size_t end, parsed, nparams = 0;
	bool any = false;

	while (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')
		p++;
	if (p == s || *p != '(')
		return 0;
	for (p++;;) {
		p += strspn(p, " ");
		if (*p == ')' && !any)
			break;
		end = 0;
		if (!calc_expression(c, p, &end, &parsed, depth))
			return 0;
		any = true;
		nparams++;
		p += end;
		p += strspn(p, " ");
		if (*p == ')')
			break;
		if (*p++ != ',')
			return 0;
	}
	calc_function(c, s, false, nparams, 0);
	return (size_t)(p - s) + 1;
}

static size_t
calc_constant(struct calc *c, const char *s, int depth)
{
	size_t n;

	if ((n = calc_number(s)) > 0 || (n = calc_string(s)) > 0)
		return n;
	if ((c->mode & EXPR_TRIGGER) != 0 && strncmp(s, "{TRIGGER.VALUE}", 15) == 0)
		return 15;
	if ((n = calc_hist_function(c, s)) > 0 || (n = calc_math_function(c, s, depth)) > 0)
		return n;
	if ((n = calc_user_macro(s)) > 0)
		return n;
	return calc_lld(c, s);
}

static size_t
calc_operator(const char *s, bool logical)
{
	static const char *const binary[] = { "<=", ">=", "<>", "<", ">", "+", "-", "/", "*", "=" };

	if (logical)
		return strncmp(s, "and", 3) == 0 ? 3 : strncmp(s, "or", 2) == 0 ? 2 : 0;
	for (size_t i = 0; i < sizeof binary / sizeof binary[0]; i++)
		if (strncmp(s, binary[i], strlen(binary[i])) == 0)
			return strlen(binary[i]);
	return 0;
}

static bool
calc_not(const char *s)
{
	return strncmp(s, "not", 3) == 0 && s[3] != '\0' && strchr(CALC_BLANKS "(", s[3]) != NULL;
}

/* One expression from s: *end is where the last complete operand (or closing parenthesis)
 * at the top level ends, *parsed where reading stopped. False when no operand was complete. */
static bool
calc_expression(struct calc *c, const char *s, size_t *end, size_t *parsed, int depth)
{
	enum calc_state st = CALC_AFTER_OPEN;
	bool after_space = false, any = false;
	int level = 0;
	size_t p = 0, n;

	if (depth++ > CALC_MAX_DEPTH) {
		*parsed = 0;
		return false;
	}
	for (; s[p] != '\0'; after_space = false, p++) {
		char ch;
		bool operand = false;

		while (s[p] != '\0' && strchr(CALC_BLANKS, s[p]) != NULL)
			p++, after_space = true;
		if ((ch = s[p]) == '\0')
			break;
		switch (st) {
		case CALC_AFTER_OPEN:
		case CALC_AFTER_BINARY:
		case CALC_AFTER_LOGICAL:
		case CALC_AFTER_NOT:
		case CALC_AFTER_MINUS:
			/* after "and"/"or"/"not" an operand needs a blank before it, but "(" */
			if (ch != '(' && !after_space &&
			    (st == CALC_AFTER_LOGICAL || st == CALC_AFTER_NOT))
				goto stop;
			if (ch == '(') {
				level++;
				st = CALC_AFTER_OPEN;
				continue;
			}
			if (ch == '-' && st != CALC_AFTER_MINUS) {
				st = CALC_AFTER_MINUS;
				continue;
			}
			/* "not": first after "(" or "and"/"or", last after an operator */
			if ((st == CALC_AFTER_OPEN || st == CALC_AFTER_LOGICAL) && calc_not(s + p)) {
				st = CALC_AFTER_NOT;
				p += 2;
				continue;
			}
			if ((n = calc_constant(c, s + p, depth)) == 0) {
				if (st == CALC_AFTER_BINARY && after_space && calc_not(s + p)) {
					st = CALC_AFTER_NOT;
					p += 2;
					continue;
				}
				goto stop;
			}
			p += n - 1;
			st = CALC_AFTER_CONST;
			operand = true;
			break;
		case CALC_AFTER_CLOSE:
		case CALC_AFTER_CONST:
			if (ch == ')') {
				if (level == 0)
					goto stop;
				level--;
				st = CALC_AFTER_CLOSE;
				operand = true;
				break;
			}
			if ((n = calc_operator(s + p, false)) > 0) {
				p += n - 1;
				st = CALC_AFTER_BINARY;
				continue;
			}
			if ((st == CALC_AFTER_CLOSE || after_space) &&
			    (n = calc_operator(s + p, true)) > 0) {
				p += n - 1;
				st = CALC_AFTER_LOGICAL;
				continue;
			}
			goto stop;
		}
		if (operand && level == 0) {
			*end = p + 1;
			any = true;
		}
	}
stop:
	*parsed = p;
	return any;
}

int
expr_parse(const char *src, unsigned mode, struct expr_calls *calls, char **cause)
{
	struct expr_calls own = { 0 };
	struct calc c = { src, mode, NULL, 0, calls != NULL ? calls : &own };
	size_t end = 0, parsed = 0;
	bool ok = calc_expression(&c, src, &end, &parsed, 0);

	*cause = NULL;
	if (ok)
		end += strspn(src + end, CALC_BLANKS);
	if (!ok || src[end] != '\0') {
		free(c.bad);
		*cause = xasprintf("incorrect expression starting from \"%s\"", src + parsed);
	} else if (c.bad != NULL)
		*cause = c.bad;
	else if ((mode & EXPR_TRIGGER) != 0 && c.calls->n == 0)
		*cause = xstrdup("trigger expression must contain at least one /host/key reference");
	free(own.v);
	return *cause == NULL ? 0 : -1;
}

int
calc_formula_check(const char *src, char **cause)
{
	return expr_parse(src, EXPR_CALCULATED, NULL, cause);
}

unsigned
expr_hist_value_types(const char *name, size_t n)
{
	const struct calc_fn *f = calc_find(calc_hist_functions, name, n);

	return f != NULL ? f->types : 0;
}
