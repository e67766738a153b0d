/* inherit_hostproto.c: host prototypes as a kind of the inheritance engine: keyed by their
 * rule's key_ and host name, a copy takes its prototype's fields and lists (uuid "") on the
 * target's copy of the rule, keeping its templates; custom interfaces go with it. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* The members a template's prototype gives its copies. */
static const char *const hp_templated[] = {
	"host", "name", "status", "discover", "custom_interfaces", "inventory_mode",
	"groupLinks", "groupPrototypes", "templates", "macros", "tags", "interfaces", NULL,
};

static const char *
hp_key(const void *r)
{
	return ((const struct hostproto *)r)->key;
}

static void
hp_dup(void *dst, const void *src)
{
	hostproto_dup(dst, src);
}

static void
hp_free(void *r)
{
	hostproto_free(r);
}

static enum store_rc
hp_get(struct store_txn *txn, uint64_t id, void *r)
{
	return store_hostproto_get(txn, id, r);
}

static enum store_rc
hp_create(struct store_txn *txn, void *r)
{
	return store_hostproto_create(txn, r);
}

static enum store_rc
hp_update(struct store_txn *txn, const void *old, const void *new)
{
	return store_hostproto_update(txn, old, new);
}

/* The target's rules: {key_: ruleid} in t->own. */
static enum store_rc
hp_target_load(struct store_txn *txn, struct inherit_target *t)
{
	struct id_list rules = { 0 };
	cJSON *map = cJSON_CreateObject();
	enum store_rc rc = store_host_rules(txn, t->h.hostid, &rules);

	t->own = map;
	for (size_t i = 0; rc == STORE_OK && i < rules.n; i++) {
		struct item it;
		char buf[24];

		if ((rc = store_item_get(txn, rules.ids[i], &it)) != STORE_OK)
			break;
		doc_set_str(map, it.f[ITEM_F_KEY], id_to_str(it.itemid, buf));
		item_free(&it);
	}
	id_list_free(&rules);
	return rc;
}

static void
hp_target_free(struct inherit_target *t)
{
	cJSON_Delete(t->own);
	t->own = NULL;
}

/* Replaces member name of dst with a copy of src's. */
static void
hp_take(cJSON *dst, const cJSON *src, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, name);

	cJSON_DeleteItemFromObjectCaseSensitive(dst, name);
	if (v != NULL)
		cJSON_AddItemToObject(dst, name, cJSON_Duplicate(v, true));
}

/* The rule of the copy: the target's rule with the key_ of src's (copied before it). */
static int
hp_copy(const struct inherit_target *t, const void *src, void *out, struct err *e)
{
	const struct hostproto *s = src;
	struct hostproto *c = out;
	char *rulekey = xstrdup(s->key);
	const char *ruleid;

	*strchr(rulekey, '\n') = '\0';
	ruleid = doc_str(t->own, rulekey);
	free(rulekey);
	if (ruleid[0] == '\0')
		return err_set(e, ERR_STORE, NULL, "The discovery rule of host prototype \"%s\" "
		    "is not on \"%s\".", hostproto_host(s->key), t->h.host);
	hostproto_dup(c, s);
	doc_set_str(c->doc, "ruleid", ruleid);
	doc_set_str(c->doc, "uuid", "");
	return 0;
}

static int
hp_sync(const struct inherit_target *t, const void *cur, const void *src, bool adopt,
    void *next, struct err *e)
{
	struct hostproto *n = next;

	(void)t, (void)e;
	hostproto_dup(n, cur);
	for (size_t i = 0; hp_templated[i] != NULL; i++)
		hp_take(n->doc, ((const struct hostproto *)src)->doc, hp_templated[i]);
	if (adopt)
		doc_set_str(n->doc, "uuid", "");
	return 1;
}

static void
hp_detach(void *r, bool on_template)
{
	char uuid[33] = "";

	if (on_template && host_uuid_new(uuid) == 0)
		doc_set_str(((struct hostproto *)r)->doc, "uuid", uuid);
}

/* The members a template prototype's update sent (edit: the sent object), onto one copy. */
static void
hp_edit(void *copy, const void *src, const void *edit)
{
	struct hostproto *c = copy;
	const cJSON *f;

	cJSON_ArrayForEach(f, (const cJSON *)edit)
		for (size_t i = 0; hp_templated[i] != NULL; i++)
			if (strcmp(f->string, hp_templated[i]) == 0)
				hp_take(c->doc, ((const struct hostproto *)src)->doc, f->string);
	if (cJSON_HasObjectItem(edit, "custom_interfaces"))	/* may have dropped them */
		hp_take(c->doc, ((const struct hostproto *)src)->doc, "interfaces");
	if (cJSON_HasObjectItem(edit, "host")) {
		char *rulekey = xstrdup(c->key);

		*strchr(rulekey, '\n') = '\0';
		hostproto_set_key(c, rulekey);
		free(rulekey);
	}
}

static bool
hp_editable(const char *field)
{
	return strcmp(field, "status") == 0 || strcmp(field, "discover") == 0;
}

static int
hp_fail_taken(struct err *e, const char *key, const char *host)
{
	return err_set(e, ERR_PARAM, NULL, "Host prototype \"%s\" already exists on \"%s\".",
	    hostproto_host(key), host);
}

const struct inherit_kind inherit_kind_hostproto = {
	.name = "hostprototype",
	.size = sizeof(struct hostproto),
	.off_id = offsetof(struct hostproto, hostid),
	.off_hostid = offsetof(struct hostproto, parentid),
	.off_templateid = offsetof(struct hostproto, templateid),
	.key = hp_key,
	.dup = hp_dup,
	.free = hp_free,
	.get = hp_get,
	.by_key = store_hostproto_by_key,
	.host_ids = store_hostproto_host_ids,
	.copy_ids = store_hostproto_copies,
	.create = hp_create,
	.update = hp_update,
	.delete_tree = store_hostproto_delete,
	.target_load = hp_target_load,
	.target_free = hp_target_free,
	.copy = hp_copy,
	.sync = hp_sync,
	.detach = hp_detach,
	.edit = hp_edit,
	.editable = hp_editable,
	.fail_inherited = hp_fail_taken,
	.fail_taken = hp_fail_taken,
};
