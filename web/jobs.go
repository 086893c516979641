package web

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// job is a long task (a month's verification, a simulation) run in the
// background: its page refreshes itself until it is done, so that
// progress shows without JavaScript.
type job struct {
	id     string
	kind   string // desk or lab
	label  string // the upload's name (masked), for the page
	done   atomic.Int64
	total  atomic.Int64
	finish chan struct{}
	// Set before finish is closed.
	result any
	err    string
	ended  time.Time
}

// progress records done of total.
func (j *job) progress(done, total int64) {
	for {
		old := j.done.Load()
		if done <= old || j.done.CompareAndSwap(old, done) {
			break
		}
	}
	j.total.Store(total)
}

// Percent is the share done, 0 to 100.
func (j *job) Percent() int64 {
	t := j.total.Load()
	if t <= 0 {
		return 0
	}
	return min(100, j.done.Load()*100/t)
}

// finished reports whether the job has ended.
func (j *job) finished() bool {
	select {
	case <-j.finish:
		return true
	default:
		return false
	}
}

// jobs keeps the latest jobs, up to a bound: the oldest ended one goes
// first. Their results hold personal data: they live in memory only.
type jobs struct {
	mu    sync.Mutex
	max   int
	order []string
	byID  map[string]*job
}

func newJobs(max int) *jobs { return &jobs{max: max, byID: map[string]*job{}} }

// start runs fn in the background as a new job and returns it; false when
// every slot holds a running job.
func (js *jobs) start(kind, label string, timeout time.Duration, fn func(ctx context.Context, j *job) (any, error)) (*job, bool) {
	js.mu.Lock()
	if len(js.order) >= js.max {
		evicted := false
		for i, id := range js.order {
			if js.byID[id].finished() {
				delete(js.byID, id)
				js.order = append(js.order[:i], js.order[i+1:]...)
				evicted = true
				break
			}
		}
		if !evicted {
			js.mu.Unlock()
			return nil, false
		}
	}
	j := &job{id: randomText(), kind: kind, label: label, finish: make(chan struct{})}
	js.byID[j.id] = j
	js.order = append(js.order, j.id)
	js.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		res, err := fn(ctx, j)
		j.result = res
		if err != nil {
			j.err = err.Error()
		}
		j.ended = time.Now()
		close(j.finish)
	}()
	return j, true
}

// get returns the job with id and kind.
func (js *jobs) get(id, kind string) (*job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byID[id]
	if !ok || j.kind != kind {
		return nil, false
	}
	return j, true
}
