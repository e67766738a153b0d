/* jsonw.c: compact JSON text written in one pass into one growing buffer, byte for byte what
 * cJSON_PrintUnformatted writes (a kept NUL, C0 80, as "\u0000"): the printer of replies
 * (jsonrpc_print) and the writer the gets stream their rows with. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tmpld/util.h"

void
jsonw_init(struct jsonw *w, size_t first)
{
	w->cap = first > 16 ? first : 16;
	w->p = xmalloc(w->cap);
	w->len = 0;
	w->sep = false;
}

void
jsonw_free(struct jsonw *w)
{
	free(w->p);
	memset(w, 0, sizeof *w);
}

char *
jsonw_take(struct jsonw *w, size_t *len)
{
	char *p = w->p;

	p[w->len] = '\0';
	if (len != NULL)
		*len = w->len;
	memset(w, 0, sizeof *w);
	return p;
}

/* Room for n more bytes and the closing NUL. */
static inline void
jsonw_room(struct jsonw *w, size_t n)
{
	if (w->len + n + 1 <= w->cap)
		return;
	while (w->len + n + 1 > w->cap)
		w->cap *= 2;
	w->p = xrealloc(w->p, w->cap);
}

static inline void
jsonw_add(struct jsonw *w, const char *s, size_t n)
{
	jsonw_room(w, n);
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

static inline void
jsonw_char(struct jsonw *w, char c)
{
	jsonw_room(w, 1);
	w->p[w->len++] = c;
}

/* The ',' before a value or key that follows another in the same array or object. */
static inline void
jsonw_lead(struct jsonw *w)
{
	if (w->sep)
		jsonw_char(w, ',');
}

/* What a byte of a string becomes: 0 as it is, 1 a two-character escape (its letter in
 * jsonw_esc_letter), 2 \u00XX, 3 C0: a kept NUL when 80 follows, else as it is. */
static const unsigned char jsonw_esc[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['"'] = 1, ['\\'] = 1, [0xC0] = 3,
};
static const char jsonw_esc_letter[128] = {
	['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
	['"'] = '"', ['\\'] = '\\',
};

/* True when none of the word's eight bytes needs jsonw_esc: none below 0x20, none '"',
 * '\\' or C0 (the exact any-byte tests of "Bit Twiddling Hacks", eight bytes at once). */
static inline bool
jsonw_word_plain(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\'), c0 = w ^ (ones * 0xC0);

	return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs) |
	    ((c0 - ones) & ~c0)) & high) == 0;
}

/* Most strings are short and plain ("0", an id, a name): their bytes after the opening
 * quote at o, copied one by one up to the NUL without a strlen first, then the closing
 * quote (and ':' when key); the end of what was written. NULL for a string of over seven
 * bytes or with a byte to escape, *plain then telling how many of its first bytes were
 * copied as they are: jsonw_string_rest writes the rest. o has room for eight bytes and
 * two more. */
static inline char *
jsonw_short_at(char *o, const unsigned char *s, bool key, size_t *plain)
{
	size_t n = 0;

	while (n < 8 && jsonw_esc[s[n]] == 0) {
		o[n] = (char)s[n];
		n++;
	}
	if (n == 8 || s[n] != '\0') {
		*plain = n;
		return NULL;
	}
	o += n;
	*o++ = '"';
	if (key)
		*o++ = ':';
	return o;
}

/* A string as cJSON escapes it: '"', '\\' and the control characters (\b \f \n \r \t by
 * name, the others as \u00XX); every other byte as it is, but C0 80, a kept NUL. This
 * writes the string from s on, its opening quote and any bytes before s being written
 * already (up to w->len), then the closing quote, and ':' when key is set. Room for the
 * worst case (every byte six) is made once, then bytes are written without checks: runs of
 * eight plain bytes are copied whole, the others looked at one by one. */
static void
jsonw_string_rest(struct jsonw *w, const unsigned char *s, bool key)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen((const char *)s);
	const unsigned char *end = s + n;
	char *o;

	jsonw_room(w, n * 6 + 12);	/* and a word's slack: a tail is stored whole */
	o = w->p + w->len;
	for (uint64_t v; end - s >= 8; s += 8, o += 8) {	/* the plain runs, eight at once */
		memcpy(&v, s, 8);
		if (!jsonw_word_plain(v))
			break;
		memcpy(o, &v, 8);
	}
	if (end - s < 8) {	/* a tail of under eight: as one word padded with spaces */
		uint64_t v = 0x2020202020202020u;
		unsigned char *b = (unsigned char *)&v;

		for (size_t i = 0; s + i < end; i++)
			b[i] = s[i];
		if (jsonw_word_plain(v)) {
			memcpy(o, &v, 8);	/* the padding lands past the text, in the slack */
			o += end - s;
			s = end;
		}
	}
	while (s < end) {
		const unsigned char *stop;

		for (uint64_t v; end - s >= 8; s += 8, o += 8) {
			memcpy(&v, s, 8);
			if (!jsonw_word_plain(v))
				break;
			memcpy(o, &v, 8);
		}
		stop = end - s >= 8 ? s + 8 : end;
		for (; s < stop; s++) {
			unsigned char c = *s;

			if (jsonw_esc[c] == 0) {	/* the common case, without the switch */
				*o++ = (char)c;
				continue;
			}
			switch (jsonw_esc[c]) {
			case 1:
				*o++ = '\\';
				*o++ = jsonw_esc_letter[c];
				break;
			case 2:
				memcpy(o, "\\u00", 4);
				o[4] = hex[c >> 4];
				o[5] = hex[c & 15];
				o += 6;
				break;
			default:
				if (s[1] != 0x80) {
					*o++ = (char)c;
					break;
				}
				memcpy(o, "\\u0000", 6);
				o += 6;
				s++;
				break;
			}
		}
	}
	*o++ = '"';
	if (key)
		*o++ = ':';
	w->len = (size_t)(o - w->p);
}

/* A string str (NULL: "") after its opening quote, written up to o (room for ten more bytes
 * made): a short one at once, else its plain start at once and the rest by
 * jsonw_string_rest; ':' after it when key is set. */
static inline void
jsonw_string_from(struct jsonw *w, char *o, const char *str, bool key)
{
	const unsigned char *s = (const unsigned char *)(str != NULL ? str : "");
	size_t plain = 0;
	char *e;

	if ((e = jsonw_short_at(o, s, key, &plain)) != NULL)
		w->len = (size_t)(e - w->p);
	else {
		w->len = (size_t)(o + plain - w->p);
		jsonw_string_rest(w, s + plain, key);
	}
}

/* A whole string (NULL: ""), lead written before its opening quote (',' between members,
 * or 0), and ':' after it when key is set. */
static void
jsonw_string_at(struct jsonw *w, const char *str, char lead, bool key)
{
	char *o;

	jsonw_room(w, 12);
	o = w->p + w->len;
	if (lead != 0)
		*o++ = lead;
	*o++ = '"';
	jsonw_string_from(w, o, str, key);
}

void
jsonw_open(struct jsonw *w, char c)
{
	jsonw_lead(w);
	jsonw_char(w, c);
	w->sep = false;
}

void
jsonw_close(struct jsonw *w, char c)
{
	jsonw_char(w, c);
	w->sep = true;
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_string_at(w, key, w->sep ? ',' : 0, true);
	w->sep = false;
}

void
jsonw_key_plain(struct jsonw *w, const char *key, size_t n)
{
	char *o;

	jsonw_room(w, n + 4);
	o = w->p + w->len;
	if (w->sep)
		*o++ = ',';
	*o++ = '"';
	memcpy(o, key, n);
	o += n;
	*o++ = '"';
	*o++ = ':';
	w->len = (size_t)(o - w->p);
	w->sep = false;
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	jsonw_string_at(w, s, w->sep ? ',' : 0, false);
	w->sep = true;
}

void
jsonw_member_str(struct jsonw *w, const char *key, size_t n, const char *s)
{
	char *o;

	jsonw_room(w, n + 4 + 12);
	o = w->p + w->len;
	if (w->sep)
		*o++ = ',';
	*o++ = '"';
	memcpy(o, key, n);
	o += n;
	*o++ = '"';
	*o++ = ':';
	*o++ = '"';
	jsonw_string_from(w, o, s, false);
	w->sep = true;
}

size_t
jsonw_key_text(char out[JSONW_KEY_MAX], const char *name, size_t n)
{
	memset(out, 0, JSONW_KEY_MAX);
	if (n + 4 > JSONW_KEY_MAX)
		return 0;
	out[0] = '"';
	memcpy(out + 1, name, n);
	memcpy(out + 1 + n, "\":\"", 3);
	return n + 4;
}

void
jsonw_member_keyed(struct jsonw *w, const char key[JSONW_KEY_MAX], size_t len, const char *s)
{
	char *o;

	jsonw_room(w, 1 + JSONW_KEY_MAX + 10);
	o = w->p + w->len;
	*o = ',';
	o += w->sep;
	memcpy(o, key, JSONW_KEY_MAX);	/* whole: a fixed size, a few moves */
	jsonw_string_from(w, o + len, s, false);
	w->sep = true;
}

void
jsonw_pad(struct jsonw *w, size_t n)
{
	jsonw_room(w, n);
	memset(w->p + w->len, ' ', n);
	w->len += n;
}

void
jsonw_raw(struct jsonw *w, const char *s, size_t n)
{
	jsonw_lead(w);
	jsonw_add(w, s, n);
	w->sep = true;
}

/* A number exactly as cJSON writes it: a whole number of at most 15 digits (cJSON's "%d",
 * or its "%1.15g": the same digits; from 1e15 on, "%1.15g" may give "1e+15") written here,
 * any other by cJSON's own printer on the one node. */
static bool
jsonw_number(struct jsonw *w, const cJSON *v)
{
	char num[64];
	double d = v->valuedouble;

	if (d > -1e15 && d < 1e15 && d == (double)(long long)d &&
	    !(d == 0 && signbit(d))) {
		jsonw_add(w, num, util_i64_dec((long long)d, num));
		return true;
	}
	if (!cJSON_PrintPreallocated((cJSON *)(uintptr_t)v, num, sizeof num, false))
		return false;
	jsonw_add(w, num, strlen(num));
	return true;
}

static bool
jsonw_tree(struct jsonw *w, const cJSON *v)
{
	const cJSON *c;

	switch (v->type & 0xFF) {
	case cJSON_NULL:	jsonw_add(w, "null", 4); return true;
	case cJSON_False:	jsonw_add(w, "false", 5); return true;
	case cJSON_True:	jsonw_add(w, "true", 4); return true;
	case cJSON_Number:	return jsonw_number(w, v);
	case cJSON_String:	jsonw_string_at(w, v->valuestring, 0, false); return true;
	case cJSON_Raw:
		if (v->valuestring == NULL)
			return false;
		jsonw_add(w, v->valuestring, strlen(v->valuestring));
		return true;
	case cJSON_Array:
	case cJSON_Object:
		jsonw_char(w, cJSON_IsObject(v) ? '{' : '[');
		for (c = v->child; c != NULL; c = c->next) {
			if (cJSON_IsObject(v))
				jsonw_string_at(w, c->string, c != v->child ? ',' : 0, true);
			else if (c != v->child)
				jsonw_char(w, ',');
			if (!jsonw_tree(w, c))
				return false;
		}
		jsonw_char(w, cJSON_IsObject(v) ? '}' : ']');
		return true;
	default:
		return false;
	}
}

bool
jsonw_value(struct jsonw *w, const cJSON *v)
{
	jsonw_lead(w);
	w->sep = true;
	return v != NULL && jsonw_tree(w, v);
}
