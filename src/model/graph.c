/* graph.c: the graph record (Zabbix's graphs row with its graphs_items rows), its encoding, and
 * the texts Zabbix gives its numbers and colors. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define GRAPH_RECORD_VERSION	1

const struct graph_field_def graph_fields[GRAPH_F__COUNT] = {
	[GRAPH_F_NAME] = { "name", "", GRAPH_FD_TEXT },
	[GRAPH_F_WIDTH] = { "width", "900", GRAPH_FD_INT },
	[GRAPH_F_HEIGHT] = { "height", "200", GRAPH_FD_INT },
	[GRAPH_F_YAXISMIN] = { "yaxismin", "0", GRAPH_FD_FLOAT },
	[GRAPH_F_YAXISMAX] = { "yaxismax", "100", GRAPH_FD_FLOAT },
	[GRAPH_F_SHOW_WORK_PERIOD] = { "show_work_period", "1", GRAPH_FD_INT },
	[GRAPH_F_SHOW_TRIGGERS] = { "show_triggers", "1", GRAPH_FD_INT },
	[GRAPH_F_GRAPHTYPE] = { "graphtype", "0", GRAPH_FD_INT },
	[GRAPH_F_SHOW_LEGEND] = { "show_legend", "1", GRAPH_FD_INT },
	[GRAPH_F_SHOW_3D] = { "show_3d", "0", GRAPH_FD_INT },
	[GRAPH_F_PERCENT_LEFT] = { "percent_left", "0", GRAPH_FD_FLOAT },
	[GRAPH_F_PERCENT_RIGHT] = { "percent_right", "0", GRAPH_FD_FLOAT },
	[GRAPH_F_YMIN_TYPE] = { "ymin_type", "0", GRAPH_FD_INT },
	[GRAPH_F_YMAX_TYPE] = { "ymax_type", "0", GRAPH_FD_INT },
	[GRAPH_F_UUID] = { "uuid", "", GRAPH_FD_TEXT },
	[GRAPH_F_DISCOVER] = { "discover", "0", GRAPH_FD_INT },
};

const struct graph_field_def gitem_fields[GITEM_F__COUNT] = {
	[GITEM_F_DRAWTYPE] = { "drawtype", "0", GRAPH_FD_INT },
	[GITEM_F_SORTORDER] = { "sortorder", "0", GRAPH_FD_INT },
	[GITEM_F_COLOR] = { "color", "009600", GRAPH_FD_TEXT },
	[GITEM_F_YAXISSIDE] = { "yaxisside", "0", GRAPH_FD_INT },
	[GITEM_F_CALC_FNC] = { "calc_fnc", "2", GRAPH_FD_INT },
	[GITEM_F_TYPE] = { "type", "0", GRAPH_FD_INT },
};

static void
graph_str_set(char **field, const char *v)
{
	char *copy = xstrdup(v != NULL ? v : "");

	free(*field);
	*field = copy;
}

void
graph_init(struct graph *g)
{
	memset(g, 0, sizeof *g);
	for (int i = 0; i < GRAPH_F__COUNT; i++)
		g->f[i] = xstrdup(graph_fields[i].dflt);
}

void
graph_set(struct graph *g, enum graph_field f, const char *v)
{
	graph_str_set(&g->f[f], v);
}

struct graph_item *
graph_item_add(struct graph *g)
{
	struct graph_item *gi;

	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 4 : g->cap * 2;
		g->gi = xrealloc(g->gi, g->cap * sizeof *g->gi);
	}
	gi = &g->gi[g->n++];
	memset(gi, 0, sizeof *gi);
	for (int i = 0; i < GITEM_F__COUNT; i++)
		gi->f[i] = xstrdup(gitem_fields[i].dflt);
	return gi;
}

void
graph_item_set(struct graph_item *gi, enum gitem_field f, const char *v)
{
	graph_str_set(&gi->f[f], v);
}

static void
graph_item_free(struct graph_item *gi)
{
	for (int i = 0; i < GITEM_F__COUNT; i++)
		free(gi->f[i]);
	memset(gi, 0, sizeof *gi);
}

void
graph_items_clear(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		graph_item_free(&g->gi[i]);
	g->n = 0;
}

void
graph_free(struct graph *g)
{
	graph_items_clear(g);
	free(g->gi);
	for (int i = 0; i < GRAPH_F__COUNT; i++)
		free(g->f[i]);
	memset(g, 0, sizeof *g);
}

void
graph_item_copy(struct graph_item *dst, const struct graph_item *src)
{
	dst->gitemid = src->gitemid, dst->itemid = src->itemid, dst->hostid = src->hostid;
	for (int i = 0; i < GITEM_F__COUNT; i++)
		graph_item_set(dst, (enum gitem_field)i, src->f[i]);
}

void
graph_dup(struct graph *dst, const struct graph *src)
{
	graph_init(dst);
	dst->graphid = src->graphid, dst->hostid = src->hostid, dst->templateid = src->templateid;
	dst->ymin_itemid = src->ymin_itemid, dst->ymax_itemid = src->ymax_itemid;
	dst->flags = src->flags;
	for (int i = 0; i < GRAPH_F__COUNT; i++)
		graph_set(dst, (enum graph_field)i, src->f[i]);
	for (size_t i = 0; i < src->n; i++)
		graph_item_copy(graph_item_add(dst), &src->gi[i]);
}

int
graph_field_find(const char *name)
{
	for (int i = 0; i < GRAPH_F__COUNT; i++)
		if (strcmp(graph_fields[i].name, name) == 0)
			return i;
	return -1;
}

int
gitem_field_find(const char *name)
{
	for (int i = 0; i < GITEM_F__COUNT; i++)
		if (strcmp(gitem_fields[i].name, name) == 0)
			return i;
	return -1;
}

/* Texts that differ from their default, as (index, text) pairs after their count. */
static void
graph_encode_texts(struct codec_buf *b, char *const *f, const struct graph_field_def *defs,
    int count)
{
	uint8_t n = 0;

	for (int i = 0; i < count; i++)
		if (strcmp(f[i], defs[i].dflt) != 0)
			n++;
	codec_put_u8(b, n);
	for (int i = 0; i < count; i++)
		if (strcmp(f[i], defs[i].dflt) != 0) {
			codec_put_u8(b, (uint8_t)i);
			codec_put_str(b, f[i]);
		}
}

static void
graph_decode_texts(struct codec_reader *r, char **f, int count)
{
	uint8_t n = codec_get_u8(r);

	for (uint8_t k = 0; k < n && !r->bad; k++) {
		uint8_t i = codec_get_u8(r);
		char *v = codec_get_str(r);

		if (i >= count) {
			free(v);
			r->bad = true;
			break;
		}
		free(f[i]);
		f[i] = v;
	}
}

void
graph_encode(const struct graph *g, struct codec_buf *b)
{
	codec_put_u8(b, GRAPH_RECORD_VERSION);
	codec_put_u64(b, g->graphid);
	codec_put_u64(b, g->hostid);
	codec_put_u64(b, g->templateid);
	codec_put_u64(b, g->ymin_itemid);
	codec_put_u64(b, g->ymax_itemid);
	codec_put_u32(b, g->flags);
	graph_encode_texts(b, g->f, graph_fields, GRAPH_F__COUNT);
	codec_put_u32(b, (uint32_t)g->n);
	for (size_t i = 0; i < g->n; i++) {
		codec_put_u64(b, g->gi[i].gitemid);
		codec_put_u64(b, g->gi[i].itemid);
		codec_put_u64(b, g->gi[i].hostid);
		graph_encode_texts(b, g->gi[i].f, gitem_fields, GITEM_F__COUNT);
	}
}

int
graph_decode(const void *data, size_t len, struct graph *g)
{
	struct codec_reader r;
	uint32_t n;

	graph_init(g);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != GRAPH_RECORD_VERSION)
		r.bad = true;
	g->graphid = codec_get_u64(&r);
	g->hostid = codec_get_u64(&r);
	g->templateid = codec_get_u64(&r);
	g->ymin_itemid = codec_get_u64(&r);
	g->ymax_itemid = codec_get_u64(&r);
	g->flags = codec_get_u32(&r);
	graph_decode_texts(&r, g->f, GRAPH_F__COUNT);
	n = codec_get_u32(&r);
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		struct graph_item *gi = graph_item_add(g);

		gi->gitemid = codec_get_u64(&r);
		gi->itemid = codec_get_u64(&r);
		gi->hostid = codec_get_u64(&r);
		graph_decode_texts(&r, gi->f, GITEM_F__COUNT);
	}
	if (r.bad || r.left != 0) {
		graph_free(g);
		return -1;
	}
	return 0;
}

bool
graph_equal(const struct graph *a, const struct graph *b)
{
	struct codec_buf x = { 0 }, y = { 0 };
	bool same;

	graph_encode(a, &x);
	graph_encode(b, &y);
	same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
	codec_buf_free(&x);
	codec_buf_free(&y);
	return same;
}

/* ---- numbers and colors ---- */

char *
graph_float_text(double v)
{
	char digits[40], *e;
	int prec, exp;

	if (v == 0)
		return xstrdup("0");
	if (!isfinite(v))
		return xstrdup(isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
	/* the shortest significand that reads back as v, as PostgreSQL prints a double */
	for (prec = 0; prec < 17; prec++) {
		snprintf(digits, sizeof digits, "%.*e", prec, v);
		if (strtod(digits, NULL) == v)
			break;
	}
	e = strchr(digits, 'e');
	exp = atoi(e + 1);
	if (exp < -4 || exp >= 15) {
		*e = '\0';
		return xasprintf("%se%c%02d", digits, exp < 0 ? '-' : '+', abs(exp));
	}
	return xasprintf("%.*f", prec - exp > 0 ? prec - exp : 0, v);
}

char *
graph_int_text(double v)
{
	return xasprintf("%lld", (long long)(v < 0 ? v - 0.5 : v + 0.5));
}

bool
graph_color_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!isxdigit((unsigned char)s[n]))
			return false;
	return n == 6;
}
