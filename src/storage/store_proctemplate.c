/* store_proctemplate.c: BlueKing service templates, process templates, and the index from a
 * service template to its process templates (a sorted be64 id array). */
#include <stdlib.h>
#include <string.h>

#include "tmpld/proctemplate.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

enum store_rc
store_svctemplate_get(struct store_txn *t, uint64_t id, struct svctemplate *s)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_SVC_TEMPLATES, id, &v, &vlen)) != STORE_OK)
		return rc;
	return svctemplate_decode(v, vlen, s) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_svctemplate_create(struct store_txn *t, struct svctemplate *s)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if ((rc = store_seq_next(t, "bk_service_templates", &s->id)) != STORE_OK)
		return rc;
	svctemplate_encode(s, &b);
	rc = store_put_id(t, STORE_DB_SVC_TEMPLATES, s->id, &b, true);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_proctemplate_get(struct store_txn *t, uint64_t id, struct proctemplate *p)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_PROC_TEMPLATES, id, &v, &vlen)) != STORE_OK)
		return rc;
	return proctemplate_decode(v, vlen, p) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_proctemplate_put(struct store_txn *t, const struct proctemplate *p)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	proctemplate_encode(p, &b);
	rc = store_put_id(t, STORE_DB_PROC_TEMPLATES, p->id, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_proctemplate_ids(struct store_txn *t, uint64_t svc_id, uint64_t **ids, size_t *n)
{
	const uint8_t *v;
	size_t vlen;
	uint8_t key[8];
	enum store_rc rc;

	*ids = NULL, *n = 0;
	codec_be64(svc_id, key);
	rc = store_get(t, STORE_DB_SVC_PROCS, key, 8, (const void **)&v, &vlen);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if (vlen % 8 != 0)
		return STORE_ECORRUPT;
	*n = vlen / 8;
	*ids = xcalloc(*n + 1, sizeof **ids);
	for (size_t i = 0; i < *n; i++)
		(*ids)[i] = codec_from_be64(v + 8 * i);
	return STORE_OK;
}

/* Writes a service template's id list; an empty list removes the record. */
static enum store_rc
store_proctemplate_ids_put(struct store_txn *t, uint64_t svc_id, const uint64_t *ids, size_t n)
{
	uint8_t key[8], *buf;
	enum store_rc rc;

	codec_be64(svc_id, key);
	if (n == 0) {
		rc = store_del(t, STORE_DB_SVC_PROCS, key, 8);
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	}
	buf = xmalloc(n * 8);
	for (size_t i = 0; i < n; i++)
		codec_be64(ids[i], buf + 8 * i);
	rc = store_put(t, STORE_DB_SVC_PROCS, key, 8, buf, n * 8, false);
	free(buf);
	return rc;
}

/* Assigns p->id; new ids only grow, so appending keeps the index sorted. */
enum store_rc
store_proctemplate_create(struct store_txn *t, struct proctemplate *p)
{
	uint64_t *ids;
	size_t n;
	enum store_rc rc;

	if ((rc = store_seq_next(t, "bk_proc_templates", &p->id)) != STORE_OK)
		return rc;
	if ((rc = store_proctemplate_ids(t, p->svc_id, &ids, &n)) != STORE_OK)
		return rc;
	ids = xrealloc(ids, (n + 1) * sizeof *ids);
	ids[n++] = p->id;
	rc = store_proctemplate_ids_put(t, p->svc_id, ids, n);
	free(ids);
	return rc != STORE_OK ? rc : store_proctemplate_put(t, p);
}

enum store_rc
store_proctemplate_del(struct store_txn *t, const struct proctemplate *p)
{
	uint64_t *ids;
	uint8_t key[8];
	size_t n, k = 0;
	enum store_rc rc;

	if ((rc = store_proctemplate_ids(t, p->svc_id, &ids, &n)) != STORE_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (ids[i] != p->id)
			ids[k++] = ids[i];
	rc = store_proctemplate_ids_put(t, p->svc_id, ids, k);
	free(ids);
	if (rc != STORE_OK)
		return rc;
	codec_be64(p->id, key);
	return store_del(t, STORE_DB_PROC_TEMPLATES, key, 8);
}

enum store_rc
store_svctemplate_put(struct store_txn *t, const struct svctemplate *s)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	svctemplate_encode(s, &b);
	rc = store_put_id(t, STORE_DB_SVC_TEMPLATES, s->id, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_svctemplate_del(struct store_txn *t, uint64_t id)
{
	enum store_rc rc = store_proctemplate_ids_put(t, id, NULL, 0);
	uint8_t key[8];

	if (rc != STORE_OK)
		return rc;
	codec_be64(id, key);
	return store_del(t, STORE_DB_SVC_TEMPLATES, key, 8);
}

enum store_rc
store_svctemplate_all(struct store_txn *t, struct svctemplate **out, size_t *n)
{
	struct store_cursor *c;
	const void *k, *v;
	size_t klen, vlen, cap = 0;
	enum store_rc rc;

	*out = NULL, *n = 0;
	if ((rc = store_cursor_open(t, STORE_DB_SVC_TEMPLATES, &c)) != STORE_OK)
		return rc;
	while ((rc = store_cursor_next(c, &k, &klen, &v, &vlen)) == STORE_OK) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : 2 * cap;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		memset(&(*out)[*n], 0, sizeof **out);
		if (svctemplate_decode(v, vlen, &(*out)[*n]) != 0) {
			rc = STORE_ECORRUPT;
			break;
		}
		(*n)++;
	}
	store_cursor_close(c);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}
