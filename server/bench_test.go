package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
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
	for b.Loop() {
		req := httptest.NewRequest("POST", "/v1/eligibility", bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}

// BenchmarkServeEligibilityLoopback is one eligibility request over a
// real connection on 127.0.0.1 (keep-alive, 8 clients): net/http's share
// beside the handler's. The server logs to a discarded writer, as a
// server logging to a file would pay for the formatting.
func BenchmarkServeEligibilityLoopback(b *testing.B) {
	eng, err := kartusehat.Default()
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(eng, WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
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
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	b.SetParallelism(4) // 8 clients on 2 cores
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := c.Post(ts.URL+"/v1/eligibility", "application/json", bytes.NewReader(body.Bytes()))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Error(res.Status)
				return
			}
		}
	})
}
