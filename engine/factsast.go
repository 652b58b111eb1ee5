package engine

import (
	"reflect"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// factField is one field of a facts struct, with its document key.
type factField struct {
	index int
	name  string
	term  *ast.Term // the key, built once
}

var factFieldCache sync.Map // reflect.Type -> []factField

func factFields(t reflect.Type) []factField {
	if v, ok := factFieldCache.Load(t); ok {
		return v.([]factField)
	}
	var fs []factField
	for i := 0; i < t.NumField(); i++ {
		if name := yamlName(t.Field(i)); name != "" {
			fs = append(fs, factField{index: i, name: name, term: ast.StringTerm(name)})
		}
	}
	factFieldCache.Store(t, fs)
	return fs
}

// factsInput converts facts to the policies' input value directly (no
// JSON round trip) and lists the fact paths that are present. Absent
// facts (nil pointers, empty lists) are left out, as in the document.
func factsInput(f *Facts) (ast.Object, map[string]bool) {
	present := map[string]bool{}
	if f == nil {
		return ast.NewObject(), present
	}
	v, _ := toAST(reflect.ValueOf(f), "", present)
	obj, ok := v.Value.(ast.Object)
	if !ok {
		return ast.NewObject(), present
	}
	return obj, present
}

func toAST(v reflect.Value, path string, present map[string]bool) (*ast.Term, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Bool:
		return ast.BooleanTerm(v.Bool()), true
	case reflect.Int, reflect.Int64:
		return ast.IntNumberTerm(int(v.Int())), true
	case reflect.Float64:
		return ast.FloatNumberTerm(v.Float()), true
	case reflect.String:
		if v.String() == "" {
			return nil, false
		}
		return ast.StringTerm(v.String()), true
	case reflect.Slice:
		if v.Len() == 0 {
			return nil, false
		}
		elems := make([]*ast.Term, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if t, ok := toAST(v.Index(i), "", nil); ok {
				elems = append(elems, t)
			}
		}
		return ast.ArrayTerm(elems...), true
	case reflect.Struct:
		if d, ok := v.Interface().(Date); ok {
			if d.IsZero() {
				return nil, false
			}
			return ast.StringTerm(d.String()), true
		}
		fields := factFields(v.Type())
		kvs := make([][2]*ast.Term, 0, len(fields))
		for _, fld := range fields {
			p := fld.name
			if path != "" {
				p = path + "." + fld.name
			}
			if t, ok := toAST(v.Field(fld.index), p, present); ok {
				kvs = append(kvs, [2]*ast.Term{fld.term, t})
				if present != nil {
					present[p] = true
				}
			}
		}
		return ast.ObjectTerm(kvs...), true
	}
	return nil, false
}
