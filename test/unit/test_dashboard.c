/* test_dashboard.c: the template dashboard record, its grid check, its store (indexes, ids, forget) and its export. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/domain.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

/* A dashboard of template 1: page "P" with a clock (4x3, one int and one item field) and an
 * url widget at x 4; an empty second page. */
static void
dash_init(struct dashboard *d, uint64_t templateid, const char *name)
{
	struct dashboard_page *p;
	struct dashboard_widget *w;

	memset(d, 0, sizeof *d);
	d->templateid = templateid;
	d->name = xstrdup(name);
	d->uuid = xstrdup("");
	d->display_period = DASHBOARD_DISPLAY_PERIOD_DEFAULT;
	d->auto_start = DASHBOARD_AUTO_START_DEFAULT;
	p = dashboard_page_add(d);
	dashboard_set_str(&p->name, "P");
	w = dashboard_widget_add(p);
	dashboard_set_str(&w->type, "clock");
	w->width = 4;
	w->height = 3;
	dashboard_field_add(w, DASHBOARD_FIELD_INT32, "time_type", "1");
	dashboard_field_add(w, DASHBOARD_FIELD_ITEM, "itemid", "77");
	w = dashboard_widget_add(p);
	dashboard_set_str(&w->type, "url");
	w->x = 4;
	dashboard_page_add(d);
}

static void
encoding_should_round_trip_and_refuse_truncation(void **state)
{
	struct dashboard d, got;
	struct codec_buf b = { 0 };

	(void)state;
	dash_init(&d, 5, "Overview");
	d.p[0].w[1].view_mode = 1;
	dashboard_encode(&d, &b);
	assert_int_equal(dashboard_decode(b.data, b.len, &got), 0);
	assert_string_equal(got.name, "Overview");
	assert_int_equal(got.templateid, 5);
	assert_int_equal(got.np, 2);
	assert_int_equal(got.p[0].nw, 2);
	assert_string_equal(got.p[0].name, "P");
	assert_string_equal(got.p[1].name, "");
	assert_int_equal(got.p[0].w[0].nf, 2);
	assert_string_equal(got.p[0].w[0].f[1].value, "77");
	assert_int_equal(got.p[0].w[1].x, 4);
	assert_int_equal(got.p[0].w[1].view_mode, 1);
	assert_int_equal(got.p[0].w[1].height, DASHBOARD_WIDGET_HEIGHT_DEFAULT);
	dashboard_free(&got);
	for (size_t cut = 1; cut < b.len; cut += 7)
		assert_int_equal(dashboard_decode(b.data, b.len - cut, &got), -1);
	b.data[0] = 99;
	assert_int_equal(dashboard_decode(b.data, b.len, &got), -1);
	codec_buf_free(&b);
	dashboard_free(&d);
	dashboard_free(&d);	/* twice is safe */
}

static void
grid_should_find_overlaps_and_bounds(void **state)
{
	struct dashboard d;
	struct dashboard_widget *w;
	char *why;

	(void)state;
	dash_init(&d, 1, "G");
	assert_null(dashboard_page_grid_check(&d.p[0], 0, "G"));
	w = dashboard_widget_add(&d.p[0]);
	w->x = 2;
	w->y = 1;
	why = dashboard_page_grid_check(&d.p[0], 0, "G");
	assert_string_equal(why, "Overlapping widgets at X:2, Y:1 on page #1 of dashboard \"G\".");
	free(why);
	w->x = 22;
	w->y = 0;
	w->width = 4;
	why = dashboard_page_grid_check(&d.p[0], 2, "G");
	assert_string_equal(why, "Widget at X:22, Y:0 on page #3 of dashboard \"G\" is out of bounds.");
	free(why);
	w->x = 20;
	w->y = 62;
	w->height = 2;
	assert_null(dashboard_page_grid_check(&d.p[0], 0, "G"));	/* the last rows */
	w->height = 3;
	why = dashboard_page_grid_check(&d.p[0], 0, "G");
	assert_non_null(why);
	free(why);
	dashboard_free(&d);
}

static void
store_should_index_assign_ids_and_forget(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct dashboard a, b, c, got, next;
	struct id_list ids = { 0 };
	uint64_t id;

	dash_init(&a, 1, "D");
	dash_init(&b, 1, "D");
	dash_init(&c, 2, "D");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_dashboard_create(t, &a), STORE_OK);
	assert_int_equal(store_dashboard_create(t, &b), STORE_EEXIST);
	assert_int_equal(store_dashboard_create(t, &c), STORE_OK);
	assert_true(a.p[0].pageid != 0 && a.p[1].pageid != 0 && a.p[0].w[0].widgetid != 0);
	assert_true(a.p[0].w[0].widgetid < a.p[0].w[1].widgetid);
	assert_int_equal(store_dashboard_by_name(t, 1, "D", &id), STORE_OK);
	assert_int_equal(id, a.dashboardid);
	assert_int_equal(store_dashboard_by_name(t, 2, "D", &id), STORE_OK);
	assert_int_equal(id, c.dashboardid);
	/* a rename moves the index; a new widget gets an id above the kept ones and goes last */
	assert_int_equal(store_dashboard_get(t, a.dashboardid, &next), STORE_OK);
	dashboard_set_str(&next.name, "D2");
	{
		struct dashboard_widget *w = dashboard_widget_add(&next.p[0]), tmp;

		dashboard_set_str(&w->type, "new");
		tmp = next.p[0].w[2];			/* the new one first: order by id puts it last */
		next.p[0].w[2] = next.p[0].w[0];
		next.p[0].w[0] = tmp;
	}
	assert_int_equal(store_dashboard_update(t, &a, &next), STORE_OK);
	assert_int_equal(store_dashboard_by_name(t, 1, "D", &id), STORE_ENOTFOUND);
	assert_int_equal(store_dashboard_get(t, a.dashboardid, &got), STORE_OK);
	assert_string_equal(got.name, "D2");
	assert_int_equal(got.p[0].nw, 3);
	assert_string_equal(got.p[0].w[2].type, "new");
	assert_string_equal(got.p[0].w[0].type, "clock");
	dashboard_free(&got);
	/* forgetting item 77 drops the field on template 1's dashboards only */
	assert_int_equal(store_dashboard_forget(t, 1, DASHBOARD_FIELD_ITEM, 77), STORE_OK);
	assert_int_equal(store_dashboard_get(t, a.dashboardid, &got), STORE_OK);
	assert_int_equal(got.p[0].w[0].nf, 1);
	assert_string_equal(got.p[0].w[0].f[0].name, "time_type");
	dashboard_free(&got);
	assert_int_equal(store_dashboard_get(t, c.dashboardid, &got), STORE_OK);
	assert_int_equal(got.p[0].w[0].nf, 2);
	dashboard_free(&got);
	/* dropping template 1's dashboards leaves template 2's */
	assert_int_equal(store_host_drop_dashboards(t, 1), STORE_OK);
	assert_int_equal(store_host_dashboards(t, 1, &ids), STORE_OK);
	assert_int_equal(ids.n, 0);
	assert_int_equal(store_dashboard_get(t, a.dashboardid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_dashboard_by_name(t, 1, "D2", &id), STORE_ENOTFOUND);
	assert_int_equal(store_host_dashboards(t, 2, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(store_dashboard_delete(t, c.dashboardid), STORE_OK);
	assert_int_equal(store_dashboard_delete(t, c.dashboardid), STORE_ENOTFOUND);
	store_txn_abort(t);
	id_list_free(&ids);
	dashboard_free(&a);
	dashboard_free(&b);
	dashboard_free(&c);
	dashboard_free(&next);
}

static void
export_should_name_constants_and_leave_defaults_out(void **state)
{
	struct unit_fx *f = *state;
	struct store_txn *t;
	struct host h = { 0 };
	struct dashboard d;
	struct err e = { 0 };
	cJSON *out;
	char *text;

	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	h.status = HOST_STATUS_TEMPLATE;
	h.host = xstrdup("Tpl");
	h.name = xstrdup("Tpl");
	h.description = xstrdup("");
	h.uuid = xstrdup("");
	assert_int_equal(store_host_create(t, &h), STORE_OK);
	dash_init(&d, h.hostid, "D");
	dashboard_set_str(&d.uuid, "0123456789ab4def8123456789abcdef");
	d.p[0].w[0].nf = 1;	/* the item field is not there */
	free(d.p[0].w[0].f[1].name);
	free(d.p[0].w[0].f[1].value);
	d.p[0].w[0].view_mode = 1;
	d.auto_start = 0;
	assert_int_equal(store_dashboard_create(t, &d), STORE_OK);
	assert_int_equal(export_dashboards(t, h.hostid, &out, &e), 0);
	text = cJSON_PrintUnformatted(out);
	assert_string_equal(text, "[{\"uuid\":\"0123456789ab4def8123456789abcdef\",\"name\":\"D\","
	    "\"auto_start\":\"NO\",\"pages\":[{\"name\":\"P\",\"widgets\":[{\"type\":\"CLOCK\","
	    "\"width\":\"4\",\"height\":\"3\",\"hide_header\":\"YES\",\"fields\":[{\"type\":"
	    "\"INTEGER\",\"name\":\"time_type\",\"value\":\"1\"}]},{\"type\":\"URL\","
	    "\"x\":\"4\"}]},{}]}]");	/* equal names: creation order */
	free(text);
	cJSON_Delete(out);
	/* a widget type the export has no name for is refused as Zabbix refuses it */
	dashboard_set_str(&d.p[0].w[1].type, "odd");
	assert_int_equal(store_dashboard_update(t, &d, &d), STORE_OK);
	assert_int_equal(export_dashboards(t, h.hostid, &out, &e), -1);
	assert_null(out);
	assert_int_equal(e.kind, ERR_REFUSED);
	assert_string_equal(e.text, "Invalid tag \"type\": unexpected constant value \"odd\".");
	err_clear(&e);
	assert_string_equal(export_widget_type_value("GRAPH_CLASSIC"), "graph");
	assert_int_equal(export_widget_field_type_value("ITEM_PROTOTYPE"), 5);
	assert_int_equal(export_widget_field_type_value("MAP"), -1);
	store_txn_abort(t);
	dashboard_free(&d);
	host_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_should_round_trip_and_refuse_truncation),
		cmocka_unit_test(grid_should_find_overlaps_and_bounds),
		cmocka_unit_test_setup_teardown(store_should_index_assign_ids_and_forget, unit_fx_setup, unit_fx_teardown),
		cmocka_unit_test_setup_teardown(export_should_name_constants_and_leave_defaults_out, unit_fx_setup, unit_fx_teardown),
	};

	log_set_level(LOG_ERROR);
	return cmocka_run_group_tests_name("dashboard", tests, NULL, NULL);
}
