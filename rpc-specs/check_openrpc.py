#!/usr/bin/env python3
"""rpc-specs/check_openrpc.py: checks that the tmpld OpenRPC document is well formed and complete.

What it checks:
  * the file is valid JSON and is an OpenRPC document: "openrpc" is a 1.x.y version string, "info" has a
    title and a version, "methods" is a non-empty list;
  * every method has a unique non-empty name, a "params" list and a "result"; each param (after resolving
    a local "$ref") has a name and a schema, the names are unique, and required params come before
    optional ones; "paramStructure" is one of by-name / by-position / either;
  * every error (after resolving "$ref") has an integer code and a message, the code is one that tmpld
    uses, and the message is the fixed Zabbix message of that code;
  * every local "$ref" anywhere in the document resolves;
  * examples name only documented params and give every required one;
  * given method names (comma separated, repeatable), each one is documented;
  * given the server's contract (--contract FILE: the JSON that build/test/test_contract --dump
    prints from the method table and its rule trees), the document and the contract agree:
    every method of the contract is documented and every documented method is served; x-auth
    is "refused" exactly for the methods that take no session; the params match the rule at
    the top of the method's tree (an object's fields, or the fields of the elements of an
    array of objects, by name; an id list by position, one param; an empty rule, none); a
    member the rule requires is documented as required, and a documented required member is
    required by the rule unless the rule is lenient (the method checks it by hand).

Usage:
  python3 rpc-specs/check_openrpc.py [--spec FILE] [--contract FILE] [METHOD[,METHOD...] ...]
  python3 rpc-specs/check_openrpc.py --self-test [--contract FILE]
                                # corrupts copies of the document, expects each rejected
Exit status: 0 when everything holds, 1 otherwise (every problem is printed), 2 for usage errors.
"""
import argparse
import copy
import json
import os
import re
import sys

DEFAULT_SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openrpc.json")

# JSON-RPC error codes tmpld emits, with the fixed message Zabbix 6.0 pairs with each
ERROR_MESSAGES = {
    -32700: "Parse error",
    -32600: "Invalid request.",
    -32601: "Method not found.",
    -32602: "Invalid params.",
    -32603: "Internal error.",
    -32500: "Application error.",
}
PARAM_STRUCTURES = ("by-name", "by-position", "either")


def resolve_pointer(doc, ref):
    """Resolve a local JSON pointer "#/a/b"; returns (value, error text or None)."""
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return None, "unsupported $ref %r (only local #/... references)" % (ref,)
    node = doc
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None, "$ref %s does not resolve" % ref
    return node, None


def deref(doc, obj, where, problems):
    """Follow "$ref" chains of an object (bounded), recording problems; returns the target or None."""
    for _ in range(10):
        if not (isinstance(obj, dict) and "$ref" in obj):
            return obj
        obj, err = resolve_pointer(doc, obj["$ref"])
        if err:
            problems.append("%s: %s" % (where, err))
            return None
    problems.append("%s: $ref chain too long" % where)
    return None


def walk_refs(doc, node, path, problems):
    """Check every "$ref" string anywhere in the document resolves."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            _, err = resolve_pointer(doc, ref)
            if err:
                problems.append("%s: %s" % (path or "/", err))
        for k, v in node.items():
            walk_refs(doc, v, "%s/%s" % (path, k), problems)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_refs(doc, v, "%s/%d" % (path, i), problems)


def check_content_descriptor(doc, cd, where, problems):
    cd = deref(doc, cd, where, problems)
    if cd is None:
        return None
    if not isinstance(cd, dict):
        problems.append("%s: not an object" % where)
        return None
    if not isinstance(cd.get("name"), str) or not cd["name"]:
        problems.append("%s: missing name" % where)
    if "schema" not in cd or not isinstance(cd["schema"], (dict, bool)):
        problems.append("%s: missing schema" % where)
    if "required" in cd and not isinstance(cd["required"], bool):
        problems.append("%s: required must be a boolean" % where)
    return cd


def check_document(doc):
    """Return the list of problems of an OpenRPC document (empty when well formed)."""
    problems = []
    if not isinstance(doc, dict):
        return ["document is not a JSON object"]
    version = doc.get("openrpc")
    if not isinstance(version, str) or not re.fullmatch(r"1\.\d+\.\d+", version):
        problems.append("openrpc: expected a version string 1.x.y, got %r" % (version,))
    info = doc.get("info")
    if not isinstance(info, dict):
        problems.append("info: missing or not an object")
    else:
        for key in ("title", "version"):
            if not isinstance(info.get(key), str) or not info[key]:
                problems.append("info.%s: missing" % key)
    servers = doc.get("servers", [])
    if not isinstance(servers, list) or any(not isinstance(s, dict) or not isinstance(s.get("url"), str)
                                            for s in servers):
        problems.append("servers: each server needs a url")
    if "components" in doc and not isinstance(doc["components"], dict):
        problems.append("components: not an object")

    methods = doc.get("methods")
    if not isinstance(methods, list) or not methods:
        problems.append("methods: missing or empty")
        methods = []
    seen = set()
    for i, m in enumerate(methods):
        where = "methods[%d]" % i
        m = deref(doc, m, where, problems)
        if not isinstance(m, dict):
            problems.append("%s: not an object" % where)
            continue
        name = m.get("name")
        if not isinstance(name, str) or not name:
            problems.append("%s: missing name" % where)
        else:
            where = "method %s" % name
            if name in seen:
                problems.append("%s: duplicate method name" % where)
            seen.add(name)
        ps = m.get("paramStructure", "by-position")  # the OpenRPC default
        if ps not in PARAM_STRUCTURES:
            problems.append("%s: paramStructure %r is not one of %s" % (where, ps, ", ".join(PARAM_STRUCTURES)))

        params = m.get("params")
        param_cds = {}
        if not isinstance(params, list):
            problems.append("%s: params must be a list" % where)
            params = []
        optional_seen = False
        for j, p in enumerate(params):
            cd = check_content_descriptor(doc, p, "%s params[%d]" % (where, j), problems)
            if not isinstance(cd, dict) or not isinstance(cd.get("name"), str):
                continue
            if cd["name"] in param_cds:
                problems.append("%s: duplicate param %s" % (where, cd["name"]))
            param_cds[cd["name"]] = cd
            if cd.get("required", False):
                if optional_seen:
                    problems.append("%s: required param %s after an optional one" % (where, cd["name"]))
            else:
                optional_seen = True

        if "result" not in m:
            problems.append("%s: missing result" % where)
        else:
            check_content_descriptor(doc, m["result"], "%s result" % where, problems)

        errors = m.get("errors", [])
        if not isinstance(errors, list):
            problems.append("%s: errors must be a list" % where)
            errors = []
        for j, e in enumerate(errors):
            ew = "%s errors[%d]" % (where, j)
            e = deref(doc, e, ew, problems)
            if e is None:
                continue
            code, msg = (e.get("code"), e.get("message")) if isinstance(e, dict) else (None, None)
            if not isinstance(code, int) or isinstance(code, bool):
                problems.append("%s: code must be an integer" % ew)
            elif code not in ERROR_MESSAGES:
                problems.append("%s: code %d is not a tmpld JSON-RPC code" % (ew, code))
            elif msg != ERROR_MESSAGES[code]:
                problems.append("%s: message for %d must be %r, got %r" % (ew, code, ERROR_MESSAGES[code], msg))
            if not isinstance(msg, str):
                problems.append("%s: missing message" % ew)

        for j, ex in enumerate(m.get("examples", [])):
            xw = "%s examples[%d]" % (where, j)
            ex = deref(doc, ex, xw, problems)
            if not isinstance(ex, dict) or not isinstance(ex.get("params"), list):
                problems.append("%s: needs a params list" % xw)
                continue
            given = set()
            for xp in ex["params"]:
                pname = xp.get("name") if isinstance(xp, dict) else None
                if pname not in param_cds:
                    problems.append("%s: param %r is not documented" % (xw, pname))
                given.add(pname)
            for pname, cd in param_cds.items():
                if cd.get("required", False) and pname not in given:
                    problems.append("%s: required param %s missing" % (xw, pname))
            if "result" not in ex:
                problems.append("%s: missing result" % xw)

    walk_refs(doc, doc, "", problems)
    return problems


def documented_methods(doc):
    names = set()
    for m in doc.get("methods", []) if isinstance(doc, dict) else []:
        m, _ = resolve_pointer(doc, m["$ref"]) if isinstance(m, dict) and "$ref" in m else (m, None)
        if isinstance(m, dict) and isinstance(m.get("name"), str):
            names.add(m["name"])
    return names


def doc_method_map(doc):
    """Documented methods by lower-case name (API names are case-insensitive)."""
    out = {}
    for m in doc.get("methods", []) if isinstance(doc, dict) else []:
        m, _ = resolve_pointer(doc, m["$ref"]) if isinstance(m, dict) and "$ref" in m else (m, None)
        if isinstance(m, dict) and isinstance(m.get("name"), str):
            out[m["name"].lower()] = m
    return out


def rule_params(rule):
    """(structure, {name: (required, lenient)}) of the params a method's rule tree declares at its
    top: "by-name" for an object or an array of objects, "by-position" for an id list, "none" for
    an empty rule, None when the rule does not say."""
    t = rule.get("type")
    if t == "objects":
        rule = rule.get("elem") or {}
        t = rule.get("type")
    if t == "object":
        lenient = "lenient" in rule.get("flags", []) or "bk" in rule.get("flags", [])
        return "by-name", {f["name"]: ("required" in f.get("flags", []), lenient)
                           for f in rule.get("fields", [])}
    if t in ("ids", "integers"):
        return "by-position", None
    if t == "empty":
        return "none", {}
    return None, None


def check_contract(doc, contract):
    """Problems where the document and the server's contract disagree."""
    problems = []
    if not isinstance(contract, dict) or not isinstance(contract.get("methods"), list):
        return ["contract: not a {\"methods\": [...]} document"]
    documented = doc_method_map(doc)
    served = set()
    for cm in contract["methods"]:
        name = cm.get("name", "")
        served.add(name.lower())
        dm = documented.get(name.lower())
        where = "method %s" % name
        if dm is None:
            problems.append("%s is served but not documented" % where)
            continue
        dm = deref(doc, dm, where, problems) or {}
        auth = "refused" if "noauth" in cm.get("flags", []) else "required"
        if dm.get("x-auth") != auth:
            problems.append("%s: x-auth is %r, the method table says %r" % (where, dm.get("x-auth"), auth))
        params = [deref(doc, p, where, problems) or {} for p in dm.get("params", [])]
        doc_names = {p.get("name"): bool(p.get("required", False)) for p in params}
        structure, fields = rule_params(cm.get("params") or {})
        ps = dm.get("paramStructure", "by-position")
        if structure == "none":
            if params:
                problems.append("%s: the rule takes no params, the document lists %s"
                                % (where, ", ".join(sorted(doc_names))))
        elif structure == "by-position":
            if ps not in ("by-position", "either") or len(params) != 1:
                problems.append("%s: the rule takes a list of ids: document one by-position param"
                                % where)
        elif structure == "by-name":
            if ps not in ("by-name", "either"):
                problems.append("%s: the rule takes named params, paramStructure is %r" % (where, ps))
            for n in sorted(set(fields) - set(doc_names)):
                problems.append("%s: param %s is in the rules but not documented" % (where, n))
            for n in sorted(set(doc_names) - set(fields)):
                problems.append("%s: param %s is documented but not in the rules" % (where, n))
            for n in sorted(set(fields) & set(doc_names)):
                required, lenient = fields[n]
                if required and not doc_names[n]:
                    problems.append("%s: param %s is required by the rules, not by the document"
                                    % (where, n))
                if doc_names[n] and not required and not lenient:
                    problems.append("%s: param %s is documented as required, the rules do not "
                                    "require it" % (where, n))
    for n in sorted(set(documented) - served):
        problems.append("method %s is documented but not served" % documented[n].get("name", n))
    return problems


def self_test_contract(doc, contract):
    """With a contract: each disagreement planted in a copy of the document (or of the contract)
    must be reported; the untouched pair must agree. Returns the number of failures."""
    def named(d, kind):
        m = next(m for m in d["methods"] if m.get("params") and
                 rule_params(contract_of(m["name"]))[0] == kind)
        return m

    def contract_of(name):
        return next(c["params"] for c in contract["methods"] if c["name"] == name.lower())

    def first_named(d):
        return named(d, "by-name")

    def flip_auth(d):
        m = d["methods"][0]
        m["x-auth"] = "required" if m.get("x-auth") == "refused" else "refused"

    def drop_required(d):
        m = next(m for m in d["methods"] if any(p.get("required") for p in m["params"]) and
                 rule_params(contract_of(m["name"]))[0] == "by-name" and
                 any(f[0] for f in rule_params(contract_of(m["name"]))[1].values()))
        fields = rule_params(contract_of(m["name"]))[1]
        p = next(p for p in m["params"] if p.get("required") and fields.get(p["name"], (0,))[0])
        p["required"] = False
        m["params"].remove(p)
        m["params"].append(p)

    doc_corruptions = {
        "served method not documented": lambda d: d["methods"].pop(0),
        "param renamed": lambda d: first_named(d)["params"][0].__setitem__("name", "renamed_param"),
        "param missing": lambda d: first_named(d)["params"].pop(),
        "x-auth flipped": flip_auth,
        "required param documented optional": drop_required,
    }
    failures = 0
    base = check_contract(doc, contract)
    if base:
        print("self-test: the document and the contract disagree:", *base, sep="\n  ")
        failures += 1
    for label, corrupt in doc_corruptions.items():
        d = copy.deepcopy(doc)
        try:
            corrupt(d)
        except (StopIteration, KeyError, IndexError) as e:
            print("self-test: cannot apply %r (%r)" % (label, e))
            failures += 1
            continue
        if not check_contract(d, contract):
            print("self-test: NOT detected: %s" % label)
            failures += 1
    c = copy.deepcopy(contract)
    c["methods"].pop()
    if not check_contract(doc, c):
        print("self-test: NOT detected: documented method not served")
        failures += 1
    print("self-test: %d contract disagreements" % (len(doc_corruptions) + 1))
    return failures


def self_test(doc, contract=None):
    """Each corruption must be reported; the untouched document must pass."""
    def method(d, name):
        return next(m for m in d["methods"] if m.get("name") == name)

    def first_param_method(d):
        return next(m for m in d["methods"] if m.get("params"))

    corruptions = {
        "no openrpc member": lambda d: d.pop("openrpc"),
        "openrpc not a version": lambda d: d.__setitem__("openrpc", "banana"),
        "no info.title": lambda d: d["info"].pop("title"),
        "methods empty": lambda d: d.__setitem__("methods", []),
        "duplicate method": lambda d: d["methods"].append(copy.deepcopy(d["methods"][0])),
        "method without name": lambda d: d["methods"][0].pop("name"),
        "method without result": lambda d: d["methods"][0].pop("result"),
        "param without schema": lambda d: first_param_method(d)["params"][0].pop("schema"),
        "param without name": lambda d: first_param_method(d)["params"][0].pop("name"),
        "duplicate param": lambda d: first_param_method(d)["params"].append(
            copy.deepcopy(first_param_method(d)["params"][0])),
        "dangling $ref": lambda d: d["methods"][0].setdefault("errors", []).append(
            {"$ref": "#/components/errors/DoesNotExist"}),
        "error with wrong message": lambda d: d["methods"][0].setdefault("errors", []).append(
            {"code": -32602, "message": "Invalid params", "data": "x"}),
        "error with unknown code": lambda d: d["methods"][0].setdefault("errors", []).append(
            {"code": 1, "message": "x"}),
        "bad paramStructure": lambda d: d["methods"][0].__setitem__("paramStructure", "by-magic"),
        "example with undocumented param": lambda d: d["methods"][0].setdefault("examples", []).append(
            {"name": "x", "params": [{"name": "nosuchparam", "value": 1}], "result": {"name": "r", "value": 1}}),
    }
    failures = 0
    base = check_document(doc)
    if base:
        print("self-test: the document itself has problems:", *base, sep="\n  ")
        failures += 1
    for label, corrupt in corruptions.items():
        d = copy.deepcopy(doc)
        try:
            corrupt(d)
        except (StopIteration, KeyError, IndexError) as e:
            print("self-test: cannot apply %r (%r)" % (label, e))
            failures += 1
            continue
        if not check_document(d):
            print("self-test: NOT detected: %s" % label)
            failures += 1
    d = copy.deepcopy(doc)
    if "no.such.method" in documented_methods(d) or not documented_methods(d):
        print("self-test: documented_methods is wrong")
        failures += 1
    if contract is not None:
        failures += self_test_contract(doc, contract)
    print("self-test: %d corruptions, %d failures" % (len(corruptions), failures))
    return failures == 0


def main(argv):
    ap = argparse.ArgumentParser(description="Check the tmpld OpenRPC document.")
    ap.add_argument("--spec", default=DEFAULT_SPEC, help="OpenRPC file (default: %(default)s)")
    ap.add_argument("--self-test", action="store_true", help="check that corruptions are detected")
    ap.add_argument("--contract", help="the server's contract JSON (test_contract --dump), '-' for stdin")
    ap.add_argument("methods", nargs="*", help="method names that must be documented, comma separated")
    args = ap.parse_args(argv)

    try:
        with open(args.spec, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("openrpc: cannot read %s: %s" % (args.spec, e))
        return 1

    problems = check_document(doc)
    contract = None
    if args.contract:
        try:
            if args.contract == "-":
                contract = json.load(sys.stdin)
            else:
                with open(args.contract, encoding="utf-8") as f:
                    contract = json.load(f)
        except (OSError, ValueError) as e:
            print("openrpc: cannot read the contract %s: %s" % (args.contract, e))
            return 1
        problems += check_contract(doc, contract)
    if args.self_test:
        return 0 if self_test(doc, contract) else 1
    wanted = [n.strip() for arg in args.methods for n in arg.split(",") if n.strip()]
    have = {m.lower() for m in documented_methods(doc)}   # API names are case-insensitive
    for name in wanted:
        if name.lower() not in have:
            problems.append("method %s is not documented" % name)
    for p in problems:
        print("openrpc: " + p)
    if problems:
        print("openrpc: %s: %d problem(s)" % (args.spec, len(problems)))
        return 1
    print("openrpc: %s OK (%d methods%s%s)" % (args.spec, len(have),
                                               ", %d required present" % len(wanted) if wanted else "",
                                               ", agrees with the contract of %d methods"
                                               % len(contract["methods"]) if contract else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
