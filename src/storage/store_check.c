/* store_check.c: the offline consistency check of a store (tmpld check): records against
 * their sequences, every index against its records, and no link to a missing record. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/store.h"
#include "tmpld/util.h"

#define CHECK_NONE	STORE_DB__COUNT		/* "no record database" in the tables */

struct check {
	struct store_txn	*t;
	FILE			*out;
	size_t			 problems;
	enum store_rc		 rc;		/* an error that stops the check */
	size_t			 counted[STORE_DB__COUNT];	/* records or rows per db */
	size_t			 expect[STORE_DB__COUNT];	/* rows a pair db should have */
	bool			 has_expect[STORE_DB__COUNT];
};

/* Reports one problem; the check goes on. */
__attribute__((format(printf, 2, 3)))
static void
check_problem(struct check *c, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	fputs("problem: ", c->out);
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
}

/* A lookup's outcome: true when found, false when not (or undecodable: a problem the caller
 * names); other failures stop the check. */
static bool
check_rc(struct check *c, enum store_rc rc)
{
	if (rc == STORE_OK)
		return true;
	if (rc != STORE_ENOTFOUND && rc != STORE_ECORRUPT && c->rc == STORE_OK)
		c->rc = rc;
	return false;
}

static bool
check_exists(struct check *c, enum store_db db, uint64_t id)
{
	const void *v;
	size_t vlen;

	return check_rc(c, store_get_id(c->t, db, id, &v, &vlen));
}

static const char *
check_db(enum store_db db)
{
	return store_db_name(db);
}

/* Calls fn for every (key, value) of db in key order; stops on an error. */
static void
check_scan(struct check *c, enum store_db db,
    void (*fn)(struct check *, enum store_db, const uint8_t *, size_t, const uint8_t *, size_t,
    const void *), const void *arg)
{
	struct store_cursor *cur;
	const void *k, *v;
	size_t klen, vlen;
	enum store_rc rc;

	if (c->rc != STORE_OK)
		return;
	if ((rc = store_cursor_open(c->t, db, &cur)) != STORE_OK) {
		c->rc = rc;
		return;
	}
	while (c->rc == STORE_OK && (rc = store_cursor_next(cur, &k, &klen, &v, &vlen)) == STORE_OK)
		fn(c, db, k, klen, v, vlen, arg);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND && c->rc == STORE_OK)
		c->rc = rc;
	store_cursor_close(cur);
}

/* ---- records against their sequences ---- */

struct check_records {
	enum store_db	 db;
	const char	*seq;		/* NULL: ids not from a sequence */
	uint64_t	 base;		/* added to the sequence's value */
};

static const struct check_records check_records[] = {
	{ STORE_DB_USERS, "users", 0 },
	{ STORE_DB_HOSTS, "hosts", 10000 },
	{ STORE_DB_HOSTPROTOS, "hosts", 10000 },
	{ STORE_DB_GROUPS, "groups", 0 },
	{ STORE_DB_MACROS, "hostmacro", 0 },
	{ STORE_DB_ITEMS, "items", 40000 },
	{ STORE_DB_INTERFACES, "interfaces", 0 },
	{ STORE_DB_VALUEMAPS, "valuemaps", 0 },
	{ STORE_DB_ROLES, "roles", 0 },
	{ STORE_DB_USRGRPS, "usrgrps", 0 },
	{ STORE_DB_TOKENS, "tokens", 0 },
	{ STORE_DB_DASHBOARDS, "dashboards", 0 },
	{ STORE_DB_TRIGGERS, "triggers", 20000 },	/* store_trigger.c's TRIGGER_ID_BASE */
	{ STORE_DB_GRAPHS, "graphs", 0 },
	{ STORE_DB_GITEMS, "gitems", 0 },
	{ STORE_DB_HTTPTESTS, "httptests", 0 },
	{ STORE_DB_SVC_TEMPLATES, "bk_service_templates", 0 },
	{ STORE_DB_PROC_TEMPLATES, "bk_proc_templates", 0 },
};

/* A record db with the last id its sequence gave (plus the base). */
struct check_seq {
	const struct check_records	*r;
	uint64_t			 last;
};

static void
check_record_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	const struct check_seq *s = arg;
	const struct check_records *r = s->r;
	const uint64_t *last = &s->last;
	uint64_t id;

	(void)v, (void)vlen;
	c->counted[db]++;
	if (klen != 8) {
		check_problem(c, "%s: a key of %zu bytes, not an id", check_db(db), klen);
		return;
	}
	id = codec_from_be64(k);
	if (r->seq != NULL && id > *last)
		check_problem(c, "%s: id %" PRIu64 " is above its sequence \"%s\" (%" PRIu64 ")",
		    check_db(db), id, r->seq, *last);
}

/* The last id a sequence gave, plus its base. */
static uint64_t
check_seq_last(struct check *c, const struct check_records *r)
{
	const void *v;
	size_t vlen;
	enum store_rc rc;

	rc = store_get(c->t, STORE_DB_SEQ, r->seq, strlen(r->seq), &v, &vlen);
	if (rc == STORE_OK && vlen == 8)
		return codec_from_be64(v) + r->base;
	if (rc == STORE_OK)
		check_problem(c, "sequences: \"%s\" is not a number", r->seq);
	else
		check_rc(c, rc);
	return r->base;
}

static void
check_sequences(struct check *c)
{
	for (size_t i = 0; i < sizeof check_records / sizeof *check_records; i++) {
		struct check_seq arg = { &check_records[i], 0 };

		if (arg.r->seq != NULL)
			arg.last = check_seq_last(c, arg.r);
		check_scan(c, arg.r->db, check_record_row, &arg);
	}
}

/* ---- side records and index rows that name one record ---- */

/* Rows of db whose key (key true) or value (8 bytes) is the id of a record in owner. */
struct check_points {
	enum store_db	 db, owner;
	bool		 key;		/* the id is the key (side records), else the value */
};

static const struct check_points check_points[] = {
	{ STORE_DB_HOST_TAGS, STORE_DB_HOSTS, true },
	{ STORE_DB_HOST_INVENTORY, STORE_DB_HOSTS, true },
	{ STORE_DB_INTERFACE_SNMP, STORE_DB_INTERFACES, true },
	{ STORE_DB_ITEM_PREPROC, STORE_DB_ITEMS, true },
	{ STORE_DB_LLD, STORE_DB_ITEMS, true },
	{ STORE_DB_USER_MEDIAS, STORE_DB_USERS, true },
	{ STORE_DB_USRGRP_INDEX, STORE_DB_USRGRPS, true },
	{ STORE_DB_SVC_PROCS, STORE_DB_SVC_TEMPLATES, true },
	{ STORE_DB_USERS_BY_NAME, STORE_DB_USERS, false },
	{ STORE_DB_HOSTS_BY_NAME, STORE_DB_HOSTS, false },
	{ STORE_DB_HOSTS_BY_VNAME, STORE_DB_HOSTS, false },
	{ STORE_DB_GROUPS_BY_NAME, STORE_DB_GROUPS, false },
	{ STORE_DB_ITEMS_BY_KEY, STORE_DB_ITEMS, false },
	{ STORE_DB_VALUEMAPS_BY_NAME, STORE_DB_VALUEMAPS, false },
	{ STORE_DB_ROLES_BY_NAME, STORE_DB_ROLES, false },
	{ STORE_DB_USRGRPS_BY_NAME, STORE_DB_USRGRPS, false },
	{ STORE_DB_TOKENS_BY_HASH, STORE_DB_TOKENS, false },
	{ STORE_DB_DASHBOARDS_BY_NAME, STORE_DB_DASHBOARDS, false },
	{ STORE_DB_TRIGGERS_BY_KEY, STORE_DB_TRIGGERS, false },
	{ STORE_DB_GRAPHS_BY_NAME, STORE_DB_GRAPHS, false },
	{ STORE_DB_GITEMS, STORE_DB_GRAPHS, false },
};

static void
check_point_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	const struct check_points *p = arg;
	const uint8_t *id = p->key ? k : v;
	size_t len = p->key ? klen : vlen;

	if (db != STORE_DB_GITEMS)
		c->counted[db]++;
	if (len != 8) {
		check_problem(c, "%s: a %s of %zu bytes, not an id", check_db(db),
		    p->key ? "key" : "value", len);
		return;
	}
	if (!check_exists(c, p->owner, codec_from_be64(id)))
		check_problem(c, "%s: a row names %s %" PRIu64 ", which does not exist",
		    check_db(db), check_db(p->owner), codec_from_be64(id));
}

static void
check_svc_procs_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	(void)db, (void)klen, (void)arg;
	if (vlen % 8 != 0) {
		check_problem(c, "%s: a list of %zu bytes", check_db(db), vlen);
		return;
	}
	for (size_t i = 0; i < vlen; i += 8)
		if (!check_exists(c, STORE_DB_PROC_TEMPLATES, codec_from_be64(v + i)))
			check_problem(c, "%s: service template %" PRIu64 " lists process template %"
			    PRIu64 ", which does not exist", check_db(db), codec_from_be64(k),
			    codec_from_be64(v + i));
}

static void
check_pointers(struct check *c)
{
	for (size_t i = 0; i < sizeof check_points / sizeof *check_points; i++)
		check_scan(c, check_points[i].db, check_point_row, &check_points[i]);
	check_scan(c, STORE_DB_SVC_PROCS, check_svc_procs_row, NULL);
}

/* ---- pairs (dupsort id -> id) ---- */

/* The key a pair db should file record id under (its host, its parent, ...): *key, or
 * false when the record cannot be read. */
typedef bool (*check_owner_fn)(struct check *, uint64_t id, uint64_t *key);

struct check_pairs {
	enum store_db	 db, key_owner, value_owner;
	enum store_db	 reverse;	/* CHECK_NONE, or the db holding every pair turned round */
	check_owner_fn	 owner;		/* NULL: no field to compare */
};

static bool
check_item_flags(struct check *c, uint64_t id, uint64_t *hostid, const char *flags)
{
	char *v = NULL;
	bool ok;

	if (!check_rc(c, store_item_field(c->t, id, ITEM_F_FLAGS, hostid, &v)))
		return false;
	ok = strcmp(v, flags) == 0;
	free(v);
	if (!ok)
		*hostid = 0;	/* an item of other flags does not belong in this db */
	return true;
}

static bool
check_owner_item_host(struct check *c, uint64_t id, uint64_t *key)
{
	char *v = NULL;

	if (!check_rc(c, store_item_field(c->t, id, ITEM_F_FLAGS, key, &v)))
		return false;
	if (strcmp(v, "1") == 0 || strcmp(v, "2") == 0)
		*key = 0;
	free(v);
	return true;
}

static bool
check_owner_rule_host(struct check *c, uint64_t id, uint64_t *key)
{
	return check_item_flags(c, id, key, "1");
}

static bool
check_owner_proto_rule(struct check *c, uint64_t id, uint64_t *key)
{
	uint64_t hostid;
	cJSON *doc = NULL;

	if (!check_item_flags(c, id, &hostid, "2"))
		return false;
	*key = 0;
	if (hostid != 0 && check_rc(c, store_doc_get(c->t, STORE_DB_LLD, id, &doc)) &&
	    !util_parse_u64(lld_doc_str(doc, "ruleid"), key))
		*key = 0;
	cJSON_Delete(doc);
	return true;
}

static bool
check_owner_item_template(struct check *c, uint64_t id, uint64_t *key)
{
	uint64_t hostid;

	return check_rc(c, store_item_links(c->t, id, &hostid, key));
}

static bool
check_owner_trigger_template(struct check *c, uint64_t id, uint64_t *key)
{
	uint64_t hostid;

	return check_rc(c, store_trigger_links(c->t, id, &hostid, key));
}

static bool
check_owner_macro_host(struct check *c, uint64_t id, uint64_t *key)
{
	struct macro m;

	if (!check_rc(c, store_macro_get(c->t, id, &m)))
		return false;
	*key = m.hostid;
	macro_free(&m);
	return true;
}

static bool
check_owner_interface_host(struct check *c, uint64_t id, uint64_t *key)
{
	struct hostinterface hi;

	if (!check_rc(c, store_interface_get(c->t, id, &hi)))
		return false;
	*key = hi.hostid;
	hostinterface_free(&hi);
	return true;
}

static bool
check_owner_valuemap_host(struct check *c, uint64_t id, uint64_t *key)
{
	struct valuemap vm;

	if (!check_rc(c, store_valuemap_get(c->t, id, &vm)))
		return false;
	*key = vm.hostid;
	valuemap_free(&vm);
	return true;
}

static bool
check_owner_dashboard_template(struct check *c, uint64_t id, uint64_t *key)
{
	struct dashboard d;

	if (!check_rc(c, store_dashboard_get(c->t, id, &d)))
		return false;
	*key = d.templateid;
	dashboard_free(&d);
	return true;
}

static bool
check_owner_graph_template(struct check *c, uint64_t id, uint64_t *key)
{
	struct graph g;

	if (!check_rc(c, store_graph_get(c->t, id, &g)))
		return false;
	*key = g.templateid;
	graph_free(&g);
	return true;
}

static bool
check_owner_httptest_host(struct check *c, uint64_t id, uint64_t *key)
{
	struct httptest ht;

	if (!check_rc(c, store_httptest_get(c->t, id, &ht)))
		return false;
	*key = ht.hostid;
	httptest_free(&ht);
	return true;
}

static const struct check_pairs check_pairs[] = {
	{ STORE_DB_HOST_GROUPS, STORE_DB_HOSTS, STORE_DB_GROUPS, STORE_DB_GROUP_HOSTS, NULL },
	{ STORE_DB_GROUP_HOSTS, STORE_DB_GROUPS, STORE_DB_HOSTS, STORE_DB_HOST_GROUPS, NULL },
	{ STORE_DB_HOST_PARENTS, STORE_DB_HOSTS, STORE_DB_HOSTS, STORE_DB_HOST_CHILDREN, NULL },
	{ STORE_DB_HOST_CHILDREN, STORE_DB_HOSTS, STORE_DB_HOSTS, STORE_DB_HOST_PARENTS, NULL },
	{ STORE_DB_USER_USRGRPS, STORE_DB_USERS, STORE_DB_USRGRPS, STORE_DB_USRGRP_USERS, NULL },
	{ STORE_DB_USRGRP_USERS, STORE_DB_USRGRPS, STORE_DB_USERS, STORE_DB_USER_USRGRPS, NULL },
	{ STORE_DB_HOST_MACROS, STORE_DB_HOSTS, STORE_DB_MACROS, CHECK_NONE,
	    check_owner_macro_host },
	{ STORE_DB_HOST_ITEMS, STORE_DB_HOSTS, STORE_DB_ITEMS, CHECK_NONE,
	    check_owner_item_host },
	{ STORE_DB_HOST_RULES, STORE_DB_HOSTS, STORE_DB_ITEMS, CHECK_NONE,
	    check_owner_rule_host },
	{ STORE_DB_RULE_PROTOS, STORE_DB_ITEMS, STORE_DB_ITEMS, CHECK_NONE,
	    check_owner_proto_rule },
	{ STORE_DB_ITEM_COPIES, STORE_DB_ITEMS, STORE_DB_ITEMS, CHECK_NONE,
	    check_owner_item_template },
	{ STORE_DB_ITEM_KEY_SHARERS, STORE_DB_ITEMS, STORE_DB_ITEMS, CHECK_NONE, NULL },
	{ STORE_DB_HOST_INTERFACES, STORE_DB_HOSTS, STORE_DB_INTERFACES, CHECK_NONE,
	    check_owner_interface_host },
	{ STORE_DB_HOST_VALUEMAPS, STORE_DB_HOSTS, STORE_DB_VALUEMAPS, CHECK_NONE,
	    check_owner_valuemap_host },
	{ STORE_DB_HOST_TRIGGERS, STORE_DB_HOSTS, STORE_DB_TRIGGERS, CHECK_NONE, NULL },
	{ STORE_DB_ITEM_TRIGGERS, STORE_DB_ITEMS, STORE_DB_TRIGGERS, CHECK_NONE, NULL },
	{ STORE_DB_TRIGGER_COPIES, STORE_DB_TRIGGERS, STORE_DB_TRIGGERS, CHECK_NONE,
	    check_owner_trigger_template },
	{ STORE_DB_TRIGGER_DEPENDENTS, STORE_DB_TRIGGERS, STORE_DB_TRIGGERS, CHECK_NONE, NULL },
	{ STORE_DB_HOST_DASHBOARDS, STORE_DB_HOSTS, STORE_DB_DASHBOARDS, CHECK_NONE,
	    check_owner_dashboard_template },
	{ STORE_DB_HOST_GRAPHS, STORE_DB_HOSTS, STORE_DB_GRAPHS, CHECK_NONE, NULL },
	{ STORE_DB_ITEM_GRAPHS, STORE_DB_ITEMS, STORE_DB_GRAPHS, CHECK_NONE, NULL },
	{ STORE_DB_GRAPH_COPIES, STORE_DB_GRAPHS, STORE_DB_GRAPHS, CHECK_NONE,
	    check_owner_graph_template },
	{ STORE_DB_HOST_HTTPTESTS, STORE_DB_HOSTS, STORE_DB_HTTPTESTS, CHECK_NONE,
	    check_owner_httptest_host },
	{ STORE_DB_RULE_HOSTPROTOS, STORE_DB_ITEMS, STORE_DB_HOSTPROTOS, CHECK_NONE, NULL },
	{ STORE_DB_HOSTPROTO_COPIES, STORE_DB_HOSTPROTOS, STORE_DB_HOSTPROTOS, CHECK_NONE, NULL },
};

static bool
check_pair_has(struct check *c, enum store_db db, uint64_t a, uint64_t b)
{
	struct id_list l = { 0 };
	bool has;

	has = check_rc(c, store_pair_list(c->t, db, a, &l)) && id_list_has(&l, b);
	id_list_free(&l);
	return has;
}

static void
check_pair_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	const struct check_pairs *p = arg;
	uint64_t a, b, want;

	c->counted[db]++;
	if (klen != 8 || vlen != 8) {
		check_problem(c, "%s: a pair of %zu and %zu bytes", check_db(db), klen, vlen);
		return;
	}
	a = codec_from_be64(k), b = codec_from_be64(v);
	if (!(a == 0 && db == STORE_DB_HOST_MACROS) && !check_exists(c, p->key_owner, a))
		check_problem(c, "%s: %" PRIu64 " -> %" PRIu64 ": %s %" PRIu64 " does not exist",
		    check_db(db), a, b, check_db(p->key_owner), a);
	if (!check_exists(c, p->value_owner, b)) {
		check_problem(c, "%s: %" PRIu64 " -> %" PRIu64 ": %s %" PRIu64 " does not exist",
		    check_db(db), a, b, check_db(p->value_owner), b);
		return;
	}
	if (p->reverse != CHECK_NONE && !check_pair_has(c, p->reverse, b, a))
		check_problem(c, "%s: %" PRIu64 " -> %" PRIu64 " has no %" PRIu64 " -> %" PRIu64
		    " in %s", check_db(db), a, b, b, a, check_db(p->reverse));
	if (p->owner == NULL)
		return;
	if (!p->owner(c, b, &want))
		check_problem(c, "%s: %s %" PRIu64 " does not decode", check_db(db),
		    check_db(p->value_owner), b);
	else if (want != a)
		check_problem(c, "%s: %" PRIu64 " -> %" PRIu64 ", but %s %" PRIu64 " belongs under %"
		    PRIu64, check_db(db), a, b, check_db(p->value_owner), b, want);
}

static void
check_pair_dbs(struct check *c)
{
	for (size_t i = 0; i < sizeof check_pairs / sizeof *check_pairs; i++) {
		const struct check_pairs *p = &check_pairs[i];

		check_scan(c, p->db, check_pair_row, p);
		if (c->rc == STORE_OK && c->has_expect[p->db] && c->expect[p->db] != c->counted[p->db])
			check_problem(c, "%s: %zu rows, but %zu records should have one",
			    check_db(p->db), c->counted[p->db], c->expect[p->db]);
	}
}

/* ---- records: their links, and their own index rows ---- */

/* The record id must be listed in the pair db under every one of keys (distinct); each such
 * row counts towards the rows the db should have. */
static void
check_listed(struct check *c, enum store_db db, const struct id_list *keys, uint64_t id,
    const char *what)
{
	c->has_expect[db] = true;
	c->expect[db] += keys->n;
	for (size_t i = 0; i < keys->n && c->rc == STORE_OK; i++)
		if (!check_pair_has(c, db, keys->ids[i], id))
			check_problem(c, "%s: %s %" PRIu64 " is not listed under %" PRIu64,
			    check_db(db), what, id, keys->ids[i]);
}

static void
check_expect(struct check *c, enum store_db db, bool row)
{
	c->has_expect[db] = true;
	if (row)
		c->expect[db]++;
}

/* The unique name index of a record must hold it under its name. */
static void
check_named(struct check *c, enum store_db index, enum store_rc rc, const uint64_t *foundp,
    uint64_t id, const char *name)
{
	uint64_t found = *foundp;

	if (rc == STORE_ENOTFOUND)
		check_problem(c, "%s: no row for %" PRIu64 " (\"%s\")", check_db(index), id, name);
	else if (check_rc(c, rc) && found != id)
		check_problem(c, "%s: \"%s\" names %" PRIu64 ", not %" PRIu64, check_db(index), name,
		    found, id);
	else if (rc == STORE_ECORRUPT)
		check_problem(c, "%s: the row of \"%s\" is corrupt", check_db(index), name);
}

static void
check_user(struct check *c, uint64_t id)
{
	struct user u;
	uint64_t found = 0;
	enum store_rc rc;

	if (!check_rc(c, store_user_get(c->t, id, &u))) {
		check_problem(c, "users: user %" PRIu64 " does not decode", id);
		return;
	}
	rc = store_name_get(c->t, STORE_DB_USERS_BY_NAME, u.username, &found);
	check_named(c, STORE_DB_USERS_BY_NAME, rc, &found, id, u.username);
	user_free(&u);
}

static void
check_host(struct check *c, uint64_t id)
{
	struct host h;
	uint64_t found = 0;
	enum store_rc rc;

	if (!check_rc(c, store_host_get(c->t, id, &h))) {
		check_problem(c, "hosts: host %" PRIu64 " does not decode", id);
		return;
	}
	rc = store_host_by_name(c->t, h.host, &found);
	check_named(c, STORE_DB_HOSTS_BY_NAME, rc, &found, id, h.host);
	rc = store_host_by_vname(c->t, h.name, &found);
	check_named(c, STORE_DB_HOSTS_BY_VNAME, rc, &found, id, h.name);
	host_free(&h);
}

static void
check_group(struct check *c, uint64_t id)
{
	struct group g;
	uint64_t found = 0;
	enum store_rc rc;

	if (!check_rc(c, store_group_get(c->t, id, &g))) {
		check_problem(c, "groups: group %" PRIu64 " does not decode", id);
		return;
	}
	rc = store_group_by_name(c->t, g.name, &found);
	check_named(c, STORE_DB_GROUPS_BY_NAME, rc, &found, id, g.name);
	group_free(&g);
}

/* An item: its host and template exist, its key row (or its key holder's sharer row), and
 * the rows expected in host_items / host_lld_rules / lld_rule_prototypes / item_copies. */
static void
check_item(struct check *c, uint64_t id)
{
	struct item it;
	uint64_t found = 0;
	const char *flags;
	enum store_rc rc;

	if (!check_rc(c, store_item_get(c->t, id, &it))) {
		check_problem(c, "items: item %" PRIu64 " does not decode", id);
		return;
	}
	flags = it.f[ITEM_F_FLAGS];
	if (!check_exists(c, STORE_DB_HOSTS, it.hostid))
		check_problem(c, "items: item %" PRIu64 " names host %" PRIu64
		    ", which does not exist", id, it.hostid);
	if (it.templateid != 0 && !check_exists(c, STORE_DB_ITEMS, it.templateid))
		check_problem(c, "items: item %" PRIu64 " is inherited from item %" PRIu64
		    ", which does not exist", id, it.templateid);
	check_expect(c, STORE_DB_HOST_ITEMS, strcmp(flags, "1") != 0 && strcmp(flags, "2") != 0);
	check_expect(c, STORE_DB_HOST_RULES, strcmp(flags, "1") == 0);
	check_expect(c, STORE_DB_RULE_PROTOS, strcmp(flags, "2") == 0);
	check_expect(c, STORE_DB_ITEM_COPIES, it.templateid != 0);
	rc = store_item_by_key(c->t, it.hostid, it.f[ITEM_F_KEY], &found);
	if (rc == STORE_OK && found != id && !check_pair_has(c, STORE_DB_ITEM_KEY_SHARERS, found, id))
		check_problem(c, "items_by_key: \"%s\" on host %" PRIu64 " names %" PRIu64
		    ", which does not share it with %" PRIu64, it.f[ITEM_F_KEY], it.hostid, found,
		    id);
	else if (rc != STORE_OK)
		check_named(c, STORE_DB_ITEMS_BY_KEY, rc, &found, id, it.f[ITEM_F_KEY]);
	item_free(&it);
}

/* A trigger: its function items, dependencies and template exist, and it is listed under
 * each of its items, the hosts of those items, and each trigger it depends on. */
static void
check_trigger(struct check *c, uint64_t id)
{
	struct id_list items = { 0 }, hosts = { 0 }, deps = { 0 };
	struct trigger tr;
	uint64_t hostid, templateid;

	if (!check_rc(c, store_trigger_get(c->t, id, &tr))) {
		check_problem(c, "triggers: trigger %" PRIu64 " does not decode", id);
		return;
	}
	for (size_t i = 0; i < tr.nfn; i++) {
		id_list_add_unique(&items, tr.fn[i].itemid);
		if (check_rc(c, store_item_links(c->t, tr.fn[i].itemid, &hostid, &templateid)))
			id_list_add_unique(&hosts, hostid);
		else
			check_problem(c, "triggers: function %" PRIu64 " of trigger %" PRIu64
			    " names item %" PRIu64 ", which does not exist", tr.fn[i].functionid,
			    id, tr.fn[i].itemid);
	}
	check_listed(c, STORE_DB_ITEM_TRIGGERS, &items, id, "trigger");
	check_listed(c, STORE_DB_HOST_TRIGGERS, &hosts, id, "trigger");
	for (size_t i = 0; i < tr.deps.n; i++)
		id_list_add_unique(&deps, tr.deps.ids[i]);
	check_listed(c, STORE_DB_TRIGGER_DEPENDENTS, &deps, id, "trigger");
	id_list_free(&items);
	id_list_free(&hosts);
	id_list_free(&deps);
	for (size_t i = 0; i < tr.deps.n; i++)
		if (!check_exists(c, STORE_DB_TRIGGERS, tr.deps.ids[i]))
			check_problem(c, "triggers: trigger %" PRIu64 " depends on trigger %" PRIu64
			    ", which does not exist", id, tr.deps.ids[i]);
	if (tr.templateid != 0 && !check_exists(c, STORE_DB_TRIGGERS, tr.templateid))
		check_problem(c, "triggers: trigger %" PRIu64 " is inherited from trigger %" PRIu64
		    ", which does not exist", id, tr.templateid);
	check_expect(c, STORE_DB_TRIGGER_COPIES, tr.templateid != 0);
	trigger_free(&tr);
}

/* A graph: its items and template exist, and it is listed under each of its items (gitems
 * and axis items) and each host of its items (none: its own host). */
static void
check_graph(struct check *c, uint64_t id)
{
	struct id_list items = { 0 }, hosts = { 0 };
	struct graph g;

	if (!check_rc(c, store_graph_get(c->t, id, &g))) {
		check_problem(c, "graphs: graph %" PRIu64 " does not decode", id);
		return;
	}
	for (size_t i = 0; i < g.n; i++)
		id_list_add_unique(&items, g.gi[i].itemid);
	if (g.ymin_itemid != 0)
		id_list_add_unique(&items, g.ymin_itemid);
	if (g.ymax_itemid != 0)
		id_list_add_unique(&items, g.ymax_itemid);
	for (size_t i = 0; i < items.n; i++)
		if (!check_exists(c, STORE_DB_ITEMS, items.ids[i]))
			check_problem(c, "graphs: graph %" PRIu64 " uses item %" PRIu64
			    ", which does not exist", id, items.ids[i]);
	store_graph_hosts(&g, &hosts);
	check_listed(c, STORE_DB_ITEM_GRAPHS, &items, id, "graph");
	check_listed(c, STORE_DB_HOST_GRAPHS, &hosts, id, "graph");
	id_list_free(&items);
	id_list_free(&hosts);
	if (g.templateid != 0 && !check_exists(c, STORE_DB_GRAPHS, g.templateid))
		check_problem(c, "graphs: graph %" PRIu64 " is inherited from graph %" PRIu64
		    ", which does not exist", id, g.templateid);
	check_expect(c, STORE_DB_GRAPH_COPIES, g.templateid != 0);
	graph_free(&g);
}

/* A record that belongs to one host (macro, interface, value map, dashboard, web scenario):
 * the host exists (a global macro has host 0), and the pair db lists it (counted). */
static void
check_owned(struct check *c, enum store_db db, uint64_t id, check_owner_fn owner,
    enum store_db pairs)
{
	uint64_t hostid = 0;

	if (!owner(c, id, &hostid)) {
		check_problem(c, "%s: %" PRIu64 " does not decode", check_db(db), id);
		return;
	}
	if (!(hostid == 0 && db == STORE_DB_MACROS) && !check_exists(c, STORE_DB_HOSTS, hostid))
		check_problem(c, "%s: %" PRIu64 " belongs to host %" PRIu64 ", which does not exist",
		    check_db(db), id, hostid);
	check_expect(c, pairs, true);
}

static void
check_macro(struct check *c, uint64_t id)
{
	check_owned(c, STORE_DB_MACROS, id, check_owner_macro_host, STORE_DB_HOST_MACROS);
}

static void
check_interface(struct check *c, uint64_t id)
{
	check_owned(c, STORE_DB_INTERFACES, id, check_owner_interface_host,
	    STORE_DB_HOST_INTERFACES);
}

static void
check_valuemap(struct check *c, uint64_t id)
{
	struct valuemap vm;
	uint64_t found = 0;
	enum store_rc rc;

	check_owned(c, STORE_DB_VALUEMAPS, id, check_owner_valuemap_host, STORE_DB_HOST_VALUEMAPS);
	if (!check_rc(c, store_valuemap_get(c->t, id, &vm)))
		return;
	rc = store_valuemap_by_name(c->t, vm.hostid, vm.name, &found);
	check_named(c, STORE_DB_VALUEMAPS_BY_NAME, rc, &found, id, vm.name);
	valuemap_free(&vm);
}

static void
check_dashboard(struct check *c, uint64_t id)
{
	struct dashboard d;
	uint64_t found = 0;
	enum store_rc rc;

	check_owned(c, STORE_DB_DASHBOARDS, id, check_owner_dashboard_template,
	    STORE_DB_HOST_DASHBOARDS);
	if (!check_rc(c, store_dashboard_get(c->t, id, &d)))
		return;
	rc = store_dashboard_by_name(c->t, d.templateid, d.name, &found);
	check_named(c, STORE_DB_DASHBOARDS_BY_NAME, rc, &found, id, d.name);
	dashboard_free(&d);
}

static void
check_httptest(struct check *c, uint64_t id)
{
	check_owned(c, STORE_DB_HTTPTESTS, id, check_owner_httptest_host,
	    STORE_DB_HOST_HTTPTESTS);
}

/* A named document (roles, user groups): its name index holds it. */
static void
check_doc_named(struct check *c, enum store_db db, enum store_db index, uint64_t id)
{
	cJSON *doc = NULL;
	const char *name;
	uint64_t found = 0;
	enum store_rc rc;

	if (!check_rc(c, store_doc_get(c->t, db, id, &doc))) {
		check_problem(c, "%s: %" PRIu64 " does not decode", check_db(db), id);
		return;
	}
	name = doc_str(doc, "name");
	rc = store_name_get(c->t, index, name, &found);
	check_named(c, index, rc, &found, id, name);
	cJSON_Delete(doc);
}

static void
check_role(struct check *c, uint64_t id)
{
	check_doc_named(c, STORE_DB_ROLES, STORE_DB_ROLES_BY_NAME, id);
}

static void
check_usrgrp(struct check *c, uint64_t id)
{
	check_doc_named(c, STORE_DB_USRGRPS, STORE_DB_USRGRPS_BY_NAME, id);
}

struct check_kind {
	enum store_db	 db;
	const char	*what;		/* printed with the count */
	void		(*record)(struct check *, uint64_t);
	enum store_db	 unique[2];	/* its unique indexes: one row per record */
};

static const struct check_kind check_kinds[] = {
	{ STORE_DB_USERS, "users", check_user, { STORE_DB_USERS_BY_NAME, CHECK_NONE } },
	{ STORE_DB_ROLES, "user roles", check_role, { STORE_DB_ROLES_BY_NAME, CHECK_NONE } },
	{ STORE_DB_USRGRPS, "user groups", check_usrgrp,
	    { STORE_DB_USRGRPS_BY_NAME, CHECK_NONE } },
	{ STORE_DB_GROUPS, "host groups", check_group, { STORE_DB_GROUPS_BY_NAME, CHECK_NONE } },
	{ STORE_DB_HOSTS, "hosts and templates", check_host,
	    { STORE_DB_HOSTS_BY_NAME, STORE_DB_HOSTS_BY_VNAME } },
	{ STORE_DB_MACROS, "user macros", check_macro, { CHECK_NONE, CHECK_NONE } },
	{ STORE_DB_INTERFACES, "host interfaces", check_interface, { CHECK_NONE, CHECK_NONE } },
	{ STORE_DB_VALUEMAPS, "value maps", check_valuemap,
	    { STORE_DB_VALUEMAPS_BY_NAME, CHECK_NONE } },
	{ STORE_DB_ITEMS, "items, LLD rules and item prototypes", check_item,
	    { CHECK_NONE, CHECK_NONE } },
	{ STORE_DB_TRIGGERS, "triggers", check_trigger, { CHECK_NONE, CHECK_NONE } },
	{ STORE_DB_GRAPHS, "graphs", check_graph, { CHECK_NONE, CHECK_NONE } },
	{ STORE_DB_DASHBOARDS, "template dashboards", check_dashboard,
	    { STORE_DB_DASHBOARDS_BY_NAME, CHECK_NONE } },
	{ STORE_DB_HTTPTESTS, "web scenarios", check_httptest, { CHECK_NONE, CHECK_NONE } },
};

static void
check_kind_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	const struct check_kind *kind = arg;

	(void)db, (void)v, (void)vlen;
	if (klen == 8)
		kind->record(c, codec_from_be64(k));
}

static void
check_record_kinds(struct check *c)
{
	for (size_t i = 0; i < sizeof check_kinds / sizeof *check_kinds; i++) {
		const struct check_kind *kind = &check_kinds[i];

		check_scan(c, kind->db, check_kind_row, kind);
		for (size_t j = 0; j < 2 && c->rc == STORE_OK; j++) {
			enum store_db ix = kind->unique[j];

			if (ix != CHECK_NONE && c->counted[ix] != c->counted[kind->db])
				check_problem(c, "%s: %zu rows for %zu records", check_db(ix),
				    c->counted[ix], c->counted[kind->db]);
		}
	}
}

/* A row of an index keyed by hostid (be64) + more, whose value is a record the pair db lists
 * under that host (triggers_by_key: host_triggers; graphs_by_name: host_graphs). */
static void
check_host_keyed_row(struct check *c, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen, const void *arg)
{
	const enum store_db *pairs = arg;
	uint64_t hostid, id;

	if (klen <= 8 || vlen != 8)
		return;		/* check_point_row reported it */
	hostid = codec_from_be64(k), id = codec_from_be64(v);
	if (!check_pair_has(c, *pairs, hostid, id))
		check_problem(c, "%s: a row of host %" PRIu64 " names %" PRIu64 ", which %s does "
		    "not list under that host", check_db(db), hostid, id, check_db(*pairs));
}

/* triggers_by_key and graphs_by_name: each row under a host that lists its record, and one
 * row per (host, record) listed. */
static void
check_host_keyed(struct check *c)
{
	static const enum store_db pairs[][2] = {
		{ STORE_DB_TRIGGERS_BY_KEY, STORE_DB_HOST_TRIGGERS },
		{ STORE_DB_GRAPHS_BY_NAME, STORE_DB_HOST_GRAPHS },
	};

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		check_scan(c, pairs[i][0], check_host_keyed_row, &pairs[i][1]);
		if (c->rc == STORE_OK && c->counted[pairs[i][0]] != c->expect[pairs[i][1]])
			check_problem(c, "%s: %zu rows for %zu records listed under their hosts",
			    check_db(pairs[i][0]), c->counted[pairs[i][0]], c->expect[pairs[i][1]]);
	}
}

/* items_by_key holds one row per key: every item but the sharers of a held key. */
static void
check_item_keys(struct check *c)
{
	size_t sharers = c->counted[STORE_DB_ITEM_KEY_SHARERS];

	if (c->rc == STORE_OK && c->counted[STORE_DB_ITEMS_BY_KEY] + sharers !=
	    c->counted[STORE_DB_ITEMS])
		check_problem(c, "items_by_key: %zu rows and %zu sharers for %zu items",
		    c->counted[STORE_DB_ITEMS_BY_KEY], sharers, c->counted[STORE_DB_ITEMS]);
}

static void
check_print_counts(struct check *c)
{
	for (size_t i = 0; i < sizeof check_records / sizeof *check_records; i++)
		fprintf(c->out, "records %-28s %zu\n", check_db(check_records[i].db),
		    c->counted[check_records[i].db]);
	for (size_t i = 0; i < sizeof check_points / sizeof *check_points; i++)
		if (check_points[i].db != STORE_DB_GITEMS)
			fprintf(c->out, "%s %-28s %zu\n", check_points[i].key ? "records" : "index  ",
			    check_db(check_points[i].db), c->counted[check_points[i].db]);
	for (size_t i = 0; i < sizeof check_pairs / sizeof *check_pairs; i++)
		fprintf(c->out, "pairs   %-28s %zu\n", check_db(check_pairs[i].db),
		    c->counted[check_pairs[i].db]);
}

enum store_rc
store_check(struct store *st, FILE *out, size_t *problems)
{
	struct check *c = xcalloc(1, sizeof *c);
	enum store_rc rc;
	uint32_t version = 0;

	*problems = 0;
	c->out = out;
	if ((rc = store_txn_read(st, &c->t)) != STORE_OK) {
		free(c);
		return rc;
	}
	if ((rc = store_schema_get(c->t, &version)) == STORE_OK)
		fprintf(out, "schema version %u\n", version);
	else if (!check_rc(c, rc))
		check_problem(c, "meta: no readable schema version");
	check_sequences(c);
	check_pointers(c);
	check_record_kinds(c);
	check_pair_dbs(c);
	check_item_keys(c);
	check_host_keyed(c);
	if (c->rc == STORE_OK)
		check_print_counts(c);
	store_txn_abort(c->t);
	*problems = c->problems;
	rc = c->rc;
	free(c);
	return rc;
}
