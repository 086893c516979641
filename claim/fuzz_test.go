package claim

import (
	"os"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzDecodeFile: the decoder never panics, and a file it accepts is
// adjudicated or refused with an error, never a panic.
func FuzzDecodeFile(f *testing.F) {
	if data, err := os.ReadFile("../examples/testdata/claim-stay.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"hospital":"rsud-cam","membership":"card","episode":{"care_type":"inpatient","admission":"2019-03-04T10:00:00+07:00"},"lines":[{"date":"2019-03-04","amount":"100"}]}`))
	f.Add([]byte(`{"lines":[{"amount":-1}]}`))
	f.Add([]byte(`{"patient":{"person":{"nik":"12"}}}`))
	f.Add([]byte(`{"hospital":1}`))
	f.Add([]byte(`{} {}`))
	rb := rules.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := UnmarshalFile(data)
		if err != nil {
			if file != nil {
				t.Fatal("a file with an error")
			}
			return
		}
		if file.Episode.Admission.IsZero() {
			return
		}
		y := file.Episode.ServiceDate().Year()
		if y < 2017 || y > 2030 {
			return
		}
		_, _ = Adjudicate(file, rb.At(file.Episode.ServiceDate()), nil)
	})
}
