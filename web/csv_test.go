package web

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

func newCSV(w io.Writer) *csv.Writer { return csv.NewWriter(w) }

// writeRowsXLSX writes rows into the first sheet of a workbook.
func writeRowsXLSX(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells); err != nil {
			return err
		}
	}
	return f.Write(w)
}
