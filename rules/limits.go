package rules

import (
	"fmt"
	"io"
	"io/fs"
)

// The size limits of input. MaxFieldErrors bounds the errors one input
// of a decision reports. MaxFileSize and MaxRulebookSize bound a
// rulebook: each is named in the error that enforces it, and each is far
// above what a real rulebook needs (the
// embedded Kota Bekasi rulebook is about 230 KB in all, its largest file
// about 64 KB): a file over a limit is not a rulebook, or is corrupt, and
// reading stops at the limit, so an endless reader cannot grow memory.
const (
	// MaxFileSize bounds one rulebook file, whether read by Load or
	// Parse, and one overlay given to Overlay, in bytes.
	MaxFileSize = 4 << 20
	// MaxRulebookSize bounds all the files of one rulebook directory read
	// by Load, together, in bytes.
	MaxRulebookSize = 32 << 20
	// MaxFieldErrors is how many field errors one input reports at most;
	// the rest are counted (FieldErrors.More).
	MaxFieldErrors = 20
)

// readFile reads all of r, or fails with a *loadError wrapping ErrTooLarge
// once more than limit bytes have been read. what says what the file is
// ("overlay", "rulebook file"), name is the file's name and limitName
// the limit's.
func readFile(r io.Reader, limit int64, what, name, limitName string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("rules: reading %s %s: %w", what, name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(what, name, limit, limitName)
	}
	return data, nil
}

func tooLarge(what, name string, limit int64, limitName string) *loadError {
	return &loadError{File: name, Err: ErrTooLarge,
		Msg: fmt.Sprintf("the %s is larger than %d bytes, the limit %s", what, limit, limitName)}
}

// readFS reads the named file of fsys with readFile's limit of
// MaxFileSize, and counts it against the budget left of MaxRulebookSize.
func readFS(fsys fs.FS, name string, left *int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	limit := int64(MaxFileSize)
	over := func() error { return tooLarge("rulebook file", name, MaxFileSize, "rules.MaxFileSize") }
	if *left < limit {
		limit = *left
		over = func() error {
			return &loadError{File: name, Err: ErrTooLarge,
				Msg: fmt.Sprintf("the rulebook's files together are larger than %d bytes, the limit rules.MaxRulebookSize (reached at this file)", MaxRulebookSize)}
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("rules: reading rulebook file %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, over()
	}
	*left -= int64(len(data))
	return data, nil
}
