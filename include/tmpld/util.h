/* util.h: small helpers shared by every layer: logging, memory, time, randomness, text, passwords. */
#ifndef TMPLD_UTIL_H
#define TMPLD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* log.c: one line per message on stderr, "TIME tmpld[PID] LEVEL: message". The message is
 * formatted (and cut at 2047 bytes), then escaped with log_escape, so any text may be passed:
 * a client's method name with a newline cannot start a line of its own. Thread-safe. */
enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };
void	log_set_level(enum log_level);
int	log_level_parse(const char *, enum log_level *);	/* 0, or -1 if unknown */
bool	log_enabled(enum log_level);
void	log_msg(enum log_level, const char *, ...) ATTR_PRINTF(2, 3);
/* log_escape(dst, dstlen, src): copies the NUL-terminated src into dst with every byte that
 * could forge or garble a log line written as \xNN (two lower-case hex digits): C0 controls
 * (\n, \r, ESC, ...), DEL, bytes that are not well-formed UTF-8, and the bytes of C1
 * controls (U+0080..U+009F) and of U+2028/U+2029; a backslash becomes \\. Other UTF-8 is
 * kept. When dst is too small it stops at a whole character and ends with "...". dst is
 * NUL-terminated if dstlen > 0; 4 * strlen(src) + 1 bytes always suffice. Returns the
 * length written, without the NUL. */
size_t	log_escape(char *, size_t, const char *);
#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

/* xmalloc.c: allocation that never returns NULL (aborts on exhaustion). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) ATTR_PRINTF(1, 2);
char	*xvasprintf(const char *, va_list) ATTR_PRINTF(1, 0);

/* json.c: makes cJSON allocate with xmalloc/free; call once at start, before any cJSON. */
void	util_json_hooks(void);

/* text.c */
bool	 util_utf8_valid(const char *, size_t);
size_t	 util_utf8_len(const char *);
void	 util_hex(const uint8_t *, size_t, char *);	/* out: 2n + 1 bytes */
bool	 util_ct_equal(const void *, const void *, size_t);
int	 util_time_unit_parse(const char *, uint64_t *);	/* "15m" -> 900 */
bool	 util_parse_u64(const char *, uint64_t *);

/* clock.c */
uint64_t util_now(void);		/* wall clock, seconds */
uint64_t util_mono_us(void);		/* monotonic, microseconds */
void	 util_clock_override(uint64_t);	/* tests: fixed wall clock, 0 = real */
int	 util_random_bytes(void *, size_t);	/* getrandom(2); 0 or -1 */

/* password.c: bcrypt ($2y$10$) through libxcrypt. */
#define PASSWORD_HASH_MAX 128
int	 password_hash(const char *, char *, size_t);	/* 0 or -1 */
bool	 password_verify(const char *, const char *);	/* constant-time compare */

/* pool.c: a small thread pool; completions are collected on the owner's thread (pool_drain,
 * when pool_fd is readable). Work is queued in one lane per key; the lanes are served in turn
 * and one lane never holds more than threads - 1 threads, so another key's task starts as
 * soon as it is queued unless other keys hold the remaining thread. */
struct pool;
typedef void (*pool_work_fn)(void *);
struct pool	*pool_new(int, int);	/* threads (0: one per core, at least 2), nice increment */
/* Queues work(arg) on a thread, then done(arg) on the owner's thread; key picks the lane. */
void		 pool_submit_keyed(struct pool *, uint64_t, pool_work_fn, pool_work_fn, void *);
int		 pool_cores(void);	/* online cores, at least 1 */
void		 pool_free(struct pool *);
int		 pool_fd(struct pool *);		/* readable when work is done */
void		 pool_submit(struct pool *, pool_work_fn, pool_work_fn, void *);	/* key 0 */
void		 pool_drain(struct pool *);		/* runs the done callbacks */
size_t		 pool_pending(struct pool *);

#endif
