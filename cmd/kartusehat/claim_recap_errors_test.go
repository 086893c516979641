package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file whose membership gives it no service of the recap is not counted
// as a card outpatient: claim recap reports it with its line (issue #16
// item 7) and exits 1.
func TestClaimRecapUnknownService(t *testing.T) {
	data, err := os.ReadFile(monthFile)
	require.NoError(t, err)
	first, _, _ := strings.Cut(string(data), "\n")
	bad := strings.Replace(first, `"membership":"card"`, `"membership":"bpjs"`, 1)
	require.NotEqual(t, first, bad)
	in := filepath.Join(t.TempDir(), "recap.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(first+"\n"+bad+"\n"), 0o600))
	for _, tt := range []struct {
		format, counted string
	}{
		{"csv", "2,Rawat Inap KS,0,0,1,0,0,0,0,0,0,0,0,0,1\n"},
		{"json", "\"total\": 1\n        }\n      },\n      \"claims\""},
	} {
		t.Run(tt.format, func(t *testing.T) {
			code, out, errOut := runCmd(t, "", "claim", "recap", "-o", tt.format, "--input", in)
			assert.Equal(t, 1, code)
			assert.Contains(t, out, tt.counted, "the good line counted once")
			assert.Contains(t, errOut, `kartusehat claim recap: line 2: bad_value: /membership: "bpjs" is not card or dinsos_letter`)
			assert.NotContains(t, errOut, "line 1:", "a line counted is not reported")
			assert.Contains(t, errOut, "2 lines, 1 done, 1 with errors")
		})
	}
}
