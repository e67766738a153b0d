/* hostgroup_mass.c: hostgroup.massadd, hostgroup.massupdate and hostgroup.massremove. */
#include <stdlib.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define AT_LEAST_ONE "At least one host or template must be specified."

static const char *const hgm_uniq_groupid[] = { "groupid", NULL };
static const char *const hgm_uniq_hostid[] = { "hostid", NULL };
static const char *const hgm_uniq_templateid[] = { "templateid", NULL };

static const struct rule_field hgm_group_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule_field hgm_host_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule_field hgm_tpl_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule hgm_group_elem = { .type = RULE_OBJECT, .fields = hgm_group_fields };
static const struct rule hgm_host_elem = { .type = RULE_OBJECT, .fields = hgm_host_fields };
static const struct rule hgm_tpl_elem = { .type = RULE_OBJECT, .fields = hgm_tpl_fields };
static const struct rule hgm_groups_rule = { .type = RULE_OBJECTS,
	.flags = RULE_REQUIRED | RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &hgm_group_elem,
	.uniq = hgm_uniq_groupid };
static const struct rule hgm_hosts_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hgm_host_elem, .uniq = hgm_uniq_hostid };
static const struct rule hgm_tpls_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &hgm_tpl_elem, .uniq = hgm_uniq_templateid };

static const struct rule_field massadd_fields[] = {
	{ "groups", { .ref = &hgm_groups_rule } },
	{ "hosts", { .ref = &hgm_hosts_rule, .flags = RULE_NOT_EMPTY } },
	{ "templates", { .ref = &hgm_tpls_rule, .flags = RULE_NOT_EMPTY } },
	{ NULL, { 0 } },
};
static const struct rule massadd_params = { .type = RULE_OBJECT,
	.fields = massadd_fields };

static const struct rule_field massupdate_fields[] = {
	{ "groups", { .ref = &hgm_groups_rule } },
	{ "hosts", { .ref = &hgm_hosts_rule, .flags = RULE_REQUIRED } },
	{ "templates", { .ref = &hgm_tpls_rule, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule massupdate_params = { .type = RULE_OBJECT,
	.fields = massupdate_fields };

static const struct rule hgm_ids_rule = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };
static const struct rule_field massremove_fields[] = {
	{ "groupids", { .ref = &hgm_ids_rule, .flags = RULE_REQUIRED } },
	{ "hostids", { .ref = &hgm_ids_rule } },
	{ "templateids", { .ref = &hgm_ids_rule } },
	{ NULL, { 0 } },
};
static const struct rule massremove_params = { .type = RULE_OBJECT,
	.fields = massremove_fields };

/* The ids of a call: groups, hosts, templates, and what massupdate takes out. */
struct hgm {
	struct id_list	groups, hosts, tpls, del_hosts, del_tpls;
};

static void
hgm_free(struct hgm *m)
{
	id_list_free(&m->groups);
	id_list_free(&m->hosts);
	id_list_free(&m->tpls);
	id_list_free(&m->del_hosts);
	id_list_free(&m->del_tpls);
}

/* The ids of params[member]: [{key: id}] objects (key) or ids (key NULL), or one of them
 * sent bare. */
static void
hgm_ids(const cJSON *params, const char *member, const char *key, struct id_list *out)
{
	const cJSON *all = cJSON_GetObjectItemCaseSensitive(params, member), *v;
	uint64_t id;

	if (all != NULL && !cJSON_IsArray(all)) {	/* a bare id or object */
		v = key != NULL ? cJSON_GetObjectItemCaseSensitive(all, key) : all;
		if (id_from_json(v, &id))
			id_list_add(out, id);
		return;
	}
	cJSON_ArrayForEach(v, all) {
		const cJSON *x = key != NULL ? cJSON_GetObjectItemCaseSensitive(v, key) : v;

		if (id_from_json(x, &id))
			id_list_add(out, id);
	}
}

/* The groups, hosts and templates a mass call names: as objects (groups: [{groupid}], ...)
 * or, for massremove (bare), as ids (groupids: [...], ...). */
static void
hgm_read(const cJSON *params, struct hgm *m, bool bare)
{
	hgm_ids(params, bare ? "groupids" : "groups", bare ? NULL : "groupid", &m->groups);
	hgm_ids(params, bare ? "hostids" : "hosts", bare ? NULL : "hostid", &m->hosts);
	hgm_ids(params, bare ? "templateids" : "templates", bare ? NULL : "templateid", &m->tpls);
}

/* The ids that are in have but not in want (want sorted on return). */
static void
hgm_minus(const struct id_list *have, struct id_list *want, struct id_list *out)
{
	id_list_sort(want);
	for (size_t i = 0; i < have->n; i++)
		if (!id_list_sorted_has(want, have->ids[i]))
			id_list_add(out, have->ids[i]);
}

/* The caller must be able to edit every group, host and template the call names. */
static int
hgm_perm(struct rpc_call *call, const struct hgm *m, struct err *e)
{
	if (perm_groups_must(call->rights, &m->groups, true, e) != 0 ||
	    perm_hosts_must(call->txn, call->rights, &m->hosts, true, e) != 0 ||
	    perm_hosts_must(call->txn, call->rights, &m->tpls, true, e) != 0)
		return -1;
	return 0;
}

static int
hgm_add_run(struct rpc_call *call, const cJSON *params, struct hgm *m, struct err *e)
{
	hgm_read(params, m, false);
	if (domain_host_check_groups(call->txn, &m->groups, e) != 0 || hgm_perm(call, m, e) != 0 ||
	    domain_group_check_members(call->txn, &m->hosts, false, e) != 0 ||
	    domain_group_check_members(call->txn, &m->tpls, true, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->hosts, true, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->tpls, true, e) != 0)
		return -1;
	return 0;
}

/* A mass method: its run inside the call, and the answer {"groupids": [...]} of the groups
 * named. need1/need2: the keys of which at least one must be given (NULL: none needed). */
static enum rpc_result
hgm_exec(struct rpc_call *call, const cJSON *params,
    int (*run)(struct rpc_call *, const cJSON *, struct hgm *, struct err *),
    const char *need1, const char *need2)
{
	struct hgm m = { 0 };
	struct err e = { 0 };
	int rc;

	if (need1 != NULL && cJSON_GetObjectItemCaseSensitive(params, need1) == NULL &&
	    cJSON_GetObjectItemCaseSensitive(params, need2) == NULL)
		return rpc_fail(call, ERR_PARAM, AT_LEAST_ONE);
	rc = run(call, params, &m, &e);
	if (rc == 0)
		rpc_ok(call, rpc_result_ids("groupids", m.groups.ids, m.groups.n));
	else
		rpc_fail_err(call, &e);
	hgm_free(&m);
	return rc == 0 ? RPC_COMMIT : RPC_ROLLBACK;
}

static enum rpc_result
hostgroup_massadd_exec(struct rpc_call *call, cJSON *params)
{
	return hgm_exec(call, params, hgm_add_run, "hosts", "templates");
}

/* One sort of member of massupdate: the named ones must exist, those of the groups left
 * out must keep another group. */
static int
hgm_update_side(struct rpc_call *call, struct hgm *m, struct id_list *named, bool tmpl,
    struct id_list *del, struct err *e)
{
	struct id_list cur = { 0 }, want = { 0 };
	int rc;

	if (domain_group_check_members(call->txn, named, tmpl, e) != 0)
		return -1;
	if ((rc = domain_group_members_of(call->txn, &m->groups, tmpl, &cur)) != STORE_OK) {
		id_list_free(&cur);
		return domain_fail_store(e, rc);
	}
	for (size_t i = 0; i < named->n; i++)
		id_list_add(&want, named->ids[i]);
	hgm_minus(&cur, &want, del);
	id_list_free(&cur);
	id_list_free(&want);
	return domain_group_check_left(call->txn, del, &m->groups, e);
}

static int
hgm_update_run(struct rpc_call *call, const cJSON *params, struct hgm *m, struct err *e)
{
	hgm_read(params, m, false);
	if (domain_host_check_groups(call->txn, &m->groups, e) != 0 || hgm_perm(call, m, e) != 0 ||
	    hgm_update_side(call, m, &m->hosts, false, &m->del_hosts, e) != 0 ||
	    hgm_update_side(call, m, &m->tpls, true, &m->del_tpls, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->del_hosts, false, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->del_tpls, false, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->hosts, true, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->tpls, true, e) != 0)
		return -1;
	return 0;
}

static enum rpc_result
hostgroup_massupdate_exec(struct rpc_call *call, cJSON *params)
{
	return hgm_exec(call, params, hgm_update_run, NULL, NULL);
}

static int
hgm_remove_run(struct rpc_call *call, const cJSON *params, struct hgm *m, struct err *e)
{
	hgm_read(params, m, true);
	if (domain_host_check_groups(call->txn, &m->groups, e) != 0 || hgm_perm(call, m, e) != 0 ||
	    domain_group_check_members(call->txn, &m->hosts, false, e) != 0 ||
	    domain_group_check_left(call->txn, &m->hosts, &m->groups, e) != 0 ||
	    domain_group_check_members(call->txn, &m->tpls, true, e) != 0 ||
	    domain_group_check_left(call->txn, &m->tpls, &m->groups, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->hosts, false, e) != 0 ||
	    domain_group_members_set(call->txn, &m->groups, &m->tpls, false, e) != 0)
		return -1;
	return 0;
}

static enum rpc_result
hostgroup_massremove_exec(struct rpc_call *call, cJSON *params)
{
	return hgm_exec(call, params, hgm_remove_run, "hostids", "templateids");
}

const struct rpc_method method_hostgroup_massadd = {
	.name = "hostgroup.massadd", .flags = RPC_WRITE,
	.params = &massadd_params, .exec = hostgroup_massadd_exec,
};
const struct rpc_method method_hostgroup_massupdate = {
	.name = "hostgroup.massupdate", .flags = RPC_WRITE,
	.params = &massupdate_params, .exec = hostgroup_massupdate_exec,
};
const struct rpc_method method_hostgroup_massremove = {
	.name = "hostgroup.massremove", .flags = RPC_WRITE,
	.params = &massremove_params, .exec = hostgroup_massremove_exec,
};
