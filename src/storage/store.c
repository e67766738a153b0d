/* store.c: the LMDB environment, its named databases, transactions, cursors and id sequences. */
#include <errno.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* Reset read transactions a store keeps for reuse; each holds a reader slot (of 1024). */
#define STORE_RD_IDLE	4

/* The map may change size while the process runs (mdb_env_set_mapsize), which LMDB allows
 * only while this process has no transaction open: every top-level transaction is counted
 * in `active`, and a resize sets `resizing`, waits for the count to fall to zero (new
 * transactions wait meanwhile, unless their thread already holds one), resizes, and wakes
 * them. */
struct store {
	MDB_env		*env;
	MDB_dbi		 dbi[STORE_DB__COUNT];
	uint64_t	 commits;
	pthread_mutex_t	 map_mu;
	pthread_cond_t	 map_cv;
	unsigned	 active;	/* top-level txns open in this process */
	bool		 resizing;
	uint64_t	 map_gen;	/* resizes so far */
	size_t		 map_size;	/* this process's map, bytes */
	size_t		 map_max;	/* growth stops here */
	/* Ended read transactions kept (reset) for the next read to renew: a begin allocates
	 * and clears room for every named database, a renew does not. Under map_mu. */
	MDB_txn		*rd_idle[STORE_RD_IDLE];
	unsigned	 rd_nidle;
};

/* A read transaction's memo of the id-keyed records it has read (store_get_id): a record
 * asked for again (an export names each item once per trigger and graph that uses it) is
 * found without a second walk down the tree. The values point into the snapshot's pages,
 * which stay put until the transaction ends; write transactions keep no memo. It starts at
 * the STORE_MEMO_AFTER-th lookup, so short calls pay nothing for it. */
#define STORE_MEMO_AFTER	16
#define STORE_MEMO_FIRST	64		/* slots, doubled when half full */
#define STORE_MEMO_MAX		(1u << 16)	/* then it stops growing (lookups go on) */

struct store_memo_slot {
	uint64_t	 id;
	const void	*val;	/* NULL: no such record */
	size_t		 len;
	uint16_t	 db;
	bool		 used;
};

struct store_txn {
	struct store		*st;
	MDB_txn			*txn;
	bool			 write, top;
	bool			 keep;		/* the thread's kept snapshot (store_txn_read_kept) */
	bool			 in_use;	/* kept, and begun again, not yet ended */
	uint64_t		 gen;		/* the map's generation when it began */
	unsigned		 lookups;	/* by id, before the memo starts */
	struct store_memo_slot	*memo;
	size_t			 memo_cap, memo_n;
};

/* Top-level transactions the calling thread holds (of any store), and whether one of its
 * writes hit MDB_MAP_FULL since store_map_full_take last asked. */
static _Thread_local unsigned store_tl_open;
static _Thread_local bool store_tl_map_full;
/* The read snapshot this thread keeps between reads (store_txn_read_kept), or NULL. */
static _Thread_local struct store_txn *store_tl_kept;

struct store_cursor {
	MDB_cursor	*cur;
	bool		 started;
};

/* LMDB's table of named databases is sized once per environment; the spare room lets a
 * store written by a newer release (more databases) still be opened for an upgrade check. */
#define STORE_MAX_DBS	128
_Static_assert(STORE_DB__COUNT <= STORE_MAX_DBS, "more named databases than STORE_MAX_DBS");

static const char *const store_db_names[STORE_DB__COUNT] = {
	[STORE_DB_META] = "meta",
	[STORE_DB_SEQ] = "sequences",
	[STORE_DB_USERS] = "users",
	[STORE_DB_USERS_BY_NAME] = "users_by_name",
	[STORE_DB_SESSIONS] = "sessions",
	[STORE_DB_SVC_TEMPLATES] = "bk_service_templates",
	[STORE_DB_PROC_TEMPLATES] = "bk_proc_templates",
	[STORE_DB_SVC_PROCS] = "bk_service_template_procs",
	[STORE_DB_HOSTS] = "hosts",
	[STORE_DB_HOSTS_BY_NAME] = "hosts_by_name",
	[STORE_DB_HOSTS_BY_VNAME] = "hosts_by_visible_name",
	[STORE_DB_GROUPS] = "groups",
	[STORE_DB_GROUPS_BY_NAME] = "groups_by_name",
	[STORE_DB_HOST_GROUPS] = "host_groups",
	[STORE_DB_GROUP_HOSTS] = "group_hosts",
	[STORE_DB_HOST_PARENTS] = "host_parents",
	[STORE_DB_HOST_CHILDREN] = "host_children",
	[STORE_DB_MACROS] = "macros",
	[STORE_DB_HOST_MACROS] = "host_macros",
	[STORE_DB_HOST_TAGS] = "host_tags",
	[STORE_DB_ITEMS] = "items",
	[STORE_DB_HOST_ITEMS] = "host_items",
	[STORE_DB_ITEMS_BY_KEY] = "items_by_key",
	[STORE_DB_ITEM_COPIES] = "item_copies",
	[STORE_DB_INTERFACES] = "interfaces",
	[STORE_DB_HOST_INTERFACES] = "host_interfaces",
	[STORE_DB_LOGIN_FAILS] = "login_failures",
	[STORE_DB_INTERFACE_SNMP] = "interface_snmp",
	[STORE_DB_HOST_INVENTORY] = "host_inventory",
	[STORE_DB_VALUEMAPS] = "valuemaps",
	[STORE_DB_HOST_VALUEMAPS] = "host_valuemaps",
	[STORE_DB_VALUEMAPS_BY_NAME] = "valuemaps_by_name",
	[STORE_DB_ITEM_PREPROC] = "item_preproc",
	[STORE_DB_ROLES] = "roles",
	[STORE_DB_ROLES_BY_NAME] = "roles_by_name",
	[STORE_DB_USRGRPS] = "usrgrps",
	[STORE_DB_USRGRPS_BY_NAME] = "usrgrps_by_name",
	[STORE_DB_USER_USRGRPS] = "user_usrgrps",
	[STORE_DB_USRGRP_USERS] = "usrgrp_users",
	[STORE_DB_TOKENS] = "tokens",
	[STORE_DB_TOKENS_BY_HASH] = "tokens_by_hash",
	[STORE_DB_USER_MEDIAS] = "user_medias",
	[STORE_DB_DASHBOARDS] = "dashboards",
	[STORE_DB_HOST_DASHBOARDS] = "host_dashboards",
	[STORE_DB_DASHBOARDS_BY_NAME] = "dashboards_by_name",
	[STORE_DB_TRIGGERS] = "triggers",
	[STORE_DB_HOST_TRIGGERS] = "host_triggers",
	[STORE_DB_ITEM_TRIGGERS] = "item_triggers",
	[STORE_DB_TRIGGER_COPIES] = "trigger_copies",
	[STORE_DB_TRIGGER_DEPENDENTS] = "trigger_dependents",
	[STORE_DB_TRIGGERS_BY_KEY] = "triggers_by_key",
	[STORE_DB_GRAPHS] = "graphs",
	[STORE_DB_HOST_GRAPHS] = "host_graphs",
	[STORE_DB_GRAPHS_BY_NAME] = "graphs_by_name",
	[STORE_DB_ITEM_GRAPHS] = "item_graphs",
	[STORE_DB_GRAPH_COPIES] = "graph_copies",
	[STORE_DB_GITEMS] = "gitems",
	[STORE_DB_HOST_RULES] = "host_lld_rules",
	[STORE_DB_RULE_PROTOS] = "lld_rule_prototypes",
	[STORE_DB_LLD] = "lld",
	[STORE_DB_HTTPTESTS] = "httptests",
	[STORE_DB_HOST_HTTPTESTS] = "host_httptests",
	[STORE_DB_USRGRP_INDEX] = "usrgrp_index",
	[STORE_DB_HOSTPROTOS] = "host_prototypes",
	[STORE_DB_RULE_HOSTPROTOS] = "lld_rule_host_prototypes",
	[STORE_DB_HOSTPROTO_COPIES] = "host_prototype_copies",
	[STORE_DB_ITEM_KEY_SHARERS] = "item_key_sharers",
	[STORE_DB_BK_CATEGORIES] = "bk_service_categories",
	[STORE_DB_BK_SVCINSTS] = "bk_service_instances",
	[STORE_DB_BK_HOST_SVCINSTS] = "bk_host_service_instances",
	[STORE_DB_BK_TPL_SVCINSTS] = "bk_template_service_instances",
	[STORE_DB_BK_PROCINSTS] = "bk_process_instances",
};

const char *
store_db_name(enum store_db db)
{
	return (unsigned)db < STORE_DB__COUNT ? store_db_names[db] : "?";
}

/* Pair databases hold many fixed-size sorted ids under one id. */
static bool
store_db_is_pairs(int db)
{
	return db == STORE_DB_HOST_GROUPS || db == STORE_DB_GROUP_HOSTS ||
	    db == STORE_DB_BK_HOST_SVCINSTS || db == STORE_DB_BK_TPL_SVCINSTS ||
	    db == STORE_DB_HOST_PARENTS || db == STORE_DB_HOST_CHILDREN ||
	    db == STORE_DB_HOST_MACROS || db == STORE_DB_HOST_ITEMS ||
	    db == STORE_DB_ITEM_COPIES || db == STORE_DB_HOST_INTERFACES ||
	    db == STORE_DB_HOST_VALUEMAPS || db == STORE_DB_USER_USRGRPS ||
	    db == STORE_DB_USRGRP_USERS || db == STORE_DB_HOST_TRIGGERS ||
	    db == STORE_DB_ITEM_TRIGGERS || db == STORE_DB_TRIGGER_COPIES ||
	    db == STORE_DB_TRIGGER_DEPENDENTS || db == STORE_DB_HOST_DASHBOARDS ||
	    db == STORE_DB_HOST_GRAPHS || db == STORE_DB_ITEM_GRAPHS || db == STORE_DB_GRAPH_COPIES ||
	    db == STORE_DB_HOST_RULES || db == STORE_DB_RULE_PROTOS || db == STORE_DB_HOST_HTTPTESTS ||
	    db == STORE_DB_RULE_HOSTPROTOS || db == STORE_DB_HOSTPROTO_COPIES ||
	    db == STORE_DB_ITEM_KEY_SHARERS;
}

/* Translate an LMDB code at the layer boundary; unexpected ones are logged here. */
static int
store_rc_from_mdb(int rc, const char *where)
{
	switch (rc) {
	case MDB_SUCCESS:
		return STORE_OK;
	case MDB_NOTFOUND:
		return STORE_ENOTFOUND;
	case MDB_KEYEXIST:
		return STORE_EEXIST;
	case MDB_MAP_FULL:
		/* not logged: the writer grows the map and runs the group again
		 * (store_map_grow), and logs if it cannot */
		store_tl_map_full = true;
		return STORE_EFULL;
	case MDB_TXN_FULL:
	case MDB_READERS_FULL:
		log_error("store: %s: %s", where, mdb_strerror(rc));
		return STORE_EFULL;
	default:
		log_error("store: %s: %s", where, mdb_strerror(rc));
		return STORE_EIO;
	}
}

const char *
store_strerror(int rc)
{
	switch (rc) {
	case STORE_OK: return "success";
	case STORE_ENOTFOUND: return "not found";
	case STORE_EEXIST: return "already exists";
	case STORE_EFULL: return "the store is full (raise --map-size-max)";
	case STORE_ESCHEMA: return "the store was written by a newer tmpld";
	case STORE_ECORRUPT: return "a stored record is corrupt";
	default: return "storage I/O error";
	}
}

static int
store_open_dbs(struct store *st, char **cause)
{
	MDB_txn *txn;
	int rc;

	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "open txn");
	for (int i = 0; i < STORE_DB__COUNT; i++) {
		rc = mdb_dbi_open(txn, store_db_names[i], MDB_CREATE |
		    (store_db_is_pairs(i) ? MDB_DUPSORT | MDB_DUPFIXED : 0), &st->dbi[i]);
		if (rc != MDB_SUCCESS) {
			mdb_txn_abort(txn);
			return store_rc_from_mdb(rc, store_db_names[i]);
		}
	}
	return store_rc_from_mdb(mdb_txn_commit(txn), "open commit");
}

/* mkdir -p: the store's directory and any missing parents. */
static int
store_mkdirs(const char *dir)
{
	char *path = xstrdup(dir);
	int rc = 0;

	for (char *p = path + 1; rc == 0 && *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (rc == 0 && mkdir(path, 0750) != 0 && errno != EEXIST)
		rc = -1;
	free(path);
	return rc;
}

/* The default ceiling of growth: the map now plus 80% of the free space of its disk. */
static size_t
store_map_max_default(const char *dir, size_t map_size)
{
	struct statvfs sv;
	unsigned long long avail, max;

	if (statvfs(dir, &sv) != 0)
		return map_size;
	avail = (unsigned long long)sv.f_bavail * sv.f_frsize / 10 * 8;
	max = (unsigned long long)map_size + avail;
	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	return (size_t)max & ~(size_t)((1u << 20) - 1);
}

/* The size of this process's map, as LMDB has it (it rounds up to the data in the file). */
static size_t
store_map_now(struct store *st)
{
	MDB_envinfo info;

	return mdb_env_info(st->env, &info) == MDB_SUCCESS ? info.me_mapsize : st->map_size;
}

/* A store that grew beyond --map-size opens with a map just the size of its data (LMDB
 * rounds up to it), where the writes of the opening itself (new databases, schema steps,
 * the first user) would find no room: give it twice its data, within the maximum. */
static void
store_map_headroom(struct store *st)
{
	MDB_envinfo info;
	MDB_stat stat;
	size_t used, want;

	if (mdb_env_info(st->env, &info) != MDB_SUCCESS ||
	    mdb_env_stat(st->env, &stat) != MDB_SUCCESS)
		return;
	used = (info.me_last_pgno + 1) * (size_t)stat.ms_psize;
	want = used > st->map_max / 2 ? st->map_max : used * 2;
	if (want <= st->map_size)
		return;
	if (mdb_env_set_mapsize(st->env, want) == MDB_SUCCESS)
		st->map_size = store_map_now(st);
}

enum store_rc
store_open(const struct store_opts *o, struct store **out, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	unsigned flags = MDB_NOTLS | (o->nosync ? MDB_NOSYNC : 0);
	int rc;

	*cause = NULL;
	pthread_mutex_init(&st->map_mu, NULL);
	pthread_cond_init(&st->map_cv, NULL);
	if (store_mkdirs(o->dir) != 0) {
		*cause = xasprintf("cannot create %s: %s", o->dir, strerror(errno));
		free(st);
		return STORE_EIO;
	}
	if ((rc = mdb_env_create(&st->env)) == MDB_SUCCESS &&
	    (rc = mdb_env_set_maxdbs(st->env, STORE_MAX_DBS)) == MDB_SUCCESS &&
	    (rc = mdb_env_set_maxreaders(st->env, 1024)) == MDB_SUCCESS &&
	    (rc = mdb_env_set_mapsize(st->env, o->map_size)) == MDB_SUCCESS)
		rc = mdb_env_open(st->env, o->dir, flags, 0640);
	if (rc != MDB_SUCCESS) {
		*cause = xasprintf("cannot open the store in %s: %s", o->dir, mdb_strerror(rc));
		store_close(st);
		return STORE_EIO;
	}
	st->map_size = store_map_now(st);
	st->map_max = o->map_size_max != 0 ? o->map_size_max :
	    store_map_max_default(o->dir, st->map_size);
	if (st->map_max < st->map_size)
		st->map_max = st->map_size;
	store_map_headroom(st);
	if ((rc = store_open_dbs(st, cause)) != STORE_OK ||
	    (rc = store_schema_upgrade(st, store_migrations, STORE_SCHEMA_VERSION, cause)) !=
	    STORE_OK) {
		if (*cause == NULL)
			*cause = xasprintf("cannot open the store in %s: %s", o->dir,
			    store_strerror(rc));
		store_close(st);
		return rc;
	}
	*out = st;
	return STORE_OK;
}

/* Ends every kept read transaction (map_mu held, or the store not shared yet/any more). */
static void
store_rd_drop(struct store *st)
{
	while (st->rd_nidle > 0)
		mdb_txn_abort(st->rd_idle[--st->rd_nidle]);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_txn_release(st);
	store_rd_drop(st);
	if (st->env != NULL)
		mdb_env_close(st->env);
	pthread_cond_destroy(&st->map_cv);
	pthread_mutex_destroy(&st->map_mu);
	free(st);
}

/* ---- the map's size ---- */

/* A top-level transaction is about to begin: waits while the map is being resized, unless
 * this thread already holds a transaction (the resize waits for that one to end). */
static uint64_t
store_map_enter(struct store *st, MDB_txn **idle)
{
	uint64_t gen;

	pthread_mutex_lock(&st->map_mu);
	while (st->resizing && store_tl_open == 0)
		pthread_cond_wait(&st->map_cv, &st->map_mu);
	st->active++;
	gen = st->map_gen;
	if (idle != NULL)
		*idle = st->rd_nidle > 0 ? st->rd_idle[--st->rd_nidle] : NULL;
	pthread_mutex_unlock(&st->map_mu);
	store_tl_open++;
	return gen;
}

/* A top-level transaction has ended; idle, when not NULL, is a read transaction already
 * reset, kept for reuse when there is room (else ended here). */
static void
store_map_leave(struct store *st, MDB_txn *idle)
{
	store_tl_open--;
	pthread_mutex_lock(&st->map_mu);
	if (idle != NULL && st->rd_nidle < STORE_RD_IDLE) {
		st->rd_idle[st->rd_nidle++] = idle;
		idle = NULL;
	}
	if (--st->active == 0 && st->resizing)
		pthread_cond_broadcast(&st->map_cv);
	pthread_mutex_unlock(&st->map_mu);
	if (idle != NULL)
		mdb_txn_abort(idle);
}

/* Sets the map to size (0: the size the store's meta page records, which another process
 * may have raised) once no transaction of this process is open. gen is the map_gen the
 * caller saw: if another thread resized since, nothing is done and the caller retries.
 * The calling thread must hold no transaction (else it would wait for itself). */
static int
store_map_resize(struct store *st, size_t size, uint64_t gen)
{
	int rc = MDB_SUCCESS;
	size_t old;

	if (store_tl_open != 0)
		return EBUSY;
	pthread_mutex_lock(&st->map_mu);
	while (st->resizing)
		pthread_cond_wait(&st->map_cv, &st->map_mu);
	if (st->map_gen != gen) {
		pthread_mutex_unlock(&st->map_mu);
		return MDB_SUCCESS;
	}
	st->resizing = true;
	while (st->active > 0)
		pthread_cond_wait(&st->map_cv, &st->map_mu);
	store_rd_drop(st);	/* nothing of the old map survives the resize */
	old = st->map_size;
	rc = mdb_env_set_mapsize(st->env, size);
	st->map_size = store_map_now(st);
	st->map_gen++;
	st->resizing = false;
	pthread_cond_broadcast(&st->map_cv);
	pthread_mutex_unlock(&st->map_mu);
	if (rc != MDB_SUCCESS)
		log_error("store: cannot resize the map to %zu bytes: %s", size, mdb_strerror(rc));
	else if (st->map_size != old)
		log_info("store: the map is now %zu bytes (was %zu; at most %zu)", st->map_size,
		    old, st->map_max);
	return rc;
}

bool
store_map_full_take(void)
{
	bool full = store_tl_map_full;

	store_tl_map_full = false;
	return full;
}

enum store_rc
store_map_grow(struct store *st)
{
	uint64_t gen;
	size_t cur, next;
	int rc;

	pthread_mutex_lock(&st->map_mu);
	gen = st->map_gen;
	cur = st->map_size;
	pthread_mutex_unlock(&st->map_mu);
	if (cur >= st->map_max) {
		log_error("store: the map is full at its maximum of %zu bytes (--map-size-max)",
		    st->map_max);
		return STORE_EFULL;
	}
	next = cur > st->map_max / 2 ? st->map_max : cur * 2;
	rc = store_map_resize(st, next, gen);
	return rc == MDB_SUCCESS ? STORE_OK : STORE_EFULL;
}

size_t
store_map_size(struct store *st)
{
	size_t n;

	pthread_mutex_lock(&st->map_mu);
	n = st->map_size;
	pthread_mutex_unlock(&st->map_mu);
	return n;
}

size_t
store_map_size_max(const struct store *st)
{
	return st->map_max;
}

uint64_t
store_commits(const struct store *st)
{
	return st->commits;
}

uint64_t
store_last_txnid(struct store *st)
{
	MDB_envinfo info;

	return mdb_env_info(st->env, &info) == MDB_SUCCESS ? (uint64_t)info.me_last_txnid : 0;
}

static int
store_txn_begin(struct store *st, struct store_txn *parent, bool write,
    struct store_txn **out)
{
	struct store_txn *t = xcalloc(1, sizeof *t);
	uint64_t gen = 0;
	int rc;

	for (int tries = 0;; tries++) {
		MDB_txn *idle = NULL;

		if (parent == NULL)
			gen = store_map_enter(st, write ? NULL : &idle);
		if (idle != NULL) {
			if (mdb_txn_renew(idle) == MDB_SUCCESS) {
				t->txn = idle;
				break;
			}
			mdb_txn_abort(idle);	/* e.g. the map grew: begin anew below */
		}
		rc = mdb_txn_begin(st->env, parent ? parent->txn : NULL,
		    write ? 0 : MDB_RDONLY, &t->txn);
		if (rc == MDB_SUCCESS)
			break;
		if (parent == NULL)
			store_map_leave(st, NULL);
		/* another worker process grew the map: take its size and begin again */
		if (rc == MDB_MAP_RESIZED)
			log_debug("store: another process grew the map; taking its size");
		if (rc != MDB_MAP_RESIZED || tries >= 3 ||
		    store_map_resize(st, 0, gen) != MDB_SUCCESS) {
			free(t);
			return store_rc_from_mdb(rc, "txn begin");
		}
	}
	t->st = st;
	t->write = write;
	t->top = parent == NULL;
	t->gen = gen;
	*out = t;
	return STORE_OK;
}

enum store_rc
store_txn_read(struct store *st, struct store_txn **out)
{
	return store_txn_begin(st, NULL, false, out);
}

/* A write transaction; with a parent it is nested and its commit only merges into the parent. */
enum store_rc
store_txn_write(struct store *st, struct store_txn *parent, struct store_txn **out)
{
	return store_txn_begin(st, parent, true, out);
}

/* A top-level read transaction ends by a reset, and is kept for the next read. */
static void
store_txn_end_read(struct store_txn *t)
{
	free(t->memo);
	mdb_txn_reset(t->txn);
	store_map_leave(t->st, t->txn);
	free(t);
}

/* Whether the kept snapshot t still shows the store as it is: nothing committed since it
 * began (the meta page's last transaction, which every process's commits move), and no map
 * resize waiting for this process's transactions to end. */
static bool
store_txn_fresh(struct store_txn *t)
{
	MDB_envinfo info;
	bool ok;

	pthread_mutex_lock(&t->st->map_mu);
	ok = !t->st->resizing && t->st->map_gen == t->gen;
	pthread_mutex_unlock(&t->st->map_mu);
	return ok && mdb_env_info(t->st->env, &info) == MDB_SUCCESS &&
	    info.me_last_txnid == mdb_txn_id(t->txn);
}

enum store_rc
store_txn_read_kept(struct store *st, struct store_txn **out)
{
	struct store_txn *k = store_tl_kept;
	enum store_rc rc;

	if (k != NULL && !k->in_use && (k->st != st || !store_txn_fresh(k)))
		store_txn_release(k->st);
	else if (k != NULL && !k->in_use) {
		k->in_use = true;
		*out = k;
		return STORE_OK;
	}
	if ((rc = store_txn_read(st, out)) != STORE_OK || store_tl_kept != NULL)
		return rc;	/* one kept at a time: a read inside a read is a plain one */
	(*out)->keep = (*out)->in_use = true;
	store_tl_kept = *out;
	return STORE_OK;
}

bool
store_txn_keeps(const struct store *st)
{
	return store_tl_kept != NULL && store_tl_kept->st == st;
}

void
store_txn_release(struct store *st)
{
	struct store_txn *k = store_tl_kept;

	if (k == NULL || k->st != st)
		return;
	store_tl_kept = NULL;
	k->keep = false;
	if (!k->in_use)		/* else it ends when its reader ends it */
		store_txn_end_read(k);
}

enum store_rc
store_txn_commit(struct store_txn *t)
{
	int rc;

	if (t->keep) {
		t->in_use = false;
		return STORE_OK;
	}
	if (!t->write && t->top) {
		store_txn_end_read(t);
		return STORE_OK;
	}
	rc = mdb_txn_commit(t->txn);
	if (rc == MDB_SUCCESS && t->write && t->top)
		t->st->commits++;
	if (t->top)
		store_map_leave(t->st, NULL);
	free(t);
	return store_rc_from_mdb(rc, "commit");
}

void
store_txn_abort(struct store_txn *t)
{
	if (t == NULL)
		return;
	if (t->keep) {
		t->in_use = false;
		return;
	}
	if (!t->write && t->top) {
		store_txn_end_read(t);
		return;
	}
	mdb_txn_abort(t->txn);
	if (t->top)
		store_map_leave(t->st, NULL);
	free(t);
}

enum store_rc
store_get(struct store_txn *t, enum store_db db, const void *key, size_t klen,
    const void **val, size_t *vlen)
{
	MDB_val k = { klen, (void *)(uintptr_t)key }, v;
	int rc = mdb_get(t->txn, t->st->dbi[db], &k, &v);

	if (rc != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "get");
	*val = v.mv_data;
	*vlen = v.mv_size;
	return STORE_OK;
}

enum store_rc
store_put(struct store_txn *t, enum store_db db, const void *key, size_t klen,
    const void *val, size_t vlen, bool nooverwrite)
{
	MDB_val k = { klen, (void *)(uintptr_t)key };
	MDB_val v = { vlen, (void *)(uintptr_t)val };

	return store_rc_from_mdb(mdb_put(t->txn, t->st->dbi[db], &k, &v,
	    nooverwrite ? MDB_NOOVERWRITE : 0), "put");
}

enum store_rc
store_del(struct store_txn *t, enum store_db db, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)(uintptr_t)key };

	return store_rc_from_mdb(mdb_del(t->txn, t->st->dbi[db], &k, NULL), "del");
}

static size_t
store_memo_hash(enum store_db db, uint64_t id, size_t cap)
{
	return (size_t)(((id ^ ((uint64_t)db << 48)) * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
}

/* The slot of (db, id): its entry, or the free slot where it goes. */
static struct store_memo_slot *
store_memo_find(struct store_memo_slot *m, size_t cap, enum store_db db, uint64_t id)
{
	size_t i = store_memo_hash(db, id, cap);

	while (m[i].used && (m[i].id != id || m[i].db != (uint16_t)db))
		i = (i + 1) & (cap - 1);
	return &m[i];
}

static void
store_memo_put(struct store_txn *t, enum store_db db, uint64_t id, const void *val, size_t len)
{
	struct store_memo_slot *s;

	if (2 * (t->memo_n + 1) > t->memo_cap) {
		size_t cap = t->memo_cap != 0 ? 2 * t->memo_cap : STORE_MEMO_FIRST;
		struct store_memo_slot *m;

		if (cap > STORE_MEMO_MAX)
			return;
		m = xcalloc(cap, sizeof *m);
		for (size_t i = 0; i < t->memo_cap; i++)
			if (t->memo[i].used)
				*store_memo_find(m, cap, t->memo[i].db, t->memo[i].id) = t->memo[i];
		free(t->memo);
		t->memo = m;
		t->memo_cap = cap;
	}
	s = store_memo_find(t->memo, t->memo_cap, db, id);
	*s = (struct store_memo_slot){ .id = id, .val = val, .len = len, .db = (uint16_t)db,
	    .used = true };
	t->memo_n++;
}

/* Records keyed by a big-endian 64-bit id. */
enum store_rc
store_get_id(struct store_txn *t, enum store_db db, uint64_t id, const void **val, size_t *vlen)
{
	uint8_t key[8];
	enum store_rc rc;
	bool memo = !t->write && (t->memo != NULL || ++t->lookups >= STORE_MEMO_AFTER);

	if (memo && t->memo != NULL) {
		const struct store_memo_slot *s = store_memo_find(t->memo, t->memo_cap, db, id);

		if (s->used) {
			if (s->val == NULL)
				return STORE_ENOTFOUND;
			*val = s->val;
			*vlen = s->len;
			return STORE_OK;
		}
	}
	codec_be64(id, key);
	rc = store_get(t, db, key, 8, val, vlen);
	if (memo && (rc == STORE_OK || rc == STORE_ENOTFOUND))
		store_memo_put(t, db, id, rc == STORE_OK ? *val : NULL, rc == STORE_OK ? *vlen : 0);
	return rc;
}

enum store_rc
store_put_id(struct store_txn *t, enum store_db db, uint64_t id, const struct codec_buf *b,
    bool nooverwrite)
{
	uint8_t key[8];

	codec_be64(id, key);
	return store_put(t, db, key, 8, b->data, b->len, nooverwrite);
}

enum store_rc
store_put_id_changed(struct store_txn *t, enum store_db db, uint64_t id,
    const struct codec_buf *b)
{
	const void *v;
	size_t vlen;

	if (store_get_id(t, db, id, &v, &vlen) == STORE_OK && vlen == b->len &&
	    memcmp(v, b->data, vlen) == 0)
		return STORE_OK;
	return store_put_id(t, db, id, b, false);
}

enum store_rc
store_del_id(struct store_txn *t, enum store_db db, uint64_t id)
{
	uint8_t key[8];

	codec_be64(id, key);
	return store_del(t, db, key, 8);
}

/* Next value of a named id sequence (first value 1). */
enum store_rc
store_seq_next(struct store_txn *t, const char *name, uint64_t *out)
{
	return store_seq_take(t, name, 1, out);
}

enum store_rc
store_seq_take(struct store_txn *t, const char *name, uint64_t n, uint64_t *out)
{
	const void *v = NULL;
	size_t vlen = 0;
	uint64_t last = 0;
	uint8_t buf[8];
	int rc;

	rc = store_get(t, STORE_DB_SEQ, name, strlen(name), &v, &vlen);
	if (rc == STORE_OK && vlen == 8)
		last = codec_from_be64(v);
	else if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	codec_be64(last + n, buf);
	if ((rc = store_put(t, STORE_DB_SEQ, name, strlen(name), buf, 8, false)) != STORE_OK)
		return rc;
	*out = last + 1;
	return STORE_OK;
}

enum store_rc
store_cursor_open(struct store_txn *t, enum store_db db, struct store_cursor **out)
{
	struct store_cursor *c = xcalloc(1, sizeof *c);
	int rc = mdb_cursor_open(t->txn, t->st->dbi[db], &c->cur);

	if (rc != MDB_SUCCESS) {
		free(c);
		return store_rc_from_mdb(rc, "cursor open");
	}
	*out = c;
	return STORE_OK;
}

/* The first, then each following record; STORE_ENOTFOUND past the end. */
enum store_rc
store_cursor_next(struct store_cursor *c, const void **key, size_t *klen,
    const void **val, size_t *vlen)
{
	MDB_val k, v;
	int rc = mdb_cursor_get(c->cur, &k, &v, c->started ? MDB_NEXT : MDB_FIRST);

	c->started = true;
	if (rc != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "cursor");
	*key = k.mv_data, *klen = k.mv_size;
	*val = v.mv_data, *vlen = v.mv_size;
	return STORE_OK;
}

void
store_cursor_close(struct store_cursor *c)
{
	if (c == NULL)
		return;
	mdb_cursor_close(c->cur);
	free(c);
}

/* ---- id -> id pairs (dupsort) ---- */

enum store_rc
store_pair_add(struct store_txn *t, enum store_db db, uint64_t a, uint64_t b)
{
	uint8_t ka[8], kb[8];
	MDB_val k = { 8, ka }, v = { 8, kb };
	int rc;

	codec_be64(a, ka);
	codec_be64(b, kb);
	rc = mdb_put(t->txn, t->st->dbi[db], &k, &v, MDB_NODUPDATA);
	return rc == MDB_KEYEXIST ? STORE_OK : store_rc_from_mdb(rc, "pair add");
}

enum store_rc
store_pair_del(struct store_txn *t, enum store_db db, uint64_t a, uint64_t b)
{
	uint8_t ka[8], kb[8];
	MDB_val k = { 8, ka }, v = { 8, kb };

	codec_be64(a, ka);
	codec_be64(b, kb);
	return store_rc_from_mdb(mdb_del(t->txn, t->st->dbi[db], &k, &v), "pair del");
}

enum store_rc
store_pair_del_all(struct store_txn *t, enum store_db db, uint64_t a)
{
	uint8_t ka[8];
	MDB_val k = { 8, ka };
	int rc;

	codec_be64(a, ka);
	rc = mdb_del(t->txn, t->st->dbi[db], &k, NULL);
	return rc == MDB_NOTFOUND ? STORE_OK : store_rc_from_mdb(rc, "pair del all");
}

enum store_rc
store_pair_list(struct store_txn *t, enum store_db db, uint64_t a, struct id_list *out)
{
	uint8_t ka[8];
	MDB_val k = { 8, ka }, v;
	MDB_cursor *c;
	int rc;

	codec_be64(a, ka);
	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &c)) != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "pair cursor");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); rc == MDB_SUCCESS;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size == 8)
			id_list_add(out, codec_from_be64(v.mv_data));
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? STORE_OK : store_rc_from_mdb(rc, "pair list");
}

enum store_rc
store_prefix_any(struct store_txn *t, enum store_db db, uint64_t prefix, bool *any)
{
	uint8_t kp[8];
	MDB_val k = { 8, kp }, v;
	MDB_cursor *c;
	int rc;

	*any = false;
	codec_be64(prefix, kp);
	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &c)) != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "prefix cursor");
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == MDB_SUCCESS)
		*any = k.mv_size >= 8 && memcmp(k.mv_data, kp, 8) == 0;
	mdb_cursor_close(c);
	return rc == MDB_SUCCESS || rc == MDB_NOTFOUND ? STORE_OK :
	    store_rc_from_mdb(rc, "prefix seek");
}

enum store_rc
store_id_scan(struct store_txn *t, enum store_db db, struct id_list *out)
{
	MDB_val k, v;
	MDB_cursor *c;
	int rc;

	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &c)) != MDB_SUCCESS)
		return store_rc_from_mdb(rc, "scan cursor");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP)) {
		if (k.mv_size == 8)
			id_list_add(out, codec_from_be64(k.mv_data));
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? STORE_OK : store_rc_from_mdb(rc, "scan");
}

enum store_rc
store_stats_get(struct store *st, struct store_stats *out)
{
	MDB_envinfo info;
	MDB_stat envst, ses, tok;
	MDB_txn *txn;
	struct stat fs;
	int fd, rc;

	memset(out, 0, sizeof *out);
	if ((rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn)) != 0)
		return rc == MDB_READERS_FULL ? STORE_EFULL : STORE_EIO;
	rc = mdb_stat(txn, st->dbi[STORE_DB_SESSIONS], &ses);
	if (rc == 0)
		rc = mdb_stat(txn, st->dbi[STORE_DB_TOKENS], &tok);
	if (rc == 0)
		rc = mdb_env_info(st->env, &info);
	if (rc == 0)
		rc = mdb_env_stat(st->env, &envst);
	mdb_txn_abort(txn);
	if (rc != 0)
		return STORE_EIO;
	out->sessions = ses.ms_entries;
	out->tokens = tok.ms_entries;
	out->map_bytes = info.me_mapsize;
	out->used_bytes = ((uint64_t)info.me_last_pgno + 1) * envst.ms_psize;
	if (mdb_env_get_fd(st->env, &fd) == 0 && fstat(fd, &fs) == 0)
		out->file_bytes = (uint64_t)fs.st_size;
	return STORE_OK;
}

enum store_rc
store_list_through(struct store_txn *t, uint64_t id, store_list_fn first, store_list_fn then,
    struct id_list *out)
{
	struct id_list mid = { 0 };
	enum store_rc rc = first(t, id, &mid);

	for (size_t i = 0; rc == STORE_OK && i < mid.n; i++)
		rc = then(t, mid.ids[i], out);
	id_list_free(&mid);
	return rc;
}
