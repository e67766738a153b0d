/* natcmp.c: PHP's strnatcasecmp(), the natural, case-insensitive order of Zabbix's exports. */
#include "tmpld/util.h"

static bool
nat_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
nat_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static unsigned char
nat_upper(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

/* Runs of digits of equal weight: the longer run is larger, else the first difference. */
static int
nat_right(const unsigned char **pa, const unsigned char **pb)
{
	const unsigned char *a = *pa, *b = *pb;
	int bias = 0;

	for (;; a++, b++) {
		bool da = nat_digit(*a), db = nat_digit(*b);

		if (!da && !db)
			break;
		if (!da) {
			bias = -1;
			goto out;
		}
		if (!db) {
			bias = 1;
			goto out;
		}
		if (*a < *b && bias == 0)
			bias = -1;
		else if (*a > *b && bias == 0)
			bias = 1;
	}
out:
	*pa = a, *pb = b;
	return bias;
}

/* "Fractional" runs (one starts with '0'): compared digit by digit, left aligned. */
static int
nat_left(const unsigned char **pa, const unsigned char **pb)
{
	const unsigned char *a = *pa, *b = *pb;
	int r = 0;

	for (;; a++, b++) {
		bool da = nat_digit(*a), db = nat_digit(*b);

		if (!da && !db)
			break;
		if (!da || (db && *a < *b)) {
			r = -1;
			break;
		}
		if (!db || *a > *b) {
			r = 1;
			break;
		}
	}
	*pa = a, *pb = b;
	return r;
}

int
util_strnatcasecmp(const char *sa, const char *sb)
{
	const unsigned char *a = (const unsigned char *)sa, *b = (const unsigned char *)sb;

	if (*a == '\0' || *b == '\0')
		return (*a != '\0') - (*b != '\0');
	/* leading zeros of the whole string are skipped (not the last digit) */
	while (a[0] == '0' && nat_digit(a[1]))
		a++;
	while (b[0] == '0' && nat_digit(b[1]))
		b++;
	for (;;) {
		unsigned char ca, cb;

		while (nat_space(*a))
			a++;
		while (nat_space(*b))
			b++;
		if (nat_digit(*a) && nat_digit(*b)) {
			int r = (*a == '0' || *b == '0') ? nat_left(&a, &b) : nat_right(&a, &b);

			if (r != 0)
				return r;
			if (*a == '\0' && *b == '\0')
				return 0;
			if (*a == '\0')
				return -1;
			if (*b == '\0')
				return 1;
			continue;
		}
		ca = nat_upper(*a), cb = nat_upper(*b);
		if (ca < cb)
			return -1;
		if (ca > cb)
			return 1;
		if (ca == '\0')
			return 0;	/* both ended in whitespace */
		a++, b++;
		if (*a == '\0' && *b == '\0')
			return 0;
		if (*a == '\0')
			return -1;
		if (*b == '\0')
			return 1;
	}
}
