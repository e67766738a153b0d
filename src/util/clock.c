/* clock.c: wall and monotonic clocks (with a test override) and kernel randomness. */
#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "tmpld/util.h"

static uint64_t clock_fixed;

void
util_clock_override(uint64_t now)
{
	clock_fixed = now;
}

uint64_t
util_now(void)
{
	if (clock_fixed != 0)
		return clock_fixed;
	return (uint64_t)time(NULL);
}

uint64_t
util_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int
util_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t got;

	while (n > 0) {
		got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}
