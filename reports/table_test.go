package reports_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/reports"
)

// TestTableDisplayWidth lines Japanese and ASCII cells up by the cells a
// terminal gives them (two for a Japanese character).
func TestTableDisplayWidth(t *testing.T) {
	tb := reports.NewTable("契約", "状態", "受領者", "詳細").AlignRight(2)
	tb.Row("C-2026-001", "阻害あり", "4", "期限切れ")
	tb.Row("C-2027-003", "ready", "12", "")
	var buf bytes.Buffer
	_, err := tb.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, ""+
		"契約        状態      受領者  詳細\n"+
		"C-2026-001  阻害あり       4  期限切れ\n"+
		"C-2027-003  ready         12\n", buf.String())
}
