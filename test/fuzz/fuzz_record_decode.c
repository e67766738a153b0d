/* fuzz_record_decode.c: libFuzzer target for the item and trigger record decoders, whole and
 * fields only (item_decode, item_decode_fields, trigger_decode, trigger_decode_fields): any
 * bytes decode or are refused without a leak or an overrun; a record that decodes whole also
 * decodes fields only, with the same ids and fields; and it encodes to bytes that decode to
 * the same ids and fields again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpld/model.h"
#include "tmpld/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_record_decode: %s\n", what);
	abort();
}

/* The ids and the fields (n texts, never NULL) of two records are the same. */
static void
same_fields(uint64_t id1, uint64_t id2, uint64_t tpl1, uint64_t tpl2, char *const *f1,
    char *const *f2, size_t n, const char *what)
{
	if (id1 != id2 || tpl1 != tpl2)
		fail(what);
	for (size_t i = 0; i < n; i++)
		if ((f1[i] == NULL) != (f2[i] == NULL) || (f1[i] != NULL && strcmp(f1[i], f2[i]) != 0))
			fail(what);
}

static void
items(const uint8_t *data, size_t len)
{
	struct item whole, fields, again;
	struct codec_buf b = { 0 };

	if (item_decode(data, len, &whole) != 0)
		return;
	if (item_decode_fields(data, len, &fields) != 0)
		fail("an item that decodes whole does not decode fields only");
	same_fields(whole.itemid, fields.itemid, whole.templateid, fields.templateid, whole.f,
	    fields.f, ITEM_F__COUNT, "an item's fields differ between its two reads");
	if (fields.tags.n != 0)
		fail("an item read fields only has tags");
	item_encode(&whole, &b);
	if (item_decode(b.data, b.len, &again) != 0)
		fail("an encoded item does not decode");
	same_fields(whole.itemid, again.itemid, whole.templateid, again.templateid, whole.f,
	    again.f, ITEM_F__COUNT, "an item does not read back");
	codec_buf_free(&b);
	item_free(&whole);
	item_free(&fields);
	item_free(&again);
}

static void
triggers(const uint8_t *data, size_t len)
{
	struct trigger whole, fields, again;
	struct codec_buf b = { 0 };

	if (trigger_decode(data, len, &whole) != 0)
		return;
	for (int i = 0; i < TRIGGER_F__COUNT; i++)
		if (whole.f[i] == NULL)
			fail("a decoded trigger has a NULL field");
	if (trigger_decode_fields(data, len, &fields) != 0)
		fail("a trigger that decodes whole does not decode fields only");
	same_fields(whole.triggerid, fields.triggerid, whole.templateid, fields.templateid,
	    whole.f, fields.f, TRIGGER_F__COUNT, "a trigger's fields differ between its two reads");
	if (fields.nfn != 0 || fields.deps.n != 0 || fields.tags.n != 0)
		fail("a trigger read fields only has functions, dependencies or tags");
	trigger_encode(&whole, &b);
	if (trigger_decode(b.data, b.len, &again) != 0)
		fail("an encoded trigger does not decode");
	same_fields(whole.triggerid, again.triggerid, whole.templateid, again.templateid, whole.f,
	    again.f, TRIGGER_F__COUNT, "a trigger does not read back");
	if (again.nfn != whole.nfn || again.deps.n != whole.deps.n || again.tags.n != whole.tags.n)
		fail("a trigger's functions, dependencies or tags do not read back");
	codec_buf_free(&b);
	trigger_free(&whole);
	trigger_free(&fields);
	trigger_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct item it;
	struct trigger t;

	items(data, len);
	triggers(data, len);
	/* a record that decodes fields only but not whole is still freed whole */
	if (item_decode_fields(data, len, &it) == 0)
		item_free(&it);
	if (trigger_decode_fields(data, len, &t) == 0)
		trigger_free(&t);
	return 0;
}
