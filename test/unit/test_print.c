/* test_print.c: jsonrpc_print writes what cJSON_PrintUnformatted writes, byte for byte, for
 * every kind of node, escapes, numbers and random trees; a kept NUL (C0 80) as "\u0000". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "tmpld/jsonrpc.h"

/* cJSON's text with every C0 80 written as \u0000: what the replies held before. */
static char *
reference(const cJSON *doc)
{
	char *s = cJSON_PrintUnformatted(doc), *out, *o;

	assert_non_null(s);
	out = malloc(strlen(s) * 3 + 1);
	assert_non_null(out);
	o = out;
	for (const char *p = s; *p != '\0'; p++) {
		if ((unsigned char)p[0] == 0xC0 && (unsigned char)p[1] == 0x80) {
			memcpy(o, "\\u0000", 6);
			o += 6;
			p++;
		} else
			*o++ = *p;
	}
	*o = '\0';
	free(s);
	return out;
}

static void
assert_same(const cJSON *doc)
{
	size_t len = 0;
	char *want = reference(doc), *got = jsonrpc_print(doc, &len);

	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
}

static void
print_should_match_cjson_for_each_kind(void **state)
{
	static const char *const texts[] = {
		"null", "true", "false", "0", "-1", "1.5", "1e300", "-0.1", "123456789012345678",
		"2147483647", "2147483648", "-2147483649", "0.1", "3.141592653589793",
		"\"\"", "\"a/b\"", "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"",
		"\"caf\\u00e9 \\u20ac \\ud83d\\ude00\"", "[]", "{}", "[[],{}]",
		"{\"a\":[1,\"x\",null,{\"b\":{}}],\"\\n\":\"k\"}",
		"{\"jsonrpc\":\"2.0\",\"result\":[{\"hostid\":\"10084\",\"name\":\"x\"}],\"id\":1}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cJSON *doc = cJSON_Parse(texts[i]);

		assert_non_null(doc);
		assert_same(doc);
		cJSON_Delete(doc);
	}
}

static void
print_should_write_kept_nuls_and_odd_nodes(void **state)
{
	cJSON *o = cJSON_CreateObject(), *raw = cJSON_CreateRaw("{\"r\":1}");
	size_t len;
	char *got;

	(void)state;
	cJSON_AddStringToObject(o, "nul", "a\xC0\x80" "b\xC0");
	cJSON_AddItemToObject(o, "k\xC0\x80", cJSON_CreateNumber(NAN));
	cJSON_AddItemToObject(o, "inf", cJSON_CreateNumber(INFINITY));
	cJSON_AddItemToObject(o, "raw", raw);
	cJSON_AddItemToObject(o, "ref", cJSON_CreateStringReference("shared"));
	assert_same(o);
	got = jsonrpc_print(o, &len);
	assert_string_equal(got, "{\"nul\":\"a\\u0000b\xC0\",\"k\\u0000\":null,\"inf\":null,"
	    "\"raw\":{\"r\":1},\"ref\":\"shared\"}");
	free(got);
	cJSON_Delete(o);
}

/* Whole numbers are written without cJSON's printer: the same digits at every edge of that
 * shortcut (int range, 15 and 16 digits, 2^53, negative zero) and off it. */
static void
print_should_match_cjson_for_whole_numbers_at_every_edge(void **state)
{
	static const double nums[] = { 0, -0.0, 1, -1, 9, 10, 99, 100, 2147483647.0,
		2147483648.0, -2147483648.0, -2147483649.0, 4294967296.0, 999999999999999.0,
		1000000000000000.0, -999999999999999.0, 1234567890123456.0, 9007199254740991.0,
		-9007199254740991.0, 9007199254740992.0, -9007199254740992.0, 9007199254740994.0,
		1e17, 1e21, -1e300, 0.5, -0.5, 1e-300, 4503599627370495.5 };

	(void)state;
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		cJSON *doc = cJSON_CreateArray();

		cJSON_AddItemToArray(doc, cJSON_CreateNumber(nums[i]));
		cJSON_AddItemToArray(doc, cJSON_CreateNumber(nums[i] + 1));
		cJSON_AddItemToArray(doc, cJSON_CreateNumber(nums[i] - 1));
		assert_same(doc);
		cJSON_Delete(doc);
	}
	for (long long n = -100000; n <= 100000; n += 7) {	/* every length of a small one */
		cJSON *doc = cJSON_CreateNumber((double)(n * n * (n % 2 ? -1 : 1)));

		assert_same(doc);
		cJSON_Delete(doc);
	}
}

static unsigned rnd_state = 12345;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static char *
rnd_text(char *buf, size_t cap)
{
	static const unsigned char pool[] = { 'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', 1,
		0x1f, 0x7f, 0xC0, 0x80, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, '{', ':' };
	size_t n = rnd(12);

	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)pool[rnd(sizeof pool)];
	buf[n] = '\0';
	return buf;
}

static cJSON *
rnd_tree(int depth)
{
	static const double nums[] = { 0, 1, -1, 0.5, 1e-7, 1e21, 123456.789, 2147483647.0,
		-2147483648.0, 4294967296.0, 1.0 / 3, 9007199254740993.0 };
	char buf[16];
	unsigned kind = rnd(depth > 3 ? 6 : 8);
	cJSON *v;

	switch (kind) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateBool(rnd(2));
	case 2: return cJSON_CreateNumber(nums[rnd(sizeof nums / sizeof nums[0])]);
	case 3: case 4: case 5: return cJSON_CreateString(rnd_text(buf, sizeof buf));
	case 6:
		v = cJSON_CreateArray();
		for (unsigned i = rnd(5); i > 0; i--)
			cJSON_AddItemToArray(v, rnd_tree(depth + 1));
		return v;
	default:
		v = cJSON_CreateObject();
		for (unsigned i = rnd(5); i > 0; i--)
			cJSON_AddItemToObject(v, rnd_text(buf, sizeof buf), rnd_tree(depth + 1));
		return v;
	}
}

static void
print_should_match_cjson_for_random_trees(void **state)
{
	(void)state;
	for (int i = 0; i < 3000; i++) {
		cJSON *doc = rnd_tree(0);

		assert_same(doc);
		cJSON_Delete(doc);
	}
}

/* Strings long enough for the eight-byte runs, with one special byte (or a kept NUL, C0 80)
 * at every position, so that it falls at each place in a run and across two runs; each as
 * a value and as a key. */
static void
print_should_match_cjson_for_long_strings_with_one_special_anywhere(void **state)
{
	static const char *const specials[] = { "\"", "\\", "\n", "\x01", "\x1f", "\x7f",
		"\x80", "\xC0", "\xC0\x80", "\xC3\xA9", "\xE2\x82\xAC", "/" };
	char text[64];

	(void)state;
	for (size_t len = 0; len <= 40; len++)
		for (size_t at = 0; at <= len; at++)
			for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
				cJSON *o = cJSON_CreateObject();
				size_t sl = strlen(specials[k]);

				memset(text, 'a' + (int)(len % 26), len);
				memcpy(text + at, specials[k], sl);
				text[len > at + sl ? len : at + sl] = '\0';
				cJSON_AddStringToObject(o, text, text);
				cJSON_AddStringToObject(o, "plain", text + (at < len ? at : 0));
				assert_same(o);
				cJSON_Delete(o);
			}
}

static void
print_should_grow_past_its_first_buffer(void **state)
{
	cJSON *a = cJSON_CreateArray();
	char s[100];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		snprintf(s, sizeof s, "item %d with \"quotes\" and \\ back", i);
		cJSON_AddItemToArray(a, cJSON_CreateString(s));
	}
	assert_same(a);
	cJSON_Delete(a);
}

/* jsonw_member_str, and jsonw_member_keyed with the key made by jsonw_key_text, write what
 * jsonw_key_plain then jsonw_str write: values short and long (the seven, eight and nine
 * bytes around their short path), with specials, NULL, and as the first member and a later
 * one, under keys short and of the longest size kept; many, so the buffer grows under all. */
static void
member_str_should_match_key_then_value(void **state)
{
	static const char *const values[] = { "", "0", "1234567", "12345678", "123456789",
		"a\"b", "\x01", "abcdefg\n", "\xC0\x80", "caf\xC3\xA9", "a/b", NULL,
		"a longer description with \"quotes\" in it" };
	static const char *const keys[] = { "name", "a_rather_long_field_name",
		"a_name_of_twenty_eight_bytes", "a_name_of_twenty_nine_bytes_x" };
	char text[JSONW_KEY_MAX];
	struct jsonw a, b, c;
	char *ta, *tb, *tc;

	(void)state;
	assert_int_equal(jsonw_key_text(text, keys[2], strlen(keys[2])), 32);
	assert_memory_equal(text, "\"a_name_of_twenty_eight_bytes\":\"", 32);
	assert_int_equal(jsonw_key_text(text, keys[3], strlen(keys[3])), 0);	/* too long */
	jsonw_init(&a, 16);
	jsonw_init(&b, 16);
	jsonw_init(&c, 16);
	jsonw_open(&a, '{');
	jsonw_open(&b, '{');
	jsonw_open(&c, '{');
	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
			const char *key = keys[round % 3];
			size_t klen = jsonw_key_text(text, key, strlen(key));

			jsonw_key_plain(&a, key, strlen(key));
			jsonw_str(&a, values[i]);
			jsonw_member_str(&b, key, strlen(key), values[i]);
			assert_int_equal(klen, strlen(key) + 4);
			jsonw_member_keyed(&c, text, klen, values[i]);
			assert_int_equal(a.len, b.len);
			assert_int_equal(a.len, c.len);
		}
	jsonw_close(&a, '}');
	jsonw_close(&b, '}');
	jsonw_close(&c, '}');
	ta = jsonw_take(&a, NULL);
	tb = jsonw_take(&b, NULL);
	tc = jsonw_take(&c, NULL);
	assert_string_equal(ta, tb);
	assert_string_equal(ta, tc);
	assert_non_null(strstr(ta, "\"name\":\"123456789\",\"name\":\"a\\\"b\""));
	free(ta);
	free(tb);
	free(tc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(print_should_match_cjson_for_each_kind),
		cmocka_unit_test(print_should_write_kept_nuls_and_odd_nodes),
		cmocka_unit_test(print_should_match_cjson_for_whole_numbers_at_every_edge),
		cmocka_unit_test(print_should_match_cjson_for_random_trees),
		cmocka_unit_test(print_should_match_cjson_for_long_strings_with_one_special_anywhere),
		cmocka_unit_test(print_should_grow_past_its_first_buffer),
		cmocka_unit_test(member_str_should_match_key_then_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
