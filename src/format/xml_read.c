/* xml_read.c: the xml import reader: libxml2 parses (Zabbix's "Cannot read XML" errors), then
 * Zabbix's XMLReader walk turns elements into a tree, with lists made arrays. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "internal.h"
#include "tmpld/format.h"

struct xml_reader {
	struct fbuf	 rpath;		/* the reader's path: /a/b(1) */
	struct fbuf	 vpath;		/* the validator's path: /a/b(2) for the 2nd list member */
	char		*cause;		/* the reader's own error: stops the walk */
	char		*deferred;	/* the validator's first list error: reported at the end */
};

/* libxml2's first message, as PHP's libxml_get_errors() would list it first. */
struct xml_first_error {
	bool	 set;
	int	 code;
	int	 line;
	int	 column;
	char	*message;
};

static void
xml_error_cb(void *arg, xmlErrorPtr e)
{
	struct xml_first_error *fe = arg;

	if (fe->set || e == NULL)
		return;
	fe->set = true;
	fe->code = e->code;
	fe->line = e->line;
	fe->column = e->int2;
	fe->message = xstrdup(e->message != NULL ? e->message : "");
}

/* PHP's trim(): " \t\n\r\0\x0B" at both ends. */
static char *
xml_trim(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && strchr(" \t\n\r\v", s[n - 1]) != NULL)
		n--;
	while (n > 0 && strchr(" \t\n\r\v", *s) != NULL)
		s++, n--;
	return fmt_strdup_len(s, n);
}

static void
xml_unexpected_text(struct xml_reader *r, const char *text)
{
	char *t = xml_trim(text);

	r->cause = xasprintf("Invalid tag \"%s\": unexpected text \"%s\".", r->rpath.p, t);
	free(t);
}

/* The name as XMLReader gives it: prefix:local. *tmp is what to free afterwards. */
static const char *
xml_qname(const xmlChar *name, const xmlNs *ns, char **tmp)
{
	*tmp = NULL;
	if (ns != NULL && ns->prefix != NULL)
		return *tmp = xasprintf("%s:%s", (const char *)ns->prefix, (const char *)name);
	return (const char *)name;
}

/* Adds item under key to an object as PHP's $data[$key] = $value does: in place if present. */
static void
xml_put(cJSON *obj, struct fkeys *keys, const char *key, cJSON *item)
{
	cJSON *old = fkeys_find(keys, obj, key);

	if (old != NULL) {
		cJSON_ReplaceItemViaPointer(obj, old, item);
		item->string = xstrdup(key);
		fkeys_index(keys, obj);
		return;
	}
	cJSON_AddItemToObject(obj, key, item);
	fkeys_add(keys, obj, item);
}

static cJSON *xml_children(struct xml_reader *, const xmlNode *, const char *);

/* The children of an element with attributes, merged in as PHP does: a key that is there
 * already gets the count of keys appended; list members get the keys child, child1... */
static void
xml_merge(cJSON *obj, struct fkeys *keys, cJSON *kids, const char *list)
{
	size_t i = 0;
	char *key;

	while (kids->child != NULL) {
		cJSON *c = cJSON_DetachItemViaPointer(kids, kids->child);

		key = c->string != NULL ? xstrdup(c->string) : i == 0 ? xstrdup(list) :
		    xasprintf("%s%zu", list, i);
		i++;
		if (fkeys_find(keys, obj, key) != NULL) {
			char *k2 = xasprintf("%s%zu", key, keys->n);

			free(key);
			key = k2;
		}
		xml_put(obj, keys, key, c);
		free(key);
	}
}

/* Attributes (namespace declarations first, as XMLReader lists them) as string members, then
 * the children merged in; Zabbix kept this for 1.8 files. */
static cJSON *
xml_attributes(struct xml_reader *r, const xmlNode *el, const char *list)
{
	cJSON *obj = fmt_cjson_check(cJSON_CreateObject()), *kids;
	struct fkeys keys;
	char *key;

	fkeys_init(&keys);
	for (const xmlNs *ns = el->nsDef; ns != NULL; ns = ns->next) {
		key = ns->prefix != NULL ? xasprintf("xmlns:%s", (const char *)ns->prefix) :
		    xstrdup("xmlns");
		xml_put(obj, &keys, key, fmt_cjson_check(cJSON_CreateString(
		    ns->href != NULL ? (const char *)ns->href : "")));
		free(key);
	}
	for (const xmlAttr *a = el->properties; a != NULL; a = a->next) {
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);

		xml_put(obj, &keys, xml_qname(a->name, a->ns, &key),
		    fmt_cjson_check(cJSON_CreateString(v != NULL ? (const char *)v : "")));
		xmlFree(v);
		free(key);
	}
	if (el->children != NULL && (kids = xml_children(r, el, list)) != NULL) {
		if (!cJSON_IsString(kids))
			xml_merge(obj, &keys, kids, list);
		else if (kids->valuestring[0] != '\0')
			xml_unexpected_text(r, kids->valuestring);
		cJSON_Delete(kids);
	}
	fkeys_free(&keys);
	if (r->cause != NULL) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static void
xml_path_push(struct fbuf *p, const char *name, size_t n)
{
	fbuf_putc(p, '/');
	fbuf_puts(p, name);
	if (n > 0)
		fbuf_printf(p, "(%zu)", n);
}

static void
xml_path_pop(struct fbuf *p, size_t len)
{
	p->len = len;
	p->p[len] = '\0';
}

/* Under a list tag, member i must be called child (or child<i>, which PHP's renaming makes the
 * same key); the strict validator refuses anything else. */
static void
xml_list_check(struct xml_reader *r, const char *child, const char *name, size_t i)
{
	size_t n = strlen(child);

	if (r->deferred != NULL || strcmp(name, child) == 0)
		return;
	if (i > 0 && strncmp(name, child, n) == 0) {
		char num[24];

		snprintf(num, sizeof num, "%zu", i);
		if (strcmp(name + n, num) == 0)
			return;
	}
	r->deferred = xasprintf("Invalid tag \"%s\": unexpected tag \"%s\".", r->vpath.p, name);
}

/* The next child element of a parent that has count members so far: its key and paths, then
 * its value, added to data. */
static void
xml_child(struct xml_reader *r, cJSON *data, struct fkeys *keys, const char *list, size_t count,
    const xmlNode *el)
{
	size_t rlen = r->rpath.len, vlen = r->vpath.len;
	char *tmp, *renamed = NULL;
	const char *name = xml_qname(el->name, el->ns, &tmp), *key = name, *sub;
	cJSON *v;

	if (list != NULL)
		xml_list_check(r, list, name, count);
	if ((list == NULL && fkeys_find(keys, data, name) != NULL) ||
	    (list != NULL && count > 0 && strcmp(name, list) == 0)) {
		key = renamed = xasprintf("%s%zu", name, count);
		xml_path_push(&r->rpath, name, count);
	} else {
		xml_path_push(&r->rpath, name, 0);
	}
	if (list != NULL)
		xml_path_push(&r->vpath, list, count + 1);
	else
		xml_path_push(&r->vpath, key, 0);
	/* Its own members form a list when its key (a renamed "groups1" is none) is a list tag. */
	sub = format_xml_list_child(list != NULL ? name : key);
	if (el->nsDef != NULL || el->properties != NULL)
		v = xml_attributes(r, el, sub);
	else if (el->children == NULL)
		v = fmt_cjson_check(cJSON_CreateString(""));
	else
		v = xml_children(r, el, sub);
	if (v != NULL) {
		if (list != NULL)
			cJSON_AddItemToArray(data, v);
		else
			xml_put(data, keys, key, v);
	}
	xml_path_pop(&r->rpath, rlen);
	xml_path_pop(&r->vpath, vlen);
	free(tmp);
	free(renamed);
}

/* Zabbix's xml_to_array() over the children of parent: "" when there is nothing, the text when
 * there is text, else an object (an array under a list tag). NULL with r->cause on error. */
static cJSON *
xml_children(struct xml_reader *r, const xmlNode *parent, const char *list)
{
	cJSON *data = NULL;
	struct fkeys keys;
	size_t members = 0;

	fkeys_init(&keys);
	for (const xmlNode *n = parent->children; n != NULL && r->cause == NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			if (data == NULL)
				data = fmt_cjson_check(list != NULL ? cJSON_CreateArray() :
				    cJSON_CreateObject());
			else if (cJSON_IsString(data)) {
				xml_unexpected_text(r, data->valuestring);
				break;
			}
			xml_child(r, data, &keys, list, list != NULL ? members++ : keys.n, n);
		} else if ((n->type == XML_TEXT_NODE && !xmlIsBlankNode(n)) ||
		    n->type == XML_CDATA_SECTION_NODE) {
			const char *text = n->content != NULL ? (const char *)n->content : "";

			if (data == NULL)
				data = fmt_cjson_check(cJSON_CreateString(text));
			else if (!cJSON_IsString(data))
				xml_unexpected_text(r, text);
		}
	}
	fkeys_free(&keys);
	if (r->cause != NULL) {
		cJSON_Delete(data);
		return NULL;
	}
	return data != NULL ? data : fmt_cjson_check(cJSON_CreateString(""));
}

/* libxml2 sets up its globals on first use, which is not safe on two threads at once. */
static void
xml_init(void)
{
	xmlInitParser();
}

static int
xml_parse(const char *src, size_t len, xmlDoc **doc, char **cause)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct xml_first_error fe = { false, 0, 0, 0, NULL };

	pthread_once(&once, xml_init);

	if (len > (size_t)INT32_MAX) {
		fmt_set_cause(cause, "Cannot read XML: XML is too large.");
		return -1;
	}
	xmlSetStructuredErrorFunc(&fe, xml_error_cb);
	*doc = xmlReadMemory(src, (int)len, NULL, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (*doc == NULL) {
		char *msg = xml_trim(fe.message != NULL ? fe.message : "");

		fmt_set_cause(cause, "Cannot read XML: (%d) %s [Line: %d | Column: %d].", fe.code,
		    msg, fe.line, fe.column);
		free(msg);
	}
	free(fe.message);
	return *doc != NULL ? 0 : -1;
}

int
xml_read(const char *src, size_t len, cJSON **tree, char **cause)
{
	struct xml_reader r = { { NULL, 0, 0 }, { NULL, 0, 0 }, NULL, NULL };
	cJSON *t;
	xmlDoc *doc;

	if (len == 0) {
		fmt_set_cause(cause, "Cannot read XML: XML is empty.");
		return -1;
	}
	if (xml_parse(src, len, &doc, cause) != 0)
		return -1;
	fbuf_init(&r.rpath, 256);
	fbuf_init(&r.vpath, 256);
	t = xml_children(&r, (const xmlNode *)doc, NULL);
	xmlFreeDoc(doc);
	fbuf_free(&r.rpath);
	fbuf_free(&r.vpath);
	if (t != NULL && r.deferred != NULL) {
		cJSON_Delete(t);
		t = NULL;
		r.cause = r.deferred;
		r.deferred = NULL;
	}
	free(r.deferred);
	if (t == NULL) {
		if (cause != NULL)
			*cause = r.cause;
		else
			free(r.cause);
		return -1;
	}
	*tree = t;
	return 0;
}
