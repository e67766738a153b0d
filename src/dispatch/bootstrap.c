/* bootstrap.c: a fresh store gets its first user, and the default roles and user groups. */
#include <stdlib.h>

#include "dispatch_impl.h"

/* A fresh store gets the Admin user with the password "zabbix", as a fresh Zabbix does. */
int
dispatch_bootstrap(struct store *st, char **cause)
{
	struct store_txn *txn;
	char hash[PASSWORD_HASH_MAX];
	struct user u;
	size_t n;
	int rc;

	*cause = NULL;
	if ((rc = store_txn_write(st, NULL, &txn)) != STORE_OK)
		goto fail;
	if ((rc = store_user_count(txn, &n)) != STORE_OK || n > 0) {
		store_txn_abort(txn);
		goto done;
	}
	if (password_hash("zabbix", hash, sizeof hash) != 0) {
		store_txn_abort(txn);
		*cause = xstrdup("cannot hash the default password");
		return -1;
	}
	user_init_admin(&u, hash);
	rc = store_user_create(txn, &u);
	if (rc == STORE_OK)
		rc = store_access_defaults(txn, u.userid);
	user_free(&u);
	if (rc != STORE_OK) {
		store_txn_abort(txn);
		goto fail;
	}
	if ((rc = store_txn_commit(txn)) != STORE_OK)
		goto fail;
	log_warn("created user \"Admin\" with the default password \"zabbix\": change it");
done:
	if (rc == STORE_OK)
		return 0;
fail:
	*cause = xasprintf("cannot create the first user: %s", store_strerror(rc));
	return -1;
}
