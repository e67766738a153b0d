/* inherit_item.c: items as a kind of the inheritance engine: keyed by key_, a copy takes the
 * template's fields but keeps its own (history, status, ...) and a host interface of its host. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- the record ---- */

static const char *
item_rec_key(const void *r)
{
	return ((const struct item *)r)->f[ITEM_F_KEY];
}

static void
item_rec_dup(void *dst, const void *src)
{
	item_dup(dst, src);
}

static void
item_rec_free(void *r)
{
	item_free(r);
}

/* ---- storage ---- */

static enum store_rc
item_rec_get(struct store_txn *txn, uint64_t id, void *r)
{
	return store_item_get(txn, id, r);
}

static enum store_rc
item_rec_create(struct store_txn *txn, void *r)
{
	return store_item_create(txn, r);
}

static enum store_rc
item_rec_update(struct store_txn *txn, const void *old, const void *new)
{
	return store_item_update(txn, old, new);
}

#define ITEM_DEP_LEVELS	8	/* deeper than Zabbix allows (3): a stored cycle ends here */

/* Some items of the host, each master before its dependent items: a dependent item's copy
 * names its master's copy on the child, which must be there first. Web items are their web
 * scenario's (inherit_httptest.c), not listed. */
static enum store_rc
item_host_ids_of(struct store_txn *txn, uint64_t hostid,
    enum store_rc (*list)(struct store_txn *, uint64_t, struct id_list *), struct id_list *out)
{
	struct id_list ids = { 0 };
	enum store_rc rc = list(txn, hostid, &ids);
	uint64_t *master = xcalloc(ids.n + 1, sizeof *master);
	int *depth = xcalloc(ids.n + 1, sizeof *depth);

	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++) {
		struct item it;

		if ((rc = store_item_get(txn, ids.ids[i], &it)) != STORE_OK)
			break;
		util_parse_u64(it.f[ITEM_F_MASTER_ITEMID], &master[i]);
		if (strcmp(it.f[ITEM_F_TYPE], HTTPTEST_WEB_ITEM_TYPE) == 0)
			depth[i] = -1;
		item_free(&it);
	}
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		for (uint64_t m = master[i]; m != 0 && depth[i] >= 0 && depth[i] < ITEM_DEP_LEVELS;
		    depth[i]++) {
			size_t j = 0;

			while (j < ids.n && ids.ids[j] != m)
				j++;
			if (j == ids.n)
				break;
			m = master[j];
		}
	for (int d = 0; rc == STORE_OK && d <= ITEM_DEP_LEVELS; d++)
		for (size_t i = 0; i < ids.n; i++)
			if (depth[i] == d)
				id_list_add(out, ids.ids[i]);
	free(master);
	free(depth);
	id_list_free(&ids);
	return rc;
}

/* The host's items, then its LLD rules, then their prototypes (a prototype's copy names its
 * rule's copy). */
static enum store_rc
item_host_ids(struct store_txn *txn, uint64_t hostid, struct id_list *out)
{
	enum store_rc rc = item_host_ids_of(txn, hostid, store_host_items, out);

	if (rc == STORE_OK)
		rc = item_host_ids_of(txn, hostid, store_host_rules, out);
	return rc == STORE_OK ? item_host_ids_of(txn, hostid, store_host_protos, out) : rc;
}

/* ---- the target host: its interfaces (hosts only) ---- */

struct item_target {
	struct store_txn	*txn;		/* of the walk: a dependent's master is looked up */
	struct id_list		 ids;
	struct hostinterface	*iv;
};

static enum store_rc
item_target_load(struct store_txn *txn, struct inherit_target *t)
{
	struct item_target *it = xcalloc(1, sizeof *it);
	int rc;

	t->own = it;
	it->txn = txn;
	if (host_is_template(&t->h))
		return STORE_OK;
	rc = store_host_interfaces(txn, t->h.hostid, &it->ids);
	it->iv = xcalloc(it->ids.n + 1, sizeof *it->iv);
	for (size_t i = 0; rc == STORE_OK && i < it->ids.n; i++)
		rc = store_interface_get(txn, it->ids.ids[i], &it->iv[i]);
	return rc;
}

static void
item_target_free(struct inherit_target *t)
{
	struct item_target *it = t->own;

	if (it == NULL)
		return;
	for (size_t i = 0; it->iv != NULL && i < it->ids.n; i++)
		hostinterface_free(&it->iv[i]);
	free(it->iv);
	id_list_free(&it->ids);
	free(it);
	t->own = NULL;
}

/* The host's main interface of a type, or NULL. */
static const struct hostinterface *
item_interface_main(const struct item_target *own, int type)
{
	const struct hostinterface *best = NULL;

	for (size_t i = 0; i < own->ids.n; i++)
		if (own->iv[i].type == (uint32_t)type && (best == NULL || own->iv[i].main == 1))
			best = &own->iv[i];
	return best;
}

/* The host's interface the item needs: of its type (the main one first), or for a check of
 * any interface the main one of agent, SNMP, JMX, IPMI in that order; "0" for none. */
static int
item_interface(const struct inherit_target *t, struct item *it, struct err *e)
{
	static const int priority[] = { 1, 2, 4, 3 };
	const struct item_target *own = t->own;
	int want = item_type_interface(atoi(it->f[ITEM_F_TYPE]));
	const struct hostinterface *best = NULL;
	char buf[24];

	if (host_is_template(&t->h) || want == 0 || want == ITEM_IF_OPT) {
		item_set(it, ITEM_F_INTERFACEID, "0");
		return 0;
	}
	for (size_t i = 0; want == ITEM_IF_ANY && best == NULL && i < 4; i++)
		best = item_interface_main(own, priority[i]);
	if (want > 0)
		best = item_interface_main(own, want);
	if (best == NULL)
		return err_set(e, ERR_PARAM, NULL, "Cannot find host interface on \"%s\" for item "
		    "key \"%s\".", t->h.host, it->f[ITEM_F_KEY]);
	item_set(it, ITEM_F_INTERFACEID, id_to_str(best->interfaceid, buf));
	return 0;
}

/* A dependent item's master on hostid: the item there with the key of src's master (its
 * copy, made before it). *out gets its id as text, "0" when src has no master. */
static int
item_master_on(struct store_txn *txn, uint64_t hostid, const struct item *src, char *out,
    struct err *e)
{
	uint64_t mid = 0, id, mhost;
	char *mkey;
	int rc;

	strcpy(out, "0");
	if (strcmp(src->f[ITEM_F_TYPE], "18") != 0 ||
	    !util_parse_u64(src->f[ITEM_F_MASTER_ITEMID], &mid) || mid == 0)
		return 0;
	/* the master's key only, not the whole record */
	if ((rc = store_item_field(txn, mid, ITEM_F_KEY, &mhost, &mkey)) != STORE_OK)
		return domain_fail_store(e, rc);
	rc = store_item_by_key(txn, hostid, mkey, &id);
	if (rc == STORE_ENOTFOUND)
		err_set(e, ERR_NOT_FOUND, NULL, "Incorrect value for field \"master_itemid\": "
		    "Item \"%s\" does not exist or you have no access to this item.", mkey);
	free(mkey);
	if (rc == STORE_ENOTFOUND)
		return -1;
	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	id_to_str(id, out);
	return 0;
}

/* ---- LLD documents ---- */

/* A prototype's rule on hostid: the rule there with the key of src's rule. *out its id as
 * text. */
static enum store_rc
item_rule_id_on(struct store_txn *txn, uint64_t hostid, const struct item *src, uint64_t *id)
{
	uint64_t rid = 0, rhost;
	char *rkey;
	enum store_rc rc;

	util_parse_u64(lld_doc_str(src->lld, "ruleid"), &rid);
	/* the rule's key only, not the whole record with its steps and document */
	if ((rc = store_item_field(txn, rid, ITEM_F_KEY, &rhost, &rkey)) != STORE_OK)
		return rc;
	rc = store_item_by_key(txn, hostid, rkey, id);
	free(rkey);
	return rc;
}

static int
item_rule_on(struct store_txn *txn, uint64_t hostid, const struct item *src, char *out,
    struct err *e)
{
	uint64_t id;
	enum store_rc rc = item_rule_id_on(txn, hostid, src, &id);

	if (rc != STORE_OK)
		return domain_fail_store(e, rc);
	id_to_str(id, out);
	return 0;
}

/* Whether the item with the id is the copy of another prototype of src's host with src's
 * key (one that shares it there). */
static bool
item_copy_of_sharer(struct store_txn *txn, uint64_t id, const struct item *src)
{
	struct item c, tpl;
	bool yes = false;

	if (store_item_get(txn, id, &c) != STORE_OK)
		return false;
	if (item_has_flags(&c, ITEM_FLAGS_PROTO) && c.templateid != 0 &&
	    c.templateid != src->itemid && store_item_get(txn, c.templateid, &tpl) == STORE_OK) {
		yes = tpl.hostid == src->hostid && strcmp(tpl.f[ITEM_F_KEY], src->f[ITEM_F_KEY]) == 0;
		item_free(&tpl);
	}
	item_free(&c);
	return yes;
}

/* The target's item for src by key; for a prototype the one of the target's copy of src's
 * rule, or none when the key there is held by the copy of another prototype sharing it. */
static enum store_rc
item_find(struct store_txn *txn, const struct inherit_target *t, const void *rec, uint64_t *id)
{
	const struct item *src = rec;
	uint64_t holder, ruleid;
	enum store_rc rc = store_item_by_key(txn, t->h.hostid, src->f[ITEM_F_KEY], &holder);

	*id = holder;
	if (rc != STORE_OK || !item_has_flags(src, ITEM_FLAGS_PROTO))
		return rc;
	if (item_rule_id_on(txn, t->h.hostid, src, &ruleid) == STORE_OK &&
	    store_item_proto_by_key(txn, t->h.hostid, ruleid, src->f[ITEM_F_KEY], id) == STORE_OK)
		return STORE_OK;
	*id = holder;
	return item_copy_of_sharer(txn, holder, src) ? STORE_ENOTFOUND : STORE_OK;
}

/* src's document for a copy on hostid: a rule's as it is, a prototype's with the rule of
 * that host and (keep non-NULL) the copy's own discover. */
static int
item_lld_doc(struct store_txn *txn, uint64_t hostid, const struct item *src, const cJSON *keep,
    cJSON **out, struct err *e)
{
	char rule[24];

	*out = NULL;
	if (!item_is_lld(src))
		return 0;
	if (item_has_flags(src, ITEM_FLAGS_RULE)) {
		*out = cJSON_Duplicate(src->lld, true);
		return 0;
	}
	if (item_rule_on(txn, hostid, src, rule, e) != 0)
		return -1;
	*out = cJSON_CreateObject();
	util_json_add_str(*out, "ruleid", rule);
	util_json_add_str(*out, "discover", lld_doc_str(keep != NULL ? keep : src->lld,
	    "discover"));
	return 0;
}

/* Zabbix's text for a key the child has as an object of other flags. */
static int
item_fail_flags(struct err *e, const struct item *child, const char *host)
{
	static const char *const as[] = { "an item", "a discovery rule", "an item prototype",
		"unknown item element", "an item created from item prototype" };
	int f = atoi(child->f[ITEM_F_FLAGS]);

	return err_set(e, ERR_PARAM, NULL, "Item with key \"%s\" already exists on \"%s\" as %s.",
	    child->f[ITEM_F_KEY], host, as[f >= 0 && f <= 4 ? f : 3]);
}

/* ---- copies ---- */

/* The fields a template owns on its copies. */
static bool
item_templated(int f)
{
	return !(item_fields[f].flags & (ITEM_FD_ID | ITEM_FD_OWN | ITEM_FD_RO | ITEM_FD_LOCAL));
}

static int
item_copy(const struct inherit_target *t, const void *src, void *out, struct err *e)
{
	const struct item_target *own = t->own;
	char master[24];

	item_init(out);
	item_copy_fields(out, src, true);
	item_set(out, ITEM_F_FLAGS, ((const struct item *)src)->f[ITEM_F_FLAGS]);
	if (item_master_on(own->txn, t->h.hostid, src, master, e) != 0 ||
	    item_lld_doc(own->txn, t->h.hostid, src, NULL, &((struct item *)out)->lld, e) != 0) {
		item_free(out);
		return -1;
	}
	item_set(out, ITEM_F_MASTER_ITEMID, master);
	return item_interface(t, out, e);
}

/* An existing copy, or with adopt the host's own item, in line with src: the template's
 * fields (with adopt its local ones too, and no uuid of its own), its master the host's
 * copy of src's. */
static int
item_sync(const struct inherit_target *t, const void *cur, const void *src, bool adopt,
    void *next, struct err *e)
{
	const struct item_target *own = t->own;
	const struct item *c = cur, *s = src;
	char master[24];
	bool same = true;
	cJSON *doc;

	if (strcmp(c->f[ITEM_F_FLAGS], s->f[ITEM_F_FLAGS]) != 0)
		return item_fail_flags(e, c, t->h.host);
	if (item_master_on(own->txn, t->h.hostid, s, master, e) != 0 ||
	    item_lld_doc(own->txn, t->h.hostid, s, adopt ? NULL : c->lld, &doc, e) != 0)
		return -1;
	if (doc != NULL && !cJSON_Compare(doc, c->lld, true))
		same = false;
	for (int i = 0; same && i < ITEM_F__COUNT; i++)
		if (item_templated(i))
			same = strcmp(c->f[i], i == ITEM_F_MASTER_ITEMID ? master : s->f[i]) == 0;
	if (same)
		same = preproc_list_equal(&c->pp, &s->pp);
	if (same && !adopt) {
		cJSON_Delete(doc);
		return 0;
	}
	item_dup(next, cur);
	if (adopt && item_interface(t, next, e) != 0) {
		cJSON_Delete(doc);
		item_free(next);
		return -1;
	}
	item_copy_fields(next, src, adopt);
	if (doc != NULL) {
		cJSON_Delete(((struct item *)next)->lld);
		((struct item *)next)->lld = doc;
	}
	item_set(next, ITEM_F_MASTER_ITEMID, master);
	if (adopt)
		item_set(next, ITEM_F_UUID, "");
	return 1;
}

/* Left as the host's own: on a template it needs a uuid of its own, and the template's value
 * map it named is not the host's (value maps are not inherited): valuemapid goes to "0". */
static void
item_detach(void *r, bool on_template)
{
	char uuid[33] = "";

	item_set(r, ITEM_F_VALUEMAPID, "0");
	if (on_template && host_uuid_new(uuid) == 0)
		item_set(r, ITEM_F_UUID, uuid);
}

/* The LLD members an update sent: a rule's filter, macro paths and overrides, a
 * prototype's discover (its rule stays the copy's). */
static void
item_edit_lld(struct item *c, const struct item *s, unsigned sent)
{
	static const struct { unsigned bit; const char *key; } parts[] = {
		{ INHERIT_LLD_FILTER, "filter" }, { INHERIT_LLD_PATHS, "lld_macro_paths" },
		{ INHERIT_LLD_OVERRIDES, "overrides" }, { INHERIT_LLD_DISCOVER, "discover" },
	};

	if (!item_is_lld(s) || c->lld == NULL)
		return;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->lld, parts[i].key);

		if (!(sent & parts[i].bit) || v == NULL)
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(c->lld, parts[i].key);
		cJSON_AddItemToObject(c->lld, parts[i].key, cJSON_Duplicate(v, true));
	}
}

/* The fields an item.update sent (but the copy's own ones), and the tags if sent; a sent
 * master_itemid is the copy's host's copy of the master. */
static void
item_edit(void *copy, const void *src, const void *edit)
{
	const struct inherit_item_edit *ed = edit;
	const struct item *s = src;
	struct item *c = copy;
	char master[24];
	struct err e = { 0 };

	for (int i = 0; i < ITEM_F__COUNT; i++)
		if (ed->sent[i] && !(item_fields[i].flags & (ITEM_FD_ID | ITEM_FD_OWN | ITEM_FD_RO)))
			item_set(c, (enum item_field)i, s->f[i]);
	if (ed->sent[ITEM_F_MASTER_ITEMID] && ed->txn != NULL &&
	    item_master_on(ed->txn, c->hostid, s, master, &e) == 0)
		item_set(c, ITEM_F_MASTER_ITEMID, master);
	err_clear(&e);
	if (ed->preproc)
		preproc_list_copy(&c->pp, &s->pp);
	item_edit_lld(c, s, ed->lld);
	if (ed->tags) {
		tag_list_free(&c->tags);
		for (size_t i = 0; i < s->tags.n; i++)
			tag_list_add(&c->tags, s->tags.tags[i].tag, s->tags.tags[i].value);
	}
}

/* On an inherited item only its own fields are written (status, history, ...), and tags. */
static bool
item_editable(const char *field)
{
	int f = item_field_find(field);

	if (strcmp(field, "tags") == 0)
		return true;
	return f >= 0 && f != ITEM_F_UUID && (item_fields[f].flags & ITEM_FD_LOCAL) &&
	    !(item_fields[f].flags & (ITEM_FD_ID | ITEM_FD_RO));
}

static int
item_fail_inherited(struct err *e, const char *key, const char *host)
{
	return err_set(e, ERR_CONFLICT, NULL, "Item \"%s\" already exists on \"%s\", inherited "
	    "from another template.", key, host);
}

static int
item_fail_taken(struct err *e, const char *key, const char *host)
{
	return err_set(e, ERR_EXISTS, NULL, "Item with key \"%s\" already exists on \"%s\".", key,
	    host);
}

const struct inherit_kind inherit_kind_item = {
	.name = "item",
	.size = sizeof(struct item),
	.off_id = offsetof(struct item, itemid),
	.off_hostid = offsetof(struct item, hostid),
	.off_templateid = offsetof(struct item, templateid),
	.key = item_rec_key,
	.dup = item_rec_dup,
	.free = item_rec_free,
	.get = item_rec_get,
	.by_key = store_item_by_key,
	.host_ids = item_host_ids,
	.copy_ids = store_item_copies,
	.create = item_rec_create,
	.update = item_rec_update,
	.delete_tree = store_item_delete_tree,
	.target_load = item_target_load,
	.target_free = item_target_free,
	.copy = item_copy,
	.sync = item_sync,
	.detach = item_detach,
	.edit = item_edit,
	.editable = item_editable,
	.fail_inherited = item_fail_inherited,
	.fail_taken = item_fail_taken,
	.links = store_item_links,
	.host_any = store_item_host_any,
	.find = item_find,
};
