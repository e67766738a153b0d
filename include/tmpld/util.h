/* util.h: small helpers shared by every layer: logging, memory, time, randomness, text,
 * passwords and the thread pool.
 *
 * Conventions, unless a function says otherwise: arguments are borrowed (nothing passed in is
 * kept or freed); returned heap memory is the caller's and is freed with free(); allocation
 * never fails (xmalloc aborts the process instead). Every function may run on any thread at
 * once, except the start-up setters (util_json_hooks, util_clock_override)
 * and the pool's owner-thread calls. */
#ifndef TMPLD_UTIL_H
#define TMPLD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* log.c: one line per message on stderr, "TIME tmpld[PID] LEVEL: message" (TIME in UTC).
 * The message is formatted (and cut at 2047 bytes), then escaped with log_escape, so any text
 * may be passed: a client's method name with a newline cannot start a line of its own.
 * log_msg and log_enabled are thread-safe (one fprintf per line); messages above the level
 * set are dropped. The level is LOG_INFO until log_set_level, which any thread may call at
 * any time (a reload changes it while threads log). */
enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };
void	log_set_level(enum log_level);
/* @param[in]  name   "error", "warn", "info" or "debug" (exactly)
 * @param[out] level  set only on success
 * @return 0, or -1 for any other name. */
int	log_level_parse(const char *, enum log_level *);	/* 0, or -1 if unknown */
const char *log_level_name(enum log_level);	/* "error", ...; static */
bool	log_enabled(enum log_level);	/* whether a message of this level is written */
void	log_msg(enum log_level, const char *, ...) ATTR_PRINTF(2, 3);
/* log_escape(dst, dstlen, src): copies the NUL-terminated src into dst with every byte that
 * could forge or garble a log line written as \xNN (two lower-case hex digits): C0 controls
 * (\n, \r, ESC, ...), DEL, bytes that are not well-formed UTF-8, and the bytes of C1
 * controls (U+0080..U+009F) and of U+2028/U+2029; a backslash becomes \\. Other UTF-8 is
 * kept. When dst is too small it stops at a whole character and ends with "...". dst is
 * NUL-terminated if dstlen > 0; 4 * strlen(src) + 1 bytes always suffice. Returns the
 * length written, without the NUL. */
size_t	log_escape(char *, size_t, const char *);
/* The format of every line (start-up setter, like log_set_level): LOG_TEXT as above, or
 * LOG_JSON, one object per line: {"ts":"TIME","level":"LEVEL","pid":N,"msg":"message"},
 * plus the fields of log_fields; strings are JSON-escaped (log_json_escape). */
enum log_format { LOG_TEXT, LOG_JSON };
void	log_set_format(enum log_format);
/* @param[in] name  "text" or "json" (exactly); @return 0 with *out set, or -1. */
int	log_format_parse(const char *, enum log_format *);
/* One line of a message and named fields: text "msg key=value key=value" (each value
 * escaped by log_escape, and quoted "..." when empty or holding a space, '"' or '='; a '"'
 * inside is written \x22); json, the fields as members after "msg". A field with str NULL
 * is the number num (a JSON number). Keys are the caller's constants, written as they are.
 * Thread-safe as log_msg. */
struct log_field {
	const char	*key;
	const char	*str;
	uint64_t	 num;
};
void	log_fields(enum log_level, const char *, const struct log_field *, size_t);
/* log_json_escape(dst, dstlen, src): src as the inside of a JSON string (no quotes): '"',
 * '\\' and controls escaped (\n, \t, \u00XX...); each byte that is not well-formed UTF-8,
 * and each byte of a C1 control or of U+2028/U+2029, as \u00XX (its Latin-1 reading, so the
 * line stays valid JSON and one line); other UTF-8 kept.
 * Cut like log_escape (whole characters, "...") when dst is too small; 6 * strlen(src) + 1
 * bytes always suffice. Returns the length written, without the NUL. */
size_t	log_json_escape(char *, size_t, const char *);
#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

/* xmalloc.c: allocation that never returns NULL: on exhaustion it prints to stderr and
 * aborts. A size of 0 allocates 1 byte (a unique, freeable pointer). Everything returned is
 * freed with free(). The *printf forms return the formatted text (abort on a format error);
 * xstrndup copies exactly n bytes (s must hold them: it is no strnlen) and adds a NUL;
 * s must not be NULL. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) ATTR_PRINTF(1, 2);
char	*xvasprintf(const char *, va_list) ATTR_PRINTF(1, 0);

/* json.c: makes cJSON allocate with xmalloc/free, so that no cJSON constructor returns NULL
 * for want of memory (rpc_ok relies on it). Call once at start, before any cJSON is made and
 * before any thread starts; not thread-safe (cJSON_InitHooks). */
void	util_json_hooks(void);
/* A JSON scalar as the text PHP makes of it: a string as it is, an integral number without
 * a fraction, another number with 15 significant digits, true as "1", false as false_text
 * (PHP's own is ""). NULL for null, arrays and objects. The caller frees the text. */
struct cJSON;
char	*util_json_scalar_text(const struct cJSON *, const char *);
/* util_json_add_str(obj, key, value): cJSON_AddStringToObject without a copy of the key: key
 * must be a string of static storage (a literal), as the member keeps pointing at it. Returns
 * the new member. */
struct cJSON	*util_json_add_str(struct cJSON *, const char *, const char *);
/* util_json_add_const(obj, key, value): as util_json_add_str, but value is not copied either:
 * both must be of static storage. The member is a cJSON string reference (cJSON_Delete leaves
 * the text alone; cJSON_SetValuestring refuses to change it; cJSON_Duplicate copies it). */
struct cJSON	*util_json_add_const(struct cJSON *, const char *, const char *);
/* util_json_add_int(obj, key, v): the decimal text of v as a string member (PHP's database
 * columns are strings); key of static storage. -1 to 9 point at static texts, no copy. */
struct cJSON	*util_json_add_int(struct cJSON *, const char *, long long);
/* util_json_raw_take(text): a raw node (cJSON_Raw) whose text, JSON printed as it is, is
 * text itself: heap (xmalloc), NUL-terminated, taken (cJSON_Delete frees it). */
struct cJSON	*util_json_raw_take(char *);
/* util_json_member(obj, name): cJSON_GetObjectItemCaseSensitive, the first member of that
 * exact name or NULL (also for a NULL obj or name, or a non-object), with the first byte
 * compared before the rest: the lookups of a call's rule and option walks mostly miss. */
struct cJSON	*util_json_member(const struct cJSON *, const char *);

/* jsonw.c: compact JSON text in one growing buffer, byte for byte as cJSON_PrintUnformatted
 * (and jsonrpc_print) write it. The writer puts the ',' between the values of an array and
 * the members of an object itself: jsonw_key, then one value (jsonw_str,
 * jsonw_raw, jsonw_value, or jsonw_open ... jsonw_close). Never fails (xmalloc aborts). */
struct jsonw {
	char	*p;		/* the text so far (owned; not NUL-terminated before jsonw_take) */
	size_t	 len, cap;
	bool	 sep;		/* a value was written at this level: the next needs a ',' */
};
/* An empty writer with room for first bytes; jsonw_free or jsonw_take ends it. */
void	jsonw_init(struct jsonw *, size_t first);
void	jsonw_free(struct jsonw *);
/* The text, NUL-terminated, now the caller's (free); its length at *len (may be NULL). The
 * writer is left empty: init it again to reuse it. */
char	*jsonw_take(struct jsonw *, size_t *len);
/* '{' or '[' (as a value), and its closing '}' or ']'. */
void	jsonw_open(struct jsonw *, char);
void	jsonw_close(struct jsonw *, char);
/* A member's key (escaped) and ':'; the member's value follows. */
void	jsonw_key(struct jsonw *, const char *);
/* The same for a key of n bytes the caller knows needs no escape (no '"', '\\', control
 * byte or C0: a field name of a table), copied as it is. */
void	jsonw_key_plain(struct jsonw *, const char *, size_t n);
/* A string value (NULL: ""), escaped as cJSON does. */
void	jsonw_str(struct jsonw *, const char *);
/* jsonw_key_plain of the n bytes at key, then jsonw_str of s, in one step: a table's field. */
void	jsonw_member_str(struct jsonw *, const char *key, size_t n, const char *s);
/* A field name made once into the start of a string member, "name":" (the name as for
 * jsonw_key_plain), in out; its length, or 0 when that does not fit in JSONW_KEY_MAX bytes.
 * jsonw_member_keyed(w, out, len, s) then writes what jsonw_member_str writes, copying the
 * whole JSONW_KEY_MAX bytes at once. */
#define JSONW_KEY_MAX	32
size_t	jsonw_key_text(char out[JSONW_KEY_MAX], const char *name, size_t n);
void	jsonw_member_keyed(struct jsonw *, const char key[JSONW_KEY_MAX], size_t len,
	    const char *s);
/* n bytes of JSON text as a value, as they are (the caller's text must be one value). */
void	jsonw_raw(struct jsonw *, const char *, size_t n);
/* n spaces, a room the text's owner fills in later; the writer's state is left as it was
 * (what follows needs no ',' for them). */
void	jsonw_pad(struct jsonw *, size_t n);
/* A tree as a value (numbers by cJSON's own printer). false for a node cJSON cannot print
 * (an invalid type, a raw node without text, NULL); the text is then incomplete. */
bool	jsonw_value(struct jsonw *, const struct cJSON *);

/* text.c: pure functions of their arguments. */
/* Whether the n bytes at s are well-formed UTF-8 (no overlong form, no surrogate, at most
 * U+10FFFF). A NUL byte counts as valid: callers that refuse NULs check them apart. */
bool	 util_utf8_valid(const char *, size_t);
/* Code points in a NUL-terminated string, counted as UTF-8 lead bytes (meaningful only for
 * valid UTF-8; each invalid byte that is no continuation byte counts as one). */
size_t	 util_utf8_len(const char *);
/* util_u64_dec(v, buf): v in decimal at buf, NUL-terminated (at most 20 digits); returns the
 * number of digits. Without printf: ids and counts are written for every row of an answer. */
size_t	 util_u64_dec(uint64_t, char[21]);
/* The same for a signed value, with a '-' before a negative one (at most 20 characters). */
size_t	 util_i64_dec(long long, char[22]);
void	 util_hex(const uint8_t *, size_t, char *);	/* out: 2n + 1 bytes, lower case, NUL */
/* Whether the n bytes at a and b are equal, in time that depends only on n. */
bool	 util_ct_equal(const void *, const void *, size_t);
/* A Zabbix time unit: digits with an optional suffix s, m, h, d or w, into seconds
 * ("15m" -> 900). @return 0, or -1 (nothing else, or an overflow); *out set only on 0. */
int	 util_time_unit_parse(const char *, uint64_t *);	/* "15m" -> 900 */
/* Decimal digits only (no sign, no space), leading zeros allowed, within uint64_t.
 * @return true with *out set, or false (*out untouched). */
bool	 util_parse_u64(const char *, uint64_t *);
/* PHP's ctype_digit on a string: not empty, decimal digits only (any length). */
bool	 util_is_digits(const char *);

/* natcmp.c: PHP 8's strnatcasecmp(), the order of every sorted list of Zabbix's exports:
 * ASCII letters compared case-insensitively, whitespace skipped, the string's leading zeros
 * skipped, runs of digits compared as numbers (a run starting with '0' digit by digit), and
 * any other byte by value. Returns <0, 0 or >0. */
int	 util_strnatcasecmp(const char *, const char *);

/* clock.c: util_clock_override is for tests, before threads read util_now (a plain
 * variable). util_random_bytes fills all n bytes from getrandom(2) (retrying on EINTR) and
 * returns 0, or -1 when the kernel refuses (the buffer is then partly filled). */
uint64_t util_now(void);		/* wall clock, seconds */
uint64_t util_mono_us(void);		/* monotonic, microseconds */
void	 util_clock_override(uint64_t);	/* tests: fixed wall clock, 0 = real */
int	 util_random_bytes(void *, size_t);	/* getrandom(2); 0 or -1 */

/* password.c: bcrypt ($2y$10$) through libxcrypt; thread-safe (crypt_r). Each call costs
 * tens of milliseconds of CPU by design: run it on the pool, never on the event loop.
 * password_hash(password, out, outlen): a fresh salt from the kernel; out receives the
 *   NUL-terminated hash (outlen: PASSWORD_HASH_MAX is enough). @return 0, or -1 when the salt
 *   or the hash cannot be made or does not fit (out then unspecified).
 * password_verify(password, hash): whether password matches a stored hash; false for an
 *   empty hash or one of PASSWORD_HASH_MAX bytes or more, and for any crypt failure. The
 *   hashes are compared in constant time. */
#define PASSWORD_HASH_MAX 128
int	 password_hash(const char *, char *, size_t);	/* 0 or -1 */
bool	 password_verify(const char *, const char *);	/* constant-time compare */

/* pool.c: a small thread pool; completions are collected on the owner's thread (pool_drain,
 * when pool_fd is readable). Work is queued in one lane per key; the lanes are served in turn
 * and one lane never holds more than threads - 1 threads, so another key's task starts as
 * soon as it is queued unless other keys hold the remaining thread.
 * Threads: the owner is the thread that calls pool_new. pool_submit*, pool_drain,
 * pool_pending and pool_free are the owner's only (the pending count is not locked), so a
 * work function must never submit; only work() runs on the pool's threads. arg is the
 * caller's: the pool never frees it, and it must live until done(arg) has run. */
struct pool;
typedef void (*pool_work_fn)(void *);
/* Starts the threads at once (each at nice + its current nice value; failure to renice is
 * only logged). Aborts when a thread or the eventfd cannot be made. Free with pool_free. */
struct pool	*pool_new(int, int);	/* threads (0: one per core, at least 2), nice increment */
/* Queues work(arg) on a thread, then done(arg) on the owner's thread; key picks the lane.
 * Neither function may be NULL. Tasks of one lane start in order. */
void		 pool_submit_keyed(struct pool *, uint64_t, pool_work_fn, pool_work_fn, void *);
int		 pool_cores(void);	/* online cores, at least 1 */
/* Lets the threads finish every queued task, joins them, then runs the done callbacks not
 * drained yet (on the caller's thread) and frees the pool. NULL is a no-op. */
void		 pool_free(struct pool *);
/* An eventfd owned by the pool (closed by pool_free): watch it, do not read or close it. */
int		 pool_fd(struct pool *);		/* readable when work is done */
void		 pool_submit(struct pool *, pool_work_fn, pool_work_fn, void *);	/* key 0 */
/* Runs the done callbacks of every finished task, in finishing order; they may submit. */
void		 pool_drain(struct pool *);		/* runs the done callbacks */
size_t		 pool_pending(struct pool *);	/* submitted and not drained yet */

/* sdnotify.c: tells the service manager about this process, as systemd's sd_notify does,
 * without linking libsystemd: one datagram with state (e.g. "READY=1") to the socket named by
 * $NOTIFY_SOCKET (a path, or an abstract name written with a leading '@').
 * @param[in] state  newline-separated KEY=VALUE assignments
 * @return 1 when sent, 0 when $NOTIFY_SOCKET is unset (not run by a service manager), -1 on
 *   an error (errno set: a name too long for a socket address, or the send failed). */
int	sdnotify_send(const char *state);

#endif
