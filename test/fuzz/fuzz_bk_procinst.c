/* fuzz_bk_procinst.c: libFuzzer target for the BlueKing process-instance property decoder:
 * random JSON checked (procinst_check), used as a new instance's given values, applied as an
 * edit to a template-made and to a free instance (procinst_update), asserting the model's
 * contracts: a refused edit changes nothing, a sync leaves nothing to sync. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/jsonrpc.h"
#include "tmpld/proctemplate.h"
#include "tmpld/svcinstance.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_bk_procinst: %s\n  detail: \"%s\"\n", what,
	    detail != NULL ? detail : "(null)");
	abort();
}

/* A template with locked and unlocked fields and two rows. */
static void
fuzz_template(struct proctemplate *t)
{
	static const char base[] = "{\"bk_process_name\":{\"value\":\"p\"},"
	    "\"bk_func_name\":{\"value\":\"f\"},\"user\":{\"value\":\"u\",\"as_default_value\":"
	    "false},\"work_path\":{\"value\":\"/w\",\"as_default_value\":true},\"bind_info\":"
	    "{\"value\":[{\"ip\":{\"value\":\"3\",\"as_default_value\":true},\"port\":{\"value\":"
	    "\"80\",\"as_default_value\":true},\"protocol\":{\"value\":\"1\"}},{\"port\":"
	    "{\"value\":\"81-90\"},\"protocol\":{\"value\":\"2\",\"as_default_value\":true}}]}}";
	struct err err = { 0 };
	cJSON *j = cJSON_Parse(base);

	memset(t, 0, sizeof *t);
	t->bind_null = true;
	t->id = 3;
	if (j == NULL || proctemplate_merge(t, j, &err) != 0 || proctemplate_finish(t, &err) != 0)
		fuzz_fail("the base template does not build", err.text);
	cJSON_Delete(j);
}

static void
fuzz_err_shape(int rc, const struct err *err)
{
	if (rc != 0 && rc != -1)
		fuzz_fail("neither 0 nor -1", NULL);
	if (rc == 0 && err->kind != ERR_NONE)
		fuzz_fail("success with an error", err->text);
	if (rc != 0 && (err->text == NULL || (err->kind != ERR_TYPE && err->kind != ERR_PARAM &&
	    err->kind != ERR_CONFLICT)))
		fuzz_fail("an error of an unexpected kind, or without a text", err->text);
}

/* An edit: refused leaves prop as it was. */
static void
fuzz_edit(const struct proctemplate *t, cJSON *prop, const cJSON *in)
{
	struct err err = { 0 };
	cJSON *before = cJSON_Duplicate(prop, true);
	int rc = procinst_update(t, prop, in, &err);

	fuzz_err_shape(rc, &err);
	if (rc != 0 && !cJSON_Compare(before, prop, true))
		fuzz_fail("a refused edit changed the instance", err.text);
	if (rc == 0 && t != NULL) {
		cJSON *d = procinst_diff(t, prop, "10.0.0.1");

		if (cJSON_GetArraySize(d) != 0)
			fuzz_fail("an accepted edit changed a locked field", NULL);
		cJSON_Delete(d);
	}
	err_clear(&err);
	cJSON_Delete(before);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *in = jsonrpc_body_parse((const char *)data, size), *p, *d, *free_p;
	struct proctemplate t;
	struct err err = { 0 };
	int rc;

	if (in == NULL)
		return 0;
	fuzz_template(&t);
	rc = procinst_check(in, false, &err);
	fuzz_err_shape(rc, &err);
	err_clear(&err);
	p = procinst_from_template(&t, rc == 0 ? in : NULL, "10.0.0.1");
	d = procinst_diff(&t, p, "10.0.0.1");
	if (cJSON_GetArraySize(d) != 0)
		fuzz_fail("a new instance is not in step with its template", NULL);
	cJSON_Delete(d);
	fuzz_edit(&t, p, in);
	procinst_sync(&t, p, "10.0.0.1");
	d = procinst_diff(&t, p, "10.0.0.1");
	if (cJSON_GetArraySize(d) != 0)
		fuzz_fail("a synced instance is not in step", NULL);
	cJSON_Delete(d);
	rc = procinst_check(in, true, &err);
	fuzz_err_shape(rc, &err);
	if (rc == 0 && (free_p = procinst_free_new(in, &err)) != NULL) {
		fuzz_edit(NULL, free_p, in);
		cJSON_Delete(free_p);
	}
	err_clear(&err);
	cJSON_Delete(p);
	cJSON_Delete(in);
	proctemplate_free(&t);
	return 0;
}
