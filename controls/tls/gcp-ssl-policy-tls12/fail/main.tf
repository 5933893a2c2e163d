resource "google_compute_ssl_policy" "default_like" { # fail: policy - TLS 1.0 and COMPATIBLE by default
  name = "web-default"
}

resource "google_compute_ssl_policy" "modern_old" {
  name            = "web-modern"
  profile         = "MODERN"
  min_tls_version = "TLS_1_1" # fail: policy
}

resource "google_compute_ssl_policy" "compatible" {
  name            = "web-compatible"
  profile         = "COMPATIBLE" # fail: policy
  min_tls_version = "TLS_1_2"
}
