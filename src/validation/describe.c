/* describe.c: a rule tree as JSON, the parameter half of the API contract dump. */
#include <stdio.h>

#include "tmpld/util.h"
#include "tmpld/validate.h"

static const char *const describe_types[] = {
	[RULE_OBJECT] = "object", [RULE_OBJECTS] = "objects", [RULE_EMPTY] = "empty",
	[RULE_STRING] = "string", [RULE_ID] = "id", [RULE_INT32] = "int32",
	[RULE_FLAG] = "flag", [RULE_BOOLEAN] = "boolean", [RULE_IDS] = "ids", [RULE_ANY] = "any",
	[RULE_INTEGER] = "integer", [RULE_INTEGERS] = "integers",
};

static const struct {
	unsigned	 flag;
	const char	*name;
} describe_flags[] = {
	{ RULE_REQUIRED, "required" }, { RULE_NOT_EMPTY, "not_empty" },
	{ RULE_ALLOW_NULL, "allow_null" }, { RULE_NORMALIZE, "normalize" },
	{ RULE_LENIENT, "lenient" }, { RULE_TYPES_FIRST, "types_first" }, { RULE_BK, "bk" },
	{ RULE_KEEP_NUL, "keep_nul" },
};

const char *
validate_type_name(enum rule_type t)
{
	if ((size_t)t < sizeof describe_types / sizeof describe_types[0] &&
	    describe_types[t] != NULL)
		return describe_types[t];
	return "unknown";
}

static void
describe_fail(cJSON *o, const char *key, const struct rule_fail *f)
{
	cJSON *j;

	if (f->what == NULL && f->kind == ERR_NONE)
		return;
	j = cJSON_AddObjectToObject(o, key);
	util_json_add_str(j, "kind", err_kind_name(f->kind == ERR_NONE ? ERR_PARAM :
	    f->kind));
	if (f->what != NULL)
		util_json_add_str(j, "what", f->what);
}

/* The members of one rule (references resolved) into o. */
static void
describe_into(cJSON *o, const struct rule *r)
{
	unsigned flags = r->flags;
	cJSON *arr;

	while (r->ref != NULL) {
		r = r->ref;
		flags |= r->flags;
	}
	util_json_add_str(o, "type", validate_type_name(r->type));
	arr = cJSON_AddArrayToObject(o, "flags");
	for (size_t i = 0; i < sizeof describe_flags / sizeof describe_flags[0]; i++)
		if (flags & describe_flags[i].flag)
			cJSON_AddItemToArray(arr, cJSON_CreateString(describe_flags[i].name));
	if (r->length != 0)
		cJSON_AddNumberToObject(o, "length", (double)r->length);
	if (r->in != NULL)
		util_json_add_str(o, "in", r->in);
	if (r->max != 0)
		cJSON_AddNumberToObject(o, "max", (double)r->max);
	if (r->dflt != NULL)
		util_json_add_str(o, "default", r->dflt);
	if (r->rename != NULL)
		util_json_add_str(o, "rename", r->rename);
	if (r->subject != NULL)
		util_json_add_str(o, "subject", r->subject);
	if (r->check != NULL)
		cJSON_AddTrueToObject(o, "check");
	describe_fail(o, "fail", &r->fail);
	describe_fail(o, "max_fail", &r->max_fail);
	if (r->uniq != NULL) {
		arr = cJSON_AddArrayToObject(o, "uniq");
		for (const char *const *u = r->uniq; *u != NULL; u++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(*u));
	}
	if (r->type == RULE_OBJECT) {
		arr = cJSON_AddArrayToObject(o, "fields");
		for (const struct rule_field *f = r->fields; f != NULL && f->name != NULL; f++) {
			cJSON *fj = cJSON_CreateObject();

			util_json_add_str(fj, "name", f->name);
			describe_into(fj, &f->rule);
			cJSON_AddItemToArray(arr, fj);
		}
	}
	if (r->elem != NULL)
		cJSON_AddItemToObject(o, "elem", validate_rule_json(r->elem));
}

cJSON *
validate_rule_json(const struct rule *r)
{
	cJSON *o = cJSON_CreateObject();

	if (r == NULL) {
		util_json_add_str(o, "type", "none");
		return o;
	}
	describe_into(o, r);
	return o;
}
