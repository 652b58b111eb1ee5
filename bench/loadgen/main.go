// Command loadgen seeds a verdict-service database and drives load at a
// running "mamori serve" over HTTP, reporting throughput and latency
// percentiles. bench/verdict-service.sh runs the whole benchmark.
//
//	loadgen seed -db FILE -orgs 10000
//	loadgen gate -url URL -token TOKEN -orgs 10000 -c 32 -d 15s
//	loadgen rate -url URL -token TOKEN -orgs 10000 -rate 5000 -d 15s
//	loadgen submit -url URL -token TOKEN -example examples/kobayashi-electronics -c 8 -d 10s
//	loadgen soak -url URL -gate-token T -submit-token T -rate 1000 -submit-rate 10 -d 10m -pid PID
//	loadgen speed -d 2s
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/policies"
	"github.com/mamori-dev/mamori/reports"
	"github.com/mamori-dev/mamori/reports/reportstest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen seed|gate|rate|submit|soak|speed [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(os.Args[2:])
	case "gate":
		err = gate(os.Args[2:])
	case "rate":
		err = rate(os.Args[2:])
	case "submit":
		err = submit(os.Args[2:])
	case "soak":
		err = soak(os.Args[2:])
	case "speed":
		err = speed(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
}

func orgID(i int) string      { return fmt.Sprintf("org-%05d", i) }
func siteID(i int) string     { return fmt.Sprintf("site-%05d", i) }
func contractID(i int) string { return fmt.Sprintf("C-%05d", i) }

// seed registers n organisations, each with a site, a contract of its
// own, and a stored, signed verdict: every other one a conformant,
// auditor-verified site with passed site checks (allowed), the rest
// conditional (denied). It also registers the examples' organisations
// for submissions.
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	db := fs.String("db", "mamori.db", "database file")
	n := fs.Int("orgs", 10000, "organisations")
	keyFile := fs.String("key", "", "the server's signing key (PKCS#8 PEM); verdicts are signed with it")
	fs.Parse(args)
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{Controls: controls.FS, Policies: policies.FS})
	if err != nil {
		return err
	}
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	if *keyFile != "" {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		if key, err = attest.ParsePrivateKey(b); err != nil {
			return err
		}
	}
	type tmpl struct {
		v    *engine.Verdict
		pass bool
	}
	var tmpls []tmpl
	for _, ex := range []struct {
		dir  string
		pass bool
	}{{"examples/tsubasa-heavy-komaki", true}, {"examples/kobayashi-electronics", false}} {
		ev, err := evidence.Read(ex.dir)
		if err != nil {
			return err
		}
		v, err := eng.AssessSummary(ctx, ev)
		if err != nil {
			return err
		}
		tmpls = append(tmpls, tmpl{v, ex.pass})
	}

	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	// Seeding is not the benchmark: one connection without fsync.
	st.DB().SetMaxOpenConns(1)
	if _, err := st.DB().ExecContext(ctx, "PRAGMA synchronous=OFF"); err != nil {
		return err
	}
	reg := &server.Registry{Schema: server.RegistrySchema, Organizations: []server.RegistryOrg{
		{ID: "kobayashi-electronics", Name: "小林電子株式会社", Sites: []server.RegistrySite{{ID: "okaya-design", Name: "岡谷"}}},
		{ID: "sato-machining", Name: "佐藤精密工業株式会社", Sites: []server.RegistrySite{{ID: "suwa-honsha", Name: "諏訪"}}},
	}}
	if _, err := server.ApplyRegistry(ctx, st, "seed", reg); err != nil {
		return err
	}
	now := time.Now().UTC()
	start := time.Now()
	for i := range *n {
		org, site := orgID(i), siteID(i)
		if _, err := st.CreateOrganization(ctx, store.Organization{ID: org, Name: "Company " + org}); err != nil {
			return err
		}
		if _, err := st.CreateSite(ctx, store.Site{ID: site, OrgID: org, Name: "Site " + site}); err != nil {
			return err
		}
		if _, err := st.CreateContract(ctx, store.Contract{ID: contractID(i), PrimeOrgID: org, SpecialClause: true,
			DesignationRef: "指定書 " + contractID(i)}); err != nil {
			return err
		}
		t := tmpls[i%len(tmpls)]
		v := *t.v
		v.Organization.ID, v.Organization.Name = org, "Company "+org
		v.Assessment.Site, v.Site = site, nil
		full, err := json.Marshal(&v)
		if err != nil {
			return err
		}
		stmt := attest.StatementFor(&v, full, now, 365*24*time.Hour)
		env, err := attest.Sign(stmt, key)
		if err != nil {
			return err
		}
		envJSON, _ := json.Marshal(env)
		if _, err := st.CreateVerdict(ctx, store.Verdict{OrgID: org, SiteID: site, CatalogID: v.Catalog.ID,
			CatalogVersion: v.Catalog.Version, PolicyDigest: v.PolicyDigest, Assessor: "seed", CreatedAt: now,
			ValidUntil: stmt.ValidUntil, VerdictJSON: full, EnvelopeJSON: envJSON}); err != nil {
			return err
		}
		if t.pass {
			for _, kind := range []string{store.CheckPre, store.CheckFinal} {
				if _, err := st.AddSiteCheck(ctx, store.SiteCheck{SiteID: site, Kind: kind, Result: store.CheckPass,
					Auditor: "seed", Date: now, ChecklistSHA256: strings.Repeat("0", 64)}); err != nil {
					return err
				}
			}
		}
	}
	fmt.Fprintf(os.Stderr, "seeded %d organisations in %s\n", *n, time.Since(start).Round(time.Millisecond))
	return nil
}

// result collects latencies and outcomes.
type result struct {
	mu      sync.Mutex
	lat     []time.Duration
	errs    atomic.Int64
	status  sync.Map
	outcome sync.Map
}

func (r *result) add(d time.Duration) {
	r.mu.Lock()
	r.lat = append(r.lat, d)
	r.mu.Unlock()
}

func count(m *sync.Map, k string) {
	v, _ := m.LoadOrStore(k, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

func (r *result) report(name string, elapsed time.Duration) {
	slices.Sort(r.lat)
	pct := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))]
	}
	fmt.Printf("%s: %d requests in %s = %.0f req/s; latency p50 %s p90 %s p99 %s max %s; transport errors %d\n",
		name, len(r.lat), elapsed.Round(time.Millisecond), float64(len(r.lat))/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		pct(1).Round(time.Microsecond), r.errs.Load())
	for _, m := range []*sync.Map{&r.status, &r.outcome} {
		var parts []string
		m.Range(func(k, v any) bool {
			parts = append(parts, fmt.Sprintf("%s=%d", k, v.(*atomic.Int64).Load()))
			return true
		})
		slices.Sort(parts)
		if len(parts) > 0 {
			fmt.Printf("  %s\n", strings.Join(parts, " "))
		}
	}
}

func client(c int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost = c, c, c
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// drive runs c workers for d, each calling do in a loop.
func drive(c int, d time.Duration, do func(rng *rand.Rand) error, r *result) time.Duration {
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	start := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(end) {
				t0 := time.Now()
				if err := do(rng); errors.Is(err, errSweepDone) {
					return
				} else if err != nil {
					r.fail(err)
					continue
				}
				r.add(time.Since(t0))
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

var errSweepDone = errors.New("sweep done")

// gateFlags are the flags of the gate and rate commands.
type gateFlags struct {
	url, token string
	orgs       int
	d          time.Duration
}

// newGateFlags starts the flag set of a gate-load command.
func newGateFlags(name string) (*flag.FlagSet, *gateFlags) {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	g := &gateFlags{}
	fs.StringVar(&g.url, "url", "http://127.0.0.1:8080", "server URL")
	fs.StringVar(&g.token, "token", "", "gate token")
	fs.IntVar(&g.orgs, "orgs", 10000, "organisations seeded")
	fs.DurationVar(&g.d, "d", 15*time.Second, "duration")
	return fs, g
}

func gate(args []string) error {
	fs, g := newGateFlags("gate")
	url, token, n, d := &g.url, &g.token, &g.orgs, &g.d
	c := fs.Int("c", 32, "concurrent connections")
	kind := fs.String("kind", "mixed", "membership, exchange or mixed")
	sweep := fs.Bool("sweep", false, "ask once for every organisation and gate (a warm-up), then stop")
	fs.Parse(args)
	hc := client(*c)
	r := &result{}
	var next atomic.Int64
	if *sweep {
		*d = time.Hour
	}
	elapsed := drive(*c, *d, func(rng *rand.Rand) error {
		i := rng.IntN(*n)
		k := *kind
		if k == "mixed" {
			k = []string{"membership", "exchange"}[rng.IntN(2)]
		}
		if *sweep {
			j := int(next.Add(1)) - 1
			if j >= 2**n {
				return errSweepDone
			}
			i, k = j/2, []string{"membership", "exchange"}[j%2]
		}
		body := fmt.Sprintf(`{"org":%q,"site":%q}`, orgID(i), siteID(i))
		if k == "exchange" {
			body = fmt.Sprintf(`{"org":%q,"site":%q,"contract":%q}`, orgID(i), siteID(i), contractID(i))
		}
		req, _ := http.NewRequest(http.MethodPost, *url+"/v1/gate/"+k, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+*token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		count(&r.status, fmt.Sprint(resp.StatusCode))
		var g struct {
			Decision string `json:"decision"`
		}
		if json.Unmarshal(b, &g) == nil && g.Decision != "" {
			count(&r.outcome, k+":"+g.Decision)
		}
		return nil
	}, r)
	r.report("gate", elapsed)
	return nil
}

func submit(args []string) error {
	fs := flag.NewFlagSet("submit", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "server URL")
	token := fs.String("token", "", "admin or company token")
	dir := fs.String("example", "examples/kobayashi-electronics", "evidence directory to submit")
	c := fs.Int("c", 8, "concurrent connections")
	d := fs.Duration("d", 10*time.Second, "duration")
	format := fs.String("format", "yaml", "yaml: the example's files as multipart/form-data; json: the evidence as one JSON document; "+
		"xlsx: the self-assessment workbook filled with the example's evidence, with its sites as YAML (multipart/form-data)")
	same := fs.Bool("same", false, "send the same bytes every time; by default each submission carries a serial number, "+
		"so that its evidence is new to the server (stored and put in the ledger) rather than already held")
	fs.Parse(args)
	body, ct, err := submitBody(*dir, *format)
	if err != nil {
		return err
	}
	stamp, err := newStamp(body)
	if err != nil {
		return err
	}
	var serial atomic.Uint64
	hc := client(*c)
	r := &result{}
	elapsed := drive(*c, *d, func(*rand.Rand) error {
		b := body
		if !*same {
			b = stamp(serial.Add(1))
		}
		req, _ := http.NewRequest(http.MethodPost, *url+"/v1/assessments", bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+*token)
		req.Header.Set("Content-Type", ct)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ = io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		count(&r.status, fmt.Sprint(resp.StatusCode))
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("%s: %.300s", resp.Status, b)
		}
		return nil
	}, r)
	what := "submit (" + *format + ", each new evidence)"
	if *same {
		what = "submit (" + *format + ", the same evidence each time)"
	}
	r.report(what, elapsed)
	return nil
}

// submitBody is a submission of the example in dir, in format, with a
// serial mark (see newStamp), and its content type.
func submitBody(dir, format string) (body []byte, ct string, err error) {
	switch format {
	case "json":
		ev, err := evidence.Read(dir)
		if err != nil {
			return nil, "", err
		}
		ev.Assessment.Assessor.Name += " (" + serialMark + ")"
		if body, err = json.Marshal(ev); err != nil {
			return nil, "", err
		}
		ct = "application/json"
	case "yaml":
		ents, err := os.ReadDir(dir)
		if err != nil {
			return nil, "", err
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		marked := false
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".yaml") || e.Name() == "expected.yaml" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, "", err
			}
			if !marked {
				b, marked = append(b, "\n# "+serialMark+"\n"...), true
			}
			w, _ := mw.CreateFormFile("evidence", e.Name())
			w.Write(b)
		}
		mw.Close()
		body, ct = buf.Bytes(), mw.FormDataContentType()
	case "xlsx":
		var err error
		if body, ct, err = workbookBody(dir); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", fmt.Errorf("-format %q: expected yaml, json or xlsx", format)
	}
	return body, ct, nil
}

// serialMark is where a submission's serial number is written: in the
// assessor's name (JSON), a comment of the first YAML file, or the
// workbook's document properties (stored uncompressed, so that the
// number can be written with the part's checksum).
const serialMark = "submission 000000000000"

// newStamp finds the serial mark in a body and returns a function that
// makes a copy of the body with a serial number in it. In a workbook,
// the part that holds the mark is stored uncompressed, and its checksum
// (in its local header and in the central directory) is written anew.
func newStamp(body []byte) (func(n uint64) []byte, error) {
	at := bytes.Index(body, []byte(serialMark))
	if at < 0 || bytes.Count(body, []byte(serialMark)) != 1 {
		return nil, errors.New("loadgen: the body has no single serial mark")
	}
	digits := at + len(serialMark) - 12
	part, crcAt := xlsxStampPart(body, at)
	return func(n uint64) []byte {
		b := bytes.Clone(body)
		copy(b[digits:digits+12], fmt.Sprintf("%012d", n%1e12))
		if part != nil {
			sum := crc32.ChecksumIEEE(b[part[0]:part[1]])
			for _, o := range crcAt {
				binary.LittleEndian.PutUint32(b[o:], sum)
			}
		}
		return b
	}, nil
}

// xlsxStampPart finds, when the mark at is in a workbook's stored part,
// that part's data (from, to) and where its checksum is written.
func xlsxStampPart(body []byte, at int) ([]int, []int) {
	start := bytes.LastIndex(body[:at], []byte("PK\x03\x04"))
	if start < 0 {
		return nil, nil
	}
	// The workbook runs to the end of its central directory's record.
	eocd := bytes.Index(body[at:], []byte("PK\x05\x06"))
	if eocd < 0 {
		return nil, nil
	}
	eocd += at
	zipStart := bytes.Index(body, []byte("PK\x03\x04"))
	zipBytes := body[zipStart : eocd+22]
	zr, err := zip.NewReader(bytes.NewReader(zipBytes), int64(len(zipBytes)))
	if err != nil {
		return nil, nil
	}
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil || f.Method != zip.Store || zipStart+int(off) > at || zipStart+int(off)+int(f.CompressedSize64) <= at {
			continue
		}
		from := zipStart + int(off)
		local := from - 30 - len(f.Name) // CreateRaw wrote no extra field
		crcs := []int{local + 14}
		// The central directory's entry for the part: its checksum is 16
		// bytes in.
		cd := zipStart + int(binary.LittleEndian.Uint32(body[eocd+16:]))
		for i := cd; i < eocd; {
			nameLen := int(binary.LittleEndian.Uint16(body[i+28:]))
			extra := int(binary.LittleEndian.Uint16(body[i+30:]))
			comment := int(binary.LittleEndian.Uint16(body[i+32:]))
			if string(body[i+46:i+46+nameLen]) == f.Name {
				crcs = append(crcs, i+16)
			}
			i += 46 + nameLen + extra + comment
		}
		return []int{from, from + int(f.UncompressedSize64)}, crcs
	}
	return nil, nil
}

// workbookBody is a submission as an SME in Excel makes it: the
// self-assessment template (Japanese) filled with an example's evidence,
// and the example's sites, which the workbook does not carry, as YAML.
func workbookBody(dir string) ([]byte, string, error) {
	ev, err := evidence.Read(dir)
	if err != nil {
		return nil, "", err
	}
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	if err != nil {
		return nil, "", err
	}
	var tmpl bytes.Buffer
	if err := reports.WriteSelfAssessmentTemplate(&tmpl, cat, engine.LangJA); err != nil {
		return nil, "", err
	}
	wb, err := reportstest.FillSelfAssessment(tmpl.Bytes(), reportstest.WorkbookEvidence(ev), engine.LangJA)
	if err != nil {
		return nil, "", err
	}
	defer wb.Close()
	// The document properties carry the serial mark, stored
	// uncompressed (see newStamp).
	var xlsx bytes.Buffer
	if err := wb.Write(&xlsx); err != nil {
		return nil, "", err
	}
	marked, err := markWorkbook(xlsx.Bytes())
	if err != nil {
		return nil, "", err
	}
	sites, err := yaml.Marshal(struct {
		Schema string          `yaml:"mamori"`
		Sites  []evidence.Site `yaml:"sites"`
	}{ev.Schema, ev.Sites})
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("evidence", "self-assessment.xlsx")
	w.Write(marked)
	w, _ = mw.CreateFormFile("evidence", "sites.yaml")
	w.Write(sites)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// markWorkbook rewrites a workbook with the serial mark as its last
// modifier, in docProps/core.xml stored uncompressed; the other parts are
// copied as they are.
func markWorkbook(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "docProps/core.xml" {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		core, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(core, []byte("<lastModifiedBy></lastModifiedBy>")) {
			return nil, errors.New("loadgen: docProps/core.xml has no empty lastModifiedBy")
		}
		core = bytes.Replace(core, []byte("<lastModifiedBy></lastModifiedBy>"), []byte("<lastModifiedBy>"+serialMark+"</lastModifiedBy>"), 1)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(core),
			CompressedSize64: uint64(len(core)), UncompressedSize64: uint64(len(core))})
		if err != nil {
			return nil, err
		}
		w.Write(core)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// speed measures how fast this machine is at the moment: Ed25519
// signatures of a gate decision's size on one core. Signing is the
// largest fixed cost of a gate decision, and on a shared VM the rate
// moves from minute to minute, so the benchmark prints it beside its
// figures.
func speed(args []string) error {
	fs := flag.NewFlagSet("speed", flag.ExitOnError)
	d := fs.Duration("d", 2*time.Second, "duration")
	fs.Parse(args)
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		return err
	}
	msg := bytes.Repeat([]byte("x"), 900)
	n := 0
	start := time.Now()
	for time.Since(start) < *d {
		for range 100 {
			ed25519.Sign(key, msg)
		}
		n += 100
	}
	elapsed := time.Since(start)
	fmt.Printf("speed: %.0f Ed25519 signatures/s on one core (%.1f µs each)\n",
		float64(n)/elapsed.Seconds(), float64(elapsed.Microseconds())/float64(n))
	return nil
}
