/* json.c: cJSON allocates through the project's allocators, so a constructor never returns
 * NULL for want of memory (xmalloc aborts instead): no result can be silently dropped; and a
 * JSON scalar read as the text PHP makes of it. */
#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"

void
util_json_hooks(void)
{
	cJSON_Hooks hooks = { .malloc_fn = xmalloc, .free_fn = free };

	cJSON_InitHooks(&hooks);
}

char *
util_json_scalar_text(const cJSON *v, const char *false_text)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			return xasprintf("%lld", (long long)v->valuedouble);
		return xasprintf("%.15g", v->valuedouble);
	}
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "1" : false_text);
	return NULL;
}

cJSON *
util_json_add_str(cJSON *obj, const char *key, const char *value)
{
	cJSON *v = cJSON_CreateString(value);

	cJSON_AddItemToObjectCS(obj, key, v);
	return v;
}

cJSON *
util_json_raw_take(char *text)
{
	cJSON *raw = cJSON_CreateNull();

	raw->type = cJSON_Raw;
	raw->valuestring = text;
	return raw;
}

cJSON *
util_json_add_const(cJSON *obj, const char *key, const char *value)
{
	cJSON *v = cJSON_CreateStringReference(value);

	cJSON_AddItemToObjectCS(obj, key, v);
	return v;
}

cJSON *
util_json_add_int(cJSON *obj, const char *key, long long v)
{
	static const char *const small[] = { "-1", "0", "1", "2", "3", "4", "5", "6", "7", "8",
	    "9" };
	char buf[22];

	if (v >= -1 && v <= 9)
		return util_json_add_const(obj, key, small[v + 1]);
	util_i64_dec(v, buf);
	return util_json_add_str(obj, key, buf);
}

cJSON *
util_json_member(const cJSON *obj, const char *name)
{
	cJSON *m;

	if (obj == NULL || name == NULL)
		return NULL;
	for (m = obj->child; m != NULL && m->string != NULL; m = m->next)
		if (m->string[0] == name[0] && strcmp(m->string, name) == 0)
			return m;
	return NULL;
}
