/* item_inherit.c: items through template links: copies on link (adopting own items with the
 * same key), own items or deletion on unlink, and template item changes sent down. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The host items are copied to, with its interfaces (hosts only). */
struct inh_target {
	struct host	 h;
	struct id_list	 ifaces;
	struct hostinterface *iv;
};

static void
inh_target_free(struct inh_target *t)
{
	for (size_t i = 0; i < t->ifaces.n; i++)
		hostinterface_free(&t->iv[i]);
	free(t->iv);
	id_list_free(&t->ifaces);
	host_free(&t->h);
}

static int
inh_target_load(struct store_txn *txn, uint64_t hostid, struct inh_target *t)
{
	int rc;

	memset(t, 0, sizeof *t);
	if ((rc = store_host_get(txn, hostid, &t->h)) != STORE_OK)
		return rc;
	if (host_is_template(&t->h) ||
	    (rc = store_host_interfaces(txn, hostid, &t->ifaces)) != STORE_OK)
		return rc;
	t->iv = xcalloc(t->ifaces.n, sizeof *t->iv);
	for (size_t i = 0; rc == STORE_OK && i < t->ifaces.n; i++)
		rc = store_interface_get(txn, t->ifaces.ids[i], &t->iv[i]);
	return rc;
}

/* The host's interface of the type the item needs (the main one first); "0" for none. */
static int
inh_interface(struct rpc_call *call, const struct inh_target *t, struct item *it)
{
	int want = item_type_interface(atoi(it->f[ITEM_F_TYPE]));
	const struct hostinterface *best = NULL;
	char buf[24];

	if (host_is_template(&t->h) || want == 0) {
		item_set(it, ITEM_F_INTERFACEID, "0");
		return RPC_COMMIT;
	}
	for (size_t i = 0; i < t->ifaces.n; i++)
		if (t->iv[i].type == (uint32_t)want && (best == NULL || t->iv[i].main == 1))
			best = &t->iv[i];
	if (best == NULL)
		return rpc_fail(call, ERR_PARAM, "Cannot find host interface on \"%s\" "
		    "for item key \"%s\".", t->h.host, it->f[ITEM_F_KEY]);
	item_set(it, ITEM_F_INTERFACEID, id_to_str(best->interfaceid, buf));
	return RPC_COMMIT;
}

/* The template-owned fields of an existing copy brought back in line with its parent. */
static int
inh_refresh(struct rpc_call *call, struct item *cur, const struct item *src, bool adopt)
{
	struct item next = { 0 };
	bool same = true;
	int rc;

	for (int i = 0; same && i < ITEM_F__COUNT; i++)
		if (!(item_fields[i].flags & (ITEM_FD_ID | ITEM_FD_OWN | ITEM_FD_RO |
		    ITEM_FD_LOCAL)))
			same = strcmp(cur->f[i], src->f[i]) == 0;
	if (same && !adopt)
		return RPC_COMMIT;
	item_dup(&next, cur);
	next.templateid = src->itemid;
	item_copy_fields(&next, src, adopt);
	if (adopt)
		item_set(&next, ITEM_F_UUID, "");
	rc = store_item_update(call->txn, cur, &next);
	item_free(cur);
	*cur = next;
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* A new copy of src on the target. */
static int
inh_create(struct rpc_call *call, const struct inh_target *t, const struct item *src,
    struct item *out)
{
	int rc;

	item_init(out);
	item_copy_fields(out, src, true);
	out->hostid = t->h.hostid;
	out->templateid = src->itemid;
	if ((rc = inh_interface(call, t, out)) != RPC_COMMIT)
		return rc;
	if ((rc = store_item_create(call->txn, out)) != STORE_OK)
		return rpc_fail_store(call, rc);
	return RPC_COMMIT;
}

/* src on the target: a new copy, the adopted own item with its key, or the copy there is. */
static int
inh_one(struct rpc_call *call, const struct inh_target *t, const struct item *src,
    struct item *out)
{
	uint64_t id;
	int rc = store_item_by_key(call->txn, t->h.hostid, src->f[ITEM_F_KEY], &id);

	if (rc == STORE_ENOTFOUND)
		return inh_create(call, t, src, out);
	if (rc != STORE_OK || (rc = store_item_get(call->txn, id, out)) != STORE_OK)
		return rpc_fail_store(call, rc);
	if (out->templateid != 0 && out->templateid != src->itemid)
		return rpc_fail(call, ERR_PARAM, "Item \"%s\" already exists on \"%s\", "
		    "inherited from another template.", src->f[ITEM_F_KEY], t->h.host);
	if (out->templateid == 0 && (rc = inh_interface(call, t, out)) != RPC_COMMIT)
		return rc;
	return inh_refresh(call, out, src, out->templateid == 0);
}

static void
inh_items_free(struct item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		item_free(&v[i]);
	free(v);
}

int
item_inherit_items(struct rpc_call *call, const struct item *src, size_t n, uint64_t to)
{
	struct inh_target t;
	struct id_list kids = { 0 };
	struct item *copies;
	size_t done = 0;
	int rc = inh_target_load(call->txn, to, &t);

	if (rc != STORE_OK || (rc = store_host_children(call->txn, to, &kids)) != STORE_OK) {
		inh_target_free(&t);
		return rpc_fail_store(call, rc);
	}
	copies = xcalloc(n, sizeof *copies);
	for (rc = RPC_COMMIT; rc == RPC_COMMIT && done < n; done++)
		rc = inh_one(call, &t, &src[done], &copies[done]);
	for (size_t i = 0; rc == RPC_COMMIT && i < kids.n; i++)
		rc = item_inherit_items(call, copies, n, kids.ids[i]);
	inh_items_free(copies, done);
	id_list_free(&kids);
	inh_target_free(&t);
	return rc;
}

/* Every item of a host, loaded. */
static int
inh_host_items(struct store_txn *txn, uint64_t hostid, struct item **out, size_t *n)
{
	struct id_list ids = { 0 };
	int rc = store_host_items(txn, hostid, &ids);

	*n = 0;
	*out = xcalloc(ids.n ? ids.n : 1, sizeof **out);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_item_get(txn, ids.ids[i], &(*out)[i])) == STORE_OK)
			(*n)++;
	id_list_free(&ids);
	return rc;
}

int
item_inherit_link(struct rpc_call *call, uint64_t hostid, const struct id_list *parents)
{
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < parents->n; i++) {
		struct item *items;
		size_t n;
		int src = inh_host_items(call->txn, parents->ids[i], &items, &n);

		if (src != STORE_OK)
			rc = rpc_fail_store(call, src);
		else if (n > 0)
			rc = item_inherit_items(call, items, n, hostid);
		inh_items_free(items, n);
	}
	return rc;
}

/* An inherited item left as the host's own: no parent, and on a template a uuid. */
static int
inh_detach(struct rpc_call *call, const struct item *it, bool on_template)
{
	struct item next = { 0 };
	char uuid[33] = "";
	int rc;

	item_dup(&next, it);
	next.templateid = 0;
	if (on_template && host_uuid_new(uuid) == 0)
		item_set(&next, ITEM_F_UUID, uuid);
	rc = store_item_update(call->txn, it, &next);
	item_free(&next);
	return rc;
}

int
item_inherit_unlink(struct rpc_call *call, uint64_t hostid, const struct id_list *parents,
    bool clear)
{
	struct item *items;
	struct host h;
	size_t n;
	int rc = store_host_get(call->txn, hostid, &h);

	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = inh_host_items(call->txn, hostid, &items, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct item p;

		if (items[i].templateid == 0)
			continue;
		if ((rc = store_item_get(call->txn, items[i].templateid, &p)) == STORE_ENOTFOUND) {
			rc = STORE_OK;	/* no parent item: nothing to unlink */
			continue;
		}
		if (rc != STORE_OK)
			break;
		if (id_list_has(parents, p.hostid))
			rc = clear ? store_item_delete_tree(call->txn, items[i].itemid) :
			    inh_detach(call, &items[i], host_is_template(&h));
		item_free(&p);
	}
	inh_items_free(items, n);
	host_free(&h);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- template item updates ---- */

static int
inh_apply_sent(struct rpc_call *call, const struct item *src, const bool *sent, bool tags,
    uint64_t copyid)
{
	struct item cur, next;
	struct host h;
	uint64_t other;
	int rc;

	if ((rc = store_item_get(call->txn, copyid, &cur)) != STORE_OK)
		return rpc_fail_store(call, rc);
	item_dup(&next, &cur);
	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (sent[i])
			item_set(&next, (enum item_field)i, src->f[i]);
	if (tags) {
		tag_list_free(&next.tags);
		for (size_t i = 0; i < src->tags.n; i++)
			tag_list_add(&next.tags, src->tags.tags[i].tag, src->tags.tags[i].value);
	}
	rc = RPC_COMMIT;
	if (strcmp(cur.f[ITEM_F_KEY], next.f[ITEM_F_KEY]) != 0 &&
	    store_item_by_key(call->txn, cur.hostid, next.f[ITEM_F_KEY], &other) == STORE_OK &&
	    store_host_get(call->txn, cur.hostid, &h) == STORE_OK) {
		rc = rpc_fail(call, ERR_PARAM, "Item with key \"%s\" already exists on "
		    "\"%s\".", next.f[ITEM_F_KEY], h.host);
		host_free(&h);
	}
	if (rc == RPC_COMMIT && (rc = store_item_update(call->txn, &cur, &next)) != STORE_OK)
		rc = rpc_fail_store(call, rc);
	item_free(&cur);
	item_free(&next);
	return rc;
}

int
item_inherit_update(struct rpc_call *call, const struct item *src, const bool *sent,
    bool tags)
{
	struct id_list waiting = { 0 };
	bool fields[ITEM_F__COUNT];
	int rc = store_item_copies(call->txn, src->itemid, &waiting);

	for (int i = 0; i < ITEM_F__COUNT; i++)
		fields[i] = sent[i] && !(item_fields[i].flags & (ITEM_FD_ID | ITEM_FD_OWN |
		    ITEM_FD_RO));
	rc = rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
	for (size_t i = 0; rc == RPC_COMMIT && i < waiting.n; i++) {
		int src_rc;

		rc = inh_apply_sent(call, src, fields, tags, waiting.ids[i]);
		if (rc == RPC_COMMIT &&
		    (src_rc = store_item_copies(call->txn, waiting.ids[i], &waiting)) != STORE_OK)
			rc = rpc_fail_store(call, src_rc);
	}
	id_list_free(&waiting);
	return rc;
}
