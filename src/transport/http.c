/* http.c: evhttp setup, routes, Content-Type rules, body cap, timeouts, signals and the
 * event-loop hooks that drive group commit. Only this layer includes libevent. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "tmpld/compat.h"
#include "tmpld/dispatch.h"
#include "tmpld/transport.h"
#include "tmpld/util.h"

#define HTTP_PRIORITIES		3	/* 0 signals, 1 I/O (default), 2 group commit */
#define HTTP_PRIO_COMMIT	2
#define HTTP_TICK_SECONDS	60

struct http {
	struct event_base		*base;
	struct evhttp			*evh;
	struct evhttp_bound_socket	*bound;
	struct dispatch			*d;
	struct event			*flush_ev, *pool_ev, *writer_ev, *tick_ev, *drain_ev;
	struct event			*sigterm_ev, *sigint_ev;
	bool				 stopping;
};

static const char *const http_json_types[] = {
	"application/json-rpc", "application/json", "application/jsonrequest",
};

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
	const char *addr = NULL;
	ev_uint16_t port;

	if (c != NULL)
		evhttp_connection_get_peer(c, (char **)(uintptr_t)&addr, &port);
	snprintf(out, outlen, "%s", addr != NULL ? addr : "");
}

static void
http_reply_empty(struct evhttp_request *r, int code, const char *reason, const char *type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r);

	evhttp_add_header(h, "Content-Type", type);
	evhttp_send_reply(r, code, reason, NULL);
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

/* dispatch's one completion per request: the only JSON reply sent in transport/. */
static void
http_done(void *arg, const char *body, size_t len)
{
	struct evhttp_request *r = arg;
	struct evbuffer *out = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(r), "Content-Type",
	    "application/json");
	if (body != NULL)
		evbuffer_add(out, body, len);
	evhttp_send_reply(r, 200, "OK", out);
	evbuffer_free(out);
}

static bool
http_route_jsonrpc(const char *path)
{
	return strcmp(path, "/api_jsonrpc.php") == 0 || strcmp(path, "/jsonrpc") == 0;
}

/* BlueKing ESB routes: any Content-Type, and always HTTP 200 with the ESB envelope. */
static void
http_handle_bkcmdb(struct http *h, struct evhttp_request *r, const char *path)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r);
	char ip[48];

	http_peer(r, ip, sizeof ip);
	compat_bkcmdb_request(h->d, path, (const char *)evbuffer_pullup(in, -1),
	    evbuffer_get_length(in), ip, http_done, r);
}

static void
http_handle(struct evhttp_request *r, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	struct evbuffer *in;
	char ip[48], *bearer;

	if (path != NULL && compat_bkcmdb_route(path)) {
		http_handle_bkcmdb(h, r, path);
		return;
	}
	if (path == NULL || !http_route_jsonrpc(path)) {
		http_reply_empty(r, 404, "Not Found", "text/html; charset=UTF-8");
		return;
	}
	http_cors(r);
	if (evhttp_request_get_command(r) == EVHTTP_REQ_OPTIONS) {
		http_reply_empty(r, 200, "OK", "text/html; charset=UTF-8");
		return;
	}
	if (!http_content_type_ok(r)) {
		http_reply_empty(r, 412, "Precondition Failed", "text/html; charset=UTF-8");
		return;
	}
	in = evhttp_request_get_input_buffer(r);
	http_peer(r, ip, sizeof ip);
	bearer = http_bearer(r);
	dispatch_request(h->d, (const char *)evbuffer_pullup(in, -1), evbuffer_get_length(in),
	    ip, bearer, http_done, r);
	free(bearer);
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

/* ---- stopping: no new connections, finish in-flight calls, commit, exit ---- */

static void
http_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct timeval grace = { 0, 100000 };	/* lets the last replies reach the socket */
	struct timeval again = { 0, 10000 };

	(void)fd, (void)what;
	if (dispatch_busy(h->d) > 0) {
		event_add(h->drain_ev, &again);
		return;
	}
	dispatch_flush(h->d);
	event_base_loopexit(h->base, &grace);
}

static void
http_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct http *h = arg;

	(void)what;
	if (h->stopping)
		return;
	h->stopping = true;
	log_info("signal %d: stopping; finishing calls in flight", (int)sig);
	if (h->bound != NULL) {
		evhttp_del_accept_socket(h->evh, h->bound);
		h->bound = NULL;
	}
	event_del(h->tick_ev);
	http_drain_cb(-1, 0, h);
}

static int
http_listen_socket(const struct transport_opts *o)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	char port[16];
	int fd = -1, on = 1, rc;

	snprintf(port, sizeof port, "%d", o->port);
	if ((rc = getaddrinfo(o->host, port, &hints, &res)) != 0) {
		log_error("listen %s:%d: %s", o->host, o->port, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    (o->reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
		log_error("listen %s:%d: %s", o->host, o->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static struct event *
http_event(struct http *h, evutil_socket_t fd, short what, event_callback_fn cb, int prio)
{
	struct event *ev = event_new(h->base, fd, what, cb, h);

	if (ev == NULL) {
		log_error("cannot create an event");
		abort();
	}
	if (prio >= 0)
		event_priority_set(ev, prio);
	return ev;
}

static int
http_setup(struct http *h, struct store *st, const struct transport_opts *o,
    const struct dispatch_opts *dopts, int fd)
{
	struct dispatch_hooks hooks = { http_schedule_flush, h };
	struct timeval tick = { HTTP_TICK_SECONDS, 0 };

	if ((h->base = event_base_new()) == NULL ||
	    event_base_priority_init(h->base, HTTP_PRIORITIES) != 0 ||
	    (h->evh = evhttp_new(h->base)) == NULL)
		return -1;
	evhttp_set_max_body_size(h->evh, (ev_ssize_t)o->max_body);
	evhttp_set_max_headers_size(h->evh, 64 * 1024);
	evhttp_set_timeout(h->evh, o->timeout);
	evhttp_set_allowed_methods(h->evh, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
	    EVHTTP_REQ_PATCH);
	evhttp_set_gencb(h->evh, http_handle, h);
	if ((h->bound = evhttp_accept_socket_with_handle(h->evh, fd)) == NULL)
		return -1;
	h->d = dispatch_new(st, dopts, &hooks);
	h->flush_ev = http_event(h, -1, 0, http_flush_cb, HTTP_PRIO_COMMIT);
	h->pool_ev = http_event(h, dispatch_pool_fd(h->d), EV_READ | EV_PERSIST, http_pool_cb, -1);
	if (dispatch_writer_fd(h->d) >= 0)
		h->writer_ev = http_event(h, dispatch_writer_fd(h->d), EV_READ | EV_PERSIST,
		    http_pool_cb, -1);
	h->tick_ev = http_event(h, -1, EV_PERSIST, http_tick_cb, -1);
	h->drain_ev = http_event(h, -1, 0, http_drain_cb, -1);
	h->sigterm_ev = http_event(h, SIGTERM, EV_SIGNAL | EV_PERSIST, http_signal_cb, 0);
	h->sigint_ev = http_event(h, SIGINT, EV_SIGNAL | EV_PERSIST, http_signal_cb, 0);
	event_add(h->pool_ev, NULL);
	if (h->writer_ev != NULL)
		event_add(h->writer_ev, NULL);
	event_add(h->tick_ev, &tick);
	event_add(h->sigterm_ev, NULL);
	event_add(h->sigint_ev, NULL);
	return 0;
}

static void
http_teardown(struct http *h)
{
	struct event *evs[] = { h->flush_ev, h->pool_ev, h->writer_ev, h->tick_ev, h->drain_ev,
	    h->sigterm_ev, h->sigint_ev };

	if (h->evh != NULL)
		evhttp_free(h->evh);	/* closes connections before dispatch goes */
	dispatch_free(h->d);
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
		if (evs[i] != NULL)
			event_free(evs[i]);
	if (h->base != NULL)
		event_base_free(h->base);
}

int
transport_run(struct store *st, const struct transport_opts *o,
    const struct dispatch_opts *dopts)
{
	struct http h = { 0 };
	int fd, rc = -1;

	signal(SIGPIPE, SIG_IGN);
	if ((fd = http_listen_socket(o)) < 0)
		return -1;
	if (http_setup(&h, st, o, dopts, fd) != 0) {
		log_error("cannot start the HTTP listener");
		if (h.bound == NULL)
			close(fd);
	} else {
		log_info("listening on %s:%d", o->host, o->port);
		rc = event_base_dispatch(h.base) < 0 ? -1 : 0;
	}
	http_teardown(&h);
	return rc;
}
