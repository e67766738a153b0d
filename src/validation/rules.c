/* rules.c: the rule engine behind every method's params check, with Zabbix's messages. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"
#include "tmpld/validate.h"

static int rule_check(const struct rule *, cJSON *, const char *, char **);

static int
rule_fail(char **cause, const char *path, const char *what)
{
	*cause = xasprintf("Invalid parameter \"%s\": %s.", path, what);
	return -1;
}

static char *
rule_path_join(const char *path, const char *name)
{
	return xasprintf("%s%s%s", path, strcmp(path, "/") == 0 ? "" : "/", name);
}

/* PHP decodes {} and [] alike: an empty array is an empty object. */
static bool
rule_is_object(const cJSON *v)
{
	return cJSON_IsObject(v) || cJSON_IsArray(v);
}

static int
rule_check_object(const struct rule *r, cJSON *v, const char *path, char **cause)
{
	const struct rule_field *f;
	cJSON *item;
	char *sub, what[300];
	int rc = 0, idx = 0;

	if (!rule_is_object(v))
		return rule_fail(cause, path, "an array is expected");
	cJSON_ArrayForEach(item, v) {
		const char *key = item->string;
		char num[24];

		if (key == NULL) {	/* a JSON array element: PHP key "0", "1", ... */
			snprintf(num, sizeof num, "%d", idx);
			key = num;
		}
		idx++;
		for (f = r->fields; f != NULL && f->name != NULL; f++)
			if (item->string != NULL && strcmp(f->name, key) == 0)
				break;
		if (f == NULL || f->name == NULL) {
			snprintf(what, sizeof what, "unexpected parameter \"%.200s\"", key);
			return rule_fail(cause, path, what);
		}
	}
	for (f = r->fields; rc == 0 && f != NULL && f->name != NULL; f++) {
		item = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, f->name) : NULL;
		if (item == NULL) {
			if (f->rule.flags & RULE_REQUIRED) {
				snprintf(what, sizeof what, "the parameter \"%s\" is missing", f->name);
				return rule_fail(cause, path, what);
			}
			continue;
		}
		sub = rule_path_join(path, f->name);
		rc = rule_check(&f->rule, item, sub, cause);
		free(sub);
	}
	return rc;
}

static int
rule_check_objects(const struct rule *r, cJSON *v, const char *path, char **cause)
{
	cJSON *item;
	char *sub, num[24];
	int i = 0, rc = 0;

	if (cJSON_IsObject(v) && (r->flags & RULE_NORMALIZE) && cJSON_GetArraySize(v) > 0) {
		/* Wrap the bare object in place: move its members into a new child. */
		cJSON *obj = cJSON_CreateObject();

		obj->child = v->child;
		v->child = NULL;
		v->type = cJSON_Array;
		cJSON_AddItemToArray(v, obj);
	}
	if (!cJSON_IsArray(v) && !(cJSON_IsObject(v) && cJSON_GetArraySize(v) == 0))
		return rule_fail(cause, path, "an array is expected");
	if ((r->flags & RULE_NOT_EMPTY) && cJSON_GetArraySize(v) == 0)
		return rule_fail(cause, path, "cannot be empty");
	cJSON_ArrayForEach(item, v) {
		snprintf(num, sizeof num, "%d", ++i);
		sub = rule_path_join(path, num);
		rc = rule_check(r->elem, item, sub, cause);
		free(sub);
		if (rc != 0)
			break;
	}
	return rc;
}

static int
rule_check_string(const struct rule *r, cJSON *v, const char *path, char **cause)
{
	const char *s;

	if (!cJSON_IsString(v))
		return rule_fail(cause, path, "a character string is expected");
	s = v->valuestring;
	if (!util_utf8_valid(s, strlen(s)))
		return rule_fail(cause, path, "invalid byte sequence in UTF-8");
	if ((r->flags & RULE_NOT_EMPTY) && *s == '\0')
		return rule_fail(cause, path, "cannot be empty");
	if (r->length != 0 && util_utf8_len(s) > r->length)
		return rule_fail(cause, path, "value is too long");
	return 0;
}

/* Digits only, leading zeros dropped, at most 2^63 - 1; normalised to a JSON string. */
static int
rule_check_id(cJSON *v, const char *path, char **cause)
{
	char buf[32];
	const char *s;
	uint64_t id;

	if (cJSON_IsNumber(v)) {
		if (v->valuedouble < 0 || v->valuedouble != (double)(int64_t)v->valuedouble)
			return rule_fail(cause, path, "a number is expected");
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
		s = buf;
	} else if (cJSON_IsString(v))
		s = v->valuestring;
	else
		return rule_fail(cause, path, "a number is expected");
	if (!util_parse_u64(s, &id))
		return rule_fail(cause, path, "a number is expected");
	if (id > INT64_MAX)
		return rule_fail(cause, path, "a number is too large");
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
	if (!cJSON_IsString(v) || strcmp(v->valuestring, buf) != 0) {
		cJSON *norm = cJSON_CreateString(buf);

		cJSON_free(v->valuestring);
		v->valuestring = norm->valuestring;
		norm->valuestring = NULL;
		v->type = cJSON_String;
		cJSON_Delete(norm);
	}
	return 0;
}

/* "0,1,2" or "1:10000" or "0,90:86400". */
static bool
rule_in_range(const char *in, long long n)
{
	const char *p = in;
	char *end;

	while (*p != '\0') {
		long long lo = strtoll(p, &end, 10), hi = lo;

		if (*end == ':')
			hi = strtoll(end + 1, &end, 10);
		if (n >= lo && n <= hi)
			return true;
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p != '\0' && *p != ',')
			break;
	}
	return false;
}

static int
rule_check_int32(const struct rule *r, cJSON *v, const char *path, char **cause)
{
	long long n;
	char *end, what[160];

	if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble)
		n = (long long)v->valuedouble;
	else if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
		errno = 0;
		n = strtoll(v->valuestring, &end, 10);
		if (*end != '\0' || errno != 0)
			return rule_fail(cause, path, "an integer is expected");
	} else
		return rule_fail(cause, path, "an integer is expected");
	if (n < INT32_MIN || n > INT32_MAX)
		return rule_fail(cause, path, "a number is too large");
	if (r->in != NULL && !rule_in_range(r->in, n)) {
		size_t o = 0;
		char list[100];

		/* "0,1,2" reads "0, 1, 2"; "1:10" reads "1-10". */
		for (const char *c = r->in; *c != '\0' && o + 3 < sizeof list; c++) {
			if (*c == ',') {
				list[o++] = ',';
				list[o++] = ' ';
			} else
				list[o++] = *c == ':' ? '-' : *c;
		}
		list[o] = '\0';
		snprintf(what, sizeof what, "value must be one of %s", list);
		return rule_fail(cause, path, what);
	}
	return 0;
}

static int
rule_check(const struct rule *r, cJSON *v, const char *path, char **cause)
{
	if (cJSON_IsNull(v) && (r->flags & RULE_ALLOW_NULL))
		return 0;
	switch (r->type) {
	case RULE_OBJECT:
		return rule_check_object(r, v, path, cause);
	case RULE_OBJECTS:
		return rule_check_objects(r, v, path, cause);
	case RULE_EMPTY:
		if (!rule_is_object(v))
			return rule_fail(cause, path, "an array is expected");
		if (cJSON_GetArraySize(v) != 0)
			return rule_fail(cause, path, "should be empty");
		return 0;
	case RULE_STRING:
		return rule_check_string(r, v, path, cause);
	case RULE_ID:
		return rule_check_id(v, path, cause);
	case RULE_INT32:
		return rule_check_int32(r, v, path, cause);
	case RULE_FLAG:
	case RULE_BOOLEAN:
		if (!cJSON_IsBool(v))
			return rule_fail(cause, path, "a boolean is expected");
		return 0;
	}
	return rule_fail(cause, path, "unsupported rule");
}

int
validate_params(const struct rule *r, cJSON *data, char **cause)
{
	*cause = NULL;
	return rule_check(r, data, "/", cause);
}
