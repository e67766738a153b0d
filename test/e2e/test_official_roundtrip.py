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
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402

T = e2e.Tests()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official",
                    "stripped")
EXT = {"json": "json", "yaml": "yaml", "xml": "xml"}


def roundtrip(fmt):
    files = sorted(f for f in os.listdir(os.path.join(DATA, fmt)) if f.endswith(EXT[fmt]))
    assert len(files) == 65, "expected the 65 official templates, found %d" % len(files)
    s = e2e.Server(["--log-level", "warn"], name="roundtrip-" + fmt).start()
    sid = s.login()
    bad = []
    for name in files:
        with open(os.path.join(DATA, fmt, name), "rb") as f:
            problem, _ = e2e.roundtrip_file(s, sid, fmt, name, f.read())
        if problem is not None:
            bad.append(problem)
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
