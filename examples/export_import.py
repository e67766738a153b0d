#!/usr/bin/env python3
# examples/export_import.py -- moves a template from one tmpld to another in YAML: on the first
# server (TMPLD_URL) a host group and a template with a macro, a tag, a value map and an item
# using it; configuration.export in YAML; on the second server (TMPLD_URL2)
# configuration.importcompare (what the import would add), configuration.import, template.get
# of the result, and an export there that equals the first one but for its date; then a change
# on the first server carried over by a second importcompare / import; then the cleanup of both.
# Each answer is checked, and the script exits non-zero when one is not as expected. The names
# carry a random suffix, so the script can run again against the same stores.
#
#   TMPLD_URL       the first server (default http://127.0.0.1:8080/api_jsonrpc.php)
#   TMPLD_URL2      the second server (default http://127.0.0.1:8081/api_jsonrpc.php)
#   TMPLD_USER      user name on both (default Admin)
#   TMPLD_PASSWORD  password on both (default zabbix)
# Needs python3 only (its standard library). Every request (>>>) and answer (<<<) is printed.
import json
import os
import random
import sys
import urllib.request

URL1 = os.environ.get("TMPLD_URL", "http://127.0.0.1:8080/api_jsonrpc.php")
URL2 = os.environ.get("TMPLD_URL2", "http://127.0.0.1:8081/api_jsonrpc.php")
USER = os.environ.get("TMPLD_USER", "Admin")
PASSWORD = os.environ.get("TMPLD_PASSWORD", "zabbix")
NAME = "Example move %d" % random.randrange(10**9)


def fail(text):
    sys.exit("export_import.py: FAILED: " + text)


class Server:
    """One tmpld: its endpoint and, once logged in, its session."""

    def __init__(self, url):
        self.url, self.session = url, None

    def call(self, method, params):
        """The call's result; an error answer (or no answer) fails the example."""
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
        if self.session:
            body["auth"] = self.session
        text = json.dumps(body)
        print(">>> " + (text if len(text) < 600 else text[:600] + "..."))
        req = urllib.request.Request(self.url, text.encode(), {"Content-Type": "application/json-rpc"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                answer_text = r.read().decode()
        except OSError as e:
            fail("%s at %s: %s" % (method, self.url, e))
        print("<<< " + (answer_text if len(answer_text) < 600 else answer_text[:600] + "..."))
        answer = json.loads(answer_text)
        if "result" not in answer:
            fail("%s: %s" % (method, answer.get("error")))
        return answer["result"]


def expect(what, got, want):
    if got != want:
        fail("%s: got %r, expected %r" % (what, got, want))


one, two = Server(URL1), Server(URL2)

print("== user.login on both servers")
for s in (one, two):
    s.session = s.call("user.login", {"username": USER, "password": PASSWORD})

print("== server 1: hostgroup.create, template.create, valuemap.create, item.create")
group = one.call("hostgroup.create", {"name": NAME})["groupids"][0]
tmpl = one.call("template.create", {
    "host": NAME, "groups": [{"groupid": group}], "description": "moved between servers",
    "macros": [{"macro": "{$TIMEOUT}", "value": "30s"}], "tags": [{"tag": "class", "value": "software"}],
})["templateids"][0]
vmap = one.call("valuemap.create", {"hostid": tmpl, "name": "State", "mappings": [
    {"value": "0", "newvalue": "down"}, {"value": "1", "newvalue": "up"}]})["valuemapids"][0]
one.call("item.create", {"hostid": tmpl, "name": "State", "key_": "state", "type": 2, "value_type": 3,
                         "valuemapid": vmap})

print("== server 1: configuration.export in YAML")
export = one.call("configuration.export", {"format": "yaml", "options": {"templates": [tmpl]}})
if not export.startswith("zabbix_export:\n"):
    fail("not YAML: %r" % export[:80])
print(export)

RULES = {"groups": {"createMissing": True},
         "templates": {"createMissing": True, "updateExisting": True},
         "items": {"createMissing": True, "updateExisting": True, "deleteMissing": True},
         "valueMaps": {"createMissing": True, "updateExisting": True}}


def source(text):
    return {"format": "yaml", "source": text, "rules": RULES}


print("== server 2: configuration.importcompare lists the template and its item as added")
cmp = two.call("configuration.importcompare", source(export))
expect("importcompare added", [[t["after"]["template"], [i["after"]["key"] for i in t["items"]["added"]]]
                               for t in cmp["templates"]["added"]], [[NAME, ["state"]]])

print("== server 2: configuration.import")
expect("import", two.call("configuration.import", source(export)), True)

print("== server 2: template.get shows the template with its group, macro, tag, item and value map")
got = two.call("template.get", {
    "filter": {"host": NAME}, "output": ["templateid", "description"], "selectGroups": ["name"],
    "selectMacros": ["macro", "value"], "selectTags": ["tag", "value"],
    "selectItems": ["key_", "value_type"], "selectValueMaps": ["name"]})
expect("templates on server 2", len(got), 1)
t = got[0]
tmpl2, group2 = t["templateid"], t["groups"][0]["groupid"]
expect("description", t["description"], "moved between servers")
expect("groups", [g["name"] for g in t["groups"]], [NAME])
expect("macros", t["macros"], [{"macro": "{$TIMEOUT}", "value": "30s"}])
expect("tags", t["tags"], [{"tag": "class", "value": "software"}])
expect("items", [[i["key_"], i["value_type"]] for i in t["items"]], [["state", "3"]])
expect("value maps", [v["name"] for v in t["valuemaps"]], ["State"])

print("== server 2: its export equals server 1's (uuids kept), but for the date")


def undated(text):
    return [line for line in text.split("\n") if not line.startswith("  date: ")]


export2 = two.call("configuration.export", {"format": "yaml", "options": {"templates": [tmpl2]}})
expect("the export of server 2", undated(export2), undated(export))

print("== server 1: a new macro value; server 2: importcompare shows the update, import applies it")
one.call("template.update", {"templateid": tmpl, "macros": [{"macro": "{$TIMEOUT}", "value": "60s"}]})
export = one.call("configuration.export", {"format": "yaml", "options": {"templates": [tmpl]}})
cmp = two.call("configuration.importcompare", source(export))
expect("importcompare updated", [[u["before"]["macros"], u["after"]["macros"], "items" in u]
                                 for u in cmp["templates"]["updated"]],
       [[[{"macro": "{$TIMEOUT}", "value": "30s"}], [{"macro": "{$TIMEOUT}", "value": "60s"}], False]])
expect("second import", two.call("configuration.import", source(export)), True)
expect("macro on server 2", [[m["macro"], m["value"]] for m in two.call("usermacro.get", {
    "hostids": [tmpl2], "output": ["macro", "value"]})], [["{$TIMEOUT}", "60s"]])
expect("importcompare after the import", two.call("configuration.importcompare", source(export)), [])

print("== cleanup on both servers")
for s, tid, gid in ((one, tmpl, group), (two, tmpl2, group2)):
    expect("template.delete", s.call("template.delete", [tid]), {"templateids": [tid]})
    expect("hostgroup.delete", s.call("hostgroup.delete", [gid]), {"groupids": [gid]})
    expect("user.logout", s.call("user.logout", []), True)
print("export_import.py: OK")
