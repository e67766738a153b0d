/* template_mass.c: template.massadd, template.massupdate and template.massremove, with the
 * legacy host links ("hosts", "hostids") that Zabbix dropped after 4.x. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const mass_uniq_templateid[] = { "templateid", NULL };
static const char *const mass_uniq_hostid[] = { "hostid", NULL };

static const struct rule_field mass_tpl_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule mass_tpl_elem = { .type = RULE_OBJECT, .fields = mass_tpl_fields };
static const struct rule mass_templates_rule = { .type = RULE_OBJECTS,
	.flags = RULE_REQUIRED | RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &mass_tpl_elem,
	.uniq = mass_uniq_templateid };
static const struct rule_field mass_host_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule mass_host_elem = { .type = RULE_OBJECT, .fields = mass_host_fields };
static const struct rule mass_hosts_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &mass_host_elem, .uniq = mass_uniq_hostid };
static const struct rule mass_macros_rule = { .ref = &hg_macros_create_rule };

static char *
mass_check_strings(const cJSON *v)
{
	const cJSON *e;

	if (!cJSON_IsArray(v))
		return cJSON_IsString(v) ? NULL : xstrdup("an array is expected");
	cJSON_ArrayForEach(e, v)
		if (!cJSON_IsString(e))
			return xstrdup("an array of character strings is expected");
	return NULL;
}

static const struct rule_field massadd_fields[] = {
	{ "templates", { .ref = &mass_templates_rule } },
	{ "groups", { .ref = &hg_groups_rule } },
	{ "macros", { .ref = &mass_macros_rule } },
	{ "templates_link", { .ref = &hg_templates_rule } },
	{ "hosts", { .ref = &mass_hosts_rule } },
	{ NULL, { 0 } },
};
static const struct rule massadd_params = { .type = RULE_OBJECT, .fields = massadd_fields };

static const struct rule_field massupdate_fields[] = {
	{ "templates", { .ref = &mass_templates_rule } },
	{ "groups", { .ref = &hg_groups_rule } },
	{ "macros", { .ref = &mass_macros_rule } },
	{ "templates_link", { .ref = &hg_templates_rule } },
	{ "templates_clear", { .ref = &hg_templates_rule } },
	{ "hosts", { .ref = &mass_hosts_rule } },
	{ NULL, { 0 } },
};
static const struct rule massupdate_params = { .type = RULE_OBJECT, .fields = massupdate_fields };

static const struct rule mass_ids_rule = { .type = RULE_IDS, .flags = RULE_NORMALIZE };
static const struct rule_field massremove_fields[] = {
	{ "templateids", { .ref = &mass_ids_rule, .flags = RULE_REQUIRED | RULE_NOT_EMPTY } },
	{ "groupids", { .ref = &mass_ids_rule } },
	{ "macros", { .type = RULE_ANY, .check = mass_check_strings } },
	{ "templateids_link", { .ref = &mass_ids_rule } },
	{ "templateids_clear", { .ref = &mass_ids_rule } },
	{ "hostids", { .ref = &mass_ids_rule } },
	{ NULL, { 0 } },
};
static const struct rule massremove_params = { .type = RULE_OBJECT, .fields = massremove_fields };

/* What a mass call names, resolved: every id exists (else -32500). */
struct mass {
	struct id_list	 templates, groups, links, clear, children;
	struct host	*hosts;		/* the templates, in request order */
};

static void
mass_free(struct mass *m)
{
	for (size_t i = 0; m->hosts != NULL && i < m->templates.n; i++)
		host_free(&m->hosts[i]);
	free(m->hosts);
	id_list_free(&m->templates), id_list_free(&m->groups), id_list_free(&m->links);
	id_list_free(&m->clear), id_list_free(&m->children);
}

/* An array of ids or of {key: id} objects. */
static void
mass_ids(const cJSON *arr, const char *key, struct id_list *out)
{
	const cJSON *e;
	uint64_t id;

	if (cJSON_IsString(arr) && util_parse_u64(arr->valuestring, &id)) {
		id_list_add_unique(out, id);
		return;
	}
	cJSON_ArrayForEach(e, arr) {
		const cJSON *v = key != NULL ? cJSON_GetObjectItemCaseSensitive(e, key) : e;

		if (id_from_json(v, &id))
			id_list_add_unique(out, id);
	}
}

static int
mass_load_templates(struct rpc_call *call, struct mass *m)
{
	int rc = STORE_OK;

	m->hosts = xcalloc(m->templates.n ? m->templates.n : 1, sizeof *m->hosts);
	for (size_t i = 0; i < m->templates.n; i++) {
		rc = store_host_get(call->txn, m->templates.ids[i], &m->hosts[i]);
		if (rc == STORE_OK && !host_is_template(&m->hosts[i]))
			rc = STORE_ENOTFOUND;
		if (rc != STORE_OK)
			break;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
mass_exists(struct rpc_call *call, const struct id_list *ids, bool groups)
{
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		struct group g;
		struct host h;

		rc = groups ? store_group_get(call->txn, ids->ids[i], &g) :
		    store_host_get(call->txn, ids->ids[i], &h);
		if (rc == STORE_OK && groups)
			group_free(&g);
		else if (rc == STORE_OK)
			host_free(&h);
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Resolves the object-style params of massadd and massupdate. */
static int
mass_resolve(struct rpc_call *call, const cJSON *p, struct mass *m)
{
	const cJSON *v;

	mass_ids(cJSON_GetObjectItemCaseSensitive(p, "templates"), "templateid", &m->templates);
	if (mass_load_templates(call, m) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "groups")) != NULL &&
	    hg_groups_resolve(call, v, &m->groups) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "templates_link")) != NULL &&
	    hg_templates_resolve(call, v, &m->links) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "templates_clear")) != NULL &&
	    hg_templates_resolve(call, v, &m->clear) != RPC_COMMIT)
		return RPC_ROLLBACK;
	mass_ids(cJSON_GetObjectItemCaseSensitive(p, "hosts"), "hostid", &m->children);
	return mass_exists(call, &m->children, false);
}

static cJSON *
mass_result(const struct mass *m)
{
	cJSON *ids = cJSON_CreateArray(), *res = cJSON_CreateObject();
	char buf[24];

	for (size_t i = 0; i < m->templates.n; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(id_to_str(m->templates.ids[i], buf)));
	cJSON_AddItemToObject(res, "templateids", ids);
	return res;
}

static int
mass_link_children(struct rpc_call *call, uint64_t tpl, const struct id_list *children)
{
	struct id_list one = { 0 };
	int rc = RPC_COMMIT;

	id_list_add(&one, tpl);
	for (size_t i = 0; rc == RPC_COMMIT && i < children->n; i++)
		rc = hg_link(call, children->ids[i], &one);
	id_list_free(&one);
	return rc;
}

static int
massadd_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	const cJSON *macros = cJSON_GetObjectItemCaseSensitive(p, "macros");
	int rc = STORE_OK;

	for (size_t g = 0; rc == STORE_OK && g < m->groups.n; g++)
		rc = store_host_group_set(call->txn, t->hostid, m->groups.ids[g], true);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (macros != NULL && hg_macros_add(call, t, macros, "/macros", t->host) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (hg_link(call, t->hostid, &m->links) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return mass_link_children(call, t->hostid, &m->children);
}

static int
template_massadd_exec(struct rpc_call *call, cJSON *params)
{
	struct mass m = { 0 };
	int rc = mass_resolve(call, params, &m);

	for (size_t i = 0; rc == RPC_COMMIT && i < m.templates.n; i++)
		rc = massadd_one(call, params, &m, &m.hosts[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, mass_result(&m));
	mass_free(&m);
	return rc;
}

/* ---- massupdate ---- */

static int
mass_drop_macros(struct rpc_call *call, uint64_t hostid)
{
	struct id_list ids = { 0 };
	int rc = store_host_macros(call->txn, hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = store_macro_delete(call->txn, ids.ids[i]);
	id_list_free(&ids);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Splits the current parents (or children) into those to keep out, clear, and add. */
static int
mass_replace_parents(struct rpc_call *call, const cJSON *p, const struct mass *m, uint64_t t)
{
	struct id_list cur = { 0 }, keep = { 0 }, clear = { 0 }, add = { 0 };
	bool replace = cJSON_GetObjectItemCaseSensitive(p, "templates_link") != NULL;
	int rc = store_host_parents(call->txn, t, &cur);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	for (size_t i = 0; i < cur.n; i++) {
		if (id_list_has(&m->clear, cur.ids[i]))
			id_list_add(&clear, cur.ids[i]);
		else if (replace && !id_list_has(&m->links, cur.ids[i]))
			id_list_add(&keep, cur.ids[i]);
	}
	for (size_t i = 0; i < m->links.n; i++)
		if (!id_list_has(&cur, m->links.ids[i]))
			id_list_add(&add, m->links.ids[i]);
	rc = hg_unlink(call, t, &keep, false);
	if (rc == RPC_COMMIT)
		rc = hg_unlink(call, t, &clear, true);
	if (rc == RPC_COMMIT)
		rc = hg_link(call, t, &add);
	id_list_free(&cur), id_list_free(&keep), id_list_free(&clear), id_list_free(&add);
	return rc;
}

static int
mass_replace_children(struct rpc_call *call, const struct mass *m, uint64_t t)
{
	struct id_list cur = { 0 }, one = { 0 }, add = { 0 };
	int rc = store_host_children(call->txn, t, &cur);

	rc = rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
	id_list_add(&one, t);
	for (size_t i = 0; rc == RPC_COMMIT && i < cur.n; i++)
		if (!id_list_has(&m->children, cur.ids[i]))
			rc = hg_unlink(call, cur.ids[i], &one, false);
	for (size_t i = 0; i < m->children.n; i++)
		if (!id_list_has(&cur, m->children.ids[i]))
			id_list_add(&add, m->children.ids[i]);
	if (rc == RPC_COMMIT)
		rc = mass_link_children(call, t, &add);
	id_list_free(&cur), id_list_free(&one), id_list_free(&add);
	return rc;
}

static int
massupdate_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	const cJSON *macros = cJSON_GetObjectItemCaseSensitive(p, "macros");

	if (cJSON_GetObjectItemCaseSensitive(p, "groups") != NULL &&
	    hg_groups_replace(call, t->hostid, &m->groups) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (macros != NULL && (mass_drop_macros(call, t->hostid) != RPC_COMMIT ||
	    hg_macros_add(call, t, macros, "/macros", t->host) != RPC_COMMIT))
		return RPC_ROLLBACK;
	if (mass_replace_parents(call, p, m, t->hostid) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (cJSON_GetObjectItemCaseSensitive(p, "hosts") != NULL)
		return mass_replace_children(call, m, t->hostid);
	return RPC_COMMIT;
}

static int
template_massupdate_exec(struct rpc_call *call, cJSON *params)
{
	struct mass m = { 0 };
	int rc = mass_resolve(call, params, &m);

	for (size_t i = 0; rc == RPC_COMMIT && i < m.templates.n; i++)
		rc = massupdate_one(call, params, &m, &m.hosts[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, mass_result(&m));
	mass_free(&m);
	return rc;
}

/* ---- massremove ---- */

static int
massremove_groups(struct rpc_call *call, const struct host *t, const struct id_list *groups)
{
	struct id_list cur = { 0 };
	size_t left = 0;
	int rc = store_host_groups(call->txn, t->hostid, &cur);

	for (size_t i = 0; i < cur.n; i++)
		left += !id_list_has(groups, cur.ids[i]);
	if (rc == STORE_OK && groups->n > 0 && left == 0) {
		id_list_free(&cur);
		return rpc_fail(call, ERR_PARAM,
		    "Template \"%s\" cannot be without host group.", t->host);
	}
	for (size_t i = 0; rc == STORE_OK && i < cur.n; i++)
		if (id_list_has(groups, cur.ids[i]))
			rc = store_host_group_set(call->txn, t->hostid, cur.ids[i], false);
	id_list_free(&cur);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Macros named in the call are removed; names the template does not have are ignored. */
static int
massremove_macros(struct rpc_call *call, uint64_t hostid, const cJSON *names)
{
	struct id_list ids = { 0 };
	const cJSON *e;
	int rc = store_host_macros(call->txn, hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct macro mac;
		bool hit = false;

		if ((rc = store_macro_get(call->txn, ids.ids[i], &mac)) != STORE_OK)
			break;
		cJSON_ArrayForEach(e, names)
			hit = hit || (cJSON_IsString(e) && strcmp(e->valuestring, mac.macro) == 0);
		macro_free(&mac);
		if (hit)
			rc = store_macro_delete(call->txn, ids.ids[i]);
	}
	id_list_free(&ids);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Unlinks (or clears) the parents in `which` that are linked; others are ignored. */
static int
massremove_links(struct rpc_call *call, uint64_t t, const struct id_list *which, bool clear)
{
	struct id_list cur = { 0 }, hit = { 0 };
	int rc = store_host_parents(call->txn, t, &cur);

	for (size_t i = 0; i < which->n; i++)
		if (id_list_has(&cur, which->ids[i]))
			id_list_add(&hit, which->ids[i]);
	rc = rc == STORE_OK ? hg_unlink(call, t, &hit, clear) : rpc_fail_store(call, rc);
	id_list_free(&cur), id_list_free(&hit);
	return rc;
}

static int
massremove_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	const cJSON *macros = cJSON_GetObjectItemCaseSensitive(p, "macros");
	struct id_list one = { 0 };
	int rc;

	if (massremove_groups(call, t, &m->groups) != RPC_COMMIT ||
	    (macros != NULL && massremove_macros(call, t->hostid, macros) != RPC_COMMIT) ||
	    massremove_links(call, t->hostid, &m->links, false) != RPC_COMMIT ||
	    massremove_links(call, t->hostid, &m->clear, true) != RPC_COMMIT)
		return RPC_ROLLBACK;
	id_list_add(&one, t->hostid);
	rc = RPC_COMMIT;
	for (size_t i = 0; rc == RPC_COMMIT && i < m->children.n; i++)
		rc = massremove_links(call, m->children.ids[i], &one, false);
	id_list_free(&one);
	return rc;
}

static int
template_massremove_exec(struct rpc_call *call, cJSON *params)
{
	struct mass m = { 0 };
	int rc;

	mass_ids(cJSON_GetObjectItemCaseSensitive(params, "templateids"), NULL, &m.templates);
	mass_ids(cJSON_GetObjectItemCaseSensitive(params, "groupids"), NULL, &m.groups);
	mass_ids(cJSON_GetObjectItemCaseSensitive(params, "templateids_link"), NULL, &m.links);
	mass_ids(cJSON_GetObjectItemCaseSensitive(params, "templateids_clear"), NULL, &m.clear);
	mass_ids(cJSON_GetObjectItemCaseSensitive(params, "hostids"), NULL, &m.children);
	rc = mass_load_templates(call, &m);
	if (rc == RPC_COMMIT)
		rc = mass_exists(call, &m.groups, true);
	for (size_t i = 0; rc == RPC_COMMIT && i < m.templates.n; i++)
		rc = massremove_one(call, params, &m, &m.hosts[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, mass_result(&m));
	mass_free(&m);
	return rc;
}

const struct rpc_method method_template_massadd = {
	.name = "template.massadd",
	.flags = RPC_WRITE,
	.params = &massadd_params,
	.exec = template_massadd_exec,
};

const struct rpc_method method_template_massupdate = {
	.name = "template.massupdate",
	.flags = RPC_WRITE,
	.params = &massupdate_params,
	.exec = template_massupdate_exec,
};

const struct rpc_method method_template_massremove = {
	.name = "template.massremove",
	.flags = RPC_WRITE,
	.params = &massremove_params,
	.exec = template_massremove_exec,
};
