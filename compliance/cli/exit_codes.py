"""The exit status of every command, in one place (the README's table says the same).

    0  OK        nothing fails at or above the threshold (or: the pack verifies)
    1  FAILING   failing findings at or above the threshold (or: the pack does not verify)
    2  USAGE     a usage or configuration error: a path that does not exist, a broken control,
                 framework, waivers or configuration file, an unwritable output
    3  UNREAD    `scan` and `diff`: an input could not be read completely (it doesn't parse, is
                 over the size cap, a module or program wasn't read): the result is incomplete,
                 whatever it found. `--allow-unread` accepts that and exits 0 or 1 as usual.
                 Also 3, with `--fail-on-unscanned`, when an input was recognized and left
                 unscanned (a remote module not installed, a chart or overlay not rendered, a
                 Pulumi program not run): the result is incomplete in the same way. Without
                 that option such inputs are reported and counted, not failed, unless they
                 were all the scan found: then nothing was evaluated, and that is unread (3).
"""

OK = 0
FAILING = 1
USAGE = 2
UNREAD = 3
