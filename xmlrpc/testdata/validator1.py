#!/usr/bin/env python3
"""validator1 driver: Python's stdlib xmlrpc.client against our server.

Usage: validator1.py URL [--rounds N] [--seed S]

Runs validator1's eight tests N times with random data (entity-heavy and
non-ASCII strings, extra struct members, empty day structs in
nestedStructTest, random bytes for base64), then one system.multicall bundle
of all eight and the fault cases. Checks values AND Python types (int, bool,
str, float, xmlrpc.client.DateTime, xmlrpc.client.Binary). Prints one JSON
line {"ok": bool, "checks": n, "failures": [...]} and exits 1 on failure.

Python's marshaller does not escape CR, so a CR sent from Python arrives as
LF (XML line-end normalisation): expected strings are computed accordingly.
"""
import argparse
import datetime
import json
import random
import sys
import xmlrpc.client

ALPHABET = "abcXYZ019 <>&'\"\t\n日本語課題é€😀"


class Checker:
    def __init__(self):
        self.checks = 0
        self.failures = []

    def check(self, name, got, want):
        self.checks += 1
        if got != want or type(got) is not type(want):
            self.failures.append("%s: got %r (%s), want %r (%s)" % (
                name, got, type(got).__name__, want, type(want).__name__))


def text(r, n):
    return "".join(r.choice(ALPHABET) for _ in range(r.randint(0, n)))


def calendar(r, moe, larry, curly):
    cal = {}
    for y in ("1999", "2000", "2001"):
        cal[y] = {}
        for m in range(1, 13):
            cal[y]["%02d" % m] = {"%02d" % d: {} for d in range(1, 29, 9)}
    cal["2000"]["04"]["01"] = {"moe": moe, "larry": larry, "curly": curly}
    return cal


def round_trip(proxy, r, c):
    structs = [{"moe": r.randint(0, 999), "larry": r.randint(0, 999),
                "curly": r.randint(-1000, 1000), "extra": text(r, 8)}
               for _ in range(r.randint(0, 31))]
    c.check("arrayOfStructsTest", proxy.validator1.arrayOfStructsTest(structs),
            sum(s["curly"] for s in structs))

    s = text(r, 512)
    got = proxy.validator1.countTheEntities(s)
    for name, ch in (("ctLeftAngleBrackets", "<"), ("ctRightAngleBrackets", ">"),
                     ("ctAmpersands", "&"), ("ctApostrophes", "'"), ("ctQuotes", '"')):
        c.check("countTheEntities." + name, got.get(name), s.count(ch))

    moe, larry, curly = r.randint(0, 999), r.randint(0, 999), r.randint(0, 999)
    c.check("easyStructTest", proxy.validator1.easyStructTest(
        {"moe": moe, "larry": larry, "curly": curly, "extra": "x"}), moe + larry + curly)

    echo = {"a": {"s": text(r, 40), "i": r.randint(-1000, 1000), "b": r.random() < 0.5,
                  "d": r.randint(0, 1000) / 8.0}, "list": ["x", 1, True], "empty": {}}
    c.check("echoStructTest", proxy.validator1.echoStructTest(echo), echo)

    when = datetime.datetime(r.randint(1990, 2030), r.randint(1, 12), r.randint(1, 28),
                             r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))
    blob = bytes(r.randrange(256) for _ in range(r.randint(0, 100)))
    i, b, st, d = r.randint(-10**6, 10**6), r.random() < 0.5, text(r, 20), r.randint(0, 10**6) / 16.0
    got = proxy.validator1.manyTypesTest(i, b, st, d, xmlrpc.client.DateTime(when), xmlrpc.client.Binary(blob))
    c.check("manyTypesTest.len", len(got), 6)
    c.check("manyTypesTest.int", got[0], i)
    c.check("manyTypesTest.boolean", got[1], b)
    c.check("manyTypesTest.string", got[2], st)
    c.check("manyTypesTest.double", got[3], d)
    c.check("manyTypesTest.dateTime.type", type(got[4]).__name__, "DateTime")
    c.check("manyTypesTest.dateTime", str(got[4]), when.strftime("%Y%m%dT%H:%M:%S"))
    c.check("manyTypesTest.base64.type", type(got[5]).__name__, "Binary")
    c.check("manyTypesTest.base64", bytes(got[5].data), blob)

    arr = [text(r, 8) for _ in range(r.randint(100, 199))]
    c.check("moderateSizeArrayCheck", proxy.validator1.moderateSizeArrayCheck(arr), arr[0] + arr[-1])

    moe, larry, curly = r.randint(0, 999), r.randint(0, 999), r.randint(0, 999)
    c.check("nestedStructTest", proxy.validator1.nestedStructTest(calendar(r, moe, larry, curly)),
            moe + larry + curly)

    n = r.randint(0, 1000)
    c.check("simpleStructReturnTest", proxy.validator1.simpleStructReturnTest(n),
            {"times10": n * 10, "times100": n * 100, "times1000": n * 1000})


def multicall(proxy, r, c):
    mc = xmlrpc.client.MultiCall(proxy)
    mc.validator1.easyStructTest({"moe": 1, "larry": 2, "curly": 3})
    mc.validator1.countTheEntities("<&>")
    mc.validator1.simpleStructReturnTest(7)
    mc.validator1.moderateSizeArrayCheck(["a"] + ["x"] * 98 + ["z"])
    mc.validator1.arrayOfStructsTest([{"moe": 1, "larry": 1, "curly": 5}])
    mc.validator1.echoStructTest({"k": "v"})
    mc.validator1.manyTypesTest(1, True, "s", 0.5, xmlrpc.client.DateTime("20000101T00:00:00"),
                                xmlrpc.client.Binary(b"\x00\xff"))
    mc.validator1.nestedStructTest(calendar(r, 1, 2, 3))
    mc.validator1.easyStructTest(1)  # a fault inside the bundle
    results = mc()
    got = [results[i] for i in range(8)]
    c.check("multicall.easyStructTest", got[0], 6)
    c.check("multicall.countTheEntities", got[1]["ctAmpersands"], 1)
    c.check("multicall.simpleStructReturnTest", got[2]["times1000"], 7000)
    c.check("multicall.moderateSizeArrayCheck", got[3], "az")
    c.check("multicall.arrayOfStructsTest", got[4], 5)
    c.check("multicall.echoStructTest", got[5], {"k": "v"})
    c.check("multicall.manyTypesTest.base64", bytes(got[6][5].data), b"\x00\xff")
    c.check("multicall.nestedStructTest", got[7], 6)
    try:
        results[8]
        c.check("multicall.fault", "no fault", "fault")
    except xmlrpc.client.Fault as f:
        c.check("multicall.fault.code", f.faultCode, -32602)


def faults(proxy, c):
    for name, call, code in (
            ("fault.wrongType", lambda: proxy.validator1.easyStructTest(1), -32602),
            ("fault.unknownMethod", lambda: proxy.validator1.noSuchTest(), -32601)):
        try:
            call()
            c.check(name, "no fault", "fault")
        except xmlrpc.client.Fault as f:
            c.check(name, f.faultCode, code)
    c.check("introspection.signature", proxy.system.methodSignature("validator1.easyStructTest"),
            [["int", "struct"]])
    c.check("introspection.help", proxy.system.methodHelp("validator1.easyStructTest"), "moe + larry + curly.")
    caps = proxy.system.getCapabilities()
    c.check("capabilities.introspect", caps["introspect"]["specVersion"], 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    r = random.Random(args.seed)
    proxy = xmlrpc.client.ServerProxy(args.url)
    c = Checker()
    try:
        for _ in range(args.rounds):
            round_trip(proxy, r, c)
        multicall(proxy, r, c)
        faults(proxy, c)
    except Exception as e:  # a protocol error or an unexpected fault
        c.failures.append("exception: %r" % (e,))
    ok = not c.failures
    print(json.dumps({"ok": ok, "checks": c.checks, "failures": c.failures[:20]}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
