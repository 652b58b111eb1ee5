// Package server is mamori's verdict service: the HTTP API that the
// DSG's membership gating and information exchange ask whether an
// organisation's site may join, and may receive a contract's protected
// information now. Handlers read and write through store.Store, assess
// with the engine, render workbooks with reports, and sign every
// verdict and gate decision.
package server

import (
	"context"
	"crypto/ed25519"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// DefaultMaxBody is the default request body limit.
const DefaultMaxBody = 10 << 20

// OpenAPI is the API's OpenAPI 3.1 description, served at
// /v1/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte

// Config configures a Server.
type Config struct {
	Store  store.Store
	Engine *engine.Engine
	// Catalogs holds the assessed catalogue and the SP 800-53 catalogue
	// that the gap report quotes.
	Catalogs *engine.Catalogs
	// Checklist is the site checklist that uploaded forms are read with.
	Checklist *engine.Checklist
	// Key signs verdicts and gate decisions.
	Key ed25519.PrivateKey
	// RetiredKeys are public keys the server signed with before Key:
	// /v1/keys serves them, marked retired, so that what they signed
	// still verifies.
	RetiredKeys []ed25519.PublicKey
	// MaxBody limits request bodies; 0 means DefaultMaxBody.
	MaxBody int64
	// VerdictValidFor is how long a signed verdict is valid (capped by
	// its CMMC dates); 0 means 365 days.
	VerdictValidFor time.Duration
	// DecisionValidFor is how long an allow decision is valid (capped by
	// the verdict's validity); 0 means 24 hours.
	DecisionValidFor time.Duration
	// GateClientCert requires gate tokens to come with a verified TLS
	// client certificate (mTLS).
	GateClientCert bool
	// RefreshInterval is how often the server looks for changes made by
	// other processes; 0 means 100 ms.
	RefreshInterval time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per request: method, route, status,
	// duration and the caller's token ID, never bodies. Nil discards.
	Logger *slog.Logger
	// CheckpointDir, when set, is where the server writes a signed
	// checkpoint of the ledger every CheckpointEvery (0: 10 minutes) and
	// on Close, when the ledger has grown; at start it refuses a ledger
	// that does not extend the latest there.
	CheckpointDir   string
	CheckpointEvery time.Duration
}

// Server serves the verdict API.
type Server struct {
	cfg     Config
	st      store.Store
	eng     *engine.Engine
	mux     *http.ServeMux
	metrics *metrics
	// patterns are the registered route patterns, in order.
	patterns []string
	log      *slog.Logger

	cache    atomic.Pointer[cache]
	verdicts *verdictCache
	rec      *recorder
	ckpt     *checkpointer

	closing  atomic.Bool
	draining atomic.Bool
	// upgraded is set once a newer mamori has migrated the database
	// under this server: its queries and ledger entries would assume the
	// old schema, so it refuses every request but liveness and metrics
	// until it is restarted with the newer binary.
	upgraded atomic.Pointer[problem]
	stop     chan struct{}
	wg       sync.WaitGroup
}

// New makes a server and starts its background work (the decision
// recorder and the change watcher); Close stops it.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Engine == nil || cfg.Catalogs == nil || cfg.Checklist == nil {
		return nil, errors.New("server: store, engine, catalogues and checklist are required")
	}
	if len(cfg.Key) != ed25519.PrivateKeySize {
		return nil, errors.New("server: an Ed25519 signing key is required")
	}
	for _, k := range cfg.RetiredKeys {
		if len(k) != ed25519.PublicKeySize {
			return nil, errors.New("server: a retired key is not an Ed25519 public key")
		}
		if k.Equal(cfg.Key.Public()) {
			return nil, fmt.Errorf("server: retired key %s is the current signing key", attest.KeyID(k))
		}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.VerdictValidFor <= 0 {
		cfg.VerdictValidFor = 365 * 24 * time.Hour
	}
	if cfg.DecisionValidFor <= 0 {
		cfg.DecisionValidFor = 24 * time.Hour
	}
	if cfg.RefreshInterval <= 0 {
		cfg.RefreshInterval = 100 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 10 * time.Minute
	}
	// The gate policies are compiled now: one that does not compile
	// stops the server here, with its file and line, rather than
	// failing every gate call.
	if err := cfg.Engine.PrepareGates(ctx); err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, st: cfg.Store, eng: cfg.Engine, log: cfg.Logger,
		mux:      http.NewServeMux(),
		metrics:  newMetrics(),
		verdicts: newVerdictCache(50_000),
		stop:     make(chan struct{}),
	}
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return nil, err
	}
	s.cache.Store(newCache(gen))
	if s.ckpt, err = newCheckpointer(ctx, s.st, cfg.Key, cfg.RetiredKeys, cfg.CheckpointDir); err != nil {
		return nil, err
	}
	s.rec = newRecorder(s.st, s.metrics.commit)
	s.routes()
	s.wg.Add(1)
	go s.watch()
	if cfg.CheckpointDir != "" {
		s.wg.Add(1)
		go s.checkpoints()
	}
	return s, nil
}

// Routes returns the registered route patterns ("METHOD /path"), for
// checking the OpenAPI description against.
func (s *Server) Routes() []string { return slices.Clone(s.patterns) }

// Handler returns the server's HTTP handler. A path that matches no
// route is a problem+json 404, and a known path with another method a
// problem+json 405 with its Allow header.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern == "" {
			s.mux.ServeHTTP(&problemWriter{ResponseWriter: w}, r)
			return
		}
		s.mux.ServeHTTP(w, r)
	})
}

// problemWriter turns the mux's own plain-text 404 and 405 into
// problem+json, keeping the Allow header.
type problemWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *problemWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	p := errNotFound
	if code == http.StatusMethodNotAllowed {
		p = newProblem(code, "method-not-allowed", "Method not allowed",
			"this path does not take this method; see the Allow header")
	}
	w.Header().Del("Content-Length")
	writeProblem(w.ResponseWriter, p)
}

func (w *problemWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return len(b), nil
}

// Close stops the background work after the recorder has committed
// every decision handed to it, and writes a last checkpoint. The
// caller shuts the HTTP server down first and closes the store after.
func (s *Server) Close() error {
	if s.closing.Swap(true) {
		return nil
	}
	close(s.stop)
	s.wg.Wait()
	if err := s.rec.close(); err != nil {
		return err
	}
	s.writeCheckpoint()
	return nil
}

// SetDraining marks the server as shutting down: /readyz then fails so
// that a load balancer stops sending requests.
func (s *Server) SetDraining() { s.draining.Store(true) }

// watch drops the cache when the store's generation moves, so that
// writes by other processes show within RefreshInterval.
func (s *Server) watch() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.RefreshInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			gen, err := s.st.Generation(ctx)
			cancel()
			if errors.Is(err, store.ErrSchemaTooNew) {
				pr := newProblem(http.StatusServiceUnavailable, "schema-too-new", "Database upgraded",
					"a newer mamori has migrated the database; restart the server with it")
				if s.upgraded.CompareAndSwap(nil, pr) {
					s.log.Error("the database was migrated by a newer mamori: refusing requests until restarted", "err", err)
				}
				continue
			}
			if err != nil {
				s.log.Warn("read generation", "err", err)
				continue
			}
			if c := s.cache.Load(); c.gen != gen {
				s.cache.Store(newCache(gen))
			}
		}
	}
}

// invalidate drops the cache after this process changed the store.
func (s *Server) invalidate(ctx context.Context) {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		gen = -1 // the watcher will replace it
	}
	s.cache.Store(newCache(gen))
}

func (s *Server) now() time.Time { return s.cfg.Now().UTC() }

func (s *Server) today() evidence.Date {
	t := s.now()
	return evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// route registers a handler for a pattern. roles lists the token roles
// that may call it; none means the endpoint is public.
func (s *Server) route(pattern string, h handlerFunc, roles ...string) {
	m := s.metrics.route(pattern)
	s.patterns = append(s.patterns, pattern)
	// Liveness and metrics answer whatever the database's state.
	guarded := pattern != "GET /healthz" && pattern != "GET /metrics"
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w}
		if pr := s.upgraded.Load(); pr != nil && guarded {
			writeProblem(rw, pr)
		} else {
			s.serve(rw, r, h, roles)
		}
		d := time.Since(start)
		m.observe(rw.status(), d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("route", pattern),
			slog.Int("status", rw.status()), slog.Duration("duration", d),
			slog.String("token", rw.token))
	}))
}

// handlerFunc handles an authorised request; a returned error is
// written as problem+json (a *problem as it is, anything else as a 500
// that reveals nothing).
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

func (s *Server) serve(w *statusWriter, r *http.Request, h handlerFunc, roles []string) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "route", r.Pattern, "panic", fmt.Sprint(v))
			if w.code == 0 {
				writeProblem(w, errInternal)
			}
		}
	}()
	var p *principal
	if len(roles) > 0 {
		var err error
		if p, err = s.authenticate(r, roles); err != nil {
			writeProblem(w, err)
			return
		}
		w.token = p.TokenID
	}
	client := r.Context()
	ctx, cancel := context.WithTimeout(client, 2*time.Minute)
	defer cancel()
	r = r.WithContext(ctx)
	if err := h(w, r, p); err != nil {
		if client.Err() != nil && w.code == 0 {
			// The client went away before the answer: there is no one to
			// answer, and it is not the server's error.
			w.code = statusClientClosed
			return
		}
		var pr *problem
		if !errors.As(err, &pr) {
			s.log.Error("handler", "route", r.Pattern, "err", err)
			pr = errInternal
		}
		if w.code == 0 {
			writeProblem(w, pr)
		}
	}
}

// statusClientClosed is the status logged (and counted) for a request
// whose client went away before it was answered, as nginx logs it. It is
// never sent.
const statusClientClosed = 499

// statusWriter records the status code for metrics and logs.
type statusWriter struct {
	http.ResponseWriter
	code  int
	token string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) routes() {
	all := []string{store.RoleCompany, store.RoleAuditor, store.RolePrime, store.RoleGate, store.RoleAdmin}
	s.route("GET /healthz", s.healthz)
	s.route("GET /readyz", s.readyz)
	s.route("GET /metrics", s.serveMetrics)
	s.route("GET /v1/openapi.yaml", s.openapi)
	s.route("GET /v1/keys", s.keys)

	s.route("POST /v1/assessments", s.postAssessment, store.RoleCompany, store.RoleAuditor, store.RoleAdmin)
	s.route("GET /v1/verdicts/{id}", s.getVerdict, store.RoleCompany, store.RoleAuditor, store.RolePrime, store.RoleAdmin)
	s.route("GET /v1/verdicts/{id}/oscal", s.getVerdictOSCAL, store.RoleCompany, store.RoleAuditor, store.RolePrime, store.RoleAdmin)
	s.route("GET /v1/organizations/{org}/verdict", s.getOrgVerdict, store.RoleCompany, store.RoleAuditor, store.RolePrime, store.RoleAdmin)
	s.route("GET /v1/organizations/{org}/report.xlsx", s.getReport, store.RoleCompany, store.RoleAuditor, store.RoleAdmin)
	s.route("POST /v1/sites/{site}/checks", s.postSiteCheck, store.RoleAuditor, store.RoleAdmin)
	s.route("GET /v1/sites/{site}/checks", s.listSiteChecks, store.RoleCompany, store.RoleAuditor, store.RoleAdmin)

	s.route("POST /v1/gate/membership", s.gateHandler(engine.GateMembership), store.RoleGate, store.RoleAdmin)
	s.route("POST /v1/gate/exchange", s.gateHandler(engine.GateExchange), store.RoleGate, store.RoleAdmin)

	s.route("POST /v1/organizations/{org}/suspensions", s.postSuspension, store.RoleAdmin)
	s.route("DELETE /v1/organizations/{org}/suspensions", s.liftSuspension, store.RoleAdmin)
	s.route("GET /v1/organizations/{org}/suspensions", s.listSuspensions, store.RoleAdmin)

	s.route("POST /v1/organizations", s.postOrganization, store.RoleAdmin)
	s.route("GET /v1/organizations", s.listOrganizations, store.RoleAdmin)
	s.route("GET /v1/organizations/{org}", s.getOrganization, store.RoleCompany, store.RoleAdmin)
	s.route("POST /v1/organizations/{org}/sites", s.postSite, store.RoleAdmin)
	s.route("POST /v1/contracts", s.postContract, store.RoleAdmin)
	s.route("GET /v1/contracts/{id}", s.getContract, store.RolePrime, store.RoleAdmin)
	s.route("PUT /v1/auditors/{subject}/sites/{site}", s.putAuditorSite, store.RoleAdmin)
	s.route("POST /v1/registry", s.postRegistry, store.RoleAdmin)
	s.route("GET /v1/supply-chain/{prime}", s.getSupplyChain, store.RolePrime, store.RoleAdmin)
	s.route("GET /v1/ledger/checkpoint", s.getCheckpoint, store.RoleAuditor, store.RoleAdmin)
	s.route("GET /v1/ledger/consistency", s.getConsistency, store.RoleAuditor, store.RoleAdmin)
	s.route("GET /v1/whoami", s.whoami, all...)
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.draining.Load() || s.closing.Load() {
		return newProblem(http.StatusServiceUnavailable, "shutting-down", "Shutting down", "the server is draining")
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.st.Ping(ctx); err != nil {
		return newProblem(http.StatusServiceUnavailable, "store-unavailable", "Store unavailable", "the database does not answer")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ready\n"))
	return err
}

func (s *Server) openapi(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(OpenAPI)
	return err
}

func (s *Server) whoami(w http.ResponseWriter, _ *http.Request, p *principal) error {
	return writeJSON(w, http.StatusOK, p)
}
