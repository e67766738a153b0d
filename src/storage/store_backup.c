/* store_backup.c: a compacted copy of a store taken while it serves (LMDB's own copy, in a
 * read-only environment of its own), and the atomic installation of such a copy (restore). */
#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

#define STORE_BACKUP_MAX_DBS	128	/* as store.c's STORE_MAX_DBS: a newer store's tables fit */
#define STORE_BACKUP_RETRIES	8	/* map grown by the server while we start: re-read it */

/* fsync of the directory that holds path, so that a rename in it is durable. */
static int
store_backup_sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Opens the environment in dir read-only beside whoever else has it open, mapped with the map
 * size the store records (never a size of ours: the server may have grown it); a map grown
 * after this is picked up by the retry on MDB_MAP_RESIZED. */
static int
store_backup_env(const char *dir, MDB_env **out)
{
	MDB_env *env;
	int rc;

	if ((rc = mdb_env_create(&env)) != MDB_SUCCESS)
		return rc;
	if ((rc = mdb_env_set_maxdbs(env, STORE_BACKUP_MAX_DBS)) == MDB_SUCCESS &&
	    (rc = mdb_env_set_maxreaders(env, 1024)) == MDB_SUCCESS)
		rc = mdb_env_open(env, dir, MDB_RDONLY | MDB_NOTLS, 0640);
	if (rc == MDB_SUCCESS)	/* 0: the map size the store records, not LMDB's small default */
		rc = mdb_env_set_mapsize(env, 0);
	if (rc != MDB_SUCCESS) {
		mdb_env_close(env);
		return rc;
	}
	*out = env;
	return MDB_SUCCESS;
}

/* The compacted copy of env into fd, from one read snapshot (LMDB's copy opens its own read
 * transaction for the whole copy). A map grown meanwhile is adopted and the copy retried. */
static int
store_backup_copy(MDB_env *env, int fd)
{
	int rc = MDB_MAP_RESIZED;

	for (int i = 0; rc == MDB_MAP_RESIZED && i < STORE_BACKUP_RETRIES; i++) {
		if (i > 0 && (rc = mdb_env_set_mapsize(env, 0)) != MDB_SUCCESS)
			break;
		if (i > 0 && (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0))
			return errno;
		rc = mdb_env_copyfd2(env, fd, MDB_CP_COMPACT);
	}
	return rc;
}

enum store_rc
store_backup(const char *dir, const char *file, char **cause)
{
	char *tmp = xasprintf("%s.tmp", file);
	MDB_env *env = NULL;
	int fd = -1, rc;

	*cause = NULL;
	if ((rc = store_backup_env(dir, &env)) != MDB_SUCCESS) {
		*cause = xasprintf("cannot open the store in %s: %s", dir, mdb_strerror(rc));
		goto out;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0) {
		*cause = xasprintf("cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if ((rc = store_backup_copy(env, fd)) != MDB_SUCCESS) {
		*cause = xasprintf("cannot copy the store in %s: %s", dir, mdb_strerror(rc));
		goto out;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		*cause = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, file) != 0) {
		*cause = xasprintf("cannot rename %s to %s: %s", tmp, file, strerror(errno));
		goto out;
	}
	if (store_backup_sync_dir(file) != 0)
		*cause = xasprintf("cannot sync the directory of %s: %s", file, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (*cause != NULL)
		unlink(tmp);
	if (env != NULL)
		mdb_env_close(env);
	free(tmp);
	return *cause == NULL ? STORE_OK : STORE_EIO;
}

enum store_rc
store_file_schema(const char *file, uint32_t *version, char **cause)
{
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	MDB_val k = { 6, (void *)(uintptr_t)"schema" }, v;
	int rc;

	if ((rc = mdb_env_create(&env)) == MDB_SUCCESS &&
	    (rc = mdb_env_set_maxdbs(env, STORE_BACKUP_MAX_DBS)) == MDB_SUCCESS)
		rc = mdb_env_open(env, file, MDB_RDONLY | MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOTLS,
		    0640);
	if (rc == MDB_SUCCESS && (rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) == MDB_SUCCESS &&
	    (rc = mdb_dbi_open(txn, "meta", 0, &dbi)) == MDB_SUCCESS)
		rc = mdb_get(txn, dbi, &k, &v);
	if (rc == MDB_SUCCESS && v.mv_size != 4)
		rc = MDB_CORRUPTED;
	if (rc == MDB_SUCCESS) {
		const uint8_t *b = v.mv_data;

		*version = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	} else
		*cause = xasprintf("%s is not a tmpld store: %s", file,
		    rc == MDB_NOTFOUND ? "it has no schema version" : mdb_strerror(rc));
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (env != NULL)
		mdb_env_close(env);
	return rc == MDB_SUCCESS ? STORE_OK : STORE_ECORRUPT;
}

/* Copies src into the new file dst (mode 0640), fsynced. */
static int
store_backup_copy_file(const char *src, const char *dst, char **cause)
{
	char buf[1 << 16];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n = 0;

	if (in < 0) {
		*cause = xasprintf("cannot read %s: %s", src, strerror(errno));
		return -1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0) {
		*cause = xasprintf("cannot create %s: %s", dst, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0, w; off < n; off += w)
			if ((w = write(out, buf + off, (size_t)(n - off))) < 0)
				goto done;
	}
	if (n == 0 && fsync(out) == 0)
		rc = 0;
done:
	if (rc != 0)
		*cause = xasprintf("cannot copy %s to %s: %s", src, dst, strerror(errno));
	close(in);
	if (close(out) != 0 && rc == 0) {
		*cause = xasprintf("cannot write %s: %s", dst, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(dst);
	return rc;
}

/* Moves dir/data.mdb aside to dir/data.mdb.before-restore (a hard link, so that data.mdb is
 * never missing). A previous one is replaced only with force. */
static int
store_restore_keep_old(const char *data, const char *before, bool force, char **cause)
{
	struct stat sb;

	if (stat(data, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		*cause = xasprintf("cannot read %s: %s", data, strerror(errno));
		return -1;
	}
	if (lstat(before, &sb) == 0) {
		if (!force) {
			*cause = xasprintf("%s exists (from an earlier restore): move it away, or "
			    "give --force to replace it", before);
			return -1;
		}
		if (unlink(before) != 0) {
			*cause = xasprintf("cannot remove %s: %s", before, strerror(errno));
			return -1;
		}
	}
	if (link(data, before) != 0) {
		*cause = xasprintf("cannot keep %s as %s: %s", data, before, strerror(errno));
		return -1;
	}
	return 0;
}

enum store_rc
store_restore(const char *file, const char *dir, bool force, char **cause)
{
	char *data = xasprintf("%s/data.mdb", dir), *tmp = xasprintf("%s/data.mdb.restore", dir);
	char *before = xasprintf("%s/data.mdb.before-restore", dir);
	enum store_rc rc = STORE_EIO;
	uint32_t version = 0;
	int inuse;

	*cause = NULL;
	if ((rc = store_file_schema(file, &version, cause)) != STORE_OK)
		goto out;
	rc = STORE_ESCHEMA;
	if (version == 0 || version > STORE_SCHEMA_VERSION) {
		*cause = xasprintf("%s has schema version %u; this tmpld reads 1 to %u", file,
		    version, STORE_SCHEMA_VERSION);
		goto out;
	}
	rc = STORE_EIO;
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		*cause = xasprintf("cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	if ((inuse = store_dir_in_use(dir)) != 0) {
		*cause = xasprintf(inuse > 0 ? "the store in %s is in use: stop tmpld first" :
		    "cannot tell whether the store in %s is in use", dir);
		goto out;
	}
	if (store_backup_copy_file(file, tmp, cause) != 0)
		goto out;
	if (store_restore_keep_old(data, before, force, cause) != 0) {
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, data) != 0) {
		*cause = xasprintf("cannot rename %s to %s: %s", tmp, data, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (store_backup_sync_dir(data) != 0) {
		*cause = xasprintf("cannot sync %s: %s", dir, strerror(errno));
		goto out;
	}
	rc = STORE_OK;
out:
	free(data);
	free(tmp);
	free(before);
	return rc;
}
