package main

import (
	"bytes"
	"encoding/json"
	"github.com/kartusehat/kartusehat/server"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeRuntimeMetrics: /metrics has the standard go_* and (on Linux)
// process_* metrics beside the project's own, each family with its HELP
// and TYPE, each sample a number.
func TestServeRuntimeMetrics(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	ts.call("GET", "/healthz", "", "", nil, true)
	ex := ts.call("GET", "/metrics", "", "", nil, true)
	require.Equal(t, 200, ex.status)
	body := string(ex.body)
	samples := map[string]float64{}
	typed := map[string]bool{}
	line := regexp.MustCompile(`^([a-z_]+)(\{[^}]*\})? (\S+)$`)
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if f, ok := strings.CutPrefix(l, "# TYPE "); ok {
			name, _, _ := strings.Cut(f, " ")
			assert.False(t, typed[name], "one TYPE for %s", name)
			typed[name] = true
			continue
		}
		if strings.HasPrefix(l, "# HELP ") {
			continue
		}
		m := line.FindStringSubmatch(l)
		require.NotNil(t, m, "a sample line: %q", l)
		v, err := strconv.ParseFloat(m[3], 64)
		require.NoError(t, err, l)
		family := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m[1], "_bucket"), "_sum"), "_count")
		assert.True(t, typed[m[1]] || typed[family], "%s has a TYPE before it", m[1])
		if m[2] == "" {
			samples[m[1]] = v
		}
	}
	assert.Contains(t, body, `go_info{version="`+runtime.Version()+`"} 1`)
	assert.Contains(t, body, `kartusehat_http_requests_total{endpoint="/healthz",status="200"} 1`, "the project's own")
	assert.GreaterOrEqual(t, samples["go_goroutines"], 2.0)
	assert.Equal(t, float64(runtime.GOMAXPROCS(0)), samples["go_sched_gomaxprocs_threads"])
	assert.Greater(t, samples["go_memstats_alloc_bytes_total"], 0.0)
	assert.GreaterOrEqual(t, samples["go_memstats_alloc_bytes_total"], samples["go_memstats_alloc_bytes"])
	assert.Greater(t, samples["go_memstats_sys_bytes"], 0.0)
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		assert.NotContains(t, body, "process_")
		return
	}
	for _, name := range []string{"process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
		"process_start_time_seconds", "process_open_fds", "process_max_fds", "process_threads"} {
		assert.Contains(t, samples, name)
	}
	assert.Greater(t, samples["process_resident_memory_bytes"], 1e6, "a Go server holds more than 1 MB")
	assert.GreaterOrEqual(t, samples["process_virtual_memory_bytes"], samples["process_resident_memory_bytes"])
	assert.GreaterOrEqual(t, samples["process_max_fds"], samples["process_open_fds"])
	assert.Greater(t, samples["process_start_time_seconds"], 1.6e9)
}

// TestServeLogLevel: --log-level sets the log's level; at warn, error and
// off the access log is silent; another value is a usage error.
func TestServeLogLevel(t *testing.T) {
	for _, tt := range []struct {
		level  string
		access bool
	}{{"debug", true}, {"info", true}, {"warn", false}, {"error", false}, {"off", false}} {
		t.Run(tt.level, func(t *testing.T) {
			var logs bytes.Buffer
			log, err := newLogger(&logs, tt.level)
			require.NoError(t, err)
			s, err := newServer(defaultServeConfig(), log)
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			require.Equal(t, 200, rec.Code)
			assert.Equal(t, `{"status":"ok"}`+"\n", rec.Body.String(), "compact")
			if tt.access {
				var line map[string]any
				require.NoError(t, json.Unmarshal(logs.Bytes(), &line), logs.String())
				assert.Equal(t, "request", line["msg"])
				assert.Equal(t, "/healthz", line["endpoint"])
			} else {
				assert.Empty(t, logs.String())
			}
			if tt.level == "off" {
				s.log.Error("x")
				assert.Empty(t, logs.String(), "off: nothing at all")
			}
		})
	}
	code, _, errOut := runCmd(t, "", "serve", "--log-level", "loud")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `--log-level "loud": debug, info, warn, error or off`)
}

// TestOpenAPIExamplesAreTheTestdata: every request example of the
// description is a file of examples/testdata (its summary names it) with
// the same content, every tagged operation's tag is declared, and the
// server answers each example 200, the exchange holding to the
// description.
func TestOpenAPIExamplesAreTheTestdata(t *testing.T) {
	var doc struct {
		Tags  []struct{ Name string }
		Paths map[string]map[string]struct {
			Tags        []string
			RequestBody struct {
				Content map[string]struct {
					Examples map[string]struct {
						Summary string
						Value   json.RawMessage
					}
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(openAPIBytes(), &doc))
	tags := map[string]bool{}
	for _, tg := range doc.Tags {
		tags[tg.Name] = true
	}
	cfg := defaultServeConfig()
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	seen := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			require.Len(t, op.Tags, 1, "%s %s has a tag", method, path)
			assert.True(t, tags[op.Tags[0]], "%s %s: tag %q is declared", method, path, op.Tags[0])
			for media, c := range op.RequestBody.Content {
				for _, ex := range c.Examples {
					seen++
					name, _, _ := strings.Cut(strings.TrimPrefix(ex.Summary, "examples/testdata/"), ",")
					require.NotEqual(t, ex.Summary, name, "%s: the summary names a file of examples/testdata", path)
					file := readFile(t, "../../examples/testdata/"+name)
					var body string
					switch {
					case media == mediaNDJSON: // the lines, an array element each
						var lines []json.RawMessage
						require.NoError(t, json.Unmarshal(ex.Value, &lines))
						want := strings.Split(strings.TrimSpace(file), "\n")
						require.Len(t, lines, len(want), path)
						for i := range want {
							assert.JSONEq(t, want[i], string(lines[i]), "%s: line %d", path, i+1)
						}
						body = file
					case strings.HasSuffix(name, ".jsonl"): // line 1
						first, _, _ := strings.Cut(file, "\n")
						assert.JSONEq(t, first, string(ex.Value), path)
						body = first
					default:
						assert.JSONEq(t, file, string(ex.Value), path)
						body = file
					}
					e := ts.call(strings.ToUpper(method), path, media, body, nil, true)
					assert.Equal(t, 200, e.status, "%s %s: %s", method, path, e.body)
				}
			}
		}
	}
	assert.Equal(t, 11, seen, "the examples: eligibility (one, batch), referral, price, claim, claim/adjudicate, stay, verify, recap, FHIR eligibility and claim")
}

// TestRequiredInputIsMissing: each field the description marks required
// is one whose absence the server refuses as missing, at its pointer;
// the valid inputs hold them all.
func TestRequiredInputIsMissing(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	month, _, _ := strings.Cut(readFile(t, "../../examples/testdata/month-rsud-2019-03.jsonl"), "\n")
	inputs := serveInputs(t)
	inputs["claim/verify"], inputs["claim/recap"] = month, month
	names := map[string]string{"claim/adjudicate": "claim adjudicate", "claim/verify": "claim verify", "claim/recap": "claim recap"}
	checked := 0
	for path, in := range inputs {
		op := names[path]
		if op == "" {
			op = path
		}
		for _, field := range server.Required(op) {
			var v map[string]any
			require.NoError(t, json.Unmarshal([]byte(in), &v))
			parent, key := v, field
			if before, after, ok := strings.Cut(field, "."); ok {
				parent, key = v[before].(map[string]any), after
			}
			require.Contains(t, parent, key, "%s: the valid input holds %s", path, field)
			delete(parent, key)
			b, err := json.Marshal(v)
			require.NoError(t, err)
			target, ctype := "/v1/"+path, mediaJSON
			if path == "claim/verify" || path == "claim/recap" {
				ctype = mediaNDJSON
			}
			req, err := http.NewRequest("POST", ts.base+target, bytes.NewReader(b))
			require.NoError(t, err)
			req.Header.Set("Content-Type", ctype)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if path == "claim/recap" { // the lines refused are counted, not shown
				assert.Equal(t, "1", resp.Header.Get("Kartusehat-Failed-Lines"), "%s without %s", path, field)
				checked++
				continue
			}
			// The field's pointer, or that of a required field within it.
			pointer := "/" + strings.ReplaceAll(field, ".", "/")
			assert.Regexp(t, `"code":"missing","(field|pointer)":"`+regexp.QuoteMeta(pointer)+`(/[a-z_]+)?"`, string(body), "%s without %s", path, field)
			checked++
		}
	}
	assert.Equal(t, 16, checked)
}
