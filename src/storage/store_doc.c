/* store_doc.c: JSON documents by id (roles, user groups, API tokens) and the unique name
 * indexes beside them. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_doc_get(struct store_txn *t, enum store_db db, uint64_t id, cJSON **doc)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	*doc = NULL;
	if ((rc = store_get_id(t, db, id, &v, &vlen)) != STORE_OK)
		return rc;
	return (*doc = doc_decode(v, vlen)) != NULL ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_doc_put(struct store_txn *t, enum store_db db, uint64_t id, const cJSON *doc)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	doc_encode(doc, &b);
	rc = store_put_id(t, db, id, &b, false);
	codec_buf_free(&b);
	if (rc == STORE_OK && db == STORE_DB_USRGRPS)
		rc = store_usrgrp_index_put(t, id, doc);
	return rc;
}

enum store_rc
store_name_get(struct store_txn *t, enum store_db db, const char *name, uint64_t *id)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	*id = 0;
	if (name[0] == '\0' || strlen(name) > 511)
		return STORE_ENOTFOUND;
	if ((rc = store_get(t, db, name, strlen(name), &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*id = codec_from_be64(v);
	return STORE_OK;
}

enum store_rc
store_name_put(struct store_txn *t, enum store_db db, const char *name, uint64_t id)
{
	uint8_t key[8];

	if (name[0] == '\0' || strlen(name) > 511)
		return STORE_EIO;	/* longer than any name the API accepts */
	codec_be64(id, key);
	return store_put(t, db, name, strlen(name), key, 8, true);
}

enum store_rc
store_name_del(struct store_txn *t, enum store_db db, const char *name)
{
	enum store_rc rc;

	if (name[0] == '\0' || strlen(name) > 511)
		return STORE_OK;
	rc = store_del(t, db, name, strlen(name));
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_seq_at_least(struct store_txn *t, const char *seq, uint64_t id)
{
	uint64_t v = 0;
	enum store_rc rc = STORE_OK;

	while (rc == STORE_OK && v < id)
		rc = store_seq_next(t, seq, &v);
	return rc;
}
