//go:build goexperiment.jsonv2

package peers

import (
	jsonv1 "encoding/json"
	jsonv2 "encoding/json/v2"
)

// encoding/json/v2 with the one v1 behaviour the project's types rely on
// (omitempty on a bool), and unknown members rejected. Member names match
// case-sensitively, which is stricter than v1.
func init() {
	codecs = append(codecs, codec{"json_v2",
		func(data []byte, v any) error { return jsonv2.Unmarshal(data, v, jsonv2.RejectUnknownMembers(true)) },
		func(v any) ([]byte, error) { return jsonv2.Marshal(v, jsonv1.OmitEmptyWithLegacySemantics(true)) },
	})
}
