package rules

import (
	"regexp"
	"strings"
	"testing"
)

// TestFacilityByKodeRS looks hospitals up by the Ministry of Health's
// code, copied from the registry entry each profile_ref cites
// ("SIRS Kemenkes c.2021 (kode_rs 3275115, "RS Umum Hermina Bekasi", ...").
func TestFacilityByKodeRS(t *testing.T) {
	rb := Default()
	for _, tc := range []struct {
		kode, want string
		ok         bool
	}{
		{"3275115", "rs-hermina-bekasi", true},
		{"3275046", "rs-mitra-keluarga-bekasi-timur", true},
		{"3275094", "rs-mitra-keluarga-bekasi-barat", true},
		{"3275392", "", false}, // Awal Bros: the entry is in doubt, no kode_rs
		{"0000000", "", false},
		{"", "", false},
	} {
		f, ok := rb.FacilityByKodeRS(tc.kode)
		if ok != tc.ok || f.Code != tc.want {
			t.Errorf("FacilityByKodeRS(%q) = %q, %v; want %q, %v", tc.kode, f.Code, ok, tc.want, tc.ok)
		}
	}
	var nilRB *Rulebook
	if _, ok := nilRB.FacilityByKodeRS("3275115"); ok {
		t.Error("a nil rulebook found a facility")
	}
}

// TestKodeRSFromProfileRef: every kode_rs is the one code its profile_ref
// cites, and no two facilities share one.
func TestKodeRSFromProfileRef(t *testing.T) {
	re := regexp.MustCompile(`kode_rs (\d{7})`)
	seen := map[string]string{}
	n := 0
	for _, f := range Default().Facilities() {
		if f.KodeRS == "" {
			continue
		}
		n++
		codes := map[string]bool{}
		for _, m := range re.FindAllStringSubmatch(f.ProfileRef, -1) {
			codes[m[1]] = true
		}
		if len(codes) != 1 || !codes[f.KodeRS] {
			t.Errorf("%s: kode_rs %s, profile_ref cites %v", f.Code, f.KodeRS, codes)
		}
		if other, dup := seen[f.KodeRS]; dup {
			t.Errorf("kode_rs %s on %s and %s", f.KodeRS, other, f.Code)
		}
		seen[f.KodeRS] = f.Code
	}
	if n < 40 {
		t.Errorf("%d facilities with a kode_rs, want at least 40", n)
	}
}

// TestKodeRSRefused: a kode_rs that is not seven digits fails to load.
func TestKodeRSRefused(t *testing.T) {
	_, err := Default().Overlay("bad.yaml", strings.NewReader(`facilities:
  - code: rs-hermina-bekasi
    name: RS Hermina Bekasi
    kind: hospital
    level: 2
    ownership: private
    location: city
    kode_rs: "32751"
    ref: test
    partner: []
`))
	if err == nil || !strings.Contains(err.Error(), "kode_rs") {
		t.Fatalf("err = %v, want a kode_rs error", err)
	}
}
