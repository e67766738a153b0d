/* export_dashboard.c: a template's "dashboards" in Zabbix 6.0's export shape (key order, defaults left out, constants by name, ids as references, natural order). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* Widget types and widget field types by their export names (others cannot be exported). */
static const struct {
	const char	*v, *name;
} dash_widget_types[] = {
	{ "clock", "CLOCK" }, { "graph", "GRAPH_CLASSIC" }, { "graphprototype", "GRAPH_PROTOTYPE" },
	{ "item", "ITEM" }, { "plaintext", "PLAIN_TEXT" }, { "url", "URL" },
};
static const char *const dash_field_types[] = {
	[DASHBOARD_FIELD_INT32] = "INTEGER", [DASHBOARD_FIELD_STR] = "STRING",
	[DASHBOARD_FIELD_HOST] = "HOST", [DASHBOARD_FIELD_ITEM] = "ITEM",
	[DASHBOARD_FIELD_ITEM_PROTOTYPE] = "ITEM_PROTOTYPE", [DASHBOARD_FIELD_GRAPH] = "GRAPH",
	[DASHBOARD_FIELD_GRAPH_PROTOTYPE] = "GRAPH_PROTOTYPE",
};

const char *
export_widget_type_name(const char *type)
{
	for (size_t i = 0; i < sizeof dash_widget_types / sizeof dash_widget_types[0]; i++)
		if (strcmp(dash_widget_types[i].v, type) == 0)
			return dash_widget_types[i].name;
	return NULL;
}

const char *
export_widget_type_value(const char *name)
{
	for (size_t i = 0; i < sizeof dash_widget_types / sizeof dash_widget_types[0]; i++)
		if (strcmp(dash_widget_types[i].name, name) == 0)
			return dash_widget_types[i].v;
	return NULL;
}

int
export_widget_field_type_value(const char *name)
{
	for (size_t i = 0; i < sizeof dash_field_types / sizeof dash_field_types[0]; i++)
		if (dash_field_types[i] != NULL && strcmp(dash_field_types[i], name) == 0)
			return (int)i;
	return -1;
}

/* Adds key: the number unless it is the default. */
static void
dash_add_num(cJSON *o, const char *key, int32_t v, int32_t dflt)
{
	char buf[16];

	if (v == dflt)
		return;
	snprintf(buf, sizeof buf, "%d", (int)v);
	cJSON_AddStringToObject(o, key, buf);
}

/* Adds key: the string, CR LF written as LF, unless it is empty (optional members). */
static void
dash_add_str(cJSON *o, const char *key, const char *v, bool optional)
{
	char *s;
	size_t j = 0;

	if (optional && *v == '\0')
		return;
	s = xstrdup(v);
	for (size_t i = 0; s[i] != '\0'; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			s[j++] = s[i];
	s[j] = '\0';
	cJSON_AddStringToObject(o, key, s);
	free(s);
}

/* Adds list as key unless it is empty (then it is freed). */
static void
dash_add_list(cJSON *o, const char *key, cJSON *list)
{
	if (cJSON_GetArraySize(list) == 0)
		cJSON_Delete(list);
	else
		cJSON_AddItemToObject(o, key, list);
}

/* The reference a field's id is exported as: {host} for a host, {host, key} for an item,
 * {host, name} for a graph; *ref NULL when the object is gone (its field goes with it). */
static enum store_rc
dash_field_ref(struct store_txn *txn, const struct dashboard_field *f, cJSON **ref)
{
	struct id_list hosts = { 0 };
	struct host h = { 0 };
	struct item it;
	char *name = NULL;
	uint64_t id = 0, hostid = 0;
	enum store_rc rc = STORE_OK;

	*ref = NULL;
	util_parse_u64(f->value, &id);
	switch (f->type) {
	case DASHBOARD_FIELD_HOST:
		hostid = id;
		break;
	case DASHBOARD_FIELD_ITEM:
	case DASHBOARD_FIELD_ITEM_PROTOTYPE:
		if ((rc = store_item_get(txn, id, &it)) != STORE_OK)
			break;
		hostid = it.hostid;
		name = xstrdup(it.f[ITEM_F_KEY]);
		item_free(&it);
		break;
	default:
		rc = store_dashboard_graph_of(txn, id, f->type == DASHBOARD_FIELD_GRAPH_PROTOTYPE,
		    &hosts, &name);
		if (rc == STORE_OK && hosts.n > 0)
			hostid = hosts.ids[0];
		break;
	}
	if (rc == STORE_OK && (rc = store_host_get(txn, hostid, &h)) == STORE_OK) {
		*ref = cJSON_CreateObject();
		util_json_add_str(*ref, "host", h.host);
		if (name != NULL)
			cJSON_AddStringToObject(*ref, f->type == DASHBOARD_FIELD_ITEM ||
			    f->type == DASHBOARD_FIELD_ITEM_PROTOTYPE ? "key" : "name", name);
		host_free(&h);
	}
	free(name);
	id_list_free(&hosts);
	return rc == STORE_ENOTFOUND ? STORE_OK : rc;
}

/* Elements to sort naturally by one key, ties in their order. */
struct dash_sortent {
	const char	*key;
	size_t		 idx;
};

static int
dash_sortent_cmp(const void *a, const void *b)
{
	const struct dash_sortent *x = a, *y = b;
	int c = util_strnatcasecmp(x->key, y->key);

	return c != 0 ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* A widget's fields by type (numbers compare naturally), ties in their order. */
static int
dash_fields(struct store_txn *txn, const struct dashboard_widget *w, cJSON **out, struct err *e)
{
	struct dash_sortent *s = xcalloc(w->nf + 1, sizeof *s);
	char (*types)[12] = xcalloc(w->nf + 1, sizeof *types);
	enum store_rc rc = STORE_OK;

	*out = cJSON_CreateArray();
	for (size_t i = 0; i < w->nf; i++) {
		snprintf(types[i], sizeof types[i], "%u", (unsigned)w->f[i].type);
		s[i] = (struct dash_sortent){ types[i], i };
	}
	qsort(s, w->nf, sizeof *s, dash_sortent_cmp);
	for (size_t i = 0; rc == STORE_OK && i < w->nf; i++) {
		const struct dashboard_field *f = &w->f[s[i].idx];
		const char *tname = f->type < sizeof dash_field_types / sizeof dash_field_types[0] ?
		    dash_field_types[f->type] : NULL;
		cJSON *o, *ref = NULL;

		if (tname == NULL) {
			err_set(e, ERR_REFUSED, NULL, "Invalid tag \"type\": unexpected constant "
			    "value \"%u\".", (unsigned)f->type);
			rc = STORE_EIO;
			break;
		}
		if (f->type >= DASHBOARD_FIELD_HOST &&
		    ((rc = dash_field_ref(txn, f, &ref)) != STORE_OK || ref == NULL))
			continue;
		o = cJSON_CreateObject();
		util_json_add_str(o, "type", tname);
		dash_add_str(o, "name", f->name, false);
		if (ref != NULL)
			cJSON_AddItemToObject(o, "value", ref);
		else
			dash_add_str(o, "value", f->value, false);
		cJSON_AddItemToArray(*out, o);
	}
	free(s);
	free(types);
	if (rc != STORE_OK && e->kind == ERR_NONE)
		err_set(e, ERR_STORE, NULL, "%s.", store_strerror(rc));
	if (rc != STORE_OK) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* A page's widgets by name, ties in their order (by widgetid). */
static int
dash_widgets(struct store_txn *txn, const struct dashboard_page *p, cJSON **out, struct err *e)
{
	struct dash_sortent *s = xcalloc(p->nw + 1, sizeof *s);
	int rc = 0;

	*out = cJSON_CreateArray();
	for (size_t i = 0; i < p->nw; i++)
		s[i] = (struct dash_sortent){ p->w[i].name, i };
	qsort(s, p->nw, sizeof *s, dash_sortent_cmp);
	for (size_t i = 0; rc == 0 && i < p->nw; i++) {
		const struct dashboard_widget *w = &p->w[s[i].idx];
		const char *tname = export_widget_type_name(w->type);
		cJSON *o, *fields;

		if (tname == NULL) {
			rc = err_set(e, ERR_REFUSED, NULL, "Invalid tag \"type\": unexpected constant "
			    "value \"%s\".", w->type);
			break;
		}
		if ((rc = dash_fields(txn, w, &fields, e)) != 0)
			break;
		o = cJSON_CreateObject();
		util_json_add_str(o, "type", tname);
		dash_add_str(o, "name", w->name, true);
		dash_add_num(o, "x", w->x, 0);
		dash_add_num(o, "y", w->y, 0);
		dash_add_num(o, "width", w->width, DASHBOARD_WIDGET_WIDTH_DEFAULT);
		dash_add_num(o, "height", w->height, DASHBOARD_WIDGET_HEIGHT_DEFAULT);
		if (w->view_mode != 0)
			util_json_add_str(o, "hide_header", w->view_mode == 1 ? "YES" : "NO");
		dash_add_list(o, "fields", fields);
		cJSON_AddItemToArray(*out, o);
	}
	free(s);
	if (rc != 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

static int
dash_one(struct store_txn *txn, const struct dashboard *d, cJSON **out, struct err *e)
{
	cJSON *o = cJSON_CreateObject(), *pages = cJSON_CreateArray();

	*out = NULL;
	util_json_add_str(o, "uuid", d->uuid);
	dash_add_str(o, "name", d->name, false);
	dash_add_num(o, "display_period", d->display_period, DASHBOARD_DISPLAY_PERIOD_DEFAULT);
	if (d->auto_start != DASHBOARD_AUTO_START_DEFAULT)
		util_json_add_str(o, "auto_start", d->auto_start == 0 ? "NO" : "YES");
	cJSON_AddItemToObject(o, "pages", pages);
	for (size_t i = 0; i < d->np; i++) {
		cJSON *p = cJSON_CreateObject(), *widgets;

		cJSON_AddItemToArray(pages, p);
		dash_add_str(p, "name", d->p[i].name, true);
		dash_add_num(p, "display_period", d->p[i].display_period, 0);
		if (dash_widgets(txn, &d->p[i], &widgets, e) != 0) {
			cJSON_Delete(o);
			return -1;
		}
		dash_add_list(p, "widgets", widgets);
	}
	*out = o;
	return 0;
}

int
export_dashboards(struct store_txn *txn, uint64_t templateid, cJSON **out, struct err *e)
{
	struct id_list ids = { 0 };
	struct dashboard *d;
	struct dash_sortent *s;
	size_t n = 0;
	enum store_rc rc = store_host_dashboards(txn, templateid, &ids);
	int ret = 0;

	*out = NULL;
	d = xcalloc(ids.n + 1, sizeof *d);
	s = xcalloc(ids.n + 1, sizeof *s);
	for (size_t i = 0; rc == STORE_OK && i < ids.n; i++)
		if ((rc = store_dashboard_get(txn, ids.ids[i], &d[n])) == STORE_OK) {
			s[n] = (struct dash_sortent){ d[n].name, n };
			n++;
		}
	if (rc != STORE_OK)
		ret = err_set(e, ERR_STORE, NULL, "%s.", store_strerror(rc));
	qsort(s, n, sizeof *s, dash_sortent_cmp);
	*out = cJSON_CreateArray();
	for (size_t i = 0; ret == 0 && i < n; i++) {
		cJSON *o;

		if ((ret = dash_one(txn, &d[s[i].idx], &o, e)) == 0)
			cJSON_AddItemToArray(*out, o);
	}
	for (size_t i = 0; i < n; i++)
		dashboard_free(&d[i]);
	free(d);
	free(s);
	id_list_free(&ids);
	if (ret != 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return ret;
}
