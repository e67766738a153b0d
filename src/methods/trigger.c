/* trigger.c: trigger.create, trigger.update, trigger.delete, trigger.adddependencies and
 * trigger.deletedependencies as Zabbix 6.0's CTrigger does them, with inheritance to the hosts
 * below a template; triggerprototype.create/update/delete (CTriggerPrototype) through the same
 * code with a flavor (triggers of flags 2 on item prototypes of one LLD rule). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the rules ---- */

/* An expression's syntax and functions (API_TRIGGER_EXPRESSION) in a mode; "" is left to
 * the flags. */
static char *
trigger_rule_check_in(const cJSON *v, unsigned mode)
{
	char *cause = NULL;

	if (v->valuestring[0] == '\0')
		return NULL;
	expr_parse(v->valuestring, mode, NULL, &cause);
	return cause;
}

static char *
trigger_rule_check_expression(const cJSON *v)
{
	return trigger_rule_check_in(v, EXPR_TRIGGER);
}

/* A prototype's expressions may use LLD macros (API_ALLOW_LLD_MACRO). */
static char *
tproto_rule_check_expression(const cJSON *v)
{
	return trigger_rule_check_in(v, EXPR_TRIGGER | EXPR_LLD);
}

static const char *const trigger_uniq_dep[] = { "triggerid", NULL };
static const struct rule_field trigger_dep_fields[] = {
	{ "triggerid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule trigger_dep_rule = { .type = RULE_OBJECT, .fields = trigger_dep_fields };

#define TRIGGER_RULE_FIELDS(expr_flags, expr_check) \
	{ "uuid", { .type = RULE_STRING } }, \
	{ "description", { .type = RULE_STRING, .flags = (expr_flags), .length = 255 } }, \
	{ "expression", { .type = RULE_STRING, .flags = (expr_flags), \
	    .check = (expr_check) } }, \
	{ "event_name", { .type = RULE_STRING, .length = 2048 } }, \
	{ "opdata", { .type = RULE_STRING, .length = 255 } }, \
	{ "comments", { .type = RULE_STRING, .length = 65535 } }, \
	{ "priority", { .type = RULE_INT32, .in = "0,1,2,3,4,5" } }, \
	{ "status", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "type", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "url", { .type = RULE_STRING, .length = 2048 } }, \
	{ "recovery_mode", { .type = RULE_INT32, .in = "0,1,2" } }, \
	{ "recovery_expression", { .type = RULE_STRING, \
	    .check = (expr_check) } }, \
	{ "correlation_mode", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "correlation_tag", { .type = RULE_STRING, .length = 255 } }, \
	{ "manual_close", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "tags", { .ref = &host_tags_rule } }, \
	{ "dependencies", { .type = RULE_OBJECTS, .elem = &trigger_dep_rule, \
	    .uniq = trigger_uniq_dep } }

static const struct rule_field trigger_create_fields[] = {
	TRIGGER_RULE_FIELDS(RULE_REQUIRED | RULE_NOT_EMPTY, trigger_rule_check_expression),
	{ NULL, { 0 } },
};
static const struct rule_field trigger_update_fields[] = {
	{ "triggerid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	TRIGGER_RULE_FIELDS(RULE_NOT_EMPTY, trigger_rule_check_expression),
	{ NULL, { 0 } },
};
/* Trigger prototypes: the same fields and discover. */
#define TPROTO_DISCOVER { "discover", { .type = RULE_INT32, .in = "0,1" } }
static const struct rule_field tproto_create_fields[] = {
	TRIGGER_RULE_FIELDS(RULE_REQUIRED | RULE_NOT_EMPTY, tproto_rule_check_expression),
	TPROTO_DISCOVER,
	{ NULL, { 0 } },
};
static const struct rule_field tproto_update_fields[] = {
	{ "triggerid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	TRIGGER_RULE_FIELDS(RULE_NOT_EMPTY, tproto_rule_check_expression), TPROTO_DISCOVER,
	{ NULL, { 0 } },
};
static const char *const trigger_create_uniq[] = { "uuid", "description,expression", NULL };
static const char *const trigger_update_uniq[] = { "description,expression", NULL };
/* The params rules of <p>.create and <p>.update over p's fields. */
#define TRIGGER_WRITE_RULES(p) \
static const struct rule p##_create_elem = { .type = RULE_OBJECT, \
	.fields = p##_create_fields }; \
static const struct rule p##_update_elem = { .type = RULE_OBJECT, \
	.fields = p##_update_fields }; \
static const struct rule p##_create_params = { .type = RULE_OBJECTS, \
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &p##_create_elem, \
	.uniq = trigger_create_uniq }; \
static const struct rule p##_update_params = { .type = RULE_OBJECTS, \
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &p##_update_elem, \
	.uniq = trigger_update_uniq }
TRIGGER_WRITE_RULES(trigger);
TRIGGER_WRITE_RULES(tproto);
static const struct rule trigger_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

static const struct rule_field trigger_adddep_fields[] = {
	{ "triggerid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "dependsOnTriggerid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const char *const trigger_adddep_uniq[] = { "triggerid,dependsOnTriggerid", NULL };
static const struct rule trigger_adddep_elem = { .type = RULE_OBJECT,
	.fields = trigger_adddep_fields };
static const struct rule trigger_adddep_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &trigger_adddep_elem,
	.uniq = trigger_adddep_uniq };
static const char *const trigger_deldep_uniq[] = { "triggerid", NULL };
static const struct rule trigger_deldep_params = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &trigger_dep_rule,
	.uniq = trigger_deldep_uniq };

/* ---- one object of a create or update ---- */

/* What a method writes: triggers (flags 0) or trigger prototypes (flags 2). name, noun: the
 * object in error texts; accept: a bit per flags value the method may name (1 << flags). */
struct trigger_flavor {
	bool		 proto;
	const char	*name, *noun;
	unsigned	 accept;
};
static const struct trigger_flavor trigger_flavor_plain = { false, "Trigger", "trigger", 1u };
static const struct trigger_flavor trigger_flavor_proto = { true, "Trigger prototype",
	"trigger prototype", 4u };
/* a dependency may be a trigger or (of a prototype) a prototype */
#define TRIGGER_ACCEPT_ANY	5u

struct trigger_in {
	const struct trigger_flavor *fl;
	const cJSON	*obj;
	size_t		 idx;
	struct trigger	 old, new;	/* new: expressions as written until trigger_resolve */
	bool		 sent[TRIGGER_F__COUNT];
	bool		 tags, deps, expression;	/* sent; the expressions changed */
	char		*written, *rwritten;		/* the stored ones written out (update) */
};

static void
trigger_in_free(struct trigger_in *in)
{
	trigger_free(&in->old);
	trigger_free(&in->new);
	free(in->written);
	free(in->rwritten);
}

static const char *
trigger_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The trigger a call names, as the caller may edit it: the one place where who may write a
 * trigger is decided (the caller's rights on every host of its items). An unknown or
 * not editable id is -32500 NO_PERMISSIONS. RPC_COMMIT with *t filled (trigger_free), or
 * RPC_ROLLBACK. */
static int
trigger_must(struct rpc_call *call, uint64_t id, unsigned accept, struct trigger *t)
{
	struct id_list hosts = { 0 };
	bool ok = true;
	int rc = store_trigger_get(call->txn, id, t);

	if (rc == STORE_OK && !(accept & (1u << (atoi(t->f[TRIGGER_F_FLAGS]) & 7)))) {
		trigger_free(t);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (call->rights != NULL && (rc = trigger_hosts_of(call->txn, id, &hosts)) == STORE_OK)
		rc = access_hosts_allow(call, &hosts, true, &ok);
	id_list_free(&hosts);
	if (rc == STORE_OK && ok)
		return RPC_COMMIT;
	trigger_free(t);
	return rc != STORE_OK ? rpc_fail_store(call, rc) : rpc_fail(call, ERR_NOT_FOUND,
	    NO_PERMISSIONS);
}

/* The fields, tags and dependencies sent (already valid). */
static void
trigger_take(struct trigger_in *in)
{
	const cJSON *v, *e;

	cJSON_ArrayForEach(v, in->obj) {
		int f = trigger_field_find(v->string);
		char *text;

		if (strcmp(v->string, "tags") == 0) {
			tag_list_free(&in->new.tags);
			cJSON_ArrayForEach(e, v)
				tag_list_add(&in->new.tags, trigger_str(e, "tag"), trigger_str(e, "value"));
			in->tags = true;
		} else if (strcmp(v->string, "dependencies") == 0) {
			id_list_free(&in->new.deps);
			cJSON_ArrayForEach(e, v) {
				uint64_t id = 0;

				id_from_json(cJSON_GetObjectItemCaseSensitive(e, "triggerid"), &id);
				id_list_add(&in->new.deps, id);
			}
			in->deps = true;
		} else if (f >= 0 && (text = util_json_scalar_text(v, "0")) != NULL) {
			free(in->new.f[f]);
			in->new.f[f] = text;
			in->sent[f] = true;
		}
	}
}

/* CTriggerGeneral's recovery and correlation rules, in its order. */
static int
trigger_check_modes(struct rpc_call *call, const struct trigger *t)
{
	const char *rm = t->f[TRIGGER_F_RECOVERY_MODE], *cm = t->f[TRIGGER_F_CORRELATION_MODE];
	const char *rexpr = t->f[TRIGGER_F_RECOVERY_EXPRESSION];
	const char *tag = t->f[TRIGGER_F_CORRELATION_TAG];

	if (strcmp(rm, "1") == 0 && rexpr[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"recovery_expression\": "
		    "cannot be empty.");
	if (strcmp(rm, "1") != 0 && rexpr[0] != '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"recovery_expression\": "
		    "should be empty.");
	if (strcmp(cm, "1") == 0 && strcmp(rm, "2") == 0)
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"correlation_mode\": "
		    "unexpected value \"%s\".", cm);
	if (strcmp(cm, "1") == 0 && tag[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"correlation_tag\": "
		    "cannot be empty.");
	if (strcmp(cm, "1") != 0 && tag[0] != '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"correlation_tag\": "
		    "should be empty.");
	return RPC_COMMIT;
}

/* One call of the expressions: its host and item, as implode_expressions checks them. */
static int
trigger_resolve_call(struct rpc_call *call, const struct trigger_call *c, bool proto,
    uint64_t *itemid, unsigned *mask, uint64_t *hostid, uint64_t *ruleid)
{
	struct item it;
	struct host h;
	bool ok = true;
	int rc = store_host_by_name(call->txn, c->host, hostid);

	/* a host the caller may not edit is one it has no access to */
	if (rc == STORE_OK)
		rc = perm_host_allows(call->txn, call->rights, *hostid, true, &ok);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && !ok))
		return rpc_fail(call, ERR_PARAM, "Incorrect trigger expression. Host \"%s\" does not "
		    "exist or you have no access to this host.", c->host);
	if (rc != STORE_OK || (rc = store_host_get(call->txn, *hostid, &h)) != STORE_OK)
		return rpc_fail_store(call, rc);
	*mask |= host_is_template(&h) ? 1 : 2;
	host_free(&h);
	rc = store_item_by_key_for(call->txn, *hostid, c->key, 0, itemid);
	if (rc == STORE_OK && (rc = store_item_get(call->txn, *itemid, &it)) == STORE_OK) {
		const char *flags = it.f[ITEM_F_FLAGS];

		*ruleid = 0;
		if (strcmp(flags, ITEM_FLAGS_PROTO) == 0)
			util_parse_u64(lld_doc_str(it.lld, "ruleid"), ruleid);
		/* a trigger uses plain items; a prototype plain items and item prototypes */
		if (strcmp(flags, ITEM_FLAGS_RULE) == 0 || (!proto && *ruleid != 0)) {
			item_free(&it);
			rc = STORE_ENOTFOUND;
		}
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, "Incorrect item key \"%s\" provided for trigger "
		    "expression on \"%s\".", c->key, c->host);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = atoi(it.f[ITEM_F_VALUE_TYPE]);
	item_free(&it);
	if (!(expr_hist_value_types(c->name, strlen(c->name)) & (1u << (rc & 7)))) {
		static const char *const names[] = { "Numeric (float)", "Character", "Log",
			"Numeric (unsigned)", "Text" };

		return rpc_fail(call, ERR_PARAM, "Incorrect item value type \"%s\" provided for "
		    "trigger function \"%s\".", rc >= 0 && rc <= 4 ? names[rc] : "", c->name);
	}
	return RPC_COMMIT;
}

/* The written expressions of in->new made stored: every call a function on its item, and
 * the trigger's host the first function's. */
static int
trigger_resolve(struct rpc_call *call, struct trigger_in *in)
{
	struct trigger_calls calls = { 0 };
	struct id_list rules = { 0 };
	struct trigger *t = &in->new;
	uint64_t *fids;
	unsigned mask = 0;
	char *cause = NULL, *x;
	int rc = RPC_COMMIT;

	trigger_expr_calls(t->f[TRIGGER_F_EXPRESSION], &calls, &cause);
	free(cause);
	cause = NULL;
	if (strcmp(t->f[TRIGGER_F_RECOVERY_MODE], "1") == 0)
		trigger_expr_calls(t->f[TRIGGER_F_RECOVERY_EXPRESSION], &calls, &cause);
	free(cause);
	fids = xcalloc(calls.n + 1, sizeof *fids);
	trigger_fns_clear(t);
	for (size_t i = 0; rc == RPC_COMMIT && i < calls.n; i++) {
		uint64_t itemid, hostid, ruleid = 0;

		if ((rc = trigger_resolve_call(call, &calls.v[i], in->fl->proto, &itemid, &mask,
		    &hostid, &ruleid)) != RPC_COMMIT)
			break;
		if (ruleid != 0)
			id_list_add_unique(&rules, ruleid);
		if (i == 0)
			t->hostid = hostid;
		if ((rc = store_trigger_function_id(call->txn, &fids[i])) != STORE_OK) {
			rc = rpc_fail_store(call, rc);
			break;
		}
		trigger_fn_add(t, fids[i], itemid, calls.v[i].name, calls.v[i].parameter);
	}
	if (rc == RPC_COMMIT && mask == 3)
		rc = rpc_fail(call, ERR_PARAM, "Incorrect trigger expression. Trigger expression "
		    "elements should not belong to a template and a host simultaneously.");
	if (rc == RPC_COMMIT && in->fl->proto && rules.n != 1)
		rc = rpc_fail(call, ERR_PARAM, rules.n == 0 ? "Trigger prototype \"%s\" must "
		    "contain at least one item prototype." : "Trigger prototype \"%s\" contains "
		    "item prototypes from multiple discovery rules.", t->f[TRIGGER_F_DESCRIPTION]);
	if (rc == RPC_COMMIT) {
		x = trigger_expr_collapse(t->f[TRIGGER_F_EXPRESSION], &calls, fids);
		trigger_set(t, TRIGGER_F_EXPRESSION, x);
		free(x);
		x = trigger_expr_collapse(t->f[TRIGGER_F_RECOVERY_EXPRESSION], &calls, fids);
		trigger_set(t, TRIGGER_F_RECOVERY_EXPRESSION, x);
		free(x);
	}
	free(fids);
	id_list_free(&rules);
	trigger_calls_free(&calls);
	return rc;
}

/* The same description and expressions on the trigger's host (not itself). */
static int
trigger_check_unique(struct rpc_call *call, const struct trigger_flavor *fl, struct trigger *t)
{
	char *name;
	uint64_t id;
	int rc;

	free(t->ikey);
	t->ikey = NULL;
	if ((rc = domain_trigger_ikey(call->txn, t, &t->ikey)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = store_trigger_by_key(call->txn, t->hostid, t->ikey, &id);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && id == t->triggerid))
		return RPC_COMMIT;
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	name = domain_host_name(call->txn, t->hostid);
	rc = rpc_fail(call, ERR_PARAM, "%s \"%s\" already exists on \"%s\".", fl->name,
	    t->f[TRIGGER_F_DESCRIPTION], name);
	free(name);
	return rc;
}

/* ---- dependencies ---- */

static char *
trigger_description(struct rpc_call *call, uint64_t id)
{
	struct trigger t;
	char *out;

	if (store_trigger_get(call->txn, id, &t) != STORE_OK)
		return xstrdup("");
	out = xstrdup(t.f[TRIGGER_F_DESCRIPTION]);
	trigger_free(&t);
	return out;
}

/* The path from `from` down its dependents to `to` (breadth first), appended to path
 * without from; false when there is none. */
static bool
trigger_dep_path(struct rpc_call *call, uint64_t from, uint64_t to, struct id_list *path)
{
	struct id_list queue = { 0 }, parent = { 0 };
	struct id_set seen = { 0 };
	size_t found = SIZE_MAX;

	id_list_add(&queue, from), id_list_add(&parent, 0);
	id_set_add(&seen, from);
	for (size_t i = 0; found == SIZE_MAX && i < queue.n; i++) {
		struct id_list down = { 0 };

		store_trigger_dependents(call->txn, queue.ids[i], &down);
		for (size_t k = 0; k < down.n; k++) {
			if (!id_set_add(&seen, down.ids[k]))
				continue;
			id_list_add(&queue, down.ids[k]);
			id_list_add(&parent, i);
			if (down.ids[k] == to) {
				found = queue.n - 1;
				break;
			}
		}
		id_list_free(&down);
	}
	if (found != SIZE_MAX) {
		size_t start = path->n;

		for (size_t i = found; i != 0; i = (size_t)parent.ids[i])
			id_list_add(path, queue.ids[i]);
		for (size_t a = start, b = path->n - 1; a < b; a++, b--) {
			uint64_t x = path->ids[a];

			path->ids[a] = path->ids[b], path->ids[b] = x;
		}
	}
	id_list_free(&queue), id_list_free(&parent), id_set_free(&seen);
	return found != SIZE_MAX;
}

/* Trigger id may depend on up: up exists, and no circular linkage would occur. */
static int
trigger_check_dep(struct rpc_call *call, uint64_t id, const char *name, uint64_t up,
    unsigned accept)
{
	struct id_list path = { 0 };
	struct trigger t;
	char *text, *upname;
	int rc;

	if (trigger_must(call, up, accept, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	upname = xstrdup(t.f[TRIGGER_F_DESCRIPTION]);
	trigger_free(&t);
	if (up != id && (id == 0 || !trigger_dep_path(call, id, up, &path))) {
		free(upname);
		return RPC_COMMIT;
	}
	text = xasprintf("\"%s\" -> \"%s\"", upname, name);
	for (size_t i = 0; i < path.n; i++) {
		char *d = trigger_description(call, path.ids[i]), *next;

		next = xasprintf("%s -> \"%s\"", text, d);
		free(text), free(d);
		text = next;
	}
	rc = rpc_fail(call, ERR_PARAM, "Trigger \"%s\" cannot depend on the trigger \"%s\", because "
	    "a circular linkage (%s) would occur.", name, upname, text);
	free(text), free(upname);
	id_list_free(&path);
	return rc;
}

static int
trigger_check_deps(struct rpc_call *call, const struct trigger *t)
{
	for (size_t i = 0; i < t->deps.n; i++)
		if (trigger_check_dep(call, t->triggerid, t->f[TRIGGER_F_DESCRIPTION],
		    t->deps.ids[i], strcmp(t->f[TRIGGER_F_FLAGS], "2") == 0 ?
		    TRIGGER_ACCEPT_ANY : 1u) != RPC_COMMIT)
			return RPC_ROLLBACK;
	return RPC_COMMIT;
}

/* ---- update ---- */

/* On an inherited trigger, CTriggerGeneral's read-only fields. */
static const char *const trigger_read_only[] = { "description", "expression", "recovery_mode",
	"recovery_expression", "correlation_mode", "correlation_tag", "manual_close", NULL };

/* A field of the stored trigger unless it was sent. */
static void
trigger_keep(struct trigger_in *in, enum trigger_field f, bool keep, const char *other)
{
	if (!in->sent[f])
		trigger_set(&in->new, f, keep ? in->old.f[f] : other);
}

/* The stored trigger, the refusals on a copy, the fields sent and the implied ones. */
static int
trigger_update_prepare(struct rpc_call *call, struct trigger_in *in)
{
	const char *desc = trigger_str(in->obj, "description");
	uint64_t id = 0;

	id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "triggerid"), &id);
	trigger_free(&in->old);
	if (trigger_must(call, id, in->fl->accept, &in->old) != RPC_COMMIT) {
		trigger_init(&in->old);
		return RPC_ROLLBACK;
	}
	for (size_t i = 0; in->old.templateid != 0 && trigger_read_only[i] != NULL; i++)
		if (cJSON_GetObjectItemCaseSensitive(in->obj, trigger_read_only[i]) != NULL)
			return rpc_fail(call, ERR_PARAM, "Cannot update \"%s\" for templated %s "
			    "\"%s\".", trigger_read_only[i], in->fl->noun, desc != NULL ? desc :
			    in->old.f[TRIGGER_F_DESCRIPTION]);
	in->written = domain_trigger_written(call->txn, &in->old, TRIGGER_F_EXPRESSION);
	in->rwritten = domain_trigger_written(call->txn, &in->old, TRIGGER_F_RECOVERY_EXPRESSION);
	trigger_free(&in->new);
	trigger_dup(&in->new, &in->old);
	trigger_set(&in->new, TRIGGER_F_EXPRESSION, in->written);
	trigger_take(in);
	trigger_keep(in, TRIGGER_F_RECOVERY_EXPRESSION,
	    strcmp(in->new.f[TRIGGER_F_RECOVERY_MODE], "1") == 0, "");
	if (!in->sent[TRIGGER_F_RECOVERY_EXPRESSION] &&
	    strcmp(in->new.f[TRIGGER_F_RECOVERY_MODE], "1") == 0)
		trigger_set(&in->new, TRIGGER_F_RECOVERY_EXPRESSION, in->rwritten);
	trigger_keep(in, TRIGGER_F_CORRELATION_MODE,
	    strcmp(in->new.f[TRIGGER_F_RECOVERY_MODE], "2") != 0, "0");
	trigger_keep(in, TRIGGER_F_CORRELATION_TAG,
	    strcmp(in->new.f[TRIGGER_F_CORRELATION_MODE], "1") == 0, "");
	in->expression = strcmp(in->new.f[TRIGGER_F_EXPRESSION], in->written) != 0 ||
	    strcmp(in->new.f[TRIGGER_F_RECOVERY_EXPRESSION], in->rwritten) != 0;
	return RPC_COMMIT;
}

/* The trigger as stored now, changed; its copies follow what was sent. */
static int
trigger_update_one(struct rpc_call *call, struct trigger_in *in)
{
	struct inherit_trigger_edit ed = { in->sent, in->tags, in->deps, in->expression,
		call->txn };
	struct trigger cur;
	int rc;

	if (in->expression) {
		if ((rc = trigger_resolve(call, in)) != RPC_COMMIT)
			return rc;
		ed.sent = in->sent;
	} else {
		trigger_set(&in->new, TRIGGER_F_EXPRESSION, in->old.f[TRIGGER_F_EXPRESSION]);
		trigger_set(&in->new, TRIGGER_F_RECOVERY_EXPRESSION,
		    in->old.f[TRIGGER_F_RECOVERY_EXPRESSION]);
	}
	if ((in->expression || in->sent[TRIGGER_F_DESCRIPTION]) &&
	    (rc = trigger_check_unique(call, in->fl, &in->new)) != RPC_COMMIT)
		return rc;
	if (in->deps && (rc = trigger_check_deps(call, &in->new)) != RPC_COMMIT)
		return rc;
	/* an earlier object of the call may have changed it (its dependencies) */
	if ((rc = store_trigger_get(call->txn, in->old.triggerid, &cur)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (!in->deps) {
		id_list_free(&in->new.deps);
		for (size_t i = 0; i < cur.deps.n; i++)
			id_list_add(&in->new.deps, cur.deps.ids[i]);
	}
	rc = store_trigger_update(call->txn, &cur, &in->new);
	trigger_free(&cur);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return method_done(inherit_edited(call->txn, &inherit_kind_trigger, &in->new, &ed,
	    &call->err));
}

/* ---- create ---- */

static int
trigger_create_one(struct rpc_call *call, struct trigger_in *in)
{
	struct host h;
	char uuid[33];
	int rc;

	if (in->fl->proto)
		trigger_set(&in->new, TRIGGER_F_FLAGS, "2");
	if ((rc = trigger_resolve(call, in)) != RPC_COMMIT ||
	    (rc = trigger_check_unique(call, in->fl, &in->new)) != RPC_COMMIT ||
	    (rc = trigger_check_deps(call, &in->new)) != RPC_COMMIT)
		return rc;
	if ((rc = store_host_get(call->txn, in->new.hostid, &h)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (!host_is_template(&h))
		trigger_set(&in->new, TRIGGER_F_UUID, "");
	else if (in->new.f[TRIGGER_F_UUID][0] == '\0' && host_uuid_new(uuid) == 0)
		trigger_set(&in->new, TRIGGER_F_UUID, uuid);
	host_free(&h);
	if ((rc = store_trigger_create(call->txn, &in->new)) != STORE_OK)
		return rpc_fail_store(call, rc);
	return method_done(inherit_created(call->txn, &inherit_kind_trigger, &in->new, 1,
	    &call->err));
}

/* The objects in order: every one's fields and modes first, then each one written. */
static enum rpc_result
trigger_write(struct rpc_call *call, cJSON *params, const struct trigger_flavor *fl,
    bool update)
{
	size_t n = (size_t)cJSON_GetArraySize(params), i = 0;
	struct trigger_in *in = xcalloc(n + 1, sizeof *in);
	struct id_list ids = { 0 };
	const cJSON *obj;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params) {
		in[i].obj = obj, in[i].idx = i, in[i].fl = fl;
		trigger_init(&in[i].old);
		trigger_init(&in[i].new);
		i++;
	}
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = update ? trigger_update_prepare(call, &in[i]) : RPC_COMMIT;
	for (i = 0; !update && i < n; i++)
		trigger_take(&in[i]);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		rc = trigger_check_modes(call, &in[i].new);
	for (i = 0; rc == RPC_COMMIT && i < n; i++) {
		rc = update ? trigger_update_one(call, &in[i]) : trigger_create_one(call, &in[i]);
		id_list_add(&ids, in[i].new.triggerid);
	}
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("triggerids", ids.ids, ids.n));
	for (i = 0; i < n; i++)
		trigger_in_free(&in[i]);
	free(in);
	id_list_free(&ids);
	return rc;
}

static enum rpc_result
trigger_create_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_write(call, params, &trigger_flavor_plain, false);
}

static enum rpc_result
trigger_update_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_write(call, params, &trigger_flavor_plain, true);
}

/* ---- delete ---- */

/* One trigger (or prototype) of a delete: unknown is -32500, an inherited copy cannot go on
 * its own. */
static int
trigger_delete_check(struct rpc_call *call, uint64_t id, const void *ctx)
{
	const struct trigger_flavor *fl = ctx;
	struct trigger t;
	int rc;

	if ((rc = trigger_must(call, id, fl->accept, &t)) != RPC_COMMIT)
		return rc;
	if (t.templateid != 0) {
		char *x = domain_trigger_written(call->txn, &t, TRIGGER_F_EXPRESSION);

		rc = rpc_fail(call, ERR_PARAM, "Cannot delete templated %s \"%s:%s\".",
		    fl->noun, t.f[TRIGGER_F_DESCRIPTION], x);
		free(x);
	}
	trigger_free(&t);
	return rc;
}

static enum rpc_result
trigger_delete_run(struct rpc_call *call, cJSON *params, const struct trigger_flavor *fl)
{
	const struct method_delete d = { .key = "triggerids", .check = trigger_delete_check,
		.kind = &inherit_kind_trigger, .ctx = fl };

	return method_delete_run(call, params, &d);
}

static enum rpc_result
trigger_delete_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_delete_run(call, params, &trigger_flavor_plain);
}

static enum rpc_result
tproto_create_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_write(call, params, &trigger_flavor_proto, false);
}

static enum rpc_result
tproto_update_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_write(call, params, &trigger_flavor_proto, true);
}

static enum rpc_result
tproto_delete_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_delete_run(call, params, &trigger_flavor_proto);
}

/* ---- dependencies ---- */

/* The trigger's dependencies replaced by deps, and sent down to its copies. */
static int
trigger_deps_write(struct rpc_call *call, struct trigger *cur, const struct id_list *deps)
{
	bool sent[TRIGGER_F__COUNT] = { false };
	struct inherit_trigger_edit ed = { sent, false, true, false, call->txn };
	struct trigger next;
	int rc;

	trigger_dup(&next, cur);
	id_list_free(&next.deps);
	for (size_t i = 0; i < deps->n; i++)
		id_list_add(&next.deps, deps->ids[i]);
	if ((rc = store_trigger_update(call->txn, cur, &next)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	else
		rc = method_done(inherit_edited(call->txn, &inherit_kind_trigger, &next, &ed,
		    &call->err));
	trigger_free(&next);
	return rc;
}

/* One {triggerid, dependsOnTriggerid}: both known, not there yet, no circular linkage. */
static int
trigger_adddep_one(struct rpc_call *call, const cJSON *obj, struct id_list *ids)
{
	uint64_t id = 0, up = 0;
	struct trigger t;
	struct id_list deps = { 0 };
	int rc;

	id_from_json(cJSON_GetObjectItemCaseSensitive(obj, "triggerid"), &id);
	id_from_json(cJSON_GetObjectItemCaseSensitive(obj, "dependsOnTriggerid"), &up);
	if (trigger_must(call, id, 1u, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (id_list_has(&t.deps, up)) {
		char *upname = trigger_description(call, up);

		rc = rpc_fail(call, ERR_PARAM, "The dependency of trigger \"%s\" on trigger \"%s\" "
		    "already exists.", t.f[TRIGGER_F_DESCRIPTION], upname);
		free(upname);
	} else if ((rc = trigger_check_dep(call, id, t.f[TRIGGER_F_DESCRIPTION], up, 1u)) ==
	    RPC_COMMIT) {
		for (size_t i = 0; i < t.deps.n; i++)
			id_list_add(&deps, t.deps.ids[i]);
		id_list_add(&deps, up);
		rc = trigger_deps_write(call, &t, &deps);
		id_list_add_unique(ids, id);
	}
	id_list_free(&deps);
	trigger_free(&t);
	return rc;
}

/* One {triggerid}: every dependency of the trigger removed. */
static int
trigger_deldep_one(struct rpc_call *call, const cJSON *obj, struct id_list *ids)
{
	struct id_list none = { 0 };
	struct trigger t;
	uint64_t id = 0;
	int rc;

	id_from_json(cJSON_GetObjectItemCaseSensitive(obj, "triggerid"), &id);
	if ((rc = trigger_must(call, id, 1u, &t)) != RPC_COMMIT)
		return rc;
	rc = trigger_deps_write(call, &t, &none);
	trigger_free(&t);
	id_list_add(ids, id);
	return rc;
}

/* The objects of a dependencies call in order, each by one(); the triggers' ids answered. */
static enum rpc_result
trigger_deps_each(struct rpc_call *call, cJSON *params,
    int (*one)(struct rpc_call *, const cJSON *, struct id_list *))
{
	struct id_list ids = { 0 };
	const cJSON *obj;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(obj, params)
		if ((rc = one(call, obj, &ids)) != RPC_COMMIT)
			break;
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("triggerids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

static enum rpc_result
trigger_adddep_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_deps_each(call, params, trigger_adddep_one);
}

static enum rpc_result
trigger_deldep_exec(struct rpc_call *call, cJSON *params)
{
	return trigger_deps_each(call, params, trigger_deldep_one);
}

const struct rpc_method method_trigger_create = {
	.name = "trigger.create", .flags = RPC_WRITE, .params = &trigger_create_params,
	.exec = trigger_create_exec,
};
const struct rpc_method method_trigger_update = {
	.name = "trigger.update", .flags = RPC_WRITE, .params = &trigger_update_params,
	.exec = trigger_update_exec,
};
const struct rpc_method method_trigger_delete = {
	.name = "trigger.delete", .flags = RPC_WRITE, .params = &trigger_delete_params,
	.exec = trigger_delete_exec,
};
const struct rpc_method method_trigger_adddependencies = {
	.name = "trigger.adddependencies", .flags = RPC_WRITE, .params = &trigger_adddep_params,
	.exec = trigger_adddep_exec,
};
const struct rpc_method method_trigger_deletedependencies = {
	.name = "trigger.deletedependencies", .flags = RPC_WRITE,
	.params = &trigger_deldep_params, .exec = trigger_deldep_exec,
};
const struct rpc_method method_triggerprototype_create = {
	.name = "triggerprototype.create", .flags = RPC_WRITE, .params = &tproto_create_params,
	.exec = tproto_create_exec,
};
const struct rpc_method method_triggerprototype_update = {
	.name = "triggerprototype.update", .flags = RPC_WRITE, .params = &tproto_update_params,
	.exec = tproto_update_exec,
};
const struct rpc_method method_triggerprototype_delete = {
	.name = "triggerprototype.delete", .flags = RPC_WRITE, .params = &trigger_delete_params,
	.exec = tproto_delete_exec,
};
