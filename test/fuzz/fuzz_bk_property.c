/* fuzz_bk_property.c: libFuzzer target for the BlueKing process property parser: random
 * process_property JSON merged into a template and finished (proctemplate_merge/finish),
 * asserting the model's contracts and that a finished template round-trips. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/proctemplate.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_bk_property: %s\n  detail: \"%s\"\n", what,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* A stored template to merge into: both names, one row, a history of row ids. */
static void
fuzz_base(struct proctemplate *t, bool stored)
{
	static const char base[] = "{\"bk_process_name\":{\"value\":\"p\"},"
	    "\"bk_func_name\":{\"value\":\"f\"},\"bind_info\":{\"value\":[{\"port\":"
	    "{\"value\":\"80\"},\"protocol\":{\"value\":\"1\"}}]}}";
	struct err err = { 0 };
	cJSON *j;

	memset(t, 0, sizeof *t);
	t->bind_null = true;
	t->id = 7, t->biz_id = 1, t->svc_id = 2;
	if (!stored)
		return;
	j = cJSON_Parse(base);
	if (j == NULL || proctemplate_merge(t, j, &err) != 0 || proctemplate_finish(t, &err) != 0)
		fuzz_fail("the base template does not build", err.text);
	cJSON_Delete(j);
	proctemplate_stamp(t, "fuzz", true);
	t->max_row_id = 40;
}

/* What finish promises: names set and defaulted, rows numbered, unique, within the max. */
static void
fuzz_check_finished(const struct proctemplate *t)
{
	if (t->p[PT_F_PROCESS_NAME].kind != PT_STR || t->p[PT_F_PROCESS_NAME].s[0] == '\0' ||
	    t->p[PT_F_FUNC_NAME].kind != PT_STR || t->p[PT_F_FUNC_NAME].s[0] == '\0')
		fuzz_fail("finished without both names", NULL);
	if (t->p[PT_F_PROCESS_NAME].dflt != PT_DFLT_TRUE || t->p[PT_F_FUNC_NAME].dflt !=
	    PT_DFLT_TRUE)
		fuzz_fail("names not as_default_value true", NULL);
	if (t->bind_null && t->nrows != 0)
		fuzz_fail("rows under a null bind_info", NULL);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct pt_bind_row *r = &t->rows[i];

		if (r->row_id <= 0 || r->row_id > t->max_row_id)
			fuzz_fail("a row id out of 1..max", NULL);
		if (r->f[PT_B_PORT].kind != PT_STR || !proctemplate_port_valid(r->f[PT_B_PORT].s))
			fuzz_fail("a row with a bad port", NULL);
		for (size_t k = 0; k < i; k++)
			if (t->rows[k].row_id == r->row_id)
				fuzz_fail("a row id used twice", NULL);
	}
}

/* JSON out, merged into a fresh template, finished, is the same JSON; the encoding too. */
static void
fuzz_check_round_trip(const struct proctemplate *t)
{
	struct proctemplate u, d;
	struct err err = { 0 };
	struct codec_buf a = { 0 }, b = { 0 };
	cJSON *j = proctemplate_to_json(t), *k;
	char *x, *y;

	fuzz_base(&u, false);
	u.max_row_id = t->max_row_id;
	if (proctemplate_merge(&u, cJSON_GetObjectItem(j, "property"), &err) != 0 ||
	    proctemplate_finish(&u, &err) != 0)
		fuzz_fail("a finished template's own JSON does not merge", err.text);
	u.creator = xstrdup(t->creator), u.modifier = xstrdup(t->modifier);
	u.create_time = xstrdup(t->create_time), u.last_time = xstrdup(t->last_time);
	u.supplier = xstrdup(t->supplier);
	u.id = t->id, u.biz_id = t->biz_id, u.svc_id = t->svc_id;
	k = proctemplate_to_json(&u);
	x = cJSON_PrintUnformatted(j), y = cJSON_PrintUnformatted(k);
	if (strcmp(x, y) != 0)
		fuzz_fail("JSON -> merge -> JSON differs", y);
	proctemplate_encode(t, &a);
	if (proctemplate_decode(a.data, a.len, &d) != 0)
		fuzz_fail("an encoded template does not decode", NULL);
	proctemplate_encode(&d, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		fuzz_fail("encode -> decode -> encode differs", NULL);
	free(x), free(y);
	codec_buf_free(&a), codec_buf_free(&b);
	proctemplate_free(&d), proctemplate_free(&u);
	cJSON_Delete(j), cJSON_Delete(k);
}

static void
fuzz_one(const cJSON *prop, bool stored)
{
	struct proctemplate t;
	struct err err = { 0 };
	int rc;

	fuzz_base(&t, stored);
	rc = proctemplate_merge(&t, prop, &err);
	if (rc == 0)
		rc = proctemplate_finish(&t, &err);
	if (rc != 0 && rc != -1)
		fuzz_fail("neither 0 nor -1", NULL);
	if (rc == 0 && err.kind != ERR_NONE)
		fuzz_fail("success with an error", err.text);
	if (rc != 0) {
		if (err.kind != ERR_TYPE && err.kind != ERR_PARAM)
			fuzz_fail("an error neither ERR_TYPE nor ERR_PARAM", err.text);
		if (err.text == NULL || (err.kind == ERR_TYPE) !=
		    (strncmp(err.text, "invalid JSON data: '", 20) == 0))
			fuzz_fail("an error text that does not fit its kind", err.text);
	} else {
		proctemplate_stamp(&t, "fuzz", !stored);	/* as the methods do */
		fuzz_check_finished(&t);
		fuzz_check_round_trip(&t);
	}
	err_clear(&err);
	proctemplate_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *prop = jsonrpc_body_parse((const char *)data, size);

	if (prop == NULL)
		return 0;
	fuzz_one(prop, true);	/* update: into a stored template */
	fuzz_one(prop, false);	/* create: into an empty one */
	cJSON_Delete(prop);
	return 0;
}
