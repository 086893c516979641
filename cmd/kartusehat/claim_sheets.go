package main

import (
	"io"
	"strconv"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes the tables as an XLSX workbook, one worksheet a
// table, whole numbers as numbers, the header row in bold. It uses
// excelize (github.com/xuri/excelize/v2): the maintained pure-Go library
// for the Office Open XML formats, through its streaming writer, so a
// large month stays out of memory.
func writeWorkbook(w io.Writer, sheets []claim.Sheet) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		name := sheetName(s.Name)
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for r, row := range s.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				var val any = v
				if n, err := strconv.ParseInt(v, 10, 64); err == nil && r > 0 {
					val = n
				}
				if r == 0 {
					val = excelize.Cell{StyleID: bold, Value: v}
				}
				cells[c] = val
			}
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = x.WriteTo(w)
	return err
}

// sheetName fits a table's name to a worksheet's: at most 31 characters,
// none of []:*?/\.
func sheetName(s string) string {
	b := []rune{}
	for _, r := range s {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			r = '-'
		}
		b = append(b, r)
	}
	if len(b) > 31 {
		b = b[:31]
	}
	return string(b)
}
