"""Recognising secret values and masking them in every output."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Attribute names that hold credentials (matched against the last key of a path).
SENSITIVE_NAME = re.compile(
    r"(pass(word|wd|phrase)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|credential|auth[_-]?key|signing[_-]?key|connection[_-]?string)",
    re.I,
)

# Values that are credentials whatever they are called.
SECRET_VALUE = re.compile(
    r"(AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key id
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|gh[pousr]_[A-Za-z0-9]{36,}"  # GitHub tokens
    r"|xox[baprs]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|sk_live_[0-9a-zA-Z]{24,}"  # Stripe secret keys
    r"|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"  # JWTs
)

MASK = "********"

# --- names that hold a credential ----------------------------------------------------------
#
# A name holds a credential when its last word is one of _CREDENTIAL_WORDS, or its last two
# words are one of _CREDENTIAL_PAIRS (plurals too; a trailing value/base/b64/wo or number is
# ignored), unless its last two words are one of _SETTING_PAIRS. `db_password`, `authToken`,
# `STRIPE_SECRET_KEY` hold credentials; `password_length`, `secret_name`, `TOKEN_URL`,
# `BYPASS_CACHE`, `AUTH_TOKEN_TTL` and `http_tokens` do not.

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_CREDENTIAL_WORDS = frozenset({"password", "passwd", "pass", "passphrase", "secret", "token",
                               "credential", "credentials", "apikey"})
_CREDENTIAL_PAIRS = frozenset({("api", "key"), ("access", "key"), ("secret", "key"),
                               ("private", "key"), ("signing", "key"), ("auth", "key"),
                               ("connection", "string")})
_IGNORED_TAIL = frozenset({"value", "base", "b64", "base64", "wo"})
# Settings whose name ends in a credential word but that hold no credential: `http_tokens` is
# the EC2 instance metadata option (IMDSv2: "required" or "optional"); `existingSecret` is the
# Helm charts' convention for the NAME of a Kubernetes Secret to read.
_SETTING_PAIRS = frozenset({("http", "tokens"), ("existing", "secret")})


def names_credential(name: object) -> bool:
    """Whether something called `name` (an argument, variable, env var) is a credential."""
    return isinstance(name, str) and _credential_named(name) is not None


def names_connection_string(name: object) -> bool:
    """Whether `name` names a connection string (`DB_CONNECTION_STRING`, `connectionString`)."""
    return isinstance(name, str) and _credential_named(name) == ("connection", "string")


@lru_cache(maxsize=65536)  # the same attribute names come back in every resource
def _credential_named(name: str) -> tuple[str, ...] | None:
    """The word or pair of words by which `name` names a credential; None when it does not."""
    if not is_sensitive_name(name):
        return None
    words = [word.lower() for word in _WORDS.findall(name)]
    while words and (words[-1] in _IGNORED_TAIL or words[-1].isdigit()):
        words.pop()
    if not words:
        return None
    if len(words) >= 2 and (words[-2], words[-1]) in _SETTING_PAIRS:
        return None
    last = words[-1]
    if last.endswith("s") and last[:-1] in (*_CREDENTIAL_WORDS, "key"):
        last = last[:-1]  # plurals: api_keys, db_passwords
    if last in _CREDENTIAL_WORDS:
        return (last,)
    return (words[-2], last) if len(words) >= 2 and (words[-2], last) in _CREDENTIAL_PAIRS \
        else None


# --- values that are, or cannot be, a credential --------------------------------------------

# Under a credential's name, these values are something else: a reference to an environment
# variable (`$VAR`, `${VAR}`, Kubernetes' `$(VAR)`), a template or `{{resolve:...}}`
# reference, a <placeholder>, an ARN, a path or file name, a plain URL, a switch or a setting's
# keyword (`required`, `optional`), a small number, or the hierarchical name of an entry in a
# secret store (`prod/db/password`: lowercase words joined by "/", as AWS Secrets Manager, SSM
# and Vault name them; a random key holds mixed case or symbols, and stays a credential).
_NOT_A_CREDENTIAL = re.compile(
    r"^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"
    r"|\{\{[^}]*\}\}"
    r"|<[^<>]*>"
    r"|arn:[a-z0-9-]+:\S*"
    r"|(~|\.{1,2})?/\S*"
    r"|[\w.\-/\\]+\.(json|pem|key|p12|pfx|crt|cer|jks|txt|ya?ml|ini|conf|env)"
    r"|https?://[^\s?@#]*"
    r"|true|false|yes|no|on|off|enabled?|disabled?|required|optional|none|null|\d{1,5})$", re.I)
_SECRET_STORE_NAME = re.compile(r"^[a-z][a-z0-9_.-]+(/[a-z][a-z0-9_.-]+)+/?$")
# scheme://user:password@host, where the password is not a $(VAR) reference
_URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]*:(?!\$\()[^/\s@]+@", re.I)


# A connection string says where to connect and, often, with what secret. Under a connection
# string's name, a value that only says where is no credential: a URL or host and port without
# a password (`postgres://db:5432/app`, `redis-cart:6379`), or a Google Cloud resource name
# (Spanner's `projects/p/instances/i/databases/d`); one that carries a password, key or token
# anywhere (`carries_credential`) is one whatever its form, and so is any other form.
_CONNECTION_WITHOUT_SECRET = re.compile(
    r"^([a-z][a-z0-9+.-]*://[^\s/@]+(/\S*)?"
    r"|[a-z0-9-]+(\.[a-z0-9-]+)*:\d{1,5}(/[\w.-]*)?|[a-z0-9-]+(\.[a-z0-9-]+)+(/[\w.-]*)?"
    r"|projects/[^/\s]+(/[^/\s]+/[^/\s]+)+)$", re.I)


def connection_string_without_secret(name: object, value: str) -> bool:
    """Whether `value`, set under `name`, is a connection string that carries no secret."""
    text = value.strip()
    return names_connection_string(name) and bool(_CONNECTION_WITHOUT_SECRET.match(text)) \
        and not carries_credential(text)


def named_credential_in_clear(name: object, value: object) -> bool:
    """Whether `value`, set under `name`, is a credential in clear: the name says it holds one,
    and the value is one (`is_credential_value`), unless it is a connection string that only
    says where to connect."""
    return names_credential(name) and is_credential_value(value) \
        and not connection_string_without_secret(name, value)  # type: ignore[arg-type]


def is_sensitive_name(name: str) -> bool:
    return bool(SENSITIVE_NAME.search(name))


# No pattern of SECRET_VALUE matches fewer characters: most values are skipped unread.
_SHORTEST_SECRET = 15


def looks_like_secret(value: str) -> bool:
    return len(value) >= _SHORTEST_SECRET and bool(SECRET_VALUE.search(value))


def looks_like_credential(value: str) -> bool:
    """A credential whatever it is called: a known token format, or a URL with a password."""
    return looks_like_secret(value) or ("@" in value and bool(_URL_PASSWORD.search(value.strip())))


def is_credential_value(value: object) -> bool:
    """Whether a string found under a credential's name is the credential in clear."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and not _NOT_A_CREDENTIAL.match(text) and not _SECRET_STORE_NAME.match(text)


# Headers (and query parameters) that carry a credential whatever their value looks like,
# beyond those named as credentials (`x-api-key`): Azure API Management's subscription key and
# Azure Functions' function key among them; and the scheme words that may precede one
# (`Authorization: Bearer <token>`), which alone are no credential.
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie",
                                "ocp-apim-subscription-key", "subscription-key",
                                "x-functions-key"})
_SCHEME_ONLY = re.compile(r"^(bearer|basic|token|apikey|digest)?\s*$", re.I)
_SCHEME_PREFIX = re.compile(r"^(bearer|basic|token|apikey|digest)\s+", re.I)


def is_header_credential(name: str, value: str) -> bool:
    """Whether a header or query parameter called `name` set to the text `value` carries a
    credential in clear: `Authorization: Bearer abc...`, `x-api-key: abc...`; not a bare
    scheme word, a reference or a setting."""
    if name.strip().lower() not in CREDENTIAL_HEADERS and not names_credential(name.strip()):
        return False
    secret = _SCHEME_PREFIX.sub("", value.strip())
    return not _SCHEME_ONLY.match(secret) and is_credential_value(secret)


def mask(value: Any) -> Any:
    """Mask every string in `value`, keeping the shape so the evidence stays readable."""
    if isinstance(value, str):
        return MASK if value else value
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


# --- credentials inside longer text --------------------------------------------------------
#
# Text that holds a credential among other words: a shell script, a command line, a header
# value, a connection string. For masking only (broader than what the secrets controls fail):
# an output may hide a little too much, never too little.

# `Bearer <token>`, `Basic <base64>`: a token holds a digit, so `Bearer authentication` stays
_SCHEME_TOKEN = re.compile(r"\b(Bearer|Basic|Token|Digest|ApiKey)(\s+)"
                           r"(?=[A-Za-z._~+/=-]*\d)([A-Za-z0-9._~+/=-]{8,})", re.I)
# `Password=...;` `AccountKey=...;` in ADO.NET, Azure Storage and Service Bus connection strings
_CONNECTION_FIELD = re.compile(r"\b(Password|Pwd|AccountKey|SharedAccessKey|SharedSecretValue"
                               r"|SharedAccessSignature)(\s*=\s*)([^;\s\"'<>&]+)", re.I)
# scheme://user:password@host anywhere in the text (not a $(VAR) or ${VAR} reference); the
# scheme starts where a word does, which keeps the search linear in the text
_URL_USERINFO = re.compile(r"(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://[^/\s:@\"'<>]*:)(?!\$[({])([^/\s@\"'<>]+)(@)",
                           re.I)
# NAME=value in a script or a command line (`export DB_PASSWORD=...`, `--api-key=...`)
_NAMED_ASSIGNMENT = re.compile(r"(?<![\w-])(-{0,2}[A-Za-z_][\w-]*)(=)"
                               r"(\"[^\"]*\"|'[^']*'|[^\s;&|\"']+)")
PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----")
PEM_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----")


def _masked_assignment(match: re.Match[str]) -> str:
    name, sign, value = match.groups()
    bare = value.strip("\"'")
    if names_credential(name.lstrip("-")) and is_credential_value(bare):
        return f"{name}{sign}{MASK}"
    return match.group(0)


def mask_in_text(text: str) -> str:
    """`text` with every credential it carries among other words replaced by the mask:
    scheme tokens, connection-string secrets, URL passwords, credential-named assignments and
    known token formats. A private key's body lines are masked by `private_key_lines`."""
    text = SECRET_VALUE.sub(MASK, text)
    text = _SCHEME_TOKEN.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _CONNECTION_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _URL_USERINFO.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
    return _NAMED_ASSIGNMENT.sub(_masked_assignment, text)


@lru_cache(maxsize=65536)  # the same values recur across resources, and this is 8 regexes
def carries_credential(text: str) -> bool:
    """Whether a value holds a credential anywhere in it (masked whole in findings)."""
    return looks_like_credential(text) or mask_in_text(text) != text or bool(PEM_BEGIN.search(text))


def private_key_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines inside a private key's PEM block (its body: what
    SECRET_VALUE, which sees only the BEGIN line, can't catch)."""
    inside, found = False, set()
    for number, line in enumerate(lines, 1):
        if inside:
            if PEM_END.search(line):
                inside = False
            else:
                found.add(number)
        elif PEM_BEGIN.search(line) and not PEM_END.search(line):
            inside = True
    return found


# In a list of named entries (OpenAPI parameters and headers, Kubernetes env, APIM named
# values), these fields hold the value of the entry the `name` field names.
_VALUE_FIELDS = frozenset({"value", "default", "example", "examples", "x-example", "schema",
                           "enum"})


def _names_entry_credential(name: object) -> bool:
    return isinstance(name, str) and (names_credential(name)
                                      or name.strip().lower() in CREDENTIAL_HEADERS)


def _credential_entry(value: dict[Any, Any]) -> str:
    """The name of a `{name: Authorization, ...}` entry that holds a credential, else ""."""
    name = value.get("name")
    return name if _names_entry_credential(name) else ""


def mask_secrets_in(value: Any, name: str = "") -> Any:
    """Mask strings that carry a credential, or sit under a credential's name and are not
    obviously something else (`cors-allow-credentials: "true"` stays readable)."""
    if isinstance(value, str):
        hidden = carries_credential(value) or (names_credential(name)
                                               and is_credential_value(value))
        return MASK if value and hidden else value
    if isinstance(value, dict):
        # a credential entry's value fields, also inside its schema, carry its name
        entry = _credential_entry(value) or (name if _names_entry_credential(name) else "")
        return {k: mask_secrets_in(v, entry if entry and k in _VALUE_FIELDS else str(k))
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets_in(v, name) for v in value]
    return value
