/* get_view.c: rows as views, flat lists of a loaded record's fields (methods.h, "get_view"),
 * and the tree rows made of them. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

void
get_view_reset(struct get_view *v)
{
	v->n = 0;
	v->nnum = 0;
	v->release = NULL;
}

void
get_view_done(struct get_view *v)
{
	if (v->release != NULL)
		v->release(v);
	get_view_reset(v);
}

void
get_view_full(const char *name)
{
	/* a kind's table outgrew the view: a bug, not input */
	log_error("get: a view of more than %d fields (%s)", GET_VIEW_MAX, name);
	abort();
}

static char *
get_view_num_slot(struct get_view *v, const char *name)
{
	if (v->nnum == GET_VIEW_NUMS) {
		log_error("get: a view of more than %d numbers (%s)", GET_VIEW_NUMS, name);
		abort();
	}
	return v->num[v->nnum++];
}

void
get_view_num(struct get_view *v, const char *name, long long n)
{
	char *s = get_view_num_slot(v, name);

	util_i64_dec(n, s);
	get_view_add(v, name, s, GET_VF_STR);
}

void
get_view_id(struct get_view *v, const char *name, uint64_t id)
{
	char *s = get_view_num_slot(v, name);

	util_u64_dec(id, s);
	get_view_add(v, name, s, GET_VF_STR);
}

size_t
get_view_index(const struct get_view *v, const char *name, size_t from)
{
	for (size_t k = 0, i = from; k < v->n; k++, i = i + 1 == v->n ? 0 : i + 1) {
		const struct get_vf *f = &v->f[i];

		if (f->name == name || (f->name[0] == name[0] && strcmp(f->name, name) == 0))
			return i;
	}
	return v->n;
}

/* The rows of a kind have the same fields in the same places, and a get asks each row for
 * the same few (a filter's, a sort key): where a name was found last is tried first. Kept per
 * thread for a few names, by the name's address; a place is only taken when its field has
 * that name (a view names each field once). */
#define VIEW_SEEN	4

const struct get_vf *
get_view_field(const struct get_view *v, const char *name)
{
	static _Thread_local struct {
		const char	*name;
		size_t		 i;
	} seen[VIEW_SEEN];
	static _Thread_local unsigned next;
	size_t i, k;

	for (k = 0; k < VIEW_SEEN && seen[k].name != name; k++)
		;
	if (k < VIEW_SEEN && (i = seen[k].i) < v->n && (v->f[i].name == name ||
	    (v->f[i].name[0] == name[0] && strcmp(v->f[i].name, name) == 0)))
		return &v->f[i];
	if ((i = get_view_index(v, name, 0)) == v->n)
		return NULL;
	if (k == VIEW_SEEN)
		k = next++ % VIEW_SEEN;
	seen[k].name = name;
	seen[k].i = i;
	return &v->f[i];
}

cJSON *
get_view_tree(const struct get_view *v)
{
	cJSON *row = cJSON_CreateObject();

	for (size_t i = 0; i < v->n; i++) {
		cJSON *j = v->f[i].type == GET_VF_JSON ? cJSON_Parse(v->f[i].val) : NULL;

		if (j != NULL)
			cJSON_AddItemToObjectCS(row, v->f[i].name, j);
		else
			util_json_add_str(row, v->f[i].name, v->f[i].val);
	}
	return row;
}

int
get_view_load(struct rpc_call *call, uint64_t id, cJSON **row, get_view_fn view)
{
	struct get_view v;
	int rc;

	get_view_reset(&v);
	*row = NULL;
	rc = view(call, id, &v);
	if (rc == STORE_OK && v.n > 0)
		*row = get_view_tree(&v);
	get_view_done(&v);
	return rc;
}
