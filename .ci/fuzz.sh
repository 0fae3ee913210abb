#!/usr/bin/env bash
# Bounded fuzzing for CI (each line at most ~20 s; the machine is shared).
# Seeds: every .xml under testdata/ (walked at test time) plus f.Add cases.
set -euo pipefail
cd "$(dirname "$0")/.."

# xmlrpc: decoder never panics, fast scanner agrees with the encoding/xml
# reference, decode -> encode -> decode keeps every value.
go test ./xmlrpc -run '^$' -fuzz '^FuzzDecode$' -fuzztime 20s

# methods: parameter coercion (ints, strings, lists, numbers, booleans, dates,
# optional/clear members) never panics and refuses only with -32602 and a
# short fault string (reliability, issue 9).
go test ./methods -run '^$' -fuzz '^FuzzCoerce$' -fuzztime 20s

# v2client: the jsonv2 decoder of v2 answers agrees with encoding/json (same
# values, or both fail) on issues and the other answer types (S2-JSON).
go test ./v2client -run '^$' -fuzz '^FuzzDecodeIssue$' -fuzztime 20s
