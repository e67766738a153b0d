/* import.h: what the import reader's files share: the schema tables (import_schema_tab.c), the
 * walker that checks and normalises a tree with them (import_schema.c) and the version converters
 * (import_convert.c). */
#ifndef TMPLD_FORMAT_IMPORT_H
#define TMPLD_FORMAT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tmpld/format.h"

/* Kinds of a schema node (Zabbix's XML_STRING, XML_ARRAY, XML_INDEXED_ARRAY, XML_REQUIRED). */
#define ISCH_STRING	0x01u
#define ISCH_ARRAY	0x02u	/* an object with the listed tags */
#define ISCH_INDEXED	0x04u	/* a list of members named "prefix" in XML */
#define ISCH_REQUIRED	0x08u

/* Flags of a node. */
#define ISCH_EOL_LF			0x01u	/* normalisation keeps "\n" (preprocessing parameters) */
#define ISCH_LOWERCASE			0x02u	/* normalisation lowercases (uuids) */
#define ISCH_ZERO2ARRAY			0x04u	/* "0" reads as an empty list before the check */
#define ISCH_MAP_ELEMENT_REQUIRED	0x08u	/* required for some map element types */
#define ISCH_EX_RULES			0x10u	/* normalised with the rules its hook picks */

/* Checks whose rules depend on the sibling values (the validators' callbacks). */
enum isch_hook {
	ISCH_HOOK_NONE,
	ISCH_HOOK_DATE,			/* "YYYY-MM-DDThh:mm:ssZ" */
	ISCH_HOOK_AUTHTYPE,		/* constants by item type */
	ISCH_HOOK_MASTER_ITEM,		/* key required for dependent items */
	ISCH_HOOK_YMIN_ITEM,		/* host and key when the axis type is ITEM */
	ISCH_HOOK_YMAX_ITEM,
	ISCH_HOOK_GRAPH_ITEMS,		/* not empty */
	ISCH_HOOK_HTTP_POSTS,		/* a string or a list of name/value pairs */
	ISCH_HOOK_PREPROC_ERR,		/* no ORIGINAL_ERROR for CHECK_NOT_SUPPORTED */
	ISCH_HOOK_WIDGET_VALUE,		/* by field type */
	ISCH_HOOK_MAP_ELEMENTS,		/* by element type */
	ISCH_HOOK_MEDIA_PARAMS,		/* by media type */
	ISCH_HOOK_SCREEN_RESOURCE,	/* 5.0 template screens: by resource type */
};

struct isch_field;

struct isch_node {
	unsigned			 type;
	unsigned			 flags;
	enum isch_hook			 hook;
	const char			*prefix;	/* ISCH_INDEXED: the member's XML name */
	const struct isch_node		*member;	/* ISCH_INDEXED: the member's rules */
	const char *const		*in;		/* allowed constant names, NULL-terminated */
	const struct isch_field		*fields;	/* ISCH_ARRAY: the tags, in check order */
	size_t				 nfields;
};

struct isch_field {
	const char		*tag;
	const struct isch_node	*node;
};

struct isch_version {
	const char		*version;	/* "5.0" ... "6.0" */
	const struct isch_node	*root;		/* the content of zabbix_export */
};

/* import_schema_tab.c: every supported version, ending with { NULL, NULL }. */
extern const struct isch_version isch_versions[];

/** The schema of an export version, or NULL when there is none. */
const struct isch_node *isch_find(const char *version);

/** Checks the content of zabbix_export against a version's schema as Zabbix's validator does,
 * in its order (first error wins), and shapes it on the way: "" where a list or object is expected
 * becomes an empty one, and XML members (group, group1...) become a JSON array.
 * @param[in]     version "5.0" ... "6.0" (the hooks differ slightly between versions)
 * @param[in,out] data    the zabbix_export object (changed in place)
 * @param[in]     kind    the source format (strict member names differ in XML)
 * @param[in]     strict  check the member names of lists (false after a conversion)
 * @param[out]    cause   Zabbix's text (heap)
 * @return 0 or -1. */
int	 isch_validate(const char *version, cJSON *data, enum format_kind kind, bool strict,
	    char **cause);

/** Normalises a valid 6.0 tree as CImportDataNormalizer: "\r\n" -> "\n" -> "\r\n" in every
 * string but preprocessing parameters (which keep "\n"), uuids lowercased. */
void	 isch_normalise(cJSON *data);

/** Converts a valid tree of version 5.0, 5.2 or 5.4 (content of zabbix_export) one step up, as
 * Zabbix's C50/C52/C54ImportConverter; sets "version" to the next one.
 * @return 0, or -1 with *cause when the version has no converter. */
int	 iconv_step(cJSON *data, char **cause);

/** import_convert.c: Zabbix's short template name ("Template OS Linux" -> "Linux"; heap). */
char	*iconv_short_name(const char *name);

/** import_expr.c: a trigger expression of version 5.2 or older in 5.4's syntax (heap), and the
 * same with every host by its short name (the uuid seed; heap) when seed is not NULL. */
void	 iexpr_convert(const char *expr, char **out, char **seed);

/** import_expr.c: a calculated item's formula of version 5.2 or older in 5.4's syntax (heap):
 * func("host:key",params) becomes func(/host/key,params). */
char	*iexpr_convert_formula(const char *params);

/** import_expr.c: a text of a 5.4 source with its simple macros {host:key.func(params)} in 6.0's
 * form {?func(/host/key,params)} (heap). */
char	*iexpr_convert_macros(const char *text);

/** import_expr.c: an event name of version 5.2 or older with the function macros inside its
 * expression macros {?...} in 5.4's syntax (heap). */
char	*iexpr_convert_event_name(const char *name);

/** import_expr.c: the formula of an aggregate item of version 5.2 or older (its key, e.g.
 * grpavg["G","k",last,5m] -> avg(last_foreach(/ * /k?[group="G"],5m)); heap). lld: a prototype's. */
char	*iexpr_convert_aggregate(const char *key, bool lld);

/** import_uuid.c: Zabbix's generateUuidV4(seed) for a non-empty seed (MD5 based). */
void	 iuuid_from_seed(const char *seed, char out[33]);

#endif
