#!/usr/bin/env python3
# test_access_life.py: the life of access rights around open sessions and tokens (issue 11),
# what test_access.py does not cover already.
#
# Exercises:
#   - a super admin moving a user to another role (user.update roleid): its open session and its
#     token get the new role's rights at the next call, in both directions;
#   - a token created with expires_at a few seconds ahead: works, then -32500 "API token
#     expired." (also for user.checkAuthentication), while token.get's valid_at / expired_at
#     follow the clock; a new expires_at revives it;
#   - user groups: a user in two groups is locked out when either is disabled (login, session,
#     token), also when a super admin adds it to a disabled group (usergroup.update users);
#     a group with the frontend disabled (gui_access 3) does not stop the API;
#   - a deleted user: its session and token stop at once, also for user.checkAuthentication,
#     and a new user of the same name inherits neither;
#   - the Admin password changed: after a restart on the same data directory the old password
#     is refused, the new one works, and a session opened before the change still works.
# Usage: test_access_life.py [BIN]

import os
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
NOT_AUTHORIZED = "Not authorized."
BAD_LOGIN = "Incorrect user name or password or account is temporarily blocked."


def group(**args):
    return SH.res("usergroup.create", dict({"name": SH.uniq("life group")}, **args))[
        "usrgrpids"][0]


def user(role, groups, name=None):
    """A user of role in groups (ids); (userid, username)."""
    name = name or SH.uniq("life user")
    uid = SH.res("user.create", {"username": name, "passwd": PW, "roleid": role,
                                 "usrgrps": [{"usrgrpid": g} for g in groups]})["userids"][0]
    return uid, name


def token(userid, **extra):
    tid = SH.res("token.create", dict({"name": SH.uniq("life token"), "userid": userid},
                                      **extra))["tokenids"][0]
    return tid, SH.res("token.generate", [tid])[0]["token"]


def can_write(s, auth):
    """Whether auth may call a write an Admin may make: the rename of a host group
    that does not exist answers No permissions (-32500) once past the role check."""
    r = s.call("hostgroup.update", {"groupid": "999999", "name": SH.uniq("x")}, auth=auth)
    err = r.get("error", {})
    if err.get("data") == 'No permissions to call "hostgroup.update".':
        return False
    expect_eq(err.get("code"), -32500, "past the role check: %s" % e2e.short(r))
    return True


@T.test
def a_role_moved_by_a_super_admin_applies_to_open_sessions_and_tokens():
    s = SH.srv()
    uid, name = user("2", [group()])
    sid = s.login(name, PW)
    _, tok = token(uid)
    expect_eq((can_write(s, sid), can_write(s, tok)), (True, True), "Admin role")
    SH.res("user.update", {"userid": uid, "roleid": "1"})
    expect_eq((can_write(s, sid), can_write(s, tok)), (False, False), "moved to User role")
    data = s.result("user.checkAuthentication", {"sessionid": sid})
    expect_eq(data["type"], 1, "checkAuthentication shows the new type")
    SH.res("user.update", {"userid": uid, "roleid": "2"})
    expect_eq((can_write(s, sid), can_write(s, tok)), (True, True), "back to Admin role")
    s.result("user.logout", [], auth=sid)


@T.test
def a_token_expires_at_its_time():
    s = SH.srv()
    uid, _ = user("1", [group()])
    expires = int(time.time()) + 3
    tid, tok = token(uid, expires_at=expires)
    got = s.result("user.get", {"output": ["userid"], "editable": True}, auth=tok)
    expect_eq(got, [{"userid": uid}], "before expires_at")
    ids = SH.res("token.get", {"output": ["tokenid"], "tokenids": tid, "valid_at": expires - 1})
    expect_eq(ids, [{"tokenid": tid}], "valid_at before expires_at")
    expect_eq(SH.res("token.get", {"output": ["tokenid"], "tokenids": tid,
                                   "expired_at": expires - 1}), [], "not expired yet")
    while time.time() < expires + 1:
        time.sleep(0.25)
    expect_error(s.call("user.get", {}, auth=tok), -32500, "API token expired.")
    expect_error(s.call("user.checkAuthentication", {"token": tok}), -32500,
                 "API token expired.")
    expect_eq(SH.res("token.get", {"output": ["tokenid"], "tokenids": tid,
                                   "expired_at": int(time.time())}), [{"tokenid": tid}],
              "expired_at now")
    SH.res("token.update", {"tokenid": tid, "expires_at": int(time.time()) + 3600})
    s.result("user.get", {"output": ["userid"]}, auth=tok)
    # a disabled and expired token is simply not authorized
    SH.res("token.update", {"tokenid": tid, "status": 1, "expires_at": expires})
    expect_error(s.call("user.get", {}, auth=tok), -32602, NOT_AUTHORIZED)


@T.test
def any_disabled_group_of_a_user_locks_it_out():
    s = SH.srv()
    g1, g2 = group(), group()
    uid, name = user("2", [g1, g2])
    sid = s.login(name, PW)
    _, tok = token(uid)
    SH.res("usergroup.update", {"usrgrpid": g2, "users_status": 1})
    expect_error(s.call("user.login", {"username": name, "password": PW}), -32602,
                 "No permissions for system access.")
    expect_error(s.call("user.get", {}, auth=tok), -32602, NOT_AUTHORIZED)
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED)
    SH.res("usergroup.update", {"usrgrpid": g2, "users_status": 0})
    s.result("user.get", {"output": ["userid"]}, auth=tok)
    sid = s.login(name, PW)
    # added to a disabled group by a super admin: locked out at once
    off = group(users_status=1)
    SH.res("usergroup.update", {"usrgrpid": off, "users": [{"userid": uid}]})
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED)
    expect_error(s.call("user.get", {}, auth=tok), -32602, NOT_AUTHORIZED)
    SH.res("usergroup.update", {"usrgrpid": off, "users": []})
    s.login(name, PW)


@T.test
def a_group_without_frontend_access_keeps_the_api():
    s = SH.srv()
    uid, name = user("1", [group(gui_access=3)])
    sid = s.login(name, PW)
    data = s.result("user.checkAuthentication", {"sessionid": sid})
    expect_eq((data["userid"], data["gui_access"]), (uid, "3"), "gui_access 3")
    s.result("user.get", {"output": ["userid"]}, auth=sid)


@T.test
def a_deleted_user_leaves_nothing_behind():
    s = SH.srv()
    g = group()
    uid, name = user("2", [g])
    sid = s.login(name, PW)
    _, tok = token(uid)
    SH.res("user.delete", [uid])
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED)
    expect_error(s.call("user.get", {}, auth=tok), -32602, NOT_AUTHORIZED)
    expect_error(s.call("user.checkAuthentication", {"sessionid": sid}), -32602, TERMINATED)
    expect_error(s.call("user.checkAuthentication", {"token": tok}), -32602, NOT_AUTHORIZED)
    uid2, _ = user("2", [g], name=name)
    if uid2 == uid:
        raise AssertionError("a new user reused the deleted user's id %s" % uid)
    expect_error(s.call("user.get", {}, auth=sid), -32602, TERMINATED, what="same name")
    expect_error(s.call("user.get", {}, auth=tok), -32602, NOT_AUTHORIZED, what="same name")
    expect_eq(SH.res("token.get", {"output": ["tokenid"], "userids": uid2}), [],
              "no token of the new user")


@T.test
def the_admin_password_change_holds_across_a_restart():
    s = e2e.Server(name="life").start()
    old = s.login()
    admin = s.result("user.get", {"output": ["userid"], "filter": {"username": "Admin"}},
                     auth=old)[0]["userid"]
    s.result("user.update", {"userid": admin, "passwd": "Life-Pw-7311"}, auth=old)
    expect_error(s.call("user.login", {"username": "Admin", "password": "zabbix"}), -32500,
                 BAD_LOGIN)
    s.restart()
    expect_error(s.call("user.login", {"username": "Admin", "password": "zabbix"}), -32500,
                 BAD_LOGIN)
    new = s.login("Admin", "Life-Pw-7311")
    expect_eq(s.result("user.get", {"output": ["userid"], "userids": admin}, auth=old),
              [{"userid": admin}], "the session opened before the change")
    s.result("user.logout", [], auth=new)
    s.stop()
    s.cleanup()


if __name__ == "__main__":
    sys.exit(T.main())
