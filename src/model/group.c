/* group.c: the host group record and its encoding. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define GROUP_RECORD_VERSION 1

void
group_encode(const struct group *g, struct codec_buf *b)
{
	codec_put_u8(b, GROUP_RECORD_VERSION);
	codec_put_u64(b, g->groupid);
	codec_put_str(b, g->name);
	codec_put_str(b, g->uuid);
	codec_put_u32(b, g->internal);
	codec_put_u32(b, g->flags);
}

int
group_decode(const void *data, size_t len, struct group *g)
{
	struct codec_reader r;

	memset(g, 0, sizeof *g);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != GROUP_RECORD_VERSION)
		return -1;
	g->groupid = codec_get_u64(&r);
	g->name = codec_get_str(&r);
	g->uuid = codec_get_str(&r);
	g->internal = codec_get_u32(&r);
	g->flags = codec_get_u32(&r);
	if (r.bad) {
		group_free(g);
		return -1;
	}
	return 0;
}

void
group_free(struct group *g)
{
	free(g->name);
	free(g->uuid);
	g->name = g->uuid = NULL;
}
