/* store_lld.c: the indexes and documents of LLD rules and item prototypes (items of flags 1
 * and 2): rules by host, prototypes by rule, and each one's document. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_lld_doc_load(struct store_txn *t, struct item *it)
{
	enum store_rc rc;

	if (!item_is_lld(it))
		return STORE_OK;
	cJSON_Delete(it->lld);
	it->lld = NULL;
	rc = store_doc_get(t, STORE_DB_LLD, it->itemid, &it->lld);
	if (rc == STORE_ENOTFOUND) {
		it->lld = cJSON_CreateObject();
		rc = STORE_OK;
	}
	return rc;
}

enum store_rc
store_lld_doc_put(struct store_txn *t, const struct item *it)
{
	cJSON *empty;
	enum store_rc rc;

	if (!item_is_lld(it))
		return STORE_OK;
	if (it->lld != NULL)
		return store_doc_put(t, STORE_DB_LLD, it->itemid, it->lld);
	empty = cJSON_CreateObject();
	rc = store_doc_put(t, STORE_DB_LLD, it->itemid, empty);
	cJSON_Delete(empty);
	return rc;
}

enum store_rc
store_lld_index(struct store_txn *t, const struct item *it, bool add)
{
	uint64_t ruleid = 0;
	enum store_rc rc;

	if (strcmp(it->f[ITEM_F_FLAGS], ITEM_FLAGS_RULE) == 0)
		rc = add ? store_pair_add(t, STORE_DB_HOST_RULES, it->hostid, it->itemid) :
		    store_pair_del(t, STORE_DB_HOST_RULES, it->hostid, it->itemid);
	else if (!util_parse_u64(lld_doc_str(it->lld, "ruleid"), &ruleid) || ruleid == 0)
		rc = add ? STORE_ECORRUPT : STORE_OK;
	else
		rc = add ? store_pair_add(t, STORE_DB_RULE_PROTOS, ruleid, it->itemid) :
		    store_pair_del(t, STORE_DB_RULE_PROTOS, ruleid, it->itemid);
	if (rc == STORE_ENOTFOUND)
		rc = STORE_OK;
	if (rc == STORE_OK && !add && (rc = store_del_id(t, STORE_DB_LLD, it->itemid)) ==
	    STORE_ENOTFOUND)
		rc = STORE_OK;
	return rc;
}

enum store_rc
store_host_rules(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_HOST_RULES, hostid, out);
}

enum store_rc
store_rule_protos(struct store_txn *t, uint64_t ruleid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_RULE_PROTOS, ruleid, out);
}

enum store_rc
store_host_protos(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_list_through(t, hostid, store_host_rules, store_rule_protos, out);
}
