package main

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openBatch opens a batch on path, writes one line to it and waits for
// the response to start, the body still open.
func openBatch(t *testing.T, ts *testServer, path, line string) (*io.PipeWriter, *http.Response) {
	t.Helper()
	return openBatchAt(t, ts.base, path, line, 10*time.Second)
}

// stopServer shuts the test server down as SIGTERM does, and returns
// when it has stopped; it fails t if the shutdown was not clean (the
// process would exit 1).
func stopServer(t *testing.T, ts *testServer) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.stop()
	}()
	return done
}

// TestServeShutdownCutsBatches: a shutdown during a streaming batch
// finishes the line in progress, reads no new line, ends the answer with
// a line saying after which line it was cut, and stops cleanly; every
// streaming endpoint alike. 127.0.0.1 only, a few lines.
func TestServeShutdownCutsBatches(t *testing.T) {
	in := serveInputs(t)
	for _, tt := range []struct{ path, line string }{
		{"/v1/price/batch", oneLine(t, in["price"])},
		{"/v1/eligibility/batch", oneLine(t, in["eligibility"])},
		{"/v1/claim/adjudicate/batch", oneLine(t, in["claim/adjudicate"])},
		{"/v1/claim/verify", oneLine(t, in["claim/adjudicate"])},
	} {
		t.Run(tt.path, func(t *testing.T) {
			cfg := defaultServeConfig()
			cfg.inacbg = tableFile
			ts := startServer(t, cfg)
			pw, resp := openBatch(t, ts, tt.path, tt.line+"\n")
			defer pw.Close()
			defer resp.Body.Close()
			br := bufio.NewReader(resp.Body)
			first, err := br.ReadString('\n')
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(first, `{"line":1,`), first)
			stopped := stopServer(t, ts)
			rest, err := io.ReadAll(br)
			require.NoError(t, err, "the answer ends cleanly")
			assert.Equal(t, `{"cut_after_line":1,"error":{"code":"interrupted","pointer":"","message":"dihentikan oleh shutdown atau sinyal: batch dipotong setelah baris 1; kirim lagi baris-baris sesudahnya","message_en":"stopped by a shutdown or a signal: the batch was cut after line 1; send the lines after it again"}}`+"\n", string(rest))
			select {
			case <-stopped:
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not stop")
			}
			ts.validate("POST", tt.path, mediaNDJSON, tt.line+"\n", nil, false, resp.StatusCode, resp.Header, append([]byte(first), rest...))
		})
	}
	t.Run("a month answered whole", func(t *testing.T) {
		ts := startServer(t, defaultServeConfig())
		pw, resp := openBatchWhole(t, ts, "/v1/claim/recap?format=csv", oneLine(t, in["claim/adjudicate"])+"\n")
		defer pw.Close()
		<-stopServer(t, ts)
		r := <-resp
		require.NotNil(t, r)
		defer r.Body.Close()
		body, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		assert.Equal(t, 503, r.StatusCode, string(body))
		assert.Contains(t, string(body), `"code":"interrupted"`)
		assert.Contains(t, string(body), "cut after line 1")
	})
}

// openBatchWhole opens a batch whose answer comes after its last line,
// writes one line and gives the server time to read it.
func openBatchWhole(t *testing.T, ts *testServer, path, line string) (*io.PipeWriter, chan *http.Response) {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", ts.base+path, pr)
	req.Header.Set("Content-Type", mediaNDJSON)
	respc := make(chan *http.Response, 1)
	go func() {
		resp, _ := http.DefaultClient.Do(req)
		respc <- resp
	}()
	_, err := pw.Write([]byte(line))
	require.NoError(t, err)
	time.Sleep(300 * time.Millisecond) // the handler reads the line and waits
	return pw, respc
}

// TestServeSlowBody: a body that does not arrive within --read-timeout
// is a timeout, not a bad value, and names no address.
func TestServeSlowBody(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.readTimeout = 300 * time.Millisecond
	ts := startServer(t, cfg)
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write([]byte(`{"date": "2019-03-01", `))
	req, _ := http.NewRequest("POST", ts.base+"/v1/eligibility", pr)
	req.Header.Set("Content-Type", mediaJSON)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	ts.validate("POST", "/v1/eligibility", mediaJSON, "", nil, false, resp.StatusCode, resp.Header, body)
	assert.Equal(t, 408, resp.StatusCode)
	ex := exchange{resp.StatusCode, resp.Header, body}
	e := ex.errorJSON(t)
	assert.Equal(t, errJSON(CodeTimeout, "", "the input did not arrive in time: the server's --read-timeout passed while reading it"), e.en())
}

// TestServeAnswersHoldTheDescription: answers the OpenAPI description
// once did not hold: an eligibility decision on a date no instrument
// speaks for (no basis), the rules on such a date (arrays, not null).
func TestServeAnswersHoldTheDescription(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	facts := readFile(t, "../../examples/testdata/facts-card-holder.json")
	ex := ts.call("POST", "/v1/eligibility", mediaJSON, `{"date": "2016-06-01", "facts": `+facts+`}`, nil, true)
	require.Equal(t, 200, ex.status, string(ex.body))
	assert.NotContains(t, string(ex.body), `"basis"`)
	ex = ts.call("GET", "/v1/rules?at=0001-01-01", "", "", nil, true)
	require.Equal(t, 200, ex.status, string(ex.body))
	for _, k := range []string{"instruments_in_force", "exclusions", "partner_facilities", "parameters"} {
		assert.Contains(t, string(ex.body), `"`+k+`":[]`, k)
	}
	assert.NotContains(t, string(ex.body), "null")
}
