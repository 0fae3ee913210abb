// Command backlog-load is the load harness of the gateway (its figures are
// in BENCHMARKS.md). It drives N concurrent legacy XML-RPC clients over
// keep-alive connections against the real server binary, which talks to the
// Backlog v2 fake running in a SEPARATE process with a configurable latency,
// and measures, in the same run, the baselines the gateway is judged
// against: an httputil.ReverseProxy hop to the same fake, Python's
// SimpleXMLRPCServer answering a trivial call, and direct v2 calls to the
// fake. Everything listens on 127.0.0.1 only; every run is bounded in time
// and in request count.
//
// Usage:
//
//	backlog-load run   [flags]   the benchmark scenarios (BENCHMARKS.md)
//	backlog-load smoke [flags]   the short CI check (.ci/load-smoke.sh): zero
//	                             errors and exact upstream-call counts
//	backlog-load fake  --listen ADDR [--latency D]
//	                             the Backlog v2 fake alone (a child process of run)
//	backlog-load proxy --listen ADDR --target URL
//	                             the ReverseProxy baseline (a child process of run)
//	backlog-load floor --listen ADDR --response FILE
//	                             the net/http floor baseline: a bare net/http
//	                             server answering FILE to every POST (a child
//	                             process of run)
//
// Server-added latency is measured per request: the server runs with
// --server-timing and reports in a Server-Timing header the time its v2
// client spent in upstream exchanges (from before the request is sent until
// its body is read); the harness subtracts that from the latency it
// measured itself. What remains is everything the gateway adds, plus the
// client-side loopback hop and the harness's own scheduling, so the figure
// errs high, never low.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches the subcommands and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: backlog-load run|smoke|fake|proxy|floor [flags]")
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = runBench(args[1:], stdout, stderr)
	case "smoke":
		err = runSmoke(args[1:], stdout, stderr)
	case "fake":
		err = runFake(args[1:], stderr)
	case "proxy":
		err = runProxy(args[1:], stderr)
	case "floor":
		err = runFloor(args[1:], stderr)
	default:
		fmt.Fprintf(stderr, "backlog-load: unknown subcommand %q (run, smoke, fake, proxy, floor)\n", args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "backlog-load:", err)
		return 1
	}
	return 0
}
