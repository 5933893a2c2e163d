"""The exit status of every command, in one place (the README's table says the same).

    0  OK        nothing fails at or above the threshold (or: the pack verifies)
    1  FAILING   failing findings at or above the threshold (or: the pack does not verify)
    2  USAGE     a usage or configuration error: a path that does not exist, a broken control,
                 framework, waivers or configuration file, an unwritable output
"""

OK = 0
FAILING = 1
USAGE = 2
