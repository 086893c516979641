package web

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/kartusehat/kartusehat/simulate/chart"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The reform lab: /lab and below.

func (s *server) labRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /lab", s.labPage)
	m.HandleFunc("POST /lab/run", s.labRun)
	m.HandleFunc("GET /lab/job/{id}", s.labJob)
	m.HandleFunc("GET /lab/job/{id}/chart.svg", s.labChart)
	m.HandleFunc("GET /lab/job/{id}/difference.svg", s.labChart)
}

// labSlots is the number of reforms chosen by name on the form; an
// uploaded one applies after them.
const labSlots = 3

// labPage is GET /lab: the form.
func (s *server) labPage(w http.ResponseWriter, r *http.Request) {
	slots := make([]int, labSlots)
	for i := range slots {
		slots[i] = i + 1
	}
	s.render(w, r, "lab", "lab_title", map[string]any{"Reforms": s.reforms(), "Slots": slots, "Years": s.rb.HolidayYears(),
		"MaxScale": s.opt.MaxScale, "MaxUpload": mib(s.opt.MaxUpload)})
}

// labResult is a finished simulation.
type labResult struct {
	C       *simulate.Comparison
	Reforms []string
	Rows    []labRow
	// SVG is the chart, by language; DiffSVG the chart of the
	// difference alone (nil when the reform changes no month's cost).
	SVG, DiffSVG map[string][]byte
}

// chartMonths are the chart's month ticks, by language.
var chartMonths = map[string][]string{
	"id": {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// chartPixels is the chart's size in CSS pixels (96 to the inch), for
// the page's <img>, so that the browser keeps its room and its shape.
var chartPixels = [2]int{int(chart.Width.Points()*96/72 + 0.5), int(chart.Height.Points()*96/72 + 0.5)}

// labChartSVG draws the comparison's chart (chart.Monthly: the bars of
// the baseline and the reform a month, the line of their difference, the
// rupiah axis, the legend beneath) as SVG, with the months and the axis
// note in the language lang; and the chart of the difference alone, on
// an axis of its own, for a difference too small to read beside the
// costs (nil when no month's cost changes).
func labChartSVG(c *simulate.Comparison, lang string) (main, diff []byte, err error) {
	ch, err := chart.Monthly(c)
	if err != nil {
		return nil, nil, err
	}
	months := chartMonths[lang]
	if months == nil {
		months = chartMonths["id"]
	}
	ch.Plot.NominalX(months...)
	ch.Plot.X.Label.Text = fmt.Sprintf(tr(lang, "chart_xlabel"), c.Seed, group(lang, c.Encounters))
	if main, err = svgOf(chart.Width, chart.Height, ch.Draw); err != nil {
		return nil, nil, err
	}
	p, err := differencePlot(ch, months, lang)
	if err != nil || p == nil {
		return main, nil, err
	}
	diff, err = svgOf(chart.Width, chart.Height/2, p.Draw)
	return main, diff, err
}

// differencePlot is the plot of the chart's difference series as bars,
// with the chart's rupiah ticks; nil when every month's difference is 0.
func differencePlot(ch *chart.Chart, months []string, lang string) (*plot.Plot, error) {
	vals := make(plotter.Values, 12)
	lo, hi := 0.0, 0.0
	for m, d := range ch.Series.Difference {
		vals[m] = float64(d)
		lo, hi = min(lo, vals[m]), max(hi, vals[m])
	}
	if lo == 0 && hi == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = tr(lang, "chart_diff_title")
	bars, err := plotter.NewBarChart(vals, vg.Points(16))
	if err != nil {
		return nil, err
	}
	bars.Color, bars.LineStyle.Width = color.RGBA{R: 0x2a, G: 0x2a, B: 0x2a, A: 0xff}, 0
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	p.Add(grid, bars)
	p.NominalX(months...)
	p.X.Min, p.X.Max = -0.8, 11.8
	// Room above and below the bars, so that the ticks reach them.
	pad := (hi - lo) * 0.15
	p.Y.Min, p.Y.Max = lo-pad*boolf(lo < 0), hi+pad*boolf(hi > 0)
	p.Y.Tick.Marker = ch.Plot.Y.Tick.Marker
	return p, nil
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// svgOf draws with draw on an SVG canvas of w by h.
func svgOf(w, h vg.Length, drawOn func(draw.Canvas)) ([]byte, error) {
	cw, err := draw.NewFormattedCanvas(w, h, "svg")
	if err != nil {
		return nil, err
	}
	drawOn(draw.New(cw))
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// labRow is one row of the lab's table: Jamkesda's cost and the
// patient's, under the baseline and the reform.
type labRow struct {
	Label            string
	Base, Reform     simulate.Count
	Cost, Patient    int64 // differences
	Encounters, Paid int64 // differences
}

func rowFor(label string, b, r simulate.Count) labRow {
	return labRow{Label: label, Base: b, Reform: r, Cost: r.Cost - b.Cost, Patient: r.PatientCost - b.PatientCost,
		Encounters: r.Encounters - b.Encounters, Paid: r.Paid - b.Paid}
}

// monthNames label the table's months, in both languages' order.
var monthNames = [12]string{"01 Jan", "02 Feb", "03 Mar", "04 Apr", "05 Mei/May", "06 Jun", "07 Jul", "08 Agu/Aug", "09 Sep", "10 Okt/Oct", "11 Nov", "12 Des/Dec"}

// labRun is POST /lab/run.
func (s *server) labRun(w http.ResponseWriter, r *http.Request) {
	bad := func(key string) { s.failText(w, r, http.StatusBadRequest, fmt.Sprintf(s.tr(r, "err_field"), key)) }
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || !s.rb.Calendar().Covers(year) {
		bad("year")
		return
	}
	scale, err := strconv.ParseInt(r.PostFormValue("scale"), 10, 64)
	if err != nil || scale < 1 {
		bad("scale")
		return
	}
	if scale > s.opt.MaxScale {
		s.failText(w, r, http.StatusBadRequest, fmt.Sprintf(s.tr(r, "err_scale_limit"), s.opt.MaxScale))
		return
	}
	seed, err := strconv.ParseUint(r.PostFormValue("seed"), 10, 64)
	if err != nil {
		bad("seed")
		return
	}
	reform := s.rb
	var names []string
	apply := func(name string, src io.Reader) error {
		rb, err := reform.Overlay(name, src)
		if err != nil {
			return err
		}
		reform = rb
		names = append(names, name)
		return nil
	}
	for i := 1; i <= labSlots; i++ {
		n := r.PostFormValue("reform" + strconv.Itoa(i))
		if n == "" {
			continue
		}
		f, err := s.openReform(n)
		if err == nil {
			err = apply(n, f)
			f.Close()
		}
		if err != nil {
			s.failText(w, r, http.StatusBadRequest, s.tr(r, "err_reform")+": "+mask.Digits(err.Error()))
			return
		}
	}
	if r.MultipartForm != nil {
		// The uploaded reforms, in the order given, after the chosen ones.
		for _, h := range r.MultipartForm.File["upload"] {
			f, err := h.Open()
			if err == nil {
				err = apply(path.Base(h.Filename), f)
				f.Close()
			}
			if err != nil {
				s.failText(w, r, http.StatusBadRequest, s.tr(r, "err_reform")+": "+mask.Digits(err.Error()))
				return
			}
		}
	}
	if len(names) > DefaultMaxReforms+labSlots {
		s.failText(w, r, http.StatusBadRequest, fmt.Sprintf(s.tr(r, "err_reforms_limit"), DefaultMaxReforms+labSlots))
		return
	}
	cfg := simulate.Config{Year: year, Seed: seed, Baseline: s.rb, Scale: scale}
	if len(names) > 0 {
		cfg.Reform = reform
	}
	j, ok := s.jobs.start("lab", strings.Join(names, " + "), 30*time.Minute, func(ctx context.Context, j *job) (any, error) {
		cfg.Progress = j.progress
		c, err := simulate.Run(ctx, cfg)
		if err != nil {
			return nil, err
		}
		res := &labResult{C: c, Reforms: names}
		res.Rows = append(res.Rows, rowFor("total", c.Baseline.Total, c.Reform.Total))
		for m := range 12 {
			res.Rows = append(res.Rows, rowFor(monthNames[m], c.Baseline.ByMonth[m], c.Reform.ByMonth[m]))
		}
		var keys []string
		for k := range c.Baseline.ByService {
			keys = append(keys, k)
		}
		for k := range c.Reform.ByService {
			if _, ok := c.Baseline.ByService[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			res.Rows = append(res.Rows, rowFor(k, c.Baseline.ByService[k], c.Reform.ByService[k]))
		}
		res.SVG, res.DiffSVG = map[string][]byte{}, map[string][]byte{}
		for _, l := range langs {
			if res.SVG[l], res.DiffSVG[l], err = labChartSVG(c, l); err != nil {
				return nil, err
			}
		}
		if res.DiffSVG[langs[0]] == nil {
			res.DiffSVG = nil
		}
		return res, nil
	})
	if !ok {
		s.fail(w, r, http.StatusServiceUnavailable, "err_busy")
		return
	}
	s.log.Info("web: lab: simulating", "job", j.id, "year", year, "scale", scale, "seed", seed, "reforms", names)
	http.Redirect(w, r, "/lab/job/"+j.id, http.StatusSeeOther)
}

// labJob is GET /lab/job/{id}: progress, then the table and the chart.
func (s *server) labJob(w http.ResponseWriter, r *http.Request) {
	j, ok := s.jobs.get(r.PathValue("id"), "lab")
	if !ok {
		s.fail(w, r, http.StatusNotFound, "err_no_job")
		return
	}
	if !j.finished() {
		s.renderPage(w, r, "job", &page{Title: "job_lab", Nav: "lab", Refresh: 1, Data: map[string]any{"Percent": j.Percent(), "Done": j.done.Load(), "Total": j.total.Load()}})
		return
	}
	if j.err != "" {
		s.failText(w, r, http.StatusUnprocessableEntity, mask.Digits(j.err))
		return
	}
	s.renderPage(w, r, "labresult", &page{Title: "labresult_title", Nav: "lab", Data: map[string]any{"ID": j.id, "R": j.result.(*labResult),
		"ChartW": chartPixels[0], "ChartH": chartPixels[1], "DiffH": chartPixels[1] / 2, "Lang": langOf(r)}})
}

// labChart is GET /lab/job/{id}/chart.svg and /difference.svg.
func (s *server) labChart(w http.ResponseWriter, r *http.Request) {
	j, ok := s.jobs.get(r.PathValue("id"), "lab")
	if !ok || !j.finished() || j.err != "" {
		s.fail(w, r, http.StatusNotFound, "err_no_job")
		return
	}
	res := j.result.(*labResult)
	svg := res.SVG
	if strings.HasSuffix(r.URL.Path, "/difference.svg") {
		svg = res.DiffSVG
	}
	if svg == nil {
		s.fail(w, r, http.StatusNotFound, "err_not_found")
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(svg[langOf(r)])
}
