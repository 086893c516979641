package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A rulebook directory missing a part is refused on reload (SIGHUP and
// --watch call Reload): the rulebook in use is kept and the log names the
// missing part, the file and line of the manifest that lists it.
func TestReloadRefusesAMissingPart(t *testing.T) {
	for _, part := range []string{"exclusions.yaml", "participants.yaml"} {
		t.Run(part, func(t *testing.T) {
			dir := copyRulebook(t)
			cfg := defaultServeConfig()
			cfg.book.dir = dir
			var logs bytes.Buffer
			s, err := newServer(cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
			require.NoError(t, err)
			rev := s.engine().Book().Revision()

			require.NoError(t, os.Remove(filepath.Join(dir, part)))
			err = s.Reload()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "rulebook.parts: part "+part+" is missing")
			assert.Equal(t, rev, s.engine().Book().Revision(), "the rulebook in use is kept")
			assert.Regexp(t, `"msg":"rulebook reload refused; the rulebook in use is kept".*"rulebook\.yaml:\d+: rulebook\.parts: part `+part+` is missing`, logs.String())
			assert.NotContains(t, logs.String(), `"msg":"rulebook reloaded"`)

			// Nor does a server start on it.
			_, err = newServer(cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
			assert.ErrorContains(t, err, "part "+part+" is missing")
		})
	}
}
