package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/reports"
)

type serveOptions struct {
	Addr             string
	DB               string
	KeyFile          string
	RetiredKeys      []string
	MaxBody          int64
	TLSCert, TLSKey  string
	ClientCA         string
	VerdictValidFor  string
	DecisionValidFor string
	ParamsFile       string
	CloudRegistry    string
	LogFormat        string
	ShutdownTimeout  time.Duration
	CheckpointDir    string
	CheckpointEvery  time.Duration
}

func newServeCmd(g *globalOptions, s *streams, runF func(context.Context, *serveOptions) error) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--db FILE] [--key FILE]",
		Short: "Serve verdicts and gate decisions over HTTP",
		Long: `Serve runs the verdict service: the HTTP API (/v1, described by
/v1/openapi.yaml) that DSG membership gating and the information exchange ask
whether an organisation's site may join, and may receive a contract's
protected information now. Companies submit evidence, auditors upload site
checklists, the Ministry suspends organisations, and every verdict and gate
decision is signed and recorded in a hash-chained ledger.

The database (SQLite, created if missing) and the signing key (created with
mode 0600 if missing, its public key beside it as .pub) are the only state.
After a key rotation, pass the old public keys with --retired-key: /v1/keys
serves them as retired, so that what they signed still verifies.
Create API tokens with "mamori token create" and register organisations,
sites, contracts and auditors with "mamori admin import". With
--cloud-registry, every assessment checks the cloud services the evidence
declares against that registry, read once at start.

SIGTERM or SIGINT stops accepting requests, finishes those in flight and
commits every decision before exiting.

Every --checkpoint-every, and on shutdown, the server signs a checkpoint of
the ledger into --checkpoint-dir (by default beside the database); copy them
where whoever can write to the database cannot (see "mamori audit
checkpoint"). It refuses to start on a ledger that does not extend the latest
there, and serves the current one at GET /v1/ledger/checkpoint.`,
		Example: `  $ mamori admin import registry.yaml --db mamori.db
  $ mamori token create --db mamori.db --role gate --subject dsg-gateway
  $ mamori serve --db mamori.db --addr 127.0.0.1:8080
  $ mamori serve --key server-2027.key --retired-key server-2026.pub
  $ mamori serve --tls-cert server.crt --tls-key server.key --client-ca gateways.crt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.DB == "" || opts.KeyFile == "" {
				return flagErrorf("--db and --key must not be empty")
			}
			if (opts.TLSCert == "") != (opts.TLSKey == "") {
				return flagErrorf("--tls-cert and --tls-key go together")
			}
			if opts.ClientCA != "" && opts.TLSCert == "" {
				return flagErrorf("--client-ca needs --tls-cert and --tls-key")
			}
			if opts.MaxBody <= 0 {
				return flagErrorf("invalid --max-body %d: must be positive", opts.MaxBody)
			}
			if opts.CheckpointEvery < 0 {
				return flagErrorf("invalid --checkpoint-every %s: must not be negative", opts.CheckpointEvery)
			}
			if opts.LogFormat != "text" && opts.LogFormat != "json" {
				return flagErrorf("invalid --log-format %q: valid values are [text json]", opts.LogFormat)
			}
			for _, v := range []string{opts.VerdictValidFor, opts.DecisionValidFor} {
				if _, err := parseValidity(v); err != nil {
					return flagErrorf("%v", err)
				}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runServe(cmd.Context(), g, s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
	f.StringVar(&opts.DB, "db", "./mamori.db", "the SQLite database `FILE`")
	f.StringVar(&opts.KeyFile, "key", "./mamori-server.key", "the Ed25519 signing key `FILE` (PKCS#8 PEM), created if missing")
	f.StringArrayVar(&opts.RetiredKeys, "retired-key", nil, "a public key `FILE` (PEM) the server signed with before; served at /v1/keys as retired (repeatable)")
	f.Int64Var(&opts.MaxBody, "max-body", server.DefaultMaxBody, "request body limit in `BYTES`")
	f.StringVar(&opts.TLSCert, "tls-cert", "", "serve HTTPS with this certificate `FILE` (PEM)")
	f.StringVar(&opts.TLSKey, "tls-key", "", "the TLS private key `FILE` (PEM)")
	f.StringVar(&opts.ClientCA, "client-ca", "", "require gate tokens to come with a client certificate signed by a CA in `FILE` (mTLS)")
	f.StringVar(&opts.VerdictValidFor, "verdict-valid-for", "365d", "validity of signed verdicts (capped by CMMC dates)")
	f.StringVar(&opts.DecisionValidFor, "decision-valid-for", "24h", "validity of signed allow decisions (capped by the verdict's)")
	f.StringVar(&opts.ParamsFile, "params", "", "override assessment thresholds with a YAML or JSON `FILE`")
	f.StringVar(&opts.CloudRegistry, "cloud-registry", "", cloudRegistryUsage+"; read at start")
	f.StringVar(&opts.LogFormat, "log-format", "text", "request log format on stderr: [text json]")
	f.DurationVar(&opts.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "how long to wait for requests in flight on shutdown")
	f.StringVar(&opts.CheckpointDir, "checkpoint-dir", "", "write signed ledger checkpoints to `DIR` (default: the database's name with .checkpoints)")
	f.DurationVar(&opts.CheckpointEvery, "checkpoint-every", 10*time.Minute, "sign a checkpoint at this interval when the ledger has grown")
	return cmd
}

func runServe(ctx context.Context, g *globalOptions, s *streams, opts *serveOptions) error {
	verdictValid, _ := parseValidity(opts.VerdictValidFor)
	decisionValid, _ := parseValidity(opts.DecisionValidFor)
	params, err := readParams(opts.ParamsFile)
	if err != nil {
		return err
	}
	reg, err := readCloudRegistry(opts.CloudRegistry, s.Err)
	if err != nil {
		return err
	}
	key, created, err := loadOrCreateKey(opts.KeyFile)
	if err != nil {
		return err
	}
	retired, err := readRetiredKeys(opts.RetiredKeys, key)
	if err != nil {
		return err
	}
	eng, err := g.engineWithCloud(ctx, params, reg)
	if err != nil {
		return err
	}
	sp, err := engine.LoadCatalog(g.controlsFS(), reports.SP80053Catalog)
	if err != nil {
		return fmt.Errorf("load catalogue: %w", err)
	}
	cats, err := engine.NewCatalogs(eng.Catalog(), sp)
	if err != nil {
		return err
	}
	cl, err := loadChecklist("", eng.Catalog())
	if err != nil {
		return err
	}
	// Short, frequent WAL checkpoints: with SQLite's default of 1,000
	// pages the gates' p99 was 5.3–5.8 ms at 10 connections, with 200 it
	// was 4.8–5.1 ms (bench/verdict-service.sh).
	st, err := store.Open(ctx, opts.DB, store.Options{MaxEvidence: opts.MaxBody, CheckpointPages: 200})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := os.Chmod(opts.DB, 0o600); err != nil {
		return err
	}

	// Request logs are buffered and flushed every 100 ms (and on
	// shutdown): a busy gate would otherwise make a write call per request.
	logOut := newFlushWriter(s.Err, 100*time.Millisecond)
	defer logOut.Close()
	var handler slog.Handler = slog.NewTextHandler(logOut, nil)
	if opts.LogFormat == "json" {
		handler = slog.NewJSONHandler(logOut, nil)
	}
	logger := slog.New(handler)
	srv, err := server.New(ctx, server.Config{
		Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: key, RetiredKeys: retired, MaxBody: opts.MaxBody,
		VerdictValidFor: verdictValid, DecisionValidFor: decisionValid, GateClientCert: opts.ClientCA != "",
		Logger: logger, CheckpointDir: checkpointDir(opts), CheckpointEvery: opts.CheckpointEvery,
	})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      3 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	scheme := "http"
	if opts.TLSCert != "" {
		scheme = "https"
		hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		if opts.ClientCA != "" {
			pem, err := evidence.ReadFile(opts.ClientCA, evidence.MaxInputBytes)
			if err != nil {
				return fmt.Errorf("--client-ca: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return fmt.Errorf("--client-ca %s: no PEM certificates found", opts.ClientCA)
			}
			hs.TLSConfig.ClientCAs = pool
			hs.TLSConfig.ClientAuth = tls.VerifyClientCertIfGiven
		}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	pub := key.Public().(ed25519.PublicKey)
	if created {
		fmt.Fprintf(logOut, "mamori serve: created signing key %s (public key %s.pub)\n", opts.KeyFile, trimExt(opts.KeyFile))
	}
	fmt.Fprintf(s.Out, "mamori serve: listening on %s://%s (database %s, key %s)\n", scheme, ln.Addr(), opts.DB, attest.KeyID(pub))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if opts.TLSCert != "" {
			errc <- hs.ServeTLS(ln, opts.TLSCert, opts.TLSKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(logOut, "mamori serve: shutting down")
	srv.SetDraining()
	sctx, cancel := context.WithTimeout(context.Background(), opts.ShutdownTimeout)
	defer cancel()
	shutErr := hs.Shutdown(sctx)
	if err := srv.Close(); err != nil {
		return err
	}
	if shutErr != nil && !errors.Is(shutErr, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", shutErr)
	}
	return nil
}

// checkpointDir is --checkpoint-dir, or the database's name with
// .checkpoints.
func checkpointDir(opts *serveOptions) string {
	if opts.CheckpointDir != "" {
		return opts.CheckpointDir
	}
	return opts.DB + ".checkpoints"
}

// loadOrCreateKey reads the server's signing key, or creates it (mode
// 0600) with its public key beside it.
func loadOrCreateKey(file string) (ed25519.PrivateKey, bool, error) {
	b, err := evidence.ReadFile(file, evidence.MaxInputBytes)
	if err == nil {
		k, err := attest.ParsePrivateKey(b)
		if err != nil {
			return nil, false, fmt.Errorf("--key %s: %w", file, err)
		}
		return k, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("--key: %w", err)
	}
	pub, priv, err := attest.GenerateKey()
	if err != nil {
		return nil, false, err
	}
	privPEM, err := attest.MarshalPrivateKey(priv)
	if err != nil {
		return nil, false, err
	}
	pubPEM, err := attest.MarshalPublicKey(pub)
	if err != nil {
		return nil, false, err
	}
	if err := writeNewFile(file, privPEM, 0o600); err != nil {
		return nil, false, err
	}
	if err := writeFileAtomic(trimExt(file)+".pub", 0o644, func(w io.Writer) error {
		_, err := w.Write(pubPEM)
		return err
	}); err != nil {
		return nil, false, err
	}
	return priv, true, nil
}

// readRetiredKeys reads the public keys of --retired-key, none of which
// may be the current signing key's.
func readRetiredKeys(files []string, current ed25519.PrivateKey) ([]ed25519.PublicKey, error) {
	keys, err := attest.ReadPublicKeys(files...)
	if err != nil {
		return nil, fmt.Errorf("--retired-key: %w", err)
	}
	for i, k := range keys {
		if k.Equal(current.Public()) {
			return nil, fmt.Errorf("--retired-key %s: this is the current signing key's public key, not a retired one", files[i])
		}
	}
	return keys, nil
}

func trimExt(file string) string {
	return strings.TrimSuffix(file, filepath.Ext(file))
}

// flushWriter buffers writes and flushes them at an interval.
type flushWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newFlushWriter(w io.Writer, every time.Duration) *flushWriter {
	f := &flushWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-f.stop:
				return
			case <-t.C:
				f.mu.Lock()
				f.w.Flush()
				f.mu.Unlock()
			}
		}
	}()
	return f
}

func (f *flushWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(p)
}

// Close stops the flusher and flushes what is left.
func (f *flushWriter) Close() error {
	close(f.stop)
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Flush()
}
