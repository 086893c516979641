//go:build race

package simulate

// raceEnabled: under the race detector the tests run smaller years.
const raceEnabled = true
