/* import_compare.c: configuration.importcompare's comparison of an import source with the export of the database objects it matches, entity by entity, as Zabbix 6.0 lists what an import would add, update and remove. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/util.h"

/* ---- the structure Zabbix compares ---- */

/* A list of entities: its key in the parent, the rules entity that filters it, the fields
 * that identify an entity besides its uuid, and the lists nested in each entity. */
struct icmp_node {
	const char		*key;
	enum icompare_rule	 rule;
	const char *const	*unique;
	bool			 graph;		/* also the hosts of graph_items' items */
	const struct icmp_node	*sub;		/* ended by a NULL key; NULL: none */
};

static const char *const icmp_u_name[] = { "name", NULL };
static const char *const icmp_u_template[] = { "template", NULL };
static const char *const icmp_u_host[] = { "host", NULL };
static const char *const icmp_u_item[] = { "name", "key", NULL };
static const char *const icmp_u_trigger[] = { "name", "expression", "recovery_expression", NULL };

static const struct icmp_node icmp_item_sub[] = {
	{ "triggers", ICMP_TRIGGERS, icmp_u_trigger, false, NULL },
	{ NULL, 0, NULL, false, NULL },
};
static const struct icmp_node icmp_prototype_sub[] = {
	{ "trigger_prototypes", ICMP_DISCOVERY_RULES, icmp_u_trigger, false, NULL },
	{ NULL, 0, NULL, false, NULL },
};
static const struct icmp_node icmp_discovery_sub[] = {
	{ "item_prototypes", ICMP_DISCOVERY_RULES, icmp_u_item, false, icmp_prototype_sub },
	{ "trigger_prototypes", ICMP_DISCOVERY_RULES, icmp_u_trigger, false, NULL },
	{ "graph_prototypes", ICMP_DISCOVERY_RULES, icmp_u_name, true, NULL },
	{ "host_prototypes", ICMP_DISCOVERY_RULES, icmp_u_host, false, NULL },
	{ NULL, 0, NULL, false, NULL },
};
static const struct icmp_node icmp_template_sub[] = {
	{ "items", ICMP_ITEMS, icmp_u_item, false, icmp_item_sub },
	{ "discovery_rules", ICMP_DISCOVERY_RULES, icmp_u_item, false, icmp_discovery_sub },
	{ "dashboards", ICMP_TEMPLATE_DASHBOARDS, icmp_u_name, false, NULL },
	{ "httptests", ICMP_HTTPTESTS, icmp_u_name, false, NULL },
	{ "valuemaps", ICMP_VALUE_MAPS, icmp_u_name, false, NULL },
	{ NULL, 0, NULL, false, NULL },
};
static const struct icmp_node icmp_top[] = {
	{ "groups", ICMP_GROUPS, icmp_u_name, false, NULL },
	{ "templates", ICMP_TEMPLATES, icmp_u_template, false, icmp_template_sub },
	{ "triggers", ICMP_TRIGGERS, icmp_u_trigger, false, NULL },
	{ "graphs", ICMP_GRAPHS, icmp_u_name, true, NULL },
	{ NULL, 0, NULL, false, NULL },
};

static const char *const icmp_rule_names[ICMP_RULE_COUNT] = {
	"groups", "templates", "items", "triggers", "discoveryRules", "templateDashboards",
	"httptests", "valueMaps", "graphs", "templateLinkage",
};

const char *
import_compare_rule_name(enum icompare_rule r)
{
	return (unsigned)r < ICMP_RULE_COUNT ? icmp_rule_names[r] : "";
}

/* ---- PHP's view of the trees ---- */

/* PHP 8's loose == of two strings: numerically when both are numeric, else byte for byte. */
static bool
icmp_loose_eq(const char *a, const char *b)
{
	double x, y;

	if (export_php_numeric(a, &x) && export_php_numeric(b, &y))
		return x == y;
	return strcmp(a, b) == 0;
}

/* A key under which PHP's == is plain equality: a numeric string by its value, any other by
 * its bytes (the two kinds never equal); a new string. */
static char *
icmp_eqkey(const char *s)
{
	char buf[40], *out;
	double d;

	if (!export_php_numeric(s, &d)) {
		out = xmalloc(strlen(s) + 2);
		out[0] = 's';
		strcpy(out + 1, s);
		return out;
	}
	snprintf(buf, sizeof buf, "n%.17g", d + 0.0);	/* + 0.0: -0 is 0 */
	return xstrdup(buf);
}

/* An object or array with no members: PHP cannot tell [] from {}. */
static bool
icmp_is_container(const cJSON *v)
{
	return cJSON_IsObject(v) || cJSON_IsArray(v);
}

/* PHP's falsy: absent, null, false, "", "0", or an empty array. */
static bool
icmp_falsy(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return true;
	if (cJSON_IsString(v))
		return v->valuestring[0] == '\0' || strcmp(v->valuestring, "0") == 0;
	if (cJSON_IsNumber(v))
		return v->valuedouble == 0;
	return icmp_is_container(v) && v->child == NULL;
}

/* PHP's == (loose; key order of objects does not count) or === (strict) of two values. */
static bool
icmp_equal(const cJSON *a, const cJSON *b, bool strict)
{
	const cJSON *x, *y;

	if (icmp_is_container(a) && icmp_is_container(b)) {
		if (a->child == NULL || b->child == NULL)
			return a->child == NULL && b->child == NULL;
		if (cJSON_IsObject(a) != cJSON_IsObject(b))
			return false;
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return false;
		for (x = a->child, y = b->child; x != NULL; x = x->next, y = y->next) {
			const cJSON *other = y;

			if (cJSON_IsObject(a) && (strict ? strcmp(x->string, y->string) != 0 :
			    (other = cJSON_GetObjectItemCaseSensitive(b, x->string)) == NULL))
				return false;
			if (!icmp_equal(x, other, strict))
				return false;
		}
		return true;
	}
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strict ? strcmp(a->valuestring, b->valuestring) == 0 :
		    icmp_loose_eq(a->valuestring, b->valuestring);
	return cJSON_Compare(a, b, true);
}

/* Moves a member to the end of its object (PHP's unset and set again). */
static void
icmp_move_last(cJSON *obj, const char *key)
{
	cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(obj, key);

	if (v != NULL)
		cJSON_AddItemToObject(obj, key, v);
}

/* Sets a member: in place when the key is there, else at the end (PHP's $a[k] = v). */
static void
icmp_set(cJSON *obj, const char *key, cJSON *v)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v);
	else
		cJSON_AddItemToObject(obj, key, v);
}

/* ---- normalising ---- */

/* CR LF to LF, then (unless lf_only) LF to CR LF; a new string. */
static char *
icmp_eol(const char *s, bool lf_only)
{
	size_t n = 0;
	char *out, *o;

	for (const char *p = s; *p != '\0'; p++)
		n += *p == '\n' ? 2 : 1;
	o = out = xmalloc(n + 1);
	for (const char *p = s; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' && !lf_only)
			*o++ = '\r';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static void
icmp_normalise(cJSON *v, const char *key, bool in_parameters)
{
	cJSON *c;

	if (cJSON_IsString(v)) {
		char *s = icmp_eol(v->valuestring, in_parameters);

		if (key != NULL && strcmp(key, "uuid") == 0)
			for (char *p = s; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		cJSON_SetValuestring(v, s);
		free(s);
		return;
	}
	cJSON_ArrayForEach(c, v)
		icmp_normalise(c, cJSON_IsObject(v) ? c->string : NULL,
		    cJSON_IsArray(v) && key != NULL && strcmp(key, "parameters") == 0);
}

void
import_compare_normalise(cJSON *doc)
{
	if (doc != NULL)
		icmp_normalise(doc, NULL, false);
}

/* ---- uniqueness ---- */

struct icmp_strs {
	const char	**v;
	size_t		  n, cap;
};

static void
icmp_strs_add(struct icmp_strs *s, const char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = str;
}

/* Every string under v (PHP's flatten). */
static void
icmp_flatten(const cJSON *v, struct icmp_strs *s)
{
	const cJSON *c;

	if (cJSON_IsString(v)) {
		icmp_strs_add(s, v->valuestring);
		return;
	}
	cJSON_ArrayForEach(c, v)
		icmp_flatten(c, s);
}

/* PHP 8's sort() order of two strings: numerically when both are numeric, else by bytes. */
static int
icmp_php_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (icmp_loose_eq(x, y))
		return 0;
	{
		char *ex, *ey;
		double dx = strtod(x, &ex), dy = strtod(y, &ey);

		/* both numeric (loose_eq said unequal): their numbers differ */
		if (*x != '\0' && *y != '\0' && *ex == '\0' && *ey == '\0')
			return dx < dy ? -1 : 1;
	}
	return strcmp(x, y);
}

/* The entity's unique fields' values, without repeats, sorted, joined by "/"; a new string. */
static char *
icmp_uniqueness(const cJSON *ent, const struct icmp_node *n)
{
	struct icmp_strs s = { 0 };
	const cJSON *f, *c;
	size_t len = 1, k = 0;
	char *out;

	for (const char *const *u = n->unique; *u != NULL; u++) {
		if ((f = cJSON_GetObjectItemCaseSensitive(ent, *u)) != NULL) {
			icmp_flatten(f, &s);
			continue;
		}
		/* array_column over the entity's members */
		cJSON_ArrayForEach(c, ent)
			if (cJSON_IsObject(c))
				icmp_flatten(cJSON_GetObjectItemCaseSensitive(c, *u), &s);
	}
	if (n->graph)
		cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(ent, "graph_items"))
			icmp_flatten(cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(c, "item"), "host"), &s);
	for (size_t i = 0; i < s.n; i++) {
		bool seen = false;

		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(s.v[j], s.v[i]) == 0;
		if (!seen)
			s.v[k++] = s.v[i];
	}
	if (k > 1)
		qsort(s.v, k, sizeof *s.v, icmp_php_cmp);
	for (size_t i = 0; i < k; i++)
		len += strlen(s.v[i]) + 1;
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		if (i > 0)
			strcat(out, "/");
		strcat(out, s.v[i]);
	}
	free(s.v);
	return out;
}

/* ---- comparison ---- */

struct icmp_ctx {
	const struct icompare_rules	*rules;
	struct err			*e;
};

static cJSON *icmp_struct(struct icmp_ctx *, const struct icmp_node *, cJSON *, cJSON *);

/* Whether two objects differ besides their uuid (PHP's array_diff_key(...) != ...). */
static bool
icmp_differ(const cJSON *b, const cJSON *a)
{
	cJSON *x = cJSON_Duplicate(b, true), *y = cJSON_Duplicate(a, true);
	bool differ;

	cJSON_DeleteItemFromObjectCaseSensitive(x, "uuid");
	cJSON_DeleteItemFromObjectCaseSensitive(y, "uuid");
	differ = !icmp_equal(x, y, false);
	cJSON_Delete(x);
	cJSON_Delete(y);
	return differ;
}

/* ---- matching: before's entities indexed by uuid and by uniqueness ---- */

struct icmp_ent {
	char	*key;		/* icmp_eqkey */
	size_t	 idx;		/* the entity's place in before */
};

/* Sorted by key, then by place; cur[p], for p the first entry of a key, is the first entry
 * of that key not yet known to be matched (it only moves forward). */
struct icmp_index {
	struct icmp_ent	*v;
	size_t		*cur;
	size_t		 n;
};

static int
icmp_ent_cmp(const void *x, const void *y)
{
	const struct icmp_ent *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c != 0 ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* Adds entity idx under s (NULL: not indexed). */
static void
icmp_index_add(struct icmp_index *ix, const char *s, size_t idx)
{
	if (s == NULL)
		return;
	ix->v[ix->n].key = icmp_eqkey(s);
	ix->v[ix->n++].idx = idx;
}

static void
icmp_index_sort(struct icmp_index *ix)
{
	qsort(ix->v, ix->n, sizeof *ix->v, icmp_ent_cmp);
	for (size_t i = 0; i < ix->n; i++)
		ix->cur[i] = i;
}

/* The first unmatched entity under s, by place in before; SIZE_MAX when none. */
static size_t
icmp_index_find(struct icmp_index *ix, const char *s, const bool *matched)
{
	char *key;
	size_t lo = 0, hi = ix->n, q;

	if (s == NULL)
		return SIZE_MAX;
	key = icmp_eqkey(s);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->n || strcmp(ix->v[lo].key, key) != 0) {
		free(key);
		return SIZE_MAX;
	}
	for (q = ix->cur[lo]; q < ix->n && strcmp(ix->v[q].key, key) == 0 &&
	    matched[ix->v[q].idx]; q++)
		;
	ix->cur[lo] = q;
	q = q < ix->n && strcmp(ix->v[q].key, key) == 0 ? ix->v[q].idx : SIZE_MAX;
	free(key);
	return q;
}

static void
icmp_index_free(struct icmp_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->v[i].key);
	free(ix->v);
	free(ix->cur);
}

/* An entity's uuid, when it is a string. */
static const char *
icmp_uuid(const cJSON *ent)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(ent, "uuid");

	return cJSON_IsString(u) ? u->valuestring : NULL;
}

/* Splits two lists (consumed) into {added, removed, updated}: an entity of after without a
 * uuid is dropped; one is matched with the first unmatched entity of before that has its
 * uuid or its uniqueness, and that one takes after's uuid. */
static cJSON *
icmp_list(const struct icmp_node *n, cJSON *bl, cJSON *al)
{
	size_t nb = cJSON_IsArray(bl) ? (size_t)cJSON_GetArraySize(bl) : 0;
	size_t na = cJSON_IsArray(al) ? (size_t)cJSON_GetArraySize(al) : 0;
	cJSON **bv = xcalloc(nb + 1, sizeof *bv), **av = xcalloc(na + 1, sizeof *av);
	char **bu = xcalloc(nb + 1, sizeof *bu), *au;
	bool *matched = xcalloc(nb + 1, sizeof *matched);
	size_t *pair = xcalloc(na + 1, sizeof *pair);	/* after index -> before index + 1 */
	struct icmp_index by_uuid = { xcalloc(nb + 1, sizeof(struct icmp_ent)),
	    xcalloc(nb + 1, sizeof(size_t)), 0 };
	struct icmp_index by_uniq = { xcalloc(nb + 1, sizeof(struct icmp_ent)),
	    xcalloc(nb + 1, sizeof(size_t)), 0 };
	cJSON *diff = cJSON_CreateObject(), *added = cJSON_CreateArray();
	cJSON *removed = cJSON_CreateArray(), *updated = cJSON_CreateArray();

	for (size_t j = 0; j < nb; j++) {
		bv[j] = cJSON_DetachItemFromArray(bl, 0);
		bu[j] = icmp_uniqueness(bv[j], n);
		icmp_index_add(&by_uuid, icmp_uuid(bv[j]), j);
		icmp_index_add(&by_uniq, bu[j], j);
	}
	icmp_index_sort(&by_uuid);
	icmp_index_sort(&by_uniq);
	for (size_t i = 0; i < na; i++)
		av[i] = cJSON_DetachItemFromArray(al, 0);
	for (size_t i = 0; i < na; i++) {
		size_t j, k;

		if (cJSON_GetObjectItemCaseSensitive(av[i], "uuid") == NULL) {
			cJSON_Delete(av[i]);
			av[i] = NULL;
			continue;
		}
		/* the first of before, in its order, with the same uuid or the same uniqueness */
		au = icmp_uniqueness(av[i], n);
		j = icmp_index_find(&by_uuid, icmp_uuid(av[i]), matched);
		k = icmp_index_find(&by_uniq, au, matched);
		free(au);
		if (k < j)
			j = k;
		if (j == SIZE_MAX) {
			cJSON_AddItemToArray(added, av[i]);
			av[i] = NULL;
			continue;
		}
		matched[j] = true;
		icmp_set(bv[j], "uuid", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(av[i], "uuid"), true));
		pair[i] = j + 1;
	}
	/* the matched ones, in after's order; then what is left of before */
	for (size_t i = 0; i < na; i++) {
		cJSON *b, *u;

		if (pair[i] == 0 || av[i] == NULL)
			continue;
		b = bv[pair[i] - 1];
		bv[pair[i] - 1] = NULL;
		if (!icmp_differ(b, av[i])) {
			cJSON_Delete(b);
			cJSON_Delete(av[i]);
			continue;
		}
		u = cJSON_CreateObject();
		cJSON_AddItemToObject(u, "before", b);
		cJSON_AddItemToObject(u, "after", av[i]);
		cJSON_AddItemToArray(updated, u);
	}
	for (size_t j = 0; j < nb; j++)
		if (bv[j] != NULL)
			cJSON_AddItemToArray(removed, bv[j]);
	for (size_t j = 0; j < nb; j++)
		free(bu[j]);
	icmp_index_free(&by_uuid);
	icmp_index_free(&by_uniq);
	free(bv), free(av), free(bu), free(matched), free(pair);
	cJSON_AddItemToObject(diff, "added", added);
	cJSON_AddItemToObject(diff, "removed", removed);
	cJSON_AddItemToObject(diff, "updated", updated);
	return diff;
}

/* B followed by the members of A that are not in B (templateLinkage.createMissing), or only
 * the members of A that are in B (deleteMissing); a new list. */
static cJSON *
icmp_links(const cJSON *b, const cJSON *a, bool create)
{
	cJSON *out = create ? cJSON_Duplicate(b, true) : cJSON_CreateArray();
	const cJSON *x, *y;

	cJSON_ArrayForEach(x, a) {
		bool found = false;

		cJSON_ArrayForEach(y, b)
			if ((found = icmp_equal(x, y, true)))
				break;
		if (found != create)
			cJSON_AddItemToArray(out, cJSON_Duplicate(x, true));
	}
	return out;
}

/* A template's parents under templateLinkage: the "after" list of parents the link rules
 * give, or NULL when the entry leaves them alone; *drop when the entry (no nested lists)
 * then shows no change at all. */
static cJSON *
icmp_linkage(const struct icmp_ctx *c, const cJSON *ent, bool *drop)
{
	const struct icompare_flags *l = &c->rules->r[ICMP_TEMPLATE_LINKAGE];
	cJSON *b = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ent, "before"), true);
	cJSON *a = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ent, "after"), true);
	bool hb = cJSON_GetObjectItemCaseSensitive(b, "templates") != NULL;
	bool ha = cJSON_GetObjectItemCaseSensitive(a, "templates") != NULL;
	cJSON *bt, *at, *res = NULL;

	*drop = false;
	if (!hb && !ha)
		goto done;
	if (hb && !ha) {
		cJSON_AddItemToObject(a, "templates", cJSON_CreateArray());
		icmp_move_last(b, "templates");
	} else if (ha && !hb) {
		cJSON_AddItemToObject(b, "templates", cJSON_CreateArray());
	}
	bt = cJSON_GetObjectItemCaseSensitive(b, "templates");
	at = cJSON_GetObjectItemCaseSensitive(a, "templates");
	if (icmp_equal(bt, at, true))
		goto done;
	if (!l->create_missing && !l->delete_missing)
		icmp_set(a, "templates", cJSON_Duplicate(bt, true));
	else if (l->create_missing != l->delete_missing)
		icmp_set(a, "templates", icmp_links(bt, at, l->create_missing));
	if (icmp_equal(b, a, true) && cJSON_GetArraySize(ent) == 2)
		*drop = true;
	else
		res = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(a, "templates"), true);
done:
	cJSON_Delete(a);
	cJSON_Delete(b);
	return res;
}

/* Filters a list's diff by its rules entity (Zabbix's applyOptions), in place.
 * @return 0, or -1: ERR_PARAM, the rules entity was not given. */
static int
icmp_options(struct icmp_ctx *c, const struct icmp_node *n, cJSON *diff)
{
	const struct icompare_flags *o = &c->rules->r[n->rule];
	cJSON *upd = cJSON_GetObjectItemCaseSensitive(diff, "updated");
	size_t nu = upd != NULL ? (size_t)cJSON_GetArraySize(upd) : 0;
	cJSON **stored = xcalloc(nu + 1, sizeof *stored);	/* by original index */
	bool *gone = xcalloc(nu + 1, sizeof *gone);
	cJSON *kept = cJSON_CreateArray(), *ent;
	size_t k = 0;

	if (!o->given) {
		free(stored), free(gone);
		cJSON_Delete(kept);
		return err_set(c->e, ERR_PARAM, NULL,
		    "Invalid parameter \"/rules\": the parameter \"%s\" is missing.",
		    import_compare_rule_name(n->rule));
	}
	if (n->rule == ICMP_TEMPLATES)
		cJSON_ArrayForEach(ent, upd)
			stored[k] = icmp_linkage(c, ent, &gone[k]), k++;
	if (!o->create_missing)
		cJSON_DeleteItemFromObjectCaseSensitive(diff, "added");
	if (!o->delete_missing)
		cJSON_DeleteItemFromObjectCaseSensitive(diff, "removed");
	/* what is left of updated: nested changes, parents to change, or own changes */
	for (k = 0; k < nu; k++) {
		cJSON *e = cJSON_DetachItemFromArray(upd, 0);
		cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "before");

		if (!gone[k] && (cJSON_GetArraySize(e) > 2 || stored[k] != NULL ||
		    !icmp_equal(cJSON_GetObjectItemCaseSensitive(e, "after"), b, true))) {
			if (!o->update_existing)
				icmp_set(e, "after", cJSON_Duplicate(b, true));
			cJSON_AddItemToArray(kept, e);
		} else {
			cJSON_Delete(e);
		}
	}
	/* the parents go in by the entry's original index, as Zabbix puts them */
	for (k = 0; k < nu; k++) {
		cJSON *e = cJSON_GetArrayItem(kept, (int)k);

		if (stored[k] != NULL && e != NULL && stored[k]->child != NULL) {
			icmp_set(cJSON_GetObjectItemCaseSensitive(e, "after"), "templates", stored[k]);
			stored[k] = NULL;
		}
		cJSON_Delete(stored[k]);
	}
	free(stored), free(gone);
	/* after's keys in before's order, then its own */
	cJSON_ArrayForEach(ent, kept) {
		cJSON *b = cJSON_GetObjectItemCaseSensitive(ent, "before");
		cJSON *a = cJSON_GetObjectItemCaseSensitive(ent, "after"), *x;
		cJSON *na = cJSON_CreateObject();

		cJSON_ArrayForEach(x, b) {
			cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(a, x->string);

			if (v != NULL)
				cJSON_AddItemToObject(na, x->string, v);
		}
		while (a->child != NULL) {
			char *key = xstrdup(a->child->string);

			cJSON_AddItemToObject(na, key, cJSON_DetachItemViaPointer(a, a->child));
			free(key);
		}
		cJSON_ReplaceItemInObjectCaseSensitive(ent, "after", na);
	}
	if (upd != NULL) {
		if (kept->child != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(diff, "updated", kept);
		else {
			cJSON_DeleteItemFromObjectCaseSensitive(diff, "updated");
			cJSON_Delete(kept);
		}
	} else {
		cJSON_Delete(kept);
	}
	return 0;
}

/* Drops the empty lists of a diff. */
static void
icmp_prune(cJSON *diff)
{
	static const char *const keys[] = { "added", "removed", "updated" };

	for (size_t i = 0; i < 3; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(diff, keys[i]);

		if (v != NULL && v->child == NULL)
			cJSON_DeleteItemFromObjectCaseSensitive(diff, keys[i]);
	}
}

/* Replaces each entry of diff[key] by the comparison of its nested lists. */
static int
icmp_nested(struct icmp_ctx *c, const struct icmp_node *sub, cJSON *diff, const char *key)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(diff, key), *next;

	for (cJSON *e = list != NULL ? list->child : NULL; e != NULL; e = next) {
		cJSON *b = NULL, *a = NULL, *r;

		next = e->next;
		if (strcmp(key, "updated") == 0) {
			b = cJSON_DetachItemFromObjectCaseSensitive(e, "before");
			a = cJSON_DetachItemFromObjectCaseSensitive(e, "after");
		} else {
			*(strcmp(key, "added") == 0 ? &a : &b) = cJSON_Duplicate(e, true);
		}
		if ((r = icmp_struct(c, sub, b, a)) == NULL)
			return -1;
		cJSON_ReplaceItemViaPointer(list, e, r);
	}
	return 0;
}

/* Zabbix's compareByStructure: the lists of nodes compared one by one (each taken out of
 * before and after), then what is left of before and after first. Consumes b and a (NULL:
 * an empty one). @return the result, or NULL (*c->e set). */
static cJSON *
icmp_struct(struct icmp_ctx *c, const struct icmp_node *nodes, cJSON *b, cJSON *a)
{
	cJSON *res = cJSON_CreateObject(), *out;

	if (b == NULL)
		b = cJSON_CreateObject();
	if (a == NULL)
		a = cJSON_CreateObject();
	for (const struct icmp_node *n = nodes; n != NULL && n->key != NULL; n++) {
		cJSON *bl = cJSON_GetObjectItemCaseSensitive(b, n->key);
		cJSON *al = cJSON_GetObjectItemCaseSensitive(a, n->key);
		cJSON *diff;
		int rc = 0;

		if (icmp_falsy(bl) && icmp_falsy(al))
			continue;
		bl = cJSON_DetachItemFromObjectCaseSensitive(b, n->key);
		al = cJSON_DetachItemFromObjectCaseSensitive(a, n->key);
		diff = icmp_list(n, bl, al);
		cJSON_Delete(bl);
		cJSON_Delete(al);
		icmp_prune(diff);
		if (icmp_nested(c, n->sub, diff, "added") != 0 ||
		    icmp_nested(c, n->sub, diff, "removed") != 0 ||
		    (n->sub != NULL && icmp_nested(c, n->sub, diff, "updated") != 0) ||
		    icmp_options(c, n, diff) != 0)
			rc = -1;
		if (rc == 0 && diff->child != NULL) {
			cJSON_AddItemToObject(res, n->key, diff);
			continue;
		}
		cJSON_Delete(diff);
		if (rc != 0) {
			cJSON_Delete(res), cJSON_Delete(b), cJSON_Delete(a);
			return NULL;
		}
	}
	out = cJSON_CreateObject();
	if (b->child != NULL)
		cJSON_AddItemToObject(out, "before", b);
	else
		cJSON_Delete(b);
	if (a->child != NULL)
		cJSON_AddItemToObject(out, "after", a);
	else
		cJSON_Delete(a);
	while (res->child != NULL) {
		cJSON *v = res->child;
		char *key = xstrdup(v->string);

		cJSON_AddItemToObject(out, key, cJSON_DetachItemViaPointer(res, v));
		free(key);
	}
	cJSON_Delete(res);
	return out;
}

/* The members of doc that Zabbix compares (groups, templates, triggers, graphs), copied.
 * An empty list is left out: Zabbix 6.0.14 fails on one (HTTP 500), tmpld reads it as none. */
static cJSON *
icmp_keep(const cJSON *doc)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *v;

	cJSON_ArrayForEach(v, doc)
		for (const struct icmp_node *n = icmp_top; n->key != NULL; n++)
			if (v->string != NULL && strcmp(v->string, n->key) == 0 && !icmp_falsy(v))
				cJSON_AddItemToObject(out, n->key, cJSON_Duplicate(v, true));
	import_compare_normalise(out);
	return out;
}

int
import_compare(const cJSON *before, const cJSON *after, const struct icompare_rules *rules,
    cJSON **out, struct err *e)
{
	struct icmp_ctx c = { .rules = rules, .e = e };
	cJSON *r;

	*out = NULL;
	if ((r = icmp_struct(&c, icmp_top, icmp_keep(before), icmp_keep(after))) == NULL)
		return -1;
	if (r->child == NULL) {
		cJSON_Delete(r);
		r = cJSON_CreateArray();
	}
	*out = r;
	return 0;
}
