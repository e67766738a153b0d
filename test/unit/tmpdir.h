/* tmpdir.h: a temporary directory per test, and a real LMDB store in it. */
#ifndef TMPLD_TMPDIR_H
#define TMPLD_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"

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

/* A fresh store (16 MiB map) in a fresh temporary directory, returned in *dir. */
static inline struct store *
unit_store_new(char **dir)
{
	struct store_opts o = { .map_size = 16 << 20 };
	struct store *st = NULL;
	char *cause = NULL;

	*dir = tmpdir_new();
	o.dir = *dir;
	if (*dir == NULL || store_open(&o, &st, &cause) != STORE_OK) {
		fprintf(stderr, "cannot open a test store: %s\n", cause ? cause : "mkdtemp");
		abort();
	}
	return st;
}

static inline void
unit_store_free(struct store *st, char *dir)
{
	store_close(st);
	tmpdir_remove(dir);
}

#endif
