#!/usr/bin/env python3
"""Times Python's xmlrpc.client on the codec benchmark cases (one run, timeit).

Usage: codec.py DIR NAME=FILE=call|response ...
Prints one JSON object: {"decode/NAME": ns_per_op, "encode/NAME": ns_per_op}.
Decode is xmlrpc.client.loads(bytes); encode is xmlrpc.client.dumps of the
decoded value (methodresponse=True for responses, the method name for calls).
Each timing is the best of 5 repeats of an autoranged loop (>= 0.2 s each).
Run by BenchmarkCodec in xmlrpc/bench_test.go, so all three codecs are
measured side by side in one `go test -bench Codec` run.
"""
import json
import os
import sys
import timeit
import xmlrpc.client


def best_ns(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e9


def main():
    base = sys.argv[1]
    out = {}
    for spec in sys.argv[2:]:
        name, path, kind = spec.split("=")
        with open(os.path.join(base, path), "rb") as f:
            data = f.read()
        params, method = xmlrpc.client.loads(data)
        out["decode/" + name] = best_ns(lambda: xmlrpc.client.loads(data))
        if kind == "response":
            out["encode/" + name] = best_ns(
                lambda: xmlrpc.client.dumps(params, methodresponse=True))
        else:
            out["encode/" + name] = best_ns(
                lambda: xmlrpc.client.dumps(params, method))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
