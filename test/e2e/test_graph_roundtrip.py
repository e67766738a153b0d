#!/usr/bin/env python3
# test_graph_roundtrip.py: the graphs of Zabbix's own 6.0 templates (test/data/official: the 13
# official templates without discovery rules, 5 of them with graphs) go in through
# configuration.import and come out of configuration.export byte for byte, in json, yaml and
# xml. The kinds tmpld does not hold yet beside graphs (triggers, dashboards, whose widgets name
# graphs) are cut out of Zabbix's own files first, as whole blocks: a json object member, a
# yaml key with its indented block, an xml element. A second import of the same file must
# change nothing (importcompare gives []).
# Usage: test_graph_roundtrip.py [BIN]

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402

T = e2e.Tests()
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "official")
SLUGS = ("azure-postgresql-flexible-server-by-http", "ftp-service", "https-service",
         "intel-sr1530-ipmi", "linux-memory-by-snmp", "nginx-by-http", "ntp-service",
         "pop-service", "remote-zabbix-proxy-health", "ssh-service",
         "website-certificate-by-zabbix-agent-2", "windows-generic-by-zabbix-agent",
         "zabbix-agent-active")
CUT = ("triggers", "dashboards")


def cut_json(data):
    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k not in CUT}
        return [strip(x) for x in o] if isinstance(o, list) else o
    return json.dumps(strip(json.loads(data)), separators=(",", ":")).encode("utf-8")


def cut_yaml(data):
    out, skip = [], None
    for line in data.decode("utf-8").split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if skip is not None:
            if line.strip() == "" or indent > skip:
                continue
            skip = None
        m = re.match(r"^( *)(%s):\s*$" % "|".join(CUT), line)
        if m:
            skip = len(m.group(1))
            continue
        out.append(line)
    return "\n".join(out).encode("utf-8")


def cut_xml(data):
    for k in CUT:
        data = re.sub(rb"<%s>.*?</%s>" % (k.encode(), k.encode()), b"", data, flags=re.S)
    return data


CUTTERS = {"json": cut_json, "yaml": cut_yaml, "xml": cut_xml}


def roundtrip(fmt):
    s = e2e.Server(["--log-level", "warn"], name="graph-roundtrip-" + fmt).start()
    sid = s.login()
    bad, graphs = [], 0
    for slug in SLUGS:
        with open(os.path.join(DATA, fmt, "%s.%s" % (slug, fmt)), "rb") as f:
            src = CUTTERS[fmt](f.read())
        problem, tid = e2e.roundtrip_file(s, sid, fmt, slug, src)
        if tid is not None:
            t = s.result("template.get", {"output": ["templateid"], "selectGraphs": "count",
                                          "templateids": [tid]}, auth=sid)
            graphs += int(t[0]["graphs"])
        if problem is not None:
            bad.append(problem)
    s.stop()
    if bad:
        raise AssertionError("%d of %d %s files:\n  %s" % (len(bad), len(SLUGS), fmt,
                                                          "\n  ".join(bad)))
    e2e.expect_eq(graphs, 16, "the graphs of the 13 templates")
    print("  %s: %d/%d files byte-equal, %d graphs" % (fmt, len(SLUGS), len(SLUGS), graphs),
          flush=True)


@T.test
def official_graphs_round_trip_in_json():
    roundtrip("json")


@T.test
def official_graphs_round_trip_in_yaml():
    roundtrip("yaml")


@T.test
def official_graphs_round_trip_in_xml():
    roundtrip("xml")


if __name__ == "__main__":
    sys.exit(T.main())
