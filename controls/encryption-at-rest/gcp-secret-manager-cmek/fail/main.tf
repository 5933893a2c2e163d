resource "google_secret_manager_secret" "api_key" {
  secret_id = "partner-api-key"

  replication {
    auto {} # fail: secret
  }
}

resource "google_secret_manager_secret" "db_password" {
  secret_id = "orders-db-password"

  replication { # fail: secret - the second replica has no key
    user_managed {
      replicas {
        location = "europe-west1"
        customer_managed_encryption {
          kms_key_name = "projects/acme-kms/locations/europe-west1/keyRings/secrets/cryptoKeys/db"
        }
      }
      replicas {
        location = "europe-west4"
      }
    }
  }
}

resource "google_secret_manager_regional_secret" "token" { # fail: regional-secret
  secret_id = "signing-token"
  location  = "europe-west1"
}
