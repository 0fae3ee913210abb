package reliability

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestRawHTTPAbuse sends requests no HTTP library would write, on a raw TCP
// connection: request smuggling shapes, broken framing, broken header
// syntax. Each must get its documented answer (or a closed connection),
// and the server must keep serving.
func TestRawHTTPAbuse(t *testing.T) {
	g := startGateway(t, gatewayConfig{})
	host := strings.TrimPrefix(g.Base, "http://")
	authz := "Basic " + base64.StdEncoding.EncodeToString([]byte(g.Login+":"+g.Password))
	body := "<methodCall><methodName>backlog.getProjects</methodName></methodCall>"
	cl := strconv.Itoa(len(body))
	for _, tc := range []struct {
		name, raw string
		status    int // 0: the server closes the connection without an answer
		fault     int // HTTP 200: the faultCode (0: success)
	}{
		{"conflicting Content-Length", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nContent-Length: " + cl + "\r\nContent-Length: 5\r\n\r\n" + body, 400, 0},
		// RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; Go reads
		// the chunked body (a proxy in front must do the same).
		{"Content-Length and chunked together", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body), 200, 0},
		{"unsupported transfer coding", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunked(body), 501, 0},
		// A body that cannot be read is a parse error, like a truncated one.
		{"invalid chunk size", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n", 200, -32700},
		{"negative Content-Length", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nContent-Length: -1\r\n\r\n" + body, 400, 0},
		{"header without a colon", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization " + authz + "\r\nContent-Length: " + cl + "\r\n\r\n" + body, 400, 0},
		{"space before the colon", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization : " + authz + "\r\nContent-Length: " + cl + "\r\n\r\n" + body, 400, 0},
		{"no Host in HTTP/1.1", "POST /XML-RPC HTTP/1.1\r\nAuthorization: " + authz + "\r\nContent-Length: " + cl + "\r\n\r\n" + body, 400, 0},
		{"garbage request line", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS to a plain-HTTP port\r\n\r\n", 400, 0},
		{"HTTP/2 preface on HTTP/1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 405, 0},
		{"body shorter than Content-Length", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nContent-Length: 1000\r\n\r\n" + body, 200, -32700},
		{"two Authorization headers", "POST /XML-RPC HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==\r\nAuthorization: " + authz + "\r\nContent-Length: " + cl + "\r\n\r\n" + body, 401, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(conn, tc.raw); err != nil {
				t.Fatal(err)
			}
			if tc.name == "body shorter than Content-Length" {
				conn.(*net.TCPConn).CloseWrite() // the client gives up mid-body
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			switch {
			case tc.status == 0 && err == nil:
				resp.Body.Close()
				t.Fatalf("HTTP %d, want the connection closed without an answer", resp.StatusCode)
			case tc.status == 0:
				// closed, as documented
			case err != nil:
				t.Fatalf("no answer (%v), want HTTP %d", err, tc.status)
			default:
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status {
					t.Fatalf("HTTP %d, want %d", resp.StatusCode, tc.status)
				}
				if resp.StatusCode == http.StatusOK {
					_, err := xmlrpc.DecodeResponse(bytes.NewReader(b), xmlrpc.Limits{})
					code := 0
					var f *xmlrpc.Fault
					if errors.As(err, &f) {
						code = f.Code
					} else if err != nil {
						t.Fatalf("unreadable methodResponse: %v", err)
					}
					if code != tc.fault {
						t.Fatalf("faultCode %d (%v), want %d", code, err, tc.fault)
					}
				}
			}
			g.healthy(t, tc.name)
		})
	}
}

// TestSlowlorisCut: a client that trickles its request headers is cut off
// by the server's header read timeout (min(--read-timeout, 10 s)) instead
// of holding a connection forever.
func TestSlowlorisCut(t *testing.T) {
	g := startGateway(t, gatewayConfig{Args: []string{"--read-timeout", "2s"}})
	conn, err := net.Dial("tcp", strings.TrimPrefix(g.Base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "POST /XML-RPC HTTP/1.1\r\nHost: x\r\n")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 512)
	for { // one header byte at a time, slower than the timeout allows in total
		if _, err := io.WriteString(conn, "X"); err != nil {
			break
		}
		conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				if time.Since(start) > 8*time.Second {
					t.Fatal("the connection is still open after 8 s of trickled headers")
				}
				continue
			}
			break // closed (or answered 408 and closed)
		}
	}
	took := time.Since(start)
	if took < time.Second || took > 5*time.Second {
		t.Errorf("cut after %v, want about the 2 s read timeout", took)
	}
	t.Logf("trickling client cut after %v", took.Round(time.Millisecond))
	g.healthy(t, "a slowloris client")
}

func chunked(s string) string {
	return strconv.FormatInt(int64(len(s)), 16) + "\r\n" + s + "\r\n0\r\n\r\n"
}
