/* cli_store.c: the drivers of `tmpld backup`, `tmpld restore` and `tmpld check`: their
 * arguments, their messages and their exit codes; the work is the storage layer's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_store.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define CLI_DEFAULT_DATA	"./var/tmpld"

/* The arguments the three share: --data DIR (or --data=DIR), --force, and positionals. */
struct cli_args {
	const char	*data;
	const char	*pos[2];
	int		 npos;
	bool		 force, bad;
};

static void
cli_parse(int argc, char **argv, bool force_ok, struct cli_args *a)
{
	memset(a, 0, sizeof *a);
	a->data = CLI_DEFAULT_DATA;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			a->data = argv[++i];
		else if (strncmp(argv[i], "--data=", 7) == 0)
			a->data = argv[i] + 7;
		else if (force_ok && strcmp(argv[i], "--force") == 0)
			a->force = true;
		else if (argv[i][0] != '-' && a->npos < 2)
			a->pos[a->npos++] = argv[i];
		else
			a->bad = true;
	}
}

static double
cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
cli_backup(int argc, char **argv)
{
	struct cli_args a;
	struct stat sb;
	char *cause = NULL;
	double t0 = cli_now();

	cli_parse(argc, argv, false, &a);
	if (a.bad || a.npos != 1) {
		fputs("usage: tmpld backup [--data DIR] FILE\n", stderr);
		return 2;
	}
	if (store_backup(a.data, a.pos[0], &cause) != STORE_OK) {
		fprintf(stderr, "tmpld backup: %s\n", cause);
		free(cause);
		return 1;
	}
	fprintf(stderr, "tmpld backup: wrote %s (%lld bytes) in %.3f s\n", a.pos[0],
	    stat(a.pos[0], &sb) == 0 ? (long long)sb.st_size : -1LL, cli_now() - t0);
	return 0;
}

int
cli_restore(int argc, char **argv)
{
	struct cli_args a;
	char *cause = NULL;

	cli_parse(argc, argv, true, &a);
	if (a.bad || a.npos != 1) {
		fputs("usage: tmpld restore FILE [--data DIR] [--force]\n", stderr);
		return 2;
	}
	if (store_restore(a.pos[0], a.data, a.force, &cause) != STORE_OK) {
		fprintf(stderr, "tmpld restore: %s\n", cause);
		free(cause);
		return 1;
	}
	fprintf(stderr, "tmpld restore: %s is the store in %s now (the one before, if any, is "
	    "%s/data.mdb.before-restore)\n", a.pos[0], a.data, a.data);
	return 0;
}

int
cli_check(int argc, char **argv)
{
	/* map size 0: the one recorded in the store (it may be larger than the default) */
	struct store_opts o = { .map_size = 0 };
	struct cli_args a;
	struct store *st;
	struct stat sb;
	char *cause = NULL, *path;
	size_t problems = 0;
	uint32_t version;
	enum store_rc rc;

	cli_parse(argc, argv, false, &a);
	if (a.bad || a.npos != 0) {
		fputs("usage: tmpld check [--data DIR]\n", stderr);
		return 2;
	}
	path = xasprintf("%s/data.mdb", a.data);
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "tmpld check: no store in %s: %s\n", a.data, strerror(errno));
		free(path);
		return 2;
	}
	/* A store nobody has open must be a tmpld store before store_open (which would make it
	 * one); one in use is open by a tmpld, and is not read without its lock. */
	if (store_dir_in_use(a.data) == 0 && store_file_schema(path, &version, &cause) != STORE_OK) {
		fprintf(stderr, "tmpld check: %s\n", cause);
		free(cause);
		free(path);
		return 2;
	}
	free(path);
	o.dir = a.data;
	if (store_open(&o, &st, &cause) != STORE_OK) {
		fprintf(stderr, "tmpld check: %s\n", cause);
		free(cause);
		return 2;
	}
	printf("tmpld check: %s\n", a.data);
	rc = store_check(st, stdout, &problems);
	store_close(st);
	if (rc != STORE_OK) {
		fprintf(stderr, "tmpld check: cannot read the store: %s\n", store_strerror(rc));
		return 2;
	}
	printf("tmpld check: %zu problem%s\n", problems, problems == 1 ? "" : "s");
	return problems == 0 ? 0 : 1;
}
