package faceidtest

import (
	"sync"
	"time"
)

// Clock is the time source of a Server: signature checks, the Date header,
// token lifetimes and attempt times all read it. A test moves it with
// Advance or Set instead of waiting. A Clock is safe for concurrent use.
//
// A Clock made by NewClock is frozen: it moves only when told to. One made
// by NewWallClock follows the system clock, shifted by Advance and Set; it
// is the default, so that clients using the real time (the official SDK,
// curl) can still sign requests the server accepts.
type Clock struct {
	mu     sync.Mutex
	wall   bool
	at     time.Time     // the frozen instant (frozen clocks)
	offset time.Duration // shift from the system clock (wall clocks)
}

// NewClock returns a frozen clock showing start.
func NewClock(start time.Time) *Clock {
	return &Clock{at: start.Round(0)}
}

// NewWallClock returns a clock that follows the system clock.
func NewWallClock() *Clock {
	return &Clock{wall: true}
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wall {
		return time.Now().Add(c.offset).Round(0)
	}
	return c.at
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wall {
		c.offset += d
		return
	}
	c.at = c.at.Add(d)
}

// Set makes the clock show t now; a wall clock then keeps running from t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wall {
		c.offset = time.Until(t)
		return
	}
	c.at = t.Round(0)
}
