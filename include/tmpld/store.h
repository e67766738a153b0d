/* store.h: the storage layer: one LMDB environment, named databases, id sequences and indexes.
 * Only src/storage/ sees LMDB; every function here returns a store_rc, never an MDB_* code. */
#ifndef TMPLD_STORE_H
#define TMPLD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tmpld/model.h"

#define STORE_SCHEMA_VERSION	1

enum store_rc {
	STORE_OK = 0,
	STORE_ENOTFOUND,	/* no such key */
	STORE_EEXIST,		/* key exists (NOOVERWRITE) */
	STORE_EFULL,		/* map or reader table full */
	STORE_ESCHEMA,		/* the store was written by a newer tmpld */
	STORE_ECORRUPT,		/* a record does not decode */
	STORE_EIO,		/* anything else; logged where it happened */
};

enum store_db {
	STORE_DB_META,		/* "schema" -> u32 version */
	STORE_DB_SEQ,		/* sequence name -> u64 last id */
	STORE_DB_USERS,		/* userid (be64) -> user */
	STORE_DB_USERS_BY_NAME,	/* username -> userid (be64) */
	STORE_DB_SESSIONS,	/* sessionid -> session */
	STORE_DB_SVC_TEMPLATES,	/* BlueKing service template id (be64) -> svctemplate */
	STORE_DB_PROC_TEMPLATES, /* process template id (be64) -> proctemplate */
	STORE_DB_SVC_PROCS,	/* service template id (be64) -> its process template ids (be64[]) */
	STORE_DB_HOSTS,		/* hostid -> host (hosts and templates) */
	STORE_DB_HOSTS_BY_NAME,	/* technical name -> hostid */
	STORE_DB_HOSTS_BY_VNAME,/* visible name -> hostid */
	STORE_DB_GROUPS,	/* groupid -> group */
	STORE_DB_GROUPS_BY_NAME,/* name -> groupid */
	STORE_DB_HOST_GROUPS,	/* hostid -> groupid (dupsort) */
	STORE_DB_GROUP_HOSTS,	/* groupid -> hostid (dupsort) */
	STORE_DB_HOST_PARENTS,	/* hostid -> parent templateid (dupsort) */
	STORE_DB_HOST_CHILDREN,	/* templateid -> child hostid (dupsort) */
	STORE_DB_MACROS,	/* hostmacroid -> macro */
	STORE_DB_HOST_MACROS,	/* hostid -> hostmacroid (dupsort) */
	STORE_DB_HOST_TAGS,	/* hostid -> tag list */
	STORE_DB_ITEMS,		/* itemid -> item */
	STORE_DB_HOST_ITEMS,	/* hostid -> itemid (dupsort) */
	STORE_DB_ITEMS_BY_KEY,	/* hostid (be64) + key_ -> itemid */
	STORE_DB_ITEM_COPIES,	/* itemid -> the itemids inherited from it (dupsort) */
	STORE_DB_INTERFACES,	/* interfaceid -> host interface */
	STORE_DB_HOST_INTERFACES, /* hostid -> interfaceid (dupsort) */
	STORE_DB_LOGIN_FAILS,	/* userid (be64) + client address -> failures, last clock */
	STORE_DB_INTERFACE_SNMP, /* interfaceid -> SNMP details (SNMP interfaces only) */
	STORE_DB_HOST_INVENTORY, /* hostid -> inventory (hosts whose inventory is enabled) */
	STORE_DB__COUNT
};

struct store_opts {
	const char	*dir;
	size_t		 map_size;
	bool		 nosync;	/* --unsafe-nosync */
};

struct store;
struct store_txn;
struct store_cursor;

const char *store_strerror(int);

/* store.c */
enum store_rc store_open(const struct store_opts *, struct store **, char **);
void	 store_close(struct store *);
uint64_t store_commits(const struct store *);	/* top-level write commits so far */
enum store_rc store_txn_read(struct store *, struct store_txn **);
enum store_rc store_txn_write(struct store *, struct store_txn *, struct store_txn **);
enum store_rc store_txn_commit(struct store_txn *);
void	 store_txn_abort(struct store_txn *);
enum store_rc store_get(struct store_txn *, enum store_db, const void *, size_t,
	    const void **, size_t *);
enum store_rc store_put(struct store_txn *, enum store_db, const void *, size_t,
	    const void *, size_t, bool);
enum store_rc store_del(struct store_txn *, enum store_db, const void *, size_t);
enum store_rc store_seq_next(struct store_txn *, const char *, uint64_t *);
/* The same by a big-endian 64-bit id key; put stores an encoded record. */
enum store_rc store_get_id(struct store_txn *, enum store_db, uint64_t, const void **, size_t *);
enum store_rc store_put_id(struct store_txn *, enum store_db, uint64_t, const struct codec_buf *,
	    bool);
enum store_rc store_del_id(struct store_txn *, enum store_db, uint64_t);

/* Cursor over one database in key order; strings point into the txn. */
enum store_rc store_cursor_open(struct store_txn *, enum store_db, struct store_cursor **);
enum store_rc store_cursor_next(struct store_cursor *, const void **, size_t *,
	    const void **, size_t *);
void	 store_cursor_close(struct store_cursor *);

/* store_user.c */
enum store_rc store_user_get(struct store_txn *, uint64_t, struct user *);
enum store_rc store_user_by_name(struct store_txn *, const char *, struct user *);
enum store_rc store_user_create(struct store_txn *, struct user *);
enum store_rc store_user_put(struct store_txn *, const struct user *);
enum store_rc store_user_count(struct store_txn *, size_t *);

/* Dupsort pairs (id -> id): add is idempotent, del of a missing pair is STORE_ENOTFOUND,
 * list appends the ids in ascending order to the list. */
enum store_rc store_pair_add(struct store_txn *, enum store_db, uint64_t, uint64_t);
enum store_rc store_pair_del(struct store_txn *, enum store_db, uint64_t, uint64_t);
enum store_rc store_pair_list(struct store_txn *, enum store_db, uint64_t, struct id_list *);
enum store_rc store_pair_del_all(struct store_txn *, enum store_db, uint64_t);
/* Iterates the keys of a db keyed by be64 ids, ascending. */
enum store_rc store_id_scan(struct store_txn *, enum store_db, struct id_list *);

/* store_host.c: hosts and templates with their name indexes, group and parent links,
 * macros and tags. Names are unique over hosts and templates together. */
enum store_rc store_host_get(struct store_txn *, uint64_t, struct host *);
enum store_rc store_host_by_name(struct store_txn *, const char *, uint64_t *);
enum store_rc store_host_by_vname(struct store_txn *, const char *, uint64_t *);
enum store_rc store_host_create(struct store_txn *, struct host *);	/* assigns hostid */
enum store_rc store_host_update(struct store_txn *, const struct host *, const struct host *);
enum store_rc store_host_delete(struct store_txn *, uint64_t);	/* and all its links, macros, tags */
enum store_rc store_host_groups(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_group_set(struct store_txn *, uint64_t, uint64_t, bool);
enum store_rc store_host_parents(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_children(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_link_set(struct store_txn *, uint64_t, uint64_t, bool);	/* child, parent */
enum store_rc store_host_tags(struct store_txn *, uint64_t, struct tag_list *);
enum store_rc store_host_tags_put(struct store_txn *, uint64_t, const struct tag_list *);

/* store_group.c */
enum store_rc store_group_get(struct store_txn *, uint64_t, struct group *);
enum store_rc store_group_by_name(struct store_txn *, const char *, uint64_t *);
enum store_rc store_group_create(struct store_txn *, struct group *);	/* assigns groupid */
enum store_rc store_group_update(struct store_txn *, const struct group *, const struct group *);
enum store_rc store_group_delete(struct store_txn *, uint64_t);
enum store_rc store_group_hosts(struct store_txn *, uint64_t, struct id_list *);

/* store_macro.c: host and template macros (hostid > 0). */
enum store_rc store_macro_get(struct store_txn *, uint64_t, struct macro *);
enum store_rc store_macro_create(struct store_txn *, struct macro *);	/* assigns hostmacroid */
enum store_rc store_macro_update(struct store_txn *, const struct macro *);
enum store_rc store_macro_delete(struct store_txn *, uint64_t);
enum store_rc store_host_macros(struct store_txn *, uint64_t, struct id_list *);

/* store_login.c: failed logins per user *and* client address, so that failures from one
 * address block that address only. Each returns a store_rc; get gives STORE_ENOTFOUND when
 * the pair has no failures recorded. */
enum store_rc store_login_fails_get(struct store_txn *, uint64_t, const char *, uint32_t *,
	    uint64_t *);
enum store_rc store_login_fails_put(struct store_txn *, uint64_t, const char *, uint32_t, uint64_t);
enum store_rc store_login_fails_del(struct store_txn *, uint64_t, const char *);
/* Deletes the pairs whose last failure is older than `before`; *n counts them. */
enum store_rc store_login_fails_purge(struct store_txn *, uint64_t, size_t *);

/* store_session.c */
enum store_rc store_session_get(struct store_txn *, const char *, struct session *);
enum store_rc store_session_put(struct store_txn *, const struct session *);
enum store_rc store_session_del(struct store_txn *, const char *);
enum store_rc store_session_purge(struct store_txn *, uint64_t, size_t *);

/* store_proctemplate.c: BlueKing service and process templates (tmpld/proctemplate.h).
 * Creates assign the id from a sequence; a process template is listed under its service
 * template in the same transaction. */
struct svctemplate;
struct proctemplate;
enum store_rc store_svctemplate_create(struct store_txn *, struct svctemplate *);
enum store_rc store_svctemplate_get(struct store_txn *, uint64_t, struct svctemplate *);
enum store_rc store_proctemplate_create(struct store_txn *, struct proctemplate *);
enum store_rc store_proctemplate_get(struct store_txn *, uint64_t, struct proctemplate *);
enum store_rc store_proctemplate_put(struct store_txn *, const struct proctemplate *);
enum store_rc store_proctemplate_del(struct store_txn *, const struct proctemplate *);
/* The ids of a service template's process templates, ascending; *ids is the caller's. */
enum store_rc store_proctemplate_ids(struct store_txn *, uint64_t, uint64_t **, size_t *);

/* store_item.c: items, by id, by host (pairs), by (hostid, key_) (unique) and by the item
 * they are inherited from (pairs); host interfaces by id and by host. */
enum store_rc store_item_get(struct store_txn *, uint64_t, struct item *);
enum store_rc store_item_by_key(struct store_txn *, uint64_t, const char *, uint64_t *);
enum store_rc store_item_create(struct store_txn *, struct item *);	/* assigns itemid */
enum store_rc store_item_update(struct store_txn *, const struct item *, const struct item *);
/* Deletes the item and, on every level below, the items inherited from it. */
enum store_rc store_item_delete_tree(struct store_txn *, uint64_t);
enum store_rc store_host_items(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_item_copies(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_drop_items(struct store_txn *, uint64_t);	/* every item of the host */
enum store_rc store_interface_get(struct store_txn *, uint64_t, struct hostinterface *);
enum store_rc store_interface_create(struct store_txn *, struct hostinterface *);	/* assigns id */
enum store_rc store_host_interfaces(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_drop_interfaces(struct store_txn *, uint64_t);

/* store_iface.c: host interfaces changed and deleted (with their SNMP details, a record
 * of their own), and host inventories (absent: disabled). Each returns a store_rc. */
enum store_rc store_interface_put(struct store_txn *, const struct hostinterface *);
/* The interface, its host's pair and its details. */
enum store_rc store_interface_delete(struct store_txn *, uint64_t);
/* STORE_ENOTFOUND when the interface has no details. */
enum store_rc store_interface_snmp_get(struct store_txn *, uint64_t, struct snmp_details *);
enum store_rc store_interface_snmp_put(struct store_txn *, uint64_t, const struct snmp_details *);
enum store_rc store_interface_snmp_del(struct store_txn *, uint64_t);	/* none: STORE_OK */
/* STORE_ENOTFOUND (inventory left disabled and empty) when the host has none. */
enum store_rc store_inventory_get(struct store_txn *, uint64_t, struct inventory *);
/* A disabled inventory is deleted. */
enum store_rc store_inventory_put(struct store_txn *, uint64_t, const struct inventory *);
enum store_rc store_inventory_del(struct store_txn *, uint64_t);	/* none: STORE_OK */

#endif
