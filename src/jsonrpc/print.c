/* print.c: a reply's tree written as compact JSON text in one pass into one growing buffer,
 * byte for byte what cJSON_PrintUnformatted writes, with a kept NUL (C0 80) as "\u0000". */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/util.h"

#define PRINT_FIRST	1024	/* the buffer's first size; it doubles as needed */

struct print_buf {
	char	*p;
	size_t	 len, cap;
};

static void
print_room(struct print_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap *= 2;
	b->p = xrealloc(b->p, b->cap);
}

static void
print_add(struct print_buf *b, const char *s, size_t n)
{
	print_room(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
print_char(struct print_buf *b, char c)
{
	print_room(b, 1);
	b->p[b->len++] = c;
}

/* What a byte of a string becomes: 0 as it is, 1 a two-character escape (its letter in
 * print_esc_letter), 2 \u00XX, 3 C0: a kept NUL when 80 follows, else as it is. */
static const unsigned char print_esc[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['"'] = 1, ['\\'] = 1, [0xC0] = 3,
};
static const char print_esc_letter[128] = {
	['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
	['"'] = '"', ['\\'] = '\\',
};

/* True when none of the word's eight bytes needs print_esc: none below 0x20, none '"',
 * '\\' or C0 (the exact any-byte tests of "Bit Twiddling Hacks", eight bytes at once). */
static inline bool
print_word_plain(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\'), c0 = w ^ (ones * 0xC0);

	return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs) |
	    ((c0 - ones) & ~c0)) & high) == 0;
}

/* A string as cJSON escapes it: '"', '\\' and the control characters (\b \f \n \r \t by
 * name, the others as \u00XX); every other byte as it is, but C0 80, a kept NUL. Room for
 * the worst case (every byte six) is made once, then bytes are written without checks:
 * runs of eight plain bytes are copied whole, the others looked at one by one. lead is
 * written before the opening quote (',' between members, or 0), and ':' after the closing
 * one when key is set. */
static void
print_string_at(struct print_buf *b, const char *str, char lead, bool key)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)(str != NULL ? str : "");
	size_t n = strlen((const char *)s);
	const unsigned char *end = s + n;
	char *o;

	print_room(b, n * 6 + 4);
	o = b->p + b->len;
	if (lead != 0)
		*o++ = lead;
	*o++ = '"';
	while (s < end) {
		const unsigned char *stop;

		for (uint64_t w; end - s >= 8; s += 8, o += 8) {
			memcpy(&w, s, 8);
			if (!print_word_plain(w))
				break;
			memcpy(o, &w, 8);
		}
		stop = end - s >= 8 ? s + 8 : end;
		for (; s < stop; s++) {
			unsigned char c = *s;

			if (print_esc[c] == 0) {	/* the common case, without the switch */
				*o++ = (char)c;
				continue;
			}
			switch (print_esc[c]) {
			case 1:
				*o++ = '\\';
				*o++ = print_esc_letter[c];
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
	b->len = (size_t)(o - b->p);
}

static void
print_string(struct print_buf *b, const char *str)
{
	print_string_at(b, str, 0, false);
}

/* A number exactly as cJSON writes it (its own printer, on the one node). */
static bool
print_number(struct print_buf *b, const cJSON *v)
{
	char num[64];

	if (!cJSON_PrintPreallocated((cJSON *)(uintptr_t)v, num, sizeof num, false))
		return false;
	print_add(b, num, strlen(num));
	return true;
}

static bool
print_value(struct print_buf *b, const cJSON *v)
{
	const cJSON *c;

	switch (v->type & 0xFF) {
	case cJSON_NULL:	print_add(b, "null", 4); return true;
	case cJSON_False:	print_add(b, "false", 5); return true;
	case cJSON_True:	print_add(b, "true", 4); return true;
	case cJSON_Number:	return print_number(b, v);
	case cJSON_String:	print_string(b, v->valuestring); return true;
	case cJSON_Raw:
		if (v->valuestring == NULL)
			return false;
		print_add(b, v->valuestring, strlen(v->valuestring));
		return true;
	case cJSON_Array:
	case cJSON_Object:
		print_char(b, cJSON_IsObject(v) ? '{' : '[');
		for (c = v->child; c != NULL; c = c->next) {
			if (cJSON_IsObject(v))
				print_string_at(b, c->string, c != v->child ? ',' : 0, true);
			else if (c != v->child)
				print_char(b, ',');
			if (!print_value(b, c))
				return false;
		}
		print_char(b, cJSON_IsObject(v) ? '}' : ']');
		return true;
	default:
		return false;
	}
}

char *
jsonrpc_print(const cJSON *doc, size_t *len)
{
	struct print_buf b = { xmalloc(PRINT_FIRST), 0, PRINT_FIRST };

	if (doc == NULL || !print_value(&b, doc)) {
		log_error("jsonrpc: cannot print a reply");
		abort();
	}
	b.p[b.len] = '\0';
	*len = b.len;
	return b.p;
}
