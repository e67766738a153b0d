/* session.c: the session record, its id, and when it expires or needs its last access written. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define SESSION_RECORD_VERSION 1

void
session_encode(const struct session *s, struct codec_buf *b)
{
	codec_put_u8(b, SESSION_RECORD_VERSION);
	codec_put_u64(b, s->userid);
	codec_put_u64(b, s->lastaccess);
	codec_put_str(b, s->ip);
}

int
session_decode(const void *data, size_t len, struct session *s)
{
	struct codec_reader r;
	char *ip;

	memset(s, 0, sizeof *s);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != SESSION_RECORD_VERSION)
		return -1;
	s->userid = codec_get_u64(&r);
	s->lastaccess = codec_get_u64(&r);
	ip = codec_get_str(&r);
	strncpy(s->ip, ip, sizeof s->ip - 1);
	free(ip);
	return r.bad ? -1 : 0;
}

/* A session expires after `autologout` seconds without use; 0 means never. */
bool
session_expired(const struct session *s, uint64_t autologout, uint64_t now)
{
	return autologout != 0 && now >= s->lastaccess && now - s->lastaccess >= autologout;
}

/* Last access is written at most once a minute per session, not on every call. */
bool
session_needs_slide(const struct session *s, uint64_t now)
{
	return now >= s->lastaccess + SESSION_SLIDE_SECONDS;
}

int
session_id_new(char out[SESSION_ID_LEN + 1])
{
	uint8_t raw[SESSION_ID_LEN / 2];

	if (util_random_bytes(raw, sizeof raw) != 0)
		return -1;
	util_hex(raw, sizeof raw, out);
	return 0;
}

bool
session_id_wellformed(const char *sid)
{
	static const bool hex[256] = {
		['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true, ['4'] = true,
		['5'] = true, ['6'] = true, ['7'] = true, ['8'] = true, ['9'] = true,
		['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['e'] = true, ['f'] = true,
	};

	/* the NUL of a shorter id is no digit: the walk stops there */
	for (size_t i = 0; i < SESSION_ID_LEN; i++)
		if (!hex[(unsigned char)sid[i]])
			return false;
	return sid[SESSION_ID_LEN] == '\0';
}
