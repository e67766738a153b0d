/* host_rules.c: the shapes of the members that host and template methods share (groups,
 * templates, macros, tags) and the checks of host names and uuids, as validation rules. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/util.h"

char *
host_rule_check_name(const cJSON *v)
{
	return host_name_valid(v->valuestring) ? NULL : xstrdup("invalid host name");
}

char *
host_rule_check_uuid(const cJSON *v)
{
	const char *s = v->valuestring;

	if (strlen(s) != 32)
		return xstrdup("must be 32 characters long");
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return xstrdup("UUIDv4 is expected");
	return NULL;
}

static char *
host_rule_check_macro(const cJSON *v)
{
	char *cause;

	return macro_parse(v->valuestring, NULL, &cause) == 0 ? NULL : cause;
}

static const char *const host_uniq_groupid[] = { "groupid", NULL };
static const char *const host_uniq_templateid[] = { "templateid", NULL };
static const char *const host_uniq_tag[] = { "tag,value", NULL };
static const char *const host_uniq_hostmacroid[] = { "hostmacroid", NULL };

static const struct rule_field host_group_fields[] = {
	{ "groupid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule host_group_rule = { .type = RULE_OBJECT, .fields = host_group_fields };
const struct rule host_groups_rule = { .type = RULE_OBJECTS,
	.flags = RULE_NOT_EMPTY | RULE_NORMALIZE, .elem = &host_group_rule,
	.uniq = host_uniq_groupid };

static const struct rule_field host_template_fields[] = {
	{ "templateid", { .type = RULE_ID, .flags = RULE_REQUIRED } },
	{ NULL, { 0 } },
};
static const struct rule host_template_rule = { .type = RULE_OBJECT,
	.fields = host_template_fields };
const struct rule host_templates_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &host_template_rule, .uniq = host_uniq_templateid };

static const struct rule_field host_tag_fields[] = {
	{ "tag", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255 } },
	{ "value", { .type = RULE_STRING, .length = 255, .dflt = "" } },
	{ NULL, { 0 } },
};
static const struct rule host_tag_rule = { .type = RULE_OBJECT, .fields = host_tag_fields };
const struct rule host_tags_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &host_tag_rule, .uniq = host_uniq_tag };

static const struct rule_field host_macro_fields[] = {
	{ "hostmacroid", { .type = RULE_ID } },
	{ "macro", { .type = RULE_STRING, .flags = RULE_NOT_EMPTY, .length = 255,
	    .check = host_rule_check_macro } },
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } },
	{ "value", { .type = RULE_STRING, .length = 2048 } },
	{ "description", { .type = RULE_STRING, .length = 65535 } },
	{ NULL, { 0 } },
};
static const struct rule host_macro_rule = { .type = RULE_OBJECT, .fields = host_macro_fields };
const struct rule host_macros_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &host_macro_rule, .uniq = host_uniq_hostmacroid };

static const struct rule_field host_macro_create_fields[] = {
	{ "macro", { .type = RULE_STRING, .flags = RULE_REQUIRED | RULE_NOT_EMPTY, .length = 255,
	    .check = host_rule_check_macro } },
	{ "type", { .type = RULE_INT32, .in = "0,1,2" } },
	{ "value", { .type = RULE_STRING, .flags = RULE_REQUIRED, .length = 2048 } },
	{ "description", { .type = RULE_STRING, .length = 65535 } },
	{ NULL, { 0 } },
};
static const struct rule host_macro_create_rule = { .type = RULE_OBJECT,
	.fields = host_macro_create_fields };
const struct rule host_macros_create_rule = { .type = RULE_OBJECTS, .flags = RULE_NORMALIZE,
	.elem = &host_macro_create_rule };
