package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// rawClient is one load client: a single HTTP/1.1 keep-alive connection
// driven by hand, like wrk, instead of net/http's client. On a 2-core
// machine the harness shares with what it measures, net/http's client cost
// about as much CPU per call as the gateway itself; this one writes the
// request bytes and reads the status line, three headers and the body.
// It reconnects when the server closes (Python's SimpleXMLRPCServer speaks
// HTTP/1.0 and closes after every answer) or after any error.
type rawClient struct {
	addr string
	conn net.Conn
	br   *bufio.Reader
	req  []byte
}

// rawResponse is what one exchange returned.
type rawResponse struct {
	status       int
	body         []byte
	serverTiming string
}

// requestTimeout bounds one exchange.
const requestTimeout = 30 * time.Second

func (c *rawClient) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// do sends rq (a POST of an XML-RPC body, or a GET of a v2 path with the
// load user's key) and reads the answer.
func (c *rawClient) do(ctx context.Context, rq request) (rawResponse, error) {
	if c.conn == nil {
		d := net.Dialer{Timeout: 5 * time.Second}
		conn, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return rawResponse{}, err
		}
		c.conn = conn
		if c.br == nil {
			c.br = bufio.NewReaderSize(conn, 16<<10)
		} else {
			c.br.Reset(conn)
		}
	}
	deadline := time.Now().Add(requestTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	c.conn.SetDeadline(deadline)
	b := c.req[:0]
	if rq.path != "" {
		b = append(b, "GET "...)
		b = append(b, rq.path...)
		b = append(b, "?apiKey="+loadAPIKey+" HTTP/1.1\r\nHost: "...)
		b = append(b, c.addr...)
		b = append(b, "\r\n\r\n"...)
	} else {
		b = append(b, "POST /XML-RPC HTTP/1.1\r\nHost: "...)
		b = append(b, c.addr...)
		b = append(b, "\r\nContent-Type: text/xml\r\nAuthorization: "...)
		b = append(b, basicAuth...)
		b = append(b, "\r\nContent-Length: "...)
		b = strconv.AppendInt(b, int64(len(rq.body)), 10)
		b = append(b, "\r\n\r\n"...)
		b = append(b, rq.body...)
	}
	c.req = b
	if _, err := c.conn.Write(b); err != nil {
		c.close()
		return rawResponse{}, err
	}
	resp, keep, err := readResponse(c.br)
	if err != nil || !keep {
		c.close()
	}
	return resp, err
}

// readResponse reads one HTTP/1.x answer: its status, Server-Timing and
// body (Content-Length, chunked, or up to the close), and whether the
// connection stays open.
func readResponse(br *bufio.Reader) (rawResponse, bool, error) {
	var r rawResponse
	line, err := readLine(br)
	if err != nil {
		return r, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return r, false, fmt.Errorf("bad status line %q", line)
	}
	keep := line[7] == '1' // HTTP/1.1 keeps the connection unless told otherwise
	if r.status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return r, false, fmt.Errorf("bad status line %q", line)
	}
	length, chunked := int64(-1), false
	for {
		h, err := readLine(br)
		if err != nil {
			return r, false, err
		}
		if len(h) == 0 {
			break
		}
		k, v, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch {
		case asciiEqualFold(k, "content-length"):
			if length, err = strconv.ParseInt(string(v), 10, 64); err != nil || length < 0 {
				return r, false, fmt.Errorf("bad Content-Length %q", v)
			}
		case asciiEqualFold(k, "transfer-encoding"):
			chunked = asciiEqualFold(v, "chunked")
		case asciiEqualFold(k, "connection"):
			if asciiEqualFold(v, "close") {
				keep = false
			} else if asciiEqualFold(v, "keep-alive") {
				keep = true
			}
		case asciiEqualFold(k, "server-timing"):
			r.serverTiming = string(v)
		}
	}
	switch {
	case chunked:
		r.body, err = readChunked(br)
	case length >= 0:
		r.body = make([]byte, length)
		_, err = io.ReadFull(br, r.body)
	default:
		keep = false
		r.body, err = io.ReadAll(br)
	}
	return r, keep, err
}

func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, errors.New("header line too long")
		}
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

func readChunked(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailers, up to the blank line
				t, err := readLine(br)
				if err != nil {
					return nil, err
				}
				if len(t) == 0 {
					return out, nil
				}
			}
		}
		start := len(out)
		out = append(out, make([]byte, n)...)
		if _, err := io.ReadFull(br, out[start:]); err != nil {
			return nil, err
		}
		if _, err := readLine(br); err != nil { // the CRLF after the chunk
			return nil, err
		}
	}
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
