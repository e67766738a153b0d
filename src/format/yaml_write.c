/* yaml_write.c: the yaml export writer, byte for byte what Symfony's Yaml::dump(tree, 100, 2,
 * DUMP_MULTI_LINE_LITERAL_BLOCK) gives for Zabbix 6.0: its block layout and its scalar quoting. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define YAML_INDENT	2	/* Zabbix's indentation */
#define YAML_INLINE	100	/* Zabbix's level where Symfony switches to inline yaml */

static bool
yaml_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t
yaml_digits(const char *s, size_t i, size_t n, size_t min, size_t max)
{
	size_t j = i;

	while (j < n && j - i < max && yaml_is_digit(s[j]))
		j++;
	return j - i >= min ? j - i : 0;
}

/* The time after the date: hh:mm:ss, a fraction, then blanks and a zone (Z, +h, -hh:mm). */
static bool
yaml_time_like(const char *s, size_t i, size_t n)
{
	size_t d;

	if ((d = yaml_digits(s, i, n, 1, 2)) == 0 || i + d >= n || s[i + d] != ':')
		return false;
	i += d + 1;
	if (yaml_digits(s, i, n, 2, 2) == 0 || i + 2 >= n || s[i + 2] != ':' ||
	    yaml_digits(s, i + 3, n, 2, 2) == 0)
		return false;
	i += 5;
	if (i < n && s[i] == '.')
		for (i++; i < n && yaml_is_digit(s[i]); i++)
			;
	if (i == n)
		return true;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return false;	/* blanks must lead to a time zone */
	if (s[i] == 'Z')
		return i + 1 == n;
	if ((s[i] != '+' && s[i] != '-') || (d = yaml_digits(s, ++i, n, 1, 2)) == 0)
		return false;
	if ((i += d) == n)
		return true;
	return s[i] == ':' && yaml_digits(s, i + 1, n, 2, 2) != 0 && i + 3 == n;
}

/* Symfony's timestamp pattern: 2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43 Z. */
bool
yaml_timestamp_like(const char *s, size_t n)
{
	size_t i = 0, d;

	if (yaml_digits(s, i, n, 4, 4) == 0 || i + 4 >= n || s[i + 4] != '-')
		return false;
	i += 5;
	if ((d = yaml_digits(s, i, n, 1, 2)) == 0 || i + d >= n || s[i + d] != '-')
		return false;
	i += d + 1;
	if ((d = yaml_digits(s, i, n, 1, 2)) == 0)
		return false;
	if ((i += d) == n)
		return true;
	if (s[i] == 'T' || s[i] == 't')
		i++;
	else if (s[i] == ' ' || s[i] == '\t')
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	else
		return false;
	return yaml_time_like(s, i, n);
}

/* Strings Symfony single-quotes by pattern: ^[0-9]+[_0-9]*$, ^0x[0-9a-f_]+$ (any case) and
 * YAML's keywords (null, ~, true, false, y, n, yes, no, on, off in any case). */
static bool
yaml_quote_pattern(const char *s, size_t n)
{
	static const char *const words[] = { "null", "~", "true", "false", "y", "n", "yes", "no",
	    "on", "off" };
	size_t i;

	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
		if (strlen(words[w]) == n && strncasecmp(s, words[w], n) == 0)
			return true;
	if (yaml_is_digit(s[0])) {
		for (i = 0; i < n && (yaml_is_digit(s[i]) || s[i] == '_'); i++)
			;
		if (i == n)
			return true;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n && (strchr("0123456789abcdefABCDEF_", s[i]) != NULL); i++)
			;
		if (i == n)
			return true;
	}
	return yaml_timestamp_like(s, n);
}

static void
yaml_base64(struct fbuf *b, const unsigned char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4];

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		out[0] = tab[(v >> 18) & 63];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? tab[v & 63] : '=';
		fbuf_add(b, out, 4);
	}
}

/* Symfony's escapeWithDoubleQuotes: \ and " escaped, control characters by name or \xNN. */
static void
yaml_double_quoted(struct fbuf *b, const unsigned char *s, size_t n)
{
	static const char *const named[32] = { "\\0", NULL, NULL, NULL, NULL, NULL, NULL, "\\a",
	    "\\b", "\\t", "\\n", "\\v", "\\f", "\\r", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, "\\e", NULL, NULL, NULL, NULL };
	static const char hex[] = "0123456789abcdef";

	fbuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\\' || c == '"') {
			fbuf_putc(b, '\\');
			fbuf_putc(b, (char)c);
		} else if (c < 0x20 && named[c] != NULL) {
			fbuf_puts(b, named[c]);
		} else if (c < 0x20 || c == 0x7f) {
			char x[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			fbuf_add(b, x, 4);
		} else if (c == 0xc2 && i + 1 < n && (s[i + 1] == 0x85 || s[i + 1] == 0xa0)) {
			fbuf_puts(b, s[++i] == 0x85 ? "\\N" : "\\_");
		} else if (c == 0xe2 && i + 2 < n && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			fbuf_puts(b, s[i + 2] == 0xa8 ? "\\L" : "\\P");
			i += 2;
		} else {
			fbuf_putc(b, (char)c);
		}
	}
	fbuf_putc(b, '"');
}

static void
yaml_single_quoted(struct fbuf *b, const char *s, size_t n)
{
	const char *q;

	fbuf_putc(b, '\'');
	while ((q = memchr(s, '\'', n)) != NULL) {
		fbuf_add(b, s, (size_t)(q - s) + 1);
		fbuf_putc(b, '\'');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	fbuf_add(b, s, n);
	fbuf_putc(b, '\'');
}

/* Characters that make Symfony single-quote a string wherever they are. */
static const bool yaml_special[256] = {
	[' '] = true, ['\''] = true, ['"'] = true, [':'] = true, ['{'] = true, ['}'] = true,
	['['] = true, [']'] = true, [','] = true, ['&'] = true, ['*'] = true, ['#'] = true,
	['?'] = true,
};

/* One pass over a string: does Symfony write it as !!binary (bad UTF-8, most controls), in
 * double quotes (other controls, NEL, NBSP, U+2028/9) or single quotes (a special character)? */
static void
yaml_classify(const unsigned char *s, size_t n, bool *binary, bool *dquote, bool *squote)
{
	size_t len;
	unsigned cp;

	for (size_t i = 0; i < n; i += len) {
		len = 1;
		if (s[i] < 0x20) {
			if ((s[i] >= 0x01 && s[i] <= 0x06) || (s[i] >= 0x0e && s[i] <= 0x1a) ||
			    s[i] >= 0x1c)
				*binary = true;
			else
				*dquote = true;
		} else if (s[i] == 0x7f) {
			*dquote = true;
		} else if (s[i] >= 0x80) {
			if ((len = fmt_utf8_decode(s + i, n - i, &cp)) == 0) {
				*binary = true;
				return;
			}
			if (cp == 0x85 || cp == 0xa0 || cp == 0x2028 || cp == 0x2029)
				*dquote = true;
		} else if (yaml_special[s[i]]) {
			*squote = true;
		}
	}
}

/* What Symfony's Inline::dump does with a string, in its order of checks. */
static void
yaml_string(struct fbuf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	bool binary = false, dquote = false, squote = false;
	size_t i;

	for (i = 0; i < n && yaml_is_digit(str[i]); i++)
		;
	if ((n > 0 && i == n) || php_is_numeric(str, n)) {
		fbuf_putc(b, '\'');
		fbuf_add(b, str, n);
		fbuf_putc(b, '\'');
		return;
	}
	if (n == 0) {
		fbuf_add(b, "''", 2);
		return;
	}
	yaml_classify(s, n, &binary, &dquote, &squote);
	if (binary) {
		fbuf_add(b, "!!binary ", 9);
		yaml_base64(b, s, n);
	} else if (dquote) {
		yaml_double_quoted(b, s, n);
	} else if (squote || strchr(" -?|<>=!%@`", str[0]) != NULL || yaml_quote_pattern(str, n)) {
		yaml_single_quoted(b, str, n);
	} else {
		fbuf_add(b, str, n);
	}
}

/* A key: PHP has made "12" an integer, which Symfony writes bare. */
static void
yaml_key(struct fbuf *b, const char *key)
{
	if (fmt_is_int_key(key))
		fbuf_puts(b, key);
	else
		yaml_string(b, key, strlen(key));
}

/* Inline::isHash: a PHP array is a list when its keys are 0, 1, 2... in order. */
static bool
yaml_is_hash(const cJSON *v)
{
	char num[24];
	size_t i = 0;

	if (!cJSON_IsObject(v))
		return false;
	for (const cJSON *c = v->child; c != NULL; c = c->next, i++) {
		snprintf(num, sizeof num, "%zu", i);
		if (strcmp(c->string, num) != 0)
			return true;
	}
	return false;
}

static int yaml_inline(struct fbuf *, const cJSON *, char **);

/* Inline::dumpArray: [a, b] for a list, { k: v } for a hash, "{  }" when empty. */
static int
yaml_inline_array(struct fbuf *b, const cJSON *v, char **cause)
{
	bool hash = yaml_is_hash(v);

	if (v->child != NULL && !hash) {
		fbuf_putc(b, '[');
		for (const cJSON *c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				fbuf_add(b, ", ", 2);
			if (yaml_inline(b, c, cause) != 0)
				return -1;
		}
		fbuf_putc(b, ']');
		return 0;
	}
	fbuf_add(b, "{ ", 2);
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		if (c != v->child)
			fbuf_add(b, ", ", 2);
		yaml_key(b, c->string);
		fbuf_add(b, ": ", 2);
		if (yaml_inline(b, c, cause) != 0)
			return -1;
	}
	fbuf_add(b, " }", 2);
	return 0;
}

static void
yaml_number(struct fbuf *b, double d)
{
	if (isnan(d))
		fbuf_puts(b, "NAN");
	else if (isinf(d))
		fbuf_puts(b, d > 0 ? ".Inf" : "-.Inf");
	else
		fmt_number(b, d);
}

static int
yaml_inline(struct fbuf *b, const cJSON *v, char **cause)
{
	switch (v->type & 0xff) {
	case cJSON_NULL:
		fbuf_puts(b, "null");
		return 0;
	case cJSON_False:
		fbuf_puts(b, "false");
		return 0;
	case cJSON_True:
		fbuf_puts(b, "true");
		return 0;
	case cJSON_Number:
		yaml_number(b, v->valuedouble);
		return 0;
	case cJSON_String:
		yaml_string(b, v->valuestring, strlen(v->valuestring));
		return 0;
	case cJSON_Array:
	case cJSON_Object:
		return yaml_inline_array(b, v, cause);
	default:
		fmt_set_cause(cause, "cannot write a cJSON item of type %d as yaml", v->type);
		return -1;
	}
}

static bool
yaml_container(const cJSON *v)
{
	return cJSON_IsArray(v) || cJSON_IsObject(v);
}

/* A multi-line string as a literal block: "key: |" and each line indented by 2 more. */
static void
yaml_literal(struct fbuf *b, const char *s, size_t indent)
{
	const char *nl;

	fbuf_add(b, " |", 2);
	if (s[0] == ' ')
		fbuf_putc(b, '0' + YAML_INDENT);
	fbuf_putc(b, '\n');
	for (;;) {
		nl = strchr(s, '\n');
		fbuf_fill(b, ' ', indent + YAML_INDENT);
		fbuf_add(b, s, nl != NULL ? (size_t)(nl - s) : strlen(s));
		fbuf_putc(b, '\n');
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

/* Symfony's Dumper::dump: block style down to level `level`, inline below it. */
static int
yaml_dump(struct fbuf *b, const cJSON *v, int level, size_t indent, char **cause)
{
	bool hash, inl;

	if (level <= 0 || !yaml_container(v) || v->child == NULL) {
		fbuf_fill(b, ' ', indent);
		return yaml_inline(b, v, cause);
	}
	hash = yaml_is_hash(v);
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		fbuf_fill(b, ' ', indent);
		if (hash) {
			yaml_key(b, c->string);
			fbuf_putc(b, ':');
		} else {
			fbuf_putc(b, '-');
		}
		if (cJSON_IsString(c) && strchr(c->valuestring, '\n') != NULL &&
		    strchr(c->valuestring, '\r') == NULL) {
			yaml_literal(b, c->valuestring, indent);
			continue;
		}
		inl = level - 1 <= 0 || !yaml_container(c) || c->child == NULL;
		fbuf_putc(b, inl ? ' ' : '\n');
		if (yaml_dump(b, c, level - 1, inl ? 0 : indent + YAML_INDENT, cause) != 0)
			return -1;
		if (inl)
			fbuf_putc(b, '\n');
	}
	return 0;
}

int
yaml_write(struct fbuf *b, const cJSON *tree, char **cause)
{
	return yaml_dump(b, tree, YAML_INLINE, 0, cause);
}
