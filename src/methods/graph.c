/* graph.c: graph.create/update/delete and graphprototype.create/update/delete with Zabbix
 * 6.0's checks (CGraph, CGraphPrototype and CGraphGeneral: loose, by hand, in its order and
 * texts), and their inheritance: one code path, told apart by a flavor. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define GRAPH_NAME_LEN	128

/* One object of a call: the stored graph (update), the graph it becomes, its template. */
struct graph_in {
	const cJSON	*obj;
	struct graph	 old, new;
	uint64_t	 tmpl;		/* the template its items are on; 0: none */
	bool		 loaded;
};

/* What tells graphs and graph prototypes apart: the flags they are stored with, the item
 * flags their gitems may have, and the word of their error texts. */
struct graph_flavor {
	const struct inherit_kind *kind;
	uint8_t		 flags;
	bool		 protos;	/* item prototypes allowed (and one needed) */
	const char	*word, *Word;	/* "graph" / "graph prototype", capitalised */
};

static const struct graph_flavor graph_flavor_graph = { &inherit_kind_graph, GRAPH_FLAG_NORMAL,
	false, "graph", "Graph" };
static const struct graph_flavor graph_flavor_proto = { &inherit_kind_graphproto,
	GRAPH_FLAG_PROTOTYPE, true, "graph prototype", "Graph prototype" };

struct graph_call {
	const struct graph_flavor *fl;
	struct rpc_call	*call;
	struct graph_in	*in;
	size_t		 n;
	bool		 update;
};

static void
graph_call_free(struct graph_call *gc)
{
	for (size_t i = 0; i < gc->n; i++) {
		graph_free(&gc->in[i].old);
		graph_free(&gc->in[i].new);
	}
	free(gc->in);
}

static const cJSON *
graph_member(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

/* PHP's isset: present and not null. */
static bool
graph_isset(const cJSON *obj, const char *name)
{
	const cJSON *v = graph_member(obj, name);

	return v != NULL && !cJSON_IsNull(v);
}

/* A value as PHP's loose == compares it with a small integer. */
static bool
graph_is_int(const cJSON *v, int want)
{
	char *text = util_json_scalar_text(v, "0"), *end;
	double d;
	bool eq;

	if (text == NULL)
		return false;
	d = strtod(text, &end);
	eq = end != text && *end == '\0' && d == want;
	free(text);
	return eq;
}

/* The graph's name as messages quote it: the sent one, else the stored one. */
static const char *
graph_in_name(const struct graph_in *in)
{
	const cJSON *v = graph_member(in->obj, "name");

	if (cJSON_IsString(v))
		return v->valuestring;
	return in->new.f[GRAPH_F_NAME] != NULL ? in->new.f[GRAPH_F_NAME] : "";
}

/* A sent value as the column keeps it. */
static char *
graph_value_text(const cJSON *v, unsigned kind)
{
	char *text = util_json_scalar_text(v, "0"), *out;

	if (text == NULL || kind == GRAPH_FD_TEXT)
		return text != NULL ? text : xstrdup("");
	out = kind == GRAPH_FD_INT ? graph_int_text(strtod(text, NULL)) :
	    graph_float_text(strtod(text, NULL));
	free(text);
	return out;
}

static void
graph_take_field(char **field, const cJSON *v, unsigned kind)
{
	char *text = graph_value_text(v, kind);

	free(*field);
	*field = text;
}

/* ---- the items a call names ---- */

/* An item a graph may use: a plain or discovered item, with its host's status. */
struct graph_item_info {
	bool		 found, proto;
	uint64_t	 hostid, ruleid;	/* ruleid: a prototype's LLD rule */
	bool		 on_template, numeric;
	char		*name;
};

static int
graph_item_info(struct graph_call *gc, const cJSON *idv, struct graph_item_info *gi)
{
	struct rpc_call *call = gc->call;
	struct item it;
	struct host h;
	uint64_t id;
	int rc;

	memset(gi, 0, sizeof *gi);
	if (!id_from_json(idv, &id) || (rc = store_item_get(call->txn, id, &it)) == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	gi->proto = strcmp(it.f[ITEM_F_FLAGS], "2") == 0;
	if (gi->proto && gc->fl->protos && (rc = store_lld_doc_load(call->txn, &it)) == STORE_OK)
		util_parse_u64(lld_doc_str(it.lld, "ruleid"), &gi->ruleid);
	if (rc == STORE_OK && (strcmp(it.f[ITEM_F_FLAGS], "0") == 0 ||
	    strcmp(it.f[ITEM_F_FLAGS], "4") == 0 || (gi->proto && gc->fl->protos)) &&
	    (rc = perm_host_allows(call->txn, call->rights, it.hostid, true, &gi->found)) ==
	    STORE_OK && gi->found) {
		gi->hostid = it.hostid;
		gi->numeric = strcmp(it.f[ITEM_F_VALUE_TYPE], "0") == 0 ||
		    strcmp(it.f[ITEM_F_VALUE_TYPE], "3") == 0;
		gi->name = xstrdup(it.f[ITEM_F_NAME]);
		if ((rc = store_host_get(call->txn, it.hostid, &h)) == STORE_OK) {
			gi->on_template = host_is_template(&h);
			host_free(&h);
		}
	}
	item_free(&it);
	return rc;
}

/* An item that must be there (validateItems): -32602 NO_PERMISSIONS when it is not. */
static int
graph_item_must(struct graph_call *gc, const cJSON *idv, struct graph_item_info *gi)
{
	int rc = graph_item_info(gc, idv, gi);

	if (rc != STORE_OK)
		return rpc_fail_store(gc->call, rc);
	if (!gi->found)
		return rpc_fail(gc->call, ERR_PARAM, NO_PERMISSIONS);
	return RPC_COMMIT;
}

/* The item of a sent gitem: its itemid, or the stored gitem's (update by gitemid). */
static const cJSON *
graph_gitem_itemid(const cJSON *gitem)
{
	return graph_member(gitem, "itemid");
}

/* An axis that reads an item: its type is 2 (item). */
static bool
graph_axis_item(const struct graph_in *in, const char *type_key)
{
	const cJSON *t = graph_member(in->obj, type_key);

	if (t != NULL)
		return graph_is_int(t, GRAPH_YAXIS_ITEM);
	return in->loaded && strcmp(in->new.f[strcmp(type_key, "ymin_type") == 0 ?
	    GRAPH_F_YMIN_TYPE : GRAPH_F_YMAX_TYPE], "2") == 0;
}

/* The axis item as sent, or as stored (update); NULL with *stored set when only stored. */
static const cJSON *
graph_axis_id(const struct graph_in *in, const char *id_key, uint64_t *stored)
{
	*stored = !in->loaded ? 0 : strcmp(id_key, "ymin_itemid") == 0 ? in->old.ymin_itemid :
	    in->old.ymax_itemid;
	return graph_member(in->obj, id_key);
}

/* ---- checks over the whole call, in Zabbix's order ---- */

/* validateItemsCreate / validateItemsUpdate: name, gitems, itemids, axis ids. */
static int
graph_check_shape(struct graph_call *gc, struct graph_in *in)
{
	static const char *const axes[2][2] = { { "ymin_type", "ymin_itemid" },
		{ "ymax_type", "ymax_itemid" } };
	const cJSON *gitems = graph_member(in->obj, "gitems"), *g;

	if (!gc->update && !graph_isset(in->obj, "name"))
		return rpc_fail(gc->call, ERR_PARAM, "Missing \"name\" field for %s.", gc->fl->word);
	if ((!gc->update && !graph_isset(in->obj, "gitems")) || (gitems != NULL &&
	    !cJSON_IsNull(gitems) && (!(cJSON_IsArray(gitems) || cJSON_IsObject(gitems)) ||
	    gitems->child == NULL)))
		return rpc_fail(gc->call, ERR_PARAM, "Missing items for %s \"%s\".",
		    gc->fl->word, graph_in_name(in));
	cJSON_ArrayForEach(g, gitems)
		if (!graph_isset(g, "itemid") && !(gc->update && graph_isset(g, "gitemid")))
			return rpc_fail(gc->call, ERR_PARAM, "Missing \"itemid\" field for item.");
	for (int a = 0; a < 2; a++) {
		uint64_t stored, id;
		const cJSON *v;

		if (!graph_axis_item(in, axes[a][0]))
			continue;
		v = graph_axis_id(in, axes[a][1], &stored);
		if (v == NULL && gc->update)
			continue;
		if (!id_from_json(v, &id))
			return rpc_fail(gc->call, ERR_PARAM, "Invalid parameter \"%s\": a number is "
			    "expected.", axes[a][1]);
	}
	return RPC_COMMIT;
}

/* validateItems: every item named exists; gitems and axis items are numeric. */
static int
graph_check_items(struct graph_call *gc, struct graph_in *in)
{
	static const char *const axes[2][2] = { { "ymin_type", "ymin_itemid" },
		{ "ymax_type", "ymax_itemid" } };
	struct graph_item_info gi;
	const char *bad = NULL;
	char *badname = NULL;
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && bad == NULL && i < in->new.n; i++) {
		char idbuf[24];
		cJSON *idv = cJSON_CreateString(id_to_str(in->new.gi[i].itemid, idbuf));

		if ((rc = graph_item_must(gc, idv, &gi)) == RPC_COMMIT && !gi.numeric)
			bad = badname = xstrdup(gi.name);
		free(gi.name);
		cJSON_Delete(idv);
	}
	for (int a = 0; rc == RPC_COMMIT && bad == NULL && a < 2; a++) {
		uint64_t stored;
		const cJSON *v = graph_axis_id(in, axes[a][1], &stored);

		if (!graph_axis_item(in, axes[a][0]) || v == NULL || graph_is_int(v, 0))
			continue;
		if ((rc = graph_item_must(gc, v, &gi)) == RPC_COMMIT && !gi.numeric)
			bad = badname = xstrdup(gi.name);
		free(gi.name);
	}
	if (rc == RPC_COMMIT && bad != NULL)
		rc = rpc_fail(gc->call, ERR_PARAM, "Cannot add a non-numeric item \"%s\" to %s "
		    "\"%s\".", bad, gc->fl->word, graph_in_name(in));
	free(badname);
	return rc;
}

/* checkDiscoveryRuleCount: a prototype's gitems (when sent) hold item prototypes of exactly
 * one LLD rule. */
static int
graph_check_rules(struct graph_call *gc, struct graph_in *in)
{
	struct id_list rules = { 0 };
	size_t n;
	int rc = RPC_COMMIT;

	if (!gc->fl->protos || (gc->update && graph_member(in->obj, "gitems") == NULL))
		return RPC_COMMIT;
	for (size_t i = 0; rc == RPC_COMMIT && i < in->new.n; i++) {
		struct graph_item_info gi;
		char idbuf[24];
		cJSON *idv = cJSON_CreateString(id_to_str(in->new.gi[i].itemid, idbuf));

		if ((rc = graph_item_must(gc, idv, &gi)) == RPC_COMMIT && gi.proto)
			id_list_add_unique(&rules, gi.ruleid);
		free(gi.name);
		cJSON_Delete(idv);
	}
	n = rules.n;
	id_list_free(&rules);
	if (rc == RPC_COMMIT && n > 1)
		rc = rpc_fail(gc->call, ERR_PARAM, "Graph prototype \"%s\" contains item prototypes "
		    "from multiple discovery rules.", graph_in_name(in));
	else if (rc == RPC_COMMIT && n == 0)
		rc = rpc_fail(gc->call, ERR_PARAM, "Graph prototype \"%s\" must have at least one "
		    "item prototype.", graph_in_name(in));
	return rc;
}

/* The hosts of the gitems (and in *tmpl the first template among them). */
static void
graph_in_hosts(const struct graph_in *in, struct id_list *hosts)
{
	store_graph_hosts(&in->new, hosts);
}

static int
graph_check_colors(struct graph_call *gc, const struct graph_in *in)
{
	const cJSON *g;

	cJSON_ArrayForEach(g, graph_member(in->obj, "gitems")) {
		const cJSON *c = graph_member(g, "color");
		char *text;
		int rc = RPC_COMMIT;

		if (c == NULL || cJSON_IsNull(c)) {
			if (!gc->update)
				return rpc_fail(gc->call, ERR_PARAM, "No \"color\" given for %s.",
				    gc->fl->word);
			continue;
		}
		text = util_json_scalar_text(c, "");
		if (text == NULL || *text == '\0')
			rc = rpc_fail(gc->call, ERR_PARAM, "Empty color.");
		else if (!graph_color_valid(text))
			rc = rpc_fail(gc->call, ERR_PARAM, "Color \"%s\" is not correct: expecting "
			    "hexadecimal color code (6 symbols).", text);
		free(text);
		if (rc != RPC_COMMIT)
			return rc;
	}
	return RPC_COMMIT;
}

/* API_UUID: 32 hexadecimal digits (either case) of a version 4 UUID. */
static char *
graph_check_uuid(const cJSON *v)
{
	const char *s = v->valuestring;
	size_t n = util_utf8_len(s);
	int hi[2];

	if (n != 32)
		return xstrdup("must be 32 characters long");
	for (size_t i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return xstrdup("UUIDv4 is expected");
	for (int k = 0; k < 2; k++) {
		char c = (char)tolower((unsigned char)s[k == 0 ? 12 : 16]);

		hi[k] = c <= '9' ? c - '0' : c - 'a' + 10;
	}
	if (hi[0] != 4 || (hi[1] & 0xc) != 0x8)
		return xstrdup("UUIDv4 is expected");
	return NULL;
}

/* checkNoParameters, the name and uuid rules. */
static int
graph_check_fields(struct graph_call *gc, const struct graph_in *in, size_t idx)
{
	static const struct rule name_rule = { .type = RULE_STRING, .flags = RULE_NOT_EMPTY,
		.length = GRAPH_NAME_LEN };
	static const struct rule uuid_rule = { .type = RULE_STRING, .flags = RULE_NOT_EMPTY,
		.check = graph_check_uuid };
	static const char *const ro[] = { "templateid", "flags" };
	char path[48], *cause = NULL;
	cJSON *v;

	for (size_t i = 0; i < 2; i++)
		if (graph_member(in->obj, ro[i]) != NULL)
			return rpc_fail(gc->call, ERR_PARAM, "Cannot %s \"%s\" for %s \"%s\".",
			    gc->update ? "update" : "set", ro[i], gc->fl->word, graph_in_name(in));
	if ((v = (cJSON *)(uintptr_t)graph_member(in->obj, "uuid")) != NULL) {
		snprintf(path, sizeof path, "/%zu/uuid", idx + 1);
		if (validate_at(&uuid_rule, v, path, &cause) != ERR_NONE)
			return rpc_fail_take(gc->call, ERR_PARAM, cause);
	}
	if ((v = (cJSON *)(uintptr_t)graph_member(in->obj, "name")) != NULL) {
		snprintf(path, sizeof path, "/%zu/name", idx + 1);
		if (validate_at(&name_rule, v, path, &cause) != ERR_NONE)
			return rpc_fail_take(gc->call, ERR_PARAM, cause);
	}
	return RPC_COMMIT;
}

/* The template of the graph's items; items of a template mixed with others refuse. On
 * update only the new items are checked, against the host of the first stored one. */
static int
graph_check_hosts(struct graph_call *gc, struct graph_in *in)
{
	struct id_list hosts = { 0 };
	int rc = RPC_COMMIT;

	if (gc->update) {
		struct host h;
		uint64_t first = in->old.n > 0 ? in->old.gi[0].hostid : in->old.hostid;

		if ((rc = store_host_get(gc->call->txn, first, &h)) != STORE_OK)
			return rpc_fail_store(gc->call, rc);
		in->tmpl = host_is_template(&h) ? first : 0;
		host_free(&h);
		for (size_t i = 0; in->tmpl != 0 && i < in->new.n; i++)
			if (in->new.gi[i].gitemid == 0)
				id_list_add_unique(&hosts, in->new.gi[i].hostid);
		if (in->tmpl != 0 && hosts.n > 0 && (hosts.n > 1 || hosts.ids[0] != in->tmpl))
			rc = RPC_ROLLBACK;
	} else {
		graph_in_hosts(in, &hosts);
		for (size_t i = 0; in->tmpl == 0 && i < hosts.n; i++) {
			struct host h;

			if (store_host_get(gc->call->txn, hosts.ids[i], &h) != STORE_OK)
				continue;
			if (host_is_template(&h))
				in->tmpl = hosts.ids[i];
			host_free(&h);
		}
		if (in->tmpl != 0 && hosts.n > 1)
			rc = RPC_ROLLBACK;
	}
	id_list_free(&hosts);
	if (rc != RPC_COMMIT)
		return rpc_fail(gc->call, ERR_PARAM, "%s \"%s\" with templated items cannot "
		    "contain items from other hosts.", gc->fl->Word, graph_in_name(in));
	return RPC_COMMIT;
}

/* PHP 8's $a >= $b for two numeric texts, or, when one is absent (null), as booleans. */
static bool
graph_php_ge(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL && strtod(a, NULL) != 0) >= (b != NULL && strtod(b, NULL) != 0);
	return strtod(a, NULL) >= strtod(b, NULL);
}

/* A member sent, as text, else the stored one on update; NULL when neither. */
static char *
graph_sent_or_stored(const struct graph_in *in, const char *name, enum graph_field f)
{
	const cJSON *v = graph_member(in->obj, name);

	if (v != NULL && !cJSON_IsNull(v))
		return util_json_scalar_text(v, "");
	return in->loaded ? xstrdup(in->new.f[f]) : NULL;
}

/* checkAxisItems: item axes on numeric items of the graph's template (or of hosts), one
 * "Graph sum" item on a pie, fixed min below max. */
static int
graph_check_axis(struct graph_call *gc, struct graph_in *in)
{
	struct id_list axis = { 0 };
	size_t ok = 0, sums = 0;
	const cJSON *g;
	const struct graph *ng = &in->new;
	int rc = RPC_COMMIT;
	bool flat;

	if (graph_axis_item(in, "ymin_type") && (!gc->update || ng->ymin_itemid != in->old.ymin_itemid))
		id_list_add_unique(&axis, ng->ymin_itemid);
	if (graph_axis_item(in, "ymax_type") && (!gc->update || ng->ymax_itemid != in->old.ymax_itemid))
		id_list_add_unique(&axis, ng->ymax_itemid);
	for (size_t i = 0; rc == RPC_COMMIT && i < axis.n; i++) {
		struct graph_item_info gi;
		char buf[24];
		cJSON *idv = cJSON_CreateString(id_to_str(axis.ids[i], buf));

		if ((rc = graph_item_info(gc, idv, &gi)) != STORE_OK)
			rc = rpc_fail_store(gc->call, rc);
		else if (gi.found && gi.numeric && (in->tmpl != 0 ? gi.hostid == in->tmpl :
		    !gi.on_template))
			ok++;
		free(gi.name);
		cJSON_Delete(idv);
	}
	if (rc == RPC_COMMIT && ok != axis.n)
		rc = rpc_fail(gc->call, ERR_PARAM, "Incorrect item for axis value.");
	id_list_free(&axis);
	if (rc != RPC_COMMIT)
		return rc;
	if (strcmp(ng->f[GRAPH_F_GRAPHTYPE], "2") == 0 || strcmp(ng->f[GRAPH_F_GRAPHTYPE], "3") == 0) {
		cJSON_ArrayForEach(g, graph_member(in->obj, "gitems"))
			if (graph_member(g, "type") != NULL && graph_is_int(graph_member(g, "type"),
			    GRAPH_ITEM_SUM))
				sums++;
		if (sums > 1)
			return rpc_fail(gc->call, ERR_PARAM, "Cannot add more than one item with type "
			    "\"Graph sum\" on %s \"%s\".", gc->fl->word, graph_in_name(in));
	}
	flat = (strcmp(ng->f[GRAPH_F_GRAPHTYPE], "0") == 0 ||
	    strcmp(ng->f[GRAPH_F_GRAPHTYPE], "1") == 0) &&
	    strcmp(ng->f[GRAPH_F_YMIN_TYPE], "1") == 0 && strcmp(ng->f[GRAPH_F_YMAX_TYPE], "1") == 0;
	if (flat) {
		char *lo = graph_sent_or_stored(in, "yaxismin", GRAPH_F_YAXISMIN);
		char *hi = graph_sent_or_stored(in, "yaxismax", GRAPH_F_YAXISMAX);
		bool bad = graph_php_ge(lo, hi);

		free(lo);
		free(hi);
		if (bad)
			return rpc_fail(gc->call, ERR_PARAM, "Y axis MAX value must be greater than "
			    "Y axis MIN value.");
	}
	return RPC_COMMIT;
}

/* validateHostsAndTemplates: a name free on each of the graph's hosts (among graphs and
 * prototypes), and not twice on one host in the call. */
static int
graph_check_names(struct graph_call *gc)
{
	struct id_list *seen = xcalloc(gc->n + 1, sizeof *seen);
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++) {
		struct graph_in *in = &gc->in[i];
		const char *name = in->new.f[GRAPH_F_NAME];
		uint64_t other;
		int src = STORE_OK;

		graph_in_hosts(in, &seen[i]);
		for (size_t h = 0; src == STORE_OK && h < seen[i].n; h++)
			if ((src = store_graph_by_name(gc->call->txn, seen[i].ids[h], name, &other)) ==
			    STORE_OK && other != in->new.graphid)
				rc = rpc_fail(gc->call, ERR_PARAM, "Graph with name \"%s\" already exists "
				    "in graphs or graph prototypes.", name);
			else if (src == STORE_ENOTFOUND || src == STORE_OK)
				src = STORE_OK;
		if (src != STORE_OK)
			rc = rpc_fail_store(gc->call, src);
		for (size_t j = 0; rc == RPC_COMMIT && j < i; j++) {
			if (strcmp(gc->in[j].new.f[GRAPH_F_NAME], name) != 0)
				continue;
			for (size_t h = 0; rc == RPC_COMMIT && h < seen[i].n; h++)
				if (id_list_has(&seen[j], seen[i].ids[h]))
					rc = rpc_fail(gc->call, ERR_PARAM, "More than one graph with name "
					    "\"%s\" within host.", name);
		}
	}
	for (size_t i = 0; i < gc->n; i++)
		id_list_free(&seen[i]);
	free(seen);
	return rc;
}

/* ---- the graph an object makes ---- */

/* The sent fields onto in->new (the defaults on create, the stored graph on update). */
static void
graph_take_fields(const struct graph_call *gc, struct graph_in *in)
{
	const cJSON *v;
	uint64_t id;

	for (int f = 0; f < GRAPH_F__COUNT; f++)
		if ((f != GRAPH_F_DISCOVER || gc->fl->protos) && (v = graph_member(in->obj, graph_fields[f].name)) !=
		    NULL && !cJSON_IsNull(v))
			graph_take_field(&in->new.f[f], v, graph_fields[f].kind);
	if (id_from_json(graph_member(in->obj, "ymin_itemid"), &id))
		in->new.ymin_itemid = id;
	if (id_from_json(graph_member(in->obj, "ymax_itemid"), &id))
		in->new.ymax_itemid = id;
}

/* A sent gitem onto gi (a new one, or a stored one sent by gitemid). */
static int
graph_take_gitem(struct graph_call *gc, const cJSON *g, struct graph_item *gi)
{
	struct graph_item_info info;
	const cJSON *v;
	int rc;

	for (int f = 0; f < GITEM_F__COUNT; f++)
		if ((v = graph_member(g, gitem_fields[f].name)) != NULL && !cJSON_IsNull(v))
			graph_take_field(&gi->f[f], v, gitem_fields[f].kind);
	if ((v = graph_gitem_itemid(g)) == NULL)
		return RPC_COMMIT;
	if ((rc = graph_item_info(gc, v, &info)) != STORE_OK)
		return rpc_fail_store(gc->call, rc);
	free(info.name);
	if (!info.found)
		return rpc_fail(gc->call, ERR_PARAM, NO_PERMISSIONS);
	id_from_json(v, &gi->itemid);
	gi->hostid = info.hostid;
	return RPC_COMMIT;
}

/* The gitems a graph ends with: the sent ones (a stored one by gitemid keeps what is not
 * sent; a new one's sortorder is its place among the new ones), or on update without
 * gitems the stored ones. */
static int
graph_take_gitems(struct graph_call *gc, struct graph_in *in)
{
	const cJSON *gitems = graph_member(in->obj, "gitems"), *g;
	int sortorder = 0, rc = RPC_COMMIT;

	if (gitems == NULL || cJSON_IsNull(gitems))
		return RPC_COMMIT;	/* update: the stored ones */
	graph_items_clear(&in->new);
	cJSON_ArrayForEach(g, gitems) {
		struct graph_item *gi = graph_item_add(&in->new);
		uint64_t gid;

		if (gc->update && graph_isset(g, "gitemid")) {
			size_t k = 0;

			if (id_from_json(graph_member(g, "gitemid"), &gid))
				while (k < in->old.n && in->old.gi[k].gitemid != gid)
					k++;
			if (!id_from_json(graph_member(g, "gitemid"), &gid) || k == in->old.n)
				return rpc_fail(gc->call, ERR_PARAM, NO_PERMISSIONS);
			for (int f = 0; f < GITEM_F__COUNT; f++)
				graph_item_set(gi, (enum gitem_field)f, in->old.gi[k].f[f]);
			gi->gitemid = gid, gi->itemid = in->old.gi[k].itemid;
			gi->hostid = in->old.gi[k].hostid;
		} else if (graph_member(g, "sortorder") == NULL) {
			char buf[16];

			snprintf(buf, sizeof buf, "%d", sortorder);
			graph_item_set(gi, GITEM_F_SORTORDER, buf);
		}
		if (gi->gitemid == 0)
			sortorder++;
		if ((rc = graph_take_gitem(gc, g, gi)) != RPC_COMMIT)
			return rc;
	}
	return RPC_COMMIT;
}

/* update's cleanup of the axes: an item axis has no fixed value, another no item. */
static void
graph_clean_axes(struct graph *g, bool update)
{
	if (strcmp(g->f[GRAPH_F_YMIN_TYPE], "2") == 0) {
		if (update)
			graph_set(g, GRAPH_F_YAXISMIN, graph_fields[GRAPH_F_YAXISMIN].dflt);
	} else
		g->ymin_itemid = 0;
	if (strcmp(g->f[GRAPH_F_YMAX_TYPE], "2") == 0) {
		if (update)
			graph_set(g, GRAPH_F_YAXISMAX, graph_fields[GRAPH_F_YAXISMAX].dflt);
	} else
		g->ymax_itemid = 0;
}

/* ---- create ---- */

static int
graph_load_create(struct graph_call *gc, struct graph_in *in)
{
	int rc;

	graph_init(&in->new);
	graph_init(&in->old);
	graph_take_fields(gc, in);
	if ((rc = graph_take_gitems(gc, in)) != RPC_COMMIT)
		return rc;
	in->new.hostid = in->new.n > 0 ? in->new.gi[0].hostid : 0;
	return RPC_COMMIT;
}

/* uuid: a template's graph has one (sent or new), another none. */
static int
graph_take_uuid(struct graph_call *gc, struct graph_in *in, size_t idx)
{
	char uuid[33];

	if (graph_member(in->obj, "uuid") != NULL && in->tmpl == 0)
		return rpc_fail(gc->call, ERR_PARAM, "Invalid parameter \"/%zu\": unexpected "
		    "parameter \"uuid\".", idx + 1);
	if (in->tmpl != 0 && graph_member(in->obj, "uuid") == NULL) {
		if (host_uuid_new(uuid) != 0)
			return rpc_fail(gc->call, ERR_INTERNAL, "Internal error.");
		graph_set(&in->new, GRAPH_F_UUID, uuid);
	}
	return RPC_COMMIT;
}

/* A uuid sent for a new graph must be new among all graphs and graph prototypes (a scan,
 * only when one is sent). */
static int
graph_check_uuid_free(struct graph_call *gc)
{
	struct id_list ids = { 0 };
	bool sent = false;
	int rc = STORE_OK;

	for (size_t i = 0; i < gc->n; i++)
		sent = sent || graph_member(gc->in[i].obj, "uuid") != NULL;
	if (!sent)
		return RPC_COMMIT;
	rc = store_id_scan(gc->call->txn, STORE_DB_GRAPHS, &ids);
	for (size_t k = 0; rc == STORE_OK && k < ids.n; k++) {
		struct graph g;

		if ((rc = store_graph_get(gc->call->txn, ids.ids[k], &g)) != STORE_OK)
			break;
		for (size_t i = 0; g.f[GRAPH_F_UUID][0] != '\0' && i < gc->n; i++)
			if (graph_member(gc->in[i].obj, "uuid") != NULL &&
			    strcmp(gc->in[i].new.f[GRAPH_F_UUID], g.f[GRAPH_F_UUID]) == 0)
				rc = -1;
		if (rc == -1)
			rpc_fail(gc->call, ERR_PARAM, "Entry with UUID \"%s\" already exists.",
			    g.f[GRAPH_F_UUID]);
		graph_free(&g);
	}
	id_list_free(&ids);
	if (rc == -1)
		return RPC_ROLLBACK;
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(gc->call, rc);
}

/* The checks of every object in Zabbix's order: each stage over the whole call. */
static int
graph_check_all(struct graph_call *gc)
{
	int rc = RPC_COMMIT;

	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++)
		rc = graph_check_shape(gc, &gc->in[i]);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++)
		if ((rc = gc->update ? RPC_COMMIT : graph_load_create(gc, &gc->in[i])) ==
		    RPC_COMMIT)
			graph_clean_axes(&gc->in[i].new, false);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++)
		rc = graph_check_items(gc, &gc->in[i]);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++)
		rc = graph_check_rules(gc, &gc->in[i]);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++) {
		struct graph_in *in = &gc->in[i];

		if ((rc = graph_check_fields(gc, in, i)) == RPC_COMMIT &&
		    (rc = graph_check_hosts(gc, in)) == RPC_COMMIT &&
		    (rc = graph_check_colors(gc, in)) == RPC_COMMIT)
			rc = graph_check_axis(gc, in);
	}
	if (rc == RPC_COMMIT)
		rc = graph_check_names(gc);
	for (size_t i = 0; rc == RPC_COMMIT && !gc->update && i < gc->n; i++)
		rc = graph_take_uuid(gc, &gc->in[i], i);
	if (rc == RPC_COMMIT && !gc->update)
		rc = graph_check_uuid_free(gc);
	return rc;
}

/* params as an array of objects (zbx_toArray); none: no graphs. */
static void
graph_call_init(struct graph_call *gc, struct rpc_call *call, const cJSON *params, bool update,
    const struct graph_flavor *fl)
{
	const cJSON *e;
	size_t i = 0;

	memset(gc, 0, sizeof *gc);
	gc->call = call, gc->update = update, gc->fl = fl;
	gc->n = (size_t)cJSON_GetArraySize(params);
	gc->in = xcalloc(gc->n + 1, sizeof *gc->in);
	cJSON_ArrayForEach(e, params)
		gc->in[i++].obj = e;
}

static enum rpc_result
graph_answer(struct graph_call *gc, int rc)
{
	struct id_list ids = { 0 };

	for (size_t i = 0; rc == RPC_COMMIT && i < gc->n; i++)
		id_list_add(&ids, gc->in[i].new.graphid);
	if (rc == RPC_COMMIT)
		rpc_ok(gc->call, rpc_result_ids("graphids", ids.ids, ids.n));
	id_list_free(&ids);
	graph_call_free(gc);
	return rc;
}

static enum rpc_result
graph_create_run(struct rpc_call *call, cJSON *params, const struct graph_flavor *fl)
{
	struct graph_call gc;
	int rc;

	graph_call_init(&gc, call, params, false, fl);
	rc = graph_check_all(&gc);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc.n; i++) {
		struct graph *g = &gc.in[i].new;

		g->flags = fl->flags;
		if ((rc = store_graph_create(call->txn, g)) != STORE_OK)
			rc = rpc_fail_store(call, rc);
		else
			rc = method_done(inherit_created(call->txn, fl->kind, g, 1,
			    &call->err));
	}
	return graph_answer(&gc, rc);
}

/* Whether the caller may edit the graph: its rights on every host of its items (*ok). */
static int
graph_editable(struct rpc_call *call, const struct graph *g, bool *ok)
{
	struct id_list hosts = { 0 };
	int rc;

	store_graph_hosts(g, &hosts);
	rc = access_hosts_allow(call, &hosts, true, ok);
	id_list_free(&hosts);
	return rc;
}

/* ---- update ---- */

/* The stored graph an update names (of the flavor), not an inherited graph. */
static int
graph_load_update(struct graph_call *gc, struct graph_in *in)
{
	uint64_t id;
	bool ok = true;
	int rc;

	if (!id_from_json(graph_member(in->obj, "graphid"), &id) ||
	    (rc = store_graph_get(gc->call->txn, id, &in->old)) == STORE_ENOTFOUND)
		return rpc_fail(gc->call, ERR_PARAM, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(gc->call, rc);
	in->loaded = true;
	graph_dup(&in->new, &in->old);
	if ((rc = graph_editable(gc->call, &in->old, &ok)) != STORE_OK)
		return rpc_fail_store(gc->call, rc);
	if (in->old.flags != gc->fl->flags || !ok)
		return rpc_fail(gc->call, ERR_PARAM, NO_PERMISSIONS);
	if (in->old.templateid != 0 && !gc->fl->protos)
		return rpc_fail(gc->call, ERR_PARAM, "Cannot update a templated graph \"%s\".",
		    graph_in_name(in));
	graph_take_fields(gc, in);
	return graph_take_gitems(gc, in);
}

static enum rpc_result
graph_update_run(struct rpc_call *call, cJSON *params, const struct graph_flavor *fl)
{
	struct graph_call gc;
	int rc = RPC_COMMIT;

	graph_call_init(&gc, call, params, true, fl);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc.n; i++)
		rc = graph_load_update(&gc, &gc.in[i]);
	if (rc == RPC_COMMIT)
		rc = graph_check_all(&gc);
	for (size_t i = 0; rc == RPC_COMMIT && i < gc.n; i++) {
		struct graph_in *in = &gc.in[i];

		graph_clean_axes(&in->new, true);
		in->new.hostid = in->new.n > 0 ? in->new.gi[0].hostid : in->old.hostid;
		if ((rc = store_graph_update(call->txn, &in->old, &in->new)) != STORE_OK)
			rc = rpc_fail_store(call, rc);
		else
			rc = method_done(inherit_edited(call->txn, fl->kind, &in->new,
			    &(struct inherit_graph_edit){ call->txn }, &call->err));
	}
	return graph_answer(&gc, rc);
}

/* ---- delete ---- */

/* One graph (or prototype) of a delete: known, of the flavour, editable, not inherited. */
static int
graph_delete_check(struct rpc_call *call, uint64_t id, const void *ctx)
{
	const struct graph_flavor *fl = ctx;
	struct graph g;
	bool ok = true;
	int src, rc = RPC_COMMIT;

	if ((src = store_graph_get(call->txn, id, &g)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (src != STORE_OK)
		return rpc_fail_store(call, src);
	if ((src = graph_editable(call, &g, &ok)) != STORE_OK)
		rc = rpc_fail_store(call, src);
	else if (g.flags != fl->flags || !ok)
		rc = rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	else if (g.templateid != 0)
		rc = rpc_fail(call, ERR_PARAM, "Cannot delete templated %s.", fl->word);
	graph_free(&g);
	return rc;
}

static enum rpc_result
graph_delete_run(struct rpc_call *call, cJSON *params, const struct graph_flavor *fl)
{
	const struct method_delete d = { .key = "graphids", .check = graph_delete_check,
		.kind = fl->kind, .ctx = fl };

	return method_delete_run(call, params, &d);
}

/* CGraph checks its objects by hand: lenient rules that declare the fields (unknown ones
 * are accepted, as Zabbix accepts them) and leave every check and text to the method. */
#define GRAPH_RULE_ANY(name)	{ name, { .type = RULE_ANY } }
#define GRAPH_RULE_FIELDS \
	GRAPH_RULE_ANY("name"), GRAPH_RULE_ANY("width"), GRAPH_RULE_ANY("height"), \
	GRAPH_RULE_ANY("yaxismin"), GRAPH_RULE_ANY("yaxismax"), \
	GRAPH_RULE_ANY("show_work_period"), GRAPH_RULE_ANY("show_triggers"), \
	GRAPH_RULE_ANY("graphtype"), GRAPH_RULE_ANY("show_legend"), GRAPH_RULE_ANY("show_3d"), \
	GRAPH_RULE_ANY("percent_left"), GRAPH_RULE_ANY("percent_right"), \
	GRAPH_RULE_ANY("ymin_type"), GRAPH_RULE_ANY("ymax_type"), GRAPH_RULE_ANY("ymin_itemid"), \
	GRAPH_RULE_ANY("ymax_itemid"), GRAPH_RULE_ANY("uuid"), GRAPH_RULE_ANY("gitems")
static const struct rule_field graph_create_fields[] = {
	GRAPH_RULE_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule_field graph_update_fields[] = {
	GRAPH_RULE_ANY("graphid"), GRAPH_RULE_FIELDS,
	{ NULL, { 0 } },
};
static const struct rule graph_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = graph_create_fields };
static const struct rule graph_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = graph_update_fields };
static const struct rule graph_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT | RULE_NORMALIZE, .elem = &graph_create_elem };
static const struct rule graph_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT | RULE_NORMALIZE, .elem = &graph_update_elem };
static const struct rule_field graphproto_create_fields[] = {
	GRAPH_RULE_FIELDS, GRAPH_RULE_ANY("discover"),
	{ NULL, { 0 } },
};
static const struct rule_field graphproto_update_fields[] = {
	GRAPH_RULE_ANY("graphid"), GRAPH_RULE_FIELDS, GRAPH_RULE_ANY("discover"),
	{ NULL, { 0 } },
};
static const struct rule graphproto_create_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = graphproto_create_fields };
static const struct rule graphproto_update_elem = { .type = RULE_OBJECT, .flags = RULE_LENIENT,
	.fields = graphproto_update_fields };
static const struct rule graphproto_create_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT | RULE_NORMALIZE, .elem = &graphproto_create_elem };
static const struct rule graphproto_update_params = { .type = RULE_OBJECTS,
	.flags = RULE_LENIENT | RULE_NORMALIZE, .elem = &graphproto_update_elem };
static const struct rule graph_delete_params = { .type = RULE_IDS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .uniq = rule_uniq_ids };

static enum rpc_result
graph_create_exec(struct rpc_call *call, cJSON *params)
{
	return graph_create_run(call, params, &graph_flavor_graph);
}

static enum rpc_result
graph_update_exec(struct rpc_call *call, cJSON *params)
{
	return graph_update_run(call, params, &graph_flavor_graph);
}

static enum rpc_result
graph_delete_exec(struct rpc_call *call, cJSON *params)
{
	return graph_delete_run(call, params, &graph_flavor_graph);
}

static enum rpc_result
graphprototype_create_exec(struct rpc_call *call, cJSON *params)
{
	return graph_create_run(call, params, &graph_flavor_proto);
}

static enum rpc_result
graphprototype_update_exec(struct rpc_call *call, cJSON *params)
{
	return graph_update_run(call, params, &graph_flavor_proto);
}

static enum rpc_result
graphprototype_delete_exec(struct rpc_call *call, cJSON *params)
{
	return graph_delete_run(call, params, &graph_flavor_proto);
}

const struct rpc_method method_graph_create = {
	.name = "graph.create", .flags = RPC_WRITE, .params = &graph_create_params,
	.exec = graph_create_exec,
};

const struct rpc_method method_graph_update = {
	.name = "graph.update", .flags = RPC_WRITE, .params = &graph_update_params,
	.exec = graph_update_exec,
};

const struct rpc_method method_graph_delete = {
	.name = "graph.delete", .flags = RPC_WRITE, .params = &graph_delete_params,
	.exec = graph_delete_exec,
};

const struct rpc_method method_graphprototype_create = {
	.name = "graphprototype.create", .flags = RPC_WRITE, .params = &graphproto_create_params,
	.exec = graphprototype_create_exec,
};

const struct rpc_method method_graphprototype_update = {
	.name = "graphprototype.update", .flags = RPC_WRITE, .params = &graphproto_update_params,
	.exec = graphprototype_update_exec,
};

const struct rpc_method method_graphprototype_delete = {
	.name = "graphprototype.delete", .flags = RPC_WRITE, .params = &graph_delete_params,
	.exec = graphprototype_delete_exec,
};
