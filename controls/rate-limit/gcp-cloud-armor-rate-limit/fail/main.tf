resource "google_compute_security_policy" "api" {
  name = "api-waf"
  rule {
    action   = "deny(403)" # fail: policy - no rate-based rule
    priority = 1000
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable')"
      }
    }
  }
}

resource "google_compute_region_security_policy" "internal" {
  name   = "internal-api"
  region = "europe-west1"
  type   = "CLOUD_ARMOR"
  rules {
    action   = "allow" # fail: regional-policy
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}
