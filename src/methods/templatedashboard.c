/* templatedashboard.c: templatedashboard.create, .update and .delete with Zabbix 6.0's checks (CTemplateDashboard, CDashboardGeneral) and its texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* ---- rules ---- */

#define DASH_PERIODS	"10,30,60,120,600,1800,3600"

static const char *const dash_create_uniq[] = { "uuid", "templateid,name", NULL };
static const char *const dash_update_uniq[] = { "dashboardid", NULL };
static const char *const dash_page_uniq[] = { "dashboard_pageid", NULL };
static const char *const dash_widget_uniq[] = { "widgetid", NULL };
static const char *const dash_ids_uniq[] = { "", NULL };

/* value: its rule depends on the field's type (dash_check_values) */
static const struct rule_field dash_field_fields[] = {
	{ "type", { .type = RULE_INT32, .flags = RULE_REQUIRED, .in = "0,1,2,3,4,5,6,7,8,9,10" } },
	{ "name", { .type = RULE_STRING, .length = DASHBOARD_NAME_LEN, .dflt = "" } },
	{ "value", { .type = RULE_ANY, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule dash_field_elem = { .type = RULE_OBJECT, .fields = dash_field_fields };

/* The members of a widget; create requires its type. */
#define DASH_WIDGET_FIELDS(typeflags) \
	{ "type", { .type = RULE_STRING, .flags = (typeflags) | RULE_NOT_EMPTY, \
	    .length = DASHBOARD_NAME_LEN } }, \
	{ "name", { .type = RULE_STRING, .length = DASHBOARD_NAME_LEN } }, \
	{ "view_mode", { .type = RULE_INT32, .in = "0,1" } }, \
	{ "x", { .type = RULE_INT32, .in = "0:23" } }, \
	{ "y", { .type = RULE_INT32, .in = "0:62" } }, \
	{ "width", { .type = RULE_INT32, .in = "1:24" } }, \
	{ "height", { .type = RULE_INT32, .in = "2:32" } }, \
	{ "fields", { .type = RULE_OBJECTS, .elem = &dash_field_elem } }

static const struct rule_field dash_widget_create_fields[] = {
	DASH_WIDGET_FIELDS(RULE_REQUIRED),
	{ NULL, { 0 } },
};
static const struct rule dash_widget_create_elem = {
	.type = RULE_OBJECT, .fields = dash_widget_create_fields,
};
static const struct rule_field dash_widget_update_fields[] = {
	{ "widgetid", { .type = RULE_ID } },
	DASH_WIDGET_FIELDS(0),
	{ NULL, { 0 } },
};
static const struct rule dash_widget_update_elem = {
	.type = RULE_OBJECT, .fields = dash_widget_update_fields,
};

static const struct rule_field dash_page_create_fields[] = {
	{ "name", { .type = RULE_STRING, .length = DASHBOARD_NAME_LEN } },
	{ "display_period", { .type = RULE_INT32, .in = "0," DASH_PERIODS } },
	{ "widgets", { .type = RULE_OBJECTS, .elem = &dash_widget_create_elem } },
	{ NULL, { 0 } },
};
static const struct rule dash_page_create_elem = {
	.type = RULE_OBJECT, .fields = dash_page_create_fields,
};
static const struct rule_field dash_page_update_fields[] = {
	{ "dashboard_pageid", { .type = RULE_ID } },
	{ "name", { .type = RULE_STRING, .length = DASHBOARD_NAME_LEN } },
	{ "display_period", { .type = RULE_INT32, .in = "0," DASH_PERIODS } },
	{ "widgets", { .type = RULE_OBJECTS, .elem = &dash_widget_update_elem,
	    .uniq = dash_widget_uniq } },
	{ NULL, { 0 } },
};
static const struct rule dash_page_update_elem = {
	.type = RULE_OBJECT, .fields = dash_page_update_fields,
};

#define DASH_PAGES_MAX_FAIL \
	.max = DASHBOARD_MAX_PAGES, .max_fail = { .what = "maximum number of array elements is 50" }

static const struct rule_field dash_create_fields[] = {
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } },
	{ "name", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .length = DASHBOARD_NAME_LEN } },
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "display_period", { .type = RULE_INT32, .in = DASH_PERIODS } },
	{ "auto_start", { .type = RULE_INT32, .in = "0,1" } },
	{ "pages", { .type = RULE_OBJECTS, .flags = RULE_REQUIRED | RULE_NOT_EMPTY,
	    .elem = &dash_page_create_elem, DASH_PAGES_MAX_FAIL } },
	{ NULL, { 0 } },
};
static const struct rule dash_create_elem = { .type = RULE_OBJECT, .fields = dash_create_fields };
static const struct rule dash_create_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &dash_create_elem, .uniq = dash_create_uniq,
};

static const struct rule_field dash_update_fields[] = {
	{ "uuid", { .type = RULE_STRING, .check = host_rule_check_uuid } },
	{ "dashboardid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ "name", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = DASHBOARD_NAME_LEN } },
	{ "display_period", { .type = RULE_INT32, .in = DASH_PERIODS } },
	{ "auto_start", { .type = RULE_INT32, .in = "0,1" } },
	{ "pages", { .type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY,
	    .elem = &dash_page_update_elem, .uniq = dash_page_uniq, DASH_PAGES_MAX_FAIL } },
	{ NULL, { 0 } },
};
static const struct rule dash_update_elem = { .type = RULE_OBJECT, .fields = dash_update_fields };
static const struct rule dash_update_params = {
	.type = RULE_OBJECTS, .flags = RULE_NOT_EMPTY | RULE_NORMALIZE,
	.elem = &dash_update_elem, .uniq = dash_update_uniq,
};

static const struct rule dash_delete_params = {
	.type = RULE_IDS, .flags = RULE_NOT_EMPTY, .uniq = dash_ids_uniq,
};

/* The rule of a widget field's value by its type: an integer, a string, an id. */
static const struct rule dash_value_int = { .type = RULE_INT32 };
static const struct rule dash_value_str = { .type = RULE_STRING, .length = DASHBOARD_NAME_LEN };
static const struct rule dash_value_id = { .type = RULE_ID };

/* ---- reading params ---- */

static const cJSON *
dash_get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* An integer member (a JSON number or a numeric string, already checked) into *out when
 * present. */
static void
dash_take_int(const cJSON *obj, const char *key, int32_t *out)
{
	const cJSON *v = dash_get(obj, key);

	if (cJSON_IsNumber(v))
		*out = (int32_t)v->valuedouble;
	else if (cJSON_IsString(v))
		*out = (int32_t)strtol(v->valuestring, NULL, 10);
}

static void
dash_take_str(const cJSON *obj, const char *key, char **out)
{
	const cJSON *v = dash_get(obj, key);

	if (cJSON_IsString(v))
		dashboard_set_str(out, v->valuestring);
}

static uint32_t
dash_field_type(const cJSON *f)
{
	int32_t t = 0;

	dash_take_int(f, "type", &t);
	return (uint32_t)t;
}

/* A field's value (checked by dash_check_values) as its stored text (heap). */
static char *
dash_field_value(const cJSON *f)
{
	const cJSON *v = dash_get(f, "value");
	int32_t n = 0;

	if (dash_field_type(f) != DASHBOARD_FIELD_INT32)
		return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
	dash_take_int(f, "value", &n);
	return xasprintf("%d", (int)n);
}

/* Every widget field's value against the rule of its type (Zabbix's API_MULTIPLE), with
 * its path; ids are normalised to strings in place. */
static int
dash_check_values(struct rpc_call *call, cJSON *obj, size_t i)
{
	const cJSON *page, *widget;
	cJSON *field;
	size_t pi = 0;

	cJSON_ArrayForEach(page, dash_get(obj, "pages")) {
		size_t wi = 0;

		pi++;
		cJSON_ArrayForEach(widget, dash_get(page, "widgets")) {
			size_t fi = 0;

			wi++;
			cJSON_ArrayForEach(field, dash_get(widget, "fields")) {
				uint32_t t = dash_field_type(field);
				const struct rule *r = t == DASHBOARD_FIELD_INT32 ? &dash_value_int :
				    t == DASHBOARD_FIELD_STR ? &dash_value_str : &dash_value_id;
				char path[96], *cause = NULL;

				fi++;
				snprintf(path, sizeof path, "/%zu/pages/%zu/widgets/%zu/fields/%zu/value",
				    i + 1, pi, wi, fi);
				if (validate_at(r, cJSON_GetObjectItemCaseSensitive(field, "value"), path,
				    &cause) != ERR_NONE)
					return rpc_fail_take(call, ERR_PARAM, cause);
			}
		}
	}
	return RPC_COMMIT;
}

/* ---- one object of the call ---- */

struct dash_in {
	cJSON		*obj;
	bool		 loaded;	/* update: old is the stored dashboard */
	struct dashboard old, new;
};

static void
dash_in_free(struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dashboard_free(&in[i].old);
		dashboard_free(&in[i].new);
	}
	free(in);
}

static const struct dashboard_page *
dash_old_page(const struct dashboard *old, uint64_t id)
{
	for (size_t i = 0; old != NULL && i < old->np; i++)
		if (old->p[i].pageid == id)
			return &old->p[i];
	return NULL;
}

static const struct dashboard_widget *
dash_old_widget(const struct dashboard_page *p, uint64_t id)
{
	for (size_t i = 0; p != NULL && i < p->nw; i++)
		if (p->w[i].widgetid == id)
			return &p->w[i];
	return NULL;
}

/* A widget's fields sent onto a stored widget's: a stored field of the same type and name
 * takes the sent value and keeps its place (its row), the others sent come after them, and
 * stored fields not sent go (CDashboardGeneral::updateWidgetFields). */
static void
dash_merge_fields(struct dashboard_widget *w, const struct dashboard_widget *old,
    const cJSON *fields)
{
	const cJSON **sent_for = xcalloc(old->nf + 1, sizeof *sent_for);
	const cJSON *f;
	struct dashboard_widget added = { 0 };

	cJSON_ArrayForEach(f, fields) {
		uint32_t t = dash_field_type(f);
		const char *name = cJSON_IsString(dash_get(f, "name")) ? dash_get(f, "name")->valuestring : "";
		char *value = dash_field_value(f);
		size_t k = 0;

		while (k < old->nf && (sent_for[k] != NULL || old->f[k].type != t ||
		    strcmp(old->f[k].name, name) != 0))
			k++;
		if (k < old->nf)
			sent_for[k] = f;
		else
			dashboard_field_add(&added, t, name, value);
		free(value);
	}
	for (size_t k = 0; k < old->nf; k++) {
		char *value;

		if (sent_for[k] == NULL)
			continue;
		value = dash_field_value(sent_for[k]);
		dashboard_field_add(w, old->f[k].type, old->f[k].name, value);
		free(value);
	}
	for (size_t k = 0; k < added.nf; k++)
		dashboard_field_add(w, added.f[k].type, added.f[k].name, added.f[k].value);
	dashboard_widget_free(&added);
	free(sent_for);
}

/* One widget as sent: onto its stored self (old, when it has a widgetid) or the defaults. */
static void
dash_build_widget(struct dashboard_page *p, const cJSON *src, const struct dashboard_widget *old)
{
	struct dashboard_widget *w = dashboard_widget_add(p);
	const cJSON *fields = dash_get(src, "fields"), *f;

	if (old != NULL)
		dashboard_widget_copy(w, old, false);
	dash_take_str(src, "type", &w->type);
	dash_take_str(src, "name", &w->name);
	dash_take_int(src, "x", &w->x);
	dash_take_int(src, "y", &w->y);
	dash_take_int(src, "width", &w->width);
	dash_take_int(src, "height", &w->height);
	dash_take_int(src, "view_mode", &w->view_mode);
	if (old != NULL && fields != NULL) {
		dash_merge_fields(w, old, fields);
		return;
	}
	if (old != NULL) {
		for (size_t i = 0; i < old->nf; i++)
			dashboard_field_add(w, old->f[i].type, old->f[i].name, old->f[i].value);
		return;
	}
	cJSON_ArrayForEach(f, fields) {
		const cJSON *name = dash_get(f, "name");
		char *value = dash_field_value(f);

		dashboard_field_add(w, dash_field_type(f), cJSON_IsString(name) ?
		    name->valuestring : "", value);
		free(value);
	}
}

/* One page as sent: onto its stored self (it keeps its widgets unless widgets are sent) or
 * the defaults. References are checked already (dash_check_refs). */
static void
dash_build_page(struct dashboard *d, const cJSON *src, const struct dashboard *old)
{
	struct dashboard_page *p = dashboard_page_add(d);
	const cJSON *widgets = dash_get(src, "widgets"), *w;
	const struct dashboard_page *op = NULL;
	uint64_t id = 0;

	if (id_from_json(dash_get(src, "dashboard_pageid"), &id) && (op = dash_old_page(old, id)) != NULL) {
		dashboard_set_str(&p->name, op->name);
		p->pageid = op->pageid;
		p->display_period = op->display_period;
	}
	dash_take_str(src, "name", &p->name);
	dash_take_int(src, "display_period", &p->display_period);
	if (op != NULL && widgets == NULL) {
		for (size_t i = 0; i < op->nw; i++)
			dashboard_widget_copy(dashboard_widget_add(p), &op->w[i], true);
		return;
	}
	cJSON_ArrayForEach(w, widgets) {
		uint64_t wid = 0;

		id_from_json(dash_get(w, "widgetid"), &wid);
		dash_build_widget(p, w, wid != 0 ? dash_old_widget(op, wid) : NULL);
	}
}

/* The dashboard after the call: the stored one (update) with what obj sends, or a new one. */
static void
dash_build(struct dash_in *in)
{
	struct dashboard *d = &in->new;
	const cJSON *pages = dash_get(in->obj, "pages"), *p;

	memset(d, 0, sizeof *d);
	if (in->loaded) {
		d->dashboardid = in->old.dashboardid;
		d->templateid = in->old.templateid;
		d->name = xstrdup(in->old.name);
		d->uuid = xstrdup(in->old.uuid);
		d->display_period = in->old.display_period;
		d->auto_start = in->old.auto_start;
	} else {
		d->name = xstrdup("");
		d->uuid = xstrdup("");
		d->display_period = DASHBOARD_DISPLAY_PERIOD_DEFAULT;
		d->auto_start = DASHBOARD_AUTO_START_DEFAULT;
		id_from_json(dash_get(in->obj, "templateid"), &d->templateid);
	}
	dash_take_str(in->obj, "name", &d->name);
	dash_take_str(in->obj, "uuid", &d->uuid);
	dash_take_int(in->obj, "display_period", &d->display_period);
	dash_take_int(in->obj, "auto_start", &d->auto_start);
	if (in->loaded && pages == NULL) {
		for (size_t i = 0; i < in->old.np; i++)
			dashboard_page_copy(dashboard_page_add(d), &in->old.p[i]);
		return;
	}
	cJSON_ArrayForEach(p, pages)
		dash_build_page(d, p, in->loaded ? &in->old : NULL);
}

/* ---- checks ---- */

/* The one place where a dashboard's template is checked for writing: it must be a template
 * the caller may edit. */
static int
dash_template_writable(struct rpc_call *call, uint64_t templateid)
{
	struct host h;
	bool tpl;
	int rc = store_host_get(call->txn, templateid, &h);

	if (rc == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	tpl = host_is_template(&h);
	host_free(&h);
	if (!tpl)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	return access_host_must(call, templateid, true, ERR_NOT_FOUND);
}

/* The uuids of new dashboards must be new: "Entry with UUID "<uuid>" already exists.". */
static int
dash_check_uuids(struct rpc_call *call, const struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t id;
		int rc = store_dashboard_by_uuid(call->txn, in[i].new.uuid, &id);

		if (rc == STORE_OK)
			return rpc_fail(call, ERR_PARAM, "Entry with UUID \"%s\" already exists.",
			    in[i].new.uuid);
		if (rc != STORE_ENOTFOUND)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

/* Names new on their template: "Dashboard "<name>" already exists.". */
static int
dash_check_names(struct rpc_call *call, const struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t id;
		int rc;

		if (in[i].loaded && strcmp(in[i].new.name, in[i].old.name) == 0)
			continue;
		rc = store_dashboard_by_name(call->txn, in[i].new.templateid, in[i].new.name, &id);
		if (rc == STORE_OK)
			return rpc_fail(call, ERR_PARAM, "Dashboard \"%s\" already exists.",
			    in[i].new.name);
		if (rc != STORE_ENOTFOUND)
			return rpc_fail_store(call, rc);
	}
	return RPC_COMMIT;
}

/* The grid of every page whose widgets were sent, in the order sent. */
static int
dash_check_grids(struct rpc_call *call, const struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const cJSON *page;
		size_t pi = 0;

		cJSON_ArrayForEach(page, dash_get(in[i].obj, "pages")) {
			char *why = NULL;

			if (dash_get(page, "widgets") != NULL)
				why = dashboard_page_grid_check(&in[i].new.p[pi], pi, in[i].new.name);
			pi++;
			if (why != NULL)
				return rpc_fail_take(call, ERR_PARAM, why);
		}
	}
	return RPC_COMMIT;
}

/* update: pages of this dashboard, and widgets of the page they are sent on. */
static int
dash_check_refs(struct rpc_call *call, const struct dash_in *in)
{
	const cJSON *page, *w;

	cJSON_ArrayForEach(page, dash_get(in->obj, "pages")) {
		const struct dashboard_page *op = NULL;
		uint64_t id = 0;

		if (dash_get(page, "dashboard_pageid") != NULL &&
		    (!id_from_json(dash_get(page, "dashboard_pageid"), &id) ||
		    (op = dash_old_page(&in->old, id)) == NULL))
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		cJSON_ArrayForEach(w, dash_get(page, "widgets")) {
			uint64_t wid = 0;

			if (dash_get(w, "widgetid") != NULL &&
			    (!id_from_json(dash_get(w, "widgetid"), &wid) ||
			    dash_old_widget(op, wid) == NULL))
				return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		}
	}
	return RPC_COMMIT;
}

/* A widget field naming another object: its type, the id, the template of its dashboard. */
struct dash_ref {
	uint32_t	 type;
	uint64_t	 id, templateid;
};

struct dash_refs {
	struct dash_ref	*v;
	size_t		 n, cap;
};

static void
dash_refs_add(struct dash_refs *r, uint32_t type, uint64_t id, uint64_t templateid)
{
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 8 : r->cap * 2;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (struct dash_ref){ type, id, templateid };
}

static bool
dash_widget_has(const struct dashboard_widget *w, uint32_t type, const char *value)
{
	for (size_t i = 0; w != NULL && i < w->nf; i++)
		if (w->f[i].type == type && strcmp(w->f[i].value, value) == 0)
			return true;
	return false;
}

/* The object fields sent, but those a stored widget names already (Zabbix does not check
 * them again). */
static void
dash_collect_refs(const struct dash_in *in, struct dash_refs *r)
{
	const cJSON *page, *w, *f;

	cJSON_ArrayForEach(page, dash_get(in->obj, "pages")) {
		const struct dashboard_page *op = NULL;
		uint64_t pid = 0;

		if (in->loaded && id_from_json(dash_get(page, "dashboard_pageid"), &pid))
			op = dash_old_page(&in->old, pid);
		cJSON_ArrayForEach(w, dash_get(page, "widgets")) {
			const struct dashboard_widget *ow = NULL;
			uint64_t wid = 0;

			if (id_from_json(dash_get(w, "widgetid"), &wid))
				ow = dash_old_widget(op, wid);
			cJSON_ArrayForEach(f, dash_get(w, "fields")) {
				uint32_t t = dash_field_type(f);
				char *value = dash_field_value(f);
				uint64_t id = 0;

				if (t >= DASHBOARD_FIELD_GROUP && !dash_widget_has(ow, t, value) &&
				    util_parse_u64(value, &id))
					dash_refs_add(r, t, id, in->new.templateid);
				free(value);
			}
		}
	}
}

/* Whether the object of a field exists (*hosts: the hosts it belongs to, for the kinds
 * that must be the dashboard's template's); a store_rc. */
static int
dash_ref_find(struct rpc_call *call, uint32_t type, uint64_t id, bool *found,
    struct id_list *hosts)
{
	struct item it;
	struct host h;
	struct group g;
	char *name = NULL;
	int rc;

	*found = false;
	switch (type) {
	case DASHBOARD_FIELD_ITEM:
	case DASHBOARD_FIELD_ITEM_PROTOTYPE:
		if ((rc = store_item_get(call->txn, id, &it)) != STORE_OK)
			break;
		*found = type == DASHBOARD_FIELD_ITEM ? strcmp(it.f[ITEM_F_FLAGS], "0") == 0 ||
		    strcmp(it.f[ITEM_F_FLAGS], "4") == 0 : strcmp(it.f[ITEM_F_FLAGS], "2") == 0;
		id_list_add(hosts, it.hostid);
		item_free(&it);
		break;
	case DASHBOARD_FIELD_GRAPH:
	case DASHBOARD_FIELD_GRAPH_PROTOTYPE:
		rc = store_dashboard_graph_of(call->txn, id, type == DASHBOARD_FIELD_GRAPH_PROTOTYPE,
		    hosts, &name);
		*found = rc == STORE_OK;
		free(name);
		break;
	case DASHBOARD_FIELD_GROUP:
		if ((rc = store_group_get(call->txn, id, &g)) == STORE_OK) {
			*found = true;
			group_free(&g);
		}
		break;
	case DASHBOARD_FIELD_HOST:
		if ((rc = store_host_get(call->txn, id, &h)) == STORE_OK) {
			*found = !host_is_template(&h);
			host_free(&h);
		}
		break;
	default:	/* maps, services and SLAs: tmpld holds none */
		rc = STORE_ENOTFOUND;
		break;
	}
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Zabbix's checks of the objects widget fields name, kind by kind in its order: each must
 * exist, and items, item prototypes, graphs and graph prototypes must be the template's. */
static int
dash_check_fields(struct rpc_call *call, const struct dash_in *in, size_t n)
{
	static const struct {
		uint32_t	 type;
		const char	*what;
		bool		 own;
	} kinds[] = {
		{ DASHBOARD_FIELD_ITEM, "Item", true },
		{ DASHBOARD_FIELD_ITEM_PROTOTYPE, "Item prototype", true },
		{ DASHBOARD_FIELD_GRAPH, "Graph", true },
		{ DASHBOARD_FIELD_GRAPH_PROTOTYPE, "Graph prototype", true },
		{ DASHBOARD_FIELD_GROUP, "Host group", false },
		{ DASHBOARD_FIELD_HOST, "Host", false },
		{ DASHBOARD_FIELD_MAP, "Map", false },
		{ DASHBOARD_FIELD_SERVICE, "Service", false },
		{ DASHBOARD_FIELD_SLA, "SLA", false },
	};
	struct dash_refs r = { 0 };
	int rc = STORE_OK;

	for (size_t i = 0; i < n; i++)
		dash_collect_refs(&in[i], &r);
	for (size_t c = 0; rc == STORE_OK && !rpc_failed(call) && c < sizeof kinds / sizeof kinds[0];
	    c++) {
		for (size_t k = 0; rc == STORE_OK && !rpc_failed(call) && k < r.n; k++) {
			struct id_list hosts = { 0 };
			bool found, first = true;
			char id[24];

			if (r.v[k].type != kinds[c].type)
				continue;
			for (size_t m = 0; first && m < k; m++)
				first = r.v[m].type != r.v[k].type || r.v[m].id != r.v[k].id;
			if (!first)
				continue;
			id_to_str(r.v[k].id, id);
			rc = dash_ref_find(call, r.v[k].type, r.v[k].id, &found, &hosts);
			for (size_t m = k; rc == STORE_OK && found && kinds[c].own && m < r.n; m++)
				if (r.v[m].type == r.v[k].type && r.v[m].id == r.v[k].id)
					found = id_list_has(&hosts, r.v[m].templateid);
			if (rc == STORE_OK && !found)
				rpc_fail(call, ERR_PARAM, "%s with ID \"%s\" is not available.",
				    kinds[c].what, id);
			id_list_free(&hosts);
		}
	}
	free(r.v);
	if (rc != STORE_OK)
		return rpc_fail_store(call, rc);
	return rpc_failed(call) ? RPC_ROLLBACK : RPC_COMMIT;
}

/* ---- create ---- */

static int
dash_create_check(struct rpc_call *call, struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dash_check_values(call, in[i].obj, i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (size_t i = 0; i < n; i++) {
		dash_build(&in[i]);
		if (dash_template_writable(call, in[i].new.templateid) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	for (size_t i = 0; i < n; i++) {
		char fresh[33];

		if (in[i].new.uuid[0] != '\0')
			continue;
		if (host_uuid_new(fresh) != 0)
			return rpc_fail(call, ERR_INTERNAL, "Cannot create a UUID.");
		dashboard_set_str(&in[i].new.uuid, fresh);
	}
	if (dash_check_uuids(call, in, n) != RPC_COMMIT || dash_check_names(call, in, n) !=
	    RPC_COMMIT || dash_check_grids(call, in, n) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return dash_check_fields(call, in, n);
}

static int
dash_create_one(struct rpc_call *call, struct dash_in *in)
{
	int rc = store_dashboard_create(call->txn, &in->new);

	if (rc == STORE_EEXIST)
		return rpc_fail(call, ERR_PARAM, "Dashboard \"%s\" already exists.", in->new.name);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* ---- update ---- */

static int
dash_update_check(struct rpc_call *call, struct dash_in *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dash_check_values(call, in[i].obj, i) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (size_t i = 0; i < n; i++) {
		uint64_t id = 0;
		int rc;

		id_from_json(dash_get(in[i].obj, "dashboardid"), &id);
		if ((rc = store_dashboard_get(call->txn, id, &in[i].old)) == STORE_ENOTFOUND)
			return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
		if (rc != STORE_OK)
			return rpc_fail_store(call, rc);
		in[i].loaded = true;
		if (dash_template_writable(call, in[i].old.templateid) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	for (size_t i = 0; i < n; i++) {
		const cJSON *name = dash_get(in[i].obj, "name");
		const char *ni = cJSON_IsString(name) ? name->valuestring : in[i].old.name;

		for (size_t k = 0; k < i; k++) {
			const cJSON *nk = dash_get(in[k].obj, "name");
			char tid[24];

			if (in[k].old.templateid == in[i].old.templateid && strcmp(ni,
			    cJSON_IsString(nk) ? nk->valuestring : in[k].old.name) == 0)
				return rpc_fail(call, ERR_PARAM, "Invalid parameter \"/%zu\": value "
				    "(name, templateid)=(%s, %s) already exists.", i + 1, ni,
				    id_to_str(in[i].old.templateid, tid));
		}
	}
	for (size_t i = 0; i < n; i++)
		if (dash_check_refs(call, &in[i]) != RPC_COMMIT)
			return RPC_ROLLBACK;
	for (size_t i = 0; i < n; i++)
		dash_build(&in[i]);
	if (dash_check_names(call, in, n) != RPC_COMMIT || dash_check_grids(call, in, n) !=
	    RPC_COMMIT)
		return RPC_ROLLBACK;
	return dash_check_fields(call, in, n);
}

/* The dashboard as stored now (an earlier object of the call may have renamed it). */
static int
dash_update_one(struct rpc_call *call, struct dash_in *in)
{
	struct dashboard cur;
	int rc;

	if ((rc = store_dashboard_get(call->txn, in->old.dashboardid, &cur)) != STORE_OK)
		return rpc_fail_store(call, rc);
	rc = store_dashboard_update(call->txn, &cur, &in->new);
	dashboard_free(&cur);
	if (rc == STORE_EEXIST)
		return rpc_fail(call, ERR_PARAM, "Dashboard \"%s\" already exists.", in->new.name);
	return rc == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, rc);
}

/* create and update: every object checked, then each written; the answer names them. */
static enum rpc_result
dash_write(struct rpc_call *call, cJSON *params,
    int (*check)(struct rpc_call *, struct dash_in *, size_t),
    int (*one)(struct rpc_call *, struct dash_in *))
{
	size_t n = (size_t)cJSON_GetArraySize(params), i = 0;
	struct dash_in *in = xcalloc(n + 1, sizeof *in);
	struct id_list ids = { 0 };
	cJSON *obj;
	int rc;

	cJSON_ArrayForEach(obj, params)
		in[i++].obj = obj;
	rc = check(call, in, n);
	for (i = 0; rc == RPC_COMMIT && i < n; i++)
		if ((rc = one(call, &in[i])) == RPC_COMMIT)
			id_list_add(&ids, in[i].new.dashboardid);
	if (rc == RPC_COMMIT)
		rpc_ok(call, rpc_result_ids("dashboardids", ids.ids, ids.n));
	id_list_free(&ids);
	dash_in_free(in, n);
	return rc;
}

static enum rpc_result
dash_create_exec(struct rpc_call *call, cJSON *params)
{
	return dash_write(call, params, dash_create_check, dash_create_one);
}

static enum rpc_result
dash_update_exec(struct rpc_call *call, cJSON *params)
{
	return dash_write(call, params, dash_update_check, dash_update_one);
}

/* ---- delete ---- */

/* One dashboard of a delete: known, its template editable. */
static int
dash_delete_check(struct rpc_call *call, uint64_t id, const void *ctx)
{
	struct dashboard d;
	int src, rc;

	(void)ctx;
	if ((src = store_dashboard_get(call->txn, id, &d)) == STORE_ENOTFOUND)
		return rpc_fail(call, ERR_NOT_FOUND, NO_PERMISSIONS);
	if (src != STORE_OK)
		return rpc_fail_store(call, src);
	rc = dash_template_writable(call, d.templateid);
	dashboard_free(&d);
	return rc;
}

static int
dash_delete_one(struct rpc_call *call, uint64_t id, const void *ctx)
{
	int src = store_dashboard_delete(call->txn, id);

	(void)ctx;
	return src == STORE_OK ? RPC_COMMIT : rpc_fail_store(call, src);
}

/* Every id first (all or nothing), then each dashboard goes. */
static enum rpc_result
dash_delete_exec(struct rpc_call *call, cJSON *params)
{
	static const struct method_delete d = { .key = "dashboardids",
		.check = dash_delete_check, .remove = dash_delete_one };

	return method_delete_run(call, params, &d);
}

const struct rpc_method method_templatedashboard_create = {
	.name = "templatedashboard.create", .flags = RPC_WRITE,
	.params = &dash_create_params, .exec = dash_create_exec,
};
const struct rpc_method method_templatedashboard_update = {
	.name = "templatedashboard.update", .flags = RPC_WRITE,
	.params = &dash_update_params, .exec = dash_update_exec,
};
const struct rpc_method method_templatedashboard_delete = {
	.name = "templatedashboard.delete", .flags = RPC_WRITE,
	.params = &dash_delete_params, .exec = dash_delete_exec,
};
