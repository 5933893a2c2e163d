resource "google_secret_manager_secret" "api_key" {
  secret_id = "partner-api-key"

  replication {
    auto {
      customer_managed_encryption {
        kms_key_name = "projects/acme-kms/locations/global/keyRings/secrets/cryptoKeys/api"
      }
    }
  }
}

resource "google_secret_manager_secret" "db_password" {
  secret_id = "orders-db-password"

  replication {
    user_managed {
      replicas {
        location = "europe-west1"
        customer_managed_encryption {
          kms_key_name = "projects/acme-kms/locations/europe-west1/keyRings/secrets/cryptoKeys/db"
        }
      }
    }
  }
}

resource "google_secret_manager_regional_secret" "token" {
  secret_id = "signing-token"
  location  = "europe-west1"

  customer_managed_encryption {
    kms_key_name = "projects/acme-kms/locations/europe-west1/keyRings/secrets/cryptoKeys/token"
  }
}
