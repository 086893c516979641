package fhir

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

// A reader drops no element in silence: each element of a resource (and of
// a Claim's items) is one of those the reader reads, one FHIR R4 defines
// that the reader does not read (listed as unmapped, with why), or none of
// R4's (refused: unknown_field at its place). A modifier the reader does
// not understand (modifierExtension, implicitRules) is refused, as FHIR
// asks of a system that does not understand one. An extension whose url
// the reader does not know is listed as unmapped.

// elementSet is the elements of one resource or backbone element: "" for
// an element read, else the note saying why it has no counterpart.
type elementSet map[string]string

// refused marks the modifiers a reader refuses.
const refused = "\x00refused"

// The notes shared by several elements.
const (
	noteMeta      = "resource metadata: not part of the decision"
	noteNarrative = "narrative or language: not part of the decision"
)

var eligibilityElements = elementSet{
	"resourceType": "", "id": "", "contained": "", "extension": "", "status": "", "purpose": "",
	"patient": "", "servicedDate": "", "created": "", "provider": "", "insurer": "",
	"meta": noteMeta, "language": noteNarrative, "text": noteNarrative,
	"implicitRules": refused, "modifierExtension": refused,
	"identifier":     "the request's business identifier: not part of the decision",
	"priority":       "the request's priority: not part of the decision",
	"servicedPeriod": "a period of service: the rules decide on one date, servicedDate",
	"enterer":        "who entered the request: not part of the decision",
	"facility":       "the facility of service: eligibility is the person's",
	"supportingInfo": "supporting information: the facts travel in the jamkesda-facts extension",
	"insurance":      "the coverages to check: the one checked is Jamkesda Kota Bekasi",
	"item":           "per-service eligibility: the rules decide on the person and the date",
}

var claimElements = elementSet{
	"resourceType": "", "id": "", "contained": "", "extension": "", "identifier": "", "status": "",
	"type": "", "subType": "", "use": "", "patient": "", "billablePeriod": "", "created": "",
	"insurer": "", "provider": "", "priority": "", "diagnosis": "", "procedure": "",
	"insurance": "", "item": "", "total": "",
	"meta": noteMeta, "language": noteNarrative, "text": noteNarrative,
	"implicitRules": refused, "modifierExtension": refused,
	"enterer":              "who entered the claim: not part of the decision",
	"fundsReserve":         "funds reservation: Jamkesda reserves none",
	"related":              "related claims: duplicates are found by the month's verification",
	"prescription":         "the prescription: not part of the decision",
	"originalPrescription": "the original prescription: not part of the decision",
	"payee":                "the payee: Jamkesda pays the hospital",
	"referral":             "the referral travels in the jamkesda-claim-file extension (episode.referral)",
	"facility":             "the facility of service: the hospital is the provider",
	"careTeam":             "the care team: not part of the decision",
	"supportingInfo":       "supporting information: the documents travel in the jamkesda-claim-file extension",
	"accident":             "an accident: the episode's facts travel in the jamkesda-claim-file extension",
}

var itemElements = elementSet{
	"sequence": "", "extension": "", "productOrService": "", "servicedDate": "", "quantity": "",
	"unitPrice": "", "net": "",
	"modifierExtension":       refused,
	"id":                      "an element id: not part of the decision",
	"careTeamSequence":        "the care team: not part of the decision",
	"diagnosisSequence":       "the line's diagnosis travels in the line-icd10 extension",
	"procedureSequence":       "the line's procedure travels in the line-icd9cm extension",
	"informationSequence":     "supporting information: not part of the decision",
	"revenue":                 "the revenue centre: the line's category is in productOrService",
	"category":                "the benefit category: the line's category is in productOrService",
	"modifier":                "product modifiers: not part of the decision",
	"programCode":             "programme codes: not part of the decision",
	"servicedPeriod":          "a period of service: the line is dated by servicedDate",
	"locationCodeableConcept": "the place of service: not part of the decision",
	"locationAddress":         "the place of service: not part of the decision",
	"locationReference":       "the place of service: not part of the decision",
	"factor":                  "the price factor: net, which is read, already holds it",
	"udi":                     "device identifiers: not part of the decision",
	"bodySite":                "the body site: not part of the decision",
	"subSite":                 "the body sub-site: not part of the decision",
	"encounter":               "the encounters: the stay is billablePeriod",
	"detail":                  "the line's details: the line is priced by net",
}

// checkElements sorts the elements of the object obj (at pointer at)
// against set: an unknown one, or a refused modifier, is a fault in errs;
// one set notes is appended to unmapped. A key starting with "_" (the
// extension or id of a primitive element) is listed as unmapped. obj is
// JSON the caller has decoded already (valid).
func checkElements(obj []byte, at, resource string, set elementSet, errs *rules.FieldErrors, unmapped *[]interop.Unmapped) {
	forEachKey(obj, func(key []byte, value []byte) {
		note, ok := set[string(key)]
		k := string(key)
		switch {
		case ok && note == "":
		case ok && note == refused:
			errs.Add(interop.NewError(interop.CodeBadValue, interop.Pointer(at, k), k+" tidak dipahami pembaca ini: sumber daya ditolak.",
				k+" is not understood by this reader: the resource is refused, as FHIR asks of a modifier."))

		case ok:
			*unmapped = append(*unmapped, interop.Unmapped{Pointer: interop.Pointer(at, k), Note: note})
		case len(k) > 1 && k[0] == '_':
			*unmapped = append(*unmapped, interop.Unmapped{Pointer: interop.Pointer(at, k), Note: "the extension or id of a primitive element: not read"})
		default:
			errs.Add(interop.NewError(interop.CodeUnknownField, interop.Pointer(at, k), k+" bukan elemen "+resource+" FHIR R4.", k+" is not an element of the FHIR R4 "+resource+"."))
		}
	})
}

// checkExtensions lists each extension whose url the reader does not
// know as unmapped.
func checkExtensions(ext []Extension, at string, known func(url string) bool, unmapped *[]interop.Unmapped) {
	for i, e := range ext {
		if !known(e.URL) {
			*unmapped = append(*unmapped, interop.Unmapped{Pointer: at + "/" + strconv.Itoa(i), Note: "an extension this reader does not know (" + e.URL + ")"})
		}
	}
}

// arrayElements calls f with each element of the JSON array arr.
func arrayElements(arr []byte, f func(i int, elem []byte)) {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return
	}
	i = skipSpace(arr, i+1)
	n := 0
	for i < len(arr) && arr[i] != ']' {
		end := skipValue(arr, i)
		f(n, arr[i:end])
		n++
		i = skipSpace(arr, end)
		if i < len(arr) && arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
	}
}

// forEachKey calls f with each key of the JSON object obj (unescaped when
// it has escapes) and its value, without allocating for plain keys.
func forEachKey(obj []byte, f func(key, value []byte)) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return
	}
	i = skipSpace(obj, i+1)
	for i < len(obj) && obj[i] == '"' {
		end := skipValue(obj, i)
		key := obj[i+1 : end-1]
		for _, c := range key {
			if c == '\\' {
				var s string
				if json.Unmarshal(obj[i:end], &s) == nil {
					key = []byte(s)
				}
				break
			}
		}
		i = skipSpace(obj, end)
		if i < len(obj) && obj[i] == ':' {
			i = skipSpace(obj, i+1)
		}
		vend := skipValue(obj, i)
		f(key, obj[i:vend])
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at i (valid JSON).
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipValue(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	return j
}

// patientRead is what the readers use of a contained resource: whether it
// is a Patient, its id, its NIK and KK (the first identifier of each
// system) and deceasedBoolean.
type patientRead struct {
	patient     bool
	id, nik, kk string
	deceased    *bool
}

// containedPatient reads a contained resource's patientRead straight from
// its JSON (valid, as decoded already), without decoding the rest. ok is
// false where the scan is not sure to read what json.Unmarshal into a
// Patient would (a string with an escape, an element of another JSON
// type): the caller then decodes it.
func containedPatient(raw []byte) (p patientRead, ok bool) {
	ok = true
	plain := func(v []byte) ([]byte, bool) { // a JSON string without escapes, valid UTF-8, or null
		if len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
			return v[1 : len(v)-1], true
		}
		return nil, string(v) == "null"
	}
	// json.Unmarshal matches keys ignoring case: a key that differs from
	// one read only in case is left to it.
	folded := func(key []byte, names ...string) bool {
		for _, n := range names {
			if string(key) != n && strings.EqualFold(string(key), n) {
				return true
			}
		}
		return false
	}
	identifiers := false
	forEachKey(raw, func(key, v []byte) {
		if !ok {
			return
		}
		if folded(key, "resourceType", "id", "deceasedBoolean", "identifier") {
			ok = false
			return
		}
		switch string(key) {
		case "resourceType":
			s, good := plain(v)
			ok, p.patient = good, string(s) == "Patient"
		case "id":
			s, good := plain(v)
			ok, p.id = good, string(s)
		case "deceasedBoolean":
			switch string(v) {
			case "true", "false":
				b := string(v) == "true"
				p.deceased = &b
			case "null":
			default:
				ok = false
			}
		case "identifier":
			if string(v) == "null" {
				return
			}
			if len(v) == 0 || v[0] != '[' {
				ok = false
				return
			}
			if identifiers {
				ok = false // repeated: json.Unmarshal merges the two
				return
			}
			identifiers = true
			nikSeen, kkSeen := false, false
			arrayElements(v, func(_ int, elem []byte) {
				if !ok {
					return
				}
				if len(elem) == 0 || elem[0] != '{' {
					ok = string(elem) == "null"
					return
				}
				var system, value []byte
				forEachKey(elem, func(k, iv []byte) {
					if folded(k, "use", "system", "value") {
						ok = false
					}
					switch string(k) {
					case "use", "system", "value":
						s, good := plain(iv)
						if !good {
							ok = false
						}
						if string(k) == "system" {
							system = s
						} else if string(k) == "value" {
							value = s
						}
					}
				})
				switch {
				case string(system) == SystemNIK && !nikSeen:
					p.nik, nikSeen = string(value), true
				case string(system) == SystemKK && !kkSeen:
					p.kk, kkSeen = string(value), true
				}
			})
		}
	})
	return p, ok
}
