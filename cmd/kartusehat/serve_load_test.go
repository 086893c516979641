package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var (
	serveLoad     = flag.Bool("serve.load", false, "run the load figure of kartusehat serve (TestServeLoad)")
	serveLoadN    = flag.Int("serve.load.n", 20000, "requests to send to the server (bounded also by -serve.load.time)")
	serveLoadTime = flag.Duration("serve.load.time", 30*time.Second, "the longest the server load runs")
	serveLoadC    = flag.Int("serve.load.c", 64, "concurrent clients")
	serveSpawns   = flag.Int("serve.load.spawns", 200, "CLI processes to spawn, one per request, for the comparison")
)

// loadResult is a load run: requests done, wall time, latencies.
type loadResult struct {
	n      int
	failed int64
	wall   time.Duration
	lat    []time.Duration
}

func (r loadResult) String() string {
	slices.Sort(r.lat)
	q := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
	}
	return fmt.Sprintf("%d requests (%d failed) in %s: %.0f req/s, p50 %s, p99 %s",
		r.n, r.failed, r.wall.Round(time.Millisecond), float64(r.n)/r.wall.Seconds(), q(0.50).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond))
}

// loadRun calls do from c workers until n calls are done or limit passes.
func loadRun(c, n int, limit time.Duration, do func() error) loadResult {
	var next, failed atomic.Int64
	lats := make([][]time.Duration, c)
	deadline := time.Now().Add(limit)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) {
				t0 := time.Now()
				if do() != nil {
					failed.Add(1)
				}
				lats[w] = append(lats[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	r := loadResult{wall: time.Since(start), failed: failed.Load()}
	for _, l := range lats {
		r.lat = append(r.lat, l...)
	}
	r.n = len(r.lat)
	return r
}

// TestServeLoad is the load figure of the serve issue: POST
// /v1/eligibility from 64 concurrent keep-alive clients against a built
// binary on 127.0.0.1, beside spawning the CLI once per request. Bounded
// in count and time; run it with
//
//	go test ./cmd/kartusehat -run TestServeLoad -serve.load -v
func TestServeLoad(t *testing.T) {
	if !*serveLoad {
		t.Skip("the load figure runs with -serve.load")
	}
	bin := filepath.Join(t.TempDir(), "kartusehat")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	body := []byte(oneLine(t, serveInputs(t)["eligibility"]))

	p := startCmd(t, exec.Command(bin, "serve", "--addr", "127.0.0.1:0"))
	tr := &http.Transport{MaxIdleConns: *serveLoadC, MaxIdleConnsPerHost: *serveLoadC}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	call := func() error {
		resp, err := client.Post(p.base+"/v1/eligibility", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"eligible":true`)) {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	loadRun(*serveLoadC, 500, 5*time.Second, call) // warm up
	srv := loadRun(*serveLoadC, *serveLoadN, *serveLoadTime, call)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, p.cmd.Wait())
	require.Zero(t, srv.failed)

	spawn := func() error {
		cmd := exec.Command(bin, "eligibility")
		cmd.Stdin = bytes.NewReader(body)
		var out strings.Builder
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			return err
		}
		if !strings.Contains(out.String(), `"eligible": true`) {
			return fmt.Errorf("unexpected output")
		}
		return nil
	}
	cli := loadRun(*serveLoadC, *serveSpawns, *serveLoadTime, spawn)
	cli1 := loadRun(1, min(*serveSpawns, 50), *serveLoadTime, spawn)
	require.Zero(t, cli.failed+cli1.failed)
	t.Logf("serve, %d clients: %s", *serveLoadC, srv)
	t.Logf("CLI spawned per request, %d at a time: %s", *serveLoadC, cli)
	t.Logf("CLI spawned per request, one at a time: %s", cli1)
}
