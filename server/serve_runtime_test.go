package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseProcStat: the fields after the command name, which may hold
// spaces and parentheses.
func TestParseProcStat(t *testing.T) {
	// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt
	// cminflt majflt cmajflt utime stime cutime cstime priority nice
	// num_threads itrealvalue starttime vsize rss ...
	line := "4242 (kartu sehat (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 9 0 123456 987654321 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
	st, ok := parseProcStat([]byte(line))
	require.True(t, ok)
	assert.Equal(t, procStat{utime: 250, stime: 50, threads: 9, start: 123456, vsize: 987654321, rss: 3000}, st)
	for _, bad := range []string{"", "4242 kartusehat S 1", "4242 (k) S 1 2 3", strings.Replace(line, " 250 ", " x ", 1)} {
		_, ok := parseProcStat([]byte(bad))
		assert.False(t, ok, bad)
	}
}
