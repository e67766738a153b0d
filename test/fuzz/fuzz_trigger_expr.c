/* fuzz_trigger_expr.c: libFuzzer target for the trigger expression parser (expr_parse in
 * trigger mode, trigger_expr_calls) and the stored form (collapse, expand, remap), asserting
 * their contracts on every input. */
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
	fprintf(stderr, "fuzz_trigger_expr: %s\n  input: \"%s\"\n  detail: \"%s\"\n", what, input,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* A parsed expression collapses to one whose calls are all references, and written out again
 * (with the calls' own hosts) gives the input back. */
static void
fuzz_round_trip(const char *s, const struct trigger_calls *calls)
{
	uint64_t *ids = calloc(calls->n + 1, sizeof *ids), *to = calloc(calls->n + 1, sizeof *to);
	struct trigger_fn_view *v = calloc(calls->n + 1, sizeof *v);
	char *stored, *back, *moved, *again;

	for (size_t i = 0; i < calls->n; i++) {
		ids[i] = 1000 + i, to[i] = 5000 + i;
		v[i] = (struct trigger_fn_view){ ids[i], calls->v[i].name, calls->v[i].parameter,
		    calls->v[i].host, calls->v[i].key };
	}
	stored = trigger_expr_collapse(s, calls, ids);
	back = trigger_expr_expand(stored, v, calls->n);
	if (strcmp(back, s) != 0)
		fuzz_fail("collapse then expand differs", s, back);
	moved = trigger_expr_remap(stored, ids, to, calls->n);
	again = trigger_expr_remap(moved, to, ids, calls->n);
	if (strcmp(again, stored) != 0)
		fuzz_fail("remap there and back differs", s, again);
	free(stored), free(back), free(moved), free(again);
	free(ids), free(to), free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);	/* up to the first NUL */
	struct trigger_calls calls = { 0 };
	char *cause = NULL, *cause2 = NULL;
	int rc = expr_parse(s, EXPR_TRIGGER | EXPR_LLD, NULL, &cause), plain;

	if (rc != 0 && rc != -1)
		fuzz_fail("return value neither 0 nor -1", s, NULL);
	if ((rc == 0) != (cause == NULL))
		fuzz_fail("a cause disagrees with the result", s, cause);
	if (trigger_expr_calls(s, &calls, &cause2) != rc)
		fuzz_fail("the calls disagree with the parse", s, cause2);
	if (rc == 0 && calls.n == 0)
		fuzz_fail("a valid expression without calls", s, NULL);
	free(cause2);
	cause2 = NULL;
	/* what a trigger accepts a prototype accepts too */
	plain = expr_parse(s, EXPR_TRIGGER, NULL, &cause2);
	if (plain == 0 && rc != 0)
		fuzz_fail("a prototype refuses a trigger's expression", s, cause);
	if (rc == 0)
		fuzz_round_trip(s, &calls);
	free(cause), free(cause2);
	trigger_calls_free(&calls);
	free(s);
	return 0;
}
