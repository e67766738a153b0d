/* iface.c: the SNMP details of a host interface and a host's inventory, with their encodings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

#define SNMP_RECORD_VERSION	1
#define INVENTORY_RECORD_VERSION 1

void
snmp_details_init(struct snmp_details *d)
{
	*d = (struct snmp_details){ .version = 2, .bulk = 1, .community = xstrdup(""),
	    .securityname = xstrdup(""), .authpassphrase = xstrdup(""),
	    .privpassphrase = xstrdup(""), .contextname = xstrdup("") };
}

void
snmp_details_free(struct snmp_details *d)
{
	free(d->community);
	free(d->securityname);
	free(d->authpassphrase);
	free(d->privpassphrase);
	free(d->contextname);
	memset(d, 0, sizeof *d);
}

void
snmp_details_encode(const struct snmp_details *d, struct codec_buf *b)
{
	codec_put_u8(b, SNMP_RECORD_VERSION);
	codec_put_u32(b, d->version);
	codec_put_u32(b, d->bulk);
	codec_put_u32(b, d->securitylevel);
	codec_put_u32(b, d->authprotocol);
	codec_put_u32(b, d->privprotocol);
	codec_put_str(b, d->community);
	codec_put_str(b, d->securityname);
	codec_put_str(b, d->authpassphrase);
	codec_put_str(b, d->privpassphrase);
	codec_put_str(b, d->contextname);
}

int
snmp_details_decode(const void *data, size_t len, struct snmp_details *d)
{
	struct codec_reader r;

	memset(d, 0, sizeof *d);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != SNMP_RECORD_VERSION)
		r.bad = true;
	d->version = codec_get_u32(&r);
	d->bulk = codec_get_u32(&r);
	d->securitylevel = codec_get_u32(&r);
	d->authprotocol = codec_get_u32(&r);
	d->privprotocol = codec_get_u32(&r);
	d->community = codec_get_str(&r);
	d->securityname = codec_get_str(&r);
	d->authpassphrase = codec_get_str(&r);
	d->privpassphrase = codec_get_str(&r);
	d->contextname = codec_get_str(&r);
	if (r.bad) {
		snmp_details_free(d);
		return -1;
	}
	return 0;
}

static void
snmp_add_num(cJSON *o, const char *name, uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%u", (unsigned)v);
	cJSON_AddStringToObject(o, name, buf);
}

cJSON *
snmp_details_json(const struct snmp_details *d)
{
	cJSON *o = cJSON_CreateObject();

	snmp_add_num(o, "version", d->version);
	snmp_add_num(o, "bulk", d->bulk);
	if (d->version != 3) {
		util_json_add_str(o, "community", d->community);
		return o;
	}
	util_json_add_str(o, "securityname", d->securityname);
	snmp_add_num(o, "securitylevel", d->securitylevel);
	util_json_add_str(o, "authpassphrase", d->authpassphrase);
	util_json_add_str(o, "privpassphrase", d->privpassphrase);
	snmp_add_num(o, "authprotocol", d->authprotocol);
	snmp_add_num(o, "privprotocol", d->privprotocol);
	util_json_add_str(o, "contextname", d->contextname);
	return o;
}

/* ---- inventory ---- */

const char *const inventory_field_names[INVENTORY_FIELDS] = {
	"type", "type_full", "name", "alias", "os", "os_full", "os_short", "serialno_a",
	"serialno_b", "tag", "asset_tag", "macaddress_a", "macaddress_b", "hardware",
	"hardware_full", "software", "software_full", "software_app_a", "software_app_b",
	"software_app_c", "software_app_d", "software_app_e", "contact", "location",
	"location_lat", "location_lon", "notes", "chassis", "model", "hw_arch", "vendor",
	"contract_number", "installer_name", "deployment_status", "url_a", "url_b", "url_c",
	"host_networks", "host_netmask", "host_router", "oob_ip", "oob_netmask", "oob_router",
	"date_hw_purchase", "date_hw_install", "date_hw_expiry", "date_hw_decomm",
	"site_address_a", "site_address_b", "site_address_c", "site_city", "site_state",
	"site_country", "site_zip", "site_rack", "site_notes", "poc_1_name", "poc_1_email",
	"poc_1_phone_a", "poc_1_phone_b", "poc_1_cell", "poc_1_screen", "poc_1_notes",
	"poc_2_name", "poc_2_email", "poc_2_phone_a", "poc_2_phone_b", "poc_2_cell",
	"poc_2_screen", "poc_2_notes",
};

int
inventory_field_find(const char *name)
{
	for (int i = 0; i < INVENTORY_FIELDS; i++)
		if (strcmp(inventory_field_names[i], name) == 0)
			return i;
	return -1;
}

void
inventory_free(struct inventory *inv)
{
	for (int i = 0; i < INVENTORY_FIELDS; i++)
		free(inv->f[i]);
	memset(inv, 0, sizeof *inv);
	inv->mode = INVENTORY_DISABLED;
}

void
inventory_set(struct inventory *inv, int i, const char *v)
{
	char *copy = v != NULL && *v != '\0' ? xstrdup(v) : NULL;

	free(inv->f[i]);
	inv->f[i] = copy;
}

/* The mode, then the non-empty fields as (index, text). */
void
inventory_encode(const struct inventory *inv, struct codec_buf *b)
{
	uint8_t n = 0;

	for (int i = 0; i < INVENTORY_FIELDS; i++)
		n += inv->f[i] != NULL;
	codec_put_u8(b, INVENTORY_RECORD_VERSION);
	codec_put_u32(b, (uint32_t)inv->mode);
	codec_put_u8(b, n);
	for (int i = 0; i < INVENTORY_FIELDS; i++)
		if (inv->f[i] != NULL) {
			codec_put_u8(b, (uint8_t)i);
			codec_put_str(b, inv->f[i]);
		}
}

int
inventory_decode(const void *data, size_t len, struct inventory *inv)
{
	struct codec_reader r;
	uint8_t n;

	memset(inv, 0, sizeof *inv);
	codec_reader_init(&r, data, len);
	if (codec_get_u8(&r) != INVENTORY_RECORD_VERSION)
		r.bad = true;
	inv->mode = (int32_t)codec_get_u32(&r);
	n = codec_get_u8(&r);
	for (uint8_t k = 0; k < n && !r.bad; k++) {
		uint8_t i = codec_get_u8(&r);
		char *v = codec_get_str(&r);

		if (i >= INVENTORY_FIELDS) {
			free(v);
			r.bad = true;
			break;
		}
		free(inv->f[i]);
		inv->f[i] = v;
	}
	if (r.bad || r.left != 0) {
		inventory_free(inv);
		return -1;
	}
	return 0;
}
