/* item.c: the item record (every column as its API text), its encoding, Zabbix's key syntax and
 * host interfaces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define ITEM_RECORD_VERSION	1
#define HOSTINTERFACE_RECORD_VERSION 1

#define ID	ITEM_FD_ID | ITEM_FD_NUM
#define NUM	ITEM_FD_NUM
#define RO	ITEM_FD_RO
#define LOC	ITEM_FD_LOCAL

const struct item_field_def item_fields[ITEM_F__COUNT] = {
	[ITEM_F_ITEMID] = { "itemid", "0", ID, 0 },
	[ITEM_F_TYPE] = { "type", "0", NUM, 0 },
	[ITEM_F_SNMP_OID] = { "snmp_oid", "", 0, 512 },
	[ITEM_F_HOSTID] = { "hostid", "0", ID, 0 },
	[ITEM_F_NAME] = { "name", "", 0, 255 },
	[ITEM_F_KEY] = { "key_", "", 0, 2048 },
	[ITEM_F_DELAY] = { "delay", "0", LOC, 1024 },
	[ITEM_F_HISTORY] = { "history", "90d", LOC, 255 },
	[ITEM_F_TRENDS] = { "trends", "365d", LOC, 255 },
	[ITEM_F_STATUS] = { "status", "0", NUM | LOC, 0 },
	[ITEM_F_VALUE_TYPE] = { "value_type", "0", NUM, 0 },
	[ITEM_F_TRAPPER_HOSTS] = { "trapper_hosts", "", 0, 255 },
	[ITEM_F_UNITS] = { "units", "", 0, 255 },
	[ITEM_F_FORMULA] = { "formula", "", 0, 255 },
	[ITEM_F_LOGTIMEFMT] = { "logtimefmt", "", 0, 64 },
	[ITEM_F_TEMPLATEID] = { "templateid", "0", ID, 0 },
	[ITEM_F_VALUEMAPID] = { "valuemapid", "0", NUM, 0 },
	[ITEM_F_PARAMS] = { "params", "", 0, 65535 },
	[ITEM_F_IPMI_SENSOR] = { "ipmi_sensor", "", 0, 128 },
	[ITEM_F_AUTHTYPE] = { "authtype", "0", NUM, 0 },
	[ITEM_F_USERNAME] = { "username", "", 0, 64 },
	[ITEM_F_PASSWORD] = { "password", "", 0, 64 },
	[ITEM_F_PUBLICKEY] = { "publickey", "", 0, 64 },
	[ITEM_F_PRIVATEKEY] = { "privatekey", "", 0, 64 },
	[ITEM_F_FLAGS] = { "flags", "0", NUM | RO, 0 },
	[ITEM_F_INTERFACEID] = { "interfaceid", "0", NUM | LOC | ITEM_FD_OWN, 0 },
	[ITEM_F_DESCRIPTION] = { "description", "", LOC, 65535 },
	[ITEM_F_INVENTORY_LINK] = { "inventory_link", "0", NUM | LOC, 0 },
	[ITEM_F_LIFETIME] = { "lifetime", "30d", 0, 255 },
	[ITEM_F_EVALTYPE] = { "evaltype", "0", NUM, 0 },
	[ITEM_F_JMX_ENDPOINT] = { "jmx_endpoint", "", 0, 255 },
	[ITEM_F_MASTER_ITEMID] = { "master_itemid", "0", NUM, 0 },
	[ITEM_F_TIMEOUT] = { "timeout", "3s", 0, 255 },
	[ITEM_F_URL] = { "url", "", 0, 2048 },
	[ITEM_F_QUERY_FIELDS] = { "query_fields", "[]", ITEM_FD_JSON, 0 },
	[ITEM_F_POSTS] = { "posts", "", 0, 65535 },
	[ITEM_F_STATUS_CODES] = { "status_codes", "200", 0, 255 },
	[ITEM_F_FOLLOW_REDIRECTS] = { "follow_redirects", "1", NUM, 0 },
	[ITEM_F_POST_TYPE] = { "post_type", "0", NUM, 0 },
	[ITEM_F_HTTP_PROXY] = { "http_proxy", "", 0, 255 },
	[ITEM_F_HEADERS] = { "headers", "[]", ITEM_FD_JSON, 0 },
	[ITEM_F_RETRIEVE_MODE] = { "retrieve_mode", "0", NUM, 0 },
	[ITEM_F_REQUEST_METHOD] = { "request_method", "0", NUM, 0 },
	[ITEM_F_OUTPUT_FORMAT] = { "output_format", "0", NUM, 0 },
	[ITEM_F_SSL_CERT_FILE] = { "ssl_cert_file", "", 0, 255 },
	[ITEM_F_SSL_KEY_FILE] = { "ssl_key_file", "", 0, 255 },
	[ITEM_F_SSL_KEY_PASSWORD] = { "ssl_key_password", "", 0, 64 },
	[ITEM_F_VERIFY_PEER] = { "verify_peer", "0", NUM, 0 },
	[ITEM_F_VERIFY_HOST] = { "verify_host", "0", NUM, 0 },
	[ITEM_F_ALLOW_TRAPS] = { "allow_traps", "0", NUM, 0 },
	[ITEM_F_UUID] = { "uuid", "", ITEM_FD_OWN, 0 },
	[ITEM_F_STATE] = { "state", "0", NUM | RO, 0 },
	[ITEM_F_ERROR] = { "error", "", RO, 0 },
	[ITEM_F_PARAMETERS] = { "parameters", "[]", ITEM_FD_JSON, 0 },
	[ITEM_F_LASTCLOCK] = { "lastclock", "0", NUM | RO, 0 },
	[ITEM_F_LASTNS] = { "lastns", "0", NUM | RO, 0 },
	[ITEM_F_LASTVALUE] = { "lastvalue", "0", RO, 0 },
	[ITEM_F_PREVVALUE] = { "prevvalue", "0", RO, 0 },
};

#undef ID
#undef NUM
#undef RO
#undef LOC

/* A field at its default points at the default text of item_fields itself (not a heap copy):
 * most of an item's fields are, and a link copies and decodes items by the hundred thousand. */
static char *
item_dflt(int i)
{
	return (char *)(uintptr_t)item_fields[i].dflt;
}

static void
item_field_free(struct item *it, int i)
{
	if (it->block == NULL && it->f[i] != item_fields[i].dflt)
		free(it->f[i]);
}

/* A fields-only item made to own each stored field, as any other. */
static void
item_own(struct item *it)
{
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (it->f[i] != NULL && it->f[i] != item_fields[i].dflt)
			it->f[i] = xstrdup(it->f[i]);
	free(it->block);
	it->block = NULL;
}

void
item_init(struct item *it)
{
	memset(it, 0, sizeof *it);
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (!(item_fields[i].flags & ITEM_FD_ID))
			it->f[i] = item_dflt(i);
}

void
item_free(struct item *it)
{
	for (int i = 0; i < ITEM_F__COUNT; i++)
		item_field_free(it, i);
	free(it->block);
	tag_list_free(&it->tags);
	preproc_list_free(&it->pp);
	cJSON_Delete(it->lld);
	memset(it, 0, sizeof *it);
}

void
item_set(struct item *it, enum item_field f, const char *v)
{
	char *copy;

	if (it->f[f] != NULL && strcmp(it->f[f], v) == 0)
		return;		/* the same text already: copies of records mostly are */
	if (it->block != NULL)
		item_own(it);
	copy = strcmp(v, item_fields[f].dflt) == 0 ? item_dflt(f) : xstrdup(v);

	item_field_free(it, f);
	it->f[f] = copy;
}

void
item_dup(struct item *dst, const struct item *src)
{
	memset(dst, 0, sizeof *dst);
	dst->itemid = src->itemid, dst->hostid = src->hostid, dst->templateid = src->templateid;
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (src->f[i] != NULL && src->f[i] != item_fields[i].dflt)
			dst->f[i] = xstrdup(src->f[i]);
		else if (!(item_fields[i].flags & ITEM_FD_ID))
			dst->f[i] = item_dflt(i);
	for (size_t i = 0; i < src->tags.n; i++)
		tag_list_add(&dst->tags, src->tags.tags[i].tag, src->tags.tags[i].value);
	preproc_list_copy(&dst->pp, &src->pp);
	dst->lld = src->lld != NULL ? cJSON_Duplicate(src->lld, true) : NULL;
}

int
item_field_find(const char *name)
{
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (strcmp(item_fields[i].name, name) == 0)
			return i;
	return -1;
}

/* Only the fields that differ from their default are written, as (index, text). */
void
item_encode(const struct item *it, struct codec_buf *b)
{
	uint8_t n = 0;

	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (it->f[i] != NULL && it->f[i] != item_fields[i].dflt &&
		    strcmp(it->f[i], item_fields[i].dflt) != 0)
			n++;
	codec_put_u8(b, ITEM_RECORD_VERSION);
	codec_put_u64(b, it->itemid);
	codec_put_u64(b, it->hostid);
	codec_put_u64(b, it->templateid);
	codec_put_u8(b, n);
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (it->f[i] != NULL && it->f[i] != item_fields[i].dflt &&
		    strcmp(it->f[i], item_fields[i].dflt) != 0) {
			codec_put_u8(b, (uint8_t)i);
			codec_put_str(b, it->f[i]);
		}
	tag_list_encode(&it->tags, b);
}

/* Opens a record at its field list: its three ids and how many fields it stores. -1 when
 * it is not an item record of this version. */
static int
item_head(struct codec_reader *r, const void *data, size_t len, uint64_t *itemid,
    uint64_t *hostid, uint64_t *templateid, uint8_t *n)
{
	codec_reader_init(r, data, len);
	if (codec_get_u8(r) != ITEM_RECORD_VERSION)
		return -1;
	*itemid = codec_get_u64(r);
	*hostid = codec_get_u64(r);
	*templateid = codec_get_u64(r);
	*n = codec_get_u8(r);
	return r->bad ? -1 : 0;
}

/* The next stored field, (index, text) in place without a copy, for the partial readers;
 * -1 when the record is cut short. */
static int
item_field_view(struct codec_reader *r, uint8_t *i, const uint8_t **text, uint32_t *len)
{
	*i = codec_get_u8(r);
	*len = codec_get_u32(r);
	if (r->bad || *len > r->left)
		return -1;
	*text = r->p;
	r->p += *len, r->left -= *len;
	return 0;
}

/* The record into it: whole, or (fields_only) without its tags. */
static int
item_decode_parts(const void *data, size_t len, struct item *it, bool fields_only)
{
	struct codec_reader r;
	char *at = NULL;
	uint8_t n = 0;

	item_init(it);
	if (item_head(&r, data, len, &it->itemid, &it->hostid, &it->templateid, &n) != 0)
		r.bad = true;
	if (fields_only && !r.bad)	/* a row's fields: their texts in one allocation */
		at = it->block = xmalloc(codec_block_size(&r));
	for (uint8_t k = 0; k < n && !r.bad; k++) {
		uint8_t i = codec_get_u8(&r);
		char *v = fields_only ? codec_get_str_at(&r, &at) : codec_get_str(&r);

		if (i >= ITEM_F__COUNT || (item_fields[i].flags & ITEM_FD_ID)) {
			if (!fields_only)
				free(v);
			r.bad = true;
			break;
		}
		item_field_free(it, i);
		it->f[i] = v;
	}
	if (r.bad || (!fields_only && tag_list_decode(r.p, r.left, &it->tags) != 0)) {
		item_free(it);
		return -1;
	}
	return 0;
}

int
item_decode(const void *data, size_t len, struct item *it)
{
	return item_decode_parts(data, len, it, false);
}

int
item_decode_fields(const void *data, size_t len, struct item *it)
{
	return item_decode_parts(data, len, it, true);
}

int
item_decode_field(const void *data, size_t len, enum item_field f, uint64_t *hostid,
    char **key)
{
	struct codec_reader r;
	uint64_t id, tid;
	uint8_t n = 0;

	*key = NULL;
	if (item_head(&r, data, len, &id, hostid, &tid, &n) != 0)
		return -1;
	for (uint8_t k = 0; k < n && !r.bad && *key == NULL; k++) {
		const uint8_t *text;
		uint32_t slen;
		uint8_t i;

		if (item_field_view(&r, &i, &text, &slen) != 0)
			return -1;
		if (i == f)
			*key = xstrndup((const char *)text, slen);
	}
	if (r.bad)
		return -1;
	if (*key == NULL)
		*key = xstrdup(item_fields[f].dflt);
	return 0;
}

int
item_decode_tags(const void *data, size_t len, uint64_t *hostid, struct tag_list *tags)
{
	struct codec_reader r;
	uint64_t id, tid;
	uint8_t n = 0;

	memset(tags, 0, sizeof *tags);
	if (item_head(&r, data, len, &id, hostid, &tid, &n) != 0)
		return -1;
	for (uint8_t k = 0; k < n && !r.bad; k++) {
		const uint8_t *text;
		uint32_t slen;
		uint8_t i;

		if (item_field_view(&r, &i, &text, &slen) != 0 || i >= ITEM_F__COUNT ||
		    (item_fields[i].flags & ITEM_FD_ID))
			return -1;
	}
	if (r.bad || tag_list_decode(r.p, r.left, tags) != 0) {
		tag_list_free(tags);
		return -1;
	}
	return 0;
}

void
item_copy_fields(struct item *dst, const struct item *src, bool local)
{
	for (int i = 0; i < ITEM_F__COUNT; i++) {
		unsigned fl = item_fields[i].flags;

		if ((fl & (ITEM_FD_ID | ITEM_FD_OWN | ITEM_FD_RO)) || (!local && (fl & ITEM_FD_LOCAL)))
			continue;
		item_set(dst, (enum item_field)i, src->f[i]);
	}
	preproc_list_copy(&dst->pp, &src->pp);
	if (local) {
		tag_list_free(&dst->tags);
		for (size_t i = 0; i < src->tags.n; i++)
			tag_list_add(&dst->tags, src->tags.tags[i].tag, src->tags.tags[i].value);
	}
}

/* ---- key syntax ---- */

static bool
item_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '-';
}

static int
item_key_fail(const char *at, char **cause)
{
	if (cause != NULL)
		*cause = *at == '\0' ? xstrdup("unexpected end of key") :
		    xasprintf("incorrect syntax near \"%s\"", at);
	return -1;
}

/* One quoted parameter from the opening quote; *p ends after the closing one: the first '"'
 * that does not follow a backslash (any other backslash is a plain character). */
static bool
item_key_quoted(const char **p)
{
	const char *s = *p + 1;

	for (; *s != '"'; s++) {
		if (*s == '\0')
			return false;
		if (*s == '\\' && s[1] == '"')
			s++;
	}
	*p = s + 1;
	return true;
}

/* The parameters after the opening char up to and including close (']' for a key, whose
 * arrays "[...]" nest once; ')' for a macro function, where '[' is a plain character).
 * cause: NULL when no text is wanted. */
static int
item_key_params(const char **p, char close, int level, char **cause)
{
	for (;;) {
		while (**p == ' ')
			(*p)++;
		if (**p == '"') {
			if (!item_key_quoted(p))
				return item_key_fail("", cause);
			while (**p == ' ')
				(*p)++;
		} else if (**p == '[' && close == ']') {
			if (level > 0)
				return item_key_fail(*p, cause);
			(*p)++;
			if (item_key_params(p, close, level + 1, cause) != 0)
				return -1;
			while (**p == ' ')
				(*p)++;
		} else
			while (**p != '\0' && **p != ',' && **p != close)
				(*p)++;
		if (**p == ',') {
			(*p)++;
			continue;
		}
		if (**p == close) {
			(*p)++;
			return 0;
		}
		return item_key_fail(*p, cause);
	}
}

size_t
item_key_params_span(const char *s, char close)
{
	const char *p = s + 1;

	return item_key_params(&p, close, 0, NULL) == 0 ? (size_t)(p - s) : 0;
}

size_t
item_key_span(const char *s)
{
	const char *p = s;
	size_t n;

	while (item_key_char(*p))
		p++;
	if (p == s || *p != '[')
		return (size_t)(p - s);
	n = item_key_params_span(p, ']');
	return (size_t)(p - s) + n;
}

int
item_key_check(const char *key, char **cause)
{
	const char *p = key;

	*cause = NULL;
	while (item_key_char(*p))
		p++;
	if (p == key)
		return *p == '\0' ? (*cause = xstrdup("key is empty"), -1) : item_key_fail(p, cause);
	if (*p == '\0')
		return 0;
	if (*p != '[')
		return item_key_fail(p, cause);
	p++;
	if (item_key_params(&p, ']', 0, cause) != 0)
		return -1;
	return *p == '\0' ? 0 : item_key_fail(p, cause);
}

int
item_type_interface(int type)
{
	switch (type) {
	case 0:		return 1;	/* Zabbix agent */
	case 17:			/* SNMP trap */
	case 20:	return 2;	/* SNMP agent */
	case 12:	return 3;	/* IPMI agent */
	case 16:	return 4;	/* JMX agent */
	case 3:				/* simple check */
	case 10:			/* external check */
	case 13:			/* SSH agent */
	case 14:	return ITEM_IF_ANY;	/* TELNET agent */
	case 19:	return ITEM_IF_OPT;	/* HTTP agent */
	default:	return 0;
	}
}

/* ---- host interfaces ---- */

void
hostinterface_encode(const struct hostinterface *hi, struct codec_buf *b)
{
	codec_put_u8(b, HOSTINTERFACE_RECORD_VERSION);
	codec_put_u64(b, hi->interfaceid);
	codec_put_u64(b, hi->hostid);
	codec_put_u32(b, hi->type);
	codec_put_u32(b, hi->main);
	codec_put_u32(b, hi->useip);
	codec_put_str(b, hi->ip);
	codec_put_str(b, hi->dns);
	codec_put_str(b, hi->port);
}

int
hostinterface_decode(const void *data, size_t len, struct hostinterface *hi)
{
	struct codec_reader r;

	memset(hi, 0, sizeof *hi);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != HOSTINTERFACE_RECORD_VERSION)
		r.bad = true;
	hi->interfaceid = codec_get_u64(&r);
	hi->hostid = codec_get_u64(&r);
	hi->type = codec_get_u32(&r);
	hi->main = codec_get_u32(&r);
	hi->useip = codec_get_u32(&r);
	hi->ip = codec_get_str(&r);
	hi->dns = codec_get_str(&r);
	hi->port = codec_get_str(&r);
	if (r.bad) {
		hostinterface_free(hi);
		return -1;
	}
	return 0;
}

void
hostinterface_free(struct hostinterface *hi)
{
	free(hi->ip);
	free(hi->dns);
	free(hi->port);
	hi->ip = hi->dns = hi->port = NULL;
}
