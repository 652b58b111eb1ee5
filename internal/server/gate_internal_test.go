package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// TestGateResponseJSON checks that the gate's hand-written response is
// the JSON encoding/json writes for the same value.
func TestGateResponseJSON(t *testing.T) {
	env, err := json.Marshal(&attest.Envelope{PayloadType: attest.DecisionPayloadType, Payload: "eyJhIjoxfQ==",
		Signatures: []attest.Signature{{KeyID: "0123", Sig: "c2ln+/="}}})
	require.NoError(t, err)
	reasons := func(rs ...engine.Reason) rawJSON {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(rs))
		return rawJSON(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	tests := []gateResponse{
		{ID: "g_1", Gate: "membership", Org: "sato-machining", Site: "suwa-honsha", Decision: "allow",
			Reasons: reasons(), VerdictID: "v_1", ValidUntil: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Signed: env},
		{ID: "g_2", Gate: "exchange", Org: "株式会社\"引用\"<&>", Site: "s\\1\n", Contract: "C-1", Decision: "deny",
			Reasons:    reasons(engine.Reason{Code: "exchange.not_party", Message: engine.Text{EN: "not a party <to> C-1 & co", JA: "当事者ではない"}}),
			ValidUntil: time.Date(2026, 11, 22, 9, 0, 0, 123456789, time.UTC), Signed: env},
	}
	for _, g := range tests {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(&g))
		assert.Equal(t, want.String(), string(g.appendJSON(nil)))
	}
}

// TestDecisionKey checks that inputs differing in any field the policies
// read get different keys, and that fields cannot run into each other.
func TestDecisionKey(t *testing.T) {
	d := func(s string) *evidence.Date { v, _ := evidence.ParseDate(s); return &v }
	base := func() engine.GateInput {
		return engine.GateInput{
			Now:     *d("2026-11-22"),
			Org:     engine.GateOrg{ID: "sato"},
			Site:    engine.GateSite{ID: "suwa", PreSiteCheck: "passed", FinalSiteCheck: "passed"},
			Verdict: &engine.GateVerdict{ID: "v_1", Date: *d("2026-10-01"), ValidUntil: d("2027-10-01"), Ready: true, AuditorVerified: true, OrganizationID: "sato", SiteID: "suwa"},
			Contract: &engine.GateContract{ID: "C-1", SpecialClause: true, DesignationReference: "D-1", Prime: "prime",
				Subcontractors: []string{"sato", "kato"}},
		}
	}
	changes := map[string]func(in *engine.GateInput){
		"now":              func(in *engine.GateInput) { in.Now = *d("2026-11-23") },
		"suspended":        func(in *engine.GateInput) { in.Org.Suspended = true },
		"suspension":       func(in *engine.GateInput) { in.Org.SuspensionReason = "incident" },
		"pre-site":         func(in *engine.GateInput) { in.Site.PreSiteCheck = "failed" },
		"final":            func(in *engine.GateInput) { in.Site.FinalSiteCheck = "" },
		"no verdict":       func(in *engine.GateInput) { in.Verdict = nil },
		"verdict id":       func(in *engine.GateInput) { in.Verdict.ID = "v_2" },
		"valid until":      func(in *engine.GateInput) { in.Verdict.ValidUntil = nil },
		"closeout":         func(in *engine.GateInput) { in.Verdict.CloseoutDue = d("2027-01-01") },
		"cmmc":             func(in *engine.GateInput) { in.Verdict.CMMCStatus = "conditional" },
		"ready":            func(in *engine.GateInput) { in.Verdict.Ready = false },
		"auditor":          func(in *engine.GateInput) { in.Verdict.AuditorVerified = false },
		"conformance":      func(in *engine.GateInput) { in.Verdict.Conformance.NotImplemented = 1 },
		"no contract":      func(in *engine.GateInput) { in.Contract = nil },
		"clause":           func(in *engine.GateInput) { in.Contract.SpecialClause = false },
		"prime":            func(in *engine.GateInput) { in.Contract.Prime = "other" },
		"standard":         func(in *engine.GateInput) { in.Contract.StandardVersion = "2009" },
		"transition":       func(in *engine.GateInput) { in.Contract.TransitionEndDate = d("2027-03-31") },
		"subcontractors":   func(in *engine.GateInput) { in.Contract.Subcontractors = []string{"sato"} },
		"membership":       func(in *engine.GateInput) { in.MembershipAllowed = new(bool) },
		"run-together ids": func(in *engine.GateInput) { in.Contract.Subcontractors = []string{"satok", "ato"} },
	}
	in := base()
	seen := map[[sha256.Size]byte]string{decisionKey("exchange", &in): "base"}
	assert.NotEqual(t, decisionKey("membership", &in), decisionKey("exchange", &in))
	for name, change := range changes {
		in := base()
		change(&in)
		k := decisionKey("exchange", &in)
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share a key", name, other)
		}
		seen[k] = name
	}
}

// groupStore records the groups a recorder commits.
type groupStore struct {
	store.Store
	mu     sync.Mutex
	groups [][]string
}

func (g *groupStore) RecordGateDecisions(_ context.Context, ds ...store.GateDecision) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	g.groups = append(g.groups, ids)
	return nil
}

// TestRecorderCommitsEveryDecisionOnce hands decisions over from many
// goroutines, some of which begin a decision and abandon it, and checks
// that every decision handed over is committed exactly once and answered.
func TestRecorderCommitsEveryDecisionOnce(t *testing.T) {
	gs := &groupStore{}
	var commits atomic.Int64
	r := newRecorder(gs, func(time.Duration) { commits.Add(1) })
	const n = 2000
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.begin()
			r.finished()
			if i%10 == 0 {
				return // abandoned, as a request that fails after it began
			}
			assert.NoError(t, r.record(context.Background(), store.GateDecision{ID: fmt.Sprint(i)}))
		}()
	}
	wg.Wait()
	require.NoError(t, r.close())
	seen := map[string]int{}
	for _, g := range gs.groups {
		assert.LessOrEqual(t, len(g), maxGroup)
		for _, id := range g {
			seen[id]++
		}
	}
	assert.Len(t, seen, n-n/10)
	for id, k := range seen {
		assert.Equal(t, 1, k, "decision %s", id)
	}
	assert.Zero(t, r.making.Load())
	assert.EqualValues(t, len(gs.groups), commits.Load(), "every commit is observed")
}

// TestClientGoneIsNotAServerError checks that a request whose client
// went away is logged as 499, not as a 500 with an error, while a
// handler's own failure still is a 500.
func TestClientGoneIsNotAServerError(t *testing.T) {
	var logged bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logged, nil))}
	failing := func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		<-r.Context().Done()
		return r.Context().Err()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	w := &statusWriter{ResponseWriter: rec}
	s.serve(w, httptest.NewRequest(http.MethodPost, "/v1/gate/membership", nil).WithContext(ctx), failing, nil)
	assert.Equal(t, statusClientClosed, w.status())
	assert.Empty(t, rec.Body.String())
	assert.NotContains(t, logged.String(), "level=ERROR")

	broken := func(http.ResponseWriter, *http.Request, *principal) error { return errors.New("disk on fire") }
	rec = httptest.NewRecorder()
	w = &statusWriter{ResponseWriter: rec}
	s.serve(w, httptest.NewRequest(http.MethodPost, "/v1/gate/membership", nil), broken, nil)
	assert.Equal(t, http.StatusInternalServerError, w.status())
	assert.Contains(t, logged.String(), "level=ERROR")
	assert.NotContains(t, rec.Body.String(), "disk on fire")
}

// TestDecisionAnswersShared checks that inputs with the same answer share
// one memoised answer, and that different answers stay apart.
func TestDecisionAnswersShared(t *testing.T) {
	c := newCache(1)
	deny := func(msg string) func() (*engine.GateDecision, error) {
		return func() (*engine.GateDecision, error) {
			return &engine.GateDecision{Decision: engine.GateDeny, Reasons: []engine.Reason{{Code: "expired", Message: engine.Text{EN: msg}}}}, nil
		}
	}
	a, err := c.decision(sha256.Sum256([]byte("org-a")), deny("verdict expired"))
	require.NoError(t, err)
	b, err := c.decision(sha256.Sum256([]byte("org-b")), deny("verdict expired"))
	require.NoError(t, err)
	other, err := c.decision(sha256.Sum256([]byte("org-c")), deny("verdict expired on 2026-01-01"))
	require.NoError(t, err)
	allow, err := c.decision(sha256.Sum256([]byte("org-d")), func() (*engine.GateDecision, error) {
		return &engine.GateDecision{Decision: engine.GateAllow}, nil
	})
	require.NoError(t, err)

	assert.Same(t, a, b)
	assert.NotSame(t, a, other)
	assert.NotSame(t, a, allow)
	assert.Equal(t, []string{"expired"}, a.codes)
	assert.JSONEq(t, `[{"code":"expired","message":{"en":"verdict expired"}}]`, string(a.reasons))
	assert.JSONEq(t, `[{"code":"expired","message":{"en":"verdict expired on 2026-01-01"}}]`, string(other.reasons))
	assert.Equal(t, engine.GateDeny, other.decision)
	assert.False(t, other.allowed())
	assert.True(t, allow.allowed())
}

// TestInterner checks that equal strings come back as one copy, and
// that the interner stops growing at its bound.
func TestInterner(t *testing.T) {
	in := interner{m: map[string]string{}}
	a := in.intern(string([]byte("membership.expired")))
	b := in.intern(string([]byte("membership.expired")))
	assert.Equal(t, unsafe.StringData(a), unsafe.StringData(b))
	for i := range 2 * maxInterned {
		in.intern(fmt.Sprint(i))
	}
	assert.Len(t, in.m, maxInterned)
	c := string([]byte("past the bound"))
	assert.Equal(t, unsafe.StringData(c), unsafe.StringData(in.intern(c)))
}
