/* import_convert.c: converts a checked import tree one version up, as Zabbix's C44, C50, C52 and
 * C54 ImportConverters do (SNMP interfaces, preprocessing parameters, applications to tags, value
 * maps into their hosts, uuids from names, expressions in 5.4's syntax through import_expr.c).
 * The template screens of 5.0 are dropped (Zabbix makes dashboards of them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "internal.h"

#define CV_FOREACH(el, list) \
	for (cJSON *el = cJSON_IsArray(list) ? (list)->child : NULL; el != NULL; el = el->next)

static cJSON *
cv_get(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *
cv_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cv_get(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool
cv_is(const cJSON *obj, const char *key, const char *value)
{
	const char *s = cv_str(obj, key);

	return s != NULL && strcmp(s, value) == 0;
}

/* PHP's $obj[key] = value: in place when the key exists, else at the end. */
static void
cv_set(cJSON *obj, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
	else
		cJSON_AddItemToObject(obj, key, value);
}

static void
cv_set_str(cJSON *obj, const char *key, const char *value)
{
	cv_set(obj, key, fmt_cjson_check(cJSON_CreateString(value)));
}

static void
cv_set_uuid(cJSON *obj, const char *seed)
{
	char uuid[33];

	iuuid_from_seed(seed, uuid);
	cv_set_str(obj, "uuid", uuid);
}

/* The uuid seed of an object: the parts joined by "/". */
static void
cv_uuid_of(cJSON *obj, const char *a, const char *b, const char *c)
{
	struct fbuf s;

	fbuf_init(&s, 64);
	fbuf_puts(&s, a);
	if (b != NULL) {
		fbuf_putc(&s, '/');
		fbuf_puts(&s, b);
	}
	if (c != NULL) {
		fbuf_putc(&s, '/');
		fbuf_puts(&s, c);
	}
	cv_set_uuid(obj, s.p);
	fbuf_free(&s);
}

static const char *
cv_or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* 4.4 -> 5.0: the SNMP fields of items move into SNMP interfaces (C44ImportConverter) */

#define CV44_FROM_ITEM		"1"
#define CV44_FROM_RULE		"2"
#define CV44_FROM_PROTO		"3"

static const char *const cv44_v3[] = { "contextname", "securityname", "securitylevel",
    "authprotocol", "authpassphrase", "privprotocol", "privpassphrase" };

static bool
cv44_is_snmp(const cJSON *obj, bool with_trap)
{
	return cv_is(obj, "type", "SNMPV1") || cv_is(obj, "type", "SNMPV2") ||
	    cv_is(obj, "type", "SNMPV3") || (with_trap && cv_is(obj, "type", "SNMP_TRAP"));
}

/* str_replace('if', '', ref) */
static char *
cv44_ref_id(const char *ref)
{
	struct fbuf b;

	fbuf_init(&b, 16);
	for (const char *p = cv_or_empty(ref); *p != '\0'; p++) {
		if (p[0] == 'i' && p[1] == 'f')
			p++;
		else
			fbuf_putc(&b, *p);
	}
	return fbuf_take(&b, NULL);
}

/* What an item of an SNMP type says about its interface. */
static cJSON *
cv44_helper(const cJSON *d, const char *from)
{
	static const char *const defaults[] = { "", "", "NOAUTHNOPRIV", "MD5", "", "DES", "" };
	cJSON *h = fmt_cjson_check(cJSON_CreateObject());
	bool v12 = cv_is(d, "type", "SNMPV1") || cv_is(d, "type", "SNMPV2");
	bool v3 = cv_is(d, "type", "SNMPV3");
	char field[32];

	util_json_add_str(h, "from", from);
	util_json_add_str(h, "id", cv_or_empty(cv_str(d, "key")));
	util_json_add_str(h, "port", cv_or_empty(cv_str(d, "port")));
	util_json_add_str(h, "type", cv_or_empty(cv_str(d, "type")));
	util_json_add_str(h, "community", v12 ? cv_or_empty(cv_str(d, "snmp_community")) :
	    "");
	for (size_t i = 0; i < sizeof cv44_v3 / sizeof cv44_v3[0]; i++) {
		const char *v;

		snprintf(field, sizeof field, "snmpv3_%s", cv44_v3[i]);
		v = cv_str(d, field);
		cJSON_AddStringToObject(h, cv44_v3[i], !v3 ? "" : v != NULL ? v : defaults[i]);
	}
	return h;
}

static void
cv44_add_helper(cJSON *by_id, const cJSON *d, const char *from)
{
	char *id;
	cJSON *list;

	if (!cv44_is_snmp(d, true))
		return;
	id = cv44_ref_id(cv_str(d, "interface_ref"));
	if ((list = cJSON_GetObjectItemCaseSensitive(by_id, id)) == NULL) {
		list = fmt_cjson_check(cJSON_CreateArray());
		cJSON_AddItemToObject(by_id, id, list);
	}
	cJSON_AddItemToArray(list, cv44_helper(d, from));
	free(id);
}

/* A copy of an object with its first key "key" = value (PHP's [key => value] + array). */
static cJSON *
cv44_with_first(const char *key, cJSON *value, const cJSON *rest)
{
	cJSON *o = fmt_cjson_check(cJSON_CreateObject());

	cJSON_AddItemToObject(o, key, value);
	for (const cJSON *c = rest->child; c != NULL; c = c->next)
		if (cJSON_GetObjectItemCaseSensitive(o, c->string) == NULL)
			cJSON_AddItemToObject(o, c->string, cJSON_Duplicate(c, true));
	return o;
}

static void
cv44_set_details(cJSON *iface, const cJSON *h)
{
	cJSON *details = cv_get(iface, "details");
	char field[32];

	if (cv_is(h, "type", "SNMP_TRAP")) {
		cv_set_str(details, "version", "SNMPV1");
		cv_set_str(details, "community", "public");
		return;
	}
	cv_set_str(details, "version", cv_str(h, "type"));
	if (cv_is(h, "type", "SNMPV1") || cv_is(h, "type", "SNMPV2"))
		cv_set_str(details, "community", cv_str(h, "community"));
	if (cv_is(h, "type", "SNMPV3"))
		for (size_t i = 0; i < sizeof cv44_v3 / sizeof cv44_v3[0]; i++) {
			snprintf(field, sizeof field, "%s", cv44_v3[i]);
			cv_set_str(details, field, cv_str(h, field));
		}
}

static bool
cv44_str_eq(const cJSON *a, const char *ka, const cJSON *b, const char *kb)
{
	const char *x = cv_str(a, ka), *y = cv_str(b, kb);

	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

/* An interface already made that serves the item as it is. */
static bool
cv44_same(const cJSON *iface, const cJSON *h, const cJSON *parent)
{
	const cJSON *details = cv_get(iface, "details");

	if (!cv44_str_eq(details, "version", h, "type"))
		return false;
	if (cv_is(h, "port", "") ? !cv44_str_eq(iface, "port", parent, "port") :
	    !cv44_str_eq(iface, "port", h, "port"))
		return false;
	if (cv_is(h, "type", "SNMPV1") || cv_is(h, "type", "SNMPV2"))
		return cv44_str_eq(details, "community", h, "community");
	if (!cv_is(h, "type", "SNMPV3"))
		return false;
	for (size_t i = 0; i < sizeof cv44_v3 / sizeof cv44_v3[0]; i++)
		if (!cv44_str_eq(details, cv44_v3[i], h, cv44_v3[i]))
			return false;
	return true;
}

static char *
cv44_ref(int n)
{
	char ref[32];

	snprintf(ref, sizeof ref, "if%d", n);
	return fmt_strdup_len(ref, strlen(ref));
}

static void
cv44_update(cJSON *updates, const cJSON *h, const cJSON *iface)
{
	cJSON *by_from = cJSON_GetObjectItemCaseSensitive(updates, cv_str(h, "from"));

	if (by_from == NULL) {
		by_from = fmt_cjson_check(cJSON_CreateObject());
		cJSON_AddItemToObject(updates, cv_str(h, "from"), by_from);
	}
	cv_set_str(by_from, cv_str(h, "id"), cv_str(iface, "interface_ref"));
}

/* The interfaces that one SNMP interface of 4.4 becomes for the items on it. */
static void
cv44_split(cJSON *list, cJSON *helpers, const cJSON *parent, int *max, cJSON *updates)
{
	char *ref = cv44_ref(++*max);
	cJSON *first = cv44_with_first("interface_ref", cJSON_CreateString(ref), parent);

	free(ref);
	cJSON_DeleteItemFromObjectCaseSensitive(first, "new");
	cJSON_AddItemToArray(list, first);
	CV_FOREACH(h, helpers) {
		cJSON *match = NULL, *iface;

		if (first != NULL) {
			cv44_set_details(first, h);
			first = NULL;
		}
		if (cv_is(h, "type", "SNMP_TRAP")) {
			cv_set_str(h, "type", "SNMPV1");
			cv_set_str(h, "community", "public");
		}
		CV_FOREACH(cand, list)
			if (match == NULL && cv44_same(cand, h, parent))
				match = cand;
		if (match == NULL) {
			ref = cv44_ref(++*max);
			iface = cv44_with_first("interface_ref", cJSON_CreateString(ref), parent);
			free(ref);
			cv44_set_details(iface, h);
			if (!cv_is(h, "port", ""))
				cv_set_str(iface, "port", cv_str(h, "port"));
			cJSON_AddItemToArray(list, iface);
			match = iface;
		}
		cv44_update(updates, h, match);
	}
}

static void
cv44_set_ref(cJSON *d, const cJSON *updates, const char *from)
{
	const char *ref = cv_str(cJSON_GetObjectItemCaseSensitive(updates, from),
	    cv_or_empty(cv_str(d, "key")));

	if (ref != NULL)
		cv_set_str(d, "interface_ref", ref);
}

static void
cv44_interfaces(cJSON *host)
{
	static const char *const defaults[][2] = { { "default", "YES" }, { "type", "SNMP" },
	    { "useip", "YES" }, { "ip", "127.0.0.1" }, { "dns", "" }, { "port", "10050" } };
	cJSON *by_id = fmt_cjson_check(cJSON_CreateObject()), *news = cJSON_CreateObject();
	cJSON *updates = cJSON_CreateObject(), *ifaces = cv_get(host, "interfaces"), *kept;
	int max = 1;
	bool main_found = false;

	CV_FOREACH(item, cv_get(host, "items"))
		cv44_add_helper(by_id, item, CV44_FROM_ITEM);
	CV_FOREACH(rule, cv_get(host, "discovery_rules")) {
		cv44_add_helper(by_id, rule, CV44_FROM_RULE);
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv44_add_helper(by_id, proto, CV44_FROM_PROTO);
	}
	if (ifaces != NULL) {
		kept = fmt_cjson_check(cJSON_CreateArray());
		CV_FOREACH(iface, ifaces) {
			char *id = cv44_ref_id(cv_str(iface, "interface_ref"));
			int n = atoi(id);

			max = n > max ? n : max;
			free(id);
		}
		CV_FOREACH(iface, ifaces) {
			char *id = cv44_ref_id(cv_str(iface, "interface_ref"));
			cJSON *details, *parent, *list, *helpers;

			if (!cv_is(iface, "type", "SNMP")) {
				cJSON_DeleteItemFromObjectCaseSensitive(iface, "bulk");
				cJSON_AddItemToArray(kept, cJSON_Duplicate(iface, true));
				free(id);
				continue;
			}
			details = fmt_cjson_check(cJSON_CreateObject());
			util_json_add_str(details, "bulk", cv_str(iface, "bulk") != NULL ?
			    cv_str(iface, "bulk") : "YES");
			cv_set(iface, "details", details);
			cJSON_DeleteItemFromObjectCaseSensitive(iface, "bulk");
			parent = cJSON_Duplicate(iface, true);
			for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
				if (cv_get(parent, defaults[i][0]) == NULL)
					cJSON_AddStringToObject(parent, defaults[i][0], defaults[i][1]);
			if ((list = cJSON_GetObjectItemCaseSensitive(news, id)) == NULL) {
				list = fmt_cjson_check(cJSON_CreateArray());
				cJSON_AddItemToObject(news, id, list);
			}
			if ((helpers = cJSON_GetObjectItemCaseSensitive(by_id, id)) != NULL)
				cv44_split(list, helpers, parent, &max, updates);
			else {
				cJSON *d = cJSON_Duplicate(cv_get(parent, "details"), true);

				if (cv_get(d, "version") == NULL)
					util_json_add_str(d, "version", "SNMPV2");
				if (cv_get(d, "community") == NULL)
					util_json_add_str(d, "community", "{$SNMP_COMMUNITY}");
				cJSON_AddItemToArray(list, cv44_with_first("details", d, parent));
			}
			cJSON_Delete(parent);
			free(id);
		}
		cv_set(host, "interfaces", kept);
	}
	CV_FOREACH(item, cv_get(host, "items"))
		cv44_set_ref(item, updates, CV44_FROM_ITEM);
	CV_FOREACH(rule, cv_get(host, "discovery_rules")) {
		cv44_set_ref(rule, updates, CV44_FROM_RULE);
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv44_set_ref(proto, updates, CV44_FROM_PROTO);
	}
	if (ifaces != NULL) {
		kept = cv_get(host, "interfaces");
		for (cJSON *list = news->child; list != NULL; list = list->next)
			CV_FOREACH(iface, list)
				cJSON_AddItemToArray(kept, cJSON_Duplicate(iface, true));
		/* one main SNMP interface */
		CV_FOREACH(iface, kept) {
			if (!cv_is(iface, "type", "SNMP"))
				continue;
			if (main_found)
				cv_set_str(iface, "default", "NO");
			else if (cv_get(iface, "default") == NULL || cv_is(iface, "default", "YES"))
				main_found = true;
		}
	}
	cJSON_Delete(by_id);
	cJSON_Delete(news);
	cJSON_Delete(updates);
}

/* The SNMP fields leave items, rules and prototypes; SNMPV1/2/3 become SNMP_AGENT. */
static void
cv44_sanitise(cJSON *d)
{
	static const char *const fields[] = { "snmp_community", "snmpv3_contextname",
	    "snmpv3_securityname", "snmpv3_securitylevel", "snmpv3_authprotocol",
	    "snmpv3_authpassphrase", "snmpv3_privprotocol", "snmpv3_privpassphrase", "port" };

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(d, fields[i]);
	if (cv44_is_snmp(d, false))
		cv_set_str(d, "type", "SNMP_AGENT");
}

static void
cv44_sanitise_owner(cJSON *owner)
{
	CV_FOREACH(item, cv_get(owner, "items"))
		cv44_sanitise(item);
	CV_FOREACH(rule, cv_get(owner, "discovery_rules")) {
		cv44_sanitise(rule);
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv44_sanitise(proto);
	}
}

static int
cv44(cJSON *data, char **cause)
{
	CV_FOREACH(host, cv_get(data, "hosts"))
		cv44_interfaces(host);
	CV_FOREACH(host, cv_get(data, "hosts"))
		cv44_sanitise_owner(host);
	CV_FOREACH(tpl, cv_get(data, "templates"))
		cv44_sanitise_owner(tpl);
	return 0;
}

/* 5.0 -> 5.2 */

static void
cv50_steps(cJSON *owner)
{
	CV_FOREACH(step, cv_get(owner, "preprocessing")) {
		const cJSON *params = cv_get(step, "params");
		cJSON *list = fmt_cjson_check(cJSON_CreateArray());

		if (cv_is(step, "type", "JAVASCRIPT"))
			cJSON_AddItemToArray(list, fmt_cjson_check(cJSON_IsString(params) ?
			    cJSON_CreateString(params->valuestring) : cJSON_CreateNull()));
		else {
			const char *s = cv_or_empty(cv_str(step, "params")), *nl;

			for (;; s = nl + 1) {
				char *part;

				nl = strchr(s, '\n');
				part = fmt_strdup_len(s, nl != NULL ? (size_t)(nl - s) : strlen(s));
				cJSON_AddItemToArray(list, fmt_cjson_check(cJSON_CreateString(part)));
				free(part);
				if (nl == NULL)
					break;
			}
		}
		cv_set(step, "parameters", list);
		cJSON_DeleteItemFromObjectCaseSensitive(step, "params");
	}
}

static void
cv50_owner(cJSON *owner)
{
	CV_FOREACH(item, cv_get(owner, "items"))
		cv50_steps(item);
	CV_FOREACH(rule, cv_get(owner, "discovery_rules")) {
		cv50_steps(rule);
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv50_steps(proto);
	}
	/* template screens become dashboards in Zabbix (CTemplateScreenConverter); tmpld drops
	 * them */
	cJSON_DeleteItemFromObjectCaseSensitive(owner, "screens");
}

static int
cv50(cJSON *data, char **cause)
{
	CV_FOREACH(host, cv_get(data, "hosts"))
		cv50_owner(host);
	CV_FOREACH(tpl, cv_get(data, "templates"))
		cv50_owner(tpl);
	return 0;
}

/* 5.2 -> 5.4 */

/* Zabbix's short template name: "Template OS Linux" -> "Linux", "SNMPv2" -> "SNMP". */
char *
iconv_short_name(const char *name)
{
	static const char *const kinds[] = { "APP", "App", "DB", "Module", "Net", "OS", "SAN",
	    "Server", "Tel", "VM" };
	const char *mapped = NULL;
	size_t mlen = 0;
	struct fbuf b;

	for (const char *p = name; *p != '\0' && mapped == NULL; p++) {
		if (strncmp(p, "Template ", 9) != 0)
			continue;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			size_t kl = strlen(kinds[k]);
			const char *rest = p + 9 + kl;

			if (strncmp(p + 9, kinds[k], kl) != 0 || *rest != ' ')
				continue;
			rest++;
			mlen = strcspn(rest, "\n");
			if (mlen >= 3) {
				mapped = rest;
				break;
			}
		}
	}
	if (mapped == NULL) {
		mapped = name;
		mlen = strlen(name);
	}
	fbuf_init(&b, mlen + 1);
	for (size_t i = 0; i < mlen; i++) {
		if (strncmp(mapped + i, "SNMPv2", 6) == 0 && i + 6 <= mlen) {
			fbuf_puts(&b, "SNMP");
			i += 5;
		} else
			fbuf_putc(&b, mapped[i]);
	}
	return fbuf_take(&b, NULL);
}

/* applications [{name}] -> tags [{tag: "Application", value: name}] */
static void
cv_apps_to_tags(cJSON *tags, const cJSON *apps)
{
	for (const cJSON *app = cJSON_IsArray(apps) ? apps->child : NULL; app != NULL;
	    app = app->next) {
		cJSON *tag = fmt_cjson_check(cJSON_CreateObject());

		util_json_add_str(tag, "tag", "Application");
		util_json_add_str(tag, "value", cv_or_empty(cv_str(app, "name")));
		cJSON_AddItemToArray(tags, tag);
	}
}

/* Replaces an expression of a trigger with its 5.4 form; the seed form is returned (heap). */
static char *
cv52_expression(cJSON *trigger, const char *key)
{
	char *out, *seed;

	iexpr_convert(cv_or_empty(cv_str(trigger, key)), &out, &seed);
	cv_set_str(trigger, key, out);
	free(out);
	return seed;
}

static int cv52_triggers(cJSON *, bool, const char *, char **);

/* A trigger's expressions in 5.4's syntax, and (on templates) its uuid from the name, the
 * discovery rule and the expressions with short host names. */
static int
cv52_trigger(cJSON *trigger, bool uuid, const char *rule_key, char **cause)
{
	char *seed = cv52_expression(trigger, "expression"), *rseed = NULL;
	const char *name = cv_or_empty(cv_str(trigger, "name"));
	struct fbuf s;

	if (cv_str(trigger, "event_name") != NULL && !cv_is(trigger, "event_name", "")) {
		char *event = iexpr_convert_event_name(cv_str(trigger, "event_name"));

		cv_set_str(trigger, "event_name", event);
		free(event);
	}
	if (cv_get(trigger, "recovery_expression") != NULL) {
		if (cv_is(trigger, "recovery_expression", ""))
			rseed = fmt_strdup_len("", 0);
		else
			rseed = cv52_expression(trigger, "recovery_expression");
	}
	if (cv52_triggers(cv_get(trigger, "dependencies"), false, NULL, cause) != 0) {
		free(seed);
		free(rseed);
		return -1;
	}
	if (uuid) {
		fbuf_init(&s, 128);
		if (rule_key != NULL)
			fbuf_printf(&s, "%s/", rule_key);
		fbuf_printf(&s, "%s/%s", name, seed);
		if (rseed != NULL)
			fbuf_printf(&s, "/%s", rseed);
		cv_set_uuid(trigger, s.p);
		fbuf_free(&s);
	}
	free(seed);
	free(rseed);
	return 0;
}

static int
cv52_triggers(cJSON *list, bool uuid, const char *rule_key, char **cause)
{
	CV_FOREACH(trigger, list)
		if (cv52_trigger(trigger, uuid, rule_key, cause) != 0)
			return -1;
	return 0;
}

/* Items: applications to tags, uuids; calculated and aggregate formulas are refused. */
static int
cv52_item(cJSON *item, const char *short_name, const char *rule_key, bool proto, char **cause)
{
	cJSON *apps;

	if (cv52_triggers(cv_get(item, proto ? "trigger_prototypes" : "triggers"), short_name != NULL,
	    rule_key, cause) != 0)
		return -1;
	apps = fmt_cjson_check(cJSON_CreateArray());
	/* an item gets its tags before its uuid, a prototype after (as Zabbix orders the keys) */
	if (proto && short_name != NULL && rule_key != NULL)
		cv_uuid_of(item, short_name, rule_key, cv_or_empty(cv_str(item, "key")));
	if (cJSON_IsArray(cv_get(item, "applications")))
		cv_apps_to_tags(apps, cv_get(item, "applications"));
	if (proto && cJSON_IsArray(cv_get(item, "application_prototypes")))
		cv_apps_to_tags(apps, cv_get(item, "application_prototypes"));
	if (cJSON_GetArraySize(apps) > 0 || (!proto && cv_get(item, "applications") != NULL)) {
		cv_set(item, "tags", apps);
		cJSON_DeleteItemFromObjectCaseSensitive(item, "applications");
		cJSON_DeleteItemFromObjectCaseSensitive(item, "application_prototypes");
	} else
		cJSON_Delete(apps);
	if (!proto && short_name != NULL)
		cv_uuid_of(item, short_name, NULL, cv_or_empty(cv_str(item, "key")));
	if (cv_is(item, "type", "CALCULATED") && cv_str(item, "params") != NULL) {
		char *formula = iexpr_convert_formula(cv_or_empty(cv_str(item, "params")));

		cv_set_str(item, "params", formula);
		free(formula);
	} else if (cv_is(item, "type", "AGGREGATE")) {
		char *formula = iexpr_convert_aggregate(cv_or_empty(cv_str(item, "key")), proto);

		cv_set_str(item, "type", "CALCULATED");
		cv_set_str(item, "params", formula);
		free(formula);
	}
	return 0;
}

static void
cv52_interfaces(cJSON *owner)
{
	CV_FOREACH(iface, cv_get(owner, "interfaces")) {
		cJSON *details = cv_get(iface, "details");

		if (!cv_is(iface, "type", "SNMP") || !cv_is(details, "version", "SNMPV3"))
			continue;
		if (cv_is(details, "authprotocol", "SHA"))
			cv_set_str(details, "authprotocol", "SHA1");
		if (cv_is(details, "privprotocol", "AES"))
			cv_set_str(details, "privprotocol", "AES128");
	}
}

static int
cv52_rule(cJSON *rule, const char *short_name, char **cause)
{
	const char *key = cv_or_empty(cv_str(rule, "key"));

	if (short_name != NULL)
		cv_uuid_of(rule, short_name, key, NULL);
	CV_FOREACH(hp, cv_get(rule, "host_prototypes")) {
		if (short_name != NULL)
			cv_uuid_of(hp, short_name, key, cv_or_empty(cv_str(hp, "host")));
		cv52_interfaces(hp);
	}
	CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
		if (cv52_item(proto, short_name, key, true, cause) != 0)
			return -1;
	if (cv52_triggers(cv_get(rule, "trigger_prototypes"), short_name != NULL, key, cause) != 0)
		return -1;
	if (short_name != NULL)
		CV_FOREACH(gp, cv_get(rule, "graph_prototypes"))
			cv_uuid_of(gp, short_name, key, cv_or_empty(cv_str(gp, "name")));
	return 0;
}

static void
cv52_httptest(cJSON *test, const char *short_name)
{
	const cJSON *app = cv_get(test, "application");

	if (short_name != NULL)
		cv_uuid_of(test, short_name, cv_or_empty(cv_str(test, "name")), NULL);
	if (app != NULL) {
		cJSON *tags = fmt_cjson_check(cJSON_CreateArray()), *one = cJSON_CreateArray();

		cJSON_AddItemToArray(one, cJSON_Duplicate(app, true));
		cv_apps_to_tags(tags, one);
		cJSON_Delete(one);
		cv_set(test, "tags", tags);
		cJSON_DeleteItemFromObjectCaseSensitive(test, "application");
	}
}

/* Template dashboards get one page with their widgets. */
static void
cv52_dashboards(cJSON *tpl, const char *short_name)
{
	cJSON *old = cv_get(tpl, "dashboards"), *list;

	if (old == NULL)
		return;
	list = fmt_cjson_check(cJSON_CreateArray());
	CV_FOREACH(d, old) {
		cJSON *nd = fmt_cjson_check(cJSON_CreateObject()), *page = cJSON_CreateObject();
		cJSON *pages = cJSON_CreateArray();
		char uuid[33];
		char *seed;
		size_t n;

		n = strlen(short_name) + strlen(cv_or_empty(cv_str(d, "name"))) + 2;
		seed = xmalloc(n);
		snprintf(seed, n, "%s/%s", short_name, cv_or_empty(cv_str(d, "name")));
		iuuid_from_seed(seed, uuid);
		free(seed);
		util_json_add_str(nd, "uuid", uuid);
		if (cv_get(d, "name") != NULL)
			cJSON_AddItemToObject(nd, "name", cJSON_Duplicate(cv_get(d, "name"), true));
		if (cv_get(d, "widgets") != NULL)
			cJSON_AddItemToObject(page, "widgets", cJSON_Duplicate(cv_get(d, "widgets"),
			    true));
		cJSON_AddItemToArray(pages, page);
		cJSON_AddItemToObject(nd, "pages", pages);
		cJSON_AddItemToArray(list, nd);
	}
	cv_set(tpl, "dashboards", list);
}

static int
cv52_owner(cJSON *owner, bool is_template, char **cause)
{
	static const char *const tls[] = { "tls_connect", "tls_accept", "tls_issuer", "tls_subject",
	    "tls_psk_identity", "tls_psk" };
	char *short_name = NULL;
	int rc = -1;

	if (is_template) {
		short_name = iconv_short_name(cv_or_empty(cv_str(owner, "template")));
		cv_set_uuid(owner, short_name);
	} else
		for (size_t i = 0; i < sizeof tls / sizeof tls[0]; i++)
			cJSON_DeleteItemFromObjectCaseSensitive(owner, tls[i]);
	CV_FOREACH(item, cv_get(owner, "items"))
		if (cv52_item(item, short_name, NULL, false, cause) != 0)
			goto out;
	if (!is_template)
		cv52_interfaces(owner);
	CV_FOREACH(rule, cv_get(owner, "discovery_rules"))
		if (cv52_rule(rule, short_name, cause) != 0)
			goto out;
	CV_FOREACH(test, cv_get(owner, "httptests"))
		cv52_httptest(test, short_name);
	cJSON_DeleteItemFromObjectCaseSensitive(owner, "applications");
	if (is_template) {
		cv52_dashboards(owner, short_name);
		CV_FOREACH(vm, cv_get(owner, "valuemaps"))
			cv_uuid_of(vm, short_name, cv_or_empty(cv_str(vm, "name")), NULL);
	}
	rc = 0;
out:
	free(short_name);
	return rc;
}

/* The value maps an item or item prototype of a host uses move into the host, once each. */
static void
cv52_use_valuemap(cJSON *owner, const cJSON *item, const cJSON *maps, cJSON *used)
{
	const char *name = cv_str(cv_get(item, "valuemap"), "name");
	const cJSON *found = NULL;
	cJSON *list;

	if (name == NULL)
		return;
	CV_FOREACH(u, used)
		if (strcmp(u->valuestring, name) == 0)
			return;
	/* zbx_toHash: of maps with the same name, the last one counts */
	for (const cJSON *vm = maps->child; vm != NULL; vm = vm->next)
		if (cv_is(vm, "name", name))
			found = vm;
	if (found == NULL)
		return;
	if ((list = cv_get(owner, "valuemaps")) == NULL || !cJSON_IsArray(list)) {
		list = fmt_cjson_check(cJSON_CreateArray());
		cv_set(owner, "valuemaps", list);
	}
	cJSON_AddItemToArray(list, cJSON_Duplicate(found, true));
	cJSON_AddItemToArray(used, cJSON_CreateString(name));
}

static void
cv52_valuemaps(cJSON *data)
{
	cJSON *maps = cJSON_DetachItemFromObjectCaseSensitive(data, "value_maps");
	static const char *const owners[] = { "hosts", "templates" };

	if (maps == NULL)
		return;
	for (size_t o = 0; o < 2; o++)
		CV_FOREACH(owner, cv_get(data, owners[o])) {
			cJSON *used = fmt_cjson_check(cJSON_CreateArray());

			CV_FOREACH(item, cv_get(owner, "items"))
				cv52_use_valuemap(owner, item, maps, used);
			CV_FOREACH(rule, cv_get(owner, "discovery_rules"))
				CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
					cv52_use_valuemap(owner, proto, maps, used);
			cJSON_Delete(used);
		}
	cJSON_Delete(maps);
}

static int
cv52(cJSON *data, char **cause)
{
	cv52_valuemaps(data);
	CV_FOREACH(host, cv_get(data, "hosts"))
		if (cv52_owner(host, false, cause) != 0)
			return -1;
	CV_FOREACH(tpl, cv_get(data, "templates"))
		if (cv52_owner(tpl, true, cause) != 0)
			return -1;
	CV_FOREACH(map, cv_get(data, "maps")) {
		CV_FOREACH(sel, cv_get(map, "selements")) {
			const char *app = cv_or_empty(cv_str(sel, "application"));

			cv_set_str(sel, "evaltype", "0");
			if (*app != '\0') {
				cJSON *tags = cJSON_CreateArray(), *tag = cJSON_CreateObject();

				util_json_add_str(tag, "tag", "Application");
				util_json_add_str(tag, "value", app);
				util_json_add_str(tag, "operator", "0");
				cJSON_AddItemToArray(tags, tag);
				cv_set(sel, "tags", tags);
			}
			cJSON_DeleteItemFromObjectCaseSensitive(sel, "application");
			if (cv_is(sel, "elementtype", "2") &&
			    cv52_triggers(cv_get(sel, "elements"), false, NULL, cause) != 0)
				return -1;
		}
		CV_FOREACH(link, cv_get(map, "links"))
			CV_FOREACH(lt, cv_get(link, "linktriggers"))
				if (cJSON_IsObject(cv_get(lt, "trigger")) &&
				    cv52_trigger(cv_get(lt, "trigger"), false, NULL, cause) != 0)
					return -1;
	}
	if (cv52_triggers(cv_get(data, "triggers"), true, NULL, cause) != 0)
		return -1;
	CV_FOREACH(graph, cv_get(data, "graphs")) {
		struct fbuf seed;

		fbuf_init(&seed, 64);
		fbuf_puts(&seed, cv_or_empty(cv_str(graph, "name")));
		CV_FOREACH(gi, cv_get(graph, "graph_items")) {
			char *s = iconv_short_name(cv_or_empty(cv_str(cv_get(gi, "item"), "host")));

			fbuf_putc(&seed, '/');
			fbuf_puts(&seed, s);
			free(s);
		}
		cv_set_uuid(graph, seed.p);
		fbuf_free(&seed);
	}
	CV_FOREACH(group, cv_get(data, "groups"))
		cv_set_uuid(group, cv_or_empty(cv_str(group, "name")));
	return 0;
}

/* 5.4 -> 6.0 */

/* A text with simple macros {host:key.func(params)} in 6.0's form {?func(/host/key,params)}. */
static void
cv54_text(cJSON *obj, const char *key, bool always)
{
	char *text;

	/* Zabbix reads the map fields without looking: a missing one becomes "" */
	if (!cJSON_IsObject(obj) || (cv_str(obj, key) == NULL && !always))
		return;
	text = iexpr_convert_macros(cv_or_empty(cv_str(obj, key)));
	cv_set_str(obj, key, text);
	free(text);
}

static void
cv54_steps(cJSON *owner)
{
	CV_FOREACH(step, cv_get(owner, "preprocessing")) {
		cJSON *params = cv_get(step, "parameters");
		const char *second;

		if (!cv_is(step, "type", "PROMETHEUS_PATTERN") || cJSON_GetArraySize(params) != 2)
			continue;
		second = cJSON_GetArrayItem(params, 1)->valuestring;
		cJSON_AddItemToArray(params, cJSON_Duplicate(cJSON_GetArrayItem(params, 1), true));
		cJSON_ReplaceItemInArray(params, 1, cJSON_CreateString(second != NULL &&
		    *second == '\0' ? "value" : "label"));
	}
}

static void
cv54_owner(cJSON *owner)
{
	CV_FOREACH(item, cv_get(owner, "items"))
		cv54_steps(item);
	CV_FOREACH(rule, cv_get(owner, "discovery_rules")) {
		CV_FOREACH(gp, cv_get(rule, "graph_prototypes"))
			cv54_text(gp, "name", true);
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv54_steps(proto);
	}
}

static int
cv54(cJSON *data, char **cause)
{
	static const char *const labels[] = { "label_string_host", "label_string_map",
	    "label_string_trigger", "label_string_hostgroup", "label_string_image" };

	CV_FOREACH(host, cv_get(data, "hosts"))
		cv54_owner(host);
	CV_FOREACH(tpl, cv_get(data, "templates"))
		cv54_owner(tpl);
	CV_FOREACH(graph, cv_get(data, "graphs"))
		cv54_text(graph, "name", true);
	CV_FOREACH(map, cv_get(data, "maps")) {
		for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
			cv54_text(map, labels[i], true);
		CV_FOREACH(sel, cv_get(map, "selements"))
			cv54_text(sel, "label", true);
		CV_FOREACH(shape, cv_get(map, "shapes"))
			cv54_text(shape, "text", true);
		CV_FOREACH(link, cv_get(map, "links"))
			cv54_text(link, "label", true);
	}
	CV_FOREACH(mt, cv_get(data, "media_types"))
		CV_FOREACH(tpl, cv_get(mt, "message_templates")) {
			cv54_text(tpl, "subject", false);
			cv54_text(tpl, "message", false);
		}
	return 0;
}

int
iconv_step(cJSON *data, char **cause)
{
	static const struct {
		const char	*from;
		const char	*to;
		int		(*step)(cJSON *, char **);
	} steps[] = {
		{ "4.4", "5.0", cv44 },
		{ "5.0", "5.2", cv50 },
		{ "5.2", "5.4", cv52 },
		{ "5.4", "6.0", cv54 },
	};
	const char *version = cv_or_empty(cv_str(data, "version"));

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (strcmp(version, steps[i].from) != 0)
			continue;
		cv_set_str(data, "version", steps[i].to);
		return steps[i].step(data, cause);
	}
	fmt_set_cause(cause, "Invalid tag \"/zabbix_export/version\": unsupported version number.");
	return -1;
}
