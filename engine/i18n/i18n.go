// Package i18n is mamori's one message catalogue: every text shown to a
// person, in English and Japanese, by key. The messages are data
// (messages/*.yaml, embedded), each key with both languages; a test
// holds every key to that and to the same format verbs in both.
//
// Codes stay stable in machine-readable output (JSON, YAML, the API);
// only what a person reads goes through T.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Languages.
const (
	EN = "en"
	JA = "ja"
)

// Languages lists the languages every message has.
var Languages = []string{JA, EN}

//go:embed messages/*.yaml
var files embed.FS

// Message is one text in both languages. Either may hold fmt verbs,
// the same in both.
type Message struct {
	EN string `yaml:"en"`
	JA string `yaml:"ja"`
}

// In returns the message in lang (English for any other language).
func (m Message) In(lang string) string {
	if lang == JA {
		return m.JA
	}
	return m.EN
}

var catalogue = sync.OnceValues(func() (map[string]Message, error) { return load(files) })

// load reads every messages/*.yaml file; a key defined twice, or a
// message without both languages, is an error.
func load(fsys fs.FS) (map[string]Message, error) {
	names, err := fs.Glob(fsys, "messages/*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]Message{}
	where := map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var m map[string]Message
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k, v := range m {
			if prev, dup := where[k]; dup {
				return nil, fmt.Errorf("%s: message %q already defined in %s", name, k, prev)
			}
			if v.EN == "" || v.JA == "" {
				return nil, fmt.Errorf("%s: message %q needs both en and ja", name, k)
			}
			out[k], where[k] = v, path.Base(name)
		}
	}
	return out, nil
}

// Lookup returns the message with the given key.
func Lookup(key string) (Message, bool) {
	c, err := catalogue()
	if err != nil {
		panic("i18n: " + err.Error()) // the embedded catalogue is checked by tests
	}
	m, ok := c[key]
	return m, ok
}

// Keys lists every message key, sorted.
func Keys() []string {
	c, err := catalogue()
	if err != nil {
		panic("i18n: " + err.Error())
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// T returns the message key in lang, formatted with args. A key the
// catalogue lacks is returned as it is, so a missing message shows
// rather than vanishes (a test keeps the code's keys in the catalogue).
func T(lang, key string, args ...any) string {
	m, ok := Lookup(key)
	if !ok {
		return key
	}
	if len(args) == 0 {
		return m.In(lang)
	}
	return fmt.Sprintf(m.In(lang), args...)
}

// Code returns what a person reads for a code of the given kind (the
// message "kind.code", in messages/codes.yaml and the others), or the
// code itself when the catalogue has no word for it, so a new code
// shows rather than vanishes (a test holds every known code to a word).
// An empty code stays empty.
func Code(lang, kind, code string) string {
	if code == "" {
		return ""
	}
	m, ok := Lookup(kind + "." + code)
	if !ok {
		return code
	}
	return m.In(lang)
}

// Valid reports whether lang is a language every message has.
func Valid(lang string) bool { return slices.Contains(Languages, lang) }

// FromEnv is the language of the user's locale: Japanese when LC_ALL,
// LC_MESSAGES or LANG (the first that is set, as POSIX orders them)
// starts with "ja", English otherwise.
func FromEnv() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ja") {
				return JA
			}
			return EN
		}
	}
	return EN
}
