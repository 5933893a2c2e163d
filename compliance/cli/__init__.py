"""The `compliance` command line: argument handling only (compliance.cli.main is the entry
point; each subcommand has a module; the options shared by the scanning commands are in
scan_options)."""
