package faceid

import (
	"fmt"
	"time"
)

// A client learns the offset of the server's clock from the Date header of
// a reply that failed with AuthFailure.SignatureExpire (see sendWithRetry)
// and signs every later request with the corrected time.

// clock returns the time to sign with: the client's clock corrected by the
// skew learnt from the server.
func (c *Client) clock() time.Time {
	return c.now().Add(time.Duration(c.skew.Load()))
}

// maxClockSkew bounds the clock offset learnt from a server's Date header:
// clocks drift by seconds or minutes, and a local clock more than a day
// wrong needs fixing, not compensating.
const maxClockSkew = 24 * time.Hour

// describeSkew formats a measured clock offset for the log.
func describeSkew(d time.Duration) string {
	if d < 0 {
		return fmt.Sprintf("local clock is %v ahead of the server", (-d).Round(time.Second))
	}
	return fmt.Sprintf("local clock is %v behind the server", d.Round(time.Second))
}
