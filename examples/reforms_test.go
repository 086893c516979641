package examples_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each sample reform loads on the embedded rulebook and changes what a
// small simulated 2019 costs, in the direction it should.
func TestSampleReforms(t *testing.T) {
	for _, tc := range []struct {
		file    string
		cheaper bool
	}{
		{"discount-type-b-25.yaml", true},
		{"no-puskesmas-referral.yaml", false},
		{"jkn-active-covered.yaml", false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("reforms", tc.file))
			require.NoError(t, err)
			defer f.Close()
			rb, err := rules.Default().Overlay(tc.file, f)
			require.NoError(t, err)
			c, err := simulate.Run(context.Background(), simulate.Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: rb, Scale: 20})
			require.NoError(t, err)
			if tc.cheaper {
				assert.Less(t, c.Difference.Total.Cost, int64(0))
			} else {
				assert.Greater(t, c.Difference.Total.Cost, int64(0))
			}
		})
	}
}
