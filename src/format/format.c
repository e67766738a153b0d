/* format.c: the public entry points of the format module; each hands over to its format. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tmpld/format.h"

static const char *const format_names[] = {
	[FORMAT_JSON] = "json",
	[FORMAT_YAML] = "yaml",
	[FORMAT_XML] = "xml",
};

int
format_kind_parse(const char *name, enum format_kind *kind)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*kind = (enum format_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *
format_kind_name(enum format_kind kind)
{
	if ((size_t)kind >= sizeof format_names / sizeof format_names[0])
		return "?";
	return format_names[kind];
}

int
format_write(enum format_kind kind, const cJSON *tree, unsigned flags, char **out, size_t *len,
    char **cause)
{
	struct fbuf b;
	char *why = NULL;
	int rc = -1;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (cause != NULL)
		*cause = NULL;
	fbuf_init(&b, 64 * 1024);
	switch (kind) {
	case FORMAT_JSON:
		rc = json_write(&b, tree, (flags & FORMAT_PRETTY) != 0, &why);
		break;
	case FORMAT_YAML:
		rc = yaml_write(&b, tree, &why);
		break;
	case FORMAT_XML:
		rc = xml_write(&b, tree, (flags & FORMAT_PRETTY) != 0, &why);
		break;
	default:
		why = xstrdup("unknown format");
		break;
	}
	if (rc != 0) {
		fbuf_free(&b);
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return FORMAT_EINVAL;
	}
	*out = fbuf_take(&b, len);
	return FORMAT_OK;
}

int
format_read(enum format_kind kind, const char *src, size_t len, cJSON **tree, char **cause)
{
	char *why = NULL;
	int rc = -1;

	*tree = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (src == NULL) {
		src = "";
		len = 0;
	}
	switch (kind) {
	case FORMAT_JSON:
		rc = json_read(src, len, tree, &why);
		break;
	case FORMAT_YAML:
		rc = yaml_read(src, len, tree, &why);
		break;
	case FORMAT_XML:
		rc = xml_read(src, len, tree, &why);
		break;
	default:
		why = xstrdup("unknown format");
		break;
	}
	if (rc != 0) {
		*tree = NULL;
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return FORMAT_EREAD;
	}
	return FORMAT_OK;
}
