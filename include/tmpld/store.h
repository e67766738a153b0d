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
int	 store_open(const struct store_opts *, struct store **, char **);
void	 store_close(struct store *);
uint64_t store_commits(const struct store *);	/* top-level write commits so far */
int	 store_txn_read(struct store *, struct store_txn **);
int	 store_txn_write(struct store *, struct store_txn *, struct store_txn **);
int	 store_txn_commit(struct store_txn *);
void	 store_txn_abort(struct store_txn *);
int	 store_get(struct store_txn *, enum store_db, const void *, size_t,
	    const void **, size_t *);
int	 store_put(struct store_txn *, enum store_db, const void *, size_t,
	    const void *, size_t, bool);
int	 store_del(struct store_txn *, enum store_db, const void *, size_t);
int	 store_seq_next(struct store_txn *, const char *, uint64_t *);

/* Cursor over one database in key order; strings point into the txn. */
int	 store_cursor_open(struct store_txn *, enum store_db, struct store_cursor **);
int	 store_cursor_next(struct store_cursor *, const void **, size_t *,
	    const void **, size_t *);
void	 store_cursor_close(struct store_cursor *);

/* store_user.c */
int	 store_user_get(struct store_txn *, uint64_t, struct user *);
int	 store_user_by_name(struct store_txn *, const char *, struct user *);
int	 store_user_create(struct store_txn *, struct user *);
int	 store_user_put(struct store_txn *, const struct user *);
int	 store_user_count(struct store_txn *, size_t *);

/* store_session.c */
int	 store_session_get(struct store_txn *, const char *, struct session *);
int	 store_session_put(struct store_txn *, const struct session *);
int	 store_session_del(struct store_txn *, const char *);
int	 store_session_purge(struct store_txn *, uint64_t, size_t *);

#endif
