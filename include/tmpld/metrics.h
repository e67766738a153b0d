/* metrics.h: the server's counters, gauges and histograms, kept in one shared anonymous
 * mapping made before the worker processes fork (one slot of atomics per process, summed when
 * scraped), and their rendering in the Prometheus text exposition format 0.0.4.
 *
 * Threads and processes: metrics_init and metrics_free are for start-up and tests (before any
 * thread or fork). metrics_slot_use is called once in a worker right after fork. Every
 * metrics_* recorder may run on any thread of any process at once (relaxed atomics in the
 * slot of the calling process) and is a no-op before metrics_init. metrics_render reads every
 * slot without locking: a scrape sees each counter at some recent value. */
#ifndef TMPLD_METRICS_H
#define TMPLD_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Histogram bounds: durations in microseconds (rendered in seconds), group sizes in calls. */
#define METRICS_DURATION_BUCKETS	16
#define METRICS_SIZE_BUCKETS		11
/* Outcomes of a call: ok, each JSON-RPC error code tmpld answers, and any other code. */
#define METRICS_OUTCOMES		8

/* Sets up the tables: one entry per method name (copied; index i is methods[i] for
 * metrics_call), plus an entry "unknown" (index n) for calls that name no method of the table,
 * and nslots process slots (>= 1) in one MAP_SHARED | MAP_ANONYMOUS mapping, all zero. The
 * calling process uses slot 0 until metrics_slot_use. A second call replaces the first.
 * @return 0, or -1 when the mapping cannot be made (errno kept; recorders stay no-ops). */
int	metrics_init(const char *const *methods, size_t n, int nslots);
/* Unmaps and forgets everything (tests). */
void	metrics_free(void);
/* The slot this process records into (0 <= slot < nslots; out of range: ignored). */
void	metrics_slot_use(int slot);
/* The entry of calls that name no method of the table (n of metrics_init). */
size_t	metrics_method_unknown(void);

/* One call finished: method index (>= n counts as unknown), code 0 for a success or the
 * JSON-RPC error code answered, and its duration in microseconds. */
void	metrics_call(size_t method, int code, uint64_t us);
/* One top-level write commit: how many jobs it held and how long it took (the fsync). */
void	metrics_commit(size_t jobs, uint64_t us);
/* Open client connections of this process change by delta (+1 accepted, -1 closed). */
void	metrics_connections_add(int delta);
/* One login refused because the account was blocked for this client address. */
void	metrics_login_blocked(void);

/* The outcome label of a code: "ok" for 0, the code's decimal text for the codes tmpld
 * answers, "other" for another. Static text. */
const char *metrics_outcome_label(int code);
/* Index of the bucket a value falls into (bounds ascending; n is the +Inf bucket). */
size_t	metrics_bucket_of(const uint64_t *bounds, size_t n, uint64_t v);

/* What the store tells at scrape time (whole-server numbers: the store is shared). */
struct metrics_store {
	int		 known;		/* 0: the store could not be read; these are left out */
	uint64_t	 sessions;	/* sessions stored (expired ones until purged) */
	uint64_t	 tokens;	/* API tokens */
	uint64_t	 file_bytes;	/* size of the data file */
	uint64_t	 map_bytes;	/* the map size */
	uint64_t	 used_bytes;	/* pages in use * page size */
};

/* The whole exposition: every slot summed. Series of a method appear once it has a call.
 * @param[in]  st   borrowed; NULL or st->known == 0 leaves the store's gauges out
 * @param[out] len  the text's length
 * @return heap text (caller frees), NUL-terminated; NULL before metrics_init. */
char	*metrics_render(const struct metrics_store *st, size_t *len);

#endif
