/* export_impl.h: what export.c shares with the writers of the kinds it exports
 * (export_<kind>.c: triggers, graphs, dashboards, LLD rules): the value writers (defaults left out, constants by name, CR LF as LF),
 * the natural sort, and each kind's hooks into the document. Inside src/domain only. */
#ifndef TMPLD_EXPORT_IMPL_H
#define TMPLD_EXPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/domain.h"

/* A constant: value text -> its export name (a table ends with { NULL, NULL }). */
struct exp_const {
	const char	*v, *name;
};

#define EXP_KEYS	4

/* One element to sort: up to EXP_KEYS keys (NULL: none), compared naturally in turn; ties
 * keep the order the elements were read in (PHP's sort is stable). */
struct exp_sortent {
	const char	*k[EXP_KEYS];
	size_t		 idx;
	void		*p;
};

/* key: v (CR LF as LF; key NULL: appended to the array obj); _opt: unless v equals dflt
 * (PHP's loose ==); _const: the name of v in map unless v equals dflt; _list: the list
 * unless it is empty (then freed). exp_sort: sorts n elements naturally (stable).
 * exp_tags: [{tag, value}] by tag, then value (new). */
void	 exp_add_str(cJSON *, const char *, const char *);
void	 exp_add_opt(cJSON *, const char *, const char *, const char *);
void	 exp_add_const(cJSON *, const char *, const char *, const char *,
	    const struct exp_const *);
void	 exp_add_list(cJSON *, const char *, cJSON *);
void	 exp_sort(struct exp_sortent *, size_t);
cJSON	*exp_tags(const struct tag_list *);

/* export_trigger.c. export_item_triggers: adds "triggers" (the item's own triggers that use no
 * other item; with their uuid on a template) to the item's object. export_triggers: the
 * top-level "triggers" of the document: the own triggers of the exported templates and hosts
 * that use several items, each once. Sorted by name, expression, recovery expression. *out
 * new, the caller's; 0, or -1 with *e (ERR_STORE). */
void	 export_item_triggers(struct store_txn *, const struct item *, bool, cJSON *);
/* export_rule_trigger_prototypes: adds "trigger_prototypes" (the rule's own trigger
 * prototypes that use several items; those of one item sit in its item prototype). */
void	 export_rule_trigger_prototypes(struct store_txn *, uint64_t, cJSON *);
int	 export_triggers(struct store_txn *, const struct export_opts *, cJSON **, struct err *);

/* The host's interface references (interfaceid -> "ifN"), built by export.c. */
struct exp_ifrefs;

/* One item (or item prototype) in the 6.0 schema's key order, defaults left out; master_key:
 * its master's key (dependent items) or NULL; refs: NULL on a template. New. */
cJSON	*exp_item(struct store_txn *, const struct item *, const char *,
	    const struct exp_ifrefs *);

/* export_lld.c: the host's own LLD rules (not inherited) by key, each with its item
 * prototypes, filter, macro paths, preprocessing and overrides: *out a new list (0), or -1
 * with ERR_STORE. */
int	export_lld_rules(struct store_txn *, uint64_t, const struct exp_ifrefs *, cJSON **,
	    struct err *);

/* export_hostproto.c: the rule's host prototypes by host in a template's schema or (true) a
 * host's, with their custom interfaces (new list; empty when none, or on
 * a store failure, which is logged). */
cJSON	*export_hostprotos(struct store_txn *, uint64_t, bool);

/* export_hpgroups.c: adds to groups the ids of the host groups that the host prototypes of
 * the host's own LLD rules link to (Zabbix exports them with the document's groups). 0, or
 * -1 with *e (ERR_STORE). */
int	 export_hostproto_groups(struct store_txn *, uint64_t, struct id_set *, struct err *);

#endif
