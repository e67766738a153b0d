/* sdnotify.c: the service manager's readiness protocol (sd_notify) by hand: one datagram to $NOTIFY_SOCKET. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tmpld/util.h"

int
sdnotify_send(const char *state)
{
	const char *name = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	socklen_t len;
	ssize_t sent;
	int fd, saved;

	if (name == NULL || name[0] == '\0')
		return 0;
	n = strlen(name);
	if ((name[0] != '/' && name[0] != '@') || n >= sizeof sa.sun_path) {
		errno = EINVAL;
		return -1;
	}
	memcpy(sa.sun_path, name, n);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';		/* an abstract name: no terminating NUL */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '/'));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
	saved = errno;
	close(fd);
	errno = saved;
	return sent < 0 ? -1 : 1;
}
