package v2client

import (
	"context"
	"time"
)

// Hooks for the external tests (decode_bench_test.go, decode_diff_test.go):
// the two JSON decoders, the current one and the reference one.
var (
	JSONUnmarshal   = jsonUnmarshal
	JSONUnmarshalV1 = jsonUnmarshalV1
)

// FixtureTypes is fixtureTypes (fixture file -> the type it decodes into).
var FixtureTypes = fixtureTypes

// FixtureDir is fixtureDir.
const FixtureDir = fixtureDir

// SetSleep replaces c's back-off sleep (the external tests of the wait
// hook, workgate_test.go).
func SetSleep(c *Client, f func(ctx context.Context, d time.Duration) error) { c.sleep = f }

// BodyStall is bodyStall.
const BodyStall = bodyStall
