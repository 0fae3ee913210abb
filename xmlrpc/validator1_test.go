package xmlrpc

import (
	"context"
	"encoding/base64"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"
)

// validator1's eight methods (spec/xmlrpc.md §2), registered only here, in
// tests: they exercise every type through the real server, and are driven by
// kolo/xmlrpc below and by Python's xmlrpc.client (testdata/validator1.py).

func registerValidator1(s *Server) {
	s.Register("validator1.arrayOfStructsTest", v1ArrayOfStructs, [][]string{{"int", "array"}}, "Sum of every struct's curly member.")
	s.Register("validator1.countTheEntities", v1CountTheEntities, [][]string{{"struct", "string"}}, "Counts < > & ' \" in the string.")
	s.Register("validator1.easyStructTest", v1EasyStruct, [][]string{{"int", "struct"}}, "moe + larry + curly.")
	s.Register("validator1.echoStructTest", v1EchoStruct, [][]string{{"struct", "struct"}}, "Returns the struct unchanged.")
	s.Register("validator1.manyTypesTest", v1ManyTypes, [][]string{{"array", "int", "boolean", "string", "double", "dateTime.iso8601", "base64"}}, "Returns its six params as an array.")
	s.Register("validator1.moderateSizeArrayCheck", v1ModerateSizeArray, [][]string{{"string", "array"}}, "First element concatenated with the last.")
	s.Register("validator1.nestedStructTest", v1NestedStruct, [][]string{{"int", "struct"}}, "moe + larry + curly of 2000-04-01.")
	s.Register("validator1.simpleStructReturnTest", v1SimpleStructReturn, [][]string{{"struct", "int"}}, "n*10, n*100, n*1000.")
}

func oneParam(params []Value, kind Kind) (Value, error) {
	if len(params) != 1 || params[0].Kind() != kind {
		return Value{}, invalidParams("expected one %s", kind)
	}
	return params[0], nil
}

func stoogeSum(v Value) (int64, error) {
	var sum int64
	for _, name := range []string{"moe", "larry", "curly"} {
		m, ok := v.Get(name)
		if !ok {
			return 0, invalidParams("%s: required", name)
		}
		n, err := m.AsInt()
		if err != nil {
			return 0, invalidParams("%s: %v", name, err)
		}
		sum += n
	}
	return sum, nil
}

func v1ArrayOfStructs(_ context.Context, params []Value) (Value, error) {
	a, err := oneParam(params, KindArray)
	if err != nil {
		return Value{}, err
	}
	var sum int64
	for _, s := range a.Items() {
		c, ok := s.Get("curly")
		if !ok {
			return Value{}, invalidParams("%s: required", "curly")
		}
		n, err := c.AsInt()
		if err != nil {
			return Value{}, invalidParams("%s: %v", "curly", err)
		}
		sum += n
	}
	return Int(sum), nil
}

func v1CountTheEntities(_ context.Context, params []Value) (Value, error) {
	s, err := oneParam(params, KindString)
	if err != nil {
		return Value{}, err
	}
	count := func(c string) Value { return Int(int64(strings.Count(s.Text(), c))) }
	return Struct(
		Field("ctLeftAngleBrackets", count("<")),
		Field("ctRightAngleBrackets", count(">")),
		Field("ctAmpersands", count("&")),
		Field("ctApostrophes", count("'")),
		Field("ctQuotes", count(`"`)),
	), nil
}

func v1EasyStruct(_ context.Context, params []Value) (Value, error) {
	s, err := oneParam(params, KindStruct)
	if err != nil {
		return Value{}, err
	}
	sum, err := stoogeSum(s)
	return Int(sum), err
}

func v1EchoStruct(_ context.Context, params []Value) (Value, error) {
	return oneParam(params, KindStruct)
}

func v1ManyTypes(_ context.Context, params []Value) (Value, error) {
	want := []Kind{KindInt, KindBool, KindString, KindDouble, KindDateTime, KindBase64}
	if len(params) != len(want) {
		return Value{}, invalidParams("expected 6 params")
	}
	for i, k := range want {
		if params[i].Kind() != k {
			return Value{}, invalidParams("param %d: expected %s, got %s", i+1, k, params[i].Kind())
		}
	}
	return Array(params...), nil
}

func v1ModerateSizeArray(_ context.Context, params []Value) (Value, error) {
	a, err := oneParam(params, KindArray)
	if err != nil {
		return Value{}, err
	}
	items := a.Items()
	if len(items) == 0 {
		return Value{}, invalidParams("empty array")
	}
	first, err1 := items[0].AsString()
	last, err2 := items[len(items)-1].AsString()
	if err1 != nil || err2 != nil {
		return Value{}, invalidParams("expected strings")
	}
	return String(first + last), nil
}

func v1NestedStruct(_ context.Context, params []Value) (Value, error) {
	s, err := oneParam(params, KindStruct)
	if err != nil {
		return Value{}, err
	}
	for _, key := range []string{"2000", "04", "01"} {
		var ok bool
		if s, ok = s.Get(key); !ok {
			return Value{}, invalidParams("%s: required", key)
		}
	}
	sum, err := stoogeSum(s)
	return Int(sum), err
}

func v1SimpleStructReturn(_ context.Context, params []Value) (Value, error) {
	if len(params) != 1 {
		return Value{}, invalidParams("expected one int")
	}
	n, err := params[0].AsInt()
	if err != nil {
		return Value{}, invalidParams("%s: %v", "number", err)
	}
	return Struct(Field("times10", Int(n*10)), Field("times100", Int(n*100)), Field("times1000", Int(n*1000))), nil
}

func validator1Server(t *testing.T) *httptest.Server {
	s := NewServer()
	registerValidator1(s)
	ts := httptest.NewServer(s) // 127.0.0.1
	t.Cleanup(ts.Close)
	return ts
}

// randText returns printable text mixing ASCII, markup characters, CRLF and
// Japanese, up to n runes.
func randText(r *rand.Rand, n int) string {
	alphabet := []rune("abcXYZ019 <>&'\"\t\n\r日本語課題é€😀")
	var b strings.Builder
	for range r.IntN(n + 1) {
		b.WriteRune(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func TestValidator1WithKolo(t *testing.T) {
	ts := validator1Server(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	c, err := kolo.NewClient(ts.URL+"/RPC2", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	for round := range 20 {
		// arrayOfStructsTest
		var structs []any
		var sumCurly int64
		for range r.IntN(32) {
			curly := r.IntN(2001) - 1000
			sumCurly += int64(curly)
			structs = append(structs, map[string]any{"moe": r.IntN(1000), "larry": r.IntN(1000), "curly": curly, "extra": randText(r, 8)})
		}
		var n int64
		if err := c.Call("validator1.arrayOfStructsTest", []any{structs}, &n); err != nil || n != sumCurly {
			t.Fatalf("round %d arrayOfStructsTest = %d, %v; want %d", round, n, err, sumCurly)
		}

		// countTheEntities
		s := randText(r, 512)
		var counts map[string]any
		if err := c.Call("validator1.countTheEntities", s, &counts); err != nil {
			t.Fatal(err)
		}
		for name, ch := range map[string]string{"ctLeftAngleBrackets": "<", "ctRightAngleBrackets": ">", "ctAmpersands": "&", "ctApostrophes": "'", "ctQuotes": `"`} {
			if counts[name] != int64(strings.Count(s, ch)) {
				t.Fatalf("round %d countTheEntities %s = %v, want %d", round, name, counts[name], strings.Count(s, ch))
			}
		}

		// easyStructTest
		moe, larry, curly := r.IntN(1000), r.IntN(1000), r.IntN(1000)
		if err := c.Call("validator1.easyStructTest", map[string]any{"moe": moe, "larry": larry, "curly": curly, "extra": "x"}, &n); err != nil || n != int64(moe+larry+curly) {
			t.Fatalf("easyStructTest = %d, %v", n, err)
		}

		// echoStructTest: a struct of structs, strings with CRLF survive.
		// (kolo reads an empty string back as nil, so "s" is never empty.)
		in := map[string]any{"a": map[string]any{"s": "s" + randText(r, 40), "i": int64(r.IntN(1000)), "b": r.IntN(2) == 1, "d": float64(r.IntN(1000)) / 8}, "list": []any{"x", int64(1)}}
		var echoed map[string]any
		if err := c.Call("validator1.echoStructTest", in, &echoed); err != nil || !reflect.DeepEqual(echoed, in) {
			t.Fatalf("echoStructTest = %#v, %v; want %#v", echoed, err, in)
		}

		// manyTypesTest: same types back.
		when := time.Date(2000+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
		bin := make([]byte, r.IntN(100))
		for i := range bin {
			bin[i] = byte(r.IntN(256))
		}
		str := randText(r, 20)
		var many []any
		args := []any{r.IntN(1000), r.IntN(2) == 1, str, 1.5, when, kolo.Base64(base64.StdEncoding.EncodeToString(bin))}
		if err := c.Call("validator1.manyTypesTest", args, &many); err != nil {
			t.Fatal(err)
		}
		// kolo's own quirks: an int in a top-level array comes back as int,
		// an empty string as nil.
		if len(many) != 6 || toInt64(many[0]) != int64(args[0].(int)) || many[1] != args[1] || toString(many[2]) != str || many[3] != 1.5 {
			t.Fatalf("manyTypesTest = %#v", many)
		}
		if got, ok := many[4].(time.Time); !ok || !got.Equal(when) {
			t.Fatalf("manyTypesTest dateTime = %#v, want %v", many[4], when)
		}
		if got, _ := base64.StdEncoding.DecodeString(toString(many[5])); string(got) != string(bin) {
			t.Fatalf("manyTypesTest base64 = %#v", many[5])
		}

		// moderateSizeArrayCheck
		arr := make([]any, 100+r.IntN(100))
		for i := range arr {
			arr[i] = randText(r, 8)
		}
		var joined string
		if err := c.Call("validator1.moderateSizeArrayCheck", []any{arr}, &joined); err != nil || joined != arr[0].(string)+arr[len(arr)-1].(string) {
			t.Fatalf("moderateSizeArrayCheck = %q, %v", joined, err)
		}

		// nestedStructTest: most days are empty structs.
		moe, larry, curly = r.IntN(1000), r.IntN(1000), r.IntN(1000)
		cal := map[string]any{}
		for y := 1999; y <= 2001; y++ {
			months := map[string]any{}
			for m := 1; m <= 12; m++ {
				days := map[string]any{}
				for d := 1; d <= 28; d += 9 {
					days[pad2(d)] = map[string]any{}
				}
				months[pad2(m)] = days
			}
			cal[strconv.Itoa(y)] = months
		}
		cal["2000"].(map[string]any)["04"].(map[string]any)["01"] = map[string]any{"moe": moe, "larry": larry, "curly": curly}
		if err := c.Call("validator1.nestedStructTest", cal, &n); err != nil || n != int64(moe+larry+curly) {
			t.Fatalf("nestedStructTest = %d, %v", n, err)
		}

		// simpleStructReturnTest
		k := r.IntN(1000)
		var times map[string]any
		if err := c.Call("validator1.simpleStructReturnTest", k, &times); err != nil ||
			times["times10"] != int64(k*10) || times["times100"] != int64(k*100) || times["times1000"] != int64(k*1000) {
			t.Fatalf("simpleStructReturnTest = %#v, %v", times, err)
		}
	}

	// A struct where an int was expected is -32602, as the Ruby suite checks.
	err = c.Call("validator1.easyStructTest", 1, new(int))
	if err == nil || !strings.Contains(err.Error(), "-32602") {
		t.Fatalf("easyStructTest(1): %v", err)
	}
}

func toInt64(v any) int64 {
	switch v := v.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	}
	return -1 << 63
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// TestValidator1WithPython runs testdata/validator1.py (Python's stdlib
// xmlrpc.client, random data, type checks, a multicall bundle) against the
// server. Under CI=true a missing python3 fails the test.
func TestValidator1WithPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is required in CI: ", err)
		}
		t.Skip("python3 not installed")
	}
	ts := validator1Server(t)
	seed := strconv.FormatInt(time.Now().UnixNano(), 10)
	cmd := exec.Command(py, "testdata/validator1.py", ts.URL+"/RPC2", "--rounds", "20", "--seed", seed)
	out, err := cmd.CombinedOutput()
	t.Logf("python3 validator1.py (seed %s):\n%s", seed, out)
	if err != nil {
		t.Fatalf("validator1.py failed: %v", err)
	}
	if !strings.Contains(string(out), `"ok": true`) {
		t.Fatal("validator1.py did not report success")
	}
}
