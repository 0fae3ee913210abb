package xmlrpc

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// randValue builds a random value of any encodable kind, with strings drawn
// from XML's whole character range (CR, tabs, markup, "]]>", astral
// characters), so that what we emit must come back unchanged.
func randValue(r *rand.Rand, depth int) Value {
	k := r.IntN(9)
	if depth >= 4 && k >= 7 {
		k = r.IntN(7)
	}
	switch k {
	case 0:
		return String(randXMLText(r, 30))
	case 1:
		return Int(r.Int64N(1<<32) - 1<<31)
	case 2:
		return I8(r.Int64() - r.Int64())
	case 3:
		return Bool(r.IntN(2) == 1)
	case 4:
		f := (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
		return Double(f)
	case 5:
		return DateTime(time.Unix(r.Int64N(253402300799), 0).In(time.FixedZone("", (r.IntN(27)-12)*3600)))
	case 6:
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return Base64(b)
	case 7:
		ms := make([]Member, r.IntN(5))
		for i := range ms {
			ms[i] = Field(randXMLText(r, 8), randValue(r, depth+1))
		}
		return Struct(ms...)
	default:
		items := make([]Value, r.IntN(5))
		for i := range items {
			items[i] = randValue(r, depth+1)
		}
		return Array(items...)
	}
}

func randXMLText(r *rand.Rand, n int) string {
	pieces := []string{"a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "<", ">", "&", "'", `"`, "]]>", "&amp;", "é", "課題", "\U0001F600", "\uFFFD", "\u00a0"}
	var b strings.Builder
	for range r.IntN(n + 1) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestRandomRoundTrip: for random values, encode -> decode gives the same
// value back, through both decode paths, as a response and as a call.
func TestRandomRoundTrip(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 2))
	fastHits := 0
	for i := range 500 {
		v := randValue(r, 0)
		resp, err := AppendResponse(nil, v)
		if err != nil {
			t.Fatalf("seed %d case %d: encode: %v", seed, i, err)
		}
		got, err := DecodeResponse(bytes.NewReader(resp), Limits{})
		if err != nil || !same(got, v) {
			t.Fatalf("seed %d case %d: response round trip: %v\nsent %#v\ngot  %#v\nwire %s", seed, i, err, v, got, resp)
		}
		call, _ := AppendCall(nil, "rt.case", v, String("tail"))
		c, err := decodeBothWays(t, call, Limits{})
		if err != nil || len(c.Params) != 2 || !same(c.Params[0], v) {
			t.Fatalf("seed %d case %d: call round trip: %v", seed, i, err)
		}
		f := getFast(call, DefaultLimits())
		if _, err := f.call(); err == nil {
			fastHits++
		}
		putFast(f)
	}
	// Our own output is the common case: the fast path must take all of it.
	if fastHits != 500 {
		t.Fatalf("the fast path took %d of 500 of our own encodings", fastHits)
	}
}

// A pooled fast decoder keeps no reference to the values it decoded (they
// would otherwise stay reachable from the pool).
func TestPutFastClearsStacks(t *testing.T) {
	f := getFast(readBench(t, "issues100.response.xml"), DefaultLimits())
	if _, err := f.response(); err != nil {
		t.Fatal(err)
	}
	if len(f.mstack.chunks) == 0 || len(f.istack.chunks) == 0 {
		t.Fatalf("stacks not used: %d %d chunks", len(f.mstack.chunks), len(f.istack.chunks))
	}
	chunks := append([][]Member(nil), f.mstack.chunks...)
	items := append([][]Value(nil), f.istack.chunks...)
	putFast(f)
	for ci, c := range chunks {
		for i := range c {
			if c[i].Name != "" || c[i].Value.kind != KindAbsent {
				t.Fatalf("member %d of chunk %d still referenced", i, ci)
			}
		}
	}
	for ci, c := range items {
		for i := range c {
			if c[i].kind != KindAbsent {
				t.Fatalf("item %d of chunk %d still referenced", i, ci)
			}
		}
	}
}
