package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

type verifyOptions struct {
	File   string
	Keys   []string
	Format string
	Lang   string

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
any network access, and prints what it asserts: the signature and the key that
made it, the validity window, then the decision on its own line (ready or not
ready, with the conformance count), the organisation, site, DoD score, CMMC
status and who determined the objectives.

The exit status is about the signature, not about what the verdict says:
0 the signature is good and the statement is within its validity window,
whatever its decision (a signed "not ready" verdict verifies: read its
Decision line, or "decision" in --format json); 1 the signature is good but
the statement has expired (or is not valid yet); 2 the signature or payload
is bad, the key is unknown, or the file cannot be read. An unsigned or
altered verdict must be treated as no verdict.

A signed gate decision (the "signed" member of a "mamori serve" gate answer,
saved to a file; the server's key is at /v1/keys) is verified the same way:
exit 0 for a good signature, whether the decision is allow or deny (a deny is
a record of the refusal and grants nothing); 1 for an allow past its
valid_until.`,
		Example: `  $ mamori verify verdict.dsse.json --key signing.pub
  $ mamori verify verdict.dsse.json --key old.pub --key new.pub --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if len(opts.Keys) == 0 {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required", "--key PUB"))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runVerify(s, opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Keys, "key", nil, "trusted public key `PUB` (PEM; repeatable)")
	addFormatFlag(cmd, &opts.Format, reports.FormatTable, reports.FormatJSON)
	addLangFlag(cmd, &opts.Lang, "language of the table and messages")
	return cmd
}

// Decisions of a verified verdict, in verifyResult.Decision.
const (
	decisionReady    = "ready"
	decisionNotReady = "not_ready"
)

// verifyResult is the JSON form of a verification.
type verifyResult struct {
	File string `json:"file"`
	// Valid is true when the signature is good and the statement is
	// within its validity window, whatever its decision.
	Valid   bool `json:"valid"`
	Expired bool `json:"expired"`
	// Decision is what the verdict says: ready or not_ready.
	Decision  string            `json:"decision"`
	KeyID     string            `json:"key_id"`
	CheckedAt time.Time         `json:"checked_at"`
	Statement *attest.Statement `json:"statement"`
}

func runVerify(s *streams, opts *verifyOptions) error {
	now := time.Now
	if opts.now != nil {
		now = opts.now
	}
	lang := opts.Lang
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
		return errors.New(i18n.T(lang, "verify.not_signed", opts.File, err))
	}
	if env.PayloadType == attest.DecisionPayloadType {
		return verifyDecision(s, opts, env, keys, now)
	}
	st, err := attest.Verify(env, keys...)
	if err != nil {
		return errors.New(i18n.T(lang, "verify.bad", opts.File, err))
	}
	at := now().UTC().Truncate(time.Second)
	res := verifyResult{
		File: opts.File, KeyID: signedKeyID(env, keys), CheckedAt: at, Statement: st,
		Expired: !at.Before(st.ValidUntil) || at.Before(st.ValidFrom), Decision: decisionNotReady,
	}
	res.Valid = !res.Expired
	if st.Decision.Ready {
		res.Decision = decisionReady
	}
	if opts.Format == reports.FormatJSON {
		if err := writeIndentedJSON(s.Out, res); err != nil {
			return err
		}
	} else if err := writeVerifyTable(s.Out, lang, &res); err != nil {
		return err
	}
	if res.Expired {
		if at.Before(st.ValidFrom) {
			say(s, lang, "verify.not_yet", opts.File, st.ValidFrom.Format(time.RFC3339))
		} else {
			say(s, lang, "verify.expired", opts.File, st.ValidUntil.Format(time.RFC3339))
		}
		return errFindings
	}
	return nil
}

// verifyRows is a two-column table of labels and values.
type verifyRows struct {
	lang string
	t    *reports.Table
}

func (r verifyRows) row(key, value string) { r.t.Row(i18n.T(r.lang, key), value) }

func writeVerifyTable(w io.Writer, lang string, r *verifyResult) error {
	st := r.Statement
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	rows := verifyRows{lang, reports.NewTable()}
	rows.row("verify.signature", t("verify.signature.good", r.KeyID))
	validity := t("verify.validity.valid", st.ValidFrom.Format(time.RFC3339), st.ValidUntil.Format(time.RFC3339))
	switch {
	case r.CheckedAt.Before(st.ValidFrom):
		validity = t("verify.validity.not_yet", st.ValidFrom.Format(time.RFC3339))
	case r.Expired:
		validity = t("verify.validity.expired", st.ValidUntil.Format(time.RFC3339))
	}
	rows.row("verify.validity", validity)
	rows.row("verify.decision", decisionText(lang, st.Decision.Ready))
	c := st.Decision.Conformance
	rows.row("verify.conformance", fmt.Sprintf("%s %d · %s %d · %s %d · %s %d (/ %d)",
		engine.JPImplemented, c.Implemented, engine.JPNotImplemented, c.NotImplemented,
		engine.JPNotApplicable, c.NotApplicable, engine.JPNotAssessed, c.NotAssessed, c.Total))
	rows.row("verify.organisation", fmt.Sprintf("%s (%s)", st.Organization.Name, st.Organization.ID))
	rows.row("verify.site", dash(st.Site))
	score := t("score.none")
	if st.Decision.DoDScore != nil {
		score = fmt.Sprintf("%d / 110", *st.Decision.DoDScore)
	}
	rows.row("verify.score", score)
	cmmc := i18n.Code(lang, "cmmc", st.Decision.CMMCStatus)
	if st.Decision.CMMCStatus == engine.CMMCConditional && st.Decision.CloseoutDue != nil {
		cmmc = t("verify.cmmc.closeout", cmmc, *st.Decision.CloseoutDue)
	}
	rows.row("verify.cmmc", cmmc)
	rows.row("verify.assessment", t("verify.assessment.value", i18n.Code(lang, "assessment", st.Assessment.Type),
		st.Assessment.Assessor, st.Assessment.Date))
	if d := st.Assessment.DeterminedBy; d != nil {
		rows.row("verify.determined_by", determinedByText(lang, d.Self, d.Prime, d.Auditor))
	}
	rows.row("verify.auditor_verified", i18n.Code(lang, "bool", strconv.FormatBool(st.AuditorVerified)))
	rows.row("verify.catalogue", st.Catalog.ID+" "+st.Catalog.Version)
	rows.row("verify.issued", st.IssuedAt.Format(time.RFC3339))
	rows.row("verify.verdict_sha256", st.VerdictSHA256)
	_, err := rows.t.WriteTo(w)
	return err
}

// determinedByText counts the objectives each kind of assessor
// determined, in lang's words.
func determinedByText(lang string, self, prime, auditor int) string {
	return fmt.Sprintf("%s %d · %s %d · %s %d",
		i18n.Code(lang, "assessor", evidence.AssessmentSelf), self,
		i18n.Code(lang, "assessor", evidence.AssessmentPrime), prime,
		i18n.Code(lang, "assessor", evidence.AssessmentAuditor), auditor)
}

// decisionResult is the JSON form of a verified gate decision.
type decisionResult struct {
	File string `json:"file"`
	// Valid is true when the signature is good and, for an allow, it is
	// not past its valid_until. A deny is a record: valid when signed.
	Valid     bool                      `json:"valid"`
	Expired   bool                      `json:"expired"`
	Decision  string                    `json:"decision"`
	KeyID     string                    `json:"key_id"`
	CheckedAt time.Time                 `json:"checked_at"`
	Statement *attest.DecisionStatement `json:"statement"`
}

// verifyDecision verifies a signed gate decision (from "mamori serve").
// An allow is valid until its valid_until; a deny is a record of the
// refusal, which never grants anything and so never expires.
func verifyDecision(s *streams, opts *verifyOptions, env *attest.Envelope, keys []ed25519.PublicKey, now func() time.Time) error {
	lang := opts.Lang
	st, err := attest.VerifyDecision(env, keys...)
	if err != nil {
		return errors.New(i18n.T(lang, "verify.bad_decision", opts.File, err))
	}
	at := now().UTC().Truncate(time.Second)
	res := decisionResult{File: opts.File, KeyID: signedKeyID(env, keys), CheckedAt: at, Statement: st, Decision: st.Decision,
		Expired: st.Decision == engine.GateAllow && !at.Before(st.ValidUntil)}
	res.Valid = !res.Expired
	if opts.Format == reports.FormatJSON {
		if err := writeIndentedJSON(s.Out, res); err != nil {
			return err
		}
	} else {
		t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
		rows := verifyRows{lang, reports.NewTable()}
		rows.row("verify.signature", t("verify.signature.good", res.KeyID))
		validity := t("verify.validity.until", st.ValidUntil.Format(time.RFC3339))
		switch {
		case st.Decision != engine.GateAllow:
			validity = t("verify.validity.record")
		case res.Expired:
			validity = t("verify.validity.expired", st.ValidUntil.Format(time.RFC3339))
		}
		rows.row("verify.validity", validity)
		rows.row("verify.decision", t("verify.gate_decision", i18n.Code(lang, "gate_decision", st.Decision),
			i18n.Code(lang, "gate", st.Gate), st.ID))
		rows.row("verify.organisation", st.Organization)
		rows.row("verify.site", st.Site)
		if st.Contract != "" {
			rows.row("verify.contract", st.Contract)
		}
		for _, r := range st.Reasons {
			rows.row("verify.reason", i18n.Code(lang, "gate_reason", r))
		}
		rows.row("verify.verdict", t("verify.verdict.value", dash(st.VerdictID), st.VerdictSHA256))
		rows.row("verify.catalogue", st.Catalog.ID+" "+st.Catalog.Version)
		rows.row("verify.issued", st.IssuedAt.Format(time.RFC3339))
		if _, err := rows.t.WriteTo(s.Out); err != nil {
			return err
		}
	}
	if res.Expired {
		say(s, lang, "verify.decision_expired", opts.File, st.ValidUntil.Format(time.RFC3339))
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
