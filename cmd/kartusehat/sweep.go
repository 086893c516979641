package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/kartusehat/kartusehat/simulate/chart"
)

// cmdSweep runs a grid of reforms (simulate.Sweep) and writes, in the
// output directory: sweep.json (per cell and year, each seed's totals and
// the spreads), sweep.csv (the table ranked by cost), cells.jsonl (each
// cell's comparison for each year and seed, today's simulate report, one
// a line) and the band chart sweep-YEAR.svg and .png; the ranked table on
// standard output.
func cmdSweep(e *env, args []string) error {
	fs := newFlagSet("simulate sweep", e)
	grid := fs.String("grid", "", "the grid file (YAML): the reforms to sweep (required)")
	seeds := fs.Int("seeds", 0, "seeds 1 to N (default: the grid's)")
	years := fs.String("years", "", "the years, comma-separated, such as 2019,2020 (default: the grid's)")
	scale := fs.Int64("scale", 0, "volume in per mille of the city (default: the grid's; 1000: the whole city)")
	workers := fs.Int("workers", 0, "goroutines (default: all cores)")
	out := fs.String("out", "", "the output directory: created if missing, in an existing parent (default: a new temporary directory)")
	dir := fs.String("rules", "", "rulebook directory for the baseline (default: the embedded Kota Bekasi rulebook)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kartusehat simulate sweep [FILE | --grid FILE] [--seeds N] [--years 2019,2020] [--scale 1000] [--out DIR]\n\n"+
			"A grid of reforms x seeds x years: the spread of each cell's cost over the seeds, ranked. The output\n"+
			"directory gets the cells (JSON, CSV) and a band chart; the ranked table goes to standard output.\n\nFlags:\n")
		printDefaults(fs)
	}
	if err := parseFlagsInput(fs, args, grid); err != nil {
		return err
	}
	if *grid == "" {
		return usageError{msg: "simulate sweep needs --grid FILE"}
	}
	if *seeds < 0 || *scale < 0 {
		return usageError{msg: "--seeds and --scale must be positive"}
	}
	cfg := simulate.SweepConfig{Seeds: *seeds, Scale: *scale, Workers: *workers}
	if *years != "" {
		for _, y := range strings.Split(*years, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(y))
			if err != nil || n < 2017 || n > 2100 {
				return usageError{msg: fmt.Sprintf("--years: %q is not a year from 2017", y)}
			}
			cfg.Years = append(cfg.Years, n)
		}
	}
	if *out != "" {
		if err := existingDir(filepath.Dir(filepath.Clean(*out)), "--out"); err != nil {
			return err
		}
		if st, err := os.Stat(*out); err == nil && !st.IsDir() {
			return usageError{msg: fmt.Sprintf("--out: %s is not a directory", *out)}
		}
	}
	cfg.Baseline = rules.Default()
	if *dir != "" {
		var err error
		if cfg.Baseline, err = rules.Load(os.DirFS(*dir)); err != nil {
			return err
		}
	}
	// The grid is read and checked, every cell's rulebook built, before
	// any work.
	gridFS, gridName := os.DirFS("."), filepath.ToSlash(*grid)
	if !filepath.IsLocal(*grid) {
		gridFS, gridName = os.DirFS(filepath.Dir(*grid)), filepath.Base(*grid)
	}
	g, err := simulate.ParseGrid(gridFS, gridName, cfg.Baseline)
	if err != nil {
		var pe *iofs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("simulate sweep: the grid %s: %w", *grid, pe.Err)
		}
		return err
	}
	cfg.Grid = g
	plan, err := simulate.NewSweepPlan(cfg) // years, seeds and scale checked before any work
	if err != nil {
		return err
	}
	if *out == "" {
		if *out, err = os.MkdirTemp("", "kartusehat-sweep-"); err != nil {
			return err
		}
	} else if err := os.Mkdir(*out, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	cellsFile, err := os.Create(filepath.Join(*out, "cells.jsonl"))
	if err != nil {
		return err
	}
	defer cellsFile.Close()
	cells := bufio.NewWriter(cellsFile)
	cfg.Each = func(c *simulate.Cell, cmp *simulate.Comparison) error {
		b, err := json.Marshal(struct {
			Cell       int                  `json:"cell"`
			Name       string               `json:"name"`
			Comparison *simulate.Comparison `json:"comparison"`
		}{c.Index, c.Name, cmp})
		if err != nil {
			return err
		}
		_, err = cells.Write(append(b, '\n'))
		return err
	}
	var finish func()
	cfg.Progress, finish = progressBar(e, fmt.Sprintf("sweeping %d cells x %d seeds x %d years", len(g.Cells), plan.Seeds(), len(plan.Years())))
	lessGC()
	res, err := simulate.Sweep(context.Background(), cfg)
	finish()
	if err != nil {
		return err
	}
	if err := cells.Flush(); err != nil {
		return err
	}
	if err := cellsFile.Close(); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(w *os.File) error
	}{
		{"sweep.json", func(w *os.File) error { return res.WriteJSON(w) }},
		{"sweep.csv", func(w *os.File) error { return res.WriteCSV(w) }},
	} {
		w, err := os.Create(filepath.Join(*out, f.name))
		if err != nil {
			return err
		}
		err = f.write(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	charts, err := chart.WriteBandFiles(res, filepath.Join(*out, "sweep"))
	if err != nil {
		return err
	}
	if err := res.WriteTable(e.stdout); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nwritten in %s: sweep.json, sweep.csv, cells.jsonl", *out)
	for _, c := range charts {
		fmt.Fprintf(e.stdout, ", %s", filepath.Base(c))
	}
	fmt.Fprintln(e.stdout)
	return nil
}
