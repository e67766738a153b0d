#!/usr/bin/env python3
# test_lld_roundtrip.py: Zabbix's own templates with LLD rules (test/data/official/lld: six
# official exports keeping their discovery rules and item prototypes, with filters, overrides,
# LLD macro paths, dependent prototypes and LLD macros in preprocessing) go in through
# configuration.import and come out of configuration.export (json) byte for byte as Zabbix
# 6.0.14 wrote them (only the date differs); importing the export again changes nothing
# (importcompare []), and a yaml and an xml export imported into a second server export the
# same bytes there.
# Usage: test_lld_roundtrip.py [BIN]

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402

T = e2e.Tests()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official", "lld",
                    "json")
ENTITIES = ("groups", "templates", "items", "triggers", "graphs", "discoveryRules", "valueMaps",
            "templateDashboards", "httptests")
RULES = dict({k: {"createMissing": True, "updateExisting": True} for k in ENTITIES},
             templateLinkage={"createMissing": True})
DATE = re.compile(r'(<date>|"date":"|date: \')\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')
S1 = e2e.Shared(T, ["--log-level", "warn"], name="lld-rt1", login=True)
S2 = e2e.Shared(T, ["--log-level", "warn"], name="lld-rt2", login=True)


def files():
    return sorted(f for f in os.listdir(DATA) if f.endswith(".json"))


def template_id(S, source):
    name = re.search(r'"template":"((?:[^"\\]|\\.)*)"', source).group(1)
    got = S.res("template.get", {"output": [], "filter": {"host": name}})
    return got[0]["templateid"]


def export(S, tid, fmt):
    return S.res("configuration.export", {"format": fmt, "options": {"templates": [tid]}})


@T.test
def json_byte_for_byte():
    for f in files():
        with open(os.path.join(DATA, f), encoding="utf-8") as fh:
            source = fh.read()
        e2e.expect_eq(S1.res("configuration.import", {"format": "json", "source": source,
                                                      "rules": RULES}), True, f + " import")
        got = export(S1, template_id(S1, source), "json")
        e2e.expect_eq(DATE.sub(r"\1D", got), DATE.sub(r"\1D", source), f + " export")
        e2e.expect_eq(S1.res("configuration.importcompare", {"format": "json", "source": got,
                                                             "rules": RULES}), [],
                      f + " importcompare")


@T.test
def yaml_and_xml_carry_the_same():
    for f in files():
        with open(os.path.join(DATA, f), encoding="utf-8") as fh:
            source = fh.read()
        tid = template_id(S1, source)
        for fmt in ("yaml", "xml"):
            first = export(S1, tid, fmt)
            e2e.expect_eq(S2.res("configuration.import", {"format": fmt, "source": first,
                                                          "rules": RULES}), True,
                          "%s %s import" % (f, fmt))
            again = export(S2, template_id(S2, source), fmt)
            e2e.expect_eq(DATE.sub(r"\1D", again), DATE.sub(r"\1D", first), f + " " + fmt)


if __name__ == "__main__":
    T.main()
