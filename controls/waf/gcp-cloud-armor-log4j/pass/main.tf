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
