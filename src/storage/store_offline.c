/* store_offline.c: whether another process has a store open, for the offline tools (tmpld
 * passwd), read from LMDB's lock file without opening the environment. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

/* Every process with the environment open holds a shared fcntl lock on the first byte of
 * lock.mdb for as long as it is open; F_GETLK reports it without taking anything. */
int
store_dir_in_use(const char *dir)
{
	char *path = xasprintf("%s/lock.mdb", dir);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	int fd = open(path, O_RDWR | O_CLOEXEC), rc;

	free(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = fcntl(fd, F_GETLK, &fl) != 0 ? -1 : fl.l_type != F_UNLCK;
	close(fd);
	return rc;
}
