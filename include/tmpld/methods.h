/* methods.h: the API methods, one const descriptor each, and the table that lists them all. */
#ifndef TMPLD_METHODS_H
#define TMPLD_METHODS_H

#include <cjson/cJSON.h>

#include "tmpld/domain.h"
#include "tmpld/rpc.h"
#include "tmpld/validate.h"

#define RPC_NOAUTH	0x01u	/* called without "auth"; refuses one */
#define RPC_WRITE	0x02u	/* runs in a group-committed write transaction */

/* One API method. The table of these (methods.c) and their rule trees are the whole API
 * contract: every method declares its params rule (never NULL; the dispatcher checks params
 * with it before exec, and the contract dump describes it). */
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

/* Finds "api.method" case-insensitively. On failure returns NULL and *cause holds Zabbix's
 * text ("Incorrect API ..." / "Incorrect method ..."), which the caller frees. */
const struct rpc_method *methods_find(const char *, char **);
/* The i-th method of the table (0-based), or NULL past its end; static. */
const struct rpc_method *methods_get(size_t);
/* The API contract: {"methods": [{"name", "flags": ["noauth", "write"], "params": rule tree
 * (validate_rule_json)}]} for every method of the table, in its order. Caller owns it. */
cJSON	*methods_contract(void);

/* host_rules.c: the shapes of the members host and template methods share. */
extern const struct rule host_groups_rule, host_templates_rule, host_macros_rule, host_tags_rule;
extern const struct rule host_macros_create_rule;	/* macros without hostmacroid */
char	*host_rule_check_name(const cJSON *);	/* rule check: "invalid host name" */
char	*host_rule_check_uuid(const cJSON *);

/* host_params.c: those members read into the domain's terms. Each returns RPC_COMMIT, or
 * RPC_ROLLBACK with Zabbix's error on the call. */
/* [{key: id}] (key NULL: [id]) appended to out, once each; a value that is no id: -32500
 * NO_PERMISSIONS. */
int	host_params_ids(struct rpc_call *, const cJSON *, const char *, struct id_list *);
/* The same for [{groupid}], [{templateid}], [{hostid}], each id checked to be a host group,
 * a template, a host or template (else -32500 NO_PERMISSIONS). */
int	host_params_groups(struct rpc_call *, const cJSON *, struct id_list *);
int	host_params_templates(struct rpc_call *, const cJSON *, struct id_list *);
int	host_params_hosts(struct rpc_call *, const cJSON *, struct id_list *);
/* One macro object as a domain macro (its strings point into the object), and a macros
 * array (already shape-checked) as *n of them; the JSON must outlive the result. The caller
 * frees the array. */
void	host_params_macro(const cJSON *, struct domain_macro *);
struct domain_macro *host_params_macros(const cJSON *, size_t *);
/* Macro names: a string or the strings of an array (others skipped), *n of them, pointing
 * into the JSON. The caller frees the array. */
const char **host_params_names(const cJSON *, size_t *);
/* A tags array (already shape-checked) appended to the list. */
void	host_params_tags(const cJSON *, struct tag_list *);
/* A host's status: 0 or 1, as a number or a numeric string. */
bool	host_params_status(const cJSON *, uint32_t *);

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

/* hostgroup.c */
extern const struct rpc_method method_hostgroup_create;
extern const struct rpc_method method_hostgroup_update;
extern const struct rpc_method method_hostgroup_delete;
/* host.c */
extern const struct rpc_method method_host_create;
extern const struct rpc_method method_host_update;
extern const struct rpc_method method_host_delete;

/* get.c: the engine of the *.get methods (Zabbix's get options: output, filter, search,
 * searchByAny, startSearch, excludeSearch, searchWildcardsEnabled, sortfield, sortorder,
 * limit, preservekeys, countOutput, limitSelects) and nested selects. A "row" is a cJSON
 * object holding every "extend" field of one object as strings. */
#define GET_F_NUM	0x01u	/* numeric column: filter and sort compare numbers; no search */
#define GET_SORT_MAX	8

struct get_field {
	const char	*name;
	unsigned	 flags;
};

struct get_kind {
	const char		*pk;		/* the key in answers, e.g. "templateid" */
	const char		*dbpk;		/* its column for filter/sort, e.g. "hostid" */
	bool			 pk_last;	/* the key is added after the asked fields */
	const struct get_field	*fields;	/* the "extend" list in Zabbix's order */
	const char *const	*sortable;	/* NULL-terminated */
	/* Loads a row; STORE_OK with *row NULL when the id is not an object of this kind. */
	int	(*load)(struct rpc_call *, uint64_t, cJSON **);
	int	(*scan)(struct rpc_call *, struct id_list *);	/* every id that may be one */
};

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
};

/* The candidate ids of a get: unset means every object of the kind. */
struct get_cand {
	bool		 set;
	struct id_list	 ids;
};

struct get_nested_opts {
	bool			 add_pk;	/* the related object's key is always output */
	bool			 count_ok;	/* "count" gives a count; else the select is ignored */
	const char		*sortkey;	/* sort by it with limitSelects (or always) */
	bool			 sort_always;
	const struct get_opts	*opts;		/* the outer options (limitSelects) */
};

/* Adds the selects of one answer object; returns a store_rc. */
typedef int (*get_select_fn)(struct rpc_call *, const cJSON *, const struct get_opts *,
	    uint64_t, cJSON *);

bool	 get_truthy(const cJSON *);
struct get_output get_output_parse(const cJSON *);
int	 get_opts_parse(struct rpc_call *, const struct get_kind *, const cJSON *,
	    struct get_opts *);	/* RPC_COMMIT or rpc_fail ("Sorting by field ...") */
const struct get_field *get_field_find(const struct get_kind *, const char *);
const cJSON *get_value(const struct get_kind *, const cJSON *, const char *);
bool	 get_like(const char *, const char *, bool, bool);	/* s, pattern, start, wildcards */
cJSON	*get_project(const struct get_kind *, const cJSON *, const struct get_output *, bool);
bool	 get_ids_option(const cJSON *, const char *, struct id_list *);
bool	 get_list_has_name(const cJSON *, const char *);
bool	 get_tags_match(const struct tag_list *, const cJSON *, bool);	/* true: evaltype Or */
int	 get_tags_filter(struct rpc_call *, const cJSON *, struct get_cand *);	/* store_rc */
void	 get_cand_take(struct get_cand *, struct id_list *);	/* intersect; empties the list */
void	 get_cand_ids(const cJSON *, const char *, struct get_cand *);
int	 get_cand_by_name(struct rpc_call *, const cJSON *, const char *,
	    enum store_rc (*)(struct store_txn *, const char *, uint64_t *), struct get_cand *);
extern const char *const get_never_host_opts[];
int	 get_cand_related(struct rpc_call *, const cJSON *, const char *,
	    enum store_rc (*)(struct store_txn *, uint64_t, struct id_list *), struct get_cand *);
int	 get_cand_resolve(struct rpc_call *, const struct get_kind *, struct get_cand *);
void	 get_cand_never(const cJSON *, const char *const *, struct get_cand *);
/* The whole get over the candidates (freed by the caller); sets the call's result. */
int	 get_run(struct rpc_call *, const cJSON *, const struct get_kind *, struct get_cand *,
	    get_select_fn);
int	 get_nested(struct rpc_call *, const struct get_kind *, const struct id_list *,
	    const struct get_output *, const struct get_nested_opts *, cJSON **);
int	 get_select_add(struct rpc_call *, const cJSON *, const char *, const char *,
	    const struct get_kind *, const struct id_list *, const struct get_nested_opts *,
	    cJSON *);
/* The params rules of the get methods: a lenient object (Zabbix ignores options it does not
 * know) that declares the options the method reads. Their values are not refused: Zabbix 6.0
 * reads get options as it finds them (get_truthy, get_output_parse, ...). */
#define GET_OPT(name)	{ name, { .type = RULE_ANY } }
/* The options of every get (get.c), and editable (accepted; every caller is Super admin). */
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
 * (selectGroups, selectParentTemplates, selectMacros, selectTags). */
cJSON	*host_get_row(const struct host *, bool);	/* true: as a template */
int	 host_get_selects(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
/* Exact filter host/name values as candidates, through the name indexes. */
int	 host_get_cand_names(struct rpc_call *, const cJSON *, struct get_cand *);
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

/* item.c, item_get.c: items */
extern const struct rpc_method method_item_create;
extern const struct rpc_method method_item_update;
extern const struct rpc_method method_item_delete;
extern const struct rpc_method method_item_get;
extern const struct get_kind get_kind_item;
/* template.get/host.get: selectItems over the object's items, and with_items (keeps the
 * candidates that have items); store_rc. */
int	item_select_items(struct rpc_call *, const cJSON *, const struct get_opts *, uint64_t,
	    cJSON *);
int	item_cand_with_items(struct rpc_call *, const cJSON *, struct get_cand *);

/* hostinterface_get.c, hostinterface.c: host interfaces */
extern const struct rpc_method method_hostinterface_get;
extern const struct rpc_method method_hostinterface_create;
extern const struct rpc_method method_hostinterface_update;
extern const struct rpc_method method_hostinterface_delete;
extern const struct rpc_method method_hostinterface_massadd;
extern const struct rpc_method method_hostinterface_massremove;
extern const struct rpc_method method_hostinterface_replacehostinterfaces;
extern const struct get_kind get_kind_interface;
/* Every field of one interface as hostinterface.get gives it (*row NULL on failure); a
 * store_rc. */
int	hostinterface_row(struct store_txn *, const struct hostinterface *, cJSON **);
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

/* host_inventory.c: inventory_mode and inventory of hosts. */
/* The members of one host.create (fresh) or host.update object checked (Zabbix's order
 * and texts) and kept in *inv (loaded for update); RPC_COMMIT or RPC_ROLLBACK. */
int	host_inventory_take(struct rpc_call *, const cJSON *, const struct host *, bool,
	    struct inventory *, bool *);
/* host.get rows: inventory_mode from the store; selectInventory; searchInventory (keeps
 * the candidates whose inventory matches); each a store_rc. */
int	host_inventory_row(struct rpc_call *, uint64_t, cJSON *);
int	host_inventory_select(struct rpc_call *, const cJSON *, uint64_t, cJSON *);
int	host_inventory_search(struct rpc_call *, const cJSON *, struct get_cand *);

#endif
