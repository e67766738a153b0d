/* import_impl.h: the pieces of configuration.import's engine shared by its files (not a public header). */
#ifndef TMPLD_METHODS_IMPORT_IMPL_H
#define TMPLD_METHODS_IMPORT_IMPL_H

#include <cjson/cJSON.h>

#include "tmpld/domain.h"
#include "tmpld/methods.h"

/* A template or host the import created or processed: its source object and its id. */
struct imp_obj {
	const cJSON	*src;		/* borrowed from the document */
	const char	*name;		/* its technical name (in src) */
	uint64_t	 id;
	bool		 tpl;
};

/* One import: the call it runs in (its write txn), the rules and what was processed. */
struct imp {
	struct rpc_call		*call;
	struct import_rules	 r;
	bool			 process_templates, process_hosts;
	const cJSON		*doc;		/* the content of zabbix_export */
	struct imp_obj		*objs;
	size_t			 nobjs;
	struct id_set		 protos;	/* the item prototypes it created */
};

/* Runs method m with params (taken) inside the import's transaction, as the API would: its
 * rule, then its handler. *res (NULL: not wanted) gets the result (the caller's).
 * @return 0, or -1 with the method's error moved onto the import's call. */
int	imp_call(struct imp *, const struct rpc_method *, cJSON *, cJSON **);
/* The same with a list of objects (*list taken and set to NULL): nothing is called for an
 * empty one. */
int	imp_call_list(struct imp *, const struct rpc_method *, cJSON **, cJSON **);
/* Fails the import with Zabbix's import error (-32500) text. Returns -1. */
int	imp_fail(struct imp *, const char *, ...) ATTR_PRINTF(2, 3);
/* A storage failure. Returns -1. */
int	imp_fail_store(struct imp *, int);
/* A string member of a source object, or dflt when absent (every scalar of a source is a
 * string). */
const char *imp_str(const cJSON *, const char *, const char *);
/* Adds key: the value of the export constant member skey of src (table as
 * export_const_value), or dflt when absent; an unknown name is passed as it is. */
void	imp_add_const(cJSON *, const char *, const cJSON *, const char *, const char *,
	    const char *);
/* An id as the API's text ("123"), new. */
cJSON	*imp_id_json(uint64_t);
/* import.c's entry, for configuration_import.c: the document applied with the rules.
 * @return 0, or -1 with the call failed (nothing kept: the caller rolls back). */
int	import_apply(struct rpc_call *, const cJSON *, const struct import_rules *);
/* import_iface.c. One source interface as the API takes it (new; schema defaults filled). */
cJSON	*imp_interface(const cJSON *);
/* interfaces: [API interface] of a source object, added to out. */
void	imp_interfaces(const cJSON *, cJSON *);
/* For host.update: the API interfaces (an array) take the ids of the host's stored ones as
 * Zabbix's importer reuses them (a default one the stored default of its type, the others
 * one that matches completely), so that items keep theirs. 0, or -1 (store). */
int	imp_iface_keep_ids(struct imp *, uint64_t, cJSON *);
/* The id of the processed host's interface that the source's interface_ref names (0: none,
 * not matched); 0, or -1 (store). */
int	imp_iface_by_ref(struct imp *, const struct imp_obj *, const char *, uint64_t *);
/* The items of the processed objects: items.deleteMissing, then create and update. */
int	imp_items(struct imp *);
/* import_dashboard.c: templateDashboards.deleteMissing (before the items go), and the
 * dashboards of the processed templates updated and created (after the graphs). */
int	imp_dashboards_missing(struct imp *);
int	imp_dashboards(struct imp *);
/* import_trigger.c. The triggers of the source: created, updated, their dependencies set,
 * triggers.deleteMissing; 0, or -1 (the import failed). */
int	imp_triggers(struct imp *);
/* The same for the trigger prototypes of the processed objects' LLD rules (the discoveryRules
 * rule); after imp_triggers. */
int	imp_trigger_prototypes(struct imp *);
/* import_graph.c: the source's top-level graphs: graphs.deleteMissing on the processed
 * objects, then update and create. */
int	imp_graphs(struct imp *);
/* The graph prototypes of one imported LLD rule (its source, its id), after its item
 * prototypes: discoveryRules deleteMissing, update, create. 0, or -1 with the error set. */
int	imp_graph_prototypes(struct imp *, const cJSON *, uint64_t);
/* The API object of a source item (or prototype, or rule) of ob: every schema default, its
 * valuemap, interface and master item resolved; *out NULL when its master is not there yet.
 * 0, or -1 (failed). */
int	imp_item_params(struct imp *, const struct imp_obj *, const cJSON *, cJSON **);
/* import_lld.c: the LLD rules of the processed objects and their item prototypes
 * (discoveryRules: deleteMissing, then create and update); after imp_items. */
int	imp_lld(struct imp *);
/* import_httptest.c: the web scenarios of the processed objects: httptests.deleteMissing,
 * then update and create (before the items, as Zabbix's importer). */
int	imp_httptests(struct imp *);

/* import_hostproto.c: the host prototypes of one imported rule (the source rule, the
 * rule's id): deleteMissing, then update and create (discoveryRules rules); 0, or -1. */
int	imp_hostprotos(struct imp *, const cJSON *, uint64_t);

#endif
