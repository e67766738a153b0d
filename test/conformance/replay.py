#!/usr/bin/env python3
# replay.py - tmpld's conformance replay runner (Python 3 standard library only).
#
# Exercises: every step of a recorded JSON-RPC corpus (corpus-*.json, answers recorded from a
# real Zabbix 6.0.14 API) is sent to a live endpoint, and the live answer is compared with the
# recorded one: HTTP status, media type and the whole JSON body after normalisation (strict), or
# only status, ids, error codes and the shape of results (--loose).
#
#   replay.py URL CORPUS [--scenario SUBSTR]... [--loose] [--shuffle SEED] [--verbose]
#                        [--run-token TOKEN] [--timeout SECONDS]
#   replay.py --self-check CORPUS...    each corpus against its own recorded answers (no endpoint):
#                                       "self-check <file>: N/M steps match"; exit 0 when all do
#
# Output: one "FAIL <scenario> #<step> <name>: <first difference>" line per differing step, then
# exactly "N passed, M failed, K skipped". Exit status 0 only when nothing failed.
#
# Normalisation (the same on the recorded and on the live side; each side keeps its own state per
# scenario; README.md has the rules in prose):
#   - a configuration.export answer (a string starting like a json, yaml or xml export) keeps
#     every byte but its first date value ("<date>") and the values of its uuid keys ("${NAME}"
#     for a captured uuid, else "<uuid#N>" numbered per scenario side); then the run token reads
#     "${RUN}"; it is never read as a capture's name;
#   - any other string of 16 characters or more that equals a captured value (session ids,
#     tokens) reads as "${NAME}", looked up before the run token is replaced;
#   - the run token that replaced ${RUN} in requests is turned back into "${RUN}" in every string;
#   - short captured ids read as "${NAME}" only under an id-like key ("...id"/"...ids", not id,
#     uuid, jsonrpc, snmp_oid) of the same entity kind (the key's stem, with aliases: template
#     -> host, ymin_item -> item, creator_user -> user...; "id" in the elements of "rights" is a
#     host group); inside an item (trigger, graph, web scenario) "templateid" names the parent
#     item, so it is an item id;
#   - every other id under an id-like key becomes "<kind#N>", numbered per kind in order of first
#     appearance ("0" and "" stay as they are); an id given as a JSON number becomes a NumericId,
#     which never equals the token of a string id;
#   - 32-hex "uuid" values read "<uuid>", "sessionid" values "<session>", and the values of
#     attempt_clock / attempt_ip (history of the whole store) are masked;
#   - lists of related objects (groups, hosts, templates, macros, tags, items, ...), the lists
#     Zabbix returns in database row order (rights, users, gitems, dependencies, steps, ...;
#     except in configuration.* answers) and the result list of a *.get call without "sortfield"
#     are compared as sets: they are sorted by a key in which captured ids are named and all
#     other ids masked, before ids are numbered;
#   - inside an error "data" string, "(f1, f2)=(v1, v2)" values of id-like fields are treated as
#     ids of that field's kind; when the request refers to captures, "field='42'" (SQL text) of an
#     id-like field reads "field='${NAME}'" for a referenced capture of that kind and value, and
#     an id quoted as "(42", ", 42" ... or "\"42\"" reads as "${NAME}" when it equals a
#     referenced captured value.
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
    "discovery_rule": "item", "ymin_item": "item", "ymax_item": "item",
    "creator_user": "user",
}
NOT_ID_KEYS = ("id", "uuid", "jsonrpc", "snmp_oid")
# lists whose elements name another object under the plain key "id": usergroup rights (host groups)
KIND_OF_LIST_ID = {"rights": "group"}

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

# lists that Zabbix 6.0 reads without ORDER BY, in database row order (which a later update can
# change): sets too, except in the answer of a configuration.* method, whose exporter sorts them
ROW_ORDER_LISTS = frozenset((
    "rights", "users", "tag_filters",                 # usergroup.get (users: also role.get)
    "ui", "actions", "modules", "api",                # role.get rules
    "mediatypes",                                     # user.get selectMediatypes
    "gitems",                                         # graph(prototype).get
    "dependencies", "functions",                      # trigger(prototype).get
    "groupLinks", "groupPrototypes",                  # hostprototype.get
    "steps",                                          # httptest.get
    "lld_macro_paths", "overrides", "optag", "optemplate",  # discoveryrule.get
    "parameters",                                     # item.get (script parameters)
    "widgets", "fields"))                             # templatedashboard.get
# of those, the lists of strings (role rules "api": method masks); all others hold objects
STRING_SET_LISTS = frozenset(("api",))

# values that depend on the history of the store, not on the scenario
MASKED_KEYS = {"attempt_clock": "<attempt_clock>", "attempt_ip": "<attempt_ip>"}

# "(hostid, macro)=(10566, {$X})" in an error message
FIELD_VALUES = re.compile(r"\(([^()]*)\)=\(([^()]*)\)")
# a number quoted in an error message: after "(", "\"" or ", "; before ")", "\"" or ","
QUOTED_NUMBER = re.compile(r'(?:(?<=[("])|(?<=, ))[0-9]+(?=[)",])')
# an SQL statement quoted in an error message: "hostid='12796'"
SQL_FIELD = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)='([0-9]+)'")

# a configuration.export answer (one string) in format json (compact or prettyprint), yaml or xml,
# recognised by its start ...
EXPORT_JSON_START = re.compile(r'\{\s*"zabbix_export"\s*:')
EXPORT_YAML_START = "zabbix_export:\n"
EXPORT_XML_START = re.compile(r'<\?xml[^>]*\?>\s*<zabbix_export>')
# ... in which the first date value (group 2) and every value of a uuid key (group 2) are masked;
# group 1 is the text before the value, kept as it is
EXPORT_DATE = re.compile(
    r'("date":\s*"|^ *date: \'|<date>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)(?=["\'<])', re.M)
EXPORT_UUID = re.compile(
    r'("uuid":\s*"|^ *(?:- +)?uuid: [\'"]?|<uuid>)([0-9a-f]{32})(?=["\'<\n]|\Z)', re.M)

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


def kind_in(key, owner_kind, holder=None):
    """Kind of the id under `key` inside an object of kind `owner_kind` that is held under the
    key `holder` (directly or as an element of the list there); None: not an id."""
    if key == "id" and holder in KIND_OF_LIST_ID:
        return KIND_OF_LIST_ID[holder]
    if key == "templateid" and owner_kind is not None:
        return owner_kind
    return kind_of_key(key)


def is_id_string(v):
    return isinstance(v, str) and ALL_DIGITS.match(v) is not None


def is_id_number(v):
    """An id given as a JSON number: a non-negative integer, not a boolean."""
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


class NumericId(str):
    """The token of an id that the answer gave as a JSON number ("number <host#1>"). It is a type
    of its own, so it never equals the token of the same id given as a string (first_difference
    compares types), and --loose sees a number."""


def numeric_id(token):
    return NumericId("number " + token)


def is_export(s):
    """Whether a string is a configuration.export answer (json, yaml or xml)."""
    return (EXPORT_JSON_START.match(s) is not None or s.startswith(EXPORT_YAML_START)
            or EXPORT_XML_START.match(s) is not None)


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
        self.config = False     # the step being normalised calls a configuration.* method

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
        if is_export(s):
            # compared byte for byte but for date and uuids; never read as a capture's name
            return self.export_text(s)
        if len(s) >= LONG_VALUE:
            # as received: a captured value (a name...) may contain the run token
            name = self.name_of(s, None)
            if name:
                return "${%s}" % name
        if self.run and self.run in s:
            s = s.replace(self.run, "${RUN}")
        if key == "uuid" and HEX32.match(s):
            return "<uuid>"
        if key == "sessionid" and s != "":
            return "<session>"
        if key in MASKED_KEYS:
            return MASKED_KEYS[key]
        if key == "data":
            s = FIELD_VALUES.sub(self._field_values, s)
            if self.step_refs:
                s = SQL_FIELD.sub(self._sql_field, s)
                s = QUOTED_NUMBER.sub(self._quoted_number, s)
        return s

    def export_text(self, s):
        """A configuration.export string: the first date value reads "<date>", every uuid value
        "${NAME}" (a capture) or "<uuid#N>" (numbered per scenario side, like ids), then the run
        token "${RUN}"; every other byte stays."""
        s = EXPORT_DATE.sub(lambda m: m.group(1) + "<date>", s, count=1)
        s = EXPORT_UUID.sub(lambda m: m.group(1) + self.id_token(m.group(2), "uuid"), s)
        if self.run and self.run in s:
            s = s.replace(self.run, "${RUN}")
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

    def _referenced(self, digits, kind=None):
        """Sorted names of the step's referenced captures equal to `digits` (of kind `kind`)."""
        return sorted(n for n in self.step_refs if n in self.captured
                      and self.captured[n][0] == digits
                      and (kind is None or self.captured[n][1] == kind))

    def _sql_field(self, m):
        field, digits = m.group(1), m.group(2)
        kind = kind_of_key(field)
        names = self._referenced(digits, kind) if kind is not None else []
        return "%s='${%s}'" % (field, names[0]) if names else m.group(0)

    def _quoted_number(self, m):
        names = self._referenced(m.group(0))
        return "${%s}" % names[0] if names else m.group(0)

    def is_set(self, v, key, as_set):
        """Whether the list `v` under `key` (the top result list when `as_set`) is a set."""
        if not (as_set or key in UNORDERED_LISTS
                or (key in ROW_ORDER_LISTS and not self.config)):
            return False
        if key in STRING_SET_LISTS and not as_set:
            return all(isinstance(x, str) for x in v)
        return all(isinstance(x, dict) for x in v)

    def normalise(self, v, key=None, owner_kind=None, holder=None, as_set=False):
        """`v` is held under `key` in an object of kind `owner_kind` held under `holder`."""
        kind = kind_in(key, owner_kind, holder)
        if isinstance(v, str):
            if kind is not None and is_id_string(v):
                return self.id_token(v, kind)
            return self.text(v, key)
        if kind is not None and is_id_number(v):
            return numeric_id(self.id_token(str(v), kind))
        if isinstance(v, list):
            elems = v
            if self.is_set(v, key, as_set):
                elems = sorted(v, key=lambda x: self.order_key(x, key, holder))
            return [self.normalise(x, key, owner_kind, holder) for x in elems]
        if isinstance(v, dict):
            okind = self_parent_kind(v, key)
            # keys in sorted order, so that ids are numbered independently of member order
            return {k: self.normalise(v[k], k, okind, key) for k in sorted(v)}
        return v

    def order_key(self, obj, list_key, holder):
        """Sort key of a set member: its JSON with the run token and uuids masked, captured ids
        named and every other id reduced to "#" (ids differ between the two sides)."""
        def id_mark(x, kind):
            name = self.name_of(x, kind)
            return "${%s}" % name if name else "#"

        def mask(v, key, owner_kind, holder):
            kind = kind_in(key, owner_kind, holder)
            if kind is not None:
                if is_id_string(v):
                    return id_mark(v, kind)
                if is_id_number(v):
                    return "number " + id_mark(str(v), kind)
            if isinstance(v, str):
                if self.run:
                    v = v.replace(self.run, "${RUN}")
                return "<uuid>" if key == "uuid" and HEX32.match(v) else v
            if isinstance(v, list):
                return [mask(x, key, owner_kind, holder) for x in v]
            if isinstance(v, dict):
                okind = self_parent_kind(v, key)
                return {k: mask(x, k, okind, key) for k, x in v.items()}
            return v
        return json.dumps(mask(obj, list_key, None, holder), sort_keys=True)


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


def request_methods(step):
    """Method names of a step's request (or batch)."""
    req = step.get("request")
    calls = req if isinstance(req, list) else [req]
    return [c["method"] for c in calls if isinstance(c, dict) and isinstance(c.get("method"), str)]


def normalise_body(side, body, step):
    side.step_refs = placeholders_of(step)
    side.config = any(m.startswith("configuration.") for m in request_methods(step))
    if unordered_result(step) and isinstance(body, dict) and isinstance(body.get("result"), list):
        return {k: side.normalise(body[k], as_set=(k == "result")) for k in sorted(body)}
    return side.normalise(body)


# ------------------------------------------------------------------------------------------------
# Comparison

def brief(v, limit=160):
    if isinstance(v, NumericId):
        s = "%s (a JSON number)" % v[len("number "):]
    else:
        s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def where_texts_differ(want, got):
    """Both texts from a little before their first differing character (long texts: exports)."""
    at = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    start = max(0, at - 40)
    lead = "..." if start else ""
    return at, brief(lead + want[start:], 120), brief(lead + got[start:], 120)


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
        if isinstance(want, str) and max(len(want), len(got)) > 160:
            return "%s: differs at character %d: expected %s, got %s" % (
                (where,) + where_texts_differ(want, got))
        return "%s: expected %s, got %s" % (where, brief(want), brief(got))
    return None


def shape_of(v):
    if isinstance(v, NumericId):
        return "number"
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
    """Step counts of one replay, and the scenarios in which every compared step matched."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.clean = []         # names of the scenarios without a failed step
        self.scenarios = 0

    def steps(self):
        return self.passed + self.failed + self.skipped

    def summary(self):
        return "%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped)


def replay_scenario(sc, send, run, opts, tally, out):
    """Replay one scenario; `send(step, env)` returns the Reply to a step (or raises), `opts` has
    loose, verbose and deadline (time.monotonic() value after which the remaining steps fail
    without being sent, or None)."""
    env = {"RUN": run}
    rec_side = Side((sc.get("recorded") or {}).get("run", ""))
    live_side = Side(run)
    failed_before = tally.failed
    for number, step in enumerate(sc["steps"], 1):
        label = "%s #%d %s" % (sc["name"], number, step.get("name", ""))
        if opts.deadline is not None and time.monotonic() > opts.deadline:
            tally.failed += 1
            out("FAIL %s: not sent, time limit reached" % label)
            continue
        try:
            reply = send(step, env)
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
    tally.scenarios += 1
    if tally.failed == failed_before:
        tally.clean.append(sc["name"])


class Options:
    def __init__(self, loose=False, verbose=False, timeout=30.0, deadline=None):
        self.loose, self.verbose, self.timeout, self.deadline = loose, verbose, timeout, deadline


def replay(url, scenarios, run=None, opts=None, out=print):
    """Replay scenarios against the endpoint `url` in the given order with one run token;
    returns the Tally."""
    run = run or new_run_token()
    opts = opts or Options()
    tally = Tally()
    for sc in scenarios:
        replay_scenario(sc, lambda step, env: exchange(url, step, env, opts.timeout),
                        run, opts, tally, out)
    return tally


def recorded_reply(step, _env):
    """The answer that a step's expectation records, as an endpoint would send it."""
    expect = step.get("expect") or {"status": None, "body_text": ""}
    if "body" in expect:
        text = json.dumps(expect["body"], ensure_ascii=False)
    else:
        text = expect.get("body_text", "")
    return Reply(expect["status"], expect.get("content_type") or "", text)


def self_check(scenarios, opts=None, out=print):
    """Replay scenarios against their own recorded answers (with their recorded run tokens), no
    endpoint: the normalisation must make every step match. Returns the Tally."""
    opts = opts or Options()
    tally = Tally()
    for sc in scenarios:
        run = (sc.get("recorded") or {}).get("run", "")
        replay_scenario(sc, recorded_reply, run, opts, tally, out)
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
    ap = argparse.ArgumentParser(
        description="Replay a recorded JSON-RPC conformance corpus.",
        epilog="replay.py --self-check CORPUS... replays each corpus against its own recorded "
        "answers (no endpoint); every step must match.")
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


def self_check_main(paths, out):
    """replay.py --self-check CORPUS...: one "self-check <file>: N/M steps match" line each."""
    if not paths:
        out("usage: replay.py --self-check CORPUS...")
        return 2
    ok = True
    for path in paths:
        tally = self_check(load_corpus(path)["scenarios"], out=out)
        out("self-check %s: %d/%d steps match, %d skipped"
            % (path, tally.passed, tally.steps(), tally.skipped))
        ok = ok and tally.failed == 0
    return 0 if ok else 1


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv

    def out(line):
        print(line, flush=True)

    if argv[:1] == ["--self-check"]:
        return self_check_main(argv[1:], out)
    args = parse_args(argv)
    corpus = load_corpus(args.corpus)
    opts = Options(loose=args.loose, verbose=args.verbose, timeout=args.timeout)
    scenarios = select_scenarios(corpus, args.scenario, args.shuffle)
    tally = replay(args.url, scenarios, args.run_token, opts, out)
    out(tally.summary())
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
