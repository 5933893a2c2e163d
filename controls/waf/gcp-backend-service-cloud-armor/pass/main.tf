resource "google_compute_security_policy" "edge" {
  name = "orders-edge"
  rule {
    action   = "deny(403)"
    priority = 1000
    match {
      expr {
        expression = "evaluatePreconfiguredExpr('sqli-v33-stable')"
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

resource "google_compute_backend_service" "gateway" {
  name            = "orders-gateway"
  protocol        = "HTTPS"
  security_policy = google_compute_security_policy.edge.id
}

# Internal and TCP backends are not where Cloud Armor applies: no finding.
resource "google_compute_backend_service" "internal" {
  name                  = "orders-internal"
  load_balancing_scheme = "INTERNAL_MANAGED"
}

resource "google_compute_backend_service" "tcp" {
  name     = "orders-tcp"
  protocol = "TCP"
}
