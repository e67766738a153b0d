/* fuzz_graph_decode.c: libFuzzer target for the graph record decoder (graph_decode): any bytes
 * decode or are refused without a leak or an overrun, and a record that decodes encodes back to
 * the same bytes (its texts never NULL). */
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
	struct graph g, again;
	struct codec_buf b = { 0 };

	if (graph_decode(data, len, &g) != 0)
		return 0;
	for (int i = 0; i < GRAPH_F__COUNT; i++)
		if (g.f[i] == NULL)
			abort();
	graph_encode(&g, &b);
	if (graph_decode(b.data, b.len, &again) != 0 || !graph_equal(&g, &again)) {
		fprintf(stderr, "fuzz_graph_decode: a decoded record does not read back\n");
		abort();
	}
	codec_buf_free(&b);
	graph_free(&g);
	graph_free(&again);
	return 0;
}
