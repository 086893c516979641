package server

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kartusehat/kartusehat/rules"
)

// latencyBuckets are the upper bounds, in seconds, of the request
// latency histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are the server's counters and latency histogram, written in the
// Prometheus text exposition format (version 0.0.4). The label values are
// bounded: endpoints are routes with the operation filled in, never raw
// paths; error codes are the stable codes.
type metrics struct {
	mu         sync.Mutex
	requests   map[[2]string]uint64 // endpoint, status
	errors     map[[2]string]uint64 // endpoint, error code
	lines      map[[2]string]uint64 // endpoint, ok|error
	reloads    map[string]uint64    // ok|failed
	latency    map[string]*histogram
	bookName   string
	bookRev    string
	bookLoaded time.Time
}

// histogram counts observations per bucket (not cumulative: the writer
// adds them up).
type histogram struct {
	counts []uint64 // len(latencyBuckets)+1, the last for +Inf
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, errors: map[[2]string]uint64{},
		lines: map[[2]string]uint64{}, reloads: map[string]uint64{"ok": 0, "failed": 0}, latency: map[string]*histogram{}}
}

func (m *metrics) request(endpoint string, status int, d time.Duration) {
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{endpoint, strconv.Itoa(status)}]++
	h := m.latency[endpoint]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[endpoint] = h
	}
	h.counts[i]++
	h.sum += sec
	h.count++
}

func (m *metrics) error(endpoint string, code rules.ErrorCode) {
	m.mu.Lock()
	m.errors[[2]string{endpoint, string(code)}]++
	m.mu.Unlock()
}

func (m *metrics) batchLines(endpoint string, ok, failed int) {
	m.mu.Lock()
	m.lines[[2]string{endpoint, "ok"}] += uint64(ok)
	m.lines[[2]string{endpoint, "error"}] += uint64(failed)
	m.mu.Unlock()
}

func (m *metrics) reload(ok bool) {
	m.mu.Lock()
	if ok {
		m.reloads["ok"]++
	} else {
		m.reloads["failed"]++
	}
	m.mu.Unlock()
}

func (m *metrics) rulebook(name, revision string) {
	m.mu.Lock()
	m.bookName, m.bookRev, m.bookLoaded = name, revision, time.Now()
	m.mu.Unlock()
}

// write writes every metric, sorted by labels so the output is stable.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	family := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	pairs := func(name string, c map[[2]string]uint64, l1, l2 string) {
		keys := make([][2]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
		for _, k := range keys {
			fmt.Fprintf(&b, "%s{%s=%s,%s=%s} %d\n", name, l1, quoteLabel(k[0]), l2, quoteLabel(k[1]), c[k])
		}
	}
	family("kartusehat_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.")
	pairs("kartusehat_http_requests_total", m.requests, "endpoint", "status")
	family("kartusehat_http_errors_total", "counter", "Requests answered with an error, by endpoint and error code.")
	pairs("kartusehat_http_errors_total", m.errors, "endpoint", "code")
	family("kartusehat_batch_lines_total", "counter", "Batch lines decided, by endpoint and result (ok or error).")
	pairs("kartusehat_batch_lines_total", m.lines, "endpoint", "result")

	family("kartusehat_http_request_duration_seconds", "histogram", "Time to answer a request, by endpoint.")
	eps := make([]string, 0, len(m.latency))
	for ep := range m.latency {
		eps = append(eps, ep)
	}
	slices.Sort(eps)
	for _, ep := range eps {
		h := m.latency[ep]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "kartusehat_http_request_duration_seconds_bucket{endpoint=%s,le=%q} %d\n", quoteLabel(ep), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		fmt.Fprintf(&b, "kartusehat_http_request_duration_seconds_bucket{endpoint=%s,le=\"+Inf\"} %d\n", quoteLabel(ep), cum)
		fmt.Fprintf(&b, "kartusehat_http_request_duration_seconds_sum{endpoint=%s} %s\n", quoteLabel(ep), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "kartusehat_http_request_duration_seconds_count{endpoint=%s} %d\n", quoteLabel(ep), h.count)
	}

	family("kartusehat_rulebook_reloads_total", "counter", "Rulebook reloads (SIGHUP or --watch), by result.")
	for _, r := range []string{"failed", "ok"} {
		fmt.Fprintf(&b, "kartusehat_rulebook_reloads_total{result=%q} %d\n", r, m.reloads[r])
	}
	family("kartusehat_rulebook_info", "gauge", "The rulebook in use: always 1, its name and revision as labels.")
	fmt.Fprintf(&b, "kartusehat_rulebook_info{name=%s,revision=%s} 1\n", quoteLabel(m.bookName), quoteLabel(m.bookRev))
	family("kartusehat_rulebook_loaded_timestamp_seconds", "gauge", "When the rulebook in use was loaded, in Unix seconds.")
	fmt.Fprintf(&b, "kartusehat_rulebook_loaded_timestamp_seconds %d\n", m.bookLoaded.Unix())
	io.WriteString(w, b.String())
}

// quoteLabel quotes a label value as the exposition format escapes it:
// backslash, double quote and line feed.
func quoteLabel(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}
