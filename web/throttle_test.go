package web

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock for the pages.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestLoginThrottle(t *testing.T) {
	clk := &clock{t: time.Date(2019, 4, 10, 2, 0, 0, 0, time.UTC)} // 09:00 WIB
	ts := newTestServer(t, func(o *Options) { o.Token = "rahasia-123"; o.Now = clk.now })
	c := newClient(t, ts)
	login := func(token string) (int, string, *http.Response) {
		t.Helper()
		return c.post("/login", map[string]string{"csrf": c.csrf("/login"), "token": token}, nil)
	}
	for i := 1; i <= DefaultLoginAttempts; i++ {
		if st, body, _ := login("salah"); st != http.StatusUnauthorized || !strings.Contains(body, "Token salah.") {
			t.Fatalf("wrong token %d: status %d", i, st)
		}
		clk.add(time.Minute)
	}
	// The sixth, even the right token, is refused until the window of
	// the first ends: 15 minutes after 09:00 WIB.
	for _, tok := range []string{"salah", "rahasia-123"} {
		st, body, res := login(tok)
		if st != http.StatusTooManyRequests {
			t.Fatalf("token %q after %d wrong ones: status %d, want 429", tok, DefaultLoginAttempts, st)
		}
		want := fmt.Sprintf("Terlalu banyak token salah dari alamat ini (batas %d dalam 15 menit). Coba lagi setelah pukul 09:15 WIB.", DefaultLoginAttempts)
		if !strings.Contains(body, want) {
			t.Errorf("the refusal does not say %q", want)
		}
		if ra := res.Header.Get("Retry-After"); ra != "600" {
			t.Errorf("Retry-After %q, want 600 (10 minutes left)", ra)
		}
	}
	if _, body := c.get("/rules"); !strings.Contains(body, `name="token"`) {
		t.Error("a throttled login opened the pages")
	}
	// When the window ends, the right token logs in, and the count
	// starts again.
	clk.add(10 * time.Minute)
	if st, _, res := login("rahasia-123"); st != http.StatusOK || res.Request.URL.Path != "/" {
		t.Fatalf("after the window: status %d at %s", st, res.Request.URL.Path)
	}
	if st, _, _ := login("salah"); st != http.StatusUnauthorized {
		t.Errorf("a wrong token after a login: status %d, want 401 (the count starts again)", st)
	}
}

func TestThrottleUnit(t *testing.T) {
	for _, tc := range []struct{ remote, key string }{
		{"192.0.2.7:51234", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:80", "192.0.2.7"},
		{"pipe", "pipe"},
	} {
		if got := remoteKey(tc.remote); got != tc.key {
			t.Errorf("remoteKey(%q) = %q, want %q", tc.remote, got, tc.key)
		}
	}
	t0 := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	th := newThrottle(2, time.Minute)
	th.fail("a", t0)
	if _, b := th.blocked("a", t0); b {
		t.Error("blocked after 1 of 2")
	}
	th.fail("a", t0.Add(time.Second))
	if until, b := th.blocked("a", t0.Add(2*time.Second)); !b || !until.Equal(t0.Add(time.Minute)) {
		t.Errorf("after 2 of 2: blocked %v until %s", b, until)
	}
	if _, b := th.blocked("b", t0); b {
		t.Error("another address is blocked")
	}
	if _, b := th.blocked("a", t0.Add(time.Minute)); b {
		t.Error("still blocked when the window ends")
	}
	// A flood of addresses does not grow it without bound.
	for i := range maxThrottled + 100 {
		th.fail(fmt.Sprint(i), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(th.m); n > maxThrottled {
		t.Errorf("%d addresses kept, bound %d", n, maxThrottled)
	}
}
