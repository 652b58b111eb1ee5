package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
)

// say tells the user, on standard error and in their language, what a
// command has written and what to do next: standard output stays the
// command's result, clean for pipes.
func say(s *streams, lang, key string, args ...any) {
	fmt.Fprintln(s.Err, i18n.T(lang, key, args...))
}

// verdictExit is the exit for a verdict once its output is written:
// errFindings (exit 1) when it is not ready.
func verdictExit(v *engine.Verdict) error {
	if !v.Ready {
		return errFindings
	}
	return nil
}

// verdictDone is verdictExit for a command that has said what it wrote:
// on exit 1 it adds that the command itself succeeded.
func verdictDone(s *streams, lang string, v *engine.Verdict) error {
	if v.Ready {
		return nil
	}
	say(s, lang, "cli.done.exit_gaps")
	return errFindings
}

// decisionText is the verdict's decision as a person reads it.
func decisionText(lang string, ready bool) string {
	if ready {
		return i18n.T(lang, "verdict.ready")
	}
	return i18n.T(lang, "verdict.not_ready")
}

// scoreText is a DoD score as a person reads it: "-103" or NO_SCORE's
// words.
func scoreText(lang string, score *int) string {
	if score == nil {
		return i18n.T(lang, "score.none")
	}
	return strconv.Itoa(*score)
}

// writeOutput writes a verdict to standard output, or, with a file
// name, to a temporary file in the same directory that is renamed into
// place once complete: a failure leaves nothing half-written. Files are
// created 0600 because verdicts show a company's weaknesses.
func writeOutput(s *streams, file string, write func(io.Writer) error) error {
	if file == "" {
		return write(s.Out)
	}
	return writeFileAtomic(file, 0o600, write)
}

// writeFileAtomic writes file, with the given mode, through a temporary
// file and a rename.
func writeFileAtomic(file string, mode os.FileMode, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
