/* store_schema.c: the schema version in meta, and the upgrade steps that bring a store written by an older tmpld to this release's version, all in one transaction when the store opens. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

static const char store_schema_key[] = "schema";

/* 1 -> 2: the access model. The records of a fresh Zabbix 6.0 (default roles and user
 * groups, guest) are added; Admin joins Zabbix administrators, and its language and time
 * zone, stored resolved by version 1, read "default" as in Zabbix's user.get. */
static enum store_rc
store_schema_step_access(struct store_txn *t, char **cause)
{
	struct user admin;
	uint64_t adminid = 0;
	enum store_rc rc;

	(void)cause;
	rc = store_user_by_name(t, "Admin", &admin);
	if (rc == STORE_OK) {
		adminid = admin.userid;
		if (strcmp(admin.lang, "en_US") == 0)
			user_set_str(&admin.lang, "default");
		if (strcmp(admin.timezone, "system") == 0)
			user_set_str(&admin.timezone, "default");
		rc = store_user_put(t, &admin);
		user_free(&admin);
	} else if (rc == STORE_ENOTFOUND)
		rc = STORE_OK;
	return rc == STORE_OK ? store_access_defaults(t, adminid) : rc;
}

/* The steps of this release, oldest first. Version 1 is the first schema: nothing to do
 * yet. A change of a record's encoding adds { N, "what", step } here, raises
 * STORE_SCHEMA_VERSION to N + 1, and adds a store written before it to the upgrade test. */
const struct store_migration store_migrations[] = {
	{ 1, "default roles, user groups and the guest user; Admin joins Zabbix administrators",
	    store_schema_step_access },
	{ 0, NULL, NULL },	/* the end */
};

static void
store_schema_encode(uint32_t version, uint8_t buf[4])
{
	buf[0] = (uint8_t)(version >> 24), buf[1] = (uint8_t)(version >> 16);
	buf[2] = (uint8_t)(version >> 8), buf[3] = (uint8_t)version;
}

enum store_rc
store_schema_get(struct store_txn *t, uint32_t *version)
{
	const uint8_t *b;
	const void *v;
	size_t len;
	enum store_rc rc;

	rc = store_get(t, STORE_DB_META, store_schema_key, sizeof store_schema_key - 1, &v, &len);
	if (rc != STORE_OK)
		return rc;
	if (len != 4)
		return STORE_ECORRUPT;
	b = v;
	*version = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return STORE_OK;
}

enum store_rc
store_schema_set(struct store_txn *t, uint32_t version)
{
	uint8_t buf[4];

	store_schema_encode(version, buf);
	return store_put(t, STORE_DB_META, store_schema_key, sizeof store_schema_key - 1, buf,
	    sizeof buf, false);
}

/* The step that upgrades from version v, or NULL (steps ends with a NULL run). */
static const struct store_migration *
store_schema_step(const struct store_migration *steps, uint32_t v)
{
	for (; steps->run != NULL; steps++)
		if (steps->from == v)
			return steps;
	return NULL;
}

/* Runs the steps from *version up to target in t; *version follows them. */
static enum store_rc
store_schema_run(struct store_txn *t, const struct store_migration *steps, uint32_t *version, uint32_t target, char **cause)
{
	while (*version < target) {
		const struct store_migration *s = store_schema_step(steps, *version);
		enum store_rc rc;

		if (s == NULL) {
			*cause = xasprintf("the store has schema version %u, and this tmpld has no "
			    "upgrade from it (it understands %u)", *version, target);
			return STORE_ESCHEMA;
		}
		log_info("store: upgrading the schema from version %u: %s", *version, s->what);
		if ((rc = s->run(t, cause)) != STORE_OK) {
			if (*cause == NULL)
				*cause = xasprintf("the upgrade of the schema from version %u (%s) "
				    "failed: %s", *version, s->what, store_strerror(rc));
			return rc;
		}
		(*version)++;
	}
	return store_schema_set(t, *version);
}

enum store_rc
store_schema_upgrade(struct store *st, const struct store_migration *steps, uint32_t target, char **cause)
{
	struct store_txn *t;
	uint32_t version, from;
	enum store_rc rc;

	*cause = NULL;
	if ((rc = store_txn_write(st, NULL, &t)) != STORE_OK)
		return rc;
	rc = store_schema_get(t, &version);
	if (rc == STORE_ENOTFOUND) {		/* a new store: born at the current version */
		rc = store_schema_set(t, target);
		return rc == STORE_OK ? store_txn_commit(t) : (store_txn_abort(t), rc);
	}
	if (rc == STORE_ECORRUPT)
		*cause = xstrdup("the store's schema record is corrupt");
	else if (rc == STORE_OK && version > target) {
		*cause = xasprintf("the store has schema version %u, newer than this tmpld "
		    "understands (%u): upgrade tmpld or use another --data directory",
		    version, target);
		rc = STORE_ESCHEMA;
	}
	if (rc != STORE_OK || version == target) {
		store_txn_abort(t);
		return rc;
	}
	from = version;
	if ((rc = store_schema_run(t, steps, &version, target, cause)) != STORE_OK) {
		store_txn_abort(t);		/* all or nothing: the store stays at from */
		return rc;
	}
	if ((rc = store_txn_commit(t)) == STORE_OK)
		log_info("store: schema upgraded from version %u to %u", from, target);
	return rc;
}
