"""A live object's identity as a number, for keying objects that can't (or shouldn't) be
hashed by value.

The builtin id() raises an audit event (`builtins.id`) on every call, and a scan with a cache
listens to audit events to learn what it read (pipeline/scan_memo.py): a cold scan of the
benchmark corpus asked for some 355,000 identities, each then paying a call of that hook
(0.07 s of the main process's time). object.__hash__ is the object's address rotated by four
bits, one number per live object as id() is, and raises no event. As with id(), the object
must be kept alive while its number is used.
"""

identity = object.__hash__
