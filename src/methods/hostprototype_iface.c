/* hostprototype_iface.c: the custom interfaces of host prototypes: checked as Zabbix 6.0's
 * CHostPrototype checks them (its API_MULTIPLE rules, texts and paths), stored as the
 * "interfaces" member of the prototype's document, and shown by selectInterfaces. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

/* ---- value syntax (CIPParser, CDnsParser, API_PORT with user and LLD macros) ---- */

/* "{$NAME}" or "{$NAME:context}" at s: its length, 0 when none. */
static size_t
hpi_user_macro(const char *s)
{
	const char *end;
	char *m, *cause = NULL;
	size_t n;
	int rc;

	if (s[0] != '{' || s[1] != '$' || (end = strchr(s, '}')) == NULL)
		return 0;
	n = (size_t)(end - s) + 1;
	m = xstrndup(s, n);
	rc = macro_parse(m, NULL, &cause);
	free(m);
	free(cause);
	return rc == 0 ? n : 0;
}

/* "{#NAME}" at s: its length, 0 when none. */
static size_t
hpi_lld_macro(const char *s)
{
	const char *p = s + 2;

	if (s[0] != '{' || s[1] != '#')
		return 0;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.')
		p++;
	return p > s + 2 && *p == '}' ? (size_t)(p - s) + 1 : 0;
}

/* "{{#NAME}.func(params)}" at s: its length, 0 when none. */
static size_t
hpi_lld_function(const char *s)
{
	const char *p;
	size_t n;

	if (s[0] != '{' || (n = hpi_lld_macro(s + 1)) == 0 || s[1 + n] != '.')
		return 0;
	p = s + 2 + n;
	if (!islower((unsigned char)*p))
		return 0;
	while (islower((unsigned char)*p))
		p++;
	if (*p != '(' || (n = item_key_params_span(p, ')')) == 0 || p[n] != '}')
		return 0;
	return (size_t)(p - s) + n + 1;
}

/* "{MACRO.NAME}" (capitals, "." and "_") at s: its length, 0 when none. */
static size_t
hpi_macro(const char *s)
{
	size_t n;

	if (s[0] != '{')
		return 0;
	n = strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ._");
	return n > 0 && s[1 + n] == '}' ? n + 2 : 0;
}

/* Any macro an interface address may hold, at s: its length, 0 when none. */
static size_t
hpi_any_macro(const char *s)
{
	size_t n;

	if ((n = hpi_user_macro(s)) > 0 || (n = hpi_lld_macro(s)) > 0 ||
	    (n = hpi_lld_function(s)) > 0)
		return n;
	return hpi_macro(s);
}

/* Four dot-separated numbers of at most three digits, each up to 255 (CIPv4Parser). */
static bool
hpi_ipv4(const char *s)
{
	for (int i = 0; i < 4; i++) {
		size_t n = strspn(s, "0123456789");

		if (n == 0 || n > 3 || atoi(s) > 255)
			return false;
		s += n;
		if (i < 3 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

static bool
hpi_ip_ok(const char *s)
{
	unsigned char buf[16];
	size_t n = strlen(s);

	if (hpi_ipv4(s) || inet_pton(AF_INET6, s, buf) == 1)
		return true;
	return hpi_any_macro(s) == n;
}

/* A host name part: [A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.? ; its length. */
static size_t
hpi_dns_part(const char *s)
{
	const char *p = s;

	if (!isalnum((unsigned char)*p))
		return 0;
	p++;
	for (;;) {
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '-')
			p++;
		if (*p != '.')
			break;
		p++;
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
			break;
	}
	return (size_t)(p - s);
}

static bool
hpi_dns_ok(const char *s)
{
	const char *p = s;

	while (*p != '\0') {
		size_t n = hpi_dns_part(p);

		if (n == 0)
			n = hpi_any_macro(p);
		if (n == 0)
			return false;
		p += n;
	}
	return p > s && p - s <= 255;
}

/* API_IP / API_DNS after the type rule: NULL, or the text after the path. */
static char *
hpi_check_ip(const cJSON *v)
{
	return v->valuestring[0] == '\0' || hpi_ip_ok(v->valuestring) ? NULL :
	    xstrdup("an IP address is expected");
}

static char *
hpi_check_dns(const cJSON *v)
{
	return v->valuestring[0] == '\0' || hpi_dns_ok(v->valuestring) ? NULL :
	    xstrdup("a DNS name is expected");
}

/* API_PORT: a string or a number, not empty, at most 64 characters, a user or LLD macro or
 * 0-65535. */
static char *
hpi_check_port(const cJSON *v)
{
	char buf[32], *end;
	const char *s = buf;
	long n;

	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble)
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
	else
		return xstrdup("a number is expected");
	if (s[0] == '\0')
		return xstrdup("cannot be empty");
	if (util_utf8_len(s) > 64)
		return xstrdup("value is too long");
	if (hpi_user_macro(s) == strlen(s) || hpi_lld_macro(s) == strlen(s))
		return NULL;
	if (strspn(s + (s[0] == '-'), "0123456789") != strlen(s + (s[0] == '-')) ||
	    s[s[0] == '-'] == '\0')
		return xstrdup("an integer is expected");
	n = strtol(s, &end, 10);
	return n >= 0 && n <= 65535 ? NULL : xstrdup("value must be one of 0-65535");
}

/* ---- the rules, one per branch of Zabbix's API_MULTIPLE ---- */

#define HPI_INT(nm, vals, fl) { nm, { .type = RULE_INT32, .flags = (fl), .in = (vals) } }
#define HPI_ANY(nm) { nm, { .type = RULE_ANY } }
#define HPI_STR(nm, fl) { nm, { .type = RULE_STRING, .flags = (fl), .length = 64 } }

/* First pass: every member known, type and useip checked (the others decide on them). */
static const struct rule_field hpi_pre_fields[] = {
	HPI_INT("type", "1,2,3,4", RULE_REQUIRED), HPI_INT("useip", "0,1", RULE_REQUIRED),
	HPI_ANY("ip"), HPI_ANY("dns"), HPI_ANY("port"), HPI_ANY("main"), HPI_ANY("details"),
	{ NULL, { 0 } },
};
static const struct rule hpi_pre = { .type = RULE_OBJECT, .fields = hpi_pre_fields };

#define HPI_IFACE(ipfl, dnsfl) \
	HPI_INT("type", "1,2,3,4", RULE_REQUIRED), HPI_INT("useip", "0,1", RULE_REQUIRED), \
	{ "ip", { .type = RULE_STRING, .flags = (ipfl), .length = 64, .check = hpi_check_ip } }, \
	{ "dns", { .type = RULE_STRING, .flags = (dnsfl), .length = 255, \
	    .check = hpi_check_dns } }, \
	{ "port", { .type = RULE_ANY, .flags = RULE_REQUIRED, .check = hpi_check_port } }, \
	HPI_INT("main", "0,1", RULE_REQUIRED), HPI_ANY("details"), { NULL, { 0 } }

static const struct rule_field hpi_ip_fields[] = {
	HPI_IFACE(RULE_REQUIRED | RULE_NOT_EMPTY, 0) };
static const struct rule_field hpi_dns_fields[] = {
	HPI_IFACE(0, RULE_REQUIRED | RULE_NOT_EMPTY) };
static const struct rule hpi_by_useip[2] = {
	{ .type = RULE_OBJECT, .fields = hpi_dns_fields },
	{ .type = RULE_OBJECT, .fields = hpi_ip_fields },
};

/* SNMP details: version (and for SNMPv3 the security level) first, then by their values. */
static const struct rule_field hpi_snmp_pre_fields[] = {
	HPI_INT("version", "1,2,3", RULE_REQUIRED), HPI_ANY("bulk"), HPI_ANY("community"),
	HPI_ANY("contextname"), HPI_ANY("securityname"), HPI_ANY("securitylevel"),
	HPI_ANY("authprotocol"), HPI_ANY("authpassphrase"), HPI_ANY("privprotocol"),
	HPI_ANY("privpassphrase"), { NULL, { 0 } },
};
static const struct rule hpi_snmp_pre = { .type = RULE_OBJECT, .flags = RULE_REQUIRED,
	.fields = hpi_snmp_pre_fields };
static const struct rule_field hpi_snmp_v12_fields[] = {
	HPI_INT("version", "1,2,3", RULE_REQUIRED), HPI_INT("bulk", "0,1", 0),
	HPI_STR("community", RULE_REQUIRED | RULE_NOT_EMPTY), { NULL, { 0 } },
};
#define HPI_V3 \
	HPI_INT("version", "1,2,3", RULE_REQUIRED), HPI_INT("bulk", "0,1", 0), \
	HPI_STR("contextname", 0), HPI_STR("securityname", 0), \
	HPI_INT("securitylevel", "0,1,2", 0)
#define HPI_V3_AUTH HPI_INT("authprotocol", "0,1,2,3,4,5", 0), HPI_STR("authpassphrase", 0)
#define HPI_V3_PRIV HPI_INT("privprotocol", "0,1,2,3,4,5", 0), HPI_STR("privpassphrase", 0)
static const struct rule_field hpi_snmp_v3_fields[3][10] = {
	{ HPI_V3, { NULL, { 0 } } },
	{ HPI_V3, HPI_V3_AUTH, { NULL, { 0 } } },
	{ HPI_V3, HPI_V3_AUTH, HPI_V3_PRIV, { NULL, { 0 } } },
};

/* validate_at with the call failing on its text; RPC_COMMIT when fine. */
static int
hpi_validate(struct rpc_call *call, const struct rule *r, cJSON *v, const char *path)
{
	char *cause = NULL;
	int rc = RPC_COMMIT;

	if (validate_at(r, v, path, &cause) != ERR_NONE)
		rc = rpc_fail(call, ERR_PARAM, "%s", cause);
	free(cause);
	return rc;
}

static long
hpi_int(const cJSON *obj, const char *key, long dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(v))
		return (long)v->valuedouble;
	return cJSON_IsString(v) ? atol(v->valuestring) : dflt;
}

static const char *
hpi_str(const cJSON *obj, const char *key, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* The details of an SNMP interface checked and stored as hostinterface.get shows them. */
static int
hpi_snmp(struct rpc_call *call, cJSON *d, const char *path, cJSON **out)
{
	struct rule r = { .type = RULE_OBJECT };
	struct snmp_details sd;
	long version, level;
	int rc;

	*out = NULL;
	if ((rc = hpi_validate(call, &hpi_snmp_pre, d, path)) != RPC_COMMIT)
		return rc;
	version = hpi_int(d, "version", 2);
	if (version == 3) {
		struct rule lr = { .type = RULE_INT32, .in = "0,1,2" };
		cJSON *lv = cJSON_GetObjectItemCaseSensitive(d, "securitylevel");
		char *sub = xasprintf("%s/securitylevel", path);

		rc = lv != NULL ? hpi_validate(call, &lr, lv, sub) : RPC_COMMIT;
		free(sub);
		if (rc != RPC_COMMIT)
			return rc;
		level = hpi_int(d, "securitylevel", 0);
		r.fields = hpi_snmp_v3_fields[level];
	} else
		r.fields = hpi_snmp_v12_fields;
	if ((rc = hpi_validate(call, &r, d, path)) != RPC_COMMIT)
		return rc;
	snmp_details_init(&sd);
	sd.version = (uint32_t)version;
	sd.bulk = (uint32_t)hpi_int(d, "bulk", 1);
	sd.securitylevel = (uint32_t)hpi_int(d, "securitylevel", 0);
	sd.authprotocol = (uint32_t)hpi_int(d, "authprotocol", 0);
	sd.privprotocol = (uint32_t)hpi_int(d, "privprotocol", 0);
#define HPI_TAKE(f) do { free(sd.f); sd.f = xstrdup(hpi_str(d, #f, "")); } while (0)
	HPI_TAKE(community);
	HPI_TAKE(securityname);
	HPI_TAKE(authpassphrase);
	HPI_TAKE(privpassphrase);
	HPI_TAKE(contextname);
#undef HPI_TAKE
	*out = snmp_details_json(&sd);
	snmp_details_free(&sd);
	return RPC_COMMIT;
}

/* One interface checked (path "/1/interfaces/2") and stored: {main, type, useip, ip, dns,
 * port[, details]} as strings, ip "127.0.0.1" and dns "" when not sent (the columns'
 * defaults). */
static int
hpi_one(struct rpc_call *call, cJSON *e, const char *path, cJSON **out)
{
	char buf[32];
	const cJSON *port;
	cJSON *details, *o;
	long type, useip;
	int rc;

	*out = NULL;
	if ((rc = hpi_validate(call, &hpi_pre, e, path)) != RPC_COMMIT)
		return rc;
	type = hpi_int(e, "type", 1);
	useip = hpi_int(e, "useip", 1);
	if ((rc = hpi_validate(call, &hpi_by_useip[useip != 0], e, path)) != RPC_COMMIT)
		return rc;
	details = cJSON_GetObjectItemCaseSensitive(e, "details");
	if (type != HOSTINTERFACE_SNMP && details != NULL)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": unexpected parameter "
		    "\"details\".", path);
	o = cJSON_CreateObject();
	*out = o;
	snprintf(buf, sizeof buf, "%ld", hpi_int(e, "main", 0));
	util_json_add_str(o, "main", buf);
	snprintf(buf, sizeof buf, "%ld", type);
	util_json_add_str(o, "type", buf);
	snprintf(buf, sizeof buf, "%ld", useip);
	util_json_add_str(o, "useip", buf);
	util_json_add_str(o, "ip", hpi_str(e, "ip", "127.0.0.1"));
	util_json_add_str(o, "dns", hpi_str(e, "dns", ""));
	port = cJSON_GetObjectItemCaseSensitive(e, "port");
	if (cJSON_IsNumber(port))
		snprintf(buf, sizeof buf, "%lld", (long long)port->valuedouble);
	util_json_add_str(o, "port", cJSON_IsString(port) ? port->valuestring : buf);
	if (type == HOSTINTERFACE_SNMP) {
		char *sub = xasprintf("%s/details", path);
		cJSON *sd;

		if (details == NULL)
			rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": the parameter "
			    "\"details\" is missing.", path);
		else if ((rc = hpi_snmp(call, details, sub, &sd)) == RPC_COMMIT)
			cJSON_AddItemToObject(o, "details", sd);
		free(sub);
	}
	return rc;
}

static const char *
hpi_type_name(long type)
{
	static const char *const names[] = { "agent", "SNMP", "IPMI", "JMX" };

	return type >= 1 && type <= 4 ? names[type - 1] : "unknown";
}

/* checkMainInterfaces: one default interface per type, and one when there are others. */
static int
hpi_main_check(struct rpc_call *call, const cJSON *list, const char *path)
{
	int count[5][2] = { { 0 } };
	const cJSON *e;

	cJSON_ArrayForEach(e, list) {
		long type = atol(hpi_str(e, "type", "1")), main = atol(hpi_str(e, "main", "0"));

		if (type < 1 || type > 4)
			continue;
		count[type][main != 0]++;
		if (count[type][1] > 1)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": cannot have more "
			    "than one default interface of the same type.", path);
	}
	for (long t = 1; t <= 4; t++)
		if (count[t][0] > 0 && count[t][1] == 0)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": no default "
			    "interface for \"%s\" type..", path, hpi_type_name(t));
	return RPC_COMMIT;
}

int
hproto_iface_take(struct rpc_call *call, const cJSON *obj, size_t idx, bool custom, cJSON *doc)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, "interfaces"), *stored, *e;
	char path[64];
	size_t i = 0;
	int rc = RPC_COMMIT;

	if (list == NULL) {
		if (!custom)		/* back to the rule's host interfaces: none of its own */
			cJSON_DeleteItemFromObjectCaseSensitive(doc, "interfaces");
		return RPC_COMMIT;
	}
	if (!custom)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": unexpected parameter "
		    "\"interfaces\".", idx + 1);
	snprintf(path, sizeof path, "/%zu/interfaces", idx + 1);
	validate_to_array(list);
	if (!cJSON_IsArray(list))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": an array is expected.",
		    path);
	stored = cJSON_CreateArray();
	cJSON_ArrayForEach(e, list) {
		char sub[96];
		cJSON *one;

		snprintf(sub, sizeof sub, "%s/%zu", path, ++i);
		rc = hpi_one(call, e, sub, &one);
		if (one != NULL)
			cJSON_AddItemToArray(stored, one);
		if (rc != RPC_COMMIT)
			break;
	}
	if (rc == RPC_COMMIT)
		rc = hpi_main_check(call, stored, path);
	if (rc != RPC_COMMIT) {
		cJSON_Delete(stored);
		return rc;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "interfaces");
	cJSON_AddItemToObject(doc, "interfaces", stored);
	return RPC_COMMIT;
}

void
hproto_iface_select(const cJSON *params, const cJSON *doc, cJSON *obj)
{
	struct get_output out = get_output_parse(cJSON_GetObjectItemCaseSensitive(params,
	    "selectInterfaces"));
	static const char *const cols[][2] = {
		{ "main", NULL }, { "type", NULL }, { "useip", NULL }, { "ip", NULL },
		{ "dns", NULL }, { "port", NULL }, { "available", "0" }, { "error", "" },
		{ "errors_from", "0" }, { "disable_until", "0" },
	};
	const cJSON *e;
	cJSON *arr;

	if (out.mode == GET_NONE || out.mode == GET_COUNT)
		return;
	arr = cJSON_AddArrayToObject(obj, "interfaces");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "interfaces")) {
		cJSON *o = cJSON_CreateObject();
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "details");

		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			if (out.mode == GET_EXTEND || get_list_has_name(out.list, cols[i][0]))
				cJSON_AddStringToObject(o, cols[i][0], cols[i][1] != NULL ?
				    cols[i][1] : hpi_str(e, cols[i][0], ""));
		if (out.mode == GET_EXTEND || get_list_has_name(out.list, "details"))
			cJSON_AddItemToObject(o, "details", d != NULL ? cJSON_Duplicate(d, true) :
			    cJSON_CreateArray());
		if (o->child == NULL) {		/* no column asked: PHP's empty array */
			cJSON_Delete(o);
			o = cJSON_CreateArray();
		}
		cJSON_AddItemToArray(arr, o);
	}
}
