#!/usr/bin/env python3
# test_envelope.py: the JSON-RPC envelope and hostile inputs, against the real tmpld binary.
#
# Exercises (after every hostile input the server must still answer apiinfo.version):
#   - apiinfo.version basics, id echo (string, negative, float), unknown API/method (-32601);
#   - invalid JSON: truncated, garbage, empty body, trailing garbage, NaN -> -32700, id null;
#   - control bytes other than space/tab/LF/CR between tokens, raw control chars in strings
#     -> -32700 (JSON grammar; Zabbix's json_decode refuses them);
#   - invalid UTF-8 bytes inside strings (id, method, params) -> -32700;
#   - 100k-deep nesting of [ and { (balanced, unbalanced, inside params) -> -32700, no crash;
#   - huge ids: 1e400, -1e400, a 5000-digit integer, a 1 MB string id (answered, valid JSON);
#   - body over --max-body (server started with --max-body 65536): HTTP 413, incl. a declared
#     Content-Length and a chunked body; a body just under the limit still works;
#   - wrong types / values in every envelope member (jsonrpc, method, params, auth, id) and
#     missing members: -32600 with Zabbix's exact data text; unexpected members;
#   - top-level scalars, [] and {}: -32600 "not a valid JSON-RPC request";
#   - batches: 10k apiinfo.version entries (10k answers, in order, ids matching), batch over
#     --max-batch (started with --max-batch 100) -> one -32600 error, id null; exactly 100 is fine;
#     non-object and nested-array entries; only notifications -> empty body;
#   - Content-Type rules (412 empty body), OPTIONS -> 200 empty, GET -> -32700 (412 without
#     a JSON Content-Type),
#     alias /jsonrpc, unknown path -> 404, keep-alive reuse of one connection;
#   - 200 concurrent sockets that connect idle / send half requests / trickle slowly / reset,
#     then the server still answers (and the slow senders get correct answers);
#   - SIGTERM of each server exits 0.
# Usage: test_envelope.py [BIN]   (BIN defaults to $TMPLD_BIN, else the repo's build/tmpld)

import os
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True   # keep test/e2e free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import OMIT, expect_eq, expect_error, expect_result  # noqa: E402

T = e2e.Tests()
PARSE_DATA = "Invalid JSON. An error occurred on the server while parsing the JSON text."
NOT_RPC = "The received JSON is not a valid JSON-RPC request."

srv = e2e.Shared(T).srv   # default limits
limited = e2e.Shared(T, ["--max-body", "65536", "--max-batch", "100"], name="limited").srv


def post(body, s=None, headers=None):
    """POST raw bytes; assert HTTP 200 + application/json; return parsed JSON (or None)."""
    s = s or srv()
    status, ctype, data = s.raw_post(body, headers)
    return e2e.check_rpc_http(status, ctype, data)


def expect_parse_error(body, what):
    r = post(body)
    expect_error(r, -32700, PARSE_DATA, id=None, what=what)
    expect_eq(list(r.keys()), ["jsonrpc", "error", "id"], what + " member order")
    srv().alive()


def expect_parse_errors(cases):
    """expect_parse_error for each {what: body}; report every failing case at once."""
    failures = []
    for what, body in cases.items():
        try:
            expect_parse_error(body, what)
        except AssertionError as e:
            failures.append(str(e))
    if failures:
        raise AssertionError("%d of %d cases: %s" % (len(failures), len(cases),
                                                     " | ".join(failures)))


VALID = b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}'


# --------------------------------------------------------------------------- basics
@T.test
def apiinfo_version_answers():
    r = srv().call("apiinfo.version", {}, id=1)
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": 1})
    expect_eq(list(r.keys()), ["jsonrpc", "result", "id"], "member order")
    r = srv().call("apiinfo.version", [], id=2)
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": 2})
    r = srv().call("apiinfo.version", {"x": 1}, id=3)
    expect_error(r, -32602, 'Invalid parameter "/": should be empty.', id=3)


@T.test
def id_is_echoed_as_sent():
    for i in ["abc", "", -5, 0, 1.5, -2.25, 12345678, "\u00e9\u4e2d\U0001f600"]:
        r = srv().call("apiinfo.version", {}, id=i)
        expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": i}, "id %r" % (i,))


@T.test
def unknown_api_and_method():
    r = srv().call("foo.get", {}, id=1)
    expect_error(r, -32601, 'Incorrect API "foo".', id=1)
    r = srv().call("apiinfo.fly", {}, id=2)
    expect_error(r, -32601, 'Incorrect method "apiinfo.fly".', id=2)
    r = srv().call("apiinfo", {}, id=3)
    expect_error(r, -32601, 'Incorrect method "apiinfo.".', id=3)
    r = srv().call("user", {}, id=3)
    expect_error(r, -32601, 'Incorrect method "user.".', id=3)
    r = srv().call("foo", {}, id=3)
    expect_error(r, -32601, 'Incorrect API "foo".', id=3)
    r = srv().call("APIInfo.Version", {}, id=4)
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": 4}, "mixed-case method")


# --------------------------------------------------------------------------- invalid JSON
@T.test
def invalid_json_parse_error():
    cases = {
        "truncated": VALID[:-1],
        "truncated mid-string": b'{"jsonrpc":"2.0","method":"apiinfo.ver',
        "garbage": b"this is not json",
        "empty body": b"",
        "only whitespace": b"  \r\n\t ",
        "trailing garbage": VALID + b" xyz",
        "two documents": VALID + VALID,
        "single quotes": b"{'jsonrpc':'2.0'}",
        "NaN id": b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":NaN}',
        "trailing comma": b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1,}',
        "unterminated array": b"[",
        "bad escape": b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":"\\x41"}',
    }
    expect_parse_errors(cases)


@T.test
def control_bytes_are_not_json():
    cases = {
        # JSON whitespace is only space, tab, LF and CR; other control bytes between tokens
        # make the text invalid (as for Zabbix's PHP json_decode)
        "NUL between tokens": b'{"jsonrpc":"2.0",\x00"method":"apiinfo.version","params":{},'
                              b'"id":1}',
        "form feed between tokens": b'{"jsonrpc":"2.0",\x0c"method":"apiinfo.version",'
                                    b'"params":{},"id":1}',
        "vertical tab between tokens": b'{"jsonrpc":"2.0",\x0b"method":"apiinfo.version",'
                                       b'"params":{},"id":1}',
        "0x01 between tokens": b'{"jsonrpc":"2.0",\x01"method":"apiinfo.version","params":{},'
                               b'"id":1}',
        "trailing NUL": VALID + b"\x00",
        "control char in string": b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},'
                                  b'"id":"a\x01b"}',
    }
    expect_parse_errors(cases)


@T.test
def invalid_utf8_in_strings_parse_error():
    bad = {
        "lone 0xff": b"\xff",
        "lone continuation": b"\x80",
        "truncated 2-byte": b"\xc3",
        "overlong slash": b"\xc0\xaf",
        "overlong 3-byte": b"\xe0\x80\xaf",
        "utf-8 encoded surrogate": b"\xed\xa0\x80",
        "above U+10FFFF": b"\xf4\x90\x80\x80",
        "truncated 4-byte": b"\xf0\x9f\x98",
    }
    cases = {"id with " + what: b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},'
             b'"id":"a' + seq + b'z"}' for what, seq in bad.items()}
    cases["method with 0xff"] = (b'{"jsonrpc":"2.0","method":"apiinfo.vers\xffion","params":{},'
                                 b'"id":1}')
    cases["params key with 0xfe"] = (b'{"jsonrpc":"2.0","method":"apiinfo.version",'
                                     b'"params":{"k\xfe":1},"id":1}')
    expect_parse_errors(cases)
    # valid multi-byte UTF-8 still works
    r = post('{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":"\u00e9\U0001f600"}'
             .encode("utf-8"))
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": "\u00e9\U0001f600"})


@T.test
def lone_surrogate_escape_answered():
    # "\ud800" is invalid UTF-16; we only require a well-formed answer and a live server.
    r = post(b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":"\\ud800"}')
    if not isinstance(r, dict) or ("error" not in r and "result" not in r):
        raise AssertionError("no JSON-RPC answer: %s" % e2e.short(r))
    srv().alive()


@T.test
def deep_nesting_100k():
    n = 100000
    expect_parse_errors({
        "100k balanced [": b"[" * n + b"]" * n,
        "100k balanced {": b'{"a":' * n + b"1" + b"}" * n,
        "100k unbalanced [": b"[" * n,
        "100k unbalanced {": b"{" * n,
        "100k alternating": b'[{"a":' * (n // 2) + b"1" + b"}]" * (n // 2),
        "100k nesting inside params": b'{"jsonrpc":"2.0","method":"apiinfo.version","id":1,'
                                      b'"params":' + b"[" * n + b"]" * n + b"}",
    })


# --------------------------------------------------------------------------- huge ids
def _answer_with_numeric_id(body, what):
    r = post(body)
    if not isinstance(r, dict) or r.get("result") != "6.0.14" or r.get("jsonrpc") != "2.0":
        raise AssertionError("%s: expected result 6.0.14, got %s" % (what, e2e.short(r)))
    if "id" not in r:
        raise AssertionError("%s: id member missing" % what)
    if r["id"] is not None and (isinstance(r["id"], bool)
                                or not isinstance(r["id"], (int, float))):
        raise AssertionError("%s: id echoed as %s, expected a number" % (what, e2e.short(r["id"])))
    srv().alive()
    return r["id"]


@T.test
def huge_numeric_ids():
    head = b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":'
    _answer_with_numeric_id(head + b"1e400}", "id 1e400")
    _answer_with_numeric_id(head + b"-1e400}", "id -1e400")
    _answer_with_numeric_id(head + b"1e-400}", "id 1e-400")
    digits = b"9" * 5000
    _answer_with_numeric_id(head + digits + b"}", "id 5000-digit integer")
    _answer_with_numeric_id(head + b"-" + digits + b"}", "id -5000-digit integer")
    _answer_with_numeric_id(head + b"1" + b"0" * 5000 + b".5e-4990}", "id long float")


@T.test
def huge_string_id_1mb():
    big = "x" * (1 << 20)
    r = srv().call("apiinfo.version", {}, id=big)
    if not isinstance(r, dict) or r.get("result") != "6.0.14":
        raise AssertionError("1 MB string id: expected result, got %s" % e2e.short(r))
    if r.get("id") != big:
        raise AssertionError("1 MB string id not echoed exactly (got %s)" % e2e.short(r.get("id")))
    big2 = "\u00e9\"\\\n" * (1 << 16)   # escapes and multi-byte characters
    r = srv().call("apiinfo.version", {}, id=big2)
    expect_eq(r.get("id"), big2, "escaped string id")
    srv().alive()


# --------------------------------------------------------------------------- body limit
def post_oversized(port, body, extra_head=b"", chunked=False):
    """Send a POST whose body is too big, interleaving sends with reads so that an early
    answer (the server may reply 413 and close before reading the body) is not lost to a
    connection reset. Returns the bytes received (status line first), possibly b""."""
    head = (b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json-rpc\r\n" + extra_head)
    if chunked:
        head += b"Transfer-Encoding: chunked\r\n\r\n"
        pieces = [b"%x\r\n%s\r\n" % (len(body[i:i + 4096]), body[i:i + 4096])
                  for i in range(0, len(body), 4096)] + [b"0\r\n\r\n"]
    else:
        head += b"Content-Length: %d\r\n\r\n" % len(body)
        pieces = [body[i:i + 16384] for i in range(0, len(body), 16384)]
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    data = b""
    try:
        sock.sendall(head)
        for piece in [b""] + pieces:
            try:
                if piece:
                    sock.sendall(piece)
            except OSError:
                break
            sock.settimeout(0.02 if piece else 0.1)
            try:
                got = sock.recv(65536)
                if got:
                    data += got
                    break
                break   # closed by the server
            except socket.timeout:
                continue
            except OSError:
                break
        data = _read_some(sock, 5.0, data)
    finally:
        sock.close()
    return data


def expect_413(data, what):
    if not (data.startswith(b"HTTP/1.1 413") or data.startswith(b"HTTP/1.0 413")):
        raise AssertionError("%s: expected an HTTP 413 status line, got %r" % (what, data[:80]))


@T.test
def oversized_body_413():
    s = limited()
    data = post_oversized(s.port, VALID[:-1] + b" " * 70000 + b"}")
    expect_413(data, "70 kB body with --max-body 65536")
    s.alive()
    data = post_oversized(s.port, b'{"jsonrpc":"2.0","method":"apiinfo.version","params":{},'
                          b'"id":"' + b"y" * (2 << 20) + b'"}')
    expect_413(data, "2 MB body")
    s.alive()
    # just under the limit: a normal answer
    idv = "z" * 60000
    r = s.call("apiinfo.version", {}, id=idv)
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": idv}, "60 kB request")
    s.alive()


@T.test
def oversized_declared_length_413():
    s = limited()
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    try:
        sock.sendall(b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json-rpc\r\nContent-Length: 1000000000\r\n\r\n"
                     + VALID)
        data = _read_some(sock, 5.0)
    finally:
        sock.close()
    expect_413(data, "declared Content-Length 1e9")
    s.alive()


@T.test
def oversized_chunked_body_413():
    s = limited()
    data = post_oversized(s.port, VALID[:-1] + b" " * 160000 + b"}", chunked=True)
    expect_413(data, "160 kB chunked body")
    s.alive()
    # a small chunked body is fine
    data = post_oversized(s.port, VALID, chunked=True)
    if not data.startswith(b"HTTP/1.1 200") or b"6.0.14" not in data:
        raise AssertionError("small chunked request: unexpected answer %r" % data[:200])
    s.alive()


def _read_some(sock, timeout, data=b""):
    """Read from sock until the peer closes, a full HTTP head (plus what follows within
    0.2 s) arrives, or timeout. data: bytes already received."""
    sock.settimeout(0.2)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(data) < 65536:
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            if b"\r\n\r\n" in data:
                break
            continue
        except ConnectionError:
            break
        if not chunk:
            break
        data += chunk
    return data


# --------------------------------------------------------------------------- envelope members
def _env_case(req, code, data, echo_id, what):
    r = srv().request(req)
    expect_error(r, code, data, id=echo_id, what=what)


@T.test
def envelope_jsonrpc_member():
    p = 'Invalid parameter "/jsonrpc": '
    base = {"method": "apiinfo.version", "params": {}, "id": 7}
    _env_case(base, -32600, 'Invalid parameter "/": the parameter "jsonrpc" is missing.', 7,
              "missing jsonrpc")
    for v in [2.0, 2, None, True, [], ["2.0"], {}, {"v": "2.0"}]:
        _env_case(dict(base, jsonrpc=v), -32600, p + "a character string is expected.", 7,
                  "jsonrpc=%r" % (v,))
    for v in ["1.0", "", "2.0 ", "2", "2.00"]:
        _env_case(dict(base, jsonrpc=v), -32600, p + 'value must be "2.0".', 7,
                  "jsonrpc=%r" % (v,))
    srv().alive()


@T.test
def envelope_method_member():
    p = 'Invalid parameter "/method": '
    base = {"jsonrpc": "2.0", "params": {}, "id": 8}
    _env_case(base, -32600, 'Invalid parameter "/": the parameter "method" is missing.', 8,
              "missing method")
    for v in [42, 1.5, None, True, False, [], ["apiinfo.version"], {}, {"a": 1}]:
        _env_case(dict(base, method=v), -32600, p + "a character string is expected.", 8,
                  "method=%r" % (v,))
    srv().alive()


@T.test
def envelope_params_member():
    p = 'Invalid parameter "/params": '
    base = {"jsonrpc": "2.0", "method": "apiinfo.version", "id": 9}
    _env_case(base, -32600, 'Invalid parameter "/": the parameter "params" is missing.', 9,
              "missing params")
    for v in ["x", "", 1, 0, 1.5, True, False, None]:
        _env_case(dict(base, params=v), -32600, p + "an array or object is expected.", 9,
                  "params=%r" % (v,))
    srv().alive()


@T.test
def envelope_auth_member():
    p = 'Invalid parameter "/auth": '
    base = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 10}
    for v in [12345, 1.5, True, False, [], ["x"], {}, {"a": "b"}]:
        _env_case(dict(base, auth=v), -32600, p + "a character string is expected.", 10,
                  "auth=%r" % (v,))
    _env_case(dict(base, auth=""), -32600, p + "cannot be empty.", 10, 'auth=""')
    srv().alive()


@T.test
def envelope_id_member():
    base = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}}
    msg = 'Invalid parameter "/id": a string, number or null value is expected.'
    for v in [{}, {"a": 1}, True, False, [], [1], ["x"]]:
        _env_case(dict(base, id=v), -32600, msg, None, "id=%r" % (v,))
    srv().alive()


@T.test
def envelope_unexpected_member():
    base = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": 11}
    for k in ["extra", "foo", "Auth", "ID", "result"]:
        _env_case(dict(base, **{k: 1}), -32600,
                  'Invalid parameter "/": unexpected parameter "%s".' % k, 11, "member %s" % k)
    srv().alive()


@T.test
def envelope_error_for_notification_still_answered():
    r = srv().request({"jsonrpc": "1.0", "method": "apiinfo.version", "params": {}})
    expect_error(r, -32600, 'Invalid parameter "/jsonrpc": value must be "2.0".', id=None)
    r = srv().request({"jsonrpc": "2.0", "method": "apiinfo.version", "params": {"x": 1}})
    expect_eq(r, None, "failing (non-envelope) notification gets an empty body")
    r = srv().request({"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}})
    expect_eq(r, None, "notification gets an empty body")


@T.test
def top_level_not_a_request():
    for body in [b"[]", b"{}", b"123", b'"hello"', b"null", b"true", b"  [ ]  "]:
        r = post(body)
        expect_error(r, -32600, NOT_RPC, id=None, what="body %r" % body)
    srv().alive()


# --------------------------------------------------------------------------- batches
@T.test
def batch_10k_in_order():
    n = 10000
    batch = [{"jsonrpc": "2.0", "method": "apiinfo.version", "params": {},
              "id": (i if i % 2 == 0 else "s%d" % i)} for i in range(n)]
    r = srv().request(batch, timeout=60)
    if not isinstance(r, list):
        raise AssertionError("expected an array of answers, got %s" % e2e.short(r))
    expect_eq(len(r), n, "number of answers")
    for i, a in enumerate(r):
        want = {"jsonrpc": "2.0", "result": "6.0.14", "id": batch[i]["id"]}
        if a != want:
            raise AssertionError("answer %d: expected %s, got %s" % (i, want, e2e.short(a)))
    srv().alive()


@T.test
def batch_over_max_batch():
    s = limited()
    entry = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}}
    r = s.request([dict(entry, id=i) for i in range(101)])
    if not isinstance(r, dict):
        raise AssertionError("batch of 101 with --max-batch 100: expected one error object, got %s"
                             % e2e.short(r))
    expect_error(r, -32600, None, id=None, what="batch of 101")
    r = s.request([dict(entry, id=i) for i in range(100)])
    if not isinstance(r, list) or len(r) != 100:
        raise AssertionError("batch of 100: expected 100 answers, got %s" % e2e.short(r))
    expect_eq([a.get("id") for a in r], list(range(100)), "ids of batch of 100")
    r = s.request([entry] * 200)
    if not isinstance(r, dict):
        raise AssertionError("200 notifications over --max-batch: expected one error, got %s"
                             % e2e.short(r))
    expect_error(r, -32600, None, id=None, what="batch of 200 notifications")
    s.alive()


@T.test
def batch_mixed_entries():
    ok = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}}
    r = srv().request([dict(ok, id="a"), 1, dict(ok), [dict(ok, id="n")],
                       dict(ok, jsonrpc="1.0", id="c"), dict(ok, method="nope.nope", id="d"),
                       dict(ok, id="e")])
    if not isinstance(r, list):
        raise AssertionError("expected an array, got %s" % e2e.short(r))
    expect_eq(len(r), 6, "answers (notification left out)")
    expect_result(r[0], "6.0.14", id="a", what="entry a")
    expect_error(r[1], -32600, 'Invalid parameter "/": an array is expected.', id=None,
                 what="scalar entry")
    expect_error(r[2], -32600, 'Invalid parameter "/": unexpected parameter "0".', id=None,
                 what="nested array entry")
    expect_error(r[3], -32600, 'Invalid parameter "/jsonrpc": value must be "2.0".', id="c",
                 what="entry c")
    expect_error(r[4], -32601, 'Incorrect API "nope".', id="d", what="entry d")
    expect_result(r[5], "6.0.14", id="e", what="entry e")


@T.test
def batch_only_notifications_empty_body():
    ok = {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}}
    for n in (1, 3, 1000):
        status, ctype, data = srv().raw_post(e2e.json.dumps([ok] * n))
        expect_eq(status, 200, "HTTP status (%d notifications)" % n)
        expect_eq(e2e.media_type(ctype), "application/json", "Content-Type")
        expect_eq(data, b"", "body for a batch of %d notifications" % n)
    srv().alive()


# --------------------------------------------------------------------------- HTTP layer
@T.test
def content_type_rules():
    for ct in ["application/json-rpc", "application/json", "application/jsonrequest",
               "application/json; charset=utf-8", "application/json-rpc;charset=UTF-8",
               "application/json;"]:
        r = post(VALID, headers={"Content-Type": ct})
        expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": 1}, "Content-Type %r" % ct)
    for ct in [None, "text/plain", "application/x-www-form-urlencoded", "application/xml",
               "application/json-rpcx", "application/jsonx", "text/json", "",
               "multipart/form-data; boundary=x"]:
        status, ctype, data = srv().raw_post(VALID, headers={"Content-Type": ct})
        expect_eq(status, 412, "HTTP status for Content-Type %r" % (ct,))
        expect_eq(data, b"", "body for Content-Type %r" % (ct,))
    srv().alive()


@T.test
def content_type_is_case_sensitive():
    # Zabbix compares the media type case-sensitively (reference: api_jsonrpc.php).
    status, _, data = srv().raw_post(VALID, headers={"Content-Type": "Application/JSON"})
    expect_eq((status, data), (412, b""), "Content-Type Application/JSON")


@T.test
def options_empty_200():
    for path in [e2e.API_PATH, "/jsonrpc"]:
        status, ctype, data = srv().raw("OPTIONS", None, path=path)
        expect_eq(status, 200, "OPTIONS %s status" % path)
        expect_eq(data, b"", "OPTIONS %s body" % path)
    srv().alive()


@T.test
def get_is_parse_error():
    # a GET has an empty body: -32700 (the Content-Type rule still applies, as in Zabbix)
    for ct in ["application/json-rpc", "application/json"]:
        status, ctype, data = srv().raw("GET", None, headers={"Content-Type": ct})
        r = e2e.check_rpc_http(status, ctype, data)
        expect_error(r, -32700, PARSE_DATA, id=None, what="GET with Content-Type %s" % ct)
    status, ctype, data = srv().raw("GET", None, headers={"Content-Type": None})
    expect_eq((status, data), (412, b""), "GET without Content-Type")
    srv().alive()


@T.test
def jsonrpc_alias_path():
    status, ctype, data = srv().raw_post(VALID, path="/jsonrpc")
    r = e2e.check_rpc_http(status, ctype, data)
    expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": 1}, "/jsonrpc answer")


@T.test
def unknown_path_404():
    for path in ["/", "/foo", "/api_jsonrpc.phpx", "/jsonrpcx", "/api/jsonrpc",
                 "/api_jsonrpc.php/extra"]:
        status, _, _ = srv().raw_post(VALID, path=path)
        expect_eq(status, 404, "HTTP status for POST %s" % path)
    srv().alive()


@T.test
def keepalive_connection_reuse():
    conn = srv().connection()
    try:
        for i in range(20):
            conn.request("POST", e2e.API_PATH, body=e2e.json.dumps(
                {"jsonrpc": "2.0", "method": "apiinfo.version", "params": {}, "id": i}),
                headers={"Content-Type": e2e.JSONRPC_CT})
            resp = conn.getresponse()
            r = e2e.check_rpc_http(resp.status, resp.getheader("Content-Type"), resp.read())
            expect_eq(r, {"jsonrpc": "2.0", "result": "6.0.14", "id": i}, "request %d" % i)
    finally:
        conn.close()


@T.test
def many_slow_and_broken_connections():
    s = srv()
    port = s.port
    req = (b"POST /api_jsonrpc.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"Content-Type: application/json-rpc\r\nContent-Length: %d\r\n\r\n" % len(VALID)) + VALID
    idle, half_line, half_body, trickle = [], [], [], []
    socks = []
    try:
        for i in range(200):
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            socks.append(c)
            kind = i % 4
            if kind == 0:
                idle.append(c)
            elif kind == 1:
                c.sendall(b"POST /api_jsonrpc.php HT")
                half_line.append(c)
            elif kind == 2:
                c.sendall(req.replace(b"Content-Length: %d" % len(VALID),
                                      b"Content-Length: 1000")[:-20])
                half_body.append(c)
            else:
                trickle.append(c)
        # server keeps answering while 200 connections hang around
        t0 = time.monotonic()
        s.alive()
        if time.monotonic() - t0 > 2.0:
            raise AssertionError("apiinfo.version took %.1fs with 200 open connections"
                                 % (time.monotonic() - t0))
        # trickle a valid request in 10 pieces over ~1 s on 50 sockets
        step = (len(req) + 9) // 10
        for k in range(10):
            for c in trickle:
                c.sendall(req[k * step:(k + 1) * step])
            time.sleep(0.1)
        s.alive()
        for n, c in enumerate(trickle):
            data = _read_response(c, 10.0)
            if not data.startswith(b"HTTP/1.1 200") or b'"result":"6.0.14"' not in \
                    data.replace(b" ", b""):
                raise AssertionError("trickled request %d: unexpected answer %r" % (n, data[:300]))
        # half of the rest vanish with a reset, the other half close normally
        for i, c in enumerate(idle + half_line + half_body):
            if i % 2 == 0:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
    finally:
        for c in socks:
            try:
                c.close()
            except OSError:
                pass
    time.sleep(0.2)
    for _ in range(5):
        s.alive()


def _read_response(sock, timeout):
    """Read one HTTP response with Content-Length from sock."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].lower()
            pos = head.find(b"content-length:")
            if pos >= 0:
                length = int(head[pos + 15:].split(b"\r\n", 1)[0].strip())
                if len(data) >= head_end + 4 + length:
                    return data
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionError):
            break
        if not chunk:
            break
        data += chunk
    return data


@T.test
def servers_exit_0_on_sigterm():
    for s in [srv(), limited()]:
        s.alive()
        s.stop()


if __name__ == "__main__":
    sys.exit(T.main())
