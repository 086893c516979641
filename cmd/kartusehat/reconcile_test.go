package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reconcile ignored an unknown CSV column: with is_pbi in place of pbi, a
// person who became a PBI member was kept and the command exited 0. The
// column is now an error naming it and the close match, before anything
// is written; --ignore-unknown-columns reads it as before.
func TestReconcileUnknownColumn(t *testing.T) {
	dir := t.TempDir()
	prev := filepath.Join(dir, "prev.csv")
	cur := filepath.Join(dir, "cur.csv")
	good := filepath.Join(dir, "good.csv")
	require.NoError(t, os.WriteFile(prev, []byte("nik,kk,status,pbi\n3275014508900001,3275010101170001,resident,false\n"), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte("nik,kk,status,is_pbi\n3275014508900001,3275010101170001,resident,true\n"), 0o644))
	require.NoError(t, os.WriteFile(good, []byte("nik,kk,status,pbi\n3275014508900001,3275010101170001,resident,true\n"), 0o644))

	code, out, errOut := runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", prev, "--current", cur)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `cur.csv:1: unknown column "is_pbi" (column 4): the columns of an extract are nik, kk, status, date, pbi; did you mean pbi?; to ignore unknown columns, pass --ignore-unknown-columns`)

	code, out, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", prev, "--current", good)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"change":"removed"`)
	assert.Contains(t, out, `"reason":"became_pbi"`)

	code, out, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", prev, "--current", cur, "--ignore-unknown-columns")
	assert.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "the column ignored, as asked: nobody changes")
	assert.NotRegexp(t, fullNIK, errOut)
}
