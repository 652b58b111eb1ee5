package chain_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine/chain"
)

// The supply-chain JSON Schema lives in docs/ for editors; these tests
// keep it in step with the Go types and the example.
const (
	chainSchemaFile = "../../docs/supply-chain.schema.json"
	chainSchemaURL  = "https://schemas.mamori.invalid/supply-chain/v1.json"
)

func chainSchema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	f, err := os.Open(chainSchemaFile)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(chainSchemaURL, doc))
	sch, err := c.Compile(chainSchemaURL)
	require.NoError(t, err)
	return sch, doc.(map[string]any)
}

// yamlValue turns a YAML document into the values a JSON Schema
// validator expects, keeping dates as the text written.
func yamlValue(t *testing.T, data []byte) any {
	t.Helper()
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &root))
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.SequenceNode:
			out := []any{}
			for _, c := range n.Content {
				out = append(out, conv(c))
			}
			return out
		case yaml.MappingNode:
			out := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				out[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return out
		}
		switch n.ShortTag() {
		case "!!int":
			i, err := strconv.Atoi(n.Value)
			require.NoError(t, err)
			return json.Number(strconv.Itoa(i))
		case "!!bool":
			return n.Value == "true"
		case "!!null":
			return nil
		}
		return n.Value
	}
	return conv(&root)
}

func TestSchemaValidatesExample(t *testing.T) {
	sch, _ := chainSchema(t)
	b, err := os.ReadFile(filepath.Join(exampleDir, "chain.yaml"))
	require.NoError(t, err)
	assert.NoError(t, sch.Validate(yamlValue(t, b)))

	for _, bad := range []struct{ old, new string }{
		{"status: final\n", "status: great\n"},
		{"flow_down: true}", "flow_dwon: true}"},
		{"as_of: 2027-02-01", "as_of: 2027-02-30"},
	} {
		doc := strings.Replace(string(b), bad.old, bad.new, 1)
		assert.Error(t, sch.Validate(yamlValue(t, []byte(doc))), "%s → %s", bad.old, bad.new)
		_, err := chain.Parse("chain.yaml", []byte(doc))
		assert.Error(t, err, "mamori rejects it too: %s → %s", bad.old, bad.new)
	}
}

// TestSchemaMatchesGoTypes: each schema object lists exactly the YAML
// fields of its Go type.
func TestSchemaMatchesGoTypes(t *testing.T) {
	_, doc := chainSchema(t)
	defs := doc["$defs"].(map[string]any)
	props := func(def map[string]any) []string {
		var out []string
		for k := range def["properties"].(map[string]any) {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	fields := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("yaml"), ",")
			if name != "" && name != "-" && rt.Field(i).IsExported() {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, fields(chain.Chain{}), props(doc), "top level")
	for name, v := range map[string]any{
		"organization": chain.Organization{}, "company": chain.Company{}, "site": chain.Site{},
		"suspension": chain.Suspension{}, "contract": chain.Contract{}, "requirement": chain.Requirement{},
		"party": chain.Party{}, "flow": chain.Flow{},
	} {
		assert.Equal(t, fields(v), props(defs[name].(map[string]any)), name)
	}
}
