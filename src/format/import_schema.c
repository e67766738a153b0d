/* import_schema.c: the walker that checks an import tree against a schema table as Zabbix's XML
 * validators do (paths, order, texts, the rules that depend on sibling values) and normalises it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "internal.h"

struct iwalk {
	struct fbuf		 path;		/* "/zabbix_export/templates/template(1)" */
	enum format_kind	 kind;
	bool			 strict;
	bool			 v50;		/* 4.4 and 5.0: authtype without DIGEST */
	char			**cause;
};

/* Dynamic rules (the validators' "extended rules"). */
#define ISN_OBJECT(name, ...)							\
	static const struct isch_field name##_f[] = { __VA_ARGS__ };		\
	static const struct isch_node name = { ISCH_ARRAY, 0, ISCH_HOOK_NONE, NULL, NULL,	\
	    NULL, name##_f, sizeof name##_f / sizeof name##_f[0] }
#define ISN_LIST(name, prefix, member)						\
	static const struct isch_node name = { ISCH_INDEXED, 0, ISCH_HOOK_NONE, prefix,	\
	    member, NULL, NULL, 0 }
#define ISN_CONST(name, in)							\
	static const struct isch_node name = { ISCH_STRING, 0, ISCH_HOOK_NONE, NULL, NULL,	\
	    in, NULL, 0 }

static const struct isch_node isn_string = { ISCH_STRING, 0, ISCH_HOOK_NONE, NULL, NULL, NULL,
    NULL, 0 };
static const struct isch_node isn_string_req = { ISCH_STRING | ISCH_REQUIRED, 0, ISCH_HOOK_NONE,
    NULL, NULL, NULL, NULL, 0 };
static const struct isch_node isn_empty = { ISCH_ARRAY, 0, ISCH_HOOK_NONE, NULL, NULL, NULL, NULL,
    0 };
ISN_OBJECT(isn_host_key, { "host", &isn_string_req }, { "key", &isn_string_req });
ISN_OBJECT(isn_host, { "host", &isn_string_req });
ISN_OBJECT(isn_host_name, { "host", &isn_string_req }, { "name", &isn_string_req });
ISN_OBJECT(isn_name_host, { "name", &isn_string_req }, { "host", &isn_string_req });
ISN_OBJECT(isn_key_host, { "key", &isn_string_req }, { "host", &isn_string_req });
ISN_OBJECT(isn_name_value, { "name", &isn_string_req }, { "value", &isn_string_req });
ISN_LIST(isn_posts, "post_field", &isn_name_value);
ISN_OBJECT(isn_webhook_param, { "name", &isn_string_req }, { "value", &isn_string });
ISN_LIST(isn_webhook_params, "parameter", &isn_webhook_param);
ISN_LIST(isn_script_params, "parameter", &isn_string);
ISN_LIST(isn_els_host, "element", &isn_host);
ISN_OBJECT(isn_el_name, { "name", &isn_string_req });
ISN_LIST(isn_els_name, "element", &isn_el_name);
ISN_OBJECT(isn_el_trigger, { "description", &isn_string_req }, { "expression", &isn_string_req },
    { "recovery_expression", &isn_string_req });
ISN_LIST(isn_els_trigger, "element", &isn_el_trigger);

static const char *const isin_auth_ssh[] = { "PASSWORD", "PUBLIC_KEY", NULL };
static const char *const isin_auth_http[] = { "NONE", "BASIC", "NTLM", "KERBEROS", "DIGEST",
    NULL };
static const char *const isin_auth_http50[] = { "NONE", "BASIC", "NTLM", "KERBEROS", NULL };
static const char *const isin_err_all[] = { "ORIGINAL_ERROR", "DISCARD_VALUE", "CUSTOM_VALUE",
    "CUSTOM_ERROR", NULL };
ISN_CONST(isn_auth_ssh, isin_auth_ssh);
ISN_CONST(isn_auth_http, isin_auth_http);
ISN_CONST(isn_auth_http50, isin_auth_http50);
ISN_CONST(isn_err_all, isin_err_all);
ISN_CONST(isn_err_ns, isin_err_all + 1);	/* no ORIGINAL_ERROR */

const struct isch_node *
isch_find(const char *version)
{
	for (const struct isch_version *v = isch_versions; v->version != NULL; v++)
		if (strcmp(v->version, version) == 0)
			return v->root;
	return NULL;
}

/* PHP's loose "==" of a value with an integer: a numeric string of that value. */
static bool
php_eq_int(const cJSON *v, long n)
{
	char *end;
	double d;

	if (!cJSON_IsString(v) || !php_is_numeric(v->valuestring, strlen(v->valuestring)))
		return false;
	d = strtod(v->valuestring, &end);
	return d == (double)n;
}

static bool
php_eq_str(const cJSON *v, const char *s)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0;
}

/* zbx_is_int(): digits only. */
static bool
zbx_is_int(const cJSON *v)
{
	const char *s;

	if (!cJSON_IsString(v) || *v->valuestring == '\0')
		return false;
	for (s = v->valuestring; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static const cJSON *
iw_sibling(const cJSON *parent, const char *tag)
{
	return parent != NULL && cJSON_IsObject(parent) ?
	    cJSON_GetObjectItemCaseSensitive(parent, tag) : NULL;
}

/* The rules a hook picks from the sibling values; NULL: no further check. */
static const struct isch_node *
iw_dynamic(enum isch_hook hook, const cJSON *parent, bool v50)
{
	const cJSON *t = iw_sibling(parent, "type");
	const char *axis;

	switch (hook) {
	case ISCH_HOOK_AUTHTYPE:
		if (php_eq_int(t, 13) || php_eq_str(t, "SSH"))
			return &isn_auth_ssh;
		return v50 ? &isn_auth_http50 : &isn_auth_http;
	case ISCH_HOOK_YMIN_ITEM:
	case ISCH_HOOK_YMAX_ITEM:
		axis = hook == ISCH_HOOK_YMIN_ITEM ? "ymin_type_1" : "ymax_type_1";
		t = iw_sibling(parent, axis);
		return php_eq_int(t, 2) || php_eq_str(t, "ITEM") ? &isn_host_key : &isn_empty;
	case ISCH_HOOK_WIDGET_VALUE:
		if (php_eq_str(t, "HOST") || php_eq_int(t, 3))
			return &isn_host;
		if (php_eq_str(t, "ITEM") || php_eq_str(t, "ITEM_PROTOTYPE") || php_eq_int(t, 4) ||
		    php_eq_int(t, 5))
			return &isn_host_key;
		if (php_eq_str(t, "GRAPH") || php_eq_str(t, "GRAPH_PROTOTYPE") || php_eq_int(t, 6) ||
		    php_eq_int(t, 7))
			return &isn_host_name;
		return &isn_string_req;
	case ISCH_HOOK_MAP_ELEMENTS:
		t = iw_sibling(parent, "elementtype");
		if (php_eq_int(t, 0))
			return &isn_els_host;
		if (php_eq_int(t, 1) || php_eq_int(t, 3))
			return &isn_els_name;
		if (php_eq_int(t, 2))
			return &isn_els_trigger;
		return &isn_empty;
	case ISCH_HOOK_MEDIA_PARAMS:
		if (php_eq_str(t, "SCRIPT") || php_eq_int(t, 1))
			return &isn_script_params;
		if (php_eq_str(t, "WEBHOOK") || php_eq_int(t, 4))
			return &isn_webhook_params;
		return &isn_empty;
	case ISCH_HOOK_PREPROC_ERR:
		return php_eq_str(t, "CHECK_NOT_SUPPORTED") ? &isn_err_ns : &isn_err_all;
	default:
		return NULL;
	}
}

/* Fails with "Invalid tag "PATH": TEXT." or, with a value, "...: TEXT "VALUE"[ TAIL]." */
static int
iw_fail(struct iwalk *w, const char *text, const char *value, const char *tail)
{
	struct fbuf b;

	fbuf_init(&b, 64);
	fbuf_printf(&b, "Invalid tag \"%s\": %s", w->path.len > 0 ? w->path.p : "/", text);
	if (value != NULL)
		fbuf_printf(&b, " \"%s\"", value);
	if (tail != NULL)
		fbuf_printf(&b, " %s", tail);
	fbuf_putc(&b, '.');
	if (w->cause != NULL) {
		free(*w->cause);
		*w->cause = fbuf_take(&b, NULL);
	} else
		fbuf_free(&b);
	return -1;
}

/* Turns an item into an empty array in place (XML's "" where a list or object is expected). */
static void
iw_make_list(cJSON *d)
{
	if (cJSON_IsString(d)) {
		if (!(d->type & cJSON_IsReference))
			free(d->valuestring);
		d->valuestring = NULL;
	}
	d->type = (d->type & ~0xff) | cJSON_Array;
}

static size_t
iw_push(struct iwalk *w, const char *seg, int index)
{
	size_t mark = w->path.len;

	if (w->path.len > 0)
		fbuf_putc(&w->path, '/');
	fbuf_puts(&w->path, seg);
	if (index > 0)
		fbuf_printf(&w->path, "(%d)", index);
	return mark;
}

static void
iw_pop(struct iwalk *w, size_t mark)
{
	w->path.len = mark;
	w->path.p[mark] = '\0';
}

/* The name PHP gives a member of an array (its key, or its index in a list). */
static const char *
iw_key(const cJSON *d, const cJSON *c, int i, char *num, size_t n)
{
	if (cJSON_IsObject(d) && c->string != NULL)
		return c->string;
	snprintf(num, n, "%d", i);
	return num;
}

static int iw_node(struct iwalk *, const struct isch_node *, cJSON *, const cJSON *);

static int
iw_object(struct iwalk *w, const struct isch_node *r, cJSON *d)
{
	char num[24];
	int i = 0;

	for (cJSON *c = d->child; c != NULL; c = c->next, i++) {
		const char *k = iw_key(d, c, i, num, sizeof num);
		size_t f;

		for (f = 0; f < r->nfields; f++)
			if (strcmp(r->fields[f].tag, k) == 0)
				break;
		if (f == r->nfields || !cJSON_IsObject(d))
			return iw_fail(w, "unexpected tag", k, NULL);
	}
	for (size_t f = 0; f < r->nfields; f++) {
		const struct isch_node *sub = r->fields[f].node;
		cJSON *v = cJSON_IsObject(d) ? cJSON_GetObjectItemCaseSensitive(d,
		    r->fields[f].tag) : NULL;
		bool required = (sub->type & ISCH_REQUIRED) != 0;

		if (v != NULL) {
			size_t mark = iw_push(w, r->fields[f].tag, 0);
			int rc = iw_node(w, sub, v, d);

			iw_pop(w, mark);
			if (rc != 0)
				return -1;
			continue;
		}
		if (sub->flags & ISCH_MAP_ELEMENT_REQUIRED) {
			const cJSON *t = iw_sibling(d, "elementtype");

			required = zbx_is_int(t) && (php_eq_int(t, 0) || php_eq_int(t, 1) ||
			    php_eq_int(t, 2) || php_eq_int(t, 3));
		}
		if (required)
			return iw_fail(w, "the tag", r->fields[f].tag, "is missing");
	}
	return 0;
}

/* Whether a member's key is right for its index in strict mode. */
static bool
iw_member_name_ok(const struct iwalk *w, const struct isch_node *r, const cJSON *d,
    const cJSON *c, int i)
{
	char num[24];
	const char *k;
	size_t plen;

	if (!cJSON_IsObject(d))
		return true;
	k = c->string;
	snprintf(num, sizeof num, "%d", i);
	if (w->kind != FORMAT_XML) {
		if (*k == '\0')
			return false;
		for (const char *s = k; *s != '\0'; s++)
			if (!isdigit((unsigned char)*s))
				return false;
		return true;
	}
	if (fmt_is_int_key(k))
		return strcmp(k, num) == 0;
	plen = strlen(r->prefix);
	if (strncmp(k, r->prefix, plen) != 0)
		return false;
	return i == 0 ? k[plen] == '\0' : strcmp(k + plen, num) == 0;
}

static int
iw_indexed(struct iwalk *w, const struct isch_node *r, cJSON *d)
{
	int i = 0;

	for (cJSON *c = d->child; c != NULL; c = c->next, i++) {
		size_t mark;
		int rc;

		if (w->strict && !iw_member_name_ok(w, r, d, c, i))
			return iw_fail(w, "unexpected tag", c->string, NULL);
		mark = iw_push(w, r->prefix, i + 1);
		rc = iw_node(w, r->member, c, d);
		iw_pop(w, mark);
		if (rc != 0)
			return -1;
	}
	if (cJSON_IsObject(d)) {
		for (cJSON *c = d->child; c != NULL; c = c->next) {
			free(c->string);
			c->string = NULL;
		}
		d->type = (d->type & ~0xff) | cJSON_Array;
	}
	return 0;
}

static bool
iw_is_date(const char *s)
{
	static const char pat[] = "20dd-dd-ddTdd:dd:ddZ";
	int mo, da, h, mi, se;

	/* PCRE's "$" also matches before a final newline */
	if (strlen(s) != sizeof pat - 1 && !(strlen(s) == sizeof pat && s[sizeof pat - 1] == '\n'))
		return false;
	for (size_t i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return false;
	mo = (s[5] - '0') * 10 + s[6] - '0';
	da = (s[8] - '0') * 10 + s[9] - '0';
	h = (s[11] - '0') * 10 + s[12] - '0';
	mi = (s[14] - '0') * 10 + s[15] - '0';
	se = (s[17] - '0') * 10 + s[18] - '0';
	return mo >= 1 && mo <= 12 && da >= 1 && da <= 31 && h <= 23 && mi <= 59 && se <= 59;
}

/* The screen item resource check of 5.0 template screens. */
static const struct isch_node *
iw_screen_resource(const cJSON *parent)
{
	const cJSON *t = iw_sibling(parent, "resourcetype");

	if (!zbx_is_int(t))
		return NULL;
	if (php_eq_int(t, 0) || php_eq_int(t, 20))
		return &isn_name_host;
	if (php_eq_int(t, 7) && php_eq_int(iw_sibling(parent, "style"), 2))
		return &isn_key_host;
	if (php_eq_int(t, 1) || php_eq_int(t, 19) || php_eq_int(t, 3))
		return &isn_key_host;
	return NULL;
}

static int
iw_hook(struct iwalk *w, const struct isch_node *r, cJSON *d, const cJSON *parent)
{
	const struct isch_node *dyn;
	struct isch_node master;
	struct isch_field key;

	switch (r->hook) {
	case ISCH_HOOK_NONE:
		return 0;
	case ISCH_HOOK_DATE:
		return iw_is_date(d->valuestring) ? 0 :
		    iw_fail(w, "\"YYYY-MM-DDThh:mm:ssZ\" is expected", NULL, NULL);
	case ISCH_HOOK_MASTER_ITEM:
		key.tag = "key";
		key.node = php_eq_int(iw_sibling(parent, "type"), 18) ? &isn_string_req :
		    &isn_string;
		master = (struct isch_node){ ISCH_ARRAY | ISCH_REQUIRED, 0, ISCH_HOOK_NONE, NULL,
		    NULL, NULL, &key, 1 };
		return iw_node(w, &master, d, parent);
	case ISCH_HOOK_GRAPH_ITEMS:
		return cJSON_GetArraySize(d) > 0 ? 0 :
		    iw_fail(w, "the tag", "graph_item", "is missing");
	case ISCH_HOOK_HTTP_POSTS:
		return iw_node(w, cJSON_IsArray(d) || cJSON_IsObject(d) ? &isn_posts : &isn_string, d,
		    parent);
	case ISCH_HOOK_SCREEN_RESOURCE:
		dyn = iw_screen_resource(parent);
		return dyn != NULL ? iw_node(w, dyn, d, parent) : 0;
	default:
		dyn = iw_dynamic(r->hook, parent, w->v50);
		return iw_node(w, dyn, d, parent);
	}
}

static int
iw_node(struct iwalk *w, const struct isch_node *r, cJSON *d, const cJSON *parent)
{
	if ((r->flags & ISCH_ZERO2ARRAY) && php_eq_str(d, "0"))
		iw_make_list(d);
	if (r->type & ISCH_STRING) {
		if (!cJSON_IsString(d))
			return iw_fail(w, "a character string is expected", NULL, NULL);
		if (r->in != NULL) {
			const char *const *n;

			for (n = r->in; *n != NULL && strcmp(*n, d->valuestring) != 0; n++)
				;
			if (*n == NULL)
				return iw_fail(w, "unexpected constant", d->valuestring, NULL);
		}
	} else if (r->type & (ISCH_ARRAY | ISCH_INDEXED)) {
		if (php_eq_str(d, ""))
			iw_make_list(d);
		if (!cJSON_IsArray(d) && !cJSON_IsObject(d))
			return iw_fail(w, "an array is expected", NULL, NULL);
		if ((r->type & ISCH_ARRAY ? iw_object(w, r, d) : iw_indexed(w, r, d)) != 0)
			return -1;
	}
	return iw_hook(w, r, d, parent);
}

int
isch_validate(const char *version, cJSON *data, enum format_kind kind, bool strict, char **cause)
{
	const struct isch_node *root = isch_find(version);
	struct iwalk w = { .kind = kind, .strict = strict, .cause = cause,
	    .v50 = strcmp(version, "4.4") == 0 || strcmp(version, "5.0") == 0 };
	int rc;

	if (root == NULL) {
		fmt_set_cause(cause, "Invalid tag \"/zabbix_export/version\": unsupported version "
		    "number.");
		return -1;
	}
	fbuf_init(&w.path, 128);
	fbuf_puts(&w.path, "/zabbix_export");
	rc = iw_node(&w, root, data, NULL);
	fbuf_free(&w.path);
	return rc;
}

/* Normalisation. */

static void
in_string(cJSON *d, unsigned flags)
{
	const char *s = d->valuestring;
	struct fbuf b;

	fbuf_init(&b, strlen(s) + 16);
	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n')
			continue;
		if (*s == '\n' && !(flags & ISCH_EOL_LF))
			fbuf_putc(&b, '\r');
		fbuf_putc(&b, (flags & ISCH_LOWERCASE) && *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) :
		    *s);
	}
	if (!(d->type & cJSON_IsReference))
		free(d->valuestring);
	d->type &= ~cJSON_IsReference;
	d->valuestring = fbuf_take(&b, NULL);
}

static void
in_node(const struct isch_node *r, cJSON *d)
{
	if (cJSON_IsString(d)) {
		if (r->type & ISCH_STRING)
			in_string(d, r->flags);
		return;
	}
	if (r->type & ISCH_ARRAY) {
		if (!cJSON_IsObject(d))
			return;
		for (size_t f = 0; f < r->nfields; f++) {
			const struct isch_node *sub = r->fields[f].node;
			cJSON *v = cJSON_GetObjectItemCaseSensitive(d, r->fields[f].tag);

			if (sub->flags & ISCH_EX_RULES)
				sub = iw_dynamic(sub->hook, d, false);
			if (v != NULL && sub != NULL)
				in_node(sub, v);
		}
	} else if (r->type & ISCH_INDEXED) {
		for (cJSON *c = d->child; c != NULL; c = c->next)
			in_node(r->member, c);
	}
}

void
isch_normalise(cJSON *data)
{
	in_node(isch_find("6.0"), data);
}
