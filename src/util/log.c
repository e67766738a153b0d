/* log.c: leveled log lines to stderr, one line per event, with control characters escaped. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tmpld/util.h"

#define LOG_MESSAGE_MAX	2048			/* a message longer than this is cut */
#define LOG_ESCAPED_MAX	(4 * LOG_MESSAGE_MAX + 4)	/* every byte as \xNN, and "..." */

static atomic_int log_current = LOG_INFO;	/* changed live by a reload (SIGHUP) */
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

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char stamp[32], line[LOG_MESSAGE_MAX], escaped[LOG_ESCAPED_MAX];
	struct tm tm;
	time_t now;
	va_list ap;

	if (!log_enabled(level))
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_escape(escaped, sizeof escaped, line);
	fprintf(stderr, "%s tmpld[%ld] %s: %s\n", stamp, (long)getpid(),
	    log_names[level], escaped);
}
