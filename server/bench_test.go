package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat"
)

// BenchmarkServeEligibility is the handler's cost for one eligibility
// request, access log and metrics included, without the network.
func BenchmarkServeEligibility(b *testing.B) {
	eng, err := kartusehat.Default()
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(eng)
	if err != nil {
		b.Fatal(err)
	}
	facts, err := os.ReadFile("../examples/testdata/facts-card-holder.json")
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, []byte(`{"date": "2018-06-01", "facts": `+string(facts)+`}`)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/v1/eligibility", bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
	reportCPU(b, start)
}

// BenchmarkServeEligibilityLoopback is one eligibility request over a
// keep-alive connection on 127.0.0.1, as the load test sends it (a raw
// HTTP/1.1 request, the response read with its Content-Length or chunks):
// the handler's cost plus net/http's reading and writing and the
// syscalls, both ends in this process.
func BenchmarkServeEligibilityLoopback(b *testing.B) {
	// As serve runs: the access log as JSON lines (here dropped), or off.
	b.Run("log=info", func(b *testing.B) {
		benchLoopback(b, slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})))
	})
	b.Run("log=off", func(b *testing.B) { benchLoopback(b, slog.New(slog.DiscardHandler)) })
}

func benchLoopback(b *testing.B, log *slog.Logger) {
	eng, err := kartusehat.Default()
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(eng, WithLogger(log))
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	facts, err := os.ReadFile("../examples/testdata/facts-card-holder.json")
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, []byte(`{"date": "2018-06-01", "facts": `+string(facts)+`}`)); err != nil {
		b.Fatal(err)
	}
	addr := strings.TrimPrefix(ts.URL, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	req := []byte(fmt.Sprintf("POST /v1/eligibility HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, body.Len(), body.Bytes()))
	br := bufio.NewReader(conn)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := conn.Write(req); err != nil {
			b.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.Status)
		}
	}
	reportCPU(b, start)
}
