/* export_trigger.c: triggers in configuration.export: under their item when they use one item,
 * else at the top level; Zabbix 6.0's key order, defaults left out, constants by name. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"
#include "export_impl.h"

static const struct exp_const exp_recovery_mode[] = {
	{ "0", "EXPRESSION" }, { "1", "RECOVERY_EXPRESSION" }, { "2", "NONE" }, { NULL, NULL },
};
static const struct exp_const exp_correlation_mode[] = {
	{ "0", "DISABLED" }, { "1", "TAG_VALUE" }, { NULL, NULL },
};
static const struct exp_const exp_trigger_status[] = {
	{ "0", "ENABLED" }, { "1", "DISABLED" }, { NULL, NULL },
};
static const struct exp_const exp_priority[] = {
	{ "0", "NOT_CLASSIFIED" }, { "1", "INFO" }, { "2", "WARNING" }, { "3", "AVERAGE" },
	{ "4", "HIGH" }, { "5", "DISASTER" }, { NULL, NULL },
};
static const struct exp_const exp_trigger_type[] = {
	{ "0", "SINGLE" }, { "1", "MULTIPLE" }, { NULL, NULL },
};
static const struct exp_const exp_trigger_discover[] = {
	{ "0", "DISCOVER" }, { "1", "NO_DISCOVER" }, { NULL, NULL },
};
static const struct exp_const exp_no_yes[] = { { "0", "NO" }, { "1", "YES" }, { NULL, NULL } };

/* A trigger with its expressions written out, as the export sorts and writes it. */
struct exp_trigger {
	struct trigger	 t;
	char		*x, *rx;
};

static int
exp_trigger_load(struct store_txn *txn, uint64_t id, struct exp_trigger *out)
{
	int rc = store_trigger_get(txn, id, &out->t);

	if (rc != STORE_OK)
		return rc;
	out->x = domain_trigger_written(txn, &out->t, TRIGGER_F_EXPRESSION);
	out->rx = domain_trigger_written(txn, &out->t, TRIGGER_F_RECOVERY_EXPRESSION);
	return STORE_OK;
}

static void
exp_trigger_free(struct exp_trigger *et)
{
	trigger_free(&et->t);
	free(et->x);
	free(et->rx);
}

/* The trigger's items, each once. */
static size_t
exp_trigger_items(const struct trigger *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nfn; i++) {
		size_t k = 0;

		while (k < i && t->fn[k].itemid != t->fn[i].itemid)
			k++;
		n += k == i;
	}
	return n;
}

/* dependencies: [{name, expression, recovery_expression}] sorted as triggers are. */
static cJSON *
exp_trigger_deps(struct store_txn *txn, const struct trigger *t)
{
	struct exp_trigger *d = xcalloc(t->deps.n + 1, sizeof *d);
	struct exp_sortent *s = xcalloc(t->deps.n + 1, sizeof *s);
	cJSON *arr = cJSON_CreateArray();
	size_t n = 0;

	for (size_t i = 0; i < t->deps.n; i++)
		if (exp_trigger_load(txn, t->deps.ids[i], &d[n]) == STORE_OK) {
			s[n] = (struct exp_sortent){ { d[n].t.f[TRIGGER_F_DESCRIPTION], d[n].x, d[n].rx,
			    NULL }, 0, &d[n] };
			n++;
		}
	exp_sort(s, n);
	for (size_t i = 0; i < n; i++) {
		const struct exp_trigger *et = s[i].p;
		cJSON *o = cJSON_CreateObject();

		exp_add_str(o, "name", et->t.f[TRIGGER_F_DESCRIPTION]);
		exp_add_str(o, "expression", et->x);
		exp_add_opt(o, "recovery_expression", et->rx, "");
		cJSON_AddItemToArray(arr, o);
	}
	for (size_t i = 0; i < n; i++)
		exp_trigger_free(&d[i]);
	free(d);
	free(s);
	return arr;
}

static cJSON *
exp_trigger(struct store_txn *txn, const struct exp_trigger *et, bool with_uuid)
{
	const char *const *f = (const char *const *)et->t.f;
	cJSON *o = cJSON_CreateObject();

	if (with_uuid)
		exp_add_str(o, "uuid", f[TRIGGER_F_UUID]);
	exp_add_str(o, "expression", et->x);
	exp_add_const(o, "recovery_mode", f[TRIGGER_F_RECOVERY_MODE], "0", exp_recovery_mode);
	exp_add_opt(o, "recovery_expression", et->rx, "");
	exp_add_const(o, "correlation_mode", f[TRIGGER_F_CORRELATION_MODE], "0",
	    exp_correlation_mode);
	exp_add_opt(o, "correlation_tag", f[TRIGGER_F_CORRELATION_TAG], "");
	exp_add_str(o, "name", f[TRIGGER_F_DESCRIPTION]);
	exp_add_opt(o, "event_name", f[TRIGGER_F_EVENT_NAME], "");
	exp_add_opt(o, "opdata", f[TRIGGER_F_OPDATA], "");
	exp_add_opt(o, "url", f[TRIGGER_F_URL], "");
	exp_add_const(o, "status", f[TRIGGER_F_STATUS], "0", exp_trigger_status);
	if (strcmp(f[TRIGGER_F_FLAGS], "2") == 0)
		exp_add_const(o, "discover", f[TRIGGER_F_DISCOVER], "0", exp_trigger_discover);
	exp_add_const(o, "priority", f[TRIGGER_F_PRIORITY], "0", exp_priority);
	exp_add_opt(o, "description", f[TRIGGER_F_COMMENTS], "");
	exp_add_const(o, "type", f[TRIGGER_F_TYPE], "0", exp_trigger_type);
	exp_add_const(o, "manual_close", f[TRIGGER_F_MANUAL_CLOSE], "0", exp_no_yes);
	exp_add_list(o, "dependencies", exp_trigger_deps(txn, &et->t));
	exp_add_list(o, "tags", exp_tags(&et->t.tags));
	return o;
}

/* Whether the trigger's host is a template (it then has a uuid to write). */
static bool
exp_trigger_on_template(struct store_txn *txn, const struct trigger *t)
{
	struct host h;
	bool tpl = false;

	if (store_host_get(txn, t->hostid, &h) == STORE_OK) {
		tpl = host_is_template(&h);
		host_free(&h);
	}
	return tpl;
}

#define EXP_UUID_NO		0
#define EXP_UUID_YES		1
#define EXP_UUID_BY_HOST	2

/* The own triggers (proto: trigger prototypes) among ids that use one item (single) or
 * several, each once, as a sorted list (NULL when a trigger cannot be read); uuid:
 * EXP_UUID_*. */
static cJSON *
exp_trigger_list(struct store_txn *txn, const struct id_list *ids, bool single, bool proto,
    int uuid)
{
	struct exp_trigger *t = xcalloc(ids->n + 1, sizeof *t);
	struct exp_sortent *s = xcalloc(ids->n + 1, sizeof *s);
	struct id_set seen = { 0 };
	cJSON *arr = cJSON_CreateArray();
	size_t n = 0;
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		if (!id_set_add(&seen, ids->ids[i]))
			continue;
		if ((rc = exp_trigger_load(txn, ids->ids[i], &t[n])) != STORE_OK)
			break;
		if (t[n].t.templateid != 0 || (exp_trigger_items(&t[n].t) == 1) != single ||
		    (strcmp(t[n].t.f[TRIGGER_F_FLAGS], "2") == 0) != proto) {
			exp_trigger_free(&t[n]);
			continue;
		}
		s[n] = (struct exp_sortent){ { t[n].t.f[TRIGGER_F_DESCRIPTION], t[n].x, t[n].rx,
		    NULL }, 0, &t[n] };
		n++;
	}
	exp_sort(s, n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		cJSON_AddItemToArray(arr, exp_trigger(txn, s[i].p, uuid == EXP_UUID_BY_HOST ?
		    exp_trigger_on_template(txn, &((struct exp_trigger *)s[i].p)->t) :
		    uuid == EXP_UUID_YES));
	for (size_t i = 0; i < n; i++)
		exp_trigger_free(&t[i]);
	free(t);
	free(s);
	id_set_free(&seen);
	if (rc != STORE_OK) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

void
export_item_triggers(struct store_txn *txn, const struct item *it, bool with_uuid, cJSON *obj)
{
	struct id_list ids = { 0 };
	cJSON *list;

	bool proto = strcmp(it->f[ITEM_F_FLAGS], ITEM_FLAGS_PROTO) == 0;

	if (store_item_triggers(txn, it->itemid, &ids) == STORE_OK &&
	    (list = exp_trigger_list(txn, &ids, true, proto, with_uuid ? EXP_UUID_YES :
	    EXP_UUID_NO)) != NULL)
		exp_add_list(obj, proto ? "trigger_prototypes" : "triggers", list);
	id_list_free(&ids);
}

void
export_rule_trigger_prototypes(struct store_txn *txn, uint64_t ruleid, cJSON *obj)
{
	struct id_list ids = { 0 };
	cJSON *list;

	if (store_rule_triggers(txn, ruleid, &ids) == STORE_OK &&
	    (list = exp_trigger_list(txn, &ids, false, true, EXP_UUID_BY_HOST)) != NULL)
		exp_add_list(obj, "trigger_prototypes", list);
	id_list_free(&ids);
}

/* The triggers of the exported hosts (templates: want_template) among given, appended. */
static int
exp_host_triggers(struct store_txn *txn, const struct id_list *given, bool want_template,
    struct id_list *out)
{
	int rc = STORE_OK;

	for (size_t i = 0; given != NULL && rc == STORE_OK && i < given->n; i++) {
		struct host h;

		if ((rc = store_host_get(txn, given->ids[i], &h)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (host_is_template(&h) == want_template)
			rc = store_host_triggers(txn, h.hostid, out);
		host_free(&h);
	}
	return rc;
}

int
export_triggers(struct store_txn *txn, const struct export_opts *o, cJSON **out, struct err *e)
{
	struct id_list ids = { 0 };
	int rc;

	*out = NULL;
	if ((rc = exp_host_triggers(txn, o->templates, true, &ids)) == STORE_OK &&
	    (rc = exp_host_triggers(txn, o->hosts, false, &ids)) == STORE_OK &&
	    (*out = exp_trigger_list(txn, &ids, false, false, EXP_UUID_BY_HOST)) == NULL)
		rc = STORE_EIO;
	id_list_free(&ids);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

bool
export_trigger_const(const char *field, const char *name, char out[12])
{
	static const struct {
		const char		*field;
		const struct exp_const	*map;
	} tables[] = {
		{ "recovery_mode", exp_recovery_mode }, { "correlation_mode", exp_correlation_mode },
		{ "status", exp_trigger_status }, { "priority", exp_priority },
		{ "type", exp_trigger_type }, { "manual_close", exp_no_yes },
		{ "discover", exp_trigger_discover },
	};

	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		if (strcmp(tables[t].field, field) != 0)
			continue;
		for (const struct exp_const *c = tables[t].map; c->v != NULL; c++)
			if (strcmp(c->name, name) == 0) {
				strcpy(out, c->v);
				return true;
			}
	}
	return false;
}
