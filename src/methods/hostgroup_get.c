/* hostgroup_get.c: hostgroup.get, host groups with their hosts and templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field group_fields[] = {
	{ "groupid", GET_F_NUM }, { "name", 0 }, { "internal", GET_F_NUM }, { "flags", GET_F_NUM },
	{ "uuid", 0 }, { NULL, 0 },
};

static const char *const group_sortable[] = { "groupid", "name", NULL };
static const char *const group_joins[] = { "hostids", "templateids", "triggerids", "graphids",
	"maintenanceids", NULL };

static void
group_view_release(struct get_view *v)
{
	group_free(&v->rec.g);
}

static int
group_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	struct group *g = &v->rec.g;
	int rc = store_group_get(call->txn, id, g);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->release = group_view_release;
	get_view_id(v, "groupid", g->groupid);
	get_view_str(v, "name", g->name);
	get_view_num(v, "internal", g->internal);
	get_view_num(v, "flags", g->flags);
	get_view_str(v, "uuid", g->uuid);
	return STORE_OK;
}

static int
group_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_GROUPS, ids);
}

const struct get_kind get_kind_group = {
	.pk = "groupid", .dbpk = "groupid", .fields = group_fields, .sortable = group_sortable,
	.joins = group_joins,
	.scan = group_scan, .perm = GET_PERM_ID_GROUP, .view = group_view,
};

/* selectHosts lists only hosts, selectTemplates only templates; both may be "count". */
static int
group_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts n = { .add_pk = true, .count_ok = true, .sortkey = "host",
	    .opts = o };
	struct id_list members = { 0 };
	int rc;

	get_select_none(params, 2, obj);
	if (util_json_member(params, "selectHosts") == NULL &&
	    util_json_member(params, "selectTemplates") == NULL)
		return STORE_OK;
	if ((rc = store_group_hosts(call->txn, id, &members)) == STORE_OK &&
	    (rc = get_select_add(call, params, "selectHosts", "hosts", &get_kind_host, &members,
	    &n, obj)) == STORE_OK)
		rc = get_select_add(call, params, "selectTemplates", "templates",
		    &get_kind_template, &members, &n, obj);
	id_list_free(&members);
	return rc;
}

/* What a group must hold for the with_* options: bit 0 a host, bit 1 a template, bit 2 a
 * monitored host; 0 when no option asks. */
static unsigned
group_wants(const cJSON *params)
{
	static const struct {
		const char	*opt;
		unsigned	 bits;
	} opts[] = {
		{ "real_hosts", 1 }, { "with_hosts", 1 }, { "templated_hosts", 2 },
		{ "with_templates", 2 }, { "with_hosts_and_templates", 3 },
		{ "monitored_hosts", 4 }, { "with_monitored_hosts", 4 },
	};
	unsigned w = 0;

	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (get_truthy(util_json_member(params, opts[i].opt)))
			w |= opts[i].bits;
	return w;
}

/* Whether the group holds a member of a wanted sort (any of bits 0 and 1, and bit 2). */
static int
group_has(struct rpc_call *call, uint64_t groupid, unsigned want, bool *ok)
{
	struct id_list members = { 0 };
	unsigned have = 0;
	int rc = store_group_hosts(call->txn, groupid, &members);

	for (size_t i = 0; rc == STORE_OK && i < members.n; i++) {
		struct host h;

		if ((rc = store_host_get(call->txn, members.ids[i], &h)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		have |= host_is_template(&h) ? 2u :
		    (h.status == HOST_STATUS_MONITORED ? 5u : 1u);
		host_free(&h);
	}
	id_list_free(&members);
	*ok = ((want & 3u) == 0 || (have & want & 3u) != 0) && ((want & 4u) == 0 || (have & 4u));
	return rc;
}

static int
group_filter_with(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	unsigned want = group_wants(params);
	size_t j = 0;
	int rc;

	if (want == 0)
		return STORE_OK;
	for (size_t i = 0; i < c->ids.n; i++) {
		bool ok;

		if ((rc = group_has(call, c->ids.ids[i], want, &ok)) != STORE_OK)
			return rc;
		if (ok)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	c->ids.n = j;
	return STORE_OK;
}

static int
group_cand_name(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	return get_cand_by_name(call, util_json_member(params, "filter"), "name",
	    store_group_by_name, c);
}

/* groupids, hostids and templateids (the groups of those), filter name by its index. */
static int
group_get_cand(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	int rc;

	get_cand_ids(params, "groupids", c);
	if ((rc = get_cand_related(call, params, "hostids", store_host_groups, c)) != STORE_OK ||
	    (rc = get_cand_related(call, params, "templateids", store_host_groups, c)) != STORE_OK ||
	    (rc = group_cand_name(call, params, c)) != STORE_OK ||
	    (rc = get_cand_resolve(call, &get_kind_group, c)) != STORE_OK ||
	    (rc = hostgroup_get_filter_more(call, params, c)) != STORE_OK ||
	    (rc = graph_cand_groups(call, params, c)) != STORE_OK ||
	    (rc = httptest_group_with_httptests(call, params, c)) != STORE_OK)
		return rc;
	return group_filter_with(call, params, c);
}

static enum rpc_result
hostgroup_get_exec(struct rpc_call *call, cJSON *params)
{
	struct get_cand c = { 0 };
	int rc;

	if ((rc = group_get_cand(call, params, &c)) != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	rc = get_run(call, params, &get_kind_group, &c, group_selects);
	id_list_free(&c.ids);
	return rc;
}

static const struct rule_field hostgroup_get_fields[] = {
	GET_OPT("groupids"), GET_OPT("hostids"), GET_OPT("templateids"),
	GET_OPT("real_hosts"), GET_OPT("with_hosts"), GET_OPT("templated_hosts"),
	GET_OPT("with_templates"), GET_OPT("with_hosts_and_templates"),
	GET_OPT("monitored_hosts"), GET_OPT("with_monitored_hosts"),
	GET_OPT("selectHosts"), GET_OPT("selectTemplates"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule hostgroup_get_params = GET_PARAMS_RULE(hostgroup_get_fields);

const struct rpc_method method_hostgroup_get = {
	.name = "hostgroup.get", .params = &hostgroup_get_params, .exec = hostgroup_get_exec,
};
