/* interval.c: Zabbix 6.0's time units and update intervals as its parsers read them
 * (CSimpleIntervalParser, CUpdateIntervalParser with its flexible and scheduling intervals). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

/* A user macro at s ("{$NAME}", "{$NAME:context}"): its length, 0 when none. */
static size_t
ivl_macro_len(const char *s)
{
	const char *end;

	if (s[0] != '{' || s[1] != '$' || (end = strchr(s, '}')) == NULL || end == s + 2)
		return 0;
	return (size_t)(end - s) + 1;
}

/* A simple interval ("0", "30s", "5m": no leading zero) or a user macro: its length. */
static size_t
ivl_simple_len(const char *s, uint64_t *sec, bool *macro)
{
	size_t n = ivl_macro_len(s);
	char buf[32];

	*macro = n > 0;
	*sec = 0;
	if (n > 0)
		return n;
	while (isdigit((unsigned char)s[n]))
		n++;
	if (n == 0 || (s[0] == '0' && n > 1) || n > 20)
		return 0;
	if (s[n] != '\0' && strchr("smhdw", s[n]) != NULL)
		n++;
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	return util_time_unit_parse(buf, sec) == 0 ? n : 0;
}

/* "N" of at most `digits` digits: its length. */
static size_t
ivl_num_len(const char *s, int digits, unsigned *v)
{
	size_t n = 0;

	*v = 0;
	while (isdigit((unsigned char)s[n]) && (int)n < digits)
		*v = *v * 10 + (unsigned)(s[n++] - '0');
	return n;
}

/* One filter of a scheduling interval after its prefix: from[-to][/step] items, "," between. */
static size_t
ivl_sched_filter(const char *s, unsigned min, unsigned max)
{
	int digits = max >= 10 ? 2 : 1;
	size_t p = 0;
	bool first = true;

	for (;;) {
		size_t len = 0, d = first ? 0 : 1, n;
		unsigned from = min, to = max, v, step;

		if ((first || s[p] == ',') && (n = ivl_num_len(s + p + d, digits, &v)) > 0) {
			from = to = v;
			len = d + n;
			if (s[p + len] == '-' && (n = ivl_num_len(s + p + len + 1, digits, &v)) > 0) {
				to = v;
				len += 1 + n;
			}
			if (from < min || to > max || from > to)
				break;
			d = 0;
		}
		if ((len > 0 || first || s[p] == ',') && s[p + len + d] == '/' &&
		    (n = ivl_num_len(s + p + len + d + 1, digits, &step)) > 0 && step >= 1 &&
		    step <= to - from)
			len += d + 1 + n;
		if (len == 0)
			break;
		p += len;
		first = false;
	}
	return p;
}

/* A scheduling interval: md, wd, h, m and s filters in that order: its length. */
static size_t
ivl_sched_len(const char *s)
{
	static const struct { const char *prefix; unsigned min, max; } f[] = {
		{ "md", 1, 31 }, { "wd", 1, 7 }, { "h", 0, 23 }, { "m", 0, 59 }, { "s", 0, 59 },
	};
	size_t p = ivl_macro_len(s), n;
	size_t next = 0;

	if (p > 0)
		return p;
	while (s[p] != '\0') {
		size_t i;

		for (i = next; i < sizeof f / sizeof f[0]; i++) {
			size_t plen = strlen(f[i].prefix);

			if (strncmp(s + p, f[i].prefix, plen) == 0 &&
			    (n = ivl_sched_filter(s + p + plen, f[i].min, f[i].max)) > 0) {
				p += plen + n;
				next = i + 1;
				break;
			}
		}
		if (i == sizeof f / sizeof f[0])
			break;
	}
	return p;
}

/* The period of a flexible interval: "d[-d],hh:mm-hh:mm" (or a user macro): its length. */
static size_t
ivl_period_len(const char *s)
{
	unsigned d1, d2, h1, m1, h2, m2;
	size_t p = ivl_macro_len(s), n;

	if (p > 0)
		return p;
	if ((n = ivl_num_len(s, 1, &d1)) == 0)
		return 0;
	p = n, d2 = d1;
	if (s[p] == '-' && (n = ivl_num_len(s + p + 1, 1, &d2)) > 0)
		p += 1 + n;
	if (d1 < 1 || d2 > 7 || d1 > d2 || s[p++] != ',')
		return 0;
	if ((n = ivl_num_len(s + p, 2, &h1)) == 0 || s[p + n] != ':' ||
	    ivl_num_len(s + p + n + 1, 2, &m1) != 2)
		return 0;
	p += n + 3;
	if (s[p++] != '-' || (n = ivl_num_len(s + p, 2, &h2)) == 0 || s[p + n] != ':' ||
	    ivl_num_len(s + p + n + 1, 2, &m2) != 2)
		return 0;
	p += n + 3;
	if (m1 > 59 || m2 > 59 || h1 * 60 + m1 >= h2 * 60 + m2 || h2 * 60 + m2 > 24 * 60)
		return 0;
	return p;
}

int
interval_time_unit(const char *s, uint64_t *sec)
{
	bool macro;
	size_t n = ivl_simple_len(s, sec, &macro);

	return n > 0 && !macro && s[n] == '\0' ? 0 : -1;
}

int
interval_delay_parse(const char *s, struct interval_delay *out)
{
	uint64_t isec;
	bool imacro;
	size_t p = ivl_simple_len(s, &out->sec, &out->macro), n;

	out->intervals = out->scheduling = out->flexible_nonzero = false;
	if (p > 0 && s[p] == ';')
		while (s[p] == ';') {
			const char *iv = s + ++p;

			out->intervals = true;
			if ((n = ivl_simple_len(iv, &isec, &imacro)) > 0 && iv[n] == '/' &&
			    (p += n + 1, n = ivl_period_len(s + p)) > 0) {
				out->flexible_nonzero |= isec > 0 || imacro || s[p] == '{';
				p += n;
			} else if ((n = ivl_sched_len(iv)) > 0) {
				out->scheduling = true;
				p = (size_t)(iv - s) + n;
			} else
				return -1;
		}
	return p > 0 && s[p] == '\0' ? 0 : -1;
}
