/* valuemap.c: the rules between value maps and items: an item uses a map of its own host, and
 * a map's deletion leaves its items (and their copies below) without one. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

int
domain_valuemap_check_item(struct store_txn *txn, uint64_t hostid, const char *host,
    const char *valuemapid, struct err *e)
{
	struct valuemap vm;
	uint64_t id = 0;
	int rc;

	if (strcmp(valuemapid, "0") == 0)
		return 0;
	if (!util_parse_u64(valuemapid, &id) || id == 0)
		rc = STORE_ENOTFOUND;
	else if ((rc = store_valuemap_get(txn, id, &vm)) == STORE_OK) {
		if (vm.hostid != hostid)
			rc = STORE_ENOTFOUND;
		valuemap_free(&vm);
	}
	if (rc == STORE_ENOTFOUND)
		return err_set(e, ERR_PARAM, NULL, "Valuemap with ID \"%s\" is not available on "
		    "\"%s\".", valuemapid, host);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}

/* Sets the item's valuemapid to "0" when it names the map; *uses tells whether it did. */
static enum store_rc
valuemap_reset_item(struct store_txn *txn, uint64_t itemid, const char *id, bool *uses)
{
	struct item old, new;
	enum store_rc rc;

	*uses = false;
	if ((rc = store_item_get(txn, itemid, &old)) != STORE_OK)
		return rc;
	if (strcmp(old.f[ITEM_F_VALUEMAPID], id) == 0) {
		*uses = true;
		item_dup(&new, &old);
		item_set(&new, ITEM_F_VALUEMAPID, "0");
		rc = store_item_update(txn, &old, &new);
		item_free(&new);
	}
	item_free(&old);
	return rc;
}

int
domain_valuemap_release(struct store_txn *txn, const struct valuemap *vm, struct err *e)
{
	struct id_list host_items = { 0 }, walk = { 0 };
	struct id_set seen = { 0 };
	char id[24];
	enum store_rc rc;

	id_to_str(vm->valuemapid, id);
	rc = store_host_items(txn, vm->hostid, &host_items);
	for (size_t i = 0; rc == STORE_OK && i < host_items.n; i++) {
		bool uses;

		if ((rc = valuemap_reset_item(txn, host_items.ids[i], id, &uses)) == STORE_OK &&
		    uses)
			rc = store_item_copies(txn, host_items.ids[i], &walk);
	}
	/* The copies, level by level; a stored cycle ends the walk. */
	for (size_t i = 0; rc == STORE_OK && i < walk.n; i++) {
		bool uses;

		if (!id_set_add(&seen, walk.ids[i]))
			continue;
		if ((rc = valuemap_reset_item(txn, walk.ids[i], id, &uses)) == STORE_OK && uses)
			rc = store_item_copies(txn, walk.ids[i], &walk);
	}
	id_list_free(&host_items);
	id_list_free(&walk);
	id_set_free(&seen);
	return rc == STORE_OK ? 0 : domain_fail_store(e, rc);
}
