/* trigger.c: the trigger record (every column as its API text, its functions, tags and the
 * triggers it depends on) and its encoding. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define TRIGGER_RECORD_VERSION	1

const char *const trigger_field_names[TRIGGER_F__COUNT] = {
	[TRIGGER_F_EXPRESSION] = "expression", [TRIGGER_F_DESCRIPTION] = "description",
	[TRIGGER_F_URL] = "url", [TRIGGER_F_STATUS] = "status", [TRIGGER_F_VALUE] = "value",
	[TRIGGER_F_PRIORITY] = "priority", [TRIGGER_F_LASTCHANGE] = "lastchange",
	[TRIGGER_F_COMMENTS] = "comments", [TRIGGER_F_ERROR] = "error", [TRIGGER_F_TYPE] = "type",
	[TRIGGER_F_STATE] = "state", [TRIGGER_F_FLAGS] = "flags",
	[TRIGGER_F_RECOVERY_MODE] = "recovery_mode",
	[TRIGGER_F_RECOVERY_EXPRESSION] = "recovery_expression",
	[TRIGGER_F_CORRELATION_MODE] = "correlation_mode",
	[TRIGGER_F_CORRELATION_TAG] = "correlation_tag",
	[TRIGGER_F_MANUAL_CLOSE] = "manual_close", [TRIGGER_F_OPDATA] = "opdata",
	[TRIGGER_F_EVENT_NAME] = "event_name", [TRIGGER_F_UUID] = "uuid",
	[TRIGGER_F_DISCOVER] = "discover",
};

/* The numeric columns default to "0", the texts to "". */
static const char *
trigger_default(int f)
{
	switch (f) {
	case TRIGGER_F_STATUS: case TRIGGER_F_VALUE: case TRIGGER_F_PRIORITY:
	case TRIGGER_F_LASTCHANGE: case TRIGGER_F_TYPE: case TRIGGER_F_STATE: case TRIGGER_F_FLAGS:
	case TRIGGER_F_RECOVERY_MODE: case TRIGGER_F_CORRELATION_MODE: case TRIGGER_F_MANUAL_CLOSE:
	case TRIGGER_F_DISCOVER:
		return "0";
	default:
		return "";
	}
}

void
trigger_init(struct trigger *t)
{
	memset(t, 0, sizeof *t);
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		t->f[i] = xstrdup(trigger_default(i));
}

void
trigger_fns_clear(struct trigger *t)
{
	for (size_t i = 0; i < t->nfn; i++) {
		free(t->fn[i].name);
		free(t->fn[i].parameter);
		free(t->fn[i].key);
	}
	free(t->fn);
	t->fn = NULL, t->nfn = 0;
}

void
trigger_free(struct trigger *t)
{
	if (t->block != NULL)
		free(t->block);
	else
		for (int i = 0; i < TRIGGER_F__COUNT; i++)
			free(t->f[i]);
	trigger_fns_clear(t);
	tag_list_free(&t->tags);
	id_list_free(&t->deps);
	free(t->ikey);
	memset(t, 0, sizeof *t);
}

/* A fields-only trigger made to own each field, as any other. */
static void
trigger_own(struct trigger *t)
{
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		t->f[i] = xstrdup(t->f[i]);
	free(t->block);
	t->block = NULL;
}

void
trigger_set(struct trigger *t, enum trigger_field f, const char *v)
{
	char *copy = xstrdup(v);

	if (t->block != NULL)
		trigger_own(t);

	free(t->f[f]);
	t->f[f] = copy;
}

void
trigger_fn_add(struct trigger *t, uint64_t functionid, uint64_t itemid, const char *name,
    const char *parameter)
{
	t->fn = xrealloc(t->fn, (t->nfn + 1) * sizeof *t->fn);
	t->fn[t->nfn].functionid = functionid;
	t->fn[t->nfn].itemid = itemid;
	t->fn[t->nfn].name = xstrdup(name);
	t->fn[t->nfn].parameter = xstrdup(parameter);
	t->fn[t->nfn].key = NULL;
	t->fn[t->nfn].key_hostid = 0;
	t->nfn++;
}

void
trigger_dup(struct trigger *dst, const struct trigger *src)
{
	memset(dst, 0, sizeof *dst);
	dst->triggerid = src->triggerid, dst->hostid = src->hostid;
	dst->templateid = src->templateid;
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		dst->f[i] = xstrdup(src->f[i]);
	if (src->nfn > 0)
		dst->fn = xmalloc(src->nfn * sizeof *dst->fn);
	for (size_t i = 0; i < src->nfn; i++) {
		dst->fn[i].functionid = src->fn[i].functionid;
		dst->fn[i].itemid = src->fn[i].itemid;
		dst->fn[i].name = xstrdup(src->fn[i].name);
		dst->fn[i].parameter = xstrdup(src->fn[i].parameter);
		dst->fn[i].key = src->fn[i].key != NULL ? xstrdup(src->fn[i].key) : NULL;
		dst->fn[i].key_hostid = src->fn[i].key_hostid;
	}
	dst->nfn = src->nfn;
	for (size_t i = 0; i < src->tags.n; i++)
		tag_list_add(&dst->tags, src->tags.tags[i].tag, src->tags.tags[i].value);
	for (size_t i = 0; i < src->deps.n; i++)
		id_list_add(&dst->deps, src->deps.ids[i]);
	dst->ikey = src->ikey != NULL ? xstrdup(src->ikey) : NULL;
}

int
trigger_field_find(const char *name)
{
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		if (strcmp(trigger_field_names[i], name) == 0)
			return i;
	return -1;
}

void
trigger_encode(const struct trigger *t, struct codec_buf *b)
{
	codec_put_u8(b, TRIGGER_RECORD_VERSION);
	codec_put_u64(b, t->triggerid);
	codec_put_u64(b, t->hostid);
	codec_put_u64(b, t->templateid);
	codec_put_u32(b, TRIGGER_F__COUNT);
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		codec_put_str(b, t->f[i]);
	codec_put_u32(b, (uint32_t)t->nfn);
	for (size_t i = 0; i < t->nfn; i++) {
		codec_put_u64(b, t->fn[i].functionid);
		codec_put_u64(b, t->fn[i].itemid);
		codec_put_str(b, t->fn[i].name);
		codec_put_str(b, t->fn[i].parameter);
	}
	codec_put_u32(b, (uint32_t)t->deps.n);
	for (size_t i = 0; i < t->deps.n; i++)
		codec_put_u64(b, t->deps.ids[i]);
	tag_list_encode(&t->tags, b);
}

/* The record into t: whole, or (fields_only) its ids and fields alone, with no functions,
 * dependencies or tags (a row of trigger.get shows no more). */
static int
trigger_decode_parts(const void *data, size_t len, struct trigger *t, bool fields_only)
{
	struct codec_reader r;
	char *at = NULL;
	uint32_t n;

	memset(t, 0, sizeof *t);	/* the fields: stored ones, then defaults (below) */
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != TRIGGER_RECORD_VERSION)
		goto bad;
	t->triggerid = codec_get_u64(&r);
	t->hostid = codec_get_u64(&r);
	t->templateid = codec_get_u64(&r);
	n = codec_get_u32(&r);
	if (fields_only)	/* a row's fields: their texts in one allocation */
		at = t->block = xmalloc(codec_block_size(&r));
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		char *v = fields_only ? codec_get_str_at(&r, &at) : codec_get_str(&r);

		if (i < TRIGGER_F__COUNT)	/* a later version's columns are skipped */
			t->f[i] = v;
		else if (!fields_only)
			free(v);
	}
	for (int i = 0; i < TRIGGER_F__COUNT; i++)	/* an earlier version's missing ones */
		if (t->f[i] == NULL)
			t->f[i] = fields_only ? (char *)(uintptr_t)trigger_default(i) :
			    xstrdup(trigger_default(i));
	if (fields_only && !r.bad)
		return 0;
	if (fields_only)
		goto bad;
	n = codec_get_u32(&r);
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		uint64_t fid = codec_get_u64(&r), itemid = codec_get_u64(&r);
		char *name = codec_get_str(&r), *param = codec_get_str(&r);

		trigger_fn_add(t, fid, itemid, name, param);
		free(name);
		free(param);
	}
	n = codec_get_u32(&r);
	for (uint32_t i = 0; i < n && !r.bad; i++)
		id_list_add(&t->deps, codec_get_u64(&r));
	if (r.bad || tag_list_decode(r.p, r.left, &t->tags) != 0)
		goto bad;
	return 0;
bad:
	trigger_free(t);
	return -1;
}

int
trigger_decode(const void *data, size_t len, struct trigger *t)
{
	return trigger_decode_parts(data, len, t, false);
}

int
trigger_decode_fields(const void *data, size_t len, struct trigger *t)
{
	return trigger_decode_parts(data, len, t, true);
}
