/* hostinterface.c: hostinterface.create/update/delete/massadd/massremove/replacehostinterfaces
 * and the interfaces of host.create/update, checked the way Zabbix 6.0's CHostInterface does. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define IA "Incorrect arguments passed to function."

/* One interface of a call: as sent (obj), as stored before (update), as it will be. */
struct iface_in {
	const cJSON		*obj;
	struct hostinterface	 hi, old;
	bool			 update, port_sent, replaced;
	struct host		 h;		/* its host */
};

struct iface_list {
	struct iface_in	*v;
	size_t		 n, cap;
};

static struct iface_in *
iface_list_add(struct iface_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof *l->v);
	return &l->v[l->n++];
}

static void
iface_list_free(struct iface_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		hostinterface_free(&l->v[i].hi);
		hostinterface_free(&l->v[i].old);
		host_free(&l->v[i].h);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* A scalar member as text: NULL when absent or null (PHP's isset). */
static char *
iface_text(const cJSON *obj, const char *name)
{
	return util_json_scalar_text(cJSON_GetObjectItemCaseSensitive(obj, name), "");
}

static bool
iface_has(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return v != NULL && !cJSON_IsNull(v);
}

static bool
iface_int(const cJSON *obj, const char *name, uint32_t *out)
{
	char *t = iface_text(obj, name);
	uint64_t v = 0;

	if (t == NULL)
		return false;
	if (!util_parse_u64(t, &v))
		v = (uint64_t)atoll(t);
	free(t);
	*out = (uint32_t)v;
	return true;
}

static void
iface_str(const cJSON *obj, const char *name, char **field)
{
	char *t = iface_text(obj, name);

	if (t != NULL) {
		free(*field);
		*field = t;
	}
}

/* The members sent, over what hi holds. */
static void
iface_apply(struct iface_in *in)
{
	iface_int(in->obj, "type", &in->hi.type);
	iface_int(in->obj, "main", &in->hi.main);
	iface_int(in->obj, "useip", &in->hi.useip);
	iface_str(in->obj, "ip", &in->hi.ip);
	iface_str(in->obj, "dns", &in->hi.dns);
	iface_str(in->obj, "port", &in->hi.port);
	in->port_sent = iface_has(in->obj, "port");
}

static int
iface_load_host(struct rpc_call *call, struct iface_in *in, uint64_t hostid)
{
	int rc = store_host_get(call->txn, hostid, &in->h);

	if (rc == STORE_OK && host_is_template(&in->h)) {
		host_free(&in->h);
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* A new interface: hostid (0: take it from the object), ip, dns, useip, port, main and type
 * must be sent ("Incorrect arguments passed to function."). */
static int
iface_take_new(struct rpc_call *call, struct iface_in *in, uint64_t hostid)
{
	static const char *const required[] = { "ip", "dns", "useip", "port", "main" };

	if (!cJSON_IsObject(in->obj))
		return rpc_fail(call, ERR_PARAM, IA);
	if (hostid == 0 && !iface_has(in->obj, "hostid"))
		return rpc_fail(call, ERR_PARAM, IA);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!iface_has(in->obj, required[i]))
			return rpc_fail(call, ERR_PARAM, IA);
	if (hostid == 0 && !id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "hostid"),
	    &hostid))
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (iface_load_host(call, in, hostid) != RPC_COMMIT)
		return RPC_ROLLBACK;
	if (!iface_has(in->obj, "type"))
		return rpc_fail(call, ERR_PARAM, IA);
	in->hi = (struct hostinterface){ .hostid = hostid, .ip = xstrdup(""), .dns = xstrdup(""),
	    .port = xstrdup("") };
	iface_apply(in);
	in->port_sent = true;
	return RPC_COMMIT;
}

/* A stored interface named by interfaceid, with the members sent over it. */
static int
iface_take_update(struct rpc_call *call, struct iface_in *in)
{
	const cJSON *hostid;
	uint64_t id, hid;
	int rc;

	if (!cJSON_IsObject(in->obj) || !iface_has(in->obj, "interfaceid"))
		return rpc_fail(call, ERR_PARAM, IA);
	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(in->obj, "interfaceid"), &id) ||
	    (rc = store_interface_get(call->txn, id, &in->old)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	in->update = true;
	hostid = cJSON_GetObjectItemCaseSensitive(in->obj, "hostid");
	if (iface_has(in->obj, "hostid") && !(id_from_json(hostid, &hid) && hid == in->old.hostid))
		return rpc_fail(call, ERR_PARAM, "Cannot switch host for interface.");
	if (iface_load_host(call, in, in->old.hostid) != RPC_COMMIT)
		return RPC_ROLLBACK;
	in->hi = in->old;
	in->hi.ip = xstrdup(in->old.ip);
	in->hi.dns = xstrdup(in->old.dns);
	in->hi.port = xstrdup(in->old.port);
	iface_apply(in);
	return RPC_COMMIT;
}

/* ---- values ---- */

/* {$MACRO} or {$MACRO:context}: a user macro as a whole value. */
static bool
iface_user_macro(const char *s)
{
	size_t n = strlen(s);

	char *cause = NULL;
	bool ok;

	if (n <= 3 || s[0] != '{' || s[1] != '$' || s[n - 1] != '}')
		return false;
	ok = macro_parse(s, NULL, &cause) == 0;
	free(cause);
	return ok;
}

static bool
iface_lld_macro(const char *s)
{
	size_t n = strlen(s);

	if (n < 4 || s[0] != '{' || s[1] != '#' || s[n - 1] != '}')
		return false;
	for (size_t i = 2; i < n - 1; i++)
		if (!(isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
		    s[i] == '.'))
			return false;
	return true;
}

/* Zabbix's DNS format: letters, digits, "_", ".", "-", "$" and {MACRO} / {$MACRO} parts. */
static bool
iface_dns_ok(const char *s)
{
	if (iface_user_macro(s))
		return true;
	while (*s != '\0') {
		if (*s == '{') {
			const char *p = s + 1;

			if (*p == '$')
				p++;
			if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
				return false;
			while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) ||
			    *p == '_' || *p == '.')
				p++;
			if (*p != '}')
				return false;
			s = p + 1;
			continue;
		}
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '-' || *s == '$'))
			return false;
		s++;
	}
	return true;
}

/* {HOST.IP}-like macros, user macros, IPv4 and IPv6 addresses. */
static bool
iface_ip_ok(const char *s)
{
	unsigned char buf[16];
	size_t n = strlen(s);

	if (n > 2 && s[0] == '{' && s[n - 1] == '}' && strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ.") ==
	    n - 2)
		return true;
	if (iface_user_macro(s))
		return true;
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool
iface_port_ok(const char *s)
{
	size_t n = strlen(s);
	long v;

	if (iface_user_macro(s) || iface_lld_macro(s))
		return true;
	if (n == 0 || n > 5 || strspn(s, "0123456789") != n)
		return false;
	v = strtol(s, NULL, 10);
	return v >= 0 && v <= 65535;
}

/* Zabbix's checkInput on one interface (its merged values). */
static int
iface_check_values(struct rpc_call *call, const struct iface_in *in)
{
	const struct hostinterface *hi = &in->hi;

	if (hi->ip[0] == '\0' && hi->dns[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "IP and DNS cannot be empty for host interface.");
	if (hi->useip == 1 && hi->ip[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Interface with DNS \"%s\" cannot have empty IP "
		    "address.", hi->dns);
	if (hi->useip == 0 && hi->dns[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Interface with IP \"%s\" cannot have empty DNS "
		    "name while having \"Use DNS\" property on \"%s\".", hi->ip, in->h.host);
	if (hi->dns[0] != '\0' && !iface_dns_ok(hi->dns))
		return rpc_fail(call, ERR_PARAM, "Incorrect interface DNS parameter \"%s\" "
		    "provided.", hi->dns);
	if (hi->ip[0] != '\0' && !iface_ip_ok(hi->ip))
		return rpc_fail(call, ERR_PARAM, "Invalid IP address \"%s\".", hi->ip);
	if (in->port_sent && hi->port[0] == '\0')
		return rpc_fail(call, ERR_PARAM, "Port cannot be empty for host interface.");
	if (in->port_sent && !iface_port_ok(hi->port))
		return rpc_fail(call, ERR_PARAM, "Incorrect interface port \"%s\" provided.",
		    hi->port);
	return RPC_COMMIT;
}

/* ---- SNMP details ---- */

static bool
iface_detail_int(const cJSON *d, const char *name, uint32_t *out, bool *present)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, name);
	char *end;
	long n;

	*present = v != NULL && !cJSON_IsNull(v);
	if (!*present)
		return true;
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble < 0 || v->valuedouble != (double)(long)v->valuedouble)
			return false;
		*out = (uint32_t)v->valuedouble;
		return true;
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return false;
	n = strtol(v->valuestring, &end, 10);
	if (*end != '\0' || n < 0)
		return false;
	*out = (uint32_t)n;
	return true;
}

static void
iface_detail_str(const cJSON *d, const char *name, char **field)
{
	char *t = iface_text(d, name);

	if (t != NULL) {
		free(*field);
		*field = t;
	}
}

/* Zabbix's checkSnmpInput on the details of an SNMP interface, then the details as stored
 * (the fields of the other versions at their defaults). */
static int
iface_snmp_parse(struct rpc_call *call, const cJSON *details, struct snmp_details *d)
{
	uint32_t v = 0, n = 0;
	bool present;
	const cJSON *bulk;

	snmp_details_init(d);
	if (!cJSON_IsObject(details) && !(cJSON_IsArray(details)))
		return rpc_fail(call, ERR_PARAM, IA);
	if (!iface_detail_int(details, "version", &v, &present) || !present || v < 1 || v > 3)
		return rpc_fail(call, ERR_PARAM, IA);
	d->version = v;
	iface_detail_str(details, "community", &d->community);
	if (v != 3 && d->community[0] == '\0')
		return rpc_fail(call, ERR_PARAM, IA);
	bulk = cJSON_GetObjectItemCaseSensitive(details, "bulk");
	if (bulk != NULL && !cJSON_IsNull(bulk) &&
	    (!iface_detail_int(details, "bulk", &n, &present) || n > 1))
		return rpc_fail(call, ERR_PARAM, "Incorrect bulk value for interface.");
	if (bulk != NULL && !cJSON_IsNull(bulk))
		d->bulk = n;
	if (v == 3) {
		if (!iface_detail_int(details, "securitylevel", &d->securitylevel, &present) ||
		    d->securitylevel > 2 ||
		    !iface_detail_int(details, "authprotocol", &d->authprotocol, &present) ||
		    d->authprotocol > 5 ||
		    !iface_detail_int(details, "privprotocol", &d->privprotocol, &present) ||
		    d->privprotocol > 5)
			return rpc_fail(call, ERR_PARAM, IA);
		iface_detail_str(details, "securityname", &d->securityname);
		iface_detail_str(details, "authpassphrase", &d->authpassphrase);
		iface_detail_str(details, "privpassphrase", &d->privpassphrase);
		iface_detail_str(details, "contextname", &d->contextname);
		free(d->community);
		d->community = xstrdup("");
	}
	return RPC_COMMIT;
}

/* The details an interface will have: for create those sent; for update those sent over
 * the stored ones (as hostinterface.get shows them). NULL when it is no SNMP interface. */
static int
iface_snmp_details(struct rpc_call *call, const struct iface_in *in, struct snmp_details *d,
    bool *has)
{
	const cJSON *sent = cJSON_GetObjectItemCaseSensitive(in->obj, "details");
	cJSON *merged;
	struct snmp_details old;
	int rc;

	memset(d, 0, sizeof *d);
	*has = in->hi.type == HOSTINTERFACE_SNMP;
	if (!*has)
		return RPC_COMMIT;
	if (!in->update) {
		if (sent == NULL)
			return rpc_fail(call, ERR_PARAM, IA);
		return iface_snmp_parse(call, sent, d);
	}
	merged = cJSON_CreateObject();
	if (in->old.type == HOSTINTERFACE_SNMP) {
		rc = store_interface_snmp_get(call->txn, in->old.interfaceid, &old);
		if (rc == STORE_ENOTFOUND) {
			snmp_details_init(&old);
			rc = STORE_OK;
		}
		if (rc != STORE_OK) {
			cJSON_Delete(merged);
			return rpc_fail_store(call, rc);
		}
		cJSON_Delete(merged);
		merged = snmp_details_json(&old);
		snmp_details_free(&old);
	}
	if (cJSON_IsObject(sent)) {
		const cJSON *e;

		cJSON_ArrayForEach(e, sent) {
			cJSON_DeleteItemFromObjectCaseSensitive(merged, e->string);
			cJSON_AddItemToObject(merged, e->string, cJSON_Duplicate(e, true));
		}
	}
	rc = iface_snmp_parse(call, merged, d);
	cJSON_Delete(merged);
	return rc;
}

/* ---- rules over a host's interfaces ---- */

struct iface_slot {
	uint64_t	 hostid;
	uint32_t	 type, main;
};

static const char *
iface_type_name(uint32_t type)
{
	static const char *const names[] = { "unknown", "agent", "SNMP", "IPMI", "JMX" };

	return type < 5 ? names[type] : "unknown";
}

/* Each host has, per type, one main interface, or none of the type at all. */
static int
iface_main_check(struct rpc_call *call, const struct iface_slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t mains = 0, others = 0;
		bool first = true;

		for (size_t j = 0; j < i && first; j++)
			first = !(s[j].hostid == s[i].hostid && s[j].type == s[i].type);
		if (!first)
			continue;
		for (size_t j = i; j < n; j++)
			if (s[j].hostid == s[i].hostid && s[j].type == s[i].type)
				s[j].main == 1 ? mains++ : others++;
		if (others > 0 && mains == 0) {
			struct host h;
			int rc = store_host_get(call->txn, s[i].hostid, &h);

			if (rc != STORE_OK)
				return rpc_fail_store(call, rc);
			rpc_fail(call, ERR_PARAM, "No default interface for \"%s\" type on \"%s\".",
			    iface_type_name(s[i].type), h.name);
			host_free(&h);
			return RPC_ROLLBACK;
		}
		if (mains > 1)
			return rpc_fail(call, ERR_PARAM, "Host cannot have more than one default "
			    "interface of the same type.");
	}
	return RPC_COMMIT;
}

struct iface_slots {
	struct iface_slot	*v;
	size_t			 n, cap;
};

static void
iface_slots_add(struct iface_slots *s, uint64_t hostid, uint32_t type, uint32_t main)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = (struct iface_slot){ hostid, type, main };
}

/* The stored interfaces of the hosts (each once), but those in skip; the changed ones of
 * upd (by id) with their new values. */
static int
iface_slots_stored(struct rpc_call *call, const struct id_list *hosts, const struct id_list *skip,
    const struct iface_list *upd, struct iface_slots *s)
{
	for (size_t i = 0; i < hosts->n; i++) {
		struct id_list ids = { 0 };
		int rc = store_host_interfaces(call->txn, hosts->ids[i], &ids);

		for (size_t j = 0; rc == STORE_OK && j < ids.n; j++) {
			struct hostinterface hi;
			bool done = false;

			if (skip != NULL && id_list_has(skip, ids.ids[j]))
				continue;
			for (size_t k = 0; upd != NULL && k < upd->n && !done; k++)
				if (upd->v[k].update && upd->v[k].hi.interfaceid == ids.ids[j]) {
					iface_slots_add(s, hosts->ids[i], upd->v[k].hi.type,
					    upd->v[k].hi.main);
					done = true;
				}
			if (done || (rc = store_interface_get(call->txn, ids.ids[j], &hi)) != STORE_OK)
				continue;
			iface_slots_add(s, hi.hostid, hi.type, hi.main);
			hostinterface_free(&hi);
		}
		id_list_free(&ids);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

/* No item may use the interfaces: 'Interface is linked to item "<name>" on "<host>".' */
static int
iface_items_check(struct rpc_call *call, const struct id_list *ids)
{
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < ids->n; i++) {
		struct id_list items = { 0 };
		struct hostinterface hi;
		struct item it;
		struct host h;

		if ((rc = store_interface_get(call->txn, ids->ids[i], &hi)) == STORE_ENOTFOUND) {
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		rc = hostinterface_items(call->txn, hi.hostid, hi.interfaceid, &items);
		if (rc == STORE_OK && items.n > 0 &&
		    (rc = store_item_get(call->txn, items.ids[0], &it)) == STORE_OK) {
			if ((rc = store_host_get(call->txn, hi.hostid, &h)) == STORE_OK) {
				rpc_fail(call, ERR_PARAM, "Interface is linked to item \"%s\" on "
				    "\"%s\".", it.f[ITEM_F_NAME], h.name);
				host_free(&h);
			}
			item_free(&it);
		}
		hostinterface_free(&hi);
		id_list_free(&items);
		if (rpc_failed(call))
			return RPC_ROLLBACK;
	}
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- writes ---- */

static int
iface_store(struct rpc_call *call, struct iface_in *in)
{
	struct snmp_details d;
	bool has;
	int rc;

	if (iface_snmp_details(call, in, &d, &has) != RPC_COMMIT) {
		snmp_details_free(&d);
		return RPC_ROLLBACK;
	}
	rc = in->update ? store_interface_put(call->txn, &in->hi) :
	    store_interface_create(call->txn, &in->hi);
	if (rc == STORE_OK)
		rc = has ? store_interface_snmp_put(call->txn, in->hi.interfaceid, &d) :
		    store_interface_snmp_del(call->txn, in->hi.interfaceid);
	snmp_details_free(&d);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* The SNMP rules of new interfaces, before anything is stored. */
static int
iface_snmp_check_all(struct rpc_call *call, const struct iface_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct snmp_details d;
		bool has;
		int rc = l->v[i].update ? RPC_COMMIT : iface_snmp_details(call, &l->v[i], &d, &has);

		if (!l->v[i].update)
			snmp_details_free(&d);
		if (rc != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* New interfaces: values, SNMP, the main rule with the hosts' stored ones (unless the
 * caller checks it: replacehostinterfaces), then stored. */
static int
iface_create_list(struct rpc_call *call, struct iface_list *l, bool main_check,
    struct id_list *out)
{
	struct iface_slots s = { 0 };
	struct id_list hosts = { 0 };
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < l->n; i++)
		rc = iface_check_values(call, &l->v[i]);
	if (rc == RPC_COMMIT)
		rc = iface_snmp_check_all(call, l);
	for (size_t i = 0; i < l->n; i++)
		id_list_add_unique(&hosts, l->v[i].hi.hostid);
	if (rc == RPC_COMMIT && main_check)
		rc = iface_slots_stored(call, &hosts, NULL, NULL, &s);
	for (size_t i = 0; rc == RPC_COMMIT && main_check && i < l->n; i++)
		iface_slots_add(&s, l->v[i].hi.hostid, l->v[i].hi.type, l->v[i].hi.main);
	if (rc == RPC_COMMIT && main_check)
		rc = iface_main_check(call, s.v, s.n);
	for (size_t i = 0; rc == RPC_COMMIT && i < l->n; i++)
		if ((rc = iface_store(call, &l->v[i])) == RPC_COMMIT)
			id_list_add(out, l->v[i].hi.interfaceid);
	free(s.v);
	id_list_free(&hosts);
	return rc;
}

/* Changed interfaces: a type changed on one with items, values, the main rule, stored. */
static int
iface_update_list(struct rpc_call *call, struct iface_list *l, bool main_check)
{
	struct iface_slots s = { 0 };
	struct id_list hosts = { 0 }, retyped = { 0 };
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < l->n; i++)
		rc = iface_check_values(call, &l->v[i]);
	for (size_t i = 0; i < l->n; i++) {
		id_list_add_unique(&hosts, l->v[i].hi.hostid);
		if (iface_has(l->v[i].obj, "type") && l->v[i].hi.type != l->v[i].old.type)
			id_list_add(&retyped, l->v[i].hi.interfaceid);
	}
	if (rc == RPC_COMMIT)
		rc = iface_items_check(call, &retyped);
	if (rc == RPC_COMMIT && main_check &&
	    (rc = iface_slots_stored(call, &hosts, NULL, l, &s)) == RPC_COMMIT)
		rc = iface_main_check(call, s.v, s.n);
	for (size_t i = 0; rc == RPC_COMMIT && i < l->n; i++)
		rc = iface_store(call, &l->v[i]);
	free(s.v);
	id_list_free(&hosts);
	id_list_free(&retyped);
	return rc;
}

/* Deletes interfaces: none used by items, the main rule over what is left. */
static int
iface_delete_ids(struct rpc_call *call, const struct id_list *ids)
{
	struct iface_slots s = { 0 };
	struct id_list hosts = { 0 };
	int rc = iface_items_check(call, ids);

	for (size_t i = 0; rc == RPC_COMMIT && i < ids->n; i++) {
		struct hostinterface hi;
		int src = store_interface_get(call->txn, ids->ids[i], &hi);

		if (src == STORE_OK) {
			id_list_add_unique(&hosts, hi.hostid);
			hostinterface_free(&hi);
		} else if (src != STORE_ENOTFOUND)
			rc = rpc_fail_store(call, src);
	}
	if (rc == RPC_COMMIT && (rc = iface_slots_stored(call, &hosts, ids, NULL, &s)) ==
	    RPC_COMMIT)
		rc = iface_main_check(call, s.v, s.n);
	for (size_t i = 0; rc == RPC_COMMIT && i < ids->n; i++) {
		int src = store_interface_delete(call->txn, ids->ids[i]);

		if (src != STORE_OK && src != STORE_ENOTFOUND)
			rc = rpc_fail_store(call, src);
	}
	free(s.v);
	id_list_free(&hosts);
	return rc;
}

/* params: one object or an array of them (zbx_toArray). */
/* How many elements zbx_toArray makes of a member: none for absent, null, [] and {}; one
 * for a scalar or an object of fields; an array's size. */
static int
iface_params_count(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsArray(v) || (cJSON_IsObject(v) && v->child == NULL))
		return cJSON_GetArraySize(v);
	return 1;
}

/* [] or {}: one empty PHP array. */
static bool
iface_params_none(const cJSON *params)
{
	return (cJSON_IsArray(params) || cJSON_IsObject(params)) && params->child == NULL;
}

/* {"interfaceids": true}: Zabbix's answer when an insert has no rows (DB::insert of nothing
 * returns true). */
static cJSON *
iface_result_true(void)
{
	cJSON *res = cJSON_CreateObject();

	cJSON_AddBoolToObject(res, "interfaceids", true);
	return res;
}

static int
iface_params_list(struct rpc_call *call, cJSON *params)
{
	validate_to_array(params);
	if (!cJSON_IsArray(params) || params->child == NULL)
		return rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	return RPC_COMMIT;
}

/* create and update: take every object of params (one or a list) with take, then write
 * them all with write, which names the interfaces in ids. [] and {} answer none(). */
static enum rpc_result
iface_write(struct rpc_call *call, cJSON *params, cJSON *(*none)(void),
    int (*take)(struct rpc_call *, struct iface_in *),
    int (*write)(struct rpc_call *, struct iface_list *, struct id_list *))
{
	struct iface_list l = { 0 };
	struct id_list ids = { 0 };
	const cJSON *e;
	int rc;

	if (iface_params_none(params))
		return rpc_ok(call, none());
	rc = iface_params_list(call, params);
	if (rc == RPC_COMMIT)
		cJSON_ArrayForEach(e, params) {
			struct iface_in *in = iface_list_add(&l);

			in->obj = e;
			if ((rc = take(call, in)) != RPC_COMMIT)
				break;
		}
	if (rc == RPC_COMMIT && (rc = write(call, &l, &ids)) == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("interfaceids", ids.ids, ids.n));
	iface_list_free(&l);
	id_list_free(&ids);
	return rc;
}

/* ---- hostinterface.create ---- */

static int
iface_create_take(struct rpc_call *call, struct iface_in *in)
{
	if (iface_take_new(call, in, 0) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return access_host_must(call, in->hi.hostid, true, ERR_PARAM);
}

static int
iface_create_write(struct rpc_call *call, struct iface_list *l, struct id_list *ids)
{
	return iface_create_list(call, l, true, ids);
}

static enum rpc_result
hostinterface_create_exec(struct rpc_call *call, cJSON *params)
{
	/* nothing to create: Zabbix answers with what its empty insert returns */
	return iface_write(call, params, iface_result_true, iface_create_take,
	    iface_create_write);
}

/* ---- hostinterface.update ---- */

/* Nothing to update: no ids. */
static cJSON *
iface_update_none(void)
{
	return rpc_result_ids("interfaceids", NULL, 0);
}

/* The interfaces updated, in the order of params. */
static int
iface_update_write(struct rpc_call *call, struct iface_list *l, struct id_list *ids)
{
	for (size_t i = 0; i < l->n; i++)
		id_list_add(ids, l->v[i].hi.interfaceid);
	return iface_update_list(call, l, true);
}

/* hostinterface.update: the interface's host must be editable by the caller. */
static int
iface_update_take(struct rpc_call *call, struct iface_in *in)
{
	if (iface_take_update(call, in) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return access_host_must(call, in->old.hostid, true, ERR_PARAM);
}

static enum rpc_result
hostinterface_update_exec(struct rpc_call *call, cJSON *params)
{
	return iface_write(call, params, iface_update_none, iface_update_take,
	    iface_update_write);
}

/* ---- hostinterface.delete ---- */

static enum rpc_result
hostinterface_delete_exec(struct rpc_call *call, cJSON *params)
{
	struct id_list ids = { 0 };
	const cJSON *e;
	int rc = RPC_COMMIT;

	if (!cJSON_IsArray(params) || params->child == NULL)
		return rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	cJSON_ArrayForEach(e, params) {
		struct hostinterface hi;
		uint64_t id;

		if (!id_from_json(e, &id) ||
		    (rc = store_interface_get(call->txn, id, &hi)) == STORE_ENOTFOUND) {
			rc = rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
			break;
		}
		if (rc != STORE_OK) {
			rc = rpc_fail_store(call, rc);
			break;
		}
		rc = access_host_must(call, hi.hostid, true, ERR_PARAM);
		hostinterface_free(&hi);
		if (rc != RPC_COMMIT)
			break;
		id_list_add(&ids, id);
	}
	if (rc == RPC_COMMIT && (rc = iface_delete_ids(call, &ids)) == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("interfaceids", ids.ids, ids.n));
	id_list_free(&ids);
	return rc;
}

/* ---- hostinterface.massadd: every interface on every host; ids nested once more ---- */

/* Every interface on every host (interface by interface), as hostinterface.create. */
static int
iface_add_to_hosts(struct rpc_call *call, const struct id_list *hosts, cJSON *ifaces,
    struct id_list *ids)
{
	struct iface_list l = { 0 };
	const cJSON *e;
	int rc = RPC_COMMIT;

	validate_to_array(ifaces);
	if (!cJSON_IsArray(ifaces))
		return rpc_fail(call, ERR_PARAM, IA);
	cJSON_ArrayForEach(e, ifaces) {
		for (size_t i = 0; rc == RPC_COMMIT && i < hosts->n; i++) {
			struct iface_in *in = iface_list_add(&l);

			in->obj = e;
			rc = iface_take_new(call, in, hosts->ids[i]);
		}
		if (rc != RPC_COMMIT)
			break;
	}
	if (rc == RPC_COMMIT)
		rc = iface_create_list(call, &l, true, ids);
	iface_list_free(&l);
	return rc;
}

static enum rpc_result
hostinterface_massadd_exec(struct rpc_call *call, cJSON *params)
{
	cJSON *hosts = cJSON_GetObjectItemCaseSensitive(params, "hosts");
	struct id_list hostids = { 0 }, ids = { 0 };
	const cJSON *h;
	int rc = RPC_COMMIT;

	cJSON *ifaces = cJSON_GetObjectItemCaseSensitive(params, "interfaces");

	/* no host or no interface (absent and null are none): nothing to insert, the nested
	 * answer of an empty hostinterface.create */
	if (iface_params_count(hosts) == 0 || iface_params_count(ifaces) == 0) {
		cJSON *res = cJSON_CreateObject();

		cJSON_AddItemToObject(res, "interfaceids", iface_result_true());
		return rpc_ok(call, res);
	}
	validate_to_array(hosts);
	if (!cJSON_IsArray(hosts))
		return rpc_fail(call, ERR_PARAM, IA);
	cJSON_ArrayForEach(h, hosts) {
		uint64_t hostid;

		if (!id_from_json(cJSON_GetObjectItemCaseSensitive(h, "hostid"), &hostid)) {
			rc = rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
			break;
		}
		if ((rc = access_host_must(call, hostid, true, ERR_PARAM)) != RPC_COMMIT)
			break;
		id_list_add(&hostids, hostid);
	}
	if (rc == RPC_COMMIT && (rc = iface_add_to_hosts(call, &hostids, ifaces, &ids)) ==
	    RPC_COMMIT) {
		cJSON *res = cJSON_CreateObject();

		cJSON_AddItemToObject(res, "interfaceids", rpc_result_ids("interfaceids", ids.ids,
		    ids.n));
		rpc_ok(call, res);
	}
	id_list_free(&hostids);
	id_list_free(&ids);
	return rc;
}

int
hostinterface_hosts_add(struct rpc_call *call, const struct id_list *hosts, const cJSON *ifaces)
{
	struct id_list ids = { 0 };
	cJSON *list;
	int rc;

	if (ifaces == NULL || cJSON_IsNull(ifaces))
		return RPC_COMMIT;
	list = cJSON_Duplicate(ifaces, true);
	rc = iface_add_to_hosts(call, hosts, list, &ids);
	cJSON_Delete(list);
	id_list_free(&ids);
	return rc;
}

/* ---- hostinterface.massremove: by (ip, dns, port) on the hosts; ids as numbers ---- */

static int
iface_match(struct rpc_call *call, const struct id_list *hosts, const cJSON *want,
    struct id_list *out)
{
	char *ip = iface_text(want, "ip"), *dns = iface_text(want, "dns");
	char *port = iface_text(want, "port");
	int rc = STORE_OK;

	for (size_t i = 0; rc == STORE_OK && i < hosts->n; i++) {
		struct id_list ids = { 0 };

		rc = store_host_interfaces(call->txn, hosts->ids[i], &ids);
		for (size_t j = 0; rc == STORE_OK && j < ids.n; j++) {
			struct hostinterface hi;

			if ((rc = store_interface_get(call->txn, ids.ids[j], &hi)) != STORE_OK)
				break;
			if (strcmp(hi.ip, ip) == 0 && strcmp(hi.dns, dns) == 0 &&
			    strcmp(hi.port, port) == 0)
				id_list_add(out, hi.interfaceid);
			hostinterface_free(&hi);
		}
		id_list_free(&ids);
	}
	free(ip);
	free(dns);
	free(port);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* Deletes the hosts' interfaces matching each element's ip, dns and port (all three
 * required), with hostinterface.delete's rules per element; *all: the ids, once each. */
static int
iface_remove_matching(struct rpc_call *call, const struct id_list *hosts, const cJSON *ifaces,
    struct id_list *all)
{
	const cJSON *e;
	int rc = RPC_COMMIT;

	cJSON_ArrayForEach(e, ifaces) {
		struct id_list found = { 0 };

		if (rc != RPC_COMMIT)
			break;
		if (!iface_has(e, "dns") || !iface_has(e, "ip") || !iface_has(e, "port")) {
			rc = rpc_fail(call, ERR_PARAM, IA);
			break;
		}
		if ((rc = iface_match(call, hosts, e, &found)) == RPC_COMMIT && found.n > 0 &&
		    (rc = iface_items_check(call, &found)) == RPC_COMMIT) {
			struct iface_slots s = { 0 };
			struct id_list fh = { 0 };

			for (size_t i = 0; i < found.n; i++) {
				struct hostinterface hi;

				if (store_interface_get(call->txn, found.ids[i], &hi) == STORE_OK) {
					id_list_add_unique(&fh, hi.hostid);
					hostinterface_free(&hi);
				}
			}
			if ((rc = iface_slots_stored(call, &fh, &found, NULL, &s)) == RPC_COMMIT)
				rc = iface_main_check(call, s.v, s.n);
			free(s.v);
			id_list_free(&fh);
		}
		for (size_t i = 0; i < found.n; i++)
			id_list_add_unique(all, found.ids[i]);
		id_list_free(&found);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < all->n; i++) {
		int src = store_interface_delete(call->txn, all->ids[i]);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
	}
	return rc;
}

int
hostinterface_hosts_remove(struct rpc_call *call, const struct id_list *hosts,
    const cJSON *ifaces)
{
	struct id_list all = { 0 };
	cJSON *list;
	int rc;

	if (ifaces == NULL || cJSON_IsNull(ifaces))
		return RPC_COMMIT;
	list = cJSON_Duplicate(ifaces, true);
	validate_to_array(list);
	rc = cJSON_IsArray(list) ? iface_remove_matching(call, hosts, list, &all) :
	    rpc_fail(call, ERR_PARAM, IA);
	cJSON_Delete(list);
	id_list_free(&all);
	return rc;
}

static enum rpc_result
hostinterface_massremove_exec(struct rpc_call *call, cJSON *params)
{
	cJSON *ifaces = cJSON_GetObjectItemCaseSensitive(params, "interfaces");
	const cJSON *hostids = cJSON_GetObjectItemCaseSensitive(params, "hostids"), *e;
	struct id_list hosts = { 0 }, all = { 0 };
	int rc = RPC_COMMIT;
	cJSON *res, *arr;

	if (!cJSON_IsObject(params) || ifaces == NULL || hostids == NULL)
		return rpc_fail(call, ERR_PARAM, "Incorrect input parameters.");
	if (iface_params_count(ifaces) == 0 || iface_params_count(hostids) == 0)
		return rpc_fail(call, ERR_PARAM, "Empty input parameter.");
	validate_to_array(ifaces);
	if (!cJSON_IsArray(ifaces))
		return rpc_fail(call, ERR_PARAM, IA);
	if (cJSON_IsArray(hostids)) {
		cJSON_ArrayForEach(e, hostids) {
			uint64_t id;

			if (!id_from_json(e, &id)) {
				id_list_free(&hosts);
				return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
			}
			id_list_add_unique(&hosts, id);
		}
	} else if (hostids != NULL) {
		uint64_t id;

		if (!id_from_json(hostids, &id))
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		id_list_add(&hosts, id);
	}
	for (size_t i = 0; rc == RPC_COMMIT && i < hosts.n; i++) {
		struct host h;
		int src = store_host_get(call->txn, hosts.ids[i], &h);

		if (src == STORE_OK) {
			bool tmpl = host_is_template(&h);

			host_free(&h);
			if (tmpl)
				src = STORE_ENOTFOUND;
		}
		if (src == STORE_ENOTFOUND)
			rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		else if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
		else
			rc = access_host_must(call, hosts.ids[i], true, ERR_NOT_FOUND);
	}
	if (rc == RPC_COMMIT)
		rc = iface_remove_matching(call, &hosts, ifaces, &all);
	if (rc == RPC_COMMIT) {
		res = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(res, "interfaceids");
		for (size_t i = 0; i < all.n; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)all.ids[i]));
		rpc_ok(call, res);
	}
	id_list_free(&hosts);
	id_list_free(&all);
	return rc;
}

/* ---- replacehostinterfaces (and host.update's interfaces) ---- */

/* Makes the host's interfaces those sent: one with an interfaceid of the host is changed,
 * one without is added, the host's others are deleted. *ids: the ids in the order sent. */
static int
iface_replace(struct rpc_call *call, const struct host *h, cJSON *ifaces, struct id_list *ids)
{
	struct iface_list upd = { 0 }, add = { 0 };
	struct iface_slots s = { 0 };
	struct id_list stored = { 0 }, gone = { 0 }, added = { 0 };
	const cJSON *e;
	int rc;

	validate_to_array(ifaces);
	if (!cJSON_IsArray(ifaces))
		return rpc_fail(call, ERR_PARAM, IA);
	if ((rc = store_host_interfaces(call->txn, h->hostid, &stored)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = RPC_COMMIT;
	/* the main rule over the list sent, with type and main of a stored one filled in */
	cJSON_ArrayForEach(e, ifaces) {
		struct hostinterface hi = { 0 };
		uint64_t id = 0;
		uint32_t type = 0, main = 0;
		bool stored_one = cJSON_IsObject(e) && id_from_json(
		    cJSON_GetObjectItemCaseSensitive(e, "interfaceid"), &id) &&
		    id_list_has(&stored, id) && store_interface_get(call->txn, id, &hi) == STORE_OK;

		if (!cJSON_IsObject(e)) {
			rc = rpc_fail(call, ERR_PARAM, IA);
			break;
		}
		if (stored_one) {
			type = hi.type, main = hi.main;
			hostinterface_free(&hi);
		}
		iface_int(e, "type", &type);
		iface_int(e, "main", &main);
		iface_slots_add(&s, h->hostid, type, main);
	}
	if (rc == RPC_COMMIT)
		rc = iface_main_check(call, s.v, s.n);
	cJSON_ArrayForEach(e, ifaces) {
		uint64_t id = 0;
		bool has_id = rc == RPC_COMMIT && id_from_json(
		    cJSON_GetObjectItemCaseSensitive(e, "interfaceid"), &id);
		struct iface_in *in;

		if (rc != RPC_COMMIT)
			break;
		if (has_id && !id_list_has(&stored, id))
			continue;
		in = iface_list_add(has_id ? &upd : &add);
		in->obj = e;
		if (has_id)
			rc = iface_take_update(call, in);
		else
			rc = iface_take_new(call, in, h->hostid);
	}
	if (rc == RPC_COMMIT && upd.n > 0)
		rc = iface_update_list(call, &upd, false);
	if (rc == RPC_COMMIT && add.n > 0)
		rc = iface_create_list(call, &add, false, &added);
	/* the ids in the order sent */
	for (size_t i = 0, a = 0; rc == RPC_COMMIT && i < (size_t)cJSON_GetArraySize(
	    ifaces); i++) {
		uint64_t id;

		if (id_from_json(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ifaces,
		    (int)i), "interfaceid"), &id))
			id_list_add(ids, id);
		else if (a < added.n)
			id_list_add(ids, added.ids[a++]);
	}
	for (size_t i = 0; i < stored.n; i++)
		if (!id_list_has(ids, stored.ids[i]))
			id_list_add(&gone, stored.ids[i]);
	if (rc == RPC_COMMIT && gone.n > 0)
		rc = iface_delete_ids(call, &gone);
	iface_list_free(&upd);
	iface_list_free(&add);
	free(s.v);
	id_list_free(&stored);
	id_list_free(&gone);
	id_list_free(&added);
	return rc;
}

static enum rpc_result
hostinterface_replace_exec(struct rpc_call *call, cJSON *params)
{
	cJSON *ifaces = cJSON_GetObjectItemCaseSensitive(params, "interfaces");
	struct id_list ids = { 0 };
	struct host h = { 0 };
	uint64_t hostid;
	int rc;

	if (ifaces == NULL || cJSON_IsNull(ifaces))
		return rpc_ok(call, rpc_result_ids("interfaceids", NULL, 0));
	if (!id_from_json(cJSON_GetObjectItemCaseSensitive(params, "hostid"), &hostid) ||
	    (rc = store_host_get(call->txn, hostid, &h)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	if ((rc = access_host_must(call, hostid, true, ERR_PARAM)) == RPC_COMMIT &&
	    (rc = iface_replace(call, &h, ifaces, &ids)) == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("interfaceids", ids.ids, ids.n));
	host_free(&h);
	id_list_free(&ids);
	return rc;
}

int
hostinterface_host_apply(struct rpc_call *call, const struct host *h, const cJSON *ifaces,
    bool replace)
{
	struct iface_list l = { 0 };
	struct id_list ids = { 0 };
	cJSON *list;
	const cJSON *e;
	int rc = RPC_COMMIT;

	if (ifaces == NULL || cJSON_IsNull(ifaces))
		return RPC_COMMIT;
	list = cJSON_Duplicate(ifaces, true);
	if (replace) {
		rc = iface_replace(call, h, list, &ids);
	} else {
		validate_to_array(list);
		cJSON_ArrayForEach(e, list) {
			struct iface_in *in = iface_list_add(&l);

			in->obj = e;
			if ((rc = iface_take_new(call, in, h->hostid)) != RPC_COMMIT)
				break;
		}
		if (rc == RPC_COMMIT && l.n > 0)
			rc = iface_create_list(call, &l, true, &ids);
	}
	cJSON_Delete(list);
	iface_list_free(&l);
	id_list_free(&ids);
	return rc;
}

/* Zabbix 6.0's CHostInterface checks by hand: lenient rules that declare the members. */
#define IFACE_ANY(name)	{ name, { .type = RULE_ANY } }
#define IFACE_FIELDS \
	IFACE_ANY("hostid"), IFACE_ANY("type"), IFACE_ANY("main"), IFACE_ANY("useip"), \
	IFACE_ANY("ip"), IFACE_ANY("dns"), IFACE_ANY("port"), IFACE_ANY("details")
static const struct rule_field iface_create_fields[] = { IFACE_FIELDS, { NULL, { 0 } } };
static const struct rule iface_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = iface_create_fields };
static const struct rule iface_create_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &iface_create_elem };
static const struct rule_field iface_update_fields[] = {
	IFACE_ANY("interfaceid"), IFACE_FIELDS, { NULL, { 0 } },
};
static const struct rule iface_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = iface_update_fields };
static const struct rule iface_update_params = { .type = RULE_OBJECTS, .flags = RULE_LENIENT,
	.elem = &iface_update_elem };
static const struct rule iface_delete_params = { .type = RULE_IDS, .flags = RULE_LENIENT };
static const struct rule_field iface_massadd_fields[] = {
	IFACE_ANY("hosts"), IFACE_ANY("interfaces"), { NULL, { 0 } },
};
static const struct rule iface_massadd_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = iface_massadd_fields };
static const struct rule_field iface_massremove_fields[] = {
	IFACE_ANY("hostids"), IFACE_ANY("interfaces"), { NULL, { 0 } },
};
static const struct rule iface_massremove_params = { .type = RULE_OBJECT,
	.flags = RULE_LENIENT, .fields = iface_massremove_fields };
static const struct rule_field iface_replace_fields[] = {
	IFACE_ANY("hostid"), IFACE_ANY("interfaces"), { NULL, { 0 } },
};
static const struct rule iface_replace_params = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = iface_replace_fields };

const struct rpc_method method_hostinterface_create = {
	.name = "hostinterface.create", .flags = RPC_WRITE, .params = &iface_create_params,
	.exec = hostinterface_create_exec,
};
const struct rpc_method method_hostinterface_update = {
	.name = "hostinterface.update", .flags = RPC_WRITE, .params = &iface_update_params,
	.exec = hostinterface_update_exec,
};
const struct rpc_method method_hostinterface_delete = {
	.name = "hostinterface.delete", .flags = RPC_WRITE, .params = &iface_delete_params,
	.exec = hostinterface_delete_exec,
};
const struct rpc_method method_hostinterface_massadd = {
	.name = "hostinterface.massadd", .flags = RPC_WRITE, .params = &iface_massadd_params,
	.exec = hostinterface_massadd_exec,
};
const struct rpc_method method_hostinterface_massremove = {
	.name = "hostinterface.massremove", .flags = RPC_WRITE,
	.params = &iface_massremove_params, .exec = hostinterface_massremove_exec,
};
const struct rpc_method method_hostinterface_replacehostinterfaces = {
	.name = "hostinterface.replacehostinterfaces", .flags = RPC_WRITE,
	.params = &iface_replace_params, .exec = hostinterface_replace_exec,
};
