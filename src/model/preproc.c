/* preproc.c: an item's preprocessing steps, their encoding, and Zabbix 6.0's checks of them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define PREPROC_RECORD_VERSION	1
#define PREPROC_MAX_TIMESHIFT	788400000ULL	/* Zabbix's ZBX_MAX_TIMESHIFT, seconds */

void
preproc_list_add(struct preproc_list *l, const char *type, const char *params,
    const char *handler, const char *handler_params)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->s = xrealloc(l->s, l->cap * sizeof *l->s);
	}
	l->s[l->n].type = xstrdup(type);
	l->s[l->n].params = xstrdup(params);
	l->s[l->n].error_handler = xstrdup(handler);
	l->s[l->n].error_handler_params = xstrdup(handler_params);
	l->n++;
}

void
preproc_list_free(struct preproc_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->s[i].type);
		free(l->s[i].params);
		free(l->s[i].error_handler);
		free(l->s[i].error_handler_params);
	}
	free(l->s);
	memset(l, 0, sizeof *l);
}

void
preproc_list_copy(struct preproc_list *dst, const struct preproc_list *src)
{
	struct preproc_list tmp = { 0 };

	for (size_t i = 0; i < src->n; i++)
		preproc_list_add(&tmp, src->s[i].type, src->s[i].params, src->s[i].error_handler,
		    src->s[i].error_handler_params);
	preproc_list_free(dst);
	*dst = tmp;
}

bool
preproc_list_equal(const struct preproc_list *a, const struct preproc_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->s[i].type, b->s[i].type) != 0 ||
		    strcmp(a->s[i].params, b->s[i].params) != 0 ||
		    strcmp(a->s[i].error_handler, b->s[i].error_handler) != 0 ||
		    strcmp(a->s[i].error_handler_params, b->s[i].error_handler_params) != 0)
			return false;
	return true;
}

void
preproc_list_encode(const struct preproc_list *l, struct codec_buf *b)
{
	codec_put_u8(b, PREPROC_RECORD_VERSION);
	codec_put_u32(b, (uint32_t)l->n);
	for (size_t i = 0; i < l->n; i++) {
		codec_put_str(b, l->s[i].type);
		codec_put_str(b, l->s[i].params);
		codec_put_str(b, l->s[i].error_handler);
		codec_put_str(b, l->s[i].error_handler_params);
	}
}

int
preproc_list_decode(const void *data, size_t len, struct preproc_list *l)
{
	struct codec_reader r;
	uint32_t n;

	memset(l, 0, sizeof *l);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != PREPROC_RECORD_VERSION)
		r.bad = true;
	n = codec_get_u32(&r);
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		char *v[4];

		for (int k = 0; k < 4; k++)
			v[k] = codec_get_str(&r);
		if (!r.bad)
			preproc_list_add(l, v[0], v[1], v[2], v[3]);
		for (int k = 0; k < 4; k++)
			free(v[k]);
	}
	if (r.bad) {
		preproc_list_free(l);
		return -1;
	}
	return 0;
}

/* ---- checks ---- */

/* PHP's is_numeric: optional leading white space, a sign, digits with an optional fraction
 * (or a fraction alone), an optional exponent, optional trailing white space. */
static bool
preproc_numeric(const char *s)
{
	bool digits = false;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		s++;
	if (*s == '+' || *s == '-')
		s++;
	while (isdigit((unsigned char)*s))
		s++, digits = true;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++, digits = true;
	}
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		s++;
	return *s == '\0';
}

static bool
preproc_user_macro(const char *s)
{
	char *cause = NULL;
	int rc = macro_parse(s, NULL, &cause);

	free(cause);
	return rc == 0;
}

/* An item prototype's steps may hold LLD macros where a number goes (Zabbix's
 * API_ALLOW_LLD_MACRO): set by preproc_list_check_lld for its one check. */
static _Thread_local bool preproc_lld;

/* An LLD macro "{#NAME}" somewhere in s. */
bool
preproc_has_lld_macro(const char *s)
{
	for (const char *p = strstr(s, "{#"); p != NULL; p = strstr(p + 1, "{#")) {
		const char *end = strchr(p, '}');

		if (end != NULL) {
			char *m = xasprintf("%.*s", (int)(end - p + 1), p);
			bool ok = lld_macro_valid(m);

			free(m);
			if (ok)
				return true;
		}
	}
	return false;
}

/* A user macro somewhere in s (Zabbix's multiplier accepts any text holding one; a
 * prototype's an LLD macro too). */
static bool
preproc_has_macro(const char *s)
{
	if (preproc_lld && preproc_has_lld_macro(s))
		return true;
	for (const char *p = strstr(s, "{$"); p != NULL; p = strstr(p + 1, "{$")) {
		const char *end = strchr(p, '}');

		if (end != NULL) {
			char *m = xasprintf("%.*s", (int)(end - p + 1), p);
			bool ok = preproc_user_macro(m);

			free(m);
			if (ok)
				return true;
		}
	}
	return false;
}

/* The n-th (0-based) "\n"-separated part of s, heap; NULL when s has fewer parts. */
static char *
preproc_part(const char *s, int n)
{
	for (; n > 0; n--) {
		if ((s = strchr(s, '\n')) == NULL)
			return NULL;
		s++;
	}
	return xasprintf("%.*s", (int)strcspn(s, "\n"), s);
}

static size_t
preproc_parts(const char *s)
{
	size_t n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

#define PP_FAIL(...)	return xasprintf(__VA_ARGS__)
#define PP_PARAMS(t)	PP_FAIL("Incorrect value for field \"params\": %s.", t)

static char *
preproc_check_range(const char *p)
{
	char *a = preproc_part(p, 0), *b = preproc_part(p, 1), *r = NULL;
	bool blank = true;

	for (const char *c = p; *c != '\0'; c++)
		if (strchr(" \t\n\r\v", *c) == NULL)
			blank = false;
	if (b == NULL)
		b = xstrdup("");
	if (blank)
		r = xstrdup("Incorrect value for field \"params\": cannot be empty.");
	else if ((a[0] != '\0' && !preproc_numeric(a) && !preproc_user_macro(a) &&
	    !(preproc_lld && lld_macro_valid(a))) ||
	    (b[0] != '\0' && !preproc_numeric(b) && !preproc_user_macro(b) &&
	    !(preproc_lld && lld_macro_valid(b))))
		r = xstrdup("Incorrect value for field \"params\": a numeric value is expected.");
	else if (preproc_numeric(a) && preproc_numeric(b) && strtod(a, NULL) > strtod(b, NULL))
		r = xstrdup("Incorrect value for field \"params\": \"min\" value must be less than "
		    "or equal to \"max\" value.");
	free(a);
	free(b);
	return r;
}

static char *
preproc_check_prometheus(const char *p)
{
	char *v = preproc_part(p, 1), *o = preproc_part(p, 2), *r = NULL;

	if (p[0] == '\0')
		r = xstrdup("Incorrect value for field \"params\": cannot be empty.");
	else if (p[0] == '\n')
		r = xstrdup("Incorrect value for field \"params\": first parameter is expected.");
	else if (v == NULL)
		r = xstrdup("Incorrect value for field \"params\": second parameter is expected.");
	else if (o == NULL && (strcmp(v, "label") == 0 || strcmp(v, "function") == 0))
		r = xstrdup("Incorrect value for field \"params\": third parameter is expected.");
	else if (strcmp(v, "value") != 0 && strcmp(v, "label") != 0 && strcmp(v, "function") != 0)
		r = xstrdup("Incorrect value for field \"params\": invalid aggregation method.");
	else if (strcmp(v, "value") == 0 && o != NULL && o[0] != '\0')
		r = xstrdup("Incorrect value for field \"params\": invalid Prometheus output.");
	else if (strcmp(v, "label") == 0 && o[0] == '\0')
		r = xstrdup("Incorrect value for field \"params\": invalid Prometheus output.");
	else if (strcmp(v, "function") == 0 && strcmp(o, "sum") != 0 && strcmp(o, "min") != 0 &&
	    strcmp(o, "max") != 0 && strcmp(o, "avg") != 0 && strcmp(o, "count") != 0)
		r = xstrdup("Incorrect value for field \"params\": unsupported Prometheus "
		    "function.");
	free(v);
	free(o);
	return r;
}

static char *
preproc_check_csv(const char *p)
{
	size_t n = preproc_parts(p);
	char *a, *b, *c, *r = NULL;

	if (p[0] == '\0')
		PP_PARAMS("cannot be empty");
	if (n > 3)
		PP_FAIL("Incorrect arguments passed to function.");
	if (n == 1)
		PP_PARAMS("second parameter is expected");
	if (n == 2)
		PP_PARAMS("third parameter is expected");
	a = preproc_part(p, 0), b = preproc_part(p, 1), c = preproc_part(p, 2);
	if (util_utf8_len(a) > 1)
		r = xstrdup("Incorrect value for field \"params\": value of first parameter is too "
		    "long.");
	else if (util_utf8_len(b) > 1)
		r = xstrdup("Incorrect value for field \"params\": value of second parameter is too "
		    "long.");
	else if (strcmp(c, "0") != 0 && strcmp(c, "1") != 0)
		r = xstrdup("Incorrect value for field \"params\": value of third parameter must be "
		    "one of 0, 1.");
	free(a);
	free(b);
	free(c);
	return r;
}

static char *
preproc_check_timed(const char *p)
{
	uint64_t v;

	if (p[0] == '\0')
		PP_FAIL("Invalid parameter \"params\": cannot be empty.");
	if (preproc_user_macro(p))
		return NULL;
	if (util_time_unit_parse(p, &v) != 0)
		PP_FAIL("Invalid parameter \"params\": a time unit is expected.");
	if (v < 1 || v > PREPROC_MAX_TIMESHIFT)
		PP_FAIL("Invalid parameter \"params\": value must be one of 1-%llu.",
		    (unsigned long long)PREPROC_MAX_TIMESHIFT);
	return NULL;
}

/* The step's params, by its type (1..27). */
static char *
preproc_check_params(int type, const char *p)
{
	switch (type) {
	case 1:		/* MULTIPLIER */
		if (p[0] == '\0')
			PP_PARAMS("cannot be empty");
		if (!preproc_numeric(p) && !preproc_has_macro(p))
			PP_PARAMS("a numeric value is expected");
		return NULL;
	case 2: case 3: case 4: case 11: case 12: case 14: case 15: case 16: case 17: case 21:
		if (p[0] == '\0')
			PP_PARAMS("cannot be empty");
		return NULL;
	case 5: case 18: case 25: {	/* REGSUB, ERROR_FIELD_REGEX, STR_REPLACE */
		char *second = preproc_part(p, 1);
		bool missing = second == NULL || second[0] == '\0';

		free(second);
		if (p[0] == '\0')
			PP_PARAMS("cannot be empty");
		if (p[0] == '\n')
			PP_PARAMS("first parameter is expected");
		if (type != 25 && missing)
			PP_PARAMS("second parameter is expected");
		return NULL;
	}
	case 13:
		return preproc_check_range(p);
	case 6: case 7: case 8: case 9: case 10: case 19: case 26: case 27:
		if (p[0] != '\0')
			PP_PARAMS("should be empty");
		return NULL;
	case 20:
		return preproc_check_timed(p);
	case 22:
		return preproc_check_prometheus(p);
	case 23:
		return NULL;	/* a pattern, or empty */
	case 24:
		return preproc_check_csv(p);
	default:
		return NULL;
	}
}

static char *
preproc_check_handler(int type, const struct preproc_step *s)
{
	const char *h = s->error_handler, *hp = s->error_handler_params;
	bool none = type == 2 || type == 3 || type == 4 || type == 19 || type == 20 ||
	    type == 21 || type == 25;
	bool known = strcmp(h, "0") == 0 || strcmp(h, "1") == 0 || strcmp(h, "2") == 0 ||
	    strcmp(h, "3") == 0;

	if ((none && strcmp(h, "0") != 0) || !known ||
	    (type == PREPROC_NOT_SUPPORTED && strcmp(h, "0") == 0))
		PP_FAIL("Incorrect value for field \"error_handler\": unexpected value \"%s\".", h);
	if ((none || strcmp(h, "0") == 0 || strcmp(h, "1") == 0) && hp[0] != '\0')
		PP_FAIL("Incorrect value for field \"error_handler_params\": should be empty.");
	if (strcmp(h, "3") == 0 && hp[0] == '\0')
		PP_FAIL("Incorrect value for field \"error_handler_params\": cannot be empty.");
	return NULL;
}

static int
preproc_type_of(const char *t)
{
	char *end;
	long v;

	if (t[0] < '0' || t[0] > '9')
		return -1;
	v = strtol(t, &end, 10);
	return *end == '\0' && v >= 1 && v <= PREPROC_TYPE_MAX ? (int)v : -1;
}

char *
preproc_list_check_lld(struct preproc_list *l, bool lld)
{
	char *r;

	preproc_lld = lld;
	r = preproc_list_check(l);
	preproc_lld = false;
	return r;
}

char *
preproc_list_check(struct preproc_list *l)
{
	bool delta = false, throttle = false, prom = false;
	size_t unsupported = 0, at = 0;
	char *r;

	for (size_t i = 0; i < l->n; i++)
		unsupported += preproc_type_of(l->s[i].type) == PREPROC_NOT_SUPPORTED;
	for (size_t i = 0; i < l->n; i++) {
		struct preproc_step *s = &l->s[i];
		int type = preproc_type_of(s->type);

		if (s->type[0] == '\0')
			PP_FAIL("Incorrect value for field \"type\": cannot be empty.");
		if (type < 0)
			PP_FAIL("Incorrect value for field \"type\": unexpected value \"%s\".",
			    s->type);
		/* Zabbix reads "\r\n" as "\n" in params */
		for (char *p = s->params, *q = s->params;; p++) {
			if (p[0] == '\r' && p[1] == '\n')
				continue;
			if ((*q++ = *p) == '\0')
				break;
		}
		if (type == 22 || type == 23) {
			if (prom)
				PP_FAIL("Only one Prometheus step is allowed.");
			prom = true;
		}
		if ((r = preproc_check_params(type, s->params)) != NULL)
			return r;
		if (type == 9 || type == 10) {
			if (delta)
				PP_FAIL("Only one change step is allowed.");
			delta = true;
		}
		if (type == 19 || type == 20) {
			if (throttle)
				PP_FAIL("Only one throttling step is allowed.");
			throttle = true;
		}
		if (type == PREPROC_NOT_SUPPORTED && unsupported > 1)
			PP_FAIL("Only one not supported value check is allowed.");
		if ((r = preproc_check_handler(type, s)) != NULL)
			return r;
	}
	/* the not-supported check goes first */
	for (size_t i = 0; i < l->n; i++)
		if (preproc_type_of(l->s[i].type) == PREPROC_NOT_SUPPORTED) {
			at = i;
			if (at > 0) {
				struct preproc_step s = l->s[at];

				memmove(&l->s[1], &l->s[0], at * sizeof *l->s);
				l->s[0] = s;
			}
			break;
		}
	return NULL;
}

static const char *const preproc_type_names[PREPROC_TYPE_MAX + 1] = {
	NULL, "MULTIPLIER", "RTRIM", "LTRIM", "TRIM", "REGEX", "BOOL_TO_DECIMAL",
	"OCTAL_TO_DECIMAL", "HEX_TO_DECIMAL", "SIMPLE_CHANGE", "CHANGE_PER_SECOND", "XMLPATH",
	"JSONPATH", "IN_RANGE", "MATCHES_REGEX", "NOT_MATCHES_REGEX", "CHECK_JSON_ERROR",
	"CHECK_XML_ERROR", "CHECK_REGEX_ERROR", "DISCARD_UNCHANGED", "DISCARD_UNCHANGED_HEARTBEAT",
	"JAVASCRIPT", "PROMETHEUS_PATTERN", "PROMETHEUS_TO_JSON", "CSV_TO_JSON", "STR_REPLACE",
	"CHECK_NOT_SUPPORTED", "XML_TO_JSON",
};

const char *
preproc_type_name(const char *t)
{
	int type = preproc_type_of(t);

	return type < 0 ? NULL : preproc_type_names[type];
}

const char *
preproc_handler_name(const char *h)
{
	static const char *const names[] = { "ORIGINAL_ERROR", "DISCARD_VALUE", "CUSTOM_VALUE",
		"CUSTOM_ERROR" };

	return h[0] >= '0' && h[0] <= '3' && h[1] == '\0' ? names[h[0] - '0'] : NULL;
}
