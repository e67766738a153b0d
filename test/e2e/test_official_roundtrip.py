#!/usr/bin/env python3
# test_official_roundtrip.py: Zabbix's own 6.0 templates (test/data/official/stripped: the
# official exports without triggers, graphs, discovery rules and dashboards, which tmpld does
# not hold yet) go in through configuration.import and come out of configuration.export byte
# for byte as Zabbix 6.0.14 exported them (only the export date differs), in json, yaml and xml.
#
# One fresh server per format: each file is imported with createMissing + updateExisting for
# every entity (createMissing for templateLinkage, as ../shared/official/roundtrip.py does),
# then its template is exported in the same format and compared. A second import of the same
# file must change nothing (importcompare gives []). The store then passes `tmpld check`.
# Usage: test_official_roundtrip.py [BIN]

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402

T = e2e.Tests()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official",
                    "stripped")
EXT = {"json": "json", "yaml": "yaml", "xml": "xml"}
DATE = {"json": re.compile(rb'"date":"([^"]*)"'), "yaml": re.compile(rb"\n  date: '([^']*)'"),
        "xml": re.compile(rb"<date>([^<]*)</date>")}
TEMPLATE = {"json": re.compile(rb'"template":"((?:[^"\\]|\\.)*)"'),
            "yaml": re.compile(rb"\n      template: ('(?:[^']|'')*'|[^\n]*)"),
            "xml": re.compile(rb"<template>([^<]*)</template>")}
ENTITIES = ("groups", "templates", "items", "triggers", "graphs", "discoveryRules", "valueMaps",
            "templateDashboards", "httptests")
RULES = dict({k: {"createMissing": True, "updateExisting": True} for k in ENTITIES},
             templateLinkage={"createMissing": True})


def mask_date(fmt, data):
    m = DATE[fmt].search(data, 0, 400)
    return data if m is None else data[:m.start(1)] + b"<DATE>" + data[m.end(1):]


def template_name(fmt, data):
    """The template's technical name, as a string (json, xml and yaml scalars decoded)."""
    raw = TEMPLATE[fmt].search(data).group(1).decode("utf-8")
    if fmt == "json":
        import json
        return json.loads('"%s"' % raw)
    if fmt == "xml":
        return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
            "&amp;", "&")
    return raw[1:-1].replace("''", "'") if raw.startswith("'") else raw


def first_difference(want, got):
    n = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    return "byte %d: expected %r, got %r" % (n, want[max(0, n - 30):n + 30],
                                              got[max(0, n - 30):n + 30])


def roundtrip(fmt):
    files = sorted(f for f in os.listdir(os.path.join(DATA, fmt)) if f.endswith(EXT[fmt]))
    assert len(files) == 65, "expected the 65 official templates, found %d" % len(files)
    s = e2e.Server(["--log-level", "warn"], name="roundtrip-" + fmt).start()
    sid = s.login()
    bad = []
    for name in files:
        with open(os.path.join(DATA, fmt, name), "rb") as f:
            src = f.read()
        text = src.decode("utf-8")
        r = s.call("configuration.import", {"format": fmt, "source": text, "rules": RULES},
                   auth=sid)
        if r.get("result") is not True:
            bad.append("%s: import: %s" % (name, e2e.short(r, 200)))
            continue
        host = template_name(fmt, src)
        t = s.result("template.get", {"output": ["templateid"], "filter": {"host": [host]}},
                     auth=sid)
        if len(t) != 1:
            bad.append("%s: template %r not found after the import" % (name, host))
            continue
        got = s.result("configuration.export", {"format": fmt, "options":
                                                {"templates": [t[0]["templateid"]]}}, auth=sid)
        want, got = mask_date(fmt, src), mask_date(fmt, got.encode("utf-8"))
        if got != want:
            bad.append("%s: export differs at %s" % (name, first_difference(want, got)))
            continue
        again = s.result("configuration.importcompare", {"format": fmt, "source": text,
                                                         "rules": RULES}, auth=sid)
        if again != []:
            bad.append("%s: importcompare after the import: %s" % (name, e2e.short(again, 200)))
    s.stop()
    s.check_store()
    if bad:
        raise AssertionError("%d of %d %s files:\n  %s" % (len(bad), len(files), fmt,
                                                          "\n  ".join(bad)))
    print("  %s: %d/%d files byte-equal after import and export" % (fmt, len(files),
                                                                     len(files)), flush=True)


@T.test
def official_templates_round_trip_in_json():
    roundtrip("json")


@T.test
def official_templates_round_trip_in_yaml():
    roundtrip("yaml")


@T.test
def official_templates_round_trip_in_xml():
    roundtrip("xml")


if __name__ == "__main__":
    sys.exit(T.main())
