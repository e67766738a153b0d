/* log.c: leveled log lines to stderr, one line per event, as text or as JSON objects, with
 * control characters escaped. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tmpld/util.h"

#define LOG_MESSAGE_MAX	2048			/* a message longer than this is cut */
#define LOG_ESCAPED_MAX	(6 * LOG_MESSAGE_MAX + 4)	/* every byte as \u00NN, and "..." */
#define LOG_FIELD_MAX	512			/* an escaped field value is cut here */
#define LOG_FIELDS_MAX	16			/* fields of one line */

static atomic_int log_current = LOG_INFO;	/* changed live by a reload (SIGHUP) */
static enum log_format log_format_current = LOG_TEXT;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

void
log_set_level(enum log_level level)
{
	atomic_store_explicit(&log_current, (int)level, memory_order_relaxed);
}

bool
log_enabled(enum log_level level)
{
	return (int)level <= atomic_load_explicit(&log_current, memory_order_relaxed);
}

const char *
log_level_name(enum log_level level)
{
	return (size_t)level < sizeof log_names / sizeof log_names[0] ? log_names[level] : "?";
}

void
log_set_format(enum log_format f)
{
	log_format_current = f;
}

int
log_format_parse(const char *s, enum log_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = LOG_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = LOG_JSON;
	else
		return -1;
	return 0;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

/* Length of the well-formed UTF-8 sequence at s (1 to 4 bytes, no overlong form, no
 * surrogate, at most U+10FFFF) that is not a C1 control or a line or paragraph separator;
 * 0 if the bytes there must be escaped. s[0] >= 0x80. */
static size_t
log_utf8_printable(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1fu;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0fu;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the terminating NUL */
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029)
		return 0;
	return n;
}

size_t
log_escape(char *dst, size_t dstlen, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0, n, w;

	if (dstlen == 0)
		return 0;
	while (*s != '\0') {
		if (*s >= 0x20 && *s < 0x7f && *s != '\\')
			n = w = 1;
		else if (*s >= 0x80 && (n = log_utf8_printable(s)) > 0)
			w = n;
		else
			n = 1, w = *s == '\\' ? 2 : 4;	/* \\ or \xNN */
		/* room for this piece, and then for "..." if more follows, and the NUL */
		if (o + w + (s[n] != '\0' ? 3 : 0) + 1 > dstlen) {
			if (o + 4 <= dstlen) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (w == n)
			memcpy(dst + o, s, n);
		else if (w == 2)
			memcpy(dst + o, "\\\\", 2);
		else {
			dst[o] = '\\';
			dst[o + 1] = 'x';
			dst[o + 2] = hex[*s >> 4];
			dst[o + 3] = hex[*s & 0xf];
		}
		o += w;
		s += n;
	}
	dst[o] = '\0';
	return o;
}

size_t
log_json_escape(char *dst, size_t dstlen, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	char piece[8];
	size_t o = 0, n, w;

	if (dstlen == 0)
		return 0;
	while (*s != '\0') {
		n = 1;
		if (*s == '"' || *s == '\\')
			piece[0] = '\\', piece[1] = (char)*s, w = 2;
		else if (*s == '\n')
			memcpy(piece, "\\n", 2), w = 2;
		else if (*s == '\t')
			memcpy(piece, "\\t", 2), w = 2;
		else if (*s == '\r')
			memcpy(piece, "\\r", 2), w = 2;
		else if (*s >= 0x20 && *s < 0x7f)
			piece[0] = (char)*s, w = 1;
		else if (*s >= 0x80 && (n = log_utf8_printable(s)) > 0)
			w = n;		/* copied from s below */
		else {
			n = 1;
			memcpy(piece, "\\u00", 4);
			piece[4] = hex[*s >> 4];
			piece[5] = hex[*s & 0xf];
			w = 6;
		}
		if (o + w + (s[n] != '\0' ? 3 : 0) + 1 > dstlen) {
			if (o + 4 <= dstlen) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(dst + o, *s >= 0x80 && w == n ? (const char *)s : piece, w);
		o += w;
		s += n;
	}
	dst[o] = '\0';
	return o;
}

/* The stamp of a line: seconds in text, milliseconds in JSON. */
static void
log_stamp(char *out, size_t len, bool millis)
{
	struct timeval tv;
	struct tm tm;
	time_t now;
	size_t n;

	gettimeofday(&tv, NULL);
	now = tv.tv_sec;
	gmtime_r(&now, &tm);
	n = strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (millis)
		snprintf(out + n, len - n, ".%03ldZ", (long)(tv.tv_usec / 1000));
	else
		snprintf(out + n, len - n, "Z");
}

/* Appends to line (cap bytes, NUL kept) and returns the new length; cut when full. */
static size_t ATTR_PRINTF(4, 5)
log_append(char *line, size_t cap, size_t o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o + 1 >= cap)
		return o;
	va_start(ap, fmt);
	n = vsnprintf(line + o, cap - o, fmt, ap);
	va_end(ap);
	if (n < 0)
		return o;
	return (size_t)n >= cap - o ? cap - 1 : o + (size_t)n;
}

/* A text field's value: escaped, quoted when it would not read back as one word. */
static size_t
log_text_value(char *line, size_t cap, size_t o, const char *v)
{
	char esc[LOG_FIELD_MAX];
	bool quote;

	log_escape(esc, sizeof esc, v);
	quote = esc[0] == '\0' || strpbrk(esc, " \"=") != NULL;
	if (!quote)
		return log_append(line, cap, o, "%s", esc);
	o = log_append(line, cap, o, "\"");
	for (const char *p = esc; *p != '\0'; p++)
		o = *p == '"' ? log_append(line, cap, o, "\\x22") :
		    log_append(line, cap, o, "%c", *p);
	return log_append(line, cap, o, "\"");
}

static void
log_write(enum log_level level, const char *msg, const struct log_field *f, size_t nf)
{
	char stamp[40], line[LOG_ESCAPED_MAX + LOG_FIELDS_MAX * (LOG_FIELD_MAX + 64) + 128];
	char *esc = NULL;
	size_t o = 0;

	if (nf > LOG_FIELDS_MAX)
		nf = LOG_FIELDS_MAX;
	if (log_format_current == LOG_JSON) {
		esc = xmalloc(LOG_ESCAPED_MAX);
		log_stamp(stamp, sizeof stamp, true);
		log_json_escape(esc, LOG_ESCAPED_MAX, msg);
		o = log_append(line, sizeof line, o, "{\"ts\":\"%s\",\"level\":\"%s\",\"pid\":%ld,"
		    "\"msg\":\"%s\"", stamp, log_names[level], (long)getpid(), esc);
		for (size_t i = 0; i < nf; i++) {
			if (f[i].str == NULL) {
				o = log_append(line, sizeof line, o, ",\"%s\":%llu", f[i].key,
				    (unsigned long long)f[i].num);
				continue;
			}
			log_json_escape(esc, LOG_FIELD_MAX, f[i].str);
			o = log_append(line, sizeof line, o, ",\"%s\":\"%s\"", f[i].key, esc);
		}
		o = log_append(line, sizeof line, o, "}");
	} else {
		esc = xmalloc(LOG_ESCAPED_MAX);
		log_stamp(stamp, sizeof stamp, false);
		log_escape(esc, LOG_ESCAPED_MAX, msg);
		o = log_append(line, sizeof line, o, "%s tmpld[%ld] %s: %s", stamp,
		    (long)getpid(), log_names[level], esc);
		for (size_t i = 0; i < nf; i++) {
			o = log_append(line, sizeof line, o, " %s=", f[i].key);
			if (f[i].str == NULL)
				o = log_append(line, sizeof line, o, "%llu",
				    (unsigned long long)f[i].num);
			else
				o = log_text_value(line, sizeof line, o, f[i].str);
		}
	}
	free(esc);
	fprintf(stderr, "%.*s\n", (int)o, line);
}

void
log_fields(enum log_level level, const char *msg, const struct log_field *f, size_t nf)
{
	if (log_enabled(level))
		log_write(level, msg, f, nf);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_MESSAGE_MAX];
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_write(level, line, NULL, 0);
}
