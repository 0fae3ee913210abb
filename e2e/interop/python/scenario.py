#!/usr/bin/env python3
"""Python 3 standard-library client against backlog-xmlrpc (demo mode).

Replays the call set of tksmd/backloglib (the Python 2 legacy library, which
used xmlrpclib.ServerProxy("https://user:pass@space/XML-RPC")) with Python 3's
xmlrpc.client, with strict type checks on every result: ids are int (not
bool), flags are bool, dates are 8-digit strings or "", timestamps 14-digit
strings, hours are float, the user icon arrives as xmlrpc.client.Binary;
every result of every call is walked (typed()) for the members whose type the
legacy API fixes.

Environment: INTEROP_HOST, INTEROP_PORT (the server), INTEROP_EXPECT (JSON
facts about the demo seed, written by interop_test.go).
Output: one JSON line per check (see interop/matrix.go, type Check).
"""
import base64
import hashlib
import http.client
import json
import os
import re
import sys
import xmlrpc.client as xc

HOST = os.environ["INTEROP_HOST"]
PORT = os.environ["INTEROP_PORT"]
E = json.load(open(os.environ["INTEROP_EXPECT"], encoding="utf-8"))
FAILED = 0
STATE = {}


# Member names whose XML-RPC type the legacy API fixes (legacy-api.md §3):
# every result of every call is walked and each of these members checked.
INT_MEMBERS = {"id", "count", "type_id", "parent_issue_id", "initial_value_type", "initial_shift", "specVersion"}
BOOL_MEMBERS = {"archived", "use_chart", "use_parent_child_issue", "required", "allow_input", "mail", "comment"}
FLOAT_MEMBERS = {"estimated_hours", "actual_hours"}
DATE_MEMBERS = {"due_date", "start_date", "date", "initial_date"}
TS_MEMBERS = {"created_on", "updated_on"}
BINARY_MEMBERS = {"data", "burndown_chart"}


def typed(v, path="result"):
    """Raises Mismatch when a member of a known name has the wrong type."""
    if isinstance(v, dict):
        for k, x in v.items():
            p = path + "." + k
            if k in INT_MEMBERS:
                is_int(p, x)
            elif k in BOOL_MEMBERS and not isinstance(x, dict):
                is_bool(p, x)
            elif k in FLOAT_MEMBERS:
                is_float(p, x)
            elif k in DATE_MEMBERS:
                is_date(p, x)
            elif k in TS_MEMBERS:
                is_ts(p, x)
            elif k in BINARY_MEMBERS and not isinstance(x, xc.Binary):
                raise Mismatch("%s is %s, want xmlrpc.client.Binary" % (p, type(x).__name__))
            else:
                typed(x, p)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            typed(x, "%s[%d]" % (path, i))
    elif v is None:
        raise Mismatch("%s is None (<nil/> on the wire)" % path)
    return v


class Checked:
    """A ServerProxy whose every result goes through typed()."""

    def __init__(self, proxy, name=""):
        self._proxy, self._name = proxy, name

    def __getattr__(self, attr):
        name = self._name + "." + attr if self._name else attr
        return Checked(getattr(self._proxy, attr), name)

    def __call__(self, *args):
        return typed(self._proxy(*args), self._name)


def proxy(login, password):
    return Checked(xc.ServerProxy("http://%s:%s@%s:%s/XML-RPC" % (login, password, HOST, PORT)))


demo = proxy(E["demo"]["login"], E["demo"]["password"])
admin = proxy(E["admin"]["login"], E["admin"]["password"])


class Mismatch(Exception):
    pass


def emit(method, name, ok, detail="", group=None):
    global FAILED
    line = {"method": method, "check": name, "ok": bool(ok)}
    if group:
        line["group"] = group
    if detail:
        line["detail"] = detail
    if not ok:
        FAILED += 1
    print(json.dumps(line, ensure_ascii=False), flush=True)


def check(method, name, group=None):
    """Decorator: run fn now, report one check (ok unless it raises)."""
    def wrap(fn):
        try:
            detail = fn()
            emit(method, name, True, detail or "", group)
        except Exception as e:  # every failure is reported, the run goes on
            emit(method, name, False, "%s: %s" % (type(e).__name__, e), group)
        return fn
    return wrap


def eq(what, got, want):
    if got != want:
        raise Mismatch("%s: got %r, want %r" % (what, got, want))


def is_int(what, v):
    if type(v) is not int:
        raise Mismatch("%s: %r is %s, want int" % (what, v, type(v).__name__))
    return v


def is_str(what, v):
    if type(v) is not str:
        raise Mismatch("%s: %r is %s, want str" % (what, v, type(v).__name__))
    return v


def is_bool(what, v):
    if type(v) is not bool:
        raise Mismatch("%s: %r is %s, want bool" % (what, v, type(v).__name__))
    return v


def is_float(what, v):
    if type(v) is not float:
        raise Mismatch("%s: %r is %s, want float" % (what, v, type(v).__name__))
    return v


def is_date(what, v):
    is_str(what, v)
    if not re.fullmatch(r"(\d{8})?", v):
        raise Mismatch("%s: %r is not YYYYMMDD or \"\"" % (what, v))
    return v


def is_ts(what, v):
    is_str(what, v)
    if not re.fullmatch(r"\d{14}", v):
        raise Mismatch("%s: %r is not yyyyMMddHHmmss" % (what, v))
    return v


def id_name(what, v):
    is_int(what + ".id", v["id"])
    is_str(what + ".name", v["name"])
    return {"id": v["id"], "name": v["name"]}


def check_issue(what, i):
    is_int(what + ".id", i["id"])
    for k in ("key", "summary", "description", "url"):
        is_str(what + "." + k, i[k])
    is_date(what + ".due_date", i["due_date"])
    for k in ("start_date",):
        if k in i:
            is_date(what + "." + k, i[k])
    for k in ("estimated_hours", "actual_hours"):
        if k in i:
            is_float(what + "." + k, i[k])
    is_ts(what + ".created_on", i["created_on"])
    is_ts(what + ".updated_on", i["updated_on"])
    id_name(what + ".issueType", i["issueType"])
    is_str(what + ".issueType.color", i["issueType"]["color"])
    id_name(what + ".priority", i["priority"])
    id_name(what + ".status", i["status"])
    id_name(what + ".created_user", i["created_user"])
    if "assigner" in i:
        id_name(what + ".assigner", i["assigner"])
    for k in ("components", "versions", "milestones"):
        if type(i[k]) is not list:
            raise Mismatch("%s.%s is not a list" % (what, k))
    eq(what + ".url", i["url"], E["legacy_base"] + "/view/" + i["key"])
    return i


def fault_code(fn):
    try:
        fn()
    except xc.Fault as f:
        return f.faultCode, f.faultString
    raise Mismatch("no fault")


P = E["project"]
PID = P["id"]


# ---- auth -----------------------------------------------------------------
@check("-", "no credentials: 401 + realm challenge", group="auth")
def _():
    body = xc.dumps((), "backlog.getProjects")
    c = http.client.HTTPConnection(HOST, int(PORT), timeout=10)
    c.request("POST", "/XML-RPC", body, {"Content-Type": "text/xml"})
    r = c.getresponse()
    r.read()
    eq("status", r.status, 401)
    eq("WWW-Authenticate", r.getheader("WWW-Authenticate"), 'Basic realm="Backlog Basic Authenticate"')
    return "HTTP 401, " + r.getheader("WWW-Authenticate")


@check("-", "user:password@ URL (pre-emptive Basic) accepted", group="auth")
def _():
    ps = demo.backlog.getProjects()
    if not ps:
        raise Mismatch("no projects")


# ---- projects ---------------------------------------------------------------
@check("backlog.getProjects", "projects of the demo user, typed")
def _():
    ps = demo.backlog.getProjects()
    for p in ps:
        is_int("id", p["id"])
        is_str("key", p["key"])
        is_str("name", p["name"])
        is_bool("archived", p["archived"])
        eq("url", p["url"], E["legacy_base"] + "/projects/" + p["key"])
    eq("ids", sorted(p["id"] for p in ps), sorted(E["demo_project_ids"]))


@check("backlog.getProject", "by key and by id")
def _():
    by_key = demo.backlog.getProject(P["key"])
    by_id = demo.backlog.getProject(PID)
    for p in (by_key, by_id):
        eq("id", is_int("id", p["id"]), PID)
        eq("key", p["key"], P["key"])
        eq("name", p["name"], P["name"])
        is_bool("archived", p["archived"])


@check("backlog.getProject", "unknown key: empty struct, no fault")
def _():
    eq("result", demo.backlog.getProject("NO_SUCH_PROJECT"), {})


# ---- project settings -------------------------------------------------------
@check("backlog.getIssueTypes", "issue types of the project")
def _():
    got = demo.backlog.getIssueTypes(PID)
    eq("issue types", [{"id": is_int("id", t["id"]), "name": t["name"], "color": is_str("color", t["color"])} for t in got],
       E["issue_types"])


@check("backlog.getComponents", "categories of the project")
def _():
    got = demo.backlog.getComponents(PID)
    eq("components", [id_name("component", c) for c in got], E["components"])


@check("backlog.getVersions", "versions/milestones with YYYYMMDD dates")
def _():
    got = demo.backlog.getVersions(PID)
    eq("versions", [{"id": is_int("id", v["id"]), "name": v["name"], "date": is_date("date", v["date"])} for v in got],
       E["versions"])


@check("backlog.getUsers", "project members")
def _():
    got = demo.backlog.getUsers(PID)
    eq("users", sorted((id_name("user", u)["id"], u["name"]) for u in got),
       sorted((u["id"], u["name"]) for u in E["members"]))


# ---- issues (read) ----------------------------------------------------------
I = E["issue"]


@check("backlog.getIssue", "seed issue by key, typed")
def _():
    i = check_issue("issue", demo.backlog.getIssue(I["key"]))
    eq("id", i["id"], I["id"])
    eq("summary", i["summary"], I["summary"])
    eq("status.id", i["status"]["id"], I["status_id"])
    eq("issueType.id", i["issueType"]["id"], I["issue_type_id"])
    eq("priority.id", i["priority"]["id"], I["priority_id"])


@check("backlog.getIssue", "seed issue by id equals by key")
def _():
    eq("by id", demo.backlog.getIssue(I["id"]), demo.backlog.getIssue(I["key"]))


@check("backlog.getComments", "comments oldest first, typed")
def _():
    cs = demo.backlog.getComments(I["id"])
    for c in cs:
        is_int("id", c["id"])
        is_str("content", c["content"])
        id_name("created_user", c["created_user"])
        is_ts("created_on", c["created_on"])
    eq("comment ids", [c["id"] for c in cs], [c["id"] for c in I["comments"]])
    eq("contents", [c["content"] for c in cs], [c["content"] for c in I["comments"]])


@check("backlog.getChildIssues", "children of the seed parent")
def _():
    par = E["parent"]
    got = demo.backlog.getChildIssues(par["id"])
    kids = got[str(par["id"])] if isinstance(got, dict) else got
    eq("child keys", sorted(check_issue("child", c)["key"] for c in kids), sorted(par["children"]))


# ---- issues (write) ---------------------------------------------------------
SUMMARY = "interop python 課題 ☃"


@check("backlog.createIssue", "create with type, priority, due date, hours")
def _():
    it = E["issue_types"][-1]
    i = check_issue("created", demo.backlog.createIssue({
        "projectId": PID, "summary": SUMMARY, "description": "line1\nline2 <&>",
        "issueTypeId": it["id"], "priorityId": 2, "due_date": "20301231",
        "estimated_hours": 2.5,
    }))
    STATE["issue"] = i
    eq("summary", i["summary"], SUMMARY)
    eq("description", i["description"], "line1\nline2 <&>")
    eq("status", i["status"]["id"], 1)
    eq("priority", i["priority"]["id"], 2)
    eq("issueType", i["issueType"]["id"], it["id"])
    eq("due_date", i["due_date"], "20301231")
    eq("estimated_hours", i.get("estimated_hours"), 2.5)
    eq("created_user", i["created_user"]["id"], E["demo"]["id"])
    if not i["key"].startswith(P["key"] + "-"):
        raise Mismatch("key %r" % i["key"])
    return i["key"]


@check("backlog.getIssue", "read back the created issue")
def _():
    i = check_issue("read", demo.backlog.getIssue(STATE["issue"]["key"]))
    eq("same as created", i["summary"], SUMMARY)
    eq("id", i["id"], STATE["issue"]["id"])


@check("backlog.updateIssue", "summary, assignee, hours, comment")
def _():
    i = check_issue("updated", demo.backlog.updateIssue({
        "key": STATE["issue"]["key"], "summary": SUMMARY + " v2",
        "assignerId": E["demo"]["id"], "actual_hours": 1.25, "comment": "updated by python",
    }))
    eq("summary", i["summary"], SUMMARY + " v2")
    eq("assigner", i["assigner"]["id"], E["demo"]["id"])
    eq("actual_hours", i.get("actual_hours"), 1.25)


@check("backlog.updateIssue", "backloglib's misspelt member assinerId is ignored (assignee unchanged)")
def _():
    i = check_issue("typo", demo.backlog.updateIssue({"key": STATE["issue"]["key"], "assinerId": E["admin"]["id"]}))
    eq("assigner", i["assigner"]["id"], E["demo"]["id"])


@check("backlog.switchStatus", "open -> in progress")
def _():
    i = check_issue("switched", demo.backlog.switchStatus({
        "key": STATE["issue"]["key"], "statusId": 2, "comment": "started"}))
    eq("status", i["status"]["id"], 2)


@check("backlog.addComment", "add a comment")
def _():
    c = demo.backlog.addComment({"key": STATE["issue"]["key"], "content": "コメント from python"})
    is_int("id", c["id"])
    eq("content", c["content"], "コメント from python")
    eq("created_user", c["created_user"]["id"], E["demo"]["id"])
    is_ts("created_on", c["created_on"])


@check("backlog.getComments", "the new comment is the last one")
def _():
    cs = demo.backlog.getComments(STATE["issue"]["id"])
    eq("last content", cs[-1]["content"], "コメント from python")


# ---- search -----------------------------------------------------------------
@check("backlog.countIssue", "count all, and in progress")
def _():
    eq("all", is_int("count", demo.backlog.countIssue({"projectId": PID})), E["count_total"] + 1)
    eq("status 2", demo.backlog.countIssue({"projectId": PID, "statusId": 2}), E["count_by_status"]["2"] + 1)
    eq("status [1,2]", demo.backlog.countIssue({"projectId": PID, "statusId": [1, 2]}),
       E["count_by_status"]["1"] + E["count_by_status"]["2"] + 1)


@check("backlog.findIssue", "by status, by keyword, sort and order")
def _():
    found = demo.backlog.findIssue({"projectId": PID, "statusId": 2, "limit": 100})
    for i in found:
        eq("status of " + i["key"], check_issue("found", i)["status"]["id"], 2)
    if STATE["issue"]["key"] not in [i["key"] for i in found]:
        raise Mismatch("created issue not found by status")
    eq("by keyword", [i["key"] for i in demo.backlog.findIssue({"projectId": PID, "query": SUMMARY})],
       [STATE["issue"]["key"]])
    asc = demo.backlog.findIssue({"projectId": PID, "sort": "CREATED", "order": True, "limit": 100})
    eq("count", len(asc), min(100, E["count_total"] + 1))
    eq("ascending by created", [i["created_on"] for i in asc], sorted(i["created_on"] for i in asc))
    eq("newest last", asc[-1]["key"], STATE["issue"]["key"])


# ---- project settings CRUD (administrator) -----------------------------------
@check("backlog.addIssueType", "add, update, delete with substitute")
def _():
    t = admin.backlog.addIssueType({"project_id": PID, "name": "py種別", "color": "#e30000"})
    eq("name", t["name"], "py種別")
    eq("color", t["color"], "#e30000")
    STATE["it"] = is_int("id", t["id"])


@check("backlog.updateIssueType", "rename and recolor")
def _():
    t = admin.backlog.updateIssueType({"id": STATE["it"], "name": "py種別2", "color": "#934981"})
    eq("result", (t["id"], t["name"], t["color"]), (STATE["it"], "py種別2", "#934981"))


@check("backlog.deleteIssueType", "delete with substitute_id")
def _():
    t = admin.backlog.deleteIssueType({"id": STATE["it"], "substitute_id": E["issue_types"][0]["id"]})
    eq("deleted id", t["id"], STATE["it"])
    if STATE["it"] in [x["id"] for x in demo.backlog.getIssueTypes(PID)]:
        raise Mismatch("still listed")


@check("backlog.addVersion", "add with dates")
def _():
    v = admin.backlog.addVersion({"project_id": PID, "name": "py-1.0", "start_date": "20300101", "due_date": "20300331"})
    eq("result", (v["name"], v["start_date"], v["due_date"], is_bool("archived", v["archived"])),
       ("py-1.0", "20300101", "20300331", False))
    STATE["ver"] = is_int("id", v["id"])


@check("backlog.updateVersion", "rename and archive")
def _():
    v = admin.backlog.updateVersion({"id": STATE["ver"], "name": "py-1.1", "archived": True})
    eq("result", (v["id"], v["name"], v["archived"]), (STATE["ver"], "py-1.1", True))


@check("backlog.deleteVersion", "delete by bare id")
def _():
    v = admin.backlog.deleteVersion(STATE["ver"])
    eq("deleted", v["id"], STATE["ver"])
    if STATE["ver"] in [x["id"] for x in demo.backlog.getVersions(PID)]:
        raise Mismatch("still listed")


@check("backlog.addComponent", "add")
def _():
    c = admin.backlog.addComponent({"project_id": PID, "name": "pyカテゴリ"})
    eq("name", c["name"], "pyカテゴリ")
    STATE["comp"] = is_int("id", c["id"])


@check("backlog.updateComponent", "rename")
def _():
    c = admin.backlog.updateComponent({"id": STATE["comp"], "name": "pyカテゴリ2"})
    eq("result", (c["id"], c["name"]), (STATE["comp"], "pyカテゴリ2"))


@check("backlog.deleteComponent", "delete by bare id")
def _():
    c = admin.backlog.deleteComponent(STATE["comp"])
    eq("deleted", c["id"], STATE["comp"])
    eq("listed", [x for x in demo.backlog.getComponents(PID) if x["id"] == STATE["comp"]], [])


# ---- timeline / summaries -----------------------------------------------------
@check("backlog.getTimeline", "newest first, at most 50, our changes present")
def _():
    tl = demo.backlog.getTimeline()
    if not 0 < len(tl) <= 50:
        raise Mismatch("len %d" % len(tl))
    for e in tl:
        id_name("type", e["type"])
        is_str("content", e["content"])
        is_ts("updated_on", e["updated_on"])
        id_name("user", e["user"])
        is_int("issue.id", e["issue"]["id"])
        is_str("issue.key", e["issue"]["key"])
    eq("newest first", [e["updated_on"] for e in tl], sorted((e["updated_on"] for e in tl), reverse=True))
    mine = [e for e in tl if e["issue"]["key"] == STATE["issue"]["key"]]
    types = {e["type"]["id"] for e in mine}
    if not {1, 2, 3} <= types:
        raise Mismatch("activity types for the created issue: %r" % sorted(types))
    # The legacy rendering of an update: "[ attribute:new value ]", a blank
    # line, then the update's comment.
    in_progress = [st["name"] for st in E["statuses"] if st["id"] == 2][0]
    want = "[ 状態:%s ]\n\nstarted" % in_progress
    if want not in [e["content"] for e in mine if e["type"]["id"] == 2]:
        raise Mismatch("no update entry %r among %r" % (want, [e["content"] for e in mine]))


@check("backlog.getProjectSummary", "status counts add up")
def _():
    s = demo.backlog.getProjectSummary(PID)
    eq("id", s["id"], PID)
    eq("key", s["key"], P["key"])
    counts = {is_int("status.id", st["id"]): is_int("count", st["count"]) for st in s["statuses"]}
    # statuses 1-4 first, then the project's custom statuses, each issue once
    eq("first four status ids", [st["id"] for st in s["statuses"]][:4], [1, 2, 3, 4])
    eq("total", sum(counts.values()), E["count_total"] + 1)
    eq("in progress", counts[2], E["count_by_status"]["2"] + 1)


@check("backlog.getProjectSummaries", "one per joined project, archived included")
def _():
    ss = demo.backlog.getProjectSummaries()
    eq("ids", sorted(s["id"] for s in ss), sorted(E["demo_project_ids"]))


# ---- users / icons --------------------------------------------------------------
@check("backlog.getUser", "by numeric id and by login id")
def _():
    a = demo.backlog.getUser(E["demo"]["id"])
    b = demo.backlog.getUser(E["demo"]["login"])
    eq("same", a, b)
    eq("id", is_int("id", a["id"]), E["demo"]["id"])
    eq("name", a["name"], E["demo"]["name"])
    if "lang" in a:
        is_str("lang", a["lang"])
    if "updated_on" in a:  # v2 has no user timestamps: omitted (methods' decision)
        is_ts("updated_on", a["updated_on"])


@check("backlog.getUserIcon", "base64 arrives as xmlrpc.client.Binary with image bytes")
def _():
    ic = demo.backlog.getUserIcon(E["demo"]["id"])
    eq("id", ic["id"], E["demo"]["id"])
    if not isinstance(ic["data"], xc.Binary):
        raise Mismatch("data is %s, want xmlrpc.client.Binary" % type(ic["data"]).__name__)
    data = ic["data"].data
    ct = is_str("content_type", ic["content_type"])
    magic = {"image/gif": b"GIF8", "image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8"}
    if ct not in magic or not data.startswith(magic[ct]):
        raise Mismatch("content_type %r with bytes %r" % (ct, data[:8]))
    return "%s, %d bytes" % (ct, len(data))


# ---- enumerations ---------------------------------------------------------------
for meth, key in (("getStatuses", "statuses"), ("getPriorities", "priorities"),
                  ("getResolutions", "resolutions"), ("getActivityTypes", "activity_types")):
    @check("backlog." + meth, "matches the seed")
    def _(meth=meth, key=key):
        got = getattr(demo.backlog, meth)()
        eq(key, [id_name(key, x) for x in got], E[key])


# ---- admin: users -----------------------------------------------------------------
@check("backlog.admin.getUsers", "every user with role strings")
def _():
    us = admin.backlog.admin.getUsers()
    roles = {"admin", "normal-user", "reporter", "viewer", "guest-reporter", "guest-viewer"}
    for u in us:
        is_int("id", u["id"])
        is_str("user_id", u["user_id"])
        if u["role"] not in roles:
            raise Mismatch("role %r" % u["role"])
    eq("users", sorted((u["id"], u["user_id"], u["role"]) for u in us),
       sorted((u["id"], u["user_id"], u["role"]) for u in E["all_users"]))


@check("backlog.admin.addUser", "add (password_md5 + plain password)")
def _():
    u = admin.backlog.admin.addUser({
        "user_id": "pyuser", "password_md5": hashlib.md5(b"pypass-123").hexdigest(),
        "password": "pypass-123", "name": "パイソン", "mail_address": "py@example.com", "role": "normal-user"})
    eq("result", (u["user_id"], u["name"], u["mail_address"], u["role"]),
       ("pyuser", "パイソン", "py@example.com", "normal-user"))
    STATE["user"] = is_int("id", u["id"])


@check("backlog.admin.updateUser", "rename, change role")
def _():
    u = admin.backlog.admin.updateUser({"id": STATE["user"], "name": "パイソン2", "role": "reporter"})
    eq("result", (u["id"], u["name"], u["role"]), (STATE["user"], "パイソン2", "reporter"))


@check("backlog.admin.deleteUser", "delete by bare id")
def _():
    u = admin.backlog.admin.deleteUser(STATE["user"])
    eq("deleted", u["id"], STATE["user"])
    if STATE["user"] in [x["id"] for x in admin.backlog.admin.getUsers()]:
        raise Mismatch("still listed")


# ---- admin: projects ----------------------------------------------------------------
@check("backlog.admin.getProjects", "every project, with use_chart and timestamps")
def _():
    ps = admin.backlog.admin.getProjects()
    for p in ps:
        is_bool("use_chart", p["use_chart"])
        is_bool("archived", p["archived"])
    eq("ids", sorted(p["id"] for p in ps), sorted(E["all_project_ids"]))


@check("backlog.admin.addProject", "add")
def _():
    # backloglib misspells use_chart as use_char: an unknown member, ignored.
    p = admin.backlog.admin.addProject({"name": "パイソン計画", "key": "PYPROJ", "use_chart": True, "use_char": "x"})
    eq("result", (p["name"], p["key"], p["use_chart"], p["archived"]), ("パイソン計画", "PYPROJ", True, False))
    STATE["proj"] = is_int("id", p["id"])


@check("backlog.admin.updateProject", "rename and archive")
def _():
    p = admin.backlog.admin.updateProject({"id": STATE["proj"], "name": "パイソン計画2", "archived": True})
    eq("result", (p["id"], p["name"], p["archived"]), (STATE["proj"], "パイソン計画2", True))


@check("backlog.admin.getProjectUsers", "members of the seed project")
def _():
    us = admin.backlog.admin.getProjectUsers(PID)
    eq("members", sorted(is_int("id", u["id"]) for u in us), sorted(u["id"] for u in E["members"]))
    for u in us:
        is_str("user_id", u["user_id"])


@check("backlog.admin.addProjectUser", "add demo to the new project")
def _():
    us = admin.backlog.admin.addProjectUser({"project_id": STATE["proj"], "user_id": E["demo"]["id"]})
    if E["demo"]["id"] not in [u["id"] for u in us]:
        raise Mismatch("demo not in %r" % us)


@check("backlog.admin.updateProjectUsers", "replace the member list")
def _():
    us = admin.backlog.admin.updateProjectUsers({"project_id": STATE["proj"], "user_id": [E["admin"]["id"]]})
    eq("members", [u["id"] for u in us], [E["admin"]["id"]])


@check("backlog.admin.deleteProjectUser", "remove, then add back and remove demo")
def _():
    admin.backlog.admin.addProjectUser({"project_id": STATE["proj"], "user_id": E["demo"]["id"]})
    us = admin.backlog.admin.deleteProjectUser({"project_id": STATE["proj"], "user_id": E["demo"]["id"]})
    eq("members", [u["id"] for u in us], [E["admin"]["id"]])


@check("backlog.admin.deleteProject", "delete by bare id")
def _():
    p = admin.backlog.admin.deleteProject(STATE["proj"])
    eq("deleted", p["id"], STATE["proj"])
    if STATE["proj"] in [x["id"] for x in admin.backlog.admin.getProjects()]:
        raise Mismatch("still listed")


# ---- faults -------------------------------------------------------------------------
@check("system.listMethods", "lists the 49 legacy methods")
def _():
    ms = demo.system.listMethods()
    missing = [m for m in E["legacy_methods"] if m not in ms]
    eq("missing", missing, [])


@check("system.multicall", "xmlrpc.client.MultiCall: two results and a fault, in order")
def _():
    mc = xc.MultiCall(xc.ServerProxy("http://%s:%s@%s:%s/XML-RPC" % (E["demo"]["login"], E["demo"]["password"], HOST, PORT)))
    mc.backlog.getIssue(I["key"])
    mc.backlog.getStatuses()
    mc.backlog.getHoge()
    it = iter(mc())
    eq("first", next(it)["key"], I["key"])
    eq("second", [x["id"] for x in next(it)], [s["id"] for s in E["statuses"]])
    try:
        next(it)
    except xc.Fault as f:
        eq("third faultCode", f.faultCode, -32601)
        return "results, then Fault %d" % f.faultCode
    raise Mismatch("third call did not raise its fault")


@check("backlog.updateIssue", "allow_none=True: a None member (<nil/>) leaves the field unchanged")
def _():
    p = xc.ServerProxy("http://%s:%s@%s:%s/XML-RPC" % (E["demo"]["login"], E["demo"]["password"], HOST, PORT), allow_none=True)
    before = demo.backlog.getIssue(STATE["issue"]["key"])
    after = typed(p.backlog.updateIssue({"key": STATE["issue"]["key"], "description": None, "summary": before["summary"]}))
    eq("description", after["description"], before["description"])


@check("-", "unknown method -> Fault -32601", group="faults")
def _():
    code, s = fault_code(lambda: demo.backlog.getHoge())
    eq("faultCode", code, -32601)
    return "Fault %d %s" % (code, s)


@check("-", "createIssue without projectId -> Fault -32602", group="faults")
def _():
    code, s = fault_code(lambda: demo.backlog.createIssue({"summary": "no project"}))
    eq("faultCode", code, -32602)
    return "Fault %d %s" % (code, s)


@check("-", "normal user calling admin.getUsers -> Fault 403", group="faults")
def _():
    code, s = fault_code(lambda: demo.backlog.admin.getUsers())
    eq("faultCode", code, 403)
    return "Fault %d %s" % (code, s)


@check("-", "wrong password -> ProtocolError 401", group="faults")
def _():
    try:
        proxy(E["demo"]["login"], "wrong-password").backlog.getProjects()
    except xc.ProtocolError as e:
        eq("errcode", e.errcode, 401)
        return "ProtocolError %d %s" % (e.errcode, e.errmsg)
    raise Mismatch("no error")


sys.exit(1 if FAILED else 0)
