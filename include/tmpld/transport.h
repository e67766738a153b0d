/* transport.h: the HTTP listener (libevent evhttp): routes, limits, and one reply per request. */
#ifndef TMPLD_TRANSPORT_H
#define TMPLD_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct dispatch_opts;

struct transport_opts {
	const char	*host;
	int		 port;
	size_t		 max_body;	/* bytes; larger bodies get HTTP 413 */
	int		 timeout;	/* seconds: read and write timeout per connection */
	bool		 reuseport;	/* several workers share the port */
};

/* Serves until SIGTERM or SIGINT, then drains in-flight calls and commits.
 * Returns 0 on a clean stop, -1 if the listener cannot start. */
int	transport_run(struct store *, const struct transport_opts *,
	    const struct dispatch_opts *);

#endif
