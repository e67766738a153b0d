/* store_svcinst.c: BlueKing service categories (documents) and service instances (one
 * document each, its process instances inside), with their host, template and process
 * indexes. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_bkcat_all(struct store_txn *t, cJSON *out)
{
	struct store_cursor *c;
	const void *k, *v;
	size_t klen, vlen;
	enum store_rc rc;
	cJSON *doc;

	if ((rc = store_cursor_open(t, STORE_DB_BK_CATEGORIES, &c)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(c, &k, &klen, &v, &vlen)) == STORE_OK) {
		if ((doc = doc_decode(v, vlen)) == NULL) {
			rc = STORE_ECORRUPT;
			break;
		}
		cJSON_AddItemToArray(out, doc);
	}
	store_cursor_close(c);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* A member of a document as an id (0 when absent). */
static uint64_t
svcinst_id_of(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) && v->valuedouble > 0 ? (uint64_t)v->valuedouble : 0;
}

static bool
svcinst_has_proc(const cJSON *doc, uint64_t pid)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "processes"))
		if (svcinst_id_of(p, "bk_process_id") == pid)
			return true;
	return false;
}

/* Adds doc's index entries that old lacks (add), or removes old's that doc lacks. */
static enum store_rc
svcinst_index(struct store_txn *t, uint64_t id, const cJSON *from, const cJSON *to, bool add)
{
	uint64_t fh = svcinst_id_of(from, "bk_host_id"), th = svcinst_id_of(to, "bk_host_id");
	uint64_t fs = svcinst_id_of(from, "service_template_id");
	uint64_t ts = svcinst_id_of(to, "service_template_id");
	const cJSON *p;
	uint8_t key[8], val[8];
	enum store_rc rc = STORE_OK;

	if (from != NULL && fh != 0 && (to == NULL || fh != th))
		rc = add ? store_pair_add(t, STORE_DB_BK_HOST_SVCINSTS, fh, id) :
		    store_pair_del(t, STORE_DB_BK_HOST_SVCINSTS, fh, id);
	if (rc == STORE_OK && from != NULL && fs != 0 && (to == NULL || fs != ts))
		rc = add ? store_pair_add(t, STORE_DB_BK_TPL_SVCINSTS, fs, id) :
		    store_pair_del(t, STORE_DB_BK_TPL_SVCINSTS, fs, id);
	codec_be64(id, val);
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(from, "processes")) {
		uint64_t pid = svcinst_id_of(p, "bk_process_id");

		if (rc != STORE_OK)
			break;
		if (pid == 0 || (to != NULL && svcinst_has_proc(to, pid)))
			continue;
		codec_be64(pid, key);
		rc = add ? store_put(t, STORE_DB_BK_PROCINSTS, key, 8, val, 8, false) :
		    store_del(t, STORE_DB_BK_PROCINSTS, key, 8);
	}
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_svcinst_put(struct store_txn *t, uint64_t id, const cJSON *doc, const cJSON *old)
{
	enum store_rc rc;

	if (old != NULL && (rc = svcinst_index(t, id, old, doc, false)) != STORE_OK)
		return rc;
	if ((rc = svcinst_index(t, id, doc, old, true)) != STORE_OK)
		return rc;
	return store_doc_put(t, STORE_DB_BK_SVCINSTS, id, doc);
}

enum store_rc
store_svcinst_del(struct store_txn *t, uint64_t id)
{
	cJSON *doc;
	uint8_t key[8];
	enum store_rc rc;

	if ((rc = store_doc_get(t, STORE_DB_BK_SVCINSTS, id, &doc)) != STORE_OK)
		return rc;
	rc = svcinst_index(t, id, doc, NULL, false);
	cJSON_Delete(doc);
	if (rc != STORE_OK)
		return rc;
	codec_be64(id, key);
	return store_del(t, STORE_DB_BK_SVCINSTS, key, 8);
}

enum store_rc
store_svcinst_by_host(struct store_txn *t, uint64_t hostid, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_BK_HOST_SVCINSTS, hostid, out);
}

enum store_rc
store_svcinst_by_template(struct store_txn *t, uint64_t svc, struct id_list *out)
{
	return store_pair_list(t, STORE_DB_BK_TPL_SVCINSTS, svc, out);
}

enum store_rc
store_procinst_owner(struct store_txn *t, uint64_t pid, uint64_t *svcinst)
{
	const void *v;
	size_t vlen;
	uint8_t key[8];
	enum store_rc rc;

	codec_be64(pid, key);
	if ((rc = store_get(t, STORE_DB_BK_PROCINSTS, key, 8, &v, &vlen)) != STORE_OK)
		return rc;
	if (vlen != 8)
		return STORE_ECORRUPT;
	*svcinst = codec_from_be64(v);
	return STORE_OK;
}

enum store_rc
store_svcinst_host_gone(struct store_txn *t, uint64_t hostid)
{
	struct id_list l = { 0 };
	enum store_rc rc = store_svcinst_by_host(t, hostid, &l);

	for (size_t i = 0; rc == STORE_OK && i < l.n; i++)
		rc = store_svcinst_del(t, l.ids[i]);
	id_list_free(&l);
	return rc;
}
