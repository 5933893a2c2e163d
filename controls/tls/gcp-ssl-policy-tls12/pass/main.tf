resource "google_compute_ssl_policy" "modern" {
  name            = "web-modern"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_ssl_policy" "custom" {
  name            = "web-custom"
  profile         = "CUSTOM"
  min_tls_version = "TLS_1_2"
  custom_features = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  ]
}
