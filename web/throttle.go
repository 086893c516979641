package web

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// The login throttle's defaults.
const (
	// DefaultLoginAttempts is how many wrong tokens one remote address
	// may send in LoginWindow before the login page refuses it until the
	// window ends.
	DefaultLoginAttempts = 5
	// LoginWindow is the time the wrong tokens of an address are counted
	// over, from the first.
	LoginWindow = 15 * time.Minute
	// maxThrottled bounds the addresses the throttle remembers.
	maxThrottled = 10_000
)

// throttle counts the wrong tokens sent to the login page by remote
// address (an IPv6 address by its /64, which one host usually holds
// whole).
type throttle struct {
	limit  int
	window time.Duration

	mu sync.Mutex
	m  map[string]*attempts
}

// attempts are an address's wrong tokens since first.
type attempts struct {
	n     int
	first time.Time
}

func newThrottle(limit int, window time.Duration) *throttle {
	return &throttle{limit: limit, window: window, m: map[string]*attempts{}}
}

// remoteKey is the throttle's key of a request's RemoteAddr.
func remoteKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// blocked reports whether the address has used up its attempts, and
// until when.
func (t *throttle) blocked(key string, now time.Time) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.m[key]
	if a == nil {
		return time.Time{}, false
	}
	until := a.first.Add(t.window)
	if !now.Before(until) {
		delete(t.m, key)
		return time.Time{}, false
	}
	return until, a.n >= t.limit
}

// fail counts a wrong token from the address.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.m[key]
	if a == nil || !now.Before(a.first.Add(t.window)) {
		if len(t.m) >= maxThrottled {
			t.prune(now)
		}
		a = &attempts{first: now}
		t.m[key] = a
	}
	a.n++
}

// reset forgets the address's wrong tokens (after a right one).
func (t *throttle) reset(key string) {
	t.mu.Lock()
	delete(t.m, key)
	t.mu.Unlock()
}

// prune drops the windows that have ended, and, if the throttle is still
// full, the oldest half of the others, so that a flood of addresses
// cannot grow it without bound.
func (t *throttle) prune(now time.Time) {
	for k, a := range t.m {
		if !now.Before(a.first.Add(t.window)) {
			delete(t.m, k)
		}
	}
	if len(t.m) < maxThrottled {
		return
	}
	cut := now.Add(-t.window / 2)
	for k, a := range t.m {
		if a.first.Before(cut) || len(t.m) >= maxThrottled {
			delete(t.m, k)
		}
	}
}
