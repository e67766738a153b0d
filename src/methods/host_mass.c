/* host_mass.c: host.massadd, host.massupdate and host.massremove, validated the old way as
 * Zabbix 6.0's CHost does (unknown fields ignored), each call all-or-nothing. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define HM_NO_PERMISSION "You do not have permission to perform this operation."

/* Zabbix 6.0's CHost checks the mass methods by hand: lenient rules that declare the
 * members and leave every check (and its legacy text) to the method. */
#define HM_RULE_ANY(name)	{ name, { .type = RULE_ANY } }
static const struct rule_field hm_massadd_fields[] = {
	HM_RULE_ANY("hosts"), HM_RULE_ANY("groups"), HM_RULE_ANY("templates"),
	HM_RULE_ANY("macros"), HM_RULE_ANY("interfaces"),
	{ NULL, { 0 } },
};
static const struct rule hm_massadd_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = hm_massadd_fields };
static const struct rule_field hm_massupdate_fields[] = {
	HM_RULE_ANY("hosts"), HM_RULE_ANY("groups"), HM_RULE_ANY("templates"),
	HM_RULE_ANY("templates_clear"), HM_RULE_ANY("macros"), HM_RULE_ANY("status"),
	HM_RULE_ANY("description"), HM_RULE_ANY("host"), HM_RULE_ANY("name"),
	HM_RULE_ANY("interfaces"), HM_RULE_ANY("proxy_hostid"), HM_RULE_ANY("ipmi_authtype"),
	HM_RULE_ANY("ipmi_privilege"), HM_RULE_ANY("ipmi_username"), HM_RULE_ANY("ipmi_password"),
	HM_RULE_ANY("tls_connect"), HM_RULE_ANY("tls_accept"), HM_RULE_ANY("tls_issuer"),
	HM_RULE_ANY("tls_subject"), HM_RULE_ANY("tls_psk_identity"), HM_RULE_ANY("tls_psk"),
	{ NULL, { 0 } },
};
static const struct rule hm_massupdate_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = hm_massupdate_fields };
static const struct rule_field hm_massremove_fields[] = {
	HM_RULE_ANY("hostids"), HM_RULE_ANY("groupids"), HM_RULE_ANY("macros"),
	HM_RULE_ANY("templateids"), HM_RULE_ANY("templateids_clear"), HM_RULE_ANY("interfaces"),
	{ NULL, { 0 } },
};
static const struct rule hm_massremove_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = hm_massremove_fields };

/* The hosts a mass call names, and what it resolved. */
struct hm {
	struct id_list	 sent;		/* every id as sent, for the answer */
	struct id_list	 ids;		/* the same, unique */
	struct host	*hosts;		/* ids, loaded */
	size_t		 nloaded;
	struct id_list	 groups, templates, clear;
};

static void
hm_free(struct hm *m)
{
	for (size_t i = 0; i < m->nloaded; i++)
		host_free(&m->hosts[i]);
	free(m->hosts);
	id_list_free(&m->sent), id_list_free(&m->ids), id_list_free(&m->groups);
	id_list_free(&m->templates), id_list_free(&m->clear);
}

static cJSON *
hm_field(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* Host ids from [{key: id}] (key NULL: [id] or a bare id); false on one that is no id. */
static bool
hm_ids_parse(cJSON *v, const char *key, struct hm *m)
{
	struct id_set seen = { 0 };
	const cJSON *e;
	uint64_t id;
	bool ok = true;

	if (key == NULL && (cJSON_IsString(v) || cJSON_IsNumber(v))) {
		if (!id_from_json(v, &id))
			return false;
		id_list_add(&m->sent, id), id_list_add(&m->ids, id);
		return true;
	}
	validate_to_array(v);
	id_set_add_list(&seen, &m->ids);
	cJSON_ArrayForEach(e, v) {
		if (!(ok = id_from_json(key != NULL ? hm_field(e, key) : e, &id)))
			break;
		id_list_add(&m->sent, id);
		if (id_set_add(&seen, id))
			id_list_add(&m->ids, id);
	}
	id_set_free(&seen);
	return ok;
}

/* Every host exists and is a host, not a template; else -32500 with the text denied (the
 * mass methods use both of CHost::checkPermissions' texts). */
static int
hm_load(struct rpc_call *call, struct hm *m, const char *denied)
{
	int rc = STORE_OK;

	m->hosts = xcalloc(m->ids.n + 1, sizeof *m->hosts);
	for (size_t i = 0; rc == STORE_OK && i < m->ids.n; i++) {
		rc = store_host_get(call->txn, m->ids.ids[i], &m->hosts[i]);
		if (rc != STORE_OK)
			break;
		m->nloaded++;
		if (host_is_template(&m->hosts[i]))
			rc = STORE_ENOTFOUND;
		else if (call->rights != NULL) {
			bool ok;

			if ((rc = perm_host_allows(call->txn, call->rights, m->ids.ids[i], true,
			    &ok)) == STORE_OK && !ok)
				rc = STORE_ENOTFOUND;
		}
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, "%s", denied);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
hm_ok(struct rpc_call *call, const struct hm *m)
{
	return rpc_ok(call, rpc_result_ids("hostids", m->sent.ids, m->sent.n));
}

/* Shape-checks an optional member with a shared rule at "/<member>". */
static int
hm_check(struct rpc_call *call, const cJSON *p, const char *member, const struct rule *r)
{
	cJSON *v = hm_field(p, member);
	char *path, *cause = NULL;
	int rc;

	if (v == NULL)
		return RPC_COMMIT;
	path = xasprintf("/%s", member);
	rc = validate_at(r, v, path, &cause);
	free(path);
	return rc == 0 ? RPC_COMMIT : rpc_fail_take(call, ERR_PARAM, cause);
}

/* interfaces: an array, an object (one interface) or null; anything else is refused. */
static int
hm_interfaces_check(struct rpc_call *call, const cJSON *p)
{
	const cJSON *v = hm_field(p, "interfaces");

	if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsArray(v) && !cJSON_IsObject(v))
		return rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	return RPC_COMMIT;
}

/* Resolves a non-empty optional [{templateid}] member; unknown ones are NO_PERMISSIONS. */
static int
hm_templates(struct rpc_call *call, const cJSON *p, const char *member, struct id_list *out)
{
	cJSON *v = hm_field(p, member);

	if (v == NULL)
		return RPC_COMMIT;
	if (hm_check(call, p, member, &host_templates_rule) != RPC_COMMIT ||
	    host_params_templates(call, v, out) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return method_done(perm_hosts_must(call->txn, call->rights, out, false, &call->err));
}

/* ---- host.massadd ---- */

/* Groups go through hostgroup.massadd: no hosts is its "At least one host ..." error. */
static int
hm_add_groups(struct rpc_call *call, const cJSON *p, struct hm *m)
{
	cJSON *groups = hm_field(p, "groups");
	int rc = STORE_OK;

	validate_to_array(groups);
	if (groups == NULL || (cJSON_IsArray(groups) && cJSON_GetArraySize(groups) == 0))
		return RPC_COMMIT;
	if (hm_check(call, p, "groups", &host_groups_rule) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (m->ids.n == 0)
		return rpc_fail(call, ERR_PARAM,
		    "At least one host or template must be specified.");
	if (host_params_groups(call, groups, &m->groups) != RPC_COMMIT ||
	    perm_groups_must(call->rights, &m->groups, true, &call->err) != 0)
		return RPC_ROLLBACK;
	for (size_t i = 0; rc == STORE_OK && i < m->ids.n; i++)
		for (size_t g = 0; rc == STORE_OK && g < m->groups.n; g++)
			rc = store_host_group_set(call->txn, m->ids.ids[i], m->groups.ids[g], true);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
hm_add_templates(struct rpc_call *call, const cJSON *p, struct hm *m)
{
	struct inherit_memo memo = { 0 };	/* the targets are hosts: the templates stay */
	int rc = RPC_COMMIT;

	if (hm_templates(call, p, "templates", &m->templates) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (size_t i = 0; rc == RPC_COMMIT && i < m->ids.n && m->templates.n > 0; i++)
		rc = method_done(domain_link_add_memo(call->txn, m->ids.ids[i], &m->templates, &memo,
		    &call->err));
	inherit_memo_free(&memo);
	return rc;
}

/* Macros go through usermacro.create: an existing one names the host's visible name. */
static int
hm_add_macros(struct rpc_call *call, const cJSON *p, struct hm *m)
{
	cJSON *macros = hm_field(p, "macros");
	struct domain_macro *v;
	int rc = RPC_COMMIT;
	size_t n;

	validate_to_array(macros);
	if (macros == NULL || (cJSON_IsArray(macros) && cJSON_GetArraySize(macros) == 0))
		return RPC_COMMIT;
	if (hm_check(call, p, "macros", &host_macros_create_rule) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (m->ids.n == 0)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/\": cannot be empty.");
	v = host_params_macros(macros, &n);
	for (size_t i = 0; rc == RPC_COMMIT && i < m->ids.n; i++)
		rc = method_done(domain_macros_add(call->txn, &m->hosts[i], v, n, "/macros",
		    m->hosts[i].name, &call->err));
	free(v);
	return rc;
}

static enum rpc_result
host_massadd_exec(struct rpc_call *call, cJSON *params)
{
	struct hm m = { 0 };
	cJSON *hosts = cJSON_IsObject(params) ? hm_field(params, "hosts") : NULL;
	int rc;

	/* [] is {} to PHP (one empty array): no hosts, as for {} */
	if (!cJSON_IsObject(params) && !(cJSON_IsArray(params) && params->child == NULL))
		rc = rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	else if (hosts != NULL && !hm_ids_parse(hosts, "hostid", &m))
		rc = rpc_fail(call, ERR_NOT_FOUND, HM_NO_PERMISSION);
	else
		rc = hm_load(call, &m, HM_NO_PERMISSION);
	if (rc == RPC_COMMIT)
		rc = hm_interfaces_check(call, params);
	if (rc == RPC_COMMIT)
		rc = hm_add_groups(call, params, &m);
	if (rc == RPC_COMMIT)
		rc = hm_add_templates(call, params, &m);
	if (rc == RPC_COMMIT)
		rc = hm_add_macros(call, params, &m);
	if (rc == RPC_COMMIT)
		rc = hostinterface_hosts_add(call, &m.ids, hm_field(params, "interfaces"));
	if (rc == RPC_COMMIT)
		hm_ok(call, &m);
	hm_free(&m);
	return rc;
}

/* ---- host.massupdate ---- */

static bool
hm_blank(const char *s)
{
	return s[strspn(s, " \t\r\n\v")] == '\0';
}

/* A name of the one host updated against the store: held by another host or a template? */
static int
hm_name_clash(struct rpc_call *call, const struct host *h, const char *name, bool vname)
{
	uint64_t id;
	bool tmpl;

	if (domain_host_name_owner(call->txn, name, vname, &id, &tmpl, &call->err) != 0)
		return RPC_ROLLBACK;
	if (id == 0 || id == h->hostid)
		return RPC_COMMIT;
	return rpc_fail(call, ERR_PARAM, "%s with the same %s \"%s\" already exists.",
	    tmpl ? "Template" : "Host", vname ? "visible name" : "name", name);
}

/* host and name: one host only, Zabbix's name rules and uniqueness. */
static int
hm_names_take(struct rpc_call *call, const cJSON *p, const struct hm *m, struct host *h)
{
	const cJSON *host = hm_field(p, "host"), *name = hm_field(p, "name");

	if (host != NULL && m->ids.n > 1)
		return rpc_fail(call, ERR_PARAM, "Cannot mass update host name.");
	if (name != NULL && m->ids.n > 1)
		return rpc_fail(call, ERR_PARAM, "Cannot mass update visible host name.");
	if (cJSON_IsString(host)) {
		if (!host_name_valid(host->valuestring))
			return rpc_fail(call, ERR_PARAM, "Incorrect characters used "
			    "for host name \"%s\".", host->valuestring);
		if (hm_name_clash(call, h, host->valuestring, false) != RPC_COMMIT)
			return RPC_ROLLBACK;
		user_set_str(&h->host, host->valuestring);
	}
	if (cJSON_IsString(name)) {
		user_set_str(&h->name, hm_blank(name->valuestring) ? h->host : name->valuestring);
		if (hm_name_clash(call, h, h->name, true) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* The host record's own fields: status, description, (one host) host and name, IPMI and
 * TLS. */
static int
hm_fields_apply(struct rpc_call *call, const cJSON *p, const struct hm *m, size_t i)
{
	const cJSON *status = hm_field(p, "status"), *descr = hm_field(p, "description");
	struct host h = { 0 };
	int rc;

	host_copy(&h, &m->hosts[i]);
	if (status != NULL && !host_params_status(status, &h.status))
		rc = rpc_fail(call, ERR_PARAM, "Incorrect status for host \"%s\".",
		    h.host);
	else
		rc = hm_names_take(call, p, m, &h);
	if (rc == RPC_COMMIT && cJSON_IsString(descr))
		user_set_str(&h.description, descr->valuestring);
	if (rc == RPC_COMMIT)
		rc = host_conn_mass_take(call, p, &h);
	/* the database refuses every proxy (tmpld has none) with one UPDATE of all the hosts */
	if (rc == RPC_COMMIT && host_conn_names_proxy(hm_field(p, "proxy_hostid")))
		rc = host_conn_mass_fail(call, p, &m->ids);
	if (rc == RPC_COMMIT && (rc = store_host_update(call->txn, &m->hosts[i], &h)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	host_free(&h);
	return rc;
}

/* templates_clear unlinks and clears the linked ones; templates replaces the rest. */
static int
hm_update_templates(struct rpc_call *call, const cJSON *p, const struct hm *m, uint64_t hostid)
{
	return method_done(domain_link_replace(call->txn, hostid, hm_field(p, "templates") != NULL ?
	    &m->templates : NULL, &m->clear, &call->err));
}

static int
hm_update_one(struct rpc_call *call, const cJSON *p, const struct hm *m, size_t i)
{
	const cJSON *macros = hm_field(p, "macros");
	uint64_t hostid = m->hosts[i].hostid;
	struct domain_macro *v;
	size_t n;
	int rc;

	if (hm_fields_apply(call, p, m, i) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (hm_field(p, "groups") != NULL && perm_host_groups_set(call->txn, call->rights,
	    hostid, &m->groups, &call->err) != 0)
		return RPC_ROLLBACK;
	if (hm_update_templates(call, p, m, hostid) != RPC_COMMIT ||
	    hostinterface_host_apply(call, &m->hosts[i], hm_field(p, "interfaces"), true) !=
	    RPC_COMMIT)
		return RPC_ROLLBACK;
	if (macros == NULL)
		return RPC_COMMIT;
	/* a macro the host has by name is changed in place (usermacro replace semantics) */
	v = host_params_macros(macros, &n);
	rc = domain_macros_replace_by_name(call->txn, &m->hosts[i], v, n, "/macros", &call->err);
	free(v);
	return method_done(rc);
}

/* TLS, groups (a non-empty replacement), templates, templates_clear and macros, checked up
 * front. */
static int
hm_update_check(struct rpc_call *call, cJSON *p, struct hm *m)
{
	cJSON *groups = hm_field(p, "groups");

	if (host_conn_mass_check(call, p) != RPC_COMMIT)
		return RPC_ROLLBACK;
	validate_to_array(groups);
	if (groups != NULL && (!cJSON_IsArray(groups) || cJSON_GetArraySize(groups) == 0))
		return rpc_fail(call, ERR_PARAM, "Host \"%s\" cannot be without host "
		    "group.", m->ids.n > 0 ? m->hosts[0].host : "");
	if (groups != NULL && (hm_check(call, p, "groups", &host_groups_rule) != RPC_COMMIT ||
	    host_params_groups(call, groups, &m->groups) != RPC_COMMIT))
		return RPC_ROLLBACK;
	validate_to_array(hm_field(p, "macros"));
	if (hm_check(call, p, "macros", &host_macros_rule) != RPC_COMMIT ||
	    hm_interfaces_check(call, p) != RPC_COMMIT ||
	    hm_templates(call, p, "templates_clear", &m->clear) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return hm_templates(call, p, "templates", &m->templates);
}

static enum rpc_result
host_massupdate_exec(struct rpc_call *call, cJSON *params)
{
	struct hm m = { 0 };
	cJSON *hosts = cJSON_IsObject(params) ? hm_field(params, "hosts") : NULL;
	int rc;

	if (hosts == NULL || !(cJSON_IsArray(hosts) || cJSON_IsObject(hosts)))
		rc = rpc_fail(call, ERR_PARAM, "Field \"hosts\" is mandatory.");
	else if (!hm_ids_parse(hosts, "hostid", &m))
		rc = rpc_fail(call, ERR_NOT_FOUND, HM_NO_PERMISSION);
	else
		rc = hm_load(call, &m, HM_NO_PERMISSION);
	if (rc == RPC_COMMIT)
		rc = hm_update_check(call, params, &m);
	for (size_t i = 0; rc == RPC_COMMIT && i < m.ids.n; i++)
		rc = hm_update_one(call, params, &m, i);
	if (rc == RPC_COMMIT)
		hm_ok(call, &m);
	hm_free(&m);
	return rc;
}

/* ---- host.massremove ---- */

/* hostgroup.massremove: the groups exist, and no host is left without one. */
static int
hm_remove_groups(struct rpc_call *call, const struct hm *m)
{
	struct id_set gone = { 0 };
	int rc = STORE_OK;

	id_set_add_list(&gone, &m->groups);
	for (size_t i = 0; rc == STORE_OK && i < m->ids.n && m->groups.n > 0; i++) {
		struct id_list cur = { 0 };
		size_t left = 0;

		rc = store_host_groups(call->txn, m->ids.ids[i], &cur);
		for (size_t g = 0; g < cur.n; g++)
			left += !id_set_has(&gone, cur.ids[g]);
		id_list_free(&cur);
		if (rc == STORE_OK && left == 0) {
			id_set_free(&gone);
			return rpc_fail(call, ERR_PARAM,
			    "Host \"%s\" cannot be without host group.", m->hosts[i].host);
		}
	}
	id_set_free(&gone);
	for (size_t i = 0; rc == STORE_OK && i < m->ids.n; i++)
		for (size_t g = 0; rc == STORE_OK && g < m->groups.n; g++) {
			rc = store_host_group_set(call->txn, m->ids.ids[i], m->groups.ids[g], false);
			if (rc == STORE_ENOTFOUND)
				rc = STORE_OK;
		}
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Each id of `arr` must be a group; NO_PERMISSIONS otherwise. */
static int
hm_groupids(struct rpc_call *call, cJSON *arr, struct hm *m)
{
	struct hm tmp = { 0 };
	int rc = RPC_COMMIT;

	if (arr != NULL && !hm_ids_parse(arr, NULL, &tmp))
		rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	for (size_t i = 0; rc == RPC_COMMIT && i < tmp.ids.n; i++) {
		struct group g;
		int src = store_group_get(call->txn, tmp.ids.ids[i], &g);

		if (src == STORE_OK && !perm_group_allows(call->rights, tmp.ids.ids[i], true))
			group_free(&g), src = STORE_ENOTFOUND;
		if (src == STORE_OK)
			group_free(&g), id_list_add(&m->groups, tmp.ids.ids[i]);
		else
			rc = src == STORE_ENOTFOUND ? rpc_fail(call, ERR_NOT_FOUND,
			    NO_PERMISSIONS) : rpc_fail_store(call, src);
	}
	hm_free(&tmp);
	return rc;
}

/* Unlinks (clear: and clears) the templates of `arr` that each host has; others are ignored. */
static int
hm_remove_links(struct rpc_call *call, const struct hm *m, cJSON *arr, bool clear)
{
	struct hm tmp = { 0 };
	int rc = RPC_COMMIT;

	if (arr != NULL && !hm_ids_parse(arr, NULL, &tmp))
		rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &tmp.ids, false,
		    &call->err));
	for (size_t i = 0; rc == RPC_COMMIT && tmp.ids.n > 0 && i < m->ids.n; i++)
		rc = method_done(domain_link_remove(call->txn, m->ids.ids[i], &tmp.ids, clear,
		    &call->err));
	hm_free(&tmp);
	return rc;
}

/* Deletes the named macros of every host; names a host does not have are ignored. */
static int
hm_remove_macros(struct rpc_call *call, const struct hm *m, const cJSON *names)
{
	const char **v;
	size_t n;
	int rc = RPC_COMMIT;

	if (names == NULL)
		return RPC_COMMIT;
	v = host_params_names(names, &n);
	for (size_t i = 0; rc == RPC_COMMIT && i < m->ids.n; i++)
		rc = method_done(domain_macros_remove(call->txn, m->ids.ids[i], v, n, &call->err));
	free(v);
	return rc;
}

static enum rpc_result
host_massremove_exec(struct rpc_call *call, cJSON *params)
{
	struct hm m = { 0 };
	cJSON *hostids = cJSON_IsObject(params) ? hm_field(params, "hostids") : NULL;
	int rc;

	/* massremove checks its hosts with the other text of CHost::checkPermissions */
	if (hostids == NULL || cJSON_IsNull(hostids))
		rc = rpc_fail(call, ERR_PARAM, "Incorrect arguments passed to function.");
	else if (!hm_ids_parse(hostids, NULL, &m))
		rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	else
		rc = hm_load(call, &m, NO_PERMISSIONS);
	if (rc == RPC_COMMIT)
		rc = hm_interfaces_check(call, params);
	if (rc == RPC_COMMIT)
		rc = hm_groupids(call, hm_field(params, "groupids"), &m);
	if (rc == RPC_COMMIT)
		rc = hm_remove_groups(call, &m);
	if (rc == RPC_COMMIT)
		rc = hm_remove_links(call, &m, hm_field(params, "templateids"), false);
	if (rc == RPC_COMMIT)
		rc = hm_remove_links(call, &m, hm_field(params, "templateids_clear"), true);
	if (rc == RPC_COMMIT)
		rc = hm_remove_macros(call, &m, hm_field(params, "macros"));
	if (rc == RPC_COMMIT)
		rc = hostinterface_hosts_remove(call, &m.ids, hm_field(params, "interfaces"));
	if (rc == RPC_COMMIT)
		hm_ok(call, &m);
	hm_free(&m);
	return rc;
}

const struct rpc_method method_host_massadd = {
	.name = "host.massadd", .flags = RPC_WRITE,
	.params = &hm_massadd_params, .exec = host_massadd_exec,
};
const struct rpc_method method_host_massupdate = {
	.name = "host.massupdate", .flags = RPC_WRITE,
	.params = &hm_massupdate_params, .exec = host_massupdate_exec,
};
const struct rpc_method method_host_massremove = {
	.name = "host.massremove", .flags = RPC_WRITE,
	.params = &hm_massremove_params, .exec = host_massremove_exec,
};
