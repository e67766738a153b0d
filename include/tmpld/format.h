/* format.h: Zabbix 6.0's export file formats (json, yaml, xml): writers from a cJSON tree and
 * readers back to one, with Zabbix's bytes and Zabbix's import error texts. */
#ifndef TMPLD_FORMAT_H
#define TMPLD_FORMAT_H

#include <stddef.h>

#include <cjson/cJSON.h>

/*
 * The tree.
 *
 * Both directions use the shape of Zabbix's JSON export: an object such as
 * {"zabbix_export": {"version": "6.0", "date": "...", "groups": [...], "templates": [...]}},
 * every scalar a string, every list a JSON array, and keys in the order they are to be written
 * (the caller builds the tree in Zabbix's order; the writers never sort or drop anything).
 *
 * Writers also accept what PHP would: numbers (integral values as integers), true, false and
 * null. As in PHP, where an array and an object cannot be told apart, an empty object is written
 * like an empty array (json "[]", yaml "{  }", xml "<tag/>").
 *
 * Memory: every string and tree handed back is the caller's. Strings (output and *cause) are
 * freed with free(), trees with cJSON_Delete(). The functions never keep a pointer to their
 * arguments. Allocation failure aborts the process, as xmalloc() does.
 *
 * Threads: every function may run on several threads at once (libxml2 is set up once, its
 * error handler is per thread); cJSON's allocation hooks must not change meanwhile.
 */

enum format_kind {
	FORMAT_JSON,
	FORMAT_YAML,
	FORMAT_XML,
};

enum format_rc {
	FORMAT_OK = 0,
	FORMAT_EINVAL,		/* writers: the tree cannot be written in this format */
	FORMAT_EREAD,		/* readers: the source cannot be read; *cause is Zabbix's text */
};

/* Writer flags. */
#define FORMAT_PRETTY	0x01u	/* configuration.export "prettyprint": json and xml only;
				 * yaml is the same either way, as in Zabbix */

/** Turns "json", "yaml" or "xml" (case-sensitive, as the API) into a format.
 * @param[in]  name
 * @param[out] kind
 * @return 0, or -1 for any other name. */
int	 format_kind_parse(const char *name, enum format_kind *kind);

/** The API's name of a format: "json", "yaml" or "xml". Static storage. */
const char *format_kind_name(enum format_kind kind);

/** Writes a tree the way Zabbix 6.0's export writer for that format does, byte for byte:
 *  - json: PHP json_encode with JSON_UNESCAPED_SLASHES (and JSON_PRETTY_PRINT: 4 spaces,
 *    "key": value), non-ASCII as lowercase \uXXXX, no final newline;
 *  - yaml: Symfony's Yaml::dump(tree, 100, 2, DUMP_MULTI_LINE_LITERAL_BLOCK) as Zabbix 6.0 calls
 *    it: quoting rules, "|" blocks for multi-line text, "-" on a line of its own before a
 *    mapping in a list, final newline;
 *  - xml: PHP XMLWriter as CXmlExportWriter drives it: declaration, one line (or indented by 4
 *    spaces with FORMAT_PRETTY), list members named by format_xml_list_child(), text escaping
 *    & < > " and CR, whitespace-only values as CDATA, empty values as <tag/>, final newline.
 * @param[in]  kind
 * @param[in]  tree   borrowed, not changed
 * @param[in]  flags  0 or FORMAT_PRETTY
 * @param[out] out    the text, NUL-terminated (heap; caller frees). NULL on error.
 * @param[out] len    its length without the NUL (may be NULL)
 * @param[out] cause  on error, why (heap; caller frees). May be NULL.
 * @return FORMAT_OK, or FORMAT_EINVAL when PHP would not produce a well-formed file either:
 *   json: a string that is not valid UTF-8 (json_encode fails); xml: a list under a name with
 *   no singular form, an invalid element name, or a root that is not an object; any format: a
 *   cJSON raw or invalid item. */
int	 format_write(enum format_kind kind, const cJSON *tree, unsigned flags, char **out,
	    size_t *len, char **cause);

/** Reads an import source into a tree, as Zabbix 6.0's import reader for that format does.
 *  - json: PHP json_decode(source, true): any JSON value; duplicate keys keep the first position
 *    and the last value. Errors "Cannot read JSON: <json_last_error_msg()>.", e.g. "Syntax error",
 *    "Malformed UTF-8 characters, possibly incorrectly encoded", "Control character error,
 *    possibly incorrectly encoded", "Single unpaired UTF-16 surrogate in unicode escape",
 *    "Maximum stack depth exceeded" (nesting over 512), and "No error" for a source that is
 *    JSON null. A \u0000 escape ends its string here (C strings).
 *  - yaml: Symfony's Yaml::parse as CYamlImportReader uses it, on libyaml: quoted and block
 *    scalars are strings; plain scalars are typed as Symfony types them (null, ~ and empty:
 *    null; true/false in any case: booleans; integers, floats, hex, octal, .inf/.nan and
 *    timestamps: numbers; anything else a string); !!str, !!binary and !!float tags as Symfony;
 *    aliases are copies of their anchor; merge keys ("<<") are ordinary keys. A block whose
 *    first line starts with a tab, which libyaml alone refuses, is read as Symfony reads it.
 *    libyaml (not Symfony) refuses raw C1 control characters other than NEL and raw C0 ones
 *    other than tab, LF and CR. Then one trailing "\n" is dropped from every string (so a "|"
 *    block loses its final newline). Errors: "Cannot
 *    read YAML: File is empty." (nothing, or null), "Cannot read YAML: Invalid YAML file
 *    contents." (a scalar), "The YAML value does not appear to be valid UTF-8.", "Duplicate key
 *    "K" detected at line N (near "LINE").", "Reference "A" does not exist at line N (near
 *    "LINE")." and, for anything libyaml refuses, Symfony's "Unable to parse at line N (near
 *    "LINE")." with libyaml's line. Nesting deeper than 512 is refused likewise.
 *  - xml: libxml2 with XML_PARSE_NONET, then Zabbix's XMLReader walk: elements become keys;
 *    the members of a list tag (format_xml_list_child()) become an array when they all have the
 *    singular name; a repeated name elsewhere becomes name1, name2... (count of keys so far),
 *    and such a renamed key is no list tag (its members stay keys, as in Zabbix's reader);
 *    attributes (and namespace declarations) become string members; comments, processing
 *    instructions and whitespace-only text are skipped; text and CDATA give a string.
 *    Empty elements (<a/>, <a></a>, <a>  </a>) give "" whatever the tag, as in Zabbix, whose
 *    validator then reads "" as an empty list or object where one is expected. Errors:
 *    "Cannot read XML: XML is empty." (empty source), "Cannot read XML: (CODE) MESSAGE [Line: L |
 *    Column: C]." (libxml2's first error), "Invalid tag "PATH": unexpected text "TEXT"." (text
 *    beside elements; PATH as Zabbix's reader spells it, /a/b(1)) and, for a list member with
 *    another name, the strict validator's "Invalid tag "PATH": unexpected tag "NAME"." (PATH as
 *    the validator spells it, /zabbix_export/templates/template(1)/items).
 * @param[in]  kind
 * @param[in]  src    the source; need not be NUL-terminated (NULL reads as "")
 * @param[in]  len    its length in bytes
 * @param[out] tree   the tree (caller frees with cJSON_Delete). NULL on error.
 * @param[out] cause  on error, Zabbix's text (heap; caller frees). May be NULL.
 * @return FORMAT_OK or FORMAT_EREAD. */
int	 format_read(enum format_kind kind, const char *src, size_t len, cJSON **tree,
	    char **cause);

/** The element name of a list member in Zabbix 6.0's XML: "items" -> "item", "preprocessing"
 * -> "step", "valuemaps" -> "valuemap", "posts" -> "post_field"... for every list tag of the
 * 6.0 import schema (C60XmlValidator) and export writer.
 * @return static storage, or NULL when the tag is not a list. */
const char *format_xml_list_child(const char *tag);

/** Reads an import source as Zabbix 6.0's configuration.import does before it touches the database:
 * parses it (format_read), checks it against the import schema of its version (Zabbix's XML validators:
 * tags, required tags, constants, date, version), converts versions 1.0..5.4 step by step to 6.0, and
 * normalises it (CImportDataNormalizer: "\n" -> "\r\n" in every text but preprocessing parameters, ...).
 * @param[out] doc  on success the *content of zabbix_export* in 6.0 form (caller frees with cJSON_Delete):
 *   {"version":"6.0","date":..., "groups":[...], "templates":[...], "hosts":[...], ...}: every list a JSON
 *   array (an XML "" empty list becomes []; absent lists stay absent), every scalar a JSON string,
 *   constants still as their export names ("ZABBIX_ACTIVE", "YES", ...), defaults NOT filled in.
 * @param[out] cause on error Zabbix's text, e.g. "Invalid tag \"/zabbix_export/templates/template(1)\":
 *   unexpected tag \"foo\"." (heap; caller frees).
 * @return FORMAT_OK or FORMAT_EREAD (every reading and schema error; the method answers -32500). */
int format_import_read(enum format_kind kind, const char *src, size_t len, cJSON **doc, char **cause);

#endif
