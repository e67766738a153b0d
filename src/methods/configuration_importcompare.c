/* configuration_importcompare.c: configuration.importcompare, the preview of what configuration.import would change in host groups and templates, changing nothing. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/format.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- params: configuration.import's rule (configuration_import.c) ---- */

/* The rules entities the comparison reads, from the (valid) "rules" object. */
static void
icompare_rules_read(const cJSON *rules, struct icompare_rules *out)
{
	for (int i = 0; i < ICMP_RULE_COUNT; i++) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(rules,
		    import_compare_rule_name((enum icompare_rule)i));

		out->r[i] = (struct icompare_flags){
			.given = o != NULL,
			.create_missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
			    "createMissing")),
			.update_existing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
			    "updateExisting")),
			.delete_missing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
			    "deleteMissing")),
		};
	}
}

/* ---- the database objects the source names ---- */

/* The uuids and the names (name_key) of a source list, each sorted for bsearch. */
struct icompare_names {
	const char	**uuids, **names;
	size_t		  nu, nn;
};

static int
icompare_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
icompare_names_of(const cJSON *list, const char *name_key, struct icompare_names *out)
{
	size_t n = (size_t)cJSON_GetArraySize(list) + 1;
	const cJSON *e;

	out->uuids = xcalloc(n, sizeof *out->uuids);
	out->names = xcalloc(n, sizeof *out->names);
	out->nu = out->nn = 0;
	cJSON_ArrayForEach(e, list) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "uuid");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, name_key);

		if (cJSON_IsString(u))
			out->uuids[out->nu++] = u->valuestring;
		if (cJSON_IsString(v))
			out->names[out->nn++] = v->valuestring;
	}
	qsort(out->uuids, out->nu, sizeof *out->uuids, icompare_strcmp);
	qsort(out->names, out->nn, sizeof *out->names, icompare_strcmp);
}

/* Whether the source names a record with this uuid or this name. */
static bool
icompare_named(const struct icompare_names *s, const char *uuid, const char *name)
{
	return bsearch(&uuid, s->uuids, s->nu, sizeof *s->uuids, icompare_strcmp) != NULL ||
	    bsearch(&name, s->names, s->nn, sizeof *s->names, icompare_strcmp) != NULL;
}

/* Whether the record with this id is one the source names. */
typedef enum store_rc (*icompare_match_fn)(struct store_txn *, uint64_t,
    const struct icompare_names *, bool *);

/* A host group, by uuid or name. */
static enum store_rc
icompare_match_group(struct store_txn *txn, uint64_t id, const struct icompare_names *s,
    bool *match)
{
	struct group g = { 0 };
	enum store_rc rc = store_group_get(txn, id, &g);

	if (rc == STORE_OK) {
		*match = icompare_named(s, g.uuid, g.name);
		group_free(&g);
	}
	return rc;
}

/* A template (hosts share the database), by uuid or technical name. */
static enum store_rc
icompare_match_template(struct store_txn *txn, uint64_t id, const struct icompare_names *s,
    bool *match)
{
	struct host h = { 0 };
	enum store_rc rc = store_host_get(txn, id, &h);

	if (rc == STORE_OK) {
		*match = host_is_template(&h) && icompare_named(s, h.uuid, h.host);
		host_free(&h);
	}
	return rc;
}

/* The ids of db's records that the source's list names (by uuid or name_key), in id order:
 * a full scan, as uuids have no index. */
static enum store_rc
icompare_scan(struct store_txn *txn, enum store_db db, icompare_match_fn match,
    const cJSON *list, const char *name_key, struct id_list *out)
{
	struct id_list all = { 0 };
	struct icompare_names s;
	enum store_rc rc = store_id_scan(txn, db, &all);

	icompare_names_of(list, name_key, &s);
	for (size_t i = 0; rc == STORE_OK && i < all.n; i++) {
		bool yes = false;

		if ((rc = match(txn, all.ids[i], &s, &yes)) == STORE_OK && yes)
			id_list_add(out, all.ids[i]);
	}
	free(s.uuids);
	free(s.names);
	id_list_free(&all);
	return rc;
}

/* The export of what the source names: its groups and templates found in the store. */
static int
icompare_before(struct rpc_call *call, const cJSON *src, cJSON **out)
{
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(src, "groups");
	const cJSON *templates = cJSON_GetObjectItemCaseSensitive(src, "templates");
	struct id_list g = { 0 }, t = { 0 };
	struct export_opts o = { .groups = &g, .templates = &t, .date = "" };
	struct err e = { 0 };
	enum store_rc rc = STORE_OK;
	int r;

	if (groups != NULL)
		rc = icompare_scan(call->txn, STORE_DB_GROUPS, icompare_match_group, groups,
		    "name", &g);
	if (rc == STORE_OK && templates != NULL)
		rc = icompare_scan(call->txn, STORE_DB_HOSTS, icompare_match_template, templates,
		    "template", &t);
	if (rc != STORE_OK) {
		r = rpc_fail_store(call, rc);
	} else if (export_build(call->txn, &o, out, &e) != 0) {
		r = rpc_fail_err(call, &e);
	} else {
		r = 0;
	}
	id_list_free(&g);
	id_list_free(&t);
	return r;
}

/* ---- the method ---- */

/* Reads the source into the content of its zabbix_export, in the normal form. */
static int
icompare_source(struct rpc_call *call, const cJSON *params, cJSON **out)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(params, "format");
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(params, "source");
	enum format_kind kind = FORMAT_JSON;
	char *cause = NULL;

	*out = NULL;
	(void)format_kind_parse(fmt->valuestring, &kind);
	if (format_import_read(kind, src->valuestring, strlen(src->valuestring), out,
	    &cause) != FORMAT_OK)
		return rpc_fail_take(call, ERR_REFUSED, cause);
	import_compare_normalise(*out);
	return 0;
}

static enum rpc_result
icompare_exec(struct rpc_call *call, cJSON *params)
{
	struct icompare_rules rules;
	cJSON *src = NULL, *doc = NULL, *out = NULL;
	struct err e = { 0 };
	int rc;

	/* the store is scanned for uuids: never on the event loop */
	if (rpc_move_off_loop(call))
		return RPC_ROLLBACK;
	icompare_rules_read(cJSON_GetObjectItemCaseSensitive(params, "rules"), &rules);
	if ((rc = icompare_source(call, params, &src)) != 0)
		return rc;
	if ((rc = icompare_before(call, src, &doc)) != 0) {
		cJSON_Delete(src);
		return rc;
	}
	if (import_compare(cJSON_GetObjectItemCaseSensitive(doc, "zabbix_export"), src, &rules,
	    &out, &e) != 0)
		rc = rpc_fail_err(call, &e);
	else
		rc = rpc_ok(call, out);
	cJSON_Delete(doc);
	cJSON_Delete(src);
	return rc;
}

const struct rpc_method method_configuration_importcompare = {
	.name = "configuration.importcompare", .flags = 0, .params = &configuration_import_rule,
	.exec = icompare_exec,
};
