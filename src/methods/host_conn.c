/* host_conn.c: a host's IPMI, TLS and proxy members on host.create, host.update and
 * host.massupdate: taken as Zabbix stores them, checked with its encryption rules, and an
 * unknown proxy refused with the text of the database error Zabbix gives (tmpld keeps no
 * proxies, so every proxy is unknown). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/methods.h"
#include "tmpld/store.h"
#include "tmpld/util.h"

#define HOST_ENC_NONE	1
#define HOST_ENC_PSK	2
#define HOST_ENC_CERT	4
#define HOST_PSK_MIN_LEN 32

/* The columns of Zabbix 6.0's hosts table in schema order, with their defaults (NULL: the
 * column is nullable without a default) and whether a '0' there means NULL (a reference). */
struct host_col {
	const char	*name, *dflt;
	bool		 ref;
};
static const struct host_col host_cols[] = {
	{ "hostid", "0", false }, { "proxy_hostid", NULL, true }, { "host", "", false },
	{ "status", "0", false }, { "lastaccess", "0", false }, { "ipmi_authtype", "-1", false },
	{ "ipmi_privilege", "2", false }, { "ipmi_username", "", false },
	{ "ipmi_password", "", false }, { "maintenanceid", NULL, true },
	{ "maintenance_status", "0", false }, { "maintenance_type", "0", false },
	{ "maintenance_from", "0", false }, { "name", "", false }, { "flags", "0", false },
	{ "templateid", NULL, true }, { "description", "", false }, { "tls_connect", "1", false },
	{ "tls_accept", "1", false }, { "tls_issuer", "", false }, { "tls_subject", "", false },
	{ "tls_psk_identity", "", false }, { "tls_psk", "", false }, { "proxy_address", "", false },
	{ "auto_compress", "1", false }, { "discover", "0", false },
	{ "custom_interfaces", "0", false }, { "uuid", "", false }, { "name_upper", "", false },
	{ NULL, NULL, false },
};

static const struct host_col *
host_col_find(const char *name)
{
	for (const struct host_col *c = host_cols; name != NULL && c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* A scalar as PHP's string of it (null: NULL); heap. */
static char *
host_conn_text(const cJSON *v)
{
	return util_json_scalar_text(v, "");
}

/* PHP's zbx_is_int on a JSON scalar: true, an integral number, or a string of digits
 * (leading zeros allowed) or an integer's canonical text ("-5"); within int32 (the column's
 * range). */
static bool
host_conn_int(const cJSON *v, int32_t *out)
{
	const char *s;
	char *end, buf[24];
	long long n;

	if (cJSON_IsTrue(v)) {		/* PHP: true > 0 and "1" is digits */
		*out = 1;
		return true;
	}
	if (cJSON_IsNumber(v)) {
		if (!(v->valuedouble >= -2147483648.0 && v->valuedouble <= 2147483647.0) ||
		    v->valuedouble != (double)(int32_t)v->valuedouble)
			return false;
		*out = (int32_t)v->valuedouble;
		return true;
	}
	if (!cJSON_IsString(v) || (s = v->valuestring)[0] == '\0')
		return false;
	if (s[strspn(s, "0123456789")] != '\0') {	/* not all digits: canonical text only */
		n = strtoll(s, &end, 10);
		snprintf(buf, sizeof buf, "%lld", n);
		if (*end != '\0' || strcmp(buf, s) != 0)
			return false;
	} else if (strlen(s) - strspn(s, "0") > 10) {
		return false;
	}
	n = strtoll(s, &end, 10);
	if (n < -2147483648LL || n > 2147483647LL)
		return false;
	*out = (int32_t)n;
	return true;
}

/* The value of an encryption mode for Zabbix's loose comparisons: a number or a numeric
 * string (no hexadecimal, infinity or NaN); false for anything else. */
static bool
host_conn_num(const cJSON *v, double *out)
{
	char *end;

	if (cJSON_IsNumber(v)) {
		*out = v->valuedouble;
		return isfinite(*out);
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strpbrk(v->valuestring, "xXnN") != NULL)
		return false;
	*out = strtod(v->valuestring, &end);
	return *end == '\0' && isfinite(*out);
}

/* Whether a reference column's value is NULL to the database: null, or loosely '0'. */
static bool
host_conn_is_null_ref(const cJSON *v)
{
	char *text = host_conn_text(v), *end;
	bool zero;

	if (text == NULL)
		return true;
	zero = text[0] != '\0' && strtod(text, &end) == 0 && *end == '\0';
	zero = zero || (cJSON_IsFalse(v));
	free(text);
	return zero;
}

bool
host_conn_names_proxy(const cJSON *v)
{
	return v != NULL && !host_conn_is_null_ref(v);
}

/* An int column (ipmi_authtype, ipmi_privilege): null gives the default; anything but an
 * integer is the database layer's -32500. */
static int
host_conn_take_int(struct rpc_call *call, const cJSON *obj, const char *key, int32_t dflt,
    int32_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *text;

	if (v == NULL)
		return RPC_COMMIT;
	if (cJSON_IsNull(v)) {
		*out = dflt;
		return RPC_COMMIT;
	}
	if (host_conn_int(v, out))
		return RPC_COMMIT;
	text = host_conn_text(v);
	rpc_fail(call, ERR_REFUSED, "Incorrect value \"%s\" for int field \"%s\".",
	    text != NULL ? text : "", key);
	free(text);
	return RPC_ROLLBACK;
}

/* The int columns as the database layer checks them, in the order sent: an encryption mode
 * that passed the checks as a number ("2.0") is still no integer. */
static int
host_conn_ints(struct rpc_call *call, const cJSON *obj, struct host_conn *c)
{
	const cJSON *m;
	int32_t mode;

	cJSON_ArrayForEach(m, obj) {
		if (m->string == NULL)
			continue;
		if (strcmp(m->string, "ipmi_authtype") == 0 &&
		    host_conn_take_int(call, obj, m->string, -1, &c->ipmi_authtype) != RPC_COMMIT)
			return RPC_ROLLBACK;
		if (strcmp(m->string, "ipmi_privilege") == 0 &&
		    host_conn_take_int(call, obj, m->string, 2, &c->ipmi_privilege) != RPC_COMMIT)
			return RPC_ROLLBACK;
		if ((strcmp(m->string, "tls_connect") == 0 || strcmp(m->string, "tls_accept") == 0) &&
		    host_conn_take_int(call, obj, m->string, 1, &mode) != RPC_COMMIT)
			return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

/* A string column: a scalar as its text, null as "". */
static void
host_conn_take_str(const cJSON *obj, const char *key, char **field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *text;

	if (v == NULL)
		return;
	text = host_conn_text(v);
	host_conn_set(field, text);
	free(text);
}

/* The TLS modes as they will be: given, else stored. */
struct host_tls {
	double		 connect, accept;
	const cJSON	*connect_v, *accept_v;
};

static int
host_conn_tls_modes(struct rpc_call *call, const cJSON *obj, const struct host_conn *c,
    struct host_tls *t)
{
	char *text;

	t->connect_v = cJSON_GetObjectItemCaseSensitive(obj, "tls_connect");
	t->accept_v = cJSON_GetObjectItemCaseSensitive(obj, "tls_accept");
	t->connect = c->tls_connect;
	t->accept = c->tls_accept;
	if (t->connect_v != NULL && (!host_conn_num(t->connect_v, &t->connect) ||
	    (t->connect != HOST_ENC_NONE && t->connect != HOST_ENC_PSK &&
	    t->connect != HOST_ENC_CERT))) {
		text = host_conn_text(t->connect_v);
		rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_connect\": unexpected "
		    "value \"%s\".", text != NULL ? text : "");
		free(text);
		return RPC_ROLLBACK;
	}
	if (t->accept_v != NULL && (!host_conn_num(t->accept_v, &t->accept) ||
	    t->accept < HOST_ENC_NONE || t->accept > (HOST_ENC_NONE | HOST_ENC_PSK |
	    HOST_ENC_CERT))) {
		text = host_conn_text(t->accept_v);
		rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_accept\": unexpected "
		    "value \"%s\".", text != NULL ? text : "");
		free(text);
		return RPC_ROLLBACK;
	}
	return RPC_COMMIT;
}

static bool
host_conn_uses(const struct host_tls *t, int mode)
{
	return t->connect == mode || ((int)t->accept & mode) != 0;
}

/* An even number (at least 32) of hexadecimal digits. */
static const char *
host_conn_psk_check(const char *psk)
{
	size_t n = strlen(psk);

	for (const char *p = psk; *p != '\0'; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		    (*p >= 'A' && *p <= 'F')))
			return "an even number of hexadecimal characters is expected";
	if (n == 0 || n % 2 != 0)
		return "an even number of hexadecimal characters is expected";
	if (n < HOST_PSK_MIN_LEN)
		return "minimum length is 32 characters";
	return NULL;
}

/* Zabbix's encryption checks on the settings as they will be, in its order. */
static int
host_conn_tls_check(struct rpc_call *call, const struct host_tls *t, const struct host_conn *c)
{
	const char *why;

	if (host_conn_uses(t, HOST_ENC_PSK)) {
		if (c->tls_psk_identity[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field "
			    "\"tls_psk_identity\": cannot be empty.");
		if (c->tls_psk[0] == '\0')
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_psk\": "
			    "cannot be empty.");
		if ((why = host_conn_psk_check(c->tls_psk)) != NULL)
			return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_psk\": "
			    "%s.", why);
	} else if (c->tls_psk_identity[0] != '\0') {
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_psk_identity\": "
		    "should be empty.");
	} else if (c->tls_psk[0] != '\0') {
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_psk\": should "
		    "be empty.");
	}
	if (!host_conn_uses(t, HOST_ENC_CERT) && c->tls_issuer[0] != '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_issuer\": "
		    "should be empty.");
	if (!host_conn_uses(t, HOST_ENC_CERT) && c->tls_subject[0] != '\0')
		return rpc_fail(call, ERR_PARAM, "Incorrect value for field \"tls_subject\": "
		    "should be empty.");
	return RPC_COMMIT;
}

/* The TLS members onto c: on update, a change of either mode clears the PSK (certificate)
 * fields not sent when the new modes use no PSK (certificate), as Zabbix does. */
static int
host_conn_tls_take(struct rpc_call *call, const cJSON *obj, struct host_conn *c, bool update)
{
	struct host_tls t;

	if (host_conn_tls_modes(call, obj, c, &t) != RPC_COMMIT)
		return RPC_ROLLBACK;
	c->tls_connect = (int32_t)t.connect;
	c->tls_accept = (int32_t)t.accept;
	if (update && (t.connect_v != NULL || t.accept_v != NULL)) {
		if (!host_conn_uses(&t, HOST_ENC_PSK)) {
			host_conn_set(&c->tls_psk_identity, "");
			host_conn_set(&c->tls_psk, "");
		}
		if (!host_conn_uses(&t, HOST_ENC_CERT)) {
			host_conn_set(&c->tls_issuer, "");
			host_conn_set(&c->tls_subject, "");
		}
	}
	host_conn_take_str(obj, "tls_psk_identity", &c->tls_psk_identity);
	host_conn_take_str(obj, "tls_psk", &c->tls_psk);
	host_conn_take_str(obj, "tls_issuer", &c->tls_issuer);
	host_conn_take_str(obj, "tls_subject", &c->tls_subject);
	return host_conn_tls_check(call, &t, c);
}

/* After the TLS members: the int columns, the IPMI strings and a proxy id's digits, as the
 * database layer takes them. */
static int
host_conn_take_rest(struct rpc_call *call, const cJSON *obj, struct host_conn *c)
{
	const cJSON *proxy = cJSON_GetObjectItemCaseSensitive(obj, "proxy_hostid");
	char *text;

	if (host_conn_ints(call, obj, c) != RPC_COMMIT)
		return RPC_ROLLBACK;
	host_conn_take_str(obj, "ipmi_username", &c->ipmi_username);
	host_conn_take_str(obj, "ipmi_password", &c->ipmi_password);
	if (!host_conn_names_proxy(proxy))
		return RPC_COMMIT;
	text = host_conn_text(proxy);
	if (text == NULL || !util_is_digits(text)) {
		rpc_fail(call, ERR_REFUSED, "Incorrect value \"%s\" for unsigned int field "
		    "\"proxy_hostid\".", text != NULL ? text : "");
		free(text);
		return RPC_ROLLBACK;
	}
	free(text);
	return RPC_COMMIT;
}

int
host_conn_take(struct rpc_call *call, const cJSON *obj, struct host *h, bool update)
{
	struct host_conn *c = host_conn_edit(h);

	if (host_conn_tls_take(call, obj, c, update) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return host_conn_take_rest(call, obj, c);
}

static bool
host_conn_has_tls(const cJSON *p)
{
	static const char *const keys[] = { "tls_connect", "tls_accept", "tls_psk_identity",
	    "tls_psk", "tls_issuer", "tls_subject" };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (cJSON_GetObjectItemCaseSensitive(p, keys[i]) != NULL)
			return true;
	return false;
}

/* host.massupdate's TLS members onto c: both modes required, the fields a mode does not use
 * emptied whatever was sent, then the encryption checks on what was sent alone. */
static int
host_conn_mass_tls(struct rpc_call *call, const cJSON *p, struct host_conn *c)
{
	const struct host none = { 0 };		/* the modes not sent are Zabbix's defaults */
	struct host_tls t;
	int rc;

	if (!host_conn_has_tls(p))
		return RPC_COMMIT;
	if (cJSON_GetObjectItemCaseSensitive(p, "tls_connect") == NULL ||
	    cJSON_GetObjectItemCaseSensitive(p, "tls_accept") == NULL)
		return rpc_fail(call, ERR_DENIED, "Cannot update host encryption settings. "
		    "Connection settings for both directions should be specified.");
	rc = host_conn_tls_modes(call, p, host_conn_of(&none), &t);
	if (rc == RPC_COMMIT) {
		c->tls_connect = (int32_t)t.connect;
		c->tls_accept = (int32_t)t.accept;
		host_conn_set(&c->tls_psk_identity, "");
		host_conn_set(&c->tls_psk, "");
		host_conn_set(&c->tls_issuer, "");
		host_conn_set(&c->tls_subject, "");
		if (host_conn_uses(&t, HOST_ENC_PSK)) {
			host_conn_take_str(p, "tls_psk_identity", &c->tls_psk_identity);
			host_conn_take_str(p, "tls_psk", &c->tls_psk);
		}
		if (host_conn_uses(&t, HOST_ENC_CERT)) {
			host_conn_take_str(p, "tls_issuer", &c->tls_issuer);
			host_conn_take_str(p, "tls_subject", &c->tls_subject);
		}
		rc = host_conn_tls_check(call, &t, c);
	}
	return rc;
}

int
host_conn_mass_check(struct rpc_call *call, const cJSON *p)
{
	struct host h = { 0 };
	int rc = host_conn_mass_tls(call, p, host_conn_edit(&h));

	host_free(&h);
	return rc;
}

int
host_conn_mass_take(struct rpc_call *call, const cJSON *p, struct host *h)
{
	struct host_conn *c = host_conn_edit(h);

	if (host_conn_mass_tls(call, p, c) != RPC_COMMIT)
		return RPC_ROLLBACK;
	return host_conn_take_rest(call, p, c);
}

/* ---- the database's error text ---- */

/* A growing string. */
struct host_sql {
	char	*s;
	size_t	 len, cap;
};

static void
host_sql_add(struct host_sql *q, const char *t)
{
	size_t n = strlen(t);

	if (q->len + n + 1 > q->cap) {
		q->cap = (q->len + n + 1) * 2;
		q->s = xrealloc(q->s, q->cap);
	}
	memcpy(q->s + q->len, t, n + 1);
	q->len += n;
}

/* A value as zbx_dbstr quotes it (quotes doubled); a PSK is written masked (Zabbix would
 * show it), so that no answer carries it. */
static void
host_sql_quoted(struct host_sql *q, const char *col, const char *v)
{
	char one[2] = { 0, 0 };

	if (v == NULL) {
		host_sql_add(q, "NULL");
		return;
	}
	if (v[0] != '\0' && strcmp(col, "tls_psk") == 0)
		v = "******";
	host_sql_add(q, "'");
	for (; *v != '\0'; v++) {
		one[0] = *v;
		host_sql_add(q, *v == '\'' ? "''" : one);
	}
	host_sql_add(q, "'");
}

static bool
host_blank_text(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\v')
			return false;
	return true;
}

/* The value a member becomes in the statement: absent or null gives the column's default
 * (NULL for a reference), a reference's '0' NULL, an absent, null or blank visible name the
 * host name. */
static void
host_sql_member(struct host_sql *q, const struct host_col *c, const cJSON *obj)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, c->name);
	char *text = v != NULL ? host_conn_text(v) : NULL;

	if (strcmp(c->name, "name") == 0 && (text == NULL || host_blank_text(text))) {
		free(text);
		text = host_conn_text(cJSON_GetObjectItemCaseSensitive(obj, "host"));
		host_sql_quoted(q, c->name, text != NULL ? text : c->dflt);
	} else if (v == NULL || cJSON_IsNull(v) || (c->ref && host_conn_is_null_ref(v))) {
		host_sql_quoted(q, c->name, c->dflt);
	} else {
		host_sql_quoted(q, c->name, text != NULL ? text : "");
	}
	free(text);
}

#define HOST_NCOLS (sizeof host_cols / sizeof host_cols[0])

/* One column of a statement: its value from the sent object (from_obj), or a fixed text
 * (NULL: SQL NULL). */
struct host_sql_col {
	const struct host_col	*c;
	bool			 from_obj;
	const char		*fixed;
};

/* Appends c unless the statement has it; the new count. */
static size_t
host_sql_col_add(struct host_sql_col *cols, size_t n, const struct host_col *c, bool from_obj,
    const char *fixed)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i].c == c)
			return n;
	cols[n] = (struct host_sql_col){ c, from_obj, fixed };
	return n + 1;
}

/* The schema members of an object in the order sent (hostid left out when skip_id). */
static size_t
host_sql_sent(const cJSON *obj, bool skip_id, struct host_sql_col *cols, size_t n)
{
	const cJSON *m;
	const struct host_col *c;

	cJSON_ArrayForEach(m, obj)
		if ((c = host_col_find(m->string)) != NULL && !(skip_id && c == &host_cols[0]))
			n = host_sql_col_add(cols, n, c, true, NULL);
	return n;
}

/* The host name sent, when the visible name was not: Zabbix adds name after its checks. */
static size_t
host_sql_name(const cJSON *obj, struct host_sql_col *cols, size_t n)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, "name") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(obj, "host") == NULL)
		return n;
	return host_sql_col_add(cols, n, host_col_find("name"), true, NULL);
}

static void
host_sql_value(struct host_sql *q, const struct host_sql_col *col, const cJSON *obj)
{
	if (col->from_obj)
		host_sql_member(q, col->c, obj);
	else
		host_sql_quoted(q, col->c->name, col->fixed);
}

/* "UPDATE hosts SET col=value,..." */
static void
host_sql_set(struct host_sql *q, const struct host_sql_col *cols, size_t n, const cJSON *obj)
{
	host_sql_add(q, "UPDATE hosts SET ");
	for (size_t i = 0; i < n; i++) {
		host_sql_add(q, i > 0 ? "," : "");
		host_sql_add(q, cols[i].c->name);
		host_sql_add(q, "=");
		host_sql_value(q, &cols[i], obj);
	}
}

static int
host_sql_fail(struct rpc_call *call, struct host_sql *q)
{
	rpc_fail(call, ERR_REFUSED, "SQL statement execution has failed \"%s\".", q->s);
	free(q->s);
	return RPC_ROLLBACK;
}

int
host_conn_update_fail(struct rpc_call *call, const cJSON *obj, const struct host *old,
    const struct host *new)
{
	static const char *const tls[] = { "tls_connect", "tls_accept", "tls_issuer",
	    "tls_subject", "tls_psk_identity", "tls_psk" };
	const struct host_conn *o = host_conn_of(old), *c = host_conn_of(new);
	const char *old_text[] = { NULL, NULL, o->tls_issuer, o->tls_subject,
	    o->tls_psk_identity, o->tls_psk };
	struct host_sql_col cols[HOST_NCOLS];
	struct host_sql q = { 0 };
	struct host_tls t = { .connect = c->tls_connect, .accept = c->tls_accept };
	char connect[16], accept[16], id[24];
	size_t n = host_sql_sent(obj, false, cols, 0);

	if (cJSON_GetObjectItemCaseSensitive(obj, "tls_connect") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(obj, "tls_accept") != NULL) {
		for (int i = 0; i < 2; i++)	/* PSK fields, then certificate fields */
			if (!host_conn_uses(&t, i == 0 ? HOST_ENC_PSK : HOST_ENC_CERT))
				for (int k = 0; k < 2; k++)
					n = host_sql_col_add(cols, n, host_col_find(tls[i == 0 ?
					    4 + k : 2 + k]), false, "");
	}
	n = host_sql_name(obj, cols, n);
	snprintf(connect, sizeof connect, "%d", (int)o->tls_connect);
	snprintf(accept, sizeof accept, "%d", (int)o->tls_accept);
	old_text[0] = connect;
	old_text[1] = accept;
	for (size_t i = 0; i < sizeof tls / sizeof tls[0]; i++)
		n = host_sql_col_add(cols, n, host_col_find(tls[i]), false, old_text[i]);
	host_sql_set(&q, cols, n, obj);
	host_sql_add(&q, " WHERE hostid=");
	host_sql_quoted(&q, "hostid", id_to_str(old->hostid, id));
	return host_sql_fail(call, &q);
}

int
host_conn_create_fail(struct rpc_call *call, const cJSON *params)
{
	struct host_sql_col cols[HOST_NCOLS];
	struct host_sql q = { 0 };
	const cJSON *obj;
	size_t n = 0;
	uint64_t id;
	char idtext[24];
	int rc;

	cJSON_ArrayForEach(obj, params) {
		n = host_sql_sent(obj, true, cols, n);
		n = host_sql_name(obj, cols, n);
	}
	host_sql_add(&q, "INSERT INTO hosts (hostid");
	for (size_t i = 0; i < n; i++) {
		host_sql_add(&q, ",");
		host_sql_add(&q, cols[i].c->name);
	}
	host_sql_add(&q, ") VALUES ");
	cJSON_ArrayForEach(obj, params) {
		if ((rc = store_seq_next(call->txn, "hosts", &id)) != STORE_OK) {
			free(q.s);
			return rpc_fail_store(call, rc);
		}
		host_sql_add(&q, obj != params->child ? ",(" : "(");
		host_sql_quoted(&q, "hostid", id_to_str(id + 10000, idtext));
		for (size_t i = 0; i < n; i++) {
			host_sql_add(&q, ",");
			host_sql_value(&q, &cols[i], obj);
		}
		host_sql_add(&q, ")");
	}
	return host_sql_fail(call, &q);
}

/* Sets c to the fixed text where the statement has it, else appends it (PHP's assignment to
 * an array key); the new count. */
static size_t
host_sql_col_set(struct host_sql_col *cols, size_t n, const struct host_col *c,
    const char *fixed)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i].c == c) {
			cols[i] = (struct host_sql_col){ c, false, fixed };
			return n;
		}
	cols[n] = (struct host_sql_col){ c, false, fixed };
	return n + 1;
}

int
host_conn_mass_fail(struct rpc_call *call, const cJSON *p, const struct id_list *hostids)
{
	static const char *const tls[] = { "tls_psk_identity", "tls_psk", "tls_issuer",
	    "tls_subject" };
	struct host_sql_col cols[HOST_NCOLS];
	struct host_sql q = { 0 };
	struct host h = { 0 };
	struct id_list ids = { 0 };
	struct host_tls t;
	char id[24];
	size_t n = host_sql_sent(p, false, cols, 0);

	if (host_conn_has_tls(p)) {	/* massupdate empties the fields the modes do not use */
		host_conn_mass_tls(call, p, host_conn_edit(&h));
		t = (struct host_tls){ .connect = h.conn->tls_connect, .accept = h.conn->tls_accept };
		for (size_t i = 0; i < 4; i++)
			if (!host_conn_uses(&t, i < 2 ? HOST_ENC_PSK : HOST_ENC_CERT))
				n = host_sql_col_set(cols, n, host_col_find(tls[i]), "");
		host_free(&h);
	}
	host_sql_set(&q, cols, n, p);
	for (size_t i = 0; i < hostids->n; i++)
		id_list_add(&ids, hostids->ids[i]);
	id_list_sort(&ids);
	host_sql_add(&q, ids.n == 1 ? " WHERE hostid=" : " WHERE (hostid IN (");
	for (size_t i = 0; i < ids.n; i++) {
		host_sql_add(&q, i > 0 ? "," : "");
		host_sql_quoted(&q, "hostid", id_to_str(ids.ids[i], id));
	}
	host_sql_add(&q, ids.n == 1 ? "" : "))");
	id_list_free(&ids);
	return host_sql_fail(call, &q);
}
