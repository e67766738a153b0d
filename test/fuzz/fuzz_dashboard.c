/* fuzz_dashboard.c: libFuzzer target for the dashboard record decoder (dashboard_decode) and the grid check, asserting that whatever decodes encodes back to the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct dashboard d;
	struct codec_buf b = { 0 };

	if (dashboard_decode(data, len, &d) != 0)
		return 0;
	dashboard_encode(&d, &b);
	/* a NUL inside a stored string is cut by the decoder: only then may the bytes differ */
	if (b.len > len || (b.len == len && memcmp(b.data, data, len) != 0)) {
		fprintf(stderr, "fuzz_dashboard: re-encoding differs (%zu bytes in, %zu out)\n",
		    len, b.len);
		abort();
	}
	for (size_t i = 0; i < d.np; i++) {
		char *why = dashboard_page_grid_check(&d.p[i], i, d.name);

		if (why != NULL && strstr(why, " of dashboard \"") == NULL)
			abort();
		free(why);
	}
	codec_buf_free(&b);
	dashboard_free(&d);
	return 0;
}
