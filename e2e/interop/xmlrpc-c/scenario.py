#!/usr/bin/env python3
"""xmlrpc-c's command-line client `xmlrpc` (Debian libxmlrpc-core-c3-dev) and
`xml-rpc-api2txt` (Debian xmlrpc-api-utils) against backlog-xmlrpc.

This file is only the harness: every call is made by the `xmlrpc` binary
(curl transport, CRLF line ends, encoding="UTF-8", scalar parameters only:
i/ int, s/ string, b/ boolean, d/ double), and its printed result is parsed
back into values and compared with the demo seed. The CLI cannot send a
struct, so its call set is the scalar-parameter methods: reads by id or key,
the deletes by bare id (deleteComponent, deleteVersion, admin.deleteUser,
admin.deleteProject) followed by a read proving the delete, and the faults.
`xml-rpc-api2txt` walks system.listMethods, then system.multicall of
system.methodSignature + system.methodHelp for every method; it dies unless an
unknown signature is the string "undef".

Output: one JSON line per check (interop/matrix.go, type Check).
"""
import json
import os
import re
import subprocess
import sys

URL = os.environ["INTEROP_URL"]
E = json.load(open(os.environ["INTEROP_EXPECT"], encoding="utf-8"))
P = E["project"]
PID = P["id"]
FAILED = 0
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")


class Mismatch(Exception):
    pass


class CallFailed(Exception):
    def __init__(self, text, rc):
        super().__init__(text)
        self.text, self.rc = text, rc
        m = re.search(r"XML-RPC fault code (-?\d+)", text)
        self.fault_code = int(m.group(1)) if m else None


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
    def wrap(fn):
        try:
            emit(method, name, True, fn() or "", group)
        except Exception as e:
            emit(method, name, False, "%s: %s" % (type(e).__name__, e), group)
        return fn
    return wrap


def eq(what, got, want):
    if got != want:
        raise Mismatch("%s: got %r, want %r" % (what, got, want))


# ---- the CLI and a parser for what it prints -------------------------------------

def xmlrpc(login, password, method, *params):
    """Runs `xmlrpc URL method params... -username -password` and returns the
    parsed result; raises CallFailed with the CLI's text when it fails."""
    argv = ["xmlrpc", URL, method, *params, "-username=" + login, "-password=" + password]
    p = subprocess.run(argv, capture_output=True, env=ENV, timeout=60)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    if p.returncode != 0:
        raise CallFailed(out.strip(), p.returncode)
    lines = p.stdout.decode("utf-8").splitlines()
    try:
        start = lines.index("Result:") + 1
    except ValueError:
        raise Mismatch("no 'Result:' in output: %r" % out)
    body = [ln.strip() for ln in lines[start:] if ln.strip()]
    v, n = parse(body, 0, body[0])
    return v


def unescape(s):
    # The CLI prints non-ASCII bytes as \xNN and quotes strings with '.
    b = bytearray()
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            c = s[i + 1]
            if c == "x":
                b.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            b.extend({"n": b"\n", "r": b"\r", "t": b"\t"}.get(c, c.encode()))
            i += 2
            continue
        b.extend(s[i].encode("utf-8"))
        i += 1
    return b.decode("utf-8")


def parse(lines, i, text):
    """Parses the value whose description is `text` (which came from lines[i]);
    returns (value, index of the next unread line)."""
    i += 1
    m = re.fullmatch(r"Array of (\d+) items:", text)
    if m:
        out = []
        for _ in range(int(m.group(1))):
            mm = re.fullmatch(r"Index\s+\d+ (.*)", lines[i])
            v, i = parse(lines, i, mm.group(1))
            out.append(v)
        return out, i
    m = re.fullmatch(r"Struct of (\d+) members:", text)
    if m:
        out = {}
        for _ in range(int(m.group(1))):
            km = re.fullmatch(r"Key:\s+String: '(.*)'", lines[i])
            vm = re.fullmatch(r"Value: (.*)", lines[i + 1])
            v, i = parse(lines, i + 1, vm.group(1))
            out[unescape(km.group(1))] = v
        return out, i
    m = re.fullmatch(r"Integer: (-?\d+)", text)
    if m:
        return int(m.group(1)), i
    m = re.fullmatch(r"String: '(.*)'", text)
    if m:
        return unescape(m.group(1)), i
    if text == "String:":
        # A multi-line string: one line per source line, each ending in \n
        # except the last; numbered inside a struct or array ("Value:   1.
        # text\n"); as the whole result only indented ("  text\n", which
        # xmlrpc() has stripped), running to the end of the output.
        parts = []
        numbered = re.fullmatch(r"(?:Value:)?\s*\d+\. (.*)", lines[i]) if i < len(lines) else None
        while i < len(lines):
            mm = re.fullmatch(r"(?:Value:)?\s*\d+\. (.*)" if numbered else r"(.*)", lines[i])
            if not mm:
                break
            parts.append(unescape(mm.group(1)))
            i += 1
        return "".join(parts), i
    m = re.fullmatch(r"Boolean: (TRUE|FALSE)", text)
    if m:
        return m.group(1) == "TRUE", i
    m = re.fullmatch(r"Floating Point: (.*)", text)
    if m:
        return float(m.group(1)), i
    m = re.fullmatch(r"Bit string: ([0-9a-fA-F]*)", text)
    if m:
        return bytes.fromhex(m.group(1)), i
    raise Mismatch("cannot parse CLI output line %r" % text)


def demo(method, *params):
    return xmlrpc(E["demo"]["login"], E["demo"]["password"], method, *params)


def admin(method, *params):
    return xmlrpc(E["admin"]["login"], E["admin"]["password"], method, *params)


def fails(fn):
    try:
        fn()
    except CallFailed as e:
        return e
    raise Mismatch("the call did not fail")


# ---- auth ----------------------------------------------------------------------------------

@check("-", "-username/-password (curl Basic) accepted", group="auth")
def _():
    eq("statuses", len(demo("backlog.getStatuses")), 4)


# ---- reads by scalar -------------------------------------------------------------------

@check("backlog.getProjects", "no params")
def _():
    eq("ids", sorted(p["id"] for p in demo("backlog.getProjects")), sorted(E["demo_project_ids"]))


@check("backlog.getProject", "s/KEY and i/ID")
def _():
    a = demo("backlog.getProject", "s/" + P["key"])
    b = demo("backlog.getProject", "i/%d" % PID)
    eq("by key", (a["id"], a["key"], a["name"]), (PID, P["key"], P["name"]))
    eq("by id", b, a)


@check("backlog.getProject", "an unknown key: empty struct, no fault")
def _():
    eq("result", demo("backlog.getProject", "s/NO_SUCH_KEY"), {})


@check("-", "getProject with a 4 KB string that is no project key -> fault code -32602", group="faults")
def _():
    # methods/ refuses keys that are not key-shaped (at most 128 of [A-Za-z0-9_-]).
    e = fails(lambda: demo("backlog.getProject", "s/" + "X" * 4096))
    eq("fault code", e.fault_code, -32602)
    return e.text.splitlines()[-1]


@check("backlog.getIssueTypes", "i/projectId")
def _():
    eq("types", [{"id": t["id"], "name": t["name"], "color": t["color"]} for t in demo("backlog.getIssueTypes", "i/%d" % PID)],
       E["issue_types"])


@check("backlog.getUsers", "i/projectId")
def _():
    eq("members", sorted(u["id"] for u in demo("backlog.getUsers", "i/%d" % PID)), sorted(u["id"] for u in E["members"]))


@check("backlog.getIssue", "s/KEY-n (untyped shortcut) and i/id")
def _():
    I = E["issue"]
    a = demo("backlog.getIssue", I["key"])
    eq("issue", (a["id"], a["summary"], a["status"]["id"]), (I["id"], I["summary"], I["status_id"]))
    eq("by id", demo("backlog.getIssue", "i/%d" % I["id"]), a)


@check("backlog.getComments", "i/issueId")
def _():
    I = E["issue"]
    eq("comments", [(c["id"], c["content"]) for c in demo("backlog.getComments", "i/%d" % I["id"])],
       [(c["id"], c["content"]) for c in I["comments"]])


@check("backlog.getChildIssues", "i/parent id")
def _():
    got = demo("backlog.getChildIssues", "i/%d" % E["parent"]["id"])
    kids = got[str(E["parent"]["id"])] if isinstance(got, dict) else got
    eq("children", sorted(c["key"] for c in kids), sorted(E["parent"]["children"]))


@check("backlog.getProjectSummary", "i/projectId: counts add up")
def _():
    s = demo("backlog.getProjectSummary", "i/%d" % PID)
    eq("total", sum(st["count"] for st in s["statuses"]), E["count_total"])


@check("backlog.getUser", "s/login")
def _():
    u = demo("backlog.getUser", "s/" + E["demo"]["login"])
    eq("user", (u["id"], u["name"]), (E["demo"]["id"], E["demo"]["name"]))


@check("backlog.getUserIcon", "base64 printed as a bit string of image bytes")
def _():
    ic = demo("backlog.getUserIcon", "i/%d" % E["demo"]["id"])
    data = ic["data"]
    if not isinstance(data, bytes) or not (data.startswith(b"GIF8") or data.startswith(b"\x89PNG")):
        raise Mismatch("data %r" % (data[:8],))
    return "%s, %d bytes" % (ic["content_type"], len(data))


@check("backlog.getStatuses", "no params")
def _():
    eq("statuses", [{"id": s["id"], "name": s["name"]} for s in demo("backlog.getStatuses")], E["statuses"])


@check("backlog.admin.getProjectUsers", "i/projectId as admin")
def _():
    eq("members", sorted(u["id"] for u in admin("backlog.admin.getProjectUsers", "i/%d" % PID)), sorted(u["id"] for u in E["members"]))


# ---- deletes by bare id, proven by a read ---------------------------------------------

@check("backlog.deleteComponent", "i/id of a seed category, then gone from getComponents")
def _():
    victim = E["components"][-1]
    got = admin("backlog.deleteComponent", "i/%d" % victim["id"])
    eq("deleted", (got["id"], got["name"]), (victim["id"], victim["name"]))
    eq("left", [c["id"] for c in demo("backlog.getComponents", "i/%d" % PID)], [c["id"] for c in E["components"][:-1]])


@check("backlog.deleteVersion", "i/id of a seed version, then gone from getVersions")
def _():
    victim = E["versions"][-1]
    got = admin("backlog.deleteVersion", "i/%d" % victim["id"])
    eq("deleted", (got["id"], got["name"]), (victim["id"], victim["name"]))
    eq("left", [v["id"] for v in demo("backlog.getVersions", "i/%d" % PID)], [v["id"] for v in E["versions"][:-1]])


@check("backlog.admin.deleteUser", "i/id of a seed user that is no demo account")
def _():
    victim = E["deletable_user"]
    got = admin("backlog.admin.deleteUser", "i/%d" % victim["id"])
    eq("deleted", (got["id"], got["user_id"]), (victim["id"], victim["user_id"]))
    if victim["id"] in [u["id"] for u in admin("backlog.admin.getUsers")]:
        raise Mismatch("still listed")


@check("backlog.admin.deleteProject", "i/id of a seed project, then gone from admin.getProjects")
def _():
    victim = E["deletable_project"]
    got = admin("backlog.admin.deleteProject", "i/%d" % victim["id"])
    eq("deleted", (got["id"], got["key"]), (victim["id"], victim["key"]))
    if victim["id"] in [p["id"] for p in admin("backlog.admin.getProjects")]:
        raise Mismatch("still listed")


# ---- introspection ------------------------------------------------------------------------

@check("system.methodSignature", "a legacy method's signature")
def _():
    sig = demo("system.methodSignature", "s/backlog.getIssue")
    if not (isinstance(sig, list) and all(isinstance(s, list) for s in sig) or sig == "undef"):
        raise Mismatch("signature %r" % (sig,))
    return json.dumps(sig)


@check("system.getCapabilities", "xmlrpc, faults_interop (20010516), system.multicall")
def _():
    caps = demo("system.getCapabilities")
    eq("faults_interop", caps["faults_interop"], {"specUrl": "http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", "specVersion": 20010516})
    for name in ("xmlrpc", "system.multicall"):
        if name not in caps:
            raise Mismatch("capability %s missing from %r" % (name, sorted(caps)))
    return ", ".join(sorted(caps))


@check("system.methodHelp", "help of a legacy method is a string that lists its parameters")
def _():
    h = demo("system.methodHelp", "s/backlog.getIssue")
    if not isinstance(h, str) or "Parameters:" not in h or "issueId" not in h:
        raise Mismatch("help %r" % (h,))


@check("system.multicall", "xml-rpc-api2txt walks every method (listMethods + multicall of signature/help)")
def _():
    url = URL.replace("://", "://%s:%s@" % (E["demo"]["login"], E["demo"]["password"]), 1)
    p = subprocess.run(["xml-rpc-api2txt", url], capture_output=True, env=ENV, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        raise Mismatch("exit %d: %s" % (p.returncode, (p.stderr.decode("utf-8", "replace") + out)[-800:]))
    missing = [m for m in E["legacy_methods"] if m not in out]
    eq("methods missing from the dump", missing, [])
    return "%d lines, all 49 methods" % len(out.splitlines())


# ---- faults ------------------------------------------------------------------------------------

@check("-", "unknown method -> fault code -32601", group="faults")
def _():
    e = fails(lambda: demo("backlog.getHoge"))
    eq("fault code", e.fault_code, -32601)
    return e.text.splitlines()[-1]


@check("-", "getIssue without its parameter -> fault code -32602", group="faults")
def _():
    e = fails(lambda: demo("backlog.getIssue"))
    eq("fault code", e.fault_code, -32602)
    return e.text.splitlines()[-1]


@check("-", "normal user on admin.deleteUser -> fault code 403", group="faults")
def _():
    e = fails(lambda: demo("backlog.admin.deleteUser", "i/%d" % E["admin"]["id"]))
    eq("fault code", e.fault_code, 403)
    return e.text.splitlines()[-1]


@check("-", "wrong password -> HTTP 401 (the CLI's own transport code -504)", group="faults")
def _():
    e = fails(lambda: xmlrpc(E["demo"]["login"], "wrong-password", "backlog.getProjects"))
    if "HTTP response code is 401" not in e.text or e.fault_code != -504:
        raise Mismatch(e.text)
    return e.text.splitlines()[-1]


sys.exit(1 if FAILED else 0)
