package referral

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/rules"
)

func BenchmarkAssessOutpatient(b *testing.B) {
	ep := outpatient("2019-03-04 09:00")
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	for b.Loop() {
		if _, err := Assess(ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssessIntoOutpatient(b *testing.B) {
	ep := outpatient("2019-03-04 09:00")
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	var a Assessment
	for b.Loop() {
		if err := AssessInto(&a, ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

// The inpatient of 2019-05-31, whose SJP deadline runs across Idul Fitri.
func BenchmarkAssessInpatientIdulFitri(b *testing.B) {
	ep := inpatient("2019-05-31 10:00")
	ep.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	for b.Loop() {
		if _, err := Assess(ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssessIntoInpatientIdulFitri(b *testing.B) {
	ep := inpatient("2019-05-31 10:00")
	ep.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	var a Assessment
	for b.Loop() {
		if err := AssessInto(&a, ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

// AssessInto allocates nothing once its assessment has room: an
// outpatient with a puskesmas referral, and the inpatient whose SJP
// deadline runs across Idul Fitri.
func TestAssessIntoDoesNotAllocate(t *testing.T) {
	idulFitri := inpatient("2019-05-31 10:00")
	idulFitri.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	for name, ep := range map[string]*Episode{"outpatient": outpatient("2019-03-04 09:00"), "inpatient across Idul Fitri": idulFitri} {
		on := ep.ServiceDate()
		d := eligible(t, rules.Default(), on)
		s := rules.Default().At(on)
		var a Assessment
		if err := AssessInto(&a, ep, d, s); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = AssessInto(&a, ep, d, s) }); n != 0 {
			t.Errorf("%s: AssessInto allocates %v times, want 0", name, n)
		}
	}
}

// The assessment's JSON, written without reflection, is what
// encoding/json writes from the field tags, byte for byte.
func TestAssessmentJSONAsReflection(t *testing.T) {
	type plain Assessment // the fields, without MarshalJSON
	if n := reflect.TypeFor[Assessment]().NumField(); n != 9 {
		t.Fatalf("Assessment has %d fields: write the new ones in AppendJSON, then update this test", n)
	}
	if n := reflect.TypeFor[Deadline]().NumField(); n != 7 {
		t.Fatalf("Deadline has %d fields: write the new ones in appendJSON, then update this test", n)
	}
	if n := reflect.TypeFor[Breach]().NumField(); n != 3 {
		t.Fatalf("Breach has %d fields: write the new ones in appendJSON, then update this test", n)
	}
	idulFitri := inpatient("2019-05-31 10:00")
	idulFitri.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	late := inpatient("2019-05-31 10:00")
	late.AsOf = at("2019-07-01 08:00")
	for name, ep := range map[string]*Episode{"outpatient": outpatient("2019-03-04 09:00"), "inpatient across Idul Fitri": idulFitri, "late": late} {
		on := ep.ServiceDate()
		a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(plain(a))
		got, err := json.Marshal(a)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: %v\n got %s\nwant %s", name, err, got, want)
		}
	}
	breaches := Assessment{Breaches: []Breach{
		{Reason: rules.Reason{Code: "sjp_late", ID: "SJP terlambat", EN: "SJP late", Ref: "Perda 9/2018 Ps.16(4)"}, Sanctions: []string{"teguran_lisan", "teguran_tertulis"}, SanctionRef: "Perda 9/2018 Ps.22"},
		{Reason: rules.Reason{Code: "x"}, Sanctions: []string{}},
		{Reason: rules.Reason{Code: "y"}},
	}}
	if want, got := func() (string, string) {
		w, _ := json.Marshal(plain(breaches))
		g, _ := json.Marshal(breaches)
		return string(w), string(g)
	}(); want != got {
		t.Errorf("breaches:\n got %s\nwant %s", got, want)
	}
	var zero Assessment
	want, _ := json.Marshal(plain(zero))
	got, _ := json.Marshal(zero)
	if string(got) != string(want) {
		t.Errorf("zero assessment:\n got %s\nwant %s", got, want)
	}
	far := Assessment{Deadlines: []Deadline{{Due: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	_, err1 := json.Marshal(plain(far))
	_, err2 := json.Marshal(far)
	if err1 == nil || err2 == nil {
		t.Errorf("a year past 9999: reflection %v, AppendJSON %v", err1, err2)
	}
}
