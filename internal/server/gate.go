package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// gateRequest is the body of POST /v1/gate/membership and
// /v1/gate/exchange.
type gateRequest struct {
	Org      string `json:"org"`
	Site     string `json:"site"`
	Contract string `json:"contract,omitempty"`
}

// gateResponse is a gate's signed answer. A busy gate writes one per
// request, so appendJSON writes it directly from the memoised reasons
// and the envelope already encoded for the store.
type gateResponse struct {
	ID         string          `json:"id"`
	Gate       string          `json:"gate"`
	Org        string          `json:"org"`
	Site       string          `json:"site"`
	Contract   string          `json:"contract,omitempty"`
	Decision   string          `json:"decision"`
	Reasons    rawJSON         `json:"reasons"`
	VerdictID  string          `json:"verdict_id"`
	ValidUntil time.Time       `json:"valid_until"`
	Signed     json.RawMessage `json:"signed"`

	// envelope is the pooled buffer Signed was written in, to be put
	// back once the answer is written.
	envelope *[]byte
}

// rawJSON is a JSON value already encoded.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// appendJSON appends the response as JSON, byte for byte as
// encoding/json writes it with HTML escaping off, as every API response
// is (TestGateResponseJSON).
func (g *gateResponse) appendJSON(b []byte) []byte {
	str := func(key, v string) {
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, `":`...)
		b = appendJSONString(b, v)
		b = append(b, ',')
	}
	b = append(b, '{')
	str("id", g.ID)
	str("gate", g.Gate)
	str("org", g.Org)
	str("site", g.Site)
	if g.Contract != "" {
		str("contract", g.Contract)
	}
	str("decision", g.Decision)
	b = append(b, `"reasons":`...)
	b = append(b, g.Reasons...)
	b = append(b, ',')
	str("verdict_id", g.VerdictID)
	b = append(b, `"valid_until":"`...)
	b = g.ValidUntil.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","signed":`...)
	b = append(b, g.Signed...)
	return append(b, "}\n"...)
}

// appendJSONString appends s as a JSON string, as encoding/json writes
// it with HTML escaping off.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			var buf bytes.Buffer // the rare string that needs escaping
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(s) // a string cannot fail
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

const maxGateBody = 64 << 10

// responseBuffers holds the buffers gate answers are written in: a busy
// gate writes thousands a second, and Write does not keep them.
var responseBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// envelopeBuffers holds the buffers signed decisions are written in.
// One is in use from the signing until the answer is written, and goes
// back only if the recorder is done with it: not when the request ended
// while its decision was still queued for a commit.
var envelopeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2560); return &b }}

func (s *Server) gateHandler(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *principal) error {
		var req gateRequest
		if err := decodeJSON(w, r, maxGateBody, &req); err != nil {
			return err
		}
		var missing []string
		for _, f := range []struct{ name, v string }{{"org", req.Org}, {"site", req.Site}, {"contract", req.Contract}} {
			if f.v == "" && (f.name != "contract" || kind == engine.GateExchange) {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			return unprocessable("required: %s", strings.Join(missing, ", "))
		}
		if kind == engine.GateMembership && req.Contract != "" {
			return unprocessable("contract: the membership gate takes no contract; use /v1/gate/exchange")
		}
		resp, err := s.decide(r.Context(), kind, req, p)
		if err != nil {
			return err
		}
		buf := responseBuffers.Get().(*[]byte)
		defer responseBuffers.Put(buf)
		body := resp.appendJSON((*buf)[:0])
		*buf = body
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Cache-Control"] = []string{"no-store"}
		h["X-Content-Type-Options"] = []string{"nosniff"}
		// A known length spares net/http the chunked encoding that a body
		// over its 2 KiB buffer would otherwise get.
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, err = w.Write(body)
		*resp.envelope = resp.Signed[:0]
		envelopeBuffers.Put(resp.envelope)
		return err
	}
}

// decide makes, signs and records one gate decision; the decision is
// committed to the store before it is returned.
func (s *Server) decide(ctx context.Context, kind string, req gateRequest, p *principal) (*gateResponse, error) {
	s.rec.begin()
	handed := false
	defer func() {
		if !handed {
			s.rec.finished()
		}
	}()
	c := s.cache.Load()
	org, err := c.org(ctx, s.st, req.Org)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, notRegistered("organisation", req.Org)
	}
	site, err := c.site(ctx, s.st, req.Site)
	if err != nil {
		return nil, err
	}
	if site == nil {
		return nil, notRegistered("site", req.Site)
	}
	if site.orgID != req.Org {
		return nil, unprocessable("site %s is not a site of organisation %s", req.Site, req.Org)
	}
	var contract *engine.GateContract
	if kind == engine.GateExchange {
		if contract, err = c.contract(ctx, s.st, req.Contract); err != nil {
			return nil, err
		}
		if contract == nil {
			return nil, notRegistered("contract", req.Contract)
		}
	}
	// The cached records' IDs, equal to the request's, key the verdict.
	gv, err := c.verdict(ctx, s.st, s.verdicts, org.id, site.id)
	if err != nil {
		return nil, err
	}

	now := s.now()
	in := gateInput(gv, org, site, contract)
	in.Now = s.today()
	memo, err := c.decision(decisionKey(kind, &in), func() (*engine.GateDecision, error) {
		return s.eng.Gate(ctx, kind, in)
	})
	if err != nil {
		return nil, fmt.Errorf("gate %s: %w", kind, err)
	}

	rec := store.GateDecision{
		ID: newDecisionID(), Gate: kind, OrgID: req.Org, SiteID: req.Site, ContractID: req.Contract,
		Decision: memo.decision,
	}
	st := attest.DecisionStatement{
		ID: rec.ID, Gate: kind, Organization: req.Org, Site: req.Site, Contract: req.Contract,
		Decision: memo.decision, Reasons: memo.codes, PolicyDigest: s.eng.PolicyDigest(),
		IssuedAt: now.Truncate(time.Second), ValidUntil: now.Truncate(time.Second),
	}
	if gv != nil {
		rec.VerdictID = gv.id
		st.VerdictID, st.VerdictSHA256 = gv.id, gv.sha256
		st.Catalog = attest.Catalog{ID: gv.catalog[0], Version: gv.catalog[1]}
		st.Evidence = gv.evidence
	}
	if memo.allowed() {
		st.ValidUntil = st.IssuedAt.Add(s.cfg.DecisionValidFor)
		if gv != nil && !gv.validUntil.IsZero() && gv.validUntil.Before(st.ValidUntil) {
			st.ValidUntil = gv.validUntil.UTC()
		}
	}
	envelope := envelopeBuffers.Get().(*[]byte)
	if rec.Signed, err = attest.AppendSignedDecision((*envelope)[:0], st, s.cfg.Key); err != nil {
		envelopeBuffers.Put(envelope)
		return nil, err
	}
	// Counted down before the hand-over, which may block: a group being
	// gathered can wait for this decision only while it can still come.
	handed = true
	s.rec.finished()
	if err := s.rec.record(ctx, rec); err != nil {
		return nil, err
	}
	s.metrics.decision(kind, memo.decision)
	return &gateResponse{
		ID: rec.ID, Gate: kind, Org: req.Org, Site: req.Site, Contract: req.Contract,
		Decision: memo.decision, Reasons: memo.reasons, VerdictID: rec.VerdictID, ValidUntil: st.ValidUntil,
		Signed: rec.Signed, envelope: envelope,
	}, nil
}

func notRegistered(what, id string) *problem {
	return newProblem(http.StatusNotFound, "not-registered", "Not registered",
		fmt.Sprintf("%s %q is not registered", what, id))
}

// gateInput assembles what the gate policies decide from. Its parts
// are the cache's: the policies only read them.
func gateInput(gv *gateVerdict, org *orgState, site *siteState, c *engine.GateContract) engine.GateInput {
	in := engine.GateInput{
		Org:      engine.GateOrg{ID: org.id, Suspended: org.suspended, SuspensionReason: org.suspensionReason},
		Site:     engine.GateSite{ID: site.id, PreSiteCheck: site.pre, FinalSiteCheck: site.final},
		Contract: c,
	}
	if gv != nil {
		in.Verdict = &gv.verdict
	}
	return in
}

// decisionKey identifies everything a gate decision depends on, so that
// equal inputs reuse the policy's answer (the policies are pure). Each
// field is written with its length first, so that no two inputs share a
// text, and the text is hashed: the cache keeps a key for every
// organisation and gate, and a digest is a fixed 32 bytes with nothing
// for the garbage collector to mark.
func decisionKey(kind string, in *engine.GateInput) [sha256.Size]byte {
	var buf [512]byte
	b := buf[:0]
	f := func(ss ...string) {
		for _, s := range ss {
			b = appendField(b, s)
		}
	}
	n := func(vs ...int) {
		for _, v := range vs {
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, ';')
		}
	}
	date := func(d *evidence.Date) {
		var t [len(evidence.DateLayout) + 8]byte
		s := t[:0]
		if d != nil && !d.IsZero() {
			s = d.AppendFormat(s, evidence.DateLayout)
		}
		b = appendField(b, s)
	}
	f(kind)
	date(&in.Now)
	f(in.Org.ID, strconv.FormatBool(in.Org.Suspended), in.Org.SuspensionReason,
		in.Site.ID, in.Site.PreSiteCheck, in.Site.FinalSiteCheck)
	if v := in.Verdict; v != nil {
		f("verdict", v.ID)
		date(&v.Date)
		date(v.ValidUntil)
		date(v.CloseoutDue)
		f(v.CMMCStatus, strconv.FormatBool(v.Ready), strconv.FormatBool(v.AuditorVerified), v.OrganizationID, v.SiteID)
		c := v.Conformance
		n(c.Implemented, c.NotImplemented, c.NotApplicable, c.NotAssessed, c.Total)
	}
	if c := in.Contract; c != nil {
		f("contract", c.ID, strconv.FormatBool(c.SpecialClause), c.DesignationReference, c.Prime, c.StandardVersion)
		date(c.TransitionEndDate)
		n(len(c.Subcontractors))
		f(c.Subcontractors...)
	}
	if m := in.MembershipAllowed; m != nil {
		f("membership", strconv.FormatBool(*m))
	}
	return sha256.Sum256(b)
}

// appendField appends a decision key's field: its length, then it.
func appendField[T string | []byte](b []byte, s T) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// recorder commits gate decisions in groups: a request hands its
// decision over and waits; whatever arrives while a commit is in flight
// goes into the next one. No decision is answered before it is durable.
//
// A commit costs a sync to disk and a share of CPU whatever its size, so
// while other requests are making decisions (counted by begin and
// finished), a group gathers what arrives within groupWindow. When none
// is, as on a quiet gate, a decision commits at once: the Go timer's
// resolution on a small VM can be a millisecond, and a lone decision
// would wait that long for nothing.
type recorder struct {
	st   store.Store
	in   chan *pending
	done chan struct{}
	// committed observes how long each commit took.
	committed func(time.Duration)
	// making counts the decisions begun and not yet handed over.
	making atomic.Int64
}

type pending struct {
	d   store.GateDecision
	err chan error
}

const maxGroup = 512

// groupWindow is how long a group gathers decisions on a busy gate.
const groupWindow = 200 * time.Microsecond

func newRecorder(st store.Store, committed func(time.Duration)) *recorder {
	r := &recorder{st: st, in: make(chan *pending, 4*maxGroup), done: make(chan struct{}), committed: committed}
	go r.run()
	return r
}

var errRecorderClosed = errors.New("the decision recorder is closed")

// begin counts a decision being made. Every begin is followed by one
// finished: after the decision has been handed over to record, or when it
// will not be.
func (r *recorder) begin() { r.making.Add(1) }

func (r *recorder) finished() { r.making.Add(-1) }

// record hands a decision over and waits until it is committed.
func (r *recorder) record(ctx context.Context, d store.GateDecision) (err error) {
	p := &pending{d: d, err: make(chan error, 1)}
	defer func() {
		if recover() != nil { // sent on a closed channel
			err = errRecorderClosed
		}
	}()
	select {
	case r.in <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *recorder) run() {
	defer close(r.done)
	batch := make([]*pending, 0, maxGroup)
	ds := make([]store.GateDecision, 0, maxGroup)
	window := time.NewTimer(groupWindow)
	window.Stop()
	for p := range r.in {
		batch = append(batch[:0], p)
		// While other decisions are being made, the group gathers what
		// arrives within the window; then, or at once for a lone
		// decision, it takes what is queued.
		var wait <-chan time.Time
		if r.making.Load() > 0 {
			window.Reset(groupWindow)
			wait = window.C
		}
		for len(batch) < maxGroup {
			var q *pending
			ok := true
			if wait != nil {
				select {
				case q, ok = <-r.in:
				case <-wait:
					wait = nil
					continue
				}
			} else {
				select {
				case q, ok = <-r.in:
				default:
					ok = false
				}
			}
			if !ok {
				break
			}
			batch = append(batch, q)
		}
		window.Stop()
		ds = ds[:0]
		for _, q := range batch {
			ds = append(ds, q.d)
		}
		// No deadline: a commit waits for locks only as long as the
		// store's busy timeout, and a context that can end costs the
		// driver a watcher goroutine for every statement.
		start := time.Now()
		err := r.st.RecordGateDecisions(context.Background(), ds...)
		r.committed(time.Since(start))
		for _, q := range batch {
			q.err <- err
		}
	}
}

// close commits what is queued and stops.
func (r *recorder) close() error {
	close(r.in)
	<-r.done
	return nil
}

// newDecisionID makes a decision ID that sorts by time (8 bytes of
// nanoseconds, then 8 random), so that the busiest table's key index
// grows at its end.
func newDecisionID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixNano()))
	rand.Read(b[8:])
	return "g_" + hex.EncodeToString(b[:])
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
