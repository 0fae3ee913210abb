//go:build !race

package xmlrpc

// raceEnabled reports a -race build (see race_on_test.go).
const raceEnabled = false
