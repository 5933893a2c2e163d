import pytest

from compliance.model.masking import (
    MASK,
    is_credential_value,
    mask,
    mask_in_text,
    mask_secrets_in,
    named_credential_in_clear,
    names_connection_string,
    names_credential,
    private_key_lines,
)


def test_credential_names():
    for name in ("db_password", "authToken", "STRIPE_SECRET_KEY", "api_keys", "client_secret",
                 "PAYMENT_API_TOKEN", "connection_string"):
        assert names_credential(name), name
    for name in ("password_length", "secret_name", "TOKEN_URL", "BYPASS_CACHE", "AUTH_TOKEN_TTL",
                 "DATABASE_PASSWORD_FILE", "passenger_count", "region",
                 # settings: IMDSv2, and the Helm convention for a Secret's name
                 "http_tokens", "httpTokens", "existingSecret"):
        assert not names_credential(name), name


def test_values_that_are_settings_or_secret_names_are_not_credentials():
    for value in ("required", "optional", "prod/db/password", "myapp/prod/db-credentials"):
        assert not is_credential_value(value), value
    # a random key with slashes has mixed case: still a credential
    for value in ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "deploy-pass-1", "p/ssw0rd"):
        assert is_credential_value(value), value


def test_connection_strings_are_credentials_only_when_they_can_carry_one():
    assert names_connection_string("SPANNER_CONNECTION_STRING")
    assert names_connection_string("connectionString")
    assert not names_connection_string("db_password") and not names_connection_string(None)
    # where to connect, and nothing to connect with
    for value in ("projects/SPANNER_PROJECT/instances/SPANNER_INSTANCE/databases/SPANNER_DB",
                  "redis-cart:6379", "db.internal.example.com", "postgres://db:5432/app",
                  "postgres://db:5432/app?sslmode=require", "mongodb+srv://cluster0.example.net"):
        assert not named_credential_in_clear("DB_CONNECTION_STRING", value), value
        # under a password's name the same text is still taken for one
        assert named_credential_in_clear("DB_PASSWORD", value), value
    # a password, a key or a token in it, or a form that may hold one
    for value in ("postgres://app:Winter2024@db:5432/app",
                  "postgres://db:5432/app?sslmode=require&password=Winter2024",
                  "Server=db;Database=app;User Id=app;Password=Winter2024",
                  "Endpoint=sb://bus.example.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0",
                  "app:Winter2024@tcp(db:3306)/app", "Server=db;Database=app;Trusted_Connection=yes",
                  "hunter2"):
        assert named_credential_in_clear("DB_CONNECTION_STRING", value), value
    assert not named_credential_in_clear("DB_CONNECTION_STRING", "$(DB_URL)")
    assert not named_credential_in_clear("region", "hunter2")


def test_mask_secrets_in_hides_credentials_and_keeps_settings():
    value = {"password": "hunter2", "cors-allow-credentials": "true", "token": "/var/run/token",
             "note": "AKIAABCDEFGHIJKLMNOP", "region": "eu-west-1",
             "env": [{"name": "X", "db_password": "s3cr3t"}]}
    masked = mask_secrets_in(value)
    assert masked["password"] == MASK and masked["note"] == MASK
    assert masked["env"][0]["db_password"] == MASK
    assert masked["cors-allow-credentials"] == "true" and masked["token"] == "/var/run/token"
    assert masked["region"] == "eu-west-1"


def test_mask_keeps_the_shape():
    assert mask({"a": ["x", 1, True, ""]}) == {"a": [MASK, 1, True, ""]}


@pytest.mark.parametrize("text, shown", [
    ('curl -H "Authorization: Bearer abc123def456"', 'curl -H "Authorization: Bearer ********"'),
    ("export DB_PASSWORD=hunter2hunter2", "export DB_PASSWORD=********"),
    ("--api-key=k3y-value-99 --port=8080", "--api-key=******** --port=8080"),
    ("AccountName=a;AccountKey=Zm9vYmFy==;EndpointSuffix=core.windows.net",
     "AccountName=a;AccountKey=********;EndpointSuffix=core.windows.net"),
    ("Server=db;User Id=app;Password=pa55word;", "Server=db;User Id=app;Password=********;"),
    ("url: https://app:s3cret@db.internal/x", "url: https://app:********@db.internal/x"),
    # not credentials: prose, references, settings
    ("description: Bearer authentication", "description: Bearer authentication"),
    ("export DB_PASSWORD=${DB_PASSWORD}", "export DB_PASSWORD=${DB_PASSWORD}"),
    ("url: https://app:$(DB_PASSWORD)@db/x", "url: https://app:$(DB_PASSWORD)@db/x"),
    ("--token-ttl=3600 --password-file=/run/secret.txt",
     "--token-ttl=3600 --password-file=/run/secret.txt"),
])
def test_credentials_inside_text_are_masked_and_nothing_else(text, shown):
    assert mask_in_text(text) == shown


def test_private_key_body_lines():
    lines = ["key = <<EOT", "-----BEGIN EC PRIVATE KEY-----", "AAAA", "BBBB",
             "-----END EC PRIVATE KEY-----", "EOT", "-----BEGIN CERTIFICATE-----", "CCCC"]
    assert private_key_lines(lines) == {3, 4}


def test_entry_values_take_the_entry_name():
    parameter = {"name": "x-api-key", "in": "header", "example": "abc123",
                 "schema": {"type": "string", "default": "def456"}}
    assert mask_secrets_in(parameter) == {"name": "x-api-key", "in": "header", "example": MASK,
                                          "schema": {"type": "string", "default": MASK}}
    assert mask_secrets_in({"name": "region", "value": "eu-west-1"}) == \
        {"name": "region", "value": "eu-west-1"}
