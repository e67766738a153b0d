/* json.c: the json export writer (PHP json_encode with JSON_UNESCAPED_SLASHES, optionally
 * JSON_PRETTY_PRINT) and the import reader (cJSON, with json_decode's error texts). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define JSON_MAX_DEPTH	512	/* PHP's default json_encode/json_decode depth */

static const char json_hex[] = "0123456789abcdef";

static void
json_u16(struct fbuf *b, unsigned v)
{
	char u[6] = { '\\', 'u', json_hex[(v >> 12) & 15], json_hex[(v >> 8) & 15],
	    json_hex[(v >> 4) & 15], json_hex[v & 15] };

	fbuf_add(b, u, sizeof u);
}

/* One ASCII byte that needs escaping. */
static void
json_escape_ascii(struct fbuf *b, unsigned char c)
{
	switch (c) {
	case '"':	fbuf_add(b, "\\\"", 2); break;
	case '\\':	fbuf_add(b, "\\\\", 2); break;
	case '\b':	fbuf_add(b, "\\b", 2); break;
	case '\f':	fbuf_add(b, "\\f", 2); break;
	case '\n':	fbuf_add(b, "\\n", 2); break;
	case '\r':	fbuf_add(b, "\\r", 2); break;
	case '\t':	fbuf_add(b, "\\t", 2); break;
	default:	json_u16(b, c); break;
	}
}

/* A string as json_encode writes it: printable ASCII as is ('/' too), the rest escaped. */
static int
json_string(struct fbuf *b, const char *str, char **cause)
{
	const unsigned char *s = (const unsigned char *)str, *run = s;
	size_t left = strlen(str), n;
	unsigned cp;

	fbuf_putc(b, '"');
	while (*s != '\0') {
		if (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\') {
			s++;
			continue;
		}
		fbuf_add(b, run, (size_t)(s - run));
		left = strlen((const char *)s);
		if (*s < 0x80) {
			json_escape_ascii(b, *s);
			s++;
		} else if ((n = fmt_utf8_decode(s, left, &cp)) == 0) {
			fmt_set_cause(cause, "Malformed UTF-8 characters, possibly incorrectly "
			    "encoded");
			return -1;
		} else {
			if (cp >= 0x10000) {
				cp -= 0x10000;
				json_u16(b, 0xd800 | (cp >> 10));
				cp = 0xdc00 | (cp & 0x3ff);
			}
			json_u16(b, cp);
			s += n;
		}
		run = s;
	}
	fbuf_add(b, run, (size_t)(s - run));
	fbuf_putc(b, '"');
	return 0;
}

static void
json_newline(struct fbuf *b, bool pretty, int depth)
{
	if (!pretty)
		return;
	fbuf_putc(b, '\n');
	fbuf_fill(b, ' ', (size_t)depth * 4);
}

static int json_value(struct fbuf *, const cJSON *, bool, int, char **);

/* An array or object; PHP writes an empty one as [] either way. */
static int
json_container(struct fbuf *b, const cJSON *v, bool pretty, int depth, char **cause)
{
	bool obj = cJSON_IsObject(v);

	if (v->child == NULL) {
		fbuf_add(b, "[]", 2);
		return 0;
	}
	if (depth >= JSON_MAX_DEPTH) {
		fmt_set_cause(cause, "Maximum stack depth exceeded");
		return -1;
	}
	fbuf_putc(b, obj ? '{' : '[');
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		if (c != v->child)
			fbuf_putc(b, ',');
		json_newline(b, pretty, depth + 1);
		if (obj) {
			if (json_string(b, c->string != NULL ? c->string : "", cause) != 0)
				return -1;
			fbuf_add(b, ": ", pretty ? 2 : 1);
		}
		if (json_value(b, c, pretty, depth + 1, cause) != 0)
			return -1;
	}
	json_newline(b, pretty, depth);
	fbuf_putc(b, obj ? '}' : ']');
	return 0;
}

static int
json_value(struct fbuf *b, const cJSON *v, bool pretty, int depth, char **cause)
{
	switch (v->type & 0xff) {
	case cJSON_NULL:
		fbuf_add(b, "null", 4);
		return 0;
	case cJSON_False:
		fbuf_add(b, "false", 5);
		return 0;
	case cJSON_True:
		fbuf_add(b, "true", 4);
		return 0;
	case cJSON_Number:
		if (!isfinite(v->valuedouble)) {
			fmt_set_cause(cause, "Inf and NaN cannot be JSON encoded");
			return -1;
		}
		fmt_number(b, v->valuedouble);
		return 0;
	case cJSON_String:
		return json_string(b, v->valuestring != NULL ? v->valuestring : "", cause);
	case cJSON_Array:
	case cJSON_Object:
		return json_container(b, v, pretty, depth, cause);
	default:
		fmt_set_cause(cause, "Type is not supported");
		return -1;
	}
}

int
json_write(struct fbuf *b, const cJSON *tree, bool pretty, char **cause)
{
	return json_value(b, tree, pretty, 0, cause);
}

/*
 * Reading. cJSON builds the tree; a scan of the tokens first finds what PHP's json scanner
 * refuses on its own (control characters, bad UTF-8, lone surrogates, number syntax, nesting),
 * so that the error text is json_last_error_msg()'s. The first error in the text wins.
 */

enum json_err {
	JERR_NONE,
	JERR_DEPTH,
	JERR_CTRL,
	JERR_SYNTAX,
	JERR_UTF8,
	JERR_UTF16,
};

static const char *const json_err_text[] = {
	[JERR_NONE] = "No error",
	[JERR_DEPTH] = "Maximum stack depth exceeded",
	[JERR_CTRL] = "Control character error, possibly incorrectly encoded",
	[JERR_SYNTAX] = "Syntax error",
	[JERR_UTF8] = "Malformed UTF-8 characters, possibly incorrectly encoded",
	[JERR_UTF16] = "Single unpaired UTF-16 surrogate in unicode escape",
};

struct json_scan {
	const unsigned char	*s;
	size_t			 n;
	size_t			 i;
	size_t			 tok;	/* where the token with the error starts */
	enum json_err		 err;
};

static int
json_hex4(const unsigned char *s, size_t n, size_t i, unsigned *v)
{
	*v = 0;
	if (i + 4 > n)
		return -1;
	for (size_t k = i; k < i + 4; k++) {
		unsigned char c = s[k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v |= (unsigned)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

/* One escape after a backslash at sc->i; moves past it or sets the error. */
static void
json_scan_escape(struct json_scan *sc)
{
	const unsigned char *s = sc->s;
	unsigned v, lo;

	if (sc->i + 1 >= sc->n) {
		sc->err = JERR_CTRL;
		return;
	}
	if (strchr("\"\\/bfnrt", s[sc->i + 1]) != NULL && s[sc->i + 1] != '\0') {
		sc->i += 2;
		return;
	}
	if (s[sc->i + 1] != 'u' || json_hex4(s, sc->n, sc->i + 2, &v) != 0) {
		sc->err = JERR_SYNTAX;
		return;
	}
	sc->i += 6;
	if (v >= 0xdc00 && v <= 0xdfff) {
		sc->err = JERR_UTF16;
	} else if (v >= 0xd800 && v <= 0xdbff) {
		if (sc->i + 1 < sc->n && s[sc->i] == '\\' && s[sc->i + 1] == 'u' &&
		    json_hex4(s, sc->n, sc->i + 2, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff)
			sc->i += 6;
		else
			sc->err = JERR_UTF16;
	}
}

static void
json_scan_string(struct json_scan *sc)
{
	unsigned cp;
	size_t len;

	for (sc->i++; sc->err == JERR_NONE; ) {
		while (sc->i < sc->n && sc->s[sc->i] >= 0x20 && sc->s[sc->i] < 0x80 &&
		    sc->s[sc->i] != '"' && sc->s[sc->i] != '\\')
			sc->i++;	/* the common case: printable ASCII */
		if (sc->i >= sc->n || sc->s[sc->i] < 0x20) {
			sc->err = JERR_CTRL;
		} else if (sc->s[sc->i] == '"') {
			sc->i++;
			return;
		} else if (sc->s[sc->i] == '\\') {
			json_scan_escape(sc);
		} else if (sc->s[sc->i] < 0x80) {
			sc->i++;
		} else if ((len = fmt_utf8_decode(sc->s + sc->i, sc->n - sc->i, &cp)) == 0) {
			sc->err = JERR_UTF8;
		} else {
			sc->i += len;
		}
	}
}

static size_t
json_scan_digits(const struct json_scan *sc, size_t i)
{
	while (i < sc->n && sc->s[i] >= '0' && sc->s[i] <= '9')
		i++;
	return i;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and not followed by another digit. */
static void
json_scan_number(struct json_scan *sc)
{
	size_t i = sc->i, j;

	if (sc->s[i] == '-')
		i++;
	if (i >= sc->n || sc->s[i] < '0' || sc->s[i] > '9')
		goto bad;
	i = sc->s[i] == '0' ? i + 1 : json_scan_digits(sc, i);
	if (i < sc->n && sc->s[i] == '.') {
		if ((j = json_scan_digits(sc, i + 1)) == i + 1)
			goto bad;
		i = j;
	}
	if (i < sc->n && (sc->s[i] == 'e' || sc->s[i] == 'E')) {
		i++;
		if (i < sc->n && (sc->s[i] == '+' || sc->s[i] == '-'))
			i++;
		if ((j = json_scan_digits(sc, i)) == i)
			goto bad;
		i = j;
	}
	if (i < sc->n && sc->s[i] >= '0' && sc->s[i] <= '9')
		goto bad;
	sc->i = i;
	return;
bad:
	sc->err = JERR_SYNTAX;
}

/* Finds the first error PHP's scanner would report, if any, and the start of its token. */
static void
json_scan(struct json_scan *sc)
{
	int depth = 0;
	unsigned cp;

	while (sc->i < sc->n && sc->err == JERR_NONE) {
		unsigned char c = sc->s[sc->i];

		sc->tok = sc->i;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
			sc->i++;
		} else if (c == '"') {
			json_scan_string(sc);
		} else if (c == '[' || c == '{') {
			if (++depth > JSON_MAX_DEPTH)
				sc->err = JERR_DEPTH;
			sc->i++;
		} else if (c == ']' || c == '}') {
			depth -= depth > 0;
			sc->i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			json_scan_number(sc);
		} else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			sc->i++;	/* literals are cJSON's to check */
		} else if (c == '\0') {
			sc->err = JERR_CTRL;
		} else if (c >= 0x80 && fmt_utf8_decode(sc->s + sc->i, sc->n - sc->i, &cp) == 0) {
			sc->err = JERR_UTF8;
		} else {
			sc->err = JERR_SYNTAX;
		}
	}
}

/* PHP's arrays keep one value per key: the first position, the last value. The members are
 * taken off and put back one by one, so that a lookup only sees those before. */
static void
json_dedup(cJSON *v)
{
	struct fkeys k;
	cJSON *c, *next, *first, tmp;

	if (cJSON_IsObject(v) && v->child != NULL && v->child->next != NULL) {
		fkeys_init(&k);
		c = v->child;
		v->child = NULL;
		for (; c != NULL; c = next) {
			next = c->next;
			c->next = c->prev = NULL;
			if ((first = fkeys_find(&k, v, c->string)) == NULL) {
				cJSON_AddItemToArray(v, c);
				fkeys_add(&k, v, c);
				continue;
			}
			tmp = *first;
			first->type = (first->type & ~0xff) | (c->type & 0xff);
			first->valuestring = c->valuestring;
			first->valueint = c->valueint;
			first->valuedouble = c->valuedouble;
			first->child = c->child;
			c->type = (c->type & ~0xff) | (tmp.type & 0xff);
			c->valuestring = tmp.valuestring;
			c->child = tmp.child;
			cJSON_Delete(c);
		}
		fkeys_free(&k);
	}
	for (c = v->child; c != NULL; c = c->next)
		json_dedup(c);
}

/* Where the value cJSON parsed ends: only blanks may follow it. */
static bool
json_rest_blank(const char *end, const char *limit)
{
	while (end < limit && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end++;
	return end == limit;
}

int
json_read(const char *src, size_t len, cJSON **tree, char **cause)
{
	struct json_scan sc = { (const unsigned char *)src, len, 0, 0, JERR_NONE };
	const char *end = NULL;
	cJSON *t;

	json_scan(&sc);
	t = cJSON_ParseWithLengthOpts(src, len, &end, 0);
	if (t != NULL && !json_rest_blank(end, src + len)) {
		cJSON_Delete(t);
		t = NULL;
	}
	if (t == NULL && (sc.err == JERR_NONE || (end != NULL && end < src + sc.tok)))
		sc.err = JERR_SYNTAX;
	if (sc.err == JERR_NONE && cJSON_IsNull(t)) {
		/* json_decode gives null: Zabbix takes it for a failure with no error */
		cJSON_Delete(t);
		fmt_set_cause(cause, "Cannot read JSON: %s.", json_err_text[JERR_NONE]);
		return -1;
	}
	if (sc.err != JERR_NONE) {
		cJSON_Delete(t);
		fmt_set_cause(cause, "Cannot read JSON: %s.", json_err_text[sc.err]);
		return -1;
	}
	json_dedup(t);
	*tree = t;
	return 0;
}
