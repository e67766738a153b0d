/* proctemplate.c: process and service template records: merge, validation, JSON and encoding. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tmpld/error.h"
#include "tmpld/proctemplate.h"
#include "tmpld/util.h"

#define PT_RECORD_VERSION	1
#define PT_PORT_MAX		65535

struct pt_field {
	const char	*name;
	enum pt_kind	 type;
	bool		 ranged;
	int64_t		 min, max;
};

/* The order is the order of the API document's example. */
static const struct pt_field pt_fields[PT_F__COUNT] = {
	[PT_F_PROC_NUM] = { "proc_num", PT_INT, true, 1, 10000 },
	[PT_F_STOP_CMD] = { "stop_cmd", PT_STR, false, 0, 0 },
	[PT_F_RESTART_CMD] = { "restart_cmd", PT_STR, false, 0, 0 },
	[PT_F_FACE_STOP_CMD] = { "face_stop_cmd", PT_STR, false, 0, 0 },
	[PT_F_FUNC_NAME] = { "bk_func_name", PT_STR, false, 0, 0 },
	[PT_F_WORK_PATH] = { "work_path", PT_STR, false, 0, 0 },
	[PT_F_PRIORITY] = { "priority", PT_INT, true, -100, 10000 },
	[PT_F_RELOAD_CMD] = { "reload_cmd", PT_STR, false, 0, 0 },
	[PT_F_PROCESS_NAME] = { "bk_process_name", PT_STR, false, 0, 0 },
	[PT_F_PID_FILE] = { "pid_file", PT_STR, false, 0, 0 },
	[PT_F_AUTO_START] = { "auto_start", PT_BOOL, false, 0, 0 },
	[PT_F_AUTO_TIME_GAP] = { "auto_time_gap", PT_INT, true, 1, 10000 },
	[PT_F_START_CMD] = { "start_cmd", PT_STR, false, 0, 0 },
	[PT_F_FUNC_ID] = { "bk_func_id", PT_STR, false, 0, 0 },
	[PT_F_USER] = { "user", PT_STR, false, 0, 0 },
	[PT_F_TIMEOUT] = { "timeout", PT_INT, true, 1, 10000 },
	[PT_F_DESCRIPTION] = { "description", PT_STR, false, 0, 0 },
	[PT_F_START_PARAM_REGEX] = { "bk_start_param_regex", PT_STR, false, 0, 0 },
};

static const struct pt_field pt_bind_fields[PT_B__COUNT] = {
	[PT_B_ENABLE] = { "enable", PT_BOOL, false, 0, 0 },
	[PT_B_IP] = { "ip", PT_STR, false, 0, 0 },
	[PT_B_PORT] = { "port", PT_STR, false, 0, 0 },
	[PT_B_PROTOCOL] = { "protocol", PT_STR, false, 0, 0 },
};

static const char *const pt_type_names[] = {
	[PT_NULL] = "null", [PT_INT] = "an integer", [PT_STR] = "a string", [PT_BOOL] = "a boolean",
};

const char *
proctemplate_field_name(enum pt_field_id f)
{
	return pt_fields[f].name;
}

enum pt_kind
proctemplate_field_type(enum pt_field_id f)
{
	return pt_fields[f].type;
}

bool
proctemplate_field_in_range(enum pt_field_id f, int64_t v)
{
	return !pt_fields[f].ranged || (v >= pt_fields[f].min && v <= pt_fields[f].max);
}

const char *
proctemplate_bind_field_name(enum pt_bind_field f)
{
	return pt_bind_fields[f].name;
}

static void
pt_prop_clear(struct pt_prop *p)
{
	free(p->s);
	memset(p, 0, sizeof *p);
}

static void
pt_rows_free(struct pt_bind_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < PT_B__COUNT; f++)
			pt_prop_clear(&rows[i].f[f]);
	free(rows);
}

/* ---- decoding a property from JSON ---- */

/* True when v is a JSON number holding an integer in int64's range (within 2^63 - 2^53). */
bool
pt_json_int(const cJSON *v, int64_t *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= -9.2e18 && d <= 9.2e18) || d != (double)(int64_t)d)
		return false;
	*out = (int64_t)d;
	return true;
}

static int
pt_value_parse(const cJSON *v, enum pt_kind type, struct pt_prop *p)
{
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	switch (type) {
	case PT_INT:
		if (!pt_json_int(v, &p->i))
			return -1;
		break;
	case PT_STR:
		if (!cJSON_IsString(v))
			return -1;
		p->s = xstrdup(v->valuestring);
		break;
	case PT_BOOL:
		if (!cJSON_IsBool(v))
			return -1;
		p->b = cJSON_IsTrue(v);
		break;
	default:
		return -1;
	}
	p->kind = type;
	return 0;
}

static int
pt_dflt_parse(const cJSON *v, enum pt_dflt *out)
{
	if (v == NULL || cJSON_IsNull(v))
		*out = PT_DFLT_NULL;
	else if (cJSON_IsBool(v))
		*out = cJSON_IsTrue(v) ? PT_DFLT_TRUE : PT_DFLT_FALSE;
	else
		return -1;
	return 0;
}

/* {"value": ..., "as_default_value": ...} or null into a cleared prop; path names it. */
static int
pt_prop_parse(const cJSON *j, enum pt_kind type, const char *path, struct pt_prop *p,
    struct err *err)
{
	pt_prop_clear(p);
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsObject(j))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: '%s' should be an object "
		    "with value and as_default_value", path);
	if (pt_value_parse(cJSON_GetObjectItemCaseSensitive(j, "value"), type, p) != 0)
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: '%s.value' should be %s or "
		    "null", path, pt_type_names[type]);
	if (pt_dflt_parse(cJSON_GetObjectItemCaseSensitive(j, "as_default_value"), &p->dflt))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: '%s.as_default_value' should "
		    "be a boolean or null", path);
	return 0;
}

static int
pt_row_parse(const cJSON *j, size_t n, struct pt_bind_row *row, struct err *err)
{
	const cJSON *id;
	char path[64];

	if (!cJSON_IsObject(j))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu]' should be "
		    "an object", n);
	for (int f = 0; f < PT_B__COUNT; f++) {
		snprintf(path, sizeof path, "bind_info[%zu].%s", n, pt_bind_fields[f].name);
		if (pt_prop_parse(cJSON_GetObjectItemCaseSensitive(j, pt_bind_fields[f].name),
		    pt_bind_fields[f].type, path, &row->f[f], err) != 0)
			return -1;
	}
	id = cJSON_GetObjectItemCaseSensitive(j, "row_id");
	row->row_id = 0;
	if (id == NULL || cJSON_IsNull(id))
		return 0;
	if (!pt_json_int(id, &row->row_id))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info[%zu].row_id' should "
		    "be an integer or null", n);
	if (row->row_id < 0)
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].row_id' parameter validation "
		    "failed: a row id is not negative", n);
	return 0;
}

struct pt_row_at {
	int64_t		 row_id;
	size_t		 at;
};

static int
pt_row_at_cmp(const void *a, const void *b)
{
	const struct pt_row_at *x = a, *y = b;

	if (x->row_id != y->row_id)
		return x->row_id < y->row_id ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Row ids sent must be distinct; 0 (or none) marks a new row. The first row (in order) whose
 * id an earlier row has is named: sorted, that is the least second of a run. O(n log n). */
static int
pt_rows_check_ids(const struct pt_bind_row *rows, size_t n, struct err *err)
{
	struct pt_row_at *e = xcalloc(n + 1, sizeof *e);
	size_t m = 0, dup = SIZE_MAX;

	for (size_t i = 0; i < n; i++)
		if (rows[i].row_id != 0)
			e[m++] = (struct pt_row_at){ rows[i].row_id, i };
	qsort(e, m, sizeof *e, pt_row_at_cmp);
	for (size_t i = 1; i < m; i++)
		if (e[i].row_id == e[i - 1].row_id && (i < 2 || e[i - 2].row_id != e[i].row_id) &&
		    e[i].at < dup)
			dup = e[i].at;
	free(e);
	if (dup == SIZE_MAX)
		return 0;
	return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].row_id' parameter validation failed: "
	    "row id %lld is used twice", dup, (long long)rows[dup].row_id);
}

static int
pt_bind_parse(struct proctemplate *t, const cJSON *j, struct err *err)
{
	const cJSON *val, *row;
	struct pt_bind_row *rows = NULL;
	size_t n = 0;

	pt_rows_free(t->rows, t->nrows);
	t->rows = NULL, t->nrows = 0, t->bind_null = true, t->bind_dflt = PT_DFLT_NULL;
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsObject(j))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info' should be an "
		    "object with value and as_default_value");
	if (pt_dflt_parse(cJSON_GetObjectItemCaseSensitive(j, "as_default_value"), &t->bind_dflt))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info.as_default_value' "
		    "should be a boolean or null");
	val = cJSON_GetObjectItemCaseSensitive(j, "value");
	if (val == NULL || cJSON_IsNull(val))
		return 0;
	if (!cJSON_IsArray(val))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'bind_info.value' should be "
		    "an array or null");
	t->bind_null = false;
	rows = xcalloc((size_t)cJSON_GetArraySize(val) + 1, sizeof *rows);
	t->rows = rows;
	cJSON_ArrayForEach(row, val) {
		t->nrows = ++n;
		if (pt_row_parse(row, n - 1, &rows[n - 1], err) != 0)
			return -1;
	}
	return pt_rows_check_ids(rows, n, err);
}

int
proctemplate_merge(struct proctemplate *t, const cJSON *prop, struct err *err)
{
	const cJSON *j;

	if (!cJSON_IsObject(prop))
		return err_set(err, ERR_TYPE, NULL, "invalid JSON data: 'process_property' should be "
		    "an object");
	for (int f = 0; f < PT_F__COUNT; f++) {
		if ((j = cJSON_GetObjectItemCaseSensitive(prop, pt_fields[f].name)) == NULL)
			continue;
		if (pt_prop_parse(j, pt_fields[f].type, pt_fields[f].name, &t->p[f], err) != 0)
			return -1;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(prop, "bind_info")) != NULL)
		return pt_bind_parse(t, j, err);
	return 0;
}

/* ---- validation of the merged template ---- */

static bool
pt_str_empty(const struct pt_prop *p)
{
	return p->kind != PT_STR || p->s[0] == '\0';
}

/* One port item: 1..65535 without sign, spaces or leading zeros; *end past it. */
static bool
pt_port_number(const char *s, const char **end, long *out)
{
	long v = 0;
	int n = 0;

	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9' && n < 6) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	*end = s;
	*out = v;
	return v >= 1 && v <= PT_PORT_MAX;
}

static bool
pt_port_mark(uint8_t *seen, long lo, long hi)
{
	for (long p = lo; p <= hi; p++) {
		if (seen[p / 8] & (1u << (p % 8)))
			return false;
		seen[p / 8] |= (uint8_t)(1u << (p % 8));
	}
	return true;
}

/* "80", "8000-8010" or a comma-separated list of those, without overlaps. */
bool
proctemplate_port_valid(const char *s)
{
	uint8_t seen[(PT_PORT_MAX + 1) / 8] = { 0 };
	const char *e;
	long lo, hi;

	if (s == NULL || *s == '\0')
		return false;
	for (;;) {
		if (!pt_port_number(s, &e, &lo))
			return false;
		hi = lo;
		if (*e == '-' && (!pt_port_number(e + 1, &e, &hi) || hi < lo))
			return false;
		if (!pt_port_mark(seen, lo, hi))
			return false;
		if (*e == '\0')
			return true;
		if (*e != ',')
			return false;
		s = e + 1;
	}
}

static int
pt_row_validate(const struct pt_bind_row *r, size_t n, struct err *err)
{
	const struct pt_prop *ip = &r->f[PT_B_IP], *port = &r->f[PT_B_PORT];
	const struct pt_prop *proto = &r->f[PT_B_PROTOCOL];

	if (ip->kind == PT_STR && ip->s[0] != '\0' &&
	    (strlen(ip->s) != 1 || ip->s[0] < '1' || ip->s[0] > '4'))
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].ip' parameter validation failed: "
		    "invalid socket bind type, expected \"1\", \"2\", \"3\", \"4\" or empty", n);
	if (port->kind != PT_STR || !proctemplate_port_valid(port->s))
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].port' parameter validation "
		    "failed: ports 1-65535 or ranges a-b, comma separated, without overlaps", n);
	if (proto->kind != PT_STR || (strcmp(proto->s, "1") != 0 && strcmp(proto->s, "2") != 0))
		return err_set(err, ERR_PARAM, NULL, "'bind_info[%zu].protocol' parameter validation "
		    "failed: \"1\" (TCP) or \"2\" (UDP)", n);
	return 0;
}

/* Numbers new rows after max(every row id sent, every row id the template ever had). */
static void
pt_rows_number(struct proctemplate *t)
{
	int64_t max = t->max_row_id;

	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].row_id > max)
			max = t->rows[i].row_id;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].row_id == 0)
			t->rows[i].row_id = ++max;
	t->max_row_id = max;
}

int
proctemplate_finish(struct proctemplate *t, struct err *err)
{
	for (int f = 0; f < PT_F__COUNT; f++) {
		const struct pt_prop *p = &t->p[f];

		if (pt_fields[f].ranged && p->kind == PT_INT &&
		    (p->i < pt_fields[f].min || p->i > pt_fields[f].max))
			return err_set(err, ERR_PARAM, NULL, "'%s' parameter validation failed: null or "
			    "%lld..%lld", pt_fields[f].name, (long long)pt_fields[f].min,
			    (long long)pt_fields[f].max);
		if ((f == PT_F_PROCESS_NAME || f == PT_F_FUNC_NAME) && pt_str_empty(p))
			return err_set(err, ERR_PARAM, NULL, "'%s' parameter validation failed: "
			    "required, not empty", pt_fields[f].name);
	}
	for (size_t i = 0; i < t->nrows; i++)
		if (pt_row_validate(&t->rows[i], i, err) != 0)
			return -1;
	t->p[PT_F_PROCESS_NAME].dflt = PT_DFLT_TRUE;
	t->p[PT_F_FUNC_NAME].dflt = PT_DFLT_TRUE;
	pt_rows_number(t);
	return 0;
}

const char *
proctemplate_name(const struct proctemplate *t)
{
	return t->p[PT_F_PROCESS_NAME].kind == PT_STR ? t->p[PT_F_PROCESS_NAME].s : "";
}

/* Same (bk_func_name, bk_start_param_regex); a null regex counts as "". */
bool
proctemplate_same_func(const struct proctemplate *a, const struct proctemplate *b)
{
	const struct pt_prop *fa = &a->p[PT_F_FUNC_NAME], *fb = &b->p[PT_F_FUNC_NAME];
	const struct pt_prop *ra = &a->p[PT_F_START_PARAM_REGEX];
	const struct pt_prop *rb = &b->p[PT_F_START_PARAM_REGEX];

	if (fa->kind != PT_STR || fb->kind != PT_STR || strcmp(fa->s, fb->s) != 0)
		return false;
	return strcmp(ra->kind == PT_STR ? ra->s : "", rb->kind == PT_STR ? rb->s : "") == 0;
}

/* ---- JSON ---- */

static cJSON *
pt_prop_json(const struct pt_prop *p)
{
	cJSON *o = cJSON_CreateObject();

	switch (p->kind) {
	case PT_INT: cJSON_AddNumberToObject(o, "value", (double)p->i); break;
	case PT_STR: util_json_add_str(o, "value", p->s); break;
	case PT_BOOL: cJSON_AddBoolToObject(o, "value", p->b); break;
	default: cJSON_AddNullToObject(o, "value"); break;
	}
	if (p->dflt == PT_DFLT_NULL)
		cJSON_AddNullToObject(o, "as_default_value");
	else
		cJSON_AddBoolToObject(o, "as_default_value", p->dflt == PT_DFLT_TRUE);
	return o;
}

static cJSON *
pt_bind_json(const struct proctemplate *t)
{
	cJSON *o = cJSON_CreateObject(), *rows, *row;

	if (t->bind_null)
		cJSON_AddNullToObject(o, "value");
	else {
		rows = cJSON_AddArrayToObject(o, "value");
		for (size_t i = 0; i < t->nrows; i++) {
			row = cJSON_CreateObject();
			for (int f = 0; f < PT_B__COUNT; f++)
				cJSON_AddItemToObject(row, pt_bind_fields[f].name,
				    pt_prop_json(&t->rows[i].f[f]));
			cJSON_AddNumberToObject(row, "row_id", (double)t->rows[i].row_id);
			cJSON_AddItemToArray(rows, row);
		}
	}
	if (t->bind_dflt == PT_DFLT_NULL)
		cJSON_AddNullToObject(o, "as_default_value");
	else
		cJSON_AddBoolToObject(o, "as_default_value", t->bind_dflt == PT_DFLT_TRUE);
	return o;
}

static void
pt_json_audit(cJSON *o, const char *creator, const char *modifier, const char *ctime,
    const char *mtime, const char *supplier)
{
	util_json_add_str(o, "creator", creator);
	util_json_add_str(o, "modifier", modifier);
	util_json_add_str(o, "create_time", ctime);
	util_json_add_str(o, "last_time", mtime);
	util_json_add_str(o, "bk_supplier_account", supplier);
}

cJSON *
proctemplate_to_json(const struct proctemplate *t)
{
	cJSON *o = cJSON_CreateObject(), *prop;

	cJSON_AddNumberToObject(o, "id", (double)t->id);
	util_json_add_str(o, "bk_process_name", proctemplate_name(t));
	cJSON_AddNumberToObject(o, "bk_biz_id", (double)t->biz_id);
	cJSON_AddNumberToObject(o, "service_template_id", (double)t->svc_id);
	prop = cJSON_AddObjectToObject(o, "property");
	for (int f = 0; f < PT_F__COUNT; f++)
		cJSON_AddItemToObject(prop, pt_fields[f].name, pt_prop_json(&t->p[f]));
	cJSON_AddItemToObject(prop, "bind_info", pt_bind_json(t));
	pt_json_audit(o, t->creator, t->modifier, t->create_time, t->last_time, t->supplier);
	return o;
}

cJSON *
svctemplate_to_json(const struct svctemplate *s)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)s->id);
	util_json_add_str(o, "name", s->name);
	cJSON_AddNumberToObject(o, "bk_biz_id", (double)s->biz_id);
	cJSON_AddNumberToObject(o, "service_category_id", (double)s->category_id);
	pt_json_audit(o, s->creator, s->modifier, s->create_time, s->last_time, s->supplier);
	return o;
}

/* ---- audit fields and time ---- */

void
pt_time_format(int64_t sec, long usec, char out[PT_TIME_LEN])
{
	time_t t = (time_t)sec;
	struct tm tm;
	char date[24], zone[8];

	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);		/* "+0800" */
	snprintf(out, PT_TIME_LEN, "%s.%06ld%.3s:%.2s", date, usec, zone, zone + 3);
}

void
pt_time_now(char out[PT_TIME_LEN])
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	pt_time_format((int64_t)ts.tv_sec, ts.tv_nsec / 1000, out);
}

static void
pt_set(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* modifier and last_time now; on create also creator, create_time and the supplier. */
void
proctemplate_stamp(struct proctemplate *t, const char *who, bool create)
{
	char now[PT_TIME_LEN];

	pt_time_now(now);
	pt_set(&t->modifier, who);
	pt_set(&t->last_time, now);
	if (create) {
		pt_set(&t->creator, who);
		pt_set(&t->create_time, now);
		pt_set(&t->supplier, "0");
	}
}

/* ---- encoding ---- */

static void
pt_prop_encode(const struct pt_prop *p, struct codec_buf *b)
{
	codec_put_u8(b, (uint8_t)p->kind);
	codec_put_u8(b, (uint8_t)p->dflt);
	if (p->kind == PT_INT)
		codec_put_u64(b, (uint64_t)p->i);
	else if (p->kind == PT_STR)
		codec_put_str(b, p->s);
	else if (p->kind == PT_BOOL)
		codec_put_u8(b, p->b);
}

static void
pt_prop_decode(struct codec_reader *r, struct pt_prop *p)
{
	p->kind = (enum pt_kind)codec_get_u8(r);
	p->dflt = (enum pt_dflt)codec_get_u8(r);
	if (p->kind == PT_INT)
		p->i = (int64_t)codec_get_u64(r);
	else if (p->kind == PT_STR)
		p->s = codec_get_str(r);
	else if (p->kind == PT_BOOL)
		p->b = codec_get_u8(r) != 0;
	else if (p->kind != PT_NULL)
		r->bad = true;
	if (p->dflt > PT_DFLT_TRUE)
		r->bad = true;
}

void
proctemplate_encode(const struct proctemplate *t, struct codec_buf *b)
{
	codec_put_u8(b, PT_RECORD_VERSION);
	codec_put_u64(b, t->id);
	codec_put_u64(b, t->biz_id);
	codec_put_u64(b, t->svc_id);
	codec_put_str(b, t->creator);
	codec_put_str(b, t->modifier);
	codec_put_str(b, t->create_time);
	codec_put_str(b, t->last_time);
	codec_put_str(b, t->supplier);
	for (int f = 0; f < PT_F__COUNT; f++)
		pt_prop_encode(&t->p[f], b);
	codec_put_u8(b, t->bind_null);
	codec_put_u8(b, (uint8_t)t->bind_dflt);
	codec_put_u64(b, (uint64_t)t->max_row_id);
	codec_put_u32(b, (uint32_t)t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		codec_put_u64(b, (uint64_t)t->rows[i].row_id);
		for (int f = 0; f < PT_B__COUNT; f++)
			pt_prop_encode(&t->rows[i].f[f], b);
	}
}

static void
pt_rows_decode(struct codec_reader *r, struct proctemplate *t)
{
	uint32_t n = codec_get_u32(r);

	if (r->bad || n > r->left / 16)	/* each row takes at least 16 bytes */
		return (void)(r->bad = true);
	t->rows = xcalloc((size_t)n + 1, sizeof *t->rows);
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		t->nrows = i + 1;
		t->rows[i].row_id = (int64_t)codec_get_u64(r);
		for (int f = 0; f < PT_B__COUNT; f++)
			pt_prop_decode(r, &t->rows[i].f[f]);
	}
}

int
proctemplate_decode(const void *data, size_t len, struct proctemplate *t)
{
	struct codec_reader r;

	memset(t, 0, sizeof *t);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != PT_RECORD_VERSION)
		r.bad = true;
	t->id = codec_get_u64(&r);
	t->biz_id = codec_get_u64(&r);
	t->svc_id = codec_get_u64(&r);
	t->creator = codec_get_str(&r);
	t->modifier = codec_get_str(&r);
	t->create_time = codec_get_str(&r);
	t->last_time = codec_get_str(&r);
	t->supplier = codec_get_str(&r);
	for (int f = 0; f < PT_F__COUNT; f++)
		pt_prop_decode(&r, &t->p[f]);
	t->bind_null = codec_get_u8(&r) != 0;
	t->bind_dflt = (enum pt_dflt)codec_get_u8(&r);
	t->max_row_id = (int64_t)codec_get_u64(&r);
	pt_rows_decode(&r, t);
	if (r.bad || r.left != 0) {
		proctemplate_free(t);
		return -1;
	}
	return 0;
}

void
proctemplate_free(struct proctemplate *t)
{
	free(t->creator);
	free(t->modifier);
	free(t->create_time);
	free(t->last_time);
	free(t->supplier);
	for (int f = 0; f < PT_F__COUNT; f++)
		pt_prop_clear(&t->p[f]);
	pt_rows_free(t->rows, t->nrows);
	memset(t, 0, sizeof *t);
}

void
svctemplate_encode(const struct svctemplate *s, struct codec_buf *b)
{
	codec_put_u8(b, PT_RECORD_VERSION);
	codec_put_u64(b, s->id);
	codec_put_u64(b, s->biz_id);
	codec_put_u64(b, (uint64_t)s->category_id);
	codec_put_str(b, s->name);
	codec_put_str(b, s->creator);
	codec_put_str(b, s->modifier);
	codec_put_str(b, s->create_time);
	codec_put_str(b, s->last_time);
	codec_put_str(b, s->supplier);
}

int
svctemplate_decode(const void *data, size_t len, struct svctemplate *s)
{
	struct codec_reader r;

	memset(s, 0, sizeof *s);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != PT_RECORD_VERSION)
		r.bad = true;
	s->id = codec_get_u64(&r);
	s->biz_id = codec_get_u64(&r);
	s->category_id = (int64_t)codec_get_u64(&r);
	s->name = codec_get_str(&r);
	s->creator = codec_get_str(&r);
	s->modifier = codec_get_str(&r);
	s->create_time = codec_get_str(&r);
	s->last_time = codec_get_str(&r);
	s->supplier = codec_get_str(&r);
	if (r.bad || r.left != 0) {
		svctemplate_free(s);
		return -1;
	}
	return 0;
}

void
svctemplate_free(struct svctemplate *s)
{
	free(s->name);
	free(s->creator);
	free(s->modifier);
	free(s->create_time);
	free(s->last_time);
	free(s->supplier);
	memset(s, 0, sizeof *s);
}
