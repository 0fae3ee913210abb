package xmlrpc

import (
	"bytes"
	"math"
	"testing"
	"time"
)

// The lenient accessors of spec/legacy-api.md §1.4: handlers coerce by the
// parameter's expected type, whatever XML-RPC type the client chose.
func TestAccessors(t *testing.T) {
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	type want struct {
		i   int64
		iOK bool
		s   string
		sOK bool
		b   bool
		bOK bool
		f   float64
		fOK bool
	}
	tests := []struct {
		name string
		v    Value
		want want
	}{
		{"int", Int(42), want{42, true, "42", true, false, false, 42, true}},
		{"int 1 is a boolean", Int(1), want{1, true, "1", true, true, true, 1, true}},
		{"perl int date keeps its text", mustScalar(t, KindInt, "20100131"), want{20100131, true, "20100131", true, false, false, 20100131, true}},
		{"digits as string", String(" 123 "), want{123, true, " 123 ", true, false, false, 123, true}},
		{"backlog4j BigDecimal text", String("10.50"), want{0, false, "10.50", true, false, false, 10.5, true}},
		{"integral double", Double(3), want{3, true, "3", true, false, false, 3, true}},
		{"perl version name as double", mustScalar(t, KindDouble, "1.0"), want{1, true, "1.0", true, false, false, 1, true}},
		{"fractional double", Double(2.5), want{0, false, "2.5", true, false, false, 2.5, true}},
		{"huge double is not an int", Double(1e300), want{0, false, "", true, false, false, 1e300, true}},
		{"bool", Bool(true), want{1, true, "1", true, true, true, 0, false}},
		{"string true", String("TRUE"), want{0, false, "TRUE", true, true, true, 0, false}},
		{"string 0", String("0"), want{0, true, "0", true, false, true, 0, true}},
		{"string inf is not a number", String("inf"), want{0, false, "inf", true, false, false, 0, false}},
		{"struct", Struct(), want{0, false, "", false, false, false, 0, false}},
		{"array", Array(), want{0, false, "", false, false, false, 0, false}},
		{"base64", Base64([]byte("x")), want{0, false, "", false, false, false, 0, false}},
		{"absent", Value{}, want{0, false, "", false, false, false, 0, false}},
		{"nil", Nil(), want{0, false, "", false, false, false, 0, false}},
		{"dateTime as string", DateTime(when), want{0, false, "20240102T03:04:05", true, false, false, 0, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, err := tt.v.AsInt()
			if (err == nil) != tt.want.iOK || (err == nil && i != tt.want.i) {
				t.Errorf("AsInt = %d, %v", i, err)
			}
			s, err := tt.v.AsString()
			if (err == nil) != tt.want.sOK || (err == nil && tt.want.s != "" && s != tt.want.s) {
				t.Errorf("AsString = %q, %v", s, err)
			}
			b, err := tt.v.AsBool()
			if (err == nil) != tt.want.bOK || (err == nil && b != tt.want.b) {
				t.Errorf("AsBool = %v, %v", b, err)
			}
			f, err := tt.v.AsDouble()
			if (err == nil) != tt.want.fOK || (err == nil && f != tt.want.f) {
				t.Errorf("AsDouble = %v, %v", f, err)
			}
		})
	}
}

func TestBytesTimeAndAbsence(t *testing.T) {
	src := []byte{0, 1, 255}
	v := Base64(src)
	src[0] = 9 // the value holds its own copy
	b, err := v.AsBytes()
	if err != nil || !bytes.Equal(b, []byte{0, 1, 255}) || v.Text() != "" {
		t.Fatalf("AsBytes = %v, %v; Text %q", b, err, v.Text())
	}
	b[1] = 7 // and hands out copies
	if b2, _ := v.AsBytes(); b2[1] != 1 {
		t.Fatal("AsBytes exposed the value's storage")
	}
	if b, err := String("é").AsBytes(); err != nil || string(b) != "é" {
		t.Fatalf("string AsBytes = %v, %v", b, err)
	}
	if _, err := Int(1).AsBytes(); err == nil {
		t.Fatal("int AsBytes must fail")
	}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 9*3600))
	if got, err := DateTime(when).AsTime(); err != nil || !got.Equal(when) {
		t.Fatalf("AsTime = %v, %v", got, err)
	}
	if _, err := String("20240102T03:04:05").AsTime(); err == nil {
		t.Fatal("string AsTime must fail")
	}
	s := Struct(Field("a", Int(1)), Field("n", Nil()), Field("x", Value{}))
	if _, ok := s.Get("a"); !ok {
		t.Fatal("a present")
	}
	for _, name := range []string{"n", "x", "missing"} {
		if _, ok := s.Get(name); ok {
			t.Fatalf("%s must read as absent", name)
		}
	}
	if !(Value{}).Absent() || !Nil().Absent() || String("").Absent() {
		t.Fatal("Absent")
	}
	if KindDateTime.String() != "dateTime.iso8601" || Kind(99).String() != "kind(99)" {
		t.Fatal("Kind.String")
	}
	if !math.IsNaN(Double(math.NaN()).double()) {
		t.Fatal("Double keeps NaN (the encoder refuses it)")
	}
}

func TestWriters(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeResponse(&buf, Int(1)); err != nil || buf.String() != respOpen+"<int>1</int>"+respClose {
		t.Fatalf("EncodeResponse: %q, %v", buf.String(), err)
	}
	if err := EncodeResponse(&buf, Int(1<<40)); err == nil {
		t.Fatal("EncodeResponse must refuse an int outside int32")
	}
	buf.Reset()
	if err := EncodeFault(&buf, 404, "x"); err != nil || buf.String() != string(AppendFault(nil, 404, "x")) {
		t.Fatalf("EncodeFault: %q, %v", buf.String(), err)
	}
	if err := EncodeCall(&buf, "m", Double(math.Inf(1))); err == nil {
		t.Fatal("EncodeCall must refuse Inf")
	}
}
