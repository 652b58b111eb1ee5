package server_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
)

// crashChildEnv names the database a re-executed test binary serves
// until it is killed.
const crashChildEnv = "MAMORI_SERVER_CRASH_CHILD"

func TestMain(m *testing.M) {
	if file := os.Getenv(crashChildEnv); file != "" {
		os.Exit(crashChild(file))
	}
	os.Exit(m.Run())
}

// crashChild serves the database and prints its address.
func crashChild(file string) int {
	ctx := context.Background()
	t := &testing.T{}
	eng, cats, cl := shared(t)
	st, err := store.Open(ctx, file, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	srv, err := server.New(ctx, server.Config{Store: st, Engine: eng, Catalogs: cats, Checklist: cl,
		Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32)), CheckpointDir: file + ".checkpoints", CheckpointEvery: 50 * time.Millisecond})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println(ln.Addr().String())
	return exitCode(http.Serve(ln, srv.Handler()))
}

func exitCode(err error) int {
	fmt.Fprintln(os.Stderr, err)
	return 2
}

// TestCrashLosesNothingAcknowledged runs the service in a child process,
// sends it a stream of submissions and gate requests from several
// clients, kills it with SIGKILL while requests are in flight, and
// checks that every verdict and decision whose 2xx reached a client is
// in the database and that the ledger verifies.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test re-executes the test binary")
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "mamori.db")
	st, err := store.Open(ctx, file, store.Options{})
	require.NoError(t, err)
	reg, err := server.ParseRegistry("registry.yaml", []byte(testRegistry))
	require.NoError(t, err)
	_, err = server.ApplyRegistry(ctx, st, "registry.yaml", reg)
	require.NoError(t, err)
	_, company, err := st.CreateToken(ctx, store.Token{Subject: "kobayashi-it", Role: store.RoleCompany, OrgID: "kobayashi-electronics"})
	require.NoError(t, err)
	_, gate, err := st.CreateToken(ctx, store.Token{Subject: "dsg", Role: store.RoleGate})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	addr, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "child: %s", stderr.String())
	base := "http://" + strings.TrimSpace(addr)

	ct, body := exampleMultipart(t, "kobayashi-electronics")
	gateBody := []byte(`{"org":"kobayashi-electronics","site":"okaya-design","contract":"C-2026-014"}`)
	var (
		mu        sync.Mutex
		verdicts  []string
		decisions []string
		stop      = make(chan struct{})
		wg        sync.WaitGroup
	)
	client := &http.Client{Timeout: 30 * time.Second}
	post := func(path, token, ctype string, b []byte) (string, bool) {
		req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", ctype)
		resp, err := client.Do(req)
		if err != nil {
			return "", false // the server died: not acknowledged
		}
		defer resp.Body.Close()
		rb, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode/100 != 2 {
			return "", false
		}
		var v struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(rb, &v) != nil || v.ID == "" {
			return "", false
		}
		return v.ID, true
	}
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if i < 2 {
					if id, ok := post("/v1/assessments", company, ct, body); ok {
						mu.Lock()
						verdicts = append(verdicts, id)
						mu.Unlock()
					} else {
						return
					}
				} else if id, ok := post("/v1/gate/exchange", gate, "application/json", gateBody); ok {
					mu.Lock()
					decisions = append(decisions, id)
					mu.Unlock()
				} else {
					return
				}
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n, d := len(verdicts), len(decisions)
		mu.Unlock()
		if n >= 40 && d >= 200 {
			break
		}
		require.True(t, time.Now().Before(deadline), "too slow: %d verdicts, %d decisions; child: %s", n, d, stderr.String())
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	close(stop)
	wg.Wait()
	require.Error(t, cmd.Wait(), "the child must die by SIGKILL")

	st, err = store.Open(ctx, file, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	lostVerdicts := 0
	for _, id := range verdicts {
		if _, err := st.GetVerdict(ctx, id); !assert.NoError(t, err, "acknowledged verdict %s lost", id) {
			lostVerdicts++
		}
	}
	// A gate decision is kept in its ledger entry, with its ID in the
	// subject and the signed decision as the record.
	entries, err := st.LedgerEntries(ctx)
	require.NoError(t, err)
	have := map[string]bool{}
	for _, e := range entries {
		if e.Kind != store.KindGateDecision {
			continue
		}
		for _, f := range strings.Fields(e.Subject) {
			if id, ok := strings.CutPrefix(f, "decision:"); ok && len(e.Record) > 0 {
				have[id] = true
			}
		}
	}
	found := len(have)
	lostDecisions := 0
	for _, id := range decisions {
		if !assert.True(t, have[id], "acknowledged gate decision %s lost", id) {
			lostDecisions++
		}
	}
	// The checkpoints the child signed while it ran: the ledger after
	// the crash extends every one.
	files, err := filepath.Glob(file + ".checkpoints/*.checkpoint")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var cps []store.Checkpoint
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		cp, err := store.OpenCheckpoint(b, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32)).Public().(ed25519.PublicKey))
		require.NoError(t, err)
		cps = append(cps, cp)
	}
	rep, err := st.VerifyLedger(ctx, cps...)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Problem)
	t.Logf("acknowledged before SIGKILL: %d verdicts, %d gate decisions; lost: %d verdicts, %d decisions; "+
		"after reopening: %d decisions, %d ledger entries, extending the %d checkpoints signed before the kill",
		len(verdicts), len(decisions), lostVerdicts, lostDecisions, found, rep.Entries, len(cps))
}
