package main

import "testing"

func TestFactsImportFlags(t *testing.T) {
	testFlags(t, newFactsImportCmd, []flagCase[factsImportOptions]{
		{name: "yaml by default", args: "windows hosts -o f.yaml",
			want: factsImportOptions{Kind: "windows", Paths: []string{"hosts"}, OutFile: "f.yaml", Format: "yaml"}},
		{name: "json by extension", args: "auto a b --out f.json",
			want: factsImportOptions{Kind: "auto", Paths: []string{"a", "b"}, OutFile: "f.json", Format: "json"}},
		{name: "json to standard output", args: "linux h.json --format json",
			want: factsImportOptions{Kind: "linux", Paths: []string{"h.json"}, Format: "json"}},
		{name: "unknown kind", args: "nessus x", wantErr: `unknown kind "nessus"`},
		{name: "no file", args: "windows", wantErr: "requires at least 2 arg(s)"},
		{name: "format and extension disagree", args: "windows x -o f.yml --format json", wantErr: "--format json does not match the output file f.yml"},
	})
}

func TestCollectLinuxFlags(t *testing.T) {
	testFlags(t, newCollectLinuxCmd, []flagCase[collectLinuxOptions]{
		{name: "root", args: "--root /mnt/image -o h.json", want: collectLinuxOptions{Root: "/mnt/image", OutFile: "h.json"}},
		{name: "this machine with sshd -T", args: "--sshd-t t.txt --out h.json", want: collectLinuxOptions{SSHDT: "t.txt", OutFile: "h.json"}},
		{name: "no output", args: "--root /mnt/image", wantErr: "-o FILE is required"},
		{name: "arguments", args: "x -o h.json", wantErr: "unknown command"},
	})
}
