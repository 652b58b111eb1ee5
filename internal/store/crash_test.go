package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashChildEnv names the database a re-executed test binary appends
// verdicts to until it is killed.
const crashChildEnv = "MAMORI_STORE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if file := os.Getenv(crashChildEnv); file != "" {
		os.Exit(crashChild(file))
	}
	os.Exit(m.Run())
}

// crashChild appends verdicts in a loop and prints each ID after its
// transaction commits: a printed ID is an acknowledged write.
func crashChild(file string) int {
	ctx := context.Background()
	s, err := Open(ctx, file, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for i := 0; ; i++ {
		v := testVerdict("sato", "sato-1", time.Now())
		v.ID = fmt.Sprintf("v_crash_%06d", i)
		if _, err := s.CreateVerdict(ctx, v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if _, err := fmt.Fprintln(os.Stdout, v.ID); err != nil {
			return 2
		}
	}
}

func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test re-executes the test binary")
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "mamori.db")
	s, err := Open(ctx, file, Options{})
	require.NoError(t, err)
	seed(t, s, "sato", "sato-1")
	require.NoError(t, s.Close())

	const acks = 200
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var acked []string
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		acked = append(acked, sc.Text())
		if len(acked) == acks && !killed {
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			killed = true
		}
	}
	waitErr := cmd.Wait()
	require.True(t, killed, "child ended early: %v %s", waitErr, stderr.String())
	require.Error(t, waitErr, "child must die by SIGKILL")
	require.GreaterOrEqual(t, len(acked), acks)

	s, err = Open(ctx, file, Options{})
	require.NoError(t, err)
	defer s.Close()
	for _, id := range acked {
		_, err := s.GetVerdict(ctx, id)
		require.NoError(t, err, "acknowledged verdict %s lost", id)
	}
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Problem)
	assert.GreaterOrEqual(t, rep.Entries, int64(len(acked)))
	t.Logf("%d acknowledged before SIGKILL, %d ledger entries after reopening", len(acked), rep.Entries)
}
