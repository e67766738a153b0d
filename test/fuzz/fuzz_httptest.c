/* fuzz_httptest.c: libFuzzer target for the web scenario parsers (status code ranges, time
 * units with user macros, variable names) and the web item key quoting, asserting their
 * contracts on every input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what, const char *input, const char *detail)
{
	fprintf(stderr, "fuzz_httptest: %s\n  input: \"%s\"\n  detail: \"%s\"\n", what, input,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* The time check answers NULL or one of its three texts; a valid plain unit stays valid with
 * a wider range. */
static void
fuzz_time(const char *s)
{
	char *why = httptest_time_check(s, 1, 86400), *wide;

	if (why != NULL && strcmp(why, "cannot be empty") != 0 &&
	    strcmp(why, "a time unit is expected") != 0 &&
	    strcmp(why, "value must be one of 1-86400") != 0)
		fuzz_fail("unknown time unit text", s, why);
	wide = httptest_time_check(s, 1, UINT64_MAX);
	if (why == NULL && wide != NULL)
		fuzz_fail("valid in a range but not in a wider one", s, wide);
	free(why);
	free(wide);
}

/* A valid list stays valid with another valid range appended after a comma. */
static void
fuzz_codes(const char *s)
{
	bool ok = httptest_status_codes_valid(s);
	char *more;

	if (!ok || *s == '\0')
		return;
	more = xasprintf("%s,200-299", s);
	if (!httptest_status_codes_valid(more))
		fuzz_fail("a valid list with a range appended is invalid", s, more);
	free(more);
}

/* A valid name is enclosed in braces with none inside. */
static void
fuzz_variable(const char *s)
{
	size_t n = strlen(s);

	if (httptest_variable_name_valid(s) &&
	    (n < 3 || s[0] != '{' || s[n - 1] != '}' || strpbrk(s + 1, "{") != NULL))
		fuzz_fail("a malformed variable name accepted", s, NULL);
}

/* A quoted parameter is the input itself or a quoted form that reads back to it (but for a
 * backslash, which Zabbix's quoting leaves as it is, so "a\\" cannot read back). */
static void
fuzz_quote(const char *s)
{
	char *q = httptest_key_param(s), *key, *back;
	size_t n = strlen(q), k = 0;

	if (strcmp(q, s) != 0) {
		if (n < 2 || q[0] != '"' || q[n - 1] != '"')
			fuzz_fail("a changed parameter not in quotes", s, q);
		back = xmalloc(n);
		for (size_t i = 1; i + 1 < n; i++) {
			if (q[i] == '\\' && q[i + 1] == '"')
				i++;
			back[k++] = q[i];
		}
		back[k] = '\0';
		if (strchr(s, '\\') == NULL && strcmp(back, s) != 0)
			fuzz_fail("the quoted parameter does not read back", s, back);
		free(back);
	}
	key = httptest_web_key(HTTPTEST_WEB_STEP_IN, s, s);
	if (strncmp(key, "web.test.in[", 12) != 0 || key[strlen(key) - 1] != ']')
		fuzz_fail("a web item key of another shape", s, key);
	free(key);
	free(q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);	/* up to the first NUL */

	fuzz_time(s);
	fuzz_codes(s);
	fuzz_variable(s);
	fuzz_quote(s);
	free(s);
	return 0;
}
