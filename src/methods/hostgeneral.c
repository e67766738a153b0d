/* hostgeneral.c: what hosts and templates share: groups, parent links with Zabbix's circular
 * and double-linkage checks, macros and tags, and the rules for their shapes. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- rules ---- */

char *
hg_check_host_name(const cJSON *v)
{
	return host_name_valid(v->valuestring) ? NULL : xstrdup("invalid host name");
}

char *
hg_check_uuid(const cJSON *v)
{
	const char *s = v->valuestring;

	if (strlen(s) != 32)
		return xstrdup("must be 32 characters long");
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return xstrdup("UUIDv4 is expected");
	return NULL;
}

static char *
hg_check_macro(const cJSON *v)
{
	char *cause;

	return macro_parse(v->valuestring, NULL, &cause) == 0 ? NULL : cause;
}

static const char *const hg_uniq_groupid[] = { "groupid", NULL };
static const char *const hg_uniq_templateid[] = { "templateid", NULL };
static const char *const hg_uniq_tag[] = { "tag,value", NULL };
static const char *const hg_uniq_hostmacroid[] = { "hostmacroid", NULL };

static const struct rule_field hg_group_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule hg_group_rule = { .type = RULE_OBJECT, .fields = hg_group_fields };
const struct rule hg_groups_rule = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &hg_group_rule, .uniq = hg_uniq_groupid };

static const struct rule_field hg_template_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule hg_template_rule = { .type = RULE_OBJECT, .fields = hg_template_fields };
const struct rule hg_templates_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hg_template_rule, .uniq = hg_uniq_templateid };

static const struct rule_field hg_tag_fields[] = {
	{ "tag", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "value", { .type = RULE_STRING, .length = 255, .dflt = "" } },
	{ NULL, { 0 } },
};
static const struct rule hg_tag_rule = { .type = RULE_OBJECT, .fields = hg_tag_fields };
const struct rule hg_tags_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hg_tag_rule, .uniq = hg_uniq_tag };

static const struct rule_field hg_macro_fields[] = {
	{ "hostmacroid", { .type = RULE_ID } },
	{ "macro", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 255,
	    .check = hg_check_macro } },
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } },
	{ "value", { .type = RULE_STRING, .length = 2048 } },
	{ "description", { .type = RULE_STRING, .length = 65535 } },
	{ NULL, { 0 } },
};
static const struct rule hg_macro_rule = { .type = RULE_OBJECT, .fields = hg_macro_fields };
const struct rule hg_macros_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hg_macro_rule, .uniq = hg_uniq_hostmacroid };

static const struct rule_field hg_macro_create_fields[] = {
	{ "macro", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255,
	    .check = hg_check_macro } },
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } },
	{ "value", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = 2048 } },
	{ "description", { .type = RULE_STRING, .length = 65535 } },
	{ NULL, { 0 } },
};
static const struct rule hg_macro_create_rule = { .type = RULE_OBJECT,
	.fields = hg_macro_create_fields };
const struct rule hg_macros_create_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hg_macro_create_rule };

/* A host's status: 0 or 1, as a number or a numeric string. */
bool
hg_status_parse(const cJSON *v, uint32_t *out)
{
	uint64_t n;

	if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
		n = (uint64_t)v->valuedouble;
	else if (!cJSON_IsString(v) || !util_parse_u64(v->valuestring, &n) || n > 1)
		return false;
	*out = (uint32_t)n;
	return true;
}

/* ---- groups ---- */

static int
hg_ids_resolve(struct rpc_call *call, const cJSON *arr, const char *key, bool templates,
    struct id_list *out)
{
	const cJSON *e;
	uint64_t id;
	int rc;

	cJSON_ArrayForEach(e, arr) {
		if (!id_from_json(cJSON_GetObjectItemCaseSensitive(e, key), &id))
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (templates) {
			struct host h;

			if ((rc = store_host_get(call->txn, id, &h)) == STORE_OK) {
				if (!host_is_template(&h))
					rc = STORE_ENOTFOUND;
				host_free(&h);
			}
		} else {
			struct group g;

			if ((rc = store_group_get(call->txn, id, &g)) == STORE_OK)
				group_free(&g);
		}
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		id_list_add_unique(out, id);
	}
	return RPC_COMMIT;
}

int
hg_groups_resolve(struct rpc_call *call, const cJSON *groups, struct id_list *out)
{
	return hg_ids_resolve(call, groups, "groupid", false, out);
}

int
hg_templates_resolve(struct rpc_call *call, const cJSON *templates, struct id_list *out)
{
	return hg_ids_resolve(call, templates, "templateid", true, out);
}

int
hg_groups_replace(struct rpc_call *call, uint64_t hostid, const struct id_list *groups)
{
	struct id_list cur = { 0 };
	int rc = store_host_groups(call->txn, hostid, &cur);

	for (size_t i = 0; rc == STORE_OK && i < cur.n; i++)
		if (!id_list_has(groups, cur.ids[i]))
			rc = store_host_group_set(call->txn, hostid, cur.ids[i], false);
	for (size_t i = 0; rc == STORE_OK && i < groups->n; i++)
		if (!id_list_has(&cur, groups->ids[i]))
			rc = store_host_group_set(call->txn, hostid, groups->ids[i], true);
	id_list_free(&cur);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- parent links ---- */

static char *
hg_host_name(struct store_txn *txn, uint64_t id)
{
	struct host h;
	char *name;

	if (store_host_get(txn, id, &h) != STORE_OK)
		return xstrdup("");
	name = h.host;
	h.host = NULL;
	host_free(&h);
	return name;
}

/* Depth-first along parent links from `from` to `to`; the path (from .. to) in *path. */
static bool
hg_path_to(struct store_txn *txn, uint64_t from, uint64_t to, struct id_list *path, int depth)
{
	struct id_list parents = { 0 };
	bool found = false;

	id_list_add(path, from);
	if (from == to)
		return true;
	if (depth > 64 || store_host_parents(txn, from, &parents) != STORE_OK) {
		id_list_free(&parents);
		path->n--;
		return false;
	}
	for (size_t i = 0; !found && i < parents.n; i++)
		found = hg_path_to(txn, parents.ids[i], to, path, depth + 1);
	id_list_free(&parents);
	if (!found)
		path->n--;
	return found;
}

static int
hg_fail_circular(struct rpc_call *call, uint64_t parent, uint64_t child,
    const struct id_list *path)
{
	char *p = hg_host_name(call->txn, parent), *c = hg_host_name(call->txn, child);
	char *chain = xstrdup(""), *next;

	for (size_t i = 0; i <= path->n; i++) {
		char *name = hg_host_name(call->txn, i < path->n ? path->ids[i] : parent);

		next = xasprintf("%s%s\"%s\"", chain, i > 0 ? " -> " : "", name);
		free(chain);
		free(name);
		chain = next;
	}
	rpc_fail(call, ERR_PARAM, "Cannot link template \"%s\" to template \"%s\", "
	    "because a circular linkage (%s) would occur.", p, c, chain);
	free(p), free(c), free(chain);
	return RPC_ROLLBACK;
}

/* Every template above id (not id itself). */
static int
hg_ancestors(struct store_txn *txn, uint64_t id, struct id_list *out)
{
	struct id_list waiting = { 0 };
	int rc = store_host_parents(txn, id, &waiting);

	for (size_t i = 0; rc == STORE_OK && i < waiting.n; i++) {
		if (!id_list_add_unique(out, waiting.ids[i]))
			continue;
		rc = store_host_parents(txn, waiting.ids[i], &waiting);
	}
	id_list_free(&waiting);
	return rc;
}

/* A template reachable through two of the direct parents would be linked twice. */
static int
hg_check_double(struct rpc_call *call, uint64_t hostid, const struct id_list *parents)
{
	struct id_list above = { 0 };
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < parents->n; i++)
		rc = hg_ancestors(call->txn, parents->ids[i], &above);
	for (size_t i = 0; rc == STORE_OK && i < parents->n; i++) {
		if (id_list_has(&above, parents->ids[i])) {
			char *p = hg_host_name(call->txn, parents->ids[i]);
			struct host h;

			if ((rc = store_host_get(call->txn, hostid, &h)) != STORE_OK) {
				free(p);
				break;
			}
			rpc_fail(call, ERR_PARAM, "Cannot link template \"%s\" to "
			    "%s \"%s\", because its parent template \"%s\" would be linked twice.",
			    p, host_is_template(&h) ? "template" : "host", h.host, p);
			free(p);
			host_free(&h);
			id_list_free(&above);
			return RPC_ROLLBACK;
		}
	}
	id_list_free(&above);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

int
hg_link(struct rpc_call *call, uint64_t hostid, const struct id_list *add)
{
	struct id_list cur = { 0 }, path = { 0 }, fresh = { 0 };
	int rc = store_host_parents(call->txn, hostid, &cur);

	for (size_t i = 0; rc == STORE_OK && i < add->n; i++) {
		if (id_list_has(&cur, add->ids[i]))
			continue;
		id_list_add(&fresh, add->ids[i]);
		id_list_clear(&path);
		if (hg_path_to(call->txn, add->ids[i], hostid, &path, 0)) {
			hg_fail_circular(call, add->ids[i], hostid, &path);
			id_list_free(&cur), id_list_free(&path), id_list_free(&fresh);
			return RPC_ROLLBACK;
		}
		id_list_add(&cur, add->ids[i]);
	}
	id_list_free(&path);
	if (rc == STORE_OK && hg_check_double(call, hostid, &cur) != RPC_COMMIT) {
		id_list_free(&cur), id_list_free(&fresh);
		return RPC_ROLLBACK;
	}
	for (size_t i = 0; rc == STORE_OK && i < add->n; i++)
		rc = store_host_link_set(call->txn, hostid, add->ids[i], true);
	id_list_free(&cur);
	rc = rc == STORE_OK ? item_inherit_link(call, hostid, &fresh) : rpc_fail_store(call, rc);
	id_list_free(&fresh);
	return rc;
}

/* The links go, and what the parents brought: kept as own items, or with clear deleted. */
int
hg_unlink(struct rpc_call *call, uint64_t hostid, const struct id_list *parents, bool clear)
{
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < parents->n; i++) {
		rc = store_host_link_set(call->txn, hostid, parents->ids[i], false);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
	}
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return parents->n > 0 ? item_inherit_unlink(call, hostid, parents, clear) : RPC_COMMIT;
}

/* ---- tags ---- */

int
hg_tags_replace(struct rpc_call *call, uint64_t hostid, const cJSON *tags)
{
	struct tag_list l = { 0 };
	const cJSON *e;
	int rc;

	cJSON_ArrayForEach(e, tags) {
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(e, "value");

		tag_list_add(&l, cJSON_GetObjectItemCaseSensitive(e, "tag")->valuestring,
		    cJSON_IsString(value) ? value->valuestring : "");
	}
	rc = store_host_tags_put(call->txn, hostid, &l);
	tag_list_free(&l);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- macros ---- */

struct hg_macros {
	struct macro	*m;
	char		**norm;
	size_t		 n;
};

static void
hg_macros_free(struct hg_macros *cur)
{
	for (size_t i = 0; i < cur->n; i++) {
		macro_free(&cur->m[i]);
		free(cur->norm[i]);
	}
	free(cur->m);
	free(cur->norm);
}

char *
hg_macro_norm(const char *name)
{
	char *norm = NULL, *cause = NULL;

	if (macro_parse(name, &norm, &cause) != 0) {
		free(cause);
		return xstrdup(name);
	}
	return norm;
}

static int
hg_macros_load(struct store_txn *txn, uint64_t hostid, struct hg_macros *cur)
{
	struct id_list ids = { 0 };
	int rc = store_host_macros(txn, hostid, &ids);

	memset(cur, 0, sizeof *cur);
	cur->m = xcalloc(ids.n, sizeof *cur->m);
	cur->norm = xcalloc(ids.n, sizeof *cur->norm);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		if ((rc = store_macro_get(txn, ids.ids[i], &cur->m[i])) != STORE_OK)
			break;
		cur->norm[i] = hg_macro_norm(cur->m[i].macro);
		cur->n++;
	}
	id_list_free(&ids);
	return rc;
}

static const char *
hg_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
hg_int(const cJSON *obj, const char *key, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(v))
		return (int)v->valuedouble;
	if (cJSON_IsString(v))
		return atoi(v->valuestring);
	return dflt;
}

/* One macro of the request, resolved against what is stored. */
struct hg_plan {
	const cJSON	*in;
	struct macro	*old;		/* NULL for a new row */
	const char	*name;
	char		*norm;
	int		 type;
};

/* "Invalid parameter "<path>/<i+1><tail>"; takes the tail. */
static int
hg_plan_fail_path(struct rpc_call *call, const char *path, size_t i, char *tail)
{
	rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s/%zu%s", path, i + 1, tail);
	free(tail);
	return RPC_ROLLBACK;
}

static int
hg_plan_one(struct rpc_call *call, struct hg_macros *cur, const cJSON *e, size_t i,
    const char *path, struct hg_plan *p)
{
	const cJSON *idv = cJSON_GetObjectItemCaseSensitive(e, "hostmacroid");
	const char *value = hg_str(e, "value");
	char *cause;
	uint64_t id;

	p->in = e;
	if (idv != NULL) {
		id_from_json(idv, &id);
		for (size_t k = 0; k < cur->n && p->old == NULL; k++)
			if (cur->m[k].hostmacroid == id)
				p->old = &cur->m[k];
		if (p->old == NULL)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	} else if (hg_str(e, "macro") == NULL)
		return hg_plan_fail_path(call, path, i,
		    xstrdup("\": the parameter \"macro\" is missing."));
	else if (value == NULL)
		return hg_plan_fail_path(call, path, i,
		    xstrdup("\": the parameter \"value\" is missing."));
	p->name = hg_str(e, "macro") ? hg_str(e, "macro") : p->old->macro;
	p->type = hg_int(e, "type", p->old ? (int)p->old->type : MACRO_TYPE_TEXT);
	if (value == NULL && p->old != NULL)
		value = p->old->value;
	if (p->type == MACRO_TYPE_VAULT && !macro_vault_valid(value ? value : "", &cause)) {
		hg_plan_fail_path(call, path, i, xasprintf("/value\": %s.", cause));
		free(cause);
		return RPC_ROLLBACK;
	}
	p->norm = hg_macro_norm(p->name);
	return RPC_COMMIT;
}

static int
hg_plan_check(struct rpc_call *call, const struct host *h, const struct hg_macros *cur,
    struct hg_plan *plan, size_t n, const char *path)
{
	for (size_t j = 1; j < n; j++)
		for (size_t i = 0; i < j; i++)
			if (strcmp(plan[i].norm, plan[j].norm) == 0)
				return hg_plan_fail_path(call, path, j, xasprintf(
				    "\": value (macro)=(%s) already exists.", plan[j].name));
	/* A rename onto the stored name of another macro that stays is refused. */
	for (size_t i = 0; i < n; i++) {
		if (plan[i].old == NULL || strcmp(plan[i].old->macro, plan[i].name) == 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			size_t c = plan[k].old != NULL ? (size_t)(plan[k].old - cur->m) : 0;

			if (k != i && plan[k].old != NULL && strcmp(cur->norm[c], plan[i].norm) == 0)
				return rpc_fail(call, ERR_PARAM,
				    "Macro \"%s\" already exists on \"%s\".", plan[i].name, h->name);
		}
	}
	return RPC_COMMIT;
}

static void
hg_macro_fill(struct macro *m, const struct hg_plan *p)
{
	const char *value = hg_str(p->in, "value"), *desc = hg_str(p->in, "description");

	if (m->macro != p->name)	/* the name may be the stored one itself */
		user_set_str(&m->macro, p->name);
	if (value != NULL)
		user_set_str(&m->value, value);
	else if (m->type == MACRO_TYPE_SECRET && p->type != MACRO_TYPE_SECRET)
		user_set_str(&m->value, "");	/* a secret turned back into text */
	else if (m->value == NULL)
		m->value = xstrdup("");
	if (desc != NULL)
		user_set_str(&m->description, desc);
	else if (m->description == NULL)
		m->description = xstrdup("");
	m->type = (uint32_t)p->type;
}

static int
hg_plan_apply(struct store_txn *txn, uint64_t hostid, struct hg_macros *cur,
    struct hg_plan *plan, size_t n)
{
	int rc = STORE_OK;

	for (size_t k = 0; rc == STORE_OK && k < cur->n; k++) {
		bool kept = false;

		for (size_t i = 0; i < n && !kept; i++)
			kept = plan[i].old == &cur->m[k];
		if (!kept)
			rc = store_macro_delete(txn, cur->m[k].hostmacroid);
	}
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct macro fresh = { .hostid = hostid };
		struct macro *m = plan[i].old != NULL ? plan[i].old : &fresh;

		hg_macro_fill(m, &plan[i]);
		rc = plan[i].old != NULL ? store_macro_update(txn, m) : store_macro_create(txn, m);
		if (m == &fresh)
			macro_free(&fresh);
	}
	return rc;
}

static void
hg_plan_free(struct hg_plan *plan, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(plan[i].norm);
	free(plan);
}

int
hg_macros_replace(struct rpc_call *call, const struct host *h, const cJSON *macros,
    const char *path)
{
	size_t n = (size_t)cJSON_GetArraySize(macros), i = 0;
	struct hg_plan *plan = xcalloc(n, sizeof *plan);
	struct hg_macros cur;
	const cJSON *e;
	int rc = hg_macros_load(call->txn, h->hostid, &cur);

	if (rc != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else
		rc = RPC_COMMIT;
	cJSON_ArrayForEach(e, macros) {
		if (rc != RPC_COMMIT)
			break;
		rc = hg_plan_one(call, &cur, e, i, path, &plan[i]);
		i++;
	}
	if (rc == RPC_COMMIT)
		rc = hg_plan_check(call, h, &cur, plan, n, path);
	if (rc == RPC_COMMIT && (rc = hg_plan_apply(call->txn, h->hostid, &cur, plan, n)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	hg_plan_free(plan, n);
	hg_macros_free(&cur);
	return rc;
}

/* New macros only: an existing name is "Macro ... already exists on <on>". */
int
hg_macros_add(struct rpc_call *call, const struct host *h, const cJSON *macros,
    const char *path, const char *on)
{
	size_t n = (size_t)cJSON_GetArraySize(macros), i = 0;
	struct hg_plan *plan = xcalloc(n, sizeof *plan);
	struct hg_macros cur, none = { 0 };
	const cJSON *e;
	int rc = hg_macros_load(call->txn, h->hostid, &cur);

	rc = rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
	cJSON_ArrayForEach(e, macros) {
		if (rc != RPC_COMMIT)
			break;
		rc = hg_plan_one(call, &none, e, i, path, &plan[i]);
		i++;
	}
	if (rc == RPC_COMMIT)
		rc = hg_plan_check(call, h, &none, plan, n, path);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		for (size_t k = 0; k < cur.n; k++)
			if (strcmp(cur.norm[k], plan[i].norm) == 0) {
				rc = rpc_fail(call, ERR_PARAM,
				    "Macro \"%s\" already exists on \"%s\".", plan[i].name, on);
				break;
			}
	for (i = 0; rc == RPC_COMMIT && i < n; i++) {
		struct macro fresh = { .hostid = h->hostid };

		hg_macro_fill(&fresh, &plan[i]);
		if ((rc = store_macro_create(call->txn, &fresh)) != STORE_OK)
			rc = rpc_fail_store(call, rc);
		macro_free(&fresh);
	}
	hg_plan_free(plan, n);
	hg_macros_free(&cur);
	return rc;
}
