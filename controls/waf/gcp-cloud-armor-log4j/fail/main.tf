resource "google_compute_security_policy" "api" {
  name = "api-waf"
  rule {
    action   = "deny(403)"
    priority = 1000
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable')" # fail: policy - no cve-canary rule
      }
    }
  }
}

resource "google_compute_security_policy" "allowing" {
  name = "api-allowing"
  rule {
    action   = "allow" # fail: policy - the rule allows
    priority = 1000
    match {
      expr {
        expression = "evaluatePreconfiguredExpr('cve-canary')"
      }
    }
  }
}
