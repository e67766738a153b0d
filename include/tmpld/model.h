/* model.h: the domain records (users, sessions, hosts and templates, groups, macros, tags,
 * items, host interfaces), id lists and sets, and their compact binary encodings.
 *
 * Conventions, for every record type here unless it says otherwise:
 *  - pure in-memory code: no I/O (but for the kernel randomness of *_new), no locks; any
 *    thread may use it on records it owns;
 *  - *_encode appends the record to a codec_buf (never fails);
 *  - *_decode(data, len, rec) overwrites rec (it does not free what rec held) with heap
 *    copies of the encoded strings, so the record never points into data (an LMDB value
 *    may go away). @return 0, or -1 for a wrong record version or a short or malformed
 *    record; on -1 rec holds nothing to free (freeing it anyway is safe);
 *  - *_free frees the strings a record owns and sets them NULL; the struct itself is the
 *    caller's, and freeing twice is safe. */
#ifndef TMPLD_MODEL_H
#define TMPLD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* codec.c: a growable byte buffer writer and a bounds-checked reader. Integers are
 * big-endian; a string is a u32 length and its bytes (no NUL). A zeroed codec_buf is empty;
 * data is heap, the caller's, freed with codec_buf_free (which leaves it empty). put_str
 * writes NULL as "". */
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
/* The reader borrows the n bytes at p: they must outlive it. A read past the end sets bad,
 * returns 0 (or "") and leaves every later read failing, so a decoder checks bad once at
 * the end. codec_get_str returns a NUL-terminated heap copy, never NULL, that the caller
 * frees (a NUL inside the stored bytes cuts it short). */
void	 codec_reader_init(struct codec_reader *, const void *, size_t);
uint8_t	 codec_get_u8(struct codec_reader *);
uint32_t codec_get_u32(struct codec_reader *);
uint64_t codec_get_u64(struct codec_reader *);
char	*codec_get_str(struct codec_reader *);	/* heap copy; "" when bad */
/* The strings of one record in one allocation: codec_block_size bytes (from the reader's
 * position) hold every string still to be read with its NUL (each takes its 4-byte length
 * and its bytes from the reader, and one more may fail); codec_get_str_at copies the next string
 * to *at, NUL-terminated, moves *at past it and returns where it starts ("" there when
 * bad, as codec_get_str). */
size_t	 codec_block_size(const struct codec_reader *);
char	*codec_get_str_at(struct codec_reader *, char **at);

/* The head that item and trigger records share (a version byte, then the record's id, host
 * and templateid): only the host and templateid. @return 0, or -1 when the record is short. */
int	 codec_get_head(const void *, size_t, uint64_t *hostid, uint64_t *templateid);

/* An id as the 8-byte big-endian key the store sorts by, and back. */
void	 codec_be64(uint64_t, uint8_t[8]);
uint64_t codec_from_be64(const uint8_t[8]);

/* user.c: every string member is heap (NULL only after user_free or in a zeroed struct). */
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
/* Overwrites u with fresh Zabbix's first user: "Admin", Super admin, roleid 3, no
 * auto-logout, the given bcrypt hash (copied). userid stays 0 (store_user_create sets it). */
void	 user_init_admin(struct user *, const char *);
void	 user_encode(const struct user *, struct codec_buf *);
int	 user_decode(const void *, size_t, struct user *);
void	 user_free(struct user *);
/* Replaces *field (freed) with a copy of value, which must not be NULL. */
void	 user_set_str(char **, const char *);
/* The user's autologout in seconds; 0 means never, also when it does not parse. */
uint64_t user_autologout_seconds(const struct user *);
/* The user data object of user.login (userData) and user.checkAuthentication, with userip
 * and sessionid (both copied; sessionid NULL: none, as for a token) added; lang and timezone
 * "default" resolved ("en_US", "system"); gui_access the number 0 or a string; passwd is
 * never in it. Caller owns it. */
cJSON	*user_to_json(const struct user *, const char *, const char *);
/* Zabbix's default password policy (8 characters at least; not containing the user's
 * username, name or surname, case-insensitively; not a common password): NULL when the
 * password passes, else Zabbix's text (static, without the field's path). */
#define USER_PASSWD_MIN	8
const char *user_password_problem(const struct user *, const char *);

/* role.c: roles, user groups and API tokens are JSON documents (objects whose scalars are
 * strings, as the API answers them), stored by doc_encode / doc_decode.
 * doc_decode: a new object (the caller's) or NULL for a bad record. doc_str: the string
 * member or "" (borrowed). doc_set_str: adds or replaces a string member (copied). */
void	 doc_encode(const cJSON *, struct codec_buf *);
cJSON	*doc_decode(const void *, size_t);
const char *doc_str(const cJSON *, const char *);
void	 doc_set_str(cJSON *, const char *, const char *);
/* Roles: {roleid, name, type, readonly, rules: {every key of role_rule_keys}}, where the
 * "ui" and "actions" lists hold only the elements given ({name, status}).
 * role_default(1..ROLE_DEFAULTS): the default roles of a fresh Zabbix 6.0 (User, Admin,
 * Super admin (read-only), Guest); NULL for another id. role_new: a new role with the rules
 * of one created without any. role_rules_new: those rules. role_rules_output: every rule
 * as role.get answers it ("ui" and "actions" list every element of the type, those with a
 * status other than the default first). role_ui_elements / role_actions: the names the type
 * has (static), *n of them. role_api_allows: whether api.access, api.mode and the method
 * masks let the role call method. role_api_mask_match: "*", "api.*", "*.method",
 * "api.method" (case-insensitive). New trees are the caller's. */
#define ROLE_DEFAULTS	4
#define ROLE_SUPER_ADMIN 3
extern const char *const role_rule_keys[];	/* NULL-terminated, in Zabbix's order */
cJSON	*role_default(uint64_t);
cJSON	*role_new(uint64_t, const char *, int);
cJSON	*role_rules_new(int);
cJSON	*role_rules_output(const cJSON *);
int	 role_type(const cJSON *);		/* 1..3; 0 when unreadable */
const char *const *role_ui_elements(int, size_t *);
const char *const *role_actions(int, size_t *);
bool	 role_action_enabled(const cJSON *, const char *);
bool	 role_api_mask_match(const char *, const char *);
bool	 role_api_allows(const cJSON *, const char *);
/* token.c: token_new: 64 lower-case hex digits from the kernel's randomness (0, or -1).
 * token_hash: the SHA-256 of a token, as stored (0, or -1 when libcrypto fails).
 * usrgrp_new: a user group document {usrgrpid, name, gui_access "0", users_status "0",
 * debug_mode "0", rights [], tag_filters []} (the caller's). */
#define TOKEN_TEXT_LEN	64
#define TOKEN_HASH_LEN	32
int	 token_new(char[TOKEN_TEXT_LEN + 1]);
int	 token_hash(const char *, unsigned char[TOKEN_HASH_LEN]);
cJSON	*usrgrp_new(uint64_t, const char *);

/* session.c: sessions are plain values (no heap members): nothing to free. */
#define SESSION_ID_LEN		32
#define SESSION_SLIDE_SECONDS	60

struct session {
	char		 sessionid[SESSION_ID_LEN + 1];
	uint64_t	 userid;
	uint64_t	 lastaccess;
	char		 ip[48];
};
/* The id is the store's key, not part of the encoding: session_decode leaves sessionid
 * empty (store_session_get fills it) and cuts ip to 47 bytes. */
void	 session_encode(const struct session *, struct codec_buf *);
int	 session_decode(const void *, size_t, struct session *);
/* session_expired(s, autologout, now): autologout seconds (0: never) without use by now.
 * session_needs_slide(s, now): lastaccess is a minute (SESSION_SLIDE_SECONDS) old or more,
 * so it is worth writing again. */
bool	 session_expired(const struct session *, uint64_t, uint64_t);
bool	 session_needs_slide(const struct session *, uint64_t);
/* A new id: 32 lower-case hex digits from the kernel's randomness, NUL-terminated.
 * @return 0, or -1 when the kernel gives no randomness (out unspecified). */
int	 session_id_new(char[SESSION_ID_LEN + 1]);
/* Exactly SESSION_ID_LEN lower-case hex digits: anything else is never looked up. */
bool	 session_id_wellformed(const char *);

/* ids.c: a growable list of ids, in the order added (duplicates kept unless the caller
 * avoids them). A zeroed list is empty; ids is heap, the caller's, freed with id_list_free
 * (which leaves the list empty and reusable). id_list_has, _add_unique and _remove are
 * linear: for large lists use a sorted list or an id_set. */
struct id_list {
	uint64_t	*ids;
	size_t		 n, cap;
};
void	 id_list_add(struct id_list *, uint64_t);
bool	 id_list_has(const struct id_list *, uint64_t);
bool	 id_list_add_unique(struct id_list *, uint64_t);	/* false if already there */
void	 id_list_remove(struct id_list *, uint64_t);	/* every occurrence, order kept */
void	 id_list_sort(struct id_list *);		/* ascending */
void	 id_list_clear(struct id_list *);		/* n = 0, memory kept */
void	 id_list_free(struct id_list *);
/* A sorted list answers membership by binary search (id_list_sort first). */
bool	 id_list_sorted_has(const struct id_list *, uint64_t);
char	*id_to_str(uint64_t, char[24]);	/* decimal into buf; returns buf */
/* An id as the API sends it: a string of decimal digits (util_parse_u64) or a non-negative
 * integral JSON number below 9.2e18. @return true with *out set; false (also for NULL),
 * *out untouched. */
bool	 id_from_json(const cJSON *, uint64_t *);	/* "123" or 123 */

/* A set of ids (open addressing): constant-time add and membership, for visited sets and
 * for checks over a request's own lists. Zeroed is empty; free with id_set_free. */
struct id_set {
	uint64_t	*slots;		/* 0 marks a free slot; id 0 is kept in has_zero */
	size_t		 n, cap;
	bool		 has_zero;
};
bool	 id_set_add(struct id_set *, uint64_t);		/* false if already there */
bool	 id_set_has(const struct id_set *, uint64_t);
void	 id_set_add_list(struct id_set *, const struct id_list *);
void	 id_set_free(struct id_set *);

/* host.c: hosts and templates share one record, one id space and one name space. The
 * string members are heap (a decoded host never has NULL ones). */
#define HOST_STATUS_MONITORED		0
#define HOST_STATUS_NOT_MONITORED	1
#define HOST_STATUS_TEMPLATE		3

/* A host's IPMI and TLS settings (Zabbix's hosts columns of the same names). The strings
 * are heap and never NULL in a record from host_conn_edit or host_decode; tls_psk_identity,
 * tls_psk and ipmi_password are secrets of the API's writers. */
struct host_conn {
	int32_t		 ipmi_authtype;		/* -1 default, 0..6 (any integer is kept) */
	int32_t		 ipmi_privilege;	/* 1..5, 2 user */
	char		*ipmi_username, *ipmi_password;
	int32_t		 tls_connect, tls_accept;	/* 1 none, 2 PSK, 4 certificate; accept a mask */
	char		*tls_issuer, *tls_subject, *tls_psk_identity, *tls_psk;
};

struct host {
	uint64_t	 hostid;
	uint32_t	 status;
	char		*host, *name, *description, *uuid;
	struct host_conn *conn;		/* heap; NULL: Zabbix's defaults (host_conn_of) */
};
/* The encoding appends conn after uuid only when it is set; a record without it (written
 * before the settings existed, or a template) decodes with conn NULL. */
void	 host_encode(const struct host *, struct codec_buf *);
int	 host_decode(const void *, size_t, struct host *);
void	 host_free(struct host *);
/* A deep copy of src into dst (dst's old strings are not freed; NULL members become ""). */
void	 host_copy(struct host *, const struct host *);
/* The host's settings, or the static defaults (-1, 2, "", "", 1, 1, "", "", "", "") when it
 * has none; never NULL, borrowed from h (or static). */
const struct host_conn *host_conn_of(const struct host *);
/* h->conn, first set to a heap copy of the defaults when NULL: for writing the settings. */
struct host_conn *host_conn_edit(struct host *);
/* Replaces *field (freed) with a heap copy of v (NULL gives ""). */
void	 host_conn_set(char **, const char *);
bool	 host_is_template(const struct host *);
/* Zabbix's technical host name rule: not empty; ASCII letters, digits, space, '.', '_',
 * '-', and any byte >= 0x80 but C0 (so a kept NUL, C0 80, is refused). */
bool	 host_name_valid(const char *);		/* Zabbix's technical host name rule */
/* A UUIDv4 as 32 lower-case hex digits and a NUL. @return 0, or -1 (no randomness). */
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
 * ...", "unexpected end of macro", "macro is empty"), heap, the caller's. *cause is NULL on
 * success; *norm is set only on success. */
int	 macro_parse(const char *, char **, char **);
/* Vault values are "path:key": both parts non-empty (split at the last ':'), path not
 * starting with '/'. @return true with *cause NULL, or false with *cause (heap, caller
 * frees): "cannot be empty" or "incorrect syntax near ...". */
bool	 macro_vault_valid(const char *, char **);

/* tag.c: tag lists as they are stored (in insertion order). A zeroed list is empty; the
 * list owns its strings (tag_list_add copies; tag must not be NULL, a NULL value is "").
 * tag_list_decode overwrites l as the decoders above do; tag_list_equal compares in order. */
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

/* preproc.c: an item's preprocessing steps (Zabbix's item_preproc rows), in their order.
 * Every value is kept as the text the API gives; a zeroed list is empty and owns its
 * strings (preproc_list_add copies). They are stored as a record of their own, by itemid. */
#define PREPROC_TYPE_MAX		27	/* Zabbix 6.0: 1 MULTIPLIER .. 27 XML_TO_JSON */
#define PREPROC_NOT_SUPPORTED		26	/* always moved to the first position */
struct preproc_step {
	char	*type, *params, *error_handler, *error_handler_params;
};
struct preproc_list {
	struct preproc_step	*s;
	size_t			 n, cap;
};
void	 preproc_list_add(struct preproc_list *, const char *, const char *, const char *,
	    const char *);				/* type, params, handler, handler params */
void	 preproc_list_free(struct preproc_list *);
void	 preproc_list_copy(struct preproc_list *, const struct preproc_list *);	/* dst freed */
bool	 preproc_list_equal(const struct preproc_list *, const struct preproc_list *);
void	 preproc_list_encode(const struct preproc_list *, struct codec_buf *);
int	 preproc_list_decode(const void *, size_t, struct preproc_list *);	/* 0 or -1 */
/* Zabbix 6.0's checks of the steps, in its order (per step: type, params, error handler,
 * its params; the once-only steps), and then the not-supported check moved first.
 * @return NULL, or Zabbix's whole text ("Incorrect value for field \"params\": cannot be
 * empty.", "Only one throttling step is allowed.", ...), heap, the caller's. */
char	*preproc_list_check(struct preproc_list *);
/* The same for an item prototype's steps (lld): LLD macros pass where numbers go. */
char	*preproc_list_check_lld(struct preproc_list *, bool);
/* The export name of a step type ("MULTIPLIER") and of an error handler ("DISCARD_VALUE");
 * NULL when unknown. */
const char *preproc_type_name(const char *);
const char *preproc_handler_name(const char *);

/* item.c: items (Zabbix's items table). Every column is kept as the text the API gives; the
 * three ids are numbers. Fields are addressed by enum item_field, in the "extend" order. */
enum item_field {
	ITEM_F_ITEMID, ITEM_F_TYPE, ITEM_F_SNMP_OID, ITEM_F_HOSTID, ITEM_F_NAME, ITEM_F_KEY,
	ITEM_F_DELAY, ITEM_F_HISTORY, ITEM_F_TRENDS, ITEM_F_STATUS, ITEM_F_VALUE_TYPE,
	ITEM_F_TRAPPER_HOSTS, ITEM_F_UNITS, ITEM_F_FORMULA, ITEM_F_LOGTIMEFMT, ITEM_F_TEMPLATEID,
	ITEM_F_VALUEMAPID, ITEM_F_PARAMS, ITEM_F_IPMI_SENSOR, ITEM_F_AUTHTYPE, ITEM_F_USERNAME,
	ITEM_F_PASSWORD, ITEM_F_PUBLICKEY, ITEM_F_PRIVATEKEY, ITEM_F_FLAGS, ITEM_F_INTERFACEID,
	ITEM_F_DESCRIPTION, ITEM_F_INVENTORY_LINK, ITEM_F_LIFETIME, ITEM_F_EVALTYPE,
	ITEM_F_JMX_ENDPOINT, ITEM_F_MASTER_ITEMID, ITEM_F_TIMEOUT, ITEM_F_URL, ITEM_F_QUERY_FIELDS,
	ITEM_F_POSTS, ITEM_F_STATUS_CODES, ITEM_F_FOLLOW_REDIRECTS, ITEM_F_POST_TYPE,
	ITEM_F_HTTP_PROXY, ITEM_F_HEADERS, ITEM_F_RETRIEVE_MODE, ITEM_F_REQUEST_METHOD,
	ITEM_F_OUTPUT_FORMAT, ITEM_F_SSL_CERT_FILE, ITEM_F_SSL_KEY_FILE, ITEM_F_SSL_KEY_PASSWORD,
	ITEM_F_VERIFY_PEER, ITEM_F_VERIFY_HOST, ITEM_F_ALLOW_TRAPS, ITEM_F_UUID, ITEM_F_STATE,
	ITEM_F_ERROR, ITEM_F_PARAMETERS, ITEM_F_LASTCLOCK, ITEM_F_LASTNS, ITEM_F_LASTVALUE,
	ITEM_F_PREVVALUE,
	ITEM_F__COUNT
};

#define ITEM_FD_ID	0x01u	/* kept in a uint64_t member, not in f[] */
#define ITEM_FD_NUM	0x02u	/* a number: filter and sort compare numbers */
#define ITEM_FD_JSON	0x04u	/* a JSON array kept as its text */
#define ITEM_FD_RO	0x08u	/* never written by the API (state, lastvalue, ...) */
#define ITEM_FD_LOCAL	0x10u	/* a copy keeps its own value (history, status, ...) */
#define ITEM_FD_OWN	0x20u	/* never copied to an inherited item (uuid, interfaceid) */

struct item_field_def {
	const char	*name;
	const char	*dflt;
	unsigned	 flags;
	uint32_t	 maxlen;	/* characters; 0: not a free text */
};
extern const struct item_field_def item_fields[ITEM_F__COUNT];

struct item {
	uint64_t	 itemid, hostid, templateid;
	char		*f[ITEM_F__COUNT];	/* NULL for the ids; never NULL otherwise */
	struct tag_list	 tags;
	struct preproc_list pp;		/* not in item_encode: a record of its own */
	/* LLD rules (flags "1") and item prototypes ("2"): their own document (lld.c), also a
	 * record of its own (store_lld.c); NULL for other items. item_free frees it. */
	cJSON		*lld;
	/* item_decode_fields: the stored fields point into this one allocation and are not
	 * freed one by one; NULL otherwise */
	char		*block;
};
/* item_init and item_dup overwrite the item without freeing it; item_free frees the fields,
 * tags and preprocessing steps and zeroes the item. item_set replaces one field with a copy of v (non-NULL; not
 * an ITEM_FD_ID field, whose text would make the record undecodable). item_encode writes
 * only the fields that differ from their default. A field at its default may point at
 * item_fields' own default text, not at a heap copy: read the fields, change them only
 * through item_set, never free or write into one directly. */
void	 item_init(struct item *);		/* every field at its default */
void	 item_free(struct item *);
void	 item_set(struct item *, enum item_field, const char *);
void	 item_dup(struct item *, const struct item *);	/* a deep copy: ids, tags, steps */
int	 item_field_find(const char *);		/* -1 when unknown */
void	 item_encode(const struct item *, struct codec_buf *);
int	 item_decode(const void *, size_t, struct item *);
/* Only the ids and fields (it->f), without the tags: what a row shows. */
int	 item_decode_fields(const void *, size_t, struct item *);
/* Only an item record's host and one field f (a heap copy in *value the caller frees; the
 * field's default when not stored), without decoding the rest. @return 0, or -1 on a bad
 * record (*value NULL). */
int	 item_decode_field(const void *, size_t, enum item_field f, uint64_t *hostid,
	    char **value);
/* Only an item record's host and tags (into *tags, which the caller frees with
 * tag_list_free), the fields skipped. @return 0, or -1 on a bad record (*tags empty). */
int	 item_decode_tags(const void *, size_t, uint64_t *hostid, struct tag_list *tags);
/* A copy of src for another host, written over dst's fields: every field but the ids and
 * the OWN and RO ones, and the preprocessing steps; the LOCAL ones and the tags only with
 * local (true). dst's ids stay. */
void	 item_copy_fields(struct item *, const struct item *, bool);	/* true: LOCAL too */
/* Zabbix's item key syntax: 0 (*cause NULL), or -1 with *cause "key is empty", "unexpected
 * end of key" or "incorrect syntax near ..." (heap, caller frees). */
int	 item_key_check(const char *, char **);
/* The length of the item key at s as Zabbix reads one inside a longer text (a trigger
 * expression's /host/key): its name, then its "[...]" parameters when they are whole (else the
 * name only); 0 when s starts with no key character. */
size_t	 item_key_span(const char *);
/* The length of the parameter list at s (s[0] its opening char) up to and including close,
 * in the key grammar: ']' for a key's (arrays nest once), ')' for an LLD macro function's
 * (no arrays); 0 when it is not whole. */
size_t	 item_key_params_span(const char *, char);
/* The host interface type an item type needs: 1 agent, 2 SNMP, 3 IPMI, 4 JMX; ITEM_IF_ANY
 * (simple, external, SSH, TELNET: one of any type), ITEM_IF_OPT (HTTP agent: one of any type,
 * or none); 0 none. */
#define ITEM_IF_ANY	(-1)
#define ITEM_IF_OPT	(-2)
int	 item_type_interface(int);

/* lld.c: LLD rules and item prototypes are items of flags ITEM_FLAGS_RULE and
 * ITEM_FLAGS_PROTO whose own data is a document (struct item's lld): a rule's {"filter":
 * {evaltype, formula, conditions: [{macro, value, operator, formulaid}]}, "lld_macro_paths":
 * [{lld_macro_pathid, lld_macro, path}], "overrides": [...as the API gives them]}, a
 * prototype's {"ruleid", "discover"}; every scalar a string.
 * item_is_lld: flags 1 or 2. lld_doc_str: the string member or "" (borrowed).
 * lld_doc_int: a member as an integer.
 * lld_formula_parse: a custom filter formula parsed as Zabbix's CConditionFormula: NULL with
 * f's constants (positions in s; lld_formula_free), or the cause ("check expression
 * starting from ...", heap). lld_letter: Zabbix's num2letter (0 A, 25 Z, 26 AA).
 * lld_filter_render: a stored filter as the API shows it (formula ids generated in macro
 * order, or for evaltype 3 renumbered by appearance, and eval_formula); new.
 * lld_filter_formula_check: the custom formula of a filter against its conditions, Zabbix's
 * texts naming `what` "name" (NULL when fine; else heap).
 * lld_filter_take: a rule's filter as sent, checked as CDiscoveryRule does (texts naming
 * the rule's name): NULL with *out the stored form (new), or the text (heap; *out NULL).
 * lld_macro_valid: "{#NAME}" with A-Z 0-9 . _ */
#define ITEM_FLAGS_RULE		"1"
#define ITEM_FLAGS_PROTO	"2"
struct lld_formula {
	struct { size_t pos, len; } *tok;
	size_t	 n;
};
bool	 item_is_lld(const struct item *);
bool	 item_has_flags(const struct item *, const char *);
const char *lld_doc_str(const cJSON *, const char *);
int	 lld_doc_int(const cJSON *, const char *);	/* a number or a string's atoi; 0 */
char	*lld_formula_parse(const char *, struct lld_formula *);
void	 lld_formula_free(struct lld_formula *);
void	 lld_letter(size_t, char[8]);
cJSON	*lld_filter_render(const cJSON *);
char	*lld_filter_formula_check(const cJSON *, const char *, const char *);
char	*lld_filter_take(const cJSON *, const char *, cJSON **);
bool	 lld_macro_valid(const char *);
bool	 preproc_has_lld_macro(const char *);	/* a valid "{#NAME}" somewhere in s */

/* interval.c: Zabbix's time units and update intervals.
 * interval_time_unit: "0", "30s", "5m", "2h", "1d", "1w" (no leading zero, no macro) -> 0 and
 * *sec, else -1. interval_delay_parse: a delay (a time unit or a user macro) then
 * ";"-separated flexible ("50s/1-5,09:00-18:00") and scheduling ("wd1-5h9-18") intervals, none
 * empty: 0 with *out filled, -1 when Zabbix reads it as an invalid delay. */
struct interval_delay {
	uint64_t	sec;		/* the delay, when not a macro */
	bool		macro;		/* the delay is a user macro */
	bool		intervals;	/* any flexible or scheduling interval */
	bool		scheduling;	/* any scheduling interval */
	bool		flexible_nonzero;	/* a flexible interval other than 0 (or a macro) */
};
int	 interval_time_unit(const char *, uint64_t *);
int	 interval_delay_parse(const char *, struct interval_delay *);

/* calcformula.c: a calculated item's formula as Zabbix 6.0 parses it (its expression
 * language: numbers, strings, user macros, history functions of /host/key queries, math
 * functions, operators). 0 (*cause NULL), or -1 with *cause (heap, caller frees) "incorrect
 * expression starting from "<rest>"", "unknown function "<f>"" or "incorrect usage of
 * function "<f>"". The functions' parameters are not checked beyond their syntax. */
int	 calc_formula_check(const char *, char **);
/* The same language as a trigger expression (EXPR_TRIGGER: host names and keys only, no
 * filters, {TRIGGER.VALUE}, the functions of calculated items only are unknown; "mandatory
 * parameter is missing in function "<f>"", "trigger expression must contain at least one
 * /host/key reference"), or as a formula (EXPR_CALCULATED, as calc_formula_check). calls (NULL:
 * not wanted) gets every history function call in order of appearance (calls->v heap, the
 * caller's: free(calls->v)), positions as byte offsets: pos/len of the whole call from src,
 * name_len from pos, the others (query, host, key) from pos. 0, or -1 with *cause as above.
 * EXPR_TRIGGER | EXPR_LLD: a trigger prototype's expression, where LLD macros ({#M}) and LLD
 * macro functions ({{#M}.regsub(...)}) are also constants and unquoted function parameters. */
#define EXPR_CALCULATED	1u
#define EXPR_TRIGGER	2u
#define EXPR_LLD	4u
struct expr_call {
	size_t	 pos, len, name_len, query_pos, query_len, host_pos, host_len, key_pos, key_len;
};
struct expr_calls {
	struct expr_call	*v;
	size_t			 n, cap;
};
int	 expr_parse(const char *, unsigned, struct expr_calls *, char **);
/* The item value types (bit 1 << value_type) a history function reads; 0: unknown, or for
 * calculated items only. n: the name's length. */
unsigned expr_hist_value_types(const char *, size_t);

/* trigger_expr.c: trigger expressions as Zabbix stores them. A written expression names
 * /host/key in each history function call; the stored one replaces each call by
 * "{<functionid>}" and keeps the call as a function {name, parameter} where the parameter is
 * the text inside the parentheses with the query as "$" ("$,5m"). Equal calls (the same
 * text) are one function. All returned strings are heap, the caller's. */
struct trigger_call {
	char	*match, *host, *key, *name, *parameter;
};
struct trigger_calls {
	struct trigger_call	*v;
	size_t			 n;
};
/* Parses src (EXPR_TRIGGER | EXPR_LLD: a trigger's or a prototype's expression, already
 * checked by the caller's rule) and appends its calls not yet in out (by match), in order.
 * 0, or -1 with *cause (heap) as expr_parse. */
int	 trigger_expr_calls(const char *, struct trigger_calls *, char **);
void	 trigger_calls_free(struct trigger_calls *);
/* src (which parsed) with each call replaced by "{fids[i]}", i its index in calls by match. */
char	*trigger_expr_collapse(const char *, const struct trigger_calls *, const uint64_t *);
/* A stored expression written out: each "{functionid}" of one of the n functions (outside
 * quoted strings) becomes name(/host/key<parameter after "$">); host NULL writes "//key"
 * (the host-less form that compares triggers across hosts). Unknown ids stay as they are. */
struct trigger_fn_view {
	uint64_t	 functionid;
	const char	*name, *parameter, *host, *key;
};
char	*trigger_expr_expand(const char *, const struct trigger_fn_view *, size_t);
/* A stored expression with each "{from[i]}" as "{to[i]}" (n ids each). */
char	*trigger_expr_remap(const char *, const uint64_t *, const uint64_t *, size_t);

/* trigger.c: triggers (Zabbix's triggers table, with its functions, tags and the triggers it
 * depends on). Every column is kept as the text the API gives; the ids are numbers; the
 * expressions are stored (with "{functionid}"). hostid is the host of the first function's
 * item (the engine's host of the trigger); ikey is not stored: the store computes it
 * (description "\n" host-less expression) as the trigger's identity on a host. */
enum trigger_field {
	TRIGGER_F_EXPRESSION, TRIGGER_F_DESCRIPTION, TRIGGER_F_URL, TRIGGER_F_STATUS,
	TRIGGER_F_VALUE, TRIGGER_F_PRIORITY, TRIGGER_F_LASTCHANGE, TRIGGER_F_COMMENTS,
	TRIGGER_F_ERROR, TRIGGER_F_TYPE, TRIGGER_F_STATE, TRIGGER_F_FLAGS,
	TRIGGER_F_RECOVERY_MODE, TRIGGER_F_RECOVERY_EXPRESSION, TRIGGER_F_CORRELATION_MODE,
	TRIGGER_F_CORRELATION_TAG, TRIGGER_F_MANUAL_CLOSE, TRIGGER_F_OPDATA,
	TRIGGER_F_EVENT_NAME, TRIGGER_F_UUID,
	TRIGGER_F_DISCOVER,	/* trigger prototypes (flags 2): 0 discover, 1 do not */
	TRIGGER_F__COUNT
};
extern const char *const trigger_field_names[TRIGGER_F__COUNT];
struct trigger_fn {
	uint64_t	 functionid, itemid;
	char		*name, *parameter;
	/* The item's key and host when known (not stored: NULL when unknown; set by the
	 * inheritance engine on the records it copies from and on the copies it makes, so
	 * that a link of many hosts reads each template item once, not once per host; the
	 * trigger store indexes by them when set, so they must be the item's as stored). */
	char		*key;
	uint64_t	 key_hostid;
};
struct trigger {
	uint64_t	 triggerid, hostid, templateid;
	char		*f[TRIGGER_F__COUNT];	/* never NULL after trigger_init */
	struct trigger_fn *fn;
	size_t		 nfn;
	struct tag_list	 tags;
	struct id_list	 deps;		/* the triggers it depends on */
	char		*ikey;		/* NULL until the store sets it */
	/* trigger_decode_fields: f[] point into this one allocation (or at the defaults'
	 * static texts) and are not freed one by one; NULL otherwise */
	char		*block;
};
/* init and dup overwrite without freeing; free frees everything and zeroes. */
void	 trigger_init(struct trigger *);	/* every field at its default */
void	 trigger_free(struct trigger *);
void	 trigger_dup(struct trigger *, const struct trigger *);
void	 trigger_set(struct trigger *, enum trigger_field, const char *);
int	 trigger_field_find(const char *);	/* -1 when unknown */
void	 trigger_fn_add(struct trigger *, uint64_t, uint64_t, const char *, const char *);
void	 trigger_fns_clear(struct trigger *);
void	 trigger_encode(const struct trigger *, struct codec_buf *);
int	 trigger_decode(const void *, size_t, struct trigger *);
/* Only the ids and fields (t->f), no functions, dependencies or tags: what a row shows. */
int	 trigger_decode_fields(const void *, size_t, struct trigger *);
/* The trigger's identity on a host: description "\n" expression "\n" recovery expression,
 * both written host-less (trigger_expr_expand with host NULL); keys[i]: the key of the item of
 * function i. Heap, the caller's. */
char	*trigger_ikey(const struct trigger *, const char *const *);

/* A host interface (the minimum Zabbix's items need). ip, dns and port are heap. */
struct hostinterface {
	uint64_t	 interfaceid, hostid;
	uint32_t	 type, main, useip;
	char		*ip, *dns, *port;
};
void	 hostinterface_encode(const struct hostinterface *, struct codec_buf *);
int	 hostinterface_decode(const void *, size_t, struct hostinterface *);
void	 hostinterface_free(struct hostinterface *);

/* valuemap.c: value maps of hosts and templates (hostid), unique by name on their host, with
 * their mappings in order. A template's map has a uuid; a host's has "". */
#define VALUEMAP_TYPE_EQUAL	0
#define VALUEMAP_TYPE_GE	1
#define VALUEMAP_TYPE_LE	2
#define VALUEMAP_TYPE_RANGE	3
#define VALUEMAP_TYPE_REGEXP	4
#define VALUEMAP_TYPE_DEFAULT	5
#define VALUEMAP_NAME_LEN	64	/* characters, as Zabbix's columns */
#define VALUEMAP_VALUE_LEN	64

struct valuemap_mapping {
	uint32_t	 type;
	char		*value, *newvalue;
};

struct valuemap {
	uint64_t		 valuemapid, hostid;
	char			*name, *uuid;
	struct valuemap_mapping	*m;
	size_t			 n, cap;
};
void	 valuemap_mapping_add(struct valuemap *, uint32_t, const char *, const char *);
void	 valuemap_mappings_clear(struct valuemap *);
void	 valuemap_encode(const struct valuemap *, struct codec_buf *);
int	 valuemap_decode(const void *, size_t, struct valuemap *);
void	 valuemap_free(struct valuemap *);
/* Zabbix's check of a mapping's value for its type: NULL when fine, else the text after the
 * path ("a floating point value is expected", "invalid range expression", "invalid regular
 * expression", "cannot be empty", "value is too long"), static. */
const char *valuemap_value_check(uint32_t, const char *);

/* iface.c: what a host interface has beyond its row (SNMP details) and a host's inventory.
 * Both are records of their own (interfaceid -> details, hostid -> inventory), so the
 * interface and host records keep their encodings. */
#define HOSTINTERFACE_AGENT	1
#define HOSTINTERFACE_SNMP	2
#define HOSTINTERFACE_IPMI	3
#define HOSTINTERFACE_JMX	4

/* The details of an SNMP interface (Zabbix's interface_snmp row); numbers as Zabbix keeps
 * them: version 1, 2 (v2c) or 3; bulk 0 or 1; the v3 enums 0..5. */
struct snmp_details {
	uint32_t	 version, bulk, securitylevel, authprotocol, privprotocol;
	char		*community, *securityname, *authpassphrase, *privpassphrase, *contextname;
};
/* Zabbix's defaults: version 2, bulk 1, the rest 0 and "" (strings allocated). */
void	 snmp_details_init(struct snmp_details *);
void	 snmp_details_free(struct snmp_details *);
void	 snmp_details_encode(const struct snmp_details *, struct codec_buf *);
int	 snmp_details_decode(const void *, size_t, struct snmp_details *);	/* 0 or -1 */
/* As the API shows it: {version, bulk, community} for v1 and v2c, {version, bulk,
 * securityname, securitylevel, authpassphrase, privpassphrase, authprotocol, privprotocol,
 * contextname} for v3, every value a string. */
cJSON	*snmp_details_json(const struct snmp_details *);

/* Host inventory: a mode (-1 disabled, 0 manual, 1 automatic) and Zabbix's 70 fields, in
 * the order host.get shows them. A disabled inventory has no fields. */
#define INVENTORY_FIELDS	70
#define INVENTORY_DISABLED	(-1)
extern const char *const inventory_field_names[INVENTORY_FIELDS];
struct inventory {
	int32_t		 mode;
	char		*f[INVENTORY_FIELDS];	/* NULL: "" */
};
int	 inventory_field_find(const char *);		/* -1 when unknown */
void	 inventory_free(struct inventory *);		/* leaves it disabled */
void	 inventory_set(struct inventory *, int, const char *);
void	 inventory_encode(const struct inventory *, struct codec_buf *);
int	 inventory_decode(const void *, size_t, struct inventory *);	/* 0 or -1 */

/* dashboard.c: template dashboards (Zabbix's dashboard, dashboard_page, widget and
 * widget_field rows) as one record: the dashboard with its pages in order, each page's
 * widgets in order (by widgetid), each widget's fields in order. Strings are heap, never
 * NULL in a record made by the *_add functions or dashboard_decode. A field's value is its
 * text: an integer (type 0), a string (type 1) or an id (the other types). */
#define DASHBOARD_MAX_PAGES		50
#define DASHBOARD_MAX_COLUMNS		24
#define DASHBOARD_MAX_ROWS		64
#define DASHBOARD_WIDGET_MAX_ROWS	32
#define DASHBOARD_WIDGET_WIDTH_DEFAULT	1
#define DASHBOARD_WIDGET_HEIGHT_DEFAULT	2
#define DASHBOARD_NAME_LEN		255	/* characters, as Zabbix's columns */
#define DASHBOARD_DISPLAY_PERIOD_DEFAULT 30
#define DASHBOARD_AUTO_START_DEFAULT	1
/* widget field types */
#define DASHBOARD_FIELD_INT32		0
#define DASHBOARD_FIELD_STR		1
#define DASHBOARD_FIELD_GROUP		2
#define DASHBOARD_FIELD_HOST		3
#define DASHBOARD_FIELD_ITEM		4
#define DASHBOARD_FIELD_ITEM_PROTOTYPE	5
#define DASHBOARD_FIELD_GRAPH		6
#define DASHBOARD_FIELD_GRAPH_PROTOTYPE	7
#define DASHBOARD_FIELD_MAP		8
#define DASHBOARD_FIELD_SERVICE		9
#define DASHBOARD_FIELD_SLA		10

struct dashboard_field {
	uint32_t	 type;
	char		*name, *value;
};
struct dashboard_widget {
	uint64_t		 widgetid;
	char			*type, *name;
	int32_t			 x, y, width, height, view_mode;
	struct dashboard_field	*f;
	size_t			 nf, capf;
};
struct dashboard_page {
	uint64_t		 pageid;
	char			*name;
	int32_t			 display_period;
	struct dashboard_widget	*w;
	size_t			 nw, capw;
};
struct dashboard {
	uint64_t		 dashboardid, templateid;
	char			*name, *uuid;
	int32_t			 display_period, auto_start;
	struct dashboard_page	*p;
	size_t			 np, capp;
};
/* page_add: a new page at the end with Zabbix's defaults (name "", display_period 0);
 * widget_add: a new widget at the end of the page (type "", name "", x 0, y 0, width 1,
 * height 2, view_mode 0, no fields). Both return the element, which stays valid until the
 * next add to the same list. field_add copies name and value (non-NULL). set_str replaces
 * *field (freed) with a copy of v (NULL: ""). The copies deep-copy src's members onto dst
 * (a fresh element: its strings are replaced, its lists appended to); a widget's fields
 * only with fields true. */
struct dashboard_page *dashboard_page_add(struct dashboard *);
struct dashboard_widget *dashboard_widget_add(struct dashboard_page *);
void	 dashboard_field_add(struct dashboard_widget *, uint32_t, const char *, const char *);
void	 dashboard_set_str(char **, const char *);
void	 dashboard_widget_copy(struct dashboard_widget *, const struct dashboard_widget *, bool);
void	 dashboard_page_copy(struct dashboard_page *, const struct dashboard_page *);
void	 dashboard_widget_free(struct dashboard_widget *);
void	 dashboard_page_free(struct dashboard_page *);
void	 dashboard_free(struct dashboard *);
void	 dashboard_encode(const struct dashboard *, struct codec_buf *);
int	 dashboard_decode(const void *, size_t, struct dashboard *);
/* Zabbix's grid check of one page (index 0-based, name the dashboard's), its widgets in the
 * order given: NULL, or "Overlapping widgets at X:2, Y:1 on page #1 of dashboard "D"." /
 * "Widget at X:22, Y:0 on page #1 of dashboard "D" is out of bounds." (heap, the caller's). */
char	*dashboard_page_grid_check(const struct dashboard_page *, size_t, const char *);
/* graph.c: graphs and graph prototypes (Zabbix's graphs table, told apart by flags: 0 a graph,
 * 2 a prototype) with their items (graphs_items rows) inline. Every column but the ids is
 * kept as the text the API shows ("-5", "100.5", "1A7C11"); a gitem also keeps the host of its
 * item (not shown) so that a graph's hosts are known without reading its items. */
#define GRAPH_FLAG_NORMAL	0
#define GRAPH_FLAG_PROTOTYPE	2
#define GRAPH_TYPE_PIE		2
#define GRAPH_TYPE_EXPLODED	3
#define GRAPH_YAXIS_FIXED	1
#define GRAPH_YAXIS_ITEM	2
#define GRAPH_ITEM_SUM		2

enum graph_field {
	GRAPH_F_NAME, GRAPH_F_WIDTH, GRAPH_F_HEIGHT, GRAPH_F_YAXISMIN, GRAPH_F_YAXISMAX,
	GRAPH_F_SHOW_WORK_PERIOD, GRAPH_F_SHOW_TRIGGERS, GRAPH_F_GRAPHTYPE, GRAPH_F_SHOW_LEGEND,
	GRAPH_F_SHOW_3D, GRAPH_F_PERCENT_LEFT, GRAPH_F_PERCENT_RIGHT, GRAPH_F_YMIN_TYPE,
	GRAPH_F_YMAX_TYPE, GRAPH_F_UUID, GRAPH_F_DISCOVER, GRAPH_F__COUNT
};
enum gitem_field {
	GITEM_F_DRAWTYPE, GITEM_F_SORTORDER, GITEM_F_COLOR, GITEM_F_YAXISSIDE, GITEM_F_CALC_FNC,
	GITEM_F_TYPE, GITEM_F__COUNT
};
#define GRAPH_FD_TEXT	0	/* a string as sent */
#define GRAPH_FD_INT	1	/* an integer column */
#define GRAPH_FD_FLOAT	2	/* a double column (graph_float_text) */
struct graph_field_def {
	const char	*name;
	const char	*dflt;		/* Zabbix's column default, as text */
	unsigned	 kind;
};
extern const struct graph_field_def graph_fields[GRAPH_F__COUNT];
extern const struct graph_field_def gitem_fields[GITEM_F__COUNT];

struct graph_item {
	uint64_t	 gitemid, itemid, hostid;	/* hostid: the item's host */
	char		*f[GITEM_F__COUNT];		/* never NULL in a record */
};
struct graph {
	uint64_t		 graphid, hostid, templateid, ymin_itemid, ymax_itemid;
	uint32_t		 flags;
	char			*f[GRAPH_F__COUNT];	/* never NULL in a record */
	struct graph_item	*gi;
	size_t			 n, cap;
};
/* graph_init: the defaults, no items (overwrites g). graph_dup: a deep copy into dst
 * (overwritten). graph_item_add: a new gitem with the defaults, at the end (valid until the
 * next add). graph_items_clear: no items (capacity kept). *_set: a copy of v (NULL: ""). */
void	 graph_init(struct graph *);
void	 graph_dup(struct graph *, const struct graph *);
void	 graph_free(struct graph *);
void	 graph_set(struct graph *, enum graph_field, const char *);
struct graph_item *graph_item_add(struct graph *);
void	 graph_item_set(struct graph_item *, enum gitem_field, const char *);
void	 graph_item_copy(struct graph_item *, const struct graph_item *);	/* dst added */
void	 graph_items_clear(struct graph *);
int	 graph_field_find(const char *);	/* -1 when unknown */
int	 gitem_field_find(const char *);	/* -1 when unknown */
void	 graph_encode(const struct graph *, struct codec_buf *);
int	 graph_decode(const void *, size_t, struct graph *);
/* Whether the two records encode the same (every id and text, the gitems in order). */
bool	 graph_equal(const struct graph *, const struct graph *);
/* A double as PostgreSQL prints it (the shortest text that reads back: "-5", "100.5",
 * "1e-05"), an integer column's value (rounded), both heap; and CColorValidator's rule
 * (6 hexadecimal digits). */
char	*graph_float_text(double);
char	*graph_int_text(double);
bool	 graph_color_valid(const char *);
/* httptest.c: web scenarios. A scenario is a JSON document (every field of httptest.get
 * "extend" as a string, "headers" and "variables" [{name, value}], "tags" [{tag, value}] and
 * "steps" [{every step field as a string, "headers", "variables", "query_fields", and "posts"
 * a string, or [{name, value}] when post_type is "1"}]) with its three ids kept beside it
 * (the document's id fields are not read). httptest_init: a new scenario at Zabbix's defaults,
 * no steps; httpstep_new: a step at its defaults (new, the caller's); httptest_dup: a deep
 * copy into dst (not freed first); httptest_str: a string field, "" when absent (borrowed);
 * httptest_set: sets one (copied); httptest_steps: the steps array (borrowed, made if
 * missing). */
struct httptest {
	uint64_t	 httptestid, hostid, templateid;
	cJSON		*doc;
};
struct httptest_field {
	const char	*name;
	const char	*dflt;		/* NULL: an id, kept outside the document */
};
extern const struct httptest_field httptest_fields[], httpstep_fields[];	/* extend order */
extern const char *const httptest_lists[], *const httpstep_lists[];	/* NULL-terminated */
void	 httptest_init(struct httptest *);
cJSON	*httpstep_new(void);
void	 httptest_free(struct httptest *);
void	 httptest_dup(struct httptest *, const struct httptest *);
const char *httptest_str(const struct httptest *, const char *);
void	 httptest_set(struct httptest *, const char *, const char *);
cJSON	*httptest_steps(const struct httptest *);
void	 httptest_encode(const struct httptest *, struct codec_buf *);
int	 httptest_decode(const void *, size_t, struct httptest *);
/* The web items of a scenario (type 9 items): three of the scenario, three per step. */
enum httptest_web {
	HTTPTEST_WEB_IN, HTTPTEST_WEB_FAIL, HTTPTEST_WEB_ERROR,
	HTTPTEST_WEB_STEP_IN, HTTPTEST_WEB_STEP_TIME, HTTPTEST_WEB_STEP_RSPCODE,
	HTTPTEST_WEB__COUNT
};
#define HTTPTEST_WEB_ITEM_TYPE	"9"
/* Key and name of a web item (heap, the caller's; step NULL for the scenario's own), its
 * value type and units (static). httptest_key_param: Zabbix's quoting of a key parameter. */
char	*httptest_web_key(enum httptest_web, const char *, const char *);
char	*httptest_web_name(enum httptest_web, const char *, const char *);
const char *httptest_web_value_type(enum httptest_web);
const char *httptest_web_units(enum httptest_web);
char	*httptest_key_param(const char *);
/* A time unit (or a user macro) within lo..hi seconds: NULL, or the text after the path
 * ("a time unit is expected", "value must be one of 1-86400"; heap, caller frees).
 * status_codes: Zabbix's ranges ("200,300-399,{$M}"; "" is fine). variable_name: "{...}"
 * without inner braces. */
char	*httptest_time_check(const char *, uint64_t, uint64_t);
bool	 httptest_status_codes_valid(const char *);
bool	 httptest_variable_name_valid(const char *);

/* hostproto.c: a host prototype as a record of the inheritance engine: its id (hostid), the
 * host or template of its rule (parentid), its templateid, its key (the rule's key_, a
 * newline, its host name: unique per host) and its document (store.h store_hostproto_*,
 * the caller's). hostproto_dup: a deep copy into dst (not freed first). hostproto_free:
 * frees and zeroes. hostproto_set_key: the key from the rule's key_ and the document's
 * host. hostproto_host: the host name part of a key (borrowed). */
struct hostproto {
	uint64_t	 hostid, parentid, templateid;
	char		*key;
	cJSON		*doc;
};
void	 hostproto_dup(struct hostproto *, const struct hostproto *);
void	 hostproto_free(struct hostproto *);
void	 hostproto_set_key(struct hostproto *, const char *);
const char *hostproto_host(const char *);

#endif
