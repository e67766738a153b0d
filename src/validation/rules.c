/* rules.c: the rule engine behind every method's params check, with Zabbix's or BlueKing's texts. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/util.h"
#include "tmpld/validate.h"

/* What one validation run reports: its dialect, and the first failure. */
struct rule_ctx {
	bool		 bk;		/* BlueKing texts, kinds and paths */
	enum err_kind	 kind;
	char		*cause;
};

/* A path in the data, kept on the stack and spelled out only for an error message. */
struct rule_path {
	const struct rule_path	*up;		/* NULL at the root */
	const char		*name;		/* a field, or the root's own text */
	size_t			 index;		/* 1-based element number when name is NULL */
	struct rule_ctx		*ctx;
};

static enum err_kind rule_check(const struct rule *, cJSON *, const struct rule_path *);

static struct rule_path
rule_sub(const struct rule_path *up, const char *name, size_t index)
{
	struct rule_path p = { up, name, index, up->ctx };

	return p;
}

/* Appends sep and text to buf (n bytes, *o used), truncating at the end. */
static void
rule_put(char *buf, size_t n, size_t *o, const char *sep, const char *text)
{
	int w = snprintf(buf + *o, *o < n ? n - *o : 0, "%s%s", sep, text);

	*o += w > 0 ? (size_t)w : 0;
	if (*o >= n)
		*o = n - 1;
}

/* Zabbix: "/1/macros/2"; BlueKing: "processes[0].spec" (0-based, "" at the root). */
static void
rule_path_write(const struct rule_path *p, char *buf, size_t n, size_t *o)
{
	bool bk = p->ctx->bk;
	char num[32];
	const char *sep;

	if (p->up == NULL) {
		rule_put(buf, n, o, "", bk ? "" : p->name);
		return;
	}
	rule_path_write(p->up, buf, n, o);
	if (bk && p->name == NULL) {
		snprintf(num, sizeof num, "[%zu]", p->index - 1);
		rule_put(buf, n, o, "", num);
		return;
	}
	if (bk)
		sep = p->up->up == NULL ? "" : ".";
	else
		sep = p->up->up == NULL && strcmp(p->up->name, "/") == 0 ? "" : "/";
	snprintf(num, sizeof num, "%zu", p->index);
	rule_put(buf, n, o, sep, p->name != NULL ? p->name : num);
}

static char *
rule_path_text(const struct rule_path *p)
{
	char buf[1024];
	size_t o = 0;

	buf[0] = '\0';
	rule_path_write(p, buf, sizeof buf, &o);
	return xstrdup(buf);
}

static enum err_kind
rule_set(const struct rule_path *p, enum err_kind kind, char *text)
{
	free(p->ctx->cause);
	p->ctx->cause = text;
	p->ctx->kind = kind;
	return kind;
}

/* Zabbix's "Invalid parameter \"<path>\": <what>." */
static enum err_kind
rule_fail(const struct rule_path *p, const char *what)
{
	char *path = rule_path_text(p);
	enum err_kind rc = rule_set(p, ERR_PARAM, xasprintf("Invalid parameter \"%s\": %s.",
	    path, what));

	free(path);
	return rc;
}

/* A value of the wrong JSON type: Zabbix's text, or BlueKing's "should be <bk>". */
static enum err_kind
rule_fail_type(const struct rule_path *p, const char *zbx, const char *bk)
{
	char *path;
	enum err_kind rc;

	if (!p->ctx->bk)
		return rule_fail(p, zbx);
	if (p->up == NULL)
		return rule_set(p, ERR_TYPE, xstrdup("invalid JSON data: the request body should "
		    "be a JSON object"));
	path = rule_path_text(p);
	rc = rule_set(p, ERR_TYPE, xasprintf("invalid JSON data: '%s' should be %s", path, bk));
	free(path);
	return rc;
}

/* A BlueKing failure of a kind, worded as struct rule_fail says. */
static enum err_kind
rule_fail_bk(const struct rule *r, const struct rule_path *p, enum err_kind kind,
    const char *what)
{
	char *path = r->subject != NULL ? xstrdup(r->subject) : rule_path_text(p), *text;

	switch (kind) {
	case ERR_NONE:
	case ERR_PARAM:
		kind = ERR_PARAM;
		text = xasprintf("'%s' parameter validation failed: %s", path, what);
		break;
	case ERR_MISSING:
		text = xasprintf("invalid input parameter: '%s' %s", path, what);
		break;
	case ERR_TYPE:
		text = xasprintf("invalid JSON data: '%s' should be %s", path, what);
		break;
	default:
		text = xasprintf("'%s' %s", path, what);
		break;
	}
	free(path);
	return rule_set(p, kind, text);
}

/* A value failure: Zabbix's text zbx (or the rule's own), or the rule's BlueKing failure. */
static enum err_kind
rule_fail_value(const struct rule *r, const struct rule_path *p, const char *zbx)
{
	if (!p->ctx->bk)
		return rule_fail(p, r->fail.what != NULL ? r->fail.what : zbx);
	return rule_fail_bk(r, p, r->fail.kind, r->fail.what != NULL ? r->fail.what : zbx);
}

/* More elements than the rule's max. */
static enum err_kind
rule_fail_max(const struct rule *r, const struct rule_path *p)
{
	const char *what = r->max_fail.what != NULL ? r->max_fail.what : "too many elements";

	if (!p->ctx->bk)
		return rule_fail(p, what);
	return rule_fail_bk(r, p, r->max_fail.kind, what);
}

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

/* PHP decodes {} and [] alike: an empty array is an empty object. Go does not. */
static bool
rule_is_object(const struct rule_path *p, const cJSON *v)
{
	return cJSON_IsObject(v) || (!p->ctx->bk && cJSON_IsArray(v));
}

/* A member as the rule sees it: BlueKing's null is an absent member. */
static cJSON *
rule_member(const struct rule_path *p, cJSON *obj, const char *name)
{
	cJSON *v = cJSON_IsObject(obj) ? util_json_member(obj, name) : NULL;

	return p->ctx->bk && cJSON_IsNull(v) ? NULL : v;
}

/* True when v is a JSON number holding an integer in int64's range (within 2^63 - 2^53). */
static bool
rule_json_int(const cJSON *v, long long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= -9.2e18 && d <= 9.2e18) || d != (double)(long long)d)
		return false;
	*out = (long long)d;
	return true;
}

/* ---- objects ---- */

/* Deprecated members take their new names; both sent is Zabbix's "is deprecated". */
static enum err_kind
rule_renames(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	for (const struct rule_field *f = r->fields; f != NULL && f->name != NULL; f++) {
		cJSON *old;

		if (f->rule.rename == NULL || !cJSON_IsObject(v) ||
		    (old = util_json_member(v, f->name)) == NULL)
			continue;
		if (util_json_member(v, f->rule.rename) != NULL)
			return rule_set(path, ERR_PARAM, xasprintf("Parameter \"%s\" is deprecated.",
			    f->name));
		cJSON_DetachItemViaPointer(v, old);
		cJSON_AddItemToObject(v, f->rule.rename, old);
	}
	return ERR_NONE;
}

static const struct rule_field *
rule_field_find(const struct rule *r, const char *key)
{
	for (const struct rule_field *f = r->fields; f != NULL && f->name != NULL; f++)
		if (f->name[0] == key[0] && strcmp(f->name, key) == 0)
			return f;
	return NULL;
}

/* Zabbix refuses the first member it does not know, in the order sent, naming it whole (a
 * cut name could end inside a UTF-8 character). */
static enum err_kind
rule_unexpected(const struct rule *r, const cJSON *v, const struct rule_path *path)
{
	const cJSON *item;
	char num[24], *what;
	int idx = 0, rc;

	cJSON_ArrayForEach(item, v) {
		const char *key = item->string;

		if (key == NULL) {	/* a JSON array element: PHP key "0", "1", ... */
			snprintf(num, sizeof num, "%d", idx);
			key = num;
		}
		idx++;
		if (item->string != NULL && rule_field_find(r, key) != NULL)
			continue;
		what = xasprintf("unexpected parameter \"%s\"", key);
		rc = path->ctx->bk ? rule_fail_bk(r, path, ERR_PARAM, what) : rule_fail(path, what);
		free(what);
		return rc;
	}
	return ERR_NONE;
}

static enum err_kind rule_check_shape(const struct rule *, cJSON *, const struct rule_path *);

/* Zabbix's lenient containers leave a value of another JSON type to the method. */
static bool
rule_legacy(const struct rule *r, const struct rule_path *path)
{
	return (r->flags & RULE_LENIENT) && !path->ctx->bk;
}

/* BlueKing's decoding pass: the JSON type of every declared member, in the order the members
 * were sent (the order its decoder meets them). */
static enum err_kind
rule_types_first(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	cJSON *item;
	struct rule tmp;
	enum err_kind kind;

	cJSON_ArrayForEach(item, v) {
		const struct rule_field *f = item->string != NULL ? rule_field_find(r, item->string) :
		    NULL;
		struct rule_path sub;

		if (f == NULL || rule_member(path, v, f->name) != item)
			continue;	/* unknown, null, or a repeated member */
		sub = rule_sub(path, f->name, 0);
		if ((kind = rule_check_shape(rule_resolve(&f->rule, &tmp), item, &sub)) != ERR_NONE)
			return kind;
	}
	return ERR_NONE;
}

static enum err_kind
rule_check_field(const struct rule_field *f, cJSON *v, const struct rule_path *path)
{
	struct rule_path sub;
	struct rule tmp;
	const struct rule *fr = rule_resolve(&f->rule, &tmp);
	cJSON *item;
	char what[300];

	if (f->rule.rename != NULL)
		return ERR_NONE;	/* renamed before; its new name has its own rule */
	if (fr->type == RULE_ANY && fr->check == NULL && fr->dflt == NULL &&
	    !(fr->flags & RULE_REQUIRED))
		return ERR_NONE;	/* nothing to check, present or not (a get option) */
	sub = rule_sub(path, f->name, 0);
	item = rule_member(path, v, f->name);
	if (item == NULL && fr->dflt != NULL && cJSON_IsObject(v)) {
		cJSON_AddStringToObject(v, f->name, fr->dflt);
		return ERR_NONE;
	}
	if (item != NULL)
		return rule_check(&f->rule, item, &sub);
	if (!(fr->flags & RULE_REQUIRED))
		return ERR_NONE;
	if (path->ctx->bk)
		return rule_fail_value(fr, &sub, "required");
	snprintf(what, sizeof what, "the parameter \"%s\" is missing", f->name);
	return rule_fail(path, what);
}

static enum err_kind
rule_check_object(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	enum err_kind kind;

	if (!rule_is_object(path, v)) {
		if (rule_legacy(r, path))
			return ERR_NONE;	/* the method's legacy check answers */
		return rule_fail_type(path, "an array is expected", "an object");
	}
	if ((r->flags & RULE_NOT_EMPTY) && cJSON_GetArraySize(v) == 0)
		return rule_fail_value(r, path, "cannot be empty");
	if ((kind = rule_renames(r, v, path)) != ERR_NONE)
		return kind;
	if (!(r->flags & RULE_LENIENT) && (kind = rule_unexpected(r, v, path)) != ERR_NONE)
		return kind;
	if ((r->flags & RULE_TYPES_FIRST) && (kind = rule_types_first(r, v, path)) != ERR_NONE)
		return kind;
	for (const struct rule_field *f = r->fields; f != NULL && f->name != NULL; f++)
		if ((kind = rule_check_field(f, v, path)) != ERR_NONE)
			return kind;
	return ERR_NONE;
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

/* The element count rules of an array that passed its type rule. */
static enum err_kind
rule_check_count(const struct rule *r, const cJSON *v, const struct rule_path *path)
{
	int n = cJSON_GetArraySize(v);

	if ((r->flags & RULE_NOT_EMPTY) && n == 0)
		return rule_fail_value(r, path, "cannot be empty");
	if (r->max != 0 && (size_t)n > r->max)
		return rule_fail_max(r, path);
	return ERR_NONE;
}

static enum err_kind
rule_check_objects(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	cJSON *item;
	size_t i = 0;
	enum err_kind kind;

	if (r->flags & RULE_NORMALIZE)
		validate_to_array(v);
	if (!cJSON_IsArray(v) && !(!path->ctx->bk && cJSON_IsObject(v) && v->child == NULL)) {
		if (rule_legacy(r, path))
			return ERR_NONE;
		return rule_fail_type(path, "an array is expected", "an array");
	}
	if ((kind = rule_check_count(r, v, path)) != ERR_NONE)
		return kind;
	cJSON_ArrayForEach(item, v) {
		struct rule_path sub = rule_sub(path, NULL, ++i);

		if (r->elem != NULL && (kind = rule_check(r->elem, item, &sub)) != ERR_NONE)
			return kind;
	}
	return ERR_NONE;
}

/* ---- scalars ---- */

/* True when s is valid UTF-8 but for NULs kept as C0 80 (see jsonrpc_body_parse). */
static bool
rule_nul_only(const char *s)
{
	char *copy = xstrdup(s), *p = copy;
	bool ok;

	while ((p = strstr(p, "\xC0\x80")) != NULL) {
		p[0] = p[1] = 'x';
		p += 2;
	}
	ok = util_utf8_valid(copy, strlen(copy));
	free(copy);
	return ok;
}

/* A NUL (C0 80) in a Zabbix string: Zabbix's validator takes it (mb_check_encoding does),
 * so the field's own check speaks first ("invalid host name"); a string its checks let
 * through is refused with the invalid-string text, as Zabbix's store cannot hold a NUL,
 * unless it is only looked up (RULE_KEEP_NUL). */
static bool
rule_nul_to_check(const struct rule *r, const char *s)
{
	return (r->check != NULL || (r->flags & RULE_KEEP_NUL)) && rule_nul_only(s);
}

static enum err_kind
rule_check_string(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	const char *s;

	if (!cJSON_IsString(v))
		return rule_fail_type(path, "a character string is expected", "a string");
	s = v->valuestring;
	/* BlueKing keeps a NUL whole (its store holds NUL bytes). */
	if (!path->ctx->bk && !util_utf8_valid(s, strlen(s)) && !rule_nul_to_check(r, s))
		return rule_fail(path, "invalid byte sequence in UTF-8");
	if ((r->flags & RULE_NOT_EMPTY) && *s == '\0')
		return rule_fail_value(r, path, "cannot be empty");
	if (r->length != 0 && util_utf8_len(s) > r->length)
		return rule_fail_value(r, path, "value is too long");
	return ERR_NONE;
}

/* Digits only, leading zeros dropped, at most 2^63 - 1; normalised to a JSON string. */
static enum err_kind
rule_check_id(cJSON *v, const struct rule_path *path)
{
	char buf[32];
	const char *s;
	uint64_t id;

	if (cJSON_IsNumber(v)) {
		if (!(v->valuedouble >= 0 && v->valuedouble < 9223372036854775808.0) ||
		    v->valuedouble != (double)(int64_t)v->valuedouble)
			return rule_fail_type(path, "a number is expected", "an id");
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
		s = buf;
	} else if (cJSON_IsString(v))
		s = v->valuestring;
	else
		return rule_fail_type(path, "a number is expected", "an id");
	if (!util_parse_u64(s, &id)) {
		/* Digits past 2^64 - 1 are still a number, one too large (Zabbix: ctype_digit, then bccomp). */
		if (*s != '\0' && strspn(s, "0123456789") == strlen(s))
			return rule_fail(path, "a number is too large");
		return rule_fail_type(path, "a number is expected", "an id");
	}
	if (id > INT64_MAX)
		return rule_fail(path, "a number is too large");
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
	if (!cJSON_IsString(v) || strcmp(v->valuestring, buf) != 0) {
		cJSON *norm = cJSON_CreateString(buf);

		cJSON_free(v->valuestring);
		v->valuestring = norm->valuestring;
		norm->valuestring = NULL;
		v->type = cJSON_String;
		cJSON_Delete(norm);
	}
	return ERR_NONE;
}

/* A bound of an "in" range; an empty one is open (LLONG_MIN or LLONG_MAX). */
static long long
rule_bound(const char *p, char **end, long long open)
{
	long long n;

	errno = 0;
	n = strtoll(p, end, 10);
	if (*end == p)
		return open;
	return n;
}

/* "0,1,2" or "1:10000" or "0,90:86400" or "1:" (at least 1). */
static bool
rule_in_range(const char *in, long long n)
{
	const char *p = in;
	char *end;

	while (*p != '\0') {
		long long lo = rule_bound(p, &end, LLONG_MIN), hi = lo;

		if (*end == ':')
			hi = rule_bound(end + 1, &end, LLONG_MAX);
		if (n >= lo && n <= hi)
			return true;
		if (*end != ',')
			break;
		p = end + 1;
	}
	return false;
}

/* Zabbix's "value must be one of 0, 1, 2" ("1:10" reads "1-10"). */
static enum err_kind
rule_fail_in(const struct rule *r, const struct rule_path *path)
{
	char what[160], list[100];
	size_t o = 0;

	for (const char *c = r->in; *c != '\0' && o + 3 < sizeof list; c++) {
		if (*c == ',') {
			list[o++] = ',';
			list[o++] = ' ';
		} else
			list[o++] = *c == ':' ? '-' : *c;
	}
	list[o] = '\0';
	snprintf(what, sizeof what, "value must be one of %s", list);
	return rule_fail_value(r, path, what);
}

static enum err_kind
rule_check_int32(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	long long n;
	char *end;

	if (cJSON_IsNumber(v) && v->valuedouble >= -9.2e18 && v->valuedouble <= 9.2e18 &&
	    v->valuedouble == (double)(long long)v->valuedouble)
		n = (long long)v->valuedouble;
	else if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
		errno = 0;
		n = strtoll(v->valuestring, &end, 10);
		if (*end != '\0' || errno != 0)
			return rule_fail_type(path, "an integer is expected", "an integer");
	} else
		return rule_fail_type(path, "an integer is expected", "an integer");
	if (n < INT32_MIN || n > INT32_MAX)
		return rule_fail(path, "a number is too large");
	if (r->in != NULL && !rule_in_range(r->in, n))
		return rule_fail_in(r, path);
	return ERR_NONE;
}

static enum err_kind
rule_check_integer(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	long long n;

	if (!rule_json_int(v, &n))
		return rule_fail_type(path, "an integer is expected", "an integer");
	if (r->in != NULL && !rule_in_range(r->in, n))
		return rule_fail_in(r, path);
	return ERR_NONE;
}

/* Absent or null, a REQUIRED BlueKing integer counts as 0: it fails like a bad value. */
static enum err_kind
rule_check_integers(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	const cJSON *e;
	long long n;

	if (!cJSON_IsArray(v))
		return rule_fail_type(path, "an array is expected", "an array of integers");
	cJSON_ArrayForEach(e, v)
		if (!rule_json_int(e, &n) || n <= 0)
			return rule_fail_type(path, "an array of positive integers is expected",
			    "an array of positive integers");
	return ERR_NONE;
}

/* A JSON object is a PHP array too: Zabbix's id lists take its values in order
 * (array_values), so {"a": "1"} is the list ["1"]. The object becomes that list. */
static void
rule_object_to_list(cJSON *v)
{
	cJSON *item;

	cJSON_ArrayForEach(item, v) {
		if (!(item->type & cJSON_StringIsConst))
			cJSON_free(item->string);
		item->string = NULL;
		item->type &= ~cJSON_StringIsConst;
	}
	v->type = (v->type & ~0xFF) | cJSON_Array;
}

static enum err_kind
rule_check_ids(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	cJSON *item;
	size_t i = 0;
	enum err_kind kind;

	if (rule_legacy(r, path))
		return ERR_NONE;	/* the method judges its ids itself */
	/* Zabbix normalises a bare value only when it is an id; anything else is no array */
	if (!cJSON_IsArray(v) && (r->flags & RULE_NORMALIZE) &&
	    (cJSON_IsString(v) || cJSON_IsNumber(v)))
		return rule_check_id(v, path) == ERR_NONE ? ERR_NONE :
		    rule_fail_type(path, "an array is expected", "an array");
	if (!cJSON_IsArray(v) && !(!path->ctx->bk && cJSON_IsObject(v)))
		return rule_fail_type(path, "an array is expected", "an array");
	if (cJSON_IsObject(v))
		rule_object_to_list(v);
	if ((kind = rule_check_count(r, v, path)) != ERR_NONE)
		return kind;
	cJSON_ArrayForEach(item, v) {
		struct rule_path sub = rule_sub(path, NULL, ++i);

		if ((kind = rule_check_id(item, &sub)) != ERR_NONE)
			return kind;
	}
	return ERR_NONE;
}

/* ---- one rule ---- */

/* The JSON type alone (BlueKing's decoding): containers are not entered. */
static enum err_kind
rule_check_shape(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	switch (r->type) {
	case RULE_OBJECT:
		if (!rule_is_object(path, v) && !rule_legacy(r, path))
			return rule_fail_type(path, "an array is expected", "an object");
		return ERR_NONE;
	case RULE_OBJECTS:
		if (!cJSON_IsArray(v) && !rule_legacy(r, path) && !(r->flags & RULE_NORMALIZE))
			return rule_fail_type(path, "an array is expected", "an array");
		return ERR_NONE;
	case RULE_STRING:
		if (!cJSON_IsString(v))
			return rule_fail_type(path, "a character string is expected", "a string");
		return ERR_NONE;
	case RULE_FLAG:
	case RULE_BOOLEAN:
		if (!cJSON_IsBool(v))
			return rule_fail_type(path, "a boolean is expected", "a boolean");
		return ERR_NONE;
	case RULE_INTEGER:
	case RULE_INTEGERS:
		/* their whole type rule is their JSON type */
		return r->type == RULE_INTEGER ? rule_check_integer(&(struct rule){ .type =
		    RULE_INTEGER }, v, path) : rule_check_integers(r, v, path);
	default:
		return ERR_NONE;
	}
}

static enum err_kind
rule_check_type(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	enum err_kind kind;

	switch (r->type) {
	case RULE_OBJECT:
		return rule_check_object(r, v, path);
	case RULE_OBJECTS:
		return rule_check_objects(r, v, path);
	case RULE_EMPTY:
		if (!rule_is_object(path, v))
			return rule_fail_type(path, "an array is expected", "an object");
		if (cJSON_GetArraySize(v) != 0)
			return rule_fail_value(r, path, "should be empty");
		return ERR_NONE;
	case RULE_STRING:
		return rule_check_string(r, v, path);
	case RULE_ID:
		return rule_check_id(v, path);
	case RULE_INT32:
		return rule_check_int32(r, v, path);
	case RULE_FLAG:
	case RULE_BOOLEAN:
		if (!cJSON_IsBool(v))
			return rule_fail_type(path, "a boolean is expected", "a boolean");
		return ERR_NONE;
	case RULE_IDS:
		return rule_check_ids(r, v, path);
	case RULE_INTEGER:
		return rule_check_integer(r, v, path);
	case RULE_INTEGERS:
		if ((kind = rule_check_integers(r, v, path)) != ERR_NONE)
			return kind;
		return rule_check_count(r, v, path);
	case RULE_ANY:
		return ERR_NONE;
	}
	return rule_fail(path, "unsupported rule");
}

/* The type rule, then the rule's own check. */
static enum err_kind
rule_check(const struct rule *r, cJSON *v, const struct rule_path *path)
{
	struct rule tmp;
	char *what;
	enum err_kind kind;

	r = rule_resolve(r, &tmp);
	if (cJSON_IsNull(v) && (r->flags & RULE_ALLOW_NULL) && !path->ctx->bk)
		return ERR_NONE;
	if ((kind = rule_check_type(r, v, path)) != ERR_NONE)
		return kind;
	if (r->check == NULL || (what = r->check(v)) == NULL) {
		if (r->type == RULE_STRING && !path->ctx->bk && !(r->flags & RULE_KEEP_NUL) &&
		    !util_utf8_valid(v->valuestring, strlen(v->valuestring)))
			return rule_fail(path, "invalid byte sequence in UTF-8");
		return ERR_NONE;
	}
	kind = rule_fail_value(&(struct rule){ .fail = { r->fail.kind, what },
	    .subject = r->subject }, path, what);
	free(what);
	return kind;
}

/* ---- the uniqueness pass ---- */

const char *const rule_uniq_ids[] = { "", NULL };

/* The text of a scalar as PHP prints it in "value (...)=(...)"; NULL for a container. */
static char *
rule_scalar_text(const cJSON *v)
{
	if (v == NULL || cJSON_IsArray(v) || cJSON_IsObject(v))
		return NULL;
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v))
		return xasprintf("%.17g", v->valuedouble);
	return xstrdup(cJSON_IsTrue(v) ? "1" : "");
}

/* The scalar's text as rule_scalar_text gives it, without a copy: num holds a number's. */
static const char *
rule_scalar_view(const cJSON *v, char num[32])
{
	if (v == NULL || cJSON_IsArray(v) || cJSON_IsObject(v))
		return NULL;
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(num, 32, "%.17g", v->valuedouble);
		return num;
	}
	return cJSON_IsTrue(v) ? "1" : "";
}

/* One element's key for a field list "a,b": each value's text with its length before it,
 * so that no two different tuples share a key; NULL if a field is absent. Built in one
 * buffer: every element of every checked array passes here. */
static char *
rule_uniq_key(const cJSON *elem, const char *fields, bool ids)
{
	size_t cap = 64, o = 0;
	char *key = xmalloc(cap), name[64], num[32];
	const char *f = fields;

	for (;;) {
		size_t len = strcspn(f, ","), tlen, d;
		const char *text;
		char digits[24];

		memcpy(name, f, len < sizeof name ? len : sizeof name - 1);
		name[len < sizeof name ? len : sizeof name - 1] = '\0';
		text = rule_scalar_view(ids ? elem : util_json_member(elem, name), num);
		if (text == NULL) {
			free(key);
			return NULL;
		}
		tlen = strlen(text);
		d = sizeof digits;
		for (size_t x = tlen; d == sizeof digits || x > 0; x /= 10)
			digits[--d] = (char)('0' + x % 10);
		if (o + (sizeof digits - d) + tlen + 3 > cap) {
			cap = 2 * (o + (sizeof digits - d) + tlen + 3);
			key = xrealloc(key, cap);
		}
		memcpy(key + o, digits + d, sizeof digits - d);
		o += sizeof digits - d;
		key[o++] = ':';
		memcpy(key + o, text, tlen);
		o += tlen;
		key[o++] = ';';
		if (ids || f[len] == '\0') {
			key[o] = '\0';
			return key;
		}
		f += len + 1;
	}
}

/* "a, b" from the element's values, for the message. */
static char *
rule_uniq_text(const cJSON *elem, const char *fields, bool ids)
{
	char *out = xstrdup(""), *next, *text, name[64];
	const char *f = fields;

	for (;;) {
		size_t len = strcspn(f, ",");

		snprintf(name, sizeof name, "%.*s", (int)len, f);
		text = rule_scalar_text(ids ? elem : util_json_member(elem, name));
		next = xasprintf("%s%s%s", out, f != fields ? ", " : "", text != NULL ? text : "");
		free(out);
		free(text);
		out = next;
		if (ids || f[len] == '\0')
			return out;
		f += len + 1;
	}
}

struct rule_uniq_entry {
	char		*key;
	size_t		 index;
	const cJSON	*elem;
};

static int
rule_uniq_cmp(const void *a, const void *b)
{
	const struct rule_uniq_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Zabbix reports the first element (in the order sent) whose key an earlier one has: sort
 * the keys, then that is the least second member of any run of equal keys. O(n log n). */
static enum err_kind
rule_uniq_one(const cJSON *arr, const char *fields, bool ids, const struct rule_path *path)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), m = 0, i = 0, best = SIZE_MAX;
	struct rule_uniq_entry *e = xcalloc(n + 1, sizeof *e);
	const struct rule_uniq_entry *dup = NULL;
	const cJSON *item;
	enum err_kind rc = ERR_NONE;

	cJSON_ArrayForEach(item, arr) {
		char *key = rule_uniq_key(item, fields, ids);

		if (key != NULL)
			e[m++] = (struct rule_uniq_entry){ key, i, item };
		i++;
	}
	qsort(e, m, sizeof *e, rule_uniq_cmp);
	for (i = 1; i < m; i++)
		if (strcmp(e[i].key, e[i - 1].key) == 0 &&
		    (i < 2 || strcmp(e[i - 1].key, e[i - 2].key) != 0) && e[i].index < best) {
			best = e[i].index;
			dup = &e[i];
		}
	if (dup != NULL) {
		struct rule_path sub = rule_sub(path, NULL, dup->index + 1);
		char *text = rule_uniq_text(dup->elem, fields, ids), *what, list[256];
		size_t o = 0;

		/* "tag,value" reads "tag, value" */
		for (const char *c = fields; *c && o + 3 < sizeof list; c++) {
			list[o++] = *c;
			if (*c == ',')
				list[o++] = ' ';
		}
		list[o] = '\0';
		what = ids ? xasprintf("value (%s) already exists", text) :
		    xasprintf("value (%s)=(%s) already exists", list, text);
		rc = rule_fail(&sub, what);
		free(what);
		free(text);
	}
	for (i = 0; i < m; i++)
		free(e[i].key);
	free(e);
	return rc;
}

static enum err_kind rule_uniq(const struct rule *, const cJSON *, const struct rule_path *);

static enum err_kind
rule_uniq_fields(const struct rule *r, const cJSON *v, const struct rule_path *path)
{
	enum err_kind kind;

	for (const struct rule_field *f = r->fields; f && f->name; f++) {
		struct rule tmp;
		const struct rule *fr = rule_resolve(&f->rule, &tmp);
		const cJSON *item;
		struct rule_path sub;

		if (f->rule.rename != NULL || (fr->type != RULE_OBJECT &&
		    fr->type != RULE_OBJECTS && fr->type != RULE_IDS))
			continue;	/* rule_uniq has nothing to do in it */
		item = cJSON_IsObject(v) ? util_json_member(v, f->name) : NULL;
		sub = rule_sub(path, f->name, 0);
		if (item != NULL && (kind = rule_uniq(&f->rule, item, &sub)) != ERR_NONE)
			return kind;
	}
	return ERR_NONE;
}

/* Zabbix's second pass: this level's unique field lists first, then what is inside. */
static enum err_kind
rule_uniq(const struct rule *r, const cJSON *v, const struct rule_path *path)
{
	const cJSON *e;
	struct rule tmp;
	size_t i = 0;
	enum err_kind kind;

	r = rule_resolve(r, &tmp);
	if (r->type == RULE_OBJECT)
		return rule_uniq_fields(r, v, path);
	if ((r->type != RULE_OBJECTS && r->type != RULE_IDS) || !cJSON_IsArray(v))
		return ERR_NONE;
	for (const char *const *u = r->uniq; u != NULL && *u != NULL; u++)
		if ((kind = rule_uniq_one(v, *u, r->type == RULE_IDS, path)) != ERR_NONE)
			return kind;
	if (r->type == RULE_IDS || r->elem == NULL)
		return ERR_NONE;
	cJSON_ArrayForEach(e, v) {
		struct rule_path sub = rule_sub(path, NULL, ++i);

		if ((kind = rule_uniq(r->elem, e, &sub)) != ERR_NONE)
			return kind;
	}
	return ERR_NONE;
}

enum err_kind
validate_at(const struct rule *r, cJSON *data, const char *where, char **cause)
{
	struct rule_ctx ctx = { .bk = (r->flags & RULE_BK) != 0, .kind = ERR_NONE };
	struct rule_path root = { NULL, where, 0, &ctx };

	if (rule_check(r, data, &root) == ERR_NONE)
		rule_uniq(r, data, &root);
	*cause = ctx.cause;
	return ctx.cause != NULL ? ctx.kind : ERR_NONE;
}

enum err_kind
validate_params(const struct rule *r, cJSON *data, char **cause)
{
	return validate_at(r, data, "/", cause);
}
