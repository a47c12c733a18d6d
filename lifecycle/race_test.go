//go:build race

package lifecycle_test

// raceEnabled reports a build with the race detector, which slows the
// simulation about tenfold.
const raceEnabled = true
