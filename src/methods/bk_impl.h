/* bk_impl.h: what the BlueKing methods (service categories, service templates, service and
 * process instances) share: reading request members, pages, business-scoped loading and
 * the answer objects. Private to src/methods/. */
#ifndef TMPLD_METHODS_BK_IMPL_H
#define TMPLD_METHODS_BK_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "tmpld/methods.h"
#include "tmpld/proctemplate.h"
#include "tmpld/store.h"
#include "tmpld/svcinstance.h"

/* Rule pieces: the root flags (bodies carry the ESB credentials too) and bk_biz_id. */
#define BK_ROOT		(RULE_BK | RULE_LENIENT)
#define BK_POSITIVE	"a positive integer is required"
#define BK_BIZ_FIELD \
	{ "bk_biz_id", { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:", \
	    .fail = { ERR_PARAM, BK_POSITIVE } } }
#define BK_ID_FIELD(name) \
	{ name, { .type = RULE_INTEGER, .flags = RULE_REQUIRED, .in = "1:", \
	    .fail = { ERR_PARAM, BK_POSITIVE } } }
#define BK_PAGE_FIELD \
	{ "page", { .type = RULE_OBJECT, .flags = RULE_LENIENT | RULE_TYPES_FIRST, \
	    .fields = bk_page_fields, .check = bk_check_page } }
extern const struct rule_field bk_page_fields[];
char	*bk_check_page(const cJSON *);	/* start >= 0, limit 0..1000 */

/* A member as a positive integer, else 0. */
uint64_t bk_uint(const cJSON *, const char *);
/* An id list member (checked by its rule), repeated ids dropped, order kept; absent: none. */
void	 bk_ids(const cJSON *, const char *, struct id_list *);
/* Who writes: the ESB caller or the tmpld user. */
const char *bk_caller(const struct rpc_call *);

/* A page of an answer: {count, info} from items (taken), sorted before by the caller;
 * start/limit from params' page (limit 0 or absent: max). */
cJSON	*bk_page_answer(const cJSON *, cJSON *, int64_t);

/* The service template id a body names (service_template_id, else bk_module_id), or 0. */
uint64_t bk_module_of(const cJSON *);
/* Loads a service template of the business; a missing one fails with kind (ERR_NOT_FOUND:
 * "not found", else "'<member>' parameter validation failed"). */
enum rpc_result bk_svc_load(struct rpc_call *, uint64_t, uint64_t, enum err_kind, const char *,
	    struct svctemplate *);
/* Loads a service instance document of the business (ERR_NOT_FOUND otherwise). */
enum rpc_result bk_svcinst_load(struct rpc_call *, uint64_t, uint64_t, cJSON **);
/* The category of the business (or built in) as its object, or NULL (store failure: *rc). */
cJSON	*bk_category_find(struct rpc_call *, uint64_t, int64_t, enum store_rc *);
/* A host's first interface address ("" when none): the bind ip code "3". */
char	*bk_host_inner_ip(struct rpc_call *, uint64_t);
/* The process templates of a service template, loaded (n of them; caller frees each and
 * the array). */
enum rpc_result bk_proc_templates(struct rpc_call *, uint64_t, struct proctemplate **, size_t *);
void	 bk_proc_templates_free(struct proctemplate *, size_t);

/* A service template's name is unique in its business (self excepted) and its category is a
 * second-level one the business sees (0: none, a template stored before categories were
 * checked): ERR_EXISTS "duplicate" or ERR_PARAM otherwise. */
enum rpc_result bk_svc_check(struct rpc_call *, uint64_t, uint64_t, const char *, int64_t);

/* serviceinstance.c: a new process entry appended to procs (an instance's "processes"), made
 * from template t (given: the client's process_info, or NULL) or bound to none (prop taken;
 * *pid its new id). */
enum rpc_result bk_proc_add_from_template(struct rpc_call *, const struct proctemplate *,
	    const cJSON *, const char *, cJSON *);
enum rpc_result bk_proc_add_free(struct rpc_call *, cJSON *, cJSON *, uint64_t *);
/* The instance documents of the business that params select (bk_module_id or
 * service_template_id, bk_host_id / bk_host_ids / bk_host_list, service_instance_ids,
 * search_key, selectors), in id order. A read (true) with many candidates on the event loop
 * is moved off it: RPC_ROLLBACK without an error, the caller returns at once. */
enum rpc_result bk_svcinst_find(struct rpc_call *, const cJSON *, bool, cJSON **);

/* A service instance as listed (no processes) and a process instance's flat object. */
cJSON	*bk_svcinst_json(const cJSON *);
cJSON	*bk_procinst_json(const cJSON *, const cJSON *);	/* instance doc, process entry */
/* Sets modifier and last_time (and on create creator, create_time, supplier). */
void	 bk_stamp(cJSON *, const char *, bool);

#endif
