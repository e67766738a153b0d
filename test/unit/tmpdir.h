/* tmpdir.h: a temporary directory per test for a real LMDB store. */
#ifndef TMPLD_TMPDIR_H
#define TMPLD_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *
tmpdir_new(void)
{
	char tmpl[] = "/tmp/tmpld-unit-XXXXXX";
	char *d = mkdtemp(tmpl);

	return d != NULL ? strdup(d) : NULL;
}

static inline void
tmpdir_remove(char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(dir);
}

#endif
