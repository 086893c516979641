package eligibility

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseNIK(t *testing.T) {
	tests := []struct {
		in       string
		part     string // "" when valid
		sex      Sex
		birth    string // as of 2019-03-01
		regency  string
		kecamatn string
	}{
		{"3275014508900001", "", Female, "1990-08-05", "3275", "327501"},
		{"3275011203850002", "", Male, "1985-03-12", "3275", "327501"},
		{"3275122010180003", "", Male, "2018-10-20", "3275", "327512"},
		{"3216066902000004", "", Female, "2000-02-29", "3216", "321606"},
		{"3275017112990001", "", Female, "1999-12-31", "3275", "327501"},
		{"327501450890000", "length", 0, "", "", ""},      // 15 digits
		{"32750145089000011", "length", 0, "", "", ""},    // 17 digits
		{"32750145O8900001", "digits", 0, "", "", ""},     // a letter O
		{"3275 14508900001", "digits", 0, "", "", ""},     // a space
		{"0975014508900001", "province", 0, "", "", ""},   // province 09
		{"3200014508900001", "regency", 0, "", "", ""},    // regency 00
		{"3275004508900001", "kecamatan", 0, "", "", ""},  // kecamatan 00
		{"3275014513900001", "birth date", 0, "", "", ""}, // month 13
		{"3275010001900001", "birth date", 0, "", "", ""}, // day 00
		{"3275013201900001", "birth date", 0, "", "", ""}, // day 32
		{"3275017201900001", "birth date", 0, "", "", ""}, // day 72 (32 for a woman)
		{"3275013102900001", "birth date", 0, "", "", ""}, // 31 February
		{"3275012902190001", "birth date", 0, "", "", ""}, // 29 February 1919 and 2019
		{"3275014508900000", "serial", 0, "", "", ""},     // serial 0000
		{"", "length", 0, "", "", ""},
	}
	asOf := rules.MustParseDate("2019-03-01")
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := ParseNIK(tt.in)
			if tt.part != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrNIK)
				var ne *rules.FieldError
				require.ErrorAs(t, err, &ne)
				assert.Equal(t, rules.CodeBadValue, ne.Code)
				assert.Contains(t, ne.MessageEN, fmt.Sprintf("(%d characters): %s: ", len(tt.in), tt.part))
				if len(tt.in) > 8 {
					assert.NotContains(t, err.Error(), tt.in[4:len(tt.in)-2], "the error must not show the NIK")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.sex, n.Sex())
			b, ok := n.BirthDate(asOf)
			require.True(t, ok)
			assert.Equal(t, tt.birth, b.String())
			assert.Equal(t, tt.regency, n.Regency())
			assert.Equal(t, tt.kecamatn, n.Kecamatan())
			assert.Equal(t, tt.in[:2], n.Province())
			assert.Equal(t, tt.in, n.Digits())
		})
	}
}

func TestNIKBirthCentury(t *testing.T) {
	n := MustParseNIK("3275011203250002") // 12-03-25
	tests := []struct{ asOf, want string }{
		{"2019-03-01", "1925-03-12"}, // 2025 would be after the date of service
		{"2025-03-11", "1925-03-12"}, // one day before the 2025 birthday
		{"2025-03-12", "2025-03-12"}, // a baby born that day
		{"2026-11-23", "2025-03-12"},
	}
	for _, tt := range tests {
		b, ok := n.BirthDate(rules.MustParseDate(tt.asOf))
		require.True(t, ok)
		assert.Equal(t, tt.want, b.String(), "as of %s", tt.asOf)
	}
}

// TestNIKMasked: every way a NIK is printed or logged shows it masked;
// only Digits and the text/JSON encodings give the full number.
func TestNIKMasked(t *testing.T) {
	n := MustParseNIK("3275014508900001")
	const masked = "3275**********01"
	assert.Equal(t, masked, n.String())
	for _, format := range []string{"%v", "%s", "%+v", "%#v", "%q", "%x", "%d"} {
		out := fmt.Sprintf(format, n)
		assert.Contains(t, out, masked, format)
		assert.NotContains(t, out, "0145089000", format)
	}
	type wrapper struct {
		N NIK
		P *NIK
	}
	out := fmt.Sprintf("%v %+v", wrapper{N: n, P: &n}, []NIK{n})
	assert.NotContains(t, out, "0145089000")

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("checked", "nik", n)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("checked", "nik", n)
	assert.NotContains(t, buf.String(), "0145089000")
	assert.Contains(t, buf.String(), masked)

	err := fieldErr(rules.CodeBadValue, "/person/nik", "NIK %s", "NIK %s", n.Digits())
	assert.NotContains(t, err.Error(), "0145089000")

	b, err2 := json.Marshal(struct {
		NIK NIK `json:"nik"`
	}{n})
	require.NoError(t, err2)
	assert.JSONEq(t, `{"nik":"3275014508900001"}`, string(b), "JSON carries the full number for exchange")
	var back struct {
		NIK NIK `json:"nik"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, n, back.NIK)
}

func TestNIKZero(t *testing.T) {
	var n NIK
	assert.True(t, n.IsZero())
	assert.Equal(t, "", n.String())
	assert.Equal(t, "", n.Digits())
	assert.Equal(t, SexUnknown, n.Sex())
	_, ok := n.BirthDate(rules.MustParseDate("2019-01-01"))
	assert.False(t, ok)
	require.NoError(t, n.UnmarshalText(nil))
	assert.Panics(t, func() { MustParseNIK("123") })
}
