// Command decisions compares, file by file, the decisions of
// `mamori assess --batch --format json` and `conftest test --output json`
// over the same evidence files and the same policies (through
// bench/adapter): mamori's failing findings from the policies
// ("code: message") against conftest's deny messages. Findings that
// mamori's scoring adds after the policies (codes with ".engine.", such
// as 3.12.2's missing plan of action) have no counterpart in conftest
// and are counted apart. It prints the number of files and
// decisions compared and exits 1 on the first file where they differ.
//
//	go run ./bench/decisions -mamori mamori.jsonl -conftest conftest1.json [conftest2.json ...]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

type verdict struct {
	Evidence []struct {
		File string `json:"file"`
	} `json:"evidence"`
	Findings []struct {
		Code    string `json:"code"`
		Effect  string `json:"effect"`
		Message struct {
			EN string `json:"en"`
		} `json:"message"`
	} `json:"findings"`
}

type conftestResult struct {
	Filename string `json:"filename"`
	Failures []struct {
		Msg string `json:"msg"`
	} `json:"failures"`
}

func main() {
	mamoriFile := flag.String("mamori", "", "mamori's JSON lines")
	flag.Parse()
	if *mamoriFile == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: decisions -mamori FILE CONFTEST.json...")
		os.Exit(2)
	}
	want, err := readMamori(*mamoriFile)
	check(err)
	got := map[string][]string{}
	for _, f := range flag.Args() {
		// One JSON array per conftest invocation, one after another.
		in, err := os.Open(f)
		check(err)
		var rs []conftestResult
		dec := json.NewDecoder(in)
		for dec.More() {
			var part []conftestResult
			check(dec.Decode(&part))
			rs = append(rs, part...)
		}
		in.Close()
		for _, r := range rs {
			var msgs []string
			for _, x := range r.Failures {
				msgs = append(msgs, x.Msg)
			}
			slices.Sort(msgs)
			got[base(r.Filename)] = msgs
		}
	}
	if len(want) != len(got) {
		fail("mamori judged %d files, conftest %d", len(want), len(got))
	}
	n := 0
	for file, w := range want {
		g, ok := got[file]
		if !ok {
			fail("%s: judged by mamori, not by conftest", file)
		}
		if !slices.Equal(w, g) {
			fail("%s: decisions differ:\n  mamori:   %s\n  conftest: %s", file, strings.Join(w, " | "), strings.Join(g, " | "))
		}
		n += len(w)
	}
	fmt.Printf("decisions: identical for %d files (%d failing findings from the policies; %d more from mamori's scoring)\n", len(want), n, engineFindings)
}

func readMamori(file string) (map[string][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var v verdict
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, err
		}
		if len(v.Evidence) != 1 {
			return nil, fmt.Errorf("a verdict of %d files, want one", len(v.Evidence))
		}
		var msgs []string
		for _, x := range v.Findings {
			if strings.Contains(x.Code, ".engine.") {
				engineFindings++
				continue
			}
			if x.Effect == "not_met" {
				msgs = append(msgs, x.Code+": "+x.Message.EN)
			}
		}
		slices.Sort(msgs)
		out[base(v.Evidence[0].File)] = msgs
	}
	return out, sc.Err()
}

// engineFindings counts the findings of mamori's scoring left out.
var engineFindings int

func base(p string) string { return filepath.Base(p) }

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "decisions: "+format+"\n", args...)
	os.Exit(1)
}
