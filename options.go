package kartusehat

import (
	"errors"

	"github.com/kartusehat/kartusehat/internal/engineopt"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// Option sets up an Engine made by New or Default.
type Option func(*Engine) error

// WithTable prices with the INA-CBG table t instead of the rulebook's own
// (a sample in the embedded rulebook); nil keeps the rulebook's own.
func WithTable(t *tariff.Table) Option {
	return func(e *Engine) error { e.table = t; return nil }
}

// WithDate is the date of service of the eligibility inputs that carry
// none; without it such inputs are refused (code missing, /date).
func WithDate(d rules.Date) Option {
	return func(e *Engine) error { e.date = d; return nil }
}

// The command line names its own setting of WithDate ("--date") in the
// error of an eligibility input without a date, through engineopt.
func init() {
	engineopt.SetDateSetting = func(e any, name string) { e.(*Engine).dateFlag = name }
}

// ErrNoRulebook is New's error for a nil rulebook.
var ErrNoRulebook = errors.New("kartusehat: no rulebook")

// New makes an Engine deciding on book. book must not change afterwards
// (a rules.Rulebook never does).
func New(book *rules.Rulebook, opts ...Option) (*Engine, error) {
	if book == nil {
		return nil, ErrNoRulebook
	}
	e := &Engine{book: book}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Default makes an Engine on the embedded Kota Bekasi rulebook
// (rules.Default).
func Default(opts ...Option) (*Engine, error) {
	return New(rules.Default(), opts...)
}
