/* fuzz_macro.c: libFuzzer target for the user macro parser (macro_parse) and the vault value
 * check (macro_vault_valid), asserting their contracts on every input. */
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
	fprintf(stderr, "fuzz_macro: %s\n  input: \"%s\"\n  detail: \"%s\"\n", what, input,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* An error text is one of Zabbix's three forms. */
static void
fuzz_check_cause(const char *s, const char *cause)
{
	if (cause == NULL)
		fuzz_fail("error without a cause", s, NULL);
	if (strncmp(cause, "incorrect syntax near \"", 23) != 0 &&
	    strcmp(cause, "unexpected end of macro") != 0 && strcmp(cause, "macro is empty") != 0)
		fuzz_fail("unknown error text", s, cause);
}

/* The normal form is a valid macro whose own normal form is itself. */
static void
fuzz_check_norm(const char *s, const char *norm)
{
	char *again = NULL, *cause = NULL;

	if (norm == NULL)
		fuzz_fail("success without a normal form", s, NULL);
	if (macro_parse(norm, &again, &cause) != 0)
		fuzz_fail("the normal form does not parse", s, cause);
	if (strcmp(again, norm) != 0)
		fuzz_fail("the normal form is not stable", s, again);
	free(again);
}

static void
fuzz_macro_parse(const char *s)
{
	char *norm = NULL, *cause = NULL, *cause2 = NULL;
	int rc = macro_parse(s, &norm, &cause);

	if (rc != 0 && rc != -1)
		fuzz_fail("return value neither 0 nor -1", s, NULL);
	if ((macro_parse(s, NULL, &cause2) != 0) != (rc != 0))
		fuzz_fail("parsing without a normal form disagrees", s, cause2);
	if (rc == 0) {
		if (cause != NULL)
			fuzz_fail("success with a cause", s, cause);
		fuzz_check_norm(s, norm);
	} else {
		if (norm != NULL)
			fuzz_fail("failure with a normal form", s, norm);
		fuzz_check_cause(s, cause);
		if (cause2 == NULL || strcmp(cause, cause2) != 0)
			fuzz_fail("the two parses give different causes", s, cause2);
	}
	free(norm);
	free(cause);
	free(cause2);
}

static void
fuzz_macro_vault(const char *s)
{
	char *cause = NULL;
	bool ok = macro_vault_valid(s, &cause);

	if (ok && cause != NULL)
		fuzz_fail("a valid vault value with a cause", s, cause);
	if (!ok && cause == NULL)
		fuzz_fail("an invalid vault value without a cause", s, NULL);
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);	/* up to the first NUL */

	fuzz_macro_parse(s);
	fuzz_macro_vault(s);
	free(s);
	return 0;
}
