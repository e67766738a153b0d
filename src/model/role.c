/* role.c: user roles as JSON documents: the four default roles of a fresh Zabbix 6.0, the UI
 * elements and actions each role type has, and whether a role's API rules allow a method. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

/* Every UI element, in Zabbix's order: a User role has the first 11, an Admin role the first
 * 22, a Super admin role all of them. */
static const char *const role_ui_all[] = {
	"inventory.hosts", "inventory.overview", "monitoring.dashboard", "monitoring.hosts",
	"monitoring.latest_data", "monitoring.maps", "monitoring.problems",
	"reports.availability_report", "reports.top_triggers", "services.services",
	"services.sla_report",
	"configuration.actions", "configuration.discovery", "configuration.host_groups",
	"configuration.hosts", "configuration.maintenance", "configuration.templates",
	"monitoring.discovery", "reports.notifications", "reports.scheduled_reports",
	"services.actions", "services.sla",
	"administration.authentication", "administration.general", "administration.media_types",
	"administration.proxies", "administration.queue", "administration.scripts",
	"administration.user_groups", "administration.user_roles", "administration.users",
	"configuration.event_correlation", "reports.action_log", "reports.audit",
	"reports.system_info",
};

/* Every action: a User role has the first 8, the others all. */
static const char *const role_actions_all[] = {
	"edit_dashboards", "edit_maps", "acknowledge_problems", "close_problems",
	"change_severity", "add_problem_comments", "execute_scripts", "manage_api_tokens",
	"edit_maintenance", "manage_scheduled_reports", "manage_sla",
};

/* The rule keys in the order Zabbix answers them. */
const char *const role_rule_keys[] = {
	"ui", "ui.default_access", "services.read.mode", "services.read.list",
	"services.read.tag", "services.write.mode", "services.write.list", "services.write.tag",
	"modules", "modules.default_access", "api.access", "api.mode", "api", "actions",
	"actions.default_access", NULL,
};

const char *const *
role_ui_elements(int type, size_t *n)
{
	*n = type == USER_TYPE_SUPER_ADMIN ? sizeof role_ui_all / sizeof role_ui_all[0] :
	    type == USER_TYPE_ADMIN ? 22 : 11;
	return role_ui_all;
}

const char *const *
role_actions(int type, size_t *n)
{
	*n = type == USER_TYPE_USER ? 8 : sizeof role_actions_all / sizeof role_actions_all[0];
	return role_actions_all;
}

static cJSON *
role_tag_empty(void)
{
	cJSON *t = cJSON_CreateObject();

	util_json_add_str(t, "tag", "");
	util_json_add_str(t, "value", "");
	return t;
}

cJSON *
role_rules_new(int type)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddArrayToObject(r, "ui");
	util_json_add_str(r, "ui.default_access", "1");
	util_json_add_str(r, "services.read.mode", "1");
	cJSON_AddArrayToObject(r, "services.read.list");
	cJSON_AddItemToObject(r, "services.read.tag", role_tag_empty());
	util_json_add_str(r, "services.write.mode", "0");
	cJSON_AddArrayToObject(r, "services.write.list");
	cJSON_AddItemToObject(r, "services.write.tag", role_tag_empty());
	cJSON_AddArrayToObject(r, "modules");
	util_json_add_str(r, "modules.default_access", "1");
	util_json_add_str(r, "api.access", "1");
	util_json_add_str(r, "api.mode", "0");
	cJSON_AddArrayToObject(r, "api");
	cJSON_AddArrayToObject(r, "actions");
	util_json_add_str(r, "actions.default_access", "1");
	(void)type;
	return r;
}

static cJSON *
role_doc(uint64_t id, const char *name, int type, bool readonly)
{
	cJSON *d = cJSON_CreateObject();
	char buf[24];

	util_json_add_str(d, "roleid", id_to_str(id, buf));
	util_json_add_str(d, "name", name);
	snprintf(buf, sizeof buf, "%d", type);
	util_json_add_str(d, "type", buf);
	util_json_add_str(d, "readonly", readonly ? "1" : "0");
	cJSON_AddItemToObject(d, "rules", role_rules_new(type));
	return d;
}

cJSON *
role_new(uint64_t id, const char *name, int type)
{
	return role_doc(id, name, type, false);
}

/* 1 User role, 2 Admin role, 3 Super admin role (read-only), 4 Guest role. */
cJSON *
role_default(uint64_t roleid)
{
	static const struct { const char *name; int type; } defs[] = {
		{ "User role", USER_TYPE_USER }, { "Admin role", USER_TYPE_ADMIN },
		{ "Super admin role", USER_TYPE_SUPER_ADMIN }, { "Guest role", USER_TYPE_USER },
	};
	cJSON *d, *rules;

	if (roleid < 1 || roleid > ROLE_DEFAULTS)
		return NULL;
	d = role_doc(roleid, defs[roleid - 1].name, defs[roleid - 1].type, roleid == 3);
	rules = util_json_member(d, "rules");
	if (roleid == 2 || roleid == 3)
		cJSON_ReplaceItemInObjectCaseSensitive(rules, "services.write.mode",
		    cJSON_CreateString("1"));
	if (roleid == 4) {
		cJSON_ReplaceItemInObjectCaseSensitive(rules, "api.access", cJSON_CreateString("0"));
		cJSON_ReplaceItemInObjectCaseSensitive(rules, "actions.default_access",
		    cJSON_CreateString("0"));
	}
	return d;
}

int
role_type(const cJSON *doc)
{
	const cJSON *t = util_json_member(doc, "type");

	return cJSON_IsString(t) ? atoi(t->valuestring) : 0;
}

static const char *
role_rule_str(const cJSON *rules, const char *key)
{
	const cJSON *v = util_json_member(rules, key);

	return cJSON_IsString(v) ? v->valuestring : "0";
}

/* The status of name in a stored list of {name, status}, or NULL when not listed. */
static const char *
role_list_status(const cJSON *list, const char *name)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, list) {
		const cJSON *n = util_json_member(e, "name");
		const cJSON *s = util_json_member(e, "status");

		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0 && cJSON_IsString(s))
			return s->valuestring;
	}
	return NULL;
}

/* Every element of the type: the listed ones whose status is not the default first (in
 * their order), then the others in Zabbix's order with their status. */
static cJSON *
role_list_expand(const cJSON *list, const char *dflt, const char *const *all, size_t n)
{
	cJSON *out = cJSON_CreateArray(), *e;
	const cJSON *it;

	cJSON_ArrayForEach(it, list) {
		const cJSON *name = util_json_member(it, "name");
		const cJSON *st = util_json_member(it, "status");

		if (!cJSON_IsString(name) || !cJSON_IsString(st) || strcmp(st->valuestring, dflt) == 0)
			continue;
		e = cJSON_CreateObject();
		util_json_add_str(e, "name", name->valuestring);
		util_json_add_str(e, "status", st->valuestring);
		cJSON_AddItemToArray(out, e);
	}
	for (size_t i = 0; i < n; i++) {
		const char *st = role_list_status(list, all[i]);

		if (st != NULL && strcmp(st, dflt) != 0)
			continue;
		e = cJSON_CreateObject();
		util_json_add_str(e, "name", all[i]);
		util_json_add_str(e, "status", dflt);
		cJSON_AddItemToArray(out, e);
	}
	return out;
}

cJSON *
role_rules_output(const cJSON *doc)
{
	const cJSON *rules = util_json_member(doc, "rules");
	int type = role_type(doc);
	cJSON *out = cJSON_CreateObject();
	size_t n;

	for (size_t i = 0; role_rule_keys[i] != NULL; i++) {
		const char *k = role_rule_keys[i];
		const cJSON *v = util_json_member(rules, k);
		const char *const *all;

		if (strcmp(k, "ui") == 0) {
			all = role_ui_elements(type, &n);
			cJSON_AddItemToObject(out, k, role_list_expand(v,
			    role_rule_str(rules, "ui.default_access"), all, n));
		} else if (strcmp(k, "actions") == 0) {
			all = role_actions(type, &n);
			cJSON_AddItemToObject(out, k, role_list_expand(v,
			    role_rule_str(rules, "actions.default_access"), all, n));
		} else if (v != NULL)
			cJSON_AddItemToObject(out, k, cJSON_Duplicate(v, true));
	}
	return out;
}

bool
role_action_enabled(const cJSON *doc, const char *action)
{
	const cJSON *rules = util_json_member(doc, "rules");
	const char *st = role_list_status(util_json_member(rules, "actions"),
	    action);

	return strcmp(st != NULL ? st : role_rule_str(rules, "actions.default_access"), "1") == 0;
}

/* One part of a mask ("*" or a name) against one part of a method, case-insensitively. */
static bool
role_part_match(const char *mask, size_t ml, const char *part, size_t pl)
{
	return (ml == 1 && mask[0] == '*') || (ml == pl && strncasecmp(mask, part, ml) == 0);
}

bool
role_api_mask_match(const char *mask, const char *method)
{
	const char *md = strchr(mask, '.'), *d = strchr(method, '.');

	if (strcmp(mask, "*") == 0)
		return true;
	if (md == NULL || d == NULL)
		return false;
	return role_part_match(mask, (size_t)(md - mask), method, (size_t)(d - method)) &&
	    role_part_match(md + 1, strlen(md + 1), d + 1, strlen(d + 1));
}

bool
role_api_allows(const cJSON *doc, const char *method)
{
	const cJSON *rules = util_json_member(doc, "rules"), *m;
	bool hit = false;

	if (strcmp(role_rule_str(rules, "api.access"), "1") != 0)
		return false;
	cJSON_ArrayForEach(m, util_json_member(rules, "api"))
		if (cJSON_IsString(m) && role_api_mask_match(m->valuestring, method))
			hit = true;
	return strcmp(role_rule_str(rules, "api.mode"), "1") == 0 ? hit : !hit;
}

/* ---- documents in the store ---- */

#define DOC_RECORD_VERSION 1

void
doc_encode(const cJSON *doc, struct codec_buf *b)
{
	char *text = cJSON_PrintUnformatted(doc);

	codec_put_u8(b, DOC_RECORD_VERSION);
	codec_put_str(b, text);
	free(text);
}

cJSON *
doc_decode(const void *data, size_t len)
{
	struct codec_reader r;
	cJSON *doc;
	char *text;

	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != DOC_RECORD_VERSION)
		return NULL;
	text = codec_get_str(&r);
	doc = r.bad || text == NULL ? NULL : cJSON_Parse(text);
	free(text);
	if (doc != NULL && !cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	return doc;
}

const char *
doc_str(const cJSON *doc, const char *key)
{
	const cJSON *v = util_json_member(doc, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

void
doc_set_str(cJSON *doc, const char *key, const char *value)
{
	if (util_json_member(doc, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(doc, key, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(doc, key, value);
}
