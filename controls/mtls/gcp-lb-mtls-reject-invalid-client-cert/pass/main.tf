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
    client_validation_mode         = "REJECT_INVALID"
    client_validation_trust_config = google_certificate_manager_trust_config.partners.id
  }
}

resource "google_compute_target_https_proxy" "partners" {
  name              = "partners"
  url_map           = "projects/acme-prod/global/urlMaps/partners"
  ssl_certificates  = ["projects/acme-prod/global/sslCertificates/partners"]
  server_tls_policy = google_network_security_server_tls_policy.partners.id
}

# a Cloud Service Mesh policy: not a load balancer policy, left to gcp-mesh-server-tls-policy-mtls
resource "google_network_security_server_tls_policy" "mesh" {
  name     = "orders-mesh"
  location = "global"

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
