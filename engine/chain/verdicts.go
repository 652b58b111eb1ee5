package chain

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Supplied is one verdict offered for a supplier: a signed verdict that
// was verified (Statement set) or could not be (Err set), or a verdict
// the prime computed from the supplier's evidence.
type Supplied struct {
	// File is the envelope or evidence path.
	File   string
	Source string
	// Org and Site identify the supplier. For an envelope that failed
	// verification they are what its unverified payload claims (or,
	// failing that, the file name's stem as Org): used only to say
	// which supplier's verdict was rejected, never for any figure.
	Org, Site string
	// Statement is the verified statement (nil when Err is set).
	Statement *attest.Statement
	KeyID     string
	// Err says why the envelope counts as no verdict.
	Err error
	// Verdict is the full verdict, only for Source == SourceEvidence.
	Verdict *engine.Verdict
}

// ReadVerdicts verifies every *.json file in dir (not recursively) as a
// signed verdict against keys, in parallel. A file that is not a valid
// signed verdict is returned with Err set: it counts as no verdict and
// is never an error. Only an unreadable directory is an error.
func ReadVerdicts(dir string, keys []ed25519.PublicKey) ([]Supplied, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read verdicts: %w", err)
	}
	var files []string
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	out := make([]Supplied, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = readVerdict(files[i], keys)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
}

func readVerdict(file string, keys []ed25519.PublicKey) Supplied {
	s := Supplied{File: file, Source: SourceSignedVerdict}
	b, err := evidence.ReadFile(file, evidence.MaxInputBytes)
	var tooBig *evidence.InputError
	if errors.As(err, &tooBig) {
		err = fmt.Errorf("%w: %w", attest.ErrMalformed, err)
	}
	if err != nil {
		s.Err = err
		s.Org = stem(file)
		return s
	}
	return VerifyVerdict(file, b, keys)
}

// VerifyVerdict verifies one signed verdict (a DSSE envelope) against
// keys.
func VerifyVerdict(file string, data []byte, keys []ed25519.PublicKey) Supplied {
	s := Supplied{File: file, Source: SourceSignedVerdict}
	env, err := attest.ParseEnvelope(data)
	if err == nil {
		s.Statement, err = attest.Verify(env, keys...)
	}
	if err != nil {
		s.Err = err
		s.Org, s.Site = claimed(env)
		if s.Org == "" {
			s.Org = stem(file)
		}
		return s
	}
	s.Org, s.Site = s.Statement.Organization.ID, s.Statement.Site
	for _, k := range keys {
		id := attest.KeyID(k)
		if slices.ContainsFunc(env.Signatures, func(sg attest.Signature) bool { return sg.KeyID == id }) {
			s.KeyID = id
			break
		}
	}
	return s
}

// claimed reads the organisation and site an unverified envelope claims.
func claimed(env *attest.Envelope) (org, site string) {
	if env == nil {
		return "", ""
	}
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		return "", ""
	}
	var st struct {
		Organization struct {
			ID string `json:"id"`
		} `json:"organization"`
		Site string `json:"site_id"`
	}
	if json.NewDecoder(bytes.NewReader(payload)).Decode(&st) != nil {
		return "", ""
	}
	return st.Organization.ID, st.Site
}

func stem(file string) string {
	b := filepath.Base(file)
	b, _, _ = strings.Cut(b, ".")
	return b
}

// FromVerdict is a verdict the prime computed from a supplier's
// evidence, taken as issued at the start of asOf and valid for a year
// (never past its reassessment or closeout date, as a signed verdict).
func FromVerdict(file string, v *engine.Verdict, asOf evidence.Date) Supplied {
	st := attest.StatementFor(v, nil, checkedAt(asOf), 365*24*time.Hour)
	return Supplied{File: file, Source: SourceEvidence, Org: st.Organization.ID, Site: st.Site, Statement: &st, Verdict: v}
}

// problem explains in both languages why an envelope counts as no
// verdict.
func problem(s *Supplied) engine.Text {
	f := filepath.Base(s.File)
	switch {
	case errors.Is(s.Err, attest.ErrBadSignature):
		return engine.Text{
			EN: fmt.Sprintf("%s: bad signature (the verdict was altered after signing, or signed by another key); it counts as no verdict", f),
			JA: fmt.Sprintf("%s: 署名が不正（署名後に改ざんされたか、別の鍵で署名されている）。判定なしとして扱う", f),
		}
	case errors.Is(s.Err, attest.ErrUnknownKey):
		return engine.Text{
			EN: fmt.Sprintf("%s: signed by a key the prime does not trust; it counts as no verdict", f),
			JA: fmt.Sprintf("%s: 信頼されていない鍵で署名されている。判定なしとして扱う", f),
		}
	default:
		return engine.Text{
			EN: fmt.Sprintf("%s: not a valid signed verdict (%v); it counts as no verdict", f, s.Err),
			JA: fmt.Sprintf("%s: 有効な署名付き判定ではない（%v）。判定なしとして扱う", f, s.Err),
		}
	}
}
