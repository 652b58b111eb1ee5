package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/i18n"
)

func newKeyCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("key", "Manage the Ed25519 keys that sign verdicts", newKeyCreateCmd(g, s, nil))
}

type keyCreateOptions struct {
	Prefix string
	Lang   string
}

func newKeyCreateCmd(_ *globalOptions, s *streams, runF func(context.Context, *keyCreateOptions) error) *cobra.Command {
	opts := &keyCreateOptions{}
	cmd := &cobra.Command{
		Use:   "create --out PREFIX",
		Short: "Create an Ed25519 key pair for signing verdicts",
		Long: `Create writes a new Ed25519 key pair: PREFIX.key, the private key (PKCS#8 PEM,
mode 0600), which "mamori assess --sign" uses, and PREFIX.pub, the public key
(PKIX PEM, mode 0644), which you give to whoever runs "mamori verify". Existing
files are never overwritten. What was written, and the key's ID, is said on
standard error.`,
		Example: `  $ mamori key create --out signing
  $ mamori assess evidence/ --sign signing.key --out verdict.dsse.json
  $ mamori verify verdict.dsse.json --key signing.pub`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Prefix == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required", "--out PREFIX"))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runKeyCreate(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Prefix, "out", "o", "", "write `PREFIX`.key and PREFIX.pub")
	addOldOutputFlag(cmd)
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

func runKeyCreate(s *streams, opts *keyCreateOptions) error {
	privFile, pubFile := opts.Prefix+".key", opts.Prefix+".pub"
	for _, f := range []string{privFile, pubFile} {
		if _, err := os.Lstat(f); err == nil {
			return fmt.Errorf("key create: %s already exists; not overwriting it", f)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("key create: %w", err)
		}
	}
	pub, priv, err := attest.GenerateKey()
	if err != nil {
		return fmt.Errorf("key create: %w", err)
	}
	privPEM, err := attest.MarshalPrivateKey(priv)
	if err != nil {
		return err
	}
	pubPEM, err := attest.MarshalPublicKey(pub)
	if err != nil {
		return err
	}
	if err := writeNewFile(privFile, privPEM, 0o600); err != nil {
		return fmt.Errorf("key create: %w", err)
	}
	if err := writeNewFile(pubFile, pubPEM, 0o644); err != nil {
		os.Remove(privFile)
		return fmt.Errorf("key create: %w", err)
	}
	say(s, opts.Lang, "cli.done.key", privFile, pubFile, attest.KeyID(pub))
	return nil
}

// writeNewFile creates file with mode and data, failing if it exists.
func writeNewFile(file string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; not overwriting it", file)
		}
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(file)
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(file)
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(file)
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
