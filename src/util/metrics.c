/* metrics.c: counters and histograms in a shared mapping (a slot per worker process), summed
 * and rendered in the Prometheus text format when scraped. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tmpld/metrics.h"
#include "tmpld/util.h"

typedef _Atomic uint64_t metrics_ctr;

struct metrics_method {
	metrics_ctr	calls[METRICS_OUTCOMES];
	metrics_ctr	buckets[METRICS_DURATION_BUCKETS + 1];	/* not cumulative; last +Inf */
	metrics_ctr	sum_us;
};

struct metrics_slot {
	_Atomic int64_t	connections;
	metrics_ctr	login_blocked;
	metrics_ctr	group_buckets[METRICS_SIZE_BUCKETS + 1];
	metrics_ctr	group_sum;
	metrics_ctr	commit_buckets[METRICS_DURATION_BUCKETS + 1];
	metrics_ctr	commit_sum_us;
	struct metrics_method methods[];	/* nmethods + 1 (unknown) */
};

static const uint64_t metrics_duration_bounds[METRICS_DURATION_BUCKETS] = {
	100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
static const char *const metrics_duration_le[METRICS_DURATION_BUCKETS] = {
	"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
	"0.1", "0.25", "0.5", "1", "2.5", "5", "10",
};
static const uint64_t metrics_size_bounds[METRICS_SIZE_BUCKETS] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
};
static const int metrics_codes[METRICS_OUTCOMES - 1] = {
	0, -32700, -32600, -32601, -32602, -32603, -32500,
};
static const char *const metrics_outcome_names[METRICS_OUTCOMES] = {
	"ok", "-32700", "-32600", "-32601", "-32602", "-32603", "-32500", "other",
};

/* Set once before fork; each process has its own copy of these, all pointing at the same
 * shared pages. */
static struct {
	unsigned char	*map;
	size_t		 map_len, slot_len, nmethods;
	int		 nslots;
	char		**names;	/* nmethods + 1 */
	struct metrics_slot *mine;
} metrics;

static struct metrics_slot *
metrics_slot(int i)
{
	return (struct metrics_slot *)(void *)(metrics.map + (size_t)i * metrics.slot_len);
}

void
metrics_free(void)
{
	if (metrics.map != NULL)
		munmap(metrics.map, metrics.map_len);
	if (metrics.names != NULL)
		for (size_t i = 0; i <= metrics.nmethods; i++)
			free(metrics.names[i]);
	free(metrics.names);
	memset(&metrics, 0, sizeof metrics);
}

int
metrics_init(const char *const *methods, size_t n, int nslots)
{
	size_t slot_len;
	void *map;

	metrics_free();
	if (nslots < 1)
		nslots = 1;
	slot_len = sizeof(struct metrics_slot) + (n + 1) * sizeof(struct metrics_method);
	slot_len = (slot_len + 63) & ~(size_t)63;	/* slots on cache lines of their own */
	map = mmap(NULL, slot_len * (size_t)nslots, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -1;
	metrics.map = map;	/* zero-filled by the kernel: every atomic starts at 0 */
	metrics.map_len = slot_len * (size_t)nslots;
	metrics.slot_len = slot_len;
	metrics.nslots = nslots;
	metrics.nmethods = n;
	metrics.names = xcalloc(n + 1, sizeof *metrics.names);
	for (size_t i = 0; i < n; i++)
		metrics.names[i] = xstrdup(methods[i]);
	metrics.names[n] = xstrdup("unknown");
	metrics.mine = metrics_slot(0);
	return 0;
}

void
metrics_slot_use(int slot)
{
	if (metrics.map != NULL && slot >= 0 && slot < metrics.nslots)
		metrics.mine = metrics_slot(slot);
}

size_t
metrics_method_unknown(void)
{
	return metrics.nmethods;
}

size_t
metrics_bucket_of(const uint64_t *bounds, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {	/* the first bound >= v */
		size_t mid = lo + (hi - lo) / 2;

		if (bounds[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
metrics_outcome_of(int code)
{
	for (size_t i = 0; i < sizeof metrics_codes / sizeof metrics_codes[0]; i++)
		if (metrics_codes[i] == code)
			return i;
	return METRICS_OUTCOMES - 1;
}

const char *
metrics_outcome_label(int code)
{
	return metrics_outcome_names[metrics_outcome_of(code)];
}

static void
metrics_add(metrics_ctr *c, uint64_t v)
{
	atomic_fetch_add_explicit(c, v, memory_order_relaxed);
}

static uint64_t
metrics_get(const metrics_ctr *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void
metrics_call(size_t method, int code, uint64_t us)
{
	struct metrics_method *m;

	if (metrics.mine == NULL)
		return;
	m = &metrics.mine->methods[method < metrics.nmethods ? method : metrics.nmethods];
	metrics_add(&m->calls[metrics_outcome_of(code)], 1);
	metrics_add(&m->buckets[metrics_bucket_of(metrics_duration_bounds,
	    METRICS_DURATION_BUCKETS, us)], 1);
	metrics_add(&m->sum_us, us);
}

void
metrics_commit(size_t jobs, uint64_t us)
{
	struct metrics_slot *s = metrics.mine;

	if (s == NULL)
		return;
	metrics_add(&s->group_buckets[metrics_bucket_of(metrics_size_bounds,
	    METRICS_SIZE_BUCKETS, jobs)], 1);
	metrics_add(&s->group_sum, jobs);
	metrics_add(&s->commit_buckets[metrics_bucket_of(metrics_duration_bounds,
	    METRICS_DURATION_BUCKETS, us)], 1);
	metrics_add(&s->commit_sum_us, us);
}

void
metrics_connections_add(int delta)
{
	if (metrics.mine != NULL)
		atomic_fetch_add_explicit(&metrics.mine->connections, delta, memory_order_relaxed);
}

void
metrics_login_blocked(void)
{
	if (metrics.mine != NULL)
		metrics_add(&metrics.mine->login_blocked, 1);
}

/* ---- rendering ---- */

struct metrics_buf {
	char	*p;
	size_t	 len, cap;
};

static void ATTR_PRINTF(2, 3)
metrics_printf(struct metrics_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	b->len += (size_t)n;
}

static void
metrics_head(struct metrics_buf *b, const char *name, const char *type, const char *help)
{
	metrics_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Sums counter at byte offset off of each slot (a field of struct metrics_slot). */
static uint64_t
metrics_sum(size_t off)
{
	uint64_t v = 0;

	for (int i = 0; i < metrics.nslots; i++)
		v += metrics_get((const metrics_ctr *)(const void *)((const unsigned char *)
		    metrics_slot(i) + off));
	return v;
}

/* Microseconds as seconds, exactly (six decimals, trailing zeros dropped). */
static void
metrics_seconds(char *out, size_t len, uint64_t us)
{
	size_t n = (size_t)snprintf(out, len, "%llu.%06llu", (unsigned long long)(us / 1000000),
	    (unsigned long long)(us % 1000000));

	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

/* A histogram's lines from non-cumulative bucket counts; labels is "" or `method="x",`. */
static void
metrics_histogram(struct metrics_buf *b, const char *name, const char *labels,
    const uint64_t *counts, size_t nb, const char *const *le, const uint64_t *bounds,
    uint64_t sum, bool seconds)
{
	uint64_t cum = 0;
	char num[32];

	for (size_t i = 0; i < nb; i++) {
		cum += counts[i];
		if (le != NULL)
			metrics_printf(b, "%s_bucket{%sle=\"%s\"} %llu\n", name, labels, le[i],
			    (unsigned long long)cum);
		else
			metrics_printf(b, "%s_bucket{%sle=\"%llu\"} %llu\n", name, labels,
			    (unsigned long long)bounds[i], (unsigned long long)cum);
	}
	cum += counts[nb];
	metrics_printf(b, "%s_bucket{%sle=\"+Inf\"} %llu\n", name, labels,
	    (unsigned long long)cum);
	if (seconds)
		metrics_seconds(num, sizeof num, sum);
	else
		snprintf(num, sizeof num, "%llu", (unsigned long long)sum);
	/* labels end with a comma: drop it for _sum and _count */
	if (labels[0] != '\0') {
		int n = (int)strlen(labels) - 1;

		metrics_printf(b, "%s_sum{%.*s} %s\n%s_count{%.*s} %llu\n", name, n, labels, num,
		    name, n, labels, (unsigned long long)cum);
	} else
		metrics_printf(b, "%s_sum %s\n%s_count %llu\n", name, num, name,
		    (unsigned long long)cum);
}

/* Sums method m over the slots into calls, buckets and *sum; returns its call count. */
static uint64_t
metrics_method_sum(size_t m, uint64_t *calls, uint64_t *buckets, uint64_t *sum)
{
	uint64_t total = 0;

	memset(calls, 0, METRICS_OUTCOMES * sizeof *calls);
	memset(buckets, 0, (METRICS_DURATION_BUCKETS + 1) * sizeof *buckets);
	*sum = 0;
	for (int s = 0; s < metrics.nslots; s++) {
		const struct metrics_method *mm = &metrics_slot(s)->methods[m];

		for (size_t o = 0; o < METRICS_OUTCOMES; o++)
			calls[o] += metrics_get(&mm->calls[o]);
		for (size_t i = 0; i <= METRICS_DURATION_BUCKETS; i++)
			buckets[i] += metrics_get(&mm->buckets[i]);
		*sum += metrics_get(&mm->sum_us);
	}
	for (size_t o = 0; o < METRICS_OUTCOMES; o++)
		total += calls[o];
	return total;
}

static void
metrics_render_calls(struct metrics_buf *b)
{
	uint64_t calls[METRICS_OUTCOMES], buckets[METRICS_DURATION_BUCKETS + 1], sum;
	char labels[160];

	metrics_head(b, "tmpld_calls_total", "counter",
	    "API calls answered, by method and outcome (ok or the JSON-RPC error code).");
	for (size_t m = 0; m <= metrics.nmethods; m++) {
		if (metrics_method_sum(m, calls, buckets, &sum) == 0)
			continue;
		for (size_t o = 0; o < METRICS_OUTCOMES; o++)
			if (calls[o] > 0)
				metrics_printf(b, "tmpld_calls_total{method=\"%s\",outcome=\"%s\"} "
				    "%llu\n", metrics.names[m], metrics_outcome_names[o],
				    (unsigned long long)calls[o]);
	}
	metrics_head(b, "tmpld_call_duration_seconds", "histogram",
	    "Time from a call's start to its answer (a write: to its commit), by method.");
	for (size_t m = 0; m <= metrics.nmethods; m++) {
		if (metrics_method_sum(m, calls, buckets, &sum) == 0)
			continue;
		snprintf(labels, sizeof labels, "method=\"%s\",", metrics.names[m]);
		metrics_histogram(b, "tmpld_call_duration_seconds", labels, buckets,
		    METRICS_DURATION_BUCKETS, metrics_duration_le, NULL, sum, true);
	}
}

static void
metrics_render_commits(struct metrics_buf *b)
{
	uint64_t sizes[METRICS_SIZE_BUCKETS + 1], times[METRICS_DURATION_BUCKETS + 1];

	for (size_t i = 0; i <= METRICS_SIZE_BUCKETS; i++)
		sizes[i] = metrics_sum(offsetof(struct metrics_slot, group_buckets) +
		    i * sizeof(metrics_ctr));
	for (size_t i = 0; i <= METRICS_DURATION_BUCKETS; i++)
		times[i] = metrics_sum(offsetof(struct metrics_slot, commit_buckets) +
		    i * sizeof(metrics_ctr));
	metrics_head(b, "tmpld_commit_group_size", "histogram",
	    "Writes (calls and upkeep) committed together in one transaction.");
	metrics_histogram(b, "tmpld_commit_group_size", "", sizes, METRICS_SIZE_BUCKETS, NULL,
	    metrics_size_bounds, metrics_sum(offsetof(struct metrics_slot, group_sum)), false);
	metrics_head(b, "tmpld_commit_duration_seconds", "histogram",
	    "Time of one top-level commit, its fsync included.");
	metrics_histogram(b, "tmpld_commit_duration_seconds", "", times,
	    METRICS_DURATION_BUCKETS, metrics_duration_le, NULL,
	    metrics_sum(offsetof(struct metrics_slot, commit_sum_us)), true);
}

static void
metrics_gauge(struct metrics_buf *b, const char *name, const char *help, uint64_t v)
{
	metrics_head(b, name, "gauge", help);
	metrics_printf(b, "%s %llu\n", name, (unsigned long long)v);
}

char *
metrics_render(const struct metrics_store *st, size_t *len)
{
	struct metrics_buf b = { NULL, 0, 0 };
	int64_t conns = 0;

	if (metrics.map == NULL)
		return NULL;
	b.cap = 16384;
	b.p = xmalloc(b.cap);
	b.p[0] = '\0';
	metrics_render_calls(&b);
	metrics_render_commits(&b);
	for (int i = 0; i < metrics.nslots; i++)
		conns += atomic_load_explicit(&metrics_slot(i)->connections, memory_order_relaxed);
	metrics_gauge(&b, "tmpld_connections_open", "Client connections open on the API "
	    "listener.", conns > 0 ? (uint64_t)conns : 0);
	metrics_head(&b, "tmpld_logins_blocked_total", "counter",
	    "Logins refused because the account was blocked for the client's address.");
	metrics_printf(&b, "tmpld_logins_blocked_total %llu\n", (unsigned long long)
	    metrics_sum(offsetof(struct metrics_slot, login_blocked)));
	if (st != NULL && st->known) {
		metrics_gauge(&b, "tmpld_sessions", "Sessions in the store (expired ones until "
		    "the next purge).", st->sessions);
		metrics_gauge(&b, "tmpld_api_tokens", "API tokens in the store.", st->tokens);
		metrics_gauge(&b, "tmpld_store_file_bytes", "Size of the store's data file.",
		    st->file_bytes);
		metrics_gauge(&b, "tmpld_store_map_bytes", "The store's map size (the most it "
		    "can hold now).", st->map_bytes);
		metrics_gauge(&b, "tmpld_store_used_bytes", "Pages in use times the page size.",
		    st->used_bytes);
	}
	*len = b.len;
	return b.p;
}
