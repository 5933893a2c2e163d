resource "google_certificate_manager_trust_config" "partners" {
  name     = "partners"
  location = "global"

  trust_stores {
    trust_anchors {
      pem_certificate = file("partners-ca.pem")
    }
  }
}

resource "google_network_security_server_tls_policy" "partners" {
  name     = "partners-mtls"
  location = "global"

  mtls_policy {
    client_validation_mode         = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT" # fail: policy
    client_validation_trust_config = google_certificate_manager_trust_config.partners.id
  }
}

variable "validation_mode" {
  type = string
}

resource "google_network_security_server_tls_policy" "devices" {
  name     = "devices-mtls"
  location = "global"

  mtls_policy {
    client_validation_mode         = var.validation_mode # unknown: policy
    client_validation_trust_config = google_certificate_manager_trust_config.partners.id
  }
}
