// Command pairs reads hyperfine's JSON exports of rounds that each ran
// mamori, conftest and mamori without its findings cache once, back to
// back, and prints each round's wall and CPU (user + system) times with
// the ratios conftest/mamori in that round, then the median of each.
//
//	go run ./bench/pairs -n 1000 -cores 2 round-1.json round-2.json ...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
)

type export struct {
	Results []struct {
		Command string    `json:"command"`
		Times   []float64 `json:"times"`
		User    float64   `json:"user"`
		System  float64   `json:"system"`
	} `json:"results"`
}

type run struct{ wall, cpu float64 }

func main() {
	n := flag.Int("n", 0, "evidence files per run")
	cores := flag.Int("cores", 0, "cores both tools used")
	flag.Parse()
	var rounds []map[string]run
	for _, f := range flag.Args() {
		b, err := os.ReadFile(f)
		if err != nil {
			fatal(err)
		}
		var e export
		if err := json.Unmarshal(b, &e); err != nil {
			fatal(fmt.Errorf("%s: %w", f, err))
		}
		r := map[string]run{}
		for _, x := range e.Results {
			if len(x.Times) != 1 {
				fatal(fmt.Errorf("%s: %s ran %d times, want once per round", f, x.Command, len(x.Times)))
			}
			r[x.Command] = run{wall: x.Times[0], cpu: x.User + x.System}
		}
		rounds = append(rounds, r)
	}
	if len(rounds) == 0 {
		fatal(fmt.Errorf("no rounds"))
	}
	fmt.Printf("%d files, %d cores, %d rounds; wall s / CPU s, and conftest ÷ mamori in the same round\n", *n, *cores, len(rounds))
	fmt.Printf("%-6s %17s %17s %17s %13s %13s %13s %13s\n", "round", "mamori", "conftest", "mamori no cache",
		"wall ratio", "CPU ratio", "wall (nc)", "CPU (nc)")
	var cols [7][]float64
	for i, r := range rounds {
		m, c, nc := r["mamori"], r["conftest"], r["mamori-nocache"]
		vals := [7]float64{m.wall, c.wall, nc.wall, c.wall / m.wall, c.cpu / m.cpu, c.wall / nc.wall, c.cpu / nc.cpu}
		for j, v := range vals {
			cols[j] = append(cols[j], v)
		}
		fmt.Printf("%-6d %7.2f / %7.2f %7.2f / %7.2f %7.2f / %7.2f %12.1fx %12.1fx %12.1fx %12.1fx\n", i+1,
			m.wall, m.cpu, c.wall, c.cpu, nc.wall, nc.cpu, vals[3], vals[4], vals[5], vals[6])
	}
	med := func(x []float64) float64 {
		s := slices.Clone(x)
		slices.Sort(s)
		if len(s)%2 == 1 {
			return s[len(s)/2]
		}
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	fmt.Printf("median: conftest ÷ mamori %.1fx wall, %.1fx CPU; without the findings cache %.1fx wall, %.1fx CPU\n",
		med(cols[3]), med(cols[4]), med(cols[5]), med(cols[6]))
	fmt.Printf("median throughput: mamori %.0f files/s, conftest %.0f files/s, mamori without the cache %.0f files/s\n",
		float64(*n)/med(cols[0]), float64(*n)/med(cols[1]), float64(*n)/med(cols[2]))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "pairs:", err)
	os.Exit(1)
}
