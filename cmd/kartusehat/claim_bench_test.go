package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// batchFile writes n claim files, each a distinct patient, as JSON Lines.
func batchFile(b *testing.B, n int) string {
	b.Helper()
	month, err := os.ReadFile(monthFile)
	if err != nil {
		b.Fatal(err)
	}
	first := strings.SplitN(string(month), "\n", 2)[0]
	var buf bytes.Buffer
	for i := range n {
		nik := fmt.Sprintf("327501%02d%02d90%04d", i%28+1, i/28%12+1, i/336+1)
		buf.WriteString(strings.ReplaceAll(first, "3275014508900001", nik))
		buf.WriteByte('\n')
	}
	name := b.TempDir() + "/month.jsonl"
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return name
}

const benchClaims = 10000

// BenchmarkClaimVerifyCLI runs "kartusehat claim verify" over 10,000
// claim files (JSON Lines) and reports claims per second.
func BenchmarkClaimVerifyCLI(b *testing.B) {
	name := batchFile(b, benchClaims)
	for b.Loop() {
		code := run([]string{"claim", "verify", "--input", name, "--inacbg", tableFile}, strings.NewReader(""), io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(benchClaims*b.N)/b.Elapsed().Seconds(), "claims/s")
}

// BenchmarkJQ runs "jq -c ." over the same file, for scale: the rate of a
// tool that only parses and prints each line.
func BenchmarkJQ(b *testing.B) {
	jq, err := exec.LookPath("jq")
	if err != nil {
		b.Skip("jq is not installed")
	}
	name := batchFile(b, benchClaims)
	for b.Loop() {
		cmd := exec.Command(jq, "-c", ".", name)
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchClaims*b.N)/b.Elapsed().Seconds(), "claims/s")
}
