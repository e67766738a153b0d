/* export_impl.h: what export.c shares with the writers of other kinds (export_lld.c), inside
 * the domain layer only. */
#ifndef TMPLD_EXPORT_IMPL_H
#define TMPLD_EXPORT_IMPL_H

#include "tmpld/domain.h"

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

#endif
