package web

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
)

// The rulebook explorer: /rules and below.

func (s *server) explorerRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /rules", s.rulesPage)
	m.HandleFunc("GET /rules/param", s.paramPage)
	m.HandleFunc("GET /rules/instruments", s.instrumentsPage)
	m.HandleFunc("GET /rules/facilities", s.facilitiesPage)
	m.HandleFunc("GET /rules/lists", s.listsPage)
	m.HandleFunc("GET /rules/ambiguities", s.ambiguitiesPage)
	m.HandleFunc("GET /rules/diff", s.diffPage)
	m.HandleFunc("GET /rules/reform", s.reformDiffPage)
	m.HandleFunc("POST /rules/reform", s.reformDiffPage)
	m.HandleFunc("GET /rules/search", s.searchPage)
}

// valueRow is a parameter's value as a page shows it.
type valueRow struct {
	Path, Leaf, Value, Ref, Note string
	From, Until                  string
	Ambiguous                    bool
}

func rowOf(v *rules.Value, until rules.Date) valueRow {
	u := v.Until
	if u.IsZero() {
		u = until
	}
	return valueRow{Path: v.Path, Value: display(v), Ref: v.Ref, Note: v.Note, From: v.From.String(), Until: u.String()}
}

// display writes a value as the pages show it: an amount in rupiah, a
// percentage with its sign, anything else as the rulebook writes it.
func display(v *rules.Value) string {
	switch v.Kind {
	case rules.KindAmount:
		return rupiah("id", v.Decimal())
	case rules.KindPercent:
		return v.Display() + " %"
	}
	return v.Display()
}

// paramNode is a node of the parameter tree: the parameters right under
// it (Rows, each with its last path segment as Leaf) and the nodes below.
type paramNode struct {
	Name, Path string
	Depth      int
	Rows       []valueRow
	Children   []*paramNode
	Count      int // parameters at and below the node
}

// add puts row, whose path is segs, under n.
func (n *paramNode) add(segs []string, row valueRow) {
	n.Count++
	if len(segs) == 1 {
		row.Leaf = segs[0]
		n.Rows = append(n.Rows, row)
		return
	}
	var c *paramNode
	if k := len(n.Children); k > 0 && n.Children[k-1].Name == segs[0] {
		c = n.Children[k-1]
	} else {
		path := segs[0]
		if n.Path != "" {
			path = n.Path + "." + segs[0]
		}
		c = &paramNode{Name: segs[0], Path: path, Depth: n.Depth + 1}
		n.Children = append(n.Children, c)
	}
	c.add(segs[1:], row)
}

// dateParam reads a date from the query (field name), else def; the
// error is the page's message.
func (s *server) dateParam(r *http.Request, name string, def rules.Date) (rules.Date, string) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return def, ""
	}
	d, err := rules.ParseDate(v)
	if err != nil {
		return def, fmt.Sprintf(s.tr(r, "err_date"), name, mask.Digits(truncate(v, 40)))
	}
	return d, ""
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// today is the pages' date.
func (s *server) today() rules.Date {
	d, err := rules.DateFromTime(s.now())
	if err != nil {
		return rules.MustDate(2019, 1, 1)
	}
	return d
}

// rulesPage is GET /rules?date=: the parameter tree in force on a date.
func (s *server) rulesPage(w http.ResponseWriter, r *http.Request) {
	date, msg := s.dateParam(r, "date", s.today())
	if msg != "" {
		s.failText(w, r, http.StatusBadRequest, msg)
		return
	}
	snap := s.rb.At(date)
	ambiguous := map[string]bool{}
	for _, p := range s.rb.Ambiguities() {
		ambiguous[p.Path] = true
	}
	tree := &paramNode{}
	for _, v := range snap.Values() {
		row := rowOf(&v, rules.Date{})
		row.Ambiguous = ambiguous[v.Path]
		tree.add(strings.Split(v.Path, "."), row)
	}
	d := map[string]any{"Date": date.String(), "Tree": tree.Children, "Instruments": snap.Instruments(),
		"Exclusions": len(snap.Exclusions()), "Partners": len(snap.Partners()), "Name": s.rb.Name(), "Revision": s.rb.Revision()}
	if g, ok := snap.Governing(); ok {
		d["Governing"] = g.ID
	}
	if b, ok := snap.Beyond(); ok {
		d["Beyond"] = pickLang(langOf(r), b.ID, b.EN)
	}
	s.render(w, r, "rules", "rules_title", d)
}

// paramPage is GET /rules/param?path=: a parameter's timeline.
func (s *server) paramPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.rb.Param(r.URL.Query().Get("path"))
	if !ok {
		s.failText(w, r, http.StatusNotFound, fmt.Sprintf(s.tr(r, "err_no_param"), mask.Digits(truncate(r.URL.Query().Get("path"), 80))))
		return
	}
	rows := make([]valueRow, len(p.Values))
	for i := range p.Values {
		var until rules.Date
		if i+1 < len(p.Values) && p.Values[i].Until.IsZero() {
			until = p.Values[i+1].From.AddDays(-1)
		}
		rows[i] = rowOf(&p.Values[i], until)
	}
	s.render(w, r, "param", "param_title", map[string]any{"Path": p.Path, "Type": p.Kind.String(), "Description": p.Description,
		"Options": p.Options, "Ambiguity": strings.TrimSpace(p.Ambiguity), "Readings": readings(p), "Rows": rows})
}

// reading is one of the readings a parameter settles an ambiguity by: an
// option of an enum, or true or false; Chosen marks the one the rulebook's
// latest value takes.
type reading struct {
	Value  string
	Chosen bool
}

// readings lists the readings of an ambiguous parameter (nil for one that
// is not an enum or a bool, whose ambiguity text states the readings).
func readings(p rules.Param) []reading {
	var opts []string
	switch p.Kind {
	case rules.KindEnum:
		opts = p.Options
	case rules.KindBool:
		opts = []string{"true", "false"}
	}
	if len(opts) == 0 || len(p.Values) == 0 {
		return nil
	}
	last := p.Values[len(p.Values)-1].Display()
	out := make([]reading, len(opts))
	for i, o := range opts {
		out[i] = reading{Value: o, Chosen: o == last}
	}
	return out
}

// instrumentsPage is GET /rules/instruments: the sources table.
func (s *server) instrumentsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "instruments", "instruments_title", map[string]any{"Instruments": s.rb.Instruments()})
}

// facilityRow is a facility as the page shows it.
type facilityRow struct {
	rules.Facility
	Classes string
}

// facilitiesPage is GET /rules/facilities.
func (s *server) facilitiesPage(w http.ResponseWriter, r *http.Request) {
	var rows []facilityRow
	for _, f := range s.rb.Facilities() {
		row := facilityRow{Facility: f}
		var cs []string
		for _, c := range f.Classes {
			cs = append(cs, fmt.Sprintf("%s (%s, %s)", c.Value, c.From, c.Ref))
		}
		if len(cs) == 0 && f.HospitalType != "" {
			cs = append(cs, f.HospitalType)
		}
		row.Classes = strings.Join(cs, "; ")
		rows = append(rows, row)
	}
	s.render(w, r, "facilities", "facilities_title", map[string]any{"Facilities": rows})
}

// listsPage is GET /rules/lists: exclusions, holiday calendars, open
// points.
func (s *server) listsPage(w http.ResponseWriter, r *http.Request) {
	var years []rules.HolidayYear
	for _, y := range s.rb.HolidayYears() {
		if h, ok := s.rb.HolidayYear(y); ok {
			years = append(years, h)
		}
	}
	s.render(w, r, "lists", "lists_title", map[string]any{"Exclusions": s.rb.Exclusions(), "Holidays": years, "OpenPoints": s.rb.OpenPoints()})
}

// ambiguitiesPage is GET /rules/ambiguities.
func (s *server) ambiguitiesPage(w http.ResponseWriter, r *http.Request) {
	type amb struct {
		Path, Text string
		Readings   []reading
		Rows       []valueRow
	}
	var out []amb
	for _, p := range s.rb.Ambiguities() {
		a := amb{Path: p.Path, Text: strings.TrimSpace(p.Ambiguity), Readings: readings(p)}
		for i := range p.Values {
			a.Rows = append(a.Rows, rowOf(&p.Values[i], rules.Date{}))
		}
		out = append(out, a)
	}
	s.render(w, r, "ambiguities", "ambiguities_title", map[string]any{"Ambiguities": out})
}

// change is one parameter that differs between two rulebooks or dates.
type change struct {
	Path                 string
	Old, OldRef, OldFrom string
	New, NewRef, NewFrom string
}

// diffDates lists the parameters whose value or citation in force differs
// between from and to, and the instruments that took effect after from up
// to to.
func diffDates(rb *rules.Rulebook, from, to rules.Date) ([]change, []rules.Instrument) {
	a, b := rb.At(from), rb.At(to)
	var out []change
	for _, p := range rb.Params() {
		va, ea := a.Param(p.Path)
		vb, eb := b.Param(p.Path)
		c := change{Path: p.Path}
		if ea == nil {
			c.Old, c.OldRef, c.OldFrom = display(&va), va.Ref, va.From.String()
		}
		if eb == nil {
			c.New, c.NewRef, c.NewFrom = display(&vb), vb.Ref, vb.From.String()
		}
		if c.Old != c.New || c.OldRef != c.NewRef || c.OldFrom != c.NewFrom {
			out = append(out, c)
		}
	}
	lo, hi := from, to
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	var ins []rules.Instrument
	for _, in := range rb.Instruments() {
		if !in.InForce.IsZero() && in.InForce.After(lo) && !in.InForce.After(hi) {
			ins = append(ins, in)
		}
	}
	return out, ins
}

// diffPage is GET /rules/diff?from=&to=.
func (s *server) diffPage(w http.ResponseWriter, r *http.Request) {
	from, m1 := s.dateParam(r, "from", rules.MustDate(2018, 8, 22))
	to, m2 := s.dateParam(r, "to", rules.MustDate(2018, 8, 23))
	if m1+m2 != "" {
		s.failText(w, r, http.StatusBadRequest, strings.TrimSpace(m1+" "+m2))
		return
	}
	changes, ins := diffDates(s.rb, from, to)
	s.render(w, r, "diff", "diff_title", map[string]any{"From": from.String(), "To": to.String(), "Changes": changes, "Instruments": ins})
}

// reformFile is a reform offered by name.
type reformFile struct{ Name, Title string }

// reforms lists the reforms of Options.Reforms.
func (s *server) reforms() []reformFile {
	s.refOnce.Do(func() {
		if s.opt.Reforms == nil {
			return
		}
		ents, err := fs.ReadDir(s.opt.Reforms, ".")
		if err != nil {
			s.log.Error("web: reforms", "err", err)
			return
		}
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || path.Ext(n) != ".yaml" || strings.HasSuffix(n, ".grid.yaml") {
				continue
			}
			title := strings.TrimSuffix(n, ".yaml")
			if f, err := s.opt.Reforms.Open(n); err == nil {
				if rb, err := s.rb.Overlay(n, f); err == nil {
					title = simulate.Label(rb)
				}
				f.Close()
			}
			s.refList = append(s.refList, reformFile{Name: n, Title: title})
		}
	})
	return s.refList
}

// openReform opens the named reform of Options.Reforms.
func (s *server) openReform(name string) (io.ReadCloser, error) {
	for _, rf := range s.reforms() {
		if rf.Name == name {
			return s.opt.Reforms.Open(name)
		}
	}
	return nil, fmt.Errorf("no reform %q", truncate(name, 60))
}

// reformChange is a dated value the reform gives that the base does not.
type reformChange struct {
	Path, From        string
	Base, BaseRef     string
	Reform, ReformRef string
}

// diffReform lists the dated values of the reformed rulebook that the
// base lacks, each with the base's value on that date, and the sources
// the reform adds.
func diffReform(base, ref *rules.Rulebook) ([]reformChange, []rules.Instrument) {
	var out []reformChange
	for _, p := range ref.Params() {
		bp, _ := base.Param(p.Path)
		have := map[string]bool{}
		for _, v := range bp.Values {
			have[v.From.String()+"\x00"+display(&v)+"\x00"+v.Ref] = true
		}
		for _, v := range p.Values {
			if have[v.From.String()+"\x00"+display(&v)+"\x00"+v.Ref] {
				continue
			}
			c := reformChange{Path: p.Path, From: v.From.String(), Reform: display(&v), ReformRef: v.Ref}
			if bv, err := base.At(v.From).Param(p.Path); err == nil {
				c.Base, c.BaseRef = display(&bv), bv.Ref
			}
			out = append(out, c)
		}
	}
	known := map[string]bool{}
	for _, in := range base.Instruments() {
		known[in.ID] = true
	}
	var ins []rules.Instrument
	for _, in := range ref.Instruments() {
		if !known[in.ID] {
			ins = append(ins, in)
		}
	}
	return out, ins
}

// reformDiffPage is GET /rules/reform?name= (a reform offered) and POST
// /rules/reform (one uploaded): the base rulebook against the reform.
func (s *server) reformDiffPage(w http.ResponseWriter, r *http.Request) {
	d := map[string]any{"Reforms": s.reforms()}
	var name string
	var src io.ReadCloser
	if r.Method == http.MethodPost {
		f, h, err := r.FormFile("reform")
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err_no_file")
			return
		}
		name, src = path.Base(h.Filename), f
	} else if n := r.URL.Query().Get("name"); n != "" {
		f, err := s.openReform(n)
		if err != nil {
			s.failText(w, r, http.StatusNotFound, err.Error())
			return
		}
		name, src = n, f
	}
	if src != nil {
		defer src.Close()
		rb, err := s.rb.Overlay(name, src)
		if err != nil {
			s.failText(w, r, http.StatusBadRequest, s.tr(r, "err_reform")+": "+mask.Digits(err.Error()))
			return
		}
		ch, ins := diffReform(s.rb, rb)
		d["Name"], d["Title"], d["Changes"], d["Instruments"] = name, simulate.Label(rb), ch, ins
	}
	s.render(w, r, "reformdiff", "reformdiff_title", d)
}

// hit is a search result.
type hit struct {
	Kind, Title, Detail, Ref string
	Link                     string
}

// search finds q in the rulebook's citations (an article such as
// "Ps.16"), its exclusions' ICD codes, and its facilities.
func search(rb *rules.Rulebook, q string) (refs, icd, facs []hit) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	if parts := strings.Split(q, "; "); len(parts) > 1 {
		// A joined citation, as a decision gives it: each source in turn.
		seen := map[hit]bool{}
		for _, p := range parts {
			r, i, f := search(rb, p)
			for _, h := range r {
				if !seen[h] {
					seen[h] = true
					refs = append(refs, h)
				}
			}
			icd, facs = append(icd, i...), append(facs, f...)
		}
		return refs, icd, facs
	}
	lq := strings.ToLower(q)
	has := func(s string) bool { return s != "" && strings.Contains(strings.ToLower(s), lq) }
	for _, p := range rb.Params() {
		for _, v := range p.Values {
			if has(v.Ref) {
				refs = append(refs, hit{Kind: "param", Title: p.Path, Detail: v.From.String() + ": " + display(&v), Ref: v.Ref, Link: "/rules/param?path=" + p.Path})
			}
		}
	}
	for _, x := range rb.Exclusions() {
		all := []string{x.Ref}
		for _, dr := range x.Refs {
			all = append(all, dr.Ref)
		}
		for _, ref := range all {
			if has(ref) {
				refs = append(refs, hit{Kind: "exclusion", Title: x.Code, Detail: x.Name.ID, Ref: ref, Link: "/rules/lists#x-" + x.Code})
			}
		}
		for _, code := range append(append([]string{}, x.ICD10...), x.ICD9CM...) {
			if matchICD(code, q) || matchICD(q, code) {
				icd = append(icd, hit{Kind: "exclusion", Title: x.Code + " (" + code + ")", Detail: x.Name.ID, Ref: x.Ref, Link: "/rules/lists#x-" + x.Code})
				break
			}
		}
	}
	for _, f := range rb.Facilities() {
		if has(f.Code) || has(f.Name) || has(strings.Join(f.Aliases, " ")) {
			facs = append(facs, hit{Kind: "facility", Title: f.Name, Detail: f.Code, Ref: f.Ref, Link: "/rules/facilities#f-" + f.Code})
		}
		for _, pt := range f.Partner {
			if has(pt.Ref) {
				refs = append(refs, hit{Kind: "partner", Title: f.Name, Detail: pt.From.String(), Ref: pt.Ref, Link: "/rules/facilities#f-" + f.Code})
			}
		}
	}
	for _, in := range rb.Instruments() {
		if has(in.ID) || has(in.Title) {
			refs = append(refs, hit{Kind: "instrument", Title: in.ID, Detail: in.Title, Ref: in.Ref, Link: "/rules/instruments#i-" + anchor(in.ID)})
		}
	}
	for _, op := range rb.OpenPoints() {
		if has(op.Ref) {
			refs = append(refs, hit{Kind: "open_point", Title: op.DelegatesTo, Detail: op.Subject.ID, Ref: op.Ref, Link: "/rules/lists#open"})
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].Kind < refs[j].Kind })
	return
}

// anchor makes an id usable as a fragment.
func anchor(id string) string {
	var b strings.Builder
	for _, c := range id {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// maxSearch bounds the hits of each kind a page lists.
const maxSearch = 500

// searchPage is GET /rules/search?q=.
func (s *server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := truncate(strings.TrimSpace(r.URL.Query().Get("q")), 200)
	refs, icd, facs := search(s.rb, q)
	d := map[string]any{"Q": q, "Refs": capHits(refs), "ICD": capHits(icd), "Facilities": capHits(facs),
		"Count": len(refs) + len(icd) + len(facs)}
	s.render(w, r, "search", "search_title", d)
}

func capHits(h []hit) []hit {
	if len(h) > maxSearch {
		return h[:maxSearch]
	}
	return h
}

// matchICD reports whether the ICD code pattern matches code as the
// rulebook's exclusions match: equal, or a prefix of it (F1 matches F10),
// case and spaces ignored.
func matchICD(pattern, code string) bool {
	norm := func(s string) string {
		return strings.ToUpper(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, s))
	}
	p := norm(pattern)
	return p != "" && strings.HasPrefix(norm(code), p)
}
