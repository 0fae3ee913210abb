package main

import (
	"os"
	"strings"
	"testing"

	kolo "github.com/kolo/xmlrpc"
)

// TestIntrospectionDumperFitsMulticallLimit replays the exact request that
// Debian's xml-rpc-api2txt (xmlrpc-api-utils, Frontier::Client) sends after
// system.listMethods: ONE system.multicall holding system.methodSignature and
// system.methodHelp for every listed method, 2 x 54 = 108 inner calls. With
// the former default --max-multicall of 100 the whole call was refused
// (-32600 "request limits exceeded") and the tool died; found by the interop
// suite (e2e/interop/xmlrpc-c). The default must leave room for 2 calls per
// registered method.
func TestIntrospectionDumperFitsMulticallLimit(t *testing.T) {
	body, err := os.ReadFile("testdata/api2txt_multicall.request.xml")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := mustRunMain(t, func(c *Config) { c.Demo = true })
	resp, out := post(t, m.Addr(), "demo", "demo", string(body))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, out)
	}
	var results []any
	if err := kolo.Response(out).Unmarshal(&results); err != nil {
		t.Fatalf("response is not a multicall result: %v\n%.500s", err, out)
	}
	calls := strings.Count(string(body), "<name>methodName</name>")
	if len(results) != calls || calls != 108 {
		t.Fatalf("%d results for %d inner calls (want 108)", len(results), calls)
	}
	for i, r := range results {
		if one, ok := r.([]any); !ok || len(one) != 1 {
			t.Errorf("inner call %d answered %#v, want a one-element array", i, r)
		}
	}
	if n := NewMain().Config.MaxMulticall; n < calls {
		t.Errorf("default --max-multicall %d < %d, the calls xml-rpc-api2txt needs", n, calls)
	}
}
