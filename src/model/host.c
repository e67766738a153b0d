/* host.c: the host/template record, its encoding (with the optional IPMI/TLS tail), and
 * Zabbix's technical host name rule. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define HOST_RECORD_VERSION 1
/* The tag of the optional tail after uuid that holds struct host_conn. */
#define HOST_CONN_TAG 1

/* The defaults' strings: one empty string, never written (host_conn_dup copies it). */
static char host_conn_empty[1];
static const struct host_conn host_conn_default = {
	.ipmi_authtype = -1, .ipmi_privilege = 2, .ipmi_username = host_conn_empty,
	.ipmi_password = host_conn_empty, .tls_connect = 1, .tls_accept = 1,
	.tls_issuer = host_conn_empty, .tls_subject = host_conn_empty,
	.tls_psk_identity = host_conn_empty, .tls_psk = host_conn_empty,
};

const struct host_conn *
host_conn_of(const struct host *h)
{
	return h->conn != NULL ? h->conn : &host_conn_default;
}

void
host_conn_set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v != NULL ? v : "");
}

/* A heap copy of c with every string duplicated. */
static struct host_conn *
host_conn_dup(const struct host_conn *c)
{
	struct host_conn *d = xmalloc(sizeof *d);

	*d = *c;
	d->ipmi_username = xstrdup(c->ipmi_username != NULL ? c->ipmi_username : "");
	d->ipmi_password = xstrdup(c->ipmi_password != NULL ? c->ipmi_password : "");
	d->tls_issuer = xstrdup(c->tls_issuer != NULL ? c->tls_issuer : "");
	d->tls_subject = xstrdup(c->tls_subject != NULL ? c->tls_subject : "");
	d->tls_psk_identity = xstrdup(c->tls_psk_identity != NULL ? c->tls_psk_identity : "");
	d->tls_psk = xstrdup(c->tls_psk != NULL ? c->tls_psk : "");
	return d;
}

static void
host_conn_free(struct host_conn *c)
{
	if (c == NULL)
		return;
	free(c->ipmi_username);
	free(c->ipmi_password);
	free(c->tls_issuer);
	free(c->tls_subject);
	free(c->tls_psk_identity);
	free(c->tls_psk);
	free(c);
}

struct host_conn *
host_conn_edit(struct host *h)
{
	if (h->conn == NULL)
		h->conn = host_conn_dup(&host_conn_default);
	return h->conn;
}

static void
host_conn_encode(const struct host_conn *c, struct codec_buf *b)
{
	codec_put_u8(b, HOST_CONN_TAG);
	codec_put_u32(b, (uint32_t)c->ipmi_authtype);
	codec_put_u32(b, (uint32_t)c->ipmi_privilege);
	codec_put_str(b, c->ipmi_username);
	codec_put_str(b, c->ipmi_password);
	codec_put_u32(b, (uint32_t)c->tls_connect);
	codec_put_u32(b, (uint32_t)c->tls_accept);
	codec_put_str(b, c->tls_issuer);
	codec_put_str(b, c->tls_subject);
	codec_put_str(b, c->tls_psk_identity);
	codec_put_str(b, c->tls_psk);
}

/* The tail after uuid, when there is one: conn stays NULL for a record without it. */
static void
host_conn_decode(struct codec_reader *r, struct host *h)
{
	struct host_conn *c;

	if (r->bad || r->left == 0)
		return;
	if (codec_get_u8(r) != HOST_CONN_TAG) {
		r->bad = true;
		return;
	}
	c = h->conn = xcalloc(1, sizeof *c);
	c->ipmi_authtype = (int32_t)codec_get_u32(r);
	c->ipmi_privilege = (int32_t)codec_get_u32(r);
	c->ipmi_username = codec_get_str(r);
	c->ipmi_password = codec_get_str(r);
	c->tls_connect = (int32_t)codec_get_u32(r);
	c->tls_accept = (int32_t)codec_get_u32(r);
	c->tls_issuer = codec_get_str(r);
	c->tls_subject = codec_get_str(r);
	c->tls_psk_identity = codec_get_str(r);
	c->tls_psk = codec_get_str(r);
}

void
host_encode(const struct host *h, struct codec_buf *b)
{
	codec_put_u8(b, HOST_RECORD_VERSION);
	codec_put_u64(b, h->hostid);
	codec_put_u32(b, h->status);
	codec_put_str(b, h->host);
	codec_put_str(b, h->name);
	codec_put_str(b, h->description);
	codec_put_str(b, h->uuid);
	if (h->conn != NULL)
		host_conn_encode(h->conn, b);
}

int
host_decode(const void *data, size_t len, struct host *h)
{
	struct codec_reader r;

	memset(h, 0, sizeof *h);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != HOST_RECORD_VERSION)
		return -1;
	h->hostid = codec_get_u64(&r);
	h->status = codec_get_u32(&r);
	h->host = codec_get_str(&r);
	h->name = codec_get_str(&r);
	h->description = codec_get_str(&r);
	h->uuid = codec_get_str(&r);
	host_conn_decode(&r, h);
	if (r.bad || r.left != 0) {
		host_free(h);
		return -1;
	}
	return 0;
}

void
host_free(struct host *h)
{
	free(h->host);
	free(h->name);
	free(h->description);
	free(h->uuid);
	host_conn_free(h->conn);
	h->host = h->name = h->description = h->uuid = NULL;
	h->conn = NULL;
}

void
host_copy(struct host *dst, const struct host *src)
{
	dst->hostid = src->hostid;
	dst->status = src->status;
	dst->host = xstrdup(src->host ? src->host : "");
	dst->name = xstrdup(src->name ? src->name : "");
	dst->description = xstrdup(src->description ? src->description : "");
	dst->uuid = xstrdup(src->uuid ? src->uuid : "");
	dst->conn = src->conn != NULL ? host_conn_dup(src->conn) : NULL;
}

bool
host_is_template(const struct host *h)
{
	return h->status == HOST_STATUS_TEMPLATE;
}

/* Letters, digits, space, '.', '_', '-' (UTF-8 letters too, as Zabbix allows). */
bool
host_name_valid(const char *s)
{
	if (*s == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* C0 is never UTF-8: it is a NUL kept whole (jsonrpc_body_parse), no name char */
		if ((*p >= 0x80 && *p != 0xC0) || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == ' ' ||
		    *p == '.' || *p == '_' || *p == '-')
			continue;
		return false;
	}
	return true;
}

/* A UUIDv4 as 32 lower-case hex digits, as Zabbix stores them. */
int
host_uuid_new(char out[33])
{
	uint8_t raw[16];

	if (util_random_bytes(raw, sizeof raw) != 0)
		return -1;
	raw[6] = (uint8_t)((raw[6] & 0x0f) | 0x40);
	raw[8] = (uint8_t)((raw[8] & 0x3f) | 0x80);
	util_hex(raw, sizeof raw, out);
	return 0;
}
