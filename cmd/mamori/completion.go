package main

import (
	"github.com/spf13/cobra"
)

// completeSites offers the sites (取扱施設) of the evidence named so far
// on the command line, each with its name, for --site.
func (g *globalOptions) completeSites(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ev, err := g.readEvidence(args...)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	out := make([]cobra.Completion, 0, len(ev.Sites))
	for _, s := range ev.Sites {
		out = append(out, cobra.CompletionWithDesc(s.ID, s.Name))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
