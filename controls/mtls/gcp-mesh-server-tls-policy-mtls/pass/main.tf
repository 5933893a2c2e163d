resource "google_network_security_server_tls_policy" "orders" {
  name     = "orders-mesh"
  location = "global"

  server_certificate {
    certificate_provider_instance {
      plugin_instance = "google_cloud_private_spiffe"
    }
  }
  mtls_policy {
    client_validation_ca {
      grpc_endpoint {
        target_uri = "unix:mypath"
      }
    }
  }
}

# a load balancer policy: left to gcp-lb-mtls-reject-invalid-client-cert
resource "google_network_security_server_tls_policy" "partners" {
  name     = "partners-mtls"
  location = "global"

  mtls_policy {
    client_validation_mode         = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT"
    client_validation_trust_config = "projects/acme-prod/locations/global/trustConfigs/partners"
  }
}
