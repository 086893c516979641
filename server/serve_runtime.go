package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"strconv"
	"strings"
)

// The standard go_* and process_* metrics, beside the project's own on
// /metrics, under the names the Prometheus Go client gives them, so the
// usual dashboards and alerts work unchanged. They are read from
// runtime/metrics (no stop-the-world, unlike runtime.ReadMemStats) and,
// on Linux, from /proc/self. The Prometheus client library is not used:
// it would bring its own dependencies (client_model, common, procfs,
// protobuf) into a module that writes these forty lines of text format
// itself, and the project's metrics are already written by hand
// (serve_metrics.go).

// goMetric is one go_* metric read from runtime/metrics.
type goMetric struct {
	name, typ, help, sample string
}

// goMetrics are the go_* metrics, each with the runtime/metrics sample
// it is read from.
var goMetrics = []goMetric{
	{"go_goroutines", "gauge", "Number of goroutines that currently exist.", "/sched/goroutines:goroutines"},
	{"go_sched_gomaxprocs_threads", "gauge", "The current runtime.GOMAXPROCS setting.", "/sched/gomaxprocs:threads"},
	{"go_memstats_alloc_bytes", "gauge", "Number of bytes allocated in heap and currently in use.", "/memory/classes/heap/objects:bytes"},
	{"go_memstats_alloc_bytes_total", "counter", "Total number of bytes allocated in heap until now, even if released already.", "/gc/heap/allocs:bytes"},
	{"go_memstats_mallocs_total", "counter", "Total number of heap objects allocated.", "/gc/heap/allocs:objects"},
	{"go_memstats_frees_total", "counter", "Total number of heap objects frees.", "/gc/heap/frees:objects"},
	{"go_memstats_heap_objects", "gauge", "Number of currently allocated objects.", "/gc/heap/objects:objects"},
	{"go_memstats_next_gc_bytes", "gauge", "Number of heap bytes when the next garbage collection will take place.", "/gc/heap/goal:bytes"},
	{"go_memstats_sys_bytes", "gauge", "Number of bytes obtained from the system.", "/memory/classes/total:bytes"},
	{"go_gc_cycles_total_gc_cycles_total", "counter", "Count of all completed GC cycles.", "/gc/cycles/total:gc-cycles"},
	{"go_gc_gogc_percent", "gauge", "Heap size target percentage configured by the user (GOGC).", "/gc/gogc:percent"},
	{"go_gc_gomemlimit_bytes", "gauge", "Go runtime memory limit configured by the user (GOMEMLIMIT).", "/gc/gomemlimit:bytes"},
}

// writeRuntimeMetrics writes the go_* metrics and, where /proc/self
// exists, the process_* metrics, in the text exposition format.
func writeRuntimeMetrics(w io.Writer) {
	samples := make([]rtmetrics.Sample, len(goMetrics))
	for i, m := range goMetrics {
		samples[i].Name = m.sample
	}
	rtmetrics.Read(samples)
	var b strings.Builder
	family := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	family("go_info", "gauge", "Information about the Go environment.")
	fmt.Fprintf(&b, "go_info{version=%s} 1\n", quoteLabel(runtime.Version()))
	for i, m := range goMetrics {
		var v string
		switch samples[i].Value.Kind() {
		case rtmetrics.KindUint64:
			v = strconv.FormatUint(samples[i].Value.Uint64(), 10)
		case rtmetrics.KindFloat64:
			v = strconv.FormatFloat(samples[i].Value.Float64(), 'g', -1, 64)
		default:
			continue // not in this Go version
		}
		family(m.name, m.typ, m.help)
		fmt.Fprintf(&b, "%s %s\n", m.name, v)
	}
	if p, ok := readProcSelf(); ok {
		for _, m := range p {
			family(m.name, m.typ, m.help)
			fmt.Fprintf(&b, "%s %s\n", m.name, m.value)
		}
	}
	io.WriteString(w, b.String())
}

// procMetric is one process_* metric with its value.
type procMetric struct {
	name, typ, help, value string
}

// userHZ is the unit of the CPU times in /proc/self/stat (USER_HZ, 100
// on every Linux architecture Go supports).
const userHZ = 100

// readProcSelf reads the process_* metrics from /proc: false where there
// is no /proc (not Linux).
func readProcSelf() ([]procMetric, bool) {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return nil, false
	}
	st, ok := parseProcStat(stat)
	if !ok {
		return nil, false
	}
	out := []procMetric{
		{"process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
			strconv.FormatFloat(float64(st.utime+st.stime)/userHZ, 'g', -1, 64)},
		{"process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
			strconv.FormatUint(st.rss*uint64(os.Getpagesize()), 10)},
		{"process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", strconv.FormatUint(st.vsize, 10)},
		{"process_threads", "gauge", "Number of OS threads in the process.", strconv.FormatUint(st.threads, 10)},
	}
	if btime, ok := bootTime(); ok {
		out = append(out, procMetric{"process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
			strconv.FormatFloat(float64(btime)+float64(st.start)/userHZ, 'f', 2, 64)})
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		out = append(out, procMetric{"process_open_fds", "gauge", "Number of open file descriptors.", strconv.Itoa(len(fds))})
	}
	if limit, ok := maxOpenFiles(); ok {
		out = append(out, procMetric{"process_max_fds", "gauge", "Maximum number of open file descriptors.", limit})
	}
	return out, true
}

// procStat is what the metrics take from /proc/self/stat.
type procStat struct {
	utime, stime, threads, start, vsize, rss uint64
}

// parseProcStat parses /proc/self/stat (proc(5)): the fields after the
// command name, which is in parentheses and may hold spaces.
func parseProcStat(b []byte) (procStat, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state): field n is f[n-3].
	if len(f) < 24-3+1 {
		return procStat{}, false
	}
	var st procStat
	for _, x := range []struct {
		field int
		to    *uint64
	}{{14, &st.utime}, {15, &st.stime}, {20, &st.threads}, {22, &st.start}, {23, &st.vsize}, {24, &st.rss}} {
		n, err := strconv.ParseUint(f[x.field-3], 10, 64)
		if err != nil {
			return procStat{}, false
		}
		*x.to = n
	}
	return st, true
}

// bootTime is the system's boot time in Unix seconds (/proc/stat btime).
func bootTime() (int64, bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "btime "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// maxOpenFiles is the soft limit of open files (/proc/self/limits).
func maxOpenFiles() (string, bool) {
	b, err := os.ReadFile("/proc/self/limits")
	if err != nil {
		return "", false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				if _, err := strconv.ParseUint(f[0], 10, 64); err == nil {
					return f[0], true
				}
			}
		}
	}
	return "", false
}
