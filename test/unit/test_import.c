/* test_import.c: configuration.import's pure parts: the rules object read into struct import_rules, and export constants read back to their values. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/domain.h"

static void
rules_should_default_to_false(void **state)
{
	struct import_rules r;
	cJSON *o = cJSON_Parse("{}");

	(void)state;
	memset(&r, 0xff, sizeof r);
	import_rules_parse(o, &r);
	assert_false(r.groups.create_missing);
	assert_false(r.items.delete_missing);
	assert_false(r.media_types.update_existing);
	import_rules_parse(NULL, &r);
	assert_false(r.templates.create_missing);
	cJSON_Delete(o);
}

static void
rules_should_read_each_key_into_its_own_member(void **state)
{
	struct import_rules r;
	cJSON *o = cJSON_Parse("{\"groups\": {\"createMissing\": true},"
	    "\"templates\": {\"updateExisting\": true},"
	    "\"templateLinkage\": {\"deleteMissing\": true, \"createMissing\": false},"
	    "\"items\": {\"createMissing\": true, \"updateExisting\": true, \"deleteMissing\": true},"
	    "\"valueMaps\": {\"deleteMissing\": true},"
	    "\"templateDashboards\": {\"createMissing\": true},"
	    "\"mediaTypes\": {\"updateExisting\": true}}");

	(void)state;
	import_rules_parse(o, &r);
	assert_true(r.groups.create_missing);
	assert_false(r.groups.update_existing);
	assert_true(r.templates.update_existing);
	assert_false(r.templates.create_missing);
	assert_true(r.template_linkage.delete_missing);
	assert_false(r.template_linkage.create_missing);
	assert_true(r.items.create_missing && r.items.update_existing && r.items.delete_missing);
	assert_true(r.value_maps.delete_missing);
	assert_false(r.value_maps.create_missing);
	assert_true(r.template_dashboards.create_missing);
	assert_true(r.media_types.update_existing);
	assert_false(r.hosts.create_missing || r.triggers.create_missing || r.graphs.create_missing);
	assert_false(r.discovery_rules.create_missing || r.httptests.create_missing);
	assert_false(r.images.create_missing || r.maps.create_missing);
	cJSON_Delete(o);
}

static void
constants_should_read_back_to_their_values(void **state)
{
	char v[12];

	(void)state;
	assert_true(export_const_value("item_type", "TRAP", v));
	assert_string_equal(v, "2");
	assert_true(export_const_value("item_type", "SCRIPT", v));
	assert_string_equal(v, "21");
	assert_true(export_const_value("value_type", "FLOAT", v));
	assert_string_equal(v, "0");
	assert_true(export_const_value("authtype_ssh", "PUBLIC_KEY", v));
	assert_string_equal(v, "1");
	assert_true(export_const_value("authtype", "DIGEST", v));
	assert_string_equal(v, "4");
	assert_true(export_const_value("macro_type", "SECRET_TEXT", v));
	assert_string_equal(v, "1");
	assert_true(export_const_value("inventory_mode", "DISABLED", v));
	assert_string_equal(v, "-1");
	assert_true(export_const_value("mapping_type", "DEFAULT", v));
	assert_string_equal(v, "5");
	assert_true(export_const_value("inventory_link", "OS", v));
	assert_string_equal(v, "5");
	assert_true(export_const_value("inventory_link", "POC_2_NOTES", v));
	assert_string_equal(v, "70");
	/* unknown names and tables */
	assert_false(export_const_value("item_type", "FOO", v));
	assert_false(export_const_value("item_type", "trap", v));
	assert_false(export_const_value("nope", "TRAP", v));
	assert_false(export_const_value("inventory_link", "nope", v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules_should_default_to_false),
		cmocka_unit_test(rules_should_read_each_key_into_its_own_member),
		cmocka_unit_test(constants_should_read_back_to_their_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
