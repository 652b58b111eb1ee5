package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

// parseValidity parses a validity period: a Go duration ("720h") or a
// number of days ("365d").
func parseValidity(s string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: expected a number of days such as 365d, or a Go duration such as 720h", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("invalid duration %q: expected a number of days such as 365d, or a Go duration such as 720h", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("invalid duration %q: must be positive", s)
	}
	return d, nil
}

// readSigningKey reads the PKCS#8 PEM Ed25519 private key for --sign.
func readSigningKey(file string) (ed25519.PrivateKey, error) {
	b, err := evidence.ReadFile(file, evidence.MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("--sign: %w", err)
	}
	key, err := attest.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("--sign %s: %w", file, err)
	}
	return key, nil
}

// writeSigned writes the DSSE envelope for verdict v to file: the
// statement that summarises it, bound to the SHA-256 of its JSON
// rendering (what "mamori assess --format json" prints), signed with
// key, and returns the statement.
func writeSigned(s *streams, file string, key ed25519.PrivateKey, validFor time.Duration, now time.Time, v *engine.Verdict, cat *engine.Catalog) (*attest.Statement, error) {
	var full bytes.Buffer
	if err := reports.NewText(reports.FormatJSON, engine.LangEN, cat).Write(&full, v); err != nil {
		return nil, err
	}
	st := attest.StatementFor(v, full.Bytes(), now, validFor)
	env, err := attest.Sign(st, key)
	if err != nil {
		return nil, err
	}
	err = writeOutput(s, file, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(env)
	})
	return &st, err
}
