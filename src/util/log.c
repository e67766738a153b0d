/* log.c: leveled log lines to stderr, one line per event. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tmpld/util.h"

static enum log_level log_current = LOG_INFO;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

void
log_set_level(enum log_level level)
{
	log_current = level;
}

bool
log_enabled(enum log_level level)
{
	return level <= log_current;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char stamp[32], line[2048];
	struct tm tm;
	time_t now;
	va_list ap;

	if (!log_enabled(level))
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s tmpld[%ld] %s: %s\n", stamp, (long)getpid(),
	    log_names[level], line);
}
