package rules

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is an io.Reader of endless data, like /dev/zero, that counts
// what is read from it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestLimitsNamed(t *testing.T) {
	rb := Default()
	// An endless overlay fails at the limit, having read no more than
	// the limit and one buffer: memory does not grow with the input.
	z := &endless{}
	_, err := rb.Overlay("/dev/zero", z)
	require.ErrorIs(t, err, ErrTooLarge)
	var e *loadError
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "/dev/zero", e.File)
	assert.Equal(t, "/dev/zero: the overlay is larger than 4194304 bytes, the limit rules.MaxFileSize", err.Error())
	assert.LessOrEqual(t, z.n, int64(MaxFileSize+64<<10))

	_, err = Parse("big.yaml", &endless{})
	assert.EqualError(t, err, "big.yaml: the rulebook file is larger than 4194304 bytes, the limit rules.MaxFileSize")
	assert.ErrorIs(t, err, ErrTooLarge)

	// An overlay of exactly the limit is read (and then parsed).
	_, err = rb.Overlay("full.yaml", strings.NewReader("#"+strings.Repeat(" ", MaxFileSize-2)+"\n"))
	assert.NotErrorIs(t, err, ErrTooLarge)

	// Load: one file over the limit, named; files together over the
	// total, named at the file that reaches it, before any is parsed.
	over := []byte(strings.Repeat("#", MaxFileSize+1))
	_, err = Load(fstest.MapFS{"a.yaml": {Data: []byte("rulebook: {name: x}\n")}, "b/big.yaml": {Data: over}})
	assert.EqualError(t, err, "b/big.yaml: the rulebook file is larger than 4194304 bytes, the limit rules.MaxFileSize")
	full := []byte(strings.Repeat("#", MaxFileSize))
	fsys := fstest.MapFS{}
	names := "abcdefghi"
	for i := range MaxRulebookSize/MaxFileSize + 1 {
		fsys[names[i:i+1]+".yaml"] = &fstest.MapFile{Data: full}
	}
	_, err = Load(fsys)
	assert.EqualError(t, err, "i.yaml: the rulebook's files together are larger than 33554432 bytes, the limit rules.MaxRulebookSize (reached at this file)")
	assert.ErrorIs(t, err, ErrTooLarge)
}

// A reader that fails is reported with the overlay's name.
func TestOverlayReadError(t *testing.T) {
	_, err := Default().Overlay("r.yaml", io.MultiReader(strings.NewReader("x"), errReader{}))
	assert.ErrorContains(t, err, "reading overlay r.yaml: broken")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("broken") }
