package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The correctness of the command line (issue 17): no silent wrong
// result, no late error, no batch cut without a word.

// TestClaimRecapNamesBadLines: claim recap says which line failed and
// why, on standard error, and exits 1, even when every line is bad and
// the tables are empty.
func TestClaimRecapNamesBadLines(t *testing.T) {
	in := `{"id": "a", "hospital": 3}` + "\n" + "not json\n" + `{"id": "b", "episode": {"care_type": "inpatient"}}` + "\n"
	for _, format := range []string{"csv", "json"} {
		code, _, errOut := runCmd(t, in, "claim", "recap", "-o", format)
		assert.Equal(t, 1, code, format)
		assert.Contains(t, errOut, "kartusehat claim recap: line 1: bad_value: /hospital: ")
		assert.Contains(t, errOut, "kartusehat claim recap: line 2: bad_json: ")
		assert.Contains(t, errOut, "kartusehat claim recap: line 3: missing: /episode/admission: required: the date-time of admission")
		assert.Contains(t, errOut, "kartusehat claim recap: 3 lines, 0 done, 3 with errors\n")
	}
}

// TestAdjudicateEchoesAnyID: an "id" is echoed whatever its JSON type,
// as the README says; a number is carried into the result as its digits.
func TestAdjudicateEchoesAnyID(t *testing.T) {
	file := oneLine(t, readFile(t, stayFile))
	num := strings.Replace(file, `"id":"RSUD-2019-03-0001"`, `"id":7`, 1)
	require.NotEqual(t, file, num, "the example has its id")
	obj := strings.Replace(file, `"id":"RSUD-2019-03-0001"`, `"id":{"ward":"B"}`, 1)
	code, out, errOut := runCmd(t, num+"\n"+obj+"\n", "claim", "adjudicate", "--batch", "--inacbg", tableFile)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasPrefix(lines[0], `{"line":1,"id":7,"result":{"id":"7",`), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `{"line":2,"id":{"ward":"B"},"result":{`), lines[1])
}

// TestErrorsThatNameTheLimit: an INA-CBG table that is not one names the
// limit of a line, not the scanner; trailing data inside a batch does not
// point to --batch.
func TestErrorsThatNameTheLimit(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip("no /dev/zero")
	}
	f.Close()
	code, _, errOut := runCmd(t, readFile(t, "../../examples/testdata/stay-rsud.json"), "price", "--inacbg", "/dev/zero")
	assert.Equal(t, 1, code)
	assert.Equal(t, "kartusehat price: --inacbg /dev/zero: a line is longer than 65536 bytes, the limit of a table line (is it a CSV file?)\n", errOut)

	claim := `{"service_end": "2019-03-20", "membership": "card"}`
	code, out, _ := runCmd(t, claim+" {}\n", "claim", "--batch")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "trailing data after the JSON value at byte")
	assert.NotContains(t, out, "--batch")
	code, out, _ = runCmd(t, claim+" {}\n", "claim")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "give one JSON value (use --batch for JSON Lines)")
	// A leading byte-order mark is skipped.
	code, _, _ = runCmd(t, "\ufeff"+claim, "claim")
	assert.Equal(t, 0, code)
}

// failingReader gives its text, then fails.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// failingWriter takes n bytes, then fails as a closed pipe does.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, syscall.EPIPE
	}
	f.n -= len(p)
	return len(p), nil
}

// TestFaults: an input that fails mid-batch, an output that fails and a
// rulebook file that cannot be read never give a report that looks
// complete; the error says where it stopped.
func TestFaults(t *testing.T) {
	month := readFile(t, monthFile)
	lines := strings.SplitAfter(strings.TrimSpace(month), "\n")
	in := lines[0] + lines[1]

	t.Run("input fails after two lines", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := run([]string{"claim", "verify", "--inacbg", tableFile}, &failingReader{strings.NewReader(in), errors.New("disk gone")}, &out, &errb)
		assert.Equal(t, 1, code)
		got := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, got, 2, "the two lines read are answered, and no report follows")
		assert.NotContains(t, out.String(), `"report"`)
		assert.Contains(t, errb.String(), "kartusehat claim verify: 2 lines, 2 done, 0 with errors; reading stopped at line 3\n")
		assert.Contains(t, errb.String(), "kartusehat claim: reading line 3: disk gone; the batch was not read to its end\n")
	})
	t.Run("a batch of another command", func(t *testing.T) {
		var out, errb bytes.Buffer
		claim := `{"service_end": "2019-03-20", "membership": "card"}` + "\n"
		code := run([]string{"claim", "--batch"}, &failingReader{strings.NewReader(claim + claim), errors.New("disk gone")}, &out, &errb)
		assert.Equal(t, 1, code)
		assert.Contains(t, errb.String(), "reading line 3: disk gone")
	})
	t.Run("recap input fails", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := run([]string{"claim", "recap", "-o", "csv"}, &failingReader{strings.NewReader(in), errors.New("disk gone")}, &out, &errb)
		assert.Equal(t, 1, code)
		assert.Empty(t, out.String(), "no tables from half a month")
		assert.Contains(t, errb.String(), "reading line 3: disk gone")
	})
	t.Run("output fails", func(t *testing.T) {
		for _, n := range []int{0, 100, len(month) / 2} {
			var errb bytes.Buffer
			code := run([]string{"claim", "verify", "--inacbg", tableFile}, strings.NewReader(month), &failingWriter{n}, &errb)
			assert.Equal(t, 1, code, n)
			assert.Regexp(t, `kartusehat claim: writing the output at line \d+: broken pipe; the output is incomplete\n`, errb.String(), n)
			assert.NotContains(t, errb.String(), "0 with errors\n", "no summary of a batch that looks complete")
		}
	})
	t.Run("rulebook file that cannot be read", func(t *testing.T) {
		dir := copyRulebook(t)
		require.NoError(t, os.Remove(filepath.Join(dir, "tariff.yaml")))
		require.NoError(t, os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "tariff.yaml")))
		code, out, errOut := runCmd(t, month, "claim", "verify", "--rules", dir)
		assert.Equal(t, 1, code)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "tariff.yaml")
	})
}

// TestBatchStop: a stop (SIGINT, SIGTERM) during a --batch finishes the
// line in progress, reads no more, and ends with a line saying where the
// batch was cut; a month cut so has no report.
func TestBatchStop(t *testing.T) {
	claim := `{"service_end": "2019-03-20", "membership": "card"}` + "\n"
	for _, args := range [][]string{{"claim", "--batch"}, {"claim", "verify"}, {"claim", "adjudicate", "--batch"}} {
		stop, cancel := context.WithCancel(context.Background())
		in := claim
		if args[1] != "--batch" {
			in = oneLine(t, readFile(t, stayFile)) + "\n"
		}
		// The stop comes while the second line is read.
		r := &stopAfter{lines: []string{in, in, in}, stop: cancel}
		var out, errb bytes.Buffer
		code := runEnv(&env{stdin: r, stdout: &out, stderr: &errb, stop: stop}, args)
		assert.Equal(t, 1, code, args)
		got := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, got, 2, "%v: %s", args, out.String())
		assert.Contains(t, got[0], `{"line":1,`)
		assert.Equal(t, `{"cut_after_line":1,"error":{"code":"interrupted","pointer":"","message":"dihentikan oleh shutdown atau sinyal: batch dipotong setelah baris 1; kirim lagi baris-baris sesudahnya","message_en":"stopped by a shutdown or a signal: the batch was cut after line 1; send the lines after it again"}}`, got[1])
		assert.NotContains(t, out.String(), `"report"`)
		assert.Contains(t, errb.String(), "; cut after line 1 by a stop\n")
	}
}

// stopAfter gives its lines one a Read, and closes stop as the second is
// read: the signal arrives while the batch reads.
type stopAfter struct {
	lines []string
	stop  context.CancelFunc
	n     int
}

func (s *stopAfter) Read(p []byte) (int, error) {
	if s.n >= len(s.lines) {
		return 0, io.EOF
	}
	if s.n == 1 {
		s.stop()
	}
	n := copy(p, s.lines[s.n])
	s.n++
	return n, nil
}

// waitCatches waits until the process pid catches sig (Linux's SigCgt
// mask in /proc/PID/status); elsewhere it waits a second.
func waitCatches(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if runtime.GOOS != "linux" {
		time.Sleep(time.Second)
		return
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		require.NoError(t, err)
		for _, line := range strings.Split(string(b), "\n") {
			if mask, ok := strings.CutPrefix(line, "SigCgt:"); ok {
				m, err := strconv.ParseUint(strings.TrimSpace(mask), 16, 64)
				require.NoError(t, err)
				if m&(1<<(uint(sig)-1)) != 0 {
					return
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d never caught %v", pid, sig)
}

// TestBatchSignal: a real process, a real SIGINT while a --batch waits
// for its next line: it ends at once, with the cut line.
func TestBatchSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	// A process signalled before its batch stop is installed (a slow
	// start: the race detector, a loaded machine) dies of the signal, as
	// any Go program does: that try says nothing of the batch, and the
	// next waits longer.
	for wait := 200 * time.Millisecond; ; wait *= 3 {
		out, errOut, code, killed := signalBatch(t, wait)
		if killed && wait < 5*time.Second {
			t.Logf("signalled before the stop was installed (waited %v): again", wait)
			continue
		}
		require.False(t, killed, "the process died of the signal: no batch stop")
		assert.Equal(t, 1, code)
		got := strings.Split(strings.TrimSpace(out), "\n")
		last := got[len(got)-1]
		// On a loaded machine the signal may come before the line is
		// read: the cut line says so either way, and agrees with the
		// lines answered.
		assert.Contains(t, last, `"cut_after_line":`+map[bool]string{true: "1", false: "0"}[len(got) == 2])
		assert.Contains(t, last, `"code":"interrupted"`)
		assert.Contains(t, errOut, "by a stop")
		return
	}
}

// signalBatch starts "claim --batch" in a process, gives it a line, waits,
// sends SIGINT and reads what it wrote: its output, its standard error,
// its exit code, and whether the signal killed it.
func signalBatch(t *testing.T, wait time.Duration) (out, errOut string, code int, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+strings.Join([]string{"claim", "--batch"}, "\n"))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	defer stdin.Close()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	_, err = io.WriteString(stdin, `{"service_end": "2019-03-20", "membership": "card"}`+"\n")
	require.NoError(t, err)
	waitCatches(t, cmd.Process.Pid, syscall.SIGINT)
	time.Sleep(wait)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(stdout); rest <- string(b) }() // to the end: the process has closed its output
	select {
	case out = <-rest:
		err = cmd.Wait()
	case <-time.After(30 * time.Second):
		t.Fatal("the batch did not stop on SIGINT")
	}
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return out, errb.String(), -1, true
	}
	return out, errb.String(), ee.ExitCode(), false
}

// TestAmountOverMaxOneCode: an amount over the limit is out_of_range in
// claim adjudicate as in price, with the same message naming the
// maximum, and the amount is not echoed.
func TestAmountOverMaxOneCode(t *testing.T) {
	file := oneLine(t, readFile(t, stayFile))
	stay := oneLine(t, readFile(t, "../../examples/testdata/stay-rsud.json"))
	want := "the amount is more than Rp 1,000,000,000,000, the limit for an amount (MaxAmount)"
	for _, tt := range []struct {
		args  []string
		in    string
		field string
	}{
		{[]string{"claim", "adjudicate"}, strings.Replace(file, `"amount":"2500000"`, `"amount":"1e30"`, 1), "/lines/0/amount"},
		{[]string{"claim", "adjudicate"}, strings.Replace(file, `"amount":"2500000"`, `"amount":1000000000000000000000000000000`, 1), "/lines/0/amount"},
		{[]string{"price"}, strings.Replace(stay, `"unit_price":"360000"`, `"unit_price":"1e30"`, 1), "/billing/items/1/unit_price"},
	} {
		require.NotContains(t, tt.in, `"2500000"`+"x")
		got := runError(t, tt.in, append(tt.args, "--inacbg", tableFile)...)
		require.NotNil(t, got, tt.args)
		assert.Equal(t, errJSON(CodeOutOfRange, tt.field, want), got.en())
	}
}
