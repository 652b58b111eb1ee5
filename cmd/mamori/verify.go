package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

type verifyOptions struct {
	File   string
	Keys   []string
	Output string

	// now is the clock that decides expiry; default time.Now.
	now func() time.Time
}

func newVerifyCmd(g *globalOptions, s *streams, runF func(context.Context, *verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify FILE --key PUB [--key PUB...]",
		Short: "Verify a signed verdict or gate decision offline",
		Long: `Verify checks a signed verdict (a DSSE envelope written by "mamori assess
--sign") against one or more public keys made by "mamori key create", without
any network access, and prints what it asserts: the organisation, site,
decision, DoD score, CMMC status, validity and the key that signed it.

Exit codes: 0 the signature is good and the statement is valid now; 1 the
signature is good but the statement has expired; 2 the signature or payload is
bad, the key is unknown, or the file cannot be read. An unsigned or altered
verdict must be treated as no verdict.

A signed gate decision (the "signed" member of a "mamori serve" gate answer,
saved to a file; the server's key is at /v1/keys) is verified the same way:
exit 0 for an allow that is still valid, 1 for a deny or an expired allow.`,
		Example: `  $ mamori verify verdict.dsse.json --key signing.pub
  $ mamori verify verdict.dsse.json --key old.pub --key new.pub --output json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if len(opts.Keys) == 0 {
				return flagErrorf("--key PUB is required")
			}
			if opts.Output != reports.FormatTable && opts.Output != reports.FormatJSON {
				return flagErrorf("invalid --output %q: valid values are [table json]", opts.Output)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runVerify(s, opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Keys, "key", nil, "trusted public key `PUB` (PEM; repeatable)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", reports.FormatTable, "output format: [table json]")
	return cmd
}

// verifyResult is the JSON form of a verification.
type verifyResult struct {
	File      string            `json:"file"`
	Valid     bool              `json:"valid"`
	Expired   bool              `json:"expired"`
	KeyID     string            `json:"key_id"`
	CheckedAt time.Time         `json:"checked_at"`
	Statement *attest.Statement `json:"statement"`
}

func runVerify(s *streams, opts *verifyOptions) error {
	now := time.Now
	if opts.now != nil {
		now = opts.now
	}
	keys, err := attest.ReadPublicKeys(opts.Keys...)
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	b, err := evidence.ReadFile(opts.File, evidence.MaxInputBytes)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	env, err := attest.ParseEnvelope(b)
	if err != nil {
		return fmt.Errorf("verify %s: not a signed verdict: %w", opts.File, err)
	}
	if env.PayloadType == attest.DecisionPayloadType {
		return verifyDecision(s, opts, env, keys, now)
	}
	st, err := attest.Verify(env, keys...)
	if err != nil {
		return fmt.Errorf("verify %s: %w; treat it as no verdict", opts.File, err)
	}
	keyID := signedKeyID(env, keys)
	at := now().UTC().Truncate(time.Second)
	res := verifyResult{
		File: opts.File, KeyID: keyID, CheckedAt: at, Statement: st,
		Expired: !at.Before(st.ValidUntil) || at.Before(st.ValidFrom),
	}
	res.Valid = !res.Expired
	if opts.Output == reports.FormatJSON {
		if err := writeIndentedJSON(s.Out, res); err != nil {
			return err
		}
	} else {
		writeVerifyTable(s, &res)
	}
	if res.Expired {
		if at.Before(st.ValidFrom) {
			fmt.Fprintf(s.Err, "mamori: %s: the signature is good but the statement is not valid until %s\n", opts.File, st.ValidFrom.Format(time.RFC3339))
		} else {
			fmt.Fprintf(s.Err, "mamori: %s: the signature is good but the statement expired at %s\n", opts.File, st.ValidUntil.Format(time.RFC3339))
		}
		return errFindings
	}
	return nil
}

func writeVerifyTable(s *streams, r *verifyResult) {
	st := r.Statement
	tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	status := "VALID"
	if r.Expired {
		status = "EXPIRED"
	}
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Signature", "good (key "+r.KeyID+")")
	row("Status", status)
	row("Organisation", fmt.Sprintf("%s (%s)", st.Organization.Name, st.Organization.ID))
	site := st.Site
	if site == "" {
		site = "-"
	}
	row("Site", site)
	decision := "not ready"
	if st.Decision.Ready {
		decision = "ready"
	}
	row("Decision", decision)
	score := "NO_SCORE"
	if st.Decision.DoDScore != nil {
		score = fmt.Sprintf("%d / 110", *st.Decision.DoDScore)
	}
	row("DoD score", score)
	cmmc := strings.ToUpper(st.Decision.CMMCStatus)
	if st.Decision.CMMCStatus == engine.CMMCConditional && st.Decision.CloseoutDue != nil {
		cmmc += " (closeout " + *st.Decision.CloseoutDue + ")"
	}
	row("CMMC Level 2", cmmc)
	row("Assessment", fmt.Sprintf("%s by %s on %s (auditor verified: %t)", st.Assessment.Type, st.Assessment.Assessor, st.Assessment.Date, st.AuditorVerified))
	row("Catalogue", st.Catalog.ID+" "+st.Catalog.Version)
	row("Issued", st.IssuedAt.Format(time.RFC3339))
	row("Valid until", st.ValidUntil.Format(time.RFC3339))
	row("Verdict SHA-256", st.VerdictSHA256)
	tw.Flush()
}

// decisionResult is the JSON form of a verified gate decision.
type decisionResult struct {
	File      string                    `json:"file"`
	Valid     bool                      `json:"valid"`
	Expired   bool                      `json:"expired"`
	KeyID     string                    `json:"key_id"`
	CheckedAt time.Time                 `json:"checked_at"`
	Statement *attest.DecisionStatement `json:"statement"`
}

// verifyDecision verifies a signed gate decision (from "mamori serve").
// An allow is valid until its valid_until; a deny is a record, never
// valid for access.
func verifyDecision(s *streams, opts *verifyOptions, env *attest.Envelope, keys []ed25519.PublicKey, now func() time.Time) error {
	st, err := attest.VerifyDecision(env, keys...)
	if err != nil {
		return fmt.Errorf("verify %s: %w; treat it as no decision", opts.File, err)
	}
	at := now().UTC().Truncate(time.Second)
	res := decisionResult{File: opts.File, KeyID: signedKeyID(env, keys), CheckedAt: at, Statement: st,
		Expired: !at.Before(st.ValidUntil)}
	res.Valid = !res.Expired
	if opts.Output == reports.FormatJSON {
		if err := writeIndentedJSON(s.Out, res); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
		row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
		status := "VALID"
		switch {
		case st.Decision != "allow":
			status = "DENIED (a record of the refusal; it grants nothing)"
		case res.Expired:
			status = "EXPIRED"
		}
		row("Signature", "good (key "+res.KeyID+")")
		row("Status", status)
		row("Gate decision", st.Gate+" "+strings.ToUpper(st.Decision)+" ("+st.ID+")")
		row("Organisation", st.Organization)
		row("Site", st.Site)
		if st.Contract != "" {
			row("Contract", st.Contract)
		}
		for _, r := range st.Reasons {
			row("Reason", r)
		}
		row("Verdict", st.VerdictID+" (SHA-256 "+st.VerdictSHA256+")")
		row("Catalogue", st.Catalog.ID+" "+st.Catalog.Version)
		row("Issued", st.IssuedAt.Format(time.RFC3339))
		row("Valid until", st.ValidUntil.Format(time.RFC3339))
		tw.Flush()
	}
	if st.Decision != "allow" {
		fmt.Fprintf(s.Err, "mamori: %s: the signature is good; the decision is %s\n", opts.File, st.Decision)
		return errFindings
	}
	if res.Expired {
		fmt.Fprintf(s.Err, "mamori: %s: the signature is good but the decision expired at %s\n", opts.File, st.ValidUntil.Format(time.RFC3339))
		return errFindings
	}
	return nil
}

// signedKeyID is the ID of the given key that signed the envelope.
func signedKeyID(env *attest.Envelope, keys []ed25519.PublicKey) string {
	for _, k := range keys {
		id := attest.KeyID(k)
		if slices.ContainsFunc(env.Signatures, func(sg attest.Signature) bool { return sg.KeyID == id }) {
			return id
		}
	}
	return ""
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
