resource "google_compute_security_policy" "api" {
  name = "api-waf"
  rule {
    action   = "deny(403)"
    priority = 1000
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1})"
      }
    }
  }
  rule {
    action   = "deny(403)"
    priority = 1001
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})"
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

# an edge policy (Cloud CDN): WAF rules are not available; not checked
resource "google_compute_security_policy" "edge" {
  name = "cdn-edge"
  type = "CLOUD_ARMOR_EDGE"
}

# the rule is a resource of its own
resource "google_compute_security_policy" "separate_rules" {
  name = "partners-api"
}

resource "google_compute_security_policy_rule" "separate_rules_cve" {
  security_policy = google_compute_security_policy.separate_rules.name
  priority        = 900
  action          = "deny(403)"
  match {
    expr {
      expression = "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 1})"
    }
  }
}
