/* xml_lists.c: which tags of Zabbix 6.0's XML are lists and what their members are called,
 * from the 6.0 import schema (C60XmlValidator, XML_INDEXED_ARRAY "prefix") and export writer. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/format.h"

struct xml_list {
	const char	*tag;
	const char	*child;
};

/* Sorted by tag for bsearch. A tag is a list wherever it appears in the 6.0 schema; "posts" is a
 * list only under a web scenario step (elsewhere a string, which has no child elements), and
 * "elements" and media type "parameters" are lists for some types only (likewise). */
static const struct xml_list xml_lists[] = {
	{ "conditions",		"condition" },
	{ "dashboards",		"dashboard" },
	{ "dependencies",	"dependency" },
	{ "discovery_rules",	"discovery_rule" },
	{ "elements",		"element" },
	{ "fields",		"field" },
	{ "graph_items",	"graph_item" },
	{ "graph_prototypes",	"graph_prototype" },
	{ "graphs",		"graph" },
	{ "group_links",	"group_link" },
	{ "group_prototypes",	"group_prototype" },
	{ "groups",		"group" },
	{ "headers",		"header" },
	{ "host_prototypes",	"host_prototype" },
	{ "hosts",		"host" },
	{ "httptests",		"httptest" },
	{ "images",		"image" },
	{ "interfaces",		"interface" },
	{ "item_prototypes",	"item_prototype" },
	{ "items",		"item" },
	{ "lines",		"line" },
	{ "links",		"link" },
	{ "linktriggers",	"linktrigger" },
	{ "lld_macro_paths",	"lld_macro_path" },
	{ "macros",		"macro" },
	{ "mappings",		"mapping" },
	{ "maps",		"map" },
	{ "media_types",	"media_type" },
	{ "message_templates",	"message_template" },
	{ "operations",		"operation" },
	{ "overrides",		"override" },
	{ "pages",		"page" },
	{ "parameters",		"parameter" },
	{ "posts",		"post_field" },
	{ "preprocessing",	"step" },
	{ "query_fields",	"query_field" },
	{ "selements",		"selement" },
	{ "shapes",		"shape" },
	{ "steps",		"step" },
	{ "tags",		"tag" },
	{ "templates",		"template" },
	{ "trigger_prototypes",	"trigger_prototype" },
	{ "triggers",		"trigger" },
	{ "urls",		"url" },
	{ "valuemaps",		"valuemap" },
	{ "variables",		"variable" },
	{ "widgets",		"widget" },
};

static int
xml_list_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct xml_list *)elem)->tag);
}

const char *
format_xml_list_child(const char *tag)
{
	const struct xml_list *l;

	if (tag == NULL)
		return NULL;
	l = bsearch(tag, xml_lists, sizeof xml_lists / sizeof xml_lists[0], sizeof xml_lists[0],
	    xml_list_cmp);
	return l != NULL ? l->child : NULL;
}
