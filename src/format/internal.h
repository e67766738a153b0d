/* internal.h: what the format writers and readers share: one growing output buffer, a key
 * index for duplicate detection, PHP's scalar tests and the per-format entry points. */
#ifndef TMPLD_FORMAT_INTERNAL_H
#define TMPLD_FORMAT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/util.h"

/* buf.c: an append-only byte buffer that doubles when full; always NUL-terminated. */
struct fbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	 fbuf_init(struct fbuf *, size_t);
void	 fbuf_grow(struct fbuf *, size_t);
void	 fbuf_add(struct fbuf *, const void *, size_t);
void	 fbuf_puts(struct fbuf *, const char *);
void	 fbuf_fill(struct fbuf *, char, size_t);
void	 fbuf_printf(struct fbuf *, const char *, ...) ATTR_PRINTF(2, 3);
char	*fbuf_take(struct fbuf *, size_t *);	/* hands the text over; the buffer is empty */
void	 fbuf_free(struct fbuf *);

static inline void
fbuf_putc(struct fbuf *b, char c)
{
	if (b->len + 1 >= b->cap)
		fbuf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* buf.c: finds a member of one object by key in O(1): scans while small, hashes when large. */
struct fkeys {
	cJSON	**slot;
	size_t	  cap;		/* 0 while scanning */
	size_t	  n;		/* members indexed */
};

void	 fkeys_init(struct fkeys *);
cJSON	*fkeys_find(struct fkeys *, const cJSON *, const char *);
void	 fkeys_add(struct fkeys *, const cJSON *, cJSON *);	/* item already in the object */
void	 fkeys_index(struct fkeys *, const cJSON *);		/* start over from the object */
void	 fkeys_free(struct fkeys *);

/* buf.c: small helpers. */
char	*fmt_strdup_len(const char *, size_t);
size_t	 fmt_utf8_decode(const unsigned char *, size_t, unsigned *);	/* 0: invalid */
cJSON	*fmt_cjson_check(cJSON *);		/* aborts on NULL (allocation failure) */
void	 fmt_number(struct fbuf *, double);	/* as PHP prints it: 5, -2, 0.5, 1.0e+25 */
bool	 fmt_is_int_key(const char *);		/* PHP would make the key an integer */
bool	 php_is_numeric(const char *, size_t);	/* PHP 8 is_numeric() on a string */
void	 fmt_set_cause(char **, const char *, ...) ATTR_PRINTF(2, 3);

/* The writers: append the whole file to the buffer. 0, or -1 with *cause. */
int	 json_write(struct fbuf *, const cJSON *, bool, char **);
int	 yaml_write(struct fbuf *, const cJSON *, char **);
int	 xml_write(struct fbuf *, const cJSON *, bool, char **);

/* The readers: 0 with *tree, or -1 with *cause (Zabbix's text). */
int	 json_read(const char *, size_t, cJSON **, char **);
int	 yaml_read(const char *, size_t, cJSON **, char **);
int	 xml_read(const char *, size_t, cJSON **, char **);

/* yaml_write.c, also used by the reader to type plain scalars the same way Symfony does. */
bool	 yaml_timestamp_like(const char *, size_t);

#endif
