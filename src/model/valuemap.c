/* valuemap.c: the value map record (name, uuid, mappings), its encoding and Zabbix's checks of a
 * mapping's value. */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define VALUEMAP_RECORD_VERSION 1

void
valuemap_mapping_add(struct valuemap *vm, uint32_t type, const char *value, const char *newvalue)
{
	if (vm->n == vm->cap) {
		vm->cap = vm->cap == 0 ? 4 : vm->cap * 2;
		vm->m = xrealloc(vm->m, vm->cap * sizeof *vm->m);
	}
	vm->m[vm->n].type = type;
	vm->m[vm->n].value = xstrdup(value);
	vm->m[vm->n].newvalue = xstrdup(newvalue);
	vm->n++;
}

void
valuemap_mappings_clear(struct valuemap *vm)
{
	for (size_t i = 0; i < vm->n; i++) {
		free(vm->m[i].value);
		free(vm->m[i].newvalue);
	}
	vm->n = 0;
}

void
valuemap_encode(const struct valuemap *vm, struct codec_buf *b)
{
	codec_put_u8(b, VALUEMAP_RECORD_VERSION);
	codec_put_u64(b, vm->valuemapid);
	codec_put_u64(b, vm->hostid);
	codec_put_str(b, vm->name);
	codec_put_str(b, vm->uuid);
	codec_put_u32(b, (uint32_t)vm->n);
	for (size_t i = 0; i < vm->n; i++) {
		codec_put_u32(b, vm->m[i].type);
		codec_put_str(b, vm->m[i].value);
		codec_put_str(b, vm->m[i].newvalue);
	}
}

int
valuemap_decode(const void *data, size_t len, struct valuemap *vm)
{
	struct codec_reader r;
	uint32_t n;

	memset(vm, 0, sizeof *vm);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != VALUEMAP_RECORD_VERSION)
		return -1;
	vm->valuemapid = codec_get_u64(&r);
	vm->hostid = codec_get_u64(&r);
	vm->name = codec_get_str(&r);
	vm->uuid = codec_get_str(&r);
	n = codec_get_u32(&r);
	for (uint32_t i = 0; !r.bad && i < n; i++) {
		uint32_t type = codec_get_u32(&r);
		char *value = codec_get_str(&r), *newvalue = codec_get_str(&r);

		if (!r.bad)
			valuemap_mapping_add(vm, type, value, newvalue);
		free(value);
		free(newvalue);
	}
	if (r.bad || r.left != 0) {
		valuemap_free(vm);
		return -1;
	}
	return 0;
}

void
valuemap_free(struct valuemap *vm)
{
	valuemap_mappings_clear(vm);
	free(vm->m);
	free(vm->name);
	free(vm->uuid);
	memset(vm, 0, sizeof *vm);
}

/* A decimal number as Zabbix's float: sign, digits with an optional fraction, an exponent. */
static const char *
valuemap_float_end(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits = true;
	}
	if (!digits)
		return NULL;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return NULL;
		while (isdigit((unsigned char)*q))
			q++;
		p = q;
	}
	return p;
}

static bool
valuemap_float_ok(const char *s)
{
	const char *end = valuemap_float_end(s);

	return end != NULL && *end == '\0';
}

/* One number of a range, with an optional unit suffix (K, M, G, T, s, m, h, d, w). */
static const char *
valuemap_range_number(const char *s)
{
	const char *p = valuemap_float_end(s);

	if (p != NULL && *p != '\0' && strchr("KMGTsmhdw", *p) != NULL)
		p++;
	return p;
}

/* "1-2, 4, -10--5": numbers and ranges, comma-separated, spaces around each. */
static bool
valuemap_ranges_ok(const char *s)
{
	const char *p = s;

	for (;;) {
		while (*p == ' ')
			p++;
		if ((p = valuemap_range_number(p)) == NULL)
			return false;
		if (*p == '-' && (p = valuemap_range_number(p + 1)) == NULL)
			return false;
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return true;
		if (*p++ != ',')
			return false;
	}
}

static bool
valuemap_regex_ok(const char *s)
{
	regex_t re;

	if (regcomp(&re, s, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	regfree(&re);
	return true;
}

const char *
valuemap_value_check(uint32_t type, const char *value)
{
	if (type != VALUEMAP_TYPE_DEFAULT && util_utf8_len(value) > VALUEMAP_VALUE_LEN)
		return "value is too long";
	switch (type) {
	case VALUEMAP_TYPE_GE:
	case VALUEMAP_TYPE_LE:
		return valuemap_float_ok(value) ? NULL : "a floating point value is expected";
	case VALUEMAP_TYPE_RANGE:
		if (*value == '\0')
			return "cannot be empty";
		return valuemap_ranges_ok(value) ? NULL : "invalid range expression";
	case VALUEMAP_TYPE_REGEXP:
		if (*value == '\0')
			return "cannot be empty";
		return valuemap_regex_ok(value) ? NULL : "invalid regular expression";
	default:
		return NULL;
	}
}
