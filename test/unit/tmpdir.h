/* tmpdir.h: a temporary directory per test, and a real LMDB store in it. */
#ifndef TMPLD_TMPDIR_H
#define TMPLD_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/error.h"
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

/* The fixture of the tests that run on a real store: the store in its directory, a write
 * transaction (unit_fx_setup_txn only; aborted at teardown) and an error for the domain. */
struct unit_fx {
	char			*dir;
	struct store		*st;
	struct store_txn	*txn;
	struct err		 e;
};

static inline int
unit_fx_setup(void **state)
{
	struct unit_fx *f = calloc(1, sizeof *f);

	if (f == NULL)
		abort();
	f->st = unit_store_new(&f->dir);
	*state = f;
	return 0;
}

static inline int
unit_fx_setup_txn(void **state)
{
	struct unit_fx *f;

	unit_fx_setup(state);
	f = *state;
	return store_txn_write(f->st, NULL, &f->txn) == STORE_OK ? 0 : -1;
}

static inline int
unit_fx_teardown(void **state)
{
	struct unit_fx *f = *state;

	if (f->txn != NULL)
		store_txn_abort(f->txn);
	err_clear(&f->e);
	unit_store_free(f->st, f->dir);
	free(f);
	return 0;
}

#endif
