package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// problem is an RFC 9457 problem detail, and the error handlers return.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Errors locate the faults in the input: file, line or sheet!cell,
	// and field; at most maxProblemErrors of them.
	Errors []inputFault `json:"errors,omitempty"`
	// ErrorsTotal is how many faults there were, when Errors lists only
	// the first.
	ErrorsTotal int `json:"errors_total,omitempty"`
}

// maxProblemErrors bounds the faults a problem lists: an input with
// 300,000 unknown objectives would otherwise be answered with tens of
// megabytes.
const maxProblemErrors = 100

// addFaults lists the first maxProblemErrors faults, and says how many
// there were when there were more.
func (p *problem) addFaults(ies evidence.InputErrors) {
	n := min(len(ies), maxProblemErrors)
	for _, e := range ies[:n] {
		p.Errors = append(p.Errors, inputFault{File: e.File, Line: e.Line, Field: e.Field, Message: e.Msg})
	}
	if len(ies) > n {
		p.ErrorsTotal = len(ies)
		p.Detail += fmt.Sprintf("; the first %d are listed", n)
	}
}

type inputFault struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (p *problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// problemTypeBase prefixes problem types; the part after it is a stable
// code that clients may switch on.
const problemTypeBase = "https://mamori.dev/problems/"

func newProblem(status int, code, title, detail string) *problem {
	return &problem{Type: problemTypeBase + code, Title: title, Status: status, Detail: detail}
}

func badRequest(format string, args ...any) *problem {
	return newProblem(http.StatusBadRequest, "bad-request", "Bad request", fmt.Sprintf(format, args...))
}

func unprocessable(format string, args ...any) *problem {
	return newProblem(http.StatusUnprocessableEntity, "invalid-input", "Invalid input", fmt.Sprintf(format, args...))
}

var (
	errUnauthenticated = newProblem(http.StatusUnauthorized, "unauthenticated", "Unauthenticated",
		"a valid bearer token is required (Authorization: Bearer mamori_...)")
	// errForbidden is for a role that may never call the endpoint; it
	// says nothing about any record.
	errForbidden = newProblem(http.StatusForbidden, "forbidden", "Forbidden", "this token's role may not call this endpoint")
	// errNotFound is for a record that does not exist or is outside the
	// caller's organisation: the two are indistinguishable.
	errNotFound = newProblem(http.StatusNotFound, "not-found", "Not found", "no such resource")
	errInternal = newProblem(http.StatusInternalServerError, "internal", "Internal error", "the server could not complete the request")
)

func writeProblem(w http.ResponseWriter, err error) {
	var p *problem
	if !errors.As(err, &p) {
		p = errInternal
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mamori"`)
	}
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// inputProblem turns the engine's and the readers' input errors into a
// 422 that locates every fault; other errors pass through.
func inputProblem(err error) error {
	var ie *evidence.InputError
	var ies evidence.InputErrors
	switch {
	case errors.As(err, &ies):
		p := unprocessable("%d faults in the input", len(ies))
		if len(ies) == 1 {
			p.Detail = ies[0].Error()
		}
		p.addFaults(ies)
		return p
	case errors.As(err, &ie):
		p := unprocessable("%s", ie.Error())
		p.Errors = []inputFault{{File: ie.File, Line: ie.Line, Field: ie.Field, Message: ie.Msg}}
		return p
	case errors.Is(err, evidence.ErrOtherKind):
		return unprocessable("%v", err)
	}
	return err
}

// readBody reads a request body up to the limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return readLimited(w, r, s.cfg.MaxBody)
}

func readLimited(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if err := readInto(&buf, w, r, limit); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readInto reads a request body into buf, up to the limit.
func readInto(buf *bytes.Buffer, w http.ResponseWriter, r *http.Request, limit int64) error {
	if r.ContentLength > limit {
		return tooLarge(limit)
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(limit)
		}
		return badRequest("reading the body: %v", err)
	}
	return nil
}

// jsonBodies holds the buffers decodeJSON reads bodies into; one that
// grew past maxPooledBody is left to the collector.
var jsonBodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBody = 64 << 10

func tooLarge(limit int64) *problem {
	return newProblem(http.StatusRequestEntityTooLarge, "too-large", "Body too large",
		fmt.Sprintf("the body is over the %d-byte limit", limit))
}

// decodeJSON decodes a small JSON body strictly: unknown fields and
// trailing data are errors.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && ct != "application/json" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
				"expected application/json")
		}
	}
	// The body is read whole into a pooled buffer: a gate reads one
	// per request, and the decoded value keeps none of it.
	buf := jsonBodies.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBody {
			jsonBodies.Put(buf)
		}
	}()
	buf.Reset()
	if err := readInto(buf, w, r, limit); err != nil {
		return err
	}
	dec := json.NewDecoder(buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("the body is not the expected JSON: %v", err)
	}
	if dec.More() {
		return badRequest("the body has data after the JSON value")
	}
	return nil
}
