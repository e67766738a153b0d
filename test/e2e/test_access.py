#!/usr/bin/env python3
# test_access.py: users, user groups, roles and API tokens end to end.
#
# Exercises:
#   - a read-only user made by a super admin: its role type refuses writes ("No permissions to
#     call") before any parameter check; super-admin-only methods refused to an Admin role;
#   - a role change (type, API deny list, api.access 0) takes effect on an open session at once;
#   - an API token: generated once, works as "auth" and (a divergence from 6.0) as
#     Authorization: Bearer; disabled -> "Not authorized."; expires mid-test -> -32500 "API
#     token expired."; regenerated -> the old value stops working; only its hash is stored
#     (the value is not in the store's file); lastaccess is written;
#   - a disabled user group: login "No permissions for system access.", its users' sessions
#     end for good when used, their tokens are refused until the group is enabled again;
#   - a deleted user: its session and its token stop working at once;
#   - the Admin password changed through the API: the old one refused, also after a restart;
#     and tmpld passwd sets it on the stopped store (refused while the server runs);
#   - mediatype.get: the 34 media types of a fresh Zabbix, by id, name, user and media; []
#     for a User and for an Admin's editable; selectUsers as user.get shows them; user media
#     name existing types only, and user.get selectMediatypes reads them.
# Usage: test_access.py [BIN]

import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmpld_e2e as e2e  # noqa: E402
from tmpld_e2e import expect_eq, expect_error  # noqa: E402

T = e2e.Tests()
SH = e2e.Shared(T, login=True)
PW = "Tmpl-Pass-4821"
TERMINATED = "Session terminated, re-login, please."


def make_user(role, group_args=None, password=PW):
    """A user group and a user of that role in it; (userid, usrgrpid, username)."""
    name = SH.uniq("acc user")
    ug = SH.res("usergroup.create", dict({"name": SH.uniq("acc group")}, **(group_args or {})))
    uid = SH.res("user.create", {"username": name, "passwd": password, "roleid": role,
                                 "usrgrps": [{"usrgrpid": ug["usrgrpids"][0]}]})["userids"][0]
    return uid, ug["usrgrpids"][0], name


@T.test
def a_user_role_should_refuse_writes_before_checking_params():
    s = SH.srv()
    uid, _, name = make_user("1")
    sid = s.login(name, PW)
    expect_error(s.call("template.create", {"bogus": 1}, auth=sid), -32602,
                 'No permissions to call "template.create".')
    expect_error(s.call("user.create", [], auth=sid), -32602,
                 'No permissions to call "user.create".')
    expect_eq(s.result("template.get", {"countOutput": True}, auth=sid) is not None, True)
    expect_eq(s.result("user.get", {"output": ["userid"], "editable": True}, auth=sid),
              [{"userid": uid}], "editable: itself")


@T.test
def a_role_change_should_apply_to_an_open_session():
    s = SH.srv()
    role = SH.res("role.create", {"name": SH.uniq("acc role"), "type": 2})["roleids"][0]
    _, _, name = make_user(role)
    sid = s.login(name, PW)
    expect_eq(isinstance(s.result("template.get", {"output": ["host"]}, auth=sid), list), True)
    SH.res("role.update", {"roleid": role, "rules": {"api.mode": 0, "api": ["template.*"]}})
    expect_error(s.call("template.get", {}, auth=sid), -32602,
                 'No permissions to call "template.get".')
    expect_eq(isinstance(s.result("hostgroup.get", {"output": ["name"]}, auth=sid), list), True)
    SH.res("role.update", {"roleid": role, "rules": {"api.access": 0}})
    expect_error(s.call("user.logout", [], auth=sid), -32602,
                 'No permissions to call "user.logout".')
    SH.res("role.update", {"roleid": role, "type": 1, "rules": {"api.access": 1}})
    expect_error(s.call("hostgroup.update", {"groupid": "1"}, auth=sid), -32602,
                 'No permissions to call "hostgroup.update".')


def new_token(userid, **extra):
    tid = SH.res("token.create", dict({"name": SH.uniq("acc token"), "userid": userid},
                                      **extra))["tokenids"][0]
    tok = SH.res("token.generate", [tid])[0]
    expect_eq(tok["tokenid"], tid)
    expect_eq(len(tok["token"]), 64, "a token is 64 hex digits")
    return tid, tok["token"]


@T.test
def a_token_should_authenticate_until_disabled_expired_or_regenerated():
    s = SH.srv()
    uid, _, _ = make_user("2")
    tid, tok = new_token(uid)
    expect_eq(s.result("user.get", {"output": ["userid"], "editable": True}, auth=tok),
              [{"userid": uid}])
    # beyond Zabbix 6.0 (a divergence): the Bearer header carries tokens too
    r = s.call("user.get", {"output": ["userid"], "editable": True},
               headers={"Authorization": "Bearer " + tok})
    expect_eq(r.get("result"), [{"userid": uid}], "Bearer token (divergence from 6.0)")
    data = s.result("user.checkAuthentication", {"token": tok})
    expect_eq((data["userid"], data["type"], "sessionid" in data), (uid, 2, False))
    SH.res("token.update", {"tokenid": tid, "status": 1})
    expect_error(s.call("user.get", {}, auth=tok), -32602, "Not authorized.")
    SH.res("token.update", {"tokenid": tid, "status": 0, "expires_at": int(time.time()) + 2})
    expect_eq(len(s.result("user.get", {"output": ["userid"]}, auth=tok)) >= 1, True)
    time.sleep(3)
    expect_error(s.call("user.get", {}, auth=tok), -32500, "API token expired.")
    expect_error(s.call("user.checkAuthentication", {"token": tok}), -32500, "API token expired.")
    SH.res("token.update", {"tokenid": tid, "expires_at": 0})
    tok2 = SH.res("token.generate", [tid])[0]["token"]
    expect_error(s.call("user.get", {}, auth=tok), -32602, "Not authorized.")
    s.result("user.get", {"output": ["userid"]}, auth=tok2)
    last = SH.res("token.get", {"output": ["lastaccess"], "tokenids": tid})[0]["lastaccess"]
    expect_eq(int(last) > 0, True, "lastaccess written")
    with open(os.path.join(s.data_dir, "data.mdb"), "rb") as f:
        blob = f.read()
    expect_eq(tok2.encode() in blob or tok.encode() in blob, False, "no token in the store")


@T.test
def a_disabled_group_should_lock_its_users_out():
    s = SH.srv()
    uid, ug, name = make_user("2")
    sid = s.login(name, PW)
    _, tok = new_token(uid)
    SH.res("usergroup.update", {"usrgrpid": ug, "users_status": 1})
    expect_error(s.call("user.login", {"username": name, "password": "wrong"}), -32602,
                 "No permissions for system access.")
    expect_error(s.call("user.get", {}, auth=tok), -32602, "Not authorized.")
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED)
    SH.res("usergroup.update", {"usrgrpid": ug, "users_status": 0})
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED, what="ended for good")
    s.result("user.get", {"output": ["userid"]}, auth=tok)
    s.login(name, PW)


@T.test
def a_deleted_user_should_lose_its_session_and_tokens_at_once():
    s = SH.srv()
    uid, _, name = make_user("1")
    sid = s.login(name, PW)
    tid, tok = new_token(uid)
    SH.res("user.delete", [uid])
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED)
    expect_error(s.call("user.get", {}, auth=tok), -32602, "Not authorized.")
    expect_eq(SH.res("token.get", {"output": ["tokenid"], "tokenids": tid}), [])


@T.test
def the_admin_password_should_change_and_survive_a_restart():
    s = e2e.Server(name="passwd").start()
    sid = s.login()
    admin = s.result("user.get", {"output": ["userid"], "filter": {"username": "Admin"}},
                     auth=sid)[0]["userid"]
    s.result("user.update", {"userid": admin, "passwd": "Changed-Pw-9151"}, auth=sid)
    s.result("user.get", {"output": ["userid"]}, auth=sid)    # its session survives
    s.restart()
    expect_error(s.call("user.login", {"username": "Admin", "password": "zabbix"}), -32500,
                 "Incorrect user name or password or account is temporarily blocked.")
    s.login("Admin", "Changed-Pw-9151")
    r = subprocess.run([e2e.bin_path(), "passwd", "--data", s.data_dir, "Admin"],
                       input=b"Offline-Pw-6620\n", capture_output=True, timeout=30)
    expect_eq(r.returncode, 1, "passwd refused while the server runs")
    s.stop()
    r = subprocess.run([e2e.bin_path(), "passwd", "--data", s.data_dir, "Admin"],
                       input=b"short\n", capture_output=True, timeout=30)
    expect_eq(r.returncode, 1, "passwd: the policy applies")
    r = subprocess.run([e2e.bin_path(), "passwd", "--data", s.data_dir, "Admin"],
                       input=b"Offline-Pw-6620\n", capture_output=True, timeout=30)
    expect_eq(r.returncode, 0, "passwd on the stopped store: %s" % r.stderr.decode())
    s.start(new_port=False)
    s.login("Admin", "Offline-Pw-6620")
    s.stop()
    s.cleanup()


@T.test
def mediatype_get_should_serve_the_default_media_types():
    s = SH.srv()
    rows = SH.res("mediatype.get", {"output": ["mediatypeid", "name", "type"],
                                    "sortfield": "mediatypeid"})
    expect_eq(len(rows), 34, "the media types of a fresh Zabbix 6.0.14")
    expect_eq(rows[:3], [{"mediatypeid": "1", "name": "Email", "type": "0"},
                         {"mediatypeid": "3", "name": "SMS", "type": "2"},
                         {"mediatypeid": "4", "name": "Email (HTML)", "type": "0"}], "first")
    expect_eq(SH.res("mediatype.get", {"countOutput": True, "filter": {"type": 4}}), "31",
              "webhooks")
    email = SH.res("mediatype.get", {"output": "extend", "mediatypeids": "1"})[0]
    expect_eq((email["smtp_server"], email["smtp_port"], email["content_type"]),
              ("mail.example.com", "25", "0"), "Email's settings")
    for hidden in ("passwd", "script", "parameters"):
        expect_eq(hidden in email, False, "%s is not output" % hidden)
    ug = SH.res("usergroup.create", {"name": SH.uniq("acc media")})["usrgrpids"][0]
    name = SH.uniq("acc media user")
    uid = SH.res("user.create", {"username": name, "passwd": PW,
                                 "roleid": "2", "usrgrps": [{"usrgrpid": ug}],
                                 "medias": [{"mediatypeid": "3", "sendto": "+100"},
                                            {"mediatypeid": "1", "sendto": "a@example.com"}]}
                 )["userids"][0]
    expect_error(SH.call("user.update", {"userid": uid, "medias": [
        {"mediatypeid": "2", "sendto": "x"}]}), -32602,
        'Media type with ID "2" is not available.')
    got = SH.res("user.get", {"output": ["userid"], "userids": uid,
                              "selectMediatypes": ["name"], "selectMedias": ["sendto"]})[0]
    expect_eq(got["mediatypes"], [{"mediatypeid": "1", "name": "Email"},
                                  {"mediatypeid": "3", "name": "SMS"}], "selectMediatypes")
    expect_eq(got["medias"], [{"sendto": "+100"}, {"sendto": ["a@example.com"]}], "medias")
    expect_eq(SH.res("mediatype.get", {"output": ["name"], "userids": uid,
                                       "sortfield": "mediatypeid"}),
              [{"mediatypeid": "1", "name": "Email"}, {"mediatypeid": "3", "name": "SMS"}],
              "userids")
    mid = SH.res("user.get", {"userids": uid, "selectMedias": ["mediaid", "mediatypeid"]})[
        0]["medias"][0]
    expect_eq(SH.res("mediatype.get", {"output": ["name"], "mediaids": mid["mediaid"]}),
              [{"mediatypeid": mid["mediatypeid"], "name": "SMS"}], "mediaids")
    sms = SH.res("mediatype.get", {"output": ["name"], "mediatypeids": "3",
                                   "selectUsers": ["userid"]})[0]
    expect_eq({"userid": uid} in sms["users"], True, "selectUsers")
    # an Admin sees them all (not as editable), a User none
    sid = s.login(name, PW)
    expect_eq(len(s.result("mediatype.get", {"output": ["name"]}, auth=sid)), 34, "an Admin")
    expect_eq(s.result("mediatype.get", {"editable": True}, auth=sid), [], "editable: none")
    sms = s.result("mediatype.get", {"output": ["name"], "mediatypeids": "3",
                                     "selectUsers": ["userid"]}, auth=sid)[0]
    expect_eq(sms["users"], [{"userid": uid}], "an Admin sees the users of its groups")
    _, _, reader = make_user("1")
    rsid = s.login(reader, PW)
    expect_eq(s.result("mediatype.get", {}, auth=rsid), [], "a User: none")
    expect_eq(s.result("mediatype.get", {"countOutput": True}, auth=rsid), [], "count: []")
    got = s.result("user.get", {"output": ["userid"], "selectMediatypes": "extend",
                                "userids": uid}, auth=sid)[0]
    expect_eq([m["name"] for m in got["mediatypes"]], ["Email", "SMS"], "an Admin's select")


if __name__ == "__main__":
    sys.exit(T.main())
