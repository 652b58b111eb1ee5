package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

// The flags that mean the same in every command:
//
//	-o, --out FILE   the file the command writes
//	--format NAME    the output format (table, json, yaml, or the command's own)
//	--lang ja|en     the language of what a person reads; default: the locale's
//
// They are registered by the helpers below and checked, before a command
// runs, by checkFlags (the root command's PersistentPreRunE).

// valuesAnnotation lists, on a flag, the values it accepts: checkFlags
// refuses others and shell completion offers them.
const valuesAnnotation = "mamori_values"

// addOutFlag registers -o/--out FILE.
func addOutFlag(cmd *cobra.Command, p *string, usage string) {
	cmd.Flags().StringVarP(p, "out", "o", "", usage)
	addOldOutputFlag(cmd)
}

// addFormatFlag registers --format with its values, the first being the
// default.
func addFormatFlag(cmd *cobra.Command, p *string, formats ...string) {
	cmd.Flags().StringVar(p, "format", formats[0], "output `FORMAT`: "+strings.Join(formats, ", "))
	must(cmd.Flags().SetAnnotation("format", valuesAnnotation, formats))
	must(cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp)))
	addOldOutputFlag(cmd)
}

// addLangFlag registers --lang. Its default is the locale's language
// (LC_ALL, LC_MESSAGES, LANG), set by checkFlags when the flag is not
// given.
func addLangFlag(cmd *cobra.Command, p *string, usage string) {
	cmd.Flags().StringVar(p, "lang", "", usage+": ja or en (default: ja when the locale is Japanese, else en)")
	must(cmd.Flags().SetAnnotation("lang", valuesAnnotation, i18n.Languages))
	must(cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(i18n.Languages, cobra.ShellCompDirectiveNoFileComp)))
}

// addOldOutputFlag registers the hidden --output, which once meant the
// output format in some commands and the output file in others: given,
// it is an error that says which flag to use now.
func addOldOutputFlag(cmd *cobra.Command) {
	if cmd.Flags().Lookup("output") != nil {
		return
	}
	cmd.Flags().String("output", "", "replaced by --format and -o/--out")
	must(cmd.Flags().MarkHidden("output"))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// checkFlags refuses the old spellings of the output flags, checks every
// flag that lists its values, and sets --lang from the locale when it is
// not given.
func checkFlags(cmd *cobra.Command) error {
	f := cmd.Flags()
	lang := langOf(cmd)
	if fl := f.Lookup("lang"); fl != nil && !fl.Changed {
		must(fl.Value.Set(lang))
	}
	if fl := f.Lookup("output"); fl != nil && fl.Changed {
		v := fl.Value.String()
		if slices.Contains(reports.TextFormats(), strings.ToLower(v)) {
			return flagErrorf("%s", i18n.T(lang, "cli.flag.output_format", v))
		}
		return flagErrorf("%s", i18n.T(lang, "cli.flag.output_file", v))
	}
	if fl := f.Lookup("out"); fl != nil && fl.Changed && slices.Contains(reports.TextFormats(), strings.ToLower(fl.Value.String())) {
		if f.Lookup("format") != nil {
			return flagErrorf("%s", i18n.T(lang, "cli.flag.out_is_file", fl.Value.String()))
		}
		return flagErrorf("%s", i18n.T(lang, "cli.flag.out_is_file_no_format", fl.Value.String()))
	}
	var err error
	f.VisitAll(func(fl *pflag.Flag) {
		values := fl.Annotations[valuesAnnotation]
		if err != nil || values == nil || !fl.Changed || slices.Contains(values, fl.Value.String()) {
			return
		}
		err = flagErrorf("%s", i18n.T(lang, "cli.flag.invalid_value", fl.Name, fl.Value.String(), strings.Join(values, ", ")))
	})
	return err
}

// langOf is the language of a command's messages: its --lang when that
// is given and valid, else the locale's.
func langOf(cmd *cobra.Command) string {
	if cmd != nil {
		if fl := cmd.Flags().Lookup("lang"); fl != nil && fl.Changed && i18n.Valid(fl.Value.String()) {
			return fl.Value.String()
		}
	}
	return i18n.FromEnv()
}
