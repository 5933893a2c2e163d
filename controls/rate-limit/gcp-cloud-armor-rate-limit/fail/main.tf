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

# a separate rule resource, but only in preview
resource "google_compute_security_policy" "partners" { # fail: policy
  name = "partners-api"
}

resource "google_compute_security_policy_rule" "partners_throttle" {
  security_policy = google_compute_security_policy.partners.name
  priority        = 100
  action          = "throttle"
  preview         = true
  match {
    versioned_expr = "SRC_IPS_V1"
    config {
      src_ip_ranges = ["*"]
    }
  }
  rate_limit_options {
    conform_action = "allow"
    exceed_action  = "deny(429)"
    enforce_on_key = "IP"
    rate_limit_threshold {
      count        = 600
      interval_sec = 60
    }
  }
}
