/* ids.c: growable id lists and the id text forms of the API ("123" or 123). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

void
id_list_add(struct id_list *l, uint64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
	}
	l->ids[l->n++] = id;
}

bool
id_list_has(const struct id_list *l, uint64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return true;
	return false;
}

bool
id_list_add_unique(struct id_list *l, uint64_t id)
{
	if (id_list_has(l, id))
		return false;
	id_list_add(l, id);
	return true;
}

void
id_list_remove(struct id_list *l, uint64_t id)
{
	size_t o = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] != id)
			l->ids[o++] = l->ids[i];
	l->n = o;
}

static int
id_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
id_list_sort(struct id_list *l)
{
	if (l->n > 1)
		qsort(l->ids, l->n, sizeof *l->ids, id_cmp);
}

void
id_list_clear(struct id_list *l)
{
	l->n = 0;
}

void
id_list_free(struct id_list *l)
{
	free(l->ids);
	memset(l, 0, sizeof *l);
}

char *
id_to_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, id);
	return buf;
}

bool
id_from_json(const cJSON *v, uint64_t *out)
{
	if (cJSON_IsString(v))
		return util_parse_u64(v->valuestring, out);
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9.2e18 &&
	    v->valuedouble == (double)(uint64_t)v->valuedouble) {
		*out = (uint64_t)v->valuedouble;
		return true;
	}
	return false;
}
