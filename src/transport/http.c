/* http.c: evhttp setup, routes, the HTTP method and framing rules, client connections (the
 * cap, request deadlines), signals and the stop sequence, and the event-loop hooks that drive
 * group commit. Only this layer includes libevent. */
#include <sys/queue.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "tmpld/compat.h"
#include "tmpld/dispatch.h"
#include "tmpld/metrics.h"
#include "tmpld/store.h"
#include "tmpld/transport.h"
#include "tmpld/util.h"

#define HTTP_PRIORITIES		3	/* 0 signals and connection upkeep, 1 I/O, 2 commit */
#define HTTP_PRIO_UPKEEP	0
#define HTTP_PRIO_COMMIT	2
#define HTTP_TICK_SECONDS	60
#define HTTP_ACCEPT_RETRY_US	250000	/* after an accept error, try again this much later */
#define HTTP_DRAIN_CHECK_US	10000	/* while stopping: how often to look for the end */
#define HTTP_WARN_EVERY_US	(60ull * 1000000)	/* a repeated warning: once a minute */

/*
 * Connections. evhttp 2.1 tells nobody about a new connection but the bufferevent callback
 * (evhttp_set_bevcb), which runs before the evhttp_connection exists. So http_conn_new makes
 * the bufferevent and a struct conn for it, and http_bind_cb, at priority 0 in the same loop
 * turn (before any I/O of the new connection can run), finds the evhttp_connection as the
 * bufferevent's callback argument and sets the close callback, which from then on reports
 * the end of the connection whatever ends it. A conn is found from a request by its socket.
 */
enum conn_state {
	CONN_IDLE,	/* between requests: evhttp's idle timeout applies */
	CONN_READING,	/* a request's first byte has arrived: its deadline runs */
	CONN_BUSY,	/* a request is being answered: in dispatch, or its reply being sent */
};

struct http;

struct conn {
	struct http			*h;
	struct bufferevent		*bev;		/* evhttp's; ours to hold until bound */
	struct evhttp_connection	*evcon;		/* NULL until bound */
	struct evbuffer_cb_entry	*input_cb;	/* sees a request's first byte */
	struct event			*deadline;	/* --timeout after the first byte */
	struct evhttp_request		*req;		/* in dispatch, until its reply */
	enum conn_state			 state;
	bool				 gone;		/* closed while req was in dispatch */
	int				 fd;
	struct conn			*prev, *next;	/* http.conns */
	struct conn			*fresh_next;	/* http.fresh */
};

/* A warning logged at most once a minute, with the count of those left out meanwhile. */
struct http_warning {
	uint64_t	last_us;
	bool		logged;
	unsigned long	skipped;
};

struct http {
	struct event_base		*base;
	struct evhttp			*evh;
	struct evhttp			*metrics_evh;	/* --metrics-listen, or NULL */
	struct evhttp_bound_socket	*metrics_bound;	/* NULL once stopping */
	struct store			*st;
	struct evhttp_bound_socket	*bound;		/* NULL once stopping */
	struct evconnlistener		*listener;	/* bound's listener, or NULL */
	struct dispatch			*d;
	const struct transport_opts	*o;
	struct event			*flush_ev, *pool_ev, *writer_ev, *tick_ev, *drain_ev;
	struct event			*sigterm_ev, *sigint_ev, *bind_ev, *reap_ev, *retry_ev;
	struct event			*sighup_ev;
	struct conn			*conns;		/* every open connection */
	struct conn			*fresh;		/* made by http_conn_new, not bound yet */
	struct conn			**by_fd;	/* bound connections by socket */
	size_t				 nby_fd;
	size_t				 nconns;
	bool				 listening;	/* the listener is enabled */
	bool				 fd_pause;	/* accept failed: wait for a close or retry */
	bool				 stopping;
	struct http_warning		 cap_warning, accept_warning;
};

/* The server of this process, for the listener's error callback, whose argument is evhttp's. */
static struct http *http_running;

static const char *const http_json_types[] = {
	"application/json-rpc", "application/json", "application/jsonrequest",
};

static struct event *
http_event(struct http *h, evutil_socket_t fd, short what, event_callback_fn cb, void *arg,
    int prio)
{
	struct event *ev = event_new(h->base, fd, what, cb, arg);

	if (ev == NULL) {
		log_error("cannot create an event");
		abort();
	}
	if (prio >= 0)
		event_priority_set(ev, prio);
	return ev;
}

/* True when the warning is due; *skipped is how many were left out since the last one. */
static bool
http_warning_due(struct http_warning *w, unsigned long *skipped)
{
	uint64_t now = util_mono_us();

	if (w->logged && now - w->last_us < HTTP_WARN_EVERY_US) {
		w->skipped++;
		return false;
	}
	*skipped = w->skipped;
	w->skipped = 0;
	w->last_us = now;
	w->logged = true;
	return true;
}

/* libevent's own messages go through our logger (escaped like every line). */
static void
http_libevent_log(int severity, const char *msg)
{
	enum log_level level = LOG_DEBUG;

	if (severity == EVENT_LOG_WARN)
		level = LOG_WARN;
	else if (severity == EVENT_LOG_ERR)
		level = LOG_ERROR;
	log_msg(level, "libevent: %s", msg);
}

/* ---- accepting ---- */

/* The listener runs unless stopping, at the connection cap, or after an accept error. */
static void
http_accept_update(struct http *h)
{
	bool want = !h->stopping && !h->fd_pause && h->nconns < h->o->max_connections;

	if (h->listener == NULL || want == h->listening)
		return;
	if (want)
		evconnlistener_enable(h->listener);
	else
		evconnlistener_disable(h->listener);
	h->listening = want;
}

static void
http_accept_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;

	(void)fd, (void)what;
	h->fd_pause = false;
	http_accept_update(h);
}

/* accept() failed for a reason other than a retry (EMFILE at the descriptor limit, ENFILE,
 * ENOBUFS...): libevent would log and try again at once, forever. Pause the listener until a
 * connection closes or a moment has passed; connections wait in the listen queue. */
static void
http_accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct http *h = http_running;
	int err = EVUTIL_SOCKET_ERROR();
	struct timeval retry = { 0, HTTP_ACCEPT_RETRY_US };
	unsigned long skipped;

	(void)lev, (void)arg;
	h->fd_pause = true;
	http_accept_update(h);
	event_add(h->retry_ev, &retry);
	if (http_warning_due(&h->accept_warning, &skipped))
		log_warn("accept: %s, with %zu connections open: new connections wait in the "
		    "listen queue until one closes (%lu times more since the last warning)",
		    strerror(err), h->nconns, skipped);
}

/* ---- connections ---- */

static void
http_by_fd_set(struct http *h, int fd, struct conn *c)
{
	if ((size_t)fd >= h->nby_fd) {
		size_t n = h->nby_fd > 0 ? h->nby_fd : 64;

		while (n <= (size_t)fd)
			n *= 2;
		h->by_fd = xrealloc(h->by_fd, n * sizeof *h->by_fd);
		memset(h->by_fd + h->nby_fd, 0, (n - h->nby_fd) * sizeof *h->by_fd);
		h->nby_fd = n;
	}
	h->by_fd[fd] = c;
}

/* The connection a request arrived on, or NULL (never, if binding works as described). */
static struct conn *
http_conn_of(struct http *h, struct evhttp_request *r)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(r);
	int fd;

	if (evcon == NULL)
		return NULL;
	fd = bufferevent_getfd(evhttp_connection_get_bufferevent(evcon));
	if (fd < 0 || (size_t)fd >= h->nby_fd || h->by_fd[fd] == NULL ||
	    h->by_fd[fd]->evcon != evcon)
		return NULL;
	return h->by_fd[fd];
}

static void
http_conn_unlink(struct conn *c)
{
	struct http *h = c->h;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		h->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	h->nconns--;
	metrics_connections_add(-1);
	evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->input_cb);
	event_free(c->deadline);
	c->deadline = NULL;
}

/* A connection evhttp dropped before it was bound: let go of its bufferevent. */
static void
http_conn_forget(struct conn *c)
{
	http_conn_unlink(c);
	bufferevent_decref(c->bev);
	free(c);
}

static void
http_conn_reading(struct conn *c)
{
	struct timeval tv = { c->h->o->timeout, 0 };

	c->state = CONN_READING;
	event_add(c->deadline, &tv);
}

/* The input buffer grew: a request's first byte starts its deadline. */
static void
http_conn_input_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn *c = arg;

	(void)buf;
	if (info->n_added > 0 && c->state == CONN_IDLE)
		http_conn_reading(c);
}

/* A request still incomplete --timeout seconds after its first byte (slowloris): close. */
static void
http_conn_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	char *addr = NULL;
	ev_uint16_t port = 0;

	(void)fd, (void)what;
	if (c->state != CONN_READING || c->evcon == NULL)
		return;
	evhttp_connection_get_peer(c->evcon, &addr, &port);
	log_debug("%s:%u: request incomplete %d s after its first byte: closing the connection",
	    addr != NULL ? addr : "-", (unsigned)port, c->h->o->timeout);
	evhttp_connection_free(c->evcon);	/* calls http_conn_closed_cb */
}

/* evhttp's close callback: the end of a bound connection, whatever ended it. */
static void
http_conn_closed_cb(struct evhttp_connection *evcon, void *arg)
{
	struct conn *c = arg;
	struct http *h = c->h;

	(void)evcon;
	if (c->fd >= 0 && (size_t)c->fd < h->nby_fd && h->by_fd[c->fd] == c)
		h->by_fd[c->fd] = NULL;
	http_conn_unlink(c);
	if (c->req != NULL) {
		/* its request went with it; http_done frees c and sends nothing */
		log_error("a connection closed while its request was in dispatch");
		c->gone = true;
		c->req = NULL;
	} else
		free(c);
	if (h->fd_pause) {
		h->fd_pause = false;	/* a descriptor is free again */
		event_del(h->retry_ev);
	}
	http_accept_update(h);
}

/* evhttp_set_bevcb: a connection was accepted; its evhttp_connection comes next. */
static struct bufferevent *
http_conn_new(struct event_base *base, void *arg)
{
	struct http *h = arg;
	struct conn *c = xcalloc(1, sizeof *c);
	unsigned long skipped;

	c->h = h;
	c->fd = -1;
	if ((c->bev = bufferevent_socket_new(base, -1, 0)) == NULL ||
	    (c->input_cb = evbuffer_add_cb(bufferevent_get_input(c->bev), http_conn_input_cb,
	    c)) == NULL) {
		log_error("cannot set up a connection");
		abort();
	}
	bufferevent_incref(c->bev);	/* until http_bind_cb: valid even if evhttp drops it */
	c->deadline = http_event(h, -1, 0, http_conn_deadline_cb, c, -1);
	c->next = h->conns;
	if (h->conns != NULL)
		h->conns->prev = c;
	h->conns = c;
	h->nconns++;
	metrics_connections_add(1);
	c->fresh_next = h->fresh;
	h->fresh = c;
	event_active(h->bind_ev, EV_TIMEOUT, 0);
	if (h->nconns >= h->o->max_connections &&
	    http_warning_due(&h->cap_warning, &skipped))
		log_warn("%zu connections open (--max-connections): new connections wait in the "
		    "listen queue until one closes (%lu times more since the last warning)",
		    h->nconns, skipped);
	http_accept_update(h);
	return c->bev;
}

/* Priority 0, right after the accepts of this loop turn: see "Connections" above. */
static void
http_bind_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct conn *c;
	void *evcon;

	(void)fd, (void)what;
	while ((c = h->fresh) != NULL) {
		h->fresh = c->fresh_next;
		c->fresh_next = NULL;
		evcon = NULL;
		bufferevent_getcb(c->bev, NULL, NULL, NULL, &evcon);
		if (evcon == NULL || bufferevent_getfd(c->bev) < 0) {
			http_conn_forget(c);	/* evhttp could not set it up and freed it */
			continue;
		}
		c->evcon = evcon;
		c->fd = bufferevent_getfd(c->bev);
		http_by_fd_set(h, c->fd, c);
		evhttp_connection_set_closecb(c->evcon, http_conn_closed_cb, c);
		bufferevent_decref(c->bev);
		if (h->stopping)
			evhttp_connection_free(c->evcon);	/* calls http_conn_closed_cb */
	}
	http_accept_update(h);
}

/* The reply of the connection's request has been written; evhttp reads the next one (or,
 * with "Connection: close", closes the connection right after this). */
static void
http_conn_complete_cb(struct evhttp_request *r, void *arg)
{
	struct conn *c = arg;

	(void)r;
	c->state = CONN_IDLE;
	if (evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		http_conn_reading(c);	/* a pipelined request is there already */
	if (c->h->stopping)
		event_active(c->h->reap_ev, EV_TIMEOUT, 0);
}

/* While stopping: close every connection that has no request being answered. */
static void
http_reap(struct http *h)
{
	struct conn *c, *next;

	for (c = h->conns; c != NULL; c = next) {
		next = c->next;
		if (c->evcon != NULL && c->state != CONN_BUSY)
			evhttp_connection_free(c->evcon);	/* unlinks and frees c */
	}
}

static void
http_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	http_reap(arg);
}

/* ---- requests ---- */

static bool
http_content_type_ok(struct evhttp_request *r)
{
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r), "Content-Type");
	size_t n;

	if (ct == NULL)
		return false;
	n = strcspn(ct, ";");
	for (size_t i = 0; i < sizeof http_json_types / sizeof http_json_types[0]; i++)
		if (strlen(http_json_types[i]) == n && strncmp(ct, http_json_types[i], n) == 0)
			return true;
	return false;
}

/* Request smuggling: refuse a body length that two parties could read differently (more
 * than one Content-Length, Content-Length with Transfer-Encoding, a transfer coding other
 * than one "chunked"); evhttp would take the first header and read on. */
static bool
http_framing_ok(struct evhttp_request *r)
{
	struct evkeyvalq *hs = evhttp_request_get_input_headers(r);
	struct evkeyval *kv;
	int lengths = 0, codings = 0;
	bool chunked = true;

	TAILQ_FOREACH(kv, hs, next) {
		if (strcasecmp(kv->key, "Content-Length") == 0)
			lengths++;
		else if (strcasecmp(kv->key, "Transfer-Encoding") == 0) {
			codings++;
			chunked = chunked && strcasecmp(kv->value, "chunked") == 0;
		}
	}
	return lengths <= 1 && (codings == 0 || (codings == 1 && chunked && lengths == 0));
}

static char *
http_bearer(struct evhttp_request *r)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r), "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h != '\0' ? xstrdup(h) : NULL;
}

static void
http_peer(struct evhttp_request *r, char *out, size_t outlen)
{
	struct evhttp_connection *c = evhttp_request_get_connection(r);
	char *addr = NULL;
	ev_uint16_t port;

	if (c != NULL)
		evhttp_connection_get_peer(c, &addr, &port);
	snprintf(out, outlen, "%s", addr != NULL ? addr : "");
}

/* Every reply goes out here: no body for HEAD, and "Connection: close" when asked or when
 * stopping (then evhttp closes the connection once the reply is written). */
static void
http_send(struct http *h, struct evhttp_request *r, int code, const char *reason,
    const char *type, struct evbuffer *body, bool close)
{
	struct evkeyvalq *hs = evhttp_request_get_output_headers(r);

	evhttp_add_header(hs, "Content-Type", type);
	if (close || h->stopping)
		evhttp_add_header(hs, "Connection", "close");
	if (evhttp_request_get_command(r) == EVHTTP_REQ_HEAD)
		body = NULL;
	evhttp_send_reply(r, code, reason, body);
}

static void
http_send_empty(struct http *h, struct evhttp_request *r, int code, const char *reason)
{
	http_send(h, r, code, reason, "text/html; charset=UTF-8", NULL, false);
}

static void
http_method_not_allowed(struct http *h, struct evhttp_request *r, const char *allow)
{
	evhttp_add_header(evhttp_request_get_output_headers(r), "Allow", allow);
	http_send_empty(h, r, 405, "Method Not Allowed");
}

static void
http_cors(struct evhttp_request *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r);

	evhttp_add_header(h, "Access-Control-Allow-Origin", "*");
	evhttp_add_header(h, "Access-Control-Allow-Headers",
	    "Authorization, Origin, X-Requested-With, Content-Type, Accept");
	evhttp_add_header(h, "Access-Control-Allow-Methods", "POST");
	evhttp_add_header(h, "Access-Control-Max-Age", "1000");
}

static void
http_body_free(const void *data, size_t len, void *body)
{
	free(body);
}

/* dispatch's one completion per request: the only JSON reply sent in transport/. The body
 * is sent without a copy (a reference the output buffer frees once written or dropped). */
static void
http_done(void *arg, char *body, size_t len)
{
	struct conn *c = arg;
	struct evhttp_request *r = c->req;
	struct evbuffer *out;

	if (c->gone) {
		free(body);
		free(c);
		return;
	}
	c->req = NULL;
	if ((out = evbuffer_new()) == NULL) {
		log_error("cannot allocate a reply buffer");
		abort();
	}
	if (body != NULL && evbuffer_add_reference(out, body, len, http_body_free, body) != 0) {
		log_error("cannot add a reply to its buffer");
		abort();
	}
	http_send(c->h, r, 200, "OK", "application/json", out, false);
	evbuffer_free(out);
}

/* GET /metrics: the exposition, made on the loop (bounded: fixed tables, one read txn that
 * scans nothing). Other methods get 405. */
static void
http_metrics_reply(struct http *h, struct evhttp_request *r)
{
	enum evhttp_cmd_type cmd = evhttp_request_get_command(r);
	struct metrics_store ms = { 0 };
	struct store_stats ss;
	struct evbuffer *out;
	char *text;
	size_t len = 0;

	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		http_method_not_allowed(h, r, "GET, HEAD");
		return;
	}
	if (store_stats_get(h->st, &ss) == STORE_OK) {
		ms.known = 1;
		ms.sessions = ss.sessions;
		ms.tokens = ss.tokens;
		ms.file_bytes = ss.file_bytes;
		ms.map_bytes = ss.map_bytes;
		ms.used_bytes = ss.used_bytes;
	}
	if ((text = metrics_render(&ms, &len)) == NULL) {
		http_send_empty(h, r, 503, "Service Unavailable");
		return;
	}
	if ((out = evbuffer_new()) == NULL) {
		log_error("cannot allocate a reply buffer");
		abort();
	}
	evbuffer_add(out, text, len);
	free(text);
	http_send(h, r, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", out, false);
	evbuffer_free(out);
}

/* The request callback of the --metrics-listen listener: /metrics only. */
static void
http_handle_metrics(struct evhttp_request *r, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;

	if (!http_framing_ok(r)) {
		http_send(h, r, 400, "Bad Request", "text/html; charset=UTF-8", NULL, true);
		return;
	}
	if (path == NULL || strcmp(path, "/metrics") != 0) {
		http_send_empty(h, r, 404, "Not Found");
		return;
	}
	http_metrics_reply(h, r);
}

static bool
http_route_jsonrpc(const char *path)
{
	return strcmp(path, "/api_jsonrpc.php") == 0 || strcmp(path, "/jsonrpc") == 0;
}

/* BlueKing ESB routes: any Content-Type, and always HTTP 200 with the ESB envelope. */
static void
http_handle_bkcmdb(struct conn *c, struct evhttp_request *r, const char *path)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r);
	char ip[48];

	http_peer(r, ip, sizeof ip);
	compat_bkcmdb_request(c->h->d, path, (const char *)evbuffer_pullup(in, -1),
	    evbuffer_get_length(in), ip, http_done, c);
}

static void
http_handle_jsonrpc(struct conn *c, struct evhttp_request *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r);
	char ip[48], *bearer;

	http_peer(r, ip, sizeof ip);
	bearer = http_bearer(r);
	dispatch_request(c->h->d, (const char *)evbuffer_pullup(in, -1), evbuffer_get_length(in),
	    ip, bearer, http_done, c);
	free(bearer);
}

/* evhttp's request callback: a whole request (headers and body) has been read. Only a POST
 * body reaches a method: another HTTP method gets Zabbix's answer for an empty body (which
 * runs nothing), or 405 if it came with a body; HEAD gets GET's answer without the body. */
static void
http_handle(struct evhttp_request *r, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(r);
	bool body = evbuffer_get_length(evhttp_request_get_input_buffer(r)) > 0;
	struct conn *c = http_conn_of(h, r);

	if (c == NULL) {
		log_error("a request on a connection that is not tracked");
		http_send(h, r, 503, "Service Unavailable", "text/html; charset=UTF-8", NULL,
		    true);
		return;
	}
	c->state = CONN_BUSY;
	event_del(c->deadline);
	evhttp_request_set_on_complete_cb(r, http_conn_complete_cb, c);
	if (!http_framing_ok(r)) {
		http_send(h, r, 400, "Bad Request", "text/html; charset=UTF-8", NULL, true);
		return;
	}
	if (path != NULL && compat_bkcmdb_route(path)) {
		if (cmd != EVHTTP_REQ_POST && body) {
			http_method_not_allowed(h, r, "POST");
			return;
		}
		c->req = r;
		http_handle_bkcmdb(c, r, path);
		return;
	}
	if (path != NULL && h->o->metrics_host == NULL && strcmp(path, "/metrics") == 0) {
		http_metrics_reply(h, r);
		return;
	}
	if (path == NULL || !http_route_jsonrpc(path)) {
		http_send_empty(h, r, 404, "Not Found");
		return;
	}
	http_cors(r);
	if (cmd == EVHTTP_REQ_OPTIONS) {
		http_send_empty(h, r, 200, "OK");
		return;
	}
	if (!http_content_type_ok(r)) {
		http_send_empty(h, r, 412, "Precondition Failed");
		return;
	}
	if (cmd != EVHTTP_REQ_POST && body) {
		http_method_not_allowed(h, r, "POST, OPTIONS");
		return;
	}
	c->req = r;
	http_handle_jsonrpc(c, r);
}

/* ---- event-loop hooks for dispatch ---- */

static void
http_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;

	(void)fd, (void)what;
	dispatch_flush(h->d);
}

static void
http_schedule_flush(void *arg)
{
	struct http *h = arg;

	event_active(h->flush_ev, EV_TIMEOUT, 0);
}

static void
http_pool_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;

	(void)fd, (void)what;
	dispatch_pool_drain(h->d);
}

static void
http_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;

	(void)fd, (void)what;
	dispatch_tick(h->d);
}

/* ---- stopping: no new connections, nothing new read, answer what is in dispatch ---- */

/* The loop ends once no call is open in dispatch (nor a write queued or committing) and no
 * connection is left: the ones that had a request have sent its reply and closed. */
static void
http_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct timeval again = { 0, HTTP_DRAIN_CHECK_US };

	(void)fd, (void)what;
	if (dispatch_busy(h->d) > 0 || h->nconns > 0) {
		event_add(h->drain_ev, &again);
		return;
	}
	event_base_loopbreak(h->base);
}

static void
http_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct http *h = arg;

	(void)what;
	if (h->stopping)
		return;
	h->stopping = true;
	log_info("signal %d: stopping: not accepting, %zu connections open; answering the "
	    "requests in dispatch, then closing their connections", (int)sig, h->nconns);
	if (h->bound != NULL) {
		evhttp_del_accept_socket(h->evh, h->bound);	/* closes the listening socket */
		h->bound = NULL;
		h->listener = NULL;
	}
	if (h->metrics_bound != NULL) {
		evhttp_del_accept_socket(h->metrics_evh, h->metrics_bound);
		h->metrics_bound = NULL;
	}
	event_del(h->tick_ev);
	event_del(h->retry_ev);
	http_reap(h);
	http_drain_cb(-1, 0, h);
}

/* SIGHUP: the configuration is read again, by whoever gave the hook. */
static void
http_sighup_cb(evutil_socket_t sig, short what, void *arg)
{
	struct http *h = arg;

	(void)sig, (void)what;
	if (h->stopping)
		return;
	if (h->o->reload == NULL) {
		log_info("SIGHUP: nothing to reload");
		return;
	}
	h->o->reload(h->o->reload_arg);
}

/* ---- setup and teardown ---- */

static int
http_listen_socket(const char *host, int port_n, bool reuseport)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	char port[16];
	int fd = -1, on = 1, rc;

	snprintf(port, sizeof port, "%d", port_n);
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		log_error("listen %s:%d: %s", host, port_n, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
		log_error("listen %s:%d: %s", host, port_n, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* The --metrics-listen listener on socket fd (taken: closed by evhttp from here on). */
static int
http_setup_metrics(struct http *h, int fd)
{
	if ((h->metrics_evh = evhttp_new(h->base)) == NULL) {
		close(fd);
		return -1;
	}
	evhttp_set_max_body_size(h->metrics_evh, 4096);
	evhttp_set_max_headers_size(h->metrics_evh, 16 * 1024);
	evhttp_set_timeout(h->metrics_evh, h->o->timeout);
	evhttp_set_allowed_methods(h->metrics_evh, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
	    EVHTTP_REQ_PATCH);
	evhttp_set_gencb(h->metrics_evh, http_handle_metrics, h);
	if ((h->metrics_bound = evhttp_accept_socket_with_handle(h->metrics_evh, fd)) == NULL) {
		close(fd);
		return -1;
	}
	return 0;
}

/* The event loop: with epoll, changes of a connection's interest (write on for a reply, off
 * once it is sent) are gathered and applied once per loop turn, not one system call each. */
static struct event_base *
http_base_new(void)
{
	struct event_config *cfg = event_config_new();
	struct event_base *base;

	if (cfg == NULL)
		return NULL;
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base;
}

static int
http_setup(struct http *h, struct store *st, const struct transport_opts *o,
    const struct dispatch_opts *dopts, int fd, int metrics_fd)
{
	struct dispatch_hooks hooks = { http_schedule_flush, h };
	struct timeval tick = { HTTP_TICK_SECONDS, 0 };

	h->o = o;
	h->st = st;
	if ((h->base = http_base_new()) == NULL ||
	    event_base_priority_init(h->base, HTTP_PRIORITIES) != 0 ||
	    (h->evh = evhttp_new(h->base)) == NULL) {
		if (metrics_fd >= 0)
			close(metrics_fd);
		return -1;
	}
	evhttp_set_max_body_size(h->evh, (ev_ssize_t)o->max_body);
	evhttp_set_max_headers_size(h->evh, 64 * 1024);
	evhttp_set_timeout(h->evh, o->timeout);
	/* every method reaches http_handle, which answers those that may not run a call */
	evhttp_set_allowed_methods(h->evh, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
	    EVHTTP_REQ_PATCH);
	evhttp_set_gencb(h->evh, http_handle, h);
	evhttp_set_bevcb(h->evh, http_conn_new, h);
	if ((h->bound = evhttp_accept_socket_with_handle(h->evh, fd)) == NULL) {
		if (metrics_fd >= 0)
			close(metrics_fd);
		return -1;
	}
	if (metrics_fd >= 0 && http_setup_metrics(h, metrics_fd) != 0)
		return -1;
	h->listener = evhttp_bound_socket_get_listener(h->bound);
	h->listening = true;
	evconnlistener_set_error_cb(h->listener, http_accept_error_cb);
	h->d = dispatch_new(st, dopts, &hooks);
	h->flush_ev = http_event(h, -1, 0, http_flush_cb, h, HTTP_PRIO_COMMIT);
	h->pool_ev = http_event(h, dispatch_pool_fd(h->d), EV_READ | EV_PERSIST, http_pool_cb,
	    h, -1);
	if (dispatch_writer_fd(h->d) >= 0)
		h->writer_ev = http_event(h, dispatch_writer_fd(h->d), EV_READ | EV_PERSIST,
		    http_pool_cb, h, -1);
	h->tick_ev = http_event(h, -1, EV_PERSIST, http_tick_cb, h, -1);
	h->drain_ev = http_event(h, -1, 0, http_drain_cb, h, -1);
	h->bind_ev = http_event(h, -1, 0, http_bind_cb, h, HTTP_PRIO_UPKEEP);
	h->reap_ev = http_event(h, -1, 0, http_reap_cb, h, HTTP_PRIO_UPKEEP);
	h->retry_ev = http_event(h, -1, 0, http_accept_retry_cb, h, -1);
	h->sigterm_ev = http_event(h, SIGTERM, EV_SIGNAL | EV_PERSIST, http_signal_cb, h,
	    HTTP_PRIO_UPKEEP);
	h->sigint_ev = http_event(h, SIGINT, EV_SIGNAL | EV_PERSIST, http_signal_cb, h,
	    HTTP_PRIO_UPKEEP);
	h->sighup_ev = http_event(h, SIGHUP, EV_SIGNAL | EV_PERSIST, http_sighup_cb, h,
	    HTTP_PRIO_UPKEEP);
	event_add(h->pool_ev, NULL);
	if (h->writer_ev != NULL)
		event_add(h->writer_ev, NULL);
	event_add(h->tick_ev, &tick);
	event_add(h->sigterm_ev, NULL);
	event_add(h->sigint_ev, NULL);
	event_add(h->sighup_ev, NULL);
	return 0;
}

/* dispatch goes first: a completion it still makes (there is none after a clean stop)
 * finds its request and connection alive. Then evhttp, which closes what is left. */
static void
http_teardown(struct http *h)
{
	struct event *evs[] = { h->flush_ev, h->pool_ev, h->writer_ev, h->tick_ev, h->drain_ev,
	    h->sigterm_ev, h->sigint_ev, h->sighup_ev, h->bind_ev, h->reap_ev, h->retry_ev };
	struct conn *c;

	dispatch_free(h->d);
	h->d = NULL;
	while ((c = h->fresh) != NULL) {
		h->fresh = c->fresh_next;
		http_conn_forget(c);
	}
	h->listener = NULL;	/* evhttp_free frees it */
	h->bound = NULL;
	h->stopping = true;
	if (h->metrics_evh != NULL)
		evhttp_free(h->metrics_evh);
	h->metrics_bound = NULL;
	if (h->evh != NULL)
		evhttp_free(h->evh);	/* each connection's close callback frees its conn */
	free(h->by_fd);
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
		if (evs[i] != NULL)
			event_free(evs[i]);
	if (h->base != NULL)
		event_base_free(h->base);
}

static void
http_unblock_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int
transport_run(struct store *st, const struct transport_opts *o,
    const struct dispatch_opts *dopts)
{
	struct http h = { 0 };
	int fd, mfd = -1, rc = -1;

	signal(SIGPIPE, SIG_IGN);
	event_set_log_callback(http_libevent_log);
	if ((fd = http_listen_socket(o->host, o->port, o->reuseport)) < 0)
		return -1;
	if (o->metrics_host != NULL &&
	    (mfd = http_listen_socket(o->metrics_host, o->metrics_port, o->reuseport)) < 0) {
		close(fd);
		return -1;
	}
	http_running = &h;
	if (http_setup(&h, st, o, dopts, fd, mfd) != 0) {
		log_error("cannot start the HTTP listener");
		if (h.bound == NULL)
			close(fd);
	} else {
		http_unblock_signals();
		log_info("listening on %s:%d (at most %zu connections)", o->host, o->port,
		    o->max_connections);
		if (sdnotify_send("READY=1") < 0)
			log_warn("cannot tell the service manager that tmpld is ready: %s",
			    strerror(errno));
		if (o->metrics_host != NULL)
			log_info("metrics on %s:%d/metrics", o->metrics_host, o->metrics_port);
		rc = event_base_dispatch(h.base) < 0 ? -1 : 0;
	}
	http_teardown(&h);
	http_running = NULL;
	return rc;
}
