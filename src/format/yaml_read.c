/* yaml_read.c: the yaml import reader: libyaml parses, the tree is typed and checked the way
 * Symfony's Yaml::parse does, then CYamlImportReader's checks and trailing-newline trim apply. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <yaml.h>

#include "internal.h"

#define YAML_MAX_DEPTH	512
#define YAML_MAX_NODES	(4u * 1024 * 1024)	/* aliases may copy no more than this */
#define YAML_TAG_PREFIX	"tag:yaml.org,2002:"
#define YAML_MAX_PASSES	16	/* parses to settle the tab-first block fixes */

struct yaml_frame {
	cJSON		*node;		/* an array or object */
	char		*key;		/* object: the key waiting for its value */
	size_t		 key_line;	/* its line, 0-based */
	struct fkeys	 keys;
	char		*anchor;	/* to register when the node ends */
	size_t		 first;		/* node count before it started */
	size_t		 line;		/* where it started, 0-based */
};

struct yaml_anchor {
	char	*name;
	cJSON	*node;			/* a copy of the anchored value (PHP copies values) */
	size_t	 count;			/* nodes in it */
};

struct yaml_reader {
	const char		*src;
	size_t			 len;
	struct yaml_frame	*stack;
	size_t			 depth;
	cJSON			*root;
	bool			 have_root;
	size_t			 docs;
	size_t			 nodes;
	struct yaml_anchor	*anchors;
	size_t			 nanchors;
	size_t			 anchors_cap;
	size_t			*index;		/* hash of anchor names -> position + 1 */
	size_t			 index_cap;
	char			*cause;
	size_t			 fix_at;	/* libyaml's tab-first block: its indicator */
	char			 fix_digit;	/* and the indentation it needs, or 0 */
	const size_t		*guess;		/* guessed indicators to confirm, sorted */
	bool			*confirmed;
	size_t			 nguess;
	size_t			*lines;		/* byte offset of each line, built on demand */
	size_t			 nlines;
};

/* Line `line` (0-based) of the source, without its end of line. */
static char *
yaml_line_text(const struct yaml_reader *r, size_t line)
{
	const char *p = r->src, *end = r->src + r->len, *e;

	for (size_t l = 0; l < line && p < end; l++) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			p = end;
		else
			p = e + 1;
	}
	e = memchr(p, '\n', (size_t)(end - p));
	if (e == NULL)
		e = end;
	if (e > p && e[-1] == '\r')
		e--;
	return fmt_strdup_len(p, (size_t)(e - p));
}

/* A Symfony ParseException's message: the text, " at line N", ' (near "LINE")', its final
 * period last. */
static void
yaml_fail(struct yaml_reader *r, size_t line, const char *fmt, ...) ATTR_PRINTF(3, 4);

static void
yaml_fail(struct yaml_reader *r, size_t line, const char *fmt, ...)
{
	char *msg, *near;
	size_t n;
	bool dot;
	va_list ap;

	if (r->cause != NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if ((dot = n > 0 && msg[n - 1] == '.'))
		msg[n - 1] = '\0';
	near = yaml_line_text(r, line);
	if (near[0] != '\0' && strcmp(near, "0") != 0)
		r->cause = xasprintf("%s at line %zu (near \"%s\")%s", msg, line + 1, near,
		    dot ? "." : "");
	else
		r->cause = xasprintf("%s at line %zu%s", msg, line + 1, dot ? "." : "");
	free(near);
	free(msg);
}

static bool
yaml_match_chars(const char *s, const char *set)
{
	for (; *s != '\0'; s++)
		if (strchr(set, *s) == NULL)
			return false;
	return true;
}

/* (int) $s in PHP, and whether it prints back as $s (else Symfony keeps the string). */
static bool
yaml_int_exact(const char *s, double *v)
{
	long long ll;
	char buf[32];

	errno = 0;
	ll = strtoll(s, NULL, 10);
	if (errno != 0)
		return false;
	snprintf(buf, sizeof buf, "%lld", ll);
	*v = (double)ll;
	return strcmp(buf, s) == 0;
}

static double
yaml_timestamp(const char *s)
{
	struct tm tm = { 0 };
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, tzh = 0, tzm = 0, n = 0;
	const char *p;
	double t;

	sscanf(s, "%d-%d-%d%n", &y, &mo, &d, &n);
	p = s + n;
	if (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t') {
		sscanf(p + 1, " %d:%d:%d", &h, &mi, &sec);
		if ((p = strpbrk(p, "Z+-")) != NULL && *p != 'Z') {
			sscanf(p + 1, "%d:%d", &tzh, &tzm);
			if (*p == '-')
				tzh = -tzh, tzm = -tzm;
		}
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = (double)timegm(&tm);
	return t - tzh * 3600.0 - tzm * 60.0;
}

/* Symfony's ^[+-]?0o[0-7_]+$: an octal integer. */
static bool
yaml_octal(const char *s, double *v)
{
	const char *p = s + (s[0] == '+' || s[0] == '-');

	if (p[0] != '0' || p[1] != 'o' || p[2] == '\0' || !yaml_match_chars(p + 2, "01234567_"))
		return false;
	*v = 0;
	for (p += 2; *p != '\0'; p++)
		if (*p != '_')
			*v = *v * 8 + (*p - '0');
	if (s[0] == '-')
		*v = -*v;
	return true;
}

static cJSON *
yaml_number(double v)
{
	return fmt_cjson_check(cJSON_CreateNumber(v));
}

/* ^[+-]?[0-9][0-9_]*(\.[0-9_]+)?$: a float Symfony reads with its underscores dropped. */
static bool
yaml_underscored_float(const char *s)
{
	const char *q = s + (s[0] == '+' || s[0] == '-'), *dot = strchr(q, '.');

	return q[0] >= '0' && q[0] <= '9' && yaml_match_chars(q, "0123456789_.") &&
	    (dot == NULL || (strchr(dot + 1, '.') == NULL && dot[1] != '\0'));
}

static char *
yaml_drop_underscores(const char *s)
{
	char *t = xstrdup(s), *w = t;

	for (const char *q = s; *q != '\0'; q++)
		if (*q != '_')
			*w++ = *q;
	*w = '\0';
	return t;
}

/* Symfony's integers: digits, or "-" and digits; a leading 0 and octal digits is octal, and a
 * value that does not print back the same (099, an overflow) stays a string in *str. */
static cJSON *
yaml_integer(char *t, char **str, bool *is_int)
{
	const char *digits = t + (t[0] == '-');
	double v;

	if (digits[0] == '0' && digits[1] != '\0' && yaml_match_chars(digits, "01234567")) {
		v = (double)strtoull(digits, NULL, 8);
		v = t[0] == '-' ? -v : v;
	} else if (!yaml_int_exact(t, &v)) {
		*str = t;
		return NULL;
	}
	*is_int = true;
	free(t);
	return yaml_number(v);
}

static double
yaml_hex(const char *t)
{
	double v = 0;

	for (const char *q = t + 2; *q != '\0'; q++)
		if (*q != '_')
			v = v * 16 + (double)((*q <= '9') ? *q - '0' : (*q | 0x20) - 'a' + 10);
	return v;
}

/* The branch of Inline::evaluateScalar for scalars starting with a sign, a dot or a digit. */
static cJSON *
yaml_evaluate_number(const char *s, char **str, bool *is_int)
{
	size_t sign = s[0] == '+' || s[0] == '-';
	char *t = s[sign] >= '0' && s[sign] <= '9' && yaml_match_chars(s + sign, "0123456789_") ?
	    yaml_drop_underscores(s) : xstrdup(s);
	double v;

	if (util_is_digits(t) || (t[0] == '-' && util_is_digits(t + 1)))
		return yaml_integer(t, str, is_int);
	if (php_is_numeric(t, strlen(t)))
		v = strtod(t, NULL);
	else if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && t[2] != '\0' &&
	    yaml_match_chars(t + 2, "0123456789abcdefABCDEF_"))
		*is_int = (v = yaml_hex(t)) < 9.2e18;
	else if (strcasecmp(t, ".inf") == 0 || strcasecmp(t, "-.inf") == 0)
		v = t[0] == '-' ? -INFINITY : INFINITY;
	else if (strcasecmp(t, ".nan") == 0)
		v = NAN;
	else if (yaml_timestamp_like(t, strlen(t)))
		*is_int = true, v = yaml_timestamp(t);
	else if (yaml_underscored_float(s)) {
		free(t);
		t = yaml_drop_underscores(s);
		v = strtod(t, NULL);
	} else {
		free(t);
		return NULL;
	}
	free(t);
	return yaml_number(v);
}

/* What Symfony's Inline::evaluateScalar makes of a plain scalar: NULL for a string (*str is
 * then what to keep, if not the scalar itself), or a null, boolean or number item; *is_int
 * for integers. */
static cJSON *
yaml_evaluate(const char *s, char **str, bool *is_int)
{
	double v;

	*str = NULL;
	*is_int = false;
	if (s[0] == '\0' || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0)
		return fmt_cjson_check(cJSON_CreateNull());
	if (strcasecmp(s, "true") == 0)
		return fmt_cjson_check(cJSON_CreateTrue());
	if (strcasecmp(s, "false") == 0)
		return fmt_cjson_check(cJSON_CreateFalse());
	if (yaml_octal(s, &v)) {
		*is_int = true;
		return yaml_number(v);
	}
	if (strchr("+-.0123456789", s[0]) == NULL)
		return NULL;
	return yaml_evaluate_number(s, str, is_int);
}

static int
yaml_b64_value(char c)
{
	const char *tab = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c != '\0' ? strchr(tab, c) : NULL;

	return p != NULL ? (int)(p - tab) : -1;
}

/* Symfony's evaluateBinaryScalar: whitespace dropped, then strict base64. */
static cJSON *
yaml_binary(struct yaml_reader *r, const char *s, size_t line)
{
	size_t n = strlen(s), m = 0, o = 0;
	char *clean = xmalloc(n + 1), *out;
	cJSON *item;

	for (size_t i = 0; i < n; i++)
		if (strchr(" \t\n\r\v\f", s[i]) == NULL)
			clean[m++] = s[i];
	clean[m] = '\0';
	if (m % 4 != 0) {
		yaml_fail(r, line, "The normalized base64 encoded data (data without whitespace "
		    "characters) length must be a multiple of four (%zu bytes given).", m);
		free(clean);
		return NULL;
	}
	for (size_t i = 0; i < m; i++) {
		if (yaml_b64_value(clean[i]) < 0 && !(clean[i] == '=' && i >= m - 2 &&
		    (i == m - 1 || clean[m - 1] == '='))) {
			yaml_fail(r, line, "The base64 encoded data (%s) contains invalid characters.",
			    clean);
			free(clean);
			return NULL;
		}
	}
	out = xmalloc(m / 4 * 3 + 1);
	for (size_t i = 0; i < m; i += 4) {
		int a = yaml_b64_value(clean[i]), b = yaml_b64_value(clean[i + 1]);
		int c = yaml_b64_value(clean[i + 2]), d = yaml_b64_value(clean[i + 3]);

		out[o++] = (char)((a << 2) | ((b >= 0 ? b : 0) >> 4));
		if (c >= 0)
			out[o++] = (char)(((b & 15) << 4) | (c >> 2));
		if (d >= 0)
			out[o++] = (char)(((c & 3) << 6) | d);
	}
	out[o] = '\0';
	item = cJSON_CreateString(out);
	free(out);
	free(clean);
	return item;
}

/* A scalar event as a value; NULL with r->cause on a tag Symfony refuses. */
static cJSON *
yaml_scalar(struct yaml_reader *r, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *val = (const char *)ev->data.scalar.value;
	size_t line = ev->start_mark.line;
	cJSON *item;
	char *str;
	bool is_int;

	if (tag == NULL || strcmp(tag, "!") == 0) {
		if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag != NULL)
			return cJSON_CreateString(val);
		if ((item = yaml_evaluate(val, &str, &is_int)) != NULL)
			return item;
		item = cJSON_CreateString(str != NULL ? str : val);
		free(str);
		return item;
	}
	if (strncmp(tag, YAML_TAG_PREFIX, strlen(YAML_TAG_PREFIX)) != 0) {
		yaml_fail(r, line, "Tags support is not enabled. Enable the "
		    "\"Yaml::PARSE_CUSTOM_TAGS\" flag to use \"%s\".", tag);
		return NULL;
	}
	tag += strlen(YAML_TAG_PREFIX);
	if (strcmp(tag, "str") == 0)
		return cJSON_CreateString(val);
	if (strcmp(tag, "binary") == 0)
		return yaml_binary(r, val, line);
	if (strcmp(tag, "float") == 0)
		return cJSON_CreateNumber(strtod(val, NULL));
	yaml_fail(r, line, "The string \"!!%s %s\" could not be parsed as it uses an unsupported "
	    "built-in tag.", tag, val);
	return NULL;
}

static size_t
yaml_hash(const char *s)
{
	size_t h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static struct yaml_anchor *
yaml_anchor_find(struct yaml_reader *r, const char *name)
{
	if (r->index_cap == 0)
		return NULL;
	for (size_t i = yaml_hash(name) & (r->index_cap - 1); r->index[i] != 0;
	    i = (i + 1) & (r->index_cap - 1))
		if (strcmp(r->anchors[r->index[i] - 1].name, name) == 0)
			return &r->anchors[r->index[i] - 1];
	return NULL;
}

static void
yaml_anchor_index(struct yaml_reader *r, size_t pos)
{
	size_t i = yaml_hash(r->anchors[pos].name) & (r->index_cap - 1);

	while (r->index[i] != 0)
		i = (i + 1) & (r->index_cap - 1);
	r->index[i] = pos + 1;
}

/* Keeps a copy of an anchored value; a later anchor of the same name replaces the earlier. */
static void
yaml_anchor_set(struct yaml_reader *r, const char *name, const cJSON *node, size_t count,
    size_t line)
{
	struct yaml_anchor *a;
	cJSON *copy;

	if (count > YAML_MAX_NODES - r->nodes) {
		yaml_fail(r, line, "Unable to parse.");
		return;
	}
	r->nodes += count;
	copy = fmt_cjson_check(cJSON_Duplicate(node, 1));
	if ((a = yaml_anchor_find(r, name)) != NULL) {
		cJSON_Delete(a->node);
		a->node = copy;
		a->count = count;
		return;
	}
	if (r->nanchors == r->anchors_cap) {
		r->anchors_cap = r->anchors_cap ? 2 * r->anchors_cap : 16;
		r->anchors = xrealloc(r->anchors, r->anchors_cap * sizeof *r->anchors);
	}
	r->anchors[r->nanchors] = (struct yaml_anchor){ xstrdup(name), copy, count };
	if (2 * (r->nanchors + 1) > r->index_cap) {
		free(r->index);
		r->index_cap = r->index_cap ? 2 * r->index_cap : 32;
		r->index = xcalloc(r->index_cap, sizeof *r->index);
		for (size_t i = 0; i < r->nanchors; i++)
			yaml_anchor_index(r, i);
	}
	yaml_anchor_index(r, r->nanchors++);
}

/* A key as Symfony takes it: plain keys are evaluated and must be strings or integers. */
static char *
yaml_key(struct yaml_reader *r, const yaml_event_t *ev)
{
	const char *val = (const char *)ev->data.scalar.value;
	cJSON *item;
	char *str;
	bool is_int;

	str = NULL;
	is_int = false;
	if (ev->data.scalar.tag != NULL && strcmp((const char *)ev->data.scalar.tag, "!") != 0) {
		if ((item = yaml_scalar(r, ev)) == NULL)	/* !!str, !!binary... as values */
			return NULL;
		if (cJSON_IsString(item)) {
			str = xstrdup(item->valuestring);
			cJSON_Delete(item);
			return str;
		}
	} else if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		return xstrdup(val);
	} else if ((item = yaml_evaluate(val, &str, &is_int)) == NULL) {
		return str != NULL ? str : xstrdup(val);
	}
	if (is_int) {
		str = xasprintf("%.0f", item->valuedouble);
	} else {
		yaml_fail(r, ev->start_mark.line, "%s keys are not supported. Quote your evaluable "
		    "mapping keys instead.", cJSON_IsNumber(item) ? "Numeric" : "Non-string");
		str = NULL;
	}
	cJSON_Delete(item);
	return str;
}

/* Puts a finished value where it belongs: the root, the next list member, or under the key
 * an object waits with. Takes the value in any case. */
static void
yaml_attach(struct yaml_reader *r, cJSON *v)
{
	struct yaml_frame *f;
	cJSON *old;

	if (r->depth == 0) {
		cJSON_Delete(r->root);
		r->root = v;
		r->have_root = true;
		return;
	}
	f = &r->stack[r->depth - 1];
	if (cJSON_IsArray(f->node)) {
		cJSON_AddItemToArray(f->node, v);
		return;
	}
	old = fkeys_find(&f->keys, f->node, f->key);
	if (old != NULL && !cJSON_IsNull(old)) {
		yaml_fail(r, f->key_line, "Duplicate key \"%s\" detected.", f->key);
		cJSON_Delete(v);
	} else if (old != NULL) {	/* isset() is false for null: Symfony overwrites it */
		cJSON_ReplaceItemViaPointer(f->node, old, v);
		v->string = f->key;
		f->key = NULL;
		fkeys_index(&f->keys, f->node);
	} else {
		cJSON_AddItemToObject(f->node, f->key, v);
		fkeys_add(&f->keys, f->node, v);
	}
	free(f->key);
	f->key = NULL;
}

static bool
yaml_wants_key(const struct yaml_reader *r)
{
	return r->depth > 0 && cJSON_IsObject(r->stack[r->depth - 1].node) &&
	    r->stack[r->depth - 1].key == NULL;
}

static void
yaml_push(struct yaml_reader *r, const yaml_event_t *ev, cJSON *node, const yaml_char_t *anchor)
{
	struct yaml_frame *f;

	if (r->depth == YAML_MAX_DEPTH) {
		cJSON_Delete(node);
		yaml_fail(r, ev->start_mark.line, "Unable to parse.");
		return;
	}
	if (r->stack == NULL)
		r->stack = xcalloc(YAML_MAX_DEPTH, sizeof *r->stack);
	f = &r->stack[r->depth++];
	f->node = node;
	f->key = NULL;
	fkeys_init(&f->keys);
	f->anchor = anchor != NULL ? xstrdup((const char *)anchor) : NULL;
	f->first = r->nodes - 1;
	f->line = ev->start_mark.line;
}

static void
yaml_pop(struct yaml_reader *r)
{
	struct yaml_frame f = r->stack[--r->depth];

	fkeys_free(&f.keys);
	free(f.key);
	if (f.anchor != NULL) {
		yaml_anchor_set(r, f.anchor, f.node, r->nodes - f.first, f.line);
		free(f.anchor);
	}
	yaml_attach(r, f.node);
}

/* The start of a sequence or mapping: both are refused as keys, as Symfony does. */
static void
yaml_container(struct yaml_reader *r, const yaml_event_t *ev, bool map)
{
	const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	const char *t = (const char *)tag;

	if (yaml_wants_key(r)) {
		yaml_fail(r, ev->start_mark.line, "Unable to parse.");
		return;
	}
	if (t != NULL && strcmp(t, "!") != 0 && strcmp(t, map ? YAML_TAG_PREFIX "map" :
	    YAML_TAG_PREFIX "seq") != 0) {
		yaml_fail(r, ev->start_mark.line, "Tags support is not enabled. Enable the "
		    "\"Yaml::PARSE_CUSTOM_TAGS\" flag to use \"%s\".", t);
		return;
	}
	r->nodes++;
	yaml_push(r, ev, fmt_cjson_check(map ? cJSON_CreateObject() : cJSON_CreateArray()),
	    map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
}

/* The byte offset of a mark (libyaml counts characters): its line's start, then its column
 * in UTF-8 characters. */
static size_t
yaml_mark_offset(struct yaml_reader *r, const yaml_mark_t *m)
{
	size_t i, col = m->column;

	if (r->lines == NULL) {
		size_t cap = 64;

		r->lines = xmalloc(cap * sizeof *r->lines);
		r->lines[r->nlines++] = 0;
		for (i = 0; i < r->len; i++) {
			if (r->src[i] != '\n')
				continue;
			if (r->nlines == cap)
				r->lines = xrealloc(r->lines, (cap *= 2) * sizeof *r->lines);
			r->lines[r->nlines++] = i + 1;
		}
	}
	if (m->line >= r->nlines)
		return r->len;
	for (i = r->lines[m->line]; col > 0 && i < r->len && r->src[i] != '\n'; col--)
		for (i++; i < r->len && ((unsigned char)r->src[i] & 0xc0) == 0x80; i++)
			;
	return i;
}

/* A block scalar starts here: if a guessed fix put its indicator here, the guess was right. */
static void
yaml_confirm(struct yaml_reader *r, const yaml_mark_t *m)
{
	size_t at = yaml_mark_offset(r, m), lo = 0, hi = r->nguess;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->guess[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->nguess && r->guess[lo] == at)
		r->confirmed[lo] = true;
}

static void
yaml_on_scalar(struct yaml_reader *r, const yaml_event_t *ev)
{
	cJSON *v;

	if (yaml_wants_key(r)) {
		struct yaml_frame *f = &r->stack[r->depth - 1];

		f->key = yaml_key(r, ev);
		f->key_line = ev->start_mark.line;
		return;
	}
	if (r->nguess > 0 && (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE))
		yaml_confirm(r, &ev->start_mark);
	if ((v = yaml_scalar(r, ev)) == NULL) {
		if (r->cause == NULL)
			fmt_cjson_check(NULL);
		return;
	}
	r->nodes++;
	if (ev->data.scalar.anchor != NULL)
		yaml_anchor_set(r, (const char *)ev->data.scalar.anchor, v, 1,
		    ev->start_mark.line);
	yaml_attach(r, v);
}

static void
yaml_on_alias(struct yaml_reader *r, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct yaml_anchor *a = yaml_anchor_find(r, name);

	if (a == NULL) {
		yaml_fail(r, ev->start_mark.line, "Reference \"%s\" does not exist.", name);
		return;
	}
	if (yaml_wants_key(r) || a->count > YAML_MAX_NODES - r->nodes) {
		yaml_fail(r, ev->start_mark.line, "Unable to parse.");
		return;
	}
	r->nodes += a->count;
	yaml_attach(r, fmt_cjson_check(cJSON_Duplicate(a->node, 1)));
}

/* One event; false when reading stops (end of stream or an error). */
static bool
yaml_on_event(struct yaml_reader *r, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++r->docs > 1)
			yaml_fail(r, ev->start_mark.line, "Multiple documents are not supported.");
		break;
	case YAML_SCALAR_EVENT:
		yaml_on_scalar(r, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		yaml_container(r, ev, false);
		break;
	case YAML_MAPPING_START_EVENT:
		yaml_container(r, ev, true);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		yaml_pop(r);
		break;
	case YAML_ALIAS_EVENT:
		yaml_on_alias(r, ev);
		break;
	case YAML_STREAM_END_EVENT:
		return false;
	default:
		break;
	}
	return r->cause == NULL;
}

/* The line of libyaml's error: its mark, or for a reader error the line of its offset. */
static size_t
yaml_error_line(const struct yaml_reader *r, const yaml_parser_t *p)
{
	size_t line = 0;

	if (p->error != YAML_READER_ERROR)
		return p->problem_mark.line;
	for (size_t i = 0; i < p->problem_offset && i < r->len; i++)
		line += r->src[i] == '\n';
	return line;
}

/* CYamlImportReader::trimEmptyLine: one trailing "\n" off every string. */
static void
yaml_trim_newline(cJSON *v)
{
	for (cJSON *c = v->child; c != NULL; c = c->next) {
		if (cJSON_IsString(c)) {
			size_t n = strlen(c->valuestring);

			if (n > 0 && c->valuestring[n - 1] == '\n')
				c->valuestring[n - 1] = '\0';
		} else {
			yaml_trim_newline(c);
		}
	}
}

static void
yaml_reader_free(struct yaml_reader *r)
{
	while (r->depth > 0) {
		struct yaml_frame *f = &r->stack[--r->depth];

		fkeys_free(&f->keys);
		free(f->key);
		free(f->anchor);
		cJSON_Delete(f->node);
	}
	free(r->stack);
	for (size_t i = 0; i < r->nanchors; i++) {
		free(r->anchors[i].name);
		cJSON_Delete(r->anchors[i].node);
	}
	free(r->anchors);
	free(r->index);
	free(r->lines);
	cJSON_Delete(r->root);
}

static size_t
yaml_spaces(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && s[n] == ' ')
		n++;
	return n;
}

/* For a block indicator at src[at] without an indentation indicator, whose first line with
 * anything on it starts with a tab: the indentation it needs (that line's spaces less those of
 * the line opening the block), or 0. */
static char
yaml_tab_digit(const char *src, size_t len, size_t at)
{
	const char *end = src + len, *ind = src + at, *line, *next;
	size_t indent, sp;

	if (at >= len || (*ind != '|' && *ind != '>'))
		return 0;
	for (next = ind + 1; next < end && (*next == '+' || *next == '-'); next++)
		;
	if (next < end && *next >= '0' && *next <= '9')
		return 0;
	for (line = ind; line > src && line[-1] != '\n'; line--)
		;
	indent = yaml_spaces(line, end);
	for (next = memchr(ind, '\n', (size_t)(end - ind)); next != NULL;
	    next = memchr(next, '\n', (size_t)(end - next))) {
		sp = yaml_spaces(++next, end);
		if (next + sp < end && next[sp] != '\n' && next[sp] != '\r')
			return next[sp] == '\t' && sp > indent && sp - indent <= 9 ?
			    (char)('0' + (sp - indent)) : 0;
	}
	return 0;
}

/*
 * libyaml refuses a "|" or ">" block whose first line starts with a tab after the indentation
 * ("found a tab character where an indentation space is expected"), which YAML allows and
 * Symfony both writes (a tab-indented script) and reads. On that error, r->fix_at is the
 * block's indicator and r->fix_digit the indentation indicator it needs.
 */
static void
yaml_tab_block(struct yaml_reader *r, const yaml_parser_t *p)
{
	size_t at;

	if (p->error != YAML_SCANNER_ERROR || p->problem == NULL || p->context == NULL ||
	    strstr(p->problem, "found a tab character where an indentation space") == NULL ||
	    strcmp(p->context, "while scanning a block scalar") != 0)
		return;
	at = yaml_mark_offset(r, &p->context_mark);
	if ((r->fix_digit = yaml_tab_digit(r->src, r->len, at)) != 0)
		r->fix_at = at;
}

static void
yaml_parse(struct yaml_reader *r)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool more = true;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)r->src, r->len);
	while (more) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_tab_block(r, &p);
			if (r->fix_digit == 0)
				yaml_fail(r, yaml_error_line(r, &p), "Unable to parse.");
			break;
		}
		more = yaml_on_event(r, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
}

/* The indentation indicators put into the source: at (an offset in the source as given) gets
 * digit after it. Guesses are kept only if a block scalar really starts there. */
struct yaml_fix {
	size_t	at;
	char	digit;
	bool	guess;
};

struct yaml_fixes {
	struct yaml_fix	*v;
	size_t		 n;
	size_t		 cap;
	size_t		*refused;	/* guesses proved wrong, never made again */
	size_t		 nrefused;
};

static int
yaml_fix_cmp(const void *a, const void *b)
{
	const struct yaml_fix *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static void
yaml_fix_add(struct yaml_fixes *f, size_t at, char digit, bool guess)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].at == at) {
			f->v[i].guess &= guess;	/* libyaml's word beats a guess */
			return;
		}
	}
	for (size_t i = 0; guess && i < f->nrefused; i++)
		if (f->refused[i] == at)
			return;
	if (f->n == f->cap)
		f->v = xrealloc(f->v, (f->cap = f->cap ? 2 * f->cap : 16) * sizeof *f->v);
	f->v[f->n++] = (struct yaml_fix){ at, digit, guess };
}

/* Every other line that opens a block the same way ("key: |", "- |") is guessed to need the
 * same fix, so that a file of many such blocks takes two parses, not one per block. */
static void
yaml_fix_guess(struct yaml_fixes *f, const char *src, size_t len)
{
	const char *p = src, *end = src + len, *nl;
	size_t at;
	char digit;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		at = (size_t)(nl - src);
		while (at > (size_t)(p - src) && (src[at - 1] == '\r' || src[at - 1] == ' '))
			at--;
		if (at == (size_t)(p - src) || (src[at - 1] != '|' && src[at - 1] != '>'))
			continue;
		at--;
		if (at > (size_t)(p - src) && src[at - 1] != ' ')
			continue;
		if ((digit = yaml_tab_digit(src, len, at)) != 0)
			yaml_fix_add(f, at, digit, true);
	}
}

/* The source with the fixes in; offsets of the guessed indicators in it (sorted). */
static char *
yaml_fix_apply(const struct yaml_fixes *f, const char *src, size_t len, size_t *guess,
    size_t *nguess)
{
	char *out = xmalloc(len + f->n + 1);
	size_t o = 0, from = 0;

	*nguess = 0;
	for (size_t i = 0; i < f->n; i++) {
		size_t upto = f->v[i].at + 1;

		memcpy(out + o, src + from, upto - from);
		o += upto - from;
		if (f->v[i].guess)
			guess[(*nguess)++] = o - 1;
		out[o++] = f->v[i].digit;
		from = upto;
	}
	memcpy(out + o, src + from, len - from);
	o += len - from;
	out[o] = '\0';
	return out;
}

/* An offset in the fixed text, back in the source as given. */
static size_t
yaml_fix_unmap(const struct yaml_fixes *f, size_t at)
{
	size_t i = 0;

	while (i < f->n && f->v[i].at + i < at)
		i++;
	return at - i;
}

/* One reading; 1 when a tab-first block needs a fix (then *fix_at, *fix_digit in text). */
static int
yaml_read_once(struct yaml_reader *r, cJSON **tree, char **cause)
{
	yaml_parse(r);
	if (r->fix_digit != 0 && r->cause == NULL)
		return 1;
	if (r->cause == NULL && (!r->have_root || cJSON_IsNull(r->root)))
		r->cause = xstrdup("Cannot read YAML: File is empty.");
	else if (r->cause == NULL && !cJSON_IsArray(r->root) && !cJSON_IsObject(r->root))
		r->cause = xstrdup("Cannot read YAML: Invalid YAML file contents.");
	if (r->cause != NULL) {
		*cause = r->cause;
		r->cause = NULL;
		return -1;
	}
	yaml_trim_newline(r->root);
	*tree = r->root;
	r->root = NULL;
	return 0;
}

/* Reads with the fixes so far and drops the guesses no block confirmed; on a tab-first block
 * libyaml refuses, adds its fix (and, the first time, the guesses). 1: read again. */
static int
yaml_read_pass(struct yaml_fixes *f, const char *src, size_t len, cJSON **tree, char **cause)
{
	size_t *guess = xmalloc((f->n + 1) * sizeof *guess), nguess, kept = 0, err_at = 0;
	bool wrong = false, first = f->n == 0;
	struct yaml_reader r;
	char *text;
	int rc;

	if (f->n > 1)
		qsort(f->v, f->n, sizeof *f->v, yaml_fix_cmp);
	text = yaml_fix_apply(f, src, len, guess, &nguess);
	memset(&r, 0, sizeof r);
	r.src = text;
	r.len = len + f->n;
	r.guess = guess;
	r.nguess = nguess;
	r.confirmed = xcalloc(nguess + 1, sizeof *r.confirmed);
	rc = yaml_read_once(&r, tree, cause);
	if (rc == 1)
		err_at = yaml_fix_unmap(f, r.fix_at);
	for (size_t i = 0, g = 0; i < f->n; i++) {
		if (f->v[i].guess && !r.confirmed[g++]) {
			f->refused = xrealloc(f->refused, (f->nrefused + 1) * sizeof *f->refused);
			f->refused[f->nrefused++] = f->v[i].at;
			wrong = true;
		} else {
			f->v[kept++] = f->v[i];
		}
	}
	f->n = kept;
	if (rc == 1) {
		if (first)
			yaml_fix_guess(f, src, len);
		yaml_fix_add(f, err_at, r.fix_digit, false);
	} else if (wrong) {	/* read again without the wrong guesses */
		cJSON_Delete(*tree);
		*tree = NULL;
		if (rc != 0)
			free(*cause);
		*cause = NULL;
		rc = 1;
	}
	free(text);
	free(guess);
	free(r.confirmed);
	yaml_reader_free(&r);
	return rc;
}

int
yaml_read(const char *src, size_t len, cJSON **tree, char **cause)
{
	struct yaml_fixes f = { NULL, 0, 0, NULL, 0 };
	char *why = NULL;
	int rc = 1, passes = 0;

	if (!util_utf8_valid(src, len)) {
		fmt_set_cause(cause, "The YAML value does not appear to be valid UTF-8.");
		return -1;
	}
	while (rc == 1 && passes++ < YAML_MAX_PASSES)
		rc = yaml_read_pass(&f, src, len, tree, &why);
	if (rc == 1) {
		struct yaml_reader r = { .src = src, .len = len };
		size_t line = 0;

		for (size_t i = 0; f.n > 0 && i < f.v[f.n - 1].at; i++)
			line += src[i] == '\n';
		yaml_fail(&r, line, "Unable to parse.");
		why = r.cause;
		rc = -1;
	}
	free(f.v);
	free(f.refused);
	if (rc != 0) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return -1;
	}
	return 0;
}
