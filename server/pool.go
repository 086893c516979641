package server

import (
	"bytes"
	"io"
	"net/http"
	"sync"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonout"
)

// bufPool holds the buffers of handleOp, the request's body read and the
// answer written, each put back when the handler returns: nothing of
// either outlives it (the decoders copy what they keep; net/http copies
// what is written). Fewer allocations per request, less for the garbage
// collector to do.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooled is the largest buffer put back in the pool: a large input's
// buffer is left to the garbage collector rather than kept.
const maxPooled = 64 << 10

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(p *[]byte) {
	if cap(*p) > maxPooled {
		return
	}
	*p = (*p)[:0]
	bufPool.Put(p)
}

// readLimitedInto is readLimited reading into *buf (grown as needed, and
// kept there for the pool): the same bytes, the same errors.
func readLimitedInto(buf *[]byte, r io.Reader, limit int64, name string) ([]byte, error) {
	b := (*buf)[:0]
	lr := io.LimitReader(r, limit+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			*buf = b
			if err != io.EOF {
				return nil, err
			}
			break
		}
	}
	if int64(len(b)) > limit {
		return nil, fault.Limit("masukan", "the input", name, limit)
	}
	return b, nil
}

// appendHTTP is encodeHTTP appending to b: a value that writes its own
// JSON is appended directly; anything else (or ?pretty=1) goes through
// encodeHTTP.
func appendHTTP(b []byte, r *http.Request, v any) ([]byte, error) {
	if !pretty(r) {
		if out, ok, err := jsonout.AppendLine(b, v); ok {
			return out, err
		}
	}
	buf := bytes.NewBuffer(b)
	err := encodeHTTP(buf, r, v)
	return buf.Bytes(), err
}
