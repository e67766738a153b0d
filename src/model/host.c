/* host.c: the host/template record, its encoding, and Zabbix's technical host name rule. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define HOST_RECORD_VERSION 1

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
	if (r.bad) {
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
	h->host = h->name = h->description = h->uuid = NULL;
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
