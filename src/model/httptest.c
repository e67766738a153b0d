/* httptest.c: web scenarios (a JSON document per scenario, its steps inside), their web items'
 * keys and names, and Zabbix's checks of their time units, status codes and variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

const struct httptest_field httptest_fields[] = {
	{ "httptestid", NULL }, { "name", "" }, { "nextcheck", "0" }, { "delay", "1m" },
	{ "status", "0" }, { "agent", "Zabbix" }, { "authentication", "0" }, { "http_user", "" },
	{ "http_password", "" }, { "hostid", NULL }, { "templateid", NULL }, { "http_proxy", "" },
	{ "retries", "1" }, { "ssl_cert_file", "" }, { "ssl_key_file", "" },
	{ "ssl_key_password", "" }, { "verify_peer", "0" }, { "verify_host", "0" }, { "uuid", "" },
	{ NULL, NULL },
};

const struct httptest_field httpstep_fields[] = {
	{ "httpstepid", NULL }, { "httptestid", NULL }, { "name", "" }, { "no", "0" },
	{ "url", "" }, { "timeout", "15s" }, { "posts", "" }, { "required", "" },
	{ "status_codes", "" }, { "follow_redirects", "1" }, { "retrieve_mode", "0" },
	{ "post_type", "0" }, { NULL, NULL },
};

/* the lists of a scenario and of a step, kept as [{name, value}] */
const char *const httptest_lists[] = { "headers", "variables", NULL };
const char *const httpstep_lists[] = { "headers", "variables", "query_fields", NULL };

#define HTTPTEST_RECORD_VERSION	1

void
httptest_init(struct httptest *t)
{
	memset(t, 0, sizeof *t);
	t->doc = cJSON_CreateObject();
	for (size_t i = 0; httptest_fields[i].name != NULL; i++)
		if (httptest_fields[i].dflt != NULL)
			cJSON_AddStringToObject(t->doc, httptest_fields[i].name, httptest_fields[i].dflt);
	for (size_t i = 0; httptest_lists[i] != NULL; i++)
		cJSON_AddArrayToObject(t->doc, httptest_lists[i]);
	cJSON_AddArrayToObject(t->doc, "tags");
	cJSON_AddArrayToObject(t->doc, "steps");
}

cJSON *
httpstep_new(void)
{
	cJSON *s = cJSON_CreateObject();

	for (size_t i = 0; httpstep_fields[i].name != NULL; i++)
		if (httpstep_fields[i].dflt != NULL)
			cJSON_AddStringToObject(s, httpstep_fields[i].name, httpstep_fields[i].dflt);
	for (size_t i = 0; httpstep_lists[i] != NULL; i++)
		cJSON_AddArrayToObject(s, httpstep_lists[i]);
	return s;
}

void
httptest_free(struct httptest *t)
{
	cJSON_Delete(t->doc);
	t->doc = NULL;
}

void
httptest_dup(struct httptest *dst, const struct httptest *src)
{
	*dst = *src;
	dst->doc = cJSON_Duplicate(src->doc, 1);
}

const char *
httptest_str(const struct httptest *t, const char *field)
{
	return doc_str(t->doc, field);
}

void
httptest_set(struct httptest *t, const char *field, const char *v)
{
	doc_set_str(t->doc, field, v);
}

cJSON *
httptest_steps(const struct httptest *t)
{
	cJSON *s = cJSON_GetObjectItemCaseSensitive(t->doc, "steps");

	if (!cJSON_IsArray(s)) {
		cJSON_DeleteItemFromObjectCaseSensitive(t->doc, "steps");
		s = cJSON_AddArrayToObject(t->doc, "steps");
	}
	return s;
}

void
httptest_encode(const struct httptest *t, struct codec_buf *b)
{
	codec_put_u8(b, HTTPTEST_RECORD_VERSION);
	codec_put_u64(b, t->httptestid);
	codec_put_u64(b, t->hostid);
	codec_put_u64(b, t->templateid);
	doc_encode(t->doc, b);
}

int
httptest_decode(const void *data, size_t len, struct httptest *t)
{
	struct codec_reader r;

	memset(t, 0, sizeof *t);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != HTTPTEST_RECORD_VERSION)
		return -1;
	t->httptestid = codec_get_u64(&r);
	t->hostid = codec_get_u64(&r);
	t->templateid = codec_get_u64(&r);
	if (r.bad || (t->doc = doc_decode(r.p, r.left)) == NULL)
		return -1;
	return 0;
}

/* ---- web items ---- */

/* Zabbix's quoting of an item key parameter: as is, unless it starts with a quote or holds a
 * comma or a closing bracket; then in quotes, with inner quotes escaped. */
char *
httptest_key_param(const char *p)
{
	size_t n = 3;
	char *out, *o;

	if (*p != '"' && *p != '\0' && strpbrk(p, ",]") == NULL)
		return xstrdup(p);
	if (*p == '\0')
		return xstrdup("");
	for (const char *s = p; *s != '\0'; s++)
		n += *s == '"' ? 2 : 1;
	o = out = xmalloc(n);
	*o++ = '"';
	for (const char *s = p; *s != '\0'; s++) {
		if (*s == '"')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/* key: base[test(,step)suffix]; name: "<what> \"test\"." or "<what> for step \"step\" of
 * scenario \"test\"." */
static const struct {
	const char	*base, *suffix, *what, *value_type, *units;
	bool		 slot;
} httptest_web_defs[HTTPTEST_WEB__COUNT] = {
	[HTTPTEST_WEB_IN] = { "web.test.in", ",bps", "Download speed for scenario", "0", "Bps",
	    true },
	[HTTPTEST_WEB_FAIL] = { "web.test.fail", "", "Failed step of scenario", "3", "", false },
	[HTTPTEST_WEB_ERROR] = { "web.test.error", "", "Last error message of scenario", "1", "",
	    false },
	[HTTPTEST_WEB_STEP_IN] = { "web.test.in", ",bps", "Download speed", "0", "Bps", true },
	[HTTPTEST_WEB_STEP_TIME] = { "web.test.time", ",resp", "Response time", "0", "s", true },
	[HTTPTEST_WEB_STEP_RSPCODE] = { "web.test.rspcode", "", "Response code", "3", "", true },
};

char *
httptest_web_key(enum httptest_web w, const char *test, const char *step)
{
	char *qt = httptest_key_param(test), *qs = httptest_key_param(step != NULL ? step : "");
	char *out = xasprintf("%s[%s%s%s%s]", httptest_web_defs[w].base, qt,
	    httptest_web_defs[w].slot ? "," : "", httptest_web_defs[w].slot ? qs : "",
	    httptest_web_defs[w].suffix);

	free(qt);
	free(qs);
	return out;
}

char *
httptest_web_name(enum httptest_web w, const char *test, const char *step)
{
	if (w < HTTPTEST_WEB_STEP_IN)
		return xasprintf("%s \"%s\".", httptest_web_defs[w].what, test);
	return xasprintf("%s for step \"%s\" of scenario \"%s\".", httptest_web_defs[w].what,
	    step != NULL ? step : "", test);
}

const char *
httptest_web_value_type(enum httptest_web w)
{
	return httptest_web_defs[w].value_type;
}

const char *
httptest_web_units(enum httptest_web w)
{
	return httptest_web_defs[w].units;
}

/* ---- checks ---- */

/* A user macro "{$...}" at s: its length, or 0. */
static size_t
httptest_macro_len(const char *s)
{
	const char *end;
	char *m, *cause = NULL;
	size_t n;
	int rc;

	if (strncmp(s, "{$", 2) != 0)
		return 0;
	for (end = strchr(s, '}'); end != NULL; end = strchr(end + 1, '}')) {
		n = (size_t)(end - s) + 1;
		m = xmalloc(n + 1);
		memcpy(m, s, n);
		m[n] = '\0';
		rc = macro_parse(m, NULL, &cause);
		free(m);
		free(cause);
		cause = NULL;
		if (rc == 0)
			return n;
	}
	return 0;
}

char *
httptest_time_check(const char *s, uint64_t lo, uint64_t hi)
{
	uint64_t secs;
	const char *p = s;

	if (*s == '\0')
		return xstrdup("cannot be empty");
	if (*s == '{') {
		size_t n = httptest_macro_len(s);

		return n > 0 && s[n] == '\0' ? NULL : xstrdup("a time unit is expected");
	}
	if (*p == '-')
		p++;
	if (util_time_unit_parse(p, &secs) != 0)
		return xstrdup("a time unit is expected");
	if ((p != s && secs != 0) || secs < lo || secs > hi)
		return xasprintf("value must be one of %llu-%llu", (unsigned long long)lo,
		    (unsigned long long)hi);
	return NULL;
}

static void
skip_ws(const char *s, size_t *p)
{
	while (s[*p] != '\0' && strchr(" \t\n\r", s[*p]) != NULL)
		(*p)++;
}

/* A constant of a range: a user macro or digits. */
static bool
range_constant(const char *s, size_t *p)
{
	size_t n = httptest_macro_len(s + *p);

	if (n == 0)
		n = strspn(s + *p, "0123456789");
	*p += n;
	return n > 0;
}

bool
httptest_status_codes_valid(const char *s)
{
	size_t p = 0;

	if (*s == '\0')
		return true;
	for (;;) {
		size_t start = p, back;

		skip_ws(s, &p);
		if (!range_constant(s, &p)) {
			p = start;
			break;
		}
		skip_ws(s, &p);
		if (s[p] == '-') {
			back = p++;
			skip_ws(s, &p);
			if (range_constant(s, &p))
				skip_ws(s, &p);
			else
				p = back;
		}
		if (s[p] != ',')
			break;
		p++;
	}
	if (p > 0 && s[p - 1] == ',')
		p--;
	return p > 0 && s[p] == '\0';
}

bool
httptest_variable_name_valid(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && s[0] == '{' && s[n - 1] == '}' && strcspn(s + 1, "{}") == n - 2;
}
