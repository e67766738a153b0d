/* format_common.h: what the format fuzz targets share: the contracts of format_read and
 * format_write, a tree comparison and the round trips that must hold. */
#ifndef TMPLD_FUZZ_FORMAT_COMMON_H
#define TMPLD_FUZZ_FORMAT_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/format.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz format: %s\n  detail: \"%s\"\n", what, detail != NULL ? detail :
	    "(null)");
	abort();
}

/* Equal trees, keys in order; an empty object is an empty array (PHP cannot tell them apart). */
static bool
fuzz_tree_equal(const cJSON *a, const cJSON *b)
{
	int ta = a->type & 0xff, tb = b->type & 0xff;
	const cJSON *x, *y;

	if ((ta == cJSON_Object || ta == cJSON_Array) && a->child == NULL &&
	    (tb == cJSON_Object || tb == cJSON_Array) && b->child == NULL)
		return true;
	if (ta != tb)
		return false;
	if (ta == cJSON_String)
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (ta == cJSON_Number)
		return a->valuedouble == b->valuedouble;
	if (ta != cJSON_Object && ta != cJSON_Array)
		return true;
	for (x = a->child, y = b->child; x != NULL && y != NULL; x = x->next, y = y->next) {
		if (ta == cJSON_Object && strcmp(x->string, y->string) != 0)
			return false;
		if (!fuzz_tree_equal(x, y))
			return false;
	}
	return x == NULL && y == NULL;
}

/* format_read's contract: a tree and no cause, or a cause and no tree. */
static cJSON *
fuzz_read(enum format_kind kind, const char *src, size_t len, char **cause_out)
{
	cJSON *tree = NULL;
	char *cause = NULL;
	int rc = format_read(kind, src, len, &tree, &cause);

	if (rc == FORMAT_OK && (tree == NULL || cause != NULL))
		fuzz_fail("read: success without a tree or with a cause", cause);
	if (rc != FORMAT_OK && (rc != FORMAT_EREAD || tree != NULL || cause == NULL ||
	    cause[0] == '\0'))
		fuzz_fail("read: failure with a tree or without a cause", cause);
	if (cause_out != NULL)
		*cause_out = cause;
	else
		free(cause);
	return tree;
}

/* format_write's contract: text of the length it says, or a cause and no text. *why, when
 * asked for, tells whether it failed on a name XMLWriter calls invalid. */
static char *
fuzz_write_why(enum format_kind kind, const cJSON *tree, unsigned flags, size_t *len,
    bool *bad_name)
{
	char *out = NULL, *cause = NULL;
	int rc = format_write(kind, tree, flags, &out, len, &cause);

	if (rc == FORMAT_OK && (out == NULL || cause != NULL || strlen(out) != *len))
		fuzz_fail("write: success without the text, or with a cause", cause);
	if (rc != FORMAT_OK) {
		if (rc != FORMAT_EINVAL || out != NULL || cause == NULL)
			fuzz_fail("write: failure with a text or without a cause", cause);
		if (bad_name != NULL)
			*bad_name = strstr(cause, "is not a valid XML element name") != NULL;
		free(cause);
	}
	return out;
}

static char *
fuzz_write(enum format_kind kind, const cJSON *tree, unsigned flags, size_t *len)
{
	return fuzz_write_why(kind, tree, flags, len, NULL);
}

/* Whatever json writes reads back as the same tree. */
static void
fuzz_json_round_trip(const cJSON *tree)
{
	for (unsigned flags = 0; flags <= FORMAT_PRETTY; flags++) {
		size_t len;
		char *text = fuzz_write(FORMAT_JSON, tree, flags, &len), *cause;
		cJSON *back;

		if (text == NULL)
			continue;
		if ((back = fuzz_read(FORMAT_JSON, text, len, &cause)) == NULL)
			fuzz_fail("json: written text does not read back", cause);
		if (!fuzz_tree_equal(tree, back))
			fuzz_fail("json: the tree read back differs", text);
		cJSON_Delete(back);
		free(text);
	}
}

/* The other writers keep their contracts on any tree; each returns its text (or NULL, and
 * *bad_name when xml refused a name). */
static void
fuzz_write_all(const cJSON *tree, char **yaml, size_t *ylen, char **xml, size_t *xlen,
    bool *bad_name)
{
	char *t;
	size_t len;

	*yaml = fuzz_write(FORMAT_YAML, tree, 0, ylen);
	if ((t = fuzz_write(FORMAT_YAML, tree, FORMAT_PRETTY, &len)) != NULL) {
		if (*yaml == NULL || len != *ylen || memcmp(t, *yaml, len) != 0)
			fuzz_fail("yaml: prettyprint changed the text", t);
		free(t);
	}
	*bad_name = false;
	*xml = fuzz_write_why(FORMAT_XML, tree, 0, xlen, bad_name);
	free(fuzz_write(FORMAT_XML, tree, FORMAT_PRETTY, &len));
	fuzz_json_round_trip(tree);
}

#endif
