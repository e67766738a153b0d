/* store.h: the storage layer: one LMDB environment, named databases, id sequences and indexes.
 * Only src/storage/ sees LMDB; every function here returns a store_rc, never an MDB_* code.
 *
 * Conventions, for every function here unless it says otherwise:
 *  - errors: STORE_OK, or STORE_ENOTFOUND / STORE_EEXIST where a function names them;
 *    STORE_ECORRUPT for a stored record or index value that does not decode; STORE_EFULL
 *    (map, transaction or reader table full) and STORE_EIO (any other LMDB failure, e.g.
 *    an empty or over-long key) are logged where they happen, the others are not;
 *  - a write needs a write txn; a read works in either. A failed write may leave earlier
 *    writes of the same call in the txn: the caller aborts it (the methods abort their
 *    nested txn), never commits it;
 *  - records read into a caller's struct (user, host, group, macro, item, ...) are decoded
 *    heap copies: they outlive the txn and the caller frees them with the model's *_free.
 *    They are filled only on STORE_OK; on a failure they hold nothing new to free;
 *  - raw bytes (store_get, store_get_id, store_cursor_next) point into LMDB's map: read-only,
 *    valid until the txn ends or, in a write txn, until its next write; copy to keep;
 *  - an id_list argument is appended to (never cleared); on failure it may hold part of the
 *    answer, and the caller still frees it;
 *  - keys, values and records passed in are borrowed and copied into the store.
 * Threads: a txn belongs to one thread at a time. Read txns (MDB_NOTLS) may be begun on any
 * thread, several per thread. There is one top-level write txn at a time in the environment
 * (store_txn_write waits for it); it and its nested txns stay on the thread that began them,
 * and a parent is not used while a child is open. */
#ifndef TMPLD_STORE_H
#define TMPLD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tmpld/model.h"

#define STORE_SCHEMA_VERSION	2

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
	STORE_DB_VALUEMAPS,	/* valuemapid -> value map */
	STORE_DB_HOST_VALUEMAPS, /* hostid -> valuemapid (dupsort) */
	STORE_DB_VALUEMAPS_BY_NAME, /* hostid (be64) + name -> valuemapid */
	STORE_DB_ITEM_PREPROC,	/* itemid -> preprocessing steps (items that have some) */
	STORE_DB_ROLES,		/* roleid -> role document (store_doc) */
	STORE_DB_ROLES_BY_NAME,	/* role name -> roleid */
	STORE_DB_USRGRPS,	/* usrgrpid -> user group document (store_doc) */
	STORE_DB_USRGRPS_BY_NAME, /* user group name -> usrgrpid */
	STORE_DB_USER_USRGRPS,	/* userid -> usrgrpid (dupsort) */
	STORE_DB_USRGRP_USERS,	/* usrgrpid -> userid (dupsort) */
	STORE_DB_TOKENS,	/* tokenid -> API token document (store_doc; its hash, never it) */
	STORE_DB_TOKENS_BY_HASH, /* SHA-256 of the token (32 bytes) -> tokenid */
	STORE_DB_USER_MEDIAS,	/* userid -> {"medias": [...]} (store_doc; users that have some) */
	STORE_DB_DASHBOARDS,	/* dashboardid -> template dashboard (pages, widgets, fields) */
	STORE_DB_HOST_DASHBOARDS, /* templateid -> dashboardid (dupsort) */
	STORE_DB_DASHBOARDS_BY_NAME, /* templateid (be64) + name -> dashboardid */
	STORE_DB_TRIGGERS,	/* triggerid -> trigger */
	STORE_DB_HOST_TRIGGERS,	/* hostid -> triggerid of its items (dupsort) */
	STORE_DB_ITEM_TRIGGERS,	/* itemid -> triggerid using it (dupsort) */
	STORE_DB_TRIGGER_COPIES, /* triggerid -> the triggerids inherited from it (dupsort) */
	STORE_DB_TRIGGER_DEPENDENTS, /* triggerid -> the triggerids depending on it (dupsort) */
	STORE_DB_TRIGGERS_BY_KEY, /* hostid (be64) + hash of its identity -> triggerid */
	STORE_DB_GRAPHS,	/* graphid -> graph (graphs and graph prototypes) */
	STORE_DB_HOST_GRAPHS,	/* hostid -> graphid (dupsort; every host of its items) */
	STORE_DB_GRAPHS_BY_NAME, /* hostid (be64) + name -> graphid */
	STORE_DB_ITEM_GRAPHS,	/* itemid -> graphid (dupsort; gitems and axis items) */
	STORE_DB_GRAPH_COPIES,	/* graphid -> the graphids inherited from it (dupsort) */
	STORE_DB_GITEMS,	/* gitemid -> its graphid (be64) */
	STORE_DB_HOST_RULES,	/* hostid -> LLD ruleid (dupsort; rules are items of flags 1) */
	STORE_DB_RULE_PROTOS,	/* LLD ruleid -> item prototype id (dupsort; flags 2) */
	STORE_DB_LLD,		/* rule or prototype itemid -> its LLD document (store_doc) */
	STORE_DB_HTTPTESTS,	/* httptestid -> web scenario (model.h struct httptest) */
	STORE_DB_HOST_HTTPTESTS, /* hostid -> httptestid (dupsort) */
	STORE_DB_USRGRP_INDEX,	/* usrgrpid -> access flags and rights (store_usrgrp.c) */
	STORE_DB_HOSTPROTOS,	/* host prototype hostid -> its document (store_hostproto.c) */
	STORE_DB_RULE_HOSTPROTOS, /* LLD ruleid -> host prototype hostid (dupsort) */
	STORE_DB_HOSTPROTO_COPIES, /* host prototype -> its inherited copies (dupsort) */
	STORE_DB_ITEM_KEY_SHARERS, /* the itemid items_by_key holds -> item prototypes of other
				    * rules of its host with the same key (dupsort) */
	STORE_DB_BK_CATEGORIES,	/* BlueKing service category id -> its document (store_doc) */
	STORE_DB_BK_SVCINSTS,	/* BlueKing service instance id -> its document, processes inside */
	STORE_DB_BK_HOST_SVCINSTS, /* hostid -> service instance id (dupsort) */
	STORE_DB_BK_TPL_SVCINSTS, /* service template id -> service instance id (dupsort) */
	STORE_DB_BK_PROCINSTS,	/* process instance id (be64) -> its service instance id (be64) */
	STORE_DB__COUNT
};

struct store_opts {
	const char	*dir;
	size_t		 map_size;	/* the map's first size (--map-size) */
	size_t		 map_size_max;	/* the map grows up to this (--map-size-max); 0: the
					 * first size plus 80% of the free space of dir's disk */
	bool		 nosync;	/* --unsafe-nosync */
};

struct store;
struct store_txn;
struct store_cursor;

/* A plain, static text of a store_rc for messages ("not found", "the store is full (raise
 * --map-size-max)", ...; "storage I/O error" for anything unknown). Never LMDB's text. */
const char *store_strerror(int);

/* store.c */
/* Opens (creating if need be, mode 0750, with missing parents) the store in o->dir: the
 * environment (64 databases, 1024 readers, map o->map_size; MDB_NOSYNC with o->nosync),
 * every named database, and the schema version (written on a fresh store).
 * @param[in]  o      borrowed; nothing of it is kept
 * @param[out] st     on STORE_OK, the store (store_close frees it)
 * @param[out] cause  on failure a text for the operator (heap; caller frees); NULL on success
 * @return STORE_OK, STORE_EIO (directory or environment), STORE_ESCHEMA (written by a newer
 *   tmpld), STORE_ECORRUPT (a bad schema record), STORE_EFULL. */
enum store_rc store_open(const struct store_opts *, struct store **, char **);
/* Schema upgrades (store_schema.c). The meta database holds the store's schema version;
 * store_open runs store_schema_upgrade with store_migrations and STORE_SCHEMA_VERSION.
 * A step upgrades from version `from` to from + 1 inside the upgrade's one write txn; it
 * returns STORE_OK, or an error with *cause set (heap) or left NULL. */
struct store_migration {
	uint32_t	 from;
	const char	*what;		/* for the log: "items get a state field" */
	enum store_rc	(*run)(struct store_txn *, char **cause);
};
/* This release's steps, oldest first, ended by an entry whose run is NULL. */
extern const struct store_migration store_migrations[];
/* Brings the store to version target: a new store (no version yet) is written at target; an
 * older one runs each step from its version up, all in one txn (on any failure nothing
 * changes and the store keeps its version); a newer one is refused.
 * @param[out] cause  on failure a text for the operator (heap; caller frees); NULL on success
 * @return STORE_OK, STORE_ESCHEMA (newer than target, or no step from some version),
 *   STORE_ECORRUPT (a bad schema record), a step's error, STORE_EFULL, STORE_EIO. */
enum store_rc store_schema_upgrade(struct store *, const struct store_migration *, uint32_t,
	    char **cause);
/* The version in meta (STORE_ENOTFOUND in a store never opened; STORE_ECORRUPT), and its
 * write (for the upgrade and its tests). */
enum store_rc store_schema_get(struct store_txn *, uint32_t *);
enum store_rc store_schema_set(struct store_txn *, uint32_t);
/* Closes the environment; every txn must have ended (and every thread left it). NULL: no-op. */
void	 store_close(struct store *);
/* The map grows while the store is open. A write that fails with STORE_EFULL because the
 * map is full marks the calling thread; store_map_full_take tells (and clears) whether that
 * happened since it last asked. The writer then ends its transaction (every transaction of
 * the thread: store_map_grow waits until no transaction of this process is open, and
 * refuses with STORE_EFULL if the caller holds one), calls store_map_grow, and runs its
 * writes again. store_map_grow doubles the map, up to the maximum (store_opts), and logs
 * the new size; STORE_EFULL at the maximum (logged). Other worker processes sharing the
 * store take the larger size when they next begin a transaction (LMDB's MDB_MAP_RESIZED),
 * in store_txn_read/store_txn_write. Any thread. */
bool	 store_map_full_take(void);
enum store_rc store_map_grow(struct store *);
/* This process's map size now, and its ceiling (bytes). Any thread. */
size_t	 store_map_size(struct store *);
size_t	 store_map_size_max(const struct store *);
/* A plain counter written by the committing thread: exact only when no commit runs (tests). */
uint64_t store_commits(const struct store *);	/* top-level write commits so far */
/* The id of the store's last committed write transaction, of any process: it moves with each
 * commit that wrote something (a commit of nothing leaves it). Any thread. */
uint64_t store_last_txnid(struct store *);
/* Numbers for the metrics, whole-store (every process sees the same): sessions and API
 * tokens stored (O(1): the databases' entry counts), the data file's size, the map size, and
 * the pages in use (the last page used + 1, times the page size). Bounded and cheap: one read
 * txn, no scan. @return STORE_OK with *out filled, STORE_EFULL, STORE_EIO. */
struct store_stats {
	uint64_t	sessions, tokens, file_bytes, map_bytes, used_bytes;
};
enum store_rc store_stats_get(struct store *, struct store_stats *);
/* A read-only snapshot. End it with store_txn_abort (store_txn_commit frees it too).
 * @return STORE_OK with *txn, STORE_EFULL (reader table full), STORE_EIO. */
enum store_rc store_txn_read(struct store *, struct store_txn **);
/* The same snapshot for a run of reads of one thread (the event loop's): when this thread
 * kept one from its last store_txn_read_kept and nothing has been committed since (by any
 * process) and no map resize waits, that one again, else a new one, which is kept. Ending
 * it (store_txn_abort or store_txn_commit) keeps it open for the next read, with the
 * records it has read (store_get_id's memo). The thread must end its kept snapshot with
 * store_txn_release before it waits for anything, writes, or lets time pass: a kept
 * snapshot holds off map resizes and keeps the pages it sees from reuse. A read begun while
 * the kept one is in use is a plain one. Errors as store_txn_read. store_txn_keeps: whether
 * the calling thread keeps one of st's. store_txn_release: ends it (no-op without one; if
 * it is in use, it ends when its reader ends it). */
enum store_rc store_txn_read_kept(struct store *, struct store_txn **);
bool	 store_txn_keeps(const struct store *);
void	 store_txn_release(struct store *);
/* A write txn: top-level with parent NULL (blocks until no other thread holds one), or
 * nested in the write txn parent, whose writes it sees and which it may undo alone.
 * @return STORE_OK with *txn, STORE_EFULL, STORE_EIO. */
enum store_rc store_txn_write(struct store *, struct store_txn *, struct store_txn **);
/* Ends and frees the txn whatever the outcome (t is invalid afterwards; on failure its
 * writes are lost). A nested commit merges into the parent; a top-level one is durable
 * (fsync, unless nosync) and counts in store_commits.
 * @return STORE_OK, STORE_EFULL, STORE_EIO. */
enum store_rc store_txn_commit(struct store_txn *);
/* Discards the txn's writes and frees it; a child ends before its parent. NULL: no-op. */
void	 store_txn_abort(struct store_txn *);
/* Raw access to one database (key 1..511 bytes). get: *val / *vlen point into the map (see
 * above); STORE_ENOTFOUND. put: copies key and value; with nooverwrite STORE_EEXIST when the
 * key is there (the value is not replaced); not for the dupsort pair databases (use
 * store_pair_*). del: STORE_ENOTFOUND; on a dupsort database it removes every pair. */
enum store_rc store_get(struct store_txn *, enum store_db, const void *, size_t,
	    const void **, size_t *);
enum store_rc store_put(struct store_txn *, enum store_db, const void *, size_t,
	    const void *, size_t, bool);
enum store_rc store_del(struct store_txn *, enum store_db, const void *, size_t);
/* The next value of the named id sequence (the first is 1), stored in this write txn: an
 * aborted txn gives the value again. */
enum store_rc store_seq_next(struct store_txn *, const char *, uint64_t *);
/* n (>= 1) consecutive ids of the sequence in one step: *first and the n - 1 after it. */
enum store_rc store_seq_take(struct store_txn *, const char *, uint64_t n, uint64_t *first);
/* The same by a big-endian 64-bit id key; put stores an encoded record. */
enum store_rc store_get_id(struct store_txn *, enum store_db, uint64_t, const void **, size_t *);
enum store_rc store_put_id(struct store_txn *, enum store_db, uint64_t, const struct codec_buf *,
	    bool);
enum store_rc store_del_id(struct store_txn *, enum store_db, uint64_t);
/* store_put_id of a record that is there already: when the stored bytes are those of b, it
 * writes nothing (no page of the map is made dirty, so the commit has less to write). */
enum store_rc store_put_id_changed(struct store_txn *, enum store_db, uint64_t,
	    const struct codec_buf *);

/* Cursor over one database in key order (a dupsort database: each pair in turn). next gives
 * the first record, then each following one, as raw bytes that point into the map (see
 * above); STORE_ENOTFOUND past the end. Do not write to the database while iterating it
 * (collect the keys, then write). Close the cursor before its txn ends; NULL: no-op. */
enum store_rc store_cursor_open(struct store_txn *, enum store_db, struct store_cursor **);
enum store_rc store_cursor_next(struct store_cursor *, const void **, size_t *,
	    const void **, size_t *);
void	 store_cursor_close(struct store_cursor *);

/* store_user.c: users by id, with a unique index by username.
 * get, by_name (exact username): STORE_ENOTFOUND, STORE_ECORRUPT; u filled (user_free).
 * create: assigns u->userid from the "users" sequence and indexes the name; STORE_EEXIST
 *   when the username is taken.
 * put: overwrites the user under u->userid; the name index is not touched (no renames).
 * count: every user, by a scan (O(users)); *n is partial on failure. */
enum store_rc store_user_get(struct store_txn *, uint64_t, struct user *);
enum store_rc store_user_by_name(struct store_txn *, const char *, struct user *);
enum store_rc store_user_create(struct store_txn *, struct user *);
enum store_rc store_user_put(struct store_txn *, const struct user *);
enum store_rc store_user_count(struct store_txn *, size_t *);

/* store_offline.c: 1 when another process has the store in dir open, 0 when none (or no
 * store there yet), -1 when that cannot be told (the lock file cannot be read). */
int	store_dir_in_use(const char *);

/* store_backup.c: backup: a compacted copy (LMDB's copy with MDB_CP_COMPACT, from one read
 * snapshot) of the store in dir, taken beside the processes serving it (a read-only
 * environment of its own; a map they grew is picked up), written to file.tmp, fsynced and
 * renamed to file. restore: installs such a copy as dir/data.mdb (dir created if missing):
 * refused when file is not a tmpld store (no readable schema version in its meta database:
 * STORE_ECORRUPT), is newer than this binary (STORE_ESCHEMA), or the store in dir is in use
 * (STORE_EIO); the old data.mdb is kept as data.mdb.before-restore (a previous one of that
 * name is replaced only with force), and data.mdb is replaced by a rename, never missing.
 * @param[out] cause  on failure a text for the operator (heap; caller frees); NULL on success
 * @return STORE_OK, or the error above (STORE_EIO for any file or LMDB failure). */
enum store_rc store_backup(const char *dir, const char *file, char **cause);
enum store_rc store_restore(const char *file, const char *dir, bool force, char **cause);
/* The schema version recorded in the meta database of the LMDB data file `file` (a backup, or
 * a data.mdb no process has open: it is read without LMDB's lock), without opening it as a
 * store. STORE_OK; STORE_ECORRUPT, *cause set (heap), when it is no tmpld store. */
enum store_rc store_file_schema(const char *file, uint32_t *version, char **cause);

/* store_check.c: checks an open store in one read snapshot: every record db against its id
 * sequence, every index and side record against the records it names (unique indexes one
 * row per record, pair dbs both ways where they are kept both ways, and the field that files
 * a record under its key), and the links records hold (an item's host and template, a
 * trigger's function items and dependencies, a graph's items, ...). Writes the counts per
 * database and one "problem: ..." line per problem to out.
 * @param[out] problems  how many problems were found
 * @return STORE_OK when the check ran to its end (problems or not), else the read error. */
enum store_rc store_check(struct store *, FILE *out, size_t *problems);
/* The name of a named database (as LMDB knows it); "?" out of range. */
const char *store_db_name(enum store_db);

/* store_doc.c: JSON documents (model.h doc_*) by a be64 id, and unique name indexes
 * (name -> be64 id). doc_get: *doc new (the caller's) on STORE_OK; STORE_ENOTFOUND,
 * STORE_ECORRUPT. name_get: STORE_ENOTFOUND (also for ""). name_put: STORE_EEXIST when the
 * name is taken. name_del: a missing name is STORE_OK. seq_at_least: draws the named
 * sequence until it has given id (the next value is then above id). */
enum store_rc store_doc_get(struct store_txn *, enum store_db, uint64_t, cJSON **);
enum store_rc store_doc_put(struct store_txn *, enum store_db, uint64_t, const cJSON *);
enum store_rc store_name_get(struct store_txn *, enum store_db, const char *, uint64_t *);
enum store_rc store_name_put(struct store_txn *, enum store_db, const char *, uint64_t);
enum store_rc store_name_del(struct store_txn *, enum store_db, const char *);
enum store_rc store_seq_at_least(struct store_txn *, const char *, uint64_t);
/* store_access.c: defaults: the four default roles (ids 1..4), the default user groups
 * (7 Zabbix administrators, 8 Guests, 9 Disabled, 11 Enabled debug mode, 12 No access to
 * the frontend), the user "guest" (Guest role, in Guests and Disabled; kept if it exists)
 * and admin_userid (0: none) in Zabbix administrators; for a new store and for the schema
 * upgrade of an older one. member_set: adds (true) or removes a user's membership of a
 * group, both indexes. user_rename: moves the name index (STORE_EEXIST when taken).
 * user_delete: the user, its name, memberships, media and API tokens (its sessions fail at once,
 * as their user is gone, and are purged later). Tokens: by_hash (STORE_ENOTFOUND),
 * set_hash (replaces the document's hash and index, and writes the document), delete (the
 * document and its hash), list (ids of userid's tokens, 0: every token; a scan). */
enum store_rc store_access_defaults(struct store_txn *, uint64_t);
enum store_rc store_member_set(struct store_txn *, uint64_t, uint64_t, bool);
enum store_rc store_user_rename(struct store_txn *, uint64_t, const char *, const char *);
enum store_rc store_user_delete(struct store_txn *, const struct user *);
enum store_rc store_token_by_hash(struct store_txn *, const unsigned char[TOKEN_HASH_LEN],
	    uint64_t *);
enum store_rc store_token_set_hash(struct store_txn *, cJSON *,
	    const unsigned char[TOKEN_HASH_LEN]);
enum store_rc store_token_delete(struct store_txn *, uint64_t);
enum store_rc store_token_list(struct store_txn *, uint64_t, struct id_list *);

/* store_usrgrp.c: a compact index of each user group, written by store_doc_put with every
 * user group document (STORE_DB_USRGRPS): its gui_access, users_status, debug_mode and
 * rights, read without parsing JSON. A store written before the index has no record for its
 * groups until they are written again: get's STORE_ENOTFOUND then means "read the document".
 * get: *out filled; out->rights points into the map (store_get's lifetime), by ascending host
 * group id; STORE_ENOTFOUND, STORE_ECORRUPT. right: the i-th right (< out->n): its host group id, and its permission in
 * *perm. index_put: the record of a document (called by store_doc_put). delete: the document
 * and its record (STORE_ENOTFOUND when the document is gone). */
struct store_usrgrp_index {
	uint32_t		 gui_access, users_status, debug_mode;
	size_t			 n;
	const unsigned char	*rights;
};
enum store_rc store_usrgrp_index_get(struct store_txn *, uint64_t, struct store_usrgrp_index *);
uint64_t store_usrgrp_right(const struct store_usrgrp_index *, size_t, int *);
enum store_rc store_usrgrp_index_put(struct store_txn *, uint64_t, const cJSON *);
enum store_rc store_usrgrp_delete(struct store_txn *, uint64_t);

/* Dupsort pairs (id -> id), for the databases marked dupsort above only: add is idempotent,
 * del of a missing pair is STORE_ENOTFOUND, list appends the ids in ascending order to the
 * list (none: STORE_OK), del_all removes every pair of the id (none: STORE_OK). */
enum store_rc store_pair_add(struct store_txn *, enum store_db, uint64_t, uint64_t);
enum store_rc store_pair_del(struct store_txn *, enum store_db, uint64_t, uint64_t);
enum store_rc store_pair_list(struct store_txn *, enum store_db, uint64_t, struct id_list *);
/* Whether db holds any key that starts with the 8-byte big-endian prefix (*any), by one
 * cursor seek. STORE_OK, or an error of the store. */
enum store_rc store_prefix_any(struct store_txn *, enum store_db, uint64_t prefix, bool *any);
enum store_rc store_pair_del_all(struct store_txn *, enum store_db, uint64_t);
/* A list of lists: the ids then(id2) lists for each id2 first(id) lists, appended to out in
 * that order (a group's hosts' items, a host's rules' prototypes). A store_rc. */
typedef enum store_rc (*store_list_fn)(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_list_through(struct store_txn *, uint64_t, store_list_fn, store_list_fn,
    struct id_list *);
/* Appends every id key of a db keyed by be64 ids, ascending, once each (keys of another
 * size are skipped). A full scan, O(records): the get engine runs it off the event loop. */
enum store_rc store_id_scan(struct store_txn *, enum store_db, struct id_list *);

/* store_host.c: hosts and templates with their name indexes, group and parent links,
 * macros and tags. Names are unique over hosts and templates together.
 * get: STORE_ENOTFOUND, STORE_ECORRUPT; h filled (host_free).
 * by_name, by_vname: the id holding exactly this technical (visible) name; "" and unknown
 *   names STORE_ENOTFOUND.
 * create: assigns h->hostid (the "hosts" sequence + 10000) and indexes both names, which
 *   must not be empty (an empty key is STORE_EIO); STORE_EEXIST when either is taken.
 * update(old, new): reindexes the names that changed (STORE_EEXIST when a new one is
 *   taken) and overwrites the record; old is the record as stored, new has the same hostid.
 * delete: the host and its name index entries, group memberships, parent and child links
 *   (both directions), macros, tags, interfaces, and its items with every item inherited
 *   from them on other hosts (store_item_delete_tree); STORE_ENOTFOUND.
 * groups, parents, children: pair lists (appended, ascending).
 * group_set, link_set: add (on) or remove a pair in both directions; removing a pair that
 *   is not there is STORE_ENOTFOUND.
 * tags: *out overwritten (tag_list_free), empty when the host has none; tags_put: replaces
 *   them (an empty list deletes the record). */
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

/* store_group.c: host groups with a unique name index, and their members.
 * get: STORE_ENOTFOUND, STORE_ECORRUPT; g filled (group_free). by_name: exact name; "" and
 *   unknown names STORE_ENOTFOUND.
 * create: assigns g->groupid (the "groups" sequence); STORE_EEXIST when the name is taken.
 * update(old, new): reindexes a changed name (STORE_EEXIST when taken) and overwrites.
 * delete: the group, its name and its memberships (the caller checks that no host is left
 *   without a group); STORE_ENOTFOUND. hosts: its members (appended, ascending). */
enum store_rc store_group_get(struct store_txn *, uint64_t, struct group *);
enum store_rc store_group_by_name(struct store_txn *, const char *, uint64_t *);
enum store_rc store_group_create(struct store_txn *, struct group *);	/* assigns groupid */
enum store_rc store_group_update(struct store_txn *, const struct group *, const struct group *);
enum store_rc store_group_delete(struct store_txn *, uint64_t);
enum store_rc store_group_hosts(struct store_txn *, uint64_t, struct id_list *);

/* store_macro.c: host and template macros (hostid > 0), with the host -> macros pairs.
 * get: STORE_ENOTFOUND, STORE_ECORRUPT; m filled (macro_free). create: assigns
 * m->hostmacroid (the "hostmacro" sequence) and lists it under m->hostid. update: overwrites
 * the record (m->hostid must not change: the pair is not moved). ids_take: n consecutive new
 * ids from that sequence, the first in *first; create_at: create under m->hostmacroid taken
 * so. delete: the record and its pair under hostid (the host it is stored under; 0 for a
 * global macro); STORE_ENOTFOUND. delete_all: every macro of hostid, whose ids (all that are
 * stored under it, as host_macros lists them) the caller gives: the host's pairs go in one
 * step, then each record. host_macros: the host's macro ids (appended, ascending).
 * Uniqueness of names on a host is the domain's (domain_macros_*), not checked here. */
enum store_rc store_macro_get(struct store_txn *, uint64_t, struct macro *);
enum store_rc store_macro_create(struct store_txn *, struct macro *);	/* assigns hostmacroid */
enum store_rc store_macro_update(struct store_txn *, const struct macro *);
enum store_rc store_macro_ids_take(struct store_txn *, size_t, uint64_t *);
enum store_rc store_macro_create_at(struct store_txn *, const struct macro *);
enum store_rc store_macro_delete_all(struct store_txn *, uint64_t hostid, const uint64_t *,
	    size_t);
enum store_rc store_macro_delete(struct store_txn *, uint64_t, uint64_t);
enum store_rc store_host_macros(struct store_txn *, uint64_t, struct id_list *);

/* store_login.c: failed logins per user *and* client address, so that failures from one
 * address block that address only. Each returns a store_rc; get gives STORE_ENOTFOUND when
 * the pair has no failures recorded (*failed and *clock are 0 then, and on any failure).
 * The address is cut at 64 bytes. put overwrites the count and the last failure's clock;
 * del of a missing pair is STORE_OK. */
enum store_rc store_login_fails_get(struct store_txn *, uint64_t, const char *, uint32_t *,
	    uint64_t *);
enum store_rc store_login_fails_put(struct store_txn *, uint64_t, const char *, uint32_t, uint64_t);
enum store_rc store_login_fails_del(struct store_txn *, uint64_t, const char *);
/* Removes every failure count of the user, from any address (user.unblock). */
enum store_rc store_login_fails_clear(struct store_txn *, uint64_t);
/* Deletes the pairs whose last failure is older than `before` (and malformed ones); *n
 * counts them (0 on failure). A full scan: a background write (dispatch_tick). */
enum store_rc store_login_fails_purge(struct store_txn *, uint64_t, size_t *);

/* store_session.c: sessions keyed by their 32-hex-digit id.
 * get: an id that is not well-formed (session_id_wellformed) is STORE_ENOTFOUND without a
 *   lookup; STORE_ECORRUPT; s filled, sessionid included (nothing to free).
 * put: writes s under s->sessionid (overwrite). del: STORE_ENOTFOUND (also for a malformed
 *   id).
 * purge(now, n): deletes every session expired at now (its user's autologout) or whose
 *   user cannot be read; *n counts them (0 on failure). A full scan: a background write. */
enum store_rc store_session_get(struct store_txn *, const char *, struct session *);
enum store_rc store_session_put(struct store_txn *, const struct session *);
enum store_rc store_session_del(struct store_txn *, const char *);
enum store_rc store_session_purge(struct store_txn *, uint64_t, size_t *);

/* store_proctemplate.c: BlueKing service and process templates (tmpld/proctemplate.h).
 * Creates assign the id from a sequence; a process template is listed under its service
 * template in the same transaction.
 * svctemplate_create: STORE_EEXIST only if the id is somehow taken. *_get: STORE_ENOTFOUND,
 *   STORE_ECORRUPT; the record filled (*_free). proctemplate_put: overwrites the record under
 *   p->id (svc_id must not change: the list is not moved). proctemplate_del: removes p->id
 *   from its service template's list, then the record (STORE_ENOTFOUND when gone). */
struct svctemplate;
struct proctemplate;
enum store_rc store_svctemplate_create(struct store_txn *, struct svctemplate *);
enum store_rc store_svctemplate_get(struct store_txn *, uint64_t, struct svctemplate *);
enum store_rc store_proctemplate_create(struct store_txn *, struct proctemplate *);
enum store_rc store_proctemplate_get(struct store_txn *, uint64_t, struct proctemplate *);
enum store_rc store_proctemplate_put(struct store_txn *, const struct proctemplate *);
enum store_rc store_proctemplate_del(struct store_txn *, const struct proctemplate *);
/* The ids of a service template's process templates, ascending; *ids is the caller's
 * (free()), NULL with *n 0 when it has none; STORE_ECORRUPT for a malformed list. */
enum store_rc store_proctemplate_ids(struct store_txn *, uint64_t, uint64_t **, size_t *);
/* svctemplate_put: overwrites the record under s->id. svctemplate_del: removes the record and
 * its process template list (the process templates themselves are the caller's to delete
 * first). svctemplate_all: every service template, in id order, into *out (n records; the
 * caller frees each with svctemplate_free, then the array). */
enum store_rc store_svctemplate_put(struct store_txn *, const struct svctemplate *);
enum store_rc store_svctemplate_del(struct store_txn *, uint64_t);
enum store_rc store_svctemplate_all(struct store_txn *, struct svctemplate **, size_t *);

/* store_svcinst.c: BlueKing service categories (documents; the built-in tree is not stored)
 * and service instances: a document per instance holding its process instances, indexed by
 * host, by service template and by process instance id.
 * bkcat_all: every stored category document, in id order, appended to the array *out (the
 *   caller's). svcinst_put: writes doc under id and brings the three indexes from old (the
 *   stored document it replaces, or NULL for a new one) to doc; both documents are borrowed.
 * svcinst_del: removes the document and its index entries (STORE_ENOTFOUND when gone).
 * svcinst_by_host / _by_template: the instance ids, ascending, appended to out.
 * procinst_owner: the service instance of a process instance id (STORE_ENOTFOUND).
 * svcinst_host_gone: deletes every service instance of a host (host deletion's hook). */
enum store_rc store_bkcat_all(struct store_txn *, cJSON *);
enum store_rc store_svcinst_put(struct store_txn *, uint64_t, const cJSON *, const cJSON *);
enum store_rc store_svcinst_del(struct store_txn *, uint64_t);
enum store_rc store_svcinst_by_host(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_svcinst_by_template(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_procinst_owner(struct store_txn *, uint64_t, uint64_t *);
enum store_rc store_svcinst_host_gone(struct store_txn *, uint64_t);

/* store_item.c: items, by id, by host (pairs), by (hostid, key_) (unique) and by the item
 * they are inherited from (pairs); host interfaces by id and by host.
 * item_get: STORE_ENOTFOUND, STORE_ECORRUPT; it filled (item_free), with its preprocessing
 *   steps (a record of their own, written by item_create and item_update, deleted with it). item_by_key: the host's
 *   item with exactly this key_ (keys over 408 bytes compare by a 400-byte prefix and a hash);
 *   STORE_ENOTFOUND.
 * item_create: assigns it->itemid (the "items" sequence + 40000), indexes host, key and
 *   templateid (when not 0); STORE_EEXIST when the host has the key.
 * item_update(old, new): moves the key index (STORE_EEXIST when taken) and the copy pair
 *   when templateid changed, then overwrites; old is as stored, hostid does not change.
 * host_items, item_copies: pair lists (appended, ascending).
 * interface_get: STORE_ENOTFOUND, STORE_ECORRUPT; hi filled (hostinterface_free).
 * interface_create: assigns hi->interfaceid (the "interfaces" sequence). */
enum store_rc store_item_get(struct store_txn *, uint64_t, struct item *);
/* The item's record alone (fields, tags): no preprocessing steps (it->pp empty) and no LLD
 * document (it->lld NULL), one lookup where store_item_get makes two or three; for answers
 * that show neither. STORE_ENOTFOUND, STORE_ECORRUPT; it filled (item_free). */
enum store_rc store_item_get_record(struct store_txn *, uint64_t, struct item *);
/* The record's ids and fields alone (item_decode_fields: no tags either): a row of item.get. */
enum store_rc store_item_get_fields(struct store_txn *, uint64_t, struct item *);
/* Whether the host holds any key in the item key index (*any): items, rules, prototypes,
 * web items. STORE_OK or an error of the store. */
enum store_rc store_item_host_any(struct store_txn *, uint64_t hostid, bool *any);
/* Only the item's host and one field (*value a heap copy the caller frees, NULL on error),
 * much cheaper than store_item_get. STORE_ENOTFOUND, STORE_ECORRUPT. */
enum store_rc store_item_field(struct store_txn *, uint64_t, enum item_field, uint64_t *hostid,
    char **value);
/* Only the item's host and tags (*tags the caller frees with tag_list_free; empty on an
 * error), the fields not decoded. STORE_ENOTFOUND, STORE_ECORRUPT. */
enum store_rc store_item_tags(struct store_txn *, uint64_t, uint64_t *hostid,
    struct tag_list *tags);
/* Only the host and templateid of a record in db that starts with codec_get_head's head
 * (items, triggers). STORE_ENOTFOUND, STORE_ECORRUPT. */
enum store_rc store_record_links(struct store_txn *, enum store_db, uint64_t, uint64_t *hostid,
    uint64_t *templateid);
/* Only the item's host and templateid, cheaper still. STORE_ENOTFOUND, STORE_ECORRUPT. */
enum store_rc store_item_links(struct store_txn *, uint64_t, uint64_t *hostid,
    uint64_t *templateid);
/* The item that holds the key on the host (the first one written with it). */
enum store_rc store_item_by_key(struct store_txn *, uint64_t, const char *, uint64_t *);
/* Assigns itemid. An item prototype whose key the host holds already becomes a sharer of the
 * holder's key (Zabbix 6.0 lets prototypes of different rules share one: the caller checks
 * when that is allowed); any other item gets STORE_EEXIST. When a holder goes (deleted or
 * renamed), its first sharer holds the key. */
enum store_rc store_item_create(struct store_txn *, struct item *);
/* The item a trigger's function or a graph names by key on the host: with copy_of (not 0)
 * the copy of that item among those sharing the key, else (or when none is) the last one
 * written with it, as Zabbix resolves a key to its last row. */
enum store_rc store_item_by_key_for(struct store_txn *, uint64_t, const char *, uint64_t,
    uint64_t *);
/* The item prototype of the rule with the key on its host (holder or sharer), or
 * STORE_ENOTFOUND. */
enum store_rc store_item_proto_by_key(struct store_txn *, uint64_t, uint64_t, const char *,
    uint64_t *);
enum store_rc store_item_update(struct store_txn *, const struct item *, const struct item *);
/* Deletes the item and, on every level below, the items inherited from it, with their
 * index entries. STORE_ENOTFOUND when the item (or a copy listed) is gone. */
enum store_rc store_item_delete_tree(struct store_txn *, uint64_t);
enum store_rc store_host_items(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_item_copies(struct store_txn *, uint64_t, struct id_list *);
/* Every item of the host, each with its copies on other hosts (store_item_delete_tree). */
enum store_rc store_host_drop_items(struct store_txn *, uint64_t);	/* every item of the host */

/* store_trigger.c: triggers by id, by host (every host of its items; pairs), by item, by
 * identity on a host (ikey, unique per host), by the trigger they were copied from, and by
 * the trigger they depend on. get: STORE_ENOTFOUND, STORE_ECORRUPT; tr filled, ikey NULL
 * (domain_trigger_ikey computes it; trigger_free). function_id: a new functionid. create: assigns triggerid (the functions
 * keep the ids they have). update: old as stored, new written with every index moved.
 * delete_tree: the trigger and its copies on every level, and every dependency on them.
 * drop_item: delete_tree of every trigger using the item (before the item goes). The list
 * functions append ids. */
enum store_rc store_trigger_get(struct store_txn *, uint64_t, struct trigger *);
/* The trigger's ids and fields alone (trigger_decode_fields): a row of trigger.get. */
enum store_rc store_trigger_get_fields(struct store_txn *, uint64_t, struct trigger *);
/* Whether the host holds any trigger identity (*any). STORE_OK or an error of the store. */
enum store_rc store_trigger_host_any(struct store_txn *, uint64_t hostid, bool *any);
enum store_rc store_trigger_by_key(struct store_txn *, uint64_t, const char *, uint64_t *);
/* Only the trigger's host and templateid (no decoding). STORE_ENOTFOUND, STORE_ECORRUPT. */
enum store_rc store_trigger_links(struct store_txn *, uint64_t, uint64_t *hostid,
    uint64_t *templateid);
enum store_rc store_trigger_function_id(struct store_txn *, uint64_t *);
/* n new function ids at once (ids has room for n), as n calls of store_trigger_function_id. */
enum store_rc store_trigger_function_ids(struct store_txn *, size_t n, uint64_t *ids);
enum store_rc store_trigger_create(struct store_txn *, struct trigger *);
enum store_rc store_trigger_update(struct store_txn *, const struct trigger *,
	    const struct trigger *);
enum store_rc store_trigger_delete_tree(struct store_txn *, uint64_t);
enum store_rc store_host_triggers(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_trigger_copies(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_item_triggers(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_trigger_dependents(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_trigger_drop_item(struct store_txn *, uint64_t);
/* An item's key changes: the identity entries of the triggers using it are removed (add
 * false, before the item is written) and made again (add true, after). */
/* The trigger prototypes of an LLD rule (those using its item prototypes), appended once
 * each. */
enum store_rc store_rule_triggers(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_trigger_item_rekey(struct store_txn *, uint64_t, bool);
/* store_lld.c: LLD rules and item prototypes are items (store_item.c) of flags "1" and "2",
 * indexed by host (rules: host_rules) and by rule (prototypes: rule_protos) instead of
 * host_items, with their document (struct item's lld) in a record of its own.
 * doc_load: it->lld read for a rule or prototype (an empty object when it has none; other
 * items: untouched). doc_put: it->lld written (NULL: an empty object). index: the host or
 * rule index entry of it added (add) or removed with its document (a prototype's rule is
 * the document's "ruleid"). host_rules, rule_protos: appended, ascending; host_protos: the
 * prototypes of every rule of the host. All return a store_rc. */
enum store_rc store_lld_doc_load(struct store_txn *, struct item *);
enum store_rc store_lld_doc_put(struct store_txn *, const struct item *);
enum store_rc store_lld_index(struct store_txn *, const struct item *, bool);
enum store_rc store_host_rules(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_rule_protos(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_protos(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_interface_get(struct store_txn *, uint64_t, struct hostinterface *);
enum store_rc store_interface_create(struct store_txn *, struct hostinterface *);	/* assigns id */
enum store_rc store_host_interfaces(struct store_txn *, uint64_t, struct id_list *);
/* Every interface of the host and their pairs; STORE_ENOTFOUND if a listed one is gone. */
enum store_rc store_host_drop_interfaces(struct store_txn *, uint64_t);

/* store_valuemap.c: value maps, by id, by host (pairs) and by (hostid, name) (unique). */
enum store_rc store_valuemap_get(struct store_txn *, uint64_t, struct valuemap *);
enum store_rc store_valuemap_by_name(struct store_txn *, uint64_t, const char *, uint64_t *);
/* Assigns valuemapid; STORE_EEXIST when the host has the name already. */
enum store_rc store_valuemap_create(struct store_txn *, struct valuemap *);
enum store_rc store_valuemap_update(struct store_txn *, const struct valuemap *,
	    const struct valuemap *);	/* old, new */
enum store_rc store_valuemap_delete(struct store_txn *, uint64_t);
enum store_rc store_host_valuemaps(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_drop_valuemaps(struct store_txn *, uint64_t);	/* every map of the host */

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

/* store_dashboard.c: template dashboards, by id, by template (pairs) and by (templateid,
 * name) (unique; names over 408 bytes compare by a 400-byte prefix and a hash).
 * get: STORE_ENOTFOUND, STORE_ECORRUPT; d filled (dashboard_free). by_name: STORE_ENOTFOUND.
 * by_uuid: the dashboard with this uuid, of any template (a scan); STORE_ENOTFOUND.
 * create: assigns d->dashboardid (the "dashboards" sequence), the ids of its pages and
 *   widgets (the "dashboard_pages" and "widgets" sequences) and orders each page's widgets
 *   by id; STORE_EEXIST when the template has the name.
 * update(old, new): the same ids for the pages and widgets of new that have none (0), the
 *   name index moved (STORE_EEXIST when taken); old is as stored, templateid unchanged.
 * delete: the record and its index entries; STORE_ENOTFOUND.
 * host_dashboards: the template's dashboard ids (appended, ascending); host_drop_dashboards:
 *   deletes them all (template.delete).
 * forget: the widget fields of the template's (hostid's) dashboards of this field type that
 *   name id are dropped, as Zabbix's foreign keys drop them when the object goes (an item
 *   deleted).
 * graph_of / graph_by_name: the graph (prototype: a graph prototype) a widget field names:
 *   its hosts (appended) and its name (heap, the caller's); or the graph named so on the
 *   host, read from the graph store; STORE_ENOTFOUND for an unknown one or one of the
 *   other kind. store_graph.c calls forget when a graph is deleted. */
enum store_rc store_dashboard_get(struct store_txn *, uint64_t, struct dashboard *);
enum store_rc store_dashboard_by_name(struct store_txn *, uint64_t, const char *, uint64_t *);
enum store_rc store_dashboard_by_uuid(struct store_txn *, const char *, uint64_t *);
enum store_rc store_dashboard_create(struct store_txn *, struct dashboard *);
enum store_rc store_dashboard_update(struct store_txn *, const struct dashboard *,
	    struct dashboard *);	/* old, new */
enum store_rc store_dashboard_delete(struct store_txn *, uint64_t);
enum store_rc store_host_dashboards(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_drop_dashboards(struct store_txn *, uint64_t);
enum store_rc store_dashboard_forget(struct store_txn *, uint64_t, uint32_t, uint64_t);
enum store_rc store_dashboard_graph_of(struct store_txn *, uint64_t, bool, struct id_list *,
	    char **);
enum store_rc store_dashboard_graph_by_name(struct store_txn *, uint64_t, const char *, bool,
	    uint64_t *);
/* store_graph.c: graphs and graph prototypes, by id, by host (every host of their items), by
 * (host, name) (graphs and prototypes share the names of a host; uniqueness is the caller's),
 * by item (gitems and axis items) and by the graph they are inherited from.
 * graph_get: STORE_ENOTFOUND, STORE_ECORRUPT; g filled (graph_free). graph_by_name:
 *   STORE_ENOTFOUND.
 * graph_create: assigns g->graphid ("graphs" sequence) and the gitemids ("gitems"), indexes.
 * graph_update(old, new): reindexes (hosts, name, items, templateid may all change), gives
 *   new gitems (gitemid 0) their ids, overwrites.
 * graph_delete_tree: the graph and the graphs inherited from it on every level.
 * host_graphs, item_graphs, graph_copies: pair lists (appended, ascending).
 * graph_hosts: the distinct hosts of a graph's items (none: its hostid), appended.
 * graph_item_gone: what Zabbix does to graphs before an item is deleted: a graph left
 *   without items goes with its copies; else the item's gitems go, and an axis using the
 *   item becomes calculated (store_item_delete_tree calls it for every item it deletes). */
enum store_rc store_graph_get(struct store_txn *, uint64_t, struct graph *);
enum store_rc store_graph_by_name(struct store_txn *, uint64_t, const char *, uint64_t *);
enum store_rc store_graph_create(struct store_txn *, struct graph *);
enum store_rc store_graph_update(struct store_txn *, const struct graph *, struct graph *);
enum store_rc store_graph_delete_tree(struct store_txn *, uint64_t);
enum store_rc store_host_graphs(struct store_txn *, uint64_t, struct id_list *);
/* The host's graphs of one flags value (GRAPH_FLAG_NORMAL: graphs), appended. */
enum store_rc store_host_graphs_flagged(struct store_txn *, uint64_t, uint32_t, struct id_list *);
/* A graph's gitem ids (items false) or the ids of its gitems' items, each once (items true),
 * appended; an unknown graph has none. */
enum store_rc store_graph_gitem_ids(struct store_txn *, uint64_t, bool, struct id_list *);
enum store_rc store_item_graphs(struct store_txn *, uint64_t, struct id_list *);
/* The graph prototypes of an LLD rule (those on its item prototypes), each once, ascending,
 * appended. */
enum store_rc store_rule_graphs(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_graph_copies(struct store_txn *, uint64_t, struct id_list *);
/* The graph of a gitem (graphitem.get): STORE_ENOTFOUND. */
enum store_rc store_gitem_graph(struct store_txn *, uint64_t, uint64_t *);
void	 store_graph_hosts(const struct graph *, struct id_list *);
enum store_rc store_graph_item_gone(struct store_txn *, uint64_t);
/* store_httptest.c: web scenarios, by id and by host (pairs); a scenario's copies are found
 * through its host's children (a copy has its scenario's name). Each scenario owns its web
 * items (type 9 items of its host, keyed by model.h httptest_web_key), kept in line here.
 * get: STORE_ENOTFOUND, STORE_ECORRUPT; ht filled (httptest_free). by_name: the host's
 *   scenario of exactly this name; by_uuid: the scenario of this uuid on any host (a scan;
 *   "" is never found); STORE_ENOTFOUND.
 * create: assigns ht->httptestid (the "httptests" sequence) and the ids of steps without one
 *   ("httpsteps"), lists it under its host and creates its web items (with a templateid, the
 *   items of the scenario it was copied from with the same keys).
 * update(old, new): new's steps without an id get one; the web items follow: renamed, their
 *   delay, status, tags and templateid rewritten; those of the steps gone are deleted (with
 *   their copies), those of new steps created. The host does not change.
 * delete_tree: the scenario, every copy below it and all their web items; STORE_ENOTFOUND.
 * host_httptests, httptest_copies: appended (ascending; copies one level down).
 * host_drop_httptests: every scenario of the host, each with its copies. */
enum store_rc store_httptest_get(struct store_txn *, uint64_t, struct httptest *);
enum store_rc store_httptest_by_name(struct store_txn *, uint64_t, const char *, uint64_t *);
enum store_rc store_httptest_by_uuid(struct store_txn *, const char *, uint64_t *);
enum store_rc store_httptest_create(struct store_txn *, struct httptest *);
enum store_rc store_httptest_update(struct store_txn *, const struct httptest *,
	    struct httptest *);
enum store_rc store_httptest_delete_tree(struct store_txn *, uint64_t);
enum store_rc store_host_httptests(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_httptest_copies(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_host_drop_httptests(struct store_txn *, uint64_t);

/* store_hostproto.c: host prototypes, documents (store_doc) apart from the hosts (host.get
 * and the host indexes never see them): {"hostid", "host", "name", "status", "templateid",
 * "discover", "custom_interfaces", "uuid", "inventory_mode", "ruleid", "groupLinks",
 * "groupPrototypes", "templates": [ids], "macros", "tags"}, every scalar a string.
 * put: writes the document and its indexes (its "ruleid", its "templateid"). delete: the
 * prototype with its copies on every level (STORE_OK when there was none). list: the ids of
 * a rule's prototypes, appended. delete_rule: every prototype of the rule.
 * The inheritance engine's records (model.h struct hostproto): get (ENOTFOUND when none),
 * by_key (the host's prototype of that key), host_ids (the prototypes of the host's
 * rules), copies (appended), create (assigns hostid; the document takes the record's ids),
 * update (new written over old). All return a store_rc. */
/* next_id: a new id in the hosts' id space. */
enum store_rc store_hostproto_next_id(struct store_txn *, uint64_t *);
enum store_rc store_hostproto_put(struct store_txn *, uint64_t, const cJSON *);
enum store_rc store_hostproto_delete(struct store_txn *, uint64_t);
enum store_rc store_hostproto_list(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_hostproto_delete_rule(struct store_txn *, uint64_t);
enum store_rc store_hostproto_get(struct store_txn *, uint64_t, struct hostproto *);
enum store_rc store_hostproto_by_key(struct store_txn *, uint64_t, const char *, uint64_t *);
enum store_rc store_hostproto_host_ids(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_hostproto_copies(struct store_txn *, uint64_t, struct id_list *);
enum store_rc store_hostproto_create(struct store_txn *, struct hostproto *);
enum store_rc store_hostproto_update(struct store_txn *, const struct hostproto *,
	    const struct hostproto *);

#endif
