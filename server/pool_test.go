package server

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
	"testing/iotest"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/eligibility"
)

// TestReadLimitedInto: the pooled read gives readLimited's bytes and
// errors, at every size about the limit, from a reader that returns one
// byte at a time as from one that returns all, into a buffer that is
// empty, small or holding an earlier body.
func TestReadLimitedInto(t *testing.T) {
	for _, limit := range []int64{0, 1, 10, 4096, 5000} {
		for _, n := range []int64{0, 1, limit - 1, limit, limit + 1, limit + 2, 3 * limit} {
			if n < 0 {
				continue
			}
			body := strings.Repeat("x", int(n))
			for _, start := range [][]byte{nil, make([]byte, 0, 3), []byte("earlier body")} {
				for _, half := range []bool{false, true} {
					var r1, r2 io.Reader = strings.NewReader(body), strings.NewReader(body)
					if half {
						r1, r2 = iotest.OneByteReader(r1), iotest.OneByteReader(r2)
					}
					want, wantErr := fault.ReadLimited(r1, limit, "--max-input")
					buf := start
					got, err := readLimitedInto(&buf, r2, limit, "--max-input")
					if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
						t.Errorf("limit %d, %d bytes: got %q, %v; want %q, %v", limit, n, got, err, want, wantErr)
					}
				}
			}
		}
	}
	buf := []byte(nil)
	if _, err := readLimitedInto(&buf, strings.NewReader("abc"), 2, "--max-input"); !errors.Is(err, rules.CodeTooLarge) {
		t.Errorf("over the limit: %v, want a too_large field error", err)
	}
	boom := errors.New("boom")
	if _, err := readLimitedInto(&buf, iotest.ErrReader(boom), 2, "--max-input"); err != boom {
		t.Errorf("a failing reader: %v, want its error", err)
	}
}

// TestAppendHTTP: the answer appended to a pooled buffer is the bytes
// encodeHTTP writes, compact and ?pretty=1, for a decision (which writes
// its own JSON) and for a value that does not.
func TestAppendHTTP(t *testing.T) {
	eng, err := kartusehat.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := &eligibility.Facts{Person: eligibility.Person{NIK: eligibility.MustParseNIK("3275014508900001"),
		KK: "3275010101170001", KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}}}
	d, err := eligibility.Check(f, eng.Book().At(rules.MustParseDate("2019-03-01")))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{&d, map[string]string{"a": "<&>"}} {
		for _, target := range []string{"/v1/eligibility", "/v1/eligibility?pretty=1"} {
			r := httptest.NewRequest("POST", target, nil)
			var want bytes.Buffer
			if err := encodeHTTP(&want, r, v); err != nil {
				t.Fatal(err)
			}
			got, err := appendHTTP([]byte("stale"[:0]), r, v)
			if err != nil || !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s %T: got %s, %v\nwant %s", target, v, got, err, want.Bytes())
			}
		}
	}
}
