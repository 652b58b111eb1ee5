package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/linux"
	"github.com/mamori-dev/mamori/engine/evidence"
)

func newCollectCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("collect", "Collect facts from the machine mamori runs on", newCollectLinuxCmd(g, s, nil))
}

type collectLinuxOptions struct {
	Root    string
	SSHDT   string
	OutFile string
	// now is the time of collection (time.Now when nil): a seam for tests.
	now func() time.Time
}

func newCollectLinuxCmd(_ *globalOptions, s *streams, runF func(context.Context, *collectLinuxOptions) error) *cobra.Command {
	opts := &collectLinuxOptions{}
	cmd := &cobra.Command{
		Use:   "linux [--root DIR] -o FILE",
		Short: "Collect a Linux host's security configuration, read-only, as facts with their sources",
		Long: `Linux reads the security configuration of the Linux host it runs on, or of a
directory tree with --root (a copy of a host's /etc, a mounted image), and
writes what it establishes: the effective SSH server configuration, PAM lockout
and password quality, login.defs, audit rules and log retention, journald
retention, FIPS mode, full-disk encryption, USB storage, the host firewall,
time synchronisation and automatic updates.

It only reads, and only the files on its list (mamori's engine/collect/linux
Allowed): never a password hash, a private key, or any file off the list; a
link to a file off the list is refused. It runs no command. The output names
every file, directory listing and command read, with its SHA-256, and what it
looked for and did not find. Run it as root on the host for a complete read
(some files are readable only by root); give the output of "sshd -T", run as
root, with --sshd-t for the SSH server's effective settings.

Import the output into evidence with "mamori facts import linux FILE".
The file is written with mode 0600, through a temporary file and a rename;
nothing is written if anything fails.`,
		Example: `  $ sudo mamori collect linux -o db-01.json
  $ mamori collect linux --root /mnt/image -o image.json
  $ sudo sshd -T > sshd-t.txt && sudo mamori collect linux --sshd-t sshd-t.txt -o db-01.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.OutFile == "" {
				return flagErrorf("-o FILE is required")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runCollectLinux(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Root, "root", "", "read the directory tree `DIR` instead of / (links cannot leave it)")
	cmd.Flags().StringVar(&opts.SSHDT, "sshd-t", "", "the output of \"sshd -T\" in `FILE`, as the SSH server's effective settings")
	cmd.Flags().StringVarP(&opts.OutFile, "out", "o", "", "write the report to `FILE` (JSON, mode 0600)")
	return cmd
}

func runCollectLinux(s *streams, opts *collectLinuxOptions) error {
	var root fs.FS = os.DirFS("/")
	if opts.Root != "" {
		r, err := os.OpenRoot(opts.Root)
		if err != nil {
			return fmt.Errorf("--root %s: %w", opts.Root, err)
		}
		defer r.Close()
		root = r.FS()
	}
	var sshdT []byte
	if opts.SSHDT != "" {
		b, err := evidence.ReadFile(opts.SSHDT, collect.MaxExport)
		if err != nil {
			return fmt.Errorf("--sshd-t: %w", err)
		}
		sshdT = b
	}
	rep, err := linux.Collect(linux.Options{Root: root, SSHDT: sshdT, Now: opts.now})
	if err != nil {
		return err
	}
	if err := writeOutput(s, opts.OutFile, func(w io.Writer) error { return collect.WriteReport(w, rep) }); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, in := range rep.Inputs {
		counts[in.Kind]++
	}
	fmt.Fprintf(s.Err, "%s: %d facts from %d files, %d directory listings and %d commands read (%d looked for and absent); every one is listed under inputs in %s\n",
		rep.Subject.ID, len(rep.Values()), counts["file"], counts["directory"], counts["command"], counts["absent"], opts.OutFile)
	for _, n := range rep.Notes {
		fmt.Fprintf(s.Err, "  %s\n", n)
	}
	return nil
}
