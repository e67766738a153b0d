/* fuzz_lld_formula.c: libFuzzer target for the LLD filter formula parser (lld_formula_parse)
 * and the rendering of a custom filter over it (lld_filter_render), asserting their
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
	fprintf(stderr, "fuzz_lld_formula: %s\n  input: \"%s\"\n  detail: \"%s\"\n", what, input,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* Success: every constant is a run of capital letters inside the input (there may be none:
 * Zabbix takes " " or "not" as valid). Failure: one of Zabbix's two texts, no constants. */
static void
fuzz_parse(const char *s, struct lld_formula *f, bool *ok)
{
	char *err = lld_formula_parse(s, f);
	size_t len = strlen(s);

	*ok = err == NULL;
	if (err != NULL) {
		if (strcmp(err, "expression is empty") != 0 &&
		    strncmp(err, "check expression starting from \"",
		    strlen("check expression starting from \"")) != 0)
			fuzz_fail("unknown error text", s, err);
		if (f->n != 0 || f->tok != NULL)
			fuzz_fail("failure with constants", s, err);
		free(err);
		return;
	}
	for (size_t k = 0; k < f->n; k++) {
		if (f->tok[k].len == 0 || f->tok[k].pos + f->tok[k].len > len)
			fuzz_fail("a constant out of the input", s, NULL);
		for (size_t i = 0; i < f->tok[k].len; i++)
			if (s[f->tok[k].pos + i] < 'A' || s[f->tok[k].pos + i] > 'Z')
				fuzz_fail("a constant of other characters", s, s + f->tok[k].pos);
	}
}

/* A custom filter whose conditions are the formula's constants renders to a formula that
 * parses again, with as many constants. */
static void
fuzz_render(const char *s, const struct lld_formula *f)
{
	cJSON *filter = cJSON_CreateObject(), *conds, *r;
	struct lld_formula again;
	char *err;

	cJSON_AddStringToObject(filter, "evaltype", "3");
	cJSON_AddStringToObject(filter, "formula", s);
	conds = cJSON_AddArrayToObject(filter, "conditions");
	for (size_t k = 0; k < f->n; k++) {
		cJSON *c = cJSON_CreateObject();
		char *id = xstrndup(s + f->tok[k].pos, f->tok[k].len);

		cJSON_AddStringToObject(c, "macro", "{#M}");
		cJSON_AddStringToObject(c, "formulaid", id);
		cJSON_AddItemToArray(conds, c);
		free(id);
	}
	r = lld_filter_render(filter);
	if ((err = lld_formula_parse(lld_doc_str(r, "eval_formula"), &again)) != NULL)
		fuzz_fail("the rendered formula does not parse", s, err);
	if (again.n != f->n)
		fuzz_fail("the rendered formula has other constants", s, lld_doc_str(r, "eval_formula"));
	lld_formula_free(&again);
	cJSON_Delete(r);
	cJSON_Delete(filter);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);	/* up to the first NUL */
	struct lld_formula f;
	bool ok;

	fuzz_parse(s, &f, &ok);
	if (ok) {
		fuzz_render(s, &f);
		lld_formula_free(&f);
	}
	free(s);
	return 0;
}
