/* domain.h: the rules that several API objects share, below the methods: which hosts,
 * templates and groups a call may name, template linkage (parents and children, with Zabbix's
 * circular and double-linkage checks), user macros (one normal form; add, replace, remove),
 * and the inheritance engine that carries a template's objects down its links.
 *
 * Conventions, for every function here unless it says otherwise:
 *  - it runs inside the caller's write transaction (txn) and never ends it; what it wrote
 *    stays uncommitted until the caller commits, and a failure leaves partial writes that
 *    the caller must roll back (the methods do: a failed call aborts its nested txn);
 *  - it returns 0 on success, or -1 with *e set: a domain error kind (error.h) and Zabbix's
 *    own text. A storage failure is ERR_STORE with a plain text, never LMDB's;
 *  - arguments are borrowed: nothing passed in is kept or freed. Returned heap memory is
 *    the caller's, as each function says;
 *  - every check over a call's own lists is O(n log n) or better (sorted arrays or id sets),
 *    and every walk over links or copies is iterative with a visited set: a cycle in the
 *    stored links ends a walk instead of looping, and no depth overflows the stack.
 * Nothing here knows JSON-RPC, the request's JSON or the call context. */
#ifndef TMPLD_DOMAIN_H
#define TMPLD_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tmpld/error.h"
#include "tmpld/model.h"
#include "tmpld/store.h"

struct store_txn;

/* Zabbix's answer for an object that does not exist or that the caller may not see. */
#define NO_PERMISSIONS "No permissions to referred object or it does not exist!"

/* ==== host.c: hosts and templates: the ids a call names, groups, tags, names ==== */

/* A storage failure (an enum store_rc) as ERR_STORE "<store_strerror>.". Returns -1. */
int	domain_fail_store(struct err *, int);

/* Every id must be a template (a host with status 3).
 * @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS (an unknown id or a plain host), ERR_STORE. */
int	domain_host_check_templates(struct store_txn *, const struct id_list *, struct err *);
/* Every id must be a host group.
 * @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS, ERR_STORE. */
int	domain_host_check_groups(struct store_txn *, const struct id_list *, struct err *);
/* Every id must be a host or a template.
 * @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS, ERR_STORE. */
int	domain_host_check_hosts(struct store_txn *, const struct id_list *, struct err *);

/* Makes the host's (or template's) groups exactly this set.
 * @return 0, or -1: ERR_STORE. */
int	domain_host_groups_replace(struct store_txn *, uint64_t, const struct id_list *,
	    struct err *);
/* Replaces the host's tags with this list (empty: none).
 * @return 0, or -1: ERR_STORE. */
int	domain_host_tags_replace(struct store_txn *, uint64_t, const struct tag_list *,
	    struct err *);
/* Who holds a technical (visible: visible) name among hosts and templates: *id 0 when
 * nobody, else the holder and in *tmpl whether it is a template.
 * @return 0, or -1: ERR_STORE. */
int	domain_host_name_owner(struct store_txn *, const char *, bool, uint64_t *, bool *,
	    struct err *);
/* The technical name of a host or template, as messages quote it; "" when it cannot be
 * read. The caller frees it. */
char	*domain_host_name(struct store_txn *, uint64_t);

/* ==== hostgroup.c: the members of host groups (hostgroup.mass*) ==== */

/* Every id must be a plain host (tmpl false) or a template (tmpl true).
 * @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS, ERR_STORE. */
int	domain_group_check_members(struct store_txn *, const struct id_list *, bool,
	    struct err *);
/* The hosts (tmpl false) or templates (tmpl true) in any of the groups, appended once each
 * in ascending order. @return a store_rc. */
int	domain_group_members_of(struct store_txn *, const struct id_list *, bool,
	    struct id_list *);
/* None of ids may be left without a group once it leaves every group of `groups`: the first
 * (by id) that has no other group gives ERR_PARAM 'Host "H" cannot be without host group.'
 * ('Template "T" ...'). @return 0, or -1 as above, or ERR_STORE. */
int	domain_group_check_left(struct store_txn *, const struct id_list *,
	    const struct id_list *, struct err *);
/* Puts each of ids in (on) or out of (off) every group of `groups`; pairs already so are
 * left alone. @return 0, or -1: ERR_STORE. */
int	domain_group_members_set(struct store_txn *, const struct id_list *,
	    const struct id_list *, bool, struct err *);

/* ==== linkage.c: parents and children of hosts and templates ==== */

/* Links the host (or template) hostid to those of `parents` it is not linked to yet, in
 * their order; duplicates and parents already linked are skipped. Every template must exist
 * (domain_host_check_templates). Before anything is written:
 *  - circular linkage, for each new parent in turn, exact at any depth:
 *    ERR_CONFLICT 'Cannot link template "P" to template "C", because a circular linkage
 *    ("P" -> ... -> "C" -> "P") would occur.' (the first path found, parents in id order);
 *  - double linkage, over the parents it will have: ERR_CONFLICT 'Cannot link template "P" to
 *    host|template "C", because its parent template "P" would be linked twice.' for the
 *    first parent that is also reachable through another one.
 * Then the links are stored and every new parent's inherited objects are copied down
 * (inherit_link), which may fail with the inherited kinds' errors.
 * @return 0, or -1 with *e as above, or ERR_STORE. */
int	domain_link_add(struct store_txn *, uint64_t, const struct id_list *, struct err *);
/* domain_link_add with memo (see inherit_link_memo; NULL: none). */
struct inherit_memo;
int	domain_link_add_memo(struct store_txn *, uint64_t, const struct id_list *,
	    struct inherit_memo *, struct err *);
/* Unlinks the host from those of `parents` it is linked to (the others are ignored). What
 * they brought stays as the host's own objects, or with clear is deleted on every level
 * below (inherit_unlink).
 * @return 0, or -1: ERR_STORE. */
int	domain_link_remove(struct store_txn *, uint64_t, const struct id_list *, bool,
	    struct err *);
/* The one parent-set update of template.update, template.massupdate, host.update and
 * host.massupdate, in Zabbix's order: first the linked parents named in `clear` are unlinked
 * and cleared (the others in it are ignored); then, when want is not NULL, the parents left
 * that are not in want are unlinked (keeping what they brought) and those of want not
 * linked (now) are linked with domain_link_add: a parent both cleared and wanted is linked
 * again, and its objects copied afresh. clear may be NULL (none).
 * @return 0, or -1 as domain_link_add and domain_link_remove. */
int	domain_link_replace(struct store_txn *, uint64_t, const struct id_list *,
	    const struct id_list *, struct err *);
/* The template's own checks of templates_clear (Zabbix's template.update), before any
 * write; path is the template's path, e.g. "/1":
 *  - an id in both lists: ERR_PARAM 'Invalid parameter "/1/templates_clear/C/templateid":
 *    cannot be specified the value of parameter "/1/templates/L/templateid".' (the first C,
 *    then the first L);
 *  - an id of clear not linked: ERR_PARAM 'Invalid parameter
 *    "/1/templates_clear/C/templateid": cannot be unlinked.'.
 * links may be NULL (templates not sent).
 * @return 0, or -1 as above, or ERR_STORE. */
int	domain_link_check_clear(struct store_txn *, uint64_t, const struct id_list *,
	    const struct id_list *, const char *, struct err *);

/* The legacy "hosts" of a template (Zabbix up to 4.x): the hosts and templates linked below
 * it. Each child is linked with domain_link_add (all its checks) or unlinked with
 * domain_link_remove.
 * children_add: links the template to each child not linked to it yet, in order.
 * children_remove: unlinks it from each child linked to it (others ignored), keeping.
 * children_replace: makes exactly `want` the children: the others are unlinked, and cleared
 *   when in `clear` (may be NULL); then the new ones are linked in want's order.
 * @return 0, or -1 as domain_link_add and domain_link_remove. */
int	domain_link_children_add(struct store_txn *, uint64_t, const struct id_list *,
	    struct err *);
int	domain_link_children_remove(struct store_txn *, uint64_t, const struct id_list *,
	    struct err *);
int	domain_link_children_replace(struct store_txn *, uint64_t, const struct id_list *,
	    const struct id_list *, struct err *);

/* ==== macros.c: user macros of hosts and templates ==== */

/* One macro as a call sends it. A member that was not sent is NULL (type: -1). */
struct domain_macro {
	bool		 has_id;
	uint64_t	 hostmacroid;	/* with has_id: the stored macro to change */
	uint64_t	 hostid;	/* usermacro.create: the host of a new macro */
	const char	*macro, *value, *description;
	int		 type;		/* MACRO_TYPE_*, or -1 */
};

/* The normal form of a macro name, under which names are unique on a host: "{$M: a}" and
 * "{$M:\"a\"}" are one. A name that does not parse is its own normal form. Caller frees. */
char	*domain_macros_norm(const char *);

/* Adds new macros to a host or template (template.create and .massadd, host.create and
 * .massadd, template.massupdate after domain_macros_clear). path is the array's path for
 * messages ("/1/macros", or "/macros"); on is the name in "already exists on".
 *  - an element with an id: ERR_NOT_FOUND NO_PERMISSIONS;
 *  - a vault macro whose value is no "path:key": ERR_PARAM 'Invalid parameter
 *    "<path>/<i>/value": <why>.' (see domain_macro_check_vault);
 *  - a normal form twice: ERR_PARAM 'Invalid parameter "<path>/<j>": value (macro)=(<name>)
 *    already exists.' for the first j that repeats an earlier one;
 *  - a normal form the host has: ERR_EXISTS 'Macro "<name>" already exists on "<on>".'
 *    (the first in the call's order).
 * @return 0, or -1 as above, or ERR_STORE. */
int	domain_macros_add(struct store_txn *, const struct host *, const struct domain_macro *,
	    size_t, const char *, const char *, struct err *);
/* Replaces the macros of a host or template with these (template.update, host.update):
 * an element with hostmacroid changes that macro in place (only the members sent), one
 * without is a new macro, and the host's macros not named are deleted. Checks, in order:
 *  - an id not of this host: ERR_NOT_FOUND NO_PERMISSIONS; a new macro without macro or
 *    value: ERR_PARAM 'Invalid parameter "<path>/<i>": the parameter "macro" is missing.'
 *    (or "value"); a bad vault value as in domain_macros_add; element by element;
 *  - a normal form twice (the names after the call) as in domain_macros_add;
 *  - a macro renamed onto the stored name of another macro the call keeps: ERR_EXISTS
 *    'Macro "<name>" already exists on "<h->name>".'.
 * A secret macro turned into another type without a value gets "". */
int	domain_macros_replace(struct store_txn *, const struct host *,
	    const struct domain_macro *, size_t, const char *, struct err *);
/* The same, but an element without hostmacroid whose name the host has (by normal form)
 * changes that macro (host.massupdate). */
int	domain_macros_replace_by_name(struct store_txn *, const struct host *,
	    const struct domain_macro *, size_t, const char *, struct err *);
/* Deletes the host's macros with exactly these names (template.massremove,
 * host.massremove); names the host does not have are ignored.
 * @return 0, or -1: ERR_STORE. */
int	domain_macros_remove(struct store_txn *, uint64_t, const char *const *, size_t,
	    struct err *);
/* Deletes every macro of the host. @return 0, or -1: ERR_STORE. */
int	domain_macros_clear(struct store_txn *, uint64_t, struct err *);

/* The pieces the usermacro.* methods build on (macros of several hosts in one call). */
/* Writes what `in` sends onto m: a new macro (m zeroed but for hostid) or a stored one.
 * Members not sent keep their value (a new macro: "" and type text), but a secret macro
 * whose type changes without a value gets "": its secret never reaches another type. */
void	domain_macro_apply(struct macro *, const struct domain_macro *);
/* A vault macro's value must be "path:key", checked when the macro is new, or its value
 * or type is sent (in); old_type is the stored type (ignored when fresh). m is the macro
 * after domain_macro_apply, so its value is never a secret's: the error quotes only what
 * the caller sent or a stored non-secret value. index is 0-based.
 * @return 0, or -1: ERR_PARAM 'Invalid parameter "<path>/<index+1>/value": <why>.' */
int	domain_macro_check_vault(const struct macro *, const struct domain_macro *, bool,
	    uint32_t, const char *, size_t, struct err *);
/* The first j (0-based) whose key repeats an earlier one; n when none. A key is the normal
 * form, with the host id when hostids is not NULL; a NULL norm takes no part. */
size_t	domain_macros_first_dup(const uint64_t *, char *const *, size_t);
/* The first i (0-based, in order) whose normal form norms[i] the host hostids[i] already
 * has in the store, in *first; n when none. A NULL norm takes no part. Each host's stored
 * macros are read once.
 * @return 0, or -1: ERR_STORE. */
int	domain_macros_first_taken(struct store_txn *, const uint64_t *, char *const *, size_t,
	    size_t *, struct err *);

/* ==== inherit.c: the inheritance engine ====
 *
 * A template's objects of an inherited kind (items today; value maps, triggers, graphs,
 * discovery rules and their prototypes, web scenarios next) follow its links. Each copy
 * remembers the object it came from (templateid) and is unique on its host by the kind's
 * key. The rules are the same for every kind, and live here once:
 *  - link: the objects of a newly linked parent are copied to the child and, from the copy,
 *    to every host below it. A child's own object with the same key is adopted (becomes the
 *    copy); one inherited from elsewhere refuses the whole call;
 *  - unlink: the copies stay as the child's own objects (on a template, with a new uuid);
 *  - clear: the copies are deleted on the child and on every level below;
 *  - create: an object created on a template is copied down as on link;
 *  - edit: the fields an edit sends go to every copy, on every level;
 *  - delete: the object goes with its copies on every level.
 * A kind is a descriptor (struct inherit_kind): its key, how a copy is made and rewritten
 * for the child, what may be edited on an inherited copy, and its storage. inherit_kinds
 * lists every kind that follows links; adding a kind adds a descriptor there. */

/* The host a copy is written to, loaded once per host and walk. */
struct inherit_target {
	struct host	 h;
	void		*own;		/* the kind's own data about the host (target_load) */
};

struct inherit_kind {
	const char	*name;		/* "item" */
	size_t		 size;		/* of one record */
	size_t		 off_id, off_hostid, off_templateid;	/* its uint64_t id members */
	const char	*(*key)(const void *);		/* unique per host */
	void		 (*dup)(void *, const void *);	/* a deep copy into zeroed memory */
	void		 (*free)(void *);

	/* Storage, each returning an enum store_rc. */
	enum store_rc (*get)(struct store_txn *, uint64_t, void *);
	enum store_rc (*by_key)(struct store_txn *, uint64_t, const char *, uint64_t *);
	enum store_rc (*host_ids)(struct store_txn *, uint64_t, struct id_list *);	/* appends */
	enum store_rc (*copy_ids)(struct store_txn *, uint64_t, struct id_list *);	/* appends */
	enum store_rc (*create)(struct store_txn *, void *);			/* assigns the id */
	enum store_rc (*update)(struct store_txn *, const void *, const void *);	/* old, new */
	enum store_rc (*delete_tree)(struct store_txn *, uint64_t);	/* with every copy below */

	/* What the kind needs to know about a target host (NULL: nothing). */
	enum store_rc (*target_load)(struct store_txn *, struct inherit_target *);	/* store_rc */
	void	(*target_free)(struct inherit_target *);

	/* How a copy is written for the target. copy makes a new copy of src into zeroed out
	 * (the engine then sets its hostid and templateid); sync brings an existing copy (or,
	 * with adopt, the target's own object with src's key) in line with src into zeroed
	 * next, returning 1, or 0 when nothing changes (next untouched); both -1 with *e. */
	int	(*copy)(const struct inherit_target *, const void *, void *, struct err *);
	int	(*sync)(const struct inherit_target *, const void *, const void *, bool, void *,
		    struct err *);
	/* Optional (NULL: none): after the n objects of srcs are written onto the target as
	 * copies (both arrays of the kind's records, in the same order), for what one copy
	 * takes from another (a trigger's dependencies); what it stores it also writes into
	 * the copies, which are the sources of the next level down. 0, or -1 with *e. */
	int	(*linked)(const struct inherit_target *, const void *, void *, size_t,
		    struct err *);
	/* A copy left as the host's own on unlink (the engine clears its templateid). */
	void	(*detach)(void *, bool);			/* true: on a template */
	/* An edit of src sent to one of its copies; edit is the kind's own description of
	 * what was sent (items: struct inherit_item_edit). */
	void	(*edit)(void *, const void *, const void *);
	/* Whether a field sent for an inherited copy is written (false: ignored). */
	bool	(*editable)(const char *);

	/* Zabbix's texts: the key already inherited from another template on host; and the
	 * key taken on the host by another object (an edit's new key). Both return -1. */
	int	(*fail_inherited)(struct err *, const char *, const char *);
	int	(*fail_taken)(struct err *, const char *, const char *);

	/* Optional (NULL: get is used): only an object's hostid and templateid, cheaply
	 * (unlink and clear look at every object of a host). An enum store_rc. */
	enum store_rc (*links)(struct store_txn *, uint64_t, uint64_t *, uint64_t *);
	/* Optional (NULL: by_key with the key of src): the target's object for src, for a
	 * kind whose objects may share a key on a host (item prototypes of different rules):
	 * STORE_ENOTFOUND when src's copy is to be a new object sharing it. */
	enum store_rc (*find)(struct store_txn *, const struct inherit_target *, const void *,
	    uint64_t *);
};

/* Every kind that follows template links, NULL-terminated. */
extern const struct inherit_kind *const inherit_kinds[];

/* Link: for every kind, copies the objects of each parent (in order) to hostid and below.
 * @return 0, or -1: the kinds' errors (ERR_CONFLICT for a key inherited from another
 * template), ERR_STORE. */
int	inherit_link(struct store_txn *, uint64_t, const struct id_list *, struct err *);
/* The parents' objects loaded once for many links made in one call: only when no link of
 * the call can change a parent's objects (every target a plain host, which has nothing
 * below it). A zeroed memo is empty; inherit_memo_free frees what it holds. */
struct inherit_memo {
	struct inherit_memo_entry	*v;
	size_t				 n;
};
void	inherit_memo_free(struct inherit_memo *);
/* inherit_link, taking the parents' objects from memo (loading and keeping them there the
 * first time; NULL: loaded for this call only). */
int	inherit_link_memo(struct store_txn *, uint64_t, const struct id_list *,
	    struct inherit_memo *, struct err *);
/* Unlink: for every kind, the host's copies of objects of these parents become its own, or
 * with clear are deleted on every level. @return 0, or -1: ERR_STORE. */
int	inherit_unlink(struct store_txn *, uint64_t, const struct id_list *, bool,
	    struct err *);
/* Create: n objects just stored on one host (objs, an array of the kind's records) are
 * copied to every host below it. @return 0, or -1 as inherit_link. */
int	inherit_created(struct store_txn *, const struct inherit_kind *, const void *, size_t,
	    struct err *);
/* Edit: sends an edit of obj (as stored now) to its copies on every level. @return 0, or
 * -1: the kind's fail_taken when a copy's host has the new key, ERR_STORE. */
int	inherit_edited(struct store_txn *, const struct inherit_kind *, const void *,
	    const void *, struct err *);
/* Delete: the object and its copies on every level. @return 0, or -1: ERR_STORE. */
int	inherit_deleted(struct store_txn *, const struct inherit_kind *, uint64_t,
	    struct err *);
/* Whether the kind writes this field when it is sent for an inherited copy. */
bool	inherit_editable(const struct inherit_kind *, const char *);

/* ==== inherit_item.c: items as an inherited kind ==== */

extern const struct inherit_kind inherit_kind_item;

/* What an item.update sent, for inherit_edited: the fields (indexed by enum item_field)
 * and whether the tags and the preprocessing steps were sent; txn is the call's. */
struct inherit_item_edit {
	const bool	*sent;
	bool		 tags;
	bool		 preproc;
	struct store_txn *txn;		/* the call's: a sent master_itemid is looked up */
	unsigned	 lld;		/* the LLD members sent (INHERIT_LLD_*) */
};
#define INHERIT_LLD_FILTER	0x1u	/* a rule's filter */
#define INHERIT_LLD_PATHS	0x2u	/* a rule's lld_macro_paths */
#define INHERIT_LLD_OVERRIDES	0x4u	/* a rule's overrides */
#define INHERIT_LLD_DISCOVER	0x8u	/* a prototype's discover */

/* ==== inherit_trigger.c: triggers as an inherited kind ==== */

extern const struct inherit_kind inherit_kind_trigger;

/* What a trigger.update sent, for inherit_edited: the fields (indexed by enum
 * trigger_field), whether tags and dependencies were sent and whether the expressions
 * changed (the copies get new functions); txn is the call's. */
struct inherit_trigger_edit {
	const bool	*sent;
	bool		 tags, deps, expression;
	struct store_txn *txn;
};

/* out's functions and expressions made from src's for the host hostid: each function on the
 * host's item with the key of src's item, with a new functionid.
 * @return 0, or -1: ERR_PARAM 'Trigger has items from template "<host>" that is not linked
 * to host.' (the host of src's item, when hostid has no item of its key), ERR_STORE. */
int	domain_trigger_fns_onto(struct store_txn *, const struct trigger *, uint64_t,
	    struct trigger *, struct err *);
/* The trigger id, or the one on hostid with its identity (its copy there; *out id itself when
 * there is none). A store_rc. */
enum store_rc domain_trigger_on_host(struct store_txn *, uint64_t, uint64_t, uint64_t *);
/* The trigger's identity (trigger_ikey) with its items' keys read (an unknown item: key "").
 * *out heap, the caller's. A store_rc. */
enum store_rc domain_trigger_ikey(struct store_txn *, const struct trigger *, char **);
/* A stored expression of the trigger (TRIGGER_F_EXPRESSION or TRIGGER_F_RECOVERY_EXPRESSION)
 * written out with its items' hosts and keys. Heap, the caller's. */
char	*domain_trigger_written(struct store_txn *, const struct trigger *, enum trigger_field);

/* export_trigger.c: the value of a trigger constant the export writes by name (field one of
 * recovery_mode, correlation_mode, status, priority, type, manual_close), for
 * configuration.import; false when the name is not one of the field's. */
bool	export_trigger_const(const char *, const char *, char[12]);
/* ==== trigger_deps.c: template links and the triggers of several templates ====
 *
 * trigger_deps_link_check: before the templates fresh are linked to target (whose direct
 * parents will then be all), Zabbix's refusals for their triggers (ERR_PARAM):
 *  - a host target: a dependency on a trigger of a template it will not have directly:
 *    'Trigger in template "T" has dependency with trigger in template "X".';
 *  - a template target: a dependency on a trigger of the target itself or of a template it
 *    will not have, a trigger on the items of either, and a trigger of the target depending
 *    on one of T: 'Cannot link template "T" [without template "X"] to template "H" due to
 *    dependency|expression of trigger "D".'.
 * trigger_deps_unlink_check: before the templates parents are unlinked from a host or
 * template: a trigger (not a prototype) of one of them on the items of a template not
 * among them: 'Cannot unlink trigger "D", it has items from template that is left linked to
 * host.'. Both return 0, or -1 with *e (also ERR_STORE). */
int	trigger_deps_link_check(struct store_txn *, const struct host *, const struct id_list *,
	    const struct id_list *, struct err *);
int	trigger_deps_unlink_check(struct store_txn *, const struct id_list *, struct err *);
/* trigger_deps_clear_check: before the templates cleared are unlinked from hostid with
 * their copies deleted: a trigger of the host (not one of those copies) depending on one of
 * them: 'Cannot unlink template "T" from host|template "H" due to dependency of trigger "D".'.
 * trigger_deps_delete_check: before the templates are deleted, for every host or template
 * linked to one of them (and not deleted too): a trigger of the template on the items of a
 * template the host keeps: 'Cannot unlink template "T" without template "X" from
 * host|template "H" due to expression of trigger "D".', then trigger_deps_clear_check.
 * Both return 0, or -1 with *e (ERR_PARAM, ERR_STORE). */
int	trigger_deps_clear_check(struct store_txn *, uint64_t, const struct id_list *,
	    struct err *);
int	trigger_deps_delete_check(struct store_txn *, const struct id_list *, struct err *);
/* trigger_deps_relink: after several templates are linked to hostid in one call, each of
 * its inherited triggers depends on the host's own copies of the triggers its template's
 * trigger depends on (as Zabbix's syncTemplateDependencies after every link), whatever the
 * order the templates were copied in. 0, or -1 with *e (ERR_STORE). */
int	trigger_deps_relink(struct store_txn *, uint64_t, struct err *);

/* ==== inherit_graph.c: graphs as an inherited kind ==== */

extern const struct inherit_kind inherit_kind_graph;
extern const struct inherit_kind inherit_kind_graphproto;	/* inherit_graph.c: flags 2 */

/* What a graph.update of a template's graph gives inherit_edited: the call's txn (the copy's
 * items are looked up by key on its host). */
struct inherit_graph_edit {
	struct store_txn *txn;
};
/* The item of hostid with the key of item itemid, in *out.
 * @return 0, or -1: ERR_STORE (also when the host has no such item). */
int	inherit_graph_item_on(struct store_txn *, uint64_t, uint64_t, uint64_t *, struct err *);

/* ==== inherit_httptest.c: web scenarios as an inherited kind ==== */

extern const struct inherit_kind inherit_kind_httptest;
/* inherit_hostproto.c: host prototypes (model.h struct hostproto; edit: the object a
 * hostprototype.update sent). */
extern const struct inherit_kind inherit_kind_hostproto;

/* What an httptest.update of a template's scenario sent, for inherit_edited: the sent object
 * (its members name what goes to the copies; its "steps" in the order of the scenario's new
 * steps) and the scenario as it was before (its step names find the copies' steps). */
struct inherit_httptest_edit {
	const cJSON		*sent;
	const struct httptest	*old;
};

/* ==== valuemap.c: value maps and the items that use them ====
 *
 * Value maps are not inherited (Zabbix 6.0): linking a template gives the host none, and the
 * host's copy of an item keeps the template's valuemapid; unlinking resets the copy's
 * valuemapid to "0" (inherit_item.c's detach). The items using a map are the items of its
 * host that name it, and their copies on every level below. */

/* An item of host hostid may use value map valuemapid ("0": none); host is the name messages
 * quote.
 * @return 0, or -1: ERR_PARAM 'Valuemap with ID "<id>" is not available on "<host>".' (an
 * unknown map, or one of another host), ERR_STORE. */
int	domain_valuemap_check_item(struct store_txn *, uint64_t, const char *, const char *,
	    struct err *);
/* Resets valuemapid to "0" on every item using the value map (its host's items that name it
 * and their copies below), as Zabbix does before deleting the map.
 * @return 0, or -1: ERR_STORE. */
int	domain_valuemap_release(struct store_txn *, const struct valuemap *, struct err *);

/* ==== export.c: the document of configuration.export ==== */

/* What to export: ids as a call sends them (repeats are exported once; unknown ids, a host
 * id among templates and a template id among hosts are skipped, not refused). */
struct export_opts {
	const struct id_list	*groups, *templates, *hosts;	/* NULL: none */
	const char		*date;		/* "YYYY-MM-DDThh:mm:ssZ" (export_date) */
	/* Called after each template or host object is added to the document (borrowed, for
	 * its size): false stops the build. NULL: no limit. */
	bool			(*budget)(void *, const cJSON *);
	void			*budget_arg;
};

#define EXPORT_DATE_LEN	20

/* The time now (seconds, UTC) as Zabbix's export date "YYYY-MM-DDThh:mm:ssZ". */
void	export_date(uint64_t, char[EXPORT_DATE_LEN + 1]);
/* Builds {"zabbix_export": {"version": "6.0", "date", "groups", "templates", "hosts"}} in
 * Zabbix 6.0's shape, read in the caller's transaction (a read one is enough):
 *  - groups: those asked for and those of every exported template and host, {uuid, name};
 *  - templates: uuid, template, name, description, templates, groups, items, tags, macros;
 *  - hosts: host, name, description, status, templates, groups, interfaces (with
 *    interface_ref numbered by creation), items, tags, macros, inventory_mode;
 *  - items: the object's own ones (inherited copies are not exported, nor a dependent item
 *    whose master is inherited), in the 6.0 schema's key order, key_ as key, trapper_hosts
 *    as allowed_hosts, master_itemid as master_item {key}, headers and query_fields as
 *    [{name, value}], template items with their uuid, host items with interface_ref;
 * every value equal to its default left out (PHP's loose ==), constants as names (TRAP,
 * DISABLED, SECRET_TEXT...), a secret macro without value, CR LF as LF, and every list in
 * PHP's natural case-insensitive order (util_strnatcasecmp): groups by name, templates and
 * hosts by technical name, items by key, tags by tag then value, macros by the name inside
 * "{$...}", interfaces by type, ip, dns, port. Sections and lists left empty are left out.
 * The document is every scalar a string, ready for format_write.
 * @param[out] out  the document (the caller's: cJSON_Delete); NULL unless 0 is returned
 * @return 0; 1 when o->budget stopped it (nothing to free, *e untouched); or -1: ERR_STORE. */
int	export_build(struct store_txn *, const struct export_opts *, cJSON **, struct err *);
/* The value of a constant an export writes by name, for configuration.import: table is one
 * of "no_yes", "enabled", "item_type", "value_type", "authtype", "authtype_ssh", "post_type",
 * "retrieve_mode", "request_method", "output_format", "macro_type", "interface_type",
 * "inventory_mode", "mapping_type", "inventory_link", and for graphs "graph_type",
 * "graph_y_type", "gitem_drawtype", "gitem_yaxisside", "gitem_calc_fnc", "gitem_type"; name
 * the export's ("TRAP").
 * @return true with the value's text in out ("2"), or false (unknown table or name). */
bool	export_const_value(const char *, const char *, char[12]);
/* export_lld.c: the value of an LLD constant's export name ("AND" -> "1"), by member:
 * "evaltype", "condition.operator", "operationobject", "operation.operator", "stop", "status",
 * "discover", "severity", "inventory_mode"; NULL when unknown (static). */
const char *export_lld_value(const char *, const char *);


/* export.c: what the writers of the kinds share: a string member with CR LF as LF (key NULL:
 * appended to the array obj); the same left out when it equals dflt (PHP's loose ==); that
 * loose == itself. */
void	export_add_str(cJSON *, const char *, const char *);
void	export_add_opt(cJSON *, const char *, const char *, const char *);
bool	export_loose_eq(const char *, const char *);
/* key: the name of constant v in table (as export_const_value's) unless v equals dflt; a
 * value without a name is written as it is. */
void	export_add_named(cJSON *, const char *, const char *, const char *, const char *);

/* ==== export_graph.c: graphs in configuration.export ==== */

/* The top-level "graphs" of an export: every graph (not a prototype, not inherited) with an
 * item on one of the exported templates (tmpl, technical ids) or hosts (hosts), by name
 * (natural order), in the 6.0 schema's key order with defaults left out and constants as
 * names; gitems by sortorder, items as {host, key}. A graph whose items cannot all be named
 * is left out, as Zabbix leaves it. *out is an array (empty when none), the caller's.
 * @return 0, or -1: ERR_STORE. */
int	export_graphs(struct store_txn *, const struct id_list *, const struct id_list *,
	    cJSON **, struct err *);
/* The graph prototypes of an LLD rule by name, as export_graphs writes graphs (with
 * discover): a new list (the caller's), or NULL when the store fails (they are left out). */
cJSON	*export_graph_prototypes(struct store_txn *, uint64_t);

/* ==== export_httptest.c: web scenarios in configuration.export ==== */

/* The host's (or template's) own web scenarios (not inherited ones) by name, in the 6.0
 * schema's shape: uuid (with_uuid: a template's), name, delay, attempts, agent, http_proxy,
 * variables, headers, status, authentication, http_user, http_password, verify_peer,
 * verify_host, ssl_*, steps (by no: name, url, query_fields, posts, variables, headers,
 * follow_redirects, retrieve_mode, timeout, required, status_codes), tags; defaults left
 * out, constants as names (DISABLED, BASIC, YES, HEADERS).
 * @param[out] out  a new array (the caller's; empty when none); NULL unless 0 is returned
 * @return 0, or -1: ERR_STORE. */
int	export_httptests(struct store_txn *, uint64_t, bool, cJSON **, struct err *);
/* A web scenario constant back from its export name, for configuration.import: table
 * "httptest_status", "httptest_auth", "no_yes", "retrieve_mode".
 * @return true with the value's text in out, or false. */
bool	export_httptest_const_value(const char *, const char *, char[12]);

/* ==== import_rules.c: the rules of configuration.import and importcompare ==== */

/* What an import may do to one kind of object. A flag the kind does not have stays false. */
struct import_rule {
	bool	create_missing;
	bool	update_existing;
	bool	delete_missing;
};

/* Every rules key of Zabbix 6.0; a key the call left out is all false. */
struct import_rules {
	struct import_rule	groups, hosts, templates, template_dashboards, template_linkage,
				items, discovery_rules, triggers, graphs, httptests, value_maps,
				images, maps, media_types;
};

/* Reads the rules object of checked params (its shape already validated: objects of JSON
 * booleans) into *out, overwritten; NULL or a non-object gives all false. */
void	import_rules_parse(const cJSON *, struct import_rules *);


/* ==== import_compare.c: configuration.importcompare's comparison ==== */

/* The rules entities importcompare consults, in the order of enum icompare_rule's names. */
enum icompare_rule {
	ICMP_GROUPS, ICMP_TEMPLATES, ICMP_ITEMS, ICMP_TRIGGERS, ICMP_DISCOVERY_RULES,
	ICMP_TEMPLATE_DASHBOARDS, ICMP_HTTPTESTS, ICMP_VALUE_MAPS, ICMP_GRAPHS,
	ICMP_TEMPLATE_LINKAGE, ICMP_RULE_COUNT
};
/* One rules entity as the call gave it: given false when "rules" has no such key (the flags
 * are then false); a flag the entity does not have is false. */
struct icompare_flags {
	bool	given, create_missing, update_existing, delete_missing;
};
struct icompare_rules {
	struct icompare_flags	r[ICMP_RULE_COUNT];
};
/* The API's name of a rules entity ("groups", "discoveryRules", "templateLinkage"...). */
const char *import_compare_rule_name(enum icompare_rule);
/* Normalises a zabbix_export content as Zabbix's import normaliser does, in place: in every
 * string CR LF becomes LF and then LF becomes CR LF, except in preprocessing parameters (CR LF
 * becomes LF only); every "uuid" is lower-cased. NULL is allowed. */
void	import_compare_normalise(cJSON *);
/* Zabbix 6.0's importcompare of two zabbix_export contents (objects, borrowed, not changed):
 * before = the export of the matching database objects, after = the import source, both in
 * export form (see import_compare_normalise). Only groups, templates, triggers and graphs
 * are compared; entities are matched by uuid, then by their unique fields (templates by
 * technical name, items by name and key...); each list gives {added: [{after}], removed:
 * [{before}], updated: [{before, after, <nested lists>}]} filtered by the rules as Zabbix does
 * (createMissing, updateExisting, deleteMissing, templateLinkage on a template's parents).
 * @param[out] out  the answer (the caller's): an object keyed by entity, or an empty array
 *   when nothing differs; NULL unless 0 is returned
 * @return 0, or -1: ERR_PARAM when a rules entity the comparison needs was not given (where
 *   Zabbix 6.0.14 fails with an internal error, tmpld names the missing parameter). */
int	import_compare(const cJSON *, const cJSON *, const struct icompare_rules *, cJSON **,
	    struct err *);
/* export.c: PHP 8's numeric string (whitespace, sign, digits, fraction, exponent) and its
 * value in *out; false for any other string. */
bool	export_php_numeric(const char *, double *);

/* ==== export_dashboard.c: a template's dashboards in the export ==== */

/* The template's dashboards as Zabbix 6.0 exports them: by name, {uuid, name,
 * display_period, auto_start, pages: [{name, display_period, widgets: [{type, name, x, y,
 * width, height, hide_header, fields: [{type, name, value}]}]}]}, defaults left out, widgets
 * by name and fields by type (ties in their order), constants by name (CLOCK, GRAPH_CLASSIC,
 * INTEGER, GRAPH...), ids as references ({host}, {host, key}, {host, name}).
 * @param[out] out  a new array (the caller's; empty when none); NULL unless 0 is returned
 * @return 0, or -1: ERR_REFUSED 'Invalid tag "type": unexpected constant value "x".' (a
 *   widget or field type the export has no name for, as Zabbix refuses it), ERR_STORE. */
int	export_dashboards(struct store_txn *, uint64_t, cJSON **, struct err *);
/* The export names of widget types ("graph" <-> "GRAPH_CLASSIC"; NULL: none) and the field
 * type of an export name ("GRAPH" -> 6; -1: none), for the import. */
const char *export_widget_type_name(const char *);
const char *export_widget_type_value(const char *);
int	export_widget_field_type_value(const char *);
/* ==== perm.c: host-group rights of callers who are not super admins ====
 * The rule (Zabbix 6.0's permission SQL): a user's groups give rights per host group (0 deny,
 * 2 read, 3 read-write). Per host group they combine into one effective right: deny when any
 * of the user's groups denies it, else the best one. A host or template (and what it holds:
 * items, macros, value maps, interfaces) combines the effective rights of its host groups:
 * deny when any is denied, else the best; host groups without any right are ignored, and an
 * object with no right on any of its groups is not readable. Readable: >= PERM_READ;
 * editable: PERM_READ_WRITE. A host group is readable or editable by its own effective right.
 * Super admins (and callers that are no user) are unrestricted: their rights are NULL, and
 * every check below allows everything for NULL rights.
 * Cost: perm_rights_load reads the user's group documents once per call (the dispatcher
 * keeps the result on the call as call->rights); a check of a host is then one read of its
 * host -> groups index and a binary search per group, never a scan of groups or hosts.
 * A new kind of object that belongs to a host or template (triggers, graphs, discovery rules,
 * web scenarios, dashboards) calls perm_host_allows(call->txn, call->rights, hostid, write,
 * &ok) for its host: in a get with write false (or "editable": true), in a write with write
 * true (refusing with ERR_NOT_FOUND NO_PERMISSIONS when !ok, as for an unknown id); or sets
 * .perm = GET_PERM_ROW_HOST on its struct get_kind (methods.h) when its rows carry "hostid",
 * so that the get engine filters it. */
enum perm_level {
	PERM_NONE = -1,		/* no right on the group (ignored when combined) */
	PERM_DENY = 0,
	PERM_READ = 2,
	PERM_READ_WRITE = 3,
};
struct perm_rights;	/* a user's effective right per host group (sorted) */
/* The pure rule. new: empty (perm_rights_free; NULL is a no-op). add: one right of one user
 * group (other permission values are dropped); seal: combines them per host group (call it
 * after the adds, before any lookup). group: the effective right of a host group, PERM_NONE
 * without one (binary search). object: the combined right of an object in these groups.
 * allows: whether a level reads (write false) or edits (write true). count: host groups with
 * an effective right. */
struct perm_rights *perm_rights_new(void);
void	perm_rights_free(struct perm_rights *);
void	perm_rights_add(struct perm_rights *, uint64_t, int);
void	perm_rights_seal(struct perm_rights *);
int	perm_rights_group(const struct perm_rights *, uint64_t);
int	perm_rights_object(const struct perm_rights *, const struct id_list *);
bool	perm_level_allows(int, bool);
size_t	perm_rights_count(const struct perm_rights *);
/* A user's groups, each read from its index (store_usrgrp_index_get) or, when it has none
 * yet, its document: the maxima of gui_access, users_status and debug_mode in flags[0..2],
 * and (r not NULL) their rights added to r (not sealed). A store_rc. */
enum store_rc perm_user_groups(struct store_txn *, uint64_t, uint32_t[3], struct perm_rights *);
/* The effective rights of a user from its user groups (sealed; *out the caller's, NULL on
 * failure). A store_rc. */
enum store_rc perm_rights_load(struct store_txn *, uint64_t, struct perm_rights **);
/* The checks (r NULL: everything allowed). host_level: the combined right of a host or
 * template (PERM_READ_WRITE for NULL rights); host_allows: readable (write false) or
 * editable; both store_rc (*ok false on failure). group_allows: the same for a host group. */
int	perm_host_level(struct store_txn *, const struct perm_rights *, uint64_t, int *);
int	perm_host_allows(struct store_txn *, const struct perm_rights *, uint64_t, bool, bool *);
bool	perm_group_allows(const struct perm_rights *, uint64_t, bool);
/* The host (template), or every host or group of ids, readable (write false) or editable.
 * @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS, ERR_STORE. */
int	perm_host_must(struct store_txn *, const struct perm_rights *, uint64_t, bool,
	    struct err *);
int	perm_hosts_must(struct store_txn *, const struct perm_rights *, const struct id_list *,
	    bool, struct err *);
int	perm_groups_must(const struct perm_rights *, const struct id_list *, bool, struct err *);
/* A host's (template's; hostid 0: one being created) groups or parents replaced by want
 * (the ids as sent, existing): what the caller cannot read of the stored set stays (it is
 * appended to want); every group added or removed must be editable, every parent added or
 * removed readable. @return 0, or -1: ERR_NOT_FOUND NO_PERMISSIONS, ERR_STORE. */
int	perm_host_groups_replace(struct store_txn *, const struct perm_rights *, uint64_t,
	    struct id_list *, struct err *);
int	perm_host_parents_replace(struct store_txn *, const struct perm_rights *, uint64_t,
	    struct id_list *, struct err *);
/* domain_host_groups_replace of a host (template) by want (not changed) after
 * perm_host_groups_replace on a copy of it: the groups the caller cannot read stay.
 * @return 0, or -1 with the error of either. */
int	perm_host_groups_set(struct store_txn *, const struct perm_rights *, uint64_t,
	    const struct id_list *, struct err *);

#endif
