// Command loadcmp compares "kartusehat serve" with the OPA server ("opa run
// --server") under the same HTTP load: the same eligibility rule as the
// benchmarks of this module, the same load client, both servers on
// 127.0.0.1 and logging alike.
//
// It builds both servers (kartusehat from the checkout this module sits
// in, OPA from the module's tool directive), starts each on a loopback
// port, warms it up, then runs -c clients that each send requests back to
// back over keep-alive connections until -n requests in all or -duration
// have passed, whichever comes first. It prints, per server and logging
// mode, the requests per second, the p50 and p99 latencies, and the ratios.
//
// The load never leaves the machine: every address is 127.0.0.1, and the
// count and the time are bounded.
//
//	go run ./cmd/loadcmp                      # 64 clients, both logging modes
//	go run ./cmd/loadcmp -c 32 -n 50000 -log off
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// regoModule is the rule of rule_test.go, as OPA serves it.
const regoModule = `package kartusehat.eligibility

import rego.v1

failed contains "kk_outside_city" if input.city != "3275"

failed contains "not_living" if input.status != "living"

failed contains "pbi_member" if input.jkn == "pbi"

failed contains "ektp_not_recorded" if not input.ektp

failed contains "ektp_not_on_card" if not input.ektp_nik in input.card_niks

failed contains "card_expired" if input.card_until < input.service_day

default eligible := false

eligible if count(failed) == 0
`

// The card holder of examples/testdata/facts-card-holder.json on
// 2018-06-01: kartusehat gets the facts, OPA the rule's flat view of them.
const (
	factsBody = `{"date":"2018-06-01","facts":{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},"jkn":{"status":"none"},"documents":{"card":{"niks":["3275014508900001","3275011203850002"],"kk":"3275010101170001","valid_through":"2018-12-31","activated":true},"ektp":{"nik":"3275014508900001","recorded":true}}}}`
	opaBody   = `{"input":{"city":"3275","status":"living","jkn":"none","ektp":true,"ektp_nik":"3275014508900001","card_niks":["3275014508900001","3275011203850002"],"card_until":"2018-12-31","service_day":"2018-06-01"}}`
)

type server struct {
	name string
	// args start it on addr with logging on or off.
	args func(bin, dir, addr string, logging bool) []string
	bin  string
	path string // the request path
	body string
	// ok says the answer is the expected decision.
	ok func(body []byte) bool
}

type result struct {
	server, logging string
	n, failed       int
	elapsed         time.Duration
	p50, p99        time.Duration
	// cpu is the server process's CPU time (user and system) over the
	// run: per request, a figure the load on the machine hardly moves.
	cpu time.Duration
}

// cpuPerRequest is the server's CPU time per request answered.
func (r result) cpuPerRequest() time.Duration {
	if r.n == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.n)
}

func (r result) rps() float64 { return float64(r.n) / r.elapsed.Seconds() }

func main() {
	clients := flag.Int("c", 64, "concurrent clients")
	total := flag.Int("n", 100000, "requests per run, at most")
	duration := flag.Duration("duration", 10*time.Second, "length of a run, at most")
	warm := flag.Int("warm", 2000, "warm-up requests before each run")
	logModes := flag.String("log", "on,off", "logging modes to run: on (access log at info, both servers), off")
	ksBin := flag.String("kartusehat", "", "a kartusehat binary (default: built from the checkout)")
	opaBin := flag.String("opa", "", "an opa binary (default: built from this module's tool directive)")
	client := flag.String("client", "raw", "the load client: raw (HTTP/1.1 written and read on the connection, as wrk does: the client's own CPU kept small) or net/http")
	flag.Parse()
	if *client != "raw" && *client != "net/http" {
		fmt.Fprintln(os.Stderr, "loadcmp: -client raw or net/http")
		os.Exit(2)
	}
	if err := run(*clients, *total, *warm, *duration, *logModes, *ksBin, *opaBin, *client == "raw"); err != nil {
		fmt.Fprintln(os.Stderr, "loadcmp:", err)
		os.Exit(1)
	}
}

func run(clients, total, warm int, duration time.Duration, logModes, ksBin, opaBin string, rawClient bool) error {
	if clients < 1 || total < clients || duration <= 0 || duration > 5*time.Minute {
		return errors.New("-c ≥ 1, -n ≥ -c, 0 < -duration ≤ 5m")
	}
	dir, err := os.MkdirTemp("", "loadcmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if ksBin == "" {
		ksBin = filepath.Join(dir, "kartusehat")
		root, err := filepath.Abs("../..")
		if err != nil {
			return err
		}
		if err := goBuild(root, ksBin, "./cmd/kartusehat"); err != nil {
			return err
		}
	}
	if opaBin == "" {
		opaBin = filepath.Join(dir, "opa")
		if err := goBuild(".", opaBin, "github.com/open-policy-agent/opa"); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "eligibility.rego"), []byte(regoModule), 0o644); err != nil {
		return err
	}
	servers := []server{
		{name: "kartusehat", bin: ksBin, path: "/v1/eligibility", body: factsBody,
			args: func(_, _, addr string, logging bool) []string {
				level := "info"
				if !logging {
					level = "off"
				}
				return []string{"serve", "--addr", addr, "--log-level", level}
			},
			ok: func(b []byte) bool { return bytes.Contains(b, []byte(`"eligible":true`)) }},
		{name: "opa", bin: opaBin, path: "/v1/data/kartusehat/eligibility/eligible", body: opaBody,
			args: func(_, dir, addr string, logging bool) []string {
				level := "info"
				if !logging {
					level = "error"
				}
				return []string{"run", "--server", "--addr", addr, "--log-level", level, "--log-format", "json", filepath.Join(dir, "eligibility.rego")}
			},
			ok: func(b []byte) bool { return bytes.Contains(b, []byte(`"result":true`)) }},
	}
	var results []result
	for _, mode := range strings.Split(logModes, ",") {
		if mode != "on" && mode != "off" {
			return fmt.Errorf("-log %q: on, off", mode)
		}
		for _, s := range servers {
			r, err := measure(s, dir, mode == "on", rawClient, clients, total, warm, duration)
			if err != nil {
				return fmt.Errorf("%s (log %s): %w", s.name, mode, err)
			}
			r.logging = mode
			results = append(results, r)
			fmt.Fprintf(os.Stderr, "%-10s log %-3s %8d req %8.0f req/s  p50 %-9v p99 %-9v cpu/req %-8v failed %d\n",
				r.server, mode, r.n, r.rps(), r.p50, r.p99, r.cpuPerRequest(), r.failed)
		}
	}
	cl := "net/http"
	if rawClient {
		cl = "raw HTTP/1.1"
	}
	fmt.Printf("# %d %s clients on 127.0.0.1, at most %d requests or %v a run\n", clients, cl, total, duration)
	fmt.Println("| server | log | requests | req/s | p50 | p99 | server CPU per request | failed |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Printf("| %s | %s | %d | %.0f | %v | %v | %v | %d |\n", r.server, r.logging, r.n, r.rps(), r.p50.Round(time.Microsecond),
			r.p99.Round(time.Microsecond), r.cpuPerRequest().Round(100*time.Nanosecond), r.failed)
	}
	for i := 0; i+1 < len(results); i += 2 {
		k, o := results[i], results[i+1]
		fmt.Printf("log %s: kartusehat/opa req/s %.2fx, p99 %.2fx of OPA's, server CPU per request %.2fx of OPA's\n",
			k.logging, k.rps()/o.rps(), float64(k.p99)/float64(o.p99), float64(k.cpuPerRequest())/float64(o.cpuPerRequest()))
	}
	return nil
}

func goBuild(dir, out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// freeAddr returns a free port on 127.0.0.1.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func measure(s server, dir string, logging, rawClient bool, clients, total, warm int, duration time.Duration) (result, error) {
	addr, err := freeAddr()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(s.bin, s.args(s.bin, dir, addr, logging)...)
	// The logs go to a pipe that is read and dropped: both servers pay
	// for writing them, neither blocks on a full pipe.
	logs, err := cmd.StderrPipe()
	if err != nil {
		return result{}, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	go io.Copy(io.Discard, bufio.NewReader(logs))
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	url := "http://" + addr + s.path
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	if err := waitUp(c, url, s); err != nil {
		return result{}, err
	}
	newPoster := func() (poster, error) { return &netPoster{c: c, url: url, body: s.body}, nil }
	if rawClient {
		newPoster = func() (poster, error) { return dialRaw(addr, s.path, s.body) }
	}
	if _, err := load(newPoster, s, clients, warm, duration); err != nil {
		return result{}, fmt.Errorf("warm-up: %w", err)
	}
	before, cerr := processCPU(cmd.Process.Pid)
	r, err := load(newPoster, s, clients, total, duration)
	after, cerr2 := processCPU(cmd.Process.Pid)
	if cerr == nil && cerr2 == nil {
		r.cpu = after - before
	}
	r.server = s.name
	return r, err
}

func waitUp(c *http.Client, url string, s server) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := post(c, url, s.body)
		if err == nil && s.ok(b) {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("unexpected answer %.200s", b)
			}
			return fmt.Errorf("not up: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func post(c *http.Client, url, body string) ([]byte, error) {
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	}
	return b, err
}

// load runs clients until total requests are sent or duration passes.
func load(newPoster func() (poster, error), s server, clients, total int, duration time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var next, failed atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, total/clients+1)
			defer func() { lat[i] = own }()
			p, err := newPoster()
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err)
				return
			}
			defer p.close()
			for ctx.Err() == nil && next.Add(1) <= int64(total) {
				t := time.Now()
				b, err := p.post()
				if err == nil && !s.ok(b) {
					err = fmt.Errorf("unexpected answer %.200s", b)
				}
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				own = append(own, time.Since(t))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := result{n: len(all), failed: int(failed.Load()), elapsed: elapsed}
	if len(all) > 0 {
		r.p50, r.p99 = all[len(all)/2], all[len(all)*99/100]
	}
	if err, _ := firstErr.Load().(error); err != nil && r.failed > r.n/100 {
		return r, fmt.Errorf("%d of %d failed: %w", r.failed, r.failed+r.n, err)
	}
	return r, nil
}

// processCPU is the CPU time (user and system) process pid has used,
// from /proc/PID/stat (Linux; an error elsewhere).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: state is the first, utime the 12th, stime the 13th.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("bad /proc stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("bad /proc stat")
	}
	var ut, st int64
	if _, err := fmt.Sscan(f[11], &ut); err != nil {
		return 0, err
	}
	if _, err := fmt.Sscan(f[12], &st); err != nil {
		return 0, err
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(ut+st) * time.Second / ticks, nil
}

// poster sends the run's request on one client's connection.
type poster interface {
	post() ([]byte, error)
	close()
}

// netPoster is a client of net/http.
type netPoster struct {
	c         *http.Client
	url, body string
}

func (p *netPoster) post() ([]byte, error) { return post(p.c, p.url, p.body) }
func (p *netPoster) close()                {}

// rawPoster writes the request's bytes on a kept-alive connection and
// reads the answer by its Content-Length: what wrk does, so that the
// client's own CPU, on the same cores as the server, stays small.
type rawPoster struct {
	conn net.Conn
	r    *bufio.Reader
	req  []byte
	body []byte
}

func dialRaw(addr, path, body string) (*rawPoster, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	req := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", path, addr, len(body), body)
	return &rawPoster{conn: conn, r: bufio.NewReaderSize(conn, 16<<10), req: []byte(req)}, nil
}

func (p *rawPoster) close() { p.conn.Close() }

func (p *rawPoster) post() ([]byte, error) {
	if err := p.conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		return nil, err
	}
	if _, err := p.conn.Write(p.req); err != nil {
		return nil, err
	}
	status, err := p.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(status, []byte("HTTP/1.1 200 ")) {
		return nil, fmt.Errorf("status %q", bytes.TrimSpace(status))
	}
	n := -1
	for {
		line, err := p.r.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			if _, err := fmt.Sscan(string(bytes.TrimSpace(v)), &n); err != nil {
				return nil, err
			}
		}
	}
	if n < 0 || n > 1<<20 {
		return nil, fmt.Errorf("no Content-Length (a chunked answer): the raw client needs one")
	}
	if cap(p.body) < n {
		p.body = make([]byte, n)
	}
	p.body = p.body[:n]
	if _, err := io.ReadFull(p.r, p.body); err != nil {
		return nil, err
	}
	return p.body, nil
}
