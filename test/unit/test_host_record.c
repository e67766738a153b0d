/* test_host_record.c: the host record's encoding: a record written before the IPMI/TLS tail
 * existed still decodes (with Zabbix's defaults), the tail round-trips, and a bad tail is
 * refused. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/model.h"
#include "tmpld/util.h"

/* A record exactly as the main branch wrote it before the tail: version 1, hostid, status,
 * host, name, description, uuid (u32 lengths, big-endian). */
static const unsigned char host_old_record[] = {
	1,
	0, 0, 0, 0, 0, 0, 0x27, 0x1a,		/* hostid 10010 */
	0, 0, 0, 1,				/* status 1 */
	0, 0, 0, 2, 'h', '1',
	0, 0, 0, 3, 'H', ' ', '1',
	0, 0, 0, 1, 'd',
	0, 0, 0, 0,
};

static void
host_should_decode_a_record_without_the_tail(void **state)
{
	struct host h;
	const struct host_conn *c;
	struct codec_buf b = { 0 };

	(void)state;
	assert_int_equal(host_decode(host_old_record, sizeof host_old_record, &h), 0);
	assert_int_equal(h.hostid, 10010);
	assert_int_equal(h.status, 1);
	assert_string_equal(h.host, "h1");
	assert_string_equal(h.name, "H 1");
	assert_string_equal(h.description, "d");
	assert_string_equal(h.uuid, "");
	assert_null(h.conn);
	c = host_conn_of(&h);
	assert_int_equal(c->ipmi_authtype, -1);
	assert_int_equal(c->ipmi_privilege, 2);
	assert_int_equal(c->tls_connect, 1);
	assert_int_equal(c->tls_accept, 1);
	assert_string_equal(c->ipmi_username, "");
	assert_string_equal(c->tls_psk, "");
	/* a host without settings is written exactly as before */
	host_encode(&h, &b);
	assert_int_equal(b.len, sizeof host_old_record);
	assert_memory_equal(b.data, host_old_record, b.len);
	codec_buf_free(&b);
	host_free(&h);
}

static void
host_should_round_trip_its_settings(void **state)
{
	struct host h = { .hostid = 10011, .status = 0 }, got, copy;
	struct host_conn *c;
	struct codec_buf b = { 0 }, head = { 0 };

	(void)state;
	h.host = xstrdup("h2");
	h.name = xstrdup("h2");
	h.description = xstrdup("");
	h.uuid = xstrdup("");
	host_encode(&h, &head);		/* the record without settings: where the tail starts */
	c = host_conn_edit(&h);
	assert_ptr_equal(c, h.conn);
	c->ipmi_authtype = 7;
	c->ipmi_privilege = 4;
	host_conn_set(&c->ipmi_username, "u");
	host_conn_set(&c->ipmi_password, NULL);
	c->tls_connect = 2;
	c->tls_accept = 3;
	host_conn_set(&c->tls_psk_identity, "id1");
	host_conn_set(&c->tls_psk, "0123456789abcdef0123456789abcdef");
	host_encode(&h, &b);
	assert_true(b.len > head.len);
	assert_memory_equal(b.data, head.data, head.len);
	assert_int_equal(host_decode(b.data, b.len, &got), 0);
	assert_non_null(got.conn);
	assert_int_equal(got.conn->ipmi_authtype, 7);
	assert_int_equal(got.conn->ipmi_privilege, 4);
	assert_string_equal(got.conn->ipmi_username, "u");
	assert_string_equal(got.conn->ipmi_password, "");
	assert_int_equal(got.conn->tls_connect, 2);
	assert_int_equal(got.conn->tls_accept, 3);
	assert_string_equal(got.conn->tls_psk_identity, "id1");
	assert_string_equal(got.conn->tls_psk, "0123456789abcdef0123456789abcdef");
	assert_string_equal(got.conn->tls_issuer, "");
	/* a copy owns its own settings */
	host_copy(&copy, &got);
	host_free(&got);
	assert_string_equal(copy.conn->tls_psk_identity, "id1");
	host_free(&copy);
	/* a truncated tail, or a tail of an unknown kind, does not decode */
	assert_int_equal(host_decode(b.data, b.len - 1, &got), -1);
	b.data[head.len] = 9;
	assert_int_equal(host_decode(b.data, b.len, &got), -1);
	codec_buf_free(&b);
	codec_buf_free(&head);
	host_free(&h);
	host_free(&h);		/* freeing twice is safe */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_should_decode_a_record_without_the_tail),
		cmocka_unit_test(host_should_round_trip_its_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
