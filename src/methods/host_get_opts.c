/* host_get_opts.c: the get options of hosts, templates and host groups about proxies,
 * item states and objects tmpld does not hold yet, answered as Zabbix 6.0 answers them. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* Whether v is given: present and not null (Zabbix's "!== null"). */
static bool
opt_given(const cJSON *params, const char *name)
{
	const cJSON *v = util_json_member(params, name);

	return v != NULL && !cJSON_IsNull(v);
}

static void
cand_none(struct get_cand *c)
{
	c->set = true;
	c->ids.n = 0;
}

/* Options about objects no host has here (triggers, graphs, prototypes,
 * maintenances, discovered services): given, nothing matches. */
static const char *const never_given[] = {
	"with_monitored_triggers", "with_item_prototypes", "with_simple_graph_item_prototypes",
	"with_graph_prototypes", "maintenanceids", "dserviceids", NULL,
};

static bool
never_matches(const cJSON *params)
{
	for (const char *const *o = never_given; *o != NULL; o++)
		if (opt_given(params, *o))
			return true;
	return false;
}

int
host_get_cand_more(struct rpc_call *call, const cJSON *params, bool host, struct get_cand *c)
{
	struct id_list proxies = { 0 };
	bool none = false;
	int rc;

	if (host) {
		/* no host has a proxy: proxyids match only with "0" (no proxy) among them */
		if (get_ids_option(params, "proxyids", &proxies))
			none = !id_list_has(&proxies, 0);
		id_list_free(&proxies);
		/* no host has problems: severities and withProblemsSuppressed match none */
		none = none || opt_given(params, "proxy_hosts") || opt_given(params, "severities") ||
		    opt_given(params, "withProblemsSuppressed");
		if ((rc = get_cand_related(call, params, "itemids", item_host_of, c)) != STORE_OK)
			return rc;
	}
	if (none || never_matches(params))
		cand_none(c);
	return STORE_OK;
}

/* Whether the host has an item of the kind: 0 any, 1 enabled, 2 enabled and numeric. */
static int
host_has_item(struct rpc_call *call, uint64_t hostid, int kind, bool *ok)
{
	struct id_list items = { 0 };
	int rc = store_host_items(call->txn, hostid, &items);

	*ok = false;
	for (size_t i = 0; rc == STORE_OK && !*ok && i < items.n; i++) {
		struct item it;

		if ((rc = store_item_get(call->txn, items.ids[i], &it)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		*ok = kind == 0 || (strcmp(it.f[ITEM_F_STATUS], "0") == 0 && (kind == 1 ||
		    strcmp(it.f[ITEM_F_VALUE_TYPE], "0") == 0 ||
		    strcmp(it.f[ITEM_F_VALUE_TYPE], "3") == 0));
		item_free(&it);
	}
	id_list_free(&items);
	return rc;
}

/* The item option of a get: -1 none, else host_has_item's kind (with_items first). */
static int
item_kind(const cJSON *params, bool with_items)
{
	if (opt_given(params, "with_items"))
		return with_items ? 0 : -1;
	if (opt_given(params, "with_monitored_items"))
		return 1;
	if (opt_given(params, "with_simple_graph_items"))
		return 2;
	return -1;
}

int
host_get_filter_more(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	bool monitored = opt_given(params, "monitored_hosts");
	int kind = item_kind(params, false);
	size_t j = 0;
	int rc = STORE_OK;

	if (!monitored && kind < 0)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct host h;
		bool ok = true;

		if ((rc = store_host_get(call->txn, c->ids.ids[i], &h)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (monitored)
			ok = h.status == HOST_STATUS_MONITORED;
		host_free(&h);
		if (ok && kind >= 0)
			rc = host_has_item(call, c->ids.ids[i], kind, &ok);
		if (ok)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

/* hostgroup.get: the group must hold a member (of the sort monitored_hosts, real_hosts,
 * templated_hosts ask for) with an item of the kind with_items, with_monitored_items
 * (on a monitored host) or with_simple_graph_items ask for. */
static int
group_member_ok(struct rpc_call *call, uint64_t hostid, const cJSON *params, int kind,
    bool *ok)
{
	struct host h;
	int rc = store_host_get(call->txn, hostid, &h);

	*ok = false;
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if (opt_given(params, "monitored_hosts") || kind == 1)
		*ok = h.status == HOST_STATUS_MONITORED;
	else if (opt_given(params, "real_hosts"))
		*ok = !host_is_template(&h);
	else if (opt_given(params, "templated_hosts"))
		*ok = host_is_template(&h);
	else
		*ok = true;
	host_free(&h);
	return *ok ? host_has_item(call, hostid, kind, ok) : STORE_OK;
}

int
hostgroup_get_filter_more(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	static const char *const never[] = { "triggerids", "with_triggers", NULL };
	int kind = item_kind(params, true);
	size_t j = 0;
	int rc = STORE_OK;

	for (const char *const *o = never; *o != NULL; o++)
		if (opt_given(params, *o))
			cand_none(c);
	if (never_matches(params))
		cand_none(c);
	if (kind < 0)
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < c->ids.n; i++) {
		struct id_list members = { 0 };
		bool ok = false;

		rc = store_group_hosts(call->txn, c->ids.ids[i], &members);
		for (size_t m = 0; rc == STORE_OK && !ok && m < members.n; m++)
			rc = group_member_ok(call, members.ids[m], params, kind, &ok);
		id_list_free(&members);
		if (ok)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK)
		c->ids.n = j;
	return rc;
}

/* A select of objects tmpld does not hold yet: [] ("count": "0" where Zabbix counts), for
 * the gets of the mask's bits (1 << who). */
struct none_select {
	const char	*opt, *key;
	bool		 count_ok;
	unsigned	 who;
};

#define NS_HOST	0x1u
#define NS_TPL	0x2u
#define NS_GRP	0x4u
#define NS_ITEM	0x8u

static const struct none_select none_selects[] = {
	{ "selectDiscoveryRule", "discoveryRule", false, NS_HOST | NS_GRP | NS_ITEM },
	{ "selectHostDiscovery", "hostDiscovery", false, NS_HOST },
	{ "selectGroupDiscovery", "groupDiscovery", false, NS_GRP },
	{ "selectItemDiscovery", "itemDiscovery", false, NS_ITEM },
};

int
get_select_none(const cJSON *params, int who, cJSON *obj)
{
	for (size_t i = 0; i < sizeof none_selects / sizeof none_selects[0]; i++) {
		const struct none_select *s = &none_selects[i];
		struct get_output out;

		if (!(s->who & (1u << who)))
			continue;
		out = get_output_parse(util_json_member(params, s->opt));
		if (out.mode == GET_NONE)
			continue;
		if (out.mode == GET_COUNT && s->count_ok)
			cJSON_AddStringToObject(obj, s->key, "0");
		else
			cJSON_AddItemToObject(obj, s->key, cJSON_CreateArray());
	}
	return STORE_OK;
}

/* item.get host (technical names, a string or an array of them) and group (a group name):
 * the hosts whose items are kept, in *allowed (sorted); false when neither is given. */
static int
item_allowed_hosts(struct rpc_call *call, const cJSON *params, bool *given,
    struct id_list *allowed)
{
	const cJSON *host = util_json_member(params, "host"), *e;
	const cJSON *group = util_json_member(params, "group");
	struct id_list by_host = { 0 }, by_group = { 0 };
	uint64_t id;
	int rc = STORE_OK;

	*given = false;
	if (host != NULL && !cJSON_IsNull(host)) {
		*given = true;
		if (cJSON_IsString(host) && store_host_by_name(call->txn, host->valuestring,
		    &id) == STORE_OK)
			id_list_add(&by_host, id);
		if (cJSON_IsArray(host))
			cJSON_ArrayForEach(e, host)
				if (cJSON_IsString(e) && store_host_by_name(call->txn,
				    e->valuestring, &id) == STORE_OK)
					id_list_add(&by_host, id);
	}
	if (group != NULL && !cJSON_IsNull(group)) {
		if (cJSON_IsString(group) && (rc = store_group_by_name(call->txn,
		    group->valuestring, &id)) == STORE_OK)
			rc = store_group_hosts(call->txn, id, &by_group);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
		id_list_sort(&by_group);
		if (!*given) {
			for (size_t i = 0; i < by_group.n; i++)
				id_list_add(&by_host, by_group.ids[i]);
		} else {
			size_t j = 0;

			for (size_t i = 0; i < by_host.n; i++)
				if (id_list_sorted_has(&by_group, by_host.ids[i]))
					by_host.ids[j++] = by_host.ids[i];
			by_host.n = j;
		}
		*given = true;
	}
	for (size_t i = 0; i < by_host.n; i++)
		id_list_add(allowed, by_host.ids[i]);
	id_list_sort(allowed);
	id_list_free(&by_host);
	id_list_free(&by_group);
	return rc;
}

/* item.get: interfaceids (items on those interfaces), monitored (enabled items of monitored
 * hosts), host and group (items of hosts by name and of a group by name), with_triggers
 * (true: none has one; false: no constraint), triggerids (nothing matches).
 * On resolved candidates. */
int
item_get_filter_more(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list ifaces = { 0 };
	bool by_iface = get_ids_option(params, "interfaceids", &ifaces);
	bool monitored = opt_given(params, "monitored"), by_host;
	struct id_list hosts = { 0 };
	size_t j = 0;
	int rc = item_allowed_hosts(call, params, &by_host, &hosts);

	id_list_sort(&ifaces);
	for (size_t i = 0; rc == STORE_OK && (by_iface || monitored || by_host) && i < c->ids.n;
	    i++) {
		struct item it;
		bool ok = true;
		uint64_t ifid = 0;

		if ((rc = store_item_get(call->txn, c->ids.ids[i], &it)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (by_host)
			ok = id_list_sorted_has(&hosts, it.hostid);
		if (ok && by_iface)
			ok = util_parse_u64(it.f[ITEM_F_INTERFACEID], &ifid) &&
			    id_list_sorted_has(&ifaces, ifid);
		if (ok && monitored) {
			struct host h;

			ok = strcmp(it.f[ITEM_F_STATUS], "0") == 0;
			if (ok && (rc = store_host_get(call->txn, it.hostid, &h)) == STORE_OK) {
				ok = h.status == HOST_STATUS_MONITORED;
				host_free(&h);
			} else if (rc == STORE_ENOTFOUND) {
				rc = STORE_OK;
				ok = false;
			}
		}
		item_free(&it);
		if (ok)
			c->ids.ids[j++] = c->ids.ids[i];
	}
	if (rc == STORE_OK && (by_iface || monitored || by_host))
		c->ids.n = j;
	id_list_free(&ifaces);
	id_list_free(&hosts);
	return rc;
}
