resource "google_compute_security_policy" "api" {
  name = "api-waf"
  rule {
    action   = "deny(403)"
    priority = 900
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 3})"
      }
    }
  }
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
