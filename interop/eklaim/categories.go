package eklaim

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

// Category is one of the 18 categories of tarif_rs, with the bill
// category a line of it carries in a claim.File (the category the rules
// read: an exclusion names a category, a kind of line is priced apart).
type Category struct {
	// Name is the manual's key in tarif_rs.
	Name string
	// Bill is the bill category of a line of this category, unless the
	// rincian line names its own.
	Bill string
	// ID and EN describe the category.
	ID, EN string
}

// Categories are the 18 categories of tarif_rs in the manual's order: the
// order of the lines of a converted file and of the answer.
var Categories = [18]Category{
	{"prosedur_non_bedah", "procedure", "Prosedur non bedah", "Non-surgical procedures"},
	{"prosedur_bedah", "surgery", "Prosedur bedah", "Surgical procedures"},
	{"konsultasi", "consultation", "Konsultasi", "Consultations"},
	{"tenaga_ahli", "specialist", "Tenaga ahli", "Specialist staff"},
	{"keperawatan", "nursing", "Keperawatan", "Nursing"},
	{"penunjang", "support", "Penunjang", "Supporting services"},
	{"radiologi", "radiology", "Radiologi", "Radiology"},
	{"laboratorium", "lab", "Laboratorium", "Laboratory"},
	{"pelayanan_darah", "blood", "Pelayanan darah", "Blood services"},
	{"rehabilitasi", "rehabilitation", "Rehabilitasi", "Rehabilitation"},
	{"kamar", "room", "Kamar / akomodasi", "Room and board"},
	{"rawat_intensif", "intensive_care", "Rawat intensif", "Intensive care"},
	{"obat", "drug", "Obat", "Drugs"},
	{"obat_kronis", "chronic_drug", "Obat kronis", "Chronic-disease drugs"},
	{"obat_kemoterapi", "chemotherapy_drug", "Obat kemoterapi", "Chemotherapy drugs"},
	{"alkes", "device", "Alat kesehatan", "Medical devices"},
	{"bmhp", "consumable", "Bahan medis habis pakai", "Medical consumables"},
	{"sewa_alat", "equipment_rental", "Sewa alat", "Equipment rental"},
}

// CategoryIndex returns the index of the tarif_rs category name in
// Categories, or -1.
func CategoryIndex(name string) int {
	for i := range Categories {
		if Categories[i].Name == name {
			return i
		}
	}
	return -1
}

// bucketOf is the tarif_rs category a native bill line is written under
// (FromFile): by its kind, then by its category; a category with no
// E-Klaim counterpart goes to penunjang, keeping its own category in the
// rincian line.
func bucketOf(l *claim.Line) int {
	switch l.Kind {
	case claim.KindDevice:
		return CategoryIndex("alkes")
	case claim.KindBloodBag:
		return CategoryIndex("pelayanan_darah")
	case claim.KindErythropoietin:
		return CategoryIndex("obat")
	case claim.KindAMHPKhusus:
		return CategoryIndex("bmhp")
	}
	for i := range Categories {
		if Categories[i].Bill == l.Category {
			return i
		}
	}
	switch l.Category {
	case "toiletries", "milk", "liniment":
		return CategoryIndex("bmhp")
	case "wheelchair", "crutches", "corset", "glasses", "denture", "limb_prosthesis", "hearing_aid":
		return CategoryIndex("alkes")
	}
	return CategoryIndex("penunjang")
}

// TarifRS is the hospital's bill in the 18 categories, whole rupiah. It
// reads each amount as a string or a number; an unknown category or an
// amount that is not whole rupiah is kept as a fault with its JSON Pointer
// (reported by Decode), never guessed.
type TarifRS struct {
	// Amount is each category's amount, in the order of Categories.
	Amount [18]int64
	// Given marks the categories the record holds.
	Given  [18]bool
	faults rules.FieldErrors
}

// Total is the sum of the categories.
func (t *TarifRS) Total() int64 {
	var s int64
	for _, a := range t.Amount {
		s += a
	}
	return s
}

// amount is one category's amount as read: its value, or a fault.
type amount struct {
	n        int64
	set, bad bool
	raw      string
}

// UnmarshalJSON reads a string or a number of whole rupiah; a bad value
// is kept, to be reported with its place.
func (a *amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" || string(b) == `""` {
		return nil
	}
	n, ok := parseRupiah(b)
	a.n, a.set, a.bad = n, ok, !ok
	if !ok {
		a.raw = string(b)
	}
	return nil
}

// tarifFields are the 18 categories by their keys, in the manual's
// order: one strict pass reads them without a map.
type tarifFields struct {
	ProsedurNonBedah amount `json:"prosedur_non_bedah"`
	ProsedurBedah    amount `json:"prosedur_bedah"`
	Konsultasi       amount `json:"konsultasi"`
	TenagaAhli       amount `json:"tenaga_ahli"`
	Keperawatan      amount `json:"keperawatan"`
	Penunjang        amount `json:"penunjang"`
	Radiologi        amount `json:"radiologi"`
	Laboratorium     amount `json:"laboratorium"`
	PelayananDarah   amount `json:"pelayanan_darah"`
	Rehabilitasi     amount `json:"rehabilitasi"`
	Kamar            amount `json:"kamar"`
	RawatIntensif    amount `json:"rawat_intensif"`
	Obat             amount `json:"obat"`
	ObatKronis       amount `json:"obat_kronis"`
	ObatKemoterapi   amount `json:"obat_kemoterapi"`
	Alkes            amount `json:"alkes"`
	BMHP             amount `json:"bmhp"`
	SewaAlat         amount `json:"sewa_alat"`
}

// all lists the fields in the order of Categories (TestTarifFieldsOrder
// checks it).
func (f *tarifFields) all() [18]*amount {
	return [18]*amount{&f.ProsedurNonBedah, &f.ProsedurBedah, &f.Konsultasi, &f.TenagaAhli, &f.Keperawatan,
		&f.Penunjang, &f.Radiologi, &f.Laboratorium, &f.PelayananDarah, &f.Rehabilitasi, &f.Kamar,
		&f.RawatIntensif, &f.Obat, &f.ObatKronis, &f.ObatKemoterapi, &f.Alkes, &f.BMHP, &f.SewaAlat}
}

// UnmarshalJSON reads the tarif_rs object.
func (t *TarifRS) UnmarshalJSON(b []byte) error {
	*t = TarifRS{}
	var f tarifFields
	if err := interop.Strict(b, &f); err == nil {
		for i, a := range f.all() {
			if a.bad {
				p := interop.Pointer("/data/tarif_rs", Categories[i].Name)
				t.faults.Add(interop.NewError(interop.CodeBadValue, p, "Nilai "+a.raw+" bukan rupiah utuh.", "The amount "+a.raw+" is not whole rupiah."))
			}
			t.Amount[i], t.Given[i] = a.n, a.set
		}
		return nil
	}
	// An unknown category, or not an object: read it as a map to name
	// every fault.
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.faults.Add(interop.NewError(interop.CodeBadValue, "/data/tarif_rs", "tarif_rs harus berupa objek.", "tarif_rs must be an object."))
		return nil
	}
	for k, v := range m {
		i := CategoryIndex(k)
		p := interop.Pointer("/data/tarif_rs", k)
		if i < 0 {
			t.faults.Add(interop.NewError(interop.CodeUnknownField, p, "Kategori tarif_rs "+strconv.Quote(k)+" tidak dikenal.", "Unknown tarif_rs category "+strconv.Quote(k)+"."))
			continue
		}
		var a amount
		_ = a.UnmarshalJSON(bytes.TrimSpace(v))
		if a.bad {
			t.faults.Add(interop.NewError(interop.CodeBadValue, p, "Nilai "+string(v)+" bukan rupiah utuh.", "The amount "+string(v)+" is not whole rupiah."))
			continue
		}
		t.Amount[i], t.Given[i] = a.n, a.set
	}
	slices.SortFunc(t.faults.List, func(a, b *rules.FieldError) int { return strings.Compare(a.Pointer, b.Pointer) })
	return nil
}

// MarshalJSON writes every category, in the manual's order, as a string.
func (t TarifRS) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512)
	b = append(b, '{')
	for i := range Categories {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, Categories[i].Name)
		b = append(b, ':', '"')
		b = strconv.AppendInt(b, t.Amount[i], 10)
		b = append(b, '"')
	}
	return append(b, '}'), nil
}
