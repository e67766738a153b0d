/* configuration_import.c: configuration.import, Zabbix 6.0's import of a yaml, xml or json export with its rules. */
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/format.h"
#include "tmpld/methods.h"
#include "tmpld/util.h"

/* format: yaml, xml or json (raw is for export only), case-sensitive. */
static char *
import_check_format(const cJSON *v)
{
	static const char *const names[] = { "yaml", "xml", "json" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return NULL;
	return xstrdup("value must be one of \"yaml\", \"xml\", \"json\"");
}

#define IMPORT_FLAG(name)	{ name, { .type = RULE_BOOLEAN } }

/* The flags each rules key has in Zabbix 6.0. */
static const struct rule_field import_flags_cud[] = {
	IMPORT_FLAG("createMissing"), IMPORT_FLAG("updateExisting"), IMPORT_FLAG("deleteMissing"),
	{ NULL, { 0 } },
};
static const struct rule_field import_flags_cu[] = {
	IMPORT_FLAG("createMissing"), IMPORT_FLAG("updateExisting"),
	{ NULL, { 0 } },
};
static const struct rule_field import_flags_cd[] = {
	IMPORT_FLAG("createMissing"), IMPORT_FLAG("deleteMissing"),
	{ NULL, { 0 } },
};

#define IMPORT_KEY(name, flags)	{ name, { .type = RULE_OBJECT, .fields = (flags) } }

static const struct rule_field import_rules_fields[] = {
	IMPORT_KEY("discoveryRules", import_flags_cud),
	IMPORT_KEY("graphs", import_flags_cud),
	IMPORT_KEY("groups", import_flags_cu),
	IMPORT_KEY("hosts", import_flags_cu),
	IMPORT_KEY("httptests", import_flags_cud),
	IMPORT_KEY("images", import_flags_cu),
	IMPORT_KEY("items", import_flags_cud),
	IMPORT_KEY("maps", import_flags_cu),
	IMPORT_KEY("mediaTypes", import_flags_cu),
	IMPORT_KEY("templateLinkage", import_flags_cd),
	IMPORT_KEY("templates", import_flags_cu),
	IMPORT_KEY("templateDashboards", import_flags_cud),
	IMPORT_KEY("triggers", import_flags_cud),
	IMPORT_KEY("valueMaps", import_flags_cud),
	{ NULL, { 0 } },
};

static const struct rule_field import_fields[] = {
	{ "format", { .type = RULE_STRING, .flags = RULE_REQUIRED, .check = import_check_format } },
	{ "source", { .type = RULE_STRING, .flags = RULE_REQUIRED } },
	{ "rules", { .type = RULE_OBJECT, .flags = RULE_REQUIRED, .fields = import_rules_fields } },
	{ NULL, { 0 } },
};

const struct rule configuration_import_rule = { .type = RULE_OBJECT, .fields = import_fields };

/* Reads the source, then applies it with the rules; all or nothing (a failure rolls the
 * call's transaction back). */
static enum rpc_result
import_exec(struct rpc_call *call, cJSON *params)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(params, "format");
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(params, "source");
	struct import_rules rules;
	enum format_kind kind;
	char *cause = NULL;
	cJSON *doc = NULL;
	int rc;

	if (format_kind_parse(fmt->valuestring, &kind) != 0)
		return rpc_fail(call, ERR_INTERNAL, "Internal error.");
	if (format_import_read(kind, src->valuestring, strlen(src->valuestring), &doc, &cause) !=
	    FORMAT_OK)
		return rpc_fail_take(call, ERR_REFUSED, cause);
	import_rules_parse(cJSON_GetObjectItemCaseSensitive(params, "rules"), &rules);
	rc = import_apply(call, doc, &rules);
	cJSON_Delete(doc);
	return rc == 0 ? rpc_ok(call, cJSON_CreateTrue()) : RPC_ROLLBACK;
}

const struct rpc_method method_configuration_import = {
	.name = "configuration.import", .flags = RPC_WRITE, .params = &configuration_import_rule,
	.exec = import_exec,
};
