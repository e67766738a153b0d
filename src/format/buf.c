/* buf.c: the growing output buffer, the per-object key index and PHP's scalar tests that the
 * format writers and readers share. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void
fbuf_init(struct fbuf *b, size_t hint)
{
	b->cap = hint < 64 ? 64 : hint;
	b->p = xmalloc(b->cap);
	b->p[0] = '\0';
	b->len = 0;
}

/* Makes room for n more bytes and the NUL, doubling so that appends stay amortised O(1). */
void
fbuf_grow(struct fbuf *b, size_t n)
{
	size_t need = b->len + n + 1, cap = b->cap;

	if (need <= cap)
		return;
	while (cap < need)
		cap = cap < ((size_t)1 << 40) ? cap * 2 : need;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
fbuf_add(struct fbuf *b, const void *s, size_t n)
{
	if (b->len + n >= b->cap)
		fbuf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
fbuf_puts(struct fbuf *b, const char *s)
{
	fbuf_add(b, s, strlen(s));
}

void
fbuf_fill(struct fbuf *b, char c, size_t n)
{
	if (b->len + n >= b->cap)
		fbuf_grow(b, n);
	memset(b->p + b->len, c, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
fbuf_printf(struct fbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		fbuf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *
fbuf_take(struct fbuf *b, size_t *len)
{
	char *p = b->p;

	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
fbuf_free(struct fbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

#define FKEYS_SCAN_MAX	16

static size_t
fkeys_hash(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void
fkeys_insert(struct fkeys *k, cJSON *item)
{
	size_t i = fkeys_hash(item->string) & (k->cap - 1);

	while (k->slot[i] != NULL)
		i = (i + 1) & (k->cap - 1);
	k->slot[i] = item;
}

/* Switches to (or enlarges) the hash table, indexing every keyed member of obj. */
static void
fkeys_rehash(struct fkeys *k, const cJSON *obj, size_t cap)
{
	free(k->slot);
	k->cap = cap;
	k->slot = xcalloc(cap, sizeof *k->slot);
	for (cJSON *c = obj->child; c != NULL; c = c->next)
		if (c->string != NULL)
			fkeys_insert(k, c);
}

void
fkeys_init(struct fkeys *k)
{
	k->slot = NULL;
	k->cap = k->n = 0;
}

cJSON *
fkeys_find(struct fkeys *k, const cJSON *obj, const char *key)
{
	if (k->cap == 0) {
		for (cJSON *c = obj->child; c != NULL; c = c->next)
			if (c->string != NULL && strcmp(c->string, key) == 0)
				return c;
		return NULL;
	}
	for (size_t i = fkeys_hash(key) & (k->cap - 1); k->slot[i] != NULL;
	    i = (i + 1) & (k->cap - 1))
		if (strcmp(k->slot[i]->string, key) == 0)
			return k->slot[i];
	return NULL;
}

void
fkeys_add(struct fkeys *k, const cJSON *obj, cJSON *item)
{
	k->n++;
	if (k->cap == 0) {
		if (k->n > FKEYS_SCAN_MAX)
			fkeys_rehash(k, obj, 4 * FKEYS_SCAN_MAX);
		return;
	}
	if (2 * k->n > k->cap)
		fkeys_rehash(k, obj, 2 * k->cap);
	else
		fkeys_insert(k, item);
}

void
fkeys_index(struct fkeys *k, const cJSON *obj)
{
	size_t cap = 4 * FKEYS_SCAN_MAX;

	fkeys_free(k);
	for (const cJSON *c = obj->child; c != NULL; c = c->next)
		k->n++;
	if (k->n <= FKEYS_SCAN_MAX)
		return;
	while (2 * k->n > cap)
		cap *= 2;
	fkeys_rehash(k, obj, cap);
}

void
fkeys_free(struct fkeys *k)
{
	free(k->slot);
	fkeys_init(k);
}

char *
fmt_strdup_len(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Decodes one UTF-8 sequence of at most n bytes (no overlongs, surrogates or values past
 * U+10FFFF). Returns its length, or 0 when it is not valid UTF-8. */
size_t
fmt_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len;
	unsigned v;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	*cp = v;
	return len;
}

cJSON *
fmt_cjson_check(cJSON *item)
{
	if (item == NULL) {
		fprintf(stderr, "tmpld: out of memory building a cJSON tree\n");
		abort();
	}
	return item;
}

/* An integral value as an integer, anything else in the shortest form that reads back equal. */
void
fmt_number(struct fbuf *b, double d)
{
	char tmp[40];

	if (d == floor(d) && fabs(d) < 9.2e18) {
		fbuf_printf(b, "%lld", (long long)d);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	fbuf_puts(b, tmp);
}

/* PHP turns an array key such as "12" or "-3" (not "012", "+3" or "-0") into an integer. */
bool
fmt_is_int_key(const char *s)
{
	const char *p = s;
	long long v;
	char *end;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9' || (*p == '0' && (p[1] != '\0' || p != s)))
		return false;
	for (const char *q = p; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	(void)v;
	return errno == 0;
}

static bool
php_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static size_t
php_digits(const char *s, size_t i, size_t n)
{
	size_t j = i;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/* PHP 8's is_numeric() for a string: optional surrounding whitespace, a sign, a decimal
 * mantissa with at least one digit and an optional exponent. */
bool
php_is_numeric(const char *s, size_t n)
{
	size_t i = 0, d, f = 0;

	while (i < n && php_space(s[i]))
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	d = php_digits(s, i, n);
	i += d;
	if (i < n && s[i] == '.') {
		f = php_digits(s, i + 1, n);
		if (d == 0 && f == 0)
			return false;
		i += 1 + f;
	}
	if (d == 0 && f == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;

		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if ((d = php_digits(s, j, n)) > 0)
			i = j + d;
	}
	while (i < n && php_space(s[i]))
		i++;
	return i == n;
}

void
fmt_set_cause(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
}
