package main

// wireErr is an error as the command and the server write it
// (rules.FieldError's JSON), read back for the tests: its code, pointer
// and English message, with the Indonesian beside them.
type wireErr struct {
	Code      string `json:"code"`
	Field     string `json:"pointer"`
	Message   string `json:"message_en"`
	MessageID string `json:"message"`
}

// en is e without its Indonesian message, for tests that compare the
// code, pointer and English message.
func (e wireErr) en() wireErr { e.MessageID = ""; return e }
