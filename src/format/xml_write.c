/* xml_write.c: the xml export writer, byte for byte what PHP's XMLWriter (libxml2's
 * xmlTextWriter) gives as Zabbix 6.0's CXmlExportWriter drives it, compact or indented. */
#include <string.h>

#include <libxml/tree.h>

#include "internal.h"
#include "tmpld/format.h"

#define XML_DECL	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define XML_INDENT	4

struct xml_writer {
	struct fbuf	*b;
	bool		 pretty;
	char		**cause;
};

/* Text as xmlTextWriterWriteString escapes it: & < > " and CR. */
static void
xml_text(struct fbuf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *e;

		switch (*s) {
		case '&':	e = "&amp;"; break;
		case '<':	e = "&lt;"; break;
		case '>':	e = "&gt;"; break;
		case '"':	e = "&quot;"; break;
		case '\r':	e = "&#13;"; break;
		default:	continue;
		}
		fbuf_add(b, run, (size_t)(s - run));
		fbuf_puts(b, e);
		run = s + 1;
	}
	fbuf_add(b, run, (size_t)(s - run));
}

/* PHP's trim() would leave nothing: the value goes out as CDATA. */
static bool
xml_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\n\r\v", *s) == NULL)
			return false;
	return true;
}

static void
xml_indent(struct xml_writer *w, int depth)
{
	if (w->pretty)
		fbuf_fill(w->b, ' ', (size_t)depth * XML_INDENT);
}

static void
xml_close(struct xml_writer *w, const char *name)
{
	fbuf_add(w->b, "</", 2);
	fbuf_puts(w->b, name);
	fbuf_putc(w->b, '>');
}

/* A scalar's content after "<name": text, CDATA or nothing ("/>"), as fromArray() writes it. */
static int
xml_scalar(struct xml_writer *w, const char *name, const cJSON *v)
{
	struct fbuf *b = w->b;

	switch (v->type & 0xff) {
	case cJSON_NULL:
		fbuf_add(b, "/>", 2);
		return 0;
	case cJSON_False:	/* trim(false) is "": an empty CDATA section */
		fbuf_puts(b, "><![CDATA[]]>");
		break;
	case cJSON_True:
		fbuf_add(b, ">1", 2);
		break;
	case cJSON_Number:
		fbuf_putc(b, '>');
		fmt_number(b, v->valuedouble);
		break;
	case cJSON_String:
		if (v->valuestring[0] == '\0') {
			fbuf_add(b, "/>", 2);
			return 0;
		}
		if (xml_blank(v->valuestring)) {
			fbuf_puts(b, "><![CDATA[");
			fbuf_puts(b, v->valuestring);
			fbuf_puts(b, "]]>");
		} else {
			fbuf_putc(b, '>');
			xml_text(b, v->valuestring);
		}
		break;
	default:
		fmt_set_cause(w->cause, "cannot write a cJSON item of type %d as xml", v->type);
		return -1;
	}
	xml_close(w, name);
	return 0;
}

/* One element: name is what to call it, key its key in the parent array (NULL for a list
 * member), which alone decides the names of its children. */
static int
xml_element(struct xml_writer *w, const char *name, const char *key, const cJSON *v, int depth)
{
	const char *map = format_xml_list_child(key);

	if (xmlValidateName((const xmlChar *)name, 0) != 0) {
		fmt_set_cause(w->cause, "\"%s\" is not a valid XML element name", name);
		return -1;
	}
	xml_indent(w, depth);
	fbuf_putc(w->b, '<');
	fbuf_puts(w->b, name);
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		if (xml_scalar(w, name, v) != 0)
			return -1;
	} else if (v->child == NULL) {
		fbuf_add(w->b, "/>", 2);
	} else {
		fbuf_putc(w->b, '>');
		if (w->pretty)
			fbuf_putc(w->b, '\n');
		for (const cJSON *c = v->child; c != NULL; c = c->next) {
			if (map == NULL && c->string == NULL) {
				fmt_set_cause(w->cause, "cannot write the list \"%s\" as xml: no "
				    "element name for its members", name);
				return -1;
			}
			if (xml_element(w, map != NULL ? map : c->string, c->string, c,
			    depth + 1) != 0)
				return -1;
		}
		xml_indent(w, depth);
		xml_close(w, name);
	}
	if (w->pretty)
		fbuf_putc(w->b, '\n');
	return 0;
}

int
xml_write(struct fbuf *b, const cJSON *tree, bool pretty, char **cause)
{
	struct xml_writer w = { b, pretty, cause };

	if (!cJSON_IsObject(tree)) {
		fmt_set_cause(cause, "the root of an xml export must be an object");
		return -1;
	}
	fbuf_puts(b, XML_DECL);
	for (const cJSON *c = tree->child; c != NULL; c = c->next)
		if (xml_element(&w, c->string, c->string, c, 0) != 0)
			return -1;
	if (!pretty)
		fbuf_putc(b, '\n');
	return 0;
}
