/* macro.c: user macro records, Zabbix's macro name parser and its normal form for uniqueness. */
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define MACRO_RECORD_VERSION	1
#define MACRO_NEAR_MAX		50	/* characters quoted in "incorrect syntax near" */

void
macro_encode(const struct macro *m, struct codec_buf *b)
{
	codec_put_u8(b, MACRO_RECORD_VERSION);
	codec_put_u64(b, m->hostmacroid);
	codec_put_u64(b, m->hostid);
	codec_put_u32(b, m->type);
	codec_put_str(b, m->macro);
	codec_put_str(b, m->value);
	codec_put_str(b, m->description);
}

int
macro_decode(const void *data, size_t len, struct macro *m)
{
	struct codec_reader r;

	memset(m, 0, sizeof *m);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != MACRO_RECORD_VERSION)
		return -1;
	m->hostmacroid = codec_get_u64(&r);
	m->hostid = codec_get_u64(&r);
	m->type = codec_get_u32(&r);
	m->macro = codec_get_str(&r);
	m->value = codec_get_str(&r);
	m->description = codec_get_str(&r);
	if (r.bad) {
		macro_free(m);
		return -1;
	}
	return 0;
}

void
macro_free(struct macro *m)
{
	free(m->macro);
	free(m->value);
	free(m->description);
	m->macro = m->value = m->description = NULL;
}

/* "incorrect syntax near "rest"" or, at the end of the text, "unexpected end of macro". */
static int
macro_error(const char *at, char **cause)
{
	size_t chars = 0, bytes = 0;

	if (*at == '\0') {
		*cause = xstrdup("unexpected end of macro");
		return -1;
	}
	while (at[bytes] != '\0' && chars < MACRO_NEAR_MAX) {
		bytes++;
		while (((unsigned char)at[bytes] & 0xc0) == 0x80)
			bytes++;
		chars++;
	}
	*cause = xasprintf("incorrect syntax near \"%.*s%s\"", (int)bytes, at,
	    at[bytes] != '\0' ? " ..." : "");
	return -1;
}

static bool
macro_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* A quoted context: returns the position after the closing quote, its unescaped text in *ctx. */
static const char *
macro_quoted(const char *p, char **ctx)
{
	size_t n = 0;
	char *out = xmalloc(strlen(p) + 1);

	for (p++; *p != '"'; p++) {
		if (*p == '\0') {
			free(out);
			return NULL;
		}
		if (p[0] == '\\' && p[1] == '"')
			p++;
		out[n++] = *p;
	}
	out[n] = '\0';
	*ctx = out;
	return p + 1;
}

/* The normal form of a macro with a context: the context quoted, its quotes escaped, so that
 * the form parses back to itself. A context ending in a backslash cannot be quoted (the
 * backslash would escape the closing quote); it comes from an unquoted context, which
 * cannot hold '}' nor start with a space or a quote, so it stays unquoted. */
static char *
macro_norm_context(const char *name, size_t namelen, const char *prefix, const char *ctx)
{
	size_t n = strlen(ctx), o = 0;
	char *q, *norm;

	if (n > 0 && ctx[n - 1] == '\\')
		return xasprintf("{$%.*s:%s%s}", (int)namelen, name, prefix, ctx);
	q = xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		if (ctx[i] == '"')
			q[o++] = '\\';
		q[o++] = ctx[i];
	}
	q[o] = '\0';
	norm = xasprintf("{$%.*s:%s\"%s\"}", (int)namelen, name, prefix, q);
	free(q);
	return norm;
}

static int
macro_parse_context(const char *name, size_t namelen, const char *p, char **norm,
    char **cause)
{
	const char *prefix = "", *end;
	char *ctx = NULL;

	while (*p == ' ')
		p++;
	if (strncmp(p, "regex:", 6) == 0) {
		prefix = "regex:";
		for (p += 6; *p == ' '; p++)
			;
	}
	if (*p == '"') {
		if ((end = macro_quoted(p, &ctx)) == NULL)
			return macro_error("", cause);
		for (p = end; *p == ' '; p++)
			;
	} else {
		end = strchr(p, '}');
		if (end == NULL)
			return macro_error("", cause);
		ctx = xstrndup(p, (size_t)(end - p));
		p = end;
	}
	if (*p != '}' || p[1] != '\0') {
		free(ctx);
		return macro_error(*p == '}' ? p + 1 : p, cause);
	}
	if (norm != NULL)
		*norm = macro_norm_context(name, namelen, prefix, ctx);
	free(ctx);
	return 0;
}

int
macro_parse(const char *s, char **norm, char **cause)
{
	const char *p = s, *name;

	*cause = NULL;
	if (*s == '\0') {
		*cause = xstrdup("macro is empty");
		return -1;
	}
	if (p[0] != '{')
		return macro_error(p, cause);
	if (p[1] != '$')
		return macro_error(p[1] == '\0' ? p + 1 : p, cause);
	for (name = p += 2; macro_name_char(*p); p++)
		;
	if (p == name)
		return macro_error(p, cause);
	if (*p == ':')
		return macro_parse_context(name, (size_t)(p - name), p + 1, norm, cause);
	if (*p != '}')
		return macro_error(p, cause);
	if (p[1] != '\0')
		return macro_error(p + 1, cause);
	if (norm != NULL)
		*norm = xstrdup(s);
	return 0;
}

/* A vault secret reference: "path:key", both parts non-empty. */
bool
macro_vault_valid(const char *value, char **cause)
{
	const char *colon = strrchr(value, ':');

	*cause = NULL;
	if (colon != NULL && colon != value && colon[1] != '\0' && value[0] != '/')
		return true;
	macro_error(*value != '\0' ? value : "", cause);
	if (*value == '\0') {
		free(*cause);
		*cause = xstrdup("cannot be empty");
	}
	return false;
}
