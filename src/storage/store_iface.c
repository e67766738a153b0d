/* store_iface.c: host interfaces changed and deleted, their SNMP details, and host inventories. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

static enum store_rc
store_iface_absent_ok(enum store_rc rc)
{
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_interface_put(struct store_txn *t, const struct hostinterface *hi)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	hostinterface_encode(hi, &b);
	rc = store_put_id(t, STORE_DB_INTERFACES, hi->interfaceid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_interface_delete(struct store_txn *t, uint64_t id)
{
	struct hostinterface hi;
	enum store_rc rc;

	if ((rc = store_interface_get(t, id, &hi)) != STORE_OK)
		return rc;
	rc = store_iface_absent_ok(store_pair_del(t, STORE_DB_HOST_INTERFACES, hi.hostid, id));
	hostinterface_free(&hi);
	if (rc == STORE_OK)
		rc = store_del_id(t, STORE_DB_INTERFACES, id);
	return rc == STORE_OK ? store_interface_snmp_del(t, id) : rc;
}

enum store_rc
store_interface_snmp_get(struct store_txn *t, uint64_t id, struct snmp_details *d)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	if ((rc = store_get_id(t, STORE_DB_INTERFACE_SNMP, id, &v, &vlen)) != STORE_OK)
		return rc;
	return snmp_details_decode(v, vlen, d) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_interface_snmp_put(struct store_txn *t, uint64_t id, const struct snmp_details *d)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	snmp_details_encode(d, &b);
	rc = store_put_id(t, STORE_DB_INTERFACE_SNMP, id, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_interface_snmp_del(struct store_txn *t, uint64_t id)
{
	return store_iface_absent_ok(store_del_id(t, STORE_DB_INTERFACE_SNMP, id));
}

enum store_rc
store_inventory_get(struct store_txn *t, uint64_t hostid, struct inventory *inv)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	memset(inv, 0, sizeof *inv);
	inv->mode = INVENTORY_DISABLED;
	if ((rc = store_get_id(t, STORE_DB_HOST_INVENTORY, hostid, &v, &vlen)) != STORE_OK)
		return rc;
	return inventory_decode(v, vlen, inv) == 0 ? STORE_OK : STORE_ECORRUPT;
}

enum store_rc
store_inventory_put(struct store_txn *t, uint64_t hostid, const struct inventory *inv)
{
	struct codec_buf b = { 0 };
	enum store_rc rc;

	if (inv->mode == INVENTORY_DISABLED)
		return store_inventory_del(t, hostid);
	inventory_encode(inv, &b);
	rc = store_put_id(t, STORE_DB_HOST_INVENTORY, hostid, &b, false);
	codec_buf_free(&b);
	return rc;
}

enum store_rc
store_inventory_del(struct store_txn *t, uint64_t hostid)
{
	return store_iface_absent_ok(store_del_id(t, STORE_DB_HOST_INVENTORY, hostid));
}
