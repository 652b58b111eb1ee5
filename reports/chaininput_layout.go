package reports

import (
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
)

// The supply-chain declaration workbook (サプライチェーン定義ワークブック).
//
// WriteChainTemplate writes an empty workbook in which a prime's
// procurement staff declare the chain: the prime and its trusted keys,
// the companies, the contracts, the parties in tiers and the flows of
// information. ReadChainWorkbook reads a filled one into the chain.Chain
// that the equal supply-chain/v1 YAML gives, validated the same way,
// with every problem named by sheet and cell. Cells are read as their
// stored (cached) values and never evaluated: a value that starts with
// "=" is text.
//
// This file holds the layout that the writer (chaininput_write.go) and
// the reader (chaininput_read.go) share.

// Sheet names of the supply-chain workbook, the same in every language
// (the instructions are on SheetInstructions).
const (
	SheetChain     = "Chain"
	SheetCompanies = "Companies"
	SheetContracts = "Contracts"
	SheetParties   = "Parties"
	SheetFlows     = "Flows"
	ccSheetMeta    = "_mamori"
)

// ChainWorkbookKind marks a supply-chain declaration workbook on its
// hidden sheet, beside the chain's schema (chain.Schema).
const ChainWorkbookKind = "mamori-supply-chain"

const (
	// ccTemplateRows is the number of rows the template's drop-downs
	// and checks cover on each list sheet.
	ccTemplateRows = 2000
	// ccKeyRows is the number of trusted key slots on the Chain sheet.
	ccKeyRows = 8
)

// Kinds of cell.
const (
	ccText   = "text"
	ccDate   = "date"
	ccYesNo  = "yesno"
	ccInt    = "int"
	ccStatus = "status"
)

// ccColumn is one column of a list sheet: the field it fills under its
// row's element (for messages), its header and its kind.
type ccColumn struct {
	field  string
	ja, en string
	kind   string
	width  float64
}

type ccSheet struct {
	name string
	cols []ccColumn
}

var (
	ccCompanies = ccSheet{SheetCompanies, []ccColumn{
		{"id", "企業ID", "Company ID", ccText, 22},
		{"name", "企業名", "Name", ccText, 30},
		{"name_en", "企業名（英文）", "Name (English)", ccText, 30},
		{"sites", "取扱施設（ID:名称; ID:名称）", "Sites (ID:name; ID:name)", ccText, 40},
		{"suspension.since", "取引停止日", "Suspended since", ccDate, 14},
		{"suspension.reason", "取引停止の理由", "Suspension reason", ccText, 30},
	}}
	ccContracts = ccSheet{SheetContracts, []ccColumn{
		{"id", "契約ID", "Contract ID", ccText, 16},
		{"title", "件名", "Title", ccText, 34},
		{"special_clause", "情報セキュリティ特約条項", "Special clause", ccYesNo, 12},
		{"designation_reference", "情報セキュリティ指定書の番号", "Designation reference", ccText, 26},
		{"requirement.status", "要求ステータス（final／conditional）", "Required status (final / conditional)", ccStatus, 16},
		{"requirement.conditional_until", "条件付き（conditional）の受入期限", "Conditional accepted until", ccDate, 16},
		{"requirement.min_score", "最低DoDスコア", "Minimum DoD score", ccInt, 11},
		{"requirement.site_check", "現地確認を要する", "Site check required", ccYesNo, 11},
		{"requirement.max_age_days", "評価からの最大日数", "Maximum assessment age (days)", ccInt, 13},
	}}
	ccParties = ccSheet{SheetParties, []ccColumn{
		{"contract", "契約ID", "Contract ID", ccText, 16},
		{"company", "企業ID", "Company ID", ccText, 22},
		{"parent", "発注元（元請ID又は企業ID）", "Parent (prime or company ID)", ccText, 22},
		{"flow_down", "特約条項の適用（再委託契約）", "Clause flowed down", ccYesNo, 14},
		{"sites", "従事する取扱施設（ID; ID）", "Sites on the contract (ID; ID)", ccText, 26},
	}}
	ccFlows = ccSheet{SheetFlows, []ccColumn{
		{"contract", "契約ID", "Contract ID", ccText, 16},
		{"from", "送付元（元請ID又は企業ID）", "From (prime or company ID)", ccText, 22},
		{"to", "送付先（元請ID又は企業ID）", "To (prime or company ID)", ccText, 22},
		{"protected", "保護すべき情報", "Protected information", ccYesNo, 12},
		{"description", "内容", "Description", ccText, 40},
	}}
	ccListSheets = []ccSheet{ccCompanies, ccContracts, ccParties, ccFlows}

	ccChainHeaders = [][2]string{{"項目", "Item"}, {"キー", "Key"}, {"値", "Value"}}
	ccChainFields  = []struct{ key, ja, en, kind string }{
		{"prime.id", "元請企業ID", "Prime's ID", ccText},
		{"prime.name", "元請企業名", "Prime's name", ccText},
		{"prime.name_en", "元請企業名（英文）", "Prime's name (English)", ccText},
		{"as_of", "基準日（YYYY-MM-DD、空欄なら当日）", "As of (YYYY-MM-DD; empty: today)", ccDate},
	}

	ccYes       = map[string]string{engine.LangJA: "あり", engine.LangEN: "yes"}
	ccNo        = map[string]string{engine.LangJA: "なし", engine.LangEN: "no"}
	ccYesValues = []string{"あり", "はい", "yes", "y", "true", "1"}
	ccNoValues  = []string{"なし", "いいえ", "no", "n", "false", "0"}
	ccStatuses  = []string{chain.StatusFinal, chain.StatusConditional}
)
