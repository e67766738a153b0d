/* tag.c: tag lists in insertion order, and their encoding. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

void
tag_list_add(struct tag_list *l, const char *tag, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->tags = xrealloc(l->tags, l->cap * sizeof *l->tags);
	}
	l->tags[l->n].tag = xstrdup(tag);
	l->tags[l->n].value = xstrdup(value ? value : "");
	l->n++;
}

void
tag_list_encode(const struct tag_list *l, struct codec_buf *b)
{
	codec_put_u32(b, (uint32_t)l->n);
	for (size_t i = 0; i < l->n; i++) {
		codec_put_str(b, l->tags[i].tag);
		codec_put_str(b, l->tags[i].value);
	}
}

int
tag_list_decode(const void *data, size_t len, struct tag_list *l)
{
	struct codec_reader r;
	uint32_t n;

	memset(l, 0, sizeof *l);
	codec_reader_init(&r, data, len);
	n = codec_get_u32(&r);
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		char *tag = codec_get_str(&r), *value = codec_get_str(&r);

		tag_list_add(l, tag, value);
		free(tag);
		free(value);
	}
	if (r.bad) {
		tag_list_free(l);
		return -1;
	}
	return 0;
}

void
tag_list_free(struct tag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->tags[i].tag);
		free(l->tags[i].value);
	}
	free(l->tags);
	memset(l, 0, sizeof *l);
}

bool
tag_list_equal(const struct tag_list *a, const struct tag_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->tags[i].tag, b->tags[i].tag) != 0 ||
		    strcmp(a->tags[i].value, b->tags[i].value) != 0)
			return false;
	return true;
}
