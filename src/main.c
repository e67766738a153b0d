/* main.c: options and config file, the descriptor limit, the store's first open, worker
 * processes and the exit code. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_store.h"
#include "tmpld/compat.h"
#include "tmpld/dispatch.h"
#include "tmpld/methods.h"
#include "tmpld/metrics.h"
#include "tmpld/store.h"
#include "tmpld/transport.h"
#include "tmpld/util.h"

#define TMPLD_VERSION "0.1.0"
#define MAIN_MAX_CONNECTIONS	1024	/* the default, if the descriptor limit leaves room */

struct config {
	char			*listen;
	char			*metrics_listen;	/* NULL: /metrics on the API listener */
	char			*data;
	int			 workers;
	struct store_opts	 store;
	struct transport_opts	 http;
	struct dispatch_opts	 dispatch;
	enum log_level		 log_level;
	size_t			 max_connections_asked;	/* --max-connections; 0: none */
	char			**bk_apps;	/* --bk-app specs, in order */
	size_t			 n_bk_apps;
	enum log_format		 log_format;
};

enum opt_id {
	OPT_LISTEN = 256, OPT_DATA, OPT_WORKERS, OPT_MAX_BODY, OPT_MAX_BATCH, OPT_MAP_SIZE,
	OPT_LOG_LEVEL, OPT_CONFIG, OPT_NOSYNC, OPT_NO_GROUP, OPT_LOGIN_ATTEMPTS,
	OPT_LOGIN_BLOCK, OPT_TIMEOUT, OPT_BK_APP, OPT_MAX_CONNECTIONS, OPT_HELP, OPT_VERSION,
	OPT_MAX_ANSWER, OPT_THREADS, OPT_MAP_SIZE_MAX, OPT_METRICS_LISTEN, OPT_LOG_FORMAT,
};

static const struct option main_options[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "max-body", required_argument, NULL, OPT_MAX_BODY },
	{ "max-batch", required_argument, NULL, OPT_MAX_BATCH },
	{ "max-answer", required_argument, NULL, OPT_MAX_ANSWER },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "map-size", required_argument, NULL, OPT_MAP_SIZE },
	{ "map-size-max", required_argument, NULL, OPT_MAP_SIZE_MAX },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "metrics-listen", required_argument, NULL, OPT_METRICS_LISTEN },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "unsafe-nosync", no_argument, NULL, OPT_NOSYNC },
	{ "no-group-commit", no_argument, NULL, OPT_NO_GROUP },
	{ "login-attempts", required_argument, NULL, OPT_LOGIN_ATTEMPTS },
	{ "login-block", required_argument, NULL, OPT_LOGIN_BLOCK },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
	{ "bk-app", required_argument, NULL, OPT_BK_APP },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void
main_usage(FILE *f)
{
	fputs("usage: tmpld [options]\n"
	    "       tmpld passwd [--data DIR] USER   set a password on a stopped store (stdin)\n"
	    "       tmpld backup [--data DIR] FILE   a compacted copy of a store, also while it serves\n"
	    "       tmpld restore FILE [--data DIR] [--force]\n"
	    "                              install a backup in a stopped store (the old one is kept\n"
	    "                              as data.mdb.before-restore; --force replaces an older one)\n"
	    "       tmpld check [--data DIR]         verify a store's indexes and links (exit 0 clean,\n"
	    "                              1 problems, 2 cannot open)\n"
	    "  --listen HOST:PORT     address to serve on (default 127.0.0.1:8080)\n"
	    "  --data DIR             LMDB store directory (default ./var/tmpld)\n"
	    "  --workers N            worker processes sharing the port (default 1)\n"
	    "  --max-body BYTES       largest request body; larger gets HTTP 413 (default 16777216)\n"
	    "  --max-batch N          most calls in one batch (default 10000)\n"
	    "  --max-answer BYTES     largest answer to one request (default 67108864)\n"
	    "  --threads N            pool threads for reads and password checks\n"
	    "                         (default: one per core, at least 2)\n"
	    "  --map-size BYTES       LMDB map size at start (default 1073741824); the map\n"
	    "                         grows by doubling when full, without a restart\n"
	    "  --map-size-max BYTES   the map grows up to this (default: its size at start plus\n"
	    "                         80% of the free space of the disk of --data)\n"
	    "  --timeout SECONDS      idle and write timeout of a connection, and the time a\n"
	    "                         request has from its first byte to its last (default 30)\n"
	    "  --max-connections N    client connections open at once per process; more wait\n"
	    "                         in the listen queue (default 1024, or what the open file\n"
	    "                         limit leaves room for; the soft limit is raised if needed)\n"
	    "  --log-level LEVEL      error, warn, info or debug (default info)\n"
	    "  --log-format FORMAT    text or json (one JSON object per line) (default text)\n"
	    "  --metrics-listen HOST:PORT\n"
	    "                         serve GET /metrics (Prometheus text format) on this\n"
	    "                         address only (default: on the API listener)\n"
	    "  --login-attempts N     failed logins before a block (default 5)\n"
	    "  --login-block SECONDS  how long a blocked account stays blocked (default 30)\n"
	    "  --bk-app CODE:SECRET[:trusted][:BIZ,...]\n"
	    "                         a BlueKing ESB app (repeatable); trusted apps may name\n"
	    "                         their user (an existing one) with bk_username; with\n"
	    "                         business ids the app may act on those businesses only\n"
	    "  --no-group-commit      commit every write call on its own\n"
	    "  --unsafe-nosync        do not fsync commits (loses acknowledged writes on a crash)\n"
	    "  --config FILE          read \"key = value\" lines; keys are the long options;\n"
	    "                         SIGHUP reads it again: log-level and bk-app apply at\n"
	    "                         once, other changes need a restart\n"
	    "  --help, --version\n", f);
}

static int
main_size(const char *s, size_t min, size_t *out)
{
	uint64_t v;

	if (!util_parse_u64(s, &v) || v < min)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
main_int(const char *s, int min, int max, int *out)
{
	uint64_t v;

	if (!util_parse_u64(s, &v) || v < (uint64_t)min || v > (uint64_t)max)
		return -1;
	*out = (int)v;
	return 0;
}

static int main_config_file(struct config *, const char *);

/* Applies one option; returns 0, or -1 after printing why. */
static int
main_apply(struct config *c, int id, const char *arg)
{
	int n, rc = 0;

	switch (id) {
	case OPT_LISTEN: free(c->listen); c->listen = xstrdup(arg); break;
	case OPT_DATA: free(c->data); c->data = xstrdup(arg); break;
	case OPT_WORKERS: rc = main_int(arg, 1, 64, &c->workers); break;
	case OPT_MAX_BODY: rc = main_size(arg, 1024, &c->http.max_body); break;
	case OPT_MAX_BATCH: rc = main_size(arg, 1, &c->dispatch.max_batch); break;
	case OPT_MAX_ANSWER: rc = main_size(arg, 4096, &c->dispatch.max_answer); break;
	case OPT_THREADS: rc = main_int(arg, 1, 256, &c->dispatch.pool_threads); break;
	case OPT_MAP_SIZE: rc = main_size(arg, 1 << 20, &c->store.map_size); break;
	case OPT_MAP_SIZE_MAX: rc = main_size(arg, 1 << 20, &c->store.map_size_max); break;
	case OPT_TIMEOUT: rc = main_int(arg, 1, 3600, &c->http.timeout); break;
	case OPT_MAX_CONNECTIONS:
		if ((rc = main_int(arg, 1, 1000000, &n)) == 0)
			c->http.max_connections = c->max_connections_asked = (size_t)n;
		break;
	case OPT_LOG_LEVEL: rc = log_level_parse(arg, &c->log_level); break;
	case OPT_LOG_FORMAT: rc = log_format_parse(arg, &c->log_format); break;
	case OPT_METRICS_LISTEN:
		free(c->metrics_listen);
		c->metrics_listen = xstrdup(arg);
		break;
	case OPT_NOSYNC: c->store.nosync = true; break;
	case OPT_NO_GROUP: c->dispatch.group_commit = false; break;
	case OPT_LOGIN_ATTEMPTS:
		if ((rc = main_int(arg, 0, 1000, &n)) == 0)
			c->dispatch.login_attempts = (uint32_t)n;
		break;
	case OPT_LOGIN_BLOCK:
		if ((rc = main_int(arg, 0, 86400, &n)) == 0)
			c->dispatch.login_block = (uint32_t)n;
		break;
	case OPT_BK_APP: {
		struct compat_bk_app app;
		char *cause;

		if ((rc = compat_bk_app_parse(arg, &app, &cause)) != 0) {
			fprintf(stderr, "tmpld: %s\n", cause);
			free(cause);
			return rc;
		}
		compat_bk_app_clear(&app);	/* registered after parsing (main_bk_apps_add) */
		c->bk_apps = xrealloc(c->bk_apps, (c->n_bk_apps + 1) * sizeof *c->bk_apps);
		c->bk_apps[c->n_bk_apps++] = xstrdup(arg);
		return 0;
	}
	case OPT_CONFIG: return main_config_file(c, arg);
	default: rc = -1;
	}
	if (rc != 0)
		fprintf(stderr, "tmpld: invalid value \"%s\" for an option\n", arg ? arg : "");
	return rc;
}

static int
main_option_id(const char *key)
{
	for (const struct option *o = main_options; o->name != NULL; o++)
		if (strcmp(o->name, key) == 0 && o->val != OPT_HELP && o->val != OPT_VERSION)
			return o->val;
	return -1;
}

static char *
main_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* "key = value" lines; '#' starts a comment; flags take "true"/"false" or no value. */
static int
main_config_file(struct config *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0, rc = 0;

	if (f == NULL) {
		fprintf(stderr, "tmpld: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
		char *key = main_trim(line), *eq, *val = NULL;
		int id;

		lineno++;
		if (*key == '#' || *key == '\0')
			continue;
		if ((eq = strchr(key, '=')) != NULL) {
			*eq = '\0';
			val = main_trim(eq + 1);
			key = main_trim(key);
		}
		if ((id = main_option_id(key)) < 0 || id == OPT_CONFIG) {
			fprintf(stderr, "tmpld: %s:%d: unknown key \"%s\"\n", path, lineno, key);
			rc = -1;
		} else if ((id == OPT_NOSYNC || id == OPT_NO_GROUP) && val != NULL &&
		    strcmp(val, "true") != 0) {
			if (strcmp(val, "false") != 0) {
				fprintf(stderr, "tmpld: %s:%d: \"%s\" takes true or false\n",
				    path, lineno, key);
				rc = -1;
			}
		} else if (id != OPT_NOSYNC && id != OPT_NO_GROUP && val == NULL) {
			fprintf(stderr, "tmpld: %s:%d: \"%s\" needs a value\n", path, lineno, key);
			rc = -1;
		} else
			rc = main_apply(c, id, val);
	}
	fclose(f);
	return rc;
}

/* HOST:PORT (or [V6]:PORT) of option opt, split in place: *host points into s. */
static int
main_split_addr(char *s, const char *opt, const char **host, int *port)
{
	char *colon = strrchr(s, ':');

	if (colon == NULL || main_int(colon + 1, 0, 65535, port) != 0) {
		fprintf(stderr, "tmpld: %s wants HOST:PORT, got \"%s\"\n", opt, s);
		return -1;
	}
	*colon = '\0';
	*host = s;
	if (s[0] == '[' && colon > s && colon[-1] == ']') {	/* [::1]:8080 */
		colon[-1] = '\0';
		*host = s + 1;
	}
	return 0;
}

static int
main_split_listen(struct config *c)
{
	if (main_split_addr(c->listen, "--listen", &c->http.host, &c->http.port) != 0)
		return -1;
	if (c->metrics_listen != NULL && main_split_addr(c->metrics_listen, "--metrics-listen",
	    &c->http.metrics_host, &c->http.metrics_port) != 0)
		return -1;
	/* with --workers both sockets would have SO_REUSEPORT and share the port silently */
	if (c->metrics_listen != NULL && c->http.port != 0 &&
	    c->http.metrics_port == c->http.port) {
		fprintf(stderr, "tmpld: --metrics-listen must use a port other than --listen's\n");
		return -1;
	}
	return 0;
}

static void
main_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = xstrdup("127.0.0.1:8080");
	c->data = xstrdup("./var/tmpld");
	c->workers = 1;
	c->store.map_size = (size_t)1 << 30;
	c->http.max_body = 16u << 20;
	c->http.timeout = 30;
	c->dispatch.max_batch = 10000;
	c->dispatch.group_commit = true;
	c->dispatch.login_attempts = 5;
	c->dispatch.login_block = 30;
	c->dispatch.pool_threads = 0;		/* one per core */
	c->dispatch.max_answer = 64u << 20;
	c->dispatch.writer_thread = true;
	c->log_level = LOG_INFO;
	c->log_format = LOG_TEXT;
}

/* Whether the environment variable name is "1" (the test hooks). */
static bool
main_env_on(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && strcmp(v, "1") == 0;
}

/* Returns 1 to continue, 0 to exit successfully (help, version), -1 on error. */
static int
main_parse(struct config *c, int argc, char **argv)
{
	int id;

	while ((id = getopt_long(argc, argv, "h", main_options, NULL)) != -1) {
		if (id == OPT_HELP || id == 'h') {
			main_usage(stdout);
			return 0;
		}
		if (id == OPT_VERSION) {
			printf("tmpld %s (Zabbix API %s)\n", TMPLD_VERSION, "6.0.14");
			return 0;
		}
		if (id == '?' || main_apply(c, id, optarg) != 0) {
			main_usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tmpld: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	if (main_split_listen(c) != 0)
		return -1;
	c->store.dir = c->data;
	c->http.reuseport = c->workers > 1;
	c->dispatch.rerun_writes = main_env_on("TMPLD_TEST_RERUN_WRITES");
	return 1;
}

/* Frees what a configuration owns; the --bk-app specs hold secrets and are wiped. */
static void
main_config_free(struct config *c)
{
	for (size_t i = 0; i < c->n_bk_apps; i++) {
		explicit_bzero(c->bk_apps[i], strlen(c->bk_apps[i]));
		free(c->bk_apps[i]);
	}
	free(c->bk_apps);
	free(c->listen);
	free(c->metrics_listen);
	free(c->data);
	memset(c, 0, sizeof *c);
}

/* The command line, kept for a reload, which parses it again (and so the --config files). */
static int	 main_argc;
static char	**main_argv;

/* The options whose change a reload cannot apply: each is named in the log instead. */
static void
main_reload_report(const struct config *o, const struct config *n)
{
	const struct { const char *name; bool changed; } opts[] = {
		{ "listen", strcmp(o->http.host, n->http.host) != 0 || o->http.port != n->http.port },
		{ "data", strcmp(o->data, n->data) != 0 },
		{ "workers", o->workers != n->workers },
		{ "max-body", o->http.max_body != n->http.max_body },
		{ "max-batch", o->dispatch.max_batch != n->dispatch.max_batch },
		{ "max-answer", o->dispatch.max_answer != n->dispatch.max_answer },
		{ "threads", o->dispatch.pool_threads != n->dispatch.pool_threads },
		{ "map-size", o->store.map_size != n->store.map_size },
		{ "map-size-max", o->store.map_size_max != n->store.map_size_max },
		{ "timeout", o->http.timeout != n->http.timeout },
		{ "max-connections", o->max_connections_asked != n->max_connections_asked },
		{ "login-attempts", o->dispatch.login_attempts != n->dispatch.login_attempts },
		{ "login-block", o->dispatch.login_block != n->dispatch.login_block },
		{ "no-group-commit", o->dispatch.group_commit != n->dispatch.group_commit },
		{ "unsafe-nosync", o->store.nosync != n->store.nosync },
		{ "log-format", o->log_format != n->log_format },
		{ "metrics-listen", (o->http.metrics_host == NULL) != (n->http.metrics_host == NULL) ||
		    (o->http.metrics_host != NULL && (strcmp(o->http.metrics_host,
		    n->http.metrics_host) != 0 || o->http.metrics_port != n->http.metrics_port)) },
	};

	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (opts[i].changed)
			log_warn("reload: %s has changed: that needs a restart; still running "
			    "with the old value", opts[i].name);
}

/* SIGHUP, on a serving process's event loop: the command line and its --config files are
 * read again; the log level and the BlueKing apps change at once, the rest is reported. */
static void
main_reload(void *arg)
{
	struct config *cur = arg, next;
	char *cause = NULL;

	main_defaults(&next);
	optind = 0;		/* getopt starts over */
	if (main_parse(&next, main_argc, main_argv) <= 0) {
		log_error("reload: the configuration has an error (printed above); nothing "
		    "changed");
		main_config_free(&next);
		return;
	}
	if (compat_bk_apps_replace(next.bk_apps, next.n_bk_apps, &cause) != 0) {
		log_error("reload: %s; nothing changed", cause);
		free(cause);
		main_config_free(&next);
		return;
	}
	/* the lines below are written at the more verbose of the two levels */
	if (next.log_level > cur->log_level)
		log_set_level(next.log_level);
	main_reload_report(cur, &next);
	log_info("reload: configuration read again: log level %s, %zu BlueKing app%s",
	    log_level_name(next.log_level), next.n_bk_apps, next.n_bk_apps == 1 ? "" : "s");
	log_set_level(next.log_level);
	cur->log_level = next.log_level;
	main_config_free(&next);
}

/* Registers the configuration's BlueKing apps; 0, or -1 after printing why. */
static int
main_bk_apps_add(const struct config *c)
{
	char *cause = NULL;

	if (compat_bk_apps_replace(c->bk_apps, c->n_bk_apps, &cause) == 0)
		return 0;
	fprintf(stderr, "tmpld: %s\n", cause);
	free(cause);
	return -1;
}

/* Opens the store of the configuration; 0, or -1 with the cause logged. */
static int
main_open_store(const struct config *c, struct store **st)
{
	char *cause = NULL;

	if (store_open(&c->store, st, &cause) == STORE_OK)
		return 0;
	log_error("%s", cause);
	free(cause);
	return -1;
}

/* Opens the store once before any worker starts: schema check and the first user. */
static int
main_prepare_store(const struct config *c)
{
	struct store *st;
	char *cause = NULL;
	int rc;

	if (main_open_store(c, &st) != 0)
		return -1;
	rc = dispatch_bootstrap(st, &cause);
	if (rc != 0) {
		log_error("%s", cause);
		free(cause);
	}
	store_close(st);
	return rc;
}

static int
main_serve(const struct config *c)
{
	struct store *st;
	int rc;

	if (main_open_store(c, &st) != 0)
		return -1;
	rc = transport_run(st, &c->http, &c->dispatch);
	store_close(st);
	return rc;
}

/* Signals the workers that have not been reaped. */
static void
main_signal_workers(const pid_t *pids, int n, int sig)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], sig);
}

/* Forks the workers; each opens the store after fork. They start with SIGTERM and SIGINT
 * blocked (inherited), which transport_run unblocks once its handlers are in place, so a
 * stop sent early waits for them instead of killing the worker. Returns how many started. */
static int
main_fork_workers(const struct config *c, pid_t *pids)
{
	sigset_t chld;
	int started = 0;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (int i = 0; i < c->workers; i++) {
		if ((pids[i] = fork()) == 0) {
			sigprocmask(SIG_UNBLOCK, &chld, NULL);
			metrics_slot_use(i);
			_exit(main_serve(c) == 0 ? 0 : 1);	/* HUP stays blocked until served */
		}
		if (pids[i] < 0) {
			log_error("fork: %s", strerror(errno));
			pids[i] = 0;
			break;
		}
		started++;
	}
	return started;
}

/* Reaps the workers that have ended; one that fails stops the others. Returns the number
 * reaped, or -1 when none is left to wait for. */
static int
main_reap_workers(const struct config *c, pid_t *pids, bool *stopping, int *failed)
{
	int status, n = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) != 0) {
		if (pid < 0)
			return errno == EINTR ? n : -1;
		n++;
		for (int i = 0; i < c->workers; i++)
			if (pids[i] == pid)
				pids[i] = 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue;
		*failed = 1;
		if (!*stopping) {
			log_error("worker %ld ended unexpectedly; stopping", (long)pid);
			*stopping = true;
			main_signal_workers(pids, c->workers, SIGTERM);
		}
	}
	return n;
}

/* Waits for every worker, forwarding SIGTERM, SIGINT and SIGHUP (each worker reloads on its
 * own). The signals stay blocked and are taken with sigwait, so none can slip in between a
 * check and the wait. */
static int
main_wait_workers(const struct config *c, pid_t *pids, int alive, const sigset_t *set)
{
	bool stopping = false;
	int failed = 0, sig, n;

	while (alive > 0) {
		if ((n = main_reap_workers(c, pids, &stopping, &failed)) < 0)
			break;
		if ((alive -= n) <= 0 || sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGTERM || sig == SIGINT) {
			stopping = true;
			main_signal_workers(pids, c->workers, sig);
		} else if (sig == SIGHUP && !stopping) {
			log_info("SIGHUP: passed on to the workers");
			main_signal_workers(pids, c->workers, SIGHUP);
		}
	}
	return failed;
}

static int
main_run_workers(const struct config *c)
{
	pid_t *pids = xcalloc((size_t)c->workers, sizeof *pids);
	sigset_t set, old;
	int started, failed;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	signal(SIGCHLD, SIG_DFL);	/* exits must be reported, even if ignored by our parent */
	sigprocmask(SIG_BLOCK, &set, &old);
	started = main_fork_workers(c, pids);
	failed = started < c->workers;
	if (failed)
		main_signal_workers(pids, c->workers, SIGTERM);
	failed |= main_wait_workers(c, pids, started, &set);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(pids);
	return failed ? -1 : 0;
}

/* The open file limit: raises the soft limit to what --max-connections needs when the hard
 * limit allows it; without the option, takes MAIN_MAX_CONNECTIONS or what the limit leaves
 * room for. An explicit value the limit cannot hold is kept, with a warning: at the limit,
 * connections wait in the listen queue (transport pauses accepting). */
static void
main_fd_limit(struct config *c)
{
	bool given = c->http.max_connections > 0;
	size_t target = given ? c->http.max_connections : MAIN_MAX_CONNECTIONS, room;
	rlim_t want = (rlim_t)target + TRANSPORT_FD_RESERVE, old;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		c->http.max_connections = target;
		return;
	}
	old = rl.rlim_cur;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max :
		    want;
		if (rl.rlim_cur > old && setrlimit(RLIMIT_NOFILE, &rl) == 0)
			log_info("raised the open file limit from %llu to %llu",
			    (unsigned long long)old, (unsigned long long)rl.rlim_cur);
		else
			rl.rlim_cur = old;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		room = target;
	else
		room = rl.rlim_cur > TRANSPORT_FD_RESERVE ? rl.rlim_cur - TRANSPORT_FD_RESERVE : 1;
	if (!given)
		c->http.max_connections = room;
	else if (room < target)
		log_warn("--max-connections %zu: the open file limit (%llu) leaves room for %zu; "
		    "beyond that, new connections wait in the listen queue", target,
		    (unsigned long long)rl.rlim_cur, room);
}

/* tmpld passwd: sets a user's password on a stopped store (a lost Admin password). The new
 * password is the first line of stdin; it obeys the default policy. Failed logins are reset.
 * Refused while another process has the store open. */
static int
main_passwd_set(const char *dir, const char *username, const char *pw)
{
	struct store_opts o = { .dir = dir, .map_size = (size_t)1 << 30 };
	char hash[PASSWORD_HASH_MAX], *cause = NULL;
	struct store_txn *t = NULL;
	struct store *st;
	const char *why;
	struct user u;
	int rc;

	if (store_dir_in_use(dir) != 0) {
		fprintf(stderr, "tmpld passwd: the store in %s is in use (or cannot be checked): stop "
		    "tmpld first\n", dir);
		return 1;
	}
	if (store_open(&o, &st, &cause) != STORE_OK) {
		fprintf(stderr, "tmpld passwd: %s\n", cause);
		free(cause);
		return 1;
	}
	if ((rc = store_txn_write(st, NULL, &t)) == STORE_OK &&
	    (rc = store_user_by_name(t, username, &u)) == STORE_OK) {
		if ((why = user_password_problem(&u, pw)) != NULL) {
			fprintf(stderr, "tmpld passwd: the password %s\n", why);
			rc = -1;
		} else if (password_hash(pw, hash, sizeof hash) != 0) {
			fprintf(stderr, "tmpld passwd: cannot hash the password\n");
			rc = -1;
		} else {
			user_set_str(&u.passwd, hash);
			u.attempt_failed = 0;
			if ((rc = store_user_put(t, &u)) == STORE_OK &&
			    (rc = store_login_fails_clear(t, u.userid)) == STORE_OK)
				rc = store_txn_commit(t);
			t = NULL;
		}
		explicit_bzero(hash, sizeof hash);
		user_free(&u);
	}
	store_txn_abort(t);
	if (rc > 0)
		fprintf(stderr, "tmpld passwd: %s\n", rc == STORE_ENOTFOUND ?
		    "no such user (user names are case-sensitive)" : store_strerror(rc));
	store_close(st);
	if (rc == STORE_OK)
		fprintf(stderr, "tmpld passwd: the password of \"%s\" is set\n", username);
	return rc == STORE_OK ? 0 : 1;
}

static int
main_passwd(int argc, char **argv)
{
	const char *dir = "./var/tmpld", *user = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strncmp(argv[i], "--data=", 7) == 0)
			dir = argv[i] + 7;
		else if (user == NULL && argv[i][0] != '-')
			user = argv[i];
		else
			user = NULL, argc = 0;
	}
	if (user == NULL) {
		fputs("usage: tmpld passwd [--data DIR] USER   (the new password on stdin)\n",
		    stderr);
		return 2;
	}
	if ((n = getline(&line, &cap, stdin)) <= 0) {
		fputs("tmpld passwd: no password on stdin\n", stderr);
		free(line);
		return 1;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	rc = main_passwd_set(dir, user, line);
	explicit_bzero(line, cap);
	free(line);
	return rc;
}

/* The metrics tables, indexed by the method table, in a mapping the workers share: made
 * before they fork, one slot each. */
static int
main_metrics_init(const struct config *c)
{
	size_t n = methods_count();
	const char **names = xcalloc(n, sizeof *names);
	int rc;

	for (size_t i = 0; i < n; i++)
		names[i] = methods_get(i)->name;
	if ((rc = metrics_init(names, n, c->workers)) != 0)
		log_error("cannot map the metrics tables: %s", strerror(errno));
	free(names);
	return rc;
}

/* SIGHUP waits (blocked) until the event loop can take it (transport_run unblocks it), so
 * that a reload sent during start-up is not the default action, the end of the process. */
static void
main_block_hup(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* LMDB gives every nested write transaction (a write group's calls, when the group runs again
 * after a failure) a 2 MiB dirty-page list: with the C allocator, keep such blocks on the heap
 * for reuse instead of an mmap, munmap and fresh page faults per call. */
static void
main_tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int
main(int argc, char **argv)
{
	struct config c;
	int rc;

	main_tune_malloc();
	util_json_hooks();
	if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
		return main_passwd(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "backup") == 0)
		return cli_backup(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "restore") == 0)
		return cli_restore(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cli_check(argc - 1, argv + 1);
	main_defaults(&c);
	if ((rc = main_parse(&c, argc, argv)) <= 0 || main_bk_apps_add(&c) != 0) {
		main_config_free(&c);
		compat_bk_apps_free();
		return rc == 0 ? 0 : 2;
	}
	main_argc = argc;
	main_argv = argv;
	main_block_hup();
	c.http.reload = main_reload;
	c.http.reload_arg = &c;
	log_set_level(c.log_level);
	log_set_format(c.log_format);
	main_fd_limit(&c);
	rc = main_metrics_init(&c);
	if (rc == 0)
		rc = main_prepare_store(&c);
	if (rc == 0)
		rc = c.workers > 1 ? main_run_workers(&c) : main_serve(&c);
	main_config_free(&c);
	compat_bk_apps_free();
	metrics_free();
	access_memo_clear();
	return rc == 0 ? 0 : 1;
}
