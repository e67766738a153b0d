/* import_convert.c: converts a checked import tree one version up, as Zabbix's C50, C52 and C54
 * ImportConverter do (preprocessing parameters, applications to tags, value maps into their hosts,
 * uuids from names, ...). What tmpld cannot convert yet (trigger expressions, calculated and
 * aggregate formulas, function macros in texts of versions before 5.4) is refused by name. */
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

/* 5.0 -> 5.2 */

static void
cv50_steps(cJSON *owner)
{
	CV_FOREACH(step, cv_get(owner, "preprocessing")) {
		const cJSON *params = cv_get(step, "params");
		cJSON *list = fmt_cjson_check(cJSON_CreateArray());

		if (cv_is(step, "type", "JAVASCRIPT"))
			cJSON_AddItemToArray(list, params != NULL ? cJSON_Duplicate(params, true) :
			    cJSON_CreateNull());
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
static char *
cv_short_name(const char *name)
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

		cJSON_AddStringToObject(tag, "tag", "Application");
		cJSON_AddStringToObject(tag, "value", cv_or_empty(cv_str(app, "name")));
		cJSON_AddItemToArray(tags, tag);
	}
}

static int
cv_refuse(char **cause, const char *what, const char *name)
{
	fmt_set_cause(cause, "Cannot convert %s \"%s\": tmpld does not convert the expressions and "
	    "formulas of versions before 5.4.", what, cv_or_empty(name));
	return -1;
}

/* Items: applications to tags, uuids; calculated and aggregate formulas are refused. */
static int
cv52_item(cJSON *item, const char *short_name, const char *rule_key, bool proto, char **cause)
{
	cJSON *apps = fmt_cjson_check(cJSON_CreateArray());

	if (cv_get(item, "triggers") != NULL && cJSON_GetArraySize(cv_get(item, "triggers")) > 0)
		return cv_refuse(cause, "the triggers of item", cv_str(item, "key"));
	if (cv_get(item, "trigger_prototypes") != NULL &&
	    cJSON_GetArraySize(cv_get(item, "trigger_prototypes")) > 0)
		return cv_refuse(cause, "the trigger prototypes of item", cv_str(item, "key"));
	if (cv_is(item, "type", "CALCULATED") || cv_is(item, "type", "AGGREGATE"))
		return cv_refuse(cause, "item", cv_str(item, "key"));
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
	if (cJSON_GetArraySize(cv_get(rule, "trigger_prototypes")) > 0)
		return cv_refuse(cause, "the trigger prototypes of discovery rule", key);
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
		cJSON_AddStringToObject(nd, "uuid", uuid);
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
		short_name = cv_short_name(cv_or_empty(cv_str(owner, "template")));
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

			if (cv_is(sel, "elementtype", "2"))
				return cv_refuse(cause, "the trigger elements of map", cv_str(map, "name"));
			cv_set_str(sel, "evaltype", "0");
			if (*app != '\0') {
				cJSON *tags = cJSON_CreateArray(), *tag = cJSON_CreateObject();

				cJSON_AddStringToObject(tag, "tag", "Application");
				cJSON_AddStringToObject(tag, "value", app);
				cJSON_AddStringToObject(tag, "operator", "0");
				cJSON_AddItemToArray(tags, tag);
				cv_set(sel, "tags", tags);
			}
			cJSON_DeleteItemFromObjectCaseSensitive(sel, "application");
		}
		CV_FOREACH(link, cv_get(map, "links"))
			if (cJSON_GetArraySize(cv_get(link, "linktriggers")) > 0)
				return cv_refuse(cause, "the link triggers of map", cv_str(map, "name"));
	}
	CV_FOREACH(trigger, cv_get(data, "triggers"))
		return cv_refuse(cause, "trigger", cv_str(trigger, "name"));
	CV_FOREACH(graph, cv_get(data, "graphs")) {
		struct fbuf seed;

		fbuf_init(&seed, 64);
		fbuf_puts(&seed, cv_or_empty(cv_str(graph, "name")));
		CV_FOREACH(gi, cv_get(graph, "graph_items")) {
			char *s = cv_short_name(cv_or_empty(cv_str(cv_get(gi, "item"), "host")));

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

/* A simple macro such as {host:key.func(params)}, which 6.0 writes {?func(/host/key,params)}:
 * tmpld does not rewrite them and refuses the text. */
static bool
cv_has_function_macro(const char *s)
{
	for (const char *p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		const char *colon = strchr(p, ':'), *end = strstr(p, ")}"), *close = strchr(p, '}');

		if (colon != NULL && end != NULL && colon < end && (close == NULL || colon < close) &&
		    strchr(colon, '(') != NULL && strchr(colon, '(') < end)
			return true;
	}
	return false;
}

static int
cv54_text(const cJSON *obj, const char *key, const char *what, char **cause)
{
	const char *s = cv_str(obj, key);

	if (s != NULL && cv_has_function_macro(s)) {
		fmt_set_cause(cause, "Cannot convert %s \"%s\": tmpld does not convert the function "
		    "macros of versions before 6.0.", what, s);
		return -1;
	}
	return 0;
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

static int
cv54_owner(cJSON *owner, char **cause)
{
	CV_FOREACH(item, cv_get(owner, "items"))
		cv54_steps(item);
	CV_FOREACH(rule, cv_get(owner, "discovery_rules")) {
		CV_FOREACH(gp, cv_get(rule, "graph_prototypes"))
			if (cv54_text(gp, "name", "graph prototype", cause) != 0)
				return -1;
		CV_FOREACH(proto, cv_get(rule, "item_prototypes"))
			cv54_steps(proto);
	}
	return 0;
}

static int
cv54(cJSON *data, char **cause)
{
	static const char *const labels[] = { "label_string_host", "label_string_map",
	    "label_string_trigger", "label_string_hostgroup", "label_string_image" };

	CV_FOREACH(host, cv_get(data, "hosts"))
		if (cv54_owner(host, cause) != 0)
			return -1;
	CV_FOREACH(tpl, cv_get(data, "templates"))
		if (cv54_owner(tpl, cause) != 0)
			return -1;
	CV_FOREACH(graph, cv_get(data, "graphs"))
		if (cv54_text(graph, "name", "graph", cause) != 0)
			return -1;
	CV_FOREACH(map, cv_get(data, "maps")) {
		for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
			if (cv54_text(map, labels[i], "the label of map", cause) != 0)
				return -1;
		CV_FOREACH(sel, cv_get(map, "selements"))
			if (cv54_text(sel, "label", "the label of a map element", cause) != 0)
				return -1;
		CV_FOREACH(shape, cv_get(map, "shapes"))
			if (cv54_text(shape, "text", "the text of a map shape", cause) != 0)
				return -1;
		CV_FOREACH(link, cv_get(map, "links"))
			if (cv54_text(link, "label", "the label of a map link", cause) != 0)
				return -1;
	}
	CV_FOREACH(mt, cv_get(data, "media_types"))
		CV_FOREACH(tpl, cv_get(mt, "message_templates"))
			if (cv54_text(tpl, "subject", "the message template", cause) != 0 ||
			    cv54_text(tpl, "message", "the message template", cause) != 0)
				return -1;
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
