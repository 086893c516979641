// Package reason holds what the decision packages share to word their
// reasons: a Message (a stable code and its words in Bahasa Indonesia and
// English) that With turns into a cited rules.Reason. It is not part of
// the module's API: a host reads the Reason.
package reason

import "github.com/kartusehat/kartusehat/rules"

// Message is a reason's stable code and its words in Bahasa Indonesia and
// English; With adds the citation.
type Message struct {
	Code, ID, EN string
}

// With returns the Reason with the citation ref.
func (m Message) With(ref string) rules.Reason {
	return rules.Reason{Code: m.Code, ID: m.ID, EN: m.EN, Ref: ref}
}
