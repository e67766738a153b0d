/* ids.c: growable id lists, id sets, and the id text forms of the API ("123" or 123). */
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

bool
id_list_sorted_has(const struct id_list *l, uint64_t id)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->ids[mid] == id)
			return true;
		if (l->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
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
	util_u64_dec(id, buf);
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

/* ---- id sets ---- */

static size_t
id_set_slot(uint64_t id, size_t cap)
{
	id ^= id >> 33;			/* a 64-bit mix (murmur3's finaliser) */
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id & (cap - 1);
}

static void
id_set_grow(struct id_set *s)
{
	uint64_t *old = s->slots;
	size_t oldcap = s->cap;

	s->cap = s->cap ? s->cap * 2 : 16;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	for (size_t i = 0; i < oldcap; i++) {
		size_t k;

		if (old[i] == 0)
			continue;
		for (k = id_set_slot(old[i], s->cap); s->slots[k] != 0; k = (k + 1) & (s->cap - 1))
			;
		s->slots[k] = old[i];
	}
	free(old);
}

bool
id_set_add(struct id_set *s, uint64_t id)
{
	size_t k;

	if (id == 0) {
		if (s->has_zero)
			return false;
		return s->has_zero = true;
	}
	if (2 * (s->n + 1) > s->cap)
		id_set_grow(s);
	for (k = id_set_slot(id, s->cap); s->slots[k] != 0; k = (k + 1) & (s->cap - 1))
		if (s->slots[k] == id)
			return false;
	s->slots[k] = id;
	s->n++;
	return true;
}

bool
id_set_has(const struct id_set *s, uint64_t id)
{
	if (id == 0)
		return s->has_zero;
	if (s->cap == 0)
		return false;
	for (size_t k = id_set_slot(id, s->cap); s->slots[k] != 0; k = (k + 1) & (s->cap - 1))
		if (s->slots[k] == id)
			return true;
	return false;
}

void
id_set_add_list(struct id_set *s, const struct id_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		id_set_add(s, l->ids[i]);
}

void
id_set_free(struct id_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}
