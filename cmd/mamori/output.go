package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOutput writes a verdict to standard output, or, with a file
// name, to a temporary file in the same directory that is renamed into
// place once complete: a failure leaves nothing half-written. Files are
// created 0600 because verdicts show a company's weaknesses.
func writeOutput(s *streams, file string, write func(io.Writer) error) error {
	if file == "" {
		return write(s.Out)
	}
	return writeFileAtomic(file, 0o600, write)
}

// writeFileAtomic writes file, with the given mode, through a temporary
// file and a rename.
func writeFileAtomic(file string, mode os.FileMode, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err = os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
