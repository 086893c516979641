package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

// Strict decodes one JSON value into v, as the readers of the hospital's
// formats decode each part of a record: an unknown field is an error,
// and so is anything after the value.
func Strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the value")
	}
	return nil
}

// DecodeFault turns an error of Strict into a field error under the JSON
// Pointer base (the part of the record decoded): a value of the wrong
// type at its field, an unknown field at its name, bad or cut-short JSON
// at the part.
func DecodeFault(base string, err error) *rules.FieldError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		p := base
		if te.Field != "" {
			p = Pointer(base, strings.Split(te.Field, ".")...)
		}
		return NewError(CodeBadValue, p,
			"Nilai bertipe JSON "+te.Value+" tidak sesuai.", "A JSON "+te.Value+" does not fit this field.")
	case errors.As(err, &se):
		return NewError(CodeBadValue, base,
			"JSON tidak sah pada bita "+strconv.FormatInt(se.Offset, 10)+".", "Invalid JSON at byte "+strconv.FormatInt(se.Offset, 10)+": "+se.Error()+".")
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return NewError(CodeUnknownField, Pointer(base, name),
			"Kolom "+strconv.Quote(name)+" tidak dikenal.", "Unknown field "+strconv.Quote(name)+".")
	}
	if msg == "EOF" || msg == "unexpected EOF" {
		return NewError(CodeBadValue, base, "JSON terpotong.", "The JSON is cut short.")
	}
	return NewError(CodeBadValue, base, "Nilai tidak sah: "+msg+".", "Invalid value: "+msg+".")
}

// SetSEP puts the SEP number, the Jamkesda SJP's number in the SEP's
// place, on the episode's SJP (made if the episode has none); an empty
// number is a missing field at the pointer at, added to errs.
func SetSEP(ep *referral.Episode, number, at string, errs *rules.FieldErrors) {
	if number == "" {
		errs.Add(NewError(CodeMissing, at, "Nomor SEP (nomor SJP Jamkesda) tidak ada.", "The SEP number (the Jamkesda SJP number) is missing."))
		return
	}
	sjp := referral.SJP{}
	if ep.SJP != nil {
		sjp = *ep.SJP
	}
	sjp.Number = number
	ep.SJP = &sjp
}
