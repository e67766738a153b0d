/* print.c: a reply's tree written as compact JSON text in one pass into one growing buffer,
 * byte for byte what cJSON_PrintUnformatted writes, with a kept NUL (C0 80) as "\u0000". */
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

/* A string as cJSON escapes it: '"', '\\' and the control characters (\b \f \n \r \t by
 * name, the others as \u00XX); every other byte as it is, but C0 80, a kept NUL. */
static void
print_string(struct print_buf *b, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)(str != NULL ? str : ""), *run;
	char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

	print_char(b, '"');
	for (run = s; *s != '\0'; s++) {
		unsigned char c = *s;

		if (c >= 0x20 && c != '"' && c != '\\' && !(c == 0xC0 && s[1] == 0x80))
			continue;
		print_add(b, (const char *)run, (size_t)(s - run));
		switch (c) {
		case '"':	print_add(b, "\\\"", 2); break;
		case '\\':	print_add(b, "\\\\", 2); break;
		case '\b':	print_add(b, "\\b", 2); break;
		case '\f':	print_add(b, "\\f", 2); break;
		case '\n':	print_add(b, "\\n", 2); break;
		case '\r':	print_add(b, "\\r", 2); break;
		case '\t':	print_add(b, "\\t", 2); break;
		case 0xC0:	print_add(b, "\\u0000", 6); s++; break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			print_add(b, esc, 6);
			break;
		}
		run = s + 1;
	}
	print_add(b, (const char *)run, (size_t)(s - run));
	print_char(b, '"');
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
			if (c != v->child)
				print_char(b, ',');
			if (cJSON_IsObject(v)) {
				print_string(b, c->string);
				print_char(b, ':');
			}
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
