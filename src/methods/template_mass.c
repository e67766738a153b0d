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
static const struct rule mass_macros_rule = { .ref = &host_macros_create_rule };

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
	{ "groups", { .ref = &host_groups_rule } },
	{ "macros", { .ref = &mass_macros_rule } },
	{ "templates_link", { .ref = &host_templates_rule } },
	{ "hosts", { .ref = &mass_hosts_rule } },
	{ NULL, { 0 } },
};
static const struct rule massadd_params = { .type = RULE_OBJECT, .fields = massadd_fields };

static const struct rule_field massupdate_fields[] = {
	{ "templates", { .ref = &mass_templates_rule } },
	{ "groups", { .ref = &host_groups_rule } },
	{ "macros", { .ref = &mass_macros_rule } },
	{ "templates_link", { .ref = &host_templates_rule } },
	{ "templates_clear", { .ref = &host_templates_rule } },
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

/* An array of ids or of {key: id} objects (or one id), each id once. */
static void
mass_ids(const cJSON *arr, const char *key, struct id_list *out)
{
	struct id_set seen = { 0 };
	const cJSON *e;
	uint64_t id;

	if (cJSON_IsString(arr) && util_parse_u64(arr->valuestring, &id)) {
		id_list_add(out, id);
		return;
	}
	cJSON_ArrayForEach(e, arr) {
		const cJSON *v = key != NULL ? cJSON_GetObjectItemCaseSensitive(e, key) : e;

		if (id_from_json(v, &id) && id_set_add(&seen, id))
			id_list_add(out, id);
	}
	id_set_free(&seen);
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
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return method_done(perm_hosts_must(call->txn, call->rights, &m->templates, true,
	    &call->err));
}

/* massupdate: a template both linked and cleared is refused, the first cleared one that is
 * also linked named (Zabbix's CTemplate::validateMassUpdate, after the groups' check). */
static int
mass_link_clear_overlap(struct rpc_call *call, const cJSON *p)
{
	const cJSON *link = cJSON_GetObjectItemCaseSensitive(p, "templates_link");
	const cJSON *clear = cJSON_GetObjectItemCaseSensitive(p, "templates_clear");
	const cJSON *c, *l;
	int ic = 0, il;

	if (!cJSON_IsArray(link) || !cJSON_IsArray(clear))
		return RPC_COMMIT;
	cJSON_ArrayForEach(c, clear) {
		const char *cid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "templateid"));

		ic++;
		il = 0;
		cJSON_ArrayForEach(l, link) {
			const char *lid = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(l, "templateid"));

			il++;
			if (cid != NULL && lid != NULL && strcmp(cid, lid) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter "
				    "\"/templates_clear/%d/templateid\": cannot be specified the value "
				    "of parameter \"/templates_link/%d/templateid\".", ic, il);
		}
	}
	return RPC_COMMIT;
}

/* Resolves the object-style params of massadd and massupdate. */
static int
mass_resolve(struct rpc_call *call, const cJSON *p, struct mass *m, bool update)
{
	const cJSON *v;

	mass_ids(cJSON_GetObjectItemCaseSensitive(p, "templates"), "templateid", &m->templates);
	if (mass_load_templates(call, m) != RPC_COMMIT)
		return RPC_ROLLBACK;
	/* massadd's groups are all added: editable; massupdate's are checked per template */
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "groups")) != NULL &&
	    (host_params_groups(call, v, &m->groups) != RPC_COMMIT ||
	    perm_groups_must(call->rights, &m->groups, !update, &call->err) != 0))
		return RPC_ROLLBACK;
	if (update && mass_link_clear_overlap(call, p) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "templates_link")) != NULL &&
	    (host_params_templates(call, v, &m->links) != RPC_COMMIT ||
	    (!update && perm_hosts_must(call->txn, call->rights, &m->links, false,
	    &call->err) != 0)))
		return RPC_ROLLBACK;
	if ((v = cJSON_GetObjectItemCaseSensitive(p, "templates_clear")) != NULL &&
	    (host_params_templates(call, v, &m->clear) != RPC_COMMIT ||
	    perm_hosts_must(call->txn, call->rights, &m->clear, false, &call->err) != 0))
		return RPC_ROLLBACK;
	mass_ids(cJSON_GetObjectItemCaseSensitive(p, "hosts"), "hostid", &m->children);
	if (domain_host_check_hosts(call->txn, &m->children, &call->err) != 0)
		return RPC_ROLLBACK;
	return method_done(perm_hosts_must(call->txn, call->rights, &m->children, true,
	    &call->err));
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

/* Macros given to a template that has none of them (massadd, and massupdate after it
 * dropped its own). */
static int
mass_add_macros(struct rpc_call *call, const cJSON *macros, const struct host *t)
{
	struct domain_macro *v;
	size_t n;
	int rc;

	if (macros == NULL)
		return RPC_COMMIT;
	v = host_params_macros(macros, &n);
	rc = domain_macros_add(call->txn, t, v, n, "/macros", t->host, &call->err);
	free(v);
	return method_done(rc);
}

static int
massadd_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	int rc = STORE_OK;

	for (size_t g = 0; rc == STORE_OK && g < m->groups.n; g++)
		rc = store_host_group_set(call->txn, t->hostid, m->groups.ids[g], true);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (mass_add_macros(call, cJSON_GetObjectItemCaseSensitive(p, "macros"), t) != RPC_COMMIT ||
	    domain_link_add(call->txn, t->hostid, &m->links, &call->err) != 0)
		return RPC_ROLLBACK;
	return method_done(domain_link_children_add(call->txn, t->hostid, &m->children,
	    &call->err));
}

static enum rpc_result
template_massadd_exec(struct rpc_call *call, cJSON *params)
{
	struct mass m = { 0 };
	int rc = mass_resolve(call, params, &m, false);

	for (size_t i = 0; rc == RPC_COMMIT && i < m.templates.n; i++)
		rc = massadd_one(call, params, &m, &m.hosts[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, mass_result(&m));
	mass_free(&m);
	return rc;
}

/* ---- massupdate ---- */

/* groups and macros replaced; templates_clear unlinks and clears, templates_link replaces
 * the parents, the legacy "hosts" the children. */
static int
massupdate_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	const cJSON *macros = cJSON_GetObjectItemCaseSensitive(p, "macros");
	bool replace = cJSON_GetObjectItemCaseSensitive(p, "templates_link") != NULL;
	struct id_list links = { 0 };
	int rc = 0;

	/* what the caller cannot read of the template's groups and parents stays */
	for (size_t i = 0; i < m->links.n; i++)
		id_list_add(&links, m->links.ids[i]);
	if (cJSON_GetObjectItemCaseSensitive(p, "groups") != NULL)
		rc = perm_host_groups_set(call->txn, call->rights, t->hostid, &m->groups,
		    &call->err);
	if (rc == 0 && replace)
		rc = perm_host_parents_replace(call->txn, call->rights, t->hostid, &links,
		    &call->err);
	if (rc != 0 || (macros != NULL && (domain_macros_clear(call->txn, t->hostid,
	    &call->err) != 0 || mass_add_macros(call, macros, t) != RPC_COMMIT)) ||
	    domain_link_replace(call->txn, t->hostid, replace ? &links : NULL, &m->clear,
	    &call->err) != 0) {
		id_list_free(&links);
		return RPC_ROLLBACK;
	}
	id_list_free(&links);
	if (cJSON_GetObjectItemCaseSensitive(p, "hosts") != NULL)
		return method_done(domain_link_children_replace(call->txn, t->hostid, &m->children,
		    NULL, &call->err));
	return RPC_COMMIT;
}

static enum rpc_result
template_massupdate_exec(struct rpc_call *call, cJSON *params)
{
	struct mass m = { 0 };
	int rc = mass_resolve(call, params, &m, true);

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
	struct id_set gone = { 0 };
	size_t left = 0;
	int rc = store_host_groups(call->txn, t->hostid, &cur);

	id_set_add_list(&gone, groups);
	for (size_t i = 0; i < cur.n; i++)
		left += !id_set_has(&gone, cur.ids[i]);
	if (rc == STORE_OK && groups->n > 0 && left == 0) {
		id_list_free(&cur);
		id_set_free(&gone);
		return rpc_fail(call, ERR_PARAM,
		    "Template \"%s\" cannot be without host group.", t->host);
	}
	for (size_t i = 0; rc == STORE_OK && i < cur.n; i++)
		if (id_set_has(&gone, cur.ids[i]))
			rc = store_host_group_set(call->txn, t->hostid, cur.ids[i], false);
	id_list_free(&cur);
	id_set_free(&gone);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Macros named in the call are removed; names the template does not have are ignored. */
static int
massremove_macros(struct rpc_call *call, uint64_t hostid, const cJSON *names)
{
	size_t n;
	const char **v = host_params_names(names, &n);
	int rc = domain_macros_remove(call->txn, hostid, v, n, &call->err);

	free(v);
	return method_done(rc);
}

static int
massremove_one(struct rpc_call *call, const cJSON *p, const struct mass *m, const struct host *t)
{
	const cJSON *macros = cJSON_GetObjectItemCaseSensitive(p, "macros");

	if (massremove_groups(call, t, &m->groups) != RPC_COMMIT ||
	    (macros != NULL && massremove_macros(call, t->hostid, macros) != RPC_COMMIT) ||
	    domain_link_remove(call->txn, t->hostid, &m->links, false, &call->err) != 0 ||
	    domain_link_remove(call->txn, t->hostid, &m->clear, true, &call->err) != 0)
		return RPC_ROLLBACK;
	return method_done(domain_link_children_remove(call->txn, t->hostid, &m->children,
	    &call->err));
}

static enum rpc_result
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
		rc = method_done(domain_host_check_groups(call->txn, &m.groups, &call->err));
	if (rc == RPC_COMMIT)
		rc = method_done(perm_groups_must(call->rights, &m.groups, true, &call->err));
	if (rc == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &m.links, false,
		    &call->err));
	if (rc == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &m.clear, false,
		    &call->err));
	if (rc == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &m.children, true,
		    &call->err));
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
