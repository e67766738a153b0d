/* codec.c: the compact record encoding: big-endian integers and length-prefixed strings. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

static void
codec_reserve(struct codec_buf *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	b->cap = b->cap ? b->cap * 2 : 64;
	while (b->cap < b->len + n)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

/* Big-endian words from and to host order: one load or store and a byte swap (the
 * compiler's builtin; nothing on a big-endian host). */
static uint64_t
codec_swap64(uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#else
	return v;
#endif
}

static uint32_t
codec_swap32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

void
codec_be64(uint64_t v, uint8_t out[8])
{
	v = codec_swap64(v);
	memcpy(out, &v, 8);
}

uint64_t
codec_from_be64(const uint8_t in[8])
{
	uint64_t v;

	memcpy(&v, in, 8);
	return codec_swap64(v);
}

void
codec_put_u8(struct codec_buf *b, uint8_t v)
{
	codec_reserve(b, 1);
	b->data[b->len++] = v;
}

void
codec_put_u32(struct codec_buf *b, uint32_t v)
{
	codec_reserve(b, 4);
	v = codec_swap32(v);
	memcpy(b->data + b->len, &v, 4);
	b->len += 4;
}

void
codec_put_u64(struct codec_buf *b, uint64_t v)
{
	codec_reserve(b, 8);
	codec_be64(v, b->data + b->len);
	b->len += 8;
}

void
codec_put_str(struct codec_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	codec_put_u32(b, (uint32_t)n);
	codec_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
}

void
codec_buf_free(struct codec_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
codec_reader_init(struct codec_reader *r, const void *p, size_t n)
{
	r->p = p;
	r->left = n;
	r->bad = false;
}

static bool
codec_take(struct codec_reader *r, size_t n)
{
	if (r->bad || r->left < n) {
		r->bad = true;
		return false;
	}
	return true;
}

uint8_t
codec_get_u8(struct codec_reader *r)
{
	uint8_t v;

	if (!codec_take(r, 1))
		return 0;
	v = r->p[0];
	r->p++, r->left--;
	return v;
}

uint32_t
codec_get_u32(struct codec_reader *r)
{
	uint32_t v;

	if (!codec_take(r, 4))
		return 0;
	memcpy(&v, r->p, 4);
	r->p += 4, r->left -= 4;
	return codec_swap32(v);
}

uint64_t
codec_get_u64(struct codec_reader *r)
{
	uint64_t v;

	if (!codec_take(r, 8))
		return 0;
	v = codec_from_be64(r->p);
	r->p += 8, r->left -= 8;
	return v;
}

char *
codec_get_str(struct codec_reader *r)
{
	uint32_t n = codec_get_u32(r);
	char *s;

	if (!codec_take(r, n))
		return xstrdup("");
	s = xstrndup((const char *)r->p, n);
	r->p += n, r->left -= n;
	return s;
}

size_t
codec_block_size(const struct codec_reader *r)
{
	/* a string read takes its 4-byte length and its bytes, and leaves its bytes and a NUL:
	 * never more than it took; a failing read leaves one NUL */
	return r->left + 1;
}

char *
codec_get_str_at(struct codec_reader *r, char **at)
{
	uint32_t n = codec_get_u32(r);
	char *s = *at;

	if (!codec_take(r, n)) {
		*s = '\0';
		*at = s + 1;
		return s;
	}
	if (n <= 16)		/* most fields are short ("0", "", an id): no call */
		for (uint32_t i = 0; i < n; i++)
			s[i] = (char)r->p[i];
	else
		memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n, r->left -= n;
	*at = s + n + 1;
	return s;
}

int
codec_get_head(const void *data, size_t len, uint64_t *hostid, uint64_t *templateid)
{
	struct codec_reader r;

	codec_reader_init(&r, data, len);
	(void)codec_get_u8(&r);
	(void)codec_get_u64(&r);
	*hostid = codec_get_u64(&r);
	*templateid = codec_get_u64(&r);
	return r.bad ? -1 : 0;
}
