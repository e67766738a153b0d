/* svcinstance.h: BlueKing CMDB service categories and process instances: the built-in
 * category tree, and the rules by which a process instance follows its process template
 * (creation, the difference, the sync, and what an edit may change).
 *
 * A process instance is a JSON object of BlueKing's flat process fields (proc_num ...
 * bk_start_param_regex as plain values, bind_info an array of {enable, ip, port, protocol,
 * template_row_id}). Functions returning cJSON * return a new tree the caller deletes; the
 * arguments are borrowed. Pure in-memory code: any thread, on trees it owns. */
#ifndef TMPLD_SVCINSTANCE_H
#define TMPLD_SVCINSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tmpld/error.h"
#include "tmpld/proctemplate.h"

/* The built-in categories (bk-cmdb's migration: "Default/Default", then 数据库, 消息队列, HTTP
 * 服务 and 存储 with their children), ids 1..BKCAT_BUILTIN_N, bk_biz_id 0, shared by every
 * business and never changed. Stored categories take ids above them. */
#define BKCAT_BUILTIN_N		20
#define BKCAT_DEFAULT_ID	2	/* Default / Default: where a template goes by default */
/* The built-in category i (0-based) as BlueKing's object; NULL past the end. */
cJSON	*bkcat_builtin_json(size_t);
/* A category object: {bk_biz_id, id, name, bk_root_id, bk_parent_id, bk_supplier_account,
 * is_built_in}. */
cJSON	*bkcat_json(uint64_t, uint64_t, const char *, int64_t, int64_t, bool);

/* Checks a process property object sent by a client (create_process_instance's process_info,
 * update_process_instance's processes[n], create_service_instance's process_info): known
 * members of the wrong JSON type give ERR_TYPE, values out of range or bad bind_info rows
 * ERR_PARAM, with the member's path. strict_rows (instances not made from a template) also
 * requires each row's port and protocol. Unknown members are ignored. Returns 0 or -1. */
int	 procinst_check(const cJSON *, bool, struct err *);
/* A new instance of template t: locked fields (as_default_value true) and absent members take
 * the template's value, the others given's (checked, or NULL); bind_info has one row per
 * template row (rebuilt as in procinst_sync). inner_ip resolves the bind ip code "3". */
cJSON	*procinst_from_template(const struct proctemplate *, const cJSON *, const char *);
/* A new instance bound to no template, from given (checked); NULL with *err set when a name
 * (bk_process_name, bk_func_name) is missing or empty. */
cJSON	*procinst_free_new(const cJSON *, struct err *);
/* What a sync would change on instance prop: an array of {property_id, property_name,
 * property_value, template_property_value} for every locked field whose value differs, and
 * for bind_info when the rebuilt rows differ. Empty array: in step with the template. */
cJSON	*procinst_diff(const struct proctemplate *, const cJSON *, const char *);
/* Brings prop in step: locked fields overwritten with the template's (null too); bind_info
 * rebuilt from the template rows, matched by template_row_id (a matched row keeps its
 * unlocked fields, a new row takes the template's, an unmatched instance row is dropped). */
void	 procinst_sync(const struct proctemplate *, cJSON *, const char *);
/* Applies an edit (checked here) to prop. With t (a template-made instance) a locked field
 * (or bind_info row field) sent with another value than the instance's fails with ERR_CONFLICT
 * subject "locked", and bind_info rows are matched by template_row_id (rows the template has
 * not are ignored); without t every field is editable and bind_info is replaced. prop is
 * unchanged on -1. */
int	 procinst_update(const struct proctemplate *, cJSON *, const cJSON *, struct err *);
/* bk_process_name of an instance, or "". */
const char *procinst_name(const cJSON *);

#endif
