from compliance.model.masking import (
    MASK,
    is_credential_value,
    mask,
    mask_secrets_in,
    names_credential,
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
