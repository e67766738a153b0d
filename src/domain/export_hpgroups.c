/* export_hpgroups.c: the host groups that the host prototypes of a host's own LLD rules link
 * to, which an export lists among the document's groups as Zabbix's does. */
#include <stdlib.h>

#include "export_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The groupLinks of one host prototype document into groups. */
static void
hpg_links(const cJSON *doc, struct id_set *groups)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "groupLinks")) {
		uint64_t id = 0;

		if (util_parse_u64(doc_str(e, "groupid"), &id))
			id_set_add(groups, id);
	}
}

/* The host prototypes of one rule: their links into groups. */
static enum store_rc
hpg_rule(struct store_txn *txn, uint64_t ruleid, struct id_set *groups)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_hostproto_list(txn, ruleid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		cJSON *doc = NULL;

		if ((rc = store_doc_get(txn, STORE_DB_HOSTPROTOS, ids.ids[i], &doc)) == STORE_OK)
			hpg_links(doc, groups);
		cJSON_Delete(doc);
	}
	id_list_free(&ids);
	return rc;
}

int
export_hostproto_groups(struct store_txn *txn, uint64_t hostid, struct id_set *groups,
    struct err *e)
{
	struct id_list rules = { 0 };
	enum store_rc rc = store_host_rules(txn, hostid, &rules);

	for (size_t i = 0; rc == STORE_OK && i < rules.n; i++) {
		struct item it;

		if ((rc = store_item_get(txn, rules.ids[i], &it)) != STORE_OK)
			break;
		if (it.templateid == 0)		/* an inherited rule is not exported */
			rc = hpg_rule(txn, it.itemid, groups);
		item_free(&it);
	}
	id_list_free(&rules);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
