/* configuration.c: configuration.export, Zabbix 6.0's export of host groups, templates and hosts in json, yaml, xml or raw. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/format.h"
#include "tmpld/methods.h"
#include "tmpld/util.h"

/* More objects asked for than this are exported off the event loop. */
#define EXPORT_LOOP_MAX	8

/* format: one of Zabbix's four, case-sensitive. */
static char *
export_check_format(const cJSON *v)
{
	static const char *const names[] = { "yaml", "xml", "json", "raw" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return NULL;
	return xstrdup("value must be one of \"yaml\", \"xml\", \"json\", \"raw\"");
}

/* options: the 6.0 keys only, each an array of ids (repeats allowed). */
static const struct rule_field export_options_fields[] = {
	{ "groups", { .type = RULE_IDS } },
	{ "hosts", { .type = RULE_IDS } },
	{ "images", { .type = RULE_IDS } },
	{ "maps", { .type = RULE_IDS } },
	{ "mediaTypes", { .type = RULE_IDS } },
	{ "templates", { .type = RULE_IDS } },
	{ NULL, { 0 } },
};

static const struct rule_field export_fields[] = {
	{ "format", { .type = RULE_STRING, .flags = RULE_REQUIRED, .check = export_check_format } },
	{ "prettyprint", { .type = RULE_BOOLEAN } },
	{ "options", { .type = RULE_OBJECT, .flags = RULE_REQUIRED,
	    .fields = export_options_fields } },
	{ NULL, { 0 } },
};

static const struct rule export_rule = { .type = RULE_OBJECT, .fields = export_fields };

/* The ids of options.<key> (already checked: an array of id strings) that the caller may
 * read (groups: host groups; else hosts or templates); the others are left out, as
 * Zabbix's export reads them through the API. A store_rc. */
static int
export_ids(struct rpc_call *call, const cJSON *options, const char *key, struct id_list *out)
{
	const cJSON *e;
	uint64_t id;
	bool groups = strcmp(key, "groups") == 0, ok = true;
	int rc = STORE_OK;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(options, key)) {
		if (!id_from_json(e, &id))
			continue;
		if (groups)
			ok = perm_group_allows(call->rights, id, false);
		else if ((rc = perm_host_allows(call->txn, call->rights, id, false, &ok)) != STORE_OK)
			return rc;
		if (ok)
			id_list_add(out, id);
	}
	return STORE_OK;
}

/* The export's budget: each template or host counts in the answer's size. */
static bool
export_budget(void *arg, const cJSON *obj)
{
	return rpc_answer_add(arg, obj);
}

static enum rpc_result
export_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(params, "format");
	const cJSON *options = cJSON_GetObjectItemCaseSensitive(params, "options");
	struct id_list groups = { 0 }, templates = { 0 }, hosts = { 0 };
	char date[EXPORT_DATE_LEN + 1], *text = NULL, *cause = NULL;
	struct export_opts o = { .groups = &groups, .templates = &templates, .hosts = &hosts,
	    .date = date, .budget = export_budget, .budget_arg = call };
	enum format_kind kind = FORMAT_JSON;
	bool raw = strcmp(fmt->valuestring, "raw") == 0;
	struct err e = { 0 };
	cJSON *doc = NULL;
	size_t len;
	int rc;

	if (!raw && format_kind_parse(fmt->valuestring, &kind) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Internal error.");
	if ((rc = export_ids(call, options, "groups", &groups)) != STORE_OK ||
	    (rc = export_ids(call, options, "templates", &templates)) != STORE_OK ||
	    (rc = export_ids(call, options, "hosts", &hosts)) != STORE_OK) {
		rc = rpc_fail_store(call, rc);
		goto done;
	}
	/* many objects: read on a pool thread, not the loop */
	if (groups.n + templates.n + hosts.n > EXPORT_LOOP_MAX && rpc_move_off_loop(call)) {
		rc = RPC_ROLLBACK;
		goto done;
	}
	export_date(util_now(), date);
	if ((rc = export_build(call->txn, &o, &doc, &e)) != 0) {
		/* 1: the budget stopped it (too large, or moved off the loop) */
		rc = rc < 0 ? rpc_fail_err(call, &e) : RPC_ROLLBACK;
		goto done;
	}
	if (raw) {
		rc = rpc_ok(call, doc);
		goto done;
	}
	if (format_write(kind, doc, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params,
	    "prettyprint")) ? FORMAT_PRETTY : 0, &text, &len, &cause) != FORMAT_OK) {
		cJSON_Delete(doc);
		rc = rpc_fail_take(call, ERR_INTERNAL, cause);
		goto done;
	}
	cJSON_Delete(doc);
	rc = rpc_ok(call, cJSON_CreateString(text));
	free(text);
done:
	id_list_free(&groups);
	id_list_free(&templates);
	id_list_free(&hosts);
	return rc;
}

const struct rpc_method method_configuration_export = {
	.name = "configuration.export", .flags = 0, .params = &export_rule,
	.exec = export_exec,
};
