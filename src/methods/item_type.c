/* item_type.c: the checks Zabbix 6.0 makes of an item's fields by its type, with its texts
 * and in its order, and the fields a type owns brought in line before the item is stored. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/format.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define ITY_MAX_LEVELS		3	/* ZBX_DEPENDENT_ITEM_MAX_LEVELS */
#define ITY_MAX_COUNT		29999	/* ZBX_DEPENDENT_ITEM_MAX_COUNT */
#define ITY_MAX_TIMESHIFT	788400000ULL	/* 25 years, the history/trends ceiling */
#define ITY_INVENTORY_MAX	70

static const char ity_jmx_default[] =
    "service:jmx:rmi:///jndi/rmi://{HOST.CONN}:{HOST.PORT}/jmxrmi";

static const char *const ity_inventory_titles[ITY_INVENTORY_MAX + 1] = {
	"", "Type", "Type (Full details)", "Name", "Alias", "OS", "OS (Full details)",
	"OS (Short)", "Serial number A", "Serial number B", "Tag", "Asset tag", "MAC address A",
	"MAC address B", "Hardware", "Hardware (Full details)", "Software",
	"Software (Full details)", "Software application A", "Software application B",
	"Software application C", "Software application D", "Software application E", "Contact",
	"Location", "Location latitude", "Location longitude", "Notes", "Chassis", "Model",
	"HW architecture", "Vendor", "Contract number", "Installer name", "Deployment status",
	"URL A", "URL B", "URL C", "Host networks", "Host subnet mask", "Host router",
	"OOB IP address", "OOB subnet mask", "OOB router", "Date HW purchased",
	"Date HW installed", "Date HW maintenance expires", "Date HW decommissioned",
	"Site address A", "Site address B", "Site address C", "Site city",
	"Site state / province", "Site country", "Site ZIP / postal", "Site rack location",
	"Site notes", "Primary POC name", "Primary POC email", "Primary POC phone A",
	"Primary POC phone B", "Primary POC cell", "Primary POC screen name",
	"Primary POC notes", "Secondary POC name", "Secondary POC email",
	"Secondary POC phone A", "Secondary POC phone B", "Secondary POC cell",
	"Secondary POC screen name", "Secondary POC notes",
};

static int
ity_type(const struct item *it)
{
	return atoi(it->f[ITEM_F_TYPE]);
}

static bool
ity_is(const struct item *it, enum item_field f, const char *v)
{
	return strcmp(it->f[f], v) == 0;
}

/* A user macro "{$NAME}" or "{$NAME:context}" as the whole text. */
static bool
ity_user_macro(const char *s)
{
	size_t n = strlen(s);

	return n > 3 && s[0] == '{' && s[1] == '$' && s[n - 1] == '}' &&
	    strchr(s + 1, '{') == NULL && strchr(s, '}') == s + n - 1;
}

/* PHP's truthiness of a field's text: "", "0" are false. */
static bool
ity_truthy(const char *s)
{
	return s[0] != '\0' && strcmp(s, "0") != 0;
}

/* A field Zabbix finds empty: on create only a sent one (an absent one is not ""), on
 * update the stored value too. */
static bool
ity_empty(const struct item_in *in, enum item_field f)
{
	return in->new.f[f][0] == '\0' && (in->update || in->sent[f]);
}

/* One of a field's allowed integers, as the API validator's "in" rule: "0, 1, 2". */
static bool
ity_in(const char *v, const char *allowed)
{
	char buf[16];

	if (!util_is_digits(v) || strlen(v) > 9)
		return false;
	for (const char *p = allowed; *p != '\0';) {
		size_t n = strcspn(p, ",");

		snprintf(buf, sizeof buf, "%.*s", (int)n, p);
		if (strtol(v, NULL, 10) == strtol(buf, NULL, 10))
			return true;
		p += n;
		p += strspn(p, ", ");
	}
	return false;
}

/* A time unit with user macros, in [min, max] (the API validator's API_TIME_UNIT).
 * path: the member's path ("/timeout", "/1/timeout"). */
static int
ity_time_rule(struct rpc_call *call, const char *path, const char *v, unsigned min,
    unsigned max)
{
	uint64_t sec;

	if (v[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": cannot be empty.", path);
	if (ity_user_macro(v))
		return RPC_COMMIT;
	if (interval_time_unit(v, &sec) != 0)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": a time unit is "
		    "expected.", path);
	if (sec < min || sec > max)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": value must be one of "
		    "%u-%u.", path, min, max);
	return RPC_COMMIT;
}

/* ---- HTTP agent ---- */

/* The integer fields of an HTTP agent item, in the order Zabbix checks them. */
static const struct { enum item_field f; const char *in; } ity_http_ints[] = {
	{ ITEM_F_FOLLOW_REDIRECTS, "0, 1" }, { ITEM_F_POST_TYPE, "0, 2, 3" },
	{ ITEM_F_RETRIEVE_MODE, "0, 1, 2" }, { ITEM_F_REQUEST_METHOD, "0, 1, 2, 3" },
	{ ITEM_F_OUTPUT_FORMAT, "0, 1" }, { ITEM_F_ALLOW_TRAPS, "0, 1" },
	{ ITEM_F_VERIFY_PEER, "0, 1" }, { ITEM_F_VERIFY_HOST, "0, 1" },
	{ ITEM_F_AUTHTYPE, "0, 1, 2, 3, 4" },
};

static int
ity_http_int(struct rpc_call *call, const struct item_in *in, size_t i)
{
	const char *v = in->new.f[ity_http_ints[i].f], *name = item_fields[ity_http_ints[i].f].name;
	const char *allowed = ity_http_ints[i].in;

	/* HEAD asks for the headers only (checked when retrieve_mode is sent) */
	if (ity_http_ints[i].f == ITEM_F_RETRIEVE_MODE && in->sent[ITEM_F_RETRIEVE_MODE] &&
	    ity_is(&in->new, ITEM_F_REQUEST_METHOD, "3")) {
		if (strcmp(v, "1") != 0)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s\": value must be "
			    "1.", name);
		return RPC_COMMIT;
	}
	if (!util_is_digits(v) && !(v[0] == '-' && util_is_digits(v + 1)))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s\": an integer is "
		    "expected.", name);
	if (!ity_in(v, allowed))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%s\": value must be one of "
		    "%s.", name, allowed);
	return RPC_COMMIT;
}

/* One constant of a range: a number or a user macro; *p moves past it. */
static bool
ity_range_const(const char **p)
{
	const char *s = *p;

	if (s[0] == '{' && s[1] == '$') {
		const char *end = strchr(s, '}');

		if (end == NULL)
			return false;
		*p = end + 1;
		return true;
	}
	while (isdigit((unsigned char)**p))
		(*p)++;
	return *p > s;
}

/* "200, 201-299,{$CODES}": numbers and ranges of them (or user macros), with blanks around
 * them, separated by commas (CRangesParser). */
static bool
ity_ranges_ok(const char *s)
{
	static const char blank[] = " \t\n\r";
	const char *p = s;

	for (;;) {
		p += strspn(p, blank);
		if (!ity_range_const(&p))
			return false;
		p += strspn(p, blank);
		if (*p == '-') {
			p++;
			p += strspn(p, blank);
			if (!ity_range_const(&p))
				return false;
			p += strspn(p, blank);
		}
		if (*p == '\0')
			return true;
		if (*p++ != ',')
			return false;
	}
}

/* A JSON body: its macros stand for a value, then it must parse. */
static bool
ity_json_body_ok(const char *posts)
{
	static const char *const macros[] = { "{HOST.IP}", "{HOST.CONN}", "{HOST.DNS}",
		"{HOST.HOST}", "{HOST.NAME}", "{ITEM.ID}", "{ITEM.KEY}" };
	char *buf = xstrdup(posts), *w = buf;
	const char *p = posts;
	cJSON *j;

	while (*p != '\0') {
		size_t skip = 0;

		if (p[0] == '{' && p[1] == '$') {
			const char *end = strchr(p, '}');

			skip = end != NULL ? (size_t)(end - p) + 1 : 0;
		}
		for (size_t i = 0; skip == 0 && i < sizeof macros / sizeof macros[0]; i++)
			if (strncmp(p, macros[i], strlen(macros[i])) == 0)
				skip = strlen(macros[i]);
		if (skip > 0) {
			*w++ = '1';
			p += skip;
		} else
			*w++ = *p++;
	}
	*w = '\0';
	j = cJSON_Parse(buf);
	free(buf);
	cJSON_Delete(j);
	return j != NULL;
}

static int
ity_http_query_fields(struct rpc_call *call, const struct item_in *in)
{
	cJSON *q = cJSON_Parse(in->new.f[ITEM_F_QUERY_FIELDS]);
	const cJSON *e;
	int rc = RPC_COMMIT;

	if (!cJSON_IsArray(q) && !cJSON_IsObject(q))
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"query_fields\": an array is "
		    "expected.");
	else
		cJSON_ArrayForEach(e, q) {
			if ((!cJSON_IsObject(e) && !cJSON_IsArray(e)) || cJSON_GetArraySize(e) > 1 ||
			    (e->child != NULL && e->child->string != NULL &&
			    e->child->string[0] == '\0')) {
				rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"query_fields\": "
				    "nonempty key and value pair expected.");
				break;
			}
		}
	if (rc == RPC_COMMIT && strlen(in->new.f[ITEM_F_QUERY_FIELDS]) > 2048)
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"query_fields\": cannot convert "
		    "to JSON, result value too long.");
	cJSON_Delete(q);
	return rc;
}

static int
ity_http_headers(struct rpc_call *call, const struct item_in *in)
{
	cJSON *h = cJSON_Parse(in->new.f[ITEM_F_HEADERS]);
	const cJSON *e;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(e, h) {
		const char *k = e->string != NULL ? e->string : "0";

		while (*k == ' ' || *k == '\t' || *k == '\n' || *k == '\r')
			k++;
		if (*k == '\0' || !cJSON_IsString(e) || e->valuestring[0] == '\0') {
			rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"headers\": nonempty key "
			    "and value pair expected.");
			break;
		}
	}
	cJSON_Delete(h);
	return rc;
}

/* An XML body must be well-formed: libxml2's first error as "(CODE) MESSAGE [Line: L |
 * Column: C]", or "XML is expected" when it gives none (an empty body). */
static int
ity_xml_body(struct rpc_call *call, const char *posts)
{
	static const char prefix[] = "Cannot read XML: (";
	char *cause = NULL;
	cJSON *tree = NULL;
	int rc = RPC_COMMIT;

	if (format_read(FORMAT_XML, posts, strlen(posts), &tree, &cause) != FORMAT_OK &&
	    cause != NULL && strncmp(cause, prefix, sizeof prefix - 1) == 0) {
		size_t n = strlen(cause);

		if (n > 0 && cause[n - 1] == '.')
			cause[n - 1] = '\0';
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"posts\": %s.",
		    cause + sizeof prefix - 2);
	} else if (posts[0] == '\0')
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"posts\": XML is expected.");
	free(cause);
	cJSON_Delete(tree);
	return rc;
}

static int
ity_http_posts(struct rpc_call *call, const struct item_in *in)
{
	const char *posts = in->new.f[ITEM_F_POSTS];
	const char *t = posts + strspn(posts, " \r\n");

	if (!(in->sent[ITEM_F_POST_TYPE] || in->sent[ITEM_F_POSTS]))
		return RPC_COMMIT;
	if (ity_is(&in->new, ITEM_F_POST_TYPE, "3"))
		return ity_xml_body(call, posts);
	if (!ity_is(&in->new, ITEM_F_POST_TYPE, "2"))
		return RPC_COMMIT;
	if (*t == '\0' || !ity_json_body_ok(posts))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"posts\": JSON is expected.");
	return RPC_COMMIT;
}

/* The API validator's object rule of an HTTP agent item (its path is ""), then its shapes. */
static int
ity_http(struct rpc_call *call, struct item_in *in)
{
	const struct item *it = &in->new;
	cJSON *hdr;
	bool hdr_ok;

	if (in->sent[ITEM_F_TRAPPER_HOSTS] && it->f[ITEM_F_TRAPPER_HOSTS][0] != '\0' &&
	    !ity_is(it, ITEM_F_ALLOW_TRAPS, "1"))
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"trapper_hosts\": "
		    "should be empty.");
	if (ity_time_rule(call, "/timeout", it->f[ITEM_F_TIMEOUT], 1, 60) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (!in->update && !in->sent[ITEM_F_URL])
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"\": the parameter \"url\" is "
		    "missing.");
	if (it->f[ITEM_F_URL][0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/url\": cannot be empty.");
	for (size_t i = 0; i < 2; i++)	/* follow_redirects, post_type */
		if (ity_http_int(call, in, i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	hdr = cJSON_Parse(it->f[ITEM_F_HEADERS]);
	hdr_ok = cJSON_IsArray(hdr) || cJSON_IsObject(hdr);
	cJSON_Delete(hdr);
	if (!hdr_ok)
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/headers\": an array is "
		    "expected.");
	for (size_t i = 2; i < sizeof ity_http_ints / sizeof ity_http_ints[0]; i++)
		if (ity_http_int(call, in, i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	if (in->sent[ITEM_F_QUERY_FIELDS] && ity_http_query_fields(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (in->sent[ITEM_F_HEADERS] && ity_http_headers(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (in->sent[ITEM_F_STATUS_CODES] && it->f[ITEM_F_STATUS_CODES][0] != '\0' &&
	    !ity_ranges_ok(it->f[ITEM_F_STATUS_CODES]))
		return rpc_fail(call, ERR_PARAM, "Incorrect value \"%s\" for \"status_codes\" "
		    "field.", it->f[ITEM_F_STATUS_CODES]);
	return ity_http_posts(call, in);
}

/* ---- calculated and script ---- */

static int
ity_calculated(struct rpc_call *call, const struct item_in *in)
{
	char *cause;
	/* a prototype's formula may use LLD macros */
	unsigned mode = EXPR_CALCULATED | (in->fl != NULL &&
	    strcmp(in->fl->flags, ITEM_FLAGS_PROTO) == 0 ? EXPR_LLD : 0);

	if (in->sent[ITEM_F_PARAMS] && in->new.f[ITEM_F_PARAMS][0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/params\": cannot be "
		    "empty.", in->idx + 1);
	if (in->sent[ITEM_F_PARAMS] && expr_parse(in->new.f[ITEM_F_PARAMS], mode, NULL, &cause) !=
	    0) {
		rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/params\": %s.", in->idx + 1,
		    cause);
		free(cause);
		return RPC_ROLLBACK;
	}
	if (in->sent[ITEM_F_VALUE_TYPE] && !ity_in(in->new.f[ITEM_F_VALUE_TYPE], "3, 0, 1, 2, 4"))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/value_type\": value "
		    "must be one of 3, 0, 1, 2, 4.", in->idx + 1);
	return RPC_COMMIT;
}

/* One script parameter {name, value} at /N/parameters/K. */
static int
ity_script_param(struct rpc_call *call, const struct item_in *in, const cJSON *p, size_t k)
{
	static const char *const names[] = { "name", "value" };
	const cJSON *m;
	size_t n = in->idx + 1;

	if (!cJSON_IsObject(p))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu\": an "
		    "array is expected.", n, k);
	cJSON_ArrayForEach(m, p)
		if (strcmp(m->string, "name") != 0 && strcmp(m->string, "value") != 0)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu\": "
			    "unexpected parameter \"%s\".", n, k, m->string);
	for (size_t i = 0; i < 2; i++) {
		m = cJSON_GetObjectItemCaseSensitive(p, names[i]);
		if (m == NULL)
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu\": "
			    "the parameter \"%s\" is missing.", n, k, names[i]);
		if (!cJSON_IsString(m))
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu/%s\": "
			    "a character string is expected.", n, k, names[i]);
		if (i == 0 && m->valuestring[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu/%s\": "
			    "cannot be empty.", n, k, names[i]);
		if (util_utf8_len(m->valuestring) > (i == 0 ? 255u : 2048u))
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu/%s\": "
			    "value is too long.", n, k, names[i]);
	}
	return RPC_COMMIT;
}

static int
ity_script_params(struct rpc_call *call, struct item_in *in)
{
	cJSON *l = cJSON_Parse(in->new.f[ITEM_F_PARAMETERS]);
	const cJSON *p, *q;
	size_t k = 0;
	int rc = RPC_COMMIT;

	if (cJSON_IsObject(l)) {	/* one object stands for a list of it */
		cJSON *wrap = cJSON_CreateArray();
		char *text;

		cJSON_AddItemToArray(wrap, l);
		l = wrap;
		text = cJSON_PrintUnformatted(l);
		item_set(&in->new, ITEM_F_PARAMETERS, text);
		free(text);
	}
	if (!cJSON_IsArray(l))
		rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters\": an array is "
		    "expected.", in->idx + 1);
	for (p = cJSON_IsArray(l) ? l->child : NULL; rc == RPC_COMMIT && p != NULL; p = p->next)
		rc = ity_script_param(call, in, p, ++k);
	k = 0;
	for (p = rc == RPC_COMMIT ? l->child : NULL; p != NULL && rc == RPC_COMMIT; p = p->next) {
		const char *name = cJSON_GetObjectItemCaseSensitive(p, "name")->valuestring;

		k++;
		for (q = l->child; q != p; q = q->next)
			if (strcmp(cJSON_GetObjectItemCaseSensitive(q, "name")->valuestring,
			    name) == 0) {
				rc = rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/parameters/%zu\": "
				    "value (name)=(%s) already exists.", in->idx + 1, k, name);
				break;
			}
	}
	cJSON_Delete(l);
	return rc;
}

/* params, timeout (both required on create and on a change to script) and parameters. An
 * inherited copy takes them from its template, unchecked. */
static int
ity_script(struct rpc_call *call, struct item_in *in)
{
	bool required = !in->update || atoi(in->old.f[ITEM_F_TYPE]) != 21;
	static const enum item_field fs[] = { ITEM_F_PARAMS, ITEM_F_TIMEOUT };
	size_t n = in->idx + 1;

	if (in->update && in->old.templateid != 0)
		return RPC_COMMIT;
	for (size_t i = 0; i < 2; i++) {
		const char *name = item_fields[fs[i]].name;
		char path[64];

		if (!in->sent[fs[i]]) {
			if (required)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": the "
				    "parameter \"%s\" is missing.", n, name);
			continue;
		}
		snprintf(path, sizeof path, "/%zu/%s", n, name);
		if (in->new.f[fs[i]][0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Invalid parameter \"%s\": cannot be empty.",
			    path);
		if (fs[i] == ITEM_F_TIMEOUT &&
		    ity_time_rule(call, path, in->new.f[fs[i]], 1, 60) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return in->sent[ITEM_F_PARAMETERS] ? ity_script_params(call, in) : RPC_COMMIT;
}

/* Zabbix's update interval (interval_delay_parse), then its limits. */
static int
ity_delay(struct rpc_call *call, const struct item_in *in)
{
	struct interval_delay d;

	if (interval_delay_parse(in->new.f[ITEM_F_DELAY], &d) != 0)
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"delay\": invalid "
		    "delay.");
	if (d.macro)
		return RPC_COMMIT;
	if (d.sec == 0 && !d.intervals)
		return rpc_fail(call, ERR_PARAM, "Item will not be refreshed. Specified update "
		    "interval requires having at least one either flexible or scheduling "
		    "interval.");
	if (d.sec > 86400)
		return rpc_fail(call, ERR_PARAM, "Item will not be refreshed. Update interval "
		    "should be between 1s and 1d. Also Scheduled/Flexible intervals can be used.");
	if (d.sec == 0 && !d.scheduling && !d.flexible_nonzero)
		return rpc_fail(call, ERR_PARAM, "Item will not be refreshed. Please enter a "
		    "correct update interval.");
	return RPC_COMMIT;
}

static bool
ity_no_delay(const struct item *it)
{
	int type = ity_type(it);

	return type == 2 || type == 17 || type == 18 ||
	    (type == 7 && strncmp(it->f[ITEM_F_KEY], "mqtt.get", 8) == 0);
}

/* ---- allowed hosts ---- */

static bool
ity_ipv4_ok(const char *s)
{
	unsigned a[4], bits = 0;
	int used = 0;

	if (sscanf(s, "%3u.%3u.%3u.%3u%n", &a[0], &a[1], &a[2], &a[3], &used) != 4)
		return false;
	if (s[used] == '/' && (sscanf(s + used + 1, "%2u", &bits) != 1 || bits > 32 ||
	    !util_is_digits(s + used + 1)))
		return false;
	if (s[used] != '\0' && s[used] != '/')
		return false;
	return a[0] < 256 && a[1] < 256 && a[2] < 256 && a[3] < 256;
}

/* One address of "trapper_hosts": IPv4 (with a mask), IPv6, a DNS name or a macro. */
static bool
ity_address_ok(const char *s)
{
	static const char *const macros[] = { "{HOST.HOST}", "{HOSTNAME}", "{HOST.NAME}",
		"{HOST.CONN}", "{HOST.IP}", "{IPADDRESS}", "{HOST.DNS}" };
	if (*s == '\0')
		return false;
	if (ity_user_macro(s))
		return true;
	for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++)
		if (strcmp(s, macros[i]) == 0)
			return true;
	if (strchr(s, ':') != NULL) {
		for (const char *p = s; *p != '\0'; p++)
			if (!isxdigit((unsigned char)*p) && strchr(":./", *p) == NULL)
				return false;
		return true;
	}
	for (const char *p = s; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("-._/", *p) == NULL)
			return false;
	/* a mask goes with an IPv4 address only (digits alone are taken as a DNS name) */
	return strchr(s, '/') == NULL || ity_ipv4_ok(s);
}

static int
ity_trapper_hosts(struct rpc_call *call, const struct item_in *in)
{
	char *copy = xstrdup(in->new.f[ITEM_F_TRAPPER_HOSTS]), *save = NULL, *part;
	int rc = RPC_COMMIT;

	for (part = strtok_r(copy, ",", &save); part != NULL; part = strtok_r(NULL, ",", &save)) {
		char *end = part + strlen(part);

		while (*part == ' ')
			part++;
		while (end > part && end[-1] == ' ')
			*--end = '\0';
		if (!ity_address_ok(part)) {
			rc = rpc_fail(call, ERR_PARAM, "Incorrect value for field \"trapper_hosts\": "
			    "invalid address range \"%s\".", part);
			break;
		}
	}
	free(copy);
	return rc;
}

/* ---- the stages ---- */

/* Before the interface: type, HTTP agent, calculated, script, the update interval. */
static int
ity_stage_fields(struct rpc_call *call, struct item_in *in)
{
	int type = ity_type(&in->new);

	if (in->sent[ITEM_F_TYPE] && !ity_in(in->new.f[ITEM_F_TYPE],
	    "0, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21"))
		return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu/type\": value must be "
		    "one of 0, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21.",
		    in->idx + 1);
	if (ity_no_delay(&in->new) && type != 17)
		item_set(&in->new, ITEM_F_DELAY, "0");
	if (type == 19 && ity_http(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (type == 15 && ity_calculated(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (type == 21 && ity_script(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (!ity_no_delay(&in->new) && ity_delay(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return RPC_COMMIT;
}

/* Before the key's syntax: the example keys of the item form. */
static int
ity_stage_key(struct rpc_call *call, struct item_in *in)
{
	static const struct { int type; const char *key; } examples[] = {
		{ 11, "db.odbc.select[<unique short description>,<dsn>,<connection string>]" },
		{ 13, "ssh.run[<unique short description>,<ip>,<port>,<encoding>]" },
		{ 14, "telnet.run[<unique short description>,<ip>,<port>,<encoding>]" },
	};

	for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
		if (ity_type(&in->new) == examples[i].type &&
		    ity_is(&in->new, ITEM_F_KEY, examples[i].key))
			return rpc_fail(call, ERR_PARAM, "Check the key, please. Default example "
			    "was passed.");
	return RPC_COMMIT;
}

static int
ity_jmx(struct rpc_call *call, struct item_in *in)
{
	struct item *it = &in->new;

	if (ity_type(it) != 16) {
		if (in->sent[ITEM_F_JMX_ENDPOINT] && it->f[ITEM_F_JMX_ENDPOINT][0] != '\0')
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"jmx_endpoint\": "
			    "should be empty.");
		item_set(it, ITEM_F_JMX_ENDPOINT, "");
		return RPC_COMMIT;
	}
	if (!in->update && !in->sent[ITEM_F_JMX_ENDPOINT])
		item_set(it, ITEM_F_JMX_ENDPOINT, ity_jmx_default);
	if (it->f[ITEM_F_JMX_ENDPOINT][0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"jmx_endpoint\": "
		    "cannot be empty.");
	if ((in->update || in->sent[ITEM_F_USERNAME]) && (in->update || in->sent[ITEM_F_PASSWORD]) &&
	    (it->f[ITEM_F_USERNAME][0] == '\0') != (it->f[ITEM_F_PASSWORD][0] == '\0'))
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"username\": both "
		    "username and password should be either present or empty.");
	return RPC_COMMIT;
}

static int
ity_dependent(struct rpc_call *call, struct item_in *in)
{
	const char *m = in->new.f[ITEM_F_MASTER_ITEMID];
	bool sent = in->sent[ITEM_F_MASTER_ITEMID];

	if (ity_type(&in->new) != 18) {
		if (sent && ity_truthy(m))
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field "
			    "\"master_itemid\": should be empty.");
		item_set(&in->new, ITEM_F_MASTER_ITEMID, "0");
		return RPC_COMMIT;
	}
	if ((sent && !ity_truthy(m)) || (!sent && (!in->update || ity_type(&in->old) != 18)))
		return rpc_fail(call, ERR_NOT_FOUND, "Incorrect value for field \"master_itemid\": "
		    "cannot be empty.");
	if (sent && !util_is_digits(m))
		return rpc_fail(call, ERR_PARAM, "Incorrect value \"%s\" for \"master_itemid\" "
		    "field.", m);
	return RPC_COMMIT;
}

/* The type's own required fields, after the key's syntax. */
static int
ity_stage_type(struct rpc_call *call, struct item_in *in)
{
	const struct item *it = &in->new;
	int type = ity_type(it);
	size_t keylen = strcspn(it->f[ITEM_F_KEY], "[");

	if ((type == 2 || type == 19) && it->f[ITEM_F_TRAPPER_HOSTS][0] != '\0' &&
	    ity_trapper_hosts(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (ity_jmx(call, in) != RPC_COMMIT || ity_dependent(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if ((type == 13 || type == 14) && ity_empty(in, ITEM_F_USERNAME))
		return rpc_fail(call, ERR_PARAM, "No authentication user name specified.");
	if (type == 13 && ity_is(it, ITEM_F_AUTHTYPE, "1")) {
		if (ity_empty(in, ITEM_F_PUBLICKEY))
			return rpc_fail(call, ERR_PARAM, "No public key file specified.");
		if (ity_empty(in, ITEM_F_PRIVATEKEY))
			return rpc_fail(call, ERR_PARAM, "No private key file specified.");
	}
	if (type == 12 && !ity_is(it, ITEM_F_KEY, "ipmi.get") &&
	    it->f[ITEM_F_IPMI_SENSOR][0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"ipmi_sensor\": cannot "
		    "be empty.");
	if (type == 17 && !ity_is(it, ITEM_F_KEY, "snmptrap.fallback") &&
	    !(keylen == 8 && strncmp(it->f[ITEM_F_KEY], "snmptrap", 8) == 0))
		return rpc_fail(call, ERR_PARAM, "SNMP trap key is invalid.");
	if (type == 20 && it->f[ITEM_F_SNMP_OID][0] == '\0')
		return rpc_fail(call, ERR_PARAM, "No SNMP OID specified.");
	return RPC_COMMIT;
}

/* ---- history, trends, inventory ---- */

static int
ity_keep_period(struct rpc_call *call, const struct item_in *in, enum item_field f,
    uint64_t min)
{
	const char *v = in->new.f[f];
	uint64_t sec;

	if (ity_user_macro(v))
		return RPC_COMMIT;
	if (interval_time_unit(v, &sec) != 0)
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"%s\": a time unit is "
		    "expected.", item_fields[f].name);
	if (sec != 0 && (sec < min || sec > ITY_MAX_TIMESHIFT))
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"%s\": value must be "
		    "one of 0, %llu-%llu.", item_fields[f].name, (unsigned long long)min,
		    ITY_MAX_TIMESHIFT);
	return RPC_COMMIT;
}

/* Another item of the host filling the same inventory field. */
static int
ity_inventory_taken(struct rpc_call *call, const struct item_in *in, unsigned link)
{
	struct id_list ids = { 0 };
	char *other_name = NULL;
	int rc = store_host_items(call->txn, in->new.hostid, &ids);

	for (size_t i = 0; rc == STORE_OK && other_name == NULL && i < ids.n; i++) {
		struct item other;

		if (ids.ids[i] == in->new.itemid ||
		    (rc = store_item_get(call->txn, ids.ids[i], &other)) != STORE_OK)
			continue;
		if (strtoul(other.f[ITEM_F_INVENTORY_LINK], NULL, 10) == link &&
		    !ity_is(&other, ITEM_F_KEY, in->new.f[ITEM_F_KEY]))
			other_name = xstrdup(other.f[ITEM_F_NAME]);
		item_free(&other);
	}
	id_list_free(&ids);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if (other_name == NULL)
		return RPC_COMMIT;
	rpc_fail(call, ERR_PARAM, "Two items (\"%s\" and \"%s\") cannot populate one host "
	    "inventory field \"%s\", this would lead to a conflict.", in->new.f[ITEM_F_NAME],
	    other_name, ity_inventory_titles[link]);
	free(other_name);
	return RPC_ROLLBACK;
}

/* history and trends (CItem::checkSpecificFields). */
static int
ity_stage_keep(struct rpc_call *call, struct item_in *in)
{
	if (ity_keep_period(call, in, ITEM_F_HISTORY, 3600) != RPC_COMMIT ||
	    ity_keep_period(call, in, ITEM_F_TRENDS, 86400) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return RPC_COMMIT;
}

/* inventory_link, when sent: a field of the host inventory no other item of the host fills
 * (CItem::validateInventoryLinks, after the key's uniqueness). */
static int
ity_stage_inventory(struct rpc_call *call, struct item_in *in)
{
	const char *link = in->new.f[ITEM_F_INVENTORY_LINK];
	unsigned long n;

	if (!in->sent[ITEM_F_INVENTORY_LINK] || !ity_truthy(link))
		return RPC_COMMIT;
	n = strtoul(link, NULL, 10);
	if ((in->update || !ity_is(&in->new, ITEM_F_VALUE_TYPE, "2")) &&
	    (!util_is_digits(link) || n > ITY_INVENTORY_MAX))
		return rpc_fail(call, ERR_PARAM, "Item \"%s\" cannot populate a missing host "
		    "inventory field number \"%ld\". Choices are: from 0 (do not populate) to %d.",
		    in->new.f[ITEM_F_NAME], strtol(link, NULL, 10), ITY_INVENTORY_MAX);
	return n <= ITY_INVENTORY_MAX ? ity_inventory_taken(call, in, (unsigned)n) : RPC_COMMIT;
}

int
item_type_check(struct rpc_call *call, struct item_in *in, enum item_stage stage)
{
	switch (stage) {
	case ITEM_STAGE_FIELDS:		return ity_stage_fields(call, in);
	case ITEM_STAGE_KEY:		return ity_stage_key(call, in);
	case ITEM_STAGE_TYPE:		return ity_stage_type(call, in);
	case ITEM_STAGE_KEEP:		return ity_stage_keep(call, in);
	default:			return ity_stage_inventory(call, in);
	}
}

/* ---- dependent items ---- */

/* The host's items as (itemid, master_itemid) pairs. */
struct ity_dep {
	uint64_t	id, master;
};

static int
ity_host_deps(struct rpc_call *call, uint64_t hostid, struct ity_dep **out, size_t *n)
{
	struct id_list ids = { 0 };
	int rc = store_host_items(call->txn, hostid, &ids);

	*out = xcalloc(ids.n + 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct item it;

		if ((rc = store_item_get(call->txn, ids.ids[i], &it)) != STORE_OK)
			break;
		(*out)[*n].id = it.itemid;
		util_parse_u64(it.f[ITEM_F_MASTER_ITEMID], &(*out)[(*n)++].master);
		item_free(&it);
	}
	id_list_free(&ids);
	return rc;
}

static uint64_t
ity_master_of(const struct ity_dep *d, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].id == id)
			return d[i].master;
	return 0;
}

/* Levels and items below id (not counting self, skipping `skip`): *levels 0 for a leaf. */
static void
ity_below(const struct ity_dep *d, size_t n, uint64_t id, uint64_t skip, int depth,
    int *levels, size_t *count)
{
	if (depth > ITY_MAX_LEVELS + 1)
		return;		/* deeper than any allowed tree (a stored cycle) */
	for (size_t i = 0; i < n; i++)
		if (d[i].master == id && d[i].id != skip && d[i].id != id) {
			(*count)++;
			if (depth + 1 > *levels)
				*levels = depth + 1;
			ity_below(d, n, d[i].id, skip, depth + 1, levels, count);
		}
}

static int
ity_fail_master(struct rpc_call *call, const char *why)
{
	return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"master_itemid\": %s.", why);
}

int
item_type_check_master(struct rpc_call *call, struct item_in *in)
{
	struct item master;
	struct ity_dep *d = NULL;
	uint64_t mid = 0, root, cur;
	size_t n = 0, count = 0, count_self = 0;
	int rc, up = 1, levels = 0, self_levels = 0;

	if (ity_type(&in->new) != 18)
		return RPC_COMMIT;
	util_parse_u64(in->new.f[ITEM_F_MASTER_ITEMID], &mid);
	if ((rc = store_item_get(call->txn, mid, &master)) == STORE_ENOTFOUND ||
	    (rc == STORE_OK && !ity_is(&master, ITEM_F_FLAGS, "0") &&
	    !(in->fl != NULL && ity_is(&master, ITEM_F_FLAGS, ITEM_FLAGS_PROTO) &&
	    strcmp(in->fl->flags, ITEM_FLAGS_PROTO) == 0))) {
		if (rc == STORE_OK)
			item_free(&master);
		return rpc_fail(call, ERR_NOT_FOUND, "Incorrect value for field \"master_itemid\": "
		    "Item \"%s\" does not exist or you have no access to this item.",
		    in->new.f[ITEM_F_MASTER_ITEMID]);
	}
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = master.hostid == in->new.hostid;
	item_free(&master);
	if (!rc)
		return ity_fail_master(call, "\"hostid\" of dependent item and master item should "
		    "match");
	if ((rc = ity_host_deps(call, in->new.hostid, &d, &n)) != STORE_OK) {
		free(d);
		return rpc_fail_store(call, rc);
	}
	/* up from the master to its root: a cycle through this item, and the levels above */
	for (root = mid, cur = ity_master_of(d, n, mid); rc == STORE_OK; up++) {
		if (root == in->new.itemid && in->update) {
			rc = -1;
			break;
		}
		if (cur == 0 || up > ITY_MAX_LEVELS + 1)
			break;
		root = cur, cur = ity_master_of(d, n, cur);
	}
	if (rc == -1) {
		free(d);
		return ity_fail_master(call, "circular item dependency is not allowed");
	}
	if (in->update)
		ity_below(d, n, in->new.itemid, 0, 0, &self_levels, &count_self);
	ity_below(d, n, root, in->new.itemid, 0, &levels, &count);
	free(d);
	if (levels > ITY_MAX_LEVELS || up + self_levels > ITY_MAX_LEVELS)
		return ity_fail_master(call, "maximum number of dependency levels reached");
	if (count + 1 + count_self > ITY_MAX_COUNT)
		return ity_fail_master(call, "maximum dependent items count reached");
	return RPC_COMMIT;
}

/* The dependent items of `id` on its host, appended to out unless seen; a copy whose own
 * template item is already going is left to it (it goes with it). */
static int
ity_dependents_of(struct rpc_call *call, uint64_t id, struct id_set *seen, struct id_list *out)
{
	struct item it;
	struct ity_dep *d = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_item_get(call->txn, id, &it)) != STORE_OK)
		return rc;
	rc = ity_host_deps(call, it.hostid, &d, &n);
	item_free(&it);
	for (size_t k = 0; rc == STORE_OK && k < n; k++) {
		struct item dep;

		if (d[k].master != id || id_set_has(seen, d[k].id) ||
		    (rc = store_item_get(call->txn, d[k].id, &dep)) != STORE_OK)
			continue;
		if (dep.templateid == 0 || !id_set_has(seen, dep.templateid)) {
			id_set_add(seen, d[k].id);
			id_list_add(out, d[k].id);
		}
		item_free(&dep);
	}
	free(d);
	return rc;
}

int
item_type_dependents(struct rpc_call *call, struct id_list *ids)
{
	struct id_set seen = { 0 };
	struct id_list all = { 0 };
	size_t asked = 0;
	int rc = STORE_OK;

	/* every item going: the ids, their copies on every level, and their dependents */
	for (size_t i = 0; i < ids->n; i++)
		if (id_set_add(&seen, ids->ids[i]))
			id_list_add(&all, ids->ids[i]), asked++;
	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		struct id_list copies = { 0 };

		rc = store_item_copies(call->txn, all.ids[i], &copies);
		for (size_t k = 0; rc == STORE_OK && k < copies.n; k++)
			if (id_set_add(&seen, copies.ids[k]))
				id_list_add(&all, copies.ids[k]);
		id_list_free(&copies);
		if (rc == STORE_OK)
			rc = ity_dependents_of(call, all.ids[i], &seen, &all);
	}
	/* the dependents found (not copies of something going) are deleted as well */
	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		struct item it;

		if (i < asked || (rc = store_item_get(call->txn, all.ids[i], &it)) != STORE_OK)
			continue;
		if (it.templateid == 0 || !id_set_has(&seen, it.templateid))
			id_list_add(ids, all.ids[i]);
		item_free(&it);
	}
	id_set_free(&seen);
	id_list_free(&all);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- what a type owns ---- */

static const enum item_field ity_http_fields[] = {
	ITEM_F_URL, ITEM_F_QUERY_FIELDS, ITEM_F_TIMEOUT, ITEM_F_STATUS_CODES,
	ITEM_F_FOLLOW_REDIRECTS, ITEM_F_REQUEST_METHOD, ITEM_F_ALLOW_TRAPS, ITEM_F_POST_TYPE,
	ITEM_F_HTTP_PROXY, ITEM_F_HEADERS, ITEM_F_RETRIEVE_MODE, ITEM_F_OUTPUT_FORMAT,
	ITEM_F_SSL_KEY_PASSWORD, ITEM_F_VERIFY_PEER, ITEM_F_VERIFY_HOST, ITEM_F_SSL_CERT_FILE,
	ITEM_F_SSL_KEY_FILE, ITEM_F_POSTS,
};

static void
ity_reset(struct item *it, enum item_field f)
{
	item_set(it, f, item_fields[f].dflt);
}

/* An empty JSON list or object is stored as Zabbix's empty list. */
static void
ity_json_empty(struct item *it, enum item_field f)
{
	cJSON *j = cJSON_Parse(it->f[f]);

	if (j == NULL || ((cJSON_IsObject(j) || cJSON_IsArray(j)) && j->child == NULL))
		ity_reset(it, f);
	cJSON_Delete(j);
}

/* Zabbix keeps the rows of the script parameters an update names again (in their order)
 * and adds the new ones after them. */
static const char *
ity_param_name(const cJSON *p)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");

	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static void
ity_params_keep_rows(struct item *it, const struct item *old)
{
	cJSON *sent = cJSON_Parse(it->f[ITEM_F_PARAMETERS]);
	cJSON *had = cJSON_Parse(old->f[ITEM_F_PARAMETERS]);
	cJSON *out = cJSON_CreateArray(), *e, *h;
	char *text;

	if (!cJSON_IsArray(sent) || !cJSON_IsArray(had)) {
		cJSON_Delete(out), cJSON_Delete(sent), cJSON_Delete(had);
		return;
	}
	for (h = had->child; h != NULL; h = h->next)
		for (e = sent->child; e != NULL; e = e->next)
			if (ity_param_name(h) != NULL && ity_param_name(e) != NULL &&
			    strcmp(ity_param_name(h), ity_param_name(e)) == 0) {
				cJSON_AddItemToArray(out, cJSON_DetachItemViaPointer(sent, e));
				break;
			}
	while (sent->child != NULL)
		cJSON_AddItemToArray(out, cJSON_DetachItemViaPointer(sent, sent->child));
	text = cJSON_PrintUnformatted(out);
	item_set(it, ITEM_F_PARAMETERS, text);
	free(text);
	cJSON_Delete(out);
	cJSON_Delete(sent);
	cJSON_Delete(had);
}

void
item_type_normalize(struct item_in *in)
{
	struct item *it = &in->new;
	int type = ity_type(it), was = in->update ? ity_type(&in->old) : type;

	if (in->update && was == 19 && type != 19) {
		for (size_t i = 0; i < sizeof ity_http_fields / sizeof ity_http_fields[0]; i++)
			ity_reset(it, ity_http_fields[i]);
		if (type != 13) {
			ity_reset(it, ITEM_F_AUTHTYPE);
			item_set(it, ITEM_F_USERNAME, "");
			item_set(it, ITEM_F_PASSWORD, "");
		}
		if (type != 2)
			item_set(it, ITEM_F_TRAPPER_HOSTS, "");
	}
	if (type == 19) {
		if (in->update && ity_is(it, ITEM_F_AUTHTYPE, "0")) {
			item_set(it, ITEM_F_USERNAME, "");
			item_set(it, ITEM_F_PASSWORD, "");
		}
		if (in->update && in->sent[ITEM_F_ALLOW_TRAPS] && ity_is(it, ITEM_F_ALLOW_TRAPS, "0") &&
		    !ity_is(&in->old, ITEM_F_ALLOW_TRAPS, "0"))
			item_set(it, ITEM_F_TRAPPER_HOSTS, "");
		if (in->sent[ITEM_F_REQUEST_METHOD] && ity_is(it, ITEM_F_REQUEST_METHOD, "3") &&
		    !in->sent[ITEM_F_RETRIEVE_MODE])
			item_set(it, ITEM_F_RETRIEVE_MODE, "1");
		ity_json_empty(it, ITEM_F_QUERY_FIELDS);
		ity_json_empty(it, ITEM_F_HEADERS);
	} else {
		ity_reset(it, ITEM_F_QUERY_FIELDS);
		ity_reset(it, ITEM_F_HEADERS);
	}
	if (in->update && was == 21 && type != 21) {
		if (type != 13 && type != 11 && type != 14 && type != 15)
			item_set(it, ITEM_F_PARAMS, "");
		if (type != 19)
			ity_reset(it, ITEM_F_TIMEOUT);
	}
	if (type != 21)
		ity_reset(it, ITEM_F_PARAMETERS);
	else {
		if (in->update && was == 21 && in->sent[ITEM_F_PARAMETERS])
			ity_params_keep_rows(it, &in->old);
		ity_json_empty(it, ITEM_F_PARAMETERS);
	}
	/* character, log and text items keep no trends; log and text no value map */
	if (ity_is(it, ITEM_F_VALUE_TYPE, "1") || ity_is(it, ITEM_F_VALUE_TYPE, "2") ||
	    ity_is(it, ITEM_F_VALUE_TYPE, "4"))
		item_set(it, ITEM_F_TRENDS, "0");
	if (in->update && (ity_is(it, ITEM_F_VALUE_TYPE, "2") || ity_is(it, ITEM_F_VALUE_TYPE, "4"))) {
		/* a change to log or text drops the map; on such an item a sent one is ignored */
		if (!ity_is(&in->old, ITEM_F_VALUE_TYPE, it->f[ITEM_F_VALUE_TYPE]))
			item_set(it, ITEM_F_VALUEMAPID, "0");
		else
			item_set(it, ITEM_F_VALUEMAPID, in->old.f[ITEM_F_VALUEMAPID]);
	}
}
