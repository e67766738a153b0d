/* model.h: domain records (users, sessions) and their compact binary encodings. */
#ifndef TMPLD_MODEL_H
#define TMPLD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* codec.c: a growable byte buffer writer and a bounds-checked reader. */
struct codec_buf {
	uint8_t	*data;
	size_t	 len, cap;
};
void	 codec_put_u8(struct codec_buf *, uint8_t);
void	 codec_put_u32(struct codec_buf *, uint32_t);
void	 codec_put_u64(struct codec_buf *, uint64_t);
void	 codec_put_str(struct codec_buf *, const char *);
void	 codec_buf_free(struct codec_buf *);

struct codec_reader {
	const uint8_t	*p;
	size_t		 left;
	bool		 bad;		/* set on any out-of-bounds read */
};
void	 codec_reader_init(struct codec_reader *, const void *, size_t);
uint8_t	 codec_get_u8(struct codec_reader *);
uint32_t codec_get_u32(struct codec_reader *);
uint64_t codec_get_u64(struct codec_reader *);
char	*codec_get_str(struct codec_reader *);	/* heap copy; "" when bad */

void	 codec_be64(uint64_t, uint8_t[8]);
uint64_t codec_from_be64(const uint8_t[8]);

/* user.c */
#define USER_TYPE_USER		1
#define USER_TYPE_ADMIN		2
#define USER_TYPE_SUPER_ADMIN	3

struct user {
	uint64_t	 userid;
	char		*username, *name, *surname, *passwd, *url;
	char		*autologout, *lang, *refresh, *theme, *timezone;
	char		*attempt_ip;
	uint32_t	 autologin, rows_per_page, attempt_failed, type;
	uint64_t	 roleid, attempt_clock;
	uint32_t	 gui_access, debug_mode;
};
void	 user_init_admin(struct user *, const char *);
void	 user_encode(const struct user *, struct codec_buf *);
int	 user_decode(const void *, size_t, struct user *);
void	 user_free(struct user *);
void	 user_set_str(char **, const char *);
uint64_t user_autologout_seconds(const struct user *);
cJSON	*user_to_json(const struct user *, const char *, const char *);

/* session.c */
#define SESSION_ID_LEN		32
#define SESSION_SLIDE_SECONDS	60

struct session {
	char		 sessionid[SESSION_ID_LEN + 1];
	uint64_t	 userid;
	uint64_t	 lastaccess;
	char		 ip[48];
};
void	 session_encode(const struct session *, struct codec_buf *);
int	 session_decode(const void *, size_t, struct session *);
bool	 session_expired(const struct session *, uint64_t, uint64_t);
bool	 session_needs_slide(const struct session *, uint64_t);
int	 session_id_new(char[SESSION_ID_LEN + 1]);
bool	 session_id_wellformed(const char *);

/* ids.c: a growable list of ids. */
struct id_list {
	uint64_t	*ids;
	size_t		 n, cap;
};
void	 id_list_add(struct id_list *, uint64_t);
bool	 id_list_has(const struct id_list *, uint64_t);
bool	 id_list_add_unique(struct id_list *, uint64_t);	/* false if already there */
void	 id_list_remove(struct id_list *, uint64_t);
void	 id_list_sort(struct id_list *);
void	 id_list_clear(struct id_list *);
void	 id_list_free(struct id_list *);
char	*id_to_str(uint64_t, char[24]);
bool	 id_from_json(const cJSON *, uint64_t *);	/* "123" or 123 */

/* host.c: hosts and templates share one record, one id space and one name space. */
#define HOST_STATUS_MONITORED		0
#define HOST_STATUS_NOT_MONITORED	1
#define HOST_STATUS_TEMPLATE		3

struct host {
	uint64_t	 hostid;
	uint32_t	 status;
	char		*host, *name, *description, *uuid;
};
void	 host_encode(const struct host *, struct codec_buf *);
int	 host_decode(const void *, size_t, struct host *);
void	 host_free(struct host *);
void	 host_copy(struct host *, const struct host *);
bool	 host_is_template(const struct host *);
bool	 host_name_valid(const char *);		/* Zabbix's technical host name rule */
int	 host_uuid_new(char[33]);

/* group.c: host groups. */
struct group {
	uint64_t	 groupid;
	char		*name, *uuid;
	uint32_t	 internal, flags;
};
void	 group_encode(const struct group *, struct codec_buf *);
int	 group_decode(const void *, size_t, struct group *);
void	 group_free(struct group *);

/* macro.c: user macros on hosts and templates, and global ones (hostid 0). */
#define MACRO_TYPE_TEXT		0
#define MACRO_TYPE_SECRET	1
#define MACRO_TYPE_VAULT	2

struct macro {
	uint64_t	 hostmacroid;
	uint64_t	 hostid;
	char		*macro, *value, *description;
	uint32_t	 type;
};
void	 macro_encode(const struct macro *, struct codec_buf *);
int	 macro_decode(const void *, size_t, struct macro *);
void	 macro_free(struct macro *);
/* Parses "{$NAME}", "{$NAME:ctx}", "{$NAME:\"q\"}", "{$NAME:regex:\"re\"}". On success
 * returns 0 and, if norm is not NULL, the normalised form used for uniqueness (caller frees);
 * on error returns -1 and *cause is Zabbix's text without the path ("incorrect syntax near
 * ...", "unexpected end of macro", "macro is empty"). */
int	 macro_parse(const char *, char **, char **);
/* Vault values are "path:key". */
bool	 macro_vault_valid(const char *, char **);

/* tag.c: tag lists as they are stored (in insertion order). */
struct tag {
	char	*tag, *value;
};
struct tag_list {
	struct tag	*tags;
	size_t		 n, cap;
};
void	 tag_list_add(struct tag_list *, const char *, const char *);
void	 tag_list_encode(const struct tag_list *, struct codec_buf *);
int	 tag_list_decode(const void *, size_t, struct tag_list *);
void	 tag_list_free(struct tag_list *);
bool	 tag_list_equal(const struct tag_list *, const struct tag_list *);

#endif
