package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawBatch opens a TCP connection to the test server and sends the
// headers of a chunked JSON Lines batch on path.
func rawBatch(t *testing.T, ts *testServer, path string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: kartusehat\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n\r\n", path, mediaNDJSON)
	require.NoError(t, err)
	return c.(*net.TCPConn)
}

// sendChunk sends one chunk of the body.
func sendChunk(t *testing.T, c net.Conn, s string) {
	t.Helper()
	_, err := fmt.Fprintf(c, "%x\r\n%s\r\n", len(s), s)
	require.NoError(t, err)
}

// waitLog waits for the server's log to match re, and returns the match.
func waitLog(t *testing.T, ts *testServer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(ts.log.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the server never logged %s; log:\n%s", re, ts.log.String())
	return nil
}

// TestServeClientGoesAway (issue 17, fault injection): a client that goes
// away in the middle of a streaming batch never leaves a report that looks
// complete. Going away while sending (its body stops mid-stream: the
// connection half-closed), the answer's last line is an error naming the
// line where reading stopped, with no month report, and the log says so.
// Going away for good (the connection reset while the server still has
// lines to answer), the server stops, and logs the cut at the line where
// it stopped rather than a batch done. 127.0.0.1 only.
func TestServeClientGoesAway(t *testing.T) {
	in := serveInputs(t)
	cases := []struct{ path, line string }{
		{"/v1/price/batch", oneLine(t, in["price"])},
		{"/v1/eligibility/batch", oneLine(t, in["eligibility"])},
		{"/v1/claim/verify", oneLine(t, in["claim/adjudicate"])},
	}
	cfg := defaultServeConfig()
	cfg.inacbg = tableFile
	for _, tt := range cases {
		t.Run("stops sending"+tt.path, func(t *testing.T) {
			ts := startServer(t, cfg)
			c := rawBatch(t, ts, tt.path)
			sendChunk(t, c, tt.line+"\n") // the headers come with the first answer
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			require.Equal(t, 200, resp.StatusCode)
			body := bufio.NewReader(resp.Body)
			for i := 1; i <= 2; i++ {
				if i > 1 {
					sendChunk(t, c, tt.line+"\n")
				}
				l, err := body.ReadString('\n')
				require.NoError(t, err)
				require.True(t, strings.HasPrefix(l, `{"line":`+strconv.Itoa(i)+`,`), l)
			}
			// Half a line, then the client's side closes: no last chunk.
			sendChunk(t, c, tt.line[:len(tt.line)/2])
			require.NoError(t, c.CloseWrite())
			rest, _ := io.ReadAll(body)
			lines := strings.Split(strings.TrimSpace(string(rest)), "\n")
			require.Len(t, lines, 1, "one last line, and no report: %s", rest)
			assert.JSONEq(t, `{"error": {"code": "bad_value", "pointer": "", "message": "membaca baris 3: nilai tidak sah: unexpected EOF; batch tidak terbaca sampai akhir", "message_en": "reading line 3: unexpected EOF; the batch was not read to its end"}}`, lines[0])
			assert.NotContains(t, string(rest), `"report"`)
			waitLog(t, ts, regexp.MustCompile(`"msg":"batch cut short","path":"`+regexp.QuoteMeta(tt.path)+`","lines":2,"error":"reading line 3: unexpected EOF; the batch was not read to its end"`))
			waitLog(t, ts, regexp.MustCompile(`2 lines, 2 done, 0 with errors; reading stopped at line 3"`))
		})
	}
	for _, tt := range cases {
		t.Run("goes away"+tt.path, func(t *testing.T) {
			ts := startServer(t, cfg)
			c := rawBatch(t, ts, tt.path)
			// Enough lines that their answers cannot all sit in the
			// socket buffers (the client's kept small; the server's
			// grows to a few MB on loopback, and an eligibility answer is
			// some 1.5 kB: 400 of them, 0.6 MB, were all written before
			// the client went away once the server got faster); the body
			// is all sent, its last chunk too.
			require.NoError(t, c.SetReadBuffer(4096))
			const n = 6000
			go func() {
				var b strings.Builder
				for range n {
					b.WriteString(tt.line + "\n")
				}
				fmt.Fprintf(c, "%x\r\n%s\r\n0\r\n\r\n", b.Len(), b.String())
			}()
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			l, err := bufio.NewReader(resp.Body).ReadString('\n')
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(l, `{"line":1,`), l)
			// Gone: a reset, not a polite close.
			require.NoError(t, c.SetLinger(0))
			require.NoError(t, c.Close())
			m := waitLog(t, ts, regexp.MustCompile(`"msg":"batch cut short","path":"`+regexp.QuoteMeta(tt.path)+`","lines":(\d+),"error":"(writing the output at line (\d+)|reading line (\d+))`))
			t.Log(m[0])
			answered, _ := strconv.Atoi(m[1])
			assert.Less(t, answered, n, "the server stopped before the end")
			if m[3] != "" {
				at, _ := strconv.Atoi(m[3])
				assert.GreaterOrEqual(t, at, answered, "the line named is where it stopped")
				assert.Less(t, at, n)
			}
			s := waitLog(t, ts, regexp.MustCompile(`"msg":"batch","op":"[^"]*","summary":"([^"]*)"`))
			assert.NotRegexp(t, `^kartusehat [a-z ]+: \d+ lines, \d+ done, \d+ with errors$`, s[1], "no summary of a batch done")
			assert.NotContains(t, ts.log.String(), fmt.Sprintf("%d lines, %d done", n, n))
		})
	}
}
