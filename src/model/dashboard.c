/* dashboard.c: the template dashboard record (pages, widgets, widget fields), its encoding and Zabbix 6.0's checks of a page's grid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define DASHBOARD_RECORD_VERSION 1

/* Grows an array of elements of size sz to hold one more; returns the new element, zeroed. */
static void *
dashboard_grow(void **v, size_t *n, size_t *cap, size_t sz)
{
	char *p;

	if (*n == *cap) {
		*cap = *cap == 0 ? 4 : *cap * 2;
		*v = xrealloc(*v, *cap * sz);
	}
	p = (char *)*v + *n * sz;
	memset(p, 0, sz);
	(*n)++;
	return p;
}

struct dashboard_page *
dashboard_page_add(struct dashboard *d)
{
	struct dashboard_page *p = dashboard_grow((void **)&d->p, &d->np, &d->capp, sizeof *p);

	p->name = xstrdup("");
	return p;
}

struct dashboard_widget *
dashboard_widget_add(struct dashboard_page *p)
{
	struct dashboard_widget *w = dashboard_grow((void **)&p->w, &p->nw, &p->capw, sizeof *w);

	w->type = xstrdup("");
	w->name = xstrdup("");
	w->width = DASHBOARD_WIDGET_WIDTH_DEFAULT;
	w->height = DASHBOARD_WIDGET_HEIGHT_DEFAULT;
	return w;
}

void
dashboard_field_add(struct dashboard_widget *w, uint32_t type, const char *name, const char *value)
{
	struct dashboard_field *f = dashboard_grow((void **)&w->f, &w->nf, &w->capf, sizeof *f);

	f->type = type;
	f->name = xstrdup(name);
	f->value = xstrdup(value);
}

void
dashboard_set_str(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v != NULL ? v : "");
}

void
dashboard_widget_free(struct dashboard_widget *w)
{
	for (size_t i = 0; i < w->nf; i++) {
		free(w->f[i].name);
		free(w->f[i].value);
	}
	free(w->f);
	free(w->type);
	free(w->name);
	memset(w, 0, sizeof *w);
}

void
dashboard_page_free(struct dashboard_page *p)
{
	for (size_t i = 0; i < p->nw; i++)
		dashboard_widget_free(&p->w[i]);
	free(p->w);
	free(p->name);
	memset(p, 0, sizeof *p);
}

void
dashboard_free(struct dashboard *d)
{
	for (size_t i = 0; i < d->np; i++)
		dashboard_page_free(&d->p[i]);
	free(d->p);
	free(d->name);
	free(d->uuid);
	memset(d, 0, sizeof *d);
}

void
dashboard_widget_copy(struct dashboard_widget *dst, const struct dashboard_widget *src,
    bool fields)
{
	dashboard_set_str(&dst->type, src->type);
	dashboard_set_str(&dst->name, src->name);
	dst->widgetid = src->widgetid;
	dst->x = src->x;
	dst->y = src->y;
	dst->width = src->width;
	dst->height = src->height;
	dst->view_mode = src->view_mode;
	for (size_t i = 0; fields && i < src->nf; i++)
		dashboard_field_add(dst, src->f[i].type, src->f[i].name, src->f[i].value);
}

void
dashboard_page_copy(struct dashboard_page *dst, const struct dashboard_page *src)
{
	dashboard_set_str(&dst->name, src->name);
	dst->pageid = src->pageid;
	dst->display_period = src->display_period;
	for (size_t i = 0; i < src->nw; i++)
		dashboard_widget_copy(dashboard_widget_add(dst), &src->w[i], true);
}

/* ---- encoding ---- */

static void
dashboard_encode_widget(const struct dashboard_widget *w, struct codec_buf *b)
{
	codec_put_u64(b, w->widgetid);
	codec_put_str(b, w->type);
	codec_put_str(b, w->name);
	codec_put_u32(b, (uint32_t)w->x);
	codec_put_u32(b, (uint32_t)w->y);
	codec_put_u32(b, (uint32_t)w->width);
	codec_put_u32(b, (uint32_t)w->height);
	codec_put_u32(b, (uint32_t)w->view_mode);
	codec_put_u32(b, (uint32_t)w->nf);
	for (size_t i = 0; i < w->nf; i++) {
		codec_put_u32(b, w->f[i].type);
		codec_put_str(b, w->f[i].name);
		codec_put_str(b, w->f[i].value);
	}
}

void
dashboard_encode(const struct dashboard *d, struct codec_buf *b)
{
	codec_put_u8(b, DASHBOARD_RECORD_VERSION);
	codec_put_u64(b, d->dashboardid);
	codec_put_u64(b, d->templateid);
	codec_put_str(b, d->name);
	codec_put_str(b, d->uuid);
	codec_put_u32(b, (uint32_t)d->display_period);
	codec_put_u32(b, (uint32_t)d->auto_start);
	codec_put_u32(b, (uint32_t)d->np);
	for (size_t i = 0; i < d->np; i++) {
		const struct dashboard_page *p = &d->p[i];

		codec_put_u64(b, p->pageid);
		codec_put_str(b, p->name);
		codec_put_u32(b, (uint32_t)p->display_period);
		codec_put_u32(b, (uint32_t)p->nw);
		for (size_t j = 0; j < p->nw; j++)
			dashboard_encode_widget(&p->w[j], b);
	}
}

/* A string read into *field (replacing the default it had). */
static void
dashboard_get_str(struct codec_reader *r, char **field)
{
	free(*field);
	*field = codec_get_str(r);
}

static void
dashboard_decode_widget(struct codec_reader *r, struct dashboard_widget *w)
{
	uint32_t n;

	w->widgetid = codec_get_u64(r);
	dashboard_get_str(r, &w->type);
	dashboard_get_str(r, &w->name);
	w->x = (int32_t)codec_get_u32(r);
	w->y = (int32_t)codec_get_u32(r);
	w->width = (int32_t)codec_get_u32(r);
	w->height = (int32_t)codec_get_u32(r);
	w->view_mode = (int32_t)codec_get_u32(r);
	n = codec_get_u32(r);
	for (uint32_t i = 0; !r->bad && i < n; i++) {
		uint32_t type = codec_get_u32(r);
		char *name = codec_get_str(r), *value = codec_get_str(r);

		if (!r->bad)
			dashboard_field_add(w, type, name, value);
		free(name);
		free(value);
	}
}

int
dashboard_decode(const void *data, size_t len, struct dashboard *d)
{
	struct codec_reader r;
	uint32_t np;

	memset(d, 0, sizeof *d);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != DASHBOARD_RECORD_VERSION)
		return -1;
	d->dashboardid = codec_get_u64(&r);
	d->templateid = codec_get_u64(&r);
	d->name = codec_get_str(&r);
	d->uuid = codec_get_str(&r);
	d->display_period = (int32_t)codec_get_u32(&r);
	d->auto_start = (int32_t)codec_get_u32(&r);
	np = codec_get_u32(&r);
	for (uint32_t i = 0; !r.bad && i < np; i++) {
		struct dashboard_page *p = dashboard_page_add(d);
		uint32_t nw;

		p->pageid = codec_get_u64(&r);
		dashboard_get_str(&r, &p->name);
		p->display_period = (int32_t)codec_get_u32(&r);
		nw = codec_get_u32(&r);
		for (uint32_t j = 0; !r.bad && j < nw; j++)
			dashboard_decode_widget(&r, dashboard_widget_add(p));
	}
	if (r.bad || r.left != 0) {
		dashboard_free(d);
		return -1;
	}
	return 0;
}

/* ---- checks ---- */

char *
dashboard_page_grid_check(const struct dashboard_page *p, size_t index, const char *name)
{
	bool filled[DASHBOARD_MAX_COLUMNS][DASHBOARD_MAX_ROWS];

	memset(filled, 0, sizeof filled);
	for (size_t i = 0; i < p->nw; i++) {
		const struct dashboard_widget *w = &p->w[i];
		int64_t x1 = (int64_t)w->x + w->width, y1 = (int64_t)w->y + w->height;

		/* the widget's own cells; those beyond the grid cannot hold another widget's (a
		 * widget reaching there fails below), so they are not kept */
		for (int64_t x = w->x < 0 ? 0 : w->x; x < x1 && x < DASHBOARD_MAX_COLUMNS; x++)
			for (int64_t y = w->y < 0 ? 0 : w->y; y < y1 && y < DASHBOARD_MAX_ROWS; y++) {
				if (filled[x][y])
					return xasprintf("Overlapping widgets at X:%d, Y:%d on page "
					    "#%zu of dashboard \"%s\".", (int)w->x, (int)w->y,
					    index + 1, name);
				filled[x][y] = true;
			}
		if (x1 > DASHBOARD_MAX_COLUMNS || y1 > DASHBOARD_MAX_ROWS)
			return xasprintf("Widget at X:%d, Y:%d on page #%zu of dashboard \"%s\" is out "
			    "of bounds.", (int)w->x, (int)w->y, index + 1, name);
	}
	return NULL;
}
