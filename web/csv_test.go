package web

import (
	"encoding/csv"
	"io"
)

func newCSV(w io.Writer) *csv.Writer { return csv.NewWriter(w) }
