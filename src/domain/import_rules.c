/* import_rules.c: the rules object of configuration.import / importcompare read into struct import_rules. */
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/domain.h"

/* One rules key and where its flags go. */
static const struct {
	const char	*key;
	size_t		 off;
} import_rule_keys[] = {
	{ "groups", offsetof(struct import_rules, groups) },
	{ "hosts", offsetof(struct import_rules, hosts) },
	{ "templates", offsetof(struct import_rules, templates) },
	{ "templateDashboards", offsetof(struct import_rules, template_dashboards) },
	{ "templateLinkage", offsetof(struct import_rules, template_linkage) },
	{ "items", offsetof(struct import_rules, items) },
	{ "discoveryRules", offsetof(struct import_rules, discovery_rules) },
	{ "triggers", offsetof(struct import_rules, triggers) },
	{ "graphs", offsetof(struct import_rules, graphs) },
	{ "httptests", offsetof(struct import_rules, httptests) },
	{ "valueMaps", offsetof(struct import_rules, value_maps) },
	{ "images", offsetof(struct import_rules, images) },
	{ "maps", offsetof(struct import_rules, maps) },
	{ "mediaTypes", offsetof(struct import_rules, media_types) },
};

void
import_rules_parse(const cJSON *rules, struct import_rules *out)
{
	*out = (struct import_rules){ 0 };
	if (!cJSON_IsObject(rules))
		return;
	for (size_t i = 0; i < sizeof import_rule_keys / sizeof import_rule_keys[0]; i++) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(rules, import_rule_keys[i].key);
		struct import_rule *r = (struct import_rule *)((char *)out + import_rule_keys[i].off);

		r->create_missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "createMissing"));
		r->update_existing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
		    "updateExisting"));
		r->delete_missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "deleteMissing"));
	}
}
