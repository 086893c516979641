package server

import (
	"bytes"
	"encoding/json"
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
