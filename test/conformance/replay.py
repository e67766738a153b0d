#!/usr/bin/env python3
# replay.py - tmpld's conformance replay runner (Python 3 standard library only).
#
# Exercises: every step of a recorded JSON-RPC corpus (corpus-public.json, answers recorded from a
# real Zabbix 6.0.14 API) is sent to a live endpoint, and the live answer is compared with the
# recorded one: HTTP status, media type and the whole JSON body after normalisation (strict), or
# only status, ids, error codes and the shape of results (--loose).
#
#   replay.py URL CORPUS [--scenario SUBSTR]... [--loose] [--shuffle SEED] [--verbose]
#                        [--run-token TOKEN] [--timeout SECONDS]
#
# Output: one "FAIL <scenario> #<step> <name>: <first difference>" line per differing step, then
# exactly "N passed, M failed, K skipped". Exit status 0 only when nothing failed.
#
# Normalisation (the same on the recorded and on the live side; each side keeps its own state per
# scenario):
#   - the run token that replaced ${RUN} in requests is turned back into "${RUN}" in every string;
#   - a value captured by a step ("capture": {NAME: "result.x[0]"}) reads as "${NAME}": long values
#     (session ids) wherever a whole string equals them, short ids only under an id-like key
#     ("...id"/"...ids") of the same entity kind;
#   - every other id under an id-like key becomes "<kind#N>", numbered per kind in order of first
#     appearance ("0" and "" stay as they are); templateid/hostid are one kind, and inside an item
#     (trigger, graph, web scenario) "templateid" names the parent item, so it is an item id;
#   - 32-hex "uuid" values read "<uuid>", "sessionid" values "<session>", and the values of
#     attempt_clock / attempt_ip (history of the whole store) are masked;
#   - lists of related objects (groups, hosts, templates, macros, tags, items, ...) and the result
#     list of a *.get call without "sortfield" are compared as sets: they are sorted by a key in
#     which captured ids are named and all other ids masked, before ids are numbered;
#   - inside an error "data" string, "(f1, f2)=(v1, v2)" values of id-like fields are treated as
#     ids of that field's kind, and an id quoted as "(42", ", 42" ... or "\"42\"" reads as
#     "${NAME}" when it equals a captured value that the step's request refers to.
#
# A step with a "divergence" member is sent (later steps depend on it) but not compared; it counts
# as skipped.

import argparse
import http.client
import json
import random
import re
import string
import sys
import time
import urllib.parse

# ------------------------------------------------------------------------------------------------
# Constants describing Zabbix objects

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
HEX32 = re.compile(r"^[0-9a-f]{32}$")
ALL_DIGITS = re.compile(r"^[0-9]+$")

# the shortest captured value that is recognised anywhere (session ids), not only under id keys
LONG_VALUE = 16

# key stem (without "id"/"ids") -> entity kind, where the stem differs from the kind
KIND_OF_STEM = {
    "template": "host", "parent_template": "host", "parent_host": "host",
    "proxy_host": "proxy", "master_item": "item", "parent_item": "item",
    "discovery_rule": "item",
}
NOT_ID_KEYS = ("id", "uuid", "jsonrpc")

# objects whose own "templateid" points at the parent object of their kind:
# the primary key that identifies them (checked in this order), or the list that holds them
SELF_PARENT_KEYS = (("itemid", "item"), ("triggerid", "trigger"), ("graphid", "graph"),
                    ("httptestid", "httptest"))
SELF_PARENT_LISTS = {"items": "item", "discoveries": "item", "triggers": "trigger",
                     "graphs": "graph", "httpTests": "httptest"}

# lists of related objects whose order means nothing
UNORDERED_LISTS = frozenset((
    "groups", "hostgroups", "templategroups", "hosts", "templates", "parentTemplates",
    "macros", "tags", "inheritedTags", "interfaces", "items", "triggers", "graphs",
    "discoveries", "httpTests", "valuemaps", "dashboards", "usrgrps", "medias"))

# values that depend on the history of the store, not on the scenario
MASKED_KEYS = {"attempt_clock": "<attempt_clock>", "attempt_ip": "<attempt_ip>"}

# "(hostid, macro)=(10566, {$X})" in an error message
FIELD_VALUES = re.compile(r"\(([^()]*)\)=\(([^()]*)\)")
# a number quoted in an error message: after "(", "\"" or ", "; before ")", "\"" or ","
QUOTED_NUMBER = re.compile(r'(?:(?<=[("])|(?<=, ))[0-9]+(?=[)",])')

DEFAULT_CONTENT_TYPE = ("Content-Type", "application/json-rpc")


def kind_of_key(key):
    """Entity kind of the ids stored under `key`, or None when the key is not id-like."""
    if not isinstance(key, str) or key in NOT_ID_KEYS:
        return None
    for suffix in ("ids", "id"):
        if key.endswith(suffix):
            stem = key[:-len(suffix)].rstrip("_")
            if not key[:-len(suffix)]:
                return None
            return KIND_OF_STEM.get(stem, stem)
    return None


def self_parent_kind(obj, holder_key):
    """Kind of an object (item, trigger...) whose "templateid" is a parent of its own kind."""
    for pkey, kind in SELF_PARENT_KEYS:
        if pkey in obj:
            return kind
    return SELF_PARENT_LISTS.get(holder_key)


def kind_in(key, owner_kind):
    """Kind of the id under `key` inside an object of kind `owner_kind` (None: not an id)."""
    if key == "templateid" and owner_kind is not None:
        return owner_kind
    return kind_of_key(key)


def is_id_string(v):
    return isinstance(v, str) and ALL_DIGITS.match(v) is not None


# ------------------------------------------------------------------------------------------------
# Paths and placeholders

def split_path(path):
    """'result.templateids[0]' -> ['result', 'templateids', 0]."""
    out = []
    for m in re.finditer(r"\[(-?\d+)\]|([^.\[\]]+)", path):
        out.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
    return out


def lookup(doc, path):
    """Value at a capture path; raises LookupError when it is not there."""
    cur = doc
    for part in split_path(path):
        if isinstance(part, int):
            ok = isinstance(cur, list) and -len(cur) <= part < len(cur)
        else:
            ok = isinstance(cur, dict) and part in cur
        if not ok:
            raise LookupError(path)
        cur = cur[part]
    return cur


def fill(template, env):
    """Copy of a request with every known ${NAME} replaced (in strings and object keys)."""
    def fill_str(s):
        def one(m):
            if m.group(1) not in env:
                return m.group(0)
            v = env[m.group(1)]
            return v if isinstance(v, str) else json.dumps(v)
        return PLACEHOLDER.sub(one, s)

    if isinstance(template, str):
        return fill_str(template)
    if isinstance(template, list):
        return [fill(x, env) for x in template]
    if isinstance(template, dict):
        return {fill_str(k): fill(v, env) for k, v in template.items()}
    return template


def placeholders_of(step):
    """Names of the ${NAME} placeholders a step's request (or raw body) uses."""
    src = step["request"] if "request" in step else step.get("raw", "")
    return set(PLACEHOLDER.findall(json.dumps(src)))


# ------------------------------------------------------------------------------------------------
# Normalisation

class Side:
    """Normalisation state of one side (recorded or live) during one scenario."""

    def __init__(self, run_token):
        self.run = run_token
        self.captured = {}      # name -> (value, kind or None), in order of first capture
        self.numbered = {}      # (kind, value) -> "<kind#N>"
        self.per_kind = {}      # kind -> last N
        self.step_refs = set()  # placeholder names of the step being normalised

    def capture(self, name, value, kind):
        self.captured[name] = (value, kind)

    def name_of(self, value, kind):
        """Capture name that `value` stands for (for the id kind `kind`, or None), else None."""
        for name, (cval, ckind) in self.captured.items():
            if not isinstance(cval, str) or cval != value:
                continue
            if len(cval) >= LONG_VALUE or (kind is not None and ckind == kind):
                return name
        return None

    def id_token(self, value, kind):
        name = self.name_of(value, kind)
        if name:
            return "${%s}" % name
        if value in ("0", ""):
            return value
        slot = (kind, value)
        if slot not in self.numbered:
            self.per_kind[kind] = self.per_kind.get(kind, 0) + 1
            self.numbered[slot] = "<%s#%d>" % (kind, self.per_kind[kind])
        return self.numbered[slot]

    def text(self, s, key):
        """A string that is not an id under an id-like key."""
        if self.run and self.run in s:
            s = s.replace(self.run, "${RUN}")
        if len(s) >= LONG_VALUE:
            name = self.name_of(s, None)
            if name:
                return "${%s}" % name
        if key == "uuid" and HEX32.match(s):
            return "<uuid>"
        if key == "sessionid" and s != "":
            return "<session>"
        if key in MASKED_KEYS:
            return MASKED_KEYS[key]
        if key == "data":
            s = FIELD_VALUES.sub(self._field_values, s)
            if self.step_refs:
                s = QUOTED_NUMBER.sub(self._quoted_number, s)
        return s

    def _field_values(self, m):
        fields, values = m.group(1).split(", "), m.group(2).split(", ")
        if len(fields) != len(values):
            return m.group(0)
        out = []
        for field, val in zip(fields, values):
            kind = kind_of_key(field)
            out.append(self.id_token(val, kind) if kind is not None and is_id_string(val) else val)
        return "(%s)=(%s)" % (m.group(1), ", ".join(out))

    def _quoted_number(self, m):
        digits = m.group(0)
        names = sorted(n for n in self.step_refs
                       if n in self.captured and self.captured[n][0] == digits)
        return "${%s}" % names[0] if names else digits

    def normalise(self, v, key=None, owner_kind=None, as_set=False):
        kind = kind_in(key, owner_kind)
        if isinstance(v, str):
            if kind is not None and is_id_string(v):
                return self.id_token(v, kind)
            return self.text(v, key)
        if isinstance(v, list):
            elems = v
            if (as_set or key in UNORDERED_LISTS) and all(isinstance(x, dict) for x in v):
                elems = sorted(v, key=lambda x: self.order_key(x, key))
            out = []
            for x in elems:
                if kind is not None and is_id_string(x):
                    out.append(self.id_token(x, kind))
                else:
                    out.append(self.normalise(x, key, owner_kind))
            return out
        if isinstance(v, dict):
            okind = self_parent_kind(v, key)
            # keys in sorted order, so that ids are numbered independently of member order
            return {k: self.normalise(v[k], k, okind) for k in sorted(v)}
        return v

    def order_key(self, obj, holder_key):
        """Sort key of a set member: its JSON with the run token and uuids masked, captured ids
        named and every other id reduced to "#" (ids differ between the two sides)."""
        def id_mark(x, kind):
            name = self.name_of(x, kind)
            return "${%s}" % name if name else "#"

        def mask(v, key, owner_kind):
            kind = kind_in(key, owner_kind)
            if kind is not None:
                if is_id_string(v):
                    return id_mark(v, kind)
                if isinstance(v, list):
                    return [id_mark(x, kind) if is_id_string(x) else mask(x, None, None) for x in v]
            if isinstance(v, str):
                if self.run:
                    v = v.replace(self.run, "${RUN}")
                return "<uuid>" if key == "uuid" and HEX32.match(v) else v
            if isinstance(v, list):
                return [mask(x, key, owner_kind) for x in v]
            if isinstance(v, dict):
                okind = self_parent_kind(v, key)
                return {k: mask(x, k, okind) for k, x in v.items()}
            return v
        return json.dumps(mask(obj, holder_key, None), sort_keys=True)


def unordered_result(step):
    """Whether the step's result list is a set: a *.get without sortfield (or "unordered")."""
    if step.get("unordered") is not None:
        return bool(step["unordered"])
    req = step.get("request")
    if not isinstance(req, dict):
        return False
    method, params = req.get("method"), req.get("params")
    return (isinstance(method, str) and method.endswith(".get")
            and isinstance(params, dict) and "sortfield" not in params)


def normalise_body(side, body, step):
    side.step_refs = placeholders_of(step)
    if unordered_result(step) and isinstance(body, dict) and isinstance(body.get("result"), list):
        return {k: side.normalise(body[k], None, None, as_set=(k == "result")) for k in sorted(body)}
    return side.normalise(body)


# ------------------------------------------------------------------------------------------------
# Comparison

def brief(v, limit=160):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def first_difference(want, got, where="$"):
    """'<path>: <what differs>' for the first difference between two JSON values, else None."""
    if type(want) is not type(got):
        return "%s: expected %s, got %s" % (where, brief(want), brief(got))
    if isinstance(want, dict):
        missing = [k for k in want if k not in got]
        if missing:
            return "%s: key %r absent (recorded %s)" % (where, missing[0], brief(want[missing[0]]))
        extra = [k for k in got if k not in want]
        if extra:
            return "%s: extra key %r (= %s)" % (where, extra[0], brief(got[extra[0]]))
        for k in want:
            d = first_difference(want[k], got[k], "%s.%s" % (where, k))
            if d:
                return d
        return None
    if isinstance(want, list):
        if len(want) != len(got):
            return "%s: expected %d elements, got %d: %s vs %s" % (
                where, len(want), len(got), brief(want), brief(got))
        for i, (a, b) in enumerate(zip(want, got)):
            d = first_difference(a, b, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    if want != got:
        return "%s: expected %s, got %s" % (where, brief(want), brief(got))
    return None


def shape_of(v):
    if isinstance(v, dict):
        return {k: shape_of(x) for k, x in sorted(v.items())}
    if isinstance(v, list):
        return [shape_of(x) for x in v]
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    return "null" if v is None else "string"


def loose_form(body):
    """What --loose compares: per response the id, error.code and the shape of result."""
    def one(resp):
        if not isinstance(resp, dict):
            return {"non-object": shape_of(resp)}
        out = {"id": resp.get("id", "<absent>")}
        if "error" in resp:
            err = resp["error"]
            out["error.code"] = err.get("code") if isinstance(err, dict) else shape_of(err)
        if "result" in resp:
            out["result.shape"] = shape_of(resp["result"])
        return out
    return [one(r) for r in body] if isinstance(body, list) else one(body)


class Reply:
    """One HTTP answer: status, media type (lower case, no parameters) and body text."""

    def __init__(self, status, media, text):
        self.status, self.media, self.text = status, media, text
        self.kind, self.value = "empty", None
        if text != "":
            try:
                self.kind, self.value = "json", json.loads(text)
            except ValueError:
                self.kind, self.value = "text", text


def judge(expect, reply, step, rec_side, live_side, loose):
    """None when the reply matches the recorded expectation, else the first difference."""
    if expect["status"] != reply.status:
        return "HTTP status: expected %s, got %s" % (expect["status"], reply.status)
    if "body" not in expect:
        want = expect.get("body_text", "")
        if want == "":
            return None if reply.kind == "empty" else "body: expected empty, got %s" % brief(reply.text)
        if reply.kind != "text":
            return "body: expected non-JSON text, got %s" % brief(reply.text)
        if not loose and reply.value != want:
            return "body text: expected %s, got %s" % (brief(want), brief(reply.value))
        return None
    if reply.kind != "json":
        return "body: expected JSON, got %s" % brief(reply.text)
    if not loose and expect.get("content_type") and expect["content_type"] != reply.media:
        return "Content-Type: expected %s, got %s" % (expect["content_type"], reply.media or "(none)")
    want = normalise_body(rec_side, expect["body"], step)
    got = normalise_body(live_side, reply.value, step)
    if loose:
        want, got = loose_form(want), loose_form(got)
    return first_difference(want, got)


# ------------------------------------------------------------------------------------------------
# Transport

def exchange(url, step, env, timeout):
    """Send one step (request or raw body, headers, method) and return its Reply."""
    parts = urllib.parse.urlsplit(url)
    headers = [DEFAULT_CONTENT_TYPE]
    for name, value in (step.get("headers") or {}).items():
        headers = [(k, v) for k, v in headers if k.lower() != name.lower()]
        if value is not None:
            headers.append((name, fill(value, env)))
    if "raw" in step:
        body = fill(step["raw"], env).encode("utf-8")
    else:
        body = json.dumps(fill(step["request"], env), ensure_ascii=False).encode("utf-8")
    method = step.get("http_method", "POST")
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, target, body=None if method == "GET" else body, headers=dict(headers))
        resp = conn.getresponse()
        status, ctype, data = resp.status, resp.getheader("Content-Type", "") or "", resp.read()
    finally:
        conn.close()
    media = ctype.split(";")[0].strip().lower()
    return Reply(status, media, data.decode("utf-8", errors="replace"))


# ------------------------------------------------------------------------------------------------
# Captures

def capture_kind(path, value):
    """Entity kind of a captured value: from the last id-like key of its path (long values: none)."""
    if isinstance(value, str) and len(value) >= LONG_VALUE:
        return None
    for part in reversed(split_path(path)):
        if isinstance(part, str):
            kind = kind_of_key(part)
            if kind:
                return kind
    return None


def take_captures(step, body, side, env):
    """Record a step's captures from `body` on `side` (and in `env` when given); returns errors."""
    errors = []
    for name, spec in (step.get("capture") or {}).items():
        path = spec["path"] if isinstance(spec, dict) else spec
        try:
            value = lookup(body, path)
        except LookupError:
            errors.append("capture %s: path %s not found" % (name, path))
            continue
        kind = (spec.get("kind") if isinstance(spec, dict) else None) or capture_kind(path, value)
        if env is not None:
            env[name] = value
        side.capture(name, value, kind)
    return errors


# ------------------------------------------------------------------------------------------------
# Runner

class Tally:
    """Step counts of one replay."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def summary(self):
        return "%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped)


def replay_scenario(sc, url, run, opts, tally, out):
    """Replay one scenario; `opts` has loose, verbose, timeout and deadline (time.monotonic()
    value after which the remaining steps fail without being sent, or None)."""
    env = {"RUN": run}
    rec_side = Side((sc.get("recorded") or {}).get("run", ""))
    live_side = Side(run)
    for number, step in enumerate(sc["steps"], 1):
        label = "%s #%d %s" % (sc["name"], number, step.get("name", ""))
        if opts.deadline is not None and time.monotonic() > opts.deadline:
            tally.failed += 1
            out("FAIL %s: not sent, time limit reached" % label)
            continue
        try:
            reply = exchange(url, step, env, opts.timeout)
        except Exception as exc:  # refused, reset, timeout...
            tally.failed += 1
            out("FAIL %s: transport error: %s" % (label, exc))
            continue
        if step.get("divergence"):
            # tmpld differs on purpose: keep the live captures so later steps work, compare nothing
            if reply.kind == "json":
                take_captures(step, reply.value, live_side, env)
            tally.skipped += 1
            if opts.verbose:
                out("SKIP %s: %s" % (label, step["divergence"]))
            continue
        expect = step.get("expect")
        if expect is None:
            tally.failed += 1
            out("FAIL %s: no recorded expectation" % label)
            continue
        # capture before comparing, so that the step's own new ids are already named
        if "body" in expect:
            take_captures(step, expect["body"], rec_side, None)
        errors = take_captures(step, reply.value, live_side, env) if reply.kind == "json" else []
        diff = judge(expect, reply, step, rec_side, live_side, opts.loose)
        if diff is None and errors:
            diff = "; ".join(errors)
        if diff is None:
            tally.passed += 1
            if opts.verbose:
                out("ok   %s" % label)
        else:
            tally.failed += 1
            out("FAIL %s: %s" % (label, diff))


class Options:
    def __init__(self, loose=False, verbose=False, timeout=30.0, deadline=None):
        self.loose, self.verbose, self.timeout, self.deadline = loose, verbose, timeout, deadline


def replay(url, scenarios, run=None, opts=None, out=print):
    """Replay scenarios in the given order with one run token; returns the Tally."""
    run = run or new_run_token()
    opts = opts or Options()
    tally = Tally()
    for sc in scenarios:
        replay_scenario(sc, url, run, opts, tally, out)
    return tally


def new_run_token():
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6))


def load_corpus(path):
    with open(path, encoding="utf-8") as f:
        corpus = json.load(f)
    if not isinstance(corpus, dict) or not isinstance(corpus.get("scenarios"), list):
        raise ValueError("%s: not a conformance corpus (no scenarios list)" % path)
    return corpus


def select_scenarios(corpus, substrings, seed):
    chosen = list(corpus["scenarios"])
    if seed is not None:
        random.Random(seed).shuffle(chosen)
    if substrings:
        chosen = [sc for sc in chosen if any(s in sc["name"] for s in substrings)]
    return chosen


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Replay a recorded JSON-RPC conformance corpus.")
    ap.add_argument("url", help="endpoint, e.g. http://127.0.0.1:8080/api_jsonrpc.php")
    ap.add_argument("corpus", help="corpus JSON file")
    ap.add_argument("--scenario", action="append", default=[], metavar="SUBSTR",
                    help="only scenarios whose name contains SUBSTR (repeatable)")
    ap.add_argument("--loose", action="store_true",
                    help="compare only status, ids, error codes and result shapes")
    ap.add_argument("--shuffle", type=int, metavar="SEED", help="replay scenarios in a seeded random order")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every step")
    ap.add_argument("--run-token", help="value of ${RUN} (default: random)")
    ap.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    corpus = load_corpus(args.corpus)

    def out(line):
        print(line, flush=True)

    opts = Options(loose=args.loose, verbose=args.verbose, timeout=args.timeout)
    scenarios = select_scenarios(corpus, args.scenario, args.shuffle)
    tally = replay(args.url, scenarios, args.run_token, opts, out)
    out(tally.summary())
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
