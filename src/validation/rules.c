/* rules.c: the rule engine behind every method's params check, with Zabbix's messages. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"
#include "tmpld/validate.h"

/* A path in the data, kept on the stack and spelled out only for an error message. */
struct rule_path {
	const struct rule_path	*up;		/* NULL at the root */
	const char		*name;		/* a field, or the root's own text */
	size_t			 index;		/* 1-based element number when name is NULL */
};

static int rule_check(const struct rule *, cJSON *, const struct rule_path *, char **);

static void
rule_path_write(const struct rule_path *p, char *buf, size_t n, size_t *o)
{
	char num[24];
	const char *seg = p->name;

	if (p->up == NULL) {
		*o += (size_t)snprintf(buf + *o, *o < n ? n - *o : 0, "%s", p->name);
		return;
	}
	rule_path_write(p->up, buf, n, o);
	if (seg == NULL) {
		snprintf(num, sizeof num, "%zu", p->index);
		seg = num;
	}
	*o += (size_t)snprintf(buf + *o, *o < n ? n - *o : 0, "%s%s",
	    p->up->up == NULL && strcmp(p->up->name, "/") == 0 ? "" : "/", seg);
}

static int
rule_fail(char **cause, const struct rule_path *path, const char *what)
{
	char buf[1024];
	size_t o = 0;

	rule_path_write(path, buf, sizeof buf, &o);
	*cause = xasprintf("Invalid parameter \"%s\": %s.", buf, what);
	return -1;
}

/* PHP decodes {} and [] alike: an empty array is an empty object. */
static bool
rule_is_object(const cJSON *v)
{
	return cJSON_IsObject(v) || cJSON_IsArray(v);
}

static int
rule_check_object(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
{
	const struct rule_field *f;
	cJSON *item;
	struct rule_path sub = { 0 };
	char what[300];
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
		if (item == NULL && f->rule.dflt != NULL && cJSON_IsObject(v)) {
			cJSON_AddStringToObject(v, f->name, f->rule.dflt);
			continue;
		}
		if (item == NULL) {
			if (f->rule.flags & RULE_REQUIRED) {
				snprintf(what, sizeof what, "the parameter \"%s\" is missing", f->name);
				return rule_fail(cause, path, what);
			}
			continue;
		}
		sub.up = path, sub.name = f->name;
		rc = rule_check(&f->rule, item, &sub, cause);
	}
	return rc;
}

void
validate_to_array(cJSON *v)
{
	cJSON *obj;

	if (!cJSON_IsObject(v) || v->child == NULL)
		return;
	obj = cJSON_CreateObject();	/* the members move into the new element */
	obj->child = v->child;
	v->child = NULL;
	v->type = cJSON_Array;
	cJSON_AddItemToArray(v, obj);
}

static int
rule_check_objects(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
{
	cJSON *item;
	struct rule_path sub = { 0 };
	int i = 0, rc = 0;

	if (r->flags & RULE_NORMALIZE)
		validate_to_array(v);
	if (!cJSON_IsArray(v) && !(cJSON_IsObject(v) && cJSON_GetArraySize(v) == 0))
		return rule_fail(cause, path, "an array is expected");
	if ((r->flags & RULE_NOT_EMPTY) && cJSON_GetArraySize(v) == 0)
		return rule_fail(cause, path, "cannot be empty");
	cJSON_ArrayForEach(item, v) {
		sub.up = path, sub.name = NULL, sub.index = (size_t)++i;
		rc = rule_check(r->elem, item, &sub, cause);
		if (rc != 0)
			break;
	}
	return rc;
}

static int
rule_check_string(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
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
rule_check_id(cJSON *v, const struct rule_path *path, char **cause)
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
rule_check_int32(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
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
rule_check_ids(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
{
	cJSON *item;
	struct rule_path sub = { 0 };
	int i = 0, rc = 0;

	if (!cJSON_IsArray(v) && (r->flags & RULE_NORMALIZE) &&
	    (cJSON_IsString(v) || cJSON_IsNumber(v)))
		return rule_check_id(v, path, cause);
	if (!cJSON_IsArray(v) && !(cJSON_IsObject(v) && cJSON_GetArraySize(v) == 0))
		return rule_fail(cause, path, "an array is expected");
	if ((r->flags & RULE_NOT_EMPTY) && cJSON_GetArraySize(v) == 0)
		return rule_fail(cause, path, "cannot be empty");
	cJSON_ArrayForEach(item, v) {
		sub.up = path, sub.name = NULL, sub.index = (size_t)++i;
		rc = rule_check_id(item, &sub, cause);
		if (rc != 0)
			break;
	}
	return rc;
}

static int
rule_check_type(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause);

/* The type rule, then the rule's own check. */
/* A rule that refers to a shared one: that rule, with this one's flags added. */
static const struct rule *
rule_resolve(const struct rule *r, struct rule *tmp)
{
	unsigned flags = r->flags;

	if (r->ref == NULL)
		return r;
	while (r->ref != NULL) {	/* a chain of references adds up their flags */
		flags |= r->flags;
		r = r->ref;
	}
	*tmp = *r;
	tmp->flags |= flags;
	return tmp;
}

static int
rule_check(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
{
	struct rule tmp;
	char *what;

	r = rule_resolve(r, &tmp);
	if (cJSON_IsNull(v) && (r->flags & RULE_ALLOW_NULL))
		return 0;
	if (rule_check_type(r, v, path, cause) != 0)
		return -1;
	if (r->check != NULL && (what = r->check(v)) != NULL) {
		rule_fail(cause, path, what);
		free(what);
		return -1;
	}
	return 0;
}

static int
rule_check_type(const struct rule *r, cJSON *v, const struct rule_path *path, char **cause)
{
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
	case RULE_IDS:
		return rule_check_ids(r, v, path, cause);
	case RULE_ANY:
		return 0;
	}
	return rule_fail(cause, path, "unsupported rule");
}

/* ---- the uniqueness pass ---- */

const char *const rule_uniq_ids[] = { "", NULL };

/* The text of a scalar as PHP prints it in "value (...)=(...)". */
static void
rule_scalar_text(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		snprintf(buf, n, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(buf, n, "%.17g", v->valuedouble);
	else if (cJSON_IsTrue(v))
		snprintf(buf, n, "1");
	else
		buf[0] = '\0';
}

/* The key of one element for a field list "a,b"; NULL if a field is absent. */
static char *
rule_uniq_key(const cJSON *elem, const char *fields, bool ids)
{
	char buf[1024], *key = xstrdup(""), *next;
	const char *f = fields;

	while (*f != '\0' || ids) {
		size_t len = strcspn(f, ",");
		char name[64];
		const cJSON *v;

		snprintf(name, sizeof name, "%.*s", (int)len, f);
		v = ids ? elem : cJSON_GetObjectItemCaseSensitive(elem, name);
		if (v == NULL || cJSON_IsArray(v) || cJSON_IsObject(v)) {
			free(key);
			return NULL;
		}
		rule_scalar_text(v, buf, sizeof buf);
		next = xasprintf("%s%s%s", key, *key != '\0' || f != fields ? ", " : "", buf);
		free(key);
		key = next;
		if (ids || f[len] == '\0')
			break;
		f += len + 1;
	}
	return key;
}

/* Element positions sorted by their key, then by position. */
struct rule_uniq_pos {
	const char	*key;
	size_t		 i;
};

static int
rule_uniq_pos_cmp(const void *a, const void *b)
{
	const struct rule_uniq_pos *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->i < y->i ? -1 : x->i > y->i);
}

/* The first element (by position) whose key repeats an earlier one; n when none. Sorting
 * keeps it O(n log n): after the sort a repeat follows an equal key. */
static size_t
rule_uniq_first_dup(char *const *keys, size_t n)
{
	struct rule_uniq_pos *v = xcalloc(n + 1, sizeof *v);
	size_t m = 0, first = n;

	for (size_t i = 0; i < n; i++)
		if (keys[i] != NULL)
			v[m++] = (struct rule_uniq_pos){ keys[i], i };
	qsort(v, m, sizeof *v, rule_uniq_pos_cmp);
	for (size_t j = 1; j < m; j++)
		if (v[j].i < first && strcmp(v[j].key, v[j - 1].key) == 0)
			first = v[j].i;
	free(v);
	return first;
}

static int
rule_uniq_one(const cJSON *arr, const char *fields, bool ids, const struct rule_path *path, char **cause)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	char **keys = xcalloc(n + 1, sizeof *keys);
	const cJSON *e;
	int rc = 0;

	cJSON_ArrayForEach(e, arr)
		keys[i++] = rule_uniq_key(e, fields, ids);
	if ((i = rule_uniq_first_dup(keys, n)) < n) {
		struct rule_path sub = { path, NULL, i + 1 };
		char *what, list[256];
		size_t o = 0;

		/* "tag,value" reads "tag, value" */
		for (const char *c = fields; *c && o + 3 < sizeof list; c++) {
			list[o++] = *c;
			if (*c == ',')
				list[o++] = ' ';
		}
		list[o] = '\0';
		what = ids ? xasprintf("value (%s) already exists", keys[i]) :
		    xasprintf("value (%s)=(%s) already exists", list, keys[i]);
		rule_fail(cause, &sub, what);
		free(what);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

static int rule_uniq(const struct rule *, const cJSON *, const struct rule_path *, char **);

static int
rule_uniq_fields(const struct rule *r, const cJSON *v, const struct rule_path *path, char **cause)
{
	int rc = 0;

	for (const struct rule_field *f = r->fields; rc == 0 && f && f->name; f++) {
		const cJSON *item = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, f->name) : NULL;
		struct rule_path sub = { 0 };

		if (item == NULL)
			continue;
		sub.up = path, sub.name = f->name;
		rc = rule_uniq(&f->rule, item, &sub, cause);
	}
	return rc;
}

/* Zabbix's second pass: this level's unique field lists first, then what is inside. */
static int
rule_uniq(const struct rule *r, const cJSON *v, const struct rule_path *path, char **cause)
{
	const cJSON *e;
	struct rule tmp;
	struct rule_path sub = { 0 };
	int i = 0, rc = 0;

	r = rule_resolve(r, &tmp);
	if (r->type == RULE_OBJECT)
		return rule_uniq_fields(r, v, path, cause);
	if ((r->type != RULE_OBJECTS && r->type != RULE_IDS) || !cJSON_IsArray(v))
		return 0;
	for (const char *const *u = r->uniq; rc == 0 && u != NULL && *u != NULL; u++)
		rc = rule_uniq_one(v, *u, r->type == RULE_IDS, path, cause);
	if (r->type == RULE_IDS)
		return rc;
	cJSON_ArrayForEach(e, v) {
		if (rc != 0)
			break;
		sub.up = path, sub.name = NULL, sub.index = (size_t)++i;
		rc = rule_uniq(r->elem, e, &sub, cause);
	}
	return rc;
}

int
validate_at(const struct rule *r, cJSON *data, const char *where, char **cause)
{
	struct rule_path root = { NULL, where, 0 };

	*cause = NULL;
	if (rule_check(r, data, &root, cause) != 0)
		return -1;
	return rule_uniq(r, data, &root, cause);
}

int
validate_params(const struct rule *r, cJSON *data, char **cause)
{
	return validate_at(r, data, "/", cause);
}
