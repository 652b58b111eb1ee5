package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/store"
)

func TestAuditVerifyFlags(t *testing.T) {
	tests := []flagCase[auditVerifyOptions]{
		{name: "default db", args: "", want: auditVerifyOptions{DB: "./mamori.db", Lang: "en"}},
		{name: "db", args: "--db /tmp/x.db", want: auditVerifyOptions{DB: "/tmp/x.db", Lang: "en"}},
		{name: "empty db", args: "--db=", wantErr: "--db FILE must not be empty"},
		{name: "no arguments", args: "x.db", wantErr: "unknown command"},
	}
	testFlags(t, newAuditVerifyCmd, tests)
}

func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		wantOut string
		wantErr string
	}{
		{name: "clean", wantOut: "3 entries ok\n"},
		{name: "altered", tamper: `UPDATE ledger SET subject = 'x' WHERE seq = 2`,
			wantOut: "ledger BROKEN at entry 2 (altered)", wantErr: "entry 2 altered"},
		{name: "deleted", tamper: `DELETE FROM ledger WHERE seq = 2`,
			wantOut: "ledger BROKEN at entry 2 (deleted)", wantErr: "entry 2 deleted"},
		{name: "truncated", tamper: `DELETE FROM ledger WHERE seq = 3`,
			wantOut: "ledger BROKEN at entry 3 (truncated)", wantErr: "entry 3 truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := filepath.Join(t.TempDir(), "mamori.db")
			st, err := store.Open(ctx, db, store.Options{})
			require.NoError(t, err)
			_, err = st.CreateOrganization(ctx, store.Organization{ID: "sato", Name: "Sato"})
			require.NoError(t, err)
			for range 3 {
				_, err = st.Suspend(ctx, store.Suspension{OrgID: "sato", Reason: "r", By: "mod"})
				require.NoError(t, err)
			}
			if tt.tamper != "" {
				_, err = st.DB().ExecContext(ctx, tt.tamper)
				require.NoError(t, err)
			}
			require.NoError(t, st.Close())

			var out bytes.Buffer
			s := &streams{In: &bytes.Buffer{}, Out: &out, Err: &bytes.Buffer{}}
			err = runAuditVerify(ctx, s, &auditVerifyOptions{DB: db})
			assert.Contains(t, out.String(), tt.wantOut)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errLedgerBroken)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestAuditVerifyMissingDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	err := runAuditVerify(context.Background(), s, &auditVerifyOptions{DB: db})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not exist")
	assert.NoFileExists(t, db)
}
