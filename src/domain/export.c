/* export.c: the document of configuration.export, built from the store in Zabbix 6.0's shape: its key order, defaults left out, constants as names, lists in natural order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export_impl.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"
#include "export_impl.h"

/* ---- values ---- */

/* PHP 8's numeric string: optional whitespace, sign, digits with an optional fraction and
 * exponent, optional trailing whitespace. */
static bool
exp_numeric(const char *s, double *out)
{
	const char *p = s;
	char *end;
	bool digits = false;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		p++;
	{
		const char *q = p;

		if (*q == '+' || *q == '-')
			q++;
		while (*q >= '0' && *q <= '9')
			q++, digits = true;
		if (*q == '.')
			for (q++; *q >= '0' && *q <= '9'; q++)
				digits = true;
		if (!digits)
			return false;
		if (*q == 'e' || *q == 'E') {
			const char *r = q + 1;

			if (*r == '+' || *r == '-')
				r++;
			if (*r >= '0' && *r <= '9') {
				while (*r >= '0' && *r <= '9')
					r++;
				q = r;
			}
		}
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\v' || *q == '\f')
			q++;
		if (*q != '\0')
			return false;
	}
	*out = strtod(p, &end);
	return true;
}

/* PHP's loose == of two strings, as the export builder compares a value with its default:
 * numerically when both are numeric strings, else byte for byte. */
static bool
exp_loose_eq(const char *a, const char *b)
{
	double x, y;

	if (strcmp(a, b) == 0)		/* the common case: the value is its default */
		return true;
	return exp_numeric(a, &x) && exp_numeric(b, &y) && x == y;
}

/* Adds a string member, with CR LF written as LF (as every exported string). */
void
exp_add_str(cJSON *obj, const char *key, const char *v)
{
	char *copy, *w;

	if (strchr(v, '\r') == NULL) {	/* nothing to drop: no copy */
		if (key != NULL)
			cJSON_AddStringToObject(obj, key, v);
		else
			cJSON_AddItemToArray(obj, cJSON_CreateString(v));
		return;
	}
	copy = xstrdup(v);
	w = copy;
	for (const char *r = v; *r != '\0'; r++) {
		if (r[0] == '\r' && r[1] == '\n')
			continue;
		*w++ = *r;
	}
	*w = '\0';
	if (key != NULL)
		cJSON_AddStringToObject(obj, key, copy);
	else
		cJSON_AddItemToArray(obj, cJSON_CreateString(copy));
	free(copy);
}

/* Adds key: v unless v equals the default (loosely). */
void
exp_add_opt(cJSON *obj, const char *key, const char *v, const char *dflt)
{
	if (!exp_loose_eq(v, dflt))
		exp_add_str(obj, key, v);
}

/* Adds key: name of v unless v is the default; a value with no name is written as it is
 * (Zabbix would refuse to export it). */
void
exp_add_const(cJSON *obj, const char *key, const char *v, const char *dflt,
    const struct exp_const *map)
{
	if (exp_loose_eq(v, dflt))
		return;
	for (const struct exp_const *c = map; c->v != NULL; c++)
		if (strcmp(c->v, v) == 0) {
			cJSON_AddStringToObject(obj, key, c->name);
			return;
		}
	exp_add_str(obj, key, v);
}

static const struct exp_const exp_no_yes[] = { { "0", "NO" }, { "1", "YES" }, { NULL, NULL } };
static const struct exp_const exp_enabled[] = {
	{ "0", "ENABLED" }, { "1", "DISABLED" }, { NULL, NULL },
};
static const struct exp_const exp_item_type[] = {
	{ "0", "ZABBIX_PASSIVE" }, { "2", "TRAP" }, { "3", "SIMPLE" }, { "5", "INTERNAL" },
	{ "7", "ZABBIX_ACTIVE" }, { "10", "EXTERNAL" }, { "11", "ODBC" }, { "12", "IPMI" },
	{ "13", "SSH" }, { "14", "TELNET" }, { "15", "CALCULATED" }, { "16", "JMX" },
	{ "17", "SNMP_TRAP" }, { "18", "DEPENDENT" }, { "19", "HTTP_AGENT" },
	{ "20", "SNMP_AGENT" }, { "21", "SCRIPT" }, { NULL, NULL },
};
static const struct exp_const exp_value_type[] = {
	{ "0", "FLOAT" }, { "1", "CHAR" }, { "2", "LOG" }, { "3", "UNSIGNED" }, { "4", "TEXT" },
	{ NULL, NULL },
};
static const struct exp_const exp_authtype_ssh[] = {
	{ "0", "PASSWORD" }, { "1", "PUBLIC_KEY" }, { NULL, NULL },
};
static const struct exp_const exp_authtype[] = {
	{ "0", "NONE" }, { "1", "BASIC" }, { "2", "NTLM" }, { "3", "KERBEROS" }, { "4", "DIGEST" },
	{ NULL, NULL },
};
static const struct exp_const exp_post_type[] = {
	{ "0", "RAW" }, { "2", "JSON" }, { "3", "XML" }, { NULL, NULL },
};
static const struct exp_const exp_retrieve_mode[] = {
	{ "0", "BODY" }, { "1", "HEADERS" }, { "2", "BOTH" }, { NULL, NULL },
};
static const struct exp_const exp_request_method[] = {
	{ "0", "GET" }, { "1", "POST" }, { "2", "PUT" }, { "3", "HEAD" }, { NULL, NULL },
};
static const struct exp_const exp_output_format[] = {
	{ "0", "RAW" }, { "1", "JSON" }, { NULL, NULL },
};
static const struct exp_const exp_macro_type[] = {
	{ "0", "TEXT" }, { "1", "SECRET_TEXT" }, { "2", "VAULT" }, { NULL, NULL },
};
static const struct exp_const exp_iface_type[] = {
	{ "1", "ZABBIX" }, { "2", "SNMP" }, { "3", "IPMI" }, { "4", "JMX" }, { NULL, NULL },
};
static const struct exp_const exp_inv_modes[] = {
	{ "-1", "DISABLED" }, { "0", "MANUAL" }, { "1", "AUTOMATIC" }, { NULL, NULL },
};

/* Host inventory fields by number (items' inventory_link), as Zabbix names them. */
static const char *const exp_inventory_fields[] = {
	"NONE", "TYPE", "TYPE_FULL", "NAME", "ALIAS", "OS", "OS_FULL", "OS_SHORT", "SERIALNO_A",
	"SERIALNO_B", "TAG", "ASSET_TAG", "MACADDRESS_A", "MACADDRESS_B", "HARDWARE",
	"HARDWARE_FULL", "SOFTWARE", "SOFTWARE_FULL", "SOFTWARE_APP_A", "SOFTWARE_APP_B",
	"SOFTWARE_APP_C", "SOFTWARE_APP_D", "SOFTWARE_APP_E", "CONTACT", "LOCATION",
	"LOCATION_LAT", "LOCATION_LON", "NOTES", "CHASSIS", "MODEL", "HW_ARCH", "VENDOR",
	"CONTRACT_NUMBER", "INSTALLER_NAME", "DEPLOYMENT_STATUS", "URL_A", "URL_B", "URL_C",
	"HOST_NETWORKS", "HOST_NETMASK", "HOST_ROUTER", "OOB_IP", "OOB_NETMASK", "OOB_ROUTER",
	"DATE_HW_PURCHASE", "DATE_HW_INSTALL", "DATE_HW_EXPIRY", "DATE_HW_DECOMM",
	"SITE_ADDRESS_A", "SITE_ADDRESS_B", "SITE_ADDRESS_C", "SITE_CITY", "SITE_STATE",
	"SITE_COUNTRY", "SITE_ZIP", "SITE_RACK", "SITE_NOTES", "POC_1_NAME", "POC_1_EMAIL",
	"POC_1_PHONE_A", "POC_1_PHONE_B", "POC_1_CELL", "POC_1_SCREEN", "POC_1_NOTES",
	"POC_2_NAME", "POC_2_EMAIL", "POC_2_PHONE_A", "POC_2_PHONE_B", "POC_2_CELL",
	"POC_2_SCREEN", "POC_2_NOTES",
};

static void
exp_add_inventory_link(cJSON *obj, const char *v)
{
	uint64_t n;

	if (exp_loose_eq(v, "0"))
		return;
	if (util_parse_u64(v, &n) && n < sizeof exp_inventory_fields / sizeof exp_inventory_fields[0])
		util_json_add_str(obj, "inventory_link", exp_inventory_fields[n]);
	else
		exp_add_str(obj, "inventory_link", v);
}

/* Adds key: list unless it is empty (then it is freed). */
void
exp_add_list(cJSON *obj, const char *key, cJSON *list)
{
	if (cJSON_GetArraySize(list) == 0)
		cJSON_Delete(list);
	else
		cJSON_AddItemToObject(obj, key, list);
}

/* An item's preprocessing steps in their order: type as its name, params split on "\n" into
 * parameters (empty params: [""]), error_handler unless ORIGINAL_ERROR, its params unless
 * empty. */
static cJSON *
exp_preproc(const struct preproc_list *pp)
{
	cJSON *list = cJSON_CreateArray();

	for (size_t i = 0; i < pp->n; i++) {
		const struct preproc_step *st = &pp->s[i];
		const char *type = preproc_type_name(st->type);
		const char *h = preproc_handler_name(st->error_handler);
		cJSON *o = cJSON_CreateObject(), *params;

		util_json_add_str(o, "type", type != NULL ? type : st->type);
		params = cJSON_AddArrayToObject(o, "parameters");
		/* a JavaScript step's script is one parameter, its lines kept */
		if (strcmp(st->type, "21") == 0)
			exp_add_str(params, NULL, st->params);
		else for (const char *p = st->params;; p++) {
			size_t n = strcspn(p, "\n");
			char *part = xasprintf("%.*s", (int)n, p);

			exp_add_str(params, NULL, part);
			free(part);
			if (p[n] == '\0')
				break;
			p += n;
		}
		/* the schema's default: DISCARD_VALUE for CHECK_NOT_SUPPORTED, else ORIGINAL_ERROR */
		if (strcmp(st->error_handler, strcmp(st->type, "26") == 0 ? "1" : "0") != 0)
			util_json_add_str(o, "error_handler", h != NULL ? h : st->error_handler);
		exp_add_opt(o, "error_handler_params", st->error_handler_params, "");
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

/* ---- natural order ---- */

static int
exp_sortent_cmp(const void *a, const void *b)
{
	const struct exp_sortent *x = a, *y = b;

	for (int i = 0; i < EXP_KEYS; i++) {
		int r;

		if (x->k[i] == NULL || y->k[i] == NULL)
			break;
		if ((r = util_strnatcasecmp(x->k[i], y->k[i])) != 0)
			return r;
	}
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void
exp_sort(struct exp_sortent *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i].idx = i;
	if (n > 1)
		qsort(v, n, sizeof *v, exp_sortent_cmp);
}

/* ---- records read by id ---- */

/* A kind of record the export reads by id: its size, how it is read and freed. */
struct exp_rec {
	size_t		 size;
	enum store_rc	(*get)(struct store_txn *, uint64_t, void *);
	void		(*free)(void *);
};

static enum store_rc exp_get_group(struct store_txn *t, uint64_t id, void *p)
{ return store_group_get(t, id, p); }
static enum store_rc exp_get_host(struct store_txn *t, uint64_t id, void *p)
{ return store_host_get(t, id, p); }
static enum store_rc exp_get_macro(struct store_txn *t, uint64_t id, void *p)
{ return store_macro_get(t, id, p); }
static enum store_rc exp_get_valuemap(struct store_txn *t, uint64_t id, void *p)
{ return store_valuemap_get(t, id, p); }
static void exp_free_group(void *p) { group_free(p); }
static void exp_free_host(void *p) { host_free(p); }
static void exp_free_macro(void *p) { macro_free(p); }
static void exp_free_valuemap(void *p) { valuemap_free(p); }

static const struct exp_rec exp_rec_group = { sizeof(struct group), exp_get_group,
	exp_free_group };
static const struct exp_rec exp_rec_host = { sizeof(struct host), exp_get_host,
	exp_free_host };
static const struct exp_rec exp_rec_macro = { sizeof(struct macro), exp_get_macro,
	exp_free_macro };
static const struct exp_rec exp_rec_valuemap = { sizeof(struct valuemap), exp_get_valuemap,
	exp_free_valuemap };

/* Reads the records of ids into *out (*n of them; ids that are gone are skipped), with a
 * zeroed sort entry each in *sort. The caller frees both with exp_unload, also on failure. */
static enum store_rc
exp_load(struct store_txn *txn, const struct id_list *ids, const struct exp_rec *k,
    void **out, struct exp_sortent **sort, size_t *n)
{
	char *v = xcalloc(ids->n ? ids->n : 1, k->size);
	enum store_rc rc = STORE_OK;

	*out = v;
	*sort = xcalloc(ids->n ? ids->n : 1, sizeof **sort);
	*n = 0;
	for (size_t i = 0; i < ids->n; i++) {
		rc = k->get(txn, ids->ids[i], v + *n * k->size);
		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			return rc;
		(*sort)[*n].p = v + *n * k->size;
		(*n)++;
	}
	return STORE_OK;
}

static void
exp_unload(const struct exp_rec *k, void *recs, struct exp_sortent *sort, size_t n)
{
	for (size_t i = 0; i < n; i++)
		k->free((char *)recs + i * k->size);
	free(recs);
	free(sort);
}

/* ---- shared pieces ---- */

/* The end of a list builder: 0, or on a store failure (rc) *out deleted and NULL and the
 * error in e. */
static int
exp_list_end(cJSON **out, int rc, struct err *e)
{
	if (rc == STORE_OK)
		return 0;
	cJSON_Delete(*out);
	*out = NULL;
	return domain_fail_store(e, rc);
}

/* A copy of ids, ascending, each once. */
static void
exp_ids_unique(const struct id_list *in, struct id_list *out)
{
	memset(out, 0, sizeof *out);
	if (in == NULL)
		return;
	for (size_t i = 0; i < in->n; i++)
		id_list_add(out, in->ids[i]);
	id_list_sort(out);
	if (out->n > 1) {
		size_t w = 1;

		for (size_t i = 1; i < out->n; i++)
			if (out->ids[i] != out->ids[w - 1])
				out->ids[w++] = out->ids[i];
		out->n = w;
	}
}

static const char *
exp_group_name(const void *rec)
{
	return ((const struct group *)rec)->name;
}

static const char *
exp_host_name(const void *rec)
{
	return ((const struct host *)rec)->host;
}

/* [{name}] of the records of ids (name_of gives a record's name), by name; frees ids. */
static int
exp_names(struct store_txn *txn, struct id_list *ids, const struct exp_rec *rec,
    const char *(*name_of)(const void *), cJSON **out, struct err *e)
{
	struct exp_sortent *s = NULL;
	void *recs = NULL;
	size_t n = 0;
	int rc;

	*out = cJSON_CreateArray();
	if ((rc = exp_load(txn, ids, rec, &recs, &s, &n)) == STORE_OK) {
		for (size_t i = 0; i < n; i++)
			s[i].k[0] = name_of(s[i].p);
		exp_sort(s, n);
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();

			exp_add_str(o, "name", name_of(s[i].p));
			cJSON_AddItemToArray(*out, o);
		}
	}
	exp_unload(rec, recs, s, n);
	id_list_free(ids);
	return exp_list_end(out, rc, e);
}

/* [{name}] of the host's groups, by name; their ids join all (the document's groups, whose
 * section skips an id without a group). */
static int
exp_group_names(struct store_txn *txn, uint64_t hostid, struct id_set *all, cJSON **out,
    struct err *e)
{
	struct id_list ids = { 0 };
	int rc;

	if ((rc = store_host_groups(txn, hostid, &ids)) != STORE_OK) {
		id_list_free(&ids);
		*out = NULL;
		return domain_fail_store(e, rc);
	}
	for (size_t i = 0; i < ids.n; i++)
		id_set_add(all, ids.ids[i]);
	return exp_names(txn, &ids, &exp_rec_group, exp_group_name, out, e);
}

/* [{name}] of the parent templates (technical names), by name. */
static int
exp_parent_names(struct store_txn *txn, uint64_t hostid, cJSON **out, struct err *e)
{
	struct id_list ids = { 0 };
	int rc;

	if ((rc = store_host_parents(txn, hostid, &ids)) != STORE_OK) {
		id_list_free(&ids);
		*out = NULL;
		return domain_fail_store(e, rc);
	}
	return exp_names(txn, &ids, &exp_rec_host, exp_host_name, out, e);
}

/* [{tag, value}] by tag, then value; an empty value is left out. */
cJSON *
exp_tags(const struct tag_list *tags)
{
	cJSON *arr = cJSON_CreateArray();
	struct exp_sortent *s = xcalloc(tags->n, sizeof *s);

	for (size_t i = 0; i < tags->n; i++) {
		s[i].k[0] = tags->tags[i].tag;
		s[i].k[1] = tags->tags[i].value;
		s[i].p = &tags->tags[i];
	}
	exp_sort(s, tags->n);
	for (size_t i = 0; i < tags->n; i++) {
		const struct tag *t = s[i].p;
		cJSON *o = cJSON_CreateObject();

		exp_add_str(o, "tag", t->tag);
		exp_add_opt(o, "value", t->value, "");
		cJSON_AddItemToArray(arr, o);
	}
	free(s);
	return arr;
}

static int
exp_host_tags(struct store_txn *txn, uint64_t hostid, cJSON **out, struct err *e)
{
	struct tag_list tags = { 0 };
	int rc = store_host_tags(txn, hostid, &tags);

	*out = NULL;
	if (rc == STORE_ENOTFOUND)
		rc = STORE_OK;
	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	*out = exp_tags(&tags);
	tag_list_free(&tags);
	return 0;
}

/* The name a macro is sorted by: what is inside "{$" and "}" (PHP's substr(m, 2, len - 3)). */
static char *
exp_macro_sortname(const char *m)
{
	size_t n = strlen(m);

	return n >= 3 ? xstrndup(m + 2, n - 3) : xstrdup("");
}

/* [{macro, type, value, description}] by name; a secret macro has no value. */
static int
exp_macros(struct store_txn *txn, uint64_t hostid, cJSON **out, struct err *e)
{
	struct id_list ids = { 0 };
	struct macro *m = NULL;
	struct exp_sortent *s = NULL;
	size_t n = 0;
	int rc;

	*out = cJSON_CreateArray();
	if ((rc = store_host_macros(txn, hostid, &ids)) != STORE_OK ||
	    (rc = exp_load(txn, &ids, &exp_rec_macro, (void **)&m, &s, &n)) != STORE_OK)
		goto fail;
	for (size_t i = 0; i < n; i++)
		s[i].k[0] = exp_macro_sortname(m[i].macro);
	exp_sort(s, n);
	for (size_t i = 0; i < n; i++) {
		const struct macro *mm = s[i].p;
		cJSON *o = cJSON_CreateObject();
		char type[16];

		snprintf(type, sizeof type, "%u", mm->type);
		exp_add_str(o, "macro", mm->macro);
		exp_add_const(o, "type", type, "0", exp_macro_type);
		if (mm->type != MACRO_TYPE_SECRET)
			exp_add_opt(o, "value", mm->value, "");
		exp_add_opt(o, "description", mm->description, "");
		cJSON_AddItemToArray(*out, o);
	}
	rc = STORE_OK;
fail:
	for (size_t i = 0; i < n; i++)
		free((char *)(uintptr_t)s[i].k[0]);
	exp_unload(&exp_rec_macro, m, s, n);
	id_list_free(&ids);
	return exp_list_end(out, rc, e);
}

/* ---- value maps ----
 *
 * VALUEMAPS: the one place value maps join the export:
 *  - exp_valuemap_name gives the name of an item's value map (its valuemapid, on the item's
 *    own host), written as "valuemap": {"name"} by exp_item;
 *  - exp_valuemaps gives a host's or template's "valuemaps" list: [{uuid (templates only),
 *    name, mappings: [{type (left out when EQUAL), value (left out for DEFAULT), newvalue}]}]
 *    by name (natural order), mappings in their stored order; exp_template and exp_host add
 *    it as their last key. */
static char *
exp_valuemap_name(struct store_txn *txn, const struct item *it)
{
	struct valuemap vm = { 0 };
	uint64_t id;
	char *name;

	if (!util_parse_u64(it->f[ITEM_F_VALUEMAPID], &id) || id == 0 ||
	    store_valuemap_get(txn, id, &vm) != STORE_OK)
		return NULL;
	name = xstrdup(vm.name);
	valuemap_free(&vm);
	return name;
}

static const struct exp_const exp_mapping_type[] = {
	{ "0", "EQUAL" }, { "1", "GREATER_OR_EQUAL" }, { "2", "LESS_OR_EQUAL" },
	{ "3", "IN_RANGE" }, { "4", "REGEXP" }, { "5", "DEFAULT" }, { NULL, NULL },
};

static cJSON *
exp_valuemaps(struct store_txn *txn, uint64_t hostid, bool with_uuid)
{
	struct id_list ids = { 0 };
	struct valuemap *vms = NULL;
	struct exp_sortent *se = NULL;
	cJSON *list = cJSON_CreateArray();
	size_t n = 0;

	/* a map that cannot be read is left out, as one that is gone */
	if (store_host_valuemaps(txn, hostid, &ids) == STORE_OK)
		(void)exp_load(txn, &ids, &exp_rec_valuemap, (void **)&vms, &se, &n);
	for (size_t i = 0; i < n; i++)
		se[i].k[0] = vms[i].name;
	exp_sort(se, n);
	for (size_t i = 0; i < n; i++) {
		const struct valuemap *vm = se[i].p;
		cJSON *o = cJSON_CreateObject(), *maps = cJSON_CreateArray();
		char type[12];

		if (with_uuid)
			exp_add_str(o, "uuid", vm->uuid != NULL ? vm->uuid : "");
		exp_add_str(o, "name", vm->name);
		for (size_t j = 0; j < vm->n; j++) {
			cJSON *m = cJSON_CreateObject();

			snprintf(type, sizeof type, "%u", vm->m[j].type);
			exp_add_const(m, "type", type, "0", exp_mapping_type);
			if (vm->m[j].type != 5)
				exp_add_opt(m, "value", vm->m[j].value, "");
			exp_add_opt(m, "newvalue", vm->m[j].newvalue, "");
			cJSON_AddItemToArray(maps, m);
		}
		exp_add_list(o, "mappings", maps);
		cJSON_AddItemToArray(list, o);
	}
	exp_unload(&exp_rec_valuemap, vms, se, n);
	id_list_free(&ids);
	return list;
}

/* ---- items ---- */

/* The host's interfaces' references: interfaceid -> "ifN". */
struct exp_ifref {
	uint64_t	id;
	char		ref[24];
};

struct exp_ifrefs {
	struct exp_ifref	*v;
	size_t			 n;
};

static const char *
exp_ifref_find(const struct exp_ifrefs *r, const char *interfaceid)
{
	uint64_t id;

	if (r == NULL || !util_parse_u64(interfaceid, &id) || id == 0)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].id == id)
			return r->v[i].ref;
	return NULL;
}

/* query_fields (stored as the API's [{"name": "value"}, ...]) as [{name, value}]. */
static cJSON *
exp_query_fields(const char *text)
{
	cJSON *arr = cJSON_CreateArray(), *src = cJSON_Parse(text), *e;

	if (!cJSON_IsArray(src)) {
		cJSON_Delete(src);
		return arr;
	}
	cJSON_ArrayForEach(e, src) {
		const cJSON *kv = cJSON_IsObject(e) ? e->child : NULL;
		cJSON *o;

		if (kv == NULL || kv->string == NULL)
			continue;
		o = cJSON_CreateObject();
		exp_add_str(o, "name", kv->string);
		if (cJSON_IsString(kv))
			exp_add_opt(o, "value", kv->valuestring, "");
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_Delete(src);
	return arr;
}

/* headers (stored as the API's {"name": "value"}, or a list of {name, value}) as
 * [{name, value}] in their order; value is always written. */
static cJSON *
exp_headers(const char *text)
{
	cJSON *arr = cJSON_CreateArray(), *src = cJSON_Parse(text), *e;

	cJSON_ArrayForEach(e, src) {
		const cJSON *name = e->string != NULL ? NULL :
		    cJSON_GetObjectItemCaseSensitive(e, "name");
		const cJSON *value = e->string != NULL ? e :
		    cJSON_GetObjectItemCaseSensitive(e, "value");
		cJSON *o;

		if (e->string == NULL && !cJSON_IsString(name))
			continue;
		o = cJSON_CreateObject();
		exp_add_str(o, "name", e->string != NULL ? e->string : name->valuestring);
		exp_add_str(o, "value", cJSON_IsString(value) ? value->valuestring : "");
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_Delete(src);
	return arr;
}

/* Script parameters [{name, value}] in their stored order (Zabbix's rows, unsorted). */
static cJSON *
exp_parameters(const char *text)
{
	cJSON *arr = cJSON_CreateArray(), *src = cJSON_Parse(text), *e;

	for (e = cJSON_IsArray(src) ? src->child : NULL; e != NULL; e = e->next) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(e, "value");
		cJSON *o;

		if (!cJSON_IsString(name))
			continue;
		o = cJSON_CreateObject();
		exp_add_str(o, "name", name->valuestring);
		if (cJSON_IsString(value))
			exp_add_opt(o, "value", value->valuestring, "");
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_Delete(src);
	return arr;
}

/* Float (0) and unsigned (3) items keep trends. */
static bool
exp_numeric_type(const char *value_type)
{
	return strcmp(value_type, "0") == 0 || strcmp(value_type, "3") == 0;
}

/* One item in the 6.0 schema's key order. master_key: the master item's key (dependent
 * items); refs: the host's interface references (NULL on a template, whose items carry a
 * uuid instead). */
cJSON *
exp_item(struct store_txn *txn, const struct item *it, const char *master_key,
    const struct exp_ifrefs *refs)
{
	const char *const *f = (const char *const *)it->f;
	cJSON *o = cJSON_CreateObject();
	const char *ref;
	char *vm;
	bool ssh = strcmp(f[ITEM_F_TYPE], "13") == 0;

	if (refs == NULL)
		exp_add_str(o, "uuid", f[ITEM_F_UUID]);
	exp_add_str(o, "name", f[ITEM_F_NAME]);
	exp_add_const(o, "type", f[ITEM_F_TYPE], "0", exp_item_type);
	exp_add_opt(o, "snmp_oid", f[ITEM_F_SNMP_OID], "");
	exp_add_str(o, "key", f[ITEM_F_KEY]);
	exp_add_opt(o, "delay", f[ITEM_F_DELAY], "1m");
	exp_add_opt(o, "history", f[ITEM_F_HISTORY], "90d");
	/* Zabbix stores no trends for character, log and text items ("0" whatever was sent) */
	exp_add_opt(o, "trends", exp_numeric_type(f[ITEM_F_VALUE_TYPE]) ? f[ITEM_F_TRENDS] : "0",
	    "365d");
	exp_add_const(o, "status", f[ITEM_F_STATUS], "0", exp_enabled);
	exp_add_const(o, "value_type", f[ITEM_F_VALUE_TYPE], "3", exp_value_type);
	exp_add_opt(o, "allowed_hosts", f[ITEM_F_TRAPPER_HOSTS], "");
	exp_add_opt(o, "units", f[ITEM_F_UNITS], "");
	exp_add_opt(o, "params", f[ITEM_F_PARAMS], "");
	exp_add_opt(o, "ipmi_sensor", f[ITEM_F_IPMI_SENSOR], "");
	exp_add_const(o, "authtype", f[ITEM_F_AUTHTYPE], "0", ssh ? exp_authtype_ssh : exp_authtype);
	exp_add_opt(o, "username", f[ITEM_F_USERNAME], "");
	exp_add_opt(o, "password", f[ITEM_F_PASSWORD], "");
	exp_add_opt(o, "publickey", f[ITEM_F_PUBLICKEY], "");
	exp_add_opt(o, "privatekey", f[ITEM_F_PRIVATEKEY], "");
	exp_add_opt(o, "description", f[ITEM_F_DESCRIPTION], "");
	exp_add_inventory_link(o, f[ITEM_F_INVENTORY_LINK]);
	if ((vm = exp_valuemap_name(txn, it)) != NULL) {
		cJSON *v = cJSON_AddObjectToObject(o, "valuemap");

		exp_add_str(v, "name", vm);
		free(vm);
	}
	exp_add_opt(o, "logtimefmt", f[ITEM_F_LOGTIMEFMT], "");
	exp_add_list(o, "preprocessing", exp_preproc(&it->pp));
	if (refs != NULL && (ref = exp_ifref_find(refs, f[ITEM_F_INTERFACEID])) != NULL)
		util_json_add_str(o, "interface_ref", ref);
	exp_add_opt(o, "jmx_endpoint", f[ITEM_F_JMX_ENDPOINT], "");
	if (master_key != NULL) {
		cJSON *m = cJSON_AddObjectToObject(o, "master_item");

		exp_add_str(m, "key", master_key);
	}
	exp_add_opt(o, "timeout", f[ITEM_F_TIMEOUT], "3s");
	exp_add_opt(o, "url", f[ITEM_F_URL], "");
	exp_add_list(o, "query_fields", exp_query_fields(f[ITEM_F_QUERY_FIELDS]));
	exp_add_list(o, "parameters", exp_parameters(f[ITEM_F_PARAMETERS]));
	exp_add_opt(o, "posts", f[ITEM_F_POSTS], "");
	exp_add_opt(o, "status_codes", f[ITEM_F_STATUS_CODES], "200");
	exp_add_const(o, "follow_redirects", f[ITEM_F_FOLLOW_REDIRECTS], "1", exp_no_yes);
	exp_add_const(o, "post_type", f[ITEM_F_POST_TYPE], "0", exp_post_type);
	exp_add_opt(o, "http_proxy", f[ITEM_F_HTTP_PROXY], "");
	exp_add_list(o, "headers", exp_headers(f[ITEM_F_HEADERS]));
	exp_add_const(o, "retrieve_mode", f[ITEM_F_RETRIEVE_MODE], "0", exp_retrieve_mode);
	exp_add_const(o, "request_method", f[ITEM_F_REQUEST_METHOD], "0", exp_request_method);
	exp_add_const(o, "output_format", f[ITEM_F_OUTPUT_FORMAT], "0", exp_output_format);
	exp_add_const(o, "allow_traps", f[ITEM_F_ALLOW_TRAPS], "0", exp_no_yes);
	exp_add_opt(o, "ssl_cert_file", f[ITEM_F_SSL_CERT_FILE], "");
	exp_add_opt(o, "ssl_key_file", f[ITEM_F_SSL_KEY_FILE], "");
	exp_add_opt(o, "ssl_key_password", f[ITEM_F_SSL_KEY_PASSWORD], "");
	exp_add_const(o, "verify_peer", f[ITEM_F_VERIFY_PEER], "0", exp_no_yes);
	exp_add_const(o, "verify_host", f[ITEM_F_VERIFY_HOST], "0", exp_no_yes);
	exp_add_list(o, "tags", exp_tags(&it->tags));
	export_item_triggers(txn, it, refs == NULL, o);
	return o;
}

static int
exp_item_by_id(const void *key, const void *elem)
{
	uint64_t id = *(const uint64_t *)key, other = ((const struct item *)elem)->itemid;

	return id < other ? -1 : id > other;
}

/* The host's own items (not inherited, not web items, not discovered) by key. A dependent
 * item whose master is not one of them (inherited) is left out, as in Zabbix. */
static int
exp_items(struct store_txn *txn, uint64_t hostid, const struct exp_ifrefs *refs, cJSON **out,
    struct err *e)
{
	struct id_list ids = { 0 };
	struct item *it = NULL;
	struct exp_sortent *s = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = cJSON_CreateArray();
	if ((rc = store_host_items(txn, hostid, &ids)) != STORE_OK)
		goto fail;
	it = xcalloc(ids.n, sizeof *it);
	s = xcalloc(ids.n, sizeof *s);
	for (size_t i = 0; i < ids.n; i++) {
		if ((rc = store_item_get(txn, ids.ids[i], &it[n])) == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			goto fail;
		if (it[n].templateid != 0 || strcmp(it[n].f[ITEM_F_FLAGS], "0") != 0 ||
		    strcmp(it[n].f[ITEM_F_TYPE], "9") == 0) {
			item_free(&it[n]);
			continue;
		}
		n++;	/* ascending by id: searched below */
	}
	for (size_t i = 0; i < n; i++) {
		const struct item *master = NULL;
		uint64_t mid;

		if (strcmp(it[i].f[ITEM_F_TYPE], "18") == 0) {
			if (util_parse_u64(it[i].f[ITEM_F_MASTER_ITEMID], &mid))
				master = bsearch(&mid, it, n, sizeof *it, exp_item_by_id);
			if (master == NULL)
				continue;
		}
		s[k].k[0] = it[i].f[ITEM_F_KEY];
		s[k++].p = exp_item(txn, &it[i], master != NULL ? master->f[ITEM_F_KEY] : NULL,
		    refs);
	}
	exp_sort(s, k);
	for (size_t i = 0; i < k; i++)
		cJSON_AddItemToArray(*out, s[i].p);
	rc = STORE_OK;
fail:
	for (size_t i = 0; i < n; i++)
		item_free(&it[i]);
	free(it);
	free(s);
	id_list_free(&ids);
	return exp_list_end(out, rc, e);
}

/* ---- hosts and templates ---- */

static const struct exp_const exp_snmp_versions[] = {
	{ "1", "SNMPV1" }, { "2", "SNMPV2" }, { "3", "SNMPV3" }, { NULL, NULL },
};
static const struct exp_const exp_snmp_levels[] = {
	{ "0", "NOAUTHNOPRIV" }, { "1", "AUTHNOPRIV" }, { "2", "AUTHPRIV" }, { NULL, NULL },
};
static const struct exp_const exp_snmp_auth[] = {
	{ "0", "MD5" }, { "1", "SHA1" }, { "2", "SHA224" }, { "3", "SHA256" }, { "4", "SHA384" },
	{ "5", "SHA512" }, { NULL, NULL },
};
static const struct exp_const exp_snmp_priv[] = {
	{ "0", "DES" }, { "1", "AES128" }, { "2", "AES192" }, { "3", "AES256" }, { "4", "AES192C" },
	{ "5", "AES256C" }, { NULL, NULL },
};

static void
exp_add_uconst(cJSON *o, const char *key, uint32_t v, const char *dflt,
    const struct exp_const *map)
{
	char text[16];

	snprintf(text, sizeof text, "%u", (unsigned)v);
	exp_add_const(o, key, text, dflt, map);
}

/* An SNMP interface's details as the API shows them (community for v1 and v2c, the v3
 * members for v3), in the export's order, defaults left out; NULL when none remain. */
static cJSON *
exp_snmp_details(struct store_txn *txn, uint64_t interfaceid)
{
	struct snmp_details d;
	cJSON *o;

	if (store_interface_snmp_get(txn, interfaceid, &d) != STORE_OK)
		return NULL;
	o = cJSON_CreateObject();
	exp_add_uconst(o, "version", d.version, "2", exp_snmp_versions);
	if (d.version != 3) {
		exp_add_opt(o, "community", d.community, "");
	} else {
		exp_add_opt(o, "contextname", d.contextname, "");
		exp_add_opt(o, "securityname", d.securityname, "");
		exp_add_uconst(o, "securitylevel", d.securitylevel, "0", exp_snmp_levels);
		exp_add_uconst(o, "authprotocol", d.authprotocol, "0", exp_snmp_auth);
		exp_add_opt(o, "authpassphrase", d.authpassphrase, "");
		exp_add_uconst(o, "privprotocol", d.privprotocol, "0", exp_snmp_priv);
		exp_add_opt(o, "privpassphrase", d.privpassphrase, "");
	}
	exp_add_uconst(o, "bulk", d.bulk, "1", exp_no_yes);
	snmp_details_free(&d);
	if (cJSON_GetArraySize(o) == 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The host's interfaces, numbered if1, if2... by id (creation order) into refs, then listed
 * by type, ip, dns and port; values equal to an agent interface's on 127.0.0.1:10050 are
 * left out. */
static int
exp_interfaces(struct store_txn *txn, uint64_t hostid, struct exp_ifrefs *refs, cJSON **out,
    struct err *e)
{
	struct id_list ids = { 0 };
	struct hostinterface *hi = NULL;
	struct exp_sortent *s = NULL;
	char (*type)[16] = NULL;
	size_t n = 0;
	int rc;

	*out = cJSON_CreateArray();
	if ((rc = store_host_interfaces(txn, hostid, &ids)) != STORE_OK)
		goto fail;
	hi = xcalloc(ids.n, sizeof *hi);
	s = xcalloc(ids.n, sizeof *s);
	type = xcalloc(ids.n, sizeof *type);
	refs->v = xcalloc(ids.n, sizeof *refs->v);
	for (size_t i = 0; i < ids.n; i++) {
		if ((rc = store_interface_get(txn, ids.ids[i], &hi[n])) == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			goto fail;
		refs->v[n].id = hi[n].interfaceid;
		snprintf(refs->v[n].ref, sizeof refs->v[n].ref, "if%zu", n + 1);
		snprintf(type[n], sizeof type[n], "%u", hi[n].type);
		s[n].k[0] = type[n], s[n].k[1] = hi[n].ip, s[n].k[2] = hi[n].dns;
		s[n].k[3] = hi[n].port;
		s[n].p = (void *)(uintptr_t)n;
		n++;
	}
	refs->n = n;
	exp_sort(s, n);
	for (size_t i = 0; i < n; i++) {
		size_t j = (size_t)(uintptr_t)s[i].p;
		cJSON *o = cJSON_CreateObject(), *details;
		char v[16];

		snprintf(v, sizeof v, "%u", hi[j].main);
		exp_add_const(o, "default", v, "1", exp_no_yes);
		exp_add_const(o, "type", type[j], "1", exp_iface_type);
		snprintf(v, sizeof v, "%u", hi[j].useip);
		exp_add_const(o, "useip", v, "1", exp_no_yes);
		exp_add_opt(o, "ip", hi[j].ip, "127.0.0.1");
		exp_add_opt(o, "dns", hi[j].dns, "");
		exp_add_opt(o, "port", hi[j].port, "10050");
		if (hi[j].type == HOSTINTERFACE_SNMP &&
		    (details = exp_snmp_details(txn, hi[j].interfaceid)) != NULL)
			cJSON_AddItemToObject(o, "details", details);
		util_json_add_str(o, "interface_ref", refs->v[j].ref);
		cJSON_AddItemToArray(*out, o);
	}
	rc = STORE_OK;
fail:
	for (size_t i = 0; i < n; i++)
		hostinterface_free(&hi[i]);
	free(hi);
	free(s);
	free(type);
	id_list_free(&ids);
	return exp_list_end(out, rc, e);
}

/* The lists a template and a host share, built in one go (NULL when failed). */
struct exp_lists {
	cJSON	*parents, *groups, *items, *tags, *macros;
};

static void
exp_lists_free(struct exp_lists *l)
{
	cJSON_Delete(l->parents), cJSON_Delete(l->groups), cJSON_Delete(l->items);
	cJSON_Delete(l->tags), cJSON_Delete(l->macros);
	memset(l, 0, sizeof *l);
}

static int
exp_lists(struct store_txn *txn, uint64_t hostid, const struct exp_ifrefs *refs,
    struct id_set *groups, struct exp_lists *l, struct err *e)
{
	memset(l, 0, sizeof *l);
	if (exp_parent_names(txn, hostid, &l->parents, e) != 0 ||
	    exp_group_names(txn, hostid, groups, &l->groups, e) != 0 ||
	    export_hostproto_groups(txn, hostid, groups, e) != 0 ||
	    exp_items(txn, hostid, refs, &l->items, e) != 0 ||
	    exp_host_tags(txn, hostid, &l->tags, e) != 0 ||
	    exp_macros(txn, hostid, &l->macros, e) != 0) {
		exp_lists_free(l);
		return -1;
	}
	return 0;
}

/* A template: uuid, template, name, description, templates, groups, items, discovery_rules
 * (export_lld.c), httptests (export_httptest.c), tags, macros, dashboards
 * (export_dashboard.c), valuemaps. */
static int
exp_template(struct store_txn *txn, const struct host *h, struct id_set *groups, cJSON **out,
    struct err *e)
{
	struct exp_lists l;
	cJSON *o, *dashboards, *rules, *httptests;

	*out = NULL;
	if (exp_lists(txn, h->hostid, NULL, groups, &l, e) != 0)
		return -1;
	if (export_dashboards(txn, h->hostid, &dashboards, e) != 0) {	/* DASHBOARDS */
		exp_lists_free(&l);
		return -1;
	}
	if (export_lld_rules(txn, h->hostid, NULL, &rules, e) != 0) {
		cJSON_Delete(dashboards);
		exp_lists_free(&l);
		return -1;
	}
	if (export_httptests(txn, h->hostid, true, &httptests, e) != 0) {	/* HTTPTESTS */
		cJSON_Delete(rules);
		cJSON_Delete(dashboards);
		exp_lists_free(&l);
		return -1;
	}
	o = cJSON_CreateObject();
	exp_add_str(o, "uuid", h->uuid);
	exp_add_str(o, "template", h->host);
	exp_add_str(o, "name", h->name);
	exp_add_opt(o, "description", h->description, "");
	exp_add_list(o, "templates", l.parents);
	exp_add_list(o, "groups", l.groups);
	exp_add_list(o, "items", l.items);
	exp_add_list(o, "discovery_rules", rules);
	exp_add_list(o, "httptests", httptests);
	exp_add_list(o, "tags", l.tags);
	exp_add_list(o, "macros", l.macros);
	exp_add_list(o, "dashboards", dashboards);
	exp_add_list(o, "valuemaps", exp_valuemaps(txn, h->hostid, true));	/* VALUEMAPS */
	*out = o;
	return 0;
}

/* A host's inventory: its mode as text (a host without a stored inventory is disabled, -1,
 * Zabbix's default for a host created without one), and its non-empty fields in the schema's
 * order as the "inventory" object (NULL when none). */
static cJSON *
exp_inventory(struct store_txn *txn, uint64_t hostid, char mode[12])
{
	struct inventory inv = { .mode = INVENTORY_DISABLED };
	cJSON *o = NULL;

	if (store_inventory_get(txn, hostid, &inv) != STORE_OK)
		inv.mode = INVENTORY_DISABLED;
	snprintf(mode, 12, "%d", (int)inv.mode);
	for (int i = 0; i < INVENTORY_FIELDS; i++) {
		if (inv.f[i] == NULL || inv.f[i][0] == '\0')
			continue;
		if (o == NULL)
			o = cJSON_CreateObject();
		exp_add_str(o, inventory_field_names[i], inv.f[i]);
	}
	inventory_free(&inv);
	return o;
}

static const struct exp_const exp_ipmi_authtypes[] = {
	{ "-1", "DEFAULT" }, { "0", "NONE" }, { "1", "MD2" }, { "2", "MD5" }, { "4", "STRAIGHT" },
	{ "5", "OEM" }, { "6", "RMCP_PLUS" }, { NULL, NULL },
};
static const struct exp_const exp_ipmi_privileges[] = {
	{ "1", "CALLBACK" }, { "2", "USER" }, { "3", "OPERATOR" }, { "4", "ADMIN" }, { "5", "OEM" },
	{ NULL, NULL },
};

/* Whether v has a name in map. */
static bool
exp_const_named(const char *v, const struct exp_const *map)
{
	for (const struct exp_const *c = map; c->v != NULL; c++)
		if (strcmp(c->v, v) == 0)
			return true;
	return false;
}

/* The host's IPMI constants as text; -1 with Zabbix's refusal when one has no name in the
 * export (the API takes any integer: ipmi_authtype 7 is stored, then not exportable). */
static int
exp_host_ipmi_text(const struct host *h, char authtype[16], char privilege[16], struct err *e)
{
	const struct host_conn *c = host_conn_of(h);

	snprintf(authtype, 16, "%d", (int)c->ipmi_authtype);
	snprintf(privilege, 16, "%d", (int)c->ipmi_privilege);
	if (!exp_const_named(authtype, exp_ipmi_authtypes))
		return err_set(e, ERR_REFUSED, NULL, "Invalid tag \"ipmi_authtype\": unexpected "
		    "constant value \"%s\".", authtype);
	if (!exp_const_named(privilege, exp_ipmi_privileges))
		return err_set(e, ERR_REFUSED, NULL, "Invalid tag \"ipmi_privilege\": unexpected "
		    "constant value \"%s\".", privilege);
	return 0;
}

/* A host's IPMI settings (their constants checked by exp_host_ipmi_text), each left out when
 * it has Zabbix's default (the password is written as Zabbix 6.0 writes it: in clear; TLS
 * settings are not part of its export). */
static void
exp_host_ipmi(cJSON *o, const struct host *h, const char *authtype, const char *privilege)
{
	const struct host_conn *c = host_conn_of(h);

	exp_add_const(o, "ipmi_authtype", authtype, "-1", exp_ipmi_authtypes);
	exp_add_const(o, "ipmi_privilege", privilege, "2", exp_ipmi_privileges);
	exp_add_opt(o, "ipmi_username", c->ipmi_username, "");
	exp_add_opt(o, "ipmi_password", c->ipmi_password, "");
}

/* A host: host, name, description, status, IPMI, templates, groups, interfaces, items,
 * discovery_rules, httptests, tags, macros, inventory, inventory_mode, valuemaps (proxy:
 * tmpld keeps no proxies, so no host has one). */
static int
exp_host(struct store_txn *txn, const struct host *h, struct id_set *groups, cJSON **out,
    struct err *e)
{
	struct exp_ifrefs refs = { 0 };
	struct exp_lists l;
	cJSON *o, *ifaces, *inv, *rules, *httptests;
	char status[16], mode[12], authtype[16], privilege[16];

	*out = NULL;
	if (exp_host_ipmi_text(h, authtype, privilege, e) != 0)
		return -1;
	if (exp_interfaces(txn, h->hostid, &refs, &ifaces, e) != 0) {
		free(refs.v);
		return -1;
	}
	if (exp_lists(txn, h->hostid, &refs, groups, &l, e) != 0) {
		cJSON_Delete(ifaces);
		free(refs.v);
		return -1;
	}
	if (export_lld_rules(txn, h->hostid, &refs, &rules, e) != 0) {
		exp_lists_free(&l);
		cJSON_Delete(ifaces);
		free(refs.v);
		return -1;
	}
	free(refs.v);
	if (export_httptests(txn, h->hostid, false, &httptests, e) != 0) {	/* HTTPTESTS */
		cJSON_Delete(rules);
		cJSON_Delete(ifaces);
		exp_lists_free(&l);
		return -1;
	}
	o = cJSON_CreateObject();
	snprintf(status, sizeof status, "%u", h->status);
	exp_add_str(o, "host", h->host);
	exp_add_opt(o, "name", h->name, "");
	exp_add_opt(o, "description", h->description, "");
	exp_add_const(o, "status", status, "0", exp_enabled);
	exp_host_ipmi(o, h, authtype, privilege);
	exp_add_list(o, "templates", l.parents);
	exp_add_list(o, "groups", l.groups);
	exp_add_list(o, "interfaces", ifaces);
	exp_add_list(o, "items", l.items);
	exp_add_list(o, "discovery_rules", rules);
	exp_add_list(o, "httptests", httptests);
	exp_add_list(o, "tags", l.tags);
	exp_add_list(o, "macros", l.macros);
	if ((inv = exp_inventory(txn, h->hostid, mode)) != NULL)
		cJSON_AddItemToObject(o, "inventory", inv);
	exp_add_const(o, "inventory_mode", mode, "0", exp_inv_modes);
	exp_add_list(o, "valuemaps", exp_valuemaps(txn, h->hostid, false));	/* VALUEMAPS */
	*out = o;
	return 0;
}

/* The hosts (templates: want_template) among ids, by technical name; those of the other
 * kind and unknown ids are skipped. */
static int
exp_load_hosts(struct store_txn *txn, const struct id_list *ids, bool want_template,
    struct host **out, size_t *n, struct err *e)
{
	struct host *h = xcalloc(ids->n, sizeof *h);
	size_t k = 0;

	for (size_t i = 0; i < ids->n; i++) {
		int rc = store_host_get(txn, ids->ids[i], &h[k]);

		if (rc == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK) {
			for (size_t j = 0; j < k; j++)
				host_free(&h[j]);
			free(h);
			return domain_fail_store(e, rc);
		}
		if (host_is_template(&h[k]) != want_template || (!want_template &&
		    h[k].status != HOST_STATUS_MONITORED &&
		    h[k].status != HOST_STATUS_NOT_MONITORED)) {
			host_free(&h[k]);
			continue;
		}
		k++;
	}
	*out = h;
	*n = k;
	return 0;
}

/* A section of hosts or templates, by technical name; 1 when the budget stopped it. */
static int
exp_section(struct store_txn *txn, const struct export_opts *o, bool templates,
    struct id_set *groups, cJSON **out, struct err *e)
{
	struct id_list ids;
	struct host *h = NULL;
	struct exp_sortent *s = NULL;
	size_t n = 0;
	int rc = 0;

	*out = cJSON_CreateArray();
	exp_ids_unique(templates ? o->templates : o->hosts, &ids);
	if (exp_load_hosts(txn, &ids, templates, &h, &n, e) != 0) {
		rc = -1;
		goto done;
	}
	s = xcalloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		s[i].k[0] = h[i].host;
		s[i].p = &h[i];
	}
	exp_sort(s, n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		cJSON *obj;

		if ((templates ? exp_template : exp_host)(txn, s[i].p, groups, &obj, e) != 0)
			rc = -1;
		else {
			cJSON_AddItemToArray(*out, obj);
			if (o->budget != NULL && !o->budget(o->budget_arg, obj))
				rc = 1;
		}
	}
done:
	for (size_t i = 0; i < n; i++)
		host_free(&h[i]);
	free(h);
	free(s);
	id_list_free(&ids);
	if (rc != 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

/* The groups asked for and those of the exported objects: [{uuid, name}] by name. */
static int
exp_groups(struct store_txn *txn, const struct export_opts *o, struct id_set *set, cJSON **out,
    struct err *e)
{
	struct id_list ids = { 0 };
	struct group *g = NULL;
	struct exp_sortent *s = NULL;
	size_t n = 0;
	int rc = STORE_OK;

	*out = cJSON_CreateArray();
	if (o->groups != NULL)
		for (size_t i = 0; i < o->groups->n; i++)
			id_list_add(&ids, o->groups->ids[i]);
	if (set->has_zero)
		id_list_add(&ids, 0);
	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i] != 0)
			id_list_add(&ids, set->slots[i]);
	{
		struct id_list u;

		exp_ids_unique(&ids, &u);
		id_list_free(&ids);
		ids = u;
	}
	g = xcalloc(ids.n, sizeof *g);
	s = xcalloc(ids.n, sizeof *s);
	for (size_t i = 0; i < ids.n; i++) {
		if ((rc = store_group_get(txn, ids.ids[i], &g[n])) == STORE_ENOTFOUND)
			continue;
		if (rc != STORE_OK)
			goto fail;
		s[n].k[0] = g[n].name;
		s[n].p = &g[n];
		n++;
	}
	rc = STORE_OK;
	exp_sort(s, n);
	for (size_t i = 0; i < n; i++) {
		const struct group *gg = s[i].p;
		cJSON *obj = cJSON_CreateObject();

		exp_add_str(obj, "uuid", gg->uuid);
		exp_add_str(obj, "name", gg->name);
		cJSON_AddItemToArray(*out, obj);
	}
fail:
	for (size_t i = 0; i < n; i++)
		group_free(&g[i]);
	free(g);
	free(s);
	id_list_free(&ids);
	return exp_list_end(out, rc, e);
}

void
export_date(uint64_t now, char buf[EXPORT_DATE_LEN + 1])
{
	time_t t = (time_t)now;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, EXPORT_DATE_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
export_build(struct store_txn *txn, const struct export_opts *o, cJSON **out, struct err *e)
{
	struct id_set groups = { 0 };
	cJSON *doc, *root, *tmpl = NULL, *hosts = NULL, *grp = NULL, *triggers = NULL;
	cJSON *graphs = NULL;
	int rc;

	*out = NULL;
	rc = exp_section(txn, o, true, &groups, &tmpl, e);
	if (rc == 0)
		rc = exp_section(txn, o, false, &groups, &hosts, e);
	if (rc == 0)
		rc = export_triggers(txn, o, &triggers, e);
	if (rc == 0)
		rc = export_graphs(txn, o->templates, o->hosts, &graphs, e);
	if (rc == 0)
		rc = exp_groups(txn, o, &groups, &grp, e);
	id_set_free(&groups);
	if (rc != 0) {
		cJSON_Delete(tmpl);
		cJSON_Delete(hosts);
		cJSON_Delete(triggers);
		cJSON_Delete(graphs);
		cJSON_Delete(grp);
		return rc;
	}
	doc = cJSON_CreateObject();
	root = cJSON_AddObjectToObject(doc, "zabbix_export");
	util_json_add_str(root, "version", "6.0");
	util_json_add_str(root, "date", o->date != NULL ? o->date : "");
	exp_add_list(root, "groups", grp);
	exp_add_list(root, "templates", tmpl);
	exp_add_list(root, "hosts", hosts);
	exp_add_list(root, "triggers", triggers);
	exp_add_list(root, "graphs", graphs);
	*out = doc;
	return 0;
}

/* ---- constants read back (configuration.import) ---- */

/* Graphs (export_graph.c writes them through export_add_named). */
static const struct exp_const exp_graph_type[] = {
	{ "0", "NORMAL" }, { "1", "STACKED" }, { "2", "PIE" }, { "3", "EXPLODED" }, { NULL, NULL },
};
static const struct exp_const exp_graph_y_type[] = {
	{ "0", "CALCULATED" }, { "1", "FIXED" }, { "2", "ITEM" }, { NULL, NULL },
};
static const struct exp_const exp_gitem_drawtype[] = {
	{ "0", "SINGLE_LINE" }, { "1", "FILLED_REGION" }, { "2", "BOLD_LINE" },
	{ "3", "DOTTED_LINE" }, { "4", "DASHED_LINE" }, { "5", "GRADIENT_LINE" }, { NULL, NULL },
};
static const struct exp_const exp_gitem_yaxisside[] = {
	{ "0", "LEFT" }, { "1", "RIGHT" }, { NULL, NULL },
};
static const struct exp_const exp_gitem_calc_fnc[] = {
	{ "1", "MIN" }, { "2", "AVG" }, { "4", "MAX" }, { "7", "ALL" }, { "9", "LAST" },
	{ NULL, NULL },
};
static const struct exp_const exp_gitem_type[] = {
	{ "0", "SIMPLE" }, { "2", "GRAPH_SUM" }, { NULL, NULL },
};

static const struct {
	const char		*table;
	const struct exp_const	*map;
} exp_const_tables[] = {
	{ "no_yes", exp_no_yes }, { "enabled", exp_enabled }, { "item_type", exp_item_type },
	{ "value_type", exp_value_type }, { "authtype_ssh", exp_authtype_ssh },
	{ "authtype", exp_authtype }, { "post_type", exp_post_type },
	{ "retrieve_mode", exp_retrieve_mode }, { "request_method", exp_request_method },
	{ "output_format", exp_output_format }, { "macro_type", exp_macro_type },
	{ "interface_type", exp_iface_type }, { "inventory_mode", exp_inv_modes },
	{ "mapping_type", exp_mapping_type },
	{ "graph_type", exp_graph_type }, { "graph_y_type", exp_graph_y_type },
	{ "gitem_drawtype", exp_gitem_drawtype }, { "gitem_yaxisside", exp_gitem_yaxisside },
	{ "gitem_calc_fnc", exp_gitem_calc_fnc }, { "gitem_type", exp_gitem_type },
};

bool
export_const_value(const char *table, const char *name, char out[12])
{
	if (strcmp(table, "inventory_link") == 0) {
		for (size_t i = 0; i < sizeof exp_inventory_fields / sizeof exp_inventory_fields[0]; i++)
			if (strcmp(exp_inventory_fields[i], name) == 0) {
				snprintf(out, 12, "%zu", i);
				return true;
			}
		return false;
	}
	for (size_t t = 0; t < sizeof exp_const_tables / sizeof exp_const_tables[0]; t++) {
		if (strcmp(exp_const_tables[t].table, table) != 0)
			continue;
		for (const struct exp_const *c = exp_const_tables[t].map; c->v != NULL; c++)
			if (strcmp(c->name, name) == 0) {
				snprintf(out, 12, "%s", c->v);
				return true;
			}
	}
	return false;
}

/* PHP 8's numeric string test, for configuration.importcompare's comparison. */
bool
export_php_numeric(const char *s, double *out)
{
	return exp_numeric(s, out);
}

/* ---- pieces the writers of other kinds share (export_graph.c) ---- */

void
export_add_str(cJSON *obj, const char *key, const char *v)
{
	exp_add_str(obj, key, v);
}

void
export_add_opt(cJSON *obj, const char *key, const char *v, const char *dflt)
{
	exp_add_opt(obj, key, v, dflt);
}

bool
export_loose_eq(const char *a, const char *b)
{
	return exp_loose_eq(a, b);
}

void
export_add_named(cJSON *obj, const char *key, const char *v, const char *dflt, const char *table)
{
	for (size_t t = 0; t < sizeof exp_const_tables / sizeof exp_const_tables[0]; t++)
		if (strcmp(exp_const_tables[t].table, table) == 0) {
			exp_add_const(obj, key, v, dflt, exp_const_tables[t].map);
			return;
		}
	exp_add_opt(obj, key, v, dflt);
}
