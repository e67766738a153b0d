/* store_usrgrp.c: a compact index of each user group beside its document (access flags and host-group rights, fixed-size binary), so that a call reads its caller's groups without parsing JSON. */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* The record: gui_access, users_status, debug_mode (u8 each), then per right a be64 host
 * group id and a u8 permission, by ascending group id. */
#define USRGRP_HEAD	3
#define USRGRP_RIGHT	9

static uint8_t
usrgrp_u8(const cJSON *doc, const char *key)
{
	int v = atoi(doc_str(doc, key));

	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

struct usrgrp_right {
	uint64_t	groupid;
	uint8_t		permission;
};

static int
usrgrp_right_cmp(const void *a, const void *b)
{
	const struct usrgrp_right *x = a, *y = b;

	return x->groupid < y->groupid ? -1 : x->groupid > y->groupid;
}

enum store_rc
store_usrgrp_index_put(struct store_txn *t, uint64_t usrgrpid, const cJSON *doc)
{
	const cJSON *rights = cJSON_GetObjectItemCaseSensitive(doc, "rights"), *e;
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(rights);
	struct usrgrp_right *v = xcalloc(cap ? cap : 1, sizeof *v);
	struct codec_buf b = { 0 };
	enum store_rc rc;

	cJSON_ArrayForEach(e, rights)
		if (n < cap && util_parse_u64(doc_str(e, "id"), &v[n].groupid))
			v[n++].permission = usrgrp_u8(e, "permission");
	qsort(v, n, sizeof *v, usrgrp_right_cmp);	/* sorted: readers merge, not sort */
	codec_put_u8(&b, usrgrp_u8(doc, "gui_access"));
	codec_put_u8(&b, usrgrp_u8(doc, "users_status"));
	codec_put_u8(&b, usrgrp_u8(doc, "debug_mode"));
	for (size_t i = 0; i < n; i++) {
		uint8_t id[8];

		codec_be64(v[i].groupid, id);
		for (size_t k = 0; k < 8; k++)
			codec_put_u8(&b, id[k]);
		codec_put_u8(&b, v[i].permission);
	}
	free(v);
	rc = store_put_id(t, STORE_DB_USRGRP_INDEX, usrgrpid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_usrgrp_index_get(struct store_txn *t, uint64_t usrgrpid, struct store_usrgrp_index *out)
{
	const unsigned char *v;
	size_t vlen;
	enum store_rc rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_get_id(t, STORE_DB_USRGRP_INDEX, usrgrpid, (const void **)&v, &vlen)) !=
	    STORE_OK)
		return rc;
	if (vlen < USRGRP_HEAD || (vlen - USRGRP_HEAD) % USRGRP_RIGHT != 0)
		return STORE_ECORRUPT;
	out->gui_access = v[0];
	out->users_status = v[1];
	out->debug_mode = v[2];
	out->n = (vlen - USRGRP_HEAD) / USRGRP_RIGHT;
	out->rights = v + USRGRP_HEAD;
	return STORE_OK;
}

uint64_t
store_usrgrp_right(const struct store_usrgrp_index *x, size_t i, int *permission)
{
	const unsigned char *r = x->rights + i * USRGRP_RIGHT;
	uint64_t be;

	*permission = r[8];
	memcpy(&be, r, sizeof be);
	return be64toh(be);
}

enum store_rc
store_usrgrp_delete(struct store_txn *t, uint64_t usrgrpid)
{
	enum store_rc rc = store_del_id(t, STORE_DB_USRGRP_INDEX, usrgrpid);

	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	return store_del_id(t, STORE_DB_USRGRPS, usrgrpid);
}
