package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/i18n"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func newVersionCmd(s *streams) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the mamori version, the source revision it was built from, and Go's and OPA's versions",
		Long: `Version prints the module version and the version-control revision mamori was
built from, as Go records them in the binary ("go build" and "go install" from a
git checkout), then the Go and OPA versions.

"go run" records no revision: mamori then asks git for the revision of the
checkout its source was compiled from, if that checkout is still there, and
says so.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi, _ := debug.ReadBuildInfo()
			info := buildInfo(bi)
			if info.Revision == "" {
				info.fromCheckout(cmd.Context(), sourceDir())
			}
			info.write(s, lang)
			return nil
		},
	}
	addLangFlag(cmd, &lang, "language of the output")
	return cmd
}

// versionInfo is what "mamori version" prints.
type versionInfo struct {
	Version  string // the module version, or "(devel)"
	Revision string // the VCS revision, "" when unknown
	Time     string // the revision's commit time
	Modified bool   // the working tree had uncommitted changes
	// Checkout is the source directory the revision was read from at
	// run time, when the binary records none.
	Checkout string
	Go, OPA  string
}

// buildInfo reads what the binary records of itself.
func buildInfo(bi *debug.BuildInfo) versionInfo {
	info := versionInfo{Version: version, Go: runtime.Version()}
	if bi == nil {
		if info.Version == "" {
			info.Version = "(devel)"
		}
		return info
	}
	if info.Version == "" {
		info.Version = bi.Main.Version
	}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	if bi.GoVersion != "" {
		info.Go = bi.GoVersion
	}
	for _, st := range bi.Settings {
		switch st.Key {
		case "vcs.revision":
			info.Revision = st.Value
		case "vcs.time":
			info.Time = st.Value
		case "vcs.modified":
			info.Modified = st.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/open-policy-agent/opa" {
			info.OPA = d.Version
			if d.Replace != nil {
				info.OPA = d.Replace.Version
			}
		}
	}
	return info
}

// sourceDir is the directory this file was compiled from, when the
// binary records it (not under -trimpath).
func sourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	return filepath.Dir(file)
}

// fromCheckout asks git for the revision of the checkout in dir, for a
// binary that records none ("go run", or a build with -buildvcs=false).
// Nothing is set if dir is gone or is not in a git checkout.
func (v *versionInfo) fromCheckout(ctx context.Context, dir string) {
	if dir == "" {
		return
	}
	if _, err := os.Stat(dir); err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	git := func(args ...string) (string, bool) {
		out, err := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...).Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	rev, ok := git("rev-parse", "HEAD")
	if !ok || rev == "" {
		return
	}
	v.Revision, v.Checkout = rev, dir
	if t, ok := git("log", "-1", "--format=%cI", "HEAD"); ok {
		if ts, err := time.Parse(time.RFC3339, t); err == nil {
			v.Time = ts.UTC().Format(time.RFC3339)
		}
	}
	if st, ok := git("status", "--porcelain", "--untracked-files=no"); ok {
		v.Modified = st != ""
	}
}

func (v versionInfo) write(s *streams, lang string) {
	fmt.Fprintf(s.Out, "mamori %s\n", v.Version)
	switch {
	case v.Revision == "":
		fmt.Fprintln(s.Out, i18n.T(lang, "version.no_revision"))
	default:
		line := i18n.T(lang, "version.revision", v.Revision)
		if v.Time != "" {
			line += " " + v.Time
		}
		if v.Modified {
			line += " " + i18n.T(lang, "version.modified")
		}
		fmt.Fprintln(s.Out, line)
		if v.Checkout != "" {
			fmt.Fprintln(s.Out, i18n.T(lang, "version.checkout", v.Checkout))
		}
	}
	fmt.Fprintf(s.Out, "go %s\n", v.Go)
	if v.OPA != "" {
		fmt.Fprintf(s.Out, "opa %s\n", v.OPA)
	}
}
