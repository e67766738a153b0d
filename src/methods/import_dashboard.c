/* import_dashboard.c: configuration.import of templates' dashboards (CTemplateDashboardImporter): references resolved to ids, then templatedashboard.update/create/delete run inside the import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_impl.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* An export constant NO/YES as "0"/"1" (dflt when absent). */
static const char *
imp_dash_yes(const cJSON *src, const char *key, const char *dflt)
{
	const char *v = imp_str(src, key, NULL);

	if (v == NULL)
		return dflt;
	return strcmp(v, "YES") == 0 ? "1" : strcmp(v, "NO") == 0 ? "0" : v;
}

/* The id a field's reference names, as text in *id; -1 with the importer's error when the
 * object is not found. */
static int
imp_dash_ref(struct imp *im, int type, const cJSON *value, const char *dashboard, char id[24])
{
	const char *host = imp_str(value, "host", "");
	uint64_t hostid = 0, oid = 0;
	int rc = store_host_by_name(im->call->txn, host, &hostid);

	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return imp_fail_store(im, rc);
	if (type == DASHBOARD_FIELD_HOST) {
		struct host h;

		if (rc == STORE_OK && (rc = store_host_get(im->call->txn, hostid, &h)) == STORE_OK) {
			if (host_is_template(&h))
				rc = STORE_ENOTFOUND;
			host_free(&h);
		}
		oid = hostid;
		if (rc == STORE_ENOTFOUND)
			return imp_fail(im, "Cannot find host \"%s\" used in dashboard \"%s\".", host,
			    dashboard);
	} else if (type == DASHBOARD_FIELD_ITEM || type == DASHBOARD_FIELD_ITEM_PROTOTYPE) {
		const char *key = imp_str(value, "key", "");

		if (rc == STORE_OK)
			rc = store_item_by_key(im->call->txn, hostid, key, &oid);
		if (rc == STORE_ENOTFOUND)
			return imp_fail(im, "Cannot find item \"%s:%s\" used in dashboard \"%s\".", host,
			    key, dashboard);
	} else {
		const char *name = imp_str(value, "name", "");

		if (rc == STORE_OK)
			rc = store_dashboard_graph_by_name(im->call->txn, hostid, name,
			    type == DASHBOARD_FIELD_GRAPH_PROTOTYPE, &oid);
		if (rc == STORE_ENOTFOUND)
			return imp_fail(im, "Cannot find graph \"%s\" used in dashboard \"%s\".", name,
			    dashboard);
	}
	if (rc != STORE_OK)
		return imp_fail_store(im, rc);
	id_to_str(oid, id);
	return 0;
}

/* One widget's fields as the API takes them, references resolved. */
static int
imp_dash_fields(struct imp *im, const cJSON *src, const char *dashboard, cJSON *out)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(src, "fields")) {
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(f, "value");
		int type = export_widget_field_type_value(imp_str(f, "type", ""));
		cJSON *o = cJSON_CreateObject();
		char id[24];

		cJSON_AddItemToArray(out, o);
		cJSON_AddNumberToObject(o, "type", type);
		util_json_add_str(o, "name", imp_str(f, "name", ""));
		if (type >= DASHBOARD_FIELD_HOST) {
			if (imp_dash_ref(im, type, value, dashboard, id) != 0)
				return -1;
			util_json_add_str(o, "value", id);
		} else
			util_json_add_str(o, "value", cJSON_IsString(value) ?
			    value->valuestring : "");
	}
	return 0;
}

/* A source dashboard as templatedashboard.create/update params (*out new, the caller's). */
static int
imp_dash_params(struct imp *im, const cJSON *src, cJSON **out)
{
	const char *name = imp_str(src, "name", "");
	const cJSON *page, *w;
	cJSON *o = cJSON_CreateObject(), *pages;

	*out = NULL;
	util_json_add_str(o, "uuid", imp_str(src, "uuid", ""));
	util_json_add_str(o, "name", name);
	util_json_add_str(o, "display_period", imp_str(src, "display_period", "30"));
	util_json_add_str(o, "auto_start", imp_dash_yes(src, "auto_start", "1"));
	pages = cJSON_AddArrayToObject(o, "pages");
	cJSON_ArrayForEach(page, cJSON_GetObjectItemCaseSensitive(src, "pages")) {
		cJSON *p = cJSON_CreateObject(), *widgets;

		cJSON_AddItemToArray(pages, p);
		util_json_add_str(p, "name", imp_str(page, "name", ""));
		util_json_add_str(p, "display_period", imp_str(page, "display_period", "0"));
		widgets = cJSON_AddArrayToObject(p, "widgets");
		cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(page, "widgets")) {
			const char *type = imp_str(w, "type", "");
			const char *tv = export_widget_type_value(type);
			cJSON *x = cJSON_CreateObject();

			cJSON_AddItemToArray(widgets, x);
			util_json_add_str(x, "type", tv != NULL ? tv : type);
			util_json_add_str(x, "name", imp_str(w, "name", ""));
			util_json_add_str(x, "x", imp_str(w, "x", "0"));
			util_json_add_str(x, "y", imp_str(w, "y", "0"));
			util_json_add_str(x, "width", imp_str(w, "width", "1"));
			util_json_add_str(x, "height", imp_str(w, "height", "2"));
			util_json_add_str(x, "view_mode", imp_dash_yes(w, "hide_header", "0"));
			if (imp_dash_fields(im, w, name, cJSON_AddArrayToObject(x, "fields")) != 0) {
				cJSON_Delete(o);
				return -1;
			}
		}
	}
	*out = o;
	return 0;
}

/* The stored dashboard a source one is: by uuid (any template), else by name on the
 * template; *id 0 when none. */
static int
imp_dash_find(struct imp *im, uint64_t templateid, const cJSON *src, uint64_t *id)
{
	const char *uuid = imp_str(src, "uuid", "");
	int rc = *uuid != '\0' ? store_dashboard_by_uuid(im->call->txn, uuid, id) : STORE_ENOTFOUND;

	if (rc == STORE_ENOTFOUND) {
		*id = 0;
		rc = templateid == 0 ? STORE_ENOTFOUND :
		    store_dashboard_by_name(im->call->txn, templateid, imp_str(src, "name", ""), id);
	}
	if (rc == STORE_ENOTFOUND) {
		*id = 0;
		rc = STORE_OK;
	}
	return rc == STORE_OK ? 0 : imp_fail_store(im, rc);
}

/* The processed template of a source template (0: not processed). */
static uint64_t
imp_dash_template(const struct imp *im, const cJSON *tpl)
{
	const char *name = imp_str(tpl, "template", "");

	for (size_t o = 0; o < im->nobjs; o++)
		if (im->objs[o].tpl && strcmp(im->objs[o].name, name) == 0)
			return im->objs[o].id;
	return 0;
}

/* templateDashboards.deleteMissing: the processed templates' dashboards the source does
 * not name (by uuid, or by name on their template). */
static int
imp_dashboards_delete(struct imp *im)
{
	const cJSON *tpl, *src;
	struct id_list keep = { 0 };
	cJSON *del = cJSON_CreateArray();
	int rc = 0;

	cJSON_ArrayForEach(tpl, cJSON_GetObjectItemCaseSensitive(im->doc, "templates")) {
		uint64_t templateid = 0, id;
		int src_rc = store_host_by_name(im->call->txn, imp_str(tpl, "template", ""),
		    &templateid);

		if (src_rc != STORE_OK && src_rc != STORE_ENOTFOUND) {
			rc = imp_fail_store(im, src_rc);
			break;
		}
		cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(tpl, "dashboards")) {
			if ((rc = imp_dash_find(im, templateid, src, &id)) != 0)
				break;
			if (id != 0)
				id_list_add(&keep, id);
		}
		if (rc != 0)
			break;
	}
	for (size_t o = 0; rc == 0 && o < im->nobjs; o++) {
		struct id_list ids = { 0 };
		int src_rc;

		if (!im->objs[o].tpl)
			continue;
		if ((src_rc = store_host_dashboards(im->call->txn, im->objs[o].id, &ids)) != STORE_OK)
			rc = imp_fail_store(im, src_rc);
		for (size_t i = 0; rc == 0 && i < ids.n; i++)
			if (!id_list_has(&keep, ids.ids[i]))
				cJSON_AddItemToArray(del, imp_id_json(ids.ids[i]));
		id_list_free(&ids);
	}
	if (rc == 0)
		rc = imp_call_list(im, &method_templatedashboard_delete, &del, NULL);
	cJSON_Delete(del);
	id_list_free(&keep);
	return rc;
}

int
imp_dashboards_missing(struct imp *im)
{
	return im->r.template_dashboards.delete_missing ? imp_dashboards_delete(im) : 0;
}

int
imp_dashboards(struct imp *im)
{
	cJSON *upd = cJSON_CreateArray(), *crt = cJSON_CreateArray();
	const cJSON *tpl, *src;
	int rc = 0;

	if (!im->r.template_dashboards.update_existing && !im->r.template_dashboards.create_missing)
		goto done;
	cJSON_ArrayForEach(tpl, cJSON_GetObjectItemCaseSensitive(im->doc, "templates")) {
		uint64_t templateid = imp_dash_template(im, tpl);

		if (templateid == 0)
			continue;
		cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(tpl, "dashboards")) {
			cJSON *p;
			uint64_t id;

			if ((rc = imp_dash_params(im, src, &p)) != 0 ||
			    (rc = imp_dash_find(im, templateid, src, &id)) != 0) {
				cJSON_Delete(p);
				goto done;
			}
			if (id != 0) {
				cJSON_AddItemToObject(p, "dashboardid", imp_id_json(id));
				cJSON_AddItemToArray(upd, p);
			} else {
				cJSON_AddItemToObject(p, "templateid", imp_id_json(templateid));
				cJSON_AddItemToArray(crt, p);
			}
		}
	}
	if (im->r.template_dashboards.update_existing)
		rc = imp_call_list(im, &method_templatedashboard_update, &upd, NULL);
	if (rc == 0 && im->r.template_dashboards.create_missing)
		rc = imp_call_list(im, &method_templatedashboard_create, &crt, NULL);
done:
	cJSON_Delete(upd);
	cJSON_Delete(crt);
	return rc;
}
