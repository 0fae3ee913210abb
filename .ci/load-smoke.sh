#!/usr/bin/env bash
# Load smoke (called by .ci/run): a short run of the load harness
# (cmd/backlog-load smoke, ~10 s) against the real server binary and the
# Backlog fake binary (cmd/backlog-fake) in a separate process, all on
# 127.0.0.1. It checks counts,
# not speed: zero errors over a mixed workload, exactly 1 upstream call per
# warm legacy call (Server-Timing counts cross-checked with the fake's
# counters), and 100 concurrent cold createIssue calls with names reading
# each lookup list once. Python is not needed here.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/backlog-xmlrpc" ./cmd/backlog-xmlrpc
go build -o "$dir/backlog-fake" ./cmd/backlog-fake
go build -o "$dir/backlog-load" ./cmd/backlog-load
"$dir/backlog-load" smoke --server-bin "$dir/backlog-xmlrpc" --fake-bin "$dir/backlog-fake" --dir "$dir" --duration 4s
