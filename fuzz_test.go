package kartusehat

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzStayOp: any input to the stay operation is decided or refused with
// an error of the one shape, never a panic (which Do would report as
// internal).
func FuzzStayOp(f *testing.F) {
	f.Add([]byte(compactFile(f, "stay-rsud.json")))
	f.Add([]byte(`{"facts":{},"episode":{"admission":"2019-03-04T10:00:00+07:00"},"claim":{"hospital":"rs-ananda"}}`))
	f.Add([]byte(`{"facts":{"person":{"nik":"3275014508900001"}},"episode":{"patient_nik":"3275051203800008"}}`))
	f.Add([]byte(`{"billing":{"facility":"x"},"episode":{"facility":"y"}}`))
	e, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		_, res, err := e.Do(StayOp, in)
		if err == nil {
			if res == nil {
				t.Fatal("no result and no error")
			}
			return
		}
		ej := ErrorOf(err)
		if ej.Code == "" || ej.Code == rules.CodeInternal {
			t.Fatalf("%q: %+v", in, ej)
		}
	})
}
