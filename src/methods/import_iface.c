/* import_iface.c: configuration.import's host interfaces: the source's as the API takes them, matched to the stored ones (kept on update, found by interface_ref). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* SNMP interface details: the export's names back to the API's numbers. */
static void
imp_iface_details(const cJSON *src, cJSON *iface)
{
	static const char *const version[] = { "", "SNMPV1", "SNMPV2", "SNMPV3", NULL };
	static const char *const bulk[] = { "NO", "YES", NULL };
	static const char *const level[] = { "NOAUTHNOPRIV", "AUTHNOPRIV", "AUTHPRIV", NULL };
	static const char *const auth[] = { "MD5", "SHA1", "SHA224", "SHA256", "SHA384",
		"SHA512", NULL };
	static const char *const priv[] = { "DES", "AES128", "AES192", "AES256", "AES192C",
		"AES256C", NULL };
	static const struct {
		const char	*key, *dflt;
		const char *const *names;	/* names[i] is value i */
	} f[] = {
		{ "version", "2", version }, { "bulk", "1", bulk }, { "securitylevel", "0", level },
		{ "authprotocol", "0", auth }, { "privprotocol", "0", priv },
	};
	static const char *const texts[] = { "community", "securityname", "authpassphrase",
		"privpassphrase", "contextname" };
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(src, "details");
	cJSON *o;

	if (strcmp(cJSON_GetObjectItemCaseSensitive(iface, "type")->valuestring, "2") != 0)
		return;
	o = cJSON_AddObjectToObject(iface, "details");
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		const char *name = imp_str(d, f[i].key, NULL);
		char v[24];

		snprintf(v, sizeof v, "%s", f[i].dflt);
		for (size_t j = 0; name != NULL && f[i].names[j] != NULL; j++)
			if (strcmp(f[i].names[j], name) == 0)
				snprintf(v, sizeof v, "%zu", j);
		cJSON_AddStringToObject(o, f[i].key, v);
	}
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		cJSON_AddStringToObject(o, texts[i], imp_str(d, texts[i], ""));
}

/* One interface of a source with the schema's defaults (an agent interface on
 * 127.0.0.1:10050), as the API takes it. */
cJSON *
imp_interface(const cJSON *i)
{
	cJSON *o = cJSON_CreateObject();

	imp_add_const(o, "main", i, "default", "no_yes", "1");
	imp_add_const(o, "type", i, "type", "interface_type", "1");
	imp_add_const(o, "useip", i, "useip", "no_yes", "1");
	util_json_add_str(o, "ip", imp_str(i, "ip", "127.0.0.1"));
	util_json_add_str(o, "dns", imp_str(i, "dns", ""));
	util_json_add_str(o, "port", imp_str(i, "port", "10050"));
	imp_iface_details(i, o);
	return o;
}

void
imp_interfaces(const cJSON *src, cJSON *out)
{
	const cJSON *i;
	cJSON *arr = cJSON_AddArrayToObject(out, "interfaces");

	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(src, "interfaces"))
		cJSON_AddItemToArray(arr, imp_interface(i));
}

/* True when the stored interface has the API interface's type, ip, dns, useip and port (and
 * main, with_main). */
static bool
imp_iface_match(const struct hostinterface *hi, const cJSON *want, bool with_main)
{
	char type[12], useip[12], main_[12];

	snprintf(type, sizeof type, "%u", hi->type);
	snprintf(useip, sizeof useip, "%u", hi->useip);
	snprintf(main_, sizeof main_, "%u", hi->main);
	return strcmp(type, imp_str(want, "type", "")) == 0 &&
	    strcmp(useip, imp_str(want, "useip", "")) == 0 &&
	    strcmp(hi->ip, imp_str(want, "ip", "")) == 0 &&
	    strcmp(hi->dns, imp_str(want, "dns", "")) == 0 &&
	    strcmp(hi->port, imp_str(want, "port", "")) == 0 &&
	    (!with_main || strcmp(main_, imp_str(want, "main", "")) == 0);
}

/* The host's stored interfaces (*n of them; the caller frees each and the array). */
static int
imp_iface_load(struct imp *im, uint64_t hostid, struct hostinterface **out, size_t *n)
{
	struct id_list ids = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_host_interfaces(im->call->txn, hostid, &ids)) != STORE_OK)
		return imp_fail_store(im, rc);
	*out = xcalloc(ids.n + 1, sizeof **out);
	for (size_t i = 0; i < ids.n; i++)
		if (store_interface_get(im->call->txn, ids.ids[i], &(*out)[*n]) == STORE_OK)
			(*n)++;
	id_list_free(&ids);
	return 0;
}

static void
imp_iface_unload(struct hostinterface *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hostinterface_free(&v[i]);
	free(v);
}

int
imp_iface_keep_ids(struct imp *im, uint64_t hostid, cJSON *ifaces)
{
	struct hostinterface *hi;
	bool *reused;
	size_t n;
	cJSON *w;

	if (imp_iface_load(im, hostid, &hi, &n) != 0)
		return -1;
	reused = xcalloc(n + 1, sizeof *reused);
	/* a default interface takes the stored default of its type */
	cJSON_ArrayForEach(w, ifaces) {
		char type[12];

		for (size_t k = 0; k < n && strcmp(imp_str(w, "main", ""), "1") == 0; k++) {
			snprintf(type, sizeof type, "%u", hi[k].type);
			if (hi[k].main == 1 && strcmp(type, imp_str(w, "type", "")) == 0) {
				cJSON_AddItemToObject(w, "interfaceid", imp_id_json(hi[k].interfaceid));
				reused[k] = true;
				break;
			}
		}
	}
	/* the others take a stored one that matches them completely */
	cJSON_ArrayForEach(w, ifaces)
		for (size_t k = 0; k < n && !cJSON_HasObjectItem(w, "interfaceid"); k++)
			if (!reused[k] && imp_iface_match(&hi[k], w, false)) {
				cJSON_AddItemToObject(w, "interfaceid", imp_id_json(hi[k].interfaceid));
				reused[k] = true;
			}
	free(reused);
	imp_iface_unload(hi, n);
	return 0;
}

int
imp_iface_by_ref(struct imp *im, const struct imp_obj *ob, const char *ref, uint64_t *id)
{
	const cJSON *i;
	struct hostinterface *hi;
	size_t n;

	*id = 0;
	if (imp_iface_load(im, ob->id, &hi, &n) != 0)
		return -1;
	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(ob->src, "interfaces")) {
		cJSON *want;

		if (strcmp(imp_str(i, "interface_ref", ""), ref) != 0)
			continue;
		want = imp_interface(i);
		for (size_t k = 0; k < n && *id == 0; k++)
			if (imp_iface_match(&hi[k], want, true))
				*id = hi[k].interfaceid;
		cJSON_Delete(want);
		break;
	}
	imp_iface_unload(hi, n);
	return 0;
}
