resource "google_compute_security_policy" "ip_lists" {
  name = "api-ip-lists"
  rule {
    action   = "deny(403)"
    priority = 1000
    match { # fail: policy - IP rules only
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["198.51.100.0/24"]
      }
    }
  }
  rule {
    action   = "allow"
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}

resource "google_compute_security_policy" "preview_only" { # fail: policy - the WAF rule is only previewed
  name = "api-preview"
  rule {
    action   = "deny(403)"
    priority = 1000
    preview  = true
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable')"
      }
    }
  }
}
