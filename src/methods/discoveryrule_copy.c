/* discoveryrule_copy.c: discoveryrule.copy: LLD rules with their item, graph, trigger and host
 * prototypes copied to other hosts and templates as objects of their own (then inherited
 * below those), in the order and with the refusals of Zabbix 6.0's CDiscoveryRule::copy. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* One rule copied to one host: the two hosts and the new rule. */
struct lld_copy {
	struct rpc_call		*call;
	struct inherit_target	 t;		/* the target host */
	struct host		 src;		/* the source rule's host */
	uint64_t		 ruleid, newid;
	size_t			 protos;	/* item prototypes copied */
};

/* A dependent item's master (type 18) that is not a prototype must have an item with its key
 * on the target (Zabbix's "cannot be copied without its master item"). */
static int
lld_copy_master(struct lld_copy *cp, const struct item *src, bool rule)
{
	struct item m;
	uint64_t mid = 0, id;
	int rc;

	if (strcmp(src->f[ITEM_F_TYPE], "18") != 0 ||
	    !util_parse_u64(src->f[ITEM_F_MASTER_ITEMID], &mid) || mid == 0)
		return RPC_COMMIT;
	if ((rc = store_item_get(cp->call->txn, mid, &m)) != STORE_OK)
		return rpc_fail_store(cp->call, rc);
	if (item_has_flags(&m, ITEM_FLAGS_PROTO))
		rc = STORE_OK;	/* copied before it, by the engine's copy */
	else
		rc = store_item_by_key(cp->call->txn, cp->t.h.hostid, m.f[ITEM_F_KEY], &id);
	item_free(&m);
	if (rc == STORE_ENOTFOUND)
		return rule ? rpc_fail(cp->call, ERR_NOT_FOUND, "Discovery rule \"%s\" cannot be "
		    "copied without its master item.", src->f[ITEM_F_NAME]) :
		    rpc_fail(cp->call, ERR_PARAM, "Cannot clone item prototypes.");
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(cp->call, rc);
}

/* Zabbix's look for an interface of the target for an item of this type (any of agent, SNMP,
 * JMX, IPMI for a check of any interface; none needed for the HTTP agent): refused, naming the
 * target by its visible name, when there is none. */
static int
lld_copy_iface(struct lld_copy *cp, const struct item *src)
{
	int want = item_type_interface(atoi(src->f[ITEM_F_TYPE]));
	struct id_list ifs = { 0 };
	bool found = false;
	int rc;

	if (want == 0 || want == ITEM_IF_OPT)
		return RPC_COMMIT;
	rc = store_host_interfaces(cp->call->txn, cp->t.h.hostid, &ifs);
	for (size_t i = 0; rc == STORE_OK && !found && i < ifs.n; i++) {
		struct hostinterface hi;

		if ((rc = store_interface_get(cp->call->txn, ifs.ids[i], &hi)) != STORE_OK)
			break;
		found = want == ITEM_IF_ANY ? hi.type >= 1 && hi.type <= 4 : hi.type == (uint32_t)want;
		hostinterface_free(&hi);
	}
	id_list_free(&ifs);
	if (rc != STORE_OK)
		return rpc_fail_store(cp->call, rc);
	return found ? RPC_COMMIT : rpc_fail(cp->call, ERR_PARAM, "Cannot find host interface on "
	    "\"%s\" for item key \"%s\".", cp->t.h.name, src->f[ITEM_F_KEY]);
}

/* One item of the source rule (the rule, or one of its item prototypes) written onto the
 * target as its own (no templateid, a uuid of its own on a template), then copied down the
 * target's links. */
static int
lld_copy_one(struct lld_copy *cp, const struct item *src, bool rule)
{
	struct rpc_call *call = cp->call;
	struct item out = { 0 };
	char uuid[33] = "";
	uint64_t id;
	int rc, want = item_type_interface(atoi(src->f[ITEM_F_TYPE]));

	/* a rule of a template keeps its (no) interface, which a host's rule must name */
	if (rule && host_is_template(&cp->src) && !host_is_template(&cp->t.h) && want != 0 &&
	    want != ITEM_IF_OPT)
		return rpc_fail(call, ERR_PARAM, "No interface found.");
	/* a host's rule looks for an interface on any target (a template has none), a prototype
	 * on a host target */
	if (((rule && !host_is_template(&cp->src)) || (!rule && !host_is_template(&cp->t.h))) &&
	    (rc = lld_copy_iface(cp, src)) != RPC_COMMIT)
		return rc;
	if ((rc = lld_copy_master(cp, src, rule)) != RPC_COMMIT)
		return rc;
	rc = store_item_by_key(call->txn, cp->t.h.hostid, src->f[ITEM_F_KEY], &id);
	if (rc == STORE_OK)
		return rpc_fail(call, ERR_PARAM, "Item with key \"%s\" already exists on \"%s\".",
		    src->f[ITEM_F_KEY], cp->t.h.host);
	if (rc != STORE_ENOTFOUND)
		return rpc_fail_store(call, rc);
	if (inherit_kind_item.copy(&cp->t, src, &out, &call->err) != 0)
		return RPC_ROLLBACK;
	out.hostid = cp->t.h.hostid;
	if (host_is_template(&cp->t.h))
		host_uuid_new(uuid);
	item_set(&out, ITEM_F_UUID, uuid);
	if ((rc = store_item_create(call->txn, &out)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else
		rc = method_done(inherit_created(call->txn, &inherit_kind_item, &out, 1, &call->err));
	if (rule)
		cp->newid = out.itemid;
	item_free(&out);
	return rc;
}

/* The rule, then each of its item prototypes, onto the target host. */
static int
lld_copy_items(struct lld_copy *cp)
{
	struct rpc_call *call = cp->call;
	struct id_list protos = { 0 };
	struct item src;
	int rc;

	if ((rc = store_rule_protos(call->txn, cp->ruleid, &protos)) == STORE_OK)
		rc = store_item_get(call->txn, cp->ruleid, &src);
	if (rc != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else {
		rc = lld_copy_one(cp, &src, true);
		item_free(&src);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < protos.n; i++) {
		if ((rc = store_item_get(call->txn, protos.ids[i], &src)) != STORE_OK) {
			rc = rpc_fail_store(call, rc);
			break;
		}
		rc = lld_copy_one(cp, &src, false);
		item_free(&src);
		cp->protos++;
	}
	id_list_free(&protos);
	return rc;
}

/* An id as the API writes it ("123"). */
static cJSON *
lld_id_json(uint64_t id)
{
	char buf[24];

	return cJSON_CreateString(id_to_str(id, buf));
}

/* The string member of o, "" when absent. */
static const char *
lld_str(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));

	return v != NULL ? v : "";
}

/* {"discoveryids": [ruleid], "output": [fields...]} for a get of the source rule's objects. */
static cJSON *
lld_copy_get_params(uint64_t ruleid, const char *const *fields)
{
	cJSON *p = cJSON_CreateObject(), *out = cJSON_AddArrayToObject(p, "output");
	cJSON *ids = cJSON_AddArrayToObject(p, "discoveryids");

	cJSON_AddItemToArray(ids, lld_id_json(ruleid));
	for (size_t i = 0; fields[i] != NULL; i++)
		cJSON_AddItemToArray(out, cJSON_CreateString(fields[i]));
	return p;
}

static void
lld_copy_select(cJSON *p, const char *select, const char *const *fields)
{
	cJSON *a = cJSON_AddArrayToObject(p, select);

	for (size_t i = 0; fields[i] != NULL; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(fields[i]));
}

/* The id of the item of the target with the key of item itemid (text id in v), in place;
 * false when the source item or the target's is not there. */
static bool
lld_copy_item_id(struct lld_copy *cp, cJSON *v)
{
	struct item it;
	uint64_t id = 0, to;
	int rc;

	if (!id_from_json(v, &id) || id == 0)
		return true;
	if (store_item_get(cp->call->txn, id, &it) != STORE_OK)
		return false;
	rc = store_item_by_key(cp->call->txn, cp->t.h.hostid, it.f[ITEM_F_KEY], &to);
	item_free(&it);
	if (rc != STORE_OK)
		return false;
	char buf[24];
	cJSON_SetValuestring(v, id_to_str(to, buf));
	return true;
}

/* Whether any item of the list ([{itemid}] or [{itemid, type}]) is a web item (type 9). */
static bool
lld_copy_has_web(struct lld_copy *cp, const cJSON *items, const char *idkey)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, items) {
		struct item it;
		uint64_t id;
		bool web;

		if (!id_from_json(cJSON_GetObjectItemCaseSensitive(e, idkey), &id) ||
		    store_item_get(cp->call->txn, id, &it) != STORE_OK)
			continue;
		web = strcmp(it.f[ITEM_F_TYPE], "9") == 0;
		item_free(&it);
		if (web)
			return true;
	}
	return false;
}

/* Graph prototypes of one host (others skipped, as web ones), their items mapped by key. */
static int
lld_copy_graphs(struct lld_copy *cp)
{
	static const char *const fields[] = { "graphid", "name", "width", "height", "yaxismin",
		"yaxismax", "show_work_period", "show_triggers", "graphtype", "show_legend",
		"show_3d", "percent_left", "percent_right", "ymin_type", "ymax_type", "ymin_itemid",
		"ymax_itemid", "discover", NULL };
	static const char *const gitem[] = { "itemid", "drawtype", "sortorder", "color",
		"yaxisside", "calc_fnc", "type", NULL };
	static const char *const hosts[] = { "hostid", NULL };
	cJSON *p = lld_copy_get_params(cp->ruleid, fields), *src = NULL, *crt, *g, *gi;
	int rc;

	lld_copy_select(p, "selectGraphItems", gitem);
	lld_copy_select(p, "selectHosts", hosts);
	if ((rc = method_subcall(cp->call, &method_graphprototype_get, p, &src)) != RPC_COMMIT)
		return rc;
	crt = cJSON_CreateArray();
	cJSON_ArrayForEach(g, src) {
		cJSON *gitems = cJSON_GetObjectItemCaseSensitive(g, "gitems");
		bool ok = true;

		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "hosts")) > 1 ||
		    lld_copy_has_web(cp, gitems, "itemid"))
			continue;
		cJSON_ArrayForEach(gi, gitems)
			ok = ok && lld_copy_item_id(cp, cJSON_GetObjectItemCaseSensitive(gi, "itemid"));
		ok = ok && lld_copy_item_id(cp, cJSON_GetObjectItemCaseSensitive(g, "ymin_itemid")) &&
		    lld_copy_item_id(cp, cJSON_GetObjectItemCaseSensitive(g, "ymax_itemid"));
		if (!ok) {
			cJSON_Delete(src);
			cJSON_Delete(crt);
			return rpc_fail(cp->call, ERR_PARAM, "Missing \"itemid\" field for item.");
		}
		cJSON *o = cJSON_Duplicate(g, true);
		cJSON_DeleteItemFromObjectCaseSensitive(o, "graphid");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "hosts");
		cJSON_AddItemToArray(crt, o);
	}
	cJSON_Delete(src);
	if (cJSON_GetArraySize(crt) == 0) {
		cJSON_Delete(crt);
		return RPC_COMMIT;
	}
	return method_subcall(cp->call, &method_graphprototype_create, crt, NULL);
}

/* text with every "(/<from>/" (a query's host, always right after a function's parenthesis)
 * as "(/<to>/". Heap. */
static char *
lld_copy_rehost(const char *text, const char *from, const char *to)
{
	char *pat = xasprintf("(/%s/", from), *rep = xasprintf("(/%s/", to);
	size_t np = strlen(pat), nr = strlen(rep), n = 0;
	const char *s = text, *f;
	char *out;

	for (f = strstr(s, pat); f != NULL; f = strstr(f + np, pat))
		n++;
	out = xmalloc(strlen(text) + n * (nr > np ? nr - np : 0) + 1);
	out[0] = '\0';
	for (char *w = out; (f = strstr(s, pat)) != NULL; s = f + np) {
		memcpy(w, s, (size_t)(f - s));
		w += f - s;
		memcpy(w, rep, nr);
		w += nr;
		*w = '\0';
	}
	strcat(out, s);
	free(pat);
	free(rep);
	return out;
}

static void
lld_copy_rehost_member(cJSON *o, const char *name, const char *from, const char *to)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	char *x;

	if (!cJSON_IsString(v))
		return;
	x = lld_copy_rehost(v->valuestring, from, to);
	cJSON_SetValuestring(v, x);
	free(x);
}

/* A dependency of a copied trigger prototype that is not one of the copied ones: a trigger of
 * the source host becomes the target's trigger of its identity (refused when there is none);
 * any other stays. */
static int
lld_copy_dep(struct lld_copy *cp, const cJSON *src, uint64_t dep, uint64_t *out)
{
	struct trigger t;
	uint64_t to = dep;
	bool mine;
	int rc;

	*out = dep;
	if ((rc = store_trigger_get(cp->call->txn, dep, &t)) != STORE_OK)
		return rc == STORE_ENOTFOUND ? RPC_COMMIT : rpc_fail_store(cp->call, rc);
	mine = t.hostid == cp->src.hostid;
	if (mine && (rc = domain_trigger_on_host(cp->call->txn, dep, cp->t.h.hostid, &to)) !=
	    STORE_OK)
		rc = rpc_fail_store(cp->call, rc);
	else if (mine && to == dep)
		rc = rpc_fail(cp->call, ERR_PARAM, "Trigger prototype \"%s\" cannot depend on the "
		    "non-existent trigger \"%s\" on the %s \"%s\".",
		    lld_str(src, "description"),
		    t.f[TRIGGER_F_DESCRIPTION], host_is_template(&cp->t.h) ? "template" : "host",
		    cp->t.h.host);
	else {
		*out = to;
		rc = RPC_COMMIT;
	}
	trigger_free(&t);
	return rc;
}

/* The dependencies of the copies (created ids in new, in the order of src), as a
 * triggerprototype.update list (NULL when none has any). */
static int
lld_copy_deps(struct lld_copy *cp, const cJSON *src, const cJSON *newids, cJSON **upd)
{
	const cJSON *s, *d;
	int i = 0, rc = RPC_COMMIT;

	*upd = NULL;
	cJSON_ArrayForEach(s, src) {
		const cJSON *deps = cJSON_GetObjectItemCaseSensitive(s, "dependencies");
		cJSON *o, *list;

		if (cJSON_GetArraySize(deps) == 0) {
			i++;
			continue;
		}
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "triggerid",
		    cJSON_Duplicate(cJSON_GetArrayItem(newids, i), true));
		list = cJSON_AddArrayToObject(o, "dependencies");
		cJSON_ArrayForEach(d, deps) {
			uint64_t dep = 0, to = 0;
			const cJSON *e;
			int k = 0;

			id_from_json(cJSON_GetObjectItemCaseSensitive(d, "triggerid"), &dep);
			cJSON_ArrayForEach(e, src) {	/* one of the rule's own: its copy */
				uint64_t sid = 0;

				id_from_json(cJSON_GetObjectItemCaseSensitive(e, "triggerid"), &sid);
				if (sid == dep)
					id_from_json(cJSON_GetArrayItem(newids, k), &to);
				k++;
			}
			if (to == 0 && (rc = lld_copy_dep(cp, s, dep, &to)) != RPC_COMMIT)
				break;
			cJSON *x = cJSON_CreateObject();
			cJSON_AddItemToObject(x, "triggerid", lld_id_json(to));
			cJSON_AddItemToArray(list, x);
		}
		if (*upd == NULL)
			*upd = cJSON_CreateArray();
		cJSON_AddItemToArray(*upd, o);
		if (rc != RPC_COMMIT)
			break;
		i++;
	}
	if (rc != RPC_COMMIT) {
		cJSON_Delete(*upd);
		*upd = NULL;
	}
	return rc;
}

/* Trigger prototypes (those on web items skipped), their queries of the source host moved to
 * the target, then their dependencies. */
static int
lld_copy_triggers(struct lld_copy *cp)
{
	static const char *const fields[] = { "triggerid", "expression", "description", "url",
		"status", "priority", "comments", "type", "recovery_mode", "recovery_expression",
		"correlation_mode", "correlation_tag", "opdata", "discover", "event_name", NULL };
	static const char *const items[] = { "itemid", "type", NULL };
	static const char *const tags[] = { "tag", "value", NULL };
	static const char *const deps[] = { "triggerid", NULL };
	cJSON *p = lld_copy_get_params(cp->ruleid, fields), *src = NULL, *crt, *res = NULL, *t;
	cJSON *upd = NULL;
	int rc;

	lld_copy_select(p, "selectItems", items);
	lld_copy_select(p, "selectTags", tags);
	lld_copy_select(p, "selectDependencies", deps);
	cJSON_AddTrueToObject(p, "expandExpression");
	if ((rc = method_subcall(cp->call, &method_triggerprototype_get, p, &src)) != RPC_COMMIT)
		return rc;
	crt = cJSON_CreateArray();
	for (t = src != NULL ? src->child : NULL; t != NULL;) {
		cJSON *next = t->next, *o;

		if (lld_copy_has_web(cp, cJSON_GetObjectItemCaseSensitive(t, "items"), "itemid")) {
			cJSON_Delete(cJSON_DetachItemViaPointer(src, t));
			t = next;
			continue;
		}
		o = cJSON_Duplicate(t, true);
		cJSON_DeleteItemFromObjectCaseSensitive(o, "triggerid");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "items");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "dependencies");
		lld_copy_rehost_member(o, "expression", cp->src.host, cp->t.h.host);
		if (strcmp(lld_str(o, "recovery_mode"), "1") == 0)
			lld_copy_rehost_member(o, "recovery_expression", cp->src.host, cp->t.h.host);
		cJSON_AddItemToArray(crt, o);
		t = next;
	}
	if (cJSON_GetArraySize(crt) == 0) {
		cJSON_Delete(crt);
		cJSON_Delete(src);
		return RPC_COMMIT;
	}
	rc = method_subcall(cp->call, &method_triggerprototype_create, crt, &res);
	if (rc == RPC_COMMIT)
		rc = lld_copy_deps(cp, src, cJSON_GetObjectItemCaseSensitive(res, "triggerids"), &upd);
	if (rc == RPC_COMMIT && upd != NULL)
		rc = method_subcall(cp->call, &method_triggerprototype_update, upd, NULL);
	cJSON_Delete(res);
	cJSON_Delete(src);
	return rc;
}

/* One rule onto one host or template, as Zabbix: the rule, its item prototypes, then (when
 * there were any) its graph and trigger prototypes, then its host prototypes. */
static int
lld_copy_rule(struct rpc_call *call, uint64_t ruleid, uint64_t hostid)
{
	struct lld_copy cp = { .call = call, .ruleid = ruleid };
	struct item rule;
	int rc;

	if ((rc = store_item_get(call->txn, ruleid, &rule)) == STORE_OK) {
		rc = store_host_get(call->txn, rule.hostid, &cp.src);
		item_free(&rule);
	}
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = store_host_get(call->txn, hostid, &cp.t.h)) != STORE_OK) {
		host_free(&cp.src);
		return rpc_fail_store(call, rc);
	}
	if ((rc = inherit_kind_item.target_load(call->txn, &cp.t)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else if ((rc = lld_copy_items(&cp)) == RPC_COMMIT && cp.protos > 0 &&
	    (rc = lld_copy_graphs(&cp)) == RPC_COMMIT)
		rc = lld_copy_triggers(&cp);
	if (rc == RPC_COMMIT)
		rc = hproto_copy_rule(call, cp.ruleid, cp.newid);
	inherit_kind_item.target_free(&cp.t);
	host_free(&cp.t.h);
	host_free(&cp.src);
	return rc;
}

/* The ids of a member (an id or a list of them): every one must be a rule the caller may
 * read, or a host or template the caller may edit. */
static int
lld_copy_ids(struct rpc_call *call, const cJSON *v, bool rules, struct id_list *out)
{
	const cJSON *e;

	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v)
			if (lld_copy_ids(call, e, rules, out) != RPC_COMMIT)
				return RPC_ROLLBACK;
		return RPC_COMMIT;
	}
	uint64_t id, hostid = 0;
	struct item it;
	struct host h;
	int rc;

	if (!id_from_json(v, &id))
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rules && (rc = store_item_get(call->txn, id, &it)) == STORE_OK) {
		rc = item_has_flags(&it, ITEM_FLAGS_RULE) ? STORE_OK : STORE_ENOTFOUND;
		hostid = it.hostid;
		item_free(&it);
	} else if (!rules && (rc = store_host_get(call->txn, id, &h)) == STORE_OK) {
		hostid = id;
		host_free(&h);
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = access_host_must(call, hostid, !rules, ERR_NOT_FOUND)) != RPC_COMMIT)
		return rc;
	/* a rule named twice fails Zabbix's count of the rules found; a host twice is one */
	if (!id_list_add_unique(out, id) && rules)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	return RPC_COMMIT;
}

static enum rpc_result
lld_copy_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(params, "discoveryids");
	const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(params, "hostids");
	struct id_list r = { 0 }, h = { 0 };
	int rc;

	if (!get_truthy(rules))
		return rpc_fail(call, ERR_PARAM, "No discovery rule IDs given.");
	if (!get_truthy(hosts))
		return rpc_fail(call, ERR_PARAM, "No host IDs given.");
	if ((rc = lld_copy_ids(call, hosts, false, &h)) == RPC_COMMIT)
		rc = lld_copy_ids(call, rules, true, &r);
	for (size_t i = 0; rc == RPC_COMMIT && i < r.n; i++)
		for (size_t j = 0; rc == RPC_COMMIT && j < h.n; j++)
			rc = lld_copy_rule(call, r.ids[i], h.ids[j]);
	id_list_free(&r);
	id_list_free(&h);
	return rc == RPC_COMMIT ? rpc_ok(call, cJSON_CreateTrue()) : rc;
}

static const struct rule_field lld_copy_fields[] = {
	{ "discoveryids", { .type = RULE_ANY } },
	{ "hostids", { .type = RULE_ANY } },
	{ NULL, { 0 } },
};
static const struct rule lld_copy_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = lld_copy_fields };

const struct rpc_method method_discoveryrule_copy = {
	.name = "discoveryrule.copy", .flags = RPC_WRITE, .params = &lld_copy_params,
	.exec = lld_copy_exec,
};
