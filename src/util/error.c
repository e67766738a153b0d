/* error.c: setting, moving and clearing the layer-neutral errors of error.h. */
#include <stdarg.h>
#include <stdlib.h>

#include "tmpld/error.h"

int
err_take(struct err *e, enum err_kind kind, const char *subject, char *text)
{
	free(e->text);
	e->kind = kind;
	e->subject = subject;
	e->text = text != NULL ? text : xstrdup("");
	return -1;
}

int
err_set(struct err *e, enum err_kind kind, const char *subject, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	return err_take(e, kind, subject, text);
}

void
err_move(struct err *dst, struct err *src)
{
	free(dst->text);
	*dst = *src;
	src->kind = ERR_NONE;
	src->subject = NULL;
	src->text = NULL;
}

void
err_clear(struct err *e)
{
	free(e->text);
	e->kind = ERR_NONE;
	e->subject = NULL;
	e->text = NULL;
}

const char *
err_kind_name(enum err_kind k)
{
	static const char *const names[] = {
		"none", "not_found", "param", "type", "missing", "empty", "limit", "exists",
		"conflict", "refused", "auth", "denied", "store", "internal", "parse", "request",
		"method",
	};

	return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}
