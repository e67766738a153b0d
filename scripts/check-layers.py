#!/usr/bin/env python3
# check-layers.py: proves the tree keeps its layers. Every source file in src/<layer>/ and every
# public header include/tmpld/<name>.h may include only tmpld headers of its own layer or of
# layers below it (the order below, bottom first; HACKING.md explains it); only src/storage/
# includes lmdb.h and only src/transport/ includes libevent's headers. Prints each violation
# and exits 1 when there is one; prints the layer order and "layers: ok" otherwise.
import os
import re
import sys

ORDER = ["util", "format", "model", "storage", "validation", "rpc", "domain", "methods",
         "jsonrpc", "dispatch", "compat", "transport", "main"]
# public header -> its layer
HEADERS = {
    "util.h": "util", "error.h": "util", "format.h": "format", "model.h": "model",
    "proctemplate.h": "model", "svcinstance.h": "model", "store.h": "storage", "validate.h": "validation",
    "rpc.h": "rpc", "domain.h": "domain", "methods.h": "methods", "jsonrpc.h": "jsonrpc",
    "dispatch.h": "dispatch", "compat.h": "compat", "transport.h": "transport",
    "metrics.h": "util",
}
INC = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def layer_of_path(path):
    parts = path.split(os.sep)
    if parts[0] == "include":
        name = parts[-1]
        if name not in HEADERS:
            return None
        return HEADERS[name]
    if len(parts) == 2:              # src/main.c
        return "main"
    return parts[1]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    os.chdir(root)
    bad = []
    files = []
    for top in ("src", "include/tmpld"):
        for d, _, names in os.walk(top):
            files += [os.path.join(d, n) for n in names if n.endswith((".c", ".h"))]
    for f in sorted(files):
        me = layer_of_path(f)
        if me is None:
            bad.append("%s: a public header with no layer (add it to HEADERS)" % f)
            continue
        if me not in ORDER:
            bad.append("%s: folder %s is not a known layer" % (f, me))
            continue
        text = open(f, encoding="utf-8").read()
        for inc in INC.findall(text):
            if inc == "lmdb.h" and me != "storage":
                bad.append("%s: includes lmdb.h outside src/storage/" % f)
            if inc.startswith("event2/") and me != "transport":
                bad.append("%s: includes %s outside src/transport/" % (f, inc))
            if not inc.startswith("tmpld/"):
                continue
            name = inc[len("tmpld/"):]
            if name not in HEADERS:
                bad.append("%s: includes %s, a header with no layer" % (f, inc))
                continue
            if ORDER.index(HEADERS[name]) > ORDER.index(me):
                bad.append("%s (%s) includes %s (%s), a layer above it"
                           % (f, me, inc, HEADERS[name]))
    for b in bad:
        print("layers: " + b)
    print("layers (bottom first): " + " < ".join(ORDER))
    print("layers: %s" % ("ok" if not bad else "%d violations" % len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
