/* methods.h: the API methods, one const descriptor each, and the table that lists them all;
 * the pieces host and template methods share; and the engine of the *.get methods.
 *
 * Conventions: everything here runs inside a call (struct rpc_call, rpc.h) on the call's
 * thread and txn, and keeps nothing after it returns. Functions returning int say which of
 * two vocabularies they use: an enum rpc_result (RPC_COMMIT, or RPC_ROLLBACK with the call's
 * err set), or an enum store_rc (STORE_OK, or a storage failure the caller turns into
 * rpc_fail_store; the call is not failed). cJSON arguments are borrowed; a returned tree is
 * the caller's unless it is added to one the caller passed. */
#ifndef TMPLD_METHODS_H
#define TMPLD_METHODS_H

#include <cjson/cJSON.h>

#include "tmpld/domain.h"
#include "tmpld/rpc.h"
#include "tmpld/validate.h"

struct jsonw;

#define RPC_NOAUTH	0x01u	/* called without "auth"; refuses one */
#define RPC_WRITE	0x02u	/* runs in a group-committed write transaction */

/* One API method. The table of these (methods.c) and their rule trees are the whole API
 * contract: every method declares its params rule (never NULL; the dispatcher checks params
 * with it before exec, and the contract dump describes it).
 * exec(call, params): params is the validated (normalised) params, borrowed for the call;
 * with RPC_WRITE it runs in its group's write txn, or in a nested one of its own when the
 * group runs again after a failure (on the writer thread when there is one; see rpc_write_fn
 * in rpc.h: it may run more than once), else in a read txn on the event loop or, moved off
 * it, on a pool thread. It answers with rpc_ok or rpc_fail* and returns the enum rpc_result
 * (RPC_PENDING only via rpc_offload). */
struct rpc_method {
	const char		*name;		/* "api.method", lower case */
	unsigned		 flags;
	const struct rule	*params;	/* checked before exec; never NULL */
	enum rpc_result		(*exec)(struct rpc_call *, cJSON *);
};

#define API_VERSION "6.0.14"

/* A domain function's result (0, or -1 with its error written to the call's err) as a
 * handler's: RPC_COMMIT or RPC_ROLLBACK. */
static inline int
method_done(int domain_rc)
{
	return domain_rc == 0 ? RPC_COMMIT : RPC_ROLLBACK;
}

/* subcall.c: runs method m (its params rule, then its handler) inside call: the same
 * transaction, caller and rights. params is taken. On success RPC_COMMIT and *res (NULL: not
 * wanted) the method's result, the caller's; on failure RPC_ROLLBACK with the method's error
 * (or its params rule's) moved to call, *res NULL. */
int	method_subcall(struct rpc_call *, const struct rpc_method *, cJSON *, cJSON **);

/* delete_run.c: a *.delete method (params: its ids, already checked by its rule): check(call,
 * id, ctx) for every id in order (RPC_COMMIT, or RPC_ROLLBACK with the refusal on the call:
 * unknown, not editable, inherited...), stopping at the first refusal; then each id deleted,
 * with every copy below it (inherit_deleted of kind), or, for a kind that is not inherited
 * (kind NULL), by remove(call, id, ctx) (RPC_COMMIT or RPC_ROLLBACK); then the answer
 * {key: [ids]}. Returns RPC_COMMIT or RPC_ROLLBACK. */
struct inherit_kind;
struct method_delete {
	const char			*key;		/* "graphids" */
	int	(*check)(struct rpc_call *, uint64_t, const void *);
	const struct inherit_kind	*kind;
	int	(*remove)(struct rpc_call *, uint64_t, const void *);
	const void			*ctx;		/* the method's own (a flavour) */
};
enum rpc_result method_delete_run(struct rpc_call *, const cJSON *, const struct method_delete *);

/* Finds "api.method" case-insensitively. On failure returns NULL and *cause holds Zabbix's
 * text ("Incorrect API ..." / "Incorrect method ..."), which the caller frees; *cause is NULL
 * on success. The descriptor returned is static. */
const struct rpc_method *methods_find(const char *, char **);
/* The i-th method of the table (0-based), or NULL past its end; static. */
const struct rpc_method *methods_get(size_t);
/* How many methods the table holds, and the position of a descriptor in it (methods_count()
 * when m is none of the table's; a scan of the table's pointers, no string compare). */
size_t	 methods_count(void);
size_t	 methods_index(const struct rpc_method *);
/* The API contract: {"methods": [{"name", "flags": ["noauth", "write"], "params": rule tree
 * (validate_rule_json)}]} for every method of the table, in its order. Caller owns it. */
cJSON	*methods_contract(void);

/* host_rules.c: the shapes of the members host and template methods share (static rules),
 * and their custom checks (rule_check_fn: NULL when fine, else a heap message). */
extern const struct rule host_groups_rule, host_templates_rule, host_macros_rule, host_tags_rule;
extern const struct rule host_macros_create_rule;	/* macros without hostmacroid */
char	*host_rule_check_name(const cJSON *);	/* rule check: "invalid host name" */
char	*host_rule_check_uuid(const cJSON *);	/* 32 lower-case hex digits */

/* host_params.c: those members read into the domain's terms. Each int function returns
 * RPC_COMMIT, or RPC_ROLLBACK with Zabbix's error on the call. */
/* [{key: id}] (key NULL: [id]) appended to out, once each (ids already in out are not added
 * again); a value that is no id: ERR_NOT_FOUND NO_PERMISSIONS. out is the caller's, also
 * on failure (partly filled). */
int	host_params_ids(struct rpc_call *, const cJSON *, const char *, struct id_list *);
/* The same for [{groupid}], [{templateid}], [{hostid}], then every id of out checked (in the
 * call's txn) to be a host group, a template, a host or template: ERR_NOT_FOUND
 * NO_PERMISSIONS, or ERR_STORE. */
int	host_params_groups(struct rpc_call *, const cJSON *, struct id_list *);
int	host_params_templates(struct rpc_call *, const cJSON *, struct id_list *);
int	host_params_hosts(struct rpc_call *, const cJSON *, struct id_list *);
/* host.update's templates and templates_clear: [{templateid}] or bare ids, mixed. */
int	host_params_templates_bare(struct rpc_call *, const cJSON *, struct id_list *);
/* One macro object as a domain macro (its strings point into the object), and a macros
 * array (already shape-checked) as *n of them; the JSON must outlive the result. The caller
 * frees the array with free() (never NULL, even for none). */
void	host_params_macro(const cJSON *, struct domain_macro *);
struct domain_macro *host_params_macros(const cJSON *, size_t *);
/* Macro names: a string or the strings of an array (others skipped), *n of them, pointing
 * into the JSON. The caller frees the array with free() (never NULL). */
const char **host_params_names(const cJSON *, size_t *);
/* A tags array (already shape-checked: every element has a string "tag") appended to the
 * list, copied; a missing value is "". */
void	host_params_tags(const cJSON *, struct tag_list *);
/* A host's status: 0 or 1, as a number or a string of digits. @return true with *out set,
 * or false (*out untouched). */
bool	host_params_status(const cJSON *, uint32_t *);

/* access.c: who may call what. access_required_type: the user type (1 User, 2 Admin,
 * 3 Super admin) a method needs, from the one table of access.c. access_check (after auth,
 * before the params rule): the caller's role, read now (so a role's change applies to open
 * sessions at once), sets call->user.type; a type too low, a method the role's API rules
 * deny, or token.* without the manage_api_tokens action: -32602 'No permissions to call
 * "X".' (RPC_ROLLBACK); else RPC_COMMIT. access_role_of: the user's role document (the
 * caller's; NULL when the store has no such role) and u->type from it; a store_rc.
 * access_groups_of: the maxima of gui_access, users_status and debug_mode over the user's
 * groups (0 without groups); a store_rc. */
struct access_groups {
	uint32_t	gui_access, users_status, debug_mode;
};
int	access_required_type(const struct rpc_method *);
int	access_check(struct rpc_call *, const struct rpc_method *);
/* access_memo_clear: forgets the role access_check keeps parsed (at exit; safe any time). */
void	access_memo_clear(void);
enum store_rc access_role_of(struct store_txn *, struct user *, cJSON **);
enum store_rc access_groups_of(struct store_txn *, uint64_t, struct access_groups *);
/* access_auth_groups: call->user's groups applied to it (gui_access, debug_mode);
 * RPC_ROLLBACK (no failure set) when one is disabled, else a store_rc.
 * access_auth_token: an API token (64 characters) to call->user (replaced): unknown,
 * disabled, its user gone or in a disabled group: ERR_AUTH "Not authorized."; enabled
 * and past expires_at: ERR_REFUSED "API token expired." with *expired set; RPC_ROLLBACK.
 * RPC_COMMIT with the token's id and lastaccess. Never logs the token. */
int	access_auth_groups(struct rpc_call *);
/* The strict get options of role.get and token.get: each string of the array params[key]
 * (sortfield: also a bare string) must be one of allowed (NULL-terminated): else
 * 'Invalid parameter "/key/N": value must be one of "a", "b".' (RPC_ROLLBACK).
 * access_drop_pk: removes the key from an answer object when "output" is a list without
 * it (these gets add it only when asked). access_doc_row: a get row of the document's
 * string fields (new, the caller's). */
int	access_get_strict(struct rpc_call *, const cJSON *, const char *, const char *const *);
void	access_drop_pk(const cJSON *, const char *, cJSON *);
struct get_field;
cJSON	*access_doc_row(const cJSON *, const struct get_field *);
/* A get_kind load of a document database: the row of the document id (*row NULL when there
 * is none); a store_rc. */
int	access_doc_load(struct rpc_call *, enum store_db, const struct get_field *, uint64_t,
	    cJSON **);
/* The document an update or delete names (idv: its id as JSON): *doc new (the caller's) and
 * *id on RPC_COMMIT; unknown: -32500 NO_PERMISSIONS (RPC_ROLLBACK, *doc NULL). */
int	access_doc_must(struct rpc_call *, enum store_db, const cJSON *, cJSON **, uint64_t *);
/* The loop of a create or update of documents: one(call, obj, idx, &id) for each object of
 * params in order, stopping at the first failure (RPC_ROLLBACK); on success the answer
 * {key: [ids]}. */
enum rpc_result access_each(struct rpc_call *, cJSON *, const char *,
	    int (*)(struct rpc_call *, cJSON *, size_t, uint64_t *));
/* The documents a delete names (params: their ids), each known, appended to ids. */
int	access_docs_must(struct rpc_call *, enum store_db, const cJSON *, struct id_list *);
int	access_auth_token(struct rpc_call *, const char *, uint64_t *, uint64_t *, bool *);
/* access_host_must: the caller may read (write false) or edit the host or template (its
 * host-group rights, domain.h perm_*): RPC_COMMIT, or RPC_ROLLBACK with NO_PERMISSIONS of
 * this kind (ERR_NOT_FOUND -32500, or ERR_PARAM where Zabbix says -32602), or ERR_STORE. */
int	access_host_must(struct rpc_call *, uint64_t, bool, enum err_kind);
/* access_hosts_allow: the caller may read (write false) or edit every one of the hosts (an
 * object on the items of several hosts: triggers, graphs); *ok. A store_rc. */
int	access_hosts_allow(struct rpc_call *, const struct id_list *, bool, bool *);

/* The access objects: role.c, role_get.c, usergroup.c, usergroup_get.c, user_admin.c,
 * user_get.c, token.c, token_get.c. user_get_row: a user.get row (new). role_users: the
 * users of a role (a scan of users), appended; user_of_groups: the users of the groups,
 * each once, appended; both store_rc. */
extern const struct get_kind get_kind_role, get_kind_user, get_kind_usrgrp, get_kind_token;
cJSON	*user_get_row(const struct user *);
int	 role_users(struct rpc_call *, uint64_t, struct id_list *);
int	 user_of_groups(struct rpc_call *, const struct id_list *, struct id_list *);
/* user_media.c: user_medias_rule: the shape of "medias". user_media_take: the medias of
 * object i checked (media types of a fresh Zabbix: 'Media type with ID "N" is not
 * available.'; e-mail sendto a list) into *out (new, the caller's, also on failure);
 * RPC_COMMIT or RPC_ROLLBACK. user_media_write: replaces the user's media with list (ids
 * assigned in it); user_media_select: selectMedias and selectMediatypes of user.get;
 * user_media_match: whether a media of the user has one of mediaids and one of typeids
 * (NULL: any). store_rc. */
extern const struct rule user_medias_rule;
int	user_media_take(struct rpc_call *, const cJSON *, size_t, cJSON **);
int	user_media_write(struct rpc_call *, uint64_t, cJSON *);
int	user_media_select(struct rpc_call *, const cJSON *, uint64_t, cJSON *);
int	user_media_match(struct rpc_call *, uint64_t, const struct id_list *,
	    const struct id_list *, bool *);
/* user_media_refs: every media of the users (NULL: of every user) as (userid, mediaid,
 * mediatypeid), *out new (the caller's, free()), *n of them; store_rc. */
struct user_media_ref {
	uint64_t	userid, mediaid, mediatypeid;
};
int	user_media_refs(struct rpc_call *, const struct id_list *, struct user_media_ref **,
	    size_t *);
/* user_visible_ids: the users a caller who is not a super admin sees in user.get (the users
 * of its groups; editable: itself), appended; store_rc. */
int	user_visible_ids(struct rpc_call *, bool, struct id_list *);
/* mediatype.c: the media types of a fresh Zabbix 6.0.14 (fixed, read-only) and
 * mediatype.get. mediatype_type_of: the type (0 e-mail, 2 SMS, 4 webhook) of a media type
 * id, or -1 for none. */
int	mediatype_type_of(uint64_t);
extern const struct get_kind get_kind_mediatype;
extern const struct rpc_method method_mediatype_get;
extern const struct rpc_method method_role_get, method_role_create, method_role_update,
	    method_role_delete;
extern const struct rpc_method method_usergroup_get, method_usergroup_create,
	    method_usergroup_update, method_usergroup_delete;
extern const struct rpc_method method_user_get, method_user_create, method_user_update,
	    method_user_delete, method_user_unblock;
extern const struct rpc_method method_token_get, method_token_create, method_token_update,
	    method_token_delete, method_token_generate;

/* template.c */
extern const struct rpc_method method_template_create;
extern const struct rpc_method method_template_update;
extern const struct rpc_method method_template_delete;
/* template_mass.c */
extern const struct rpc_method method_template_massadd;
extern const struct rpc_method method_template_massupdate;
extern const struct rpc_method method_template_massremove;

/* apiinfo.c */
extern const struct rpc_method method_apiinfo_version;
/* user.c */
extern const struct rpc_method method_user_login;
extern const struct rpc_method method_user_logout;
extern const struct rpc_method method_user_checkauthentication;
/* proctemplate.c: BlueKing CMDB templates (also served on the ESB routes by compat/) */
extern const struct rpc_method method_servicetemplate_create;
extern const struct rpc_method method_servicetemplate_get;
extern const struct rpc_method method_proctemplate_create;
extern const struct rpc_method method_proctemplate_get;
extern const struct rpc_method method_proctemplate_list;
extern const struct rpc_method method_proctemplate_update;
extern const struct rpc_method method_proctemplate_delete;
/* servicecategory.c, servicetemplate.c, serviceinstance.c, processinstance.c, svcsync.c:
 * the rest of BlueKing's service-template family (also served on the ESB routes) */
extern const struct rpc_method method_servicecategory_list;
extern const struct rpc_method method_servicecategory_create;
extern const struct rpc_method method_servicecategory_update;
extern const struct rpc_method method_servicecategory_delete;
extern const struct rpc_method method_servicetemplate_update;
extern const struct rpc_method method_servicetemplate_list;
extern const struct rpc_method method_servicetemplate_delete;
extern const struct rpc_method method_servicetemplate_difference;
extern const struct rpc_method method_serviceinstance_create;
extern const struct rpc_method method_serviceinstance_list;
extern const struct rpc_method method_serviceinstance_listbyhost;
extern const struct rpc_method method_serviceinstance_listdetail;
extern const struct rpc_method method_serviceinstance_delete;
extern const struct rpc_method method_serviceinstance_addlabels;
extern const struct rpc_method method_serviceinstance_removelabels;
extern const struct rpc_method method_serviceinstance_sync;
extern const struct rpc_method method_processinstance_list;
extern const struct rpc_method method_processinstance_listbyids;
extern const struct rpc_method method_processinstance_update;
extern const struct rpc_method method_processinstance_create;
extern const struct rpc_method method_processinstance_delete;

/* hostgroup.c */
extern const struct rpc_method method_hostgroup_create;
extern const struct rpc_method method_hostgroup_update;
extern const struct rpc_method method_hostgroup_delete;
/* hostgroup_mass.c */
extern const struct rpc_method method_hostgroup_massadd;
extern const struct rpc_method method_hostgroup_massupdate;
extern const struct rpc_method method_hostgroup_massremove;
/* host.c */
extern const struct rpc_method method_host_create;
extern const struct rpc_method method_host_update;
extern const struct rpc_method method_host_delete;

/* get.c: the engine of the *.get methods (Zabbix's get options: output, filter, search,
 * searchByAny, startSearch, excludeSearch, searchWildcardsEnabled, sortfield, sortorder,
 * limit, preservekeys, countOutput, limitSelects) and nested selects. A "row" is a cJSON
 * object holding every "extend" field of one object as strings.
 * A get runs: candidates (struct get_cand, narrowed by the id and name options), then
 * get_cand_resolve, then filters over the resolved ids (tags, with_items), then get_run.
 * Option values and rows are borrowed from params and from the rows; answers are copies. */
#define GET_F_NUM	0x01u	/* numeric column: filter and sort compare numbers; no search */
#define GET_SORT_MAX	8

struct get_field {
	const char	*name;
	unsigned	 flags;
};

/* get_view.c: a row without a tree. A view is one loaded record and the list of its
 * "extend" fields in order, each a name (static: a field name of the kind's table, written
 * without escapes) and a text borrowed from the record (or kept in the view: numbers); a
 * kind with a view (get_kind.view) can be streamed: a get whose options sort nothing and
 * count nothing writes its answer straight from the views into one buffer (get_stream.c;
 * filter and search read the views), and its tree rows (get_kind.load) are made from the
 * same views, so both answers are one text. */
#define GET_VIEW_MAX	80	/* fields of one view */
#define GET_VIEW_NUMS	16	/* of them numbers, kept in the view */

enum get_vf_type { GET_VF_STR, GET_VF_JSON };	/* a string; JSON text (a string if invalid) */

struct get_vf {
	const char		*name;
	const char		*val;	/* never NULL */
	enum get_vf_type	 type;
};

struct get_view {
	size_t		 n, nnum;
	struct get_vf	 f[GET_VIEW_MAX];
	char		 num[GET_VIEW_NUMS][24];
	void		(*release)(struct get_view *);	/* frees rec, or NULL */
	union {
		struct host	 h;
		struct item	 it;
		struct macro	 m;
		struct group	 g;
		struct trigger	 t;
		struct {
			struct hostinterface	 hi;
			char			*details;	/* JSON text, or NULL */
		}		 i;
	}		 rec;	/* the record the texts point into */
};

/* Fills the view of id (a get_view_reset one; the loaded record kept in v->rec with
 * v->release set); STORE_OK with v->n 0 when id is not an object of the kind; else a
 * store_rc. get_view_done releases it. */
typedef int (*get_view_fn)(struct rpc_call *, uint64_t, struct get_view *);

void	 get_view_reset(struct get_view *);		/* empty, nothing to release */
void	 get_view_done(struct get_view *);		/* releases the record; reset */
/* Appends a field: a text (NULL: ""), a number (kept in the view), or JSON text. A view
 * of more than GET_VIEW_MAX fields is a kind's bug: logged, then abort (get_view_full). */
_Noreturn void get_view_full(const char *);
static inline void
get_view_add(struct get_view *v, const char *name, const char *val, enum get_vf_type type)
{
	if (v->n == GET_VIEW_MAX)
		get_view_full(name);
	v->f[v->n].name = name;
	v->f[v->n].val = val != NULL ? val : "";
	v->f[v->n++].type = type;
}
static inline void
get_view_str(struct get_view *v, const char *name, const char *val)
{
	get_view_add(v, name, val, GET_VF_STR);
}
static inline void
get_view_json(struct get_view *v, const char *name, const char *val)
{
	get_view_add(v, name, val, GET_VF_JSON);
}
void	 get_view_num(struct get_view *, const char *, long long);
void	 get_view_id(struct get_view *, const char *, uint64_t);
/* The field of that name, or NULL when the view has none (a view names each field once). */
const struct get_vf *get_view_field(const struct get_view *, const char *);
/* The index of the field name in the view (its n when it has none), searched from from on and
 * wrapping around, so that fields asked in the view's own order are each found at once. */
size_t	 get_view_index(const struct get_view *, const char *, size_t);
/* The view as a tree row (a new object, the caller's; texts copied, keys static). */
cJSON	*get_view_tree(const struct get_view *);
/* The tree of the view of id (*row NULL when none): the rows of a kind with a view. */
int	 get_view_load(struct rpc_call *, uint64_t, cJSON **, get_view_fn);

struct get_kind {
	const char		*pk;		/* the key in answers, e.g. "templateid" */
	const char		*dbpk;		/* its column for filter/sort, e.g. "hostid" */
	bool			 pk_last;	/* the key is added after the asked fields */
	const struct get_field	*fields;	/* the "extend" list in Zabbix's order */
	const char *const	*sortable;	/* NULL-terminated */
	/* Loads a row (the caller's); STORE_OK with *row NULL when the id is not an object of
	 * this kind; else a store_rc. NULL for a kind with a view: its rows are the views'
	 * trees (get_view_load). */
	int	(*load)(struct rpc_call *, uint64_t, cJSON **);
	/* Appends every id that may be one (a full scan; store_rc). */
	int	(*scan)(struct rpc_call *, struct id_list *);	/* every id that may be one */
	/* When Zabbix's query joins another table (SELECT DISTINCT), the sort fields are
	 * selected too and so appear in a list output: the options that join (any present and
	 * not null; NULL-terminated, or NULL for none), and for other causes a test of the
	 * params (NULL: none). */
	const char *const	*joins;
	bool	(*joined)(const cJSON *params);
	/* countOutput with groupCount groups the rows by this id field, ascending (NULL: one
	 * count; item.get has its own rule). */
	const char		*group_by;
	/* Whose host-group rights hide rows from a caller who is not a super admin (get_run
	 * and get_nested; domain.h perm_*): none, the id is a host or template, the id is a
	 * host group, or the row's "hostid" (items, macros, value maps, interfaces...), or
	 * every host perm_hosts gives for the id (triggers and graphs: the hosts of their
	 * items; dashboards: their template). */
	enum get_perm { GET_PERM_NONE, GET_PERM_ID_HOST, GET_PERM_ID_GROUP, GET_PERM_ROW_HOST,
	    GET_PERM_HOSTS }	 perm;
	/* GET_PERM_HOSTS: the hosts of the object id, appended (a store_rc; STORE_ENOTFOUND
	 * for an object that is gone, which the load then skips). */
	enum store_rc	(*perm_hosts)(struct store_txn *, uint64_t, struct id_list *);
	/* The row as a view (NULL: the kind has none, and its gets are never streamed); the
	 * kind's tree rows are made from it, so both give the same fields. */
	get_view_fn	 view;
	/* Whether these params have the kind's selects rewrite or move the row's own fields
	 * (trigger.get expandExpression, hostinterface.get details after its selects): such
	 * a get is not streamed (NULL: never). */
	bool	(*unstreamed)(const cJSON *params);
};

/* Whether a get's params ask for field in their rows: output "extend" or a list naming it,
 * and no countOutput. */
bool	get_output_asks(const cJSON *params, const char *field);

enum get_mode { GET_NONE, GET_EXTEND, GET_LIST, GET_COUNT };

struct get_output {
	enum get_mode	 mode;
	const cJSON	*list;		/* GET_LIST; NULL: the key only */
};

struct get_opts {
	struct get_output	 output;
	const cJSON		*filter, *search;
	bool			 search_any, start_search, exclude_search, wildcards;
	bool			 preservekeys, count, has_limit_selects;
	size_t			 limit, limit_selects;
	struct {
		const char	*field;
		bool		 desc;
	}			 sort[GET_SORT_MAX];
	size_t			 nsort;
	bool			 editable;	/* only objects the caller may edit */
	bool			 stream;	/* streamed (get_stream.c): nested selects of
						 * kinds with views give raw JSON text */
	/* streamed: the answer's writer and the row object its selects fill (both NULL
	 * otherwise; get_stream_select) */
	struct jsonw		*w;
	cJSON			*row;
	struct get_view		*spare;	/* streamed: a view the row's selects load theirs in */
	const char		*drop_field, *drop_value;	/* get_cand's, or NULL */
};

/* The candidate ids of a get: unset means every object of the kind. */
struct get_cand {
	bool		 set;
	struct id_list	 ids;
	/* Rows whose field drop_field has exactly the text drop_value are left out, as rows the
	 * filter does not match are (NULL: none): a test the ids cannot make without reading
	 * every record a second time (item.get's web items). Static strings. */
	const char	*drop_field, *drop_value;
};

struct get_nested_opts {
	bool			 add_pk;	/* the related object's key is always output */
	bool			 count_ok;	/* "count" gives a count; else the select is ignored */
	const char		*sortkey;	/* sort by it with limitSelects (or always) */
	bool			 sort_always;
	const struct get_opts	*opts;		/* the outer options (limitSelects) */
};

/* Adds the selects of one answer object (the id's) to obj; returns a store_rc. */
typedef int (*get_select_fn)(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);

/* PHP's truthiness of an option: NULL, null, false, 0, "", "0", [] and {} are false. */
bool	 get_truthy(const cJSON *);
/* Whether params has an option named select... (a get without one adds no selects). */
bool	 get_selects_any(const cJSON *);
/* Which of names (select... options, NULL-terminated, at most 32) params has: bit i for
 * names[i]; in one walk of params, for a run of selects most gets leave out. */
unsigned get_selects_given(const cJSON *, const char *const *);
/* output as Zabbix reads it: absent or null GET_NONE, "extend", "count", an array GET_LIST
 * (list borrows it), anything else GET_LIST with no list (the key only). */
struct get_output get_output_parse(const cJSON *);
/* Reads every get option into *o (overwritten; its pointers borrow from params). limit and
 * limitSelects must be non-negative integers (else ignored); sortfield must name sortable
 * columns: else ERR_REFUSED 'Sorting by field "F" not allowed.'. */
int	 get_opts_parse(struct rpc_call *, const struct get_kind *, const cJSON *,
	    struct get_opts *);	/* RPC_COMMIT or rpc_fail ("Sorting by field ...") */
const struct get_field *get_field_find(const struct get_kind *, const char *);	/* or NULL */
/* The row's value of a column (dbpk read as pk); borrowed from the row, NULL when absent. */
const cJSON *get_value(const struct get_kind *, const cJSON *, const char *);
/* Zabbix's search LIKE, case-insensitive (ASCII): a substring, or with start a prefix; with
 * wildcards the whole text against a pattern where '*' matches any run (start ignored). */
bool	 get_like(const char *, const char *, bool, bool);	/* s, pattern, start, wildcards */
/* A new object (the caller's) with the output fields of one row: every "extend" field, or
 * the known ones the list asks for, and the key with add_pk (first, or last with pk_last). */
cJSON	*get_project(const struct get_kind *, const cJSON *, const struct get_output *, bool);
/* An id option: one id or an array of them, appended to out (ids that do not parse are
 * dropped). false when the option is absent or null (no constraint), true otherwise. */
bool	 get_ids_option(const cJSON *, const char *, struct id_list *);
bool	 get_list_has_name(const cJSON *, const char *);	/* a string of the array */
/* Whether a tag set matches "tags" conditions {tag, value, operator 0..5}: evaltype 0 AND
 * over tag names, OR within one name (its negative operators AND-ed); Or (true): any one.
 * O(conditions^2). */
bool	 get_tags_match(const struct tag_list *, const cJSON *, bool);	/* true: evaltype Or */
/* Keeps the candidates whose host tags match "tags" (with "evaltype"); no-op without a
 * non-empty array. On resolved candidates only (after get_cand_resolve). */
int	 get_tags_filter(struct rpc_call *, const cJSON *, struct get_cand *);	/* store_rc */
/* Candidates: a zeroed get_cand is unset (every object). The constraints intersect:
 * get_cand_take intersects with (or, unset, becomes) the list more, taking its memory.
 * get_cand_ids: the ids of an id option. get_cand_by_name: filter.<field>'s exact values
 * (a string or an array of them; "" or [] no constraint) through a name index (store_rc).
 * get_cand_related: the union of fn(id) over an id option's ids (store_rc). get_cand_never:
 * nothing, when any option of the NULL-terminated list is given (not null; with_httptests
 * only when truthy). get_cand_resolve: an unset set becomes every id of the kind (k->scan,
 * a full scan), then the ids are sorted and deduplicated (store_rc). The candidates' ids
 * are the caller's: id_list_free(&c.ids). */
void	 get_cand_take(struct get_cand *, struct id_list *);	/* intersect; empties the list */
void	 get_cand_ids(const cJSON *, const char *, struct get_cand *);
int	 get_cand_by_name(struct rpc_call *, const cJSON *, const char *,
	    enum store_rc (*)(struct store_txn *, const char *, uint64_t *), struct get_cand *);
extern const char *const get_never_host_opts[];
int	 get_cand_related(struct rpc_call *, const cJSON *, const char *,
	    enum store_rc (*)(struct store_txn *, uint64_t, struct id_list *), struct get_cand *);
int	 get_cand_resolve(struct rpc_call *, const struct get_kind *, struct get_cand *);
void	 get_cand_never(const cJSON *, const char *const *, struct get_cand *);
/* The whole get over the candidates (freed by the caller); sets the call's result.
 * Resolves cand if need be, loads, filters and searches the rows, sorts, limits, projects
 * and adds select's members (NULL: none). Returns an enum rpc_result: RPC_COMMIT with the
 * answer (an array, an object by id with preservekeys, or the count as a string), or
 * RPC_ROLLBACK: failed (ERR_REFUSED bad sortfield or too large, ERR_STORE), or moved off
 * the loop (every object, more than 64 candidates, or an answer over 64 KiB). */
int	 get_run(struct rpc_call *, const cJSON *, const struct get_kind *, struct get_cand *,
	    get_select_fn);
/* The rows of kind k among ids (ids not of the kind skipped), projected by out, sorted by
 * sortkey with limitSelects (or always with sort_always) and cut to limitSelects; or their
 * count (a string) for GET_COUNT. *res is new (the caller's), NULL on failure. store_rc. */
int	 get_nested(struct rpc_call *, const struct get_kind *, const struct id_list *,
	    const struct get_output *, const struct get_nested_opts *, cJSON **);
/* Adds obj[key] = get_nested(ids) for the select option opt of params, unless it is absent
 * or null, or "count" where Zabbix ignores it (count_ok false). store_rc. */
int	 get_select_add(struct rpc_call *, const cJSON *, const char *, const char *,
	    const struct get_kind *, const struct id_list *, const struct get_nested_opts *,
	    cJSON *);
/* get_perm_view: get_run's rights test of the object id (o->editable: may edit) before its
 * view is loaded (v NULL) and after (the view's "hostid" for the kinds that read it); *ok
 * false hides it; last caches the last host asked ({0, 0} first). A store_rc. */
int	 get_perm_view(struct rpc_call *, const struct get_kind *, const struct get_opts *,
	    uint64_t, const struct get_view *, uint64_t[2], bool *);

/* Whether a view passes the options' filter and search (as get_run's tree rows do). */
bool	 get_view_match(const struct get_kind *, const struct get_view *, const struct get_opts *);

/* get_stream.c: a get written straight from its rows' views into one buffer, without a tree
 * per row. get_stream_ok: whether get_run may stream (the call's result may be text, the
 * kind has views, and the options sort nothing and count nothing: no sortfield, no
 * countOutput; filter and search are read from the views). get_stream_run: get_run's answer so, over the resolved
 * ids (rows in id order, limit applied as they are written), each row's selects added
 * (nested selects of kinds with views streamed too, as raw nodes) and the answer set as
 * text (rpc_ok_text); RPC_COMMIT, or RPC_ROLLBACK as get_run. get_stream_nested: get_nested's
 * array for a kind with a view (out not GET_COUNT), written to w as one value; a store_rc
 * (w then holds part of it: the caller drops the answer). get_stream_select: for a select
 * of a streamed row (obj is o->row), the answer's writer, the members obj holds so far
 * written to it first and taken out of obj, so that a select written to it straight stays
 * in its place; NULL when obj is not the streamed row (the select adds to obj). */
bool	 get_stream_ok(const struct rpc_call *, const cJSON *, const struct get_kind *,
	    const struct get_opts *);
int	 get_stream_run(struct rpc_call *, const cJSON *, const struct get_kind *,
	    const struct get_opts *, const struct id_list *, get_select_fn);
int	 get_stream_nested(struct rpc_call *, const struct get_kind *, const struct id_list *,
	    const struct get_output *, const struct get_nested_opts *, struct jsonw *);
struct jsonw *get_stream_select(const struct get_opts *, cJSON *);
/* The params rules of the get methods: a lenient object (Zabbix ignores options it does not
 * know) that declares the options the method reads. Their values are not refused: Zabbix 6.0
 * reads get options as it finds them (get_truthy, get_output_parse, ...). */
#define GET_OPT(name)	{ name, { .type = RULE_ANY } }
/* The options of every get (get.c), and editable (get_opts.editable: with a kind's .perm,
 * only what a non-super-admin caller may edit). */
#define GET_OPTS_COMMON \
	GET_OPT("output"), GET_OPT("filter"), GET_OPT("search"), GET_OPT("searchByAny"), \
	GET_OPT("startSearch"), GET_OPT("excludeSearch"), GET_OPT("searchWildcardsEnabled"), \
	GET_OPT("sortfield"), GET_OPT("sortorder"), GET_OPT("limit"), GET_OPT("preservekeys"), \
	GET_OPT("countOutput"), GET_OPT("limitSelects"), GET_OPT("editable")
/* get_never_host_opts: objects hosts and templates never have here, so they match nothing. */
#define GET_OPTS_NEVER_HOST \
	GET_OPT("graphids"), GET_OPT("triggerids"), GET_OPT("with_triggers"), \
	GET_OPT("with_graphs"), GET_OPT("with_httptests")
#define GET_PARAMS_RULE(list) \
	{ .type = RULE_OBJECT, .flags = RULE_LENIENT, .fields = (list) }

/* host_get.c: rows of the hosts table, and the selects hosts and templates share
 * (selectGroups, selectParentTemplates, selectMacros, selectItems, selectTags). */
cJSON	*host_get_row(const struct host *, bool);	/* true: as a template; new row */
/* A view of host id (get_view_fn with its kinds: hosts, templates, true: as a template). */
int	host_view(struct rpc_call *, uint64_t, struct get_view *, bool, bool, bool);
int	 host_get_selects(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);	/* a get_select_fn: store_rc */
/* Exact filter host/name values as candidates, through the name indexes (store_rc). */
int	 host_get_cand_names(struct rpc_call *, const cJSON *, struct get_cand *);
/* host_get_opts.c: get options about proxies, item states and objects not held yet.
 * host_get_cand_more (before get_cand_resolve; host: host.get, else template.get):
 * proxyids (no host has a proxy: [] unless "0" is among them), proxy_hosts, itemids, and
 * the with_* and *ids options of objects not held (nothing matches). host_get_filter_more
 * (resolved candidates): monitored_hosts, with_monitored_items, with_simple_graph_items.
 * hostgroup_get_filter_more (resolved groups): the item and not-held options of
 * hostgroup.get. get_select_none: the selects of objects not held ([], or "0" for
 * "count" where Zabbix counts) of host.get (who 0), template.get (1), hostgroup.get (2),
 * item.get (3). item_get_filter_more (resolved items): interfaceids, monitored, host,
 * group, with_triggers, triggerids, graphids. Each returns a store_rc. */
int	host_get_cand_more(struct rpc_call *, const cJSON *, bool, struct get_cand *);
int	host_get_filter_more(struct rpc_call *, const cJSON *, struct get_cand *);
int	hostgroup_get_filter_more(struct rpc_call *, const cJSON *, struct get_cand *);
int	get_select_none(const cJSON *, int, cJSON *);
int	item_get_filter_more(struct rpc_call *, const cJSON *, struct get_cand *);
/* the kinds: template_get.c, host_get.c, hostgroup_get.c, usermacro_get.c */
extern const struct get_kind get_kind_template, get_kind_host, get_kind_group, get_kind_macro;
extern const struct rpc_method method_template_get;
extern const struct rpc_method method_host_get;
extern const struct rpc_method method_hostgroup_get;
extern const struct rpc_method method_usermacro_get;

/* usermacro.c */
extern const struct rpc_method method_usermacro_create;
extern const struct rpc_method method_usermacro_update;
extern const struct rpc_method method_usermacro_delete;
extern const struct rpc_method method_usermacro_createglobal;
extern const struct rpc_method method_usermacro_updateglobal;
extern const struct rpc_method method_usermacro_deleteglobal;

/* host_mass.c */
extern const struct rpc_method method_host_massadd;
extern const struct rpc_method method_host_massupdate;
extern const struct rpc_method method_host_massremove;

/* configuration.c: configuration.export (json, yaml, xml, raw) */
extern const struct rpc_method method_configuration_export;
/* configuration_import.c: configuration.import; its params rule (format yaml/xml/json,
 * source, rules with every 6.0 rules key and its flags) is importcompare's too. */
extern const struct rpc_method method_configuration_import;
extern const struct rule configuration_import_rule;
/* configuration_importcompare.c: configuration.importcompare (import's params; changes nothing) */
extern const struct rpc_method method_configuration_importcompare;

/* item_type.c: Zabbix 6.0's checks of an item's fields by its type (CItemGeneral's
 * checkInput, validateHTTPCheck, validateDependentItems), with its texts and order. */

/* One object of an item.create or item.update, with the stored item (update) and its host.
 * sent: the fields the object named; old is zeroed on create. */
struct item_flavor;
struct item_in {
	const struct item_flavor *fl;	/* NULL: a plain item */
	const cJSON	*obj;
	size_t		 idx;		/* 0-based, in the call */
	bool		 update;
	bool		 sent[ITEM_F__COUNT];
	bool		 tags_sent, pp_sent;
	unsigned	 lld_sent;	/* the flavor's members sent (INHERIT_LLD_*) */
	struct item	 old, new;
	struct host	 h;
};

/* The fields a type owns brought in line as Zabbix writes them (a type change clears the
 * HTTP agent's and the script's fields, non-HTTP items keep no query fields or headers,
 * ...). Call after the object's fields are taken, before item_type_check. */
void	item_type_normalize(struct item_in *);
/* Zabbix's checks of an item by its type, in stages run in this order around the checks
 * of item.c (interface, key syntax, preprocessing, value map, key uniqueness):
 *  FIELDS (before the interface): type, HTTP agent, calculated and script fields, update
 *  interval; KEY (before the key's syntax): the example keys; TYPE: allowed hosts, JMX,
 *  dependent, SSH/TELNET, IPMI, SNMP fields; KEEP: history and trends ranges; INVENTORY (after
 *  the key's uniqueness): inventory_link. RPC_COMMIT or RPC_ROLLBACK with the error on the
 *  call. */
enum item_stage {
	ITEM_STAGE_FIELDS, ITEM_STAGE_KEY, ITEM_STAGE_TYPE, ITEM_STAGE_KEEP, ITEM_STAGE_INVENTORY,
};
int	item_type_check(struct rpc_call *, struct item_in *, enum item_stage);
/* A dependent item's master: an item of the same host, no cycle, at most 3 levels. */
int	item_type_check_master(struct rpc_call *, struct item_in *);
/* Appends to ids the dependent items that go with them: on each item's host and on the
 * hosts of its copies (transitively), but those that go as copies of an item going. */
int	item_type_dependents(struct rpc_call *, struct id_list *);

/* trigger.c, trigger_get.c: triggers. trigger_select_triggers: template.get/host.get/item.get
 * selectTriggers over the host's (item's: byitem) triggers; trigger_cand_with: with_triggers
 * (resolved candidates, hosts or with byitem items, that have triggers); trigger_hosts_of,
 * trigger_items_of: the hosts (items) of a trigger's functions, appended (the triggerids
 * option of template.get/host.get, item.get). store_rc. */
extern const struct rpc_method method_trigger_create, method_trigger_update,
	    method_trigger_delete, method_trigger_adddependencies,
	    method_trigger_deletedependencies, method_trigger_get;
extern const struct get_kind get_kind_trigger;
int	trigger_select_triggers(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, bool, cJSON *);
int	trigger_cand_with(struct rpc_call *, const cJSON *, bool, struct get_cand *);
enum store_rc trigger_hosts_of(struct store_txn *, uint64_t, struct id_list *);
enum store_rc trigger_items_of(struct store_txn *, uint64_t, struct id_list *);
/* Trigger prototypes (triggers of flags 2, trigger.c and trigger_get.c with a flavor).
 * trigger_select_rule_triggers: discoveryrule.get selectTriggers
 * over them (a list or "count"; store_rc). */
extern const struct rpc_method method_triggerprototype_create,
	    method_triggerprototype_update, method_triggerprototype_delete,
	    method_triggerprototype_get;
extern const struct get_kind get_kind_triggerprototype;
int	trigger_select_rule_triggers(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);
/* item.c: what item.create/update/delete share with the methods of the items of other flags
 * (LLD rules, item prototypes). A flavor: the flags its items have; the members a create
 * needs besides type, name, key_ and hostid (NULL-terminated); take(call, in): its own
 * members of the object checked (after the item's checks) and written onto in->new (its
 * lld document), RPC_COMMIT or RPC_ROLLBACK with Zabbix's text; the answer keys of a
 * delete and its text for an inherited one. item_write: create or update with the flavor
 * (NULL: items), answering {"itemids"}. item_of_flavor: the stored item is of it.
 * item_delete_run: delete with the flavor. Both return an enum rpc_result. */
struct item_flavor {
	const char		*flags;
	const char *const	*required;
	int			(*take)(struct rpc_call *, struct item_in *);
	const char		*delete_key;
	const char		*delete_templated;
};
/* Zabbix 6.0's CItem checks items by hand: lenient rules that declare the fields and leave
 * every check (and its legacy text) to the method (the rules of every flavor). */
#define ITEM_RULE_ANY(name)	{ name, { .type = RULE_ANY } }
#define ITEM_RULE_FIELDS \
	ITEM_RULE_ANY("snmp_oid"), ITEM_RULE_ANY("delay"), ITEM_RULE_ANY("history"), \
	ITEM_RULE_ANY("trends"), ITEM_RULE_ANY("status"), ITEM_RULE_ANY("trapper_hosts"), \
	ITEM_RULE_ANY("units"), ITEM_RULE_ANY("formula"), ITEM_RULE_ANY("logtimefmt"), \
	ITEM_RULE_ANY("templateid"), ITEM_RULE_ANY("valuemapid"), ITEM_RULE_ANY("params"), \
	ITEM_RULE_ANY("ipmi_sensor"), ITEM_RULE_ANY("authtype"), ITEM_RULE_ANY("username"), \
	ITEM_RULE_ANY("password"), ITEM_RULE_ANY("publickey"), ITEM_RULE_ANY("privatekey"), \
	ITEM_RULE_ANY("interfaceid"), ITEM_RULE_ANY("description"), \
	ITEM_RULE_ANY("inventory_link"), ITEM_RULE_ANY("lifetime"), ITEM_RULE_ANY("evaltype"), \
	ITEM_RULE_ANY("jmx_endpoint"), ITEM_RULE_ANY("master_itemid"), \
	ITEM_RULE_ANY("timeout"), ITEM_RULE_ANY("url"), ITEM_RULE_ANY("query_fields"), \
	ITEM_RULE_ANY("posts"), ITEM_RULE_ANY("status_codes"), \
	ITEM_RULE_ANY("follow_redirects"), ITEM_RULE_ANY("post_type"), \
	ITEM_RULE_ANY("http_proxy"), ITEM_RULE_ANY("headers"), ITEM_RULE_ANY("retrieve_mode"), \
	ITEM_RULE_ANY("request_method"), ITEM_RULE_ANY("output_format"), \
	ITEM_RULE_ANY("ssl_cert_file"), ITEM_RULE_ANY("ssl_key_file"), \
	ITEM_RULE_ANY("ssl_key_password"), ITEM_RULE_ANY("verify_peer"), \
	ITEM_RULE_ANY("verify_host"), ITEM_RULE_ANY("allow_traps"), ITEM_RULE_ANY("uuid"), \
	ITEM_RULE_ANY("parameters"), ITEM_RULE_ANY("tags"), ITEM_RULE_ANY("preprocessing")
int	item_write(struct rpc_call *, cJSON *, const struct item_flavor *, bool);
bool	item_of_flavor(const struct item *, const struct item_flavor *);
int	item_delete_run(struct rpc_call *, cJSON *, const struct item_flavor *);

/* item.c, item_get.c: items */
extern const struct rpc_method method_item_create;
extern const struct rpc_method method_item_update;
extern const struct rpc_method method_item_delete;
extern const struct rpc_method method_item_get;
extern const struct get_kind get_kind_item;
/* template.get/host.get: selectItems over the object's items, and with_items (keeps the
 * candidates that have items; on resolved candidates, after get_cand_resolve); store_rc. */
int	item_select_items(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
int	item_cand_with_items(struct rpc_call *, const cJSON *, struct get_cand *);
/* item_select_tags: selectTags of a tag list ({tag, value} or the asked ones, stored order);
 * item_host_kind: the kind of the hosts selectHosts lists (hosts and templates). */
void	item_select_tags(const cJSON *, const struct tag_list *, cJSON *);
struct get_kind item_host_kind(void);
/* For the gets of items of other flags: an item's row (every item field, new);
 * selectTags, selectPreprocessing and selectHosts of item.get added to obj (store_rc). */
cJSON	*item_get_row(const struct item *);
/* An item's fields into a view (the texts stay the item's), and the release of a view whose
 * record is v->rec.it (for the kinds of other flags). */
void	item_view_fill(struct get_view *, const struct item *);
void	item_view_release(struct get_view *);
void	item_select_preproc(const cJSON *, const struct item *, cJSON *);
int	item_select_hosts(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
/* The host of an item, appended (none for an unknown item): template.get itemids. */
enum store_rc item_host_of(struct store_txn *, uint64_t, struct id_list *);
/* The kind of a selectHosts of an object on one host or template: host rows by hostid. */
struct get_kind item_host_kind(void);

/* httptest.c, httptest_get.c: web scenarios. template.get/host.get selectHttpTests (the
 * object's scenarios, a list or "count"); with_httptests, and for host.get (host true)
 * with_monitored_httptests (an enabled one) and httptestids (one of those), keep the
 * candidates that have such a scenario; for hostgroup.get (group_with) with_httptests and
 * with_monitored_httptests keep the groups with a member that has one. On resolved
 * candidates; store_rc. */
extern const struct rpc_method method_httptest_create;
extern const struct rpc_method method_httptest_update;
extern const struct rpc_method method_httptest_delete;
extern const struct rpc_method method_httptest_get;
extern const struct get_kind get_kind_httptest;
int	httptest_select_httptests(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);
int	httptest_cand_with_httptests(struct rpc_call *, const cJSON *, struct get_cand *, bool);
int	httptest_group_with_httptests(struct rpc_call *, const cJSON *, struct get_cand *);

/* discoveryrule.c, itemprototype.c, discoveryrule_get.c, discoveryrule_copy.c: LLD rules (items of flags 1) and
 * item prototypes (flags 2) through item.c with their flavors. lld_select_discoveries:
 * template.get/host.get selectDiscoveries (a list without itemid, or "count"; store_rc). */
extern const struct item_flavor item_flavor_rule, item_flavor_proto;
extern const struct rpc_method method_discoveryrule_create, method_discoveryrule_update,
	    method_discoveryrule_delete, method_discoveryrule_get, method_discoveryrule_copy;
extern const struct rpc_method method_itemprototype_create, method_itemprototype_update,
	    method_itemprototype_delete, method_itemprototype_get;
extern const struct get_kind get_kind_lldrule, get_kind_itemprototype;
int	lld_select_discoveries(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);
/* selectDiscoveryRule of a prototype of the rule: the rule as one object with its itemid
 * (nothing for "count"); store_rc. */
int	lld_select_rule_of(struct rpc_call *, const cJSON *, uint64_t, cJSON *);
/* The same for the first of the rules ids (none: nothing added), as the object
 * "discoveryRule" of obj. A store_rc. */
int	lld_select_rule_ids(struct rpc_call *, const cJSON *, const struct id_list *, cJSON *);

/* valuemap.c, valuemap_get.c: value maps */
extern const struct rpc_method method_valuemap_create;
extern const struct rpc_method method_valuemap_update;
extern const struct rpc_method method_valuemap_delete;
extern const struct rpc_method method_valuemap_get;
extern const struct get_kind get_kind_valuemap;
/* Rule check of selectValueMaps: "extend" or a field list, never "count". */
char	*valuemap_check_select(const cJSON *);
/* template.get/host.get selectValueMaps (the host's maps by name), and item.get
 * selectValueMap (the item's map, or [] when it has none); store_rc. */
int	valuemap_select_valuemaps(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);
int	valuemap_select_item(struct rpc_call *, const cJSON *, const char *, cJSON *);

/* hostinterface_get.c, hostinterface.c: host interfaces */
extern const struct rpc_method method_hostinterface_get;
extern const struct rpc_method method_hostinterface_create;
extern const struct rpc_method method_hostinterface_update;
extern const struct rpc_method method_hostinterface_delete;
extern const struct rpc_method method_hostinterface_massadd;
extern const struct rpc_method method_hostinterface_massremove;
extern const struct rpc_method method_hostinterface_replacehostinterfaces;
extern const struct get_kind get_kind_interface;
/* The ids of the host's items on the interface, appended; a store_rc. */
int	hostinterface_items(struct store_txn *, uint64_t, uint64_t, struct id_list *);
/* host.get: selectInterfaces, and interfaceids (the hosts of those interfaces); store_rc. */
int	hostinterface_select(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
int	hostinterface_cand_hosts(struct rpc_call *, const cJSON *, struct get_cand *);
/* host.create (replace false: added to a new host) and host.update (replace true: Zabbix's
 * replacehostinterfaces) with a host's "interfaces" member: checked and stored with
 * Zabbix's rules and texts. RPC_COMMIT or RPC_ROLLBACK with the error on the call. */
int	hostinterface_host_apply(struct rpc_call *, const struct host *, const cJSON *, bool);
/* host.massadd and host.massremove with "interfaces": hostinterface.massadd and
 * hostinterface.massremove on these hosts (NULL or null interfaces: nothing). */
int	hostinterface_hosts_add(struct rpc_call *, const struct id_list *, const cJSON *);
int	hostinterface_hosts_remove(struct rpc_call *, const struct id_list *, const cJSON *);

/* host_conn.c: a host's IPMI, TLS and proxy members. host_conn_take puts the members of
 * one host.create or host.update object onto h->conn (allocated; on update h is a copy of
 * the stored host) after Zabbix's encryption checks: RPC_COMMIT, or RPC_ROLLBACK with its
 * text. host_conn_names_proxy: whether a proxy_hostid value names a proxy (not null, not
 * '0'); tmpld keeps none, so such a host is refused by host_conn_create_fail (the INSERT of
 * every host of params, ids drawn from the hosts sequence) or host_conn_update_fail (the
 * UPDATE of one host, old as stored, new as it would be) with the database's -32500 text,
 * as Zabbix does; both return RPC_ROLLBACK. */
int	host_conn_take(struct rpc_call *, const cJSON *, struct host *, bool);
bool	host_conn_names_proxy(const cJSON *);
int	host_conn_create_fail(struct rpc_call *, const cJSON *);
int	host_conn_update_fail(struct rpc_call *, const cJSON *, const struct host *,
	    const struct host *);
/* host.massupdate (p: its params): host_conn_mass_check checks the TLS members once for the
 * call (both modes required: -32500 "Cannot update host encryption settings. ..."; the
 * fields a mode does not use are emptied, then Zabbix's encryption checks);
 * host_conn_mass_take puts p's IPMI and TLS members onto h->conn as host_conn_take does;
 * host_conn_mass_fail refuses a proxy with the UPDATE of all the hostids. RPC_COMMIT or
 * RPC_ROLLBACK (always for _fail). */
int	host_conn_mass_check(struct rpc_call *, const cJSON *);
int	host_conn_mass_take(struct rpc_call *, const cJSON *, struct host *);
int	host_conn_mass_fail(struct rpc_call *, const cJSON *, const struct id_list *);

/* host_inventory.c: inventory_mode and inventory of hosts. */
/* The members of one host.create (fresh) or host.update object checked (Zabbix's order
 * and texts) and kept in *inv (loaded for update); RPC_COMMIT or RPC_ROLLBACK. */
int	host_inventory_take(struct rpc_call *, const cJSON *, const struct host *, bool,
	    struct inventory *, bool *);
/* host.get rows: a host's inventory_mode in the store (-1 without an inventory);
 * selectInventory; searchInventory (keeps the candidates whose inventory matches); each a
 * store_rc. */
int	host_inventory_mode(struct rpc_call *, uint64_t, int *);
int	host_inventory_select(struct rpc_call *, const cJSON *, uint64_t, cJSON *);
int	host_inventory_search(struct rpc_call *, const cJSON *, struct get_cand *);

/* templatedashboard.c, templatedashboard_get.c: template dashboards */
extern const struct rpc_method method_templatedashboard_create;
extern const struct rpc_method method_templatedashboard_update;
extern const struct rpc_method method_templatedashboard_delete;
extern const struct rpc_method method_templatedashboard_get;
extern const struct get_kind get_kind_dashboard;
/* template.get selectDashboards (the template's dashboards: a list without dashboardid
 * unless asked, or "count"); a store_rc. */
int	templatedashboard_select(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);
/* graph.c, graph_get.c: graphs and graph items */
extern const struct rpc_method method_graph_create;
extern const struct rpc_method method_graph_update;
extern const struct rpc_method method_graph_delete;
extern const struct rpc_method method_graph_get;
extern const struct rpc_method method_graphitem_get;
/* graph.c, graph_get.c: graph prototypes (graphs of flags 2, the same code with a flavor) */
extern const struct rpc_method method_graphprototype_create;
extern const struct rpc_method method_graphprototype_update;
extern const struct rpc_method method_graphprototype_delete;
extern const struct rpc_method method_graphprototype_get;
extern const struct get_kind get_kind_graphprototype;
extern const struct get_kind get_kind_graph;
/* A graph.get row of every "extend" field (new). */
cJSON	*graph_get_row(const struct graph *);
/* template.get/host.get: selectGraphs (the host's graphs, not prototypes; or "count"),
 * graphids (the hosts of those graphs, as candidates) and with_graphs (keeps the resolved
 * candidates that have a graph); store_rc. */
int	graph_select_graphs(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
int	graph_cand_hosts(struct rpc_call *, const cJSON *, struct get_cand *);
int	graph_cand_with_graphs(struct rpc_call *, const cJSON *, struct get_cand *);
/* hostgroup.get: graphids (the groups of those graphs' hosts) and with_graphs (groups with a
 * member that has a graph), on resolved candidates; store_rc. */
int	graph_cand_groups(struct rpc_call *, const cJSON *, struct get_cand *);
/* item.get: graphids (the items of those graphs' gitems, appended: a get_cand_related fn)
 * and selectGraphs (the graphs with a gitem on the item, by name with limitSelects; "count" a
 * string); store_rc. */
enum store_rc graph_items_of(struct store_txn *, uint64_t, struct id_list *);
int	graph_select_item(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
/* discoveryrule.get (rule true, id a rule) and itemprototype.get (false, id an item
 * prototype): selectGraphs, the graph prototypes of the rule or with a gitem on the
 * prototype ("count" a string); store_rc. */
int	graph_select_protos(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    bool, cJSON *);

/* hostprototype.c, hostprototype_get.c: host prototypes of LLD rules (store_hostproto.c).
 * hproto_host_must: the one check that the caller may edit the host or template of a
 * prototype's rule (RPC_COMMIT, or RPC_ROLLBACK with -32500 NO_PERMISSIONS).
 * hproto_select_of_rule: discoveryrule.get selectHostPrototypes of the rule (a list, or
 * "count" as a string); a get_select_fn's store_rc. */
extern const struct rpc_method method_hostprototype_create, method_hostprototype_update,
	    method_hostprototype_delete, method_hostprototype_get;
extern const struct get_kind get_kind_hostproto;
int	hproto_host_must(struct rpc_call *, uint64_t);
int	hproto_select_of_rule(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
/* discoveryrule.copy's host prototypes: those of rule from created on rule to (already
 * written) through hostprototype.create's path (its checks, inheritance below to's host), as
 * Zabbix copies them (a secret macro as a text one with an empty value). RPC_COMMIT, or
 * RPC_ROLLBACK with the error on the call. */
int	hproto_copy_rule(struct rpc_call *, uint64_t, uint64_t);
/* hostprototype_iface.c: custom interfaces. hproto_iface_take: the "interfaces" member of
 * obj (the idx-th object of params, for the paths of Zabbix's texts) checked as
 * CHostPrototype does and stored into doc's "interfaces" (replacing it); sent while custom
 * (the prototype's custom_interfaces, after this call's value) is false: refused as an
 * unexpected parameter; not sent: kept, or removed when custom is false. RPC_COMMIT, or
 * RPC_ROLLBACK with the error on the call (doc unchanged).
 * hproto_iface_select: selectInterfaces of params onto obj from the stored doc (every
 * column Zabbix gives, details [] for a non-SNMP interface); absent or null: nothing. */
int	hproto_iface_take(struct rpc_call *, const cJSON *, size_t, bool, cJSON *);
void	hproto_iface_select(const cJSON *, const cJSON *, cJSON *);

#endif
