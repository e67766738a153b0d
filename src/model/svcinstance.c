/* svcinstance.c: BlueKing service categories and process instances: the built-in category
 * tree, and how a process instance is made from, compared with and synced to its template. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/error.h"
#include "tmpld/proctemplate.h"
#include "tmpld/svcinstance.h"
#include "tmpld/util.h"

/* ---- categories ---- */

struct bkcat_builtin {
	const char	*name;
	int64_t		 parent;	/* 0: a root */
};

/* bk-cmdb's migration order, which gives the ids 1..20. */
static const struct bkcat_builtin bkcat_builtins[BKCAT_BUILTIN_N] = {
	{ "Default", 0 }, { "Default", 1 },
	{ "数据库", 0 }, { "Mysql", 3 }, { "Redis", 3 }, { "Oracle", 3 }, { "SQLServer", 3 },
	{ "MongoDB", 3 }, { "Etcd", 3 }, { "Zookeeper", 3 },
	{ "消息队列", 0 }, { "Kafka", 11 }, { "RabbitMQ", 11 },
	{ "HTTP 服务", 0 }, { "Nginx", 14 }, { "Apache", 14 }, { "Tomcat", 14 },
	{ "存储", 0 }, { "Ceph", 18 }, { "NFS", 18 },
};

cJSON *
bkcat_json(uint64_t biz, uint64_t id, const char *name, int64_t root, int64_t parent,
    bool builtin)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "bk_biz_id", (double)biz);
	cJSON_AddNumberToObject(o, "id", (double)id);
	util_json_add_str(o, "name", name);
	cJSON_AddNumberToObject(o, "bk_root_id", (double)root);
	cJSON_AddNumberToObject(o, "bk_parent_id", (double)parent);
	util_json_add_str(o, "bk_supplier_account", "0");
	cJSON_AddBoolToObject(o, "is_built_in", builtin);
	return o;
}

cJSON *
bkcat_builtin_json(size_t i)
{
	const struct bkcat_builtin *b;

	if (i >= BKCAT_BUILTIN_N)
		return NULL;
	b = &bkcat_builtins[i];
	return bkcat_json(0, i + 1, b->name, b->parent != 0 ? b->parent : (int64_t)i + 1,
	    b->parent, true);
}

/* ---- values ---- */

static cJSON *
pi_value(const struct pt_prop *p)
{
	switch (p->kind) {
	case PT_INT: return cJSON_CreateNumber((double)p->i);
	case PT_STR: return cJSON_CreateString(p->s);
	case PT_BOOL: return cJSON_CreateBool(p->b);
	default: return cJSON_CreateNull();
	}
}

static bool
pi_locked(const struct pt_prop *p)
{
	return p->dflt == PT_DFLT_TRUE;
}

/* A member's value, a missing member as null. */
static const cJSON *
pi_get(const cJSON *o, const char *name)
{
	static cJSON null_item = { .type = cJSON_NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return v != NULL ? v : &null_item;
}

static void
pi_set(cJSON *o, const char *name, cJSON *v)
{
	if (cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(o, name, v);
	else
		cJSON_AddItemToObject(o, name, v);
}

/* The literal address an instance binds for a template ip code. */
static const char *
pi_ip_resolve(const struct pt_prop *ip, const char *inner)
{
	if (ip->kind != PT_STR || ip->s[0] == '\0')
		return "";
	if (strcmp(ip->s, "1") == 0)
		return "127.0.0.1";
	if (strcmp(ip->s, "2") == 0)
		return "0.0.0.0";
	if (strcmp(ip->s, "3") == 0)
		return inner != NULL ? inner : "";
	return "";		/* "4", the outer IP: tmpld hosts have none */
}

static cJSON *
pi_row_field(const struct pt_bind_row *r, int f, const char *inner)
{
	if (f == PT_B_IP)
		return cJSON_CreateString(pi_ip_resolve(&r->f[PT_B_IP], inner));
	return pi_value(&r->f[f]);
}

static cJSON *
pi_row_find(const cJSON *rows, int64_t row_id)
{
	cJSON *r;
	int64_t v;

	for (r = cJSON_IsArray(rows) ? rows->child : NULL; r != NULL; r = r->next)
		if (pt_json_int(cJSON_GetObjectItemCaseSensitive(r, "template_row_id"), &v) &&
		    v == row_id)
			return r;
	return NULL;
}

/* The bind_info rows of an instance of t: one per template row; a row of cur with the same
 * template_row_id keeps its unlocked fields (those it has). */
static cJSON *
pi_bind_rebuild(const struct proctemplate *t, const cJSON *cur, const char *inner)
{
	cJSON *rows = cJSON_CreateArray();

	for (size_t i = 0; i < t->nrows; i++) {
		const struct pt_bind_row *r = &t->rows[i];
		const cJSON *old = pi_row_find(cur, r->row_id), *ov;
		cJSON *row = cJSON_CreateObject();

		for (int f = 0; f < PT_B__COUNT; f++) {
			const char *name = proctemplate_bind_field_name((enum pt_bind_field)f);

			ov = cJSON_GetObjectItemCaseSensitive(old, name);
			if (old != NULL && ov != NULL && !pi_locked(&r->f[f]))
				cJSON_AddItemToObject(row, name, cJSON_Duplicate(ov, true));
			else
				cJSON_AddItemToObject(row, name, pi_row_field(r, f, inner));
		}
		cJSON_AddNumberToObject(row, "template_row_id", (double)r->row_id);
		cJSON_AddItemToArray(rows, row);
	}
	return rows;
}

/* ---- checking what a client sends ---- */

static int
pi_check_ip(const char *s, size_t n, struct err *err)
{
	unsigned char buf[16];

	if (s[0] == '\0' || inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1)
		return 0;
	return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].ip' parameter validation failed: "
	    "an IPv4 or IPv6 address, or empty", n);
}

static int
pi_check_row(const cJSON *row, size_t n, bool strict, struct err *err)
{
	const cJSON *v;
	int64_t id;

	if (!cJSON_IsObject(row))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu]' should be "
		    "an object", n);
	v = cJSON_GetObjectItemCaseSensitive(row, "enable");
	if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsBool(v))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu].enable' "
		    "should be a boolean", n);
	v = cJSON_GetObjectItemCaseSensitive(row, "template_row_id");
	if (v != NULL && !cJSON_IsNull(v) && (!pt_json_int(v, &id) || id < 0))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu]."
		    "template_row_id' should be an integer, 0 or above", n);
	for (int f = PT_B_IP; f <= PT_B_PROTOCOL; f++) {
		const char *name = proctemplate_bind_field_name((enum pt_bind_field)f);

		v = cJSON_GetObjectItemCaseSensitive(row, name);
		if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsString(v))
			return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu].%s' "
			    "should be a string", n, name);
	}
	v = cJSON_GetObjectItemCaseSensitive(row, "ip");
	if (cJSON_IsString(v) && pi_check_ip(v->valuestring, n, err) != 0)
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(row, "port");
	if ((strict || cJSON_IsString(v)) &&
	    (!cJSON_IsString(v) || !proctemplate_port_valid(v->valuestring)))
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].port' parameter validation "
		    "failed: ports 1-65535 or ranges a-b, comma separated, without overlaps", n);
	v = cJSON_GetObjectItemCaseSensitive(row, "protocol");
	if ((strict || cJSON_IsString(v)) && (!cJSON_IsString(v) ||
	    (strcmp(v->valuestring, "1") != 0 && strcmp(v->valuestring, "2") != 0)))
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].protocol' parameter "
		    "validation failed: \"1\" (TCP) or \"2\" (UDP)", n);
	return 0;
}

static const char *const pi_type_names[] = {
	[PT_NULL] = "null", [PT_INT] = "an integer", [PT_STR] = "a string", [PT_BOOL] = "a boolean",
};

int
procinst_check(const cJSON *in, bool strict, struct err *err)
{
	const cJSON *v, *row;
	size_t n = 0;

	if (!cJSON_IsObject(in))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: the process should be an "
		    "object");
	for (int f = 0; f < PT_F__COUNT; f++) {
		enum pt_kind type = proctemplate_field_type((enum pt_field_id)f);
		const char *name = proctemplate_field_name((enum pt_field_id)f);
		int64_t i;
		bool ok;

		if ((v = cJSON_GetObjectItemCaseSensitive(in, name)) == NULL || cJSON_IsNull(v))
			continue;
		ok = type == PT_INT ? pt_json_int(v, &i) : type == PT_STR ? cJSON_IsString(v) :
		    cJSON_IsBool(v);
		if (!ok)
			return err_set(err, ERR_TYPE, NULL, "invalid JSON data: '%s' should be %s",
			    name, pi_type_names[type]);
		if (type == PT_INT && !proctemplate_field_in_range((enum pt_field_id)f, i))
			return err_set(err, ERR_PARAM, NULL, "'%s' parameter validation failed: out "
			    "of range", name);
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "bind_info");
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info' should be an "
		    "array");
	cJSON_ArrayForEach(row, v)
		if (pi_check_row(row, n++, strict, err) != 0)
			return -1;
	return 0;
}

/* ---- instances ---- */

cJSON *
procinst_from_template(const struct proctemplate *t, const cJSON *given, const char *inner)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *gv;

	for (int f = 0; f < PT_F__COUNT; f++) {
		const char *name = proctemplate_field_name((enum pt_field_id)f);

		gv = cJSON_GetObjectItemCaseSensitive(given, name);
		if (gv != NULL && !pi_locked(&t->p[f]))
			cJSON_AddItemToObject(o, name, cJSON_Duplicate(gv, true));
		else
			cJSON_AddItemToObject(o, name, pi_value(&t->p[f]));
	}
	cJSON_AddItemToObject(o, "bind_info", pi_bind_rebuild(t,
	    cJSON_GetObjectItemCaseSensitive(given, "bind_info"), inner));
	return o;
}

/* bind_info as sent, each row numbered (template_row_id, or its place from 1). */
static cJSON *
pi_bind_copy(const cJSON *rows)
{
	cJSON *out = cJSON_CreateArray(), *row;
	const cJSON *r;
	int64_t n = 0, id;

	cJSON_ArrayForEach(r, rows) {
		n++;
		row = cJSON_CreateObject();
		cJSON_AddItemToObject(row, "enable", cJSON_Duplicate(pi_get(r, "enable"), true));
		cJSON_AddItemToObject(row, "ip", cJSON_Duplicate(pi_get(r, "ip"), true));
		cJSON_AddItemToObject(row, "port", cJSON_Duplicate(pi_get(r, "port"), true));
		cJSON_AddItemToObject(row, "protocol", cJSON_Duplicate(pi_get(r, "protocol"), true));
		if (!pt_json_int(cJSON_GetObjectItemCaseSensitive(r, "template_row_id"), &id) ||
		    id <= 0)
			id = n;
		cJSON_AddNumberToObject(row, "template_row_id", (double)id);
		cJSON_AddItemToArray(out, row);
	}
	return out;
}

static bool
pi_str_empty(const cJSON *v)
{
	return !cJSON_IsString(v) || v->valuestring[0] == '\0';
}

cJSON *
procinst_free_new(const cJSON *given, struct err *err)
{
	cJSON *o;

	if (pi_str_empty(cJSON_GetObjectItemCaseSensitive(given, "bk_process_name"))) {
		err_set(err, ERR_PARAM, NULL, "'bk_process_name' parameter validation failed: "
		    "required, not empty");
		return NULL;
	}
	if (pi_str_empty(cJSON_GetObjectItemCaseSensitive(given, "bk_func_name"))) {
		err_set(err, ERR_PARAM, NULL, "'bk_func_name' parameter validation failed: "
		    "required, not empty");
		return NULL;
	}
	o = cJSON_CreateObject();
	for (int f = 0; f < PT_F__COUNT; f++) {
		const char *name = proctemplate_field_name((enum pt_field_id)f);

		cJSON_AddItemToObject(o, name, cJSON_Duplicate(pi_get(given, name), true));
	}
	cJSON_AddItemToObject(o, "bind_info",
	    pi_bind_copy(cJSON_GetObjectItemCaseSensitive(given, "bind_info")));
	return o;
}

static void
pi_changed(cJSON *arr, const char *name, const cJSON *cur, cJSON *tv)
{
	cJSON *a = cJSON_CreateObject();

	util_json_add_str(a, "property_id", name);
	util_json_add_str(a, "property_name", name);
	cJSON_AddItemToObject(a, "property_value", cJSON_Duplicate(cur, true));
	cJSON_AddItemToObject(a, "template_property_value", tv);
	cJSON_AddItemToArray(arr, a);
}

cJSON *
procinst_diff(const struct proctemplate *t, const cJSON *prop, const char *inner)
{
	cJSON *arr = cJSON_CreateArray(), *tv;
	const cJSON *cur;

	for (int f = 0; f < PT_F__COUNT; f++) {
		const char *name = proctemplate_field_name((enum pt_field_id)f);

		if (!pi_locked(&t->p[f]))
			continue;
		cur = pi_get(prop, name);
		tv = pi_value(&t->p[f]);
		if (cJSON_Compare(cur, tv, true))
			cJSON_Delete(tv);
		else
			pi_changed(arr, name, cur, tv);
	}
	cur = pi_get(prop, "bind_info");
	tv = pi_bind_rebuild(t, cur, inner);
	if (cJSON_Compare(cur, tv, true))
		cJSON_Delete(tv);
	else
		pi_changed(arr, "bind_info", cur, tv);
	return arr;
}

void
procinst_sync(const struct proctemplate *t, cJSON *prop, const char *inner)
{
	for (int f = 0; f < PT_F__COUNT; f++)
		if (pi_locked(&t->p[f]))
			pi_set(prop, proctemplate_field_name((enum pt_field_id)f), pi_value(&t->p[f]));
	pi_set(prop, "bind_info", pi_bind_rebuild(t, pi_get(prop, "bind_info"), inner));
}

/* The template row of a row id, or NULL. */
static const struct pt_bind_row *
pi_tpl_row(const struct proctemplate *t, int64_t id)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].row_id == id)
			return &t->rows[i];
	return NULL;
}

static int
pi_locked_fail(struct err *err, const struct proctemplate *t, const char *what)
{
	return err_set(err, ERR_CONFLICT, "locked", "'%s' is locked by process template %llu "
	    "(as_default_value is true): it follows the template and cannot be changed on the "
	    "process instance", what, (unsigned long long)t->id);
}

/* For a template-made instance: a locked bind_info field sent with another value fails. */
static int
pi_check_rows_locked(const struct proctemplate *t, const cJSON *prop, const cJSON *rows,
    struct err *err)
{
	const cJSON *r, *cur, *v;
	size_t n = 0;
	int64_t id;

	cJSON_ArrayForEach(r, rows) {
		const struct pt_bind_row *tr;
		char what[64];

		n++;
		if (!pt_json_int(cJSON_GetObjectItemCaseSensitive(r, "template_row_id"), &id) ||
		    (tr = pi_tpl_row(t, id)) == NULL ||
		    (cur = pi_row_find(pi_get(prop, "bind_info"), id)) == NULL)
			continue;
		for (int f = 0; f < PT_B__COUNT; f++) {
			const char *name = proctemplate_bind_field_name((enum pt_bind_field)f);

			if ((v = cJSON_GetObjectItemCaseSensitive(r, name)) == NULL ||
			    !pi_locked(&tr->f[f]) || cJSON_Compare(v, pi_get(cur, name), true))
				continue;
			snprintf(what, sizeof what, "bind_info[%zu].%s", n - 1, name);
			return pi_locked_fail(err, t, what);
		}
	}
	return 0;
}

static void
pi_apply_rows(cJSON *prop, const cJSON *rows)
{
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(prop, "bind_info"), *row;
	const cJSON *r, *v;
	int64_t id;

	cJSON_ArrayForEach(r, rows) {
		if (!pt_json_int(cJSON_GetObjectItemCaseSensitive(r, "template_row_id"), &id) ||
		    (row = pi_row_find(cur, id)) == NULL)
			continue;
		for (int f = 0; f < PT_B__COUNT; f++) {
			const char *name = proctemplate_bind_field_name((enum pt_bind_field)f);

			if ((v = cJSON_GetObjectItemCaseSensitive(r, name)) != NULL)
				pi_set(row, name, cJSON_Duplicate(v, true));
		}
	}
}

int
procinst_update(const struct proctemplate *t, cJSON *prop, const cJSON *in, struct err *err)
{
	const cJSON *v, *rows = cJSON_GetObjectItemCaseSensitive(in, "bind_info");

	if (procinst_check(in, t == NULL, err) != 0)
		return -1;
	for (int f = 0; t != NULL && f < PT_F__COUNT; f++) {
		const char *name = proctemplate_field_name((enum pt_field_id)f);

		if ((v = cJSON_GetObjectItemCaseSensitive(in, name)) != NULL &&
		    pi_locked(&t->p[f]) && !cJSON_Compare(v, pi_get(prop, name), true))
			return pi_locked_fail(err, t, name);
	}
	if (t != NULL && pi_check_rows_locked(t, prop, rows, err) != 0)
		return -1;
	if (t == NULL) {
		static const char *const names[] = { "bk_process_name", "bk_func_name" };

		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			const char *name = names[i];

			v = cJSON_GetObjectItemCaseSensitive(in, name);
			if (v != NULL && pi_str_empty(v))
				return err_set(err, ERR_PARAM, NULL, "'%s' parameter validation failed: "
				    "required, not empty", name);
		}
	}
	for (int f = 0; f < PT_F__COUNT; f++) {
		const char *name = proctemplate_field_name((enum pt_field_id)f);

		if ((v = cJSON_GetObjectItemCaseSensitive(in, name)) != NULL)
			pi_set(prop, name, cJSON_Duplicate(v, true));
	}
	if (rows != NULL && cJSON_IsArray(rows)) {
		if (t != NULL)
			pi_apply_rows(prop, rows);
		else
			pi_set(prop, "bind_info", pi_bind_copy(rows));
	} else if (rows != NULL && t == NULL)
		pi_set(prop, "bind_info", cJSON_CreateArray());
	return 0;
}

const char *
procinst_name(const cJSON *prop)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(prop, "bk_process_name");

	return cJSON_IsString(v) ? v->valuestring : "";
}
