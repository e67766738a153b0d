/* text.c: UTF-8 checks, hex, constant-time comparison and Zabbix time units. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"

/* Length of the UTF-8 sequence starting at s (at most n bytes), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

bool
util_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		uint64_t w;

		if (n - i >= 8) {	/* eight ASCII bytes at once */
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080u) == 0) {
				i += 8;
				continue;
			}
		}
		if ((len = utf8_seq(p + i, n - i)) == 0)
			return false;
		i += len;
	}
	return true;
}

/* Number of code points in a valid UTF-8 string. */
size_t
util_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
util_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

bool
util_ct_equal(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}

bool
util_is_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool
util_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* Parse a Zabbix time unit ("30", "15m", "1h", "1d", "1w") into seconds. */
int
util_time_unit_parse(const char *s, uint64_t *out)
{
	static const struct { char suffix; uint64_t mult; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
	};
	size_t len = strlen(s);
	uint64_t mult = 1, v;
	char digits[32];

	if (len == 0 || len >= sizeof digits)
		return -1;
	memcpy(digits, s, len + 1);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (digits[len - 1] == units[i].suffix) {
			mult = units[i].mult;
			digits[--len] = '\0';
			break;
		}
	}
	if (!util_parse_u64(digits, &v) || v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

size_t
util_u64_dec(uint64_t v, char buf[21])
{
	char tmp[20];	/* UINT64_MAX has 20 digits */
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

size_t
util_i64_dec(long long v, char buf[22])
{
	if (v >= 0)
		return util_u64_dec((uint64_t)v, buf);
	buf[0] = '-';
	return 1 + util_u64_dec((uint64_t)0 - (uint64_t)v, buf + 1);
}
