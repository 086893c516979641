package main

import (
	"errors"
	"io"
)

// errStopped is the read of a batch's input given up on a stop.
var errStopped = errors.New("stopped")

// stopReader is a reader whose Read gives up, with errStopped, when stop
// is closed, even while the read underneath waits (a terminal, a pipe
// with nothing in it): the command line's batch then ends at once. Each
// Read reads in its own goroutine; one given up on is left to finish on
// its own, its bytes not read.
type stopReader struct {
	r    io.Reader
	stop <-chan struct{}
	res  chan readResult // the read in progress, nil when none
	buf  []byte
}

type readResult struct {
	n   int
	err error
}

// interruptible returns r, reading until stop is closed.
func interruptible(r io.Reader, stop <-chan struct{}) io.Reader {
	return &stopReader{r: r, stop: stop}
}

func (s *stopReader) Read(p []byte) (int, error) {
	if s.res == nil {
		if cap(s.buf) < len(p) {
			s.buf = make([]byte, len(p))
		}
		buf := s.buf[:len(p)]
		ch := make(chan readResult, 1)
		s.res = ch
		go func() {
			n, err := s.r.Read(buf)
			ch <- readResult{n, err}
		}()
	}
	select {
	case r := <-s.res:
		s.res = nil
		return copy(p, s.buf[:r.n]), r.err
	case <-s.stop:
		return 0, errStopped
	}
}
