/* hostinterface_get.c: hostinterface.get, and the interfaces host.get selects (selectInterfaces). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const struct get_field iface_fields[] = {
	{ "interfaceid", GET_F_NUM }, { "hostid", GET_F_NUM }, { "main", GET_F_NUM },
	{ "type", GET_F_NUM }, { "useip", GET_F_NUM }, { "ip", 0 }, { "dns", 0 }, { "port", 0 },
	{ "available", GET_F_NUM }, { "error", 0 }, { "errors_from", GET_F_NUM },
	{ "disable_until", GET_F_NUM }, { "details", GET_F_NUM }, { NULL, 0 },
};

static const char *const iface_sortable[] = { "interfaceid", "dns", "ip", NULL };
static const char *const iface_joins[] = { "itemids", "triggerids", NULL };

/* The SNMP details are a left join when output (not a count) asks for them. */
static bool
iface_joined(const cJSON *params)
{
	return get_output_asks(params, "details");
}

static void
iface_view_release(struct get_view *v)
{
	hostinterface_free(&v->rec.i.hi);
	free(v->rec.i.details);
}

/* Every field of one interface; details {} of an SNMP interface (its text kept with the
 * view), else []. */
static int
iface_view(struct rpc_call *call, uint64_t id, struct get_view *v)
{
	struct hostinterface *hi = &v->rec.i.hi;
	struct snmp_details d;
	int rc = store_interface_get(call->txn, id, hi);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	v->rec.i.details = NULL;
	v->release = iface_view_release;
	if (hi->type == HOSTINTERFACE_SNMP) {
		struct jsonw w;
		cJSON *j;

		if ((rc = store_interface_snmp_get(call->txn, hi->interfaceid, &d)) ==
		    STORE_ENOTFOUND) {
			snmp_details_init(&d);
			rc = STORE_OK;
		}
		if (rc != STORE_OK)
			return rc;
		j = snmp_details_json(&d);
		snmp_details_free(&d);
		jsonw_init(&w, 128);
		(void)jsonw_value(&w, j);	/* a built tree always prints */
		cJSON_Delete(j);
		v->rec.i.details = jsonw_take(&w, NULL);
	}
	get_view_id(v, "interfaceid", hi->interfaceid);
	get_view_id(v, "hostid", hi->hostid);
	get_view_id(v, "main", hi->main);
	get_view_id(v, "type", hi->type);
	get_view_id(v, "useip", hi->useip);
	get_view_str(v, "ip", hi->ip);
	get_view_str(v, "dns", hi->dns);
	get_view_str(v, "port", hi->port);
	get_view_str(v, "available", "0");
	get_view_str(v, "error", "");
	get_view_str(v, "errors_from", "0");
	get_view_str(v, "disable_until", "0");
	get_view_json(v, "details", v->rec.i.details != NULL ? v->rec.i.details : "[]");
	return STORE_OK;
}

/* iface_selects moves details last (after the selects, and after the other fields of a
 * list output): hostinterface.get's own rows stay trees; the interfaces host.get selects
 * are streamed. */
static bool
iface_unstreamed(const cJSON *params)
{
	(void)params;
	return true;
}

static int
iface_scan(struct rpc_call *call, struct id_list *ids)
{
	return store_id_scan(call->txn, STORE_DB_INTERFACES, ids);
}

const struct get_kind get_kind_interface = {
	.pk = "interfaceid", .dbpk = "interfaceid", .fields = iface_fields,
	.sortable = iface_sortable, .scan = iface_scan,
	.joins = iface_joins, .joined = iface_joined, .perm = GET_PERM_ROW_HOST,
	.view = iface_view, .unstreamed = iface_unstreamed,
};

/* The ids of the host's items on this interface, appended. */
int
hostinterface_items(struct store_txn *txn, uint64_t hostid, uint64_t ifaceid,
    struct id_list *out)
{
	struct id_list all = { 0 };
	int rc = store_host_items(txn, hostid, &all);

	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		struct item it;
		uint64_t id = 0;

		if ((rc = store_item_get(txn, all.ids[i], &it)) != STORE_OK)
			break;
		if (util_parse_u64(it.f[ITEM_F_INTERFACEID], &id) && id == ifaceid)
			id_list_add(out, it.itemid);
		item_free(&it);
	}
	id_list_free(&all);
	return rc;
}

/* details goes last, after the selects, as Zabbix moves it there. */
static void
iface_details_last(cJSON *obj)
{
	cJSON *d = cJSON_DetachItemFromObjectCaseSensitive(obj, "details");

	if (d != NULL)
		cJSON_AddItemToObject(obj, "details", d);
}

static int
iface_selects(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t id, cJSON *obj)
{
	struct get_nested_opts hn = { .add_pk = true, .sortkey = "host", .opts = o };
	struct get_nested_opts in = { .add_pk = true, .count_ok = true, .opts = o };
	struct id_list host = { 0 }, items = { 0 };
	struct hostinterface hi;
	int rc;

	if ((rc = store_interface_get(call->txn, id, &hi)) != STORE_OK)
		return rc;
	id_list_add(&host, hi.hostid);
	rc = get_select_add(call, params, "selectHosts", "hosts", &get_kind_host, &host, &hn, obj);
	if (rc == STORE_OK && util_json_member(params, "selectItems") != NULL &&
	    (rc = hostinterface_items(call->txn, hi.hostid, id, &items)) == STORE_OK)
		rc = get_select_add(call, params, "selectItems", "items", &get_kind_item, &items,
		    &in, obj);
	iface_details_last(obj);
	hostinterface_free(&hi);
	id_list_free(&host);
	id_list_free(&items);
	return rc;
}

/* The interfaces of the items named. */
static int
iface_cand_items(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list given = { 0 }, ids = { 0 };
	int rc = STORE_OK;

	if (!get_ids_option(params, "itemids", &given))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < given.n; i++) {
		struct item it;
		uint64_t id = 0;

		if ((rc = store_item_get(call->txn, given.ids[i], &it)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc == STORE_OK && util_parse_u64(it.f[ITEM_F_INTERFACEID], &id) && id != 0)
			id_list_add(&ids, id);
		if (rc == STORE_OK)
			item_free(&it);
	}
	if (rc == STORE_OK)
		get_cand_take(c, &ids);
	id_list_free(&given);
	id_list_free(&ids);
	return rc;
}

static enum rpc_result
hostinterface_get_exec(struct rpc_call *call, cJSON *params)
{
	static const char *const never[] = { "triggerids", NULL };
	struct get_cand c = { 0 };
	int rc;

	get_cand_ids(params, "interfaceids", &c);
	if ((rc = get_cand_related(call, params, "hostids", store_host_interfaces, &c)) ==
	    STORE_OK)
		rc = iface_cand_items(call, params, &c);
	if (rc != STORE_OK) {
		id_list_free(&c.ids);
		return rpc_fail_store(call, rc);
	}
	get_cand_never(params, never, &c);
	rc = get_run(call, params, &get_kind_interface, &c, iface_selects);
	id_list_free(&c.ids);
	return rc;
}

/* host.get selectInterfaces: the host's interfaces (no key added), or their count. */
int
hostinterface_select(struct rpc_call *call, const cJSON *params, const struct get_opts *o,
    uint64_t hostid, cJSON *obj)
{
	struct get_nested_opts n = { .count_ok = true, .opts = o };
	struct id_list ids = { 0 };
	int rc;

	if (util_json_member(params, "selectInterfaces") == NULL)
		return STORE_OK;
	if ((rc = store_host_interfaces(call->txn, hostid, &ids)) == STORE_OK)
		rc = get_select_add(call, params, "selectInterfaces", "interfaces",
		    &get_kind_interface, &ids, &n, obj);
	id_list_free(&ids);
	return rc;
}

/* host.get interfaceids: the hosts of those interfaces. */
int
hostinterface_cand_hosts(struct rpc_call *call, const cJSON *params, struct get_cand *c)
{
	struct id_list given = { 0 }, hosts = { 0 };
	int rc = STORE_OK;

	if (!get_ids_option(params, "interfaceids", &given))
		return STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < given.n; i++) {
		struct hostinterface hi;

		if ((rc = store_interface_get(call->txn, given.ids[i], &hi)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc == STORE_OK) {
			id_list_add(&hosts, hi.hostid);
			hostinterface_free(&hi);
		}
	}
	if (rc == STORE_OK)
		get_cand_take(c, &hosts);
	id_list_free(&given);
	id_list_free(&hosts);
	return rc;
}

static const struct rule_field hostinterface_get_fields[] = {
	GET_OPT("interfaceids"), GET_OPT("hostids"), GET_OPT("itemids"), GET_OPT("triggerids"),
	GET_OPT("groupids"), GET_OPT("selectHosts"), GET_OPT("selectItems"),
	GET_OPTS_COMMON,
	{ NULL, { 0 } },
};
static const struct rule hostinterface_get_params = GET_PARAMS_RULE(hostinterface_get_fields);

const struct rpc_method method_hostinterface_get = {
	.name = "hostinterface.get", .params = &hostinterface_get_params,
	.exec = hostinterface_get_exec,
};
