/* user.c: the user record, its encoding and its JSON form (user.checkAuthentication). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define USER_RECORD_VERSION 1

void
user_set_str(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* The first user of a fresh store, as in a fresh Zabbix: Admin, Super admin, no auto-logout. */
void
user_init_admin(struct user *u, const char *passwd_hash)
{
	memset(u, 0, sizeof *u);
	u->username = xstrdup("Admin");
	u->name = xstrdup("Zabbix");
	u->surname = xstrdup("Administrator");
	u->passwd = xstrdup(passwd_hash);
	u->url = xstrdup("");
	u->autologout = xstrdup("0");
	u->lang = xstrdup("default");
	u->refresh = xstrdup("30s");
	u->theme = xstrdup("default");
	u->timezone = xstrdup("default");
	u->attempt_ip = xstrdup("");
	u->autologin = 1;
	u->rows_per_page = 50;
	u->type = USER_TYPE_SUPER_ADMIN;
	u->roleid = 3;
}

void
user_encode(const struct user *u, struct codec_buf *b)
{
	codec_put_u8(b, USER_RECORD_VERSION);
	codec_put_u64(b, u->userid);
	codec_put_str(b, u->username);
	codec_put_str(b, u->name);
	codec_put_str(b, u->surname);
	codec_put_str(b, u->passwd);
	codec_put_str(b, u->url);
	codec_put_str(b, u->autologout);
	codec_put_str(b, u->lang);
	codec_put_str(b, u->refresh);
	codec_put_str(b, u->theme);
	codec_put_str(b, u->timezone);
	codec_put_str(b, u->attempt_ip);
	codec_put_u32(b, u->autologin);
	codec_put_u32(b, u->rows_per_page);
	codec_put_u32(b, u->attempt_failed);
	codec_put_u32(b, u->type);
	codec_put_u64(b, u->roleid);
	codec_put_u64(b, u->attempt_clock);
	codec_put_u32(b, u->gui_access);
	codec_put_u32(b, u->debug_mode);
}

int
user_decode(const void *data, size_t len, struct user *u)
{
	struct codec_reader r;

	memset(u, 0, sizeof *u);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != USER_RECORD_VERSION)
		return -1;
	u->userid = codec_get_u64(&r);
	u->username = codec_get_str(&r);
	u->name = codec_get_str(&r);
	u->surname = codec_get_str(&r);
	u->passwd = codec_get_str(&r);
	u->url = codec_get_str(&r);
	u->autologout = codec_get_str(&r);
	u->lang = codec_get_str(&r);
	u->refresh = codec_get_str(&r);
	u->theme = codec_get_str(&r);
	u->timezone = codec_get_str(&r);
	u->attempt_ip = codec_get_str(&r);
	u->autologin = codec_get_u32(&r);
	u->rows_per_page = codec_get_u32(&r);
	u->attempt_failed = codec_get_u32(&r);
	u->type = codec_get_u32(&r);
	u->roleid = codec_get_u64(&r);
	u->attempt_clock = codec_get_u64(&r);
	u->gui_access = codec_get_u32(&r);
	u->debug_mode = codec_get_u32(&r);
	if (r.bad) {
		user_free(u);
		return -1;
	}
	return 0;
}

void
user_free(struct user *u)
{
	char **strs[] = { &u->username, &u->name, &u->surname, &u->passwd, &u->url,
	    &u->autologout, &u->lang, &u->refresh, &u->theme, &u->timezone, &u->attempt_ip };

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

/* Seconds of inactivity after which a session ends; 0 means never. */
uint64_t
user_autologout_seconds(const struct user *u)
{
	uint64_t secs;

	if (u->autologout == NULL || util_time_unit_parse(u->autologout, &secs) != 0)
		return 0;
	return secs;
}

static void
user_json_u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%" PRIu64, v);
	cJSON_AddStringToObject(o, key, buf);
}

/* The user data object of user.checkAuthentication and user.login(userData). */
cJSON *
user_to_json(const struct user *u, const char *userip, const char *sessionid)
{
	cJSON *o = cJSON_CreateObject();

	user_json_u64(o, "userid", u->userid);
	util_json_add_str(o, "username", u->username);
	util_json_add_str(o, "name", u->name);
	util_json_add_str(o, "surname", u->surname);
	util_json_add_str(o, "url", u->url);
	user_json_u64(o, "autologin", u->autologin);
	util_json_add_str(o, "autologout", u->autologout);
	util_json_add_str(o, "lang", strcmp(u->lang, "default") == 0 ? "en_US" : u->lang);
	util_json_add_str(o, "refresh", u->refresh);
	util_json_add_str(o, "theme", u->theme);
	user_json_u64(o, "attempt_failed", u->attempt_failed);
	util_json_add_str(o, "attempt_ip", u->attempt_ip);
	user_json_u64(o, "attempt_clock", u->attempt_clock);
	user_json_u64(o, "rows_per_page", u->rows_per_page);
	util_json_add_str(o, "timezone", strcmp(u->timezone, "default") == 0 ? "system" :
	    u->timezone);
	user_json_u64(o, "roleid", u->roleid);
	cJSON_AddNumberToObject(o, "type", u->type);
	util_json_add_str(o, "userip", userip);
	cJSON_AddNumberToObject(o, "debug_mode", u->debug_mode);
	if (u->gui_access == 0)		/* Zabbix: a number 0, else the group's string */
		cJSON_AddNumberToObject(o, "gui_access", 0);
	else
		user_json_u64(o, "gui_access", u->gui_access);
	if (sessionid != NULL)
		util_json_add_str(o, "sessionid", sessionid);
	return o;
}

/* The most common passwords of the list Zabbix checks (its full list is not shipped). */
static const char *const user_common_passwords[] = {
	"password", "12345678", "123456789", "1234567890", "11111111", "00000000", "qwertyui",
	"qwerty123", "iloveyou", "password1", "password123", "abc12345", "87654321", "zabbix",
	"zabbix123", "admin123", "administrator", "sunshine", "princess", "football", "baseball",
	"welcome1", "letmein1", "trustno1", "1q2w3e4r", "1qaz2wsx", "qwertyuiop", "123123123",
	NULL,
};

const char *
user_password_problem(const struct user *u, const char *passwd)
{
	const char *ctx[] = { u->username, u->name, u->surname };

	if (util_utf8_len(passwd) < USER_PASSWD_MIN)
		return "must be at least 8 characters long";
	for (size_t k = 0; k < 3; k++)
		if (ctx[k] != NULL && ctx[k][0] != '\0' && strcasestr(passwd, ctx[k]) != NULL)
			return "must not contain user's name, surname or username";
	for (size_t i = 0; user_common_passwords[i] != NULL; i++)
		if (strcmp(user_common_passwords[i], passwd) == 0)
			return "must not be one of common or context-specific passwords";
	return NULL;
}
