package main

import (
	"fmt"
	"io"

	"github.com/mamori-dev/mamori/engine"
)

// cloudRegistryUsage is the help of --cloud-registry, on every command
// that has it.
const cloudRegistryUsage = "check the evidence's cloud services against the registry `FILE` (CSV, YAML or JSON; see docs/cloud-registry.md)"

// readCloudRegistry reads --cloud-registry (none when file is empty).
// A sample registry is named as such on errOut: it is for the examples,
// never the official list.
func readCloudRegistry(file string, errOut io.Writer) (*engine.CloudRegistry, error) {
	if file == "" {
		return nil, nil
	}
	reg, err := engine.ReadCloudRegistry(file)
	if err != nil {
		return nil, err
	}
	if reg.Sample {
		fmt.Fprintf(errOut, "mamori: %s is a SAMPLE cloud registry, not the official ISMAP or FedRAMP list: use it only to try mamori (サンプルの登録簿であり、公式の一覧ではない)\n", file)
	}
	return reg, nil
}
