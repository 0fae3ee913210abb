package mapping

import (
	"encoding/base64"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// render writes a Value in a compact typed form for assertions:
// structs {name:value,...} in member order, arrays [a,b], strings "s",
// ints i:1, booleans b:1, doubles d:1.5, base64 b64:...
func render(v xmlrpc.Value) string {
	var sb strings.Builder
	renderTo(&sb, v)
	return sb.String()
}

func renderTo(sb *strings.Builder, v xmlrpc.Value) {
	switch v.Kind() {
	case xmlrpc.KindStruct:
		sb.WriteByte('{')
		for i, m := range v.Members() {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(m.Name + ":")
			renderTo(sb, m.Value)
		}
		sb.WriteByte('}')
	case xmlrpc.KindArray:
		sb.WriteByte('[')
		for i, it := range v.Items() {
			if i > 0 {
				sb.WriteByte(',')
			}
			renderTo(sb, it)
		}
		sb.WriteByte(']')
	case xmlrpc.KindString:
		sb.WriteString(`"` + v.Text() + `"`)
	case xmlrpc.KindInt:
		sb.WriteString("i:" + v.Text())
	case xmlrpc.KindBool:
		sb.WriteString("b:" + v.Text())
	case xmlrpc.KindDouble:
		sb.WriteString("d:" + v.Text())
	case xmlrpc.KindBase64:
		b, _ := v.AsBytes()
		sb.WriteString("b64:" + base64.StdEncoding.EncodeToString(b))
	default:
		sb.WriteString(v.Kind().String())
	}
}
