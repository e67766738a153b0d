/* transport.h: the HTTP listener (libevent evhttp): routes, limits, and one reply per request. */
#ifndef TMPLD_TRANSPORT_H
#define TMPLD_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct dispatch_opts;

/* Descriptors a process needs besides its client connections (stdio, the store, the listening
 * socket, the event loop's own, the thread pools' wake-ups), with room to spare. */
#define TRANSPORT_FD_RESERVE	32

struct transport_opts {
	const char	*host;		/* numeric address or name to listen on; not copied */
	int		 port;
	size_t		 max_body;	/* bytes; larger bodies get HTTP 413 */
	int		 timeout;	/* seconds: idle and write timeout of a connection, and
					 * the time a request has from its first byte to its
					 * last (headers and body) */
	size_t		 max_connections; /* client connections open at once (>= 1); more
					 * wait in the listen queue until one closes */
	bool		 reuseport;	/* several workers share the port */
	/* GET /metrics (metrics.h): with metrics_host NULL it is a route of the API listener;
	 * else it is served only on a listener of its own at metrics_host:metrics_port (no
	 * other route there; shared by the workers like the API port) */
	const char	*metrics_host;	/* not copied */
	int		 metrics_port;
	/* SIGHUP: called on the event loop (between requests) to apply a new configuration;
	 * NULL: SIGHUP is only logged */
	void		(*reload)(void *);
	void		*reload_arg;
};

/* Serves until SIGTERM or SIGINT, then stops: closes the listening socket, closes the
 * connections that have no request in dispatch, answers the requests in dispatch (with
 * "Connection: close"), and returns once no call and no connection is left. SIGHUP calls
 * o->reload. SIGTERM, SIGINT and SIGHUP are unblocked in the calling thread once their
 * handlers are in place (a worker process may start with them blocked). Once the listener
 * is up it tells a service manager so ("READY=1" to $NOTIFY_SOCKET, sdnotify_send). st must stay open until it returns. Returns 0 on a
 * clean stop, -1 if the listener cannot start or the event loop fails (logged).
 * @param[in] st     borrowed; the dispatch made here runs every call on it
 * @param[in] o      borrowed for the whole run (o->host is not copied)
 * @param[in] dopts  copied into the dispatch
 * One transport_run per process at a time (the signal handlers find it through a static);
 * it ignores SIGPIPE for the whole process and runs the event loop on the calling thread. */
int	transport_run(struct store *st, const struct transport_opts *o,
	    const struct dispatch_opts *dopts);

#endif
