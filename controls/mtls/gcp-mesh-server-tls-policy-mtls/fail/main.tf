# mutual TLS, but plaintext is still accepted
resource "google_network_security_server_tls_policy" "orders" {
  name       = "orders-mesh"
  location   = "global"
  allow_open = true # fail: policy

  server_certificate {
    certificate_provider_instance {
      plugin_instance = "google_cloud_private_spiffe"
    }
  }
  mtls_policy {
    client_validation_ca {
      certificate_provider_instance {
        plugin_instance = "google_cloud_private_spiffe"
      }
    }
  }
}

# one-way TLS: any client is served
resource "google_network_security_server_tls_policy" "ledger" { # fail: policy
  name     = "ledger-mesh"
  location = "global"

  server_certificate {
    certificate_provider_instance {
      plugin_instance = "google_cloud_private_spiffe"
    }
  }
}

variable "allow_plaintext" {
  type = bool
}

resource "google_network_security_server_tls_policy" "payments" {
  name       = "payments-mesh"
  location   = "global"
  allow_open = var.allow_plaintext # unknown: policy

  server_certificate {
    certificate_provider_instance {
      plugin_instance = "google_cloud_private_spiffe"
    }
  }
  mtls_policy {
    client_validation_ca {
      certificate_provider_instance {
        plugin_instance = "google_cloud_private_spiffe"
      }
    }
  }
}
