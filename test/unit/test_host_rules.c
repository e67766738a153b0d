/* test_host_rules.c: hostgroup.create/update/delete and host.create/update/delete run
 * against a real store in a temp dir: Zabbix's error texts and codes, defaults, and that
 * a failed call leaves nothing behind. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpdir.h"
#include "tmpld/jsonrpc.h"
#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

struct fx {
	char		*dir;
	struct store	*st;
	int		 code;		/* error code of the last call, 0 on success */
	char		 data[512];	/* its error text */
	char		 result[512];	/* its result, printed */
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->st = unit_store_new(&f->dir);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	unit_store_free(f->st, f->dir);
	free(f);
	return 0;
}

/* Runs one method as the dispatcher would: rules, exec, commit or roll back. */
static int
fx_call(struct fx *f, const struct rpc_method *m, const char *json)
{
	struct rpc_call call = { 0 };
	cJSON *params = cJSON_Parse(json);
	char *cause = NULL, *out;
	int rc;

	assert_non_null(params);
	assert_int_equal(store_txn_write(f->st, NULL, &call.txn), STORE_OK);
	if (m->params != NULL && validate_params(m->params, params, &cause) != 0)
		rc = rpc_fail_take(&call, ERR_PARAM, cause);
	else
		rc = m->exec(&call, params);
	if (rc == RPC_COMMIT)
		assert_int_equal(store_txn_commit(call.txn), STORE_OK);
	else
		store_txn_abort(call.txn);
	f->code = rpc_failed(&call) ? (int)jsonrpc_code_of(call.err.kind) : 0;
	snprintf(f->data, sizeof f->data, "%s", call.err.text != NULL ? call.err.text : "");
	out = call.result != NULL ? cJSON_PrintUnformatted(call.result) : NULL;
	snprintf(f->result, sizeof f->result, "%s", out != NULL ? out : "");
	free(out);
	err_clear(&call.err);
	cJSON_Delete(call.result);
	cJSON_Delete(params);
	return f->code;
}

/* The first id of the last call's result array, e.g. "groupids". */
static uint64_t
fx_first_id(const struct fx *f, const char *key)
{
	cJSON *r = cJSON_Parse(f->result);
	uint64_t id = 0;

	assert_non_null(r);
	assert_true(id_from_json(cJSON_GetArrayItem(cJSON_GetObjectItem(r, key), 0), &id));
	cJSON_Delete(r);
	return id;
}

static uint64_t
fx_group(struct fx *f, const char *name)
{
	char json[256];

	snprintf(json, sizeof json, "{\"name\":\"%s\"}", name);
	assert_int_equal(fx_call(f, &method_hostgroup_create, json), 0);
	return fx_first_id(f, "groupids");
}

static uint64_t
fx_host(struct fx *f, const char *host, uint64_t groupid)
{
	char json[256];

	snprintf(json, sizeof json, "{\"host\":\"%s\",\"groups\":[{\"groupid\":\"%llu\"}]}",
	    host, (unsigned long long)groupid);
	assert_int_equal(fx_call(f, &method_host_create, json), 0);
	return fx_first_id(f, "hostids");
}

/* A template stored directly (template.create is not this module's). */
static uint64_t
fx_template(struct fx *f, const char *host, uint64_t groupid)
{
	struct store_txn *t;
	struct host h = { .status = HOST_STATUS_TEMPLATE };
	uint64_t id;

	h.host = xstrdup(host), h.name = xstrdup(host);
	h.description = xstrdup(""), h.uuid = xstrdup("");
	assert_int_equal(store_txn_write(f->st, NULL, &t), STORE_OK);
	assert_int_equal(store_host_create(t, &h), STORE_OK);
	assert_int_equal(store_host_group_set(t, h.hostid, groupid, true), STORE_OK);
	assert_int_equal(store_txn_commit(t), STORE_OK);
	id = h.hostid;
	host_free(&h);
	return id;
}

static void
fx_read_host(struct fx *f, uint64_t id, struct host *h)
{
	struct store_txn *t;

	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(store_host_get(t, id, h), STORE_OK);
	store_txn_abort(t);
}

static size_t
fx_count(struct fx *f, enum store_rc (*list)(struct store_txn *, uint64_t, struct id_list *),
    uint64_t id)
{
	struct store_txn *t;
	struct id_list l = { 0 };
	size_t n;

	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(list(t, id, &l), STORE_OK);
	store_txn_abort(t);
	n = l.n;
	id_list_free(&l);
	return n;
}

static void
hostgroup_create_should_refuse_taken_and_empty_names(void **state)
{
	struct fx *f = *state;

	fx_group(f, "G1");
	assert_int_equal(fx_call(f, &method_hostgroup_create, "{\"name\":\"G1\"}"), -32602);
	assert_string_equal(f->data, "Host group \"G1\" already exists.");
	assert_int_equal(fx_call(f, &method_hostgroup_create, "{\"name\":\"\"}"), -32602);
	assert_string_equal(f->data, "Invalid parameter \"/1/name\": cannot be empty.");
	assert_int_equal(fx_call(f, &method_hostgroup_create,
	    "[{\"name\":\"A\"},{\"name\":\"A\"}]"), -32602);
	assert_string_equal(f->data, "Invalid parameter \"/2\": value (name)=(A) already exists.");
}

static void
hostgroup_update_should_rename_but_not_onto_another_group(void **state)
{
	struct fx *f = *state;
	uint64_t g1 = fx_group(f, "G1");
	char json[128];

	fx_group(f, "G2");
	snprintf(json, sizeof json, "{\"groupid\":\"%llu\",\"name\":\"G2\"}",
	    (unsigned long long)g1);
	assert_int_equal(fx_call(f, &method_hostgroup_update, json), -32602);
	assert_string_equal(f->data, "Host group \"G2\" already exists.");
	snprintf(json, sizeof json, "{\"groupid\":\"%llu\",\"name\":\"G3\"}",
	    (unsigned long long)g1);
	assert_int_equal(fx_call(f, &method_hostgroup_update, json), 0);
	assert_int_equal(fx_call(f, &method_hostgroup_update,
	    "{\"groupid\":\"999999\",\"name\":\"x\"}"), -32500);
	assert_string_equal(f->data, NO_PERMISSIONS);
}

static void
hostgroup_delete_should_not_leave_objects_without_a_group(void **state)
{
	struct fx *f = *state;
	uint64_t g1 = fx_group(f, "G1"), g2 = fx_group(f, "G2"), g3 = fx_group(f, "G3");
	uint64_t h;
	char json[64];

	fx_template(f, "T1", g1);
	h = fx_host(f, "H1", g2);
	snprintf(json, sizeof json, "[\"%llu\"]", (unsigned long long)g1);
	assert_int_equal(fx_call(f, &method_hostgroup_delete, json), -32602);
	assert_string_equal(f->data, "Template \"T1\" cannot be without host group.");
	snprintf(json, sizeof json, "[\"%llu\"]", (unsigned long long)g2);
	assert_int_equal(fx_call(f, &method_hostgroup_delete, json), -32602);
	assert_string_equal(f->data, "Host \"H1\" cannot be without host group.");
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"groups\":[{\"groupid\":\"%llu\"},"
	    "{\"groupid\":\"%llu\"}]}", (unsigned long long)h, (unsigned long long)g2,
	    (unsigned long long)g3);
	assert_int_equal(fx_call(f, &method_host_update, json), 0);
	snprintf(json, sizeof json, "[\"%llu\"]", (unsigned long long)g3);
	assert_int_equal(fx_call(f, &method_hostgroup_delete, json), 0);
	assert_int_equal(fx_count(f, store_host_groups, h), 1);
}

static void
host_create_should_default_the_visible_name_and_check_names(void **state)
{
	struct fx *f = *state;
	uint64_t g = fx_group(f, "G1"), id;
	struct host h;
	char json[128];

	fx_template(f, "T1", g);
	id = fx_host(f, "H1", g);
	fx_read_host(f, id, &h);
	assert_string_equal(h.name, "H1");
	assert_int_equal(h.status, HOST_STATUS_MONITORED);
	host_free(&h);
	snprintf(json, sizeof json, "{\"host\":\"H1\",\"groups\":[{\"groupid\":\"%llu\"}]}",
	    (unsigned long long)g);
	assert_int_equal(fx_call(f, &method_host_create, json), -32602);
	assert_string_equal(f->data, "Host with the same name \"H1\" already exists.");
	snprintf(json, sizeof json, "{\"host\":\"T1\",\"groups\":[{\"groupid\":\"%llu\"}]}",
	    (unsigned long long)g);
	assert_int_equal(fx_call(f, &method_host_create, json), -32602);
	assert_string_equal(f->data, "Template with the same name \"T1\" already exists.");
	assert_int_equal(fx_call(f, &method_host_create, "{\"host\":\"H2\"}"), -32602);
	assert_string_equal(f->data, "Host \"H2\" cannot be without host group.");
}

static void
host_create_should_roll_back_every_host_of_a_failed_call(void **state)
{
	struct fx *f = *state;
	uint64_t g = fx_group(f, "G1");
	struct store_txn *t;
	uint64_t id;
	char json[256];

	snprintf(json, sizeof json, "[{\"host\":\"A\",\"groups\":[{\"groupid\":\"%llu\"}]},"
	    "{\"host\":\"B\",\"groups\":[{\"groupid\":\"999999\"}]}]", (unsigned long long)g);
	assert_int_equal(fx_call(f, &method_host_create, json), -32500);
	assert_string_equal(f->data, NO_PERMISSIONS);
	assert_int_equal(store_txn_read(f->st, &t), STORE_OK);
	assert_int_equal(store_host_by_name(t, "A", &id), STORE_ENOTFOUND);
	store_txn_abort(t);
}

static void
host_update_should_use_the_old_texts(void **state)
{
	struct fx *f = *state;
	uint64_t g = fx_group(f, "G1"), h1 = fx_host(f, "H1", g), t1 = fx_template(f, "T1", g);
	char json[256];

	fx_host(f, "H2", g);
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"foo\":1,\"host\":\"H1b\"}",
	    (unsigned long long)h1);
	assert_int_equal(fx_call(f, &method_host_update, json), 0);
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"host\":\"bad/name\"}",
	    (unsigned long long)h1);
	assert_int_equal(fx_call(f, &method_host_update, json), -32602);
	assert_string_equal(f->data, "Incorrect characters used for host name \"bad/name\".");
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"groups\":[]}", (unsigned long long)h1);
	assert_int_equal(fx_call(f, &method_host_update, json), -32602);
	assert_string_equal(f->data, "Host \"H1b\" cannot be without host group.");
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"name\":\"x\"}", (unsigned long long)t1);
	assert_int_equal(fx_call(f, &method_host_update, json), -32602);
	assert_string_equal(f->data, NO_PERMISSIONS);
	snprintf(json, sizeof json, "[{\"hostid\":\"%llu\",\"host\":\"Z\"},{\"hostid\":\"%llu\","
	    "\"host\":\"Z\"}]", (unsigned long long)h1, (unsigned long long)h1);
	assert_int_equal(fx_call(f, &method_host_update, json), -32602);
	assert_string_equal(f->data,
	    "Duplicate host. Host with the same host name \"Z\" already exists in data.");
}

static void
host_update_templates_should_replace_the_parents(void **state)
{
	struct fx *f = *state;
	uint64_t g = fx_group(f, "G1"), h = fx_host(f, "H1", g);
	uint64_t t1 = fx_template(f, "T1", g), t2 = fx_template(f, "T2", g);
	char json[256];

	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"templates\":[{\"templateid\":\"%llu\"}]}",
	    (unsigned long long)h, (unsigned long long)t1);
	assert_int_equal(fx_call(f, &method_host_update, json), 0);
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"templates\":[{\"templateid\":\"%llu\"}]}",
	    (unsigned long long)h, (unsigned long long)t2);
	assert_int_equal(fx_call(f, &method_host_update, json), 0);
	assert_int_equal(fx_count(f, store_host_parents, h), 1);
	assert_int_equal(fx_count(f, store_host_children, t1), 0);
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"templates_clear\":[{\"templateid\":"
	    "\"%llu\"}]}", (unsigned long long)h, (unsigned long long)t2);
	assert_int_equal(fx_call(f, &method_host_update, json), 0);
	assert_int_equal(fx_count(f, store_host_parents, h), 0);
	snprintf(json, sizeof json, "{\"hostid\":\"%llu\",\"templates\":[{\"templateid\":\"%llu\"}]}",
	    (unsigned long long)h, (unsigned long long)h);
	assert_int_equal(fx_call(f, &method_host_update, json), -32500);
}

static void
host_delete_should_refuse_a_template(void **state)
{
	struct fx *f = *state;
	uint64_t g = fx_group(f, "G1"), h = fx_host(f, "H1", g), t = fx_template(f, "T1", g);
	char json[64];

	snprintf(json, sizeof json, "[\"%llu\"]", (unsigned long long)t);
	assert_int_equal(fx_call(f, &method_host_delete, json), -32500);
	assert_string_equal(f->data, NO_PERMISSIONS);
	snprintf(json, sizeof json, "[\"%llu\"]", (unsigned long long)h);
	assert_int_equal(fx_call(f, &method_host_delete, json), 0);
	assert_int_equal(fx_count(f, store_group_hosts, g), 1);	/* the template stays */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hostgroup_create_should_refuse_taken_and_empty_names,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(hostgroup_update_should_rename_but_not_onto_another_group,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(hostgroup_delete_should_not_leave_objects_without_a_group,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(host_create_should_default_the_visible_name_and_check_names,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(host_create_should_roll_back_every_host_of_a_failed_call,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(host_update_should_use_the_old_texts,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(host_update_templates_should_replace_the_parents,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(host_delete_should_refuse_a_template,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
