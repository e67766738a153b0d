/* store_hostproto.c: host prototype documents and the index of them by discovery rule. */
#include <stdlib.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* The rule id of a prototype document (0 when it has none). */
static uint64_t
store_hostproto_rule(const cJSON *doc)
{
	uint64_t ruleid = 0;

	util_parse_u64(doc_str(doc, "ruleid"), &ruleid);
	return ruleid;
}

enum store_rc
store_hostproto_put(struct store_txn *t, uint64_t id, const cJSON *doc)
{
	enum store_rc rc = store_doc_put(t, STORE_DB_HOSTPROTOS, id, doc);

	return rc != STORE_OK ? rc :
	    store_pair_add(t, STORE_DB_RULE_HOSTPROTOS, store_hostproto_rule(doc), id);
}

enum store_rc
store_hostproto_delete(struct store_txn *t, uint64_t id)
{
	cJSON *doc;
	enum store_rc rc = store_doc_get(t, STORE_DB_HOSTPROTOS, id, &doc);

	if (rc != STORE_OK)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	rc = store_pair_del(t, STORE_DB_RULE_HOSTPROTOS, store_hostproto_rule(doc), id);
	cJSON_Delete(doc);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	return store_del_id(t, STORE_DB_HOSTPROTOS, id);
}

enum store_rc
store_hostproto_list(struct store_txn *t, uint64_t ruleid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_RULE_HOSTPROTOS, ruleid, out);
}

enum store_rc
store_hostproto_delete_rule(struct store_txn *t, uint64_t ruleid)
{
	struct id_list ids = { 0 };
	enum store_rc rc = store_hostproto_list(t, ruleid, &ids);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		rc = store_hostproto_delete(t, ids.ids[i]);
	id_list_free(&ids);
	return rc;
}
