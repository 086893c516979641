//go:build race

package claim

// raceEnabled: the race detector allocates of its own, so the allocation
// counts are not checked under it.
const raceEnabled = true
