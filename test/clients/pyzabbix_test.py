# pyzabbix_test.py URL: drives tmpld at URL with Debian's python3-pyzabbix (ZabbixAPI, unchanged):
# login, host group / template / host / host macro create, get, update and delete, an export of
# the template in YAML, its deletion and its import back (configuration.import), Zabbix's error
# for a duplicate, and the logout. Each step prints "PASS name" or "FAIL name: reason"; the last
# line is "pyzabbix: N passed, M failed" and the exit status is 1 when a step failed. A failed
# step skips the steps that need what it should have made.
import sys
import traceback

from pyzabbix import ZabbixAPI, ZabbixAPIException

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/api_jsonrpc.php"
zapi = ZabbixAPI(URL, timeout=30)
state = {}
passed = failed = 0


def check(cond, text):
    if not cond:
        raise AssertionError(text)


def step(name, needs=()):
    """Runs the decorated function as one step, unless a step it needs failed."""
    def run(fn):
        global passed, failed
        missing = [n for n in needs if n not in state]
        if missing:
            failed += 1
            print("FAIL %s: skipped, no %s" % (name, ", ".join(missing)))
            return fn
        try:
            fn()
            passed += 1
            print("PASS " + name)
        except Exception as e:      # noqa: BLE001 -- every failure is a failed step
            failed += 1
            print("FAIL %s: %s" % (name, e))
            traceback.print_exc(limit=2, file=sys.stdout)
        return fn
    return run


@step("apiinfo.version without a session")
def _():
    check(zapi.api_version() == "6.0.14", "version %r" % zapi.api_version())


@step("login (user.login with 'user') and checkAuthentication")
def _():
    zapi.login("Admin", "zabbix")
    check(len(zapi.auth) == 32, "session %r" % zapi.auth)
    check(zapi.is_authenticated, "is_authenticated is false after login")
    state["session"] = zapi.auth


@step("hostgroup create, get, update", needs=["session"])
def _():
    gid = zapi.hostgroup.create(name="pyzabbix group")["groupids"][0]
    zapi.hostgroup.update(groupid=gid, name="pyzabbix hosts")
    got = zapi.hostgroup.get(output=["groupid", "name"], filter={"name": "pyzabbix hosts"})
    check(got == [{"groupid": gid, "name": "pyzabbix hosts"}], "hostgroup.get %r" % got)
    state["groupid"] = gid


@step("hostgroup create of a duplicate: Zabbix's error", needs=["groupid"])
def _():
    try:
        zapi.hostgroup.create(name="pyzabbix hosts")
    except ZabbixAPIException as e:
        check(e.error == {"code": -32602, "message": "Invalid params.",
                          "data": 'Host group "pyzabbix hosts" already exists.'}, "error %r" % e.error)
        return
    raise AssertionError("the duplicate was created")


@step("template create with macros and tags, get, update", needs=["groupid"])
def _():
    tid = zapi.template.create(host="pyzabbix template", groups=[{"groupid": state["groupid"]}],
                               macros=[{"macro": "{$PZ.PORT}", "value": "10050"}],
                               tags=[{"tag": "client", "value": "pyzabbix"}])["templateids"][0]
    zapi.template.update(templateid=tid, description="made by pyzabbix",
                         macros=[{"macro": "{$PZ.PORT}", "value": "10051"},
                                 {"macro": "{$PZ.SECRET}", "value": "s3cret", "type": 1}])
    got = zapi.template.get(templateids=[tid], output=["host", "description"],
                            selectMacros=["macro", "value", "type"], selectTags="extend",
                            selectGroups=["groupid"])
    check(len(got) == 1, "template.get %r" % got)
    t = got[0]
    check(t["description"] == "made by pyzabbix", "description %r" % t["description"])
    macros = sorted(t["macros"], key=lambda m: m["macro"])
    check(macros == [{"macro": "{$PZ.PORT}", "value": "10051", "type": "0"},
                     {"macro": "{$PZ.SECRET}", "type": "1"}], "macros %r" % macros)
    check(t["tags"] == [{"tag": "client", "value": "pyzabbix"}], "tags %r" % t["tags"])
    check(t["groups"] == [{"groupid": state["groupid"]}], "groups %r" % t["groups"])
    state["templateid"] = tid


@step("host create with an interface and the template, get, update", needs=["templateid"])
def _():
    hid = zapi.host.create(host="pyzabbix-host", groups=[{"groupid": state["groupid"]}],
                           templates=[{"templateid": state["templateid"]}],
                           interfaces=[{"type": 1, "main": 1, "useip": 1, "ip": "192.0.2.20",
                                        "dns": "", "port": "10050"}])["hostids"][0]
    zapi.host.update(hostid=hid, name="pyzabbix visible", status=1)
    got = zapi.host.get(hostids=hid, output=["host", "name", "status"],
                        selectParentTemplates=["templateid"],
                        selectInterfaces=["ip", "port", "type", "main"])
    check(got == [{"hostid": hid, "host": "pyzabbix-host", "name": "pyzabbix visible", "status": "1",
                   "parentTemplates": [{"templateid": state["templateid"]}],
                   "interfaces": [{"ip": "192.0.2.20", "port": "10050", "type": "1", "main": "1"}]}],
          "host.get %r" % got)
    state["hostid"] = hid


@step("usermacro create, get, update, delete on the host", needs=["hostid"])
def _():
    mid = zapi.usermacro.create(hostid=state["hostid"], macro="{$PZ.HOST}",
                                value="one")["hostmacroids"][0]
    zapi.usermacro.update(hostmacroid=mid, value="two", description="changed by pyzabbix")
    got = zapi.usermacro.get(hostids=state["hostid"], output=["macro", "value", "description"])
    check(got == [{"hostmacroid": mid, "macro": "{$PZ.HOST}", "value": "two",
                   "description": "changed by pyzabbix"}], "usermacro.get %r" % got)
    check(zapi.usermacro.delete(mid) == {"hostmacroids": [mid]}, "usermacro.delete")
    got = zapi.usermacro.get(hostids=state["hostid"], output=["macro"])
    check(got == [], "usermacro.get after the delete %r" % got)


@step("configuration.export of the template in YAML", needs=["templateid"])
def _():
    text = zapi.configuration.export(format="yaml", options={"templates": [state["templateid"]]})
    check(text.startswith("zabbix_export:\n  version: '6.0'\n"), "export %r" % text[:80])
    check("template: 'pyzabbix template'" in text, "no template in %r" % text)
    check("{$PZ.PORT}" in text and "s3cret" not in text, "macros in %r" % text)
    state["yaml"] = text


@step("host and template delete", needs=["hostid", "templateid"])
def _():
    check(zapi.host.delete(state["hostid"]) == {"hostids": [state["hostid"]]}, "host.delete")
    check(zapi.template.delete(state["templateid"]) == {"templateids": [state["templateid"]]},
          "template.delete")
    check(zapi.template.get(filter={"host": "pyzabbix template"}) == [], "the template is still there")
    state["deleted"] = True


@step("configuration.import of the YAML export (confimport)", needs=["yaml", "deleted"])
def _():
    rules = {"templates": {"createMissing": True, "updateExisting": True},
             "groups": {"createMissing": True}}
    check(zapi.confimport("yaml", state["yaml"], rules) is True, "confimport did not answer true")
    got = zapi.template.get(filter={"host": "pyzabbix template"}, output=["templateid", "description"],
                            selectMacros=["macro", "value"], selectTags=["tag", "value"])
    check(len(got) == 1, "template.get after the import %r" % got)
    t = got[0]
    check(t["description"] == "made by pyzabbix", "description %r" % t["description"])
    check({"macro": "{$PZ.PORT}", "value": "10051"} in t["macros"], "macros %r" % t["macros"])
    check(t["tags"] == [{"tag": "client", "value": "pyzabbix"}], "tags %r" % t["tags"])
    state["imported"] = t["templateid"]


@step("configuration.import again: nothing to change, still one template", needs=["imported"])
def _():
    rules = {"templates": {"createMissing": True, "updateExisting": True}}
    check(zapi.confimport("yaml", state["yaml"], rules) is True, "second confimport")
    got = zapi.template.get(filter={"host": "pyzabbix template"}, output=["templateid"])
    check(got == [{"templateid": state["imported"]}], "template.get %r" % got)
    check(zapi.template.delete(state["imported"]) == {"templateids": [state["imported"]]},
          "template.delete of the imported template")


@step("hostgroup delete", needs=["groupid"])
def _():
    check(zapi.hostgroup.delete(state["groupid"]) == {"groupids": [state["groupid"]]}, "hostgroup.delete")
    check(zapi.hostgroup.get(groupids=state["groupid"]) == [], "the group is still there")


@step("logout", needs=["session"])
def _():
    check(zapi.user.logout() is True, "user.logout")
    check(not zapi.is_authenticated, "the session still works after the logout")


print("pyzabbix: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
