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

#endif
