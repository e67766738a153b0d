/* import_trigger.c: the triggers of configuration.import: those under the source's items and
 * at its top level, created or updated with trigger.create/update (matched by uuid, then by
 * name and expressions), their dependencies set once all are there, and deleteMissing; the
 * trigger prototypes of the source's LLD rules the same way (triggerprototype.*, under the
 * discoveryRules rule). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* One source trigger and the stored one it became. */
struct imp_trig {
	const cJSON	*src;
	uint64_t	 id;
};

struct imp_trigs {
	struct imp_trig	*v;
	size_t		 n;
};

/* Triggers or trigger prototypes: their flags, the rule that governs them, their methods. */
struct imp_trig_flavor {
	const char		*flags;
	const struct import_rule *(*rule)(const struct imp *);
	const struct rpc_method	*create, *update, *del;
	void			(*collect)(struct imp *, struct imp_trigs *);
};

static void
imp_trigs_add(struct imp_trigs *l, const cJSON *src)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n].src = src;
	l->v[l->n++].id = 0;
}

/* Every member key of every element of list, appended. */
static void
imp_trigs_add_under(struct imp_trigs *l, const cJSON *list, const char *key)
{
	const cJSON *e, *t;

	cJSON_ArrayForEach(e, list)
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(e, key))
			imp_trigs_add(l, t);
}

/* Every source trigger: under the processed objects' items, then at the top level. */
static void
imp_trigs_collect(struct imp *im, struct imp_trigs *l)
{
	const cJSON *t;

	for (size_t o = 0; o < im->nobjs; o++)
		imp_trigs_add_under(l, cJSON_GetObjectItemCaseSensitive(im->objs[o].src, "items"),
		    "triggers");
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(im->doc, "triggers"))
		imp_trigs_add(l, t);
}

/* Every source trigger prototype: under the item prototypes of the processed objects' rules,
 * then under the rules. */
static void
imp_tprotos_collect(struct imp *im, struct imp_trigs *l)
{
	const cJSON *rule;

	for (size_t o = 0; o < im->nobjs; o++) {
		const cJSON *rules = cJSON_GetObjectItemCaseSensitive(im->objs[o].src,
		    "discovery_rules");

		cJSON_ArrayForEach(rule, rules)
			imp_trigs_add_under(l, cJSON_GetObjectItemCaseSensitive(rule,
			    "item_prototypes"), "trigger_prototypes");
		imp_trigs_add_under(l, rules, "trigger_prototypes");
	}
}

static const struct import_rule *
imp_trig_rule(const struct imp *im)
{
	return &im->r.triggers;
}

static const struct import_rule *
imp_tproto_rule(const struct imp *im)
{
	return &im->r.discovery_rules;
}

static const struct imp_trig_flavor imp_trig_plain = { "0", imp_trig_rule,
	&method_trigger_create, &method_trigger_update, &method_trigger_delete,
	imp_trigs_collect };
static const struct imp_trig_flavor imp_trig_proto = { "2", imp_tproto_rule,
	&method_triggerprototype_create, &method_triggerprototype_update,
	&method_triggerprototype_delete, imp_tprotos_collect };

/* The trigger with this uuid (when given) or name and expressions among the host's own
 * triggers of these flags (NULL: any); *id 0 when none. */
static int
imp_trig_find_on(struct imp *im, uint64_t hostid, const char *flags, const char *uuid,
    const char *name, const char *x, const char *rx, uint64_t *id)
{
	struct id_list ids = { 0 };
	int rc = store_host_triggers(im->call->txn, hostid, &ids);

	*id = 0;
	for (size_t i = 0; rc == STORE_OK && *id == 0 && i < ids.n; i++) {
		struct trigger t;
		char *sx, *srx;

		if ((rc = store_trigger_get(im->call->txn, ids.ids[i], &t)) != STORE_OK)
			break;
		if (flags != NULL && strcmp(flags, t.f[TRIGGER_F_FLAGS]) != 0) {
			trigger_free(&t);
			continue;
		}
		if (uuid != NULL && uuid[0] != '\0' && strcmp(uuid, t.f[TRIGGER_F_UUID]) == 0)
			*id = t.triggerid;
		else if (strcmp(name, t.f[TRIGGER_F_DESCRIPTION]) == 0) {
			sx = domain_trigger_written(im->call->txn, &t, TRIGGER_F_EXPRESSION);
			srx = domain_trigger_written(im->call->txn, &t, TRIGGER_F_RECOVERY_EXPRESSION);
			if (strcmp(sx, x) == 0 && strcmp(srx, rx) == 0)
				*id = t.triggerid;
			free(sx);
			free(srx);
		}
		trigger_free(&t);
	}
	id_list_free(&ids);
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

/* The host an expression names first (0 when it does not parse or the host is unknown). */
static uint64_t
imp_trig_host(struct imp *im, const char *x)
{
	struct trigger_calls calls = { 0 };
	char *cause = NULL;
	uint64_t id = 0;

	if (trigger_expr_calls(x, &calls, &cause) == 0 && calls.n > 0 &&
	    store_host_by_name(im->call->txn, calls.v[0].host, &id) != STORE_OK)
		id = 0;
	free(cause);
	trigger_calls_free(&calls);
	return id;
}

static int
imp_trig_find(struct imp *im, const cJSON *src, const char *flags, bool by_uuid, uint64_t *id)
{
	const char *x = imp_str(src, "expression", "");
	uint64_t hostid = imp_trig_host(im, x);

	*id = 0;
	if (hostid == 0)
		return 0;
	return imp_trig_find_on(im, hostid, flags, by_uuid ? imp_str(src, "uuid", NULL) : NULL,
	    imp_str(src, "name", ""), x, imp_str(src, "recovery_expression", ""), id);
}

/* A trigger constant: the value of its name (an unknown name is passed as it is). */
static void
imp_trig_const(cJSON *o, const cJSON *src, const char *field, const char *dflt)
{
	const char *name = imp_str(src, field, NULL);
	char v[12];

	if (name == NULL)
		cJSON_AddStringToObject(o, field, dflt);
	else if (export_trigger_const(field, name, v))
		cJSON_AddStringToObject(o, field, v);
	else
		cJSON_AddStringToObject(o, field, name);
}

/* The API object of a source trigger (without dependencies). */
static cJSON *
imp_trig_params(const cJSON *src, const struct imp_trig_flavor *fl, uint64_t id)
{
	static const char *const texts[][2] = { { "name", "description" },
		{ "expression", "expression" }, { "recovery_expression", "recovery_expression" },
		{ "correlation_tag", "correlation_tag" }, { "event_name", "event_name" },
		{ "opdata", "opdata" }, { "url", "url" }, { "description", "comments" } };
	cJSON *o = cJSON_CreateObject(), *tags = cJSON_CreateArray();
	const cJSON *t;

	if (id != 0)
		cJSON_AddItemToObject(o, "triggerid", imp_id_json(id));
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		cJSON_AddStringToObject(o, texts[i][1], imp_str(src, texts[i][0], ""));
	imp_trig_const(o, src, "recovery_mode", "0");
	imp_trig_const(o, src, "correlation_mode", "0");
	imp_trig_const(o, src, "status", "0");
	imp_trig_const(o, src, "priority", "0");
	imp_trig_const(o, src, "type", "0");
	imp_trig_const(o, src, "manual_close", "0");
	if (strcmp(fl->flags, "2") == 0)
		imp_trig_const(o, src, "discover", "0");
	if (id == 0 && imp_str(src, "uuid", NULL) != NULL)
		util_json_add_str(o, "uuid", imp_str(src, "uuid", ""));
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(src, "tags")) {
		cJSON *tag = cJSON_CreateObject();

		util_json_add_str(tag, "tag", imp_str(t, "tag", ""));
		util_json_add_str(tag, "value", imp_str(t, "value", ""));
		cJSON_AddItemToArray(tags, tag);
	}
	cJSON_AddItemToObject(o, "tags", tags);
	return o;
}

/* Each source trigger created or updated, one call each (a later one may name an earlier
 * one's host). */
static int
imp_trigs_write(struct imp *im, const struct imp_trig_flavor *fl, struct imp_trigs *l)
{
	const struct import_rule *r = fl->rule(im);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const struct rpc_method *m;
		cJSON *res = NULL;
		uint64_t id;

		if ((rc = imp_trig_find(im, l->v[i].src, fl->flags, true, &id)) != 0)
			break;
		if (id != 0 && !r->update_existing) {
			l->v[i].id = id;
			continue;
		}
		if (id == 0 && !r->create_missing)
			continue;
		m = id != 0 ? fl->update : fl->create;
		if ((rc = imp_call(im, m, imp_trig_params(l->v[i].src, fl, id), &res)) == 0) {
			const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res,
			    "triggerids"), 0);

			if (cJSON_IsString(v))
				(void)util_parse_u64(v->valuestring, &l->v[i].id);
		}
		cJSON_Delete(res);
	}
	return rc;
}

/* Every written trigger's dependencies, each found by name and expressions. */
static int
imp_trigs_deps(struct imp *im, const struct imp_trig_flavor *fl, const struct imp_trigs *l)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const cJSON *deps = cJSON_GetObjectItemCaseSensitive(l->v[i].src, "dependencies"), *d;
		cJSON *o, *arr;

		if (l->v[i].id == 0 || (deps == NULL && !fl->rule(im)->update_existing))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "triggerid", imp_id_json(l->v[i].id));
		arr = cJSON_AddArrayToObject(o, "dependencies");
		cJSON_ArrayForEach(d, deps) {
			uint64_t id;
			cJSON *dep;

			if ((rc = imp_trig_find(im, d, NULL, false, &id)) != 0)
				break;
			if (id == 0) {
				rc = imp_fail(im, "Trigger \"%s\" depends on trigger \"%s\", which does "
				    "not exist.", imp_str(l->v[i].src, "name", ""), imp_str(d, "name", ""));
				break;
			}
			dep = cJSON_CreateObject();
			cJSON_AddItemToObject(dep, "triggerid", imp_id_json(id));
			cJSON_AddItemToArray(arr, dep);
		}
		if (rc == 0)
			rc = imp_call(im, fl->update, o, NULL);
		else
			cJSON_Delete(o);
	}
	return rc;
}

/* triggers.deleteMissing: the processed objects' own triggers the source does not hold. */
static int
imp_trigs_delete(struct imp *im, const struct imp_trig_flavor *fl, const struct imp_trigs *l)
{
	struct id_set keep = { 0 }, seen = { 0 };
	cJSON *del = cJSON_CreateArray();
	int rc = 0;

	for (size_t i = 0; i < l->n; i++)
		id_set_add(&keep, l->v[i].id);
	for (size_t o = 0; o < im->nobjs && rc == 0; o++) {
		struct id_list ids = { 0 };

		if ((rc = store_host_triggers(im->call->txn, im->objs[o].id, &ids)) != STORE_OK) {
			rc = imp_fail_store(im, rc);
			break;
		}
		for (size_t i = 0; i < ids.n; i++) {
			struct trigger t;

			if (!id_set_add(&seen, ids.ids[i]) || id_set_has(&keep, ids.ids[i]) ||
			    store_trigger_get(im->call->txn, ids.ids[i], &t) != STORE_OK)
				continue;
			if (t.templateid == 0 && strcmp(t.f[TRIGGER_F_FLAGS], fl->flags) == 0)
				cJSON_AddItemToArray(del, imp_id_json(t.triggerid));
			trigger_free(&t);
		}
		id_list_free(&ids);
	}
	if (rc == 0)
		rc = imp_call_list(im, fl->del, &del, NULL);
	cJSON_Delete(del);
	id_set_free(&keep);
	id_set_free(&seen);
	return rc;
}

static int
imp_trigs_run(struct imp *im, const struct imp_trig_flavor *fl)
{
	const struct import_rule *r = fl->rule(im);
	struct imp_trigs l = { 0 };
	int rc = 0;

	if (!r->create_missing && !r->update_existing && !r->delete_missing)
		return 0;
	fl->collect(im, &l);
	if (r->create_missing || r->update_existing)
		rc = imp_trigs_write(im, fl, &l);
	if (rc == 0 && (r->create_missing || r->update_existing))
		rc = imp_trigs_deps(im, fl, &l);
	if (rc == 0 && r->delete_missing)
		rc = imp_trigs_delete(im, fl, &l);
	free(l.v);
	return rc;
}

int
imp_triggers(struct imp *im)
{
	return imp_trigs_run(im, &imp_trig_plain);
}

int
imp_trigger_prototypes(struct imp *im)
{
	return imp_trigs_run(im, &imp_trig_proto);
}
