package engine

import (
	"reflect"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mamori-dev/mamori/engine/evidence"
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
		if name := evidence.FieldKey(t.Field(i)); name != "" {
			fs = append(fs, factField{index: i, name: name, term: ast.StringTerm(name)})
		}
	}
	factFieldCache.Store(t, fs)
	return fs
}

// factsInput converts facts to the policies' input value directly (no
// JSON round trip). Absent facts (nil pointers, empty lists) are left
// out, as in the document.
func factsInput(f *evidence.Facts) ast.Object {
	if f == nil {
		return ast.NewObject()
	}
	v, _ := toAST(reflect.ValueOf(f))
	obj, ok := v.Value.(ast.Object)
	if !ok {
		return ast.NewObject()
	}
	return obj
}

// hasFact reports whether the facts give a value at path.
func hasFact(facts ast.Object, path []string) bool {
	cur := facts
	for i, k := range path {
		t := cur.Get(ast.StringTerm(k))
		if t == nil {
			return false
		}
		if i == len(path)-1 {
			return true
		}
		o, ok := t.Value.(ast.Object)
		if !ok {
			return false
		}
		cur = o
	}
	return true
}

func toAST(v reflect.Value) (*ast.Term, bool) {
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
			if t, ok := toAST(v.Index(i)); ok {
				elems = append(elems, t)
			}
		}
		return ast.ArrayTerm(elems...), true
	case reflect.Struct:
		if d, ok := v.Interface().(evidence.Date); ok {
			if d.IsZero() {
				return nil, false
			}
			return ast.StringTerm(d.String()), true
		}
		fields := factFields(v.Type())
		kvs := make([][2]*ast.Term, 0, len(fields))
		for _, fld := range fields {
			if t, ok := toAST(v.Field(fld.index)); ok {
				kvs = append(kvs, [2]*ast.Term{fld.term, t})
			}
		}
		return ast.ObjectTerm(kvs...), true
	}
	return nil, false
}
