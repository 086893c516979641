//go:build !race

package main

// raceEnabled: the race detector is on; big tests run smaller.
const raceEnabled = false
