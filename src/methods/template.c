/* template.c: template.create, template.update and template.delete, as Zabbix 6.0 does them,
 * plus the legacy "hosts" parameter (the hosts and templates linked below a template). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

static const char *const tpl_uniq_update[] = { "templateid", "host", "name", NULL };
static const char *const tpl_uniq_create[] = { "host", "name", NULL };
static const char *const tpl_uniq_hostid[] = { "hostid", NULL };

static const struct rule_field tpl_child_fields[] = {
	{ "hostid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule tpl_child_rule = { .type = RULE_OBJECT, .fields = tpl_child_fields };
static const struct rule tpl_children_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &tpl_child_rule, .uniq = tpl_uniq_hostid };

#define TPL_COMMON_FIELDS \
	{ "description", { .type = RULE_STRING, .length = 65535 } }, \
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } }

static const struct rule_field tpl_update_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "host", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 128,
	    .check = host_rule_check_name } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 128 } },
	TPL_COMMON_FIELDS,
	{ "groups", { .ref = &host_groups_rule } },
	{ "templates", { .ref = &host_templates_rule } },
	{ "templates_clear", { .ref = &host_templates_rule } },
	{ "tags", { .ref = &host_tags_rule } },
	{ "macros", { .ref = &host_macros_rule } },
	{ "hosts", { .ref = &tpl_children_rule } },
	{ NULL, { 0 } },
};
static const struct rule tpl_update_elem = { .type = RULE_OBJECT, .fields = tpl_update_fields };
static const struct rule tpl_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &tpl_update_elem, .uniq = tpl_uniq_update };

static const struct rule_field tpl_create_fields[] = {
	{ "host", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 128,
	    .check = host_rule_check_name } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 128 } },
	TPL_COMMON_FIELDS,
	{ "groups", { .ref = &host_groups_rule, .flags = RULE_REQUIRED } },
	{ "templates", { .ref = &host_templates_rule } },
	{ "tags", { .ref = &host_tags_rule } },
	{ "macros", { .ref = &host_macros_create_rule } },
	{ "hosts", { .ref = &tpl_children_rule } },
	{ NULL, { 0 } },
};
static const struct rule tpl_create_elem = { .type = RULE_OBJECT, .fields = tpl_create_fields };
static const struct rule tpl_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &tpl_create_elem, .uniq = tpl_uniq_create };

static const struct rule tpl_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

/* One template of a create or update call, with what it had before. */
struct tpl_item {
	cJSON		*in;
	struct host	 old, new;
	bool		 exists;
	char		 path[32];	/* "/1" */
	struct id_list	 groups, links, clear, children;
	struct id_list	 dropped;	/* children the legacy "hosts" leaves out */
};

static const char *
tpl_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
tpl_arr(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static void
tpl_items_free(struct tpl_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (items[i].exists)
			host_free(&items[i].old);
		host_free(&items[i].new);
		id_list_free(&items[i].groups);
		id_list_free(&items[i].links);
		id_list_free(&items[i].clear);
		id_list_free(&items[i].children);
		id_list_free(&items[i].dropped);
	}
	free(items);
}

static cJSON *
tpl_result(const char *key, struct tpl_item *items, size_t n)
{
	uint64_t *ids = xcalloc(n, sizeof *ids);
	cJSON *res;

	for (size_t i = 0; i < n; i++)
		ids[i] = items[i].new.hostid;
	res = rpc_result_ids(key, ids, n);
	free(ids);
	return res;
}

/* ---- checks before any write (against the state before the call) ---- */

static int
tpl_load(struct rpc_call *call, struct tpl_item *it)
{
	const char *id = tpl_str(it->in, "templateid");
	uint64_t hostid;
	int rc;

	if (id == NULL || !util_parse_u64(id, &hostid))
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	rc = store_host_get(call->txn, hostid, &it->old);
	if (rc == STORE_OK && !host_is_template(&it->old)) {
		host_free(&it->old);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	it->exists = true;
	host_copy(&it->new, &it->old);
	return method_done(perm_host_must(call->txn, call->rights, hostid, true, &call->err));
}

static void
tpl_apply_fields(struct tpl_item *it)
{
	const char *v;

	if ((v = tpl_str(it->in, "host")) != NULL)
		user_set_str(&it->new.host, v);
	if ((v = tpl_str(it->in, "name")) != NULL)
		user_set_str(&it->new.name, v);
	if ((v = tpl_str(it->in, "description")) != NULL)
		user_set_str(&it->new.description, v);
	if ((v = tpl_str(it->in, "uuid")) != NULL)
		user_set_str(&it->new.uuid, v);
}

/* Names taken by other hosts or templates before the call: Zabbix names the clash with the
 * lowest id first, as its database query returns it. */
static int
tpl_check_field(struct rpc_call *call, struct tpl_item *items, size_t n, bool visible)
{
	uint64_t best = 0, owner;
	const char *clash = NULL;
	bool tmpl, best_tmpl = false;

	for (size_t i = 0; i < n; i++) {
		const char *want = visible ? items[i].new.name : items[i].new.host;
		const char *had = visible ? items[i].old.name : items[i].old.host;

		if (items[i].exists && strcmp(want, had) == 0)
			continue;
		if (domain_host_name_owner(call->txn, want, visible, &owner, &tmpl, &call->err) != 0)
			return RPC_ROLLBACK;
		if (owner != 0 && owner != items[i].new.hostid && (clash == NULL || owner < best))
			best = owner, clash = want, best_tmpl = tmpl;
	}
	if (clash == NULL)
		return RPC_COMMIT;
	return rpc_fail(call, ERR_PARAM, "%s with %s name \"%s\" already exists.",
	    best_tmpl ? "Template" : "Host", visible ? "visible" : "host", clash);
}

static int
tpl_check_names(struct rpc_call *call, struct tpl_item *items, size_t n)
{
	if (tpl_check_field(call, items, n, false) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return tpl_check_field(call, items, n, true);
}

/* The children that the legacy "hosts" replaces away. */
static int
tpl_dropped_children(struct rpc_call *call, struct tpl_item *it)
{
	struct id_list cur = { 0 };
	struct id_set want = { 0 };
	int rc;

	if (!it->exists)
		return RPC_COMMIT;
	if ((rc = store_host_children(call->txn, it->new.hostid, &cur)) != STORE_OK)
		return rpc_fail_store(call, rc);
	id_set_add_list(&want, &it->children);
	for (size_t i = 0; i < cur.n; i++)
		if (!id_set_has(&want, cur.ids[i]))
			id_list_add(&it->dropped, cur.ids[i]);
	id_list_free(&cur);
	id_set_free(&want);
	return RPC_COMMIT;
}

/* templates_clear names parents to clear, or children that "hosts" drops (cleared below). */
static int
tpl_resolve_clear(struct rpc_call *call, struct tpl_item *it, const cJSON *arr)
{
	struct id_list parents = { 0 };
	struct id_set dropped = { 0 };
	cJSON *rest = cJSON_CreateArray();
	const cJSON *e;
	uint64_t id;
	int rc;

	id_set_add_list(&dropped, &it->dropped);
	cJSON_ArrayForEach(e, arr) {
		if (id_from_json(cJSON_GetObjectItemCaseSensitive(e, "templateid"), &id) &&
		    id_set_has(&dropped, id))
			id_list_add(&it->clear, id);
		else
			cJSON_AddItemReferenceToArray(rest, (cJSON *)(uintptr_t)e);
	}
	rc = host_params_templates(call, rest, &parents);
	cJSON_Delete(rest);
	if (rc == RPC_COMMIT)
		rc = method_done(perm_hosts_must(call->txn, call->rights, &parents, false,
		    &call->err));
	if (rc == RPC_COMMIT && domain_link_check_clear(call->txn, it->new.hostid, &it->links,
	    &parents, it->path, &call->err) != 0)
		rc = RPC_ROLLBACK;
	for (size_t i = 0; i < parents.n; i++)
		id_list_add(&it->clear, parents.ids[i]);
	id_list_free(&parents);
	id_set_free(&dropped);
	return rc;
}

/* Resolves every id the item names: groups, parents, children, cleared ones. */
static int
tpl_resolve(struct rpc_call *call, struct tpl_item *it)
{
	const cJSON *v;

	if ((v = tpl_arr(it->in, "groups")) != NULL &&
	    (host_params_groups(call, v, &it->groups) != RPC_COMMIT ||
	    perm_host_groups_replace(call->txn, call->rights, it->new.hostid, &it->groups,
	    &call->err) != 0))
		return RPC_ROLLBACK;
	if ((v = tpl_arr(it->in, "templates")) != NULL &&
	    (host_params_templates(call, v, &it->links) != RPC_COMMIT ||
	    perm_host_parents_replace(call->txn, call->rights, it->new.hostid, &it->links,
	    &call->err) != 0))
		return RPC_ROLLBACK;
	if ((v = tpl_arr(it->in, "hosts")) != NULL &&
	    (host_params_hosts(call, v, &it->children) != RPC_COMMIT ||
	    perm_hosts_must(call->txn, call->rights, &it->children, true, &call->err) != 0 ||
	    tpl_dropped_children(call, it) != RPC_COMMIT))
		return RPC_ROLLBACK;
	if ((v = tpl_arr(it->in, "templates_clear")) != NULL &&
	    tpl_resolve_clear(call, it, v) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return RPC_COMMIT;
}

/* ---- writes ---- */

/* groups, tags and macros: replaced on update, added on create. */
static int
tpl_apply_common(struct rpc_call *call, struct tpl_item *it)
{
	struct tag_list tags = { 0 };
	struct domain_macro *macros;
	const cJSON *v;
	char path[64];
	size_t n;
	int rc;

	if (tpl_arr(it->in, "groups") != NULL && domain_host_groups_replace(call->txn,
	    it->new.hostid, &it->groups, &call->err) != 0)
		return RPC_ROLLBACK;
	if ((v = tpl_arr(it->in, "tags")) != NULL) {
		host_params_tags(v, &tags);
		rc = domain_host_tags_replace(call->txn, it->new.hostid, &tags, &call->err);
		tag_list_free(&tags);
		if (rc != 0)
			return RPC_ROLLBACK;
	}
	if ((v = tpl_arr(it->in, "macros")) == NULL)
		return RPC_COMMIT;
	snprintf(path, sizeof path, "%s/macros", it->path);
	macros = host_params_macros(v, &n);
	rc = it->exists ?
	    domain_macros_replace(call->txn, &it->new, macros, n, path, &call->err) :
	    domain_macros_add(call->txn, &it->new, macros, n, path, it->new.host, &call->err);
	free(macros);
	return method_done(rc);
}

static int
tpl_apply_update(struct rpc_call *call, struct tpl_item *it)
{
	int rc = store_host_update(call->txn, &it->old, &it->new);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (tpl_apply_common(call, it) != RPC_COMMIT)
		return RPC_ROLLBACK;
	/* templates replaces the parents; templates_clear unlinks and clears */
	if (domain_link_replace(call->txn, it->new.hostid, tpl_arr(it->in, "templates") != NULL ?
	    &it->links : NULL, &it->clear, &call->err) != 0)
		return RPC_ROLLBACK;
	/* the legacy "hosts": exactly these hosts and templates are linked below it */
	if (tpl_arr(it->in, "hosts") != NULL)
		return method_done(domain_link_children_replace(call->txn, it->new.hostid,
		    &it->children, &it->clear, &call->err));
	return RPC_COMMIT;
}

static struct tpl_item *
tpl_items_new(cJSON *params, size_t *n)
{
	struct tpl_item *items;
	cJSON *e;
	size_t i = 0;

	*n = (size_t)cJSON_GetArraySize(params);
	items = xcalloc(*n, sizeof *items);
	cJSON_ArrayForEach(e, params) {
		items[i].in = e;
		snprintf(items[i].path, sizeof items[i].path, "/%zu", i + 1);
		i++;
	}
	return items;
}

static enum rpc_result
template_update_exec(struct rpc_call *call, cJSON *params)
{
	size_t n, i;
	struct tpl_item *items = tpl_items_new(params, &n);
	int rc = RPC_COMMIT;

	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		if ((rc = tpl_load(call, &items[i])) == RPC_COMMIT)
			tpl_apply_fields(&items[i]);
	if (rc == RPC_COMMIT)
		rc = tpl_check_names(call, items, n);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = tpl_resolve(call, &items[i]);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = tpl_apply_update(call, &items[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, tpl_result("templateids", items, n));
	tpl_items_free(items, n);
	return rc;
}

/* ---- create ---- */

static int
tpl_new(struct rpc_call *call, struct tpl_item *it)
{
	const char *name = tpl_str(it->in, "name");
	char uuid[33];

	it->new.status = HOST_STATUS_TEMPLATE;
	it->new.host = xstrdup(tpl_str(it->in, "host"));
	it->new.name = xstrdup(name != NULL ? name : it->new.host);
	it->new.description = xstrdup("");
	if (host_uuid_new(uuid) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Cannot create a UUID.");
	it->new.uuid = xstrdup(uuid);
	tpl_apply_fields(it);
	return RPC_COMMIT;
}

static int
tpl_apply_create(struct rpc_call *call, struct tpl_item *it)
{
	int rc = store_host_create(call->txn, &it->new);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (tpl_apply_common(call, it) != RPC_COMMIT ||
	    domain_link_add(call->txn, it->new.hostid, &it->links, &call->err) != 0)
		return RPC_ROLLBACK;
	return method_done(domain_link_children_add(call->txn, it->new.hostid, &it->children,
	    &call->err));
}

static enum rpc_result
template_create_exec(struct rpc_call *call, cJSON *params)
{
	size_t n, i;
	struct tpl_item *items = tpl_items_new(params, &n);
	int rc = RPC_COMMIT;

	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = tpl_new(call, &items[i]);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = tpl_resolve(call, &items[i]);
	if (rc == RPC_COMMIT)
		rc = tpl_check_names(call, items, n);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = tpl_apply_create(call, &items[i]);
	if (rc == RPC_COMMIT)
		rpc_ok(call, tpl_result("templateids", items, n));
	tpl_items_free(items, n);
	return rc;
}

/* ---- delete ---- */

static enum rpc_result
template_delete_exec(struct rpc_call *call, cJSON *params)
{
	cJSON *e, *ids = cJSON_CreateArray(), *res;
	struct host h;
	uint64_t id;
	int rc = STORE_OK;

	struct id_list all = { 0 };

	/* Zabbix's trigger checks of the links the deletion ends, before any is deleted */
	cJSON_ArrayForEach(e, params)
		if (util_parse_u64(e->valuestring, &id))
			id_list_add(&all, id);
	rc = trigger_deps_delete_check(call->txn, &all, &call->err);
	id_list_free(&all);
	if (rc != 0) {
		cJSON_Delete(ids);
		return RPC_ROLLBACK;
	}
	cJSON_ArrayForEach(e, params) {
		util_parse_u64(e->valuestring, &id);
		rc = store_host_get(call->txn, id, &h);
		if (rc == STORE_OK && !host_is_template(&h))
			rc = STORE_ENOTFOUND;
		if (rc == STORE_OK)
			host_free(&h);
		if (rc == STORE_OK && perm_host_must(call->txn, call->rights, id, true,
		    &call->err) != 0) {
			cJSON_Delete(ids);
			return RPC_ROLLBACK;
		}
		if (rc == STORE_OK)
			rc = store_host_delete(call->txn, id);
		if (rc != STORE_OK)
			break;
		cJSON_AddItemToArray(ids, cJSON_CreateString(e->valuestring));
	}
	if (rc != STORE_OK) {
		cJSON_Delete(ids);
		if (rc == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		return rpc_fail_store(call, rc);
	}
	res = cJSON_CreateObject();
	cJSON_AddItemToObject(res, "templateids", ids);
	return rpc_ok(call, res);
}

const struct rpc_method method_template_create = {
	.name = "template.create",
	.flags = RPC_WRITE,
	.params = &tpl_create_params,
	.exec = template_create_exec,
};

const struct rpc_method method_template_update = {
	.name = "template.update",
	.flags = RPC_WRITE,
	.params = &tpl_update_params,
	.exec = template_update_exec,
};

const struct rpc_method method_template_delete = {
	.name = "template.delete",
	.flags = RPC_WRITE,
	.params = &tpl_delete_params,
	.exec = template_delete_exec,
};
