/* test_log.c: log lines escape what could forge or garble a line; cuts keep whole characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "tmpld/util.h"

static void
assert_escaped(const char *in, const char *want)
{
	char out[256];
	size_t n = log_escape(out, sizeof out, in);

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void
escape_should_write_controls_as_hex(void **state)
{
	(void)state;
	assert_escaped("a\nb", "a\\x0ab");
	assert_escaped("a\r\nb", "a\\x0d\\x0ab");
	assert_escaped("\x1b[31mred\x7f", "\\x1b[31mred\\x7f");
	assert_escaped("\t\x01\x1f", "\\x09\\x01\\x1f");
	assert_escaped("back\\slash", "back\\\\slash");	/* so \x0a in the text stays apart */
	assert_escaped("plain text: 'ok' \"ok\" ~", "plain text: 'ok' \"ok\" ~");
	assert_escaped("", "");
}

static void
escape_should_keep_utf8_but_not_its_controls(void **state)
{
	(void)state;
	assert_escaped("h\xc3\xa9t\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80",
	    "h\xc3\xa9t\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80");
	assert_escaped("\xc2\x85x", "\\xc2\\x85x");			/* U+0085, NEL */
	assert_escaped("a\xe2\x80\xa8" "b", "a\\xe2\\x80\\xa8b");	/* U+2028 */
	assert_escaped("\xff\xfe", "\\xff\\xfe");			/* not UTF-8 */
	assert_escaped("\xc0\x8a", "\\xc0\\x8a");			/* overlong newline */
	assert_escaped("\xed\xa0\x80", "\\xed\\xa0\\x80");		/* a surrogate */
	assert_escaped("\xe6\x97", "\\xe6\\x97");			/* cut sequence */
}

static void
escape_should_cut_whole_characters(void **state)
{
	char out[12];

	(void)state;
	assert_int_equal(log_escape(out, sizeof out, "0123456789abcdef"), 11);
	assert_string_equal(out, "01234567...");
	assert_int_equal(log_escape(out, sizeof out, "ab\n\n\n"), 9);
	assert_string_equal(out, "ab\\x0a...");
	assert_int_equal(log_escape(out, 4, "abcdef"), 3);
	assert_string_equal(out, "...");
	assert_int_equal(log_escape(out, 2, "abcdef"), 0);
	assert_string_equal(out, "");
	/* 4 * strlen + 1 always holds the whole text */
	assert_int_equal(log_escape(out, 9, "\n\n"), 8);
	assert_string_equal(out, "\\x0a\\x0a");
}

/* log_msg through a pipe in place of stderr: one line, the message escaped. */
static void
msg_should_be_one_line(void **state)
{
	int fds[2], saved;
	char buf[512];
	ssize_t n;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
	log_set_level(LOG_INFO);
	log_info("127.0.0.1 %s error %d", "a\nb\r\x1b", -32601);
	log_debug("not written at level info");
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf - 1);
	close(fds[0]);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, " info: 127.0.0.1 a\\x0ab\\x0d\\x1b error -32601\n"));
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);	/* exactly one line */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_should_write_controls_as_hex),
		cmocka_unit_test(escape_should_keep_utf8_but_not_its_controls),
		cmocka_unit_test(escape_should_cut_whole_characters),
		cmocka_unit_test(msg_should_be_one_line),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
