package v2client

// Hooks for the external tests (decode_bench_test.go, decode_diff_test.go):
// the two JSON decoders, new and old.
var (
	JSONUnmarshal   = jsonUnmarshal
	JSONUnmarshalV1 = jsonUnmarshalV1
)

// FixtureTypes is fixtureTypes (fixture file -> the type it decodes into).
var FixtureTypes = fixtureTypes

// FixtureDir is fixtureDir.
const FixtureDir = fixtureDir
