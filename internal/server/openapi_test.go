package server_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/internal/server"
)

// openAPIOperation is the part of an operation these tests read.
type openAPIOperation struct {
	OperationID string         `yaml:"operationId"`
	Summary     string         `yaml:"summary"`
	Responses   map[string]any `yaml:"responses"`
	// Security is nil when the operation inherits the document's
	// security, and empty for a public operation.
	Security *[]map[string][]string `yaml:"security"`
	Roles    *[]string              `yaml:"x-roles"`
}

func (o openAPIOperation) public() bool { return o.Security != nil && len(*o.Security) == 0 }

type openAPIDoc struct {
	OpenAPI string `yaml:"openapi"`
	Info    struct {
		Title       string `yaml:"title"`
		Version     string `yaml:"version"`
		Description string `yaml:"description"`
	} `yaml:"info"`
	Security   []map[string][]string                  `yaml:"security"`
	Paths      map[string]map[string]openAPIOperation `yaml:"paths"`
	Components map[string]map[string]any              `yaml:"components"`
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIOps parses server.OpenAPI and returns its operations keyed by
// route pattern ("METHOD /path"), as routes() registers them.
func openAPIOps(t *testing.T) (*openAPIDoc, map[string]openAPIOperation) {
	t.Helper()
	var doc openAPIDoc
	require.NoError(t, yaml.Unmarshal(server.OpenAPI, &doc))
	ops := map[string]openAPIOperation{}
	for path, item := range doc.Paths {
		for method, op := range item {
			if !slices.Contains(httpMethods, method) {
				continue // parameters, summary, ...
			}
			ops[strings.ToUpper(method)+" "+path] = op
		}
	}
	return &doc, ops
}

func TestOpenAPIDocument(t *testing.T) {
	assert.NotContains(t, string(server.OpenAPI), "\t", "no tabs")
	doc, _ := openAPIOps(t)
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	assert.Equal(t, "mamori verdict service", doc.Info.Title)
	assert.Equal(t, "1", doc.Info.Version)
	assert.NotEmpty(t, doc.Info.Description)
	assert.Equal(t, []map[string][]string{{"bearer": {}}}, doc.Security)

	var raw struct {
		Components struct {
			SecuritySchemes map[string]struct {
				Type   string `yaml:"type"`
				Scheme string `yaml:"scheme"`
			} `yaml:"securitySchemes"`
		} `yaml:"components"`
	}
	require.NoError(t, yaml.Unmarshal(server.OpenAPI, &raw))
	require.Contains(t, raw.Components.SecuritySchemes, "bearer")
	assert.Equal(t, "http", raw.Components.SecuritySchemes["bearer"].Type)
	assert.Equal(t, "bearer", raw.Components.SecuritySchemes["bearer"].Scheme)

	for _, name := range []string{"Problem", "GateRequest", "GateResponse", "Reason", "Envelope",
		"VerdictResponse", "SiteCheck", "SiteCheckResponse", "Registry", "RegistryOrg", "RegistrySite",
		"RegistryContract", "RegistryAuditor", "ImportResult", "Organization", "Site", "Contract",
		"Suspension", "SuspensionRequest", "KeySet", "Principal"} {
		assert.Contains(t, doc.Components["schemas"], name, "components/schemas")
	}
}

// TestOpenAPIMatchesRoutes checks that the description has exactly the
// registered routes, each described completely.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t)
	_, ops := openAPIOps(t)

	var routes []string
	for _, p := range e.srv.Routes() {
		if p == "/" { // the catch-all 404
			continue
		}
		routes = append(routes, p)
	}
	described := make([]string, 0, len(ops))
	for k := range ops {
		described = append(described, k)
	}
	sort.Strings(routes)
	sort.Strings(described)
	assert.Equal(t, routes, described, "the operations in openapi.yaml must be the routes registered in routes()")

	public := []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /v1/openapi.yaml", "GET /v1/keys"}
	ids := map[string]string{}
	for k, op := range ops {
		if assert.NotEmpty(t, op.OperationID, "%s: operationId", k) {
			if prev, ok := ids[op.OperationID]; ok {
				t.Errorf("operationId %q is used by %s and %s", op.OperationID, prev, k)
			}
			ids[op.OperationID] = k
		}
		assert.NotEmpty(t, op.Summary, "%s: summary", k)
		assert.NotEmpty(t, op.Responses, "%s: responses", k)
		assert.Equal(t, slices.Contains(public, k), op.public(), "%s: security: [] exactly on public endpoints", k)
		if !op.public() {
			if assert.NotNil(t, op.Roles, "%s: x-roles", k) {
				assert.NotEmpty(t, *op.Roles, "%s: x-roles", k)
			}
			assert.Contains(t, op.Responses, "401", "%s: responses", k)
		}
	}
}

// TestOpenAPIRolesMatchRoutes calls every operation as every role and
// checks that exactly the roles outside its x-roles get the role
// refusal, and that public operations need no token.
func TestOpenAPIRolesMatchRoutes(t *testing.T) {
	e := newEnv(t)
	_, ops := openAPIOps(t)
	roles := []string{"company", "auditor", "prime", "gate", "admin"}
	for k, op := range ops {
		method, path, _ := strings.Cut(k, " ")
		// Fill the path parameters with a record that does not exist:
		// the role check comes before any lookup.
		for {
			i := strings.Index(path, "{")
			if i < 0 {
				break
			}
			j := strings.Index(path[i:], "}")
			require.Positive(t, j, k)
			path = path[:i] + "openapi-test" + path[i+j+1:]
		}
		if op.public() {
			code, b, _ := e.do("", method, path, "", nil)
			assert.NotEqual(t, http.StatusUnauthorized, code, "%s without a token: %s", k, b)
			continue
		}
		code, _, _ := e.do("", method, path, "", nil)
		assert.Equal(t, http.StatusUnauthorized, code, "%s without a token", k)
		if op.Roles == nil {
			continue // reported by TestOpenAPIMatchesRoutes
		}
		for _, role := range roles {
			code, b, _ := e.do(role, method, path, "", nil)
			roleRefused := code == http.StatusForbidden && strings.Contains(string(b), "this token's role may not call this endpoint")
			assert.Equal(t, !slices.Contains(*op.Roles, role), roleRefused,
				"%s as %s (x-roles %v): %d %s", k, role, *op.Roles, code, b)
		}
	}
}

// TestOpenAPIRefs checks that every $ref points at a defined component.
func TestOpenAPIRefs(t *testing.T) {
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(server.OpenAPI, &root))
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(server.OpenAPI, &doc))
	components, _ := doc["components"].(map[string]any)

	refs := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k, v := n.Content[i], n.Content[i+1]; k.Value == "$ref" {
					refs++
					checkRef(t, components, v.Value, v.Line)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	assert.Positive(t, refs)
}

func checkRef(t *testing.T, components map[string]any, ref string, line int) {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
	if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 {
		t.Errorf("line %d: $ref %q: expected #/components/KIND/NAME", line, ref)
		return
	}
	kind, _ := components[parts[0]].(map[string]any)
	if _, ok := kind[parts[1]]; !ok {
		t.Errorf("line %d: $ref %q is not defined", line, ref)
	}
}
