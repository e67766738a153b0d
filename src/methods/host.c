/* host.c: host.create, host.update and host.delete, validated the way Zabbix 6.0's CHost
 * still does (by hand, unknown fields ignored); links, macros and groups go through the domain. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* One host of a create or update call, as sent and as it will be stored. */
struct host_in {
	const cJSON	*obj;
	struct host	 old;		/* update: the stored record */
	struct host	 new;		/* the record to store */
	bool		 has_host, has_name;
	cJSON		*groups;	/* normalised to an array, or NULL */
	cJSON		*templates, *templates_clear, *macros, *tags;
	struct inventory inv;		/* inventory_mode and inventory as they will be */
	bool		 inv_changed;
	bool		 proxy;		/* names a proxy (tmpld has none: refused) */
};

struct host_call {
	struct host_in	*in;
	size_t		 n;
	bool		 update;
	bool		 proxy;		/* a host names a proxy */
};

static const char *const host_ids_uniq[] = { "", NULL };
static const struct rule host_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = host_ids_uniq,
};

/* Zabbix 6.0's CHost checks hosts by hand: lenient rules that declare the fields and leave
 * every check (and its legacy text) to the method. */
#define HOST_RULE_ANY(name)	{ name, { .type = RULE_ANY } }
#define HOST_RULE_FIELDS \
	HOST_RULE_ANY("host"), HOST_RULE_ANY("name"), HOST_RULE_ANY("groups"), \
	HOST_RULE_ANY("description"), HOST_RULE_ANY("status"), HOST_RULE_ANY("interfaces"), \
	HOST_RULE_ANY("templates"), HOST_RULE_ANY("macros"), HOST_RULE_ANY("tags"), \
	HOST_RULE_ANY("inventory_mode"), HOST_RULE_ANY("inventory"), \
	HOST_RULE_ANY("proxy_hostid"), HOST_RULE_ANY("ipmi_authtype"), \
	HOST_RULE_ANY("ipmi_privilege"), HOST_RULE_ANY("ipmi_username"), \
	HOST_RULE_ANY("ipmi_password"), HOST_RULE_ANY("tls_connect"), HOST_RULE_ANY("tls_accept"), \
	HOST_RULE_ANY("tls_issuer"), HOST_RULE_ANY("tls_subject"), \
	HOST_RULE_ANY("tls_psk_identity"), HOST_RULE_ANY("tls_psk")
static const struct rule_field host_create_fields[] = {
	HOST_RULE_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule host_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = host_create_fields };
static const struct rule host_create_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &host_create_elem };
static const struct rule_field host_update_fields[] = {
	HOST_RULE_ANY("hostid"),
	HOST_RULE_FIELDS,
	HOST_RULE_ANY("templates_clear"),
	{ NULL, { 0 } },
};
static const struct rule host_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = host_update_fields };
static const struct rule host_update_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &host_update_elem };

static cJSON *
host_result(const struct host_call *hc)
{
	uint64_t *ids = xcalloc(hc->n, sizeof *ids);
	cJSON *res;

	for (size_t i = 0; i < hc->n; i++)
		ids[i] = hc->in[i].new.hostid;
	res = rpc_result_ids("hostids", ids, hc->n);
	free(ids);
	return res;
}

static void
host_call_free(struct host_call *hc)
{
	for (size_t i = 0; i < hc->n; i++) {
		host_free(&hc->in[i].old);
		host_free(&hc->in[i].new);
		inventory_free(&hc->in[i].inv);
	}
	free(hc->in);
}

static cJSON *
host_field(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static bool
host_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\v' && *s != '\0')
			return false;
	return true;
}

/* groups: present means a non-empty array (a bare object is one group) of {groupid}. */
static int
host_groups_shape(struct rpc_call *call, struct host_in *hi, const char *hostname)
{
	const cJSON *g;

	if ((hi->groups = host_field(hi->obj, "groups")) == NULL)
		return RPC_COMMIT;
	validate_to_array(hi->groups);
	if (!cJSON_IsArray(hi->groups) || cJSON_GetArraySize(hi->groups) == 0)
		return rpc_fail(call, ERR_PARAM,
		    "Host \"%s\" cannot be without host group.", hostname);
	cJSON_ArrayForEach(g, hi->groups)
		if (!cJSON_IsObject(g) || host_field(g, "groupid") == NULL)
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field "
			    "\"groups\": the parameter \"groupid\" is missing.");
	return RPC_COMMIT;
}

/* Shape-checks an optional array member with a shared rule, at "/N/<member>". */
static int
host_member_check(struct rpc_call *call, const cJSON *obj, const char *member,
    const struct rule *r, size_t idx)
{
	cJSON *v = host_field(obj, member);
	char *path, *cause = NULL;
	int rc;

	if (v == NULL)
		return RPC_COMMIT;
	path = xasprintf("/%zu/%s", idx + 1, member);
	rc = validate_at(r, v, path, &cause);
	free(path);
	return rc == 0 ? RPC_COMMIT : rpc_fail_take(call, ERR_PARAM, cause);
}

/* Host name, visible name and the plain fields of one host onto hi->new. */
static int
host_names_take(struct rpc_call *call, struct host_in *hi, bool update)
{
	const cJSON *host = host_field(hi->obj, "host"), *name = host_field(hi->obj, "name");

	if (host != NULL && !cJSON_IsString(host))
		return rpc_fail(call, ERR_PARAM, "Wrong fields for host \"\".");
	if ((hi->has_host = host != NULL)) {
		if (!host_name_valid(host->valuestring))
			return rpc_fail(call, ERR_PARAM, "Incorrect characters used "
			    "for host name \"%s\".", host->valuestring);
		free(hi->new.host);
		hi->new.host = xstrdup(host->valuestring);
	}
	hi->has_name = cJSON_IsString(name);
	if (hi->has_name && host_blank(name->valuestring)) {
		if (update && !hi->has_host)
			return rpc_fail(call, ERR_PARAM,
			    "Visible name cannot be empty if host name is missing.");
		name = host;
	}
	if (!update && !hi->has_name)
		name = host, hi->has_name = true;
	if (hi->has_name) {
		free(hi->new.name);
		hi->new.name = xstrdup(name->valuestring);
	}
	return RPC_COMMIT;
}

/* status, description and the shape of interfaces (stored on create). */
static int
host_plain_take(struct rpc_call *call, struct host_in *hi)
{
	const cJSON *status = host_field(hi->obj, "status");
	const cJSON *descr = host_field(hi->obj, "description");
	const cJSON *ifaces = host_field(hi->obj, "interfaces");
	const cJSON *host = host_field(hi->obj, "host");

	if (ifaces != NULL && !cJSON_IsNull(ifaces) && !cJSON_IsArray(ifaces) &&
	    !cJSON_IsObject(ifaces))
		return rpc_fail(call, ERR_PARAM,
		    "Incorrect arguments passed to function.");
	if (status != NULL && !host_params_status(status, &hi->new.status))
		return rpc_fail(call, ERR_PARAM, "Incorrect status for host \"%s\".",
		    cJSON_IsString(host) ? host->valuestring : hi->new.host);
	if (cJSON_IsString(descr)) {
		free(hi->new.description);
		hi->new.description = xstrdup(descr->valuestring);
	}
	return RPC_COMMIT;
}

static void
host_links_take(struct host_in *hi)
{
	hi->templates = host_field(hi->obj, "templates");
	hi->templates_clear = host_field(hi->obj, "templates_clear");
	hi->macros = host_field(hi->obj, "macros");
	hi->tags = host_field(hi->obj, "tags");
	validate_to_array(hi->templates);
	validate_to_array(hi->templates_clear);
}

/* The names a call has sent so far, one set per kind (host name, visible name): a hash set
 * of borrowed strings, so that "sent twice" costs O(1) per host. */
struct host_seen {
	const char	**slots;
	size_t		  n, cap;
};

static size_t
host_seen_slot(const char *name, size_t cap)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (uint8_t)*name) * 1099511628211ULL;
	return (size_t)h & (cap - 1);
}

/* Adds name; false when it was there already. */
static bool
host_seen_add(struct host_seen *s, const char *name)
{
	size_t k;

	if (2 * (s->n + 1) > s->cap) {
		struct host_seen big = { xcalloc(s->cap ? s->cap * 2 : 16, sizeof *big.slots), 0,
		    s->cap ? s->cap * 2 : 16 };

		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i] != NULL)
				host_seen_add(&big, s->slots[i]);
		free(s->slots);
		*s = big;
	}
	for (k = host_seen_slot(name, s->cap); s->slots[k] != NULL; k = (k + 1) & (s->cap - 1))
		if (strcmp(s->slots[k], name) == 0)
			return false;
	s->slots[k] = name;
	s->n++;
	return true;
}

static void
host_seen_free(struct host_seen seen[2])
{
	free(seen[0].slots);
	free(seen[1].slots);
}

/* "Duplicate host. ..." for a name sent twice (seen: the names of the hosts before);
 * update checks each host in turn, create all technical names first. */
static int
host_dup_in_data(struct rpc_call *call, const struct host_in *a, bool vname,
    struct host_seen seen[2])
{
	if (vname && a->has_name && !host_seen_add(&seen[1], a->new.name))
		return rpc_fail(call, ERR_PARAM, "Duplicate host. Host with the "
		    "same visible name \"%s\" already exists in data.", a->new.name);
	if (!vname && a->has_host && !host_seen_add(&seen[0], a->new.host))
		return rpc_fail(call, ERR_PARAM, "Duplicate host. Host with the "
		    "same host name \"%s\" already exists in data.", a->new.host);
	return RPC_COMMIT;
}

/* One name of one host against the store: held by another object of this kind? */
static int
host_clash_one(struct rpc_call *call, const struct host_in *hi, bool vname, bool templates)
{
	const char *name = vname ? hi->new.name : hi->new.host;
	uint64_t id;
	bool tmpl = false;

	if (!(vname ? hi->has_name : hi->has_host))
		return RPC_COMMIT;
	if (domain_host_name_owner(call->txn, name, vname, &id, &tmpl, &call->err) != 0)
		return RPC_ROLLBACK;
	if (id == 0 || id == hi->new.hostid || tmpl != templates)
		return RPC_COMMIT;
	return rpc_fail(call, ERR_PARAM, "%s with the same %s \"%s\" already exists.",
	    templates ? "Template" : "Host", vname ? "visible name" : "name", name);
}

/* Names against the store as it was before the call: hosts first, then templates. */
static int
host_clashes(struct rpc_call *call, const struct host_call *hc)
{
	for (int templates = 0; templates <= 1; templates++)
		for (size_t i = 0; i < hc->n; i++)
			if (host_clash_one(call, &hc->in[i], false, templates) != RPC_COMMIT ||
			    host_clash_one(call, &hc->in[i], true, templates) != RPC_COMMIT)
				return RPC_ROLLBACK;
	return RPC_COMMIT;
}

/* Every group of every host must exist (-32500). */
static int
host_groups_exist(struct rpc_call *call, const struct host_call *hc)
{
	struct id_list ids = { 0 };
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < hc->n; i++) {
		if (hc->in[i].groups == NULL)
			continue;
		id_list_clear(&ids);
		rc = host_params_groups(call, hc->in[i].groups, &ids);
		if (rc == RPC_COMMIT)
			rc = method_done(perm_groups_must(call->rights, &ids, true, &call->err));
	}
	id_list_free(&ids);
	return rc;
}

/* The IPMI and TLS members of every host, checked last as Zabbix does; hc->proxy tells
 * whether one of them names a proxy. */
static int
host_conn_all(struct rpc_call *call, struct host_call *hc)
{
	for (size_t i = 0; i < hc->n; i++) {
		struct host_in *hi = &hc->in[i];

		if (host_conn_take(call, hi->obj, &hi->new, hc->update) != RPC_COMMIT)
			return RPC_ROLLBACK;
		hi->proxy = host_conn_names_proxy(host_field(hi->obj, "proxy_hostid"));
		hc->proxy = hc->proxy || hi->proxy;
	}
	return RPC_COMMIT;
}

/* Params as an array of objects; [] is Zabbix's "Empty input parameter.". */
static int
host_call_init(struct rpc_call *call, cJSON *params, struct host_call *hc, bool update)
{
	cJSON *obj;

	validate_to_array(params);
	hc->update = update;
	hc->n = (size_t)cJSON_GetArraySize(params);
	hc->in = xcalloc(hc->n + 1, sizeof *hc->in);
	if (!cJSON_IsArray(params) || hc->n == 0) {
		hc->n = 0;
		return rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	}
	hc->n = 0;
	cJSON_ArrayForEach(obj, params) {
		hc->in[hc->n++].obj = obj;
		if (!cJSON_IsObject(obj))
			return rpc_fail(call, ERR_PARAM, "Wrong fields for host \"\".");
	}
	return RPC_COMMIT;
}

/* ---- host.create ---- */

static int
host_create_shape(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	const cJSON *host = host_field(hi->obj, "host");

	hi->new = (struct host){ .status = HOST_STATUS_MONITORED, .host = xstrdup(""),
	    .name = xstrdup(""), .description = xstrdup(""), .uuid = xstrdup("") };
	if (!cJSON_IsString(host))
		return rpc_fail(call, ERR_PARAM, "Wrong fields for host \"%s\".", "");
	if (host_names_take(call, hi, false) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (host_field(hi->obj, "groups") == NULL)
		return rpc_fail(call, ERR_PARAM,
		    "Host \"%s\" cannot be without host group.", hi->new.host);
	if (host_groups_shape(call, hi, hi->new.host) != RPC_COMMIT)
		return RPC_ROLLBACK;
	host_links_take(hi);
	return host_member_check(call, hi->obj, "macros", &host_macros_create_rule, idx);
}

static int
host_create_check(struct rpc_call *call, struct host_call *hc)
{
	struct host_seen seen[2] = { { 0 }, { 0 } };
	size_t i;

	for (i = 0; i < hc->n; i++)
		if (host_create_shape(call, &hc->in[i], i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (i = 0; i < hc->n; i++)
		if (host_member_check(call, hc->in[i].obj, "tags", &host_tags_rule, i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (i = 0; i < hc->n * 2; i++)		/* every host name, then every visible name */
		if (host_dup_in_data(call, &hc->in[i % hc->n], i >= hc->n, seen) != RPC_COMMIT)
			break;
	host_seen_free(seen);
	if (i < hc->n * 2 || host_groups_exist(call, hc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	for (i = 0; i < hc->n; i++)
		if (host_plain_take(call, &hc->in[i]) != RPC_COMMIT ||
		    host_inventory_take(call, hc->in[i].obj, &hc->in[i].new, false, &hc->in[i].inv,
		    &hc->in[i].inv_changed) != RPC_COMMIT)
			return RPC_ROLLBACK;
	if (host_clashes(call, hc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return host_conn_all(call, hc);
}

/* The macros of a host just created (added) or updated (replaced). */
static int
host_macros_apply(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	char *path = xasprintf("/%zu/macros", idx + 1);
	struct domain_macro *v;
	size_t n;
	int rc;

	v = host_params_macros(hi->macros, &n);
	rc = hi->old.host == NULL ?
	    domain_macros_add(call->txn, &hi->new, v, n, path, hi->new.name, &call->err) :
	    domain_macros_replace(call->txn, &hi->new, v, n, path, &call->err);
	free(v);
	free(path);
	return method_done(rc);
}

/* Groups, macros and tags of a host just created or updated. */
static int
host_relations_apply(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	struct tag_list tags = { 0 };
	struct id_list ids = { 0 };
	int rc = RPC_COMMIT;

	if (hi->groups != NULL && (rc = host_params_groups(call, hi->groups, &ids)) == RPC_COMMIT)
		rc = method_done(perm_host_groups_set(call->txn, call->rights, hi->new.hostid, &ids,
		    &call->err));
	id_list_free(&ids);
	if (rc == RPC_COMMIT && hi->macros != NULL)
		rc = host_macros_apply(call, hi, idx);
	if (rc == RPC_COMMIT && hi->tags != NULL) {
		host_params_tags(hi->tags, &tags);
		rc = method_done(domain_host_tags_replace(call->txn, hi->new.hostid, &tags,
		    &call->err));
		tag_list_free(&tags);
	}
	return rc;
}

/* The host's inventory, when the call set it. */
static int
host_inventory_store(struct rpc_call *call, struct host_in *hi)
{
	int rc;

	if (!hi->inv_changed)
		return RPC_COMMIT;
	rc = store_inventory_put(call->txn, hi->new.hostid, &hi->inv);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

static int
host_create_one(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	struct id_list parents = { 0 };
	int rc;

	if ((rc = store_host_create(call->txn, &hi->new)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = hostinterface_host_apply(call, &hi->new, host_field(hi->obj, "interfaces"),
	    false)) != RPC_COMMIT || (rc = host_inventory_store(call, hi)) != RPC_COMMIT)
		return rc;
	rc = host_relations_apply(call, hi, idx);
	if (rc == RPC_COMMIT && hi->templates != NULL &&
	    (rc = host_params_templates(call, hi->templates, &parents)) == RPC_COMMIT &&
	    (rc = method_done(perm_hosts_must(call->txn, call->rights, &parents, false,
	    &call->err))) == RPC_COMMIT)
		rc = method_done(domain_link_add(call->txn, hi->new.hostid, &parents, &call->err));
	id_list_free(&parents);
	return rc;
}

static enum rpc_result
host_create_exec(struct rpc_call *call, cJSON *params)
{
	struct host_call hc = { 0 };
	int rc;

	rc = host_call_init(call, params, &hc, false);
	if (rc == RPC_COMMIT)
		rc = host_create_check(call, &hc);
	if (rc == RPC_COMMIT && hc.proxy)
		rc = host_conn_create_fail(call, params);
	for (size_t i = 0; rc == RPC_COMMIT && i < hc.n; i++)
		rc = host_create_one(call, &hc.in[i], i);
	if (rc == RPC_COMMIT)
		rpc_ok(call, host_result(&hc));
	host_call_free(&hc);
	return rc;
}

/* ---- host.update ---- */

/* The stored host behind "hostid"; a template or an unknown id is -32602 NO_PERMISSIONS. */
static int
host_update_load(struct rpc_call *call, struct host_in *hi)
{
	const cJSON *hostid = host_field(hi->obj, "hostid"), *host = host_field(hi->obj, "host");
	uint64_t id;
	int rc;

	if (hostid == NULL)
		return rpc_fail(call, ERR_PARAM, "Wrong fields for host \"%s\".",
		    cJSON_IsString(host) ? host->valuestring : "");
	if (!id_from_json(hostid, &id))
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	rc = store_host_get(call->txn, id, &hi->old);
	if (rc == STORE_OK && host_is_template(&hi->old))
		rc = STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	host_copy(&hi->new, &hi->old);
	return access_host_must(call, id, true, ERR_PARAM);	/* -32602 here */
}

static int
host_update_shape(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	if (host_update_load(call, hi) != RPC_COMMIT ||
	    host_groups_shape(call, hi, hi->old.host) != RPC_COMMIT)
		return RPC_ROLLBACK;
	host_links_take(hi);
	return host_member_check(call, hi->obj, "macros", &host_macros_rule, idx);
}

static int
host_update_check(struct rpc_call *call, struct host_call *hc)
{
	struct host_seen seen[2] = { { 0 }, { 0 } };
	size_t i;

	for (i = 0; i < hc->n; i++)
		if (host_update_shape(call, &hc->in[i], i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (i = 0; i < hc->n; i++)
		if (host_plain_take(call, &hc->in[i]) != RPC_COMMIT ||
		    host_names_take(call, &hc->in[i], true) != RPC_COMMIT ||
		    host_dup_in_data(call, &hc->in[i], false, seen) != RPC_COMMIT ||
		    host_dup_in_data(call, &hc->in[i], true, seen) != RPC_COMMIT)
			break;
	host_seen_free(seen);
	if (i < hc->n)
		return RPC_ROLLBACK;
	for (i = 0; i < hc->n; i++)
		if (host_member_check(call, hc->in[i].obj, "tags", &host_tags_rule, i) != RPC_COMMIT ||
		    host_inventory_take(call, hc->in[i].obj, &hc->in[i].old, true, &hc->in[i].inv,
		    &hc->in[i].inv_changed) != RPC_COMMIT)
			return RPC_ROLLBACK;
	if (host_clashes(call, hc) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return host_conn_all(call, hc);
}

/* templates_clear unlinks and clears the linked ones (others are ignored, as massremove
 * does); templates replaces the parents. */
static int
host_templates_apply(struct rpc_call *call, struct host_in *hi)
{
	struct id_list want = { 0 }, clear = { 0 };
	int rc = RPC_COMMIT;

	if (hi->templates == NULL && hi->templates_clear == NULL)
		return RPC_COMMIT;
	if (hi->templates_clear != NULL &&
	    (rc = host_params_templates_bare(call, hi->templates_clear, &clear)) == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &clear, false,
		    &call->err));
	if (rc == RPC_COMMIT && hi->templates != NULL &&
	    (rc = host_params_templates_bare(call, hi->templates, &want)) == RPC_COMMIT)
		rc = method_done(perm_host_parents_replace(call->txn, call->rights,
		    hi->new.hostid, &want, &call->err));
	if (rc == RPC_COMMIT)
		rc = method_done(domain_link_replace(call->txn, hi->new.hostid,
		    hi->templates != NULL ? &want : NULL, &clear, &call->err));
	id_list_free(&want);
	id_list_free(&clear);
	return rc;
}

static int
host_update_one(struct rpc_call *call, struct host_in *hi, size_t idx)
{
	int rc;

	if (hi->proxy)
		return host_conn_update_fail(call, hi->obj, &hi->old, &hi->new);
	if ((rc = store_host_update(call->txn, &hi->old, &hi->new)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (host_relations_apply(call, hi, idx) != RPC_COMMIT ||
	    hostinterface_host_apply(call, &hi->new, host_field(hi->obj, "interfaces"),
	    true) != RPC_COMMIT || host_inventory_store(call, hi) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return host_templates_apply(call, hi);
}

static enum rpc_result
host_update_exec(struct rpc_call *call, cJSON *params)
{
	struct host_call hc = { 0 };
	int rc;

	rc = host_call_init(call, params, &hc, true);
	if (rc == RPC_COMMIT)
		rc = host_update_check(call, &hc);
	for (size_t i = 0; rc == RPC_COMMIT && i < hc.n; i++)
		rc = host_update_one(call, &hc.in[i], i);
	if (rc == RPC_COMMIT)
		rpc_ok(call, host_result(&hc));
	host_call_free(&hc);
	return rc;
}

/* ---- host.delete ---- */

static int
host_delete_check(struct rpc_call *call, struct host_call *hc, const cJSON *params)
{
	const cJSON *v;
	struct host h;
	uint64_t id;
	int rc;

	cJSON_ArrayForEach(v, params) {
		if (!id_from_json(v, &id))
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if ((rc = store_host_get(call->txn, id, &h)) == STORE_OK) {
			if (host_is_template(&h))
				rc = STORE_ENOTFOUND;
			host_free(&h);
		}
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		if (perm_host_must(call->txn, call->rights, id, true, &call->err) != 0)
			return RPC_ROLLBACK;
		hc->in[hc->n++].new.hostid = id;
	}
	return RPC_COMMIT;
}

static enum rpc_result
host_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct host_call hc = { 0 };
	int rc;

	hc.in = xcalloc((size_t)cJSON_GetArraySize(params) + 1, sizeof *hc.in);
	rc = host_delete_check(call, &hc, params);
	for (size_t i = 0; rc == RPC_COMMIT && i < hc.n; i++) {
		int src = store_host_delete(call->txn, hc.in[i].new.hostid);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, host_result(&hc));
	host_call_free(&hc);
	return rc;
}

const struct rpc_method method_host_create = {
	.name = "host.create", .flags = RPC_WRITE,
	.params = &host_create_params, .exec = host_create_exec,
};
const struct rpc_method method_host_update = {
	.name = "host.update", .flags = RPC_WRITE,
	.params = &host_update_params, .exec = host_update_exec,
};
const struct rpc_method method_host_delete = {
	.name = "host.delete", .flags = RPC_WRITE,
	.params = &host_delete_params, .exec = host_delete_exec,
};
